"""/track as a conversation, in a real browser: a young person on a phone with JavaScript off replies, reads the
officer's answer oldest first, and asks for stage 2 in one step (late or not); the officer, on a laptop with
JavaScript off, sees the reply marked in the queue and in the case's history. axe checks the new pages at phone and
desktop widths, Exit this page forgets the open case, and a double tap saves one reply.

Dates come only from portal.clock.london_today, so the tests pass on any day. With TRACK_SHOTS set to a folder,
each new page is saved there at 390 px, to be looked at."""

import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from portal.cases.deadlines import STAGE_2, request_window_closes
from portal.clock import london_today
from portal.templating import long_date
from portal.working_days import add_working_days
from tests.browser.test_triage_journey import fill_date, send_a_case

pytestmark = pytest.mark.browser

DESKTOP = (1280, 800)
PHONE = (390, 844)
# Set TRACK_SHOTS to a folder to save each new page there at 390 px, to look at (nothing is saved otherwise).
SHOTS = os.environ.get("TRACK_SHOTS")
OFFICER = "complaints@example.org"  # Chris Novak, a complaints officer (portal.site.DEMO_ACCOUNTS)
TRACK_HEADING = "See what is happening with your message"
# Dates as /track writes them (portal.templating.long_date), like "Tuesday 1 December 2026".
LONG_DATE = r"\w+day \d{1,2} \w+ \d{4}"


# --- The young person's side (390 px, JavaScript off) ------------------------------------------------------------


def young_person(new_context):
    return new_context(viewport=PHONE, javascript_enabled=False).new_page()


def h1(page):
    return page.get_by_role("heading", level=1).inner_text()


def main_text(page):
    return page.locator("main").inner_text()


def open_on_track(page, reference, code):
    """Type the reference and code on /track: the case opens, with its messages and a reply box."""
    page.goto("/track")
    page.get_by_label("Your reference").fill(reference)
    page.get_by_label("Your private code").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    assert h1(page) == f"Your message {reference}", main_text(page)


def messages(page):
    """The conversation as shown: [(who and when, the words)], top to bottom."""
    items = page.locator("#messages + ul > li")
    return [(item.locator("p").nth(0).inner_text(), item.locator("p").nth(1).inner_text()) for item in items.all()]


def send_reply(page, words):
    page.get_by_label("Write to us").fill(words)
    with page.expect_navigation():
        page.get_by_role("button", name="Send", exact=True).click()


def shoot(page, name, full_page=True):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=full_page)


def days_in_words(first, last):
    """long_date of every day from first to last: a step that runs over midnight may write either day."""
    return {long_date(first + timedelta(days=n)) for n in range((last - first).days + 1)}


# --- The officer's side (1280 px, JavaScript off) ------------------------------------------------------------------


def officer_page(new_context, sign_in, viewport=DESKTOP):
    page = new_context(viewport=viewport, javascript_enabled=False).new_page()
    sign_in(page, OFFICER)
    return page


def queue_row(officer, reference):
    officer.goto(f"/staff/cases?q={reference}")
    row = officer.locator("table.portal-queue tbody tr", has_text=reference)
    assert row.count() == 1, main_text(officer)
    return row


def open_case(officer, reference):
    queue_row(officer, reference)
    with officer.expect_navigation():
        officer.locator("table.portal-queue").get_by_role("link", name=reference).click()
    assert h1(officer) == f"Case {reference}"


def take_action(officer, name, fill=None):
    with officer.expect_navigation():
        officer.locator("#actions").get_by_role("link", name=name, exact=True).click()
    if fill:
        fill(officer)
    with officer.expect_navigation():
        officer.get_by_role("button", name="Save").click()
    assert h1(officer).startswith("Case "), main_text(officer)


