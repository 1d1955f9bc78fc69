"""Seal images: true-size transparent PNGs of an enterprise's seals, in seal red.

Sizes (mm) and their sources
----------------------------
公章 (法定名称章, "official")
    Round, Ø 42, border 1.2, a five-pointed star Ø 14 (across its points) in the centre, the
    enterprise name from left to right along the upper arc. The round shape, the central star and
    the name "自左而右环行" are the 国务院《关于国家行政机关和企业事业单位社会团体印章管理的规定》
    (国发〔1999〕25号) rule for enterprise seals; Ø 42 / border 1.2 / star 14 is the common engraving
    practice for a company's 公章. Once the seal is filed with the police (公安部 GA 241-2000
    《印章治安管理信息系统》) its 13-digit 印章编码 is engraved small (digits 2.0 tall) along the
    lower arc; before filing there is none.
合同专用章 / 财务专用章 ("contract", "finance")
    Round, Ø 40, border 1.0 (common practice for 专用章, within the usual 38–40), star Ø 12 a little
    above the centre, the name on the upper arc, the seal's own name in a straight line under the
    star (em 4.4 tall), and the 印章编码 on the lower arc (digits 1.9 tall) once filed.
发票专用章 ("invoice")
    国家税务总局公告2011年第7号: ellipse 40 × 30, border 1; the taxpayer's name along the upper arc
    (characters 4.2 tall, width by the number of characters, 0.5 from the border, spread over
    210–260°); the 18-character 纳税人识别号 (统一社会信用代码) across the middle, digits 3.7 tall, 26
    wide in all; "发票专用章" below it (4.6 tall, 3 wide, its top 4.2 below the centre). The
    notice's optional sequence number "(1)" is not drawn, nor is the 印章编码: the notice fixes the face.
法定代表人名章 ("personal"; also the 执行事务合伙人 / 负责人 seal)
    Square, side 20, border 1.0, outer corners rounded 0.8 (common practice for a 名章, 18–20).
    The name reads right to left in columns: 2 characters stand in two columns stretched to full
    height (the name is drawn exactly as registered, so no 之印 is added); 3 characters put the
    surname alone in the right column at full height and the given name stacked on the left (a
    compound surname such as 欧阳 stacks on the right instead); 4 make a 2 × 2 grid read down the
    right column first. No 印章编码: a name seal has no room for it.

Lettering: a serif (宋体-like) CJK face, Noto Serif CJK SC Bold from Debian's fonts-noto-cjk by
default (the rules above ask for 宋体 / 仿宋; this is the closest free face). Arc text stands
upright to the border (foot to the centre at the top, head to the centre at the bottom, both
read left to right). Names are fitted first by spreading or narrowing the characters (down to
half their height), then by shrinking them, so 2 to 40 characters fit the ring without overlap;
sizes above are the upper limits. All heights are em heights except digits, given by digit height.

Everything is one ink, opaque seal red (#E60012) with anti-aliased edges in the alpha channel, on
a transparent ground; px = mm × dpi / 25.4, and the PNG records the dpi so it prints at true size.
"""
import io
import unicodedata
import zlib
from dataclasses import dataclass, replace

from PIL import Image

from .canvas import MM_PER_INCH, SealCanvas, mm_to_px
from .fonts import SealFontError, default_font_path, load_font, missing_glyphs
from .layouts import INVOICE, OFFICIAL, PERSONAL, SPECIAL, invoice_parts, personal_parts, round_parts

__all__ = ["SealSpec", "SealFontError", "render_seal", "render_seal_png", "seal_parts", "seal_size_mm", "mm_to_px",
           "load_font", "default_font_path", "SEAL_RED", "MM_PER_INCH", "drawable_spec", "render_outline_png"]

SEAL_RED = (0xE6, 0x00, 0x12)
# Measured on a 42 mm seal at 300 dpi: zlib's run-length strategy encodes in ~4.8 ms to 42 KB, against
# 5.3 ms / 58 KB at level 1 and 10 ms / 48 KB at level 6 with the default strategy (scripts/bench).
PNG_COMPRESS_LEVEL = 6
PNG_COMPRESS_TYPE = zlib.Z_RLE
MIN_DPI, MAX_DPI = 30, 1200  # below, nothing is legible; above, a request could ask for a huge image
_LABELS = {"contract": "合同专用章", "finance": "财务专用章"}
PLACEHOLDER = "□"  # stands for a character the face cannot draw: visibly not the registered name


@dataclass(frozen=True)
class SealSpec:
    type: str            # "official" | "finance" | "invoice" | "contract" | "personal"
    enterprise_name: str
    seal_name: str       # e.g. "公章", "合同专用章", "法定代表人名章"
    code: str | None     # 13-digit 印章编码, None before filing
    credit_code: str | None = None   # 统一社会信用代码, used by the invoice seal
    person_name: str | None = None   # for "personal"


