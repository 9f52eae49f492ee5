"""A young person on a phone sends a complaint through Tell us and tracks it, with JavaScript on and off.

axe checks every page on the way, error states included."""

import re

import pytest

pytestmark = pytest.mark.browser

PHONE = (390, 844)
WORDS = "Nobody told me my social worker was leaving. مرحبا 😞 <b>not bold</b>"


def continue_(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()


def choose(page, label):
    page.get_by_label(label, exact=True).check()


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_a_young_person_sends_a_complaint_and_tracks_it_on_a_phone(new_context, check_axe, javascript):
    label = f"tell us, JavaScript {'on' if javascript else 'off'}"
    page = new_context(viewport=PHONE, javascript_enabled=javascript).new_page()

    page.goto("/")
    page.get_by_role("button", name="Tell us something").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Tell us something"
    assert page.locator(".govuk-exit-this-page").count() == 1
    check_axe(page, label)
    page.get_by_role("button", name="Start now").click()

    # An empty answer is an error state: axe checks it too.
    continue_(page)
    assert page.title().startswith("Error: ")
    assert "Choose what you want to tell us" in page.locator(".govuk-error-summary").inner_text()
    check_axe(page, label)
    choose(page, "Something is wrong")
    continue_(page)

    check_axe(page, label)
    choose(page, "No, I am not safe")
    continue_(page)
    assert page.get_by_role("heading", level=1).inner_text() == "You can get help now"
    assert page.get_by_role("link", name="999").count() >= 1
    check_axe(page, label)
    page.get_by_role("button", name="Carry on").click()

    check_axe(page, label)
    choose(page, "I am the young person")
    continue_(page)

    check_axe(page, label)
    page.get_by_label("What happened?").fill(WORDS)
    continue_(page)

    # The demo data has a published Pledge, so the journey asks which promise it is about (optional).
    assert page.get_by_role("heading", level=1).inner_text() == "Which promise is it about? (optional)"
    check_axe(page, label)
    choose(page, "Look after your health")
    continue_(page)

    choose(page, "In the last month")
    continue_(page)
    page.get_by_label("What would you like to happen? (optional)").fill("Tell me first next time")
    continue_(page)
    check_axe(page, label)
    choose(page, "Yes")
    continue_(page)

    # Reply: choosing email asks for the address on the next page. Leaving it empty is an error state.
    check_axe(page, label)
    choose(page, "Email")
    continue_(page)
    continue_(page)
    assert "Enter your email address" in page.locator(".govuk-error-summary").inner_text()
    check_axe(page, label)
    page.get_by_label("What is your email address?").fill("young.person@example.org")
    continue_(page)

    check_axe(page, label)
    choose(page, "No")
    continue_(page)
    continue_(page)  # name is optional

    assert page.get_by_role("heading", level=1).inner_text() == "Check your answers"
    assert WORDS in page.locator(".govuk-summary-list").inner_text()
    assert "Look after your health" in page.locator(".govuk-summary-list").inner_text()
    check_axe(page, label)
    with page.expect_navigation():
        page.get_by_role("button", name="Send").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Message sent"
    reference = page.locator(".portal-reference").inner_text().strip()
    code = page.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"TU-[0-9A-Z]{4}-[0-9A-Z]{2}", reference)
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    check_axe(page, label)

    # The optional questions come after the case is safe.
    page.get_by_role("link", name="Answer the questions about you").click()
    assert page.get_by_role("heading", level=1).inner_text() == "About you (optional)"
    check_axe(page, label)
    choose(page, "13 to 15")
    continue_(page)
    assert "Thank you for answering" in page.locator("main").inner_text()
    assert page.locator("#tracking-code").inner_text().strip() == code
    with page.expect_navigation():
        page.get_by_role("button", name="I have saved my code").click()
    assert page.get_by_role("heading", level=1).inner_text() == "You have finished"
    check_axe(page, label)

    # A shared phone: going back to the confirmation shows nothing now.
    page.goto("/tell-us/sent")
    assert code not in page.content()

    page.goto("/track")
    check_axe(page, label)
    page.get_by_label("Your reference").fill(reference)
    page.get_by_label("Your private code").fill("AAAA-BBBB-CCCC")
    continue_(page)
    assert "We could not find a match" in page.locator(".govuk-error-summary").inner_text()
    check_axe(page, label)
    page.get_by_label("Your private code").fill(code.lower())
    continue_(page)
    assert page.get_by_role("heading", level=1).inner_text() == f"Your message {reference}"
    assert "We have your message" in page.locator("main").inner_text()
    check_axe(page, label)


def test_exit_this_page_leaves_at_once(new_context, exit_page_url):
    """With JavaScript on, GOV.UK's Exit this page swaps the page out straight away, with no stop at the portal."""
    context = new_context(viewport=PHONE)
    page = context.new_page()
    page.goto("/tell-us")
    with page.expect_navigation(url=exit_page_url) as leaving:
        page.get_by_role("button", name="Emergency Exit this page").click()
    assert leaving.value.request.redirected_from is None
