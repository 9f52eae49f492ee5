"""Pages the same for every signed-out visitor carry nothing per response (portal/shared_pages.py), and the one-tap
forms on them are guarded by where they were sent from, as Go 1.25's http.CrossOriginProtection decides
(portal/security.py)."""

import pytest
from flask import session

from portal.access import public
from portal.security import is_cross_origin
from portal.shared_pages import shared_page

SHARED_PAGES = ["/", "/get-help", "/accessibility", "/privacy", "/cookies", "/pledge", "/pledge/scorecard", "/reports"]
HOST = "portal.example.org"


@pytest.mark.parametrize(
    ("headers", "refused"),
    [
        ({"Sec-Fetch-Site": "cross-site"}, True),
        ({"Sec-Fetch-Site": "same-site"}, True),  # a sibling subdomain is another origin: refused, as Go does
        ({"Sec-Fetch-Site": "cross-site", "Origin": f"https://{HOST}"}, True),  # the browser's word wins
        ({"Sec-Fetch-Site": "same-origin"}, False),
        ({"Sec-Fetch-Site": "none"}, False),  # typed, bookmarked
        ({"Origin": "https://elsewhere.example.com"}, True),  # an older browser: Origin's host must be ours
        ({"Origin": "null"}, True),
        ({"Origin": f"https://{HOST}:8443"}, True),
        ({"Origin": f"https://{HOST}"}, False),
        ({}, False),  # neither header: not a browser, or one too old to say; allowed, as Go does
    ],
)
def test_where_a_post_came_from_decides_if_it_is_refused(headers, refused):
    assert is_cross_origin(headers, HOST) is refused


@pytest.mark.parametrize("path", SHARED_PAGES)
def test_a_first_time_visitor_gets_the_same_bytes_with_no_cookie_and_no_nonce(client, path):
    first, second = (client.get(path, headers={"Accept-Encoding": "br, gzip"}) for _ in range(2))
    for response in (first, second):
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers
        assert "nonce" not in response.headers["Content-Security-Policy"]
        assert response.headers["Cache-Control"] == "public, max-age=0, must-revalidate"  # tests: SHARED_PAGE_SECONDS 0
        assert "Cookie" in response.headers["Vary"]
    assert first.get_data() == second.get_data()
    assert first.headers["ETag"] == second.headers["ETag"]
    plain = client.get(path).get_data(as_text=True)
    assert "nonce" not in plain and "csrf_token" not in plain


@pytest.mark.parametrize("path", SHARED_PAGES)
def test_a_repeat_visit_with_the_etag_gets_304(client, path):
    etag = client.get(path).headers["ETag"]
    repeat = client.get(path, headers={"If-None-Match": etag})
    assert repeat.status_code == 304
    assert repeat.headers["ETag"] == etag


def test_a_cache_asking_with_the_weakened_tag_gets_304_and_with_another_encodings_tag_gets_the_page(client):
    """A CDN that compresses may mark our tag W/; If-None-Match compares weakly (RFC 9110). A cache holding the
    gzip bytes must not be told they will do for a client that is sent brotli."""
    gzip_tag = client.get("/pledge", headers={"Accept-Encoding": "gzip"}).headers["ETag"]
    weakened = client.get("/pledge", headers={"Accept-Encoding": "gzip", "If-None-Match": f"W/{gzip_tag}"})
    assert weakened.status_code == 304
    other = client.get("/pledge", headers={"Accept-Encoding": "br", "If-None-Match": gzip_tag})
    assert other.status_code == 200
    assert other.headers["Content-Encoding"] == "br"


def test_someone_with_a_session_gets_the_page_made_for_them(client):
    """A session cookie means someone signed in, mid-way through Tell us, or with a message waiting: never the copy
    every visitor shares."""
    client.get("/sign-in")  # its form's CSRF token is kept in the session: a session cookie
    assert client.get_cookie("portal_session") is not None
    response = client.get("/")
    assert response.status_code == 200
    assert "ETag" not in response.headers
    assert "public" not in response.headers.get("Cache-Control", "")


def test_a_shared_page_that_would_set_a_cookie_is_sent_private_instead(app):
    @app.get("/test-writes-the-session")
    @public
    @shared_page()
    def writes_the_session():
        session["surprise"] = True  # what a shared page must never do
        return "<p>Same for everyone?</p>"

    response = app.test_client().get("/test-writes-the-session")
    assert "Set-Cookie" in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers
