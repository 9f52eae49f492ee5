"""make bench, part two: the real portal under gunicorn (its production WSGI server) on SQLite and on PostgreSQL,
side by side in one run with a bare Flask "hello" app under the same gunicorn settings. For each URL: requests per
second and p50/p95 latency with CONCURRENCY keep-alive clients for SECONDS (in ROUNDS, each just after a round of
the hello app, which gives the row its ratio); complaint submissions per second (the whole Tell us journey, then
Send); bytes on the wire for a first and a repeat visit to /pledge. Prints a Markdown table.

Only 127.0.0.1; every loop is bounded in time. The staff queue is measured on a database of BENCH_CASES generated
cases (100,000 by default), kept in instance/bench/ (or <db>_serve_<n> on PostgreSQL) so only the first run makes it.
PostgreSQL is measured when BENCH_POSTGRES_URL (or a postgresql DATABASE_URL) names a server to make databases on.

    .venv/bin/python tests/benchmarks/serve.py"""

import http.client
import os
import platform
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
# tests/ is not a package here (another installed one may be called "tests"): import the page-weight helper directly.
sys.path.insert(0, str(ROOT / "tests"))

from wire import BROWSER_HEADERS, Fetch, decode, visit  # noqa: E402

BIN = Path(sys.executable).parent
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
ROUNDS = 5  # each row's SECONDS are split into this many rounds, each after a round of the hello app
CASES = int(os.environ.get("BENCH_CASES", "100000"))
PAGES = ["/", "/pledge", "/pledge/scorecard", "/tell-us"]
QUEUE = "/staff/cases"
OFFICER = ("complaints@example.org", "demo-pledge-portal")
COMPLAINT = [
    ("what-kind", {"kind": "complaint"}),
    ("are-you-safe", {"safe_now": "yes"}),
    ("who", {"told_by_me": "me"}),
    ("what-happened", {"words": "My social worker has changed 3 times this year and nobody told me."}),
    ("which-promise", {}),
    ("when", {"happened_when": "last_month"}),
    ("what-would-help", {"wanted_outcome": "Tell me before it changes"}),
    ("advocate", {"advocate_wanted": "no"}),
    ("reply", {"reply_route": "none"}),
    ("language", {"interpreter": "no"}),
    ("name", {}),
]


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Client:
    """One keep-alive HTTP/1.1 connection with a cookie jar: a browser tab, for the load loops."""

    def __init__(self, port):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, ConnectionError, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt:
                    raise
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name] = rest.split(";")[0]
        return response, data

    def csrf_token(self, path):
        _response, data = self.request("GET", path)
        return re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', data)[1].decode()

    def sign_in(self, email, password):
        token = self.csrf_token("/sign-in")
        response, _data = self.request("POST", "/sign-in", {"csrf_token": token, "email": email, "password": password})
        assert response.status == 302, f"sign-in answered {response.status}"


