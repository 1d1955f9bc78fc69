"""Seal pictures: cold render + encode per type, and the cached (304) image route against a static file.

    .venv/bin/python scripts/bench/seal_images.py [rounds] [seconds-per-route]

Everything runs in one process on one machine, in-process through the WSGI app (no network), so
the ratios compare the app's own work. Targets: cold ≤ 15 ms per seal at 300 dpi; the 304 of a seal
picture ≥ 0.8× the rate of the same app serving a static file.
"""
import io
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE)]

from PIL import Image  # noqa: E402

import seal_render  # noqa: E402
from backend import create_app  # noqa: E402
from backend.config import TestConfig  # noqa: E402
from backend.extensions import db  # noqa: E402
from backend.imaging import mm_to_px, seal_size_mm  # noqa: E402
from backend.imaging.seal_image import PNG_COMPRESS_LEVEL, PNG_COMPRESS_TYPE  # noqa: E402


def blank_encode_ms(spec_type, dpi, rounds):
    """Baseline: PNG-encoding an empty canvas of the same size (the floor under any drawing)."""
    width, height = (mm_to_px(mm, dpi) for mm in seal_size_mm(spec_type))
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    start = time.perf_counter()
    for _ in range(rounds):
        image.save(io.BytesIO(), "PNG", optimize=False, compress_level=PNG_COMPRESS_LEVEL,
                   compress_type=PNG_COMPRESS_TYPE)
    return (time.perf_counter() - start) / rounds * 1000


def rate(client, url, seconds, headers=None, expect=200):
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        response = client.get(url, headers=headers or {})
        assert response.status_code == expect, (url, response.status_code)
        count += 1
    return count / (time.perf_counter() - start)


def demo_client():
    config = {name: getattr(TestConfig, name) for name in dir(TestConfig) if name.isupper()}
    config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    config["ESEAL_CLOCK"] = None
    app = create_app(config)
    from backend.api.common import id_key
    from backend import demo
    with app.app_context():
        db.create_all()
        demo.seed(db.session, datetime.now(UTC), id_key())
    client = app.test_client()
    phone = "13800000001"
    client.post("/api/auth/sms-codes", json={"phone": phone})
    code = client.get(f"/api/dev/sms-outbox?phone={phone}").get_json()["items"][0]["code"]
    client.post("/api/auth/login", json={"phone": phone, "code": code})
    return client


def http_part(seconds):
    client = demo_client()
    wallet = client.get("/api/wallet").get_json()["items"][0]["enterprise"]
    seal_url = client.get(f"/api/enterprises/{wallet['id']}/seals").get_json()["items"][0]["image_url"]
    etag = client.get(seal_url).headers["ETag"]
    static = "/h5/js/app.js"
    static_etag = client.get(static).headers["ETag"]
    figures = {
        "static file 200": rate(client, static, seconds),
        "static file 304": rate(client, static, seconds, {"If-None-Match": static_etag}, 304),
        "seal picture 304": rate(client, seal_url, seconds, {"If-None-Match": etag}, 304),
        "seal picture 200 (cached bytes)": rate(client, seal_url, seconds),
    }
    base = figures["static file 200"]
    print(f"\nimage route, {seconds:.0f} s each, in-process WSGI (baseline: static file 200)")
    for name, per_second in figures.items():
        print(f"  {name:<34} {per_second:>8.0f} req/s   {per_second / base:>5.2f}×")
    print(f"  target: seal 304 ≥ 0.80× static → {'met' if figures['seal picture 304'] >= 0.8 * base else 'MISSED'}")


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
    print("cold render + encode per type at 300 dpi")
    totals = seal_render.bench(300, rounds)
    print("\nagainst the baseline of encoding an empty canvas of the same size")
    for label, spec in seal_render.SPECS.items():
        base = blank_encode_ms(spec.type, 300, rounds)
        print(f"  {label:<12} cold total {totals[label]:6.2f} ms = {totals[label] / base:5.1f}× empty canvas "
              f"({base:.2f} ms)   target ≤ 15 ms: {'met' if totals[label] <= 15 else 'MISSED'}")
    http_part(seconds)


if __name__ == "__main__":
    main()
