"""PDF documents brought to 用印: what is accepted, the page sizes a placement is measured in, page previews.

A document is read by both pyHanko (which signs it) and pdfium (which draws it). At the upload pyHanko reads
its cross-reference table, trailer and page count, and pdfium every page's size (in C, so 200 pages cost what one
does); one that either cannot read, or on whose page count they disagree, is refused as damaged. The page tree
as pyHanko walks it is checked when signing, as far as the signer reads it (frames_at): every page it passes
must be where pdfium has it, and each page stamped the size the user placed the seal on. Page sizes are the
pages as displayed: the CropBox (else the MediaBox), turned by the page's /Rotate, in millimetres (pdf_pictures
draws in the same frame).
"""
import hashlib
import io
import threading
from contextlib import contextmanager
from dataclasses import dataclass

import pypdfium2 as pdfium
from pyhanko.pdf_utils import generic
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
MAX_TREE_DEPTH = 32
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


@dataclass(frozen=True)
class PageFrame:
    """A page as displayed, in PDF points: its visible box in user space and its clockwise /Rotate."""

    llx: float
    lly: float
    urx: float
    ury: float
    rotate: int

    @property
    def width_pt(self):
        return self.ury - self.lly if self.rotate in (90, 270) else self.urx - self.llx

    @property
    def height_pt(self):
        return self.urx - self.llx if self.rotate in (90, 270) else self.ury - self.lly

    @property
    def size(self):
        return PageSize(round(self.width_pt * MM_PER_PT, 2), round(self.height_pt * MM_PER_PT, 2))

    def to_user(self, x_pt, y_pt):
        """A point given from the displayed top-left corner (x right, y down) in user-space coordinates."""
        if self.rotate == 90:
            return self.llx + y_pt, self.lly + x_pt
        if self.rotate == 180:
            return self.urx - x_pt, self.lly + y_pt
        if self.rotate == 270:
            return self.urx - y_pt, self.ury - x_pt
        return self.llx + x_pt, self.ury - y_pt

    def user_box(self, x_pt, y_pt, w_pt, h_pt):
        """The displayed box [x, x+w] × [y, y+h] as a user-space rectangle (x1, y1, x2, y2)."""
        xs, ys = zip(*(self.to_user(x, y) for x in (x_pt, x_pt + w_pt) for y in (y_pt, y_pt + h_pt)), strict=True)
        return min(xs), min(ys), max(xs), max(ys)


def fits(size, x_mm, y_mm, w_mm, h_mm):
    """Whether the box (top-left at x, y; w × h, all mm) lies on a page of this size."""
    return (x_mm >= -TOLERANCE_MM and y_mm >= -TOLERANCE_MM and w_mm > 0 and h_mm > 0
            and x_mm + w_mm <= size.width_mm + TOLERANCE_MM and y_mm + h_mm <= size.height_mm + TOLERANCE_MM)


def _rectangle(value):
    if not isinstance(value, generic.ArrayObject) or len(value) != 4:
        return None
    numbers = [float(item) for item in value]  # a non-number raises: the caller calls that damaged
    (x1, y1, x2, y2) = numbers
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


INHERITED = ("/MediaBox", "/CropBox", "/Rotate")


def _inherited(page):
    """{key: value} of the page's inheritable attributes (ISO 32000-1 7.7.3.4), each from the page or its nearest
    ancestor that has it (as pyHanko's find_inherited_value_in_tree finds it), in one walk up /Parent. A /Parent
    chain longer than any page tree accepted here is damage: a loop, on which that walk would never end."""
    found, node = {}, page
    for _step in range(MAX_TREE_DEPTH + 2):
        for key in INHERITED:
            if key not in found:
                try:
                    found[key] = node[key]
                except KeyError:
                    pass
        if len(found) == len(INHERITED):
            break
        try:
            node = node["/Parent"]
        except KeyError:
            break
    else:
        raise ValueError("page /Parent chain too long")
    return found


