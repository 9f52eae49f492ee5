"""make bench: weight and server time of the Pledge's public pages (phones, little data), of comparing two versions,
and of what young people said for the drafting team (a promise's evidence, the gaps, the meeting pack and its PDF:
each count suppressed by linear programming), on the demo Pledge. Figures are printed for issue notes, never
asserted."""

import gzip
import re
import statistics
import time

import pytest

from portal.site import DEMO_PASSWORD

pytestmark = pytest.mark.benchmark


def median_ms(action, rounds=30):
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def test_pledge_pages_weight_and_server_time(runner, pages, capsys):
    assert runner.invoke(args=["demo"]).exit_code == 0
    rows = []
    for url in ("/pledge", "/pledge/print", "/pledge/versions"):
        html = pages.client.get(url).get_data()
        rows.append(
            (url, len(html), len(gzip.compress(html, compresslevel=9)), median_ms(lambda u=url: pages.client.get(u)))
        )
    pages.sign_in("participation@example.org", DEMO_PASSWORD)
    draft = pages.client.get("/pledge/drafts").get_data(as_text=True)
    version_id = max(map(int, re.findall(r'href="/pledge/drafts/(\d+)"', draft)))
    draft_page = pages.client.get(f"/pledge/drafts/{version_id}").get_data(as_text=True)
    promise_id = re.findall(r'href="/pledge/promises/(\d+)"', draft_page)[0]
    for url, rounds in (
        (f"/pledge/drafts/{version_id}/compare", 30),
        (f"/pledge/promises/{promise_id}", 30),
        (f"/pledge/drafts/{version_id}/gaps", 30),
        (f"/pledge/drafts/{version_id}/pack", 10),
        (f"/pledge/drafts/{version_id}/pack.pdf", 3),
    ):
        body = pages.client.get(url).get_data()
        ms = median_ms(lambda u=url: pages.client.get(u), rounds)
        rows.append((url, len(body), len(gzip.compress(body, compresslevel=9)), ms))
    with capsys.disabled():
        print("\nPledge pages (bytes raw / gzip, median server ms over 30; the pack over 10, its PDF over 3):")
        for name, raw, packed, ms in rows:
            print(f"  {raw:8,d} / {packed:7,d}  {ms:6.1f} ms  {name}")
