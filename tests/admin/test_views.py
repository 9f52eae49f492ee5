"""User administration by admins."""

from sqlalchemy import select

from portal.models import Role, User


def test_admin_lists_users(pages, sign_in_as, make_user):
    sign_in_as(Role.ADMIN)
    make_user(Role.PARTNER_LEAD, partner="Health")
    page = pages.get("/admin/users")
    text = page.text()
    assert "partner_lead@test.example.org" in text
    assert "Partner lead (Health)" in text


def test_admin_invites_someone_who_cannot_sign_in_until_they_accept(pages, sign_in_as, db_session):
    sign_in_as(Role.ADMIN)
    data = {"name": "Jo Bloggs", "email": "Jo@Example.org", "role": "complaints_officer", "partner": ""}
    response = pages.post("/admin/users/invite", data)
    assert response.response.location == "/admin/users"
    users = pages.get("/admin/users")
    assert "Invitation sent to Jo Bloggs at jo@example.org" in users.text()
    user = db_session.scalar(select(User).where(User.email == "jo@example.org"))
    assert (user.active, user.invitation_pending) == (False, True)
    assert "Invited" in users.html.find("td", string="jo@example.org").find_parent("tr").get_text()


def test_the_invitation_form_asks_for_no_password(pages, sign_in_as):
    sign_in_as(Role.ADMIN)
    page = pages.get("/admin/users/invite")
    assert page.html.find("input", attrs={"type": "password"}) is None


def test_new_account_errors_keep_what_was_typed(pages, sign_in_as):
    sign_in_as(Role.ADMIN)
    data = {"name": "Jo <b>Bloggs</b>", "email": "not-an-email", "role": "partner_lead", "partner": ""}
    page = pages.post("/admin/users/invite", data, expected_status=200)
    assert page.title.startswith("Error: ")
    assert page.error_messages() == [
        "Enter an email address in the correct format, like name@example.org",
        "Enter the partner organisation this partner lead belongs to",
    ]
    assert page.html.find("input", attrs={"name": "name"})["value"] == "Jo <b>Bloggs</b>"
    assert "<b>Bloggs</b>" not in page.response.get_data(as_text=True), "typed HTML is escaped"
    assert page.html.find("input", attrs={"name": "role", "value": "partner_lead"}).has_attr("checked")


def test_duplicate_email_is_refused_with_a_message(pages, sign_in_as):
    sign_in_as(Role.ADMIN)
    data = {"name": "Again", "email": "admin@test.example.org", "role": "manager", "partner": ""}
    page = pages.post("/admin/users/invite", data, expected_status=200)
    assert page.error_messages() == ["There is already an account for admin@test.example.org"]


def test_admin_changes_a_role_and_deactivates_an_account(pages, sign_in_as, make_user, db_session):
    sign_in_as(Role.ADMIN)
    email = make_user(Role.MANAGER)
    user_id = db_session.scalar(select(User.id).where(User.email == email))
    pages.post(f"/admin/users/{user_id}", {"role": "partner_lead", "partner": "Housing", "active": "no"})
    db_session.expire_all()
    user = db_session.get(User, user_id)
    assert user.role == Role.PARTNER_LEAD and user.partner.name == "Housing" and not user.active
    pages.sign_out()
    assert pages.sign_in(email, expected_status=200).error_messages() == ["Enter a correct email address and password"]


def test_deactivating_someone_signs_them_out(app, make_user, db_session):
    email = make_user(Role.MANAGER)
    from tests.conftest import PageClient

    them = PageClient(app.test_client())
    them.sign_in(email)
    them.get("/")
    user = db_session.scalar(select(User).where(User.email == email))
    user.active = False
    db_session.commit()
    assert them.get("/admin/users", expected_status=302).response.location.startswith("/sign-in")


def test_admin_cannot_lock_themselves_out(pages, sign_in_as, db_session):
    email = sign_in_as(Role.ADMIN)
    user_id = db_session.scalar(select(User.id).where(User.email == email))
    page = pages.post(
        f"/admin/users/{user_id}", {"role": "manager", "partner": "", "active": "yes"}, expected_status=200
    )
    assert page.error_messages() == ["You cannot remove your own administrator role or deactivate yourself"]


def test_unknown_user_is_not_found(pages, sign_in_as):
    sign_in_as(Role.ADMIN)
    pages.get("/admin/users/999999", expected_status=404)
