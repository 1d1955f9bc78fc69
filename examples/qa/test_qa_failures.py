"""A step the system answers otherwise fails with EsealStepFailed, whose message names the guide's step."""
import pytest

from backend.testing import EsealStepFailed


def test_a_failing_step_names_the_step_then_the_answer(eseal):
    eseal.sign_up()
    opened = eseal.open_enterprise(filed=False)                      # 刻制完成 and 备案完成 not yet done
    with pytest.raises(EsealStepFailed) as failed:
        eseal.download_seals(opened)
    assert str(failed.value).startswith("下载印章 失败：HTTP 409 seals_not_filed 印章备案未完成")
    assert (failed.value.step, failed.value.status, failed.value.code) == ("下载印章", 409, "seals_not_filed")
    assert "开始下载" in str(failed.value)                           # the inner step, after the answer


def test_a_failure_inside_the_licence_app_is_named_by_the_outer_step_and_the_inner_one(eseal):
    eseal.sign_up()
    opened = eseal.open_enterprise()
    eseal.download_seals(opened)
    eseal.delete_seals(eseal.held_seals(opened))
    with pytest.raises(EsealStepFailed) as failed:
        eseal.download_seals(opened, licence_password="000000")
    message = str(failed.value)
    assert message.startswith("下载印章 失败：HTTP 422 licence_password_wrong 执照密码错误")
    assert "执照验证" in message
