"""One policy for user-entered text: normalise to NFC, fold full-width letters and digits, trim, refuse the invisible.

NFC, not NFKC: NFKC would also fold the full-width punctuation that Chinese names and addresses are
written with — （分公司）, ，, ： — into ASCII, so the name on a seal or a licence would no longer be the
name as registered, and it rewrites compatibility characters (①, ㈱, ℃) behind the writer's back.
What Chinese IMEs do produce by accident is full-width letters and digits (ＡＢＣ, １３９…); those, and
only those, are folded to ASCII, the same fold the identifiers (phones, 身份证号, 统一社会信用代码, SMS
codes) get before they are checked or hashed, so a full-width variant is the same string, not another.

Refused anywhere in a field, with a message naming the field: controls (Cc, NUL included), format
characters (Cf: bidi controls, zero-width characters, the BOM), surrogates (Cs), private-use (Co)
and unassigned (Cn) code points, and line or paragraph separators (Zl, Zp): every field is one line.
"""
import unicodedata

# U+FF01–U+FF5E are the full-width forms of U+0021–U+007E; only letters and digits are folded.
_FULL_WIDTH_ALNUM = {cp: cp - 0xFEE0 for start, end in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
                     for cp in range(start, end + 1)}
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp"})
_UNKNOWN = frozenset({"Cs", "Co", "Cn"})


def fold_width(text):
    """Full-width letters and digits (ＡＢＣ１２３) as ASCII; everything else unchanged."""
    return text.translate(_FULL_WIDTH_ALNUM)


def normalise(text):
    """NFC, full-width letters and digits folded, surrounding white space (also U+3000) trimmed."""
    return fold_width(unicodedata.normalize("NFC", text)).strip()


def _refused(ch):
    category = unicodedata.category(ch)
    return category in _INVISIBLE or category in _UNKNOWN


def text_problem(text, what="输入内容"):
    """None when `text` (already normalised) holds no refused character, else the Chinese reason naming `what`."""
    if text.isascii() and text.isprintable():
        return None
    bad = next((ch for ch in text if _refused(ch)), None)
    if bad is None:
        return None
    code = f"U+{ord(bad):04X}"
    if unicodedata.category(bad) in _INVISIBLE:
        return f"{what}含有不可见字符或控制字符（{code}），请删除后重试"
    return f"{what}含有无法识别的字符（{code}），请修改后重试"
