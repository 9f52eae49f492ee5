"""Accounts that look after themselves (issue 22): invitations, "Forgotten your password?" and changing your own
password. End to end: every email goes through the outbox, the worker's delivery hands it to a real SMTP server on
loopback, and the link is read from the email as its reader would; a fixed clock (time-machine) for running out."""

import email
import re
from datetime import UTC, datetime, timedelta
from email import policy

import pyotp
import pytest
import time_machine
from sqlalchemy import select

from portal.models import AccountLink, Message, Role, SecurityEvent, User
from tests.conftest import PASSWORD, PageClient

NEW_PASSWORD = "purple kettle on the stairs"
START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # a Monday morning


def emails_to(inbox, address):
    """(subject, body) of each email the SMTP server received for address, oldest first."""
    found = []
    for recipients, raw in inbox:
        if address in recipients:
            message = email.message_from_string(raw, policy=policy.default)
            found.append((message["Subject"], message.get_body().get_content()))
    return found


def link_in(body):
    """The path of the one portal link in an email's words."""
    (url,) = re.findall(r"http://127\.0\.0\.1:5000(/\S+)", body)
    return url


def signed_in(client):
    return client.get("/account").status_code == 200


def user(db_session, address):
    db_session.expire_all()
    return db_session.scalar(select(User).where(User.email == address))


# Invitations --------------------------------------------------------------------------------------------------------


def test_an_invitation_is_accepted_end_to_end(app, pages, sign_in_as, inbox, db_session):
    sign_in_as(Role.ADMIN)
    pages.post(
        "/admin/users/invite",
        {"name": "Jo Bloggs", "email": "jo@example.org", "role": "partner_lead", "partner": "Health Team"},
    )
    pages.sign_out()
    assert pages.sign_in("jo@example.org", "anything at all", expected_status=200).error_messages()

    ((subject, body),) = emails_to(inbox, "jo@example.org")
    assert subject == "You are invited to Our Pledge"
    assert "Test Administrator has made you an account" in body and "72 hours" in body
    page = pages.get(link_in(body))
    assert page.h1 == "Set up your account"
    assert "jo@example.org" in page.text()

    # A stolen password is refused, in plain words; the page keeps working.
    refused = pages.post(link_in(body), {"password": "qwerty123456"}, expected_status=200)
    assert refused.error_messages() == [
        "This password is on a list of passwords that have been stolen from other websites. Choose a different one"
    ]
    accepted = pages.post(link_in(body), {"password": NEW_PASSWORD})
    assert accepted.response.location == "/partner/promises"  # signed in, at their start page
    assert signed_in(pages.client)
    jo = user(db_session, "jo@example.org")
    assert (jo.active, jo.invitation_pending) == (True, False)
    pages.sign_out()
    pages.sign_in("jo@example.org", NEW_PASSWORD)


def test_staff_who_see_cases_go_on_to_set_up_their_second_factor(app, pages, sign_in_as, inbox):
    app.config["STAFF_SECOND_FACTOR"] = True
    with app.app_context():
        from portal.accounts.self_service import invite_user

        invite_user("officer@example.org", "Olu Officer", Role.COMPLAINTS_OFFICER)
    ((_subject, body),) = emails_to(inbox, "officer@example.org")
    assert "set up an app on your phone" in body
    accepted = pages.post(link_in(body), {"password": NEW_PASSWORD})
    assert accepted.response.location.startswith("/second-factor/set-up")
    assert not signed_in(pages.client), "not signed in until the second factor is set up"


def test_an_expired_invitation_is_refused_with_a_way_to_ask_again(app, pages, inbox, db_session):
    with time_machine.travel(START, tick=False) as clock:
        with app.app_context():
            from portal.accounts.self_service import invite_user

            invite_user("late@example.org", "Lee Late", Role.RMA_MEMBER)
        ((_subject, first),) = emails_to(inbox, "late@example.org")
        clock.shift(timedelta(hours=72, seconds=1))

        page = pages.get(link_in(first), expected_status=410)
        assert page.h1 == "This link has run out"
        assert "same email address" in page.text()
        refused = pages.post(link_in(first), {"password": NEW_PASSWORD}, expected_status=410)
        assert refused.h1 == "This link has run out"
        assert user(db_session, "late@example.org").invitation_pending

        button = page.html.find("form", action=re.compile(r"/new-link$"))
        sent = pages.post(button["action"], {}, expected_status=200)
        assert sent.h1 == "We have sent you a new link"
        (_first, (_subject, second)) = emails_to(inbox, "late@example.org")
        assert link_in(second) != link_in(first)
        pages.post(link_in(second), {"password": NEW_PASSWORD})
        assert signed_in(pages.client)
        assert pages.get(link_in(first), expected_status=410).h1 == "This link has been used"


