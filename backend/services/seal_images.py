"""Which picture a seal shows, and its content digest (the image URL's version and ETag)."""
import hashlib
import logging
import unicodedata

from ..imaging import SealFontError, SealSpec, drawable_spec, missing_glyphs, render_outline_png, render_seal_png
from .seals import seal_name

log = logging.getLogger(__name__)

# Bump when the drawing changes, so that cached images are not reused across versions.
RENDERER_VERSION = "1"
SIZES = {"full": 300, "thumb": 96}
CACHE_SECONDS = 7 * 24 * 3600  # dpi: true size for 印章预览, small for lists


def spec_for(seal):
    enterprise = seal.enterprise
    return SealSpec(type=seal.type, enterprise_name=seal.engraved_name or enterprise.name, seal_name=seal_name(seal),
                    code=seal.code, credit_code=enterprise.credit_code, person_name=enterprise.principal_name)


def digest(spec, dpi):
    """Stable hash of everything the picture depends on; no rendering needed to know it."""
    key = "\x1f".join([RENDERER_VERSION, str(dpi), spec.type, spec.enterprise_name, spec.seal_name,
                       spec.code or "", spec.credit_code or "", spec.person_name or ""])
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def png(spec, dpi, font_path, cache):
    """The PNG bytes; deterministic, so any cache (shared or per process) may keep them."""
    key = f"seal-png:{digest(spec, dpi)}"
    body = cache.get(key)
    if body is None:
        body = _render(spec, dpi, font_path)
        cache.set(key, body, CACHE_SECONDS)
    return body


def _undrawable(spec, font_path):
    """The code points behind a failed picture (never the names themselves, which may be a person's)."""
    texts = "".join(t or "" for t in (spec.enterprise_name, spec.seal_name, spec.person_name))
    odd = [ch for ch in texts if unicodedata.category(ch) in ("Cc", "Cf", "Cs")]
    return " ".join(f"U+{ord(ch):04X}" for ch in dict.fromkeys(odd + missing_glyphs(font_path, texts))) or "none"


def _render(spec, dpi, font_path):
    """Never fails on stored data: invisible characters are left out and ones the face cannot draw become □ (a name
    stored before names were checked), and a seal whose text cannot be laid out at all shows its outline only.
    Both are logged with the code points at fault."""
    drawn = drawable_spec(spec, font_path)
    try:
        body = render_seal_png(drawn, dpi=dpi, font_path=font_path)
    except (SealFontError, ValueError) as exc:
        log.error("seal picture (%s) drawn as its outline only (%s; characters %s)", spec.type, type(exc).__name__,
                  _undrawable(spec, font_path))
        return render_outline_png(spec.type, dpi)
    if drawn != spec:
        log.warning("seal picture (%s) drawn without its undrawable characters %s", spec.type,
                    _undrawable(spec, font_path))
    return body
