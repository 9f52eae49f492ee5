"""The annual report and the young people's version in a real browser: axe-clean at phone and desktop widths, with
JavaScript on and off, and printed (print media) as a committee paper."""

import pytest

pytestmark = pytest.mark.browser

VIEWPORTS = ((390, 844), (1280, 800))


@pytest.mark.parametrize("javascript_enabled", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["phone", "desktop"])
def test_annual_report_and_young_peoples_version_are_axe_clean(
    new_context, sign_in, check_axe, viewport, javascript_enabled
):
    page = new_context(viewport=viewport, javascript_enabled=javascript_enabled).new_page()
    page.goto("/reports")
    check_axe(page, "reports for young people")
    page.locator("main a[href^='/reports/']").first.click()  # the demo data publishes last year's
    assert page.locator("h1").inner_text().startswith("What you told us in ")
    check_axe(page, "a year's report for young people")

    sign_in(page, "manager@example.org")
    page.goto("/staff/reports/annual")
    assert page.locator("svg[role=img]").count() >= 4
    check_axe(page, "annual report")
    page.select_option("#year", index=0)
    page.get_by_role("button", name="Show this year").click()
    check_axe(page, "annual report, this year so far")
    page.emulate_media(media="print")
    assert not page.locator(".portal-report-tools").is_visible()  # the print stylesheet hides the controls
    check_axe(page, "annual report, printed")
