"""A second factor for staff who see cases: set-up with a server-made QR code, sign-in with a TOTP code, wrong codes,
single-use recovery codes, an admin's logged reset, and production refusing to run without it."""

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlalchemy import select

from portal import create_app
from portal.accounts import sign_out_everywhere
from portal.db import get_session
from portal.models import RecoveryCode, Role, SecurityEvent, User
from tests.conftest import PASSWORD


@pytest.fixture
def app(app):
    app.config["STAFF_SECOND_FACTOR"] = True
    return app


def set_up(pages, email):
    """Sign in with the password and set up the second factor; returns (secret, recovery codes)."""
    first = pages.sign_in(email)
    assert first.response.location.startswith("/second-factor/set-up")
    page = pages.get("/second-factor/set-up")
    secret = page.html.find(id="set-up-key").get_text().replace(" ", "")
    codes_page = pages.post("/second-factor/set-up", {"code": pyotp.TOTP(secret).now()}, expected_status=200)
    assert codes_page.h1 == "Save your recovery codes"
    codes = [li.get_text(strip=True) for li in codes_page.html.select("#recovery-codes li")]
    return secret, codes


def signed_in(pages):
    return pages.get("/").html.find("button", string="Sign out") is not None


def code_at(secret, moment):
    return pyotp.TOTP(secret).at(moment)


def next_code(secret):
    """The code of the next 30-second step (accepted for clock drift): the current one was used at set-up."""
    return code_at(secret, datetime.now(UTC) + timedelta(seconds=30))


def test_set_up_shows_a_qr_code_made_here_and_turns_the_second_factor_on(pages, make_user, db_session):
    email = make_user(Role.COMPLAINTS_OFFICER)
    pages.sign_in(email)
    assert not signed_in(pages)  # a password alone is not enough
    page = pages.get("/second-factor/set-up")
    assert page.h1 == "Set up your second factor"
    qr = page.html.find("img", class_="portal-qr-code")
    assert qr["src"].startswith("data:image/svg+xml") and qr["alt"]
    assert page.response.headers["Cache-Control"] == "no-store"
    secret = page.html.find(id="set-up-key").get_text().replace(" ", "")
    stored = db_session.scalar(select(User).where(User.email == email))
    assert stored.totp_secret is None and stored.totp_confirmed_at is None, "the secret is kept only once confirmed"

    wrong = pages.post("/second-factor/set-up", {"code": "000000"}, expected_status=200)
    assert wrong.error_messages() == ["Enter a correct code. Codes from the app change every 30 seconds"]
    assert not signed_in(pages)

    codes_page = pages.post("/second-factor/set-up", {"code": pyotp.TOTP(secret).now()}, expected_status=200)
    codes = [li.get_text(strip=True) for li in codes_page.html.select("#recovery-codes li")]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert signed_in(pages)
    db_session.expire_all()
    assert db_session.scalar(select(User.totp_secret).where(User.email == email)) == secret
    hashes = db_session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(hashes) == 10 and all(h.startswith("$argon2id$") for h in hashes)
    assert not any(code.replace("-", "") in h for code in codes for h in hashes)


def test_sign_in_needs_the_password_and_then_a_current_code(pages, make_user):
    email = make_user(Role.MANAGER)
    secret, _codes = set_up(pages, email)
    pages.sign_out()

    response = pages.sign_in(email)
    assert response.response.location.startswith("/second-factor")
    assert not signed_in(pages)
    assert pages.get("/second-factor").h1 == "Enter your code"
    # A code from ten minutes ago is refused; the one now is accepted.
    old = code_at(secret, datetime.now(UTC) - timedelta(minutes=10))
    page = pages.post("/second-factor", {"code": old}, expected_status=200)
    assert page.error_messages() == ["Enter a correct code. Codes from the app change every 30 seconds"]
    assert not signed_in(pages)
    pages.post("/second-factor", {"code": next_code(secret)})
    assert signed_in(pages)


def test_a_code_cannot_be_used_twice(pages, make_user, db_session):
    email = make_user(Role.ADMIN)
    secret, _codes = set_up(pages, email)
    pages.sign_out()
    used_step = db_session.scalar(select(User.totp_last_step).where(User.email == email))
    pages.sign_in(email)
    page = pages.post("/second-factor", {"code": pyotp.TOTP(secret).generate_otp(used_step)}, expected_status=200)
    assert page.error_messages() and not signed_in(pages)
    pages.post("/second-factor", {"code": pyotp.TOTP(secret).generate_otp(used_step + 1)})
    assert signed_in(pages)


def test_a_recovery_code_works_once_and_is_refused_the_second_time(pages, make_user, db_session):
    email = make_user(Role.COMPLAINTS_OFFICER)
    _secret, codes = set_up(pages, email)
    pages.sign_out()

    pages.sign_in(email)
    pages.post("/second-factor", {"code": codes[3].lower()})
    home = pages.get("/")
    assert home.html.find("button", string="Sign out") and "You have 9 left" in home.text()
    pages.sign_out()

    pages.sign_in(email)
    page = pages.post("/second-factor", {"code": codes[3]}, expected_status=200)
    assert page.error_messages() == ["Enter a correct code. Codes from the app change every 30 seconds"]
    assert not signed_in(pages)
    assert db_session.scalar(select(SecurityEvent.kind).where(SecurityEvent.kind == "recovery_code_used"))


def test_wrong_codes_count_against_the_account_limit(pages, make_user, app):
    app.config["SIGN_IN_LIMIT_PER_ACCOUNT"] = "3 per 15 minutes"
    email = make_user(Role.MANAGER)
    secret, _codes = set_up(pages, email)
    pages.sign_out()
    pages.sign_in(email)
    for _ in range(3):
        pages.post("/second-factor", {"code": "123456"}, expected_status=200)
    page = pages.post("/second-factor", {"code": next_code(secret)}, expected_status=429)
    assert "Try again in" in page.text()


