"""PDF documents brought to 用印: what is accepted, the page sizes a placement is measured in, page previews.

A document is read by both pyHanko (which signs it) and pdfium (which draws it). At the upload pyHanko reads
its cross-reference table, trailer and page count, and pdfium every page's size (in C, so 200 pages cost what one
does); one that either cannot read, or on whose page count they disagree, is refused as damaged. The page tree
as pyHanko walks it is checked when signing, as far as the signer reads it (pdf_pages.frames_at). Page sizes
are the pages as displayed: the CropBox (else the MediaBox), turned by the page's /Rotate, in millimetres.
"""
import hashlib
import io
import threading
from contextlib import contextmanager
from dataclasses import dataclass

import pypdfium2 as pdfium
from pyhanko.pdf_utils.reader import PdfFileReader

from .errors import DomainError

LIMIT_BYTES = 20 * 1024 * 1024
LIMIT_PAGES = 200
MM_PER_PT = 25.4 / 72
TOLERANCE_MM = 1e-6  # placements are given to 0.01 mm; this only absorbs float noise
# pyHanko's strict mode refuses common producer quirks (Pillow's xref writes generation 65536 for object 0):
# documents are read leniently, by signing and by verification alike, so what is accepted here can be verified.
STRICT = False
MAX_PREVIEW_PIXELS = 16_000_000  # a preview of a very long page is drawn narrower rather than in gigabytes
HEADER_WINDOW = 1024  # readers accept the %PDF- header anywhere in the first 1024 bytes
MESSAGES = {
    "not_pdf": ("文件不是PDF格式，请上传PDF文件", 415),
    "pdf_encrypted": ("该PDF文件已加密，请先解除密码保护后再上传", 422),
    "pdf_damaged": ("该PDF文件已损坏，无法读取", 422),
    "pdf_too_large": ("文件超过20MB，请压缩后再上传", 413),
    "pdf_too_many_pages": ("文件超过200页，请拆分后再上传", 422),
    "pdf_empty": ("该PDF文件没有页面", 422),
}
# pdfium is not thread-safe (pypdfium2 docs, "Thread incompatibility"): one call into it at a time per process.
PDFIUM_LOCK = threading.Lock()


class DocumentRefused(DomainError):
    def __init__(self, code):
        message, status = MESSAGES[code]
        super().__init__(code, message, fields={"file": message}, status=status)


@dataclass(frozen=True)
class PageSize:
    width_mm: float
    height_mm: float


@dataclass(frozen=True)
class DocumentInfo:
    pages: int
    sizes: tuple[PageSize, ...]
    sha256: str


def fits(size, x_mm, y_mm, w_mm, h_mm):
    """Whether the box (top-left at x, y; w × h, all mm) lies on a page of this size."""
    return (x_mm >= -TOLERANCE_MM and y_mm >= -TOLERANCE_MM and w_mm > 0 and h_mm > 0
            and x_mm + w_mm <= size.width_mm + TOLERANCE_MM and y_mm + h_mm <= size.height_mm + TOLERANCE_MM)


def _pdfium_sizes(data, count):
    """Every page's size as displayed, as pdfium reads it, of a document pyHanko counts `count` pages in."""
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise DocumentRefused("pdf_encrypted" if "password" in str(exc).lower() else "pdf_damaged") from exc
        try:
            if len(document) != count:
                raise DocumentRefused("pdf_damaged")
            sizes = [document.get_page_size(index) for index in range(count)]  # PdfiumError: a page not found
        except pdfium.PdfiumError as exc:
            raise DocumentRefused("pdf_damaged") from exc
        finally:
            document.close()
    if any(not (width >= 1 and height >= 1) for width, height in sizes):
        raise DocumentRefused("pdf_damaged")
    return tuple(PageSize(round(width * MM_PER_PT, 2), round(height * MM_PER_PT, 2)) for width, height in sizes)


def _header(data):
    if not isinstance(data, bytes | bytearray | memoryview) or len(data) == 0:
        raise DocumentRefused("not_pdf")
    if len(data) > LIMIT_BYTES:
        raise DocumentRefused("pdf_too_large")
    if b"%PDF-" not in bytes(data[:HEADER_WINDOW]):
        raise DocumentRefused("not_pdf")
    return bytes(data)


@contextmanager
def refused_as_damage():
    """Any error reading the document is damage: pyHanko reports it in many shapes (PdfReadError, KeyError, …)."""
    try:
        yield
    except DocumentRefused:
        raise
    except Exception as exc:
        raise DocumentRefused("pdf_damaged") from exc


def open_reader(data):
    """(pyHanko reader, page count) of a PDF that is not encrypted, has pages and is within the limits."""
    data = _header(data)
    with refused_as_damage():
        reader = PdfFileReader(io.BytesIO(data), strict=STRICT)
        if reader.encrypted:
            raise DocumentRefused("pdf_encrypted")
        count = int(reader.root["/Pages"]["/Count"])
    if count < 1:
        raise DocumentRefused("pdf_empty")
    if count > LIMIT_PAGES:
        raise DocumentRefused("pdf_too_many_pages")
    return reader, count


def inspect(data):
    """What 用印 needs to know of an uploaded file: its pages and their sizes; refuses what cannot be sealed."""
    _reader, count = open_reader(data)
    return DocumentInfo(pages=count, sizes=_pdfium_sizes(bytes(data), count),
                        sha256=hashlib.sha256(data).hexdigest())


def render_page(data, page, width_px):
    """PNG of page `page` (1-based) as displayed, `width_px` pixels wide (narrower only if that would be over
    MAX_PREVIEW_PIXELS), annotations (seals) drawn."""
    _header(data)
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(bytes(data))
        except pdfium.PdfiumError as exc:
            raise DocumentRefused("pdf_damaged") from exc
        try:
            if not 1 <= page <= len(document):
                raise ValueError(f"page {page} is not in the document")
            document.init_forms()  # signature widgets (the seals) are form fields: drawn only with forms on
            pdf_page = document[page - 1]
            try:
                width, height = pdf_page.get_size()
                # 0.99: pdfium rounds the bitmap's sides up
                scale = min(width_px / width, 0.99 * (MAX_PREVIEW_PIXELS / (width * height)) ** 0.5)
                bitmap = pdf_page.render(scale=scale, may_draw_forms=True)
                image = bitmap.to_pil()
            finally:
                pdf_page.close()
        finally:
            document.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
