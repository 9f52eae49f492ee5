"""The one-tap answers on /pledge carry no CSRF token (the page is the same for everyone, portal/shared_pages.py): a
page on another site that makes a visitor's browser post one is refused with the portal's 403 page, and a tap on our
own page is kept, with JavaScript on and off (portal/security.py's same_origin_posts_only)."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.browser.test_kept_journey import PROMISE, submit

pytestmark = pytest.mark.browser

ANOTHER_SITE = "127.0.0.2"  # another host on loopback: another site to the browser, not just another port


@pytest.fixture
def another_site():
    """An HTTP server on another origin; serve(html) sets the one page it answers with and returns its URL."""
    page = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = page["html"].encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((ANOTHER_SITE, 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def serve(html):
        page["html"] = html
        return f"http://{ANOTHER_SITE}:{server.server_port}/"

    yield serve
    server.shutdown()
    server.server_close()


def kept_form_action(page):
    """The absolute address the one-tap form for PROMISE posts to, read from our /pledge."""
    page.goto("/pledge")
    promise = page.locator(".portal-promise", has=page.get_by_role("heading", name=PROMISE, exact=True))
    action = promise.locator("form.portal-kept").get_attribute("action")
    return re.sub(r"/pledge.*$", "", page.url) + action


@pytest.mark.parametrize("javascript", [True, False], ids=["JavaScript on", "JavaScript off"])
def test_an_answer_posted_from_another_site_is_refused_and_one_from_ours_is_kept(new_context, another_site, javascript):
    page = new_context(javascript_enabled=javascript).new_page()
    action = kept_form_action(page)
    # With JavaScript the other site sends the form by itself as the page loads; without, it lures a tap.
    attack = another_site(
        f"""<!doctype html><html lang="en"><title>Win a prize</title>
        <form method="post" action="{action}"><button name="answer" value="no">Win a prize</button></form>
        <script>document.forms[0].submit()</script></html>"""
    )
    if javascript:
        with page.expect_navigation(url=action):
            page.goto(attack)
    else:
        page.goto(attack)
        submit(page, page.get_by_role("button", name="Win a prize"))
    assert page.url == action
    assert page.get_by_role("heading", level=1).inner_text() == "You cannot see this page"
    assert "sent from another website" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Go to the home page").count() == 1, "the portal's own 403 page"

    page.goto("/pledge")
    promise = page.locator(".portal-promise", has=page.get_by_role("heading", name=PROMISE, exact=True))
    submit(page, promise.get_by_role("button", name=re.compile(r"^Partly")))
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you for your answer"
    assert f"You said partly to this promise: {PROMISE}." in page.locator("main").inner_text()
