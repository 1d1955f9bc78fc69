"""flask --app backend …: seed-demo and the operator's commands."""
import json
import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from .context import id_key, now
from .extensions import db
from . import demo
from . import catalog
from .services import seals, startups
from .services.errors import DomainError

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
    """标记印章备案完成（生成印章编码）。"""
    click.echo(_seal_line(_run(lambda: seals.mark_filed(db.session, seal_id, _now()))))


@click.command("seed-demo")
@with_appcontext
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出演示账号")
def seed_demo(as_json):
    """载入演示数据（可重复执行）。"""
    accounts = demo.seed(db.session, _now(), id_key(), current_app.config["ESEAL_CLIENT_ID"])
    if as_json:
        click.echo(json.dumps({"accounts": accounts}, ensure_ascii=False, indent=2))
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


def register_commands(app):
    app.cli.add_command(operator)
    app.cli.add_command(rotate_keys)
    app.cli.add_command(seed_demo)
