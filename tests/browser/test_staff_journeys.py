"""Staff journeys in a real browser: an admin makes an account (after a mistake), and the new person signs in;
sign-out on a shared laptop leaves nothing to go back to. JavaScript off, as on a locked-down council laptop."""

import pytest

pytestmark = pytest.mark.browser

DESKTOP = (1280, 800)


def test_admin_creates_an_account_that_signs_in_and_signs_out(new_context, sign_in, check_axe):
    label = "admin creates an account, JavaScript off"
    admin = new_context(viewport=DESKTOP, javascript_enabled=False).new_page()
    sign_in(admin, "admin@example.org")
    admin.goto("/admin/users")
    admin.get_by_role("button", name="Create an account").click()
    admin.get_by_label("Full name").fill("Robin Taylor")
    admin.get_by_label("Email address").fill("robin.taylor")
    admin.get_by_label("Partner lead").check()
    admin.get_by_label("Starting password").fill("a long starting password")
    with admin.expect_navigation():
        admin.get_by_role("button", name="Create account").click()
    summary = admin.locator(".govuk-error-summary").inner_text()
    assert "Enter an email address in the correct format" in summary
    assert "Enter the partner organisation" in summary
    assert admin.get_by_label("Full name").input_value() == "Robin Taylor"
    check_axe(admin, label)
    admin.get_by_label("Email address").fill("robin.taylor@example.org")
    admin.get_by_label("Partner organisation").fill("Leaving Care Service")
    admin.get_by_label("Starting password").fill("a long starting password")
    with admin.expect_navigation():
        admin.get_by_role("button", name="Create account").click()
    assert "Account created for Robin Taylor" in admin.locator("main").inner_text()
    assert "Partner lead (Leaving Care Service)" in admin.locator("main").inner_text()

    robin = new_context(viewport=DESKTOP, javascript_enabled=False).new_page()
    sign_in(robin, "robin.taylor@example.org", "a long starting password")
    assert "Signed in as Robin Taylor (Partner lead)" in robin.content()
    with robin.expect_navigation():
        robin.get_by_role("button", name="Sign out").click()
    assert robin.get_by_role("heading", level=1).inner_text() == "You have signed out"
    check_axe(robin, label)
    robin.goto("/admin/users")
    assert "/sign-in" in robin.url