def test_a_used_invitation_link_is_refused(app, pages, inbox):
    with app.app_context():
        from portal.accounts.self_service import invite_user

        invite_user("once@example.org", "Onyx Once", Role.RMA_MEMBER)
    ((_subject, body),) = emails_to(inbox, "once@example.org")
    pages.post(link_in(body), {"password": NEW_PASSWORD})
    other = PageClient(app.test_client())
    again = other.get(link_in(body), expected_status=410)
    assert again.h1 == "This link has been used"
    assert "Your account is already set up" in again.text()
    assert other.post(link_in(body), {"password": "someone else's choice"}, expected_status=410)
    other.sign_in("once@example.org", NEW_PASSWORD)


def test_two_clicks_on_one_link_cannot_both_use_it(app, inbox):
    """The conditional UPDATE is what decides, even when both requests saw the link unused."""
    from portal.accounts import self_service
    from portal.db import get_session

    with app.app_context():
        _user, url = self_service.invite_user("race@example.org", "Rae Race", Role.RMA_MEMBER)
    token = url.rsplit("/", 1)[1]
    with app.app_context():
        state, link = self_service.find_link(token, self_service.INVITE)  # both requests saw it unused
        assert state == self_service.VALID
        self_service._use(link)  # the first click claims it
        get_session().commit()
        with pytest.raises(self_service.LinkRefused):
            self_service._use(link)  # the second, holding the same unused row, finds nothing left to claim


def test_only_the_hash_of_a_link_is_kept(app, inbox, db_session):
    with app.app_context():
        from portal.accounts.self_service import invite_user

        _user, url = invite_user("hash@example.org", "Hana Hash", Role.RMA_MEMBER)
    token = url.rsplit("/", 1)[1]
    (link,) = db_session.scalars(select(AccountLink)).all()
    assert token not in (link.token_hash, str(link.id)) and len(link.token_hash) == 64


def test_a_participation_officer_invites_role_model_army_members_only(app, pages, sign_in_as, make_user, db_session):
    sign_in_as(Role.PARTICIPATION_OFFICER)
    page = pages.get("/role-model-army/accounts")
    assert page.h1 == "Role Model Army accounts"
    form = pages.get("/role-model-army/accounts/invite")
    assert form.html.find("input", attrs={"name": "role"}) is None
    # A role slipped into the post is ignored: a member is what they invite.
    pages.post("/role-model-army/accounts/invite", {"name": "Max Member", "email": "max@example.org", "role": "admin"})
    assert user(db_session, "max@example.org").role == Role.RMA_MEMBER
    assert "Invited" in pages.get("/role-model-army/accounts").text()

    # Sending an invitation again works for a member, and for no one else (object-level check).
    member = user(db_session, "max@example.org")
    pages.post(f"/role-model-army/accounts/{member.id}/invite-again", {})
    with app.app_context():
        from portal.accounts.self_service import invite_user

        manager, _link = invite_user("boss@example.org", "Bo Boss", Role.MANAGER)
        manager_id = manager.id
    pages.post(f"/role-model-army/accounts/{manager_id}/invite-again", {}, expected_status=404)
    assert pages.client.get("/admin/users/invite").status_code == 403

    with app.app_context():
        from portal.accounts import AccountError
        from portal.accounts.self_service import invite_user

        officer = user(db_session, "participation_officer@test.example.org")
        with pytest.raises(AccountError, match="only invite Role Model Army members"):
            invite_user("sneaky@example.org", "Sneaky", Role.ADMIN, by=officer)


def test_an_invited_account_cannot_be_switched_on_without_its_holder(pages, sign_in_as, db_session, app):
    sign_in_as(Role.ADMIN)
    pages.post(
        "/admin/users/invite", {"name": "Pen Ding", "email": "pen@example.org", "role": "manager", "partner": ""}
    )
    pen = user(db_session, "pen@example.org")
    page = pages.post(
        f"/admin/users/{pen.id}", {"role": "manager", "partner": "", "active": "yes"}, expected_status=200
    )
    assert "Send them a new invitation instead" in " ".join(page.error_messages())
    assert "They have not set up their account yet" in pages.get(f"/admin/users/{pen.id}").text()


# Forgotten your password? -------------------------------------------------------------------------------------------


