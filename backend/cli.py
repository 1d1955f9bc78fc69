"""flask --app backend …: seed-demo, purge and the operator's commands."""
import json
import os

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from .context import id_key, now
from .extensions import db
from .pki_wiring import current_pki
from . import demo
from . import catalog
from .services import retention, seals, stamp_signing, startups
from .services.errors import DomainError
from .services.stamp_files import StampFiles

operator = AppGroup("operator", help="平台运营：办结开办企业、标记印章刻制与备案。")


def _now():
    return now()


def _run(action):
    try:
        return action()
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc


def _seal_line(seal):
    return (f"{seal.id}\t{seals.seal_name(seal)}\t{catalog.SEAL_STATUSES[seal.status]}\t"
            f"{seal.code or '-'}\t{seal.enterprise.name}")


@operator.command("list-startups")
@click.option("--status", type=click.Choice(list(catalog.STARTUP_STATUSES)), help="只列出该状态的办件")
def list_startups(status):
    """列出开办企业申请。"""
    for a in startups.all_applications(db.session, status):
        eseal = "免费领取电子印章" if a.free_eseal else "不领取电子印章"
        click.echo(f"{a.id}\t{catalog.STARTUP_STATUSES[a.status]}\t{a.company_name}\t"
                   f"{catalog.ENTERPRISE_TYPES[a.enterprise_type]}\t{eseal}")


@operator.command("complete-startup")
@click.argument("application_id", type=int)
@click.option("--credit-code", help="指定统一社会信用代码（默认自动生成）")
def complete_startup(application_id, credit_code):
    """办结开办企业，发放无介质电子礼包。"""
    enterprise = _run(lambda: startups.complete(db.session, application_id, _now(), credit_code=credit_code))
    click.echo(f"已办结：{enterprise.name}（{enterprise.credit_code}）")
    for seal in seals.seals_of(db.session, enterprise):
        click.echo(_seal_line(seal))


@operator.command("list-seals")
@click.argument("credit_code")
def list_seals(credit_code):
    """列出企业的印章（按统一社会信用代码）。"""
    from sqlalchemy import select
    from .models import Enterprise
    enterprise = db.session.scalar(select(Enterprise).where(Enterprise.credit_code == credit_code))
    if enterprise is None:
        raise click.ClickException("未找到该企业")
    for seal in seals.seals_of(db.session, enterprise):
        click.echo(_seal_line(seal))


@operator.command("carve-seal")
@click.argument("seal_id", type=int)
def carve_seal(seal_id):
    """标记实物印章刻制完成。"""
    click.echo(_seal_line(_run(lambda: seals.mark_carved(db.session, seal_id, _now()))))


@operator.command("file-seal")
@click.argument("seal_id", type=int)
def file_seal(seal_id):
    """标记印章备案完成（生成印章编码、印章密钥、证书与印章数据）。"""
    click.echo(_seal_line(_run(lambda: seals.mark_filed(db.session, seal_id, _now(), pki=current_pki()))))


def _write_private(path, text):
    """Write a file only its owner may read (0600), also when it existed with a wider mode."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


@click.command("seed-demo")
@with_appcontext
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出演示账号")
@click.option("--output", type=click.Path(dir_okay=False), help="写入该文件（权限 0600）而不是标准输出")
def seed_demo(as_json, output):
    """载入演示数据（可重复执行）。"""
    accounts = demo.seed(db.session, _now(), id_key(), current_app.config["ESEAL_CLIENT_ID"], pki=current_pki())
    if as_json:
        text = json.dumps({"accounts": accounts}, ensure_ascii=False, indent=2)
        if output:  # it lists 身份证号 and licence passwords
            _write_private(output, text + "\n")
        else:
            click.echo(text)
        return
    for a in accounts:
        enterprise = a["enterprise"]["name"] if a["enterprise"] else "（无企业）"
        click.echo(f"{a['phone']}  {a['name']}  {a['role'] or '-'}  {enterprise}  [{a['case']}]")


@click.command("rotate-keys")
@click.argument("which", type=click.Choice(["eseal", "elicense"]))
@with_appcontext
def rotate_keys(which):
    """轮换签名密钥：新密钥开始签名，旧密钥在一个令牌有效期内仍被接受。"""
    from pathlib import Path
    from .services.signing_keys import KeyRing
    config = current_app.config
    ring = KeyRing.load_or_create(Path(config["ESEAL_KEY_DIR"]), which, _now(),
                                  ttl_seconds=config["ESEAL_JUMP_TTL_SECONDS"])
    kid = ring.rotate(_now())
    click.echo(f"{which} 新签名密钥 kid={kid}；请重启各进程以加载（旧密钥 {config['ESEAL_JUMP_TTL_SECONDS']} 秒内仍有效）")


PURGED = {"sms_messages": "短信发件箱", "sms_codes": "短信验证码", "spent_tokens": "已用令牌",
          "identity_checks": "实名认证记录", "auth_sessions": "已结束的登录会话", "throttles": "频率限制记录"}


@click.command("purge")
@click.option("--days", type=click.IntRange(min=1), help="保留天数（默认为 ESEAL_RETENTION_DAYS）")
@with_appcontext
def purge(days):
    """清理超过保留期限的个人数据：短信、验证码、已用令牌、实名认证记录、已结束的登录会话；超过保存期限的已盖章文件。"""
    days = days or current_app.config["ESEAL_RETENTION_DAYS"]
    counts = retention.purge(db.session, _now(), days)
    click.echo(f"已清理 {days} 天以前的记录，共 {sum(counts.values())} 条：")
    for kind in retention.KINDS:
        click.echo(f"  {PURGED[kind]}：{counts[kind]} 条")
    signed, uploads = stamp_signing.purge_files(db.session, StampFiles(current_app.config["ESEAL_STAMP_DIR"]), _now())
    click.echo(f"已删除超过保存期限的已盖章文件 {signed} 份、过期未用印的上传文件 {uploads} 份（用印记录保留）")


def register_commands(app):
    from .pki_cli import register_pki_commands
    register_pki_commands(app, operator)
    app.cli.add_command(operator)
    app.cli.add_command(purge)
    app.cli.add_command(rotate_keys)
    app.cli.add_command(seed_demo)
