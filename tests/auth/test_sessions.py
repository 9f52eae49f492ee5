"""Signed-in sessions: a fresh one at sign-in, with its record on the server; ended by sign-out, by idling past
STAFF_IDLE_TIMEOUT, by "sign out everywhere" (the person or an admin), and by a change of role or password or
deactivating the account, on its very next request, wherever it is. (Replay under gunicorn:
test_sign_out_on_every_worker.py.)"""

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pyotp
import time_machine
from sqlalchemy import func, select

from portal.models import Role, SecurityEvent, User, UserSession
from portal.retention import run_retention
from tests.conftest import PASSWORD, PageClient

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def is_signed_in(pages):
    return pages.get("/").html.find("button", string="Sign out") is not None


def test_sign_in_starts_a_fresh_session(pages, make_user, db_session):
    email = make_user(Role.MANAGER)
    pages.get("/sign-in")
    with pages.client.session_transaction() as session:
        session["planted_before_sign_in"] = "by someone else"
    before = pages.client.get_cookie("portal_session").value
    pages.sign_in(email)
    after = pages.client.get_cookie("portal_session").value
    assert after != before
    with pages.client.session_transaction() as session:
        assert "planted_before_sign_in" not in session
        token = session["session_token"]
    # The server keeps the session's record, with only a hash of the token the cookie holds.
    record = db_session.scalar(select(UserSession))
    assert record.token_hash == hashlib.sha256(token.encode()).hexdigest() != token
    assert record.ended_at is None


def test_a_change_of_role_ends_that_persons_other_sessions(app, pages, sign_in_as, make_user, db_session):
    email = make_user(Role.COMPLAINTS_OFFICER)
    them = PageClient(app.test_client())
    them.sign_in(email)
    old_cookie = them.client.get_cookie("portal_session").value
    assert is_signed_in(them)

    sign_in_as(Role.ADMIN)
    user_id = db_session.scalar(select(User.id).where(User.email == email))
    pages.post(f"/admin/users/{user_id}", {"role": "manager", "partner": "", "active": "yes"})

    assert them.get("/admin/users", expected_status=302).response.location.startswith("/sign-in")
    # A copy of the old cookie is no use either.
    thief = PageClient(app.test_client())
    thief.client.set_cookie("portal_session", old_cookie)
    assert not is_signed_in(thief)
    # Signing in again works, with the new role.
    them.sign_in(email)
    assert "(Manager)" in them.get("/").html.get_text()


def test_saving_a_user_without_changing_their_role_keeps_their_session(app, pages, sign_in_as, make_user, db_session):
    email = make_user(Role.COMPLAINTS_OFFICER)
    them = PageClient(app.test_client())
    them.sign_in(email)
    sign_in_as(Role.ADMIN)
    user_id = db_session.scalar(select(User.id).where(User.email == email))
    pages.post(f"/admin/users/{user_id}", {"role": "complaints_officer", "partner": "", "active": "yes"})
    assert is_signed_in(them)


def test_a_change_of_password_ends_every_other_session(app, make_user, db_session):
    email = make_user(Role.MANAGER)
    them = PageClient(app.test_client())
    them.sign_in(email)
    assert is_signed_in(them)
    with app.app_context():
        from portal.accounts.self_service import change_password
        from portal.db import get_session

        user = get_session().scalar(select(User).where(User.email == email))
        change_password(user, PASSWORD, "a new long passphrase")
    assert not is_signed_in(them)
    them.sign_in(email, password="a new long passphrase")
    assert is_signed_in(them)


def test_a_deactivated_account_is_signed_out_on_its_next_request(app, pages, sign_in_as, make_user, db_session):
    email = make_user(Role.MANAGER)
    them = PageClient(app.test_client())
    them.sign_in(email)
    sign_in_as(Role.ADMIN)
    user_id = db_session.scalar(select(User.id).where(User.email == email))
    pages.post(f"/admin/users/{user_id}", {"role": "manager", "partner": "", "active": "no"})
    assert them.get("/admin/users", expected_status=302).response.location.startswith("/sign-in")


def test_a_cookie_naming_no_session_record_is_anonymous(app, make_user):
    email = make_user(Role.MANAGER)
    them = PageClient(app.test_client())
    them.sign_in(email)
    with them.client.session_transaction() as session:
        del session["session_token"]  # a user id alone, as cookies held before session records
    assert not is_signed_in(them)


def test_signing_out_ends_the_record_so_a_copy_of_the_cookie_is_anonymous(app, make_user, db_session):
    email = make_user(Role.MANAGER)
    them = PageClient(app.test_client())
    them.sign_in(email)
    copied = them.client.get_cookie("portal_session").value
    them.sign_out()
    assert db_session.scalar(select(UserSession.ended_at)) is not None
    thief = PageClient(app.test_client())
    thief.client.set_cookie("portal_session", copied)
    assert thief.get("/staff/cases", expected_status=302).response.location.startswith("/sign-in?next=")
    assert not is_signed_in(thief)


