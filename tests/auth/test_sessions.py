"""Staff sessions: a fresh one at sign-in, and every older one ended by a change of role or password, or by
deactivating the account, on its very next request, wherever it is."""

from sqlalchemy import select

from portal.models import Role, User
from tests.conftest import PageClient


def is_signed_in(pages):
    return pages.get("/").html.find("button", string="Sign out") is not None


def test_sign_in_starts_a_fresh_session(pages, make_user):
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
        assert session["_user_id"].endswith(":1")  # the user's id and their session version


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


def test_a_change_of_password_ends_every_session(app, make_user, db_session):
    from portal.auth.services import change_password

    email = make_user(Role.MANAGER)
    them = PageClient(app.test_client())
    them.sign_in(email)
    assert is_signed_in(them)
    with app.app_context():
        from portal.db import get_session

        change_password(get_session().scalar(select(User).where(User.email == email)), "a new long passphrase")
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


def test_a_session_from_before_versions_is_refused(app, make_user):
    email = make_user(Role.MANAGER)
    them = PageClient(app.test_client())
    them.sign_in(email)
    with them.client.session_transaction() as session:
        session["_user_id"] = session["_user_id"].split(":")[0]  # an id alone, as cookies held before this change
    assert not is_signed_in(them)
