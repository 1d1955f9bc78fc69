"""Gunicorn settings for the production serving path (scripts/serve.sh; see docs/deploy.md).

    gunicorn -c gunicorn.conf.py "wsgi:app"                                    # 电子印章 (e-seal)
    gunicorn -c gunicorn.conf.py "backend.elicense.app:create_elicense_app()"  # 电子营业执照 (licence app)

Every value can be changed through an ESEAL_* variable, so one file serves both apps and all hosts.
"""
import multiprocessing
import os


def _int(name, default):
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


# Loopback by default: nginx on the same host is the only client. A host behind a separate proxy
# sets ESEAL_BIND=0.0.0.0:5000 (and ESEAL_FORWARDED_ALLOW_IPS to the proxy's address).
bind = os.environ.get("ESEAL_BIND") or f"127.0.0.1:{_int('ESEAL_PORT', 5000)}"

# The usual 2 × cores + 1, capped: every worker holds its own database pool (and its own seal-image
# cache), so many processes cost PostgreSQL connections and memory without adding throughput.
workers = _int("ESEAL_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8))

# Threads, not one request per process: requests mostly wait on the database and on the peer's JWKS,
# and the app is thread-safe (scoped sessions, locked RemoteJwks, lru_cache'd pure functions).
worker_class = "gthread"
threads = _int("ESEAL_THREADS", 4)

# No request here should take long: a stuck worker is killed after 30 s (seal images render in ms).
timeout = 30
# On SIGTERM / HUP, requests in flight get 20 s to finish before the worker is stopped.
graceful_timeout = 20
# nginx keeps upstream connections open; keep them a little longer than a request needs.
keepalive = 5

# Recycle workers now and then (bounded memory in long runs); the jitter keeps them from all
# restarting at the same moment. A recycled worker also reloads the signing keys from ESEAL_KEY_DIR.
# Not too often: a restart costs about a second of CPU (imports, app, keys) and stalls the requests
# queued on that worker, so at 1,000 req/s a limit of 2,000 would put a stall in every few seconds.
max_requests = _int("ESEAL_MAX_REQUESTS", 50000)
max_requests_jitter = max_requests // 10

# Not preloaded: each worker builds the app after the fork, so database pools, sockets and locks are
# never shared between processes. (Start-up work that must run once, such as `db upgrade` and
# creating the first keys, is done by scripts/serve.sh before gunicorn starts.)
preload_app = False

# The e-seal app writes its own access log: one JSON line per request on stderr (backend/observability.py:
# path without the query string, status, duration, request id). Gunicorn's line would repeat it and
# would include the query string, where jump tokens (?request=…, ?result=…) travel. Errors and worker
# life-cycle still go to stderr, for the journal.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("ESEAL_LOG_LEVEL", "info")

# Gunicorn trusts X-Forwarded-Proto (https → request.scheme) only from these addresses: the proxy's.
# The app compares Origin with request.scheme://request.host to refuse cross-site writes and marks
# cookies Secure, so a wrong scheme breaks every write behind TLS. (ESEAL_PROXY_FIX=1 additionally makes
# the app take the client address and host from nginx's X-Forwarded-* headers.)
forwarded_allow_ips = os.environ.get("ESEAL_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Gunicorn ≥ 25.1 opens a control socket ($XDG_RUNTIME_DIR or ~/.gunicorn) by default. Nothing here
# uses it, and several instances on one host (e-seal and licence app) would contend for one path.
control_socket_disable = True

# The process title shows which app a worker serves (ps, top).
proc_name = os.environ.get("ESEAL_PROC_NAME", "eseal")
