"""Which picture a seal shows, and its content digest (the image URL's version and ETag)."""
import hashlib
from ..imaging import SealSpec, render_seal_png
from .seals import seal_name

# Bump when the drawing changes, so that cached images are not reused across versions.
RENDERER_VERSION = "1"
SIZES = {"full": 300, "thumb": 96}
CACHE_SECONDS = 7 * 24 * 3600  # dpi: true size for 印章预览, small for lists


def spec_for(seal):
    enterprise = seal.enterprise
    return SealSpec(type=seal.type, enterprise_name=enterprise.name, seal_name=seal_name(seal), code=seal.code,
                    credit_code=enterprise.credit_code, person_name=enterprise.principal_name)


def digest(spec, dpi):
    """Stable hash of everything the picture depends on; no rendering needed to know it."""
    key = "\x1f".join([RENDERER_VERSION, str(dpi), spec.type, spec.enterprise_name, spec.seal_name,
                       spec.code or "", spec.credit_code or "", spec.person_name or ""])
    return hashlib.sha256(key.encode()).hexdigest()[:24]


def png(spec, dpi, font_path, cache):
    """The PNG bytes; deterministic, so any cache (shared or per process) may keep them."""
    key = f"seal-png:{digest(spec, dpi)}"
    body = cache.get(key)
    if body is None:
        body = render_seal_png(spec, dpi=dpi, font_path=font_path)
        cache.set(key, body, CACHE_SECONDS)
    return body
