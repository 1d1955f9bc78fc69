"""The geometry of each seal type, in mm, and the drawing of its face (sources: seal_image's docstring)."""
import dataclasses
import math
from dataclasses import dataclass

from .arc_text import ArcStyle, layout_arc
from .fonts import advance_ratio, em_for_digit_height, glyph, require_glyphs


@dataclass(frozen=True)
class Line:
    """A straight, horizontally centred run: em height, em-box width and pitch per character, mm."""

    height: float
    width: float
    pitch: float
    centre_y: float


@dataclass(frozen=True)
class RoundSeal:
    diameter: float
    border: float
    star_diameter: float
    star_y: float
    name: ArcStyle
    code_digit_height: float   # ink height of the 印章编码 digits
    code: ArcStyle             # its height fields are set from code_digit_height at draw time
    label: Line | None         # the seal's own name under the star (专用章)


@dataclass(frozen=True)
class InvoiceSeal:
    width: float
    height: float
    border: float
    name: ArcStyle
    credit_digit_height: float
    credit_width: float        # the 18 characters together
    label: Line


@dataclass(frozen=True)
class NameSeal:
    side: float
    border: float
    corner: float              # outer corner radius
    padding: float             # between the border and the characters
    gap: float                 # between columns and between stacked characters


_CODE = ArcStyle(height=0, min_height=0, border_gap=0.35, letter_gap=0.22, min_span=0, max_span=180,
                 max_ratio=0.8, min_ratio=0.8)

OFFICIAL = RoundSeal(
    diameter=42, border=1.2, star_diameter=14, star_y=0,
    name=ArcStyle(height=6.4, min_height=2.6, border_gap=0.6, letter_gap=0.3, min_span=120, max_span=280,
                  max_ratio=0.85, min_ratio=0.5),
    code_digit_height=2.0, code=_CODE, label=None)

SPECIAL = RoundSeal(
    diameter=40, border=1.0, star_diameter=12, star_y=-0.8,
    name=ArcStyle(height=5.6, min_height=2.4, border_gap=0.5, letter_gap=0.3, min_span=120, max_span=250,
                  max_ratio=0.85, min_ratio=0.5),
    code_digit_height=1.9, code=_CODE, label=Line(height=4.4, width=3.4, pitch=3.8, centre_y=8.4))

INVOICE = InvoiceSeal(
    width=40, height=30, border=1.0,
    name=ArcStyle(height=4.2, min_height=2.2, border_gap=0.5, letter_gap=0.25, min_span=210, max_span=260,
                  max_ratio=0.85, min_ratio=0.5),
    credit_digit_height=3.7, credit_width=26, label=Line(height=4.6, width=3.0, pitch=3.5, centre_y=4.2 + 2.3))

PERSONAL = NameSeal(side=20, border=1.0, corner=0.8, padding=0.7, gap=0.4)


def _paste_placements(canvas, font_path, placements):
    for p in placements:
        size = max(1, round(p.height * canvas.scale))
        image = glyph(font_path, size, p.char, max(1, round(p.width * canvas.scale)), size)
        canvas.paste_glyph(image, p.x, p.y, p.angle)


def _paste_cell(canvas, font_path, char, x, y, width, height):
    """`char`'s em box stretched to width × height mm, centred on (x, y)."""
    size = max(1, round(max(width, height) * canvas.scale))  # render large, then narrow: never enlarge
    image = glyph(font_path, size, char, max(1, round(width * canvas.scale)), max(1, round(height * canvas.scale)))
    canvas.paste_glyph(image, x, y)


def _draw_line(canvas, font_path, text, line):
    left = -line.pitch * (len(text) - 1) / 2
    for i, ch in enumerate(text):
        _paste_cell(canvas, font_path, ch, left + i * line.pitch, line.centre_y, line.width, line.height)


def _advance(font_path):
    return lambda ch: advance_ratio(font_path, ch)


