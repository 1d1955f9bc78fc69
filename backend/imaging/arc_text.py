"""Text set along the inside of a circular or elliptical border, as seal engravers set it.

The border is the ellipse x = a·sin θ, y = −b·cos θ (θ = 0 at the top, clockwise; a circle when
a == b). A character is a box of its em height and (narrowed) advance width, standing on the
curve offset inwards from the border. Boxes are spaced by arc length measured along their inner
edge, the side where neighbours crowd, so boxes never overlap whatever the curvature.
"""
import bisect
import functools
import math
from dataclasses import dataclass

_SAMPLES = 256  # per half turn; the arc-length table is linear between samples


@dataclass(frozen=True)
class ArcStyle:
    """How a run of text may adapt: sizes in mm, spans in degrees (the run's full angular extent)."""

    height: float         # em height when there is room
    min_height: float     # the floor when a long name must shrink
    border_gap: float     # from the border's inner edge to the character's em box
    letter_gap: float     # between neighbouring em boxes, at their inner edge
    min_span: float       # short names are spread out to at least this
    max_span: float       # long names are squeezed to at most this
    max_ratio: float      # width / height of a character when there is room
    min_ratio: float      # the narrowest a character may become before it shrinks instead


@dataclass(frozen=True)
class Placement:
    char: str
    x: float      # mm from the centre
    y: float
    angle: float  # radians, clockwise; 0 = upright
    width: float  # mm, the narrowed em box
    height: float


def _point(a, b, theta, inset):
    """The border point at θ moved `inset` mm inwards along its normal."""
    sin, cos = math.sin(theta), math.cos(theta)
    nx, ny = b * sin, -a * cos  # outward normal
    norm = math.hypot(nx, ny)
    return a * sin - inset * nx / norm, -b * cos - inset * ny / norm


@functools.lru_cache(maxsize=512)
def _arc_table(a, b, inset):
    """Cumulative arc length of the inset curve from θ = 0 at θ = kπ/_SAMPLES."""
    lengths, (px, py) = [0.0], _point(a, b, 0.0, inset)
    for k in range(1, _SAMPLES + 1):
        x, y = _point(a, b, math.pi * k / _SAMPLES, inset)
        lengths.append(lengths[-1] + math.hypot(x - px, y - py))
        px, py = x, y
    return tuple(lengths)


def _length_to(table, theta):
    """Arc length from the pole to θ (0 ≤ θ ≤ π)."""
    pos = theta / math.pi * _SAMPLES
    k = min(int(pos), _SAMPLES - 1)
    return table[k] + (table[k + 1] - table[k]) * (pos - k)


def _theta_at(table, length):
    """θ where the arc length from the pole reaches `length` (signed: negative is left)."""
    s = abs(length)
    k = min(max(bisect.bisect_right(table, s) - 1, 0), _SAMPLES - 1)
    step = table[k + 1] - table[k]
    theta = math.pi * (k + (s - table[k]) / step) / _SAMPLES
    return math.copysign(theta, length)


def _fit(a, b, advances, style):
    """(height, ratio, gap): the largest characters, then the widest, that fit the span limits."""
    n, total_advance = len(advances), sum(advances)

    def room(height, span):
        return 2 * _length_to(_arc_table(a, b, style.border_gap + height), math.radians(span) / 2)

    height = style.height
    ratio = (room(height, style.max_span) - n * style.letter_gap) / (total_advance * height)
    if ratio < style.min_ratio:
        low, high = style.min_height, style.height  # shrink: bisect the height where min_ratio just fits
        for _ in range(20):
            height = (low + high) / 2
            if (room(height, style.max_span) - n * style.letter_gap) / (total_advance * height) >= style.min_ratio:
                low = height
            else:
                high = height
        height = low
        ratio = (room(height, style.max_span) - n * style.letter_gap) / (total_advance * height)
    if ratio < style.min_ratio / 2:
        raise ValueError(f"名称共{n}个字，过长，无法刻入印章 / {n} characters do not fit on the seal")
    ratio = min(ratio, style.max_ratio)
    # A short name is spread out to the minimum span, edge to edge: the spare room goes between
    # the characters, not into wider ones.
    spare = room(height, style.min_span) - ratio * height * total_advance - style.letter_gap
    gap = max(style.letter_gap, spare / (n - 1)) if n > 1 else style.letter_gap
    return height, ratio, gap


def layout_arc(text, a, b, style, advance_of, bottom=False):
    """Place `text` left to right, centred on the top (or, with `bottom`, the bottom) of the border.

    At the top a character's foot points to the centre; at the bottom its head does, so both
    runs read left to right for someone holding the seal upright. `advance_of(char)` gives a
    character's advance in em.
    """
    advances = [advance_of(ch) for ch in text]
    height, ratio, gap = _fit(a, b, advances, style)
    table = _arc_table(a, b, style.border_gap + height)
    widths = [ratio * height * adv for adv in advances]
    position = -(sum(widths) + gap * (len(text) - 1)) / 2  # the left edge of the first character
    placements = []
    for ch, width in zip(text, widths):
        theta = _theta_at(table, position + width / 2)
        position += width + gap
        if bottom:
            theta = math.pi - theta
        x, y = _point(a, b, theta, style.border_gap + height / 2)
        dx, dy = a * math.cos(theta), b * math.sin(theta)  # tangent, clockwise
        angle = math.atan2(-dy, -dx) if bottom else math.atan2(dy, dx)
        placements.append(Placement(ch, x, y, angle, width, height))
    return placements
