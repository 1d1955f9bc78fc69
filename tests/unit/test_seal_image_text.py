"""Seal lettering: the face, no missing glyphs, names of 2 to 40 characters inside the ring, name seals."""
import math

import pytest
from PIL import ImageChops, ImageFont

from backend.imaging import SealFontError, SealSpec, default_font_path, load_font, render_seal
from backend.imaging.canvas import SealCanvas
from backend.imaging.fonts import NOTO_SERIF_CJK_BOLD, glyph_is_missing
from backend.imaging.layouts import OFFICIAL, SPECIAL, _name_cells

NAME_2 = "星河"
NAME_40 = "广州市天河区珠江新城星河湾国际数字科技创新研究与发展服务中心有限责任公司第一分部"
REAL_NAMES = ["广州星河科技有限公司", "广东粤海（集团）有限公司", "深圳市前海微众银行股份有限公司", NAME_40]


def name_ink(seal_type, name, seal):
    """Alpha the name adds to a seal with neither code nor label: the seal minus its ring and star."""
    image = render_seal(SealSpec(seal_type, name, "", None))
    radius = seal.diameter / 2
    shapes = SealCanvas(seal.diameter, seal.diameter, 300)
    shapes.ellipse_ring(radius, radius, seal.border)
    shapes.star(0, seal.star_y, seal.star_diameter / 2)
    return ImageChops.subtract(image.getchannel("A"), shapes.mask)


def polar(mask, threshold):
    """(radius px, angle clockwise from the top in degrees) of each pixel of mask above threshold."""
    centre, width = mask.width / 2, mask.width
    points = []
    for i, a in enumerate(mask.tobytes()):
        if a > threshold:
            dx, dy = i % width + 0.5 - centre, i // width + 0.5 - centre
            points.append((math.hypot(dx, dy), math.degrees(math.atan2(dx, -dy))))
    return points


def angular_runs(angles, gap=1.0):
    """How many separate angular intervals the angles fall into, split where `gap` degrees stay empty.

    Inside a character, neighbouring pixels are at most ~0.4° apart (1 px at the name's inner radius).
    """
    ordered = sorted(angles)
    return 1 + sum(1 for a, b in zip(ordered, ordered[1:]) if b - a > gap)


def test_default_font_is_debians_noto_serif_cjk():
    assert NOTO_SERIF_CJK_BOLD == "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"


def test_default_font_path_honours_the_environment(monkeypatch):
    monkeypatch.setenv("ESEAL_SEAL_FONT", "/srv/fonts/seal.otf")
    assert default_font_path() == "/srv/fonts/seal.otf"
    monkeypatch.delenv("ESEAL_SEAL_FONT")
    assert default_font_path() == NOTO_SERIF_CJK_BOLD


def test_simplified_chinese_face_of_the_collection_is_used():
    assert load_font(default_font_path(), 40).getname() == ("Noto Serif CJK SC", "Bold")


def test_missing_font_file_is_a_clear_error(tmp_path):
    missing = str(tmp_path / "NoSuchFont.ttc")
    with pytest.raises(SealFontError) as error:
        render_seal(SealSpec("official", REAL_NAMES[0], "公章", None), font_path=missing)
    message = str(error.value)
    assert missing in message
    assert "fonts-noto-cjk" in message
    assert "找不到印章字体" in message


def test_a_file_that_is_no_font_is_a_clear_error(tmp_path):
    not_a_font = tmp_path / "seal.ttf"
    not_a_font.write_bytes(b"not a font")
    with pytest.raises(SealFontError, match="无法读取印章字体"):
        load_font(str(not_a_font), 32)


def test_a_face_without_chinese_is_refused_at_load():
    latin_only = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    try:
        ImageFont.truetype(latin_only, 20)
    except OSError:
        pytest.skip("DejaVu is not installed")
    with pytest.raises(SealFontError, match="缺少字符"):
        load_font(latin_only, 32)


def test_name_with_a_character_the_face_lacks_is_refused_not_drawn_as_a_box():
    rare = "\U00020000"  # CJK Extension B: not in Noto Serif CJK SC
    with pytest.raises(SealFontError) as error:
        render_seal(SealSpec("official", f"广州{rare}科技有限公司", "公章", None))
    assert "U+20000" in str(error.value)


