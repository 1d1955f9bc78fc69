"""flask --app backend pki init|show|rotate-issuing|issue-missing|refresh-crls, verify FILE (a PDF or .esl),
verify-seal FILE.esl, and the operator's seal lifecycle: suspend-seal, resume-seal, revoke-seal, rename-enterprise."""
import functools
import hashlib
import sys

import click
from cryptography.hazmat.primitives.serialization import Encoding
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from . import catalog
from .context import now
from .extensions import db
from .pki_wiring import current_pki
from .services import (
    crls,
    document_verify,
    document_verify_sandbox,
    document_verify_text,
    seal_certs,
    seal_lifecycle,
    seal_verify,
    sealing,
    seals,
)
from .services.errors import DomainError

pki_group = AppGroup("pki", help="平台证书：根CA、签发CA、制章者与时间戳服务。")
ROLES = {"root": "根CA", "issuing": "签发CA", "maker": "制章者", "tsa": "时间戳服务"}
OUTCOMES = {"passed": "通过", "failed": "未通过", "unknown": "无法确认", "skipped": "未检查"}
VERDICTS = {"valid": ("有效", 0), "invalid": ("无效", 1), "indeterminate": ("无法确认", 2)}


def domain_errors(command):
    """A refusal of the domain as the CLI's error line (exit 1), in Chinese."""
    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except DomainError as exc:
            db.session.rollback()
            raise click.ClickException(exc.message) from exc
    return run


def _authority_line(authority):
    certificate = authority.certificate
    fingerprint = hashlib.sha256(certificate.public_bytes(Encoding.DER)).hexdigest().upper()
    state = "（已停止签发）" if authority.retired_at else ""
    return (f"{authority.name}\t{ROLES[authority.role]}{state}\t{authority.algorithm}\t"
            f"{certificate.subject.rfc4514_string()}\t序列号 {certificate.serial_number:X}\t"
            f"{certificate.not_valid_before_utc:%Y-%m-%d} 至 {certificate.not_valid_after_utc:%Y-%m-%d}\t"
            f"SHA-256 {fingerprint}\t密钥库 {authority.key.partition(':')[0]}")


@pki_group.command("init")
@domain_errors
def init():
    """首次运行：生成根CA、签发CA、制章者与时间戳服务证书，并签发各CA的证书吊销列表。"""
    pki, moment = current_pki(), now()
    platform = pki.platform(moment)
    for ca in platform.cas():
        crls.current(db.session, pki, ca.name, moment)
    for authority in platform.authorities:
        click.echo(_authority_line(authority))


@pki_group.command("show")
@domain_errors
def show():
    """列出平台的各个证书（名称、用途、算法、主题、序列号、有效期、指纹）。"""
    for authority in current_pki().platform(now()).authorities:
        click.echo(_authority_line(authority))


@pki_group.command("rotate-issuing")
@domain_errors
def rotate_issuing():
    """启用新的签发CA（及新的制章者、时间戳服务证书）；旧证书签发的印章仍然有效。"""
    pki, moment = current_pki(), now()
    platform = pki.rotate_issuing(moment)
    crls.current(db.session, pki, platform.issuing.name, moment)
    click.echo(f"新的签发CA：{platform.issuing.name}；请重启各进程以使用新证书签发")


@pki_group.command("issue-missing")
@domain_errors
def issue_missing():
    """为升级前已备案的印章生成密钥、证书与印章数据（一次性，可重复执行）。"""
    made = sealing.issue_missing(db.session, current_pki(), now())
    click.echo(f"已为 {made} 枚印章生成证书与印章数据")


@pki_group.command("refresh-crls")
@domain_errors
def refresh_crls():
    """在下次更新时间之前重新签发各CA的证书吊销列表（可由定时任务调用）。"""
    pki, moment = current_pki(), now()
    for ca in pki.platform(moment).cas():
        row = crls.current(db.session, pki, ca.name, moment)
        click.echo(f"{ca.name}\t第 {row.number} 号\t下次更新 {row.next_update:%Y-%m-%d %H:%M} UTC")


