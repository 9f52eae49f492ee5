"""/pledge is rendered once per published version in each worker (portal/page_cache.py): every worker must still
show the newest version at once, and each response its own working CSRF token and CSP nonce."""

import re

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
