"""Texts to young people who chose "text me" (issue 20), through GOV.UK Notify's official Python client, tested against
a STAND-IN for Notify's API: a small HTTP server on loopback that checks each request as Notify documents it (POST
/v2/notifications/sms, a JSON body of phone_number, template_id and optional personalisation and reference, and an
Authorization: Bearer JWT signed HS256 with the key's secret, iss the service id, iat within 30 seconds). It is not
Notify: it answers like Notify does, and refuses what Notify would refuse."""

import json
import threading
import time
import uuid
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from sqlalchemy import select

from portal import outbox
from portal.models import Case, Message, MessageState
from portal.triage import notify
from tests.triage.conftest import new_case

SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
TEMPLATE_ID = str(uuid.uuid4())
PHONE = "07700 900123"  # an Ofcom number for drama: never a real phone
ALLOWED_FIELDS = {"phone_number", "template_id", "personalisation", "reference", "sms_sender_id"}


class NotifyStandIn(BaseHTTPRequestHandler):
    """A stand-in for GOV.UK Notify's send-a-text endpoint; what it accepted is in server.texts."""

    def do_POST(self):  # noqa: N802 - http.server's name
        problem = self.problem()
        if problem:
            status, error, message = problem
            return self.answer(status, {"status_code": status, "errors": [{"error": error, "message": message}]})
        body = self.body
        self.server.texts.append(body)
        return self.answer(
            201,
            {
                "id": str(uuid.uuid4()),
                "reference": body.get("reference"),
                "content": {"body": body["personalisation"]["body"], "from_number": "Council"},
                "uri": f"https://api.notifications.service.gov.uk/v2/notifications/{uuid.uuid4()}",
                "template": {"id": body["template_id"], "version": 1, "uri": "https://example.invalid/template"},
            },
        )

    def problem(self):
        if self.path != "/v2/notifications/sms":
            return 404, "NotFound", f"no such endpoint {self.path}"
        if self.headers.get("Content-Type") != "application/json":
            return 400, "BadRequestError", "Content-Type must be application/json"
        scheme, _, token = self.headers.get("Authorization", "").partition(" ")
        if scheme != "Bearer" or not token:
            return 401, "AuthError", "Unauthorized: authentication token must be provided"
        try:
            claims = jwt.decode(token, SECRET, algorithms=["HS256"], options={"require": ["iss", "iat"]})
        except jwt.InvalidTokenError as error:
            return 403, "AuthError", f"Invalid token: {error}"
        if claims["iss"] != SERVICE_ID:
            return 403, "AuthError", "Invalid token: service not found"
        if abs(time.time() - claims["iat"]) > 30:
            return 403, "AuthError", "Error: Your system clock must be accurate to within 30 seconds"
        self.body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if set(self.body) - ALLOWED_FIELDS or not {"phone_number", "template_id"} <= set(self.body):
            return 400, "ValidationError", f"unexpected fields: {sorted(self.body)}"
        if self.body["template_id"] != TEMPLATE_ID:
            return 400, "BadRequestError", "Template not found"
        if not isinstance(self.body.get("personalisation", {}).get("body"), str):
            return 400, "BadRequestError", "Missing personalisation: body"
        return None

    def answer(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_args):
        pass


@pytest.fixture
def notify_stand_in(app):
    server = ThreadingHTTPServer(("127.0.0.1", 0), NotifyStandIn)
    server.texts = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config.update(
        NOTIFY_API_KEY=f"pledge_portal_test-{SERVICE_ID}-{SECRET}",
        NOTIFY_SMS_TEMPLATE_ID=TEMPLATE_ID,
        NOTIFY_BASE_URL=f"http://127.0.0.1:{server.server_address[1]}",
    )
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def news_for(app, db_session):
    """A case whose young person chose texts; staff do something, and the 'there is news' text is written."""
    case = new_case(db_session, date(2026, 11, 2), reply_route="text", reply_phone=PHONE, name="Jordan")
    with app.test_request_context():
        assert notify.tell_young_person(outbox.get_session().get(Case, case.id))
        outbox.get_session().commit()
    return case


def deliver(app):
    with app.app_context():
        while outbox.deliver_due():
            pass


def test_a_young_person_who_chose_texts_gets_the_news_text_through_notify(app, db_session, notify_stand_in):
    case = news_for(app, db_session)
    deliver(app)
    (text,) = notify_stand_in.texts
    assert text["phone_number"] == PHONE and text["template_id"] == TEMPLATE_ID
    words = text["personalisation"]["body"]
    assert words.startswith(f"There is news about your message {case.reference}.") and "/track" in words
    assert case.words not in words and "Jordan" not in words, "no words, no names"
    (message,) = db_session.scalars(select(Message)).all()
    assert message.state == MessageState.SENT and text["reference"] == message.message_id


def test_a_text_signed_with_the_wrong_key_is_refused_and_marked_failed(app, db_session, notify_stand_in):
    app.config["NOTIFY_API_KEY"] = (
        f"pledge_portal_test-{SERVICE_ID}-{uuid.uuid4()}"  # the right service, a wrong secret
    )
    news_for(app, db_session)
    deliver(app)
    assert notify_stand_in.texts == []
    (message,) = db_session.scalars(select(Message)).all()
    assert message.state == MessageState.FAILED and "403" in message.last_error


def test_without_a_notify_key_the_case_page_shows_staff_the_text_to_send_by_hand(app, pages, make_user, db_session):
    assert not app.config["NOTIFY_API_KEY"]
    case = news_for(app, db_session)
    pages.sign_in(make_user("manager"))  # managers see contact details
    messages = pages.get(f"/staff/cases/{case.id}").html.find(id="messages-table").get_text(" ", strip=True)
    assert f"send this text by hand to {PHONE}" in messages
    assert f"There is news about your message {case.reference}." in messages and "Send by hand" in messages
    deliver(app)  # the worker leaves it alone: nothing is waiting
    assert db_session.scalars(select(Message)).one().state == MessageState.BY_HAND
