"""make bench: the triage queue at 1 k, 100 k and 1 M generated cases, on SQLite (default) or PostgreSQL
(DATABASE_URL): server time for the first page, a filtered page and a word search, the query plans that keep them
flat, and the CSV export's time and peak memory.

The export runs in its own process, so its peak resident memory is its own.

The generated databases are kept between runs (SQLite files in instance/bench/, PostgreSQL databases named
<db>_bench_<size>), so only the first run pays for making them. TRIAGE_BENCH_SIZES=1000,100000 picks the sizes.
Figures are printed, never asserted against a clock."""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from portal import create_app
from portal.clock import london_today
from portal.config import INSTANCE
from portal.migrate import upgrade_database
from portal.models import Case, CaseStatus, User
from portal.triage import queue
from tests.conftest import PASSWORD, PageClient

pytestmark = pytest.mark.benchmark
ROOT = Path(__file__).resolve().parents[2]
SIZES = [int(size) for size in os.environ.get("TRIAGE_BENCH_SIZES", "1000,100000,1000000").split(",")]
SEARCH_WORD = "trampoline"  # in about 1 case in 5,000, like a name or a place
COMMON_WORD = "placement"  # in about 1 case in 3: the worst case for a search sorted in queue order
OFFICER_EMAIL = "bench.officer@example.org"
MANAGER_EMAIL = "bench.manager@example.org"


def bench_url(size):
    base = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if base and make_url(base).get_backend_name() == "postgresql":
        url = make_url(base)
        name = f"{url.database}_bench_{size}"
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}):
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return url.set(database=name).render_as_string(hide_password=False)
    folder = INSTANCE / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / f'cases-{size}.sqlite3'}"


def prepared_app(size):
    """An app on a database holding exactly size generated cases, two staff accounts, and fresh statistics."""
    from portal.accounts import create_user, user_by_email
    from portal.db import get_session
    from portal.triage.cli import generate_cases

    app = create_app({"PORTAL_ENV": "test", "DATABASE_URL": bench_url(size)})
    engine = app.extensions["db_engine"]
    upgrade_database(engine)
    with app.app_context():
        db = get_session()
        for email, role in ((OFFICER_EMAIL, "complaints_officer"), (MANAGER_EMAIL, "manager")):
            if user_by_email(email) is None:
                create_user(email, email.split("@")[0], role, PASSWORD)
        have = db.scalar(select(func.count(Case.id)))
        if have != size:
            if have:
                pytest.fail(f"{bench_url(size)} holds {have} cases, not {size}: delete it and run again")
            started = time.perf_counter()
            generate_cases(size)
            print(f"\n  generated {size:,d} cases in {time.perf_counter() - started:.0f} s")
        db.execute(text("ANALYZE"))
        db.commit()
    return app


def median_ms(action, rounds=15):
    action()
    action()  # warm: the first requests load templates and the bank-holiday calendar
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = action()
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
        response.close()
    return statistics.median(timings)


def query_plan(app, filters, front_of_queue=False):
    """The plan of the page's query. A word search on PostgreSQL first tries the front of the queue
    (front_of_queue=True); otherwise the probe of the full-text index has already run, and this is the query after."""
    from portal.db import get_session

    with app.app_context():
        db = get_session()
        if front_of_queue:
            statement = queue.front_of_queue_search(filters, london_today())
        else:
            statement = queue.filtered(filters, london_today()).limit(queue.PAGE_SIZE + 1)
        sql = str(statement.compile(dialect=db.get_bind().dialect, compile_kwargs={"literal_binds": True}))
        if db.get_bind().dialect.name == "postgresql":
            rows = db.execute(text("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)).scalars().all()
        else:
            rows = [row[-1] for row in db.execute(text("EXPLAIN QUERY PLAN " + sql)).all()]
        return rows


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size:,d} cases")
def test_queue_first_page_filtered_page_search_and_export(size, capsys):
    with capsys.disabled():
        app = prepared_app(size)
    try:
        pages = PageClient(app.test_client())
        pages.sign_in(MANAGER_EMAIL)
        with app.app_context():
            from portal.db import get_session

            officer_id = get_session().scalar(select(User.id).where(User.email == OFFICER_EMAIL))
            dialect = get_session().get_bind().dialect.name
        filtered = f"/staff/cases?status=stage_1&officer={officer_id}"
        third = third_page_url(pages)
        figures = {
            "first page (open cases)": median_ms(lambda: pages.client.get("/staff/cases")),
            "filtered page (stage 1, one officer)": median_ms(lambda: pages.client.get(filtered)),
            f"search for '{SEARCH_WORD}'": median_ms(lambda: pages.client.get(f"/staff/cases?q={SEARCH_WORD}")),
            f"search for '{COMMON_WORD}' (common)": median_ms(
                lambda: pages.client.get(f"/staff/cases?q={COMMON_WORD}")
            ),
            "third page by keyset (open cases)": median_ms(lambda: pages.client.get(third)),
        }
        plans = {
            "first page": query_plan(app, queue.Filters()),
            "filtered page": query_plan(app, queue.Filters(status=CaseStatus.STAGE_1.value, officer=str(officer_id))),
            "rare-word search, after the full-text probe": query_plan(app, queue.Filters(q=SEARCH_WORD)),
            "common-word search": query_plan(app, queue.Filters(q=COMMON_WORD), front_of_queue=dialect == "postgresql"),
        }
        export_ms, export_bytes, rss_before, rss_peak = measure_export(bench_url(size))
        with capsys.disabled():
            print(f"\nTriage queue, {dialect}, {size:,d} cases: server time per request, median ms (test client)")
            for name, value in figures.items():
                print(f"  {value:8.1f}  {name}")
            print(
                f"  CSV export of all {size:,d} cases: {export_ms / 1000:.1f} s, {export_bytes / 1e6:.1f} MB sent; "
                f"process peak RSS {rss_before / 1024:.0f} MB before, {rss_peak / 1024:.0f} MB after "
                f"(+{(rss_peak - rss_before) / 1024:.1f} MB)"
            )
            for name, rows in plans.items():
                print(f"  plan, {name}:")
                for row in rows:
                    print(f"      {row}")
    finally:
        app.extensions["db_engine"].dispose()


def third_page_url(pages):
    url = "/staff/cases"
    for _ in range(2):
        url = pages.get(url).html.find("a", rel="next")["href"]
    return url


# Run in a fresh process, so its peak resident memory is the export's and nothing else's.
EXPORT_SCRIPT = """
import json, re, resource, sys, time
from portal import create_app
app = create_app({"PORTAL_ENV": "test", "DATABASE_URL": sys.argv[1]})
client = app.test_client()
token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/sign-in").text).group(1)
signed_in = client.post("/sign-in", data={"csrf_token": token, "email": sys.argv[2], "password": sys.argv[3]})
assert signed_in.status_code == 302, signed_in.status_code
assert client.get("/staff/cases").status_code == 200
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
response = client.get("/staff/cases.csv?status=any", buffered=False)
sent = sum(len(chunk) for chunk in response.response)
response.close()
print(json.dumps({"ms": (time.perf_counter() - started) * 1000, "sent": sent, "before_kb": before,
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def measure_export(url):
    """(ms, bytes sent, peak RSS before the export in KB, peak RSS after it in KB)."""
    result = subprocess.run(
        [sys.executable, "-c", EXPORT_SCRIPT, url, MANAGER_EMAIL, PASSWORD],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=3600,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return figures["ms"], figures["sent"], figures["before_kb"], figures["peak_kb"]
