"""Self-assignment through real HTTP, on the real gunicorn with several workers and demo data: an officer cannot
assign themselves a case someone else has (a manager's, another officer's) and sees no contact details for it; they
can take a case nobody has, only with a reason, which goes in the history; every active manager is emailed (a real
SMTP server on loopback)."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from aiosmtpd.controller import Controller

from portal.clock import london_today
from portal.site import DEMO_PASSWORD
from tests.conftest import free_port
from tests.portal_server import serve_portal
from tests.tell_us.conftest import Inbox

WORKERS = 3
OFFICER, MANAGER, ADMIN = "complaints@example.org", "manager@example.org", "admin@example.org"
OTHER_OFFICER = "second.officer@example.org"


@pytest.fixture(scope="module")
def inbox():
    messages = Inbox()
    controller = Controller(messages, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, messages
    controller.stop()


@pytest.fixture(scope="module")
def portal(tmp_path_factory, inbox):
    port, _messages = inbox
    with serve_portal(
        tmp_path_factory.mktemp("assignment"), "assignment", workers=WORKERS, MAIL_SERVER="127.0.0.1", MAIL_PORT=port
    ) as running:
        yield running


class Browser:
    """One person's cookie jar on fresh connections: requests land on whichever worker answers."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def open(self, path, fields=None):
        """(status, body, final path) after redirects; fields makes it a POST with this person's CSRF token."""
        data = None
        if fields is not None:
            data = urllib.parse.urlencode({"csrf_token": self.token(), **fields}, doseq=True).encode()
        request = urllib.request.Request(f"{self.base_url}{path}", data=data, headers={"Connection": "close"})  # noqa: S310 - our loopback server
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(), urllib.parse.urlsplit(response.url).path
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode(), path

    def token(self):
        with self.opener.open(f"{self.base_url}/sign-in", timeout=30) as response:
            return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', response.read().decode()).group(1)

    def version(self, case_id, action):
        status, body, _ = self.open(f"/staff/cases/{case_id}/{action}")
        assert status == 200, body[:300]
        return re.search(r'name="version"[^>]*value="(\d+)"', body).group(1)

    def sign_in(self, email):
        status, body, path = self.open("/sign-in", {"email": email, "password": DEMO_PASSWORD})
        assert status == 200 and path != "/sign-in", body[:300]
        return self


def user_id(portal, email):
    return portal.query(f"SELECT id FROM users WHERE email = '{email}'")  # noqa: S608 - our own constants


def a_case_with_contact_details_held_by(portal, email, open_only=False):
    return portal.query(
        "SELECT cases.id FROM cases JOIN users ON users.id = cases.assigned_to_id "  # noqa: S608 - our own constants
        f"WHERE users.email = '{email}' AND COALESCE(cases.reply_email, cases.reply_phone) IS NOT NULL "
        + ("AND cases.status != 'closed' " if open_only else "")
        + "ORDER BY cases.id LIMIT 1"
    )


