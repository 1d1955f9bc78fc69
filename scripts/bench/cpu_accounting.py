"""Where the CPU goes during a benchmark: process trees and PostgreSQL backends from /proc, and (--profile)
CPU per route inside gunicorn's request threads. Used by scripts/bench/download_flow.py.
"""
import atexit
import json
import os
import re
import sys
import threading
import time
from pathlib import Path

# profiled_app imports the apps (wsgi, backend) from the repository root
sys.path[:0] = [str(Path(__file__).resolve().parents[2])]

TICK = os.sysconf("SC_CLK_TCK")


# -- CPU accounting from /proc ------------------------------------------------------------------------------

def _stat(pid):
    """(own, children reaped) CPU seconds of a process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return (int(fields[11]) + int(fields[12])) / TICK, (int(fields[13]) + int(fields[14])) / TICK


def _children(pid):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except (FileNotFoundError, ProcessLookupError, ValueError):
                pass
    return found


def tree_cpu(pid):
    """A gunicorn master with its reaped and its live workers: CPU seconds so far."""
    own = _stat(pid)
    total = own[0] + own[1] if own else 0.0
    for child in _children(pid):
        got = _stat(child)
        total += got[0] if got else 0.0
    return total


def machine_cpu():
    """(busy, idle) CPU seconds of the whole machine, all cores."""
    with open("/proc/stat") as fh:
        values = [int(v) for v in fh.readline().split()[1:9]]
    idle = values[3] + values[4]
    return (sum(values) - idle) / TICK, idle / TICK


def pg_backends(admin, name):
    rows = admin.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                         (name,)).fetchall()
    return {pid: (_stat(pid) or (0.0, 0.0))[0] for (pid,) in rows}


def snapshot(masters, clients, admin, name):
    return {"eseal": tree_cpu(masters["eseal"]), "elicense": tree_cpu(masters["elicense"]),
            "postgres": pg_backends(admin, name),
            "clients": sum((_stat(p) or (0.0, 0.0))[0] for p in clients),
            "machine": machine_cpu(), "at": time.perf_counter(), "wall": time.time()}


def cpu_used(before, after):
    pg = sum(t - before["postgres"].get(pid, 0.0) for pid, t in after["postgres"].items())
    used = {"e-seal app": after["eseal"] - before["eseal"], "licence app": after["elicense"] - before["elicense"],
            "PostgreSQL": pg, "clients": after["clients"] - before["clients"]}
    busy = after["machine"][0] - before["machine"][0]
    used["other processes"] = busy - sum(used.values())
    used["idle"] = after["machine"][1] - before["machine"][1]
    return used


# -- --profile: CPU per route inside the server threads ------------------------------------------------------

ROUTE_PARTS = [(re.compile(r"/api/downloads/[^/]+/"), "/api/downloads/<id>/"), (re.compile(r"/\d+"), "/<n>")]


class CpuPerRoute:
    """WSGI wrapper: thread CPU and wall time of each request while <dir>/measure exists, dumped at exit."""

    def __init__(self, app, which, directory):
        self.app, self.which, self.flag = app, which, os.path.join(directory, "measure")
        self.out = os.path.join(directory, f"routes-{which}-{os.getpid()}.json")
        self.stats, self.lock = {}, threading.Lock()
        self.cprofile = os.environ.get("BENCH_CPROFILE") == "1"
        self.local, self.profiles = threading.local(), []
        atexit.register(self.dump)

    def _profile(self):
        profile = getattr(self.local, "profile", None)
        if profile is None:
            import cProfile
            profile = self.local.profile = cProfile.Profile(time.thread_time)  # CPU, not wall
            with self.lock:
                self.profiles.append(profile)
        return profile

    def __call__(self, environ, start_response):
        if not os.path.exists(self.flag):
            return self.app(environ, start_response)
        profile = self._profile() if self.cprofile else None
        cpu, wall = time.thread_time(), time.perf_counter()
        if profile:
            profile.enable()
        try:
            body = self.app(environ, start_response)
            try:
                chunks = list(body)
            finally:
                if hasattr(body, "close"):
                    body.close()
        finally:
            if profile:
                profile.disable()
        cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
        route = environ["REQUEST_METHOD"] + " " + environ.get("PATH_INFO", "")
        for pattern, replacement in ROUTE_PARTS:
            route = pattern.sub(replacement, route)
        with self.lock:
            entry = self.stats.setdefault(route, [0, 0.0, 0.0])
            entry[0] += 1
            entry[1] += cpu
            entry[2] += wall
        return chunks

    def dump(self):
        if self.stats:
            with open(self.out, "w") as fh:
                json.dump(self.stats, fh)
        if self.profiles:
            import pstats
            for profile in self.profiles:
                profile.create_stats()
            pstats.Stats(*self.profiles).dump_stats(self.out.replace(".json", ".pstats"))


def profiled_app(which):
    """Gunicorn target for --profile: cpu_accounting:profiled_app('eseal') or ('elicense')."""
    if which == "eseal":
        from wsgi import app
    else:
        from backend.elicense.app import create_elicense_app
        app = create_elicense_app()
    app.wsgi_app = CpuPerRoute(app.wsgi_app, which, os.environ["BENCH_PROFILE_DIR"])
    return app


def route_report(directory, flows, used):
    merged = {}
    for path in Path(directory).glob("routes-*.json"):
        which = path.name.split("-")[1]
        for route, (n, cpu, wall) in json.loads(path.read_text()).items():
            entry = merged.setdefault((which, route), [0, 0.0, 0.0])
            entry[0] += n
            entry[1] += cpu
            entry[2] += wall
    if not merged or not flows:
        print("profile: no per-route figures")
        return
    print(f"\nCPU per route in the server threads (window only; {flows} flows counted; Flask and the app, "
          "without gunicorn's own parsing and writing)")
    print(f"{'app':<9}{'route':<44}{'requests':>9}{'CPU ms':>9}{'wall ms':>9}{'CPU ms/flow':>13}")
    total = {}
    for (which, route), (n, cpu, wall) in sorted(merged.items(), key=lambda kv: -kv[1][1]):
        total[which] = total.get(which, 0.0) + cpu
        print(f"{which:<9}{route[:43]:<44}{n:>9}{cpu / n * 1000:>9.2f}{wall / n * 1000:>9.2f}"
              f"{cpu / flows * 1000:>13.2f}")
    for which, label in (("eseal", "e-seal app"), ("elicense", "licence app")):
        cpu = total.get(which, 0.0)
        print(f"{which:<9}{'all routes':<44}{'':>27}{cpu / flows * 1000:>13.2f}")
        print(f"{which:<9}{'outside the routes (gunicorn, other threads)':<44}{'':>27}"
              f"{(used[label] - cpu) / flows * 1000:>13.2f}")


def cprofile_report(directory, target):
    import pstats
    Path(target).mkdir(parents=True, exist_ok=True)
    for which in ("eseal", "elicense"):
        files = [str(p) for p in Path(directory).glob(f"routes-{which}-*.pstats")]
        if files:
            merged = pstats.Stats(*files)
            merged.dump_stats(str(Path(target) / f"{which}.pstats"))
            print(f"\ncProfile of the {which} app's requests (window only): {Path(target) / which}.pstats")
            merged.sort_stats("tottime").print_stats(12)


