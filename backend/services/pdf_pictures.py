"""Seal pictures drawn on PDF pages at exactly their size in mm, upright in the page's frame as displayed
(pdf_documents.PageFrame: CropBox, /Rotate): a seal's widget appearance, and page content (the riding seal's strips).

Drawn here rather than with pyHanko's StaticStampStyle, whose BoxConstraints round boxes down to whole points:
the picture would come out up to 0.35 mm short, and a narrow riding strip far more.
"""
import io
import uuid
from dataclasses import dataclass

from PIL import Image
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.content import AppearanceContent, ResourceType
from pyhanko.pdf_utils.generic import DictionaryObject, StreamObject, pdf_name
from pyhanko.pdf_utils.images import pil_image
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


def _cm(numbers):
    return " ".join(f"{n:.4f}".rstrip("0").rstrip(".") for n in numbers).encode()


@dataclass(frozen=True)
class PictureStyle(BaseStampStyle):
    """A widget appearance that is the picture alone, stretched over exactly width × height points as displayed."""

    image: Image.Image | None = None
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
        self.set_resource(ResourceType.XOBJECT, pdf_name("/Seal"), pil_image(self.style.image, self.writer))
        matrix = image_matrix(self.style.rotate, self.style.width_pt, self.style.height_pt, 0, 0, *self.user_size)
        return b"q " + _cm(matrix) + b" cm /Seal Do Q"

    def as_form_xobject(self):
        return init_xobject_dictionary(self.render(), *self.user_size, resources=self._resources.as_pdf_object())


def draw_picture(writer, page_index, frame, image, x_pt, y_pt, width_pt, height_pt):
    """The picture as page content (not an annotation) at a displayed box, the page's own content kept in q … Q."""
    name = "/EsealPicture" + uuid.uuid4().hex
    matrix = image_matrix(frame.rotate, width_pt, height_pt, *frame.user_box(x_pt, y_pt, width_pt, height_pt))
    stream = writer.add_object(StreamObject(stream_data=b"q " + _cm(matrix) + b" cm " + name.encode() + b" Do Q"))
    resources = DictionaryObject({pdf_name("/XObject"): DictionaryObject({pdf_name(name): pil_image(image, writer)})})
    writer.add_stream_to_page(page_index, writer.add_object(StreamObject(stream_data=b"q")), prepend=True)
    writer.add_stream_to_page(page_index, writer.add_object(StreamObject(stream_data=b"Q")))
    writer.add_stream_to_page(page_index, stream, resources)


def picture(png):
    """The seal PNG as an RGBA image (its alpha becomes the image's soft mask)."""
    image = Image.open(io.BytesIO(png))
    image.load()
    return image.convert("RGBA")


def draw_strips(writer, frames, riding):
    """Strip i of the riding seal's picture (N = pages) at the right edge of page i, its top at y_mm;
    frames: {page index: PageFrame} of every page."""
    image = picture(riding.seal.picture_png)
    count, height_pt = len(frames), pt(riding.seal.height_mm)
    for index, frame in sorted(frames.items()):
        left, right = round(index * image.width / count), round((index + 1) * image.width / count)
        if right <= left:
            continue  # more pages than picture columns: this page's share is under a pixel
        width_pt = pt(riding.seal.width_mm) * (right - left) / image.width
        draw_picture(writer, index, frame, image.crop((left, 0, right, image.height)), frame.width_pt - width_pt,
                     pt(riding.y_mm), width_pt, height_pt)
