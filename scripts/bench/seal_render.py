"""Time seal drawing and PNG encoding per type: `.venv/bin/python scripts/bench/seal_render.py [dpi] [rounds]`.

"cold" clears the glyph cache before every render (fonts stay loaded, as in a running server);
"warm" lets repeated renders reuse rendered glyphs.
"""
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from backend.imaging import SealSpec, render_seal  # noqa: E402
from backend.imaging.fonts import glyph  # noqa: E402
from backend.imaging.seal_image import PNG_COMPRESS_LEVEL, PNG_COMPRESS_TYPE  # noqa: E402

NAME = "广州星河科技有限公司"
SPECS = {
    "official": SealSpec("official", NAME, "公章", "4401000000123"),
    "official-40": SealSpec("official", "广州市天河区珠江新城星河湾国际数字科技创新研究与发展服务中心有限责任公司第一分部",
                            "公章", "4401000000124"),
    "contract": SealSpec("contract", NAME, "合同专用章", "4401000000125"),
    "finance": SealSpec("finance", NAME, "财务专用章", "4401000000126"),
    "invoice": SealSpec("invoice", NAME, "发票专用章", None, credit_code="91440101MA5CXXXX7R"),
    "personal": SealSpec("personal", NAME, "法定代表人名章", None, person_name="欧阳志远"),
}


def _ms(seconds, rounds):
    return seconds / rounds * 1000


def bench(dpi, rounds):
    print(f"dpi={dpi} rounds={rounds} compress_level={PNG_COMPRESS_LEVEL} compress_type={PNG_COMPRESS_TYPE}")
    print(f"{'type':<12} {'cold render':>12} {'warm render':>12} {'encode':>8} {'cold total':>11}  bytes")
    totals = {}
    for label, spec in SPECS.items():
        render_seal(spec, dpi)  # loads the font sizes this seal needs
        cold = warm = encode = 0.0
        size = 0
        for _ in range(rounds):
            glyph.cache_clear()
            start = time.perf_counter()
            image = render_seal(spec, dpi)
            cold += time.perf_counter() - start
            start = time.perf_counter()
            render_seal(spec, dpi)
            warm += time.perf_counter() - start
            start = time.perf_counter()
            buffer = io.BytesIO()
            image.save(buffer, "PNG", optimize=False, compress_level=PNG_COMPRESS_LEVEL,
                       compress_type=PNG_COMPRESS_TYPE, dpi=(dpi, dpi))
            encode += time.perf_counter() - start
            size = buffer.tell()
        print(f"{label:<12} {_ms(cold, rounds):>10.2f}ms {_ms(warm, rounds):>10.2f}ms {_ms(encode, rounds):>6.2f}ms "
              f"{_ms(cold + encode, rounds):>9.2f}ms  {size}")
        totals[label] = _ms(cold + encode, rounds)
    return totals


if __name__ == "__main__":
    bench(int(sys.argv[1]) if len(sys.argv) > 1 else 300, int(sys.argv[2]) if len(sys.argv) > 2 else 200)