@click.command("verify-seal")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
@domain_errors
def verify_seal(path):
    """验证印章文件（.esl）：结构、制章者签名、制章者证书、有效期、吊销状态。"""
    with open(path, "rb") as fh:
        data = fh.read(current_app.config["MAX_CONTENT_LENGTH"] + 1)
    report = seal_verify.verify_seal(db.session, current_pki(), data, now())
    for number, step in enumerate(report["steps"], 1):
        click.echo(f"{number}. {step['name']}：{OUTCOMES[step['outcome']]} — {step['detail']}")
    label, code = VERDICTS[report["verdict"]]
    click.echo(f"结论：{label}（{report['reason']}）")
    sys.exit(code)


@click.command("verify")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
@domain_errors
def verify_file(path):
    """验章：验证已盖章的PDF文件或印章文件（.esl），逐枚列出印章、时间与各项检查（与 POST /api/verify 相同）。"""
    with open(path, "rb") as fh:
        data = fh.read(document_verify.LIMIT_BYTES + 1)
    config = current_app.config
    report = document_verify.verify_file(db.session, current_pki(), data, now(),
                                         document_verify_sandbox.shared(size=config["ESEAL_VERIFY_WORKERS"]),
                                         timeout=config["ESEAL_VERIFY_TIMEOUT_SECONDS"])
    for line in document_verify_text.report_lines(report):
        click.echo(line)
    sys.exit(VERDICTS[report["verdict"]][1])


def _seal_line(seal):
    certificate = seal.certificate
    state = f"证书{seal_certs.STATUS_LABELS[certificate.status]}" if certificate is not None else "无证书"
    return (f"{seal.id}\t{seals.seal_name(seal)}\t{catalog.SEAL_STATUSES[seal.status]}\t{seal.code or '-'}\t"
            f"{state}\t{seal.enterprise.name}")


NOTE = click.option("--note", default=None, help="变动说明（记入印章变动）")


@click.command("suspend-seal")
@click.argument("seal_id", type=int)
@NOTE
@with_appcontext
@domain_errors
def suspend_seal(seal_id, note):
    """停用印章（证书暂停使用，不能下载和使用）。"""
    click.echo(_seal_line(seal_lifecycle.suspend(db.session, current_pki(), seal_id, now(), note)))


@click.command("resume-seal")
@click.argument("seal_id", type=int)
@NOTE
@with_appcontext
@domain_errors
def resume_seal(seal_id, note):
    """恢复已停用的印章。"""
    click.echo(_seal_line(seal_lifecycle.resume(db.session, current_pki(), seal_id, now(), note)))


@click.command("revoke-seal")
@click.argument("seal_id", type=int)
@click.option("--reason", type=click.Choice(list(seal_lifecycle.REVOKE_REASONS)), required=True,
              help="cessation：注销；compromise：挂失")
@NOTE
@with_appcontext
@domain_errors
def revoke_seal(seal_id, reason, note):
    """注销或挂失印章（吊销证书并销毁密钥）。"""
    click.echo(_seal_line(seal_lifecycle.revoke(db.session, current_pki(), seal_id, reason, now(), note)))


@click.command("rename-enterprise")
@click.argument("credit_code")
@click.argument("new_name")
@NOTE
@with_appcontext
@domain_errors
def rename_enterprise(credit_code, new_name, note):
    """企业更名：注销原有印章，按新名称重新制作。"""
    enterprise = seal_lifecycle.rename_enterprise(db.session, current_pki(), credit_code, new_name, now(),
                                                  current_app.config["ESEAL_SEAL_FONT"], note)
    click.echo(f"已更名：{enterprise.name}（{enterprise.credit_code}）")
    for seal in seals.seals_of(db.session, enterprise):
        click.echo(_seal_line(seal))


def register_pki_commands(app, operator):
    """pki, verify and verify-seal at the top, the lifecycle commands in the operator group of cli.py."""
    for command in (suspend_seal, resume_seal, revoke_seal, rename_enterprise):
        operator.add_command(command)
    app.cli.add_command(pki_group)
    app.cli.add_command(verify_seal)
    app.cli.add_command(verify_file)