def seal_size_mm(spec_type: str) -> tuple[float, float]:
    """(width, height) of a seal type in mm."""
    if spec_type == "official":
        size = (OFFICIAL.diameter, OFFICIAL.diameter)
    elif spec_type in ("contract", "finance"):
        size = (SPECIAL.diameter, SPECIAL.diameter)
    elif spec_type == "invoice":
        size = (INVOICE.width, INVOICE.height)
    elif spec_type == "personal":
        size = (PERSONAL.side, PERSONAL.side)
    else:
        raise ValueError(f"未知的印章类型：{spec_type!r} / unknown seal type")
    return float(size[0]), float(size[1])


def _required(value, what):
    text = (value or "").strip()
    if not text:
        raise ValueError(f"缺少{what}，无法绘制印章 / the seal needs its {what}")
    return text


def _checked(spec):
    """The spec with its texts trimmed, refused when a text the seal shows is missing or malformed."""
    seal_size_mm(spec.type)
    if spec.type == "personal":
        return replace(spec, person_name=_required(spec.person_name, "姓名"))
    spec = replace(spec, enterprise_name=_required(spec.enterprise_name, "企业名称"))
    if spec.code is not None and not (len(spec.code) == 13 and spec.code.isascii() and spec.code.isdigit()):
        raise ValueError(f"印章编码应为13位数字：{spec.code!r} / the seal code must be 13 digits")
    if spec.type == "invoice":
        credit_code = _required(spec.credit_code, "统一社会信用代码")
        if len(credit_code) != 18 or not (credit_code.isascii() and credit_code.isalnum()):
            raise ValueError(f"统一社会信用代码应为18位：{credit_code!r} / the credit code must be 18 characters")
        spec = replace(spec, credit_code=credit_code)
    return spec


def seal_parts(spec, font_path=None):
    """The seal's parts by name ("border", "star", "name", "label", "code", "credit_code"), in drawing order.

    Each is a function drawing onto a SealCanvas; render_seal draws them all onto one.
    """
    spec = _checked(spec)
    font_path = font_path or default_font_path()
    load_font(font_path, 32)  # fails early, with the path and the package to install
    if spec.type == "personal":
        return personal_parts(spec.person_name, font_path, PERSONAL)
    if spec.type == "invoice":
        return invoice_parts(spec, font_path, INVOICE, "发票专用章")  # the label is fixed by the 2011 notice
    if spec.type == "official":
        return round_parts(spec, font_path, OFFICIAL, None)
    return round_parts(spec, font_path, SPECIAL, (spec.seal_name or "").strip() or _LABELS[spec.type])


def render_seal(spec: SealSpec, dpi: int = 300, font_path: str | None = None) -> Image.Image:
    """The seal as an RGBA image, true size at `dpi`."""
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise ValueError(f"dpi 应在 {MIN_DPI}–{MAX_DPI} 之间：{dpi} / dpi must be within {MIN_DPI}–{MAX_DPI}")
    parts = seal_parts(spec, font_path)
    canvas = SealCanvas(*seal_size_mm(spec.type), dpi)
    for draw in parts.values():
        draw(canvas)
    return canvas.to_image(SEAL_RED)


def _png(image, dpi):
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=False, compress_level=PNG_COMPRESS_LEVEL, compress_type=PNG_COMPRESS_TYPE,
               dpi=(dpi, dpi))
    return buffer.getvalue()


def render_seal_png(spec: SealSpec, dpi: int = 300, font_path: str | None = None) -> bytes:
    """The seal as PNG bytes: the same spec always gives the same bytes (no time or text chunks)."""
    return _png(render_seal(spec, dpi, font_path), dpi)


def _drawable(text, font_path):
    if text is None:
        return None
    visible = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))
    missing = set(missing_glyphs(font_path, visible))
    return "".join(PLACEHOLDER if ch in missing else ch for ch in visible)


def drawable_spec(spec: SealSpec, font_path: str | None = None) -> SealSpec:
    """The spec with invisible characters left out and each one the face cannot draw shown as □."""
    font_path = font_path or default_font_path()
    return replace(spec, enterprise_name=_drawable(spec.enterprise_name, font_path),
                   seal_name=_drawable(spec.seal_name, font_path), person_name=_drawable(spec.person_name, font_path))


def render_outline_png(spec_type: str, dpi: int = 300) -> bytes:
    """Only the seal's border (and star), no text: the picture of a seal whose text cannot be drawn at all."""
    canvas = SealCanvas(*seal_size_mm(spec_type), dpi)
    if spec_type == "personal":
        canvas.square_ring(PERSONAL.side / 2, PERSONAL.border, PERSONAL.corner)
    elif spec_type == "invoice":
        canvas.ellipse_ring(INVOICE.width / 2, INVOICE.height / 2, INVOICE.border)
    else:
        seal = OFFICIAL if spec_type == "official" else SPECIAL
        canvas.ellipse_ring(seal.diameter / 2, seal.diameter / 2, seal.border)
        canvas.star(0, seal.star_y, seal.star_diameter / 2)
    return _png(canvas.to_image(SEAL_RED), dpi)

