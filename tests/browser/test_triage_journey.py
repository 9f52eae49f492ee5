"""Triage in a real browser: a complaints officer sends a new urgent case down the safeguarding route, and takes
another through stage 1, stage 2 and closure. At each step the young person's /track page says where it is, in
plain words. The officer's laptop has JavaScript off; axe checks every staff page on the way, at desktop and phone
widths."""

import re

import pytest

from portal.clock import london_today
from portal.templating import long_date

pytestmark = pytest.mark.browser

DESKTOP = (1280, 800)
PHONE = (390, 844)


def continue_(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()


def choose(page, label):
    page.get_by_label(label, exact=True).check()


def send_a_case(page, safe, words):
    """The young person's side, quickly: returns (reference, private code)."""
    page.goto("/tell-us/what-kind")
    choose(page, "Something is wrong")
    continue_(page)
    choose(page, "Yes, I am safe" if safe else "No, I am not safe")
    continue_(page)
    if not safe:
        page.get_by_role("button", name="Carry on").click()
    choose(page, "I am the young person")
    continue_(page)
    page.get_by_label("What happened?").fill(words)
    continue_(page)
    choose(page, "I am not sure")  # which promise it is about: asked because the demo Pledge is published
    continue_(page)
    choose(page, "In the last month")
    continue_(page)
    continue_(page)  # what would help is optional
    choose(page, "No")
    continue_(page)
    choose(page, "Please do not contact me")
    continue_(page)
    choose(page, "No")
    continue_(page)
    continue_(page)  # name is optional (the optional questions about you come after Send)
    with page.expect_navigation():
        page.get_by_role("button", name="Send").click()
    reference = page.locator(".portal-reference").inner_text().strip()
    code = page.locator("#tracking-code").inner_text().strip()
    with page.expect_navigation():
        page.get_by_role("button", name="I have saved my code").click()
    return reference, code


def track(page, reference, code):
    page.goto("/track")
    page.get_by_label("Your reference").fill(reference)
    page.get_by_label("Your private code").fill(code)
    continue_(page)
    return page.locator("main").inner_text()


def open_case(officer, reference, check_axe, label):
    officer.goto(f"/staff/cases?q={reference}")
    check_axe(officer, label)
    with officer.expect_navigation():
        officer.get_by_role("link", name=reference).first.click()  # also in the "not safe, not yet seen" panel
    assert officer.get_by_role("heading", level=1).inner_text() == f"Case {reference}"
    check_axe(officer, label)


def take_action(officer, name, check_axe, label, fill=None, button="Save"):
    with officer.expect_navigation():
        officer.locator("#actions").get_by_role("link", name=name, exact=True).click()
    check_axe(officer, label)
    if fill:
        fill(officer)
    with officer.expect_navigation():
        officer.get_by_role("button", name=button).click()
    heading = officer.get_by_role("heading", level=1).inner_text()
    assert heading.startswith("Case "), officer.locator("main").inner_text()


def fill_date(page, name, day):
    page.fill(f"#{name}-day", str(day.day))
    page.fill(f"#{name}-month", str(day.month))
    page.fill(f"#{name}-year", str(day.year))


# Dates as /track writes them (portal.templating.long_date), like "Tuesday 1 December 2026".
LONG_DATE = r"\w+day \d{1,2} \w+ \d{4}"


def test_an_officer_handles_a_safeguarding_concern_and_a_complaint_through_the_stages(new_context, sign_in, check_axe):
    label = "triage, JavaScript off"
    young_person = new_context(viewport=PHONE).new_page()
    urgent_reference, urgent_code = send_a_case(young_person, safe=False, words="My carer hits me when I am late.")
    reference, code = send_a_case(young_person, safe=True, words="My social worker changed and nobody told me.")
    words = track(young_person, reference, code)
    assert "We have your message" in words
    assert re.search(rf"Someone will start to look at it by {LONG_DATE}\.", words)

    officer = new_context(viewport=DESKTOP, javascript_enabled=False).new_page()
    sign_in(officer, "complaints@example.org")
    officer.goto("/staff/cases")
    check_axe(officer, label)
    # Urgent first: the new urgent case is at the top of the queue.
    first = officer.locator("table.portal-queue tbody tr").first.inner_text()
    assert "Not safe, not yet seen" in first  # an unsafe case nobody has seen yet comes before other urgent ones

    # The safeguarding route.
    open_case(officer, urgent_reference, check_axe, label)
    take_action(
        officer,
        "Refer to safeguarding",
        check_axe,
        label,
        lambda page: page.get_by_label("Who was it referred to?").fill("Multi-Agency Safeguarding Hub"),
        button="Record the referral and email the safeguarding inbox",
    )
    assert "Multi-Agency Safeguarding Hub" in officer.locator("main").inner_text()
    check_axe(officer, label)
    words = track(young_person, urgent_reference, urgent_code)
    assert "We are helping to keep you safe" in words
    assert "We have asked the team that keeps children safe to help." in words

    # A complaint through stage 1, stage 2 and closure.
    open_case(officer, reference, check_axe, label)
    take_action(officer, "Acknowledge", check_axe, label)
    words = track(young_person, reference, code)
    assert "Someone is looking at it" in words
    assert "A member of staff is reading what you told us." in words

    take_action(officer, "Start stage 1", check_axe, label)
    words = track(young_person, reference, code)
    assert "Someone is working to sort it out with you." in words
    assert re.search(rf"We will send you our answer by {LONG_DATE}\.", words)

    def not_upheld(page):
        page.get_by_label("Not upheld", exact=True).check()

    take_action(officer, "Record the response or adjudication", check_axe, label, not_upheld)
    words = track(young_person, reference, code)
    assert "We have sent you our answer" in words
    assert f"We sent it on {long_date(london_today())}." in words
    assert "We did not agree with you this time." in words and "you can ask for stage 2" in words
    assert re.search(rf"Ask by {LONG_DATE}\. You can still ask after that\.", words)

    take_action(officer, "Stage 2 asked for", check_axe, label)
    words = track(young_person, reference, code)
    assert "You asked us to look again, so someone new will look at it." in words
    assert "We have sent you our answer" not in words

    def stage_2(page):
        fill_date(page, "started_on", london_today())
        page.get_by_label("Investigating officer").fill("Jo Baker")
        page.get_by_label("Independent person").fill("Dr Lee Shah")

    take_action(officer, "Start the stage 2 investigation", check_axe, label, stage_2)
    words = track(young_person, reference, code)
    assert "Someone new is looking at it again, in more detail." in words
    assert re.search(rf"We will send you our answer by {LONG_DATE}\.", words)

    def partly_upheld(page):
        page.get_by_label("Partly upheld", exact=True).check()

    take_action(officer, "Record the response or adjudication", check_axe, label, partly_upheld)
    words = track(young_person, reference, code)
    assert "We have sent you our answer" in words
    assert re.search(rf"you can ask for a panel to look at it\. Call us on [\d ]+ by {LONG_DATE}\.", words)
    take_action(officer, "Close the case", check_axe, label, partly_upheld)
    words = track(young_person, reference, code)
    assert "We have finished" in words and "We agreed with some of what you said." in words
    assert "Jo Baker" not in words

    # The history shows every step; a manager can see who looked.
    history = officer.locator("#history").inner_text()
    for step in ("Acknowledged", "Stage 1 started", "Stage 2 asked for", "Closed: partly upheld"):
        assert step in history
    narrow = new_context(viewport=PHONE, javascript_enabled=False).new_page()
    sign_in(narrow, "manager@example.org")
    open_case(narrow, reference, check_axe, "triage at 390px")
    with narrow.expect_navigation():
        narrow.get_by_role("link", name="Who has looked at this case").click()
    assert "Chris Novak" in narrow.locator("main").inner_text()
    check_axe(narrow, "triage at 390px")
