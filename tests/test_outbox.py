"""The outbox (issue 20): a case is saved at once while the mail server is down, its alert waits in the outbox, a red
banner tells complaints officers and managers when it is late, and when the server is back the alert arrives once.
Real SMTP server on loopback (aiosmtpd), real worker rounds, a fixed clock (time-machine)."""

import email
from datetime import UTC, datetime, timedelta
from email import policy

import pytest
import time_machine
from aiosmtpd.controller import Controller
from sqlalchemy import select

from portal import outbox
from portal.cases.recording import save_new_case
from portal.db import get_session
from portal.models import Case, Message, MessageState
from portal.tell_us.services import tell_people_about
from tests.conftest import PageClient, free_port
from tests.tell_us.conftest import Inbox, send, walk

START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # a Monday morning


class MailServer:
    """A real SMTP server on a fixed loopback port that can be stopped and started again, like one being restarted."""

    def __init__(self):
        self.port = free_port()
        self.received = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.received, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def mail_server(app):
    server = MailServer()
    app.config["MAIL_SERVER"] = "127.0.0.1"
    app.config["MAIL_PORT"] = server.port
    yield server
    server.stop()


def worker_round(app):
    """What `flask worker` does each round, until nothing more is due now."""
    with app.app_context():
        while outbox.deliver_due():
            pass


def banner(page):
    return page.html.find(id="urgent-alerts")


def message_ids(received):
    return [email.message_from_string(raw, policy=policy.default)["Message-ID"] for _to, raw in received]


def test_an_unsafe_case_is_saved_with_the_mail_server_down_and_its_alert_arrives_once_when_it_is_back(
    app, pages, make_user, db_session, mail_server
):
    with time_machine.travel(START, tick=False) as clock:
        officer = PageClient(app.test_client())
        officer.sign_in(make_user("complaints_officer"))
        # The mail server is down (nothing listens on its port) while a young person says they are not safe.
        walk(pages, replace={"are-you-safe": {"safe_now": "no"}, "reply": {"reply_route": "none"}})
        page = send(pages)
        assert page.h1 == "Message sent"
        case = db_session.scalars(select(Case)).one()
        assert case.urgent
        (alert,) = db_session.scalars(select(Message).where(Message.case_id == case.id)).all()
        assert (alert.kind, alert.state, alert.recipient) == (
            "duty_alert",
            MessageState.WAITING,
            "duty.team@example.org",
        )

        worker_round(app)  # the worker tries, and the server does not answer
        db_session.refresh(alert)
        assert alert.state == MessageState.WAITING and alert.attempts == 1 and alert.last_error

        clock.shift(timedelta(minutes=4))
        assert banner(officer.get("/staff/cases")) is None, "not yet: 5 minutes is the setting"

        clock.shift(timedelta(minutes=2))
        worker_round(app)
        for url in ("/staff/cases", f"/staff/cases/{case.id}", "/pledge"):
            shown = banner(officer.get(url))
            assert shown is not None, f"no banner on {url}"
            words = shown.get_text(" ", strip=True)
            assert "duty alert email" in words and case.reference in words
            assert "Phone the duty team now on 020 7946 0000" in words
            assert shown.find("a", string=case.reference)["href"] == f"/staff/cases/{case.id}"
        assert banner(pages.get("/")) is None, "a young person never sees it"

        mail_server.start()
        clock.shift(timedelta(minutes=10))  # past the wait before the next try
        worker_round(app)
        worker_round(app)

        duty = [raw for to, raw in mail_server.received if to == ["duty.team@example.org"]]
        assert len(duty) == 1, "the alert arrives, once"
        assert message_ids(mail_server.received) == [alert.message_id]
        assert case.reference in duty[0]
        db_session.refresh(alert)
        assert alert.state == MessageState.SENT and alert.attempts >= 2
        assert banner(officer.get("/staff/cases")) is None
        messages = officer.get(f"/staff/cases/{case.id}").html.find(id="messages-table").get_text(" ", strip=True)
        assert "Duty alert email" in messages and "Sent" in messages


