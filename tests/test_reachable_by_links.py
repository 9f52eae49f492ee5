"""Every page a person may use can be found by following links (issue 16): signed in as each demo account (and as a
visitor who is not signed in), a crawl of the links from that person's start page, over the demo's records, reaches
every GET route their role is allowed. A page nobody can find is a page nobody uses (the moderation page was one)."""

from collections import deque
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from werkzeug.exceptions import HTTPException

from portal.access import ANYONE
from portal.demo import load_demo_data
from portal.models import Role
from portal.site import DEMO_EMAILS, DEMO_PASSWORD
from tests.conftest import PageClient, all_routes

# Pages that are reached on purpose by something other than a link on the portal, each with why.
NOT_BY_LINKS = {
    "/favicon.ico": "the browser asks for it",
    "/theme.css": "the pages' stylesheet",
    "/healthz": "for the load balancer",
    "/second-factor": "a step of signing in",
    "/second-factor/set-up": "a step of signing in",
    "/signed-out": "where signing out leads",
    "/forgotten-password/check-your-email": "where asking for a link to choose a new password leads",
    "/reset-password/<token>": "its private link is sent by email to whoever forgot their password",
    "/invitation/<token>": "its private link is sent by email in an invitation",
    "/pledge/have-your-say/<token>": "its private link is given to young people by the participation officer",
    "/pledge/have-your-say/<token>/<int:promise_id>/comment": "a step of having your say",
    "/pledge/i-know": "where tapping 'I know about the Pledge' leads",
    "/pledge/kept/<int:promise_id>": "where tapping an answer to 'is it kept for you?' leads",
    "/pledge/kept/<int:promise_id>/thank-you": "where telling us more leads",
    "/tell-us/check": "a step of Tell us, reached by answering the one before",
    "/tell-us/sent": "a step of Tell us, reached by sending",
    "/tell-us/about-you": "a step of Tell us, reached by sending",
    "/tell-us/finished": "a step of Tell us, reached by sending",
    "/track/message": "a step of /track, reached by giving a reference and private code",
    "/track/stage-2": "linked from a case open on /track, reached by giving a reference and private code",
    "/track/close": "linked from a case open on /track, reached by giving a reference and private code",
}
# Reporting a comment is offered beside comments, which visitors, partners, complaints officers and admins see only
# on a consultation's private page.
REPORT = "/pledge/comments/<int:comment_id>/report"
# Visiting every case, comment or version would take minutes and prove nothing more: a few of each rule will do.
PER_RULE = 3


def rules_allowed(role):
    return {
        route.rule
        for route in all_routes()
        if "GET" in route.methods and (route.allowed == ANYONE or (role is not None and role in route.allowed))
    }


def crawl(app, client, start):
    """The rules of every page reached by following links from start (at most PER_RULE pages of each rule)."""
    adapter = app.url_map.bind("localhost")
    reached, seen, per_rule = set(), {start}, {}
    queue = deque([start])
    while queue:
        url = queue.popleft()
        try:
            rule, _arguments = adapter.match(urlsplit(url).path, method="GET", return_rule=True)
        except HTTPException:
            continue
        if per_rule.get(rule.rule, 0) >= PER_RULE:
            continue
        per_rule[rule.rule] = per_rule.get(rule.rule, 0) + 1
        response = client.get(url)
        if response.status_code < 400:  # a link that answers with a redirect (Exit this page) was found all the same
            reached.add(rule.rule)
        if response.status_code != 200 or response.mimetype != "text/html":
            response.close()
            continue
        html = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        for link in html.find_all("a", href=True):
            href = link["href"].split("#")[0]
            if href.startswith("/") and not href.startswith(("//", "/static/", "/assets/")) and href not in seen:
                seen.add(href)
                queue.append(href)
    return reached


@pytest.fixture
def demo_app(app):
    with app.app_context():
        load_demo_data()
    return app


@pytest.mark.parametrize("role", [None, *Role], ids=lambda role: role.value if role else "not signed in")
def test_every_page_a_role_may_use_is_reached_by_links(demo_app, client, role):
    start = "/"
    if role is not None:
        response = PageClient(client).sign_in(DEMO_EMAILS[role], DEMO_PASSWORD)
        start = urlsplit(response.response.location).path
    reached = crawl(demo_app, client, start)
    missing = rules_allowed(role) - reached - set(NOT_BY_LINKS)
    if role is not None:
        missing -= {"/sign-in", "/forgotten-password"}  # for people not signed in
    if role not in (Role.RMA_MEMBER, Role.PARTICIPATION_OFFICER, Role.MANAGER):
        missing.discard(REPORT)
    assert not missing, f"{role or 'a visitor'} cannot reach by links: {sorted(missing)}"
