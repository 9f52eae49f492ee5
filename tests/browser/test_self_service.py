"""Invitations, "Forgotten your password?" and changing your password in a real browser, with JavaScript on and off:
axe checks every new page, error states included, at phone and desktop widths. The pages reached by a link in an
email (which the accessibility crawl cannot follow) are opened from the link the portal wrote to its outbox.

WALK_SCREENSHOTS=<folder> also saves a screenshot of each page at both widths, for a person to look at."""

import os
import re
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from portal.site import DEMO_PASSWORD
from tests.browser.conftest import contexts_on
from tests.portal_server import serve_portal

pytestmark = pytest.mark.browser

WIDTHS = ((390, 844), (1280, 800))
NEW_PASSWORD = "purple kettle on the stairs"
SCREENSHOTS = os.environ.get("WALK_SCREENSHOTS")


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    with serve_portal(tmp_path_factory.mktemp("self-service"), "self_service") as running:
        yield running


@pytest.fixture
def open_page(browser, portal):
    with contexts_on(browser, portal.base_url) as open_context:
        yield lambda javascript_enabled=True: open_context((390, 844), javascript_enabled).new_page()


def run_sql(portal, sql, **values):
    engine = create_engine(portal.database_url)
    try:
        with engine.begin() as connection:
            result = connection.execute(text(sql), values)
            return result.all() if result.returns_rows else None
    finally:
        engine.dispose()


def newest_link(portal, recipient):
    """The path of the link in the newest email to recipient, read from the outbox as the worker would send it."""
    ((body,),) = run_sql(
        portal, "SELECT body FROM outbox_messages WHERE recipient = :to ORDER BY id DESC LIMIT 1", to=recipient
    )
    return re.search(r"https?://[^/\s]+(/\S+)", body).group(1)


def h1(page):
    return page.get_by_role("heading", level=1).inner_text()


def submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def look(page, check_axe, label):
    """axe at both widths (and a screenshot of each, when asked for)."""
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        check_axe(page, label)
        if SCREENSHOTS:
            name = re.sub(r"\W+", "-", f"{label} {h1(page)} {width}").strip("-").lower()
            page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})


def sign_in(page, email, password=DEMO_PASSWORD):
    page.goto("/sign-in")
    page.fill("input[name='email']", email)
    page.fill("input[name='password']", password)
    submit(page, "Sign in")


def sign_out(page):
    page.set_viewport_size({"width": 1280, "height": 800})
    submit(page, "Sign out")
    page.set_viewport_size({"width": 390, "height": 844})


def signed_in(page):
    return page.locator("form[action$='/sign-out']").count() == 1


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_invited_then_forgotten_then_changed(open_page, portal, check_axe, javascript):
    label = f"JavaScript {'on' if javascript else 'off'}"
    invitee = f"new.member.{'js' if javascript else 'nojs'}@example.org"
    page = open_page(javascript_enabled=javascript)

    # A participation officer invites a Role Model Army member.
    sign_in(page, "participation@example.org")
    page.goto("/")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("link", name="Role Model Army accounts").click()
    assert h1(page) == "Role Model Army accounts"
    look(page, check_axe, label)
    with page.expect_navigation():
        page.get_by_role("button", name="Invite a member").click()
    look(page, check_axe, label)
    submit(page, "Send invitation")
    assert page.title().startswith("Error: ")
    look(page, check_axe, label)
    page.get_by_label("Full name").fill("Nia New")
    page.get_by_label("Email address").fill(invitee)
    submit(page, "Send invitation")
    assert "Invitation sent to Nia New" in page.locator("main").inner_text()
    sign_out(page)

    # They open the link, try a stolen password, then choose their own.
    invitation = newest_link(portal, invitee)
    page.goto(invitation)
    assert h1(page) == "Set up your account"
    look(page, check_axe, label)
    page.get_by_label("Choose a password").fill("qwerty123456")
    submit(page, "Save my password")
    assert "stolen from other websites" in page.locator(".govuk-error-summary").inner_text()
    look(page, check_axe, label)
    page.get_by_label("Choose a password").fill(NEW_PASSWORD)
    submit(page, "Save my password")
    assert signed_in(page)
    sign_out(page)
    page.goto(invitation)
    assert h1(page) == "This link has been used"
    look(page, check_axe, label)

    # They forget it.
    page.goto("/sign-in")
    page.get_by_role("link", name="Forgotten your password?").click()
    assert h1(page) == "Forgotten your password?"
    look(page, check_axe, label)
    submit(page, "Send me a link")
    assert page.title().startswith("Error: ")
    look(page, check_axe, label)
    page.get_by_label("Email address").fill(invitee)
    submit(page, "Send me a link")
    assert h1(page) == "Check your email"
    look(page, check_axe, label)
    page.goto(newest_link(portal, invitee))
    assert h1(page) == "Choose a new password"
    look(page, check_axe, label)
    page.get_by_label("Choose a password").fill("another good long password")
    submit(page, "Save my password")
    assert signed_in(page)

    # And change it on Your account.
    page.goto("/account")
    page.get_by_role("link", name="Change your password").click()
    assert h1(page) == "Change your password"
    look(page, check_axe, label)
    page.get_by_label("Your current password").fill("not it at all")
    page.get_by_label("New password").fill(NEW_PASSWORD)
    submit(page, "Change my password")
    assert page.title().startswith("Error: ")
    look(page, check_axe, label)
    page.get_by_label("Your current password").fill("another good long password")
    page.get_by_label("New password").fill(NEW_PASSWORD)
    submit(page, "Change my password")
    assert h1(page) == "Your account"
    assert "Your password is changed" in page.locator("main").inner_text()


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_an_invitation_that_ran_out_and_a_link_that_does_not_work(open_page, portal, check_axe, javascript):
    label = f"JavaScript {'on' if javascript else 'off'}"
    invitee = f"late.{'js' if javascript else 'nojs'}@example.org"
    page = open_page(javascript_enabled=javascript)
    sign_in(page, "admin@example.org")
    page.goto("/admin/users")
    with page.expect_navigation():
        page.get_by_role("button", name="Invite someone").click()
    look(page, check_axe, label)
    page.get_by_label("Full name").fill("Lee Late")
    page.get_by_label("Email address").fill(invitee)
    page.get_by_label("Role Model Army member").check()
    submit(page, "Send invitation")
    sign_out(page)

    run_sql(
        portal,
        "UPDATE account_links SET expires_at = created_at WHERE user_id = (SELECT id FROM users WHERE email = :to)",
        to=invitee,
    )
    page.goto(newest_link(portal, invitee))
    assert h1(page) == "This link has run out"
    look(page, check_axe, label)
    submit(page, "Send me a new link")
    assert h1(page) == "We have sent you a new link"
    look(page, check_axe, label)
    page.goto(newest_link(portal, invitee))
    assert h1(page) == "Set up your account"

    page.goto("/reset-password/not-a-real-link")
    assert h1(page) == "This link does not work"
    look(page, check_axe, label)
