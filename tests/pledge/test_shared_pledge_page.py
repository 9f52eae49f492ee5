"""/pledge is the same for every signed-out visitor (portal/shared_pages.py): each worker renders it once per published
version and sends it with a strong ETag and a Cache-Control any cache may follow. A newly published version shows
within SHARED_PAGE_SECONDS, a repeat visit gets 304, someone signed in never gets the shared copy, and the one-tap
answers on it work without a token."""

import gzip
import re

import brotli
from sqlalchemy import event

from tests.conftest import PageClient
from tests.pledge.conftest import build_draft, published_ids, sign_off_and_publish

KEPT_FORM = re.compile(r'<form class="portal-kept" method="post" action="([^"]+)"')


def publish_a_new_version(people):
    version, _promises = build_draft(
        people, title="Our Pledge 2", promises=[("Home", "A home that is yours", "Your room is yours.", "Yours.")]
    )
    sign_off_and_publish(version, people)


def test_a_second_worker_shows_a_newly_published_version_at_once(app, make_app, build):
    """Two apps on one database stand for two workers: each has its own copy of /pledge."""
    other_worker = make_app(PORTAL_ENV="test").test_client()
    build(published_ids)
    assert "Help you learn" in other_worker.get("/pledge").get_data(as_text=True)
    build(publish_a_new_version)  # through the test's own app: the other worker is not told
    page = other_worker.get("/pledge").get_data(as_text=True)
    assert "A home that is yours" in page
    assert "Help you learn" not in page


def test_a_worker_answers_from_its_copy_until_it_is_shared_page_seconds_old(app, make_app, build):
    """No sleeping: the time is an hour while the worker must not ask, and nothing once it must, so a slow machine
    cannot turn the test."""
    build(published_ids)
    worker = make_app(PORTAL_ENV="test", SHARED_PAGE_SECONDS=3600)
    client = worker.test_client()
    statements = []
    event.listen(worker.extensions["db_engine"], "before_cursor_execute", lambda *args: statements.append(args[2]))
    first = client.get("/pledge")
    assert "Help you learn" in first.get_data(as_text=True)
    assert first.headers["Cache-Control"] == "public, max-age=3600, must-revalidate"
    asked = len(statements)
    again = client.get("/pledge")
    assert len(statements) == asked, "the worker's copy answered without asking the database"
    assert again.get_data() == first.get_data() and again.headers["ETag"] == first.headers["ETag"]
    assert 0 <= int(again.headers["Age"]) <= 3600, "a cache after the worker keeps it only for what is left"

    build(publish_a_new_version)
    assert "Help you learn" in client.get("/pledge").get_data(as_text=True), "its copy is not that old yet"
    worker.config["SHARED_PAGE_SECONDS"] = 0
    page = client.get("/pledge").get_data(as_text=True)
    assert "A home that is yours" in page
    assert "Help you learn" not in page


def test_a_repeat_visit_gets_304_until_a_new_version_is_published(app, build):
    build(published_ids)
    client = app.test_client()
    first = client.get("/pledge", headers={"Accept-Encoding": "br, gzip"})
    etag = first.headers["ETag"]
    assert not etag.startswith("W/"), "a strong ETag: the bytes are the same every time"
    repeat = client.get("/pledge", headers={"Accept-Encoding": "br, gzip", "If-None-Match": etag})
    assert repeat.status_code == 304
    assert repeat.get_data() == b""
    assert repeat.headers["ETag"] == etag
    build(publish_a_new_version)
    changed = client.get("/pledge", headers={"Accept-Encoding": "br, gzip", "If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert "A home that is yours" in brotli.decompress(changed.get_data()).decode()


def test_each_encoding_reads_back_as_the_same_page_with_its_own_etag(app, build):
    build(published_ids)
    client = app.test_client()
    sent = {encoding: client.get("/pledge", headers={"Accept-Encoding": encoding}) for encoding in ("br", "gzip", "")}
    assert sent["br"].headers["Content-Encoding"] == "br"
    assert sent["gzip"].headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in sent[""].headers
    plain = sent[""].get_data()
    assert brotli.decompress(sent["br"].get_data()) == plain
    assert gzip.decompress(sent["gzip"].get_data()) == plain
    assert len({response.headers["ETag"] for response in sent.values()}) == 3, "different bytes, different tags"
    for response in sent.values():
        assert int(response.headers["Content-Length"]) == len(response.get_data())
        assert {"Accept-Encoding", "Cookie"} <= {value.strip() for value in response.headers["Vary"].split(",")}


def test_someone_signed_in_gets_their_own_page_not_the_shared_one(pages, build):
    build(published_ids)  # made with a manager, manager@test.example.org
    shared = pages.get("/pledge")
    assert "Staff sign in" in shared.response.get_data(as_text=True)
    pages.sign_in("manager@test.example.org")
    # Even asking with the shared copy's ETag, as a browser's cache might: their own page, never a 304.
    page = pages.get("/pledge", headers={"If-None-Match": shared.response.headers["ETag"]})
    assert "Signed in as Morgan Manager" in page.response.get_data(as_text=True)
    assert page.response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in page.response.headers


def test_someone_signed_in_never_gets_the_workers_copy_while_it_is_fresh(make_app, build):
    """The worker's copy (SharedPageCache, before Flask) answers only requests without a session cookie."""
    build(published_ids)
    pages = PageClient(make_app(PORTAL_ENV="test", SHARED_PAGE_SECONDS=3600).test_client())
    assert "Staff sign in" in pages.get("/pledge").response.get_data(as_text=True)  # the worker now holds its copy
    pages.sign_in("manager@test.example.org")
    page = pages.get("/pledge").response
    assert "Signed in as Morgan Manager" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert "Age" not in page.headers


def test_the_one_tap_answer_needs_no_token_and_is_refused_from_another_site(app, make_app, build):
    build(published_ids)
    client = make_app(PORTAL_ENV="test", WTF_CSRF_ENABLED=True).test_client()
    page = client.get("/pledge").get_data(as_text=True)
    assert "csrf_token" not in page
    action = KEPT_FORM.search(page)[1]
    refused = client.post(action, data={"answer": "yes"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert refused.status_code == 403
    assert "sent from another website" in refused.get_data(as_text=True)
    assert client.get(action).status_code == 302, "nothing was kept: the device has no answer to show"
    answered = client.post(action, data={"answer": "yes"}, headers={"Sec-Fetch-Site": "same-origin"})
    assert answered.status_code == 302
    assert "You said <strong>yes</strong>" in client.get(answered.location).get_data(as_text=True)