def frame_of(page):
    """The displayed frame of a pyHanko page dictionary: CropBox ∩ MediaBox (ISO 32000-1 14.11.2), /Rotate."""
    values = _inherited(page)
    media = _rectangle(values.get("/MediaBox"))
    if media is None:
        raise ValueError("page without a MediaBox")
    crop = _rectangle(values.get("/CropBox")) or media
    llx, lly = max(crop[0], media[0]), max(crop[1], media[1])
    urx, ury = min(crop[2], media[2]), min(crop[3], media[3])
    if urx - llx < 1 or ury - lly < 1:
        raise ValueError("page box is empty")
    rotate = int(values.get("/Rotate") or 0) % 360
    if rotate % 90:
        raise ValueError("page rotation is not a multiple of 90")
    return PageFrame(llx, lly, urx, ury, rotate)


def _leaves(node_ref, seen, depth, wanted):
    """The page references under a /Pages node in document order, up to `wanted` of them: a node walked to its
    end must hold as many pages as its /Count says, so that pyHanko's walk by index (which trusts /Count) finds
    the same pages; a leaf is a /Page without /Kids and a node a /Pages with them, as pdfium tells them apart."""
    if depth > MAX_TREE_DEPTH:
        raise ValueError("page tree too deep")
    node = node_ref.get_object()
    leaves = []
    for kid_ref in node["/Kids"]:
        if not isinstance(kid_ref, generic.IndirectObject) or kid_ref.reference in seen:
            raise ValueError("page tree kid not indirect, or seen twice")
        seen.add(kid_ref.reference)
        kid = kid_ref.get_object()
        kind = kid["/Type"]
        if kind == "/Pages":
            below = _leaves(kid_ref, seen, depth + 1, wanted - len(leaves))
            leaves.extend(below)
        elif kind == "/Page" and "/Kids" not in kid:
            leaves.append(kid_ref)
        else:
            raise ValueError(f"page tree node of type {kind}")
        if len(leaves) > LIMIT_PAGES:
            raise DocumentRefused("pdf_too_many_pages")
        if len(leaves) >= wanted:
            return leaves  # the rest of this node is not read, nor its /Count checked
    if int(node["/Count"]) != len(leaves):
        raise ValueError("page tree /Count does not match its pages")
    return leaves


def page_refs(handler, wanted=LIMIT_PAGES + 1):
    """The first `wanted` pages (indirect references; all by default) of a reader or an incremental writer, in
    one walk of the page tree."""
    root = handler.root.raw_get("/Pages")
    if int(root.get_object()["/Count"]) > LIMIT_PAGES:
        raise DocumentRefused("pdf_too_many_pages")
    return _leaves(root, {root.reference}, 0, wanted)


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
def _damage():
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
    with _damage():
        reader = PdfFileReader(io.BytesIO(data), strict=STRICT)
        if reader.encrypted:
            raise DocumentRefused("pdf_encrypted")
        count = int(reader.root["/Pages"]["/Count"])
    if count < 1:
        raise DocumentRefused("pdf_empty")
    if count > LIMIT_PAGES:
        raise DocumentRefused("pdf_too_many_pages")
    return reader, count


def frames_at(reader, indices=None, sizes=None):
    """{index: frame} of some pages (0-based; None: all), found by one walk of the page tree in document order
    that stops after the last one wanted, each the page pyHanko's own walk by index reaches too. With `sizes`
    (the pages as the upload measured them, in mm) each frame must have its page's size: else the seal would not
    land where it was placed. A page tree that fails any of this is damage (DocumentRefused)."""
    with _damage():
        if indices is None:  # the whole tree walked, every /Count checked: pyHanko's walk agrees by itself
            refs = page_refs(reader)
            wanted = range(len(refs))
        else:
            wanted = sorted(set(indices))
            refs = page_refs(reader, wanted[-1] + 1) if wanted else []
            for index in wanted:  # a node on the way to it was not walked to its end: ask pyHanko
                if index >= len(refs) or \
                        reader.find_page_for_modification(index)[0].reference != refs[index].reference:
                    raise ValueError(f"page {index + 1} is not where pyHanko finds it")
        frames = {}
        for index in wanted:
            frames[index] = frame_of(refs[index].get_object())
            if sizes is not None and not _same_size(frames[index].size, sizes[index]):
                raise ValueError(f"page {index + 1} does not have the size it was placed on")
        return frames


SIZE_TOLERANCE_MM = 0.02  # pdfium measures in 32-bit floats: its sizes may round 0.01 mm apart from pyHanko's


def _same_size(size, expected):
    width, height = expected
    return abs(size.width_mm - width) <= SIZE_TOLERANCE_MM and abs(size.height_mm - height) <= SIZE_TOLERANCE_MM


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
