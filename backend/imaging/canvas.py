"""A coverage mask in millimetres: outlines drawn supersampled, glyphs pasted rotated at sub-pixel positions.

Everything a seal shows is one ink, so the whole seal is a single 8-bit coverage mask; the
RGBA image is the seal red with that mask as its alpha.
"""
import math

from PIL import Image, ImageDraw

MM_PER_INCH = 25.4
# Pentagram: inner radius / outer radius = sin 18° / sin 54° = 1 / φ².
STAR_INNER_RATIO = math.sin(math.radians(18)) / math.sin(math.radians(54))


def mm_to_px(mm: float, dpi: int) -> int:
    """Millimetres at `dpi` as whole pixels (42 mm at 300 dpi → 496)."""
    return round(mm * dpi / MM_PER_INCH)


class SealCanvas:
    """A width × height mm mask with its origin at the seal's centre and y pointing down."""

    def __init__(self, width_mm, height_mm, dpi):
        self.scale = dpi / MM_PER_INCH  # px per mm
        self.size = (mm_to_px(width_mm, dpi), mm_to_px(height_mm, dpi))
        # Pillow draws shapes without anti-aliasing: draw them larger and box-filter down.
        self.supersample = 4 if dpi <= 400 else 2
        big = (self.size[0] * self.supersample, self.size[1] * self.supersample)
        self._shapes = Image.new("L", big)
        self._draw = ImageDraw.Draw(self._shapes)
        self._mask = None

    def px(self, x_mm, y_mm):
        """Canvas pixel coordinates (continuous, pixel i spans [i, i + 1)) of a point in mm."""
        return self.size[0] / 2 + x_mm * self.scale, self.size[1] / 2 + y_mm * self.scale

    def _big(self, x_mm, y_mm):
        x, y = self.px(x_mm, y_mm)
        return x * self.supersample, y * self.supersample

    # Shapes: drawn into the supersampled layer, before any glyph.

    def ellipse(self, a_mm, b_mm, fill):
        left, top = self._big(-a_mm, -b_mm)
        right, bottom = self._big(a_mm, b_mm)
        self._draw.ellipse((left, top, right, bottom), fill=fill)

    def ellipse_ring(self, a_mm, b_mm, width_mm):
        """An elliptical (or, with a == b, circular) border of constant width on both axes."""
        self.ellipse(a_mm, b_mm, 255)
        self.ellipse(a_mm - width_mm, b_mm - width_mm, 0)

    def square_ring(self, half_mm, width_mm, corner_mm):
        """A square border whose outer corners are rounded by corner_mm, as a worn stone's are."""
        for half, corner, fill in ((half_mm, corner_mm, 255), (half_mm - width_mm, 0, 0)):
            left, top = self._big(-half, -half)
            right, bottom = self._big(half, half)
            radius = round(corner * self.scale * self.supersample)
            self._draw.rounded_rectangle((left, top, right - 1, bottom - 1), radius=radius, fill=fill)

    def star(self, x_mm, y_mm, radius_mm):
        """A regular five-pointed star, point up; radius_mm is the circle through its points."""
        points = []
        for k in range(10):
            r = radius_mm if k % 2 == 0 else radius_mm * STAR_INNER_RATIO
            angle = math.radians(-90 + 36 * k)
            points.append(self._big(x_mm + r * math.cos(angle), y_mm + r * math.sin(angle)))
        self._draw.polygon(points, fill=255)

    # Glyphs: pasted at final resolution (FreeType already anti-aliases them).

    @property
    def mask(self):
        if self._mask is None:
            self._mask = self._shapes.reduce(self.supersample)
            self._shapes = self._draw = None
        return self._mask

    def paste_glyph(self, glyph, x_mm, y_mm, angle=0.0):
        """Ink `glyph` (an L image) centred on (x_mm, y_mm), turned clockwise by `angle` radians."""
        cx, cy = self.px(x_mm, y_mm)
        gw, gh = glyph.size
        if angle == 0.0:
            left, top = round(cx - gw / 2), round(cy - gh / 2)
            self.mask.paste(255, (left, top, left + gw, top + gh), glyph)
            return
        cos, sin = math.cos(angle), math.sin(angle)
        half_w = abs(cos) * gw / 2 + abs(sin) * gh / 2
        half_h = abs(sin) * gw / 2 + abs(cos) * gh / 2
        left, top = math.floor(cx - half_w) - 1, math.floor(cy - half_h) - 1
        width, height = math.ceil(cx + half_w) + 1 - left, math.ceil(cy + half_h) + 1 - top
        dx, dy = left - cx, top - cy
        # Output pixel → glyph pixel: translate to the centre, rotate back, shift to the glyph's centre.
        inverse = (cos, sin, cos * dx + sin * dy + gw / 2,
                   -sin, cos, -sin * dx + cos * dy + gh / 2)
        patch = glyph.transform((width, height), Image.Transform.AFFINE, inverse, Image.Resampling.BICUBIC)
        self.mask.paste(255, (left, top, left + width, top + height), patch)

    def to_image(self, rgb):
        """The seal: `rgb` everywhere, opaque where inked, transparent elsewhere."""
        image = Image.new("RGB", self.size, rgb)
        image.putalpha(self.mask)
        return image
