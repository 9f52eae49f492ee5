"""The per-account sign-in limit and the per-reference tracking limit hold exactly with several workers: the real
gunicorn with four workers, every guess on a fresh connection with a fresh cookie, whichever worker answers."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from portal.site import DEMO_PASSWORD
from tests.portal_server import serve_portal

WORKERS = 4
ACCOUNT = "manager@example.org"  # a demo account


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    """(base URL, access log path, a case reference) of the portal under gunicorn with four workers."""
    with serve_portal(tmp_path_factory.mktemp("workers"), "workers", workers=WORKERS) as running:
        reference = running.query("SELECT reference FROM cases ORDER BY id LIMIT 1")
        yield running.base_url, running.access_log, reference


def post_form(base_url, path, fields):
    """GET the form and POST it, as a new visitor: a fresh cookie jar and fresh connections. (status, body)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(f"{base_url}{path}", timeout=30) as response:
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', response.read().decode()).group(1)
    data = urllib.parse.urlencode({"csrf_token": token, **fields}).encode()
    request = urllib.request.Request(f"{base_url}{path}", data=data, headers={"Connection": "close"})  # noqa: S310 - our loopback server
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode()


def workers_that_answered(access_log, path):
    lines = [line.split() for line in access_log.read_text().splitlines()]
    return {pid for pid, method, url, _status in lines if method == "POST" and url == path}


def test_the_eleventh_wrong_password_is_refused_whichever_worker_answers(portal):
    base_url, access_log, _reference = portal

    def wrong_password(n):
        return post_form(base_url, "/sign-in", {"email": ACCOUNT, "password": f"wrong guess {n}"})

    # Ten wrong passwords at once, spread over the workers: each is checked and refused as wrong.
    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(wrong_password, range(10)))
    assert [status for status, _body in answers] == [200] * 10
    assert all("Enter a correct email address and password" in body for _status, body in answers)

    # The eleventh, and every one after it, is refused, even with the right password, on every worker.
    for _ in range(2 * WORKERS):
        status, body = post_form(base_url, "/sign-in", {"email": ACCOUNT, "password": DEMO_PASSWORD})
        assert status == 429
        assert "Try again in 15 minutes." in body
    assert len(workers_that_answered(access_log, "/sign-in")) > 1, "only one worker answered: the test proves little"


def test_a_locked_account_page_does_not_say_whether_the_email_exists(portal):
    base_url, _access_log, _reference = portal
    pages = {}
    for email in ("participation@example.org", "nobody-here@example.org"):
        for n in range(10):
            post_form(base_url, "/sign-in", {"email": email, "password": f"guess {n}"})
        status, body = post_form(base_url, "/sign-in", {"email": email, "password": "guess"})
        assert status == 429
        main = re.search(r"<main.*?</main>", body, re.S).group(0)
        pages[email] = re.sub(r"Try again in \d+ minutes?", "", main)
    assert pages["participation@example.org"] == pages["nobody-here@example.org"]


def test_the_sixth_wrong_tracking_code_is_refused_whichever_worker_answers(portal):
    base_url, access_log, reference = portal

    def wrong_code(n):
        return post_form(base_url, "/track", {"reference": reference, "code": f"WRNG-CODE-{n:04d}"})

    with ThreadPoolExecutor(max_workers=5) as pool:
        answers = list(pool.map(wrong_code, range(5)))
    assert [status for status, _body in answers] == [200] * 5
    assert all("We could not find a match" in body for _status, body in answers)
    for n in range(2 * WORKERS):
        status, body = post_form(base_url, "/track", {"reference": reference.lower(), "code": f"MORE-GUES-{n:04d}"})
        assert status == 429 and "paused checking for a while" in body and "Try again in 15 minutes." in body
    assert len(workers_that_answered(access_log, "/track")) > 1


def test_one_address_guessing_many_references_is_refused_on_every_worker(portal):
    """The per-address limit (TRACK_LIMIT_PER_ADDRESS, 20 an hour) counts on every worker together: once one worker
    refuses, they all do, however many guesses the other tests here have used already."""
    base_url, access_log, _reference = portal
    accepted = 0
    while True:
        status, _body = post_form(base_url, "/track", {"reference": f"PLG-{accepted:04d}-ZZ", "code": "WRNG-CODE-0000"})
        if status == 429:
            break
        assert status == 200
        accepted += 1
        assert accepted <= 20, "more wrong guesses from one address than the limit allows"
    for n in range(2 * WORKERS):
        status, body = post_form(base_url, "/track", {"reference": f"PLG-{n:04d}-YY", "code": "WRNG-CODE-0000"})
        assert status == 429 and "paused checking for a while" in body
    assert len(workers_that_answered(access_log, "/track")) > 1