def ask_for_a_link(pages, address, **kwargs):
    return pages.post("/forgotten-password", {"email": address}, **kwargs)


def test_a_forgotten_password_is_reset_and_another_browsers_session_ends(app, pages, make_user, inbox, db_session):
    address = make_user(Role.PARTNER_LEAD)
    laptop = PageClient(app.test_client())
    laptop.sign_in(address)
    assert signed_in(laptop.client)

    assert "Forgotten your password?" in pages.get("/sign-in").text()
    asked = ask_for_a_link(pages, address)
    assert asked.response.location == "/forgotten-password/check-your-email"
    assert address in pages.get("/forgotten-password/check-your-email").text()
    ((subject, body),) = emails_to(inbox, address)
    assert subject == "Choose a new password for Our Pledge"
    assert "1 hour" in body

    assert pages.get(link_in(body)).h1 == "Choose a new password"
    done = pages.post(link_in(body), {"password": NEW_PASSWORD})
    assert done.response.location == "/partner/promises"
    assert signed_in(pages.client)
    assert not signed_in(laptop.client), "the other browser's session ended"
    assert laptop.sign_in(address, PASSWORD, expected_status=200).error_messages()
    laptop.sign_in(address, NEW_PASSWORD)
    (_asked, (changed_subject, changed)) = emails_to(inbox, address)
    assert changed_subject == "Your password for Our Pledge was changed"
    assert link_in(changed) == "/forgotten-password"

    assert pages.get(link_in(body), expected_status=410).h1 == "This link has been used"


def test_a_reset_link_runs_out_after_an_hour(app, pages, make_user, inbox):
    address = make_user(Role.RMA_MEMBER)
    with time_machine.travel(START, tick=False) as clock:
        ask_for_a_link(pages, address)
        ((_subject, body),) = emails_to(inbox, address)
        clock.shift(timedelta(minutes=60, seconds=1))
        page = pages.get(link_in(body), expected_status=410)
        assert page.h1 == "This link has run out"
        assert page.html.find("a", href="/forgotten-password", string="Ask for a new link")


def test_only_the_newest_reset_link_works(app, pages, make_user, inbox):
    address = make_user(Role.RMA_MEMBER)
    ask_for_a_link(pages, address)
    ask_for_a_link(pages, address)
    (_subject, first), (_subject2, second) = emails_to(inbox, address)
    assert pages.get(link_in(first), expected_status=410).h1 == "This link has been used"
    assert pages.get(link_in(second)).h1 == "Choose a new password"


def test_a_second_factor_is_still_asked_after_a_reset(app, pages, make_user, inbox, db_session):
    app.config["STAFF_SECOND_FACTOR"] = True
    address = make_user(Role.MANAGER)
    with app.app_context():
        from portal.db import get_session

        manager = get_session().scalar(select(User).where(User.email == address))
        manager.totp_secret = pyotp.random_base32()
        manager.totp_confirmed_at = datetime.now(UTC)
        get_session().commit()
    ask_for_a_link(pages, address)
    ((_subject, body),) = emails_to(inbox, address)
    done = pages.post(link_in(body), {"password": NEW_PASSWORD})
    assert done.response.location.startswith("/second-factor")
    assert not done.response.location.startswith("/second-factor/set-up")
    assert not signed_in(pages.client)


def test_the_page_is_the_same_whether_or_not_an_account_exists(app, make_user, inbox, db_session):
    address = make_user(Role.RMA_MEMBER)
    answers = []
    for typed in (address, "nobody@test.example.org"):
        browser = PageClient(app.test_client())
        asked = ask_for_a_link(browser, typed)
        shown = browser.get("/forgotten-password/check-your-email")
        answers.append((asked.status, asked.response.location, shown.status, shown.text().replace(typed, "ADDRESS")))
    assert answers[0] == answers[1]
    assert "If ADDRESS has an account, we have sent it a link" in answers[0][3]
    assert emails_to(inbox, "nobody@test.example.org") == []
    assert len(emails_to(inbox, address)) == 1


def test_no_link_is_sent_to_a_closed_account_and_an_invited_one_gets_its_invitation(app, make_user, inbox, pages):
    closed = make_user(Role.MANAGER, active=False)
    with app.app_context():
        from portal.accounts.self_service import invite_user

        invite_user("waiting@example.org", "Wai Ting", Role.RMA_MEMBER)
    ask_for_a_link(pages, closed)
    ask_for_a_link(pages, "waiting@example.org")
    assert emails_to(inbox, closed) == []
    subjects = [subject for subject, _body in emails_to(inbox, "waiting@example.org")]
    assert subjects == ["You are invited to Our Pledge", "You are invited to Our Pledge"]