def record_a_case(officer, received_on, words):
    """A complaint that came by phone, recorded by staff with the day it came in: returns (reference, code). The
    private code is shown once, on the case page, to pass on to the young person."""
    officer.goto("/staff/cases/new")
    officer.get_by_label("Phone", exact=True).check()
    officer.get_by_label("Complaint", exact=True).check()
    fill_date(officer, "received_on", received_on)
    officer.locator("input[name=safe_now][value=yes]").check()
    officer.get_by_label("The young person", exact=True).check()
    officer.get_by_label("What they told us").fill(words)
    with officer.expect_navigation():
        officer.get_by_role("button", name="Record the case").click()
    reference = h1(officer).removeprefix("Case ")
    code = re.search(r"tracking code: (\S+?)\. It is shown only this once", main_text(officer))
    assert reference.startswith("TU-") and code, main_text(officer)
    return reference, code.group(1)


def give_the_stage_1_answer(officer, responded_on=None):
    """Acknowledge, start stage 1 (from the day it came in) and record the response (not upheld), as staff do."""
    take_action(officer, "Acknowledge")
    take_action(officer, "Start stage 1")

    def not_upheld(page):
        if responded_on is not None:
            fill_date(page, "responded_on", responded_on)
        page.get_by_label("Not upheld", exact=True).check()

    take_action(officer, "Record the response or adjudication", not_upheld)


def history_rows(officer):
    return [row.inner_text() for row in officer.locator("#history tbody tr").all()]


# --- The tests -----------------------------------------------------------------------------------------------------


def test_a_young_person_replies_the_officer_sees_it_answers_and_they_read_the_answer(new_context, sign_in):
    reply = "I forgot to say: my new social worker has not visited me yet."
    answer = "Thank you for telling us. Your social worker will visit you on Friday after school."
    phone = young_person(new_context)
    reference, code = send_a_case(phone, safe=True, words="Nobody told me my social worker was leaving.")

    officer = officer_page(new_context, sign_in)
    assert "Young person replied" not in queue_row(officer, reference).inner_text()

    # The young person opens /track and replies.
    open_on_track(phone, reference, code)
    assert messages(phone) == []
    assert "No messages yet." in main_text(phone)
    shoot(phone, "01-track-message-no-messages")
    first_day = london_today()
    send_reply(phone, reply)
    last_day = london_today()
    assert phone.url.endswith("/track/message")
    assert "Thank you. We have sent your message to the person looking after it." in main_text(phone)
    [(who, words)] = messages(phone)
    assert who in {f"You wrote on {day}" for day in days_in_words(first_day, last_day)}
    assert words == reply
    assert phone.get_by_label("Write to us").input_value() == ""  # sent, so the box is empty again
    shoot(phone, "02-track-message-after-reply")
    shoot(phone, "02b-track-message-after-reply-screen-only", full_page=False)

    # The officer sees it marked in the queue, and the words on the case page, marked as theirs.
    assert "Young person replied" in queue_row(officer, reference).inner_text()
    open_case(officer, reference)
    section = officer.locator("#their-words + p + .govuk-inset-text")
    assert officer.locator("#their-words").inner_text() == "What they wrote since, on /track"
    assert section.inner_text() == reply
    # The history says that they wrote, not what: their words sit apart, where retention can remove them.
    [row] = [row for row in history_rows(officer) if "wrote on /track" in row]
    assert "The young person" in row and reply not in row
    # Opened by an officer while nobody is assigned: the mark is gone.
    assert "Young person replied" not in queue_row(officer, reference).inner_text()

    # The officer answers with the case page's message action.
    open_case(officer, reference)
    take_action(
        officer,
        "Send a message to the young person",
        lambda page: page.get_by_label("Message for the young person").fill(answer),
    )
    assert "Young person replied" not in queue_row(officer, reference).inner_text()

    # The young person comes back (the open case is forgotten first, as on a shared phone) and reads the answer,
    # below their own words: oldest first, each with who and when on its own line.
    phone.get_by_role("link", name="Close this message").click()
    phone.wait_for_url("**/track")
    assert h1(phone) == TRACK_HEADING
    open_on_track(phone, reference, code)
    conversation = messages(phone)
    assert [words for _who, words in conversation] == [reply, answer]
    assert conversation[0][0].startswith("You wrote on ") and conversation[1][0].startswith("We wrote on ")
    assert re.fullmatch(rf"We wrote on {LONG_DATE}", conversation[1][0])
    shoot(phone, "03-track-message-with-answer")


