"""Documents brought to 用印: what is accepted, page sizes as displayed, previews, and each refusal by its code."""
import io
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter

from backend.services.errors import DomainError
from backend.services.pdf_documents import (
    LIMIT_BYTES,
    LIMIT_PAGES,
    MAX_PREVIEW_PIXELS,
    DocumentRefused,
    PageSize,
    fits,
    inspect,
    render_page,
)

A4 = (0, 0, 595.2756, 841.8898)  # 210 × 297 mm
name = generic.pdf_name


def make_pdf(pages=1, media=A4, crop=None, rotate=0, sizes=None):
    """A plain document from pyHanko's writer: a line of text per page, optional CropBox and /Rotate."""
    writer = PdfFileWriter()
    font = writer.add_object(generic.DictionaryObject({
        name("/Type"): name("/Font"), name("/Subtype"): name("/Type1"), name("/BaseFont"): name("/Helvetica")}))
    for index in range(pages):
        text = b"BT /F1 18 Tf 72 700 Td (Page %d) Tj ET" % (index + 1)
        resources = generic.DictionaryObject({name("/Font"): generic.DictionaryObject({name("/F1"): font})})
        page = PageObject(contents=writer.add_object(generic.StreamObject(stream_data=text)),
                          media_box=sizes[index] if sizes else media, resources=resources)
        if crop:
            page[name("/CropBox")] = generic.ArrayObject(map(generic.FloatObject, crop))
        if rotate:
            page[name("/Rotate")] = generic.NumberObject(rotate)
        writer.insert_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def qpdf(data, *args):
    """The document rewritten by qpdf (object streams, encryption, …)."""
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed (apt-get install qpdf)")
    with tempfile.TemporaryDirectory() as directory:
        source, target = Path(directory, "in.pdf"), Path(directory, "out.pdf")
        source.write_bytes(data)
        subprocess.run(["qpdf", str(source), *args, str(target)], capture_output=True, check=True)
        return target.read_bytes()


def assert_refused(data, code, status):
    with pytest.raises(DocumentRefused) as caught:
        inspect(data)
    error = caught.value
    assert isinstance(error, DomainError)
    assert (error.code, error.status) == (code, status)
    assert error.message and error.fields == {"file": error.message}
    return error


def test_an_a4_document_is_its_pages_in_mm():
    data = make_pdf(3)
    info = inspect(data)
    assert info.pages == 3
    assert info.sizes == (PageSize(210.0, 297.0),) * 3
    import hashlib
    assert info.sha256 == hashlib.sha256(data).hexdigest()


def test_pages_of_different_sizes_keep_their_own():
    letter, a5_landscape = (0, 0, 612, 792), (0, 0, 595.2756, 419.5276)
    info = inspect(make_pdf(2, sizes=[letter, a5_landscape]))
    assert info.sizes == (PageSize(215.9, 279.4), PageSize(210.0, 148.0))


def test_the_crop_box_is_the_page_as_displayed():
    info = inspect(make_pdf(1, crop=(72, 72, 72 + 283.4646, 72 + 425.1969)))  # 100 × 150 mm, offset
    assert info.sizes == (PageSize(100.0, 150.0),)


def test_a_crop_box_beyond_the_media_box_is_cut_to_it():
    info = inspect(make_pdf(1, media=(0, 0, 283.4646, 283.4646), crop=(-50, -50, 1000, 1000)))
    assert info.sizes == (PageSize(100.0, 100.0),)


@pytest.mark.parametrize("rotate", [90, 270, -90])
def test_a_turned_page_is_measured_as_displayed(rotate):
    assert inspect(make_pdf(1, rotate=rotate)).sizes == (PageSize(297.0, 210.0),)


def test_documents_from_other_writers_are_accepted():
    out = io.BytesIO()
    Image.new("RGB", (600, 300), "white").save(out, "PDF", resolution=72)  # Pillow: a quirky xref, still read
    assert inspect(out.getvalue()).sizes == (PageSize(211.67, 105.83),)
    streams = qpdf(make_pdf(2), "--object-streams=generate", "--compress-streams=y")
    assert inspect(streams).pages == 2


@pytest.mark.parametrize("data", [b"", b"hello, world", b"\x89PNG\r\n\x1a\n" + bytes(100), b"%PD" + bytes(50)])
def test_what_is_no_pdf_is_refused(data):
    assert_refused(data, "not_pdf", 415)


def test_more_than_20_mb_is_refused_before_it_is_read():
    assert_refused(b"%PDF-1.7\n" + bytes(LIMIT_BYTES), "pdf_too_large", 413)


