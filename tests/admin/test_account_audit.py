"""Every account change leaves a security-log row saying what changed and who changed it: creating an account,
re-enabling one, a partner lead's organisation, as well as a role or a deactivation. Read back from the table."""

from sqlalchemy import select

from portal.models import Role, SecurityEvent, User


def events_about(db_session, email):
    db_session.expire_all()
    about = db_session.scalar(select(User.id).where(User.email == email))
    return db_session.scalars(
        select(SecurityEvent).where(SecurityEvent.about_user_id == about).order_by(SecurityEvent.id)
    ).all()


def admin_id(db_session):
    return db_session.scalar(select(User.id).where(User.email == "admin@test.example.org"))


def change(pages, db_session, email, **fields):
    user_id = db_session.scalar(select(User.id).where(User.email == email))
    pages.post(f"/admin/users/{user_id}", fields)


def test_creating_an_account_is_logged_with_who_made_it(pages, sign_in_as, db_session):
    sign_in_as(Role.ADMIN)
    data = {"name": "Jo Bloggs", "email": "jo@example.org", "role": "partner_lead", "partner": "Health Team"}
    pages.post("/admin/users/invite", data)
    (event,) = events_about(db_session, "jo@example.org")
    assert event.kind == "account_invited" and event.by_user_id == admin_id(db_session)
    assert "jo@example.org" in event.summary and "Partner lead" in event.summary and "Health Team" in event.summary
    assert "Test Administrator" in event.summary


def test_re_enabling_an_account_is_logged(pages, sign_in_as, make_user, db_session):
    sign_in_as(Role.ADMIN)
    email = make_user(Role.MANAGER, active=False)
    change(pages, db_session, email, role="manager", partner="", active="yes")
    event = events_about(db_session, email)[-1]
    assert event.kind == "account_changed" and event.by_user_id == admin_id(db_session)
    assert "can sign in no → yes" in event.summary and "role" not in event.summary


def test_moving_a_partner_lead_to_another_organisation_is_logged(pages, sign_in_as, make_user, db_session):
    sign_in_as(Role.ADMIN)
    email = make_user(Role.PARTNER_LEAD, partner="Virtual School")
    change(pages, db_session, email, role="partner_lead", partner="Health Team", active="yes")
    event = events_about(db_session, email)[-1]
    assert event.kind == "account_changed" and event.by_user_id == admin_id(db_session)
    assert "partner Virtual School → Health Team" in event.summary


def test_a_role_change_and_a_deactivation_say_each_field_that_changed(pages, sign_in_as, make_user, db_session):
    sign_in_as(Role.ADMIN)
    email = make_user(Role.PARTNER_LEAD, partner="Virtual School")
    change(pages, db_session, email, role="complaints_officer", partner="", active="no")
    event = events_about(db_session, email)[-1]
    assert event.by_user_id == admin_id(db_session)
    for words in ("role Partner lead → Complaints officer", "can sign in yes → no", "partner Virtual School → none"):
        assert words in event.summary
    # Saving with nothing changed adds no row.
    before = len(events_about(db_session, email))
    change(pages, db_session, email, role="complaints_officer", partner="", active="no")
    assert len(events_about(db_session, email)) == before


def test_an_account_made_from_the_command_line_is_logged(runner, db_session):
    result = runner.invoke(args=["create-user", "cli@example.org", "--role", "manager"])
    assert result.exit_code == 0, result.output
    (event,) = events_about(db_session, "cli@example.org")
    assert event.kind == "account_invited" and event.by_user_id is None and "from the command line" in event.summary
