"""make bench: weight and server time of the Pledge's public pages (phones, little data) and of comparing two
versions (the heaviest drafting page), on the demo Pledge. Figures are printed for issue notes, never asserted."""

import gzip
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
    version_id = max(int(part.split('"')[0]) for part in draft.split('href="/pledge/drafts/')[1:] if part[0].isdigit())
    url = f"/pledge/drafts/{version_id}/compare"
    html = pages.client.get(url).get_data()
    rows.append((url, len(html), len(gzip.compress(html, compresslevel=9)), median_ms(lambda: pages.client.get(url))))
    with capsys.disabled():
        print("\nPledge pages (HTML bytes raw / gzip, median server ms over 30):")
        for name, raw, packed, ms in rows:
            print(f"  {raw:8,d} / {packed:7,d}  {ms:6.1f} ms  {name}")
