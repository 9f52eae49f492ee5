"""Helpers for walking the Tell us journey, and a real SMTP server on loopback to catch what it sends."""

import pytest
from aiosmtpd.controller import Controller

from portal import outbox
from tests.conftest import free_port

# A complaint's answers, page by page, as a young person would give them on their phone.
COMPLAINT = [
    ("what-kind", {"kind": "complaint"}),
    ("are-you-safe", {"safe_now": "yes"}),
    ("who", {"told_by_me": "me"}),
    ("what-happened", {"words": "My social worker has changed 3 times this year and nobody told me 😞"}),
    ("when", {"happened_when": "last_month"}),
    ("what-would-help", {"wanted_outcome": "Tell me before it changes"}),
    ("advocate", {"advocate_wanted": "yes"}),
    ("reply", {"reply_route": "email"}),
    ("reply-email", {"reply_email": "young.person@example.org"}),
    ("language", {"interpreter": "no"}),
    ("name", {"name": "Sam"}),
]


def answer(pages, slug, data, expected_status=302):
    return pages.post(f"/tell-us/{slug}", data, expected_status=expected_status)


def walk(pages, steps=COMPLAINT, replace=None):
    """Answer every page; replace swaps in other answers for some pages."""
    replace = replace or {}
    for slug, data in steps:
        response = answer(pages, slug, replace.get(slug, data))
        assert response.status == 302, f"{slug} did not move on"


def send(pages):
    """Press Send on the check page, the way the browser does; returns the confirmation page."""
    pages.post("/tell-us/send", {})
    return pages.get("/tell-us/sent")


class Inbox(list):
    """Messages the SMTP server received, as (to, message text)."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's handler name
        self.append((envelope.rcpt_tos, envelope.content.decode("utf8", "replace")))
        return "250 OK"


class WorkedInbox(Inbox):
    """The inbox as it is once the worker has been round: emails leave through the outbox (portal/outbox.py), never
    from inside a request, so each read first delivers whatever is waiting, as `flask worker` would."""

    def __init__(self, app):
        super().__init__()
        self.app = app

    def deliver_waiting(self):
        with self.app.app_context():
            while outbox.deliver_due():
                pass

    def __iter__(self):
        self.deliver_waiting()
        return super().__iter__()

    def __len__(self):
        self.deliver_waiting()
        return super().__len__()

    def __getitem__(self, index):
        self.deliver_waiting()
        return super().__getitem__(index)

    def __eq__(self, other):
        return list(self) == other

    __hash__ = None


@pytest.fixture
def inbox(app):
    """A real SMTP server on 127.0.0.1 for this test; the worker sends to it."""
    messages = WorkedInbox(app)
    controller = Controller(messages, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config["MAIL_SERVER"] = "127.0.0.1"
    app.config["MAIL_PORT"] = controller.port
    yield messages
    controller.stop()
