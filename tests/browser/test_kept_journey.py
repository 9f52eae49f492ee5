"""A young person on a phone with JavaScript off says a promise is "not yet" kept for them, in one tap, then follows
"Not happening for you? Tell us" and finds that promise already chosen in Tell us. axe checks each page on the way,
and the scorecard and the staff dashboard at phone and desktop widths."""

import re

import pytest

pytestmark = pytest.mark.browser

PHONE = (390, 844)
DESKTOP = (1280, 800)
PROMISE = "Look after your health"


def submit(page, locator):
    """Press a button or follow a link, and wait for the page it leads to (a loaded page, not a blank one)."""
    with page.expect_navigation():
        locator.click()


def test_a_young_person_answers_not_yet_and_tells_us_about_that_promise_with_javascript_off(new_context, check_axe):
    label = "kept, phone, JavaScript off"
    page = new_context(viewport=PHONE, javascript_enabled=False).new_page()

    # The shared page, the same bytes for everyone (portal/shared_pages.py): the tap below sends no token, and a
    # real browser's post from our own page is kept.
    assert page.goto("/pledge").headers["cache-control"].startswith("public")
    check_axe(page, label)
    promise = page.locator(".portal-promise", has=page.get_by_role("heading", name=PROMISE, exact=True))
    with page.expect_navigation():
        promise.get_by_role("button", name=re.compile(r"^Not yet")).click()  # one tap: no second step

    assert page.get_by_role("heading", level=1).inner_text() == "Thank you for your answer"
    assert f"You said not yet to this promise: {PROMISE}." in page.locator("main").inner_text()
    check_axe(page, label)

    with page.expect_navigation():
        page.get_by_role("link", name="Not happening for you? Tell us").click()
    assert re.search(r"/tell-us\?promise=\d+$", page.url)
    assert page.get_by_role("heading", level=1).inner_text() == "Tell us something"

    # Walk to the question about promises: it is already answered with this one.
    submit(page, page.get_by_role("button", name="Start now"))
    for choice in ("Something is wrong", "Yes, I am safe", "I am the young person"):
        page.get_by_label(choice, exact=True).check()
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()
    page.get_by_label("What happened?").fill("I have waited months to talk to someone about how I feel.")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Which promise is it about? (optional)"
    assert page.get_by_label(PROMISE, exact=True).is_checked()
    check_axe(page, label)


def test_an_answer_can_be_changed_and_tell_us_more_is_sent_on_a_phone(new_context, check_axe):
    label = "kept, phone, JavaScript on"
    page = new_context(viewport=PHONE).new_page()
    page.goto("/pledge")
    promise = page.locator(".portal-promise", has=page.get_by_role("heading", name=PROMISE, exact=True))
    submit(page, promise.get_by_role("button", name=re.compile(r"^Partly")))
    # The answer is changed where it is shown: the promise's own page (/pledge is the same page for everyone).
    submit(page, page.locator("main").get_by_role("button", name=re.compile(r"^Yes")))
    assert f"You said yes to this promise: {PROMISE}." in page.locator("main").inner_text()

    submit(page, page.get_by_role("button", name="Send"))  # nothing written: an error state
    assert page.title().startswith("Error: ")
    check_axe(page, label)
    page.get_by_label("Tell us more").fill("I had my check but it was late.")
    submit(page, page.get_by_role("button", name="Send"))
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you for telling us more"
    check_axe(page, label)

    page.goto("/pledge")
    submit(page, page.get_by_role("button", name="I know about the Pledge"))
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you"
    check_axe(page, label)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_scorecard_and_the_staff_dashboard_pass_axe(new_context, check_axe, sign_in, viewport):
    page = new_context(viewport=viewport, javascript_enabled=False).new_page()
    page.goto("/")
    submit(page, page.get_by_role("link", name="Do we keep our promises? See the scorecard"))
    assert page.get_by_role("heading", level=1).inner_text() == "Do we keep our promises?"
    assert page.locator("main").get_by_text("fewer than 5").count() >= 1  # the demo has small counts
    check_axe(page, f"scorecard {viewport}")

    sign_in(page, "participation@example.org")
    page.goto("/staff/pledge")
    assert page.locator("#promises .govuk-tag--red").count() >= 1  # demo plans with late updates come first
    check_axe(page, f"dashboard {viewport}")
    submit(page, page.locator("#promises tbody tr").first.get_by_role("link"))
    check_axe(page, f"promise detail {viewport}")
    submit(page, page.get_by_role("link", name=re.compile("Change the plan|Make a plan")))
    check_axe(page, f"plan {viewport}")
    page.goto("/staff/pledge/given")
    submit(page, page.get_by_role("button", name="Record"))
    assert page.title().startswith("Error: ")
    check_axe(page, f"given, errors {viewport}")


def test_a_partner_lead_posts_progress_with_javascript_off(new_context, check_axe, sign_in):
    page = new_context(viewport=PHONE, javascript_enabled=False).new_page()
    sign_in(page, "partner@example.org")
    page.goto("/partner/promises")
    check_axe(page, "partner promises")
    submit(page, page.locator("main table a").first)
    submit(page, page.get_by_role("button", name="Post update"))
    assert page.title().startswith("Error: ")
    check_axe(page, "partner update, errors")
    page.get_by_label("On track").check()
    page.get_by_label("What was done").fill("Every PEP this term was written with the young person.")
    page.get_by_label("What comes next").fill("Check the spring term PEPs.")
    submit(page, page.get_by_role("button", name="Post update"))
    assert "Your update is posted." in page.locator("main").inner_text()
