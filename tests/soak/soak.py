"""make soak: the portal as it runs when one machine is not enough. Its own PostgreSQL cluster and redis-server (the
shared limit counts), both on free loopback ports and thrown away afterwards; two gunicorn masters on two
ports (two machines) on that one database. SOAK_PEOPLE simulated people (200) for SOAK_SECONDS (60) across both:
young people sending complaints and tracking them, staff reading the queue. Midway: kill -9 of one worker, one app
server stopped for ten seconds, PostgreSQL restarted once. Then it checks and prints the counts:

- every reference any simulated person was shown exists, with their words intact (acknowledged sends lost: 0);
- server errors outside the PostgreSQL restart window: 0; inside it, only the 503 page, which shows back the words a
  person typed; PostgreSQL is stopped for SOAK_PG_DOWN (5) seconds so that sends meet it, and each person sends the
  step again, as a person would, until it is answered: a Send that met the outage ends with its reference;
- the per-account sign-in limit holds across both servers (wrong passwords alternating between them).

Our own threaded HTTP client drives the load (no load-tool dependency). Run as root (PostgreSQL runs as postgres).

    .venv/bin/python tests/soak/soak.py"""

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

import serve  # noqa: E402 - the bench's gunicorn, client and helpers

PEOPLE = int(os.environ.get("SOAK_PEOPLE", "200"))
SECONDS = float(os.environ.get("SOAK_SECONDS", "60"))
PG_DOWN = float(os.environ.get("SOAK_PG_DOWN", "5"))  # seconds PostgreSQL stays stopped in its restart
GRACE = 30  # seconds after the soak's end that a person still retries a step the restart answered with 503
PG_BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]


def as_postgres(workdir, *command):
    return subprocess.run(["runuser", "-u", "postgres", "--", *map(str, command)], cwd=workdir, check=True,
                          capture_output=True, text=True)  # fmt: skip


class Soak:
    def __init__(self):
        self.lock = threading.Lock()
        self.acknowledged = {}  # reference -> words, as shown to the person
        self.answered_503 = {}  # step -> 503 pages met there (each then sent again)
        self.kept_on_503 = 0
        self.sent_after_503 = 0  # sends that met the 503 page, were sent again and then got their reference
        self.lost_on_503 = 0
        self.server_errors = []  # (time, status, path)
        self.refused = 0  # connection refused or reset: a server down
        self.requests = 0
        self.restart_window = [None, None]
        self.tracked = 0

    def note(self, status, path):
        with self.lock:
            self.requests += 1
            if status >= 500:
                self.server_errors.append((time.monotonic(), status, path))


def post_until_answered(soak, client, slug, form, stop_at, words):
    """POST form to /tell-us/slug as a person would: on the 503 page (the database restarting), check their words are
    shown back when they were in the form, wait a moment and send it again, until it is answered or the soak ends.
    Returns the last response, its page, and how many 503 pages met."""
    outages = 0
    while True:
        response, page = client.request("POST", f"/tell-us/{slug}", form)
        soak.note(response.status, slug)
        if response.status != 503:
            return response, page, outages
        outages += 1
        with soak.lock:
            soak.answered_503[slug] = soak.answered_503.get(slug, 0) + 1
            if words in form.values():
                if words.encode() in page:
                    soak.kept_on_503 += 1
                else:
                    soak.lost_on_503 += 1
        if time.monotonic() > stop_at + GRACE:
            return response, page, outages
        time.sleep(1)


