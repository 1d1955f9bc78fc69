"""Where the seals land, as a reader sees the page: rendered by pdfium and measured in pixels, on pages with an
offset CropBox and on pages turned by /Rotate."""
import io

import pytest
from PIL import Image

from backend.services.pdf_documents import inspect, render_page
from backend.services.pdf_signing import Placement, Riding, sign_document
from backend.services.pdf_verify import verify_document
from tests.unit.test_pdf_documents import make_pdf
from tests.unit.test_pdf_signing import NOW, make_kit, seal_picture

WIDTH_PX = 1000
TOLERANCE_PX = 2.5


@pytest.fixture(scope="module")
def kit(wrapped_pki):
    return make_kit(wrapped_pki)


def solid_picture(width_px, height_px):
    image = Image.new("RGBA", (width_px, height_px), (230, 0, 18, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def red_box(png):
    """(left, top, right, bottom) in pixels of the seal-red pixels, and the image's width."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    mask = Image.eval(image.split()[0], lambda v: 255 if v > 200 else 0)
    green = Image.eval(image.split()[1], lambda v: 255 if v < 60 else 0)
    mask = Image.composite(mask, Image.new("L", image.size, 0), green)
    return mask.getbbox(), image.size


def assert_box_near(found, expected):
    assert found is not None
    assert all(abs(a - b) <= TOLERANCE_PX for a, b in zip(found, expected, strict=True)), (found, expected)


@pytest.mark.parametrize(("rotate", "crop"), [(0, (40, 50, 560, 800)), (90, None), (180, (20, 30, 580, 820)),
                                              (270, (10, 10, 585, 830))])
def test_seals_land_where_they_were_placed_as_displayed(kit, rotate, crop):
    seal, _ = kit.seal("Seal1", 40, 30, picture=solid_picture(400, 300))
    riding, _ = kit.seal("Riding", 42, 42, picture=solid_picture(420, 420))
    data = make_pdf(2, crop=crop, rotate=rotate)
    size = inspect(data).sizes[0]
    signed = sign_document(data, [Placement(seal, 1, 15, 25)], Riding(riding, 120), keys=kit.pki.keys,
                           authority=kit.authority, now=NOW).data
    scale = WIDTH_PX / size.width_mm  # px per mm

    def px(*mm):
        return tuple(round(v * scale, 1) for v in mm)
    page_one, (width_px, _h) = red_box(render_page(signed, 1, WIDTH_PX))
    page_two, _ = red_box(render_page(signed, 2, WIDTH_PX))
    assert width_px == WIDTH_PX
    strip = px(size.width_mm - 21, 120, size.width_mm, 162)
    # page 1: the placed seal and the riding seal's first half; page 2: only the second half
    assert_box_near(page_one, px(15, 25, 15 + 40, 25 + 30)[:2] + strip[2:])
    assert_box_near(page_two, strip)
    boxes = {s["field_name"]: (s["page"], s["box_mm"]) for s in verify_document(signed, trust_roots_der=[
        kit.authority.root_der], crls_der=kit.authority.crls_der)}
    assert boxes["Seal1"] == (1, (40.0, 30.0))


def test_a_placed_seal_alone_covers_exactly_its_box(kit):
    seal, _ = kit.seal("Seal1", 40, 30, picture=solid_picture(400, 300))
    signed = sign_document(make_pdf(1), [Placement(seal, 1, 100, 200)], None, keys=kit.pki.keys,
                           authority=kit.authority, now=NOW).data
    found, _size = red_box(render_page(signed, 1, WIDTH_PX))
    scale = WIDTH_PX / 210
    assert_box_near(found, (100 * scale, 200 * scale, 140 * scale, 230 * scale))


def test_a_riding_seal_over_many_pages_puts_a_share_on_each(kit):
    riding, _ = kit.seal("Riding", 42, 42, picture=seal_picture(fill=True))
    signed = sign_document(make_pdf(7), [], Riding(riding, 10), keys=kit.pki.keys, authority=kit.authority,
                           now=NOW).data
    scale = WIDTH_PX / 210
    widths = []
    for page in range(1, 8):
        found, _size = red_box(render_page(signed, page, WIDTH_PX))
        assert found is not None and abs(found[2] - WIDTH_PX) <= TOLERANCE_PX
        assert abs(found[1] - 10 * scale) <= TOLERANCE_PX and abs(found[3] - 52 * scale) <= TOLERANCE_PX
        widths.append(found[2] - found[0])
    assert abs(sum(widths) - 42 * scale) <= 7 * TOLERANCE_PX  # the strips add up to the whole picture
