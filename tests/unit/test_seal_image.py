"""Seal images: true size, shape, colour, the 印章编码 only once filed, deterministic PNG bytes."""
import ast
import io
import math
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from backend.imaging import SEAL_RED, SealSpec, mm_to_px, render_seal, render_seal_png, seal_size_mm
from backend.imaging.fonts import glyph

NAME = "广州星河科技有限公司"
CREDIT_CODE = "91440101MA5CXXXX7R"
CODE = "4401000000123"


def official(name=NAME, code=CODE):
    return SealSpec("official", name, "公章", code)


def contract(code=CODE):
    return SealSpec("contract", NAME, "合同专用章", code)


def invoice():
    return SealSpec("invoice", NAME, "发票专用章", None, credit_code=CREDIT_CODE)


def personal(name="欧阳志远"):
    return SealSpec("personal", NAME, "法定代表人名章", None, person_name=name)


def inked(image, threshold=0):
    """(x, y) of every pixel whose alpha is above threshold."""
    width = image.width
    return [(i % width, i // width) for i, a in enumerate(image.getchannel("A").tobytes()) if a > threshold]


def lower_arc_ink(image, border_mm, dpi=300):
    """Inked pixels within 40° of the bottom, between the inner border and 4 mm inside it."""
    centre = image.width / 2
    inner = centre - border_mm * dpi / 25.4 - 2
    count = 0
    for x, y in inked(image, 32):
        dx, dy = x + 0.5 - centre, y + 0.5 - centre
        r = math.hypot(dx, dy)
        if inner - 4 * dpi / 25.4 < r < inner and dy > 0 and abs(math.degrees(math.atan2(dx, dy))) < 40:
            count += 1
    return count


def test_mm_become_pixels_at_the_dpi():
    assert mm_to_px(42, 300) == 496
    assert mm_to_px(42, 600) == 992
    assert mm_to_px(25.4, 96) == 96


@pytest.mark.parametrize(("spec_type", "size"), [
    ("official", (42, 42)), ("contract", (40, 40)), ("finance", (40, 40)), ("invoice", (40, 30)),
    ("personal", (20, 20)),
])
def test_each_type_has_its_size_in_mm(spec_type, size):
    assert seal_size_mm(spec_type) == size


def test_unknown_type_is_refused():
    with pytest.raises(ValueError):
        seal_size_mm("round")
    with pytest.raises(ValueError):
        render_seal(SealSpec("round", NAME, "公章", None))


def test_official_seal_is_42_mm_at_300_dpi_and_doubles_at_600():
    assert render_seal(official()).size == (496, 496)
    assert render_seal(official(), dpi=600).size == (992, 992)


@pytest.mark.parametrize("spec", [official(), contract(), invoice(), personal()], ids=lambda s: s.type)
def test_canvas_matches_the_size_in_mm(spec):
    width, height = seal_size_mm(spec.type)
    assert render_seal(spec).size == (mm_to_px(width, 300), mm_to_px(height, 300))


def test_drawn_round_seal_fills_its_42_mm():
    left, top, right, bottom = render_seal(official()).getchannel("A").getbbox()
    assert right - left == pytest.approx(496, abs=2)
    assert bottom - top == pytest.approx(496, abs=2)


def test_invoice_seal_is_drawn_as_a_40_by_30_ellipse():
    image = render_seal(invoice())
    left, top, right, bottom = image.getchannel("A").getbbox()
    assert right - left == pytest.approx(mm_to_px(40, 300), abs=2)
    assert bottom - top == pytest.approx(mm_to_px(30, 300), abs=2)
    assert (right - left) / (bottom - top) == pytest.approx(40 / 30, rel=0.01)
    # An ellipse, not a rectangle: the corners of its bounding box stay empty.
    alpha = image.getchannel("A")
    assert alpha.getpixel((left + 10, top + 10)) == 0
    assert alpha.getpixel((right - 11, bottom - 11)) == 0


def test_invoice_border_is_about_1_mm_on_both_axes():
    alpha = render_seal(invoice()).getchannel("A")
    middle_row = [alpha.getpixel((x, alpha.height // 2)) for x in range(alpha.width)]
    middle_column = [alpha.getpixel((alpha.width // 2, y)) for y in range(alpha.height)]
    one_mm = 300 / 25.4
    for line in (middle_row, middle_column):
        start = next(i for i, a in enumerate(line) if a > 127)
        end = next(i for i in range(start, len(line)) if line[i] <= 127)
        assert end - start == pytest.approx(one_mm, abs=1.5)


@pytest.mark.parametrize("spec", [official(), contract(), invoice(), personal()], ids=lambda s: s.type)
def test_seal_is_seal_red_on_a_transparent_ground(spec):
    image = render_seal(spec)
    assert image.mode == "RGBA"
    assert image.getpixel((0, 0))[3] == 0
    assert image.getpixel((image.width - 1, image.height - 1))[3] == 0
    rgb = image.convert("RGB").tobytes()
    alpha = image.getchannel("A").tobytes()
    colours = {rgb[3 * i:3 * i + 3] for i, a in enumerate(alpha) if a}
    assert colours == {bytes(SEAL_RED)}
    assert image.getchannel("A").getextrema() == (0, 255)  # the ink itself is opaque


def test_seal_red_is_close_to_e60012():
    assert SEAL_RED == (0xE6, 0x00, 0x12)


def test_same_spec_gives_the_same_png_bytes():
    first = render_seal_png(official())
    glyph.cache_clear()  # a cold render must not differ from a warm one
    assert render_seal_png(official()) == first


def test_different_code_gives_different_png_bytes():
    assert render_seal_png(official(code="4401000000123")) != render_seal_png(official(code="4401000000124"))


def test_png_carries_no_text_or_time_and_records_the_dpi():
    data = render_seal_png(official(), dpi=300)
    chunks, position = [], 8
    while position < len(data):
        length = int.from_bytes(data[position:position + 4], "big")
        chunks.append(data[position + 4:position + 8])
        position += 12 + length
    assert set(chunks) <= {b"IHDR", b"pHYs", b"IDAT", b"IEND"}
    image = Image.open(io.BytesIO(data))
    assert image.mode == "RGBA"
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)


@pytest.mark.parametrize(("make", "border_mm"), [(official, 1.2), (contract, 1.0)], ids=["official", "contract"])
def test_code_is_drawn_on_the_lower_arc_only_once_filed(make, border_mm):
    assert lower_arc_ink(render_seal(make(code=None)), border_mm) == 0
    assert lower_arc_ink(render_seal(make(code=CODE)), border_mm) > 200


def test_code_is_centred_on_the_bottom():
    with_code = render_seal(official(code="8888888888888"))
    code_only = ImageChops.subtract(with_code.getchannel("A"), render_seal(official(code=None)).getchannel("A"))
    pixels = [(i % 496, i // 496) for i, a in enumerate(code_only.tobytes()) if a > 64]
    assert min(y for _, y in pixels) > 496 * 0.75
    assert sum(x + 0.5 for x, _ in pixels) / len(pixels) == pytest.approx(248, abs=1.5)


def test_name_is_centred_on_the_top():
    image = render_seal(official(name="国国国国国", code=None))
    top_half = [(x, y) for x, y in inked(image, 64) if y < 248 and 40 < math.hypot(x - 248, y - 248) < 225]
    assert sum(x + 0.5 for x, _ in top_half) / len(top_half) == pytest.approx(248, abs=1.5)


def test_thumbnail_at_96_dpi_keeps_every_part():
    image = render_seal(official(), dpi=96)
    assert image.size == (159, 159)
    assert lower_arc_ink(image, 1.2, dpi=96) > 0
    assert Image.open(io.BytesIO(render_seal_png(official(), dpi=96))).size == (159, 159)


@pytest.mark.parametrize("spec", [
    SealSpec("personal", NAME, "法定代表人名章", None, person_name=" "),
    SealSpec("invoice", NAME, "发票专用章", None, credit_code=None),
    SealSpec("official", "", "公章", None),
], ids=["personal without a name", "invoice without a credit code", "official without a name"])
def test_seal_without_its_text_is_refused(spec):
    with pytest.raises(ValueError):
        render_seal(spec)


def test_imaging_package_never_imports_flask():
    for path in Path("backend/imaging").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        modules += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        assert not [m for m in modules if m.split(".")[0] == "flask"], path


@pytest.mark.parametrize("code", ["440100000012", "44010000001234", "44010000001A3"])
def test_malformed_seal_code_is_refused(code):
    with pytest.raises(ValueError, match="13位"):
        render_seal(official(code=code))


@pytest.mark.parametrize("dpi", [10, 5000])
def test_unreasonable_dpi_is_refused(dpi):
    with pytest.raises(ValueError):
        render_seal(official(), dpi=dpi)