def young_person(soak, ports, stop_at, number):
    while time.monotonic() < stop_at:
        client = serve.Client(random.choice(ports))  # noqa: S311 - load, not secrets
        words = f"Soak person {number} at {time.monotonic():.3f}: my placement changed and nobody told me."
        try:
            token = client.csrf_token("/tell-us/what-kind")
            for slug, answers in serve.COMPLAINT:
                answers = {"words": words} if slug == "what-happened" else answers
                post_until_answered(soak, client, slug, {"csrf_token": token, **answers}, stop_at, words)
            response, _, outages = post_until_answered(soak, client, "send", {"csrf_token": token}, stop_at, words)
            if response.status == 503:
                continue
            response, page = client.request("GET", "/tell-us/sent")
            soak.note(response.status, "sent")
            found = serve.re.search(rb'class="portal-reference">\s*([A-Z0-9-]+)', page)
            if found:
                with soak.lock:
                    soak.acknowledged[found[1].decode()] = words
                    soak.sent_after_503 += bool(outages)
                # Tracking: the same person checks their message on the other server.
                response, _ = client.request("GET", "/track")
                soak.note(response.status, "track")
                soak.tracked += 1
        except (OSError, serve.http.client.HTTPException, TypeError):
            with soak.lock:
                soak.refused += 1
            # Start again after a while, not all at once: people turned away by a stopped server would otherwise move
            # through the journey in step, and meet the database restart all at the same question.
            time.sleep(random.uniform(0.2, 4))  # noqa: S311


def staff(soak, ports, stop_at):
    client = None
    while time.monotonic() < stop_at:
        try:
            if client is None:
                client = serve.Client(random.choice(ports))  # noqa: S311
                client.sign_in(*serve.OFFICER)
            response, _ = client.request("GET", "/staff/cases")
            soak.note(response.status, "queue")
            time.sleep(0.5)
        except (OSError, serve.http.client.HTTPException, AssertionError, TypeError):
            with soak.lock:
                soak.refused += 1
            client = None
            time.sleep(0.5)