def test_a_message_that_keeps_failing_is_marked_failed_and_the_case_says_so(app, pages, db_session, mail_server):
    app.config["OUTBOX_MAX_ATTEMPTS"] = 3
    with time_machine.travel(START, tick=False) as clock:
        walk(pages)  # an acknowledgement by email; the mail server never comes up
        assert send(pages).h1 == "Message sent"
        for _ in range(3):
            worker_round(app)
            clock.shift(timedelta(hours=1))
    case = db_session.scalars(select(Case)).one()
    (message,) = db_session.scalars(select(Message)).all()
    assert (message.kind, message.state, message.attempts) == ("acknowledgement", MessageState.FAILED, 3)
    assert case.events[-1].kind == "email_failed"
    assert case.events[-1].summary.startswith("The acknowledgement email could not be sent after 3 tries.")


def test_each_try_waits_twice_as_long_as_the_one_before_up_to_the_most(app):
    app.config.update(OUTBOX_RETRY_SECONDS=30, OUTBOX_RETRY_MAX_SECONDS=3600)
    with app.app_context():
        waits = [outbox.retry_wait(attempt).total_seconds() for attempt in range(1, 10)]
    assert waits == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_healthz_says_how_old_the_oldest_undelivered_message_is(app, client, pages, mail_server):
    assert client.get("/healthz").json["oldest_undelivered_message_seconds"] == 0
    with time_machine.travel(START, tick=False) as clock:
        walk(pages, replace={"are-you-safe": {"safe_now": "no"}, "reply": {"reply_route": "none"}})
        send(pages)
        clock.shift(timedelta(seconds=95))
        assert client.get("/healthz").json["oldest_undelivered_message_seconds"] == 95
        mail_server.start()
        worker_round(app)
        assert client.get("/healthz").json["oldest_undelivered_message_seconds"] == 0


def test_a_second_save_of_the_same_case_leaves_no_second_alert(app, db_session):
    """The case and its alert are one transaction: a second save of the same submission (a double tap) is rolled
    back, and the alert it wrote goes with it."""

    def urgent_case():
        return Case(
            tracking_code_hash="not-a-real-hash",
            kind="complaint",
            received_at=START,
            acknowledge_by=START.date(),
            told_by="young_person",
            safe_now="no",
            urgent=True,
            words="words",
            reply_route="none",
            status="received",
        )

    for _tap in range(2):
        with app.test_request_context():
            save_new_case(urgent_case, submission_key="one-draft", and_then=tell_people_about)
    assert len(db_session.scalars(select(Case)).all()) == 1
    assert [message.kind for message in db_session.scalars(select(Message))] == ["duty_alert"]


def test_an_admin_sees_the_outbox_and_sends_a_failed_message_again(app, pages, make_user, db_session, mail_server):
    app.config["OUTBOX_MAX_ATTEMPTS"] = 1
    with time_machine.travel(START, tick=False):
        walk(pages, replace={"are-you-safe": {"safe_now": "no"}, "reply": {"reply_route": "none"}})
        send(pages)
        worker_round(app)  # the server is down: with one try allowed, the alert fails
        admin = PageClient(app.test_client())
        admin.sign_in(make_user("admin"))
        links = [a["href"] for a in admin.get("/admin/users").html.find_all("a")]
        assert "/admin/outbox" in links and "/admin/jobs" in links, "linked from the admin's start page"
        page = admin.get("/admin/outbox")
        assert "Failed: 1" in page.text() and "Duty alert email" in page.text()
        assert "Read the email" not in page.text(), "production-like settings keep the words out of the page"
        form = page.html.find("form", action=lambda action: action and action.endswith("/retry"))
        mail_server.start()
        admin.post(form["action"], {})
        worker_round(app)
        assert [to for to, _raw in mail_server.received] == [["duty.team@example.org"]]
        sent = db_session.scalars(select(Message)).one()
        assert sent.state == MessageState.SENT
        assert sent.body == "", "once sent, the words are in the mailbox, not kept here"
        app.config["OUTBOX_SHOWS_TEXT"] = True  # development: the page stands in for a mailbox
        assert "Read the email" not in admin.get("/admin/outbox?state=sent").text()
        app.config["MAIL_SERVER"] = None  # development with no mail server: messages are kept, words and all
        with app.app_context():
            outbox.enqueue("digest", "officer@example.org", "Cases due", "Hello Ada, 2 cases are due.")
            get_session().commit()
        worker_round(app)
        page = admin.get("/admin/outbox?state=kept")
        assert "Read the email" in page.text() and "Hello Ada, 2 cases are due." in page.text()


