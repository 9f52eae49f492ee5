"""flask commands: migrate, create-user, demo."""

import re

from sqlalchemy import func, select

from portal.models import Message, Role, User
from portal.site import DEMO_ACCOUNTS, DEMO_PASSWORD


def test_create_user_invites_them_and_prints_their_link(runner, db_session):
    result = runner.invoke(args=["create-user", "Lead@Example.org", "--role", "partner_lead", "--partner", "Health"])
    assert result.exit_code == 0, result.output
    assert "Invited lead@example.org as Partner lead" in result.output
    assert re.search(r"http://127\.0\.0\.1:5000/invitation/[\w-]{40,}", result.output), result.output
    user = db_session.scalar(select(User).where(User.email == "lead@example.org"))
    assert (user.active, user.invitation_pending) == (False, True)
    (message,) = db_session.scalars(select(Message).where(Message.recipient == "lead@example.org")).all()
    assert message.kind == "invitation"


def test_create_user_takes_no_password(runner):
    result = runner.invoke(args=["create-user", "x@example.org", "--role", "manager", "--password", "typed by me"])
    assert result.exit_code != 0
    assert "No such option" in result.output


def test_create_user_explains_what_is_wrong(runner):
    result = runner.invoke(args=["create-user", "x@example.org", "--role", "partner_lead"])
    assert result.exit_code != 0
    assert "Choose the partner organisation" in result.output


def test_demo_makes_one_account_per_role_that_signs_in_with_the_published_password(runner, pages, db_session):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    roles = set(db_session.scalars(select(User.role)))
    assert roles == set(Role)
    for email, *_ in DEMO_ACCOUNTS:
        pages.sign_in(email, password=DEMO_PASSWORD)
        pages.sign_out()


def test_demo_if_empty_leaves_a_database_with_accounts_alone(runner, make_user, db_session):
    make_user(Role.ADMIN)
    result = runner.invoke(args=["demo", "--if-empty"])
    assert "demo data not loaded" in result.output
    assert db_session.scalar(select(func.count(User.id))) == 1


def test_demo_data_is_refused_in_production(make_app, monkeypatch, db_session):
    monkeypatch.setenv("SECRET_KEY", "a-production-secret-for-this-test")
    production = make_app(PORTAL_ENV="production")
    result = production.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code != 0
    assert "refused in production" in result.output
    assert db_session.scalar(select(func.count(User.id))) == 0


def test_migrate_is_safe_to_run_again(runner):
    result = runner.invoke(args=["migrate"])
    assert result.exit_code == 0
    assert "up to date" in result.output
