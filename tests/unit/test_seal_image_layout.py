"""Seal layout: the parts of a seal (border, star, name, label, codes) never overlap, whatever the name's length."""
import itertools

import pytest
from PIL import ImageChops

from backend.imaging import SealSpec, seal_size_mm
from backend.imaging.canvas import SealCanvas
from backend.imaging.seal_image import seal_parts

LONG_NAME = "广州市天河区珠江新城星河湾国际数字科技创新研究与发展服务中心有限责任公司第一分部"
CODE = "4401000000123"
CREDIT_CODE = "91440101MA5CXXXX7R"


def part_masks(spec, dpi=300):
    """Each part drawn alone, as a 0/255 mask of its clearly inked pixels."""
    masks = {}
    for name, draw in seal_parts(spec).items():
        canvas = SealCanvas(*seal_size_mm(spec.type), dpi)
        draw(canvas)
        masks[name] = canvas.mask.point(lambda a: 255 if a > 32 else 0)
    return masks


def overlaps(masks):
    return [(a, b) for (a, mask_a), (b, mask_b) in itertools.combinations(masks.items(), 2)
            if ImageChops.multiply(mask_a, mask_b).getbbox()]


@pytest.mark.parametrize("length", [2, 4, 7, 10, 14, 20, 28, 34, 40])
@pytest.mark.parametrize("seal_type", ["official", "contract", "finance", "invoice"])
def test_parts_never_overlap(seal_type, length):
    spec = SealSpec(seal_type, LONG_NAME[-length:], "", CODE, credit_code=CREDIT_CODE)
    masks = part_masks(spec)
    assert overlaps(masks) == []


def test_parts_of_a_filed_official_seal():
    assert list(seal_parts(SealSpec("official", LONG_NAME[:10], "公章", CODE))) == ["border", "star", "name", "code"]


def test_official_seal_has_no_label_and_no_code_before_filing():
    assert list(seal_parts(SealSpec("official", LONG_NAME[:10], "公章", None))) == ["border", "star", "name"]


def test_special_seal_prints_its_own_name_under_the_star():
    parts = part_masks(SealSpec("contract", LONG_NAME[:10], "合同专用章", None))
    star_bottom = parts["star"].getbbox()[3]
    _, label_top, _, _ = parts["label"].getbbox()
    assert label_top > star_bottom


def test_invoice_seal_shows_the_credit_code_across_the_middle_and_its_label_below():
    parts = part_masks(SealSpec("invoice", LONG_NAME[:10], "发票专用章", None, credit_code=CREDIT_CODE))
    width, height = parts["border"].size
    left, top, right, bottom = parts["credit_code"].getbbox()
    assert (top + bottom) / 2 == pytest.approx(height / 2, abs=2)
    assert (left + right) / 2 == pytest.approx(width / 2, abs=2)
    assert right - left == pytest.approx(26 * 300 / 25.4, rel=0.05)  # 26 mm across, per the 2011 notice
    assert parts["label"].getbbox()[1] > bottom


def test_invoice_seal_never_draws_the_seal_code():
    spec = SealSpec("invoice", LONG_NAME[:10], "发票专用章", CODE, credit_code=CREDIT_CODE)
    assert "code" not in seal_parts(spec)