def test_a_stage_2_request_after_the_stage_1_answer_reaches_the_queue_and_the_case_page(new_context, sign_in):
    unhappy = "Nobody asked me what I wanted before they decided."
    phone = young_person(new_context)
    reference, code = send_a_case(phone, safe=True, words="I was moved to a new school without being asked.")
    officer = officer_page(new_context, sign_in)
    open_case(officer, reference)
    give_the_stage_1_answer(officer)
    answered_on = london_today()

    # /track says what the answer was, what stage 2 is, and the last day to ask; then the one step.
    open_on_track(phone, reference, code)
    text = main_text(phone)
    assert "We have sent you our answer" in text
    assert "We did not agree with you this time. Our answer says why." in text
    assert "If you are not happy with it, you can ask for stage 2." in text
    last_day = long_date(request_window_closes(answered_on))
    assert f"Ask by {last_day}. You can still ask after that." in text
    with phone.expect_navigation():
        phone.get_by_role("button", name="Ask for stage 2").click()
    assert phone.url.endswith("/track/stage-2")
    assert h1(phone) == "Ask for stage 2"
    assert f"You can ask until {last_day}." in main_text(phone)
    assert "The last day to ask was" not in main_text(phone)
    # send_a_case said No to an advocate at the start, so the step offers one.
    advocate = phone.get_by_role("group", name="Do you want an advocate to help you?")
    assert advocate.count() == 1
    shoot(phone, "04-track-stage-2")
    phone.get_by_label("What are you still not happy about? (optional)").fill(unhappy)
    advocate.get_by_label("Yes", exact=True).check()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Ask for stage 2").click()
    asked_on = london_today()

    # /track now says stage 2 has started, and offers it no more.
    assert phone.url.endswith("/track/message")
    text = main_text(phone)
    assert "We have your request. Stage 2 has started." in text
    assert phone.get_by_role("heading", level=2, name="Stage 2 has started").count() == 1
    assert "You asked us to look again, so someone new will look at it." in text
    assert phone.get_by_role("button", name="Ask for stage 2").count() == 0
    shoot(phone, "05-track-message-stage-2-started")
    phone.goto("/track/stage-2")  # asked for once: the step is not offered again
    assert phone.url.endswith("/track/message")

    # The queue shows it as stage 2 (and marks that the young person wrote); the case page has its new deadline.
    row = queue_row(officer, reference)
    assert row.locator("td").nth(2).inner_text() == "Stage 2"
    assert "Young person replied" in row.inner_text()
    open_case(officer, reference)
    due = long_date(add_working_days(asked_on, STAGE_2))
    deadline = officer.locator("#deadlines tbody tr", has_text="Stage 2 adjudication")
    assert deadline.count() == 1
    assert due in deadline.inner_text()
    assert "Due" in deadline.inner_text()
    history = "\n".join(history_rows(officer))
    assert f"Stage 2 asked for by the young person, on /track, on {asked_on:%d %B %Y}." in history
    assert officer.locator("#their-words ~ .govuk-inset-text").all_inner_texts() == [unhappy]
    assert "Flagged" not in history
    wanted = officer.locator(".govuk-summary-list__row", has_text="Advocate wanted").locator("dd")
    assert wanted.inner_text() == "No"  # what they said at the start stays as it was
    advocacy = officer.locator("h2:text-is('Advocacy') + ul").inner_text()
    assert f"Asked for on {long_date(asked_on)}" in advocacy


