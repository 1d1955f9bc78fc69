"""The QA kit's own parts that need no app: a failed step's message, the clocks, the pages it reads."""
import pytest

from backend.testing import EsealStepFailed, step
from backend.testing.clock import LiveClock
from backend.testing.pages import licence_link, refusal
from backend.testing.people import People


class Steps:
    @step("下载印章")
    def download(self):
        return self.start()

    @step("开始下载")
    def start(self):
        raise EsealStepFailed(None, "印章备案未完成，请等待实物印章备案完成后再开始下载。", status=409,
                              code="seals_not_filed", where="POST /api/enterprises/3/downloads")


def test_a_failed_step_names_the_outer_step_then_the_answer_then_the_inner_step():
    with pytest.raises(EsealStepFailed) as failed:
        Steps().download()
    assert str(failed.value) == ("下载印章 失败：HTTP 409 seals_not_filed 印章备案未完成，请等待实物印章备案完成后再开始下载。"
                                 "（开始下载，POST /api/enterprises/3/downloads）")
    assert failed.value.steps == ["下载印章", "开始下载"] and failed.value.step == "下载印章"
    assert isinstance(failed.value, AssertionError)  # pytest reports it as a failed assertion


def test_a_step_failing_on_its_own_names_only_itself():
    with pytest.raises(EsealStepFailed) as failed:
        Steps().start()
    assert str(failed.value).startswith("开始下载 失败：HTTP 409 seals_not_filed")
    assert "（POST /api/enterprises/3/downloads）" in str(failed.value)


def test_the_live_clock_waits_a_little_and_skips_beyond_its_limit():
    slept, skipped = [], []
    clock = LiveClock(wait_limit=5, skip=skipped.append, sleep=slept.append)
    clock.advance(3)
    clock.advance(301)
    assert slept == [3]
    assert skipped and "eseal_clock.advance(301) needs the app in process" in skipped[0]
    assert [clock.pause(n) for n in (1, 2, 9)] == [1, 2, 5]


def test_the_licence_list_offers_the_licence_of_the_enterprise_asked_for():
    page = ('<a class="lic-card" href="/elicense/licences/7/verify"><h2>甲</h2>统一社会信用代码 91440101AAA</a>'
            '<a class="lic-card" href="/elicense/licences/9/verify"><h2>乙</h2>统一社会信用代码 91440101BBB</a>')
    assert licence_link(page, "91440101BBB") == "/elicense/licences/9/verify"
    assert licence_link(page, "91440101CCC") is None


def test_a_refusal_page_gives_its_code_and_message():
    page = '<div class="lic-card" data-code="licence_locked"><h2>提示</h2><p>执照已锁定，请30分钟后再试</p></div>'
    assert refusal(page) == ("licence_locked", "执照已锁定，请30分钟后再试")
    assert refusal('<p class="lic-error" hidden></p><p class="lic-dialog__text">数据同步中，请5分钟后再试</p>') == (
        None, "数据同步中，请5分钟后再试")


def test_new_people_have_valid_and_distinct_identities():
    from backend.services.identifiers import id_number_problem
    for people in (People(), People(live=True, seed=1)):
        made = [people.new() for _ in range(30)]
        assert len({p.phone for p in made}) == len({p.id_number for p in made}) == 30
        assert all(id_number_problem(p.id_number) is None and len(p.phone) == 11 for p in made)
