"""放置印章 on a phone: a finger drags a placed seal (only the seal takes the gesture), while a swipe anywhere else on
the pages still scrolls them and nothing forbids pinch-zoom; the keyboard moves a seal too."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.harness import issue_seal_objects
from tests.browser.pages import choose_seals, contract, held_seals, upload_for_stamping, wait_page

CONTRACT = "合同专用章"


@pytest.fixture
def demo_with_objects(live_app, accounts):
    issue_seal_objects(live_app)
    return accounts


def touch_drag(cdp, points):
    """One finger down at points[0], through the rest, then up (as a phone's touch screen sends it)."""
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [dict(zip("xy", points[0]))]})
    for x, y in points[1:]:
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_a_finger_drags_the_seal_and_swipes_still_scroll_the_pages(page, live_app, live_server, demo_with_objects,
                                                                   sms_code, tmp_path):
    enterprise_id = held_seals(page, live_app, live_server, demo_with_objects["licence_downloaded"], sms_code)
    chooser = upload_for_stamping(page, live_server, enterprise_id, contract(tmp_path, pages=2))
    chooser.get_by_role("button", name="下一步").tap()
    place = wait_page(page, "stamp-place")
    place.get_by_role("button", name="选择印章").tap()
    choose_seals(page, [CONTRACT])
    place.get_by_role("button", name=re.compile(f"^{CONTRACT}")).tap()
    mark = place.locator(".js-mark")
    expect(mark).to_have_count(1)
    style = "el => getComputedStyle(el).touchAction"
    assert place.locator('.js-page[data-page="1"]').evaluate(style) == "auto"  # pan and pinch-zoom stay the page's
    assert mark.evaluate(style) == "none"
    assert place.locator(".js-chip").evaluate(style) == "pan-x"

    cdp = page.context.new_cdp_session(page)
    box, scrolled = mark.bounding_box(), page.evaluate("scrollY")
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    touch_drag(cdp, [(x - 6 * i, y + 4 * i) for i in range(11)])
    moved = mark.bounding_box()
    assert (round(moved["x"] - box["x"]), round(moved["y"] - box["y"])) == (-60, 40)
    assert page.evaluate("scrollY") == scrolled  # the seal took the gesture, not the page

    second = place.locator('.js-page[data-page="2"]')
    second.scroll_into_view_if_needed()
    scrolled, frame = page.evaluate("scrollY"), second.bounding_box()
    touch_drag(cdp, [(frame["x"] + 30, 520 - 25 * i) for i in range(11)])
    page.wait_for_function("before => scrollY > before", arg=scrolled)

    mark.scroll_into_view_if_needed()
    left = mark.evaluate("el => el.getBoundingClientRect().left")
    mark.focus()
    page.keyboard.press("ArrowRight")  # 1 mm to the right
    assert mark.evaluate("el => el.getBoundingClientRect().left") > left
    page.keyboard.press("Delete")
    expect(place.locator(".js-mark")).to_have_count(0)
    expect(place.get_by_text("已放置0枚印章")).to_be_visible()