def test_a_late_stage_2_request_is_flagged_not_refused(new_context, sign_in):
    today = london_today()
    received_on, responded_on = today - timedelta(days=90), today - timedelta(days=60)
    officer = officer_page(new_context, sign_in)
    reference, code = record_a_case(officer, received_on, "My pocket money was stopped and nobody said why.")
    give_the_stage_1_answer(officer, responded_on)
    last_day = request_window_closes(responded_on)
    assert last_day < today  # 60 calendar days is always more than 20 working days, bank holidays and all

    phone = young_person(new_context)
    open_on_track(phone, reference, code)
    assert f"The last day to ask was {long_date(last_day)}. You can still ask." in main_text(phone)
    assert "Ask by" not in main_text(phone)
    with phone.expect_navigation():
        phone.get_by_role("button", name="Ask for stage 2").click()
    text = main_text(phone)
    assert f"The last day to ask was {long_date(last_day)}. You can still ask." in text
    shoot(phone, "06-track-stage-2-late")
    with phone.expect_navigation():  # nothing typed, no advocate chosen: both are optional
        phone.get_by_role("button", name="Ask for stage 2").click()
    asked_on = london_today()
    assert phone.url.endswith("/track/message"), main_text(phone)
    assert "We have your request. Stage 2 has started." in main_text(phone)
    assert phone.get_by_role("heading", level=2, name="Stage 2 has started").count() == 1

    open_case(officer, reference)
    assert officer.locator("#deadlines tbody tr", has_text="Stage 2 adjudication").count() == 1
    [row] = [row for row in history_rows(officer) if "Stage 2 asked for" in row]
    assert f"Stage 2 asked for by the young person, on /track, on {asked_on:%d %B %Y}." in row
    assert f"Flagged: more than 20 working days after the response (by {last_day:%d %B %Y})." in row
    assert "Late request: consider it all the same" in officer.locator("h3:text-is('Stage 2') + ul").inner_text()


def test_axe_is_clean_on_the_new_track_pages_at_phone_and_desktop_widths(new_context, sign_in, check_axe):
    officer = officer_page(new_context, sign_in)
    reference, code = record_a_case(officer, london_today(), "The heating in my room has been broken for weeks.")
    give_the_stage_1_answer(officer)
    take_action(
        officer,
        "Send a message to the young person",
        lambda page: page.get_by_label("Message for the young person").fill("We have fixed the heating."),
    )

    phone = young_person(new_context)
    open_on_track(phone, reference, code)
    send_reply(phone, "Thank you, it is warm now.")
    assert len(messages(phone)) == 2
    assert phone.get_by_role("button", name="Ask for stage 2").count() == 1

    def both_widths(what):
        for viewport in (PHONE, DESKTOP):
            phone.set_viewport_size({"width": viewport[0], "height": viewport[1]})
            check_axe(phone, f"/track, JavaScript off, {what}")
        phone.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})

    both_widths("messages and the stage 2 button")

    # Too many words in the reply: an error, with the words kept.
    too_long = "a" * 2001
    send_reply(phone, too_long)
    assert phone.title().startswith("Error: ")
    assert "That is too long. Use 2000 characters or less" in phone.locator(".govuk-error-summary").inner_text()
    assert phone.get_by_label("Write to us").input_value() == too_long
    assert len(messages(phone)) == 2
    shoot(phone, "07-track-message-error")
    both_widths("a reply with an error")

    phone.goto("/track/stage-2")
    assert phone.get_by_role("group", name="Do you want an advocate to help you?").count() == 1
    both_widths("the stage 2 step with the advocate question")
    phone.get_by_label("What are you still not happy about? (optional)").fill(too_long)
    with phone.expect_navigation():
        phone.get_by_role("button", name="Ask for stage 2").click()
    assert phone.title().startswith("Error: ")
    assert "That is too long. Use 2000 characters or less" in phone.locator(".govuk-error-summary").inner_text()
    assert phone.get_by_label("What are you still not happy about? (optional)").input_value() == too_long
    shoot(phone, "08-track-stage-2-error")
    both_widths("the stage 2 step with an error")
    phone.goto("/track/message")
    assert phone.get_by_role("button", name="Ask for stage 2").count() == 1  # the error asked for nothing


