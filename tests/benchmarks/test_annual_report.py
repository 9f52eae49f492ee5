"""make bench: the annual report for one reporting year among 1 M generated cases (REPORT_BENCH_SIZES picks sizes), on
SQLite (default) or PostgreSQL (DATABASE_URL): time to build it (every count, both years), the page, the CSV and the
PDF, and the peak memory of a process that builds it. Goal: under 2 s. Figures are printed, never asserted.

The cases come from triage's generator (the same kept databases as its bench: instance/bench/ or <db>_bench_<size>);
this adds stages, outcomes, timeliness, service areas and themes to the generated complaints once, in batches."""

import json
import os
import random
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select

from portal.clock import Year
from portal.models import Case, CaseKind, CaseStage, CaseStatus, QualityTheme, ServiceArea
from portal.models.reports import ix_cases_report
from portal.models.triage import case_service_areas, case_themes
from tests.benchmarks.test_triage_queue import MANAGER_EMAIL, PASSWORD, ROOT, bench_url, prepared_app

pytestmark = pytest.mark.benchmark
SIZES = [int(size) for size in os.environ.get("REPORT_BENCH_SIZES", "1000000").split(",")]
YEAR = "2025-26"
OUTCOMES = ["upheld", "partly_upheld", "not_upheld", "upheld", "not_upheld", "withdrawn"]


def add_stages(app, seed=2012, batch=20000):
    """Give every closed generated complaint a stage 1 (a fifth also a stage 2), a service area and a theme, with due
    dates and working days set as portal.cases.deadlines would. Once per database."""
    from portal.cases.lists import seed_default_lists
    from portal.db import get_session

    with app.app_context():
        db = get_session()
        # A bench database migrated before 0007_report gained the report's index: make it (no-op when there).
        ix_cases_report.create(db.connection(), checkfirst=True)
        db.commit()
        if db.scalar(select(func.count(CaseStage.id))):
            return
        seed_default_lists()
        areas = db.scalars(select(ServiceArea.id)).all()
        themes = db.scalars(select(QualityTheme.id)).all()
        rng = random.Random(seed)  # noqa: S311 - made-up data
        started = time.perf_counter()
        last_id = 0
        made = 0
        while True:
            rows = db.execute(
                select(Case.id, Case.received_at)
                .where(Case.id > last_id, Case.kind == CaseKind.COMPLAINT, Case.status == CaseStatus.CLOSED)
                .order_by(Case.id)
                .limit(batch)
            ).all()
            if not rows:
                break
            last_id = rows[-1][0]
            stages, area_links, theme_links = [], [], []
            for case_id, received_at in rows:
                start = received_at.date() + timedelta(days=rng.randint(0, 3))
                for number in (1, 2) if rng.random() < 0.2 else (1,):
                    limit = 10 if number == 1 else 25
                    taken = max(1, int(rng.gauss(limit * 0.8, limit * 0.4)))
                    begun = start if number == 1 else start + timedelta(days=30)
                    stages.append(
                        {
                            "case_id": case_id,
                            "number": number,
                            "started_on": begun,
                            "responded_on": begun + timedelta(days=taken * 7 // 5),
                            "due_on": begun + timedelta(days=limit * 7 // 5),
                            "working_days_taken": taken,
                            "extended_to": 20 if number == 1 and rng.random() < 0.05 else None,
                            "outcome": rng.choice(OUTCOMES),
                            "late_request": False,
                        }
                    )
                area_links.append({"case_id": case_id, "service_area_id": rng.choice(areas)})
                theme_links.append({"case_id": case_id, "theme_id": rng.choice(themes)})
            db.execute(insert(CaseStage), stages)
            db.execute(insert(case_service_areas), area_links)
            db.execute(insert(case_themes), theme_links)
            db.commit()
            made += len(stages)
        print(f"\n  added {made:,d} stages in {time.perf_counter() - started:.0f} s")
        from sqlalchemy import text

        db.execute(text("ANALYZE"))
        db.commit()


# Run in a fresh process, so its peak resident memory is the report's and nothing else's.
REPORT_SCRIPT = """
import json, resource, statistics, sys, time
from portal import create_app
from portal.clock import Year
from portal.reports.outputs import report_csv, report_pdf
from portal.reports.services import build_report
app = create_app({"PORTAL_ENV": "test", "DATABASE_URL": sys.argv[1]})
year = Year.parse(sys.argv[2])
with app.test_request_context():
    build_report(year)  # warm: imports, the bank-holiday calendar, the database's cache
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        report = build_report(year)
        timings.append((time.perf_counter() - started) * 1000)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    csv_text = report_csv(report)
    csv_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    pdf = report_pdf(report)
    pdf_ms = (time.perf_counter() - started) * 1000
    print(json.dumps({"build_ms": statistics.median(timings), "slowest_ms": max(timings), "before_kb": before,
                      "peak_kb": peak, "csv_ms": csv_ms, "pdf_ms": pdf_ms, "pdf_bytes": len(pdf),
                      "peak_after_pdf_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size:,d} cases")
def test_annual_report_for_one_year_among_many_cases(size, capsys):
    with capsys.disabled():
        app = prepared_app(size)
        add_stages(app)
    try:
        from portal.db import get_session
        from portal.reports.queries import in_year

        with app.app_context():
            from datetime import UTC, datetime

            db = get_session()
            in_the_year = db.scalar(select(func.count(Case.id)).where(in_year(Year.parse(YEAR), datetime.now(UTC))))
            stages = db.scalar(select(func.count(CaseStage.id)))
            dialect = db.get_bind().dialect.name
        result = subprocess.run(
            [sys.executable, "-c", REPORT_SCRIPT, bench_url(size), YEAR],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=3600,
        )
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        pages_client = app.test_client()
        from tests.conftest import PageClient

        pages = PageClient(pages_client)
        pages.sign_in(MANAGER_EMAIL, PASSWORD)
        started = time.perf_counter()
        pages.get(f"/staff/reports/annual?year={YEAR}")
        page_ms = (time.perf_counter() - started) * 1000
        with capsys.disabled():
            print(
                f"\nAnnual report {YEAR}, {dialect}, {size:,d} cases "
                f"({in_the_year:,d} in the year, {stages:,d} stages in all)"
            )
            print(
                f"  build (every count, this year and last): median {figures['build_ms']:.0f} ms, "
                f"slowest {figures['slowest_ms']:.0f} ms of 5 (goal: under 2,000 ms)"
            )
            print(f"  the page through the test client: {page_ms:.0f} ms")
            print(
                f"  CSV {figures['csv_ms']:.0f} ms; PDF {figures['pdf_ms']:.0f} ms, "
                f"{figures['pdf_bytes'] / 1024:.0f} KB"
            )
            print(
                f"  peak RSS: {figures['before_kb'] / 1024:.0f} MB after a warm build, "
                f"{figures['peak_kb'] / 1024:.0f} MB "
                f"after 5 more builds (+{(figures['peak_kb'] - figures['before_kb']) / 1024:.1f} MB); "
                f"{figures['peak_after_pdf_kb'] / 1024:.0f} MB after the PDF"
            )
    finally:
        app.extensions["db_engine"].dispose()
