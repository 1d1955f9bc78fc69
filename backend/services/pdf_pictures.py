"""Seal pictures drawn on PDF pages at exactly their size in mm, upright in the page's frame as displayed
(pdf_pages.PageFrame: CropBox, /Rotate): a seal's widget appearance, and page content (the riding seal's strips).

Drawn here rather than with pyHanko's StaticStampStyle, whose BoxConstraints round boxes down to whole points:
the picture would come out up to 0.35 mm short, and a narrow riding strip far more.

A picture's image XObject (RGB and its alpha as soft mask, Flate) is encoded once per picture and kept
(seal_image, riding_strips: the bytes pyHanko's pil_image would write, ≈ 8 ms a seal to decode and compress);
each document gets its own objects made from them. Seal pictures are public: nothing secret is kept.
"""
import io
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.content import AppearanceContent, ResourceType
from pyhanko.pdf_utils.generic import DictionaryObject, NumberObject, StreamObject, pdf_name
from pyhanko.pdf_utils.writer import init_xobject_dictionary
from pyhanko.stamp import BaseStampStyle

from .pdf_documents import MM_PER_PT


def pt(mm):
    return mm / MM_PER_PT


def image_matrix(rotate, width, height, x1, y1, x2, y2):
    """The `cm` operands drawing an image upright as displayed (width × height pt) into the user-space rectangle
    (x1, y1)–(x2, y2) of a page turned clockwise by `rotate` degrees."""
    return {0: (width, 0, 0, height, x1, y1), 90: (0, width, -height, 0, x2, y1),
            180: (-width, 0, 0, -height, x2, y2), 270: (0, -width, height, 0, x1, y2)}[rotate]


@dataclass(frozen=True)
class EncodedImage:
    """An image XObject as pyHanko's pil_image writes it (8 bits per component, Flate), its data encoded."""

    width: int
    height: int
    color_space: str  # /DeviceRGB or /DeviceGray
    data: bytes
    smask: "EncodedImage | None" = None

    def add_to(self, writer):
        """A new image XObject (and its soft mask) in the writer: its reference. The entries in pil_image's order."""
        entries = DictionaryObject({pdf_name("/Type"): pdf_name("/XObject"), pdf_name("/Subtype"): pdf_name("/Image"),
                                    pdf_name("/Width"): NumberObject(self.width),
                                    pdf_name("/Height"): NumberObject(self.height)})
        if self.smask is not None:
            entries[pdf_name("/SMask")] = self.smask.add_to(writer)
        entries[pdf_name("/ColorSpace")] = pdf_name(self.color_space)
        entries[pdf_name("/BitsPerComponent")] = NumberObject(8)
        entries[pdf_name("/Filter")] = pdf_name("/FlateDecode")
        return writer.add_object(StreamObject(entries, encoded_data=self.data))


def _flate(image, color_space, smask=None):
    stream = StreamObject(stream_data=image.tobytes())
    stream.compress()
    return EncodedImage(image.width, image.height, color_space, stream.encoded_data, smask)


def encode(image):
    """An RGBA picture as an RGB image XObject with its alpha channel as soft mask."""
    return _flate(image.convert("RGB"), "/DeviceRGB", _flate(image.getchannel("A"), "/DeviceGray"))


@lru_cache(maxsize=64)
def seal_image(png):
    """The seal PNG's image XObject, encoded once per picture (keyed by the PNG's bytes)."""
    return encode(picture(png))


@lru_cache(maxsize=16)
def riding_strips(png, count):
    """Strip i of `count` (one per page) of the picture, encoded, with its width and the picture's in pixels; None
    where a page's share is under a pixel (more pages than picture columns)."""
    image, strips = picture(png), []
    for index in range(count):
        left, right = round(index * image.width / count), round((index + 1) * image.width / count)
        strips.append(None if right <= left else
                      (encode(image.crop((left, 0, right, image.height))), right - left, image.width))
    return tuple(strips)


