"""Sending: a room of young people on one Wi-Fi address all get through; one device sending over and over is slowed."""

from sqlalchemy import func, select

from portal.models import Case
from tests.conftest import PageClient
from tests.tell_us.conftest import send, walk

VENUE_WIFI = {"REMOTE_ADDR": "203.0.113.50"}


def test_thirty_young_people_on_one_wifi_address_all_get_their_message_sent(app, db_session):
    for person in range(30):
        phone = PageClient(app.test_client())
        phone.client.environ_base.update(VENUE_WIFI)
        walk(phone, replace={"what-happened": {"words": f"Message from young person number {person}"}})
        page = send(phone)
        assert page.h1 == "Message sent", f"young person {person} was stopped"
    assert db_session.scalar(select(func.count(Case.id))) == 30


def test_one_device_sending_over_and_over_is_slowed(app, db_session):
    phone = PageClient(app.test_client())
    for _ in range(3):
        walk(phone)
        assert send(phone).h1 == "Message sent"
        phone.post("/tell-us/finish", {})
    walk(phone)
    page = phone.post("/tell-us/send", {}, expected_status=429)
    assert "paused sending for a while" in page.text() and "Try again in" in page.text()
    assert db_session.scalar(select(func.count(Case.id))) == 3
    # Someone else on the same address is not slowed by it.
    other = PageClient(app.test_client())
    walk(other)
    assert send(other).h1 == "Message sent"


def test_a_double_tapped_send_counts_once_against_the_device(app, db_session):
    app.config["TELL_US_LIMIT_PER_DEVICE"] = "1 per hour"
    phone = PageClient(app.test_client())
    walk(phone)
    phone.post("/tell-us/send", {})
    phone.post("/tell-us/send", {})  # the same draft again: the same case, and not a second send
    assert phone.get("/tell-us/sent").h1 == "Message sent"
    assert db_session.scalar(select(func.count(Case.id))) == 1