def test_roles_that_do_not_see_cases_sign_in_with_a_password(pages, make_user):
    for role in (Role.RMA_MEMBER, Role.PARTICIPATION_OFFICER, Role.PARTNER_LEAD):
        pages.sign_in(make_user(role))
        assert signed_in(pages)
        pages.sign_out()


def test_the_code_page_without_a_password_first_says_to_sign_in_again(pages):
    for url in ("/second-factor", "/second-factor/set-up"):
        page = pages.get(url)
        assert page.h1 == "Sign in again"


def test_a_pending_sign_in_expires_after_five_minutes(pages, make_user, monkeypatch):
    email = make_user(Role.MANAGER)
    pages.sign_in(email)
    later = datetime.now(UTC) + timedelta(minutes=6)

    class Later(datetime):
        @classmethod
        def now(cls, tz=None):
            return later

    monkeypatch.setattr("portal.auth.second_factor.datetime", Later)
    assert pages.get("/second-factor/set-up").h1 == "Sign in again"


def test_a_password_accepted_before_every_session_ended_cannot_finish_with_a_code(app, pages, make_user, db_session):
    # What User.session_version is for: the password was right, the code is still to come, and meanwhile the person
    # (who sees that someone has their password) signs out everywhere. The code alone must not finish the sign-in.
    email = make_user(Role.MANAGER)
    secret, _codes = set_up(pages, email)
    pages.sign_out()
    assert pages.sign_in(email).response.location.startswith("/second-factor")
    with app.app_context():
        user = get_session().scalar(select(User).where(User.email == email))
        sign_out_everywhere(user, by=user)
    page = pages.post("/second-factor", {"code": next_code(secret)}, expected_status=200)
    assert page.h1 == "Sign in again"
    assert not signed_in(pages)


def test_admin_resets_a_second_factor_and_it_is_logged(app, pages, make_user, db_session):
    from tests.conftest import PageClient

    email = make_user(Role.COMPLAINTS_OFFICER)
    officer = PageClient(app.test_client())
    set_up(officer, email)
    assert signed_in(officer)

    admin_email = make_user(Role.ADMIN, email="boss@test.example.org")
    set_up(pages, admin_email)
    user = db_session.scalar(select(User).where(User.email == email))
    page = pages.get(f"/admin/users/{user.id}")
    assert "Set up on" in page.text()
    pages.post(f"/admin/users/{user.id}/reset-second-factor", {})
    page = pages.get(f"/admin/users/{user.id}")
    assert "Not set up yet" in page.text()
    assert re.search(r"Second factor reset by Test Administrator", page.text())

    db_session.expire_all()
    user = db_session.get(User, user.id)
    assert user.totp_secret is None and user.totp_confirmed_at is None
    assert db_session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id)).all() == []
    event = db_session.scalar(select(SecurityEvent).where(SecurityEvent.kind == "second_factor_reset"))
    assert event.about_user_id == user.id and event.by_user_id is not None
    # The officer's session ended, and their next sign-in sets up a new second factor.
    assert not signed_in(officer)
    assert officer.sign_in(email).response.location.startswith("/second-factor/set-up")


def test_only_admins_reset_second_factors(pages, sign_in_as, make_user, db_session):
    target = make_user(Role.MANAGER, email="target@test.example.org")
    sign_in_as(Role.PARTICIPATION_OFFICER)
    user_id = db_session.scalar(select(User.id).where(User.email == target))
    pages.post(f"/admin/users/{user_id}/reset-second-factor", {}, expected_status=403)


def test_production_refuses_to_start_with_the_second_factor_off(monkeypatch):
    monkeypatch.setenv("STAFF_SECOND_FACTOR", "false")
    with pytest.raises(RuntimeError, match="STAFF_SECOND_FACTOR"):
        create_app({"PORTAL_ENV": "production", "SECRET_KEY": "x" * 32, "DATABASE_URL": "sqlite://"})


def test_production_has_the_second_factor_on_by_default(make_app, monkeypatch):
    monkeypatch.delenv("STAFF_SECOND_FACTOR", raising=False)
    production = make_app(PORTAL_ENV="production", SECRET_KEY="x" * 32)
    assert production.config["STAFF_SECOND_FACTOR"] is True


def test_development_and_test_leave_it_off_unless_asked(monkeypatch):
    from portal.config import config_for

    monkeypatch.delenv("STAFF_SECOND_FACTOR", raising=False)
    assert config_for("development").STAFF_SECOND_FACTOR is False
    assert config_for("test").STAFF_SECOND_FACTOR is False
    monkeypatch.setenv("STAFF_SECOND_FACTOR", "true")
    assert config_for("development").STAFF_SECOND_FACTOR is True


def test_password_is_checked_before_any_code_is_asked(pages, make_user):
    email = make_user(Role.MANAGER)
    page = pages.sign_in(email, password="wrong " + PASSWORD, expected_status=200)
    assert page.h1 == "Sign in"
    assert pages.get("/second-factor").h1 == "Sign in again"


def test_a_next_with_a_newline_goes_to_the_start_page_after_the_code_too(pages, make_user):
    email = make_user(Role.MANAGER)
    secret, _codes = set_up(pages, email)
    pages.sign_out()
    response = pages.post("/sign-in?next=/staff%0d%0aSet-Cookie:x", {"email": email, "password": PASSWORD})
    code_page = response.response.location
    assert code_page.startswith("/second-factor?next=")
    assert pages.post(code_page, {"code": next_code(secret)}).response.location == "/staff/cases"
