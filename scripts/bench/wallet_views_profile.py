"""scripts/bench/wallet_views.py --profile: the hot reads in process, without gunicorn or wrk.

CPU per request through the Flask test client (time.process_time, best of 5 interleaved batches) and SQL
statements per request, on a SQLite file holding the demo wallet; --cprofile ROUTE adds cProfile's top functions.
"""
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def profile(requests_per_batch, cprofile_route, phone):
    """CPU per request in process (Flask test client), best of 5 interleaved batches, and statements per request;
    `phone`: the demo principal whose wallet is read (wallet_views.PHONE)."""
    import cProfile
    import pstats

    from sqlalchemy import event

    sys.path.insert(0, str(ROOT))
    from backend.testing.app import fresh_app, seed_demo
    from backend.testing.client import download_by_token, login
    from backend.testing.clock import Clock
    from backend.testing.state import enterprise_by_phone
    with tempfile.TemporaryDirectory(prefix="eseal-profile-") as tmp:
        url = f"sqlite:///{tmp}/eseal.db"
        os.environ["BENCH_DATABASE_URL"] = url
        clock = Clock()
        with fresh_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": False}, clock=clock) as app:
            seed_demo(app, clock.now, with_pki=True)
            client = app.test_client()
            login(client, phone)
            enterprise = enterprise_by_phone(app, phone)[0]
            clock.advance(60)
            download_by_token(app, clock, client, enterprise)
            held = client.get(f"/api/enterprises/{enterprise}/wallet").get_json()["items"]
            import bare_app
            bare = bare_app.app.test_client()
            routes = {"list": (client, f"/api/enterprises/{enterprise}/wallet"),
                      "detail": (client, f"/api/receipts/{held[0]['receipt_id']}"),
                      "wallet": (client, "/api/wallet"), "me": (client, "/api/me"), "meta": (client, "/api/meta"),
                      "baseline": (bare, f"/seals/{held[0]['seal']['id']}")}
            seen = []
            for flask_app in (app, bare_app.app):
                with flask_app.app_context():
                    engine = flask_app.extensions["sqlalchemy"].engine
                event.listen(engine, "before_cursor_execute", lambda *args: seen.append(1))
            best = {}
            for _ in range(5):
                for name, (http, path) in routes.items():
                    started = time.process_time()
                    for _ in range(requests_per_batch):
                        assert http.get(path).status_code == 200, (name, path)
                    cpu = (time.process_time() - started) / requests_per_batch * 1000
                    best[name] = min(best.get(name, cpu), cpu)
            print(f"nproc {os.cpu_count()}; load average {os.getloadavg()[0]:.1f}; in process, SQLite, wallet of "
                  f"{len(held)} seals; best of 5 interleaved batches of {requests_per_batch}")
            print(f"{'route':<10}{'CPU ms':>8}{'× base':>9}{'statements':>12}")
            for name, (http, path) in routes.items():
                seen.clear()
                http.get(path)
                print(f"{name:<10}{best[name]:>8.3f}{best['baseline'] / best[name]:>8.2f}×{len(seen):>12}   {path}")
            if cprofile_route:
                http, path = routes[cprofile_route]
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(requests_per_batch):
                    http.get(path)
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