def main():
    if not shutil.which("redis-server"):
        subprocess.run(["apt-get", "install", "-y", "-q", "redis-server"], check=True)
    workdir = Path(tempfile.mkdtemp(prefix="pledge-soak-"))
    shutil.chown(workdir, "postgres", "postgres")
    pg_port, redis_port = serve.free_port(), serve.free_port()
    data = workdir / "data"
    log = open(workdir / "servers.log", "w")  # noqa: SIM115 - open while the servers run
    redis = None
    servers = []
    try:
        as_postgres(workdir, PG_BIN / "initdb", f"--pgdata={data}", "--username=postgres", "--auth=trust",
                    "--encoding=UTF8", "--no-locale", "--no-sync")  # fmt: skip
        pg_ctl = [PG_BIN / "pg_ctl", "-D", data, "-l", workdir / "postgres.log", "-w",
                  "-o", f"-p {pg_port} -k {workdir} -c listen_addresses=127.0.0.1 -c max_connections=200"]  # fmt: skip
        as_postgres(workdir, *pg_ctl, "start")
        admin = create_engine(
            f"postgresql+psycopg://postgres@127.0.0.1:{pg_port}/postgres", isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as connection:
            connection.execute(text("CREATE DATABASE soak"))
        admin.dispose()
        redis = subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                                  "--appendonly", "no"], stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
        url = f"postgresql+psycopg://postgres@127.0.0.1:{pg_port}/soak"
        env = serve.environment(url)
        env.update(LIMITS_REDIS_URL=f"redis://127.0.0.1:{redis_port}", TELL_US_LIMIT_PER_DEVICE="100 per hour")
        serve.flask(env, "migrate")
        serve.flask(env, "demo")
        servers = [serve.Server("wsgi:app", env, log), serve.Server("wsgi:app", env, log)]
        ports = [server.port for server in servers]
        soak = Soak()
        start = time.monotonic()
        stop_at = start + SECONDS
        threads = [threading.Thread(target=staff, args=(soak, ports, stop_at)) for _ in range(PEOPLE // 20)]
        threads += [threading.Thread(target=young_person, args=(soak, ports, stop_at, n))
                    for n in range(PEOPLE - len(threads))]  # fmt: skip
        for thread in threads:
            thread.start()

        def at(seconds):
            time.sleep(max(0, start + seconds - time.monotonic()))

        at(SECONDS * 0.25)
        worker = subprocess.run(["pgrep", "-P", str(servers[0].process.pid)], capture_output=True, text=True)
        victim = int(worker.stdout.split()[0])
        os.kill(victim, signal.SIGKILL)
        print(f"  {time.monotonic() - start:5.1f}s kill -9 worker {victim} of server 1", flush=True)
        at(SECONDS * 0.35)
        servers[1].stop()
        stopped = time.monotonic()
        print(f"  {stopped - start:5.1f}s server 2 stopped", flush=True)
        time.sleep(max(0, stopped + 10 - time.monotonic()))
        servers[1] = serve.Server("wsgi:app", env, log, port=ports[1])
        print(f"  {time.monotonic() - start:5.1f}s server 2 back", flush=True)
        at(SECONDS * 0.6)
        # Stopped for PG_DOWN seconds, not an instant restart, so that sends and typed words meet the outage.
        soak.restart_window[0] = time.monotonic()
        as_postgres(workdir, *pg_ctl, "-m", "fast", "stop")
        print(f"  {time.monotonic() - start:5.1f}s PostgreSQL stopped", flush=True)
        time.sleep(PG_DOWN)
        as_postgres(workdir, *pg_ctl, "start")
        soak.restart_window[1] = time.monotonic() + 5  # connections in the pool find out on their next use
        print(f"  {time.monotonic() - start:5.1f}s PostgreSQL started again", flush=True)
        for thread in threads:
            thread.join()

        # The per-account limit across both servers: wrong passwords alternating between them.
        statuses = []
        for attempt in range(14):
            client = serve.Client(ports[attempt % 2])
            token = client.csrf_token("/sign-in")
            response, _ = client.request("POST", "/sign-in", {"csrf_token": token, "email": "rma@example.org",
                                                             "password": f"wrong {attempt}"})  # fmt: skip
            statuses.append(response.status)
        wrong_before_limit = statuses.index(429) if 429 in statuses else len(statuses)

        engine = create_engine(url)
        with engine.connect() as connection:
            stored = dict(connection.execute(text("SELECT reference, words FROM cases WHERE reference = ANY(:r)"),
                                             {"r": list(soak.acknowledged)}).all())  # fmt: skip
        engine.dispose()
        lost = [ref for ref, words in soak.acknowledged.items() if stored.get(ref) != words]
        low, high = soak.restart_window
        outside = [error for error in soak.server_errors if not low <= error[0] <= high]
        print(f"\nmake soak: {PEOPLE} people, {SECONDS:g} s, 2 gunicorn masters x {serve.WORKERS} workers, "
              f"PostgreSQL {PG_BIN.parent.name}, redis-server for the shared limits")  # fmt: skip
        print(f"  requests answered:                         {soak.requests}")
        print(f"  acknowledged submissions (reference shown): {len(soak.acknowledged)}")
        print(f"  acknowledged submissions lost or changed:   {len(lost)}")
        print(f"  503 pages met, then sent again, by step:     {dict(sorted(soak.answered_503.items()))}")
        print(f"  503 pages showing the words typed:          {soak.kept_on_503} (without them: {soak.lost_on_503})")
        inside = [f"{status} {path}" for when, status, path in soak.server_errors if low <= when <= high]
        not_503 = [error for error in inside if not error.startswith("503")]
        print(f"  server errors inside the restart window:    {len(inside)}, of which not the 503 page: {len(not_503)}")
        print(f"  server errors outside the restart window:   {len(outside)} {outside[:5]}")
        print(f"  connections refused or reset (server down): {soak.refused}")
        print(f"  wrong passwords before the account limit:   {wrong_before_limit} (limit 10, across both servers)")
        print(f"  sends that met the outage, then were sent:  {soak.sent_after_503} (their words checked above)")
        ok = not lost and not outside and not not_503 and not soak.lost_on_503 and wrong_before_limit == 10
        sys.exit(0 if ok else 1)
    finally:
        for server in servers:
            if server.process.poll() is None:
                server.stop()
        if redis:
            redis.terminate()
            redis.wait()
        if (data / "postmaster.pid").exists():
            as_postgres(workdir, PG_BIN / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop")
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