def _cm(numbers):
    return " ".join(f"{n:.4f}".rstrip("0").rstrip(".") for n in numbers).encode()


@dataclass(frozen=True)
class PictureStyle(BaseStampStyle):
    """A widget appearance that is the picture alone, stretched over exactly width × height points as displayed."""

    image: EncodedImage | None = None
    width_pt: float = 0.0
    height_pt: float = 0.0
    rotate: int = 0
    border_width: int = 0

    def create_stamp(self, writer, box, text_params):
        return PictureAppearance(writer, self)


class PictureAppearance(AppearanceContent):
    def __init__(self, writer, style):
        turned = style.rotate in (90, 270)
        self.user_size = (style.height_pt, style.width_pt) if turned else (style.width_pt, style.height_pt)
        super().__init__(box=layout.BoxConstraints(*self.user_size), writer=writer)
        self.style = style

    def render(self):
        self.set_resource(ResourceType.XOBJECT, pdf_name("/Seal"), self.style.image.add_to(self.writer))
        matrix = image_matrix(self.style.rotate, self.style.width_pt, self.style.height_pt, 0, 0, *self.user_size)
        return b"q " + _cm(matrix) + b" cm /Seal Do Q"

    def as_form_xobject(self):
        return init_xobject_dictionary(self.render(), *self.user_size, resources=self._resources.as_pdf_object())


def draw_picture(writer, page_index, frame, image, x_pt, y_pt, width_pt, height_pt):
    """The picture (an EncodedImage) as page content (not an annotation) at a displayed box, the page's own
    content kept in q … Q."""
    name = "/EsealPicture" + uuid.uuid4().hex
    matrix = image_matrix(frame.rotate, width_pt, height_pt, *frame.user_box(x_pt, y_pt, width_pt, height_pt))
    stream = writer.add_object(StreamObject(stream_data=b"q " + _cm(matrix) + b" cm " + name.encode() + b" Do Q"))
    resources = DictionaryObject({pdf_name("/XObject"): DictionaryObject({pdf_name(name): image.add_to(writer)})})
    writer.add_stream_to_page(page_index, writer.add_object(StreamObject(stream_data=b"q")), prepend=True)
    writer.add_stream_to_page(page_index, writer.add_object(StreamObject(stream_data=b"Q")))
    writer.add_stream_to_page(page_index, stream, resources)


def picture(png):
    """The seal PNG as an RGBA image (its alpha becomes the image's soft mask)."""
    image = Image.open(io.BytesIO(png))
    image.load()
    return image.convert("RGBA")


@contextmanager
def _each_page_found_once(writer):
    """pyHanko's add_stream_to_page finds its page by walking the page tree from the root, for every stream
    (three a page here: N² steps on N pages). Meanwhile each page's answer (page, resources) is kept from its
    first walk: adding content streams changes no page tree node, and only a page's last stream (the picture)
    brings resources."""
    find, found = writer.find_page_for_modification, {}

    def once(index):
        if index not in found:
            found[index] = find(index)
        return found[index]

    writer.find_page_for_modification = once
    try:
        yield
    finally:
        del writer.find_page_for_modification


def draw_strips(writer, frames, riding):
    """Strip i of the riding seal's picture (N = pages) at the right edge of page i, its top at y_mm;
    frames: {page index: PageFrame} of every page."""
    strips, height_pt = riding_strips(riding.seal.picture_png, len(frames)), pt(riding.seal.height_mm)
    with _each_page_found_once(writer):
        for index, frame in sorted(frames.items()):
            if strips[index] is None:
                continue  # more pages than picture columns: this page's share is under a pixel
            strip, columns, of = strips[index]
            width_pt = pt(riding.seal.width_mm) * columns / of
            draw_picture(writer, index, frame, strip, frame.width_pt - width_pt, pt(riding.y_mm), width_pt,
                         height_pt)