def test_exit_this_page_on_track_message_forgets_the_case_and_the_words(new_context, sign_in, exit_page_url):
    typed = "My carer reads my messages, please do not tell her."
    officer = officer_page(new_context, sign_in)
    reference, code = record_a_case(officer, london_today(), "I want to see my brother more often.")
    phone = young_person(new_context)
    open_on_track(phone, reference, code)
    phone.get_by_label("Write to us").fill(typed)  # typed, never sent

    phone.get_by_role("button", name="Emergency Exit this page").click()
    phone.wait_for_url(exit_page_url)

    phone.goto("/track/message")
    assert phone.url.endswith("/track")
    assert h1(phone) == TRACK_HEADING
    assert phone.get_by_label("Your reference").input_value() == ""
    assert reference not in phone.content() and typed not in phone.content()
    phone.goto("/track/stage-2")
    assert phone.url.endswith("/track") and h1(phone) == TRACK_HEADING
    phone.go_back()  # Back finds nothing either: the pages are not kept, and the case is forgotten
    assert reference not in phone.content() and typed not in phone.content()


def test_a_double_tap_makes_one_reply(new_context, sign_in):
    words = "Can I bring my dog when I move?"
    officer = officer_page(new_context, sign_in)
    reference, code = record_a_case(officer, london_today(), "I might have to move and nobody will say where.")
    phone = young_person(new_context)
    open_on_track(phone, reference, code)

    # Send twice what one page's form holds (its hidden submission key included), as a double tap does.
    form = phone.locator("form[action$='/track/message']")
    values = {
        "csrf_token": form.locator("input[name=csrf_token]").input_value(),
        "submission_key": form.locator("input[name=submission_key]").input_value(),
        "reference": form.locator("input[name=reference]").input_value(),
        "words": words,
    }
    assert values["submission_key"]
    origin = re.match(r"https?://[^/]+", phone.url).group(0)
    for _tap in range(2):
        response = phone.request.post("/track/message", form=values, headers={"Origin": origin, "Referer": phone.url})
        # Each tap ends on the case, as if it were the only one: nothing tells a young person off for tapping twice.
        assert response.ok and urlsplit(response.url).path == "/track/message", (response.status, response.url)
        assert "We have sent your message" in response.text()

    phone.goto("/track/message")
    assert [said for _who, said in messages(phone)] == [words]
    open_case(officer, reference)
    assert officer.locator("#their-words ~ .govuk-inset-text").all_inner_texts() == [words]
    assert sum("wrote on /track" in row for row in history_rows(officer)) == 1


# Words the portal writes for staff about a stage 2 request: never shown to the young person as "You wrote", nor
# shown to staff as the young person's own words.
STAFF_WORDING = ("Stage 2 asked for", "by the young person", "Flagged", "Consider it", "They asked for an advocate")


def test_after_a_stage_2_request_only_their_own_words_are_shown_as_theirs(new_context, sign_in):
    unhappy = "They still have not said sorry."
    today = london_today()
    officer = officer_page(new_context, sign_in)
    reference, code = record_a_case(officer, today - timedelta(days=90), "My phone was taken away for a month.")
    give_the_stage_1_answer(officer, today - timedelta(days=60))  # so the request is late, and flagged
    phone = young_person(new_context)
    open_on_track(phone, reference, code)
    with phone.expect_navigation():
        phone.get_by_role("button", name="Ask for stage 2").click()
    phone.get_by_label("What are you still not happy about? (optional)").fill(unhappy)
    phone.get_by_role("group", name="Do you want an advocate to help you?").get_by_label("Yes", exact=True).check()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Ask for stage 2").click()
    assert "We have your request. Stage 2 has started." in main_text(phone)
    shoot(phone, "09-track-message-after-late-stage-2")

    theirs = [words for who, words in messages(phone) if who.startswith("You wrote")]
    assert any(unhappy in words for words in theirs)  # what they wrote is there, as theirs
    shown_as_theirs_on_track = [words for words in theirs if any(staff in words for staff in STAFF_WORDING)]
    open_case(officer, reference)
    their_words_on_the_case_page = officer.locator("#their-words ~ .govuk-inset-text").all_inner_texts()
    by_them = [row for row in history_rows(officer) if "The young person" in row.split("\t")[1:2]]
    assert shown_as_theirs_on_track == []
    assert [words for words in their_words_on_the_case_page if any(s in words for s in STAFF_WORDING)] == []
    assert [row for row in by_them if any(staff in row for staff in STAFF_WORDING)] == []