def test_a_session_idle_past_the_timeout_ends_and_says_why(app, make_user, db_session):
    email = make_user(Role.MANAGER)
    them = PageClient(app.test_client())
    with time_machine.travel(T0, tick=False) as clock:
        them.sign_in(email)
        # Each request renews it: 29 idle minutes, twice over, and still signed in (an hour since signing in).
        for _ in range(2):
            clock.shift(timedelta(minutes=29))
            them.get("/staff/cases")
        copied = them.client.get_cookie("portal_session").value
        clock.shift(timedelta(minutes=31))
        page = them.get("/staff/cases", expected_status=302)
        assert page.response.location == "/sign-in?next=/staff/cases"
        assert "You were signed out because you had not used the portal for a while" in them.get("/sign-in").text()
        assert db_session.scalar(select(UserSession.ended_at)) is not None

        # Ended, not just idle: the copy is no good even at a moment it would not have been idle.
        clock.move_to(T0 + timedelta(minutes=59))
        thief = PageClient(app.test_client())
        thief.client.set_cookie("portal_session", copied)
        assert thief.get("/staff/cases", expected_status=302).response.location.startswith("/sign-in?next=")


def test_the_idle_timeout_is_the_staff_idle_setting(app, make_user):
    app.config["STAFF_IDLE_TIMEOUT"] = timedelta(minutes=10)
    email = make_user(Role.COMPLAINTS_OFFICER)
    them = PageClient(app.test_client())
    with time_machine.travel(T0, tick=False) as clock:
        them.sign_in(email)
        clock.shift(timedelta(minutes=9))
        them.get("/staff/cases")
        clock.shift(timedelta(minutes=11))
        them.get("/staff/cases", expected_status=302)


def test_last_seen_is_written_at_most_once_a_minute(app, make_user, db_session):
    email = make_user(Role.MANAGER)
    them = PageClient(app.test_client())

    def last_seen():
        db_session.expire_all()
        return db_session.scalar(select(UserSession.last_seen_at)).replace(tzinfo=UTC)

    with time_machine.travel(T0, tick=False) as clock:
        them.sign_in(email)
        for seconds in (10, 30, 59):
            clock.move_to(T0 + timedelta(seconds=seconds))
            them.get("/staff/cases")
            assert last_seen() == T0
        clock.move_to(T0 + timedelta(seconds=61))
        them.get("/staff/cases")
        assert last_seen() == T0 + timedelta(seconds=61)


def test_sign_out_everywhere_from_your_account_ends_every_session_and_is_logged(app, make_user, db_session):
    email = make_user(Role.COMPLAINTS_OFFICER)
    here, elsewhere = PageClient(app.test_client()), PageClient(app.test_client())
    here.sign_in(email)
    elsewhere.sign_in(email)
    other_person = PageClient(app.test_client())
    other_person.sign_in(make_user(Role.MANAGER))

    # Reached by a link in the header area of every signed-in page.
    link = here.get("/").html.find("a", string="Your account")
    page = here.get(link["href"])
    assert page.h1 == "Your account"
    assert "You are signed in on 2 browsers, this one included." in page.text()
    form = page.html.find("form", action="/account/sign-out-everywhere")
    assert form.find("button", string=lambda text: "Sign out everywhere" in text)

    assert here.post("/account/sign-out-everywhere").response.location == "/signed-out"
    assert not is_signed_in(here)
    assert not is_signed_in(elsewhere)
    assert is_signed_in(other_person)  # only their own sessions
    user = db_session.scalar(select(User).where(User.email == email))
    event = db_session.scalar(select(SecurityEvent).where(SecurityEvent.kind == "signed_out_everywhere"))
    assert (event.by_user_id, event.about_user_id) == (user.id, user.id)
    assert event.summary == "Signed out everywhere (2 sessions ended)."


def test_your_account_lists_each_session_with_its_time_and_marks_this_browser(app, make_user):
    email = make_user(Role.COMPLAINTS_OFFICER)
    desk, phone = PageClient(app.test_client()), PageClient(app.test_client())
    with time_machine.travel(T0, tick=False) as clock:
        desk.sign_in(email)
        clock.shift(timedelta(minutes=20))
        phone.sign_in(email)
        page = phone.get("/account")
    # Newest first, in London time (GMT in November).
    assert [li.get_text(strip=True) for li in page.html.select("#sessions li")] == [
        "This browser: signed in on 30 Nov 2026, 09:20",
        "Signed in on 30 Nov 2026, 09:00",
    ]