def test_person_name_with_a_character_the_face_lacks_is_refused():
    with pytest.raises(SealFontError):
        render_seal(SealSpec("personal", REAL_NAMES[0], "法定代表人名章", None, person_name="王\ue000"))


@pytest.mark.parametrize("text", REAL_NAMES + ["合同专用章财务专用章发票专用章", "91440101MA5CXXXX7R", "欧阳志远李明张晓峰"])
def test_every_character_drawn_differs_from_the_missing_glyph_box(text):
    font = load_font(default_font_path(), 48)
    notdef = font.getmask("\uffff")
    for ch in text:
        mask = font.getmask(ch)
        assert (mask.size, bytes(mask)) != (notdef.size, bytes(notdef)), ch
        assert not glyph_is_missing(default_font_path(), ch)


@pytest.mark.parametrize("name", [NAME_2, "国国国国国国国国国国国国", NAME_40])
def test_official_name_stays_inside_the_ring_and_clear_of_the_star(name):
    scale = 300 / 25.4
    inner = (OFFICIAL.diameter / 2 - OFFICIAL.border) * scale
    star = OFFICIAL.star_diameter / 2 * scale
    points = polar(name_ink("official", name, OFFICIAL), 8)
    assert points
    assert max(r for r, _ in points) < inner - 0.2 * scale
    assert min(r for r, _ in points) > star + 1 * scale


@pytest.mark.parametrize("name", [NAME_2, NAME_40])
def test_special_seal_name_stays_inside_the_ring(name):
    inner = (SPECIAL.diameter / 2 - SPECIAL.border) * 300 / 25.4
    assert max(r for r, _ in polar(name_ink("contract", name, SPECIAL), 8)) < inner - 2


@pytest.mark.parametrize("count", [2, 3, 8, 14, 24, 40])
def test_neighbouring_characters_never_touch(count):
    # 国 is boxed: each character is one angular run, so touching neighbours would merge two runs.
    angles = [a for _, a in polar(name_ink("official", "国" * count, OFFICIAL), 64)]
    assert angular_runs(angles) == count


def test_arc_span_grows_with_the_number_of_characters():
    spans = []
    for count in (2, 10, 40):
        angles = [a for _, a in polar(name_ink("official", "国" * count, OFFICIAL), 64)]
        spans.append(max(angles) - min(angles))
    assert 100 < spans[0] < spans[1] < spans[2] < 290


def test_long_names_are_drawn_smaller_than_short_ones():
    def depth(name):
        radii = [r for r, _ in polar(name_ink("official", name, OFFICIAL), 64)]
        return max(radii) - min(radii)
    assert depth(NAME_40) < depth("国" * 10) * 0.7


def test_name_seal_reads_right_to_left_in_columns():
    four = _name_cells("欧阳志远", 16)
    assert [ch for ch, *_ in four] == list("欧阳志远")
    (_, x0, y0, *_), (_, x1, y1, *_), (_, x2, y2, *_), (_, x3, y3, *_) = four
    assert x0 == x1 > 0 > x2 == x3  # the first column is the right one
    assert y0 == y2 < 0 < y1 == y3


def test_three_character_name_gives_the_surname_the_whole_right_column():
    surname, first, second = _name_cells("张晓峰", 16)
    assert surname[1] > 0 and surname[4] == 16
    assert first[1] == second[1] < 0 and first[4] == second[4] == 8


def test_two_character_name_stands_in_two_full_height_columns():
    right, left = _name_cells("李明", 16)
    assert right[0] == "李" and right[1] > 0 > left[1]
    assert right[4] == left[4] == 16


def test_name_seal_has_ink_in_both_columns_and_a_clear_corner():
    image = render_seal(SealSpec("personal", REAL_NAMES[0], "法定代表人名章", None, person_name="张晓峰"))
    alpha = image.getchannel("A")
    quarter = alpha.width // 4
    assert alpha.crop((quarter * 2, quarter, quarter * 3, quarter * 3)).getbbox()  # right column
    assert alpha.crop((quarter, quarter, quarter * 2, quarter * 3)).getbbox()  # left column
    assert alpha.getpixel((0, 0)) == 0


def test_compound_surname_takes_the_right_column_of_a_three_character_name():
    first, second, given = _name_cells("欧阳锋", 16)
    assert first[1] == second[1] > 0 and first[4] == second[4] == 8
    assert given[0] == "锋" and given[1] < 0 and given[4] == 16