def _code_style(font_path, seal):
    em = em_for_digit_height(font_path, seal.code_digit_height)
    return dataclasses.replace(seal.code, height=em, min_height=em)


def round_parts(spec, font_path, seal, label):
    """The round seal's parts in drawing order (outlines first), each a function of the canvas."""
    require_glyphs(font_path, spec.enterprise_name + (label or "") + (spec.code or ""))
    radius = seal.diameter / 2
    inner = radius - seal.border
    name = layout_arc(spec.enterprise_name, inner, inner, seal.name, _advance(font_path))
    parts = {
        "border": lambda canvas: canvas.ellipse_ring(radius, radius, seal.border),
        "star": lambda canvas: canvas.star(0, seal.star_y, seal.star_diameter / 2),
        "name": lambda canvas: _paste_placements(canvas, font_path, name),
    }
    if seal.label and label:
        parts["label"] = lambda canvas: _draw_line(canvas, font_path, label, seal.label)
    if spec.code:
        code = layout_arc(spec.code, inner, inner, _code_style(font_path, seal), _advance(font_path), bottom=True)
        parts["code"] = lambda canvas: _paste_placements(canvas, font_path, code)
    return parts


def invoice_parts(spec, font_path, seal, label):
    require_glyphs(font_path, spec.enterprise_name + spec.credit_code + label)
    a, b = seal.width / 2, seal.height / 2
    name = layout_arc(spec.enterprise_name, a - seal.border, b - seal.border, seal.name, _advance(font_path))
    # 18 equal cells across 26 mm, each character's em box narrowed to its cell, digits 3.7 mm tall.
    pitch = seal.credit_width / len(spec.credit_code)
    credit = Line(height=em_for_digit_height(font_path, seal.credit_digit_height), width=pitch, pitch=pitch,
                  centre_y=0)
    return {
        "border": lambda canvas: canvas.ellipse_ring(a, b, seal.border),
        "name": lambda canvas: _paste_placements(canvas, font_path, name),
        "credit_code": lambda canvas: _draw_line(canvas, font_path, spec.credit_code, credit),
        "label": lambda canvas: _draw_line(canvas, font_path, label, seal.label),
    }


# The common two-character surnames: with a one-character given name, the surname takes the right column.
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 端木 南宫 西门 独孤 "
    "百里 呼延 澹台 申屠 太史 闻人 万俟 赫连 拓跋 淳于 单于 公冶 濮阳 东郭 左丘".split())


def _name_cells(name, box):
    """(char, x, y, width, height) per character, read right to left as Chinese seals are.

    2 characters: two columns, each character stretched to the full height.
    3: the surname alone in the right column, full height, the given name stacked on the left
       (a two-character surname instead stacks on the right and the given name stands full height).
    4: two by two, the right column read top to bottom first.
    More: two columns, the right one holding the first half.
    """
    half = box / 2
    n = len(name)
    if n == 1:
        return [(name, 0, 0, box, box)]
    if n == 3:
        per_column = [2, 1] if name[:2] in COMPOUND_SURNAMES else [1, 2]
    else:
        per_column = [math.ceil(n / 2), n // 2]
    cells, chars = [], iter(name)
    for column, count in enumerate(per_column):
        x = half / 2 if column == 0 else -half / 2
        row_height = box / count
        for row in range(count):
            y = -half + row_height * (row + 0.5)
            cells.append((next(chars), x, y, half, row_height))
    return cells


def personal_parts(name, font_path, seal):
    require_glyphs(font_path, name)
    box = seal.side - 2 * (seal.border + seal.padding)

    def draw_name(canvas):
        for ch, x, y, width, height in _name_cells(name, box):
            _paste_cell(canvas, font_path, ch, x, y, width - seal.gap, height - seal.gap)

    return {"border": lambda canvas: canvas.square_ring(seal.side / 2, seal.border, seal.corner), "name": draw_name}