def test_an_officer_cannot_assign_themselves_a_case_someone_else_has(portal, inbox):
    # An admin invites a second complaints officer, who accepts; the manager gives them a case with contact details.
    _port, messages = inbox
    admin = Browser(portal.base_url).sign_in(ADMIN)
    status, body, _ = admin.open(
        "/admin/users/invite", {"name": "Sasha Second", "email": OTHER_OFFICER, "role": "complaints_officer"}
    )
    assert status == 200 and "Invitation sent to Sasha Second" in body, body[:500]
    portal.run_worker_once()  # the invitation waits in the outbox until a worker sends it
    invitation = next(message for to, message in messages if to == [OTHER_OFFICER])
    link = re.search(r"/invitation/[\w-]+", invitation.replace("=\n", "")).group(0)
    status, body, path = Browser(portal.base_url).open(link, {"password": DEMO_PASSWORD})
    assert status == 200 and path != link, body[:500]
    manager = Browser(portal.base_url).sign_in(MANAGER)
    theirs = a_case_with_contact_details_held_by(portal, OFFICER, open_only=True)
    version = manager.version(theirs, "assign")
    status, body, _ = manager.open(
        f"/staff/cases/{theirs}/assign", {"version": version, "officer": str(user_id(portal, OTHER_OFFICER))}
    )
    assert status == 200 and "Assign: saved." in body, body[:500]
    managers = a_case_with_contact_details_held_by(portal, MANAGER)

    officer = Browser(portal.base_url).sign_in(OFFICER)
    me = str(user_id(portal, OFFICER))
    for case_id, holder in ((managers, MANAGER), (theirs, OTHER_OFFICER)):
        contact = portal.query(f"SELECT COALESCE(reply_email, reply_phone) FROM cases WHERE id = {case_id}")  # noqa: S608
        status, body, _ = officer.open(f"/staff/cases/{case_id}/assign")
        assert status == 403
        status, body, _ = officer.open(f"/staff/cases/{case_id}/assign", {"version": "1", "officer": me})
        assert status == 403
        status, body, _ = officer.open(f"/staff/cases/{case_id}/take", {"version": "1", "reason": "Mine now"})
        assert status == 403
        assert portal.query(f"SELECT assigned_to_id FROM cases WHERE id = {case_id}") == user_id(portal, holder)  # noqa: S608
        status, body, _ = officer.open(f"/staff/cases/{case_id}")
        assert status == 200 and contact not in body and 'id="contact-hidden"' in body
        assert ">Assign<" not in body and ">Take this case<" not in body


def test_an_officer_takes_an_unassigned_case_only_with_a_reason_and_the_managers_are_told(portal, inbox):
    _port, messages = inbox
    manager = Browser(portal.base_url).sign_in(MANAGER)
    today = london_today()
    status, body, path = manager.open(
        "/staff/cases/new",
        {
            "channel": "phone",
            "kind": "complaint",
            "received_on": [str(today.day), str(today.month), str(today.year)],
            "safe_now": "yes",
            "told_by": "young_person",
            "words": "Nobody came to my review.",
            "reply_email": "taken.case@example.org",
        },
    )
    assert status == 200, body[:500]
    case_id = int(path.rsplit("/", 1)[1])
    assert portal.query(f"SELECT assigned_to_id FROM cases WHERE id = {case_id}") is None  # noqa: S608

    officer = Browser(portal.base_url).sign_in(OFFICER)
    status, body, _ = officer.open(f"/staff/cases/{case_id}")
    assert "taken.case@example.org" not in body and ">Take this case<" in body and ">Assign<" not in body
    messages.clear()

    version = officer.version(case_id, "take")
    status, body, _ = officer.open(f"/staff/cases/{case_id}/take", {"version": version, "reason": ""})
    assert status == 200 and "<title>Error: " in body and "Enter why you are taking this case" in body
    assert portal.query(f"SELECT assigned_to_id FROM cases WHERE id = {case_id}") is None  # noqa: S608

    reason = "I took the phone call and the young person asked for me"
    status, body, path = officer.open(f"/staff/cases/{case_id}/take", {"version": version, "reason": reason})
    assert status == 200 and path == f"/staff/cases/{case_id}", body[:500]
    assert "taken.case@example.org" in body  # theirs now: the contact details show
    assert portal.query(f"SELECT assigned_to_id FROM cases WHERE id = {case_id}") == user_id(portal, OFFICER)  # noqa: S608
    history = portal.query(
        f"SELECT summary FROM case_events WHERE case_id = {case_id} AND kind = 'taken' AND by_user_id = "  # noqa: S608
        f"{user_id(portal, OFFICER)}"
    )
    assert reason in history
    portal.run_worker_once()  # the email waits in the outbox until a worker sends it
    told = [(to, message) for to, message in messages if "took case" in message]
    assert [to for to, _message in told] == [[MANAGER]]
    reference = portal.query(f"SELECT reference FROM cases WHERE id = {case_id}")  # noqa: S608
    assert reference in told[0][1] and "Chris Novak took case" in told[0][1]

    pids = {line.split()[0] for line in portal.access_log.read_text().splitlines()}
    assert len(pids) > 1, "only one worker answered: the test proves little"