def test_an_admin_signs_a_user_out_everywhere_and_it_is_logged(app, pages, sign_in_as, make_user, db_session):
    email = make_user(Role.MANAGER)
    phone, desk = PageClient(app.test_client()), PageClient(app.test_client())
    phone.sign_in(email)
    desk.sign_in(email)
    admin_email = sign_in_as(Role.ADMIN)
    user_id = db_session.scalar(select(User.id).where(User.email == email))

    page = pages.get(f"/admin/users/{user_id}")
    assert page.html.find(id="live-sessions").get_text(strip=True) == "Signed in on 2 browsers now."
    assert page.html.find("form", action=f"/admin/users/{user_id}/sign-out-everywhere")
    pages.post(f"/admin/users/{user_id}/sign-out-everywhere")

    assert not is_signed_in(phone) and not is_signed_in(desk)
    assert is_signed_in(pages)  # the admin stays signed in
    page = pages.get(f"/admin/users/{user_id}")
    assert page.html.find(id="live-sessions").get_text(strip=True) == "They are not signed in anywhere now."
    assert not page.html.find("form", action=f"/admin/users/{user_id}/sign-out-everywhere")  # nothing to end
    assert "Signed out everywhere by Test Administrator (admin@test.example.org) (2 sessions ended)." in page.text()
    # The security log says when to the minute, not just the day.
    assert re.fullmatch(
        r"\d{1,2} \w{3} \d{4}, \d{2}:\d{2}", page.html.select_one(".govuk-summary-list__key").get_text(strip=True)
    )
    admin_id = db_session.scalar(select(User.id).where(User.email == admin_email))
    event = db_session.scalar(select(SecurityEvent).where(SecurityEvent.kind == "signed_out_everywhere"))
    assert (event.by_user_id, event.about_user_id) == (admin_id, user_id)


def test_only_admins_sign_someone_else_out_everywhere(app, pages, sign_in_as, make_user, db_session):
    email = make_user(Role.COMPLAINTS_OFFICER)
    them = PageClient(app.test_client())
    them.sign_in(email)
    sign_in_as(Role.MANAGER)
    user_id = db_session.scalar(select(User.id).where(User.email == email))
    pages.post(f"/admin/users/{user_id}/sign-out-everywhere", expected_status=403)
    assert is_signed_in(them)
    assert (
        db_session.scalar(select(func.count(SecurityEvent.id)).where(SecurityEvent.kind == "signed_out_everywhere"))
        == 0
    )


def test_an_admin_signing_themselves_out_everywhere_lands_on_signed_out(pages, sign_in_as, db_session):
    admin_email = sign_in_as(Role.ADMIN)
    admin_id = db_session.scalar(select(User.id).where(User.email == admin_email))
    assert pages.post(f"/admin/users/{admin_id}/sign-out-everywhere").response.location == "/signed-out"
    assert not is_signed_in(pages)


def test_with_a_second_factor_the_session_starts_only_after_the_code(app, make_user, db_session):
    app.config["STAFF_SECOND_FACTOR"] = True
    email = make_user(Role.MANAGER)
    secret = pyotp.random_base32()
    user = db_session.scalar(select(User).where(User.email == email))
    user.totp_secret, user.totp_confirmed_at = secret, datetime.now(UTC)
    db_session.commit()
    them = PageClient(app.test_client())

    assert them.sign_in(email).response.location.startswith("/second-factor")
    assert db_session.scalar(select(func.count(UserSession.id))) == 0
    assert not is_signed_in(them)
    them.post("/second-factor", {"code": pyotp.TOTP(secret).now()})
    assert db_session.scalar(select(func.count(UserSession.id))) == 1
    assert is_signed_in(them)


def test_retention_deletes_session_records_unused_for_thirty_days(app, make_user, db_session):
    email = make_user(Role.MANAGER)
    user_id = db_session.scalar(select(User.id).where(User.email == email))
    ages = {"signed out long ago": 40, "left idle long ago": 31, "signed out last week": 7, "live": 0}
    for name, days in ages.items():
        seen = T0 - timedelta(days=days)
        ended = seen if name.startswith("signed out") else None
        db_session.add(
            UserSession(token_hash=name, user_id=user_id, created_at=seen, last_seen_at=seen, ended_at=ended)
        )
    db_session.commit()

    with app.app_context():
        run_retention(apply=False, now=T0)
        assert db_session.scalar(select(func.count(UserSession.id))) == 4  # a dry run deletes nothing
        run_retention(apply=True, now=T0)
    db_session.expire_all()
    assert set(db_session.scalars(select(UserSession.token_hash))) == {"signed out last week", "live"}