def test_asking_for_links_is_limited_per_account_and_per_address(app, make_user, inbox, pages):
    app.config["RESET_LIMIT_PER_ACCOUNT"] = "3 per hour"
    app.config["RESET_LIMIT_PER_ADDRESS"] = "5 per hour"
    address = make_user(Role.RMA_MEMBER)
    for _ in range(3):
        ask_for_a_link(pages, address)
    refused = ask_for_a_link(pages, address, expected_status=429)
    assert "we have paused sending them" in refused.text()
    # The same for an address with no account: the limit says nothing about who has one.
    for _ in range(2):
        ask_for_a_link(pages, "nobody@test.example.org")
    # Five counted from this address: a sixth, for anyone, is refused.
    assert ask_for_a_link(pages, "someone.else@test.example.org", expected_status=429)
    assert len(emails_to(inbox, address)) == 3
    # A form sent back with an error costs nothing.
    app.config["RESET_LIMIT_PER_ADDRESS"] = "50 per hour"
    other = PageClient(app.test_client())
    for _ in range(4):
        assert other.post("/forgotten-password", {"email": ""}, expected_status=200).error_messages()


def test_the_link_in_the_email_ignores_the_hosts_the_request_named(app, make_user, inbox, pages):
    address = make_user(Role.RMA_MEMBER)
    # The test client keeps cookies per host, so the CSRF token's session cannot follow a forged Host: send without.
    app.config["WTF_CSRF_ENABLED"] = False
    asked = pages.client.post("/forgotten-password", data={"email": address}, headers={"Host": "evil.example"})
    assert asked.status_code == 302
    ((_subject, body),) = emails_to(inbox, address)
    assert "evil.example" not in body
    assert link_in(body).startswith("/reset-password/")


# Change your password -----------------------------------------------------------------------------------------------


def test_change_password_keeps_this_session_and_ends_the_others(app, pages, sign_in_as, inbox, db_session):
    address = sign_in_as(Role.COMPLAINTS_OFFICER)
    phone = PageClient(app.test_client())
    phone.sign_in(address)
    account = pages.get("/account")
    assert account.html.find("a", href="/account/password", string="Change your password")

    wrong = pages.post(
        "/account/password", {"current_password": "not my password", "new_password": NEW_PASSWORD}, expected_status=200
    )
    assert wrong.error_messages() == ["Your current password is not right"]
    stolen = pages.post(
        "/account/password", {"current_password": PASSWORD, "new_password": "1qaz2wsx3edc4rfv"}, expected_status=200
    )
    assert stolen.error_messages() == [
        "This password is on a list of passwords that have been stolen from other websites. Choose a different one"
    ]
    short = pages.post(
        "/account/password", {"current_password": PASSWORD, "new_password": "too short"}, expected_status=200
    )
    assert short.error_messages() == ["Your password must be 12 characters or more"]

    done = pages.post("/account/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert done.response.location == "/account"
    assert "signed out on every other browser" in pages.get("/account").text()
    assert signed_in(pages.client), "this browser stays signed in"
    assert not signed_in(phone.client), "the other one is signed out"
    phone.sign_in(address, NEW_PASSWORD)
    ((subject, _body),) = emails_to(inbox, address)
    assert subject == "Your password for Our Pledge was changed"
    db_session.expire_all()
    kinds = db_session.scalars(select(SecurityEvent.kind).order_by(SecurityEvent.id)).all()
    assert "password_changed" in kinds


def test_wrong_current_passwords_count_against_the_sign_in_limit(app, pages, sign_in_as):
    app.config["SIGN_IN_LIMIT_PER_ACCOUNT"] = "2 per 15 minutes"
    sign_in_as(Role.RMA_MEMBER)
    for _ in range(2):
        pages.post(
            "/account/password", {"current_password": "guess", "new_password": NEW_PASSWORD}, expected_status=200
        )
    pages.post("/account/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}, expected_status=429)


def test_no_email_is_written_without_the_change_it_belongs_to(app, pages, sign_in_as, db_session):
    """A refused change writes nothing to the outbox."""
    sign_in_as(Role.RMA_MEMBER)
    pages.post("/account/password", {"current_password": "guess", "new_password": NEW_PASSWORD}, expected_status=200)
    assert db_session.scalars(select(Message)).all() == []
