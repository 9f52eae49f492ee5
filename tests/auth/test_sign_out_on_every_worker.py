"""Signing out ends the session on the server: a manager's cookie copied before "Sign out" and replayed after it is
anonymous on every worker of the real gunicorn, so a shared council PC keeps nothing a later user can reuse."""

import http.client
import re
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

from portal.site import DEMO_PASSWORD
from tests.portal_server import serve_portal

WORKERS = 4
MANAGER = "manager@example.org"  # a demo account


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    # Password only, so a demo manager can sign in without an authenticator app (the code step is tested in process).
    with serve_portal(
        tmp_path_factory.mktemp("sign-out"), "sign-out", workers=WORKERS, STAFF_SECOND_FACTOR="false"
    ) as running:
        yield running


def request(base_url, method, path, cookie=None, fields=None):
    """One request on a fresh connection, redirects not followed: (status, headers, body)."""
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(base_url).netloc, timeout=30)
    headers = {"Connection": "close"}
    if cookie:
        headers["Cookie"] = f"portal_session={cookie}"
    body = None
    if fields is not None:
        body = urllib.parse.urlencode(fields)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def session_cookie(headers, current):
    """The portal_session value a browser would hold after these response headers."""
    for header in headers.get_all("Set-Cookie") or []:
        match = re.match(r"portal_session=([^;]*)", header)
        if match:
            return match.group(1)
    return current


def csrf_token(body):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body).group(1)


def workers_that_answered(access_log, path):
    lines = [line.split() for line in access_log.read_text().splitlines()]
    return {pid for pid, method, url, _status in lines if method == "GET" and url == path}


def test_a_cookie_copied_before_sign_out_is_anonymous_after_it_on_every_worker(portal):
    base_url = portal.base_url
    case_id = portal.query("SELECT id FROM cases ORDER BY id LIMIT 1")
    case_path = f"/staff/cases/{case_id}"

    # Sign in as a manager, as a browser does.
    status, headers, body = request(base_url, "GET", "/sign-in")
    cookie = session_cookie(headers, None)
    status, headers, body = request(
        base_url,
        "POST",
        "/sign-in",
        cookie,
        {"csrf_token": csrf_token(body), "email": MANAGER, "password": DEMO_PASSWORD},
    )
    assert status == 302
    cookie = session_cookie(headers, cookie)
    status, headers, body = request(base_url, "GET", case_path, cookie)
    assert status == 200 and "Contact details" in body and 'id="contact-hidden"' not in body
    cookie = session_cookie(headers, cookie)
    copied = cookie  # what someone at the same PC, or in the middle, could take

    status, headers, _body = request(base_url, "POST", "/sign-out", cookie, {"csrf_token": csrf_token(body)})
    assert status == 302 and headers["Location"] == "/signed-out"

    # The copy, replayed many times at once so every worker answers (one after another, the same worker may take them
    # all): sent to sign in, never the queue or contact details.
    paths = ["/staff/cases", case_path] * (4 * WORKERS)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        answers = list(pool.map(lambda path: (path, *request(base_url, "GET", path, copied)), paths))
    for path, status, headers, body in answers:
        assert status == 302, f"{path} answered {status} to a signed-out cookie"
        assert headers["Location"].startswith("/sign-in?next=")
        assert "Contact details" not in body
    assert len(workers_that_answered(portal.access_log, "/staff/cases")) > 1, "one worker answered: it proves little"
