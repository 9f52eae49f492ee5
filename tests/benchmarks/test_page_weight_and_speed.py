"""make bench: page weight and server time for the pages young people use on cheap phones with little data.

Figures are printed, not asserted against a clock: they go in issue notes, so a change that slows a page shows."""

import gzip
import statistics
import time
from pathlib import Path

import pytest

from tests.tell_us.conftest import COMPLAINT, answer, send, walk

pytestmark = pytest.mark.benchmark
STATIC = Path(__file__).resolve().parents[2] / "static"


def gzipped_size(data):
    return len(gzip.compress(data, compresslevel=9))


def median_ms(action, rounds=30):
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def test_page_weight(client, capsys):
    css = (STATIC / "build/portal.css").read_bytes()
    js = (STATIC / "govuk/govuk-frontend.min.js").read_bytes() + (STATIC / "js/portal.mjs").read_bytes()
    rows = [
        ("CSS (portal.css)", len(css), gzipped_size(css)),
        ("JavaScript (GOV.UK Frontend + ours)", len(js), gzipped_size(js)),
    ]
    for url in ("/", "/tell-us", "/tell-us/what-kind", "/track"):
        html = client.get(url).get_data()
        rows.append((f"HTML {url}", len(html), gzipped_size(html)))
    first_visit = sum(row[2] for row in rows[:2]) + rows[3][2]
    with capsys.disabled():
        print("\nPage weight (bytes, raw / gzip):")
        for name, raw, packed in rows:
            print(f"  {raw:8,d} / {packed:7,d}  {name}")
        print(f"  first visit to /tell-us/what-kind, gzip: {first_visit:,d} bytes (no fonts: system font stack)")


def test_server_time_for_the_journey(pages, capsys):
    figures = {
        "GET /": median_ms(lambda: pages.client.get("/")),
        "GET /tell-us/what-kind": median_ms(lambda: pages.client.get("/tell-us/what-kind")),
    }
    answer(pages, "what-kind", {"kind": "complaint"})
    token = pages.csrf_token()
    figures["POST /tell-us/are-you-safe"] = median_ms(
        lambda: pages.client.post("/tell-us/are-you-safe", data={"csrf_token": token, "safe_now": "yes"})
    )
    walk(pages, COMPLAINT[2:])
    figures["GET /tell-us/check"] = median_ms(lambda: pages.client.get("/tell-us/check"))
    start = time.perf_counter()
    page = send(pages)
    # One measurement: a draft sends once. The first send in a process also loads the bank-holiday calendar.
    figures["POST /tell-us/send + GET /tell-us/sent (first in process)"] = (time.perf_counter() - start) * 1000
    reference = page.html.find(class_="portal-reference").get_text(strip=True)
    code = page.html.find(id="tracking-code").get_text(strip=True)
    figures["POST /track (right code; redirects to the case)"] = median_ms(
        lambda: pages.client.post("/track", data={"csrf_token": token, "reference": reference, "code": code}), rounds=4
    )
    with capsys.disabled():
        print("\nServer time, median ms (test client, no network):")
        for name, value in figures.items():
            print(f"  {value:7.1f}  {name}")
