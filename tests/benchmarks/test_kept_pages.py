"""make bench: weight and server time of the "is it kept" pages (the scorecard, the staff dashboard), on the demo data
(8 promises, about 950 answers, a year of updates). Printed for the issue notes, never asserted against a clock."""

import pytest

from tests.benchmarks.test_page_weight_and_speed import gzipped_size, median_ms

pytestmark = pytest.mark.benchmark


def test_kept_pages_weight_and_server_time(runner, pages, capsys):
    assert runner.invoke(args=["demo"]).exit_code == 0
    rows = []
    for url in ("/pledge", "/pledge/scorecard"):
        html = pages.client.get(url).get_data()
        rows.append((url, len(html), gzipped_size(html), median_ms(lambda url=url: pages.client.get(url), rounds=10)))
    token = pages.csrf_token()
    promise = pages.get("/pledge").html.select_one("form.portal-kept")["action"]
    tap_ms = median_ms(lambda: pages.client.post(promise, data={"csrf_token": token, "answer": "yes"}), rounds=10)
    pages.sign_in("participation@example.org", "demo-pledge-portal")
    html = pages.client.get("/staff/pledge").get_data()
    rows.append(("/staff/pledge", len(html), gzipped_size(html), median_ms(lambda: pages.client.get("/staff/pledge"))))
    with capsys.disabled():
        print("\nMonitoring pages (bytes raw / gzip, median server ms):")
        for url, raw, packed, ms in rows:
            print(f"  {raw:8,d} / {packed:7,d}  {ms:7.1f} ms  GET {url}")
        print(f"  {'':>19}  {tap_ms:7.1f} ms  POST one-tap answer")