def test_the_jobs_page_shows_each_jobs_last_and_next_run(app, pages, sign_in_as):
    from portal.worker import run_job_if_due

    app.config["DIGEST_SCHEDULE"] = "daily 07:00"
    with time_machine.travel(START, tick=False):  # 09:00 London: today's digest is due
        with app.test_request_context(base_url=app.config["PORTAL_URL"]):
            assert run_job_if_due("digest") is True
            assert run_job_if_due("digest") is False, "once per day"
        sign_in_as("admin")
        rows = {row.th.get_text(strip=True): row for row in pages.get("/admin/jobs").html.select("#jobs tbody tr")}
    digest = rows["digest"].get_text(" ", strip=True)
    assert "30 Nov 2026, 09:00" in digest and "0 digest emails written to the outbox" in digest
    assert "1 Dec 2026, 07:00" in digest, "the next run is tomorrow's"
    assert "Not yet" in rows["retention"].get_text(" ", strip=True)


def test_the_outbox_opens_where_there_are_messages_and_says_an_empty_state_in_words(app, pages, sign_in_as):
    sign_in_as("admin")
    page = pages.get("/admin/outbox")
    assert page.html.find("h2").get_text(strip=True) == "Failed"
    assert page.html.find(id="no-messages").get_text(strip=True) == "No failed messages."
    with app.app_context():
        outbox.enqueue("digest", "officer@example.org", "Cases due", "Hello")
        get_session().commit()
    # Nothing failed, one message waiting: the page opens on it rather than on an empty "Failed".
    page = pages.get("/admin/outbox")
    assert page.html.find("h2").get_text(strip=True) == "Waiting to send"
    assert "officer@example.org" in page.html.find(id="messages").get_text()
    assert pages.get("/admin/outbox?state=failed").html.find(id="no-messages").get_text(strip=True) == (
        "No failed messages."
    )
    assert pages.get("/admin/outbox?state=by_hand").html.find(id="no-messages").get_text(strip=True) == (
        "No texts to send by hand."
    )


def test_the_jobs_page_counts_one_thing_in_the_singular(app, pages, sign_in_as, make_user):
    from portal.worker import run_job_if_due

    make_user("manager")  # the monthly summary's one address
    with time_machine.travel(START, tick=False):  # after 1 November 07:30: November's summary of October is due
        with app.test_request_context(base_url=app.config["PORTAL_URL"]):
            assert run_job_if_due("monthly-summary") is True
        sign_in_as("admin")
        rows = {row.th.get_text(strip=True): row for row in pages.get("/admin/jobs").html.select("#jobs tbody tr")}
    assert "The summary for October 2026 written to the outbox for 1 address." in rows["monthly-summary"].get_text(
        " ", strip=True
    )


def test_the_sqlite_claim_checks_again_that_each_message_is_still_due(app, db_session, monkeypatch):
    """SQLite's claim reads the due ids, then claims each with an UPDATE that checks again: between the two, another
    worker may have tried a message and set its next try later. Reading every id stands in for that moment."""
    if db_session.get_bind().dialect.name != "sqlite":
        pytest.skip("the guarded UPDATE is SQLite's claim; PostgreSQL's locks the rows it reads")
    with time_machine.travel(START, tick=False), app.app_context():
        due = outbox.enqueue("digest", "officer@example.org", "Due now", "Hello")
        later = outbox.enqueue("digest", "officer@example.org", "Tried by another worker", "Hello")
        later.attempts, later.next_try_at = 1, START + timedelta(seconds=30)
        get_session().commit()
        monkeypatch.setattr(outbox, "_due", lambda _moment: select(Message.id).order_by(Message.id))
        assert outbox.claim(get_session(), START) == [due.id]
