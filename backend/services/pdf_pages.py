"""The pages of a document as pyHanko reads them: the page tree walked in document order and checked, each
page's displayed frame (CropBox ∩ MediaBox, /Rotate) in which a seal is placed and drawn (pdf_pictures)."""
from dataclasses import dataclass

from pyhanko.pdf_utils import generic

from .pdf_documents import LIMIT_PAGES, MM_PER_PT, DocumentRefused, PageSize, refused_as_damage

MAX_TREE_DEPTH = 32


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


def frames_at(reader, indices=None, sizes=None):
    """{index: frame} of some pages (0-based; None: all), found by one walk of the page tree in document order
    that stops after the last one wanted, each the page pyHanko's own walk by index reaches too. With `sizes`
    (the pages as the upload measured them, in mm) each frame must have its page's size: else the seal would not
    land where it was placed. A page tree that fails any of this is damage (DocumentRefused)."""
    with refused_as_damage():
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