def test_more_than_200_pages_are_refused():
    assert inspect(make_pdf(LIMIT_PAGES)).pages == LIMIT_PAGES
    assert_refused(make_pdf(LIMIT_PAGES + 1), "pdf_too_many_pages", 422)


def test_a_document_without_pages_is_refused():
    out = io.BytesIO()
    PdfFileWriter().write(out)
    assert_refused(out.getvalue(), "pdf_empty", 422)


@pytest.mark.parametrize("password", ["", "secret"])
def test_an_encrypted_document_is_refused(password):
    data = qpdf(make_pdf(1), "--encrypt", password, "owner-pw", "256", "--")
    assert_refused(data, "pdf_encrypted", 422)


@pytest.mark.parametrize("cut", [lambda d: d[: len(d) // 2], lambda d: d[:200] + d[-100:],
                                 lambda d: b"%PDF-1.7\n" + bytes(range(256)) * 8])
def test_a_damaged_document_is_refused(cut):
    assert_refused(cut(make_pdf(2)), "pdf_damaged", 422)


def test_a_page_tree_counting_more_pages_than_it_has_is_damaged():
    data = make_pdf(2).replace(b"/Count 2", b"/Count 3")
    assert_refused(data, "pdf_damaged", 422)


def mutations(data, count, seed):
    rng = random.Random(seed)
    for _ in range(count):
        kind, body = rng.randrange(4), bytearray(data)
        if kind == 0:
            for _ in range(rng.randint(1, 8)):
                body[rng.randrange(len(body))] ^= 1 << rng.randrange(8)
        elif kind == 1:
            del body[rng.randrange(1, len(body)):]
        elif kind == 2:
            start = rng.randrange(len(body))
            del body[start:start + rng.randint(1, 64)]
        else:
            start = rng.randrange(len(body))
            body[start:start] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 32)))
        yield bytes(body)


@pytest.mark.parametrize("variant", ["plain", "object streams"])
def test_bad_bytes_are_either_read_or_refused_never_an_error(variant):
    data = make_pdf(3, crop=(10, 10, 500, 800))
    if variant == "object streams":
        data = qpdf(data, "--object-streams=generate", "--compress-streams=y")
    read = refused = 0
    for mutated in mutations(data, 300, seed=variant):
        try:
            info = inspect(mutated)
        except DocumentRefused as error:
            assert error.code in ("not_pdf", "pdf_damaged", "pdf_empty", "pdf_too_many_pages", "pdf_encrypted")
            refused += 1
        else:
            assert 1 <= info.pages <= LIMIT_PAGES and all(s.width_mm > 0 and s.height_mm > 0 for s in info.sizes)
            read += 1
    assert read and refused  # both outcomes were exercised


def png_size(png):
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return Image.open(io.BytesIO(png)).size


def test_a_page_is_drawn_as_a_png_of_the_width_asked():
    data = make_pdf(2, sizes=[A4, (0, 0, 841.8898, 595.2756)])
    for page, height in ((1, 600 * 297 / 210), (2, 600 * 210 / 297)):
        width_px, height_px = png_size(render_page(data, page, 600))
        assert width_px == 600 and abs(height_px - height) <= 1


def test_a_turned_page_is_drawn_as_displayed():
    width, height = png_size(render_page(make_pdf(1, rotate=90), 1, 400))
    assert width == 400 and abs(height - 400 * 210 / 297) <= 1


def test_a_very_long_page_is_drawn_within_the_pixel_budget():
    width, height = png_size(render_page(make_pdf(1, media=(0, 0, 72, 14400)), 1, 1200))  # 1 × 200 inches
    assert width * height <= MAX_PREVIEW_PIXELS and abs(height / width - 200) < 2


def test_drawing_a_page_not_in_the_document_is_an_error():
    with pytest.raises(ValueError):
        render_page(make_pdf(1), 2, 400)
    with pytest.raises(DocumentRefused):
        render_page(b"not a pdf", 1, 400)


@pytest.mark.parametrize(("box", "expected"), [
    ((0, 0, 42, 42), True), ((168, 255, 42, 42), True), ((168.01, 0, 42, 42), False), ((0, 255.01, 42, 42), False),
    ((-0.01, 0, 42, 42), False), ((0, -0.01, 42, 42), False), ((0, 0, 211, 10), False), ((5, 5, 0, 10), False)])
def test_a_box_fits_only_wholly_on_the_page(box, expected):
    assert fits(PageSize(210.0, 297.0), *box) is expected
