"""Staff tables on a phone: a table wider than the screen scrolls inside its own named region, which takes keyboard
focus, so the page itself stays 390 px wide (before, /staff/cases made the whole page scroll sideways to 790 px).
axe checks each page."""

import pytest

pytestmark = pytest.mark.browser

PHONE = (390, 844)
# (who, page) for every staff page with a wide table; the case page is found from the queue.
PAGES = [
    ("manager@example.org", "/staff/cases"),
    ("manager@example.org", "a case"),
    ("manager@example.org", "/staff/cases/{case}/access-log"),
    ("participation@example.org", "/staff/pledge"),
    ("admin@example.org", "/admin/case-lists"),
    ("admin@example.org", "/admin/jobs"),
    ("admin@example.org", "/admin/outbox?state=waiting"),
]


def assign_a_case(page):
    """Assign the queue's first case to someone, as its manager: the email that says so waits in the outbox, so the
    outbox page has a table to show. Returns the case page's path."""
    page.goto("/staff/cases")
    case_url = page.locator("table a[href^='/staff/cases/']").first.get_attribute("href")
    page.goto(case_url + "/assign")
    for choice in page.locator("main input[type=radio]").all():  # the first one not already handling it
        choice.check()
        with page.expect_navigation():
            page.locator("main form button[type=submit]").first.click()
        if not page.locator(".govuk-error-summary").count():
            return case_url
    pytest.fail(f"Could not assign {case_url}")


@pytest.mark.parametrize("javascript_enabled", [True, False], ids=["js", "no-js"])
def test_wide_staff_tables_scroll_inside_the_page_not_the_page(new_context, sign_in, check_axe, javascript_enabled):
    signed_in = {}
    case_url = None
    for email, path in PAGES:
        if email not in signed_in:
            signed_in[email] = new_context(viewport=PHONE, javascript_enabled=javascript_enabled).new_page()
            sign_in(signed_in[email], email)
        page = signed_in[email]
        if case_url is None:
            case_url = assign_a_case(page)
        path = case_url if path == "a case" else path.format(case=case_url.rsplit("/", 1)[1])
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        tables = page.locator("main table")
        assert tables.count(), path
        # Every table sits in a scrolling region with a name, reachable by keyboard.
        assert page.locator("main .portal-table-scroll[role=region][aria-label][tabindex='0'] table").count() == (
            tables.count()
        ), path
        check_axe(page, f"{path} at 390px")


def test_the_case_queue_scrolls_with_the_keyboard(new_context, sign_in):
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, "manager@example.org")
    page.goto("/staff/cases")
    region = page.get_by_role("region", name="Cases")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth"), "the queue should be wider than a phone"
    region.focus()
    page.keyboard.press("End")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # Chromium scrolls smoothly, so the region moves over a few frames: wait for it to move (it never will if the
    # region cannot take focus or scroll), rather than read scrollLeft at once.
    page.wait_for_function("r => r.scrollLeft > 0", arg=region.element_handle())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
