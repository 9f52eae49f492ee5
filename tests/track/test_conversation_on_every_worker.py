"""A double-tapped reply on /track makes one reply whichever workers answer: the real gunicorn with four workers, the
same form sent several times at once on fresh connections (its submission key is unique in the database)."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import argon2
import pytest
from sqlalchemy import create_engine, text

from portal.cases.references import normalise_code
from tests.portal_server import serve_portal

WORKERS = 4
CODE = "ABCD-EFGH-JKMN"


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    with serve_portal(tmp_path_factory.mktemp("conversation"), "conversation", workers=WORKERS) as running:
        yield running


def give_a_case_a_known_code(running):
    """A demo case's reference, its code set to CODE (only the hash is stored, as the portal stores it)."""
    reference = running.query("SELECT reference FROM cases WHERE status = 'received' ORDER BY id LIMIT 1")
    engine = create_engine(running.database_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text("UPDATE cases SET tracking_code_hash = :hash WHERE reference = :reference"),
                {"hash": argon2.PasswordHasher().hash(normalise_code(CODE)), "reference": reference},
            )
    finally:
        engine.dispose()
    return reference


def field(html, name):
    return re.search(rf'name="{name}"[^>]*value="([^"]+)"', html).group(1)


def test_the_same_reply_sent_four_times_at_once_is_saved_once(portal):
    reference = give_a_case_a_known_code(portal)
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def fetch(path, fields=None):
        data = urllib.parse.urlencode(fields).encode() if fields else None
        request = urllib.request.Request(f"{portal.base_url}{path}", data=data, headers={"Connection": "close"})  # noqa: S310 - our loopback server
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode()

    _status, form = fetch("/track")
    status, page = fetch("/track", {"csrf_token": field(form, "csrf_token"), "reference": reference, "code": CODE})
    assert status == 200 and "Your message" in page
    reply = {
        "csrf_token": field(page, "csrf_token"),
        "submission_key": field(page, "submission_key"),
        "reference": reference,
        "words": "I tapped send more than once.",
    }
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        answers = list(pool.map(lambda _n: fetch("/track/message", reply), range(WORKERS)))
    assert [status for status, _body in answers] == [200] * WORKERS  # each followed its redirect to the case
    saved = portal.query("SELECT count(*) FROM young_persons_words WHERE words = 'I tapped send more than once.'")
    assert saved == 1
    told = portal.query("SELECT count(*) FROM outbox_messages WHERE kind = 'young_person_wrote'")
    assert told == 1
    lines = [line.split() for line in portal.access_log.read_text().splitlines()]
    assert len({pid for pid, method, url, _status in lines if method == "POST" and url == "/track/message"}) > 1
