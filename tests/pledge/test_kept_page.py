"""/pledge is rendered once per published version in each worker (portal/page_cache.py), and kept compressed with
holes for each response's own values: every worker must still show the newest version within
KEPT_PAGE_RECHECK_SECONDS, each response must carry its own working CSRF token and CSP nonce, and the gzip a browser
gets must read back as exactly the page."""

import gzip
import re

from sqlalchemy import event

from portal.page_cache import KeptPage
from tests.pledge.conftest import build_draft, published_ids, sign_off_and_publish

NONCE = re.compile(r'<script nonce="([^"]+)"')
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def test_a_second_worker_shows_a_newly_published_version_at_once(app, make_app, build):
    """Two apps on one database stand for two workers: each has its own kept copy of /pledge."""
    other_worker = make_app(PORTAL_ENV="test").test_client()
    build(published_ids)
    assert "Help you learn" in other_worker.get("/pledge").get_data(as_text=True)

    def publish_a_new_version(people):
        version, _promises = build_draft(
            people, title="Our Pledge 2", promises=[("Home", "A home that is yours", "Your room is yours.", "Yours.")]
        )
        sign_off_and_publish(version, people)

    build(publish_a_new_version)  # through the test's own app: the other worker is not told
    page = other_worker.get("/pledge").get_data(as_text=True)
    assert "A home that is yours" in page
    assert "Help you learn" not in page


def test_each_response_has_its_own_nonce_and_a_token_that_works(app, make_app, build):
    build(published_ids)
    client = make_app(PORTAL_ENV="test", WTF_CSRF_ENABLED=True).test_client()
    first, second = (client.get("/pledge") for _ in range(2))
    nonces = [NONCE.search(r.get_data(as_text=True))[1] for r in (first, second)]
    assert nonces[0] != nonces[1]
    for response, nonce in zip((first, second), nonces, strict=True):
        assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]
    # The second page came from the kept copy; its token is this session's, so the one-tap answer is taken.
    page = second.get_data(as_text=True)
    token = TOKEN.search(page)[1]
    action = re.search(r'<form class="portal-kept" method="post" action="([^"]+)"', page)[1]
    answered = client.post(action, data={"csrf_token": token, "answer": "yes"})
    assert answered.status_code == 302
    refused = client.post(action, data={"csrf_token": "not-the-token", "answer": "yes"})
    assert refused.status_code == 400


def test_someone_signed_in_gets_their_own_page_not_the_kept_one(pages, build):
    build(published_ids)  # made with a manager, manager@test.example.org
    assert "Staff sign in" in pages.get("/pledge").response.get_data(as_text=True)
    pages.sign_in("manager@test.example.org")
    page = pages.get("/pledge")
    assert "Signed in as Morgan Manager" in page.response.get_data(as_text=True)
    assert page.response.headers["Cache-Control"] == "no-store"


def test_the_gzip_sent_reads_back_as_the_page_with_this_responses_own_values(app, make_app, build):
    build(published_ids)
    client = make_app(PORTAL_ENV="test", WTF_CSRF_ENABLED=True).test_client()
    plain = client.get("/pledge").get_data(as_text=True)
    sent = [client.get("/pledge", headers={"Accept-Encoding": "br, gzip"}) for _ in range(2)]
    pages = []
    for response in sent:
        assert response.headers["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response.headers["Vary"]
        page = gzip.decompress(response.get_data()).decode()
        assert int(response.headers["Content-Length"]) == len(response.get_data())
        nonce, token = NONCE.search(page)[1], TOKEN.search(page)[1]
        assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]
        assert page.count(token) == len(TOKEN.findall(page)) > 1, "every form on the page has this response's token"
        assert page.replace(nonce, "N").replace(token, "T") == plain.replace(NONCE.search(plain)[1], "N").replace(
            TOKEN.search(plain)[1], "T"
        )
        pages.append((nonce, token))
    assert pages[0][0] != pages[1][0]
    action = re.search(r'<form class="portal-kept" method="post" action="([^"]+)"', page)[1]
    assert client.post(action, data={"csrf_token": pages[1][1], "answer": "yes"}).status_code == 302


def test_a_page_with_holes_compresses_as_well_as_in_one_piece_and_reads_back_with_any_values():
    markers = {"csrf": "C" * 32, "nonce": "N" * 32}
    text = "<p>Promise</p>" + "".join(f"<form>{markers['csrf']}<p>Promise {i}</p></form>" for i in range(30))
    page = KeptPage(f"<script nonce={markers['nonce']}></script>{text}", markers)
    for csrf, nonce in (("a" * 91, "b" * 24), ("0123456789" * 9 + "x", "ZYXWVUTSRQPONMLKJIHGFEDC")):
        values = {"csrf": csrf, "nonce": nonce}
        body = page.gzip(values)
        assert gzip.decompress(body).decode() == page.text(values)
    whole = gzip.compress(page.text(values).encode(), 9)
    assert len(body) <= len(whole) + 91 + 24 + 20, "two holes: their values as they are, and a few bytes of blocks"
    assert page.gzip({"csrf": "short", "nonce": nonce}) is None, "a value of another length cannot go in the holes"


def test_a_value_of_another_length_is_sent_compressed_the_usual_way(app, build):
    build(published_ids)
    client = app.test_client()
    client.get("/pledge", headers={"Accept-Encoding": "gzip"})
    for page in app.extensions["kept_pages"].values():
        page.lengths = {name: length + 1 for name, length in page.lengths.items()}
    response = client.get("/pledge", headers={"Accept-Encoding": "br, gzip"})
    assert response.headers["Content-Encoding"] == "br"
    assert "Help you learn" in client.get("/pledge").get_data(as_text=True)


def test_a_worker_asks_the_database_again_only_once_its_copy_is_a_recheck_old(app, make_app, build):
    """No sleeping: the recheck time is an hour while the worker must not ask, and nothing once it must, so a slow
    machine cannot turn the test."""
    build(published_ids)
    worker = make_app(PORTAL_ENV="test", KEPT_PAGE_RECHECK_SECONDS=3600)
    client = worker.test_client()
    statements = []
    event.listen(worker.extensions["db_engine"], "before_cursor_execute", lambda *args: statements.append(args[2]))
    assert "Help you learn" in client.get("/pledge").get_data(as_text=True)
    asked = len(statements)
    assert asked
    for path in ("/pledge", "/pledge", "/"):
        client.get(path)
    assert len(statements) == asked + 1, "/ asks once for its own key (demo data or not); /pledge asks nothing more"

    def publish_a_new_version(people):
        version, _promises = build_draft(
            people, title="Our Pledge 2", promises=[("Home", "A home that is yours", "Your room is yours.", "Yours.")]
        )
        sign_off_and_publish(version, people)

    build(publish_a_new_version)
    assert "Help you learn" in client.get("/pledge").get_data(as_text=True), "its copy is not a recheck old yet"
    worker.config["KEPT_PAGE_RECHECK_SECONDS"] = 0
    page = client.get("/pledge").get_data(as_text=True)
    assert "A home that is yours" in page
    assert "Help you learn" not in page
