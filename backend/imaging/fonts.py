"""The seal face: loading, glyph coverage checks and cached glyph bitmaps."""
import functools
import os
import unicodedata

from PIL import Image, ImageDraw, ImageFont

FONT_ENV = "ESEAL_SEAL_FONT"
NOTO_SERIF_CJK_BOLD = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"
# Face order inside Noto's CJK collections: JP 0, KR 1, SC 2, TC 3, HK 4.
_SC_FACE_INDEX = 2
_DEBIAN_PACKAGE = "fonts-noto-cjk"
# Characters every seal draws (the seal names and the 印章编码 digits): a face without them is the wrong face.
_REQUIRED = "公司合同财务发票专用章法定代表人名印之0123456789"
_CHECK_SIZE = 32  # px; the coverage check is size independent
_NOTDEF_PROBE = "\uffff"  # a noncharacter: no font maps it, so it draws the .notdef box


class SealFontError(RuntimeError):
    """The seal face is missing, unreadable or lacks a character the seal needs."""


def default_font_path() -> str:
    """ESEAL_SEAL_FONT if set, otherwise Debian's Noto Serif CJK Bold collection."""
    return os.environ.get(FONT_ENV) or NOTO_SERIF_CJK_BOLD


def _open(font_path, size):
    if not os.path.isfile(font_path):
        raise SealFontError(
            f"找不到印章字体文件：{font_path}。请安装 Debian 软件包 {_DEBIAN_PACKAGE}（apt-get install {_DEBIAN_PACKAGE}），"
            f"或用环境变量 {FONT_ENV} 指定一个中文字体。 / Seal font not found: {font_path}. "
            f"Install the Debian package {_DEBIAN_PACKAGE} or point {FONT_ENV} at a CJK font.")
    index = _SC_FACE_INDEX if font_path.lower().endswith(".ttc") else 0
    try:
        return ImageFont.truetype(font_path, size, index=index)
    except OSError:
        if index == 0:
            raise SealFontError(f"无法读取印章字体文件：{font_path} / Cannot read the seal font {font_path}") from None
        # A collection with fewer faces than Noto's: its first face is the only sensible choice.
        try:
            return ImageFont.truetype(font_path, size, index=0)
        except OSError:
            raise SealFontError(f"无法读取印章字体文件：{font_path} / Cannot read the seal font {font_path}") from None


@functools.lru_cache(maxsize=256)
def load_font(font_path: str, size: int) -> ImageFont.FreeTypeFont:
    """The face at `size` px, checked once per path for the characters every seal needs."""
    font = _open(font_path, size)
    require_glyphs(font_path, _REQUIRED)
    return font


@functools.lru_cache(maxsize=16)
def _notdef_mask(font_path):
    font = _open(font_path, _CHECK_SIZE)
    mask = font.getmask(_NOTDEF_PROBE)
    return mask.size, bytes(mask)


@functools.lru_cache(maxsize=8192)
def glyph_is_missing(font_path, char):
    """True when the face draws `char` as its .notdef box (the "tofu" a reader would see)."""
    if char.isspace():
        return False
    mask = _open_check_font(font_path).getmask(char)
    return (mask.size, bytes(mask)) == _notdef_mask(font_path)


@functools.lru_cache(maxsize=16)
def _open_check_font(font_path):
    return _open(font_path, _CHECK_SIZE)


def missing_glyphs(font_path, text):
    """The characters of `text` the face cannot draw, each once, in order of appearance."""
    return [ch for ch in dict.fromkeys(text) if glyph_is_missing(font_path, ch)]


def require_glyphs(font_path, text):
    """Raise SealFontError naming every character of `text` the face cannot draw."""
    missing = sorted(missing_glyphs(font_path, text))
    if missing:
        names = "、".join(f"“{ch}”(U+{ord(ch):04X} {unicodedata.name(ch, '?')})" for ch in missing)
        raise SealFontError(f"印章字体 {font_path} 缺少字符 {names}，无法刻制印文 / "
                            f"The seal font {font_path} has no glyph for {names}")


@functools.lru_cache(maxsize=16)
def _metrics(font_path):
    """(ink centre above the baseline, digit height), both in em, measured on the face itself."""
    font = _open(font_path, 1000)
    _, top, _, bottom = font.getbbox("国", anchor="ls")  # a character that fills the ideographic em box
    _, digit_top, _, digit_bottom = font.getbbox("0", anchor="ls")
    return -(top + bottom) / 2000, (digit_bottom - digit_top) / 1000


def em_for_digit_height(font_path, height):
    """The em whose digits stand `height` tall (any unit): Latin text is specified by digit height."""
    return height / _metrics(font_path)[1]


@functools.lru_cache(maxsize=4096)
def glyph(font_path, size, char, width_px, height_px):
    """`char` drawn white on black in its em box (advance × em), resized to width_px × height_px.

    Cached and shared between renders: callers read it, never draw on it.

    Every glyph of a seal is laid out by its em box, so CJK characters and digits share one
    centre line. Resizing here (with Pillow's filtered resampling) narrows or stretches the
    character before any rotation, which keeps thin strokes from aliasing.
    """
    font = load_font(font_path, size)
    advance = max(1, round(font.getlength(char)))
    centre_above_baseline = _metrics(font_path)[0] * size
    image = Image.new("L", (advance, size))
    ImageDraw.Draw(image).text((0, size / 2 + centre_above_baseline), char, font=font, fill=255, anchor="ls")
    if (width_px, height_px) != image.size:
        image = image.resize((max(1, width_px), max(1, height_px)), Image.Resampling.BICUBIC)
    return image


@functools.lru_cache(maxsize=8192)
def advance_ratio(font_path, char):
    """The character's advance width as a fraction of the em (1.0 for ideographs, ~0.6 for digits)."""
    return load_font(font_path, 1000).getlength(char) / 1000
