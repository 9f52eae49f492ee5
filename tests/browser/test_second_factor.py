"""Staff who see cases set up and use a second factor in a real browser, and an admin resets one; axe checks every
new page, error states included, at phone and desktop widths, with JavaScript on and off."""

from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from portal.site import DEMO_PASSWORD
from tests.browser.conftest import axe_at_both_widths, contexts_on
from tests.portal_server import serve_portal

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def second_factor_portal(tmp_path_factory):
    """The portal with the second factor turned on, as in production."""
    with serve_portal(tmp_path_factory.mktemp("second-factor"), "second_factor", STAFF_SECOND_FACTOR="true") as running:
        yield running.base_url


@pytest.fixture
def open_page(browser, second_factor_portal):
    with contexts_on(browser, second_factor_portal) as open_context:
        yield lambda javascript_enabled=True: open_context((390, 844), javascript_enabled).new_page()


def h1(page):
    return page.get_by_role("heading", level=1).inner_text()


def submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def give_password(page, email):
    page.goto("/sign-in")
    page.fill("input[name='email']", email)
    page.fill("input[name='password']", DEMO_PASSWORD)
    submit(page, "Sign in")


def set_up(page, check_axe, label):
    """On the set-up page: a wrong code, then the right one. Returns (secret, recovery codes)."""
    assert h1(page) == "Set up your second factor"
    assert page.locator("img.portal-qr-code").evaluate("img => img.complete && img.naturalWidth > 0")
    axe_at_both_widths(page, label)
    secret = page.locator("#set-up-key").inner_text().replace(" ", "")
    page.get_by_label("Code from your app").fill("000000")
    submit(page, "Turn on")
    assert page.title().startswith("Error: ")
    axe_at_both_widths(page, label)
    page.get_by_label("Code from your app").fill(pyotp.TOTP(secret).now())
    submit(page, "Turn on")
    assert h1(page) == "Save your recovery codes"
    axe_at_both_widths(page, label)
    codes = [code.strip() for code in page.locator("#recovery-codes li").all_inner_texts()]
    page.get_by_role("link", name="I have saved my recovery codes").click()
    assert page.locator("form[action$='/sign-out']").count() == 1
    return secret, codes


def sign_out(page):
    # At phone width the Sign out button sits in the collapsed menu; at desktop width it shows.
    page.set_viewport_size({"width": 1280, "height": 800})
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    page.set_viewport_size({"width": 390, "height": 844})


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_a_complaints_officer_sets_up_and_signs_in_with_a_code_and_a_recovery_code(open_page, check_axe, javascript):
    label = f"second factor, JavaScript {'on' if javascript else 'off'}"
    page = open_page(javascript_enabled=javascript)
    email = "complaints@example.org" if javascript else "manager@example.org"

    page.goto("/second-factor")
    assert h1(page) == "Sign in again"
    axe_at_both_widths(page, label)

    give_password(page, email)
    secret, codes = set_up(page, check_axe, label)
    assert len(codes) == 10
    sign_out(page)

    give_password(page, email)
    assert h1(page) == "Enter your code"
    axe_at_both_widths(page, label)
    page.get_by_label("Code").fill("999999")
    submit(page, "Continue")
    assert "Enter a correct code" in page.locator(".govuk-error-summary").inner_text()
    axe_at_both_widths(page, label)
    page.get_by_label("Code").fill(pyotp.TOTP(secret).at(datetime.now(UTC) + timedelta(seconds=30)))
    submit(page, "Continue")
    assert page.locator("form[action$='/sign-out']").count() == 1
    sign_out(page)

    give_password(page, email)
    page.get_by_label("Code").fill(codes[0])
    submit(page, "Continue")
    assert "You have 9 left" in page.locator(".govuk-notification-banner").inner_text()
    axe_at_both_widths(page, label)
    sign_out(page)
    give_password(page, email)
    page.get_by_label("Code").fill(codes[0])
    submit(page, "Continue")
    assert "Enter a correct code" in page.locator(".govuk-error-summary").inner_text()


def test_an_admin_resets_a_second_factor(open_page, check_axe):
    label = "second factor reset"
    others = open_page()
    give_password(others, "participation@example.org")  # no second factor for this role
    assert others.locator("form[action$='/sign-out']").count() == 1
    officer = open_page()
    give_password(officer, "complaints@example.org")
    if h1(officer) == "Set up your second factor":  # not set up by the test before (run on its own)
        set_up(officer, check_axe, label)

    admin = open_page()
    give_password(admin, "admin@example.org")
    set_up(admin, check_axe, label)
    admin.goto("/admin/users")
    admin.get_by_role("link", name="Chris Novak").click()  # the complaints officer
    assert h1(admin) == "Change Chris Novak"
    axe_at_both_widths(admin, label)
    submit(admin, "Reset second factor")
    assert "Second factor reset for Chris Novak" in admin.locator(".govuk-notification-banner").inner_text()
    assert "Not set up yet" in admin.locator("main").inner_text()
    assert "Second factor reset by Alex Admin" in admin.locator("main").inner_text()
    axe_at_both_widths(admin, label)