def load(port, path, prepare=None, seconds=SECONDS, concurrency=CONCURRENCY):
    """Requests per second and p50/p95 ms for GET path from concurrency clients for seconds; non-2xx are counted.
    Each asks as a phone's browser does (brotli or gzip accepted), so the portal's per-response compression counts."""
    timings, failures = [], [0]
    lock = threading.Lock()
    window = {}
    ready = threading.Barrier(
        concurrency + 1, action=lambda: window.update(start=time.monotonic(), stop=time.monotonic() + seconds)
    )

    def run():
        client = Client(port)
        try:
            if prepare:
                prepare(client)
        finally:
            ready.wait()  # every client signed in before the clock starts
        mine = []
        while time.monotonic() < window["stop"]:
            start = time.perf_counter()
            response, _data = client.request("GET", path, headers=BROWSER_HEADERS)
            mine.append((time.perf_counter() - start) * 1000)
            if response.status >= 300:
                with lock:
                    failures[0] += 1
        with lock:
            timings.extend(mine)

    threads = [threading.Thread(target=run) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    ready.wait()
    for thread in threads:
        thread.join()
    return summary(timings, time.monotonic() - window["start"], failures[0])


def summary(timings, elapsed, failures):
    timings = sorted(timings)
    return {
        "rps": len(timings) / elapsed,
        "p50": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "failures": failures,
        "timings": timings,
        "elapsed": elapsed,
    }


def beside_hello(hello_port, port, path, prepare=None, rounds=ROUNDS):
    """load() of path in rounds, each just after a round of the hello app: the row's ratio is to the hello app's rate
    in the same seconds, since this machine's speed drifts by a fifth or so over the minutes a run takes."""
    rows, hello = [], []
    for _ in range(rounds):
        hello.append(load(hello_port, "/", seconds=SECONDS / rounds))
        rows.append(load(port, path, prepare, seconds=SECONDS / rounds))
    row = summary(
        [t for r in rows for t in r["timings"]], sum(r["elapsed"] for r in rows), sum(r["failures"] for r in rows)
    )
    row["hello_rps"] = sum(len(h["timings"]) for h in hello) / sum(h["elapsed"] for h in hello)
    return row


def submissions_per_second(port, seconds=SECONDS, concurrency=CONCURRENCY):
    """Whole Tell us journeys (each a new device), ending in Send; counts the ones that got a reference."""
    sent, failed = [0], [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def run():
        while time.monotonic() < stop_at:
            client = Client(port)
            token = client.csrf_token("/tell-us/what-kind")
            for slug, answers in COMPLAINT:
                client.request("POST", f"/tell-us/{slug}", {"csrf_token": token, **answers})
            client.request("POST", "/tell-us/send", {"csrf_token": token})
            _response, page = client.request("GET", "/tell-us/sent")
            with lock:
                if b"portal-reference" in page:
                    sent[0] += 1
                else:
                    failed[0] += 1

    threads = [threading.Thread(target=run) for _ in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sent[0] / (time.monotonic() - started), failed[0]


def wire_bytes(port):
    """First and repeat visit to /pledge, as tests/wire.py counts them, over a real socket."""
    client = Client(port)

    def get(url):
        response, body = client.request("GET", url, headers=BROWSER_HEADERS)
        header_bytes = len(f"HTTP/1.1 {response.status} {response.reason}\r\n") + 2
        header_bytes += sum(len(f"{name}: {value}\r\n") for name, value in response.getheaders())
        encoding = response.headers.get("Content-Encoding", "")
        fetch = Fetch(
            url, response.status, header_bytes, len(body), encoding, response.headers.get("Cache-Control", "")
        )
        html = ""
        if response.headers.get("Content-Type", "").startswith("text/html"):
            html = decode(body, encoding)
        return fetch, html

    first = visit(get, "/pledge")
    repeat = visit(get, "/pledge", cached=first.fetches)
    return first, repeat


class Server:
    """gunicorn with the bench's settings: WORKERS sync workers on a free loopback port."""

    def __init__(self, app, env, log, cwd=ROOT, port=None):
        self.port = port or free_port()
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{self.port}", "--workers", str(WORKERS), app],
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                http.client.HTTPConnection("127.0.0.1", self.port, timeout=2).request("GET", "/healthz")
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"{app} did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


def flask(env, *args):
    subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env, check=True, capture_output=True)


def database(kind):
    """(URL, made now?) of the bench database for kind, with demo data and CASES generated cases."""
    if kind == "sqlite":
        folder = ROOT / "instance" / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"serve-{CASES}.sqlite3"
        url, new = f"sqlite:///{path}", not path.exists()
    else:
        admin = make_url(os.environ.get("BENCH_POSTGRES_URL") or os.environ["DATABASE_URL"])
        name = f"{admin.database}_serve_{CASES}"
        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            new = not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if new:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        url = admin.set(database=name).render_as_string(hide_password=False)
    if not new:
        forget_tries(url)
    return url, new


def forget_tries(url):
    """Limit counts live in the database (portal.limits): each run starts with none left by an earlier one, such as
    make sqlmap's thousands of wrong passwords from 127.0.0.1, which would hold signing in shut for an hour."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM limit_counters"))
    engine.dispose()


def environment(database_url=None):
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "TEST_DATABASE_URL")}
    env.update(PORTAL_ENV="development", SECRET_KEY=secrets.token_hex(32), TELL_US_LIMIT_PER_ADDRESS="100000 per hour")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def measure_portal(kind, log, hello_port):
    url, new = database(kind)
    env = environment(url)
    if new:
        print(f"  making the {kind} database: demo data and {CASES:,d} generated cases (once)...", flush=True)
        flask(env, "migrate")
        flask(env, "demo")
        flask(env, "generate-cases", str(CASES))
    server = Server("wsgi:app", env, log)
    try:
        for path in PAGES:  # warm up: each worker imports, connects and compiles its templates
            load(server.port, path, seconds=1)
        rows = {path: beside_hello(hello_port, server.port, path) for path in PAGES}
        rows[f"{QUEUE} ({CASES:,d} cases)"] = beside_hello(
            hello_port, server.port, QUEUE, lambda client: client.sign_in(*OFFICER)
        )
        submissions, failed = submissions_per_second(server.port)
        first, repeat = wire_bytes(server.port)
    finally:
        server.stop()
    return rows, submissions, failed, first, repeat


def main():
    kinds = ["sqlite"]
    postgres = os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("DATABASE_URL", "")
    if postgres and make_url(postgres).get_backend_name() == "postgresql":
        kinds.append("postgresql")
    (ROOT / "instance" / "bench").mkdir(parents=True, exist_ok=True)
    log = open(ROOT / "instance" / "bench" / "serve.log", "w")  # noqa: SIM115 - open while the servers run
    # The hello app is measured before and after the portal for the table, and beside each row for its ratio.
    hello = Server("hello:app", environment(), log, cwd=Path(__file__).parent)
    try:
        load(hello.port, "/", seconds=1)
        hello_before = load(hello.port, "/")
        results = {kind: measure_portal(kind, log, hello.port) for kind in kinds}
        hello_after = load(hello.port, "/")
    finally:
        hello.stop()
    hello_rps = (hello_before["rps"] + hello_after["rps"]) / 2

    cpu = platform.processor() or platform.machine()
    print(
        f"\nmake bench, {time.strftime('%Y-%m-%d')}: gunicorn {WORKERS} sync workers, {CONCURRENCY} keep-alive "
        f"clients, {SECONDS:g} s per row, on {os.cpu_count()} CPUs ({cpu}, {platform.system()} "
        f"{platform.release()}), Python {platform.python_version()}; load generator on the same machine.\n"
    )
    print("| what | database | requests/s | p50 ms | p95 ms | × hello |")
    print("|---|---|---:|---:|---:|---:|")
    for when, row in (("before", hello_before), ("after", hello_after)):
        ratio = row["rps"] / hello_rps
        figures = f"{row['rps']:.0f} | {row['p50']:.1f} | {row['p95']:.1f} | {ratio:.2f}"
        print(f"| hello app `/` ({when}) | none | {figures} |")
    for kind, (rows, submissions, failed, _first, _repeat) in results.items():
        for path, row in rows.items():
            ratio = row["rps"] / row["hello_rps"]
            note = f" ({row['failures']} not 2xx)" if row["failures"] else ""
            print(f"| `{path}`{note} | {kind} | {row['rps']:.0f} | {row['p50']:.1f} | {row['p95']:.1f} | {ratio:.2f} |")
        failed_note = f", {failed} failed" if failed else ""
        print(f"| complaints sent (whole journey){failed_note} | {kind} | {submissions:.1f} | | | |")
    _rows, _s, _f, first, repeat = results["sqlite"]
    print(
        f"\n/pledge on the wire (headers + compressed bodies): first visit {first.wire_bytes:,d} bytes in "
        f"{first.requests} requests; repeat visit {repeat.wire_bytes:,d} bytes in {repeat.requests} request(s)."
    )


if __name__ == "__main__":
    main()
