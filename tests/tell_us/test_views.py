"""Tell us: the journey a young person takes on their phone, and what it must never do."""

import email
from email import policy

import pytest
from sqlalchemy import func, select, text

from portal.models import Case, EqualityAnswers, TellUsDraft
from tests.tell_us.conftest import COMPLAINT, answer, send, walk

WORDS = COMPLAINT[3][1]["words"]


def sent_reference_and_code(page):
    reference = page.html.find(class_="portal-reference").get_text(strip=True)
    code = page.html.find(id="tracking-code").get_text(strip=True)
    return reference, code


def only_case(db_session):
    cases = db_session.scalars(select(Case)).all()
    assert len(cases) == 1
    return cases[0]


# The journey --------------------------------------------------------------------------------------------------------


def test_a_complaint_is_sent_and_gets_a_reference_and_a_separate_code(pages, inbox, db_session):
    walk(pages)
    page = send(pages)
    reference, code = sent_reference_and_code(page)
    assert page.h1 == "Message sent"
    assert reference.startswith("TU-") and len(reference) == 10
    assert len(code.replace("-", "")) == 12 and code.replace("-", "")[:6] != reference[3:].replace("-", "")
    assert "We will tell you we have it by" in page.text()
    case = only_case(db_session)
    assert case.reference == reference
    assert case.words == WORDS
    assert case.kind.value == "complaint" and case.channel.value == "web"
    assert case.told_by == "young_person" and case.young_person_agrees is None
    assert case.advocate_wanted == "yes" and case.reply_email == "young.person@example.org"
    assert code.replace("-", "") not in case.tracking_code_hash and case.tracking_code_hash.startswith("$argon2id$")
    assert [event.kind for event in case.events][:1] == ["received"]
    assert db_session.scalar(select(EqualityAnswers.id)) is None  # nothing optional was asked before sending


def test_start_page_links_to_the_first_question_and_to_tracking(pages):
    page = pages.get("/tell-us")
    assert page.html.select_one("a.govuk-button--start")["href"] == "/tell-us/what-kind"
    assert page.html.find("a", href="/track")


def test_home_page_links_to_tell_us(pages):
    assert pages.get("/").html.find("a", href="/tell-us")


def test_every_journey_page_has_exit_this_page_and_says_it_keeps_history(app, pages, inbox):
    from tests.conftest import PageClient
    from tests.tell_us.test_reading_age import branch_pages, journey_pages

    visited = journey_pages(pages) + branch_pages(PageClient(app.test_client()))
    assert len(visited) > 25
    for name, page in visited:
        exit_ = page.html.select_one(".govuk-exit-this-page")
        # Through the portal without JavaScript (it forgets, then sends on); the script goes straight to the address.
        assert exit_.select_one("a")["href"] == "/tell-us/exit", name
        assert exit_["data-portal-exit-url"] == "https://www.bbc.co.uk/weather", name
        assert "does not clear your browser history" in page.html.get_text(), name


def test_journey_pages_are_never_cached(pages):
    answer(pages, "what-kind", {"kind": "complaint"})
    for url in ("/tell-us", "/tell-us/are-you-safe", "/track"):
        assert pages.get(url).response.headers["Cache-Control"] == "no-store"


def test_someone_telling_us_for_a_young_person_is_asked_who_they_are_and_if_the_child_agrees(pages, db_session):
    steps = [
        *COMPLAINT[:3],
        ("who-you-are", {"told_by": "other"}),
        ("who-else", {"told_by_other": "Their teacher"}),
        ("do-they-agree", {"young_person_agrees": "not_sure"}),
        *COMPLAINT[3:],
    ]
    walk(pages, steps, replace={"who": {"told_by_me": "someone_else"}})
    send(pages)
    case = only_case(db_session)
    assert (case.told_by, case.told_by_other, case.young_person_agrees) == ("other", "Their teacher", "not_sure")


def test_a_compliment_skips_the_questions_that_do_not_fit_it(pages, db_session):
    answer(pages, "what-kind", {"kind": "compliment"})
    answer(pages, "are-you-safe", {"safe_now": "yes"})
    answer(pages, "who", {"told_by_me": "me"})
    response = answer(pages, "what-happened", {"words": "My carer helped me with my exams. Thank you!"})
    assert response.response.location == "/tell-us/when"
    answer(pages, "when", {"happened_when": "last_week"})
    assert pages.get("/tell-us/what-would-help", expected_status=302).response.location.endswith("/tell-us/reply")
    assert pages.get("/tell-us/advocate", expected_status=302).status == 302
    for slug, data in COMPLAINT[7:]:
        answer(pages, slug, data)
    page = send(pages)
    assert "We will pass on what you said" in page.text()
    case = only_case(db_session)
    assert case.kind.value == "compliment" and case.advocate_wanted is None and case.wanted_outcome is None


def test_the_pledge_question_is_not_asked_before_a_pledge_is_published(pages):
    # There is no published Pledge yet, so "which promise" is not a page of the journey.
    answer(pages, "what-kind", {"kind": "complaint"})
    pages.get("/tell-us/promise", expected_status=404)


# Not safe ------------------------------------------------------------------------------------------------------------


def test_not_safe_shows_help_first_then_makes_an_urgent_case_and_tells_the_duty_inbox(pages, inbox, db_session):
    answer(pages, "what-kind", {"kind": "complaint"})
    response = answer(pages, "are-you-safe", {"safe_now": "no"})
    assert response.response.location == "/tell-us/get-help-now"
    help_page = pages.get("/tell-us/get-help-now")
    numbers = [a.get_text(strip=True) for a in help_page.html.select("main a[href^='tel:']")]
    assert numbers[:2] == ["999", "0800 1111"], "999 and Childline come first"
    assert help_page.html.find("a", string=lambda s: s and "Carry on" in s)["href"] == "/tell-us/who"
    walk(pages, COMPLAINT[2:])
    page = send(pages)
    reference, _code = sent_reference_and_code(page)
    assert "Someone will look at your message today" in page.text()
    case = only_case(db_session)
    assert case.urgent and case.safe_now == "no"
    duty = [message for recipients, message in inbox if recipients == ["duty.team@example.org"]]
    assert len(duty) == 1
    body = email.message_from_string(duty[0], policy=policy.default).get_body().get_content()
    assert reference in body and "A young person said they are not safe" in body
    assert "urgent" in {event.kind for event in case.events}


def test_changing_to_not_safe_from_the_check_page_still_shows_the_help_page(pages):
    walk(pages)
    response = pages.post("/tell-us/are-you-safe?change=1", {"safe_now": "not_sure"})
    assert response.response.location == "/tell-us/get-help-now?change=1"
    carry_on = pages.get("/tell-us/get-help-now?change=1").html.find("a", string=lambda s: s and "Carry on" in s)
    assert carry_on["href"] == "/tell-us/check"


# Emails --------------------------------------------------------------------------------------------------------------


def test_no_email_contains_the_tracking_code_or_the_words(pages, inbox):
    walk(pages, replace={"are-you-safe": {"safe_now": "no"}})
    pages.get("/tell-us/get-help-now")
    reference, code = sent_reference_and_code(send(pages))
    assert len(inbox) == 2, "the duty alert and the acknowledgement"
    for _recipients, raw in inbox:
        body = email.message_from_string(raw, policy=policy.default).get_body().get_content()
        assert reference in body
        assert code not in body and code.replace("-", "") not in body.replace("-", "")
        assert WORDS not in body and "social worker has changed" not in body
        assert "Tell me before it changes" not in body


def test_acknowledgement_goes_only_to_the_address_given(pages, inbox):
    walk(pages, replace={"reply": {"reply_route": "none"}})
    send(pages)
    assert inbox == []


# A failed email: tests/test_outbox.py (the case is kept, the email waits in the outbox and is tried again).


# Nothing lost -------------------------------------------------------------------------------------------------------


def test_answers_are_kept_when_going_back(pages):
    walk(pages, COMPLAINT[:5])
    page = pages.get("/tell-us/what-happened")
    assert page.html.find("textarea").get_text() == WORDS
    assert page.html.select_one(".govuk-back-link")["href"] == "/tell-us/who"
    assert pages.get("/tell-us/when").html.find("input", attrs={"value": "last_month"}).has_attr("checked")


def test_words_are_kept_on_a_validation_error(pages):
    walk(pages, COMPLAINT[:4])
    long_words = "😀 مرحبا <script>alert(1)</script> " + "x" * 5000
    page = answer(pages, "what-happened", {"words": long_words}, expected_status=200)
    assert page.title.startswith("Error: ")
    assert page.error_messages() == ["That is too long. Use 5000 characters or less"]
    assert page.html.find("textarea").get_text() == long_words
    assert "<script>alert(1)</script>" not in page.response.get_data(as_text=True)


def test_contact_details_are_asked_only_for_the_chosen_route(pages, db_session):
    walk(pages, COMPLAINT[:7])
    assert answer(pages, "reply", {"reply_route": "text"}).response.location == "/tell-us/reply-mobile"
    page = answer(pages, "reply-mobile", {"reply_mobile": "not a number"}, 200)
    assert page.error_messages() == ["Enter a phone number, like \u206607700 900 982\u2069"]
    assert page.html.find("input", attrs={"name": "reply_mobile"})["value"] == "not a number"
    answer(pages, "reply-mobile", {"reply_mobile": "07700 900982"})
    pages.get("/tell-us/reply-email", expected_status=302)  # not asked: they chose text
    walk(pages, COMPLAINT[9:])
    pages.post("/tell-us/reply?change=1", {"reply_route": "email"})
    page = answer(pages, "reply-email", {"reply_email": "not-an-email"}, 200)
    assert page.error_messages() == ["Enter an email address like name@example.com"]
    answer(pages, "reply-email", {"reply_email": "me@example.org"})
    send(pages)
    case = only_case(db_session)
    assert (case.reply_route, case.reply_email, case.reply_phone) == ("email", "me@example.org", None)


def test_changing_an_answer_returns_to_the_check_page_with_everything_else_kept(pages):
    walk(pages)
    assert pages.get("/tell-us/name?change=1").html.select_one(".govuk-back-link")["href"] == "/tell-us/check"
    response = pages.post("/tell-us/name?change=1", {"name": "Sammy"})
    assert response.response.location == "/tell-us/check"
    text_ = pages.get("/tell-us/check").text()
    assert "Sammy" in text_ and WORDS in text_


def test_every_answer_on_the_check_page_changes_on_the_page_that_asked_it(pages):
    walk(pages)
    page = pages.get("/tell-us/check")
    change_links = {
        row.select_one(".govuk-summary-list__key").get_text(strip=True): row.select_one("a")["href"]
        for row in page.html.select(".govuk-summary-list__row")
    }
    assert change_links["Email address"] == "/tell-us/reply-email?change=1"
    assert change_links["How we reply"] == "/tell-us/reply?change=1"
    pages.post("/tell-us/reply-email?change=1", {"reply_email": "new@example.org"})
    assert "new@example.org" in pages.get("/tell-us/check").text()


def test_a_change_that_opens_a_new_question_asks_it_before_the_check_page(pages):
    walk(pages)
    response = pages.post("/tell-us/who?change=1", {"told_by_me": "someone_else"})
    assert response.response.location == "/tell-us/who-you-are?change=1"


def test_the_check_page_sends_people_back_to_what_they_have_not_answered(pages):
    walk(pages, COMPLAINT[:4])
    assert pages.get("/tell-us/check", expected_status=302).response.location == "/tell-us/when"
    assert pages.get("/tell-us/name", expected_status=302).response.location == "/tell-us/when"


def test_a_double_tapped_send_makes_exactly_one_case(pages, db_session):
    walk(pages)
    first = pages.post("/tell-us/send", {})
    second = pages.post("/tell-us/send", {})
    assert first.response.location == second.response.location == "/tell-us/sent"
    assert db_session.scalar(select(func.count(Case.id))) == 1
    again = pages.get("/tell-us/check", expected_status=302)  # a refresh after sending
    assert again.response.location == "/tell-us/sent"
    assert db_session.scalar(select(func.count(Case.id))) == 1


def test_two_sends_racing_each_other_make_one_case(app, pages, db_session):
    from portal.tell_us import services

    walk(pages)
    draft_id = db_session.scalar(select(TellUsDraft.id))
    with app.test_request_context():
        from portal.db import get_session

        draft = get_session().get(TellUsDraft, draft_id)
        first = services.send(draft, "AAAA-BBBB-CCCC")
        # The second request read the draft before the first had saved its case.
        other = app.extensions["db_sessionmaker"]()
        stale_draft = other.get(TellUsDraft, draft_id)
        stale_draft.case_id = None
        other.expunge(stale_draft)
        with app.test_request_context():
            second = services.send(stale_draft, "AAAA-BBBB-CCCC")
        other.close()
    assert first.reference == second.reference
    assert db_session.scalar(select(func.count(Case.id))) == 1


def test_when_the_database_cannot_save_the_words_are_shown_to_copy_and_retry_works(
    pages, migrated_database, db_session
):
    walk(pages)
    with migrated_database.begin() as connection:
        connection.execute(text("ALTER TABLE cases RENAME TO cases_unavailable"))
    try:
        page = pages.post("/tell-us/send", {}, expected_status=503)
        assert page.h1 == "We could not send this yet"
        assert WORDS in page.text()
        assert page.html.find("button", string=lambda s: s and "Try sending again" in s)
    finally:
        with migrated_database.begin() as connection:
            connection.execute(text("ALTER TABLE cases_unavailable RENAME TO cases"))
    pages.post("/tell-us/send", {})
    assert pages.get("/tell-us/sent").h1 == "Message sent"
    assert only_case(db_session).words == WORDS


def test_finishing_clears_the_journey_from_the_device(pages, db_session):
    walk(pages)
    send(pages)
    pages.post("/tell-us/finish", {})
    assert pages.get("/tell-us/sent", expected_status=302).response.location == "/tell-us"
    assert db_session.scalar(select(func.count(TellUsDraft.id))) == 0
    assert pages.get("/tell-us/check", expected_status=302).response.location == "/tell-us/what-kind"
    with pages.client.session_transaction() as session:
        assert "tell_us_code" not in session and "tell_us_draft" not in session


# Bad input ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words",
    [
        "<script>alert('x')</script><img src=x onerror=alert(1)>",
        "أنا لست سعيدا في منزلي الجديد",
        "🙁🙁🙁 not ok 👎🏽",
        "a",
        "Robert'); DROP TABLE cases;--",
        "zero\u200bwidth and\u202eright-to-left override",
    ],
)
def test_any_text_is_stored_as_typed_and_shown_escaped(pages, db_session, words):
    walk(pages, replace={"what-happened": {"words": words}})
    page = pages.get("/tell-us/check")
    assert words in page.text()
    # What was typed never reaches the page as markup (the page's own inline GOV.UK script is not what was typed).
    assert "<script>alert" not in page.response.get_data(as_text=True)
    assert "<img src=x" not in page.response.get_data(as_text=True)
    send(pages)
    assert only_case(db_session).words == words


def test_invisible_control_characters_are_dropped_not_rejected(pages, db_session):
    walk(pages, replace={"what-happened": {"words": "nul\x00 and bell\x07 gone"}})
    send(pages)
    assert only_case(db_session).words == "nul and bell gone"


def test_a_choice_that_is_not_offered_gets_a_plain_message(pages):
    page = answer(pages, "what-kind", {"kind": "<script>"}, expected_status=200)
    assert page.error_messages() == ["Choose one of the options"]


def test_an_empty_answer_gets_a_message_saying_what_to_do(pages):
    page = answer(pages, "what-kind", {}, expected_status=200)
    assert page.error_messages() == ["Choose what you want to tell us"]
    assert page.html.select_one(".govuk-error-summary a")["href"] == "#kind"


def test_an_oversized_post_gets_the_413_page(client):
    response = client.post("/tell-us/what-happened", data={"words": "x" * 200_000})
    assert response.status_code == 413
    assert "What you sent is too big" in response.get_data(as_text=True)


def test_an_unknown_page_of_the_journey_is_not_found(pages):
    pages.get("/tell-us/no-such-question", expected_status=404)


def test_sending_many_cases_from_one_address_is_paused_with_a_kind_message(app, pages, db_session):
    app.config["TELL_US_LIMIT_PER_ADDRESS"] = "2 per hour"
    from tests.conftest import PageClient

    for _ in range(2):
        person = PageClient(app.test_client())
        walk(person)
        send(person)
    third = PageClient(app.test_client())
    walk(third)
    page = third.post("/tell-us/send", {}, expected_status=429)
    assert "paused sending for a while" in page.text() and "Your answers are still saved" in page.text()
    assert "Try again in" in page.text()
    assert db_session.scalar(select(func.count(Case.id))) == 2
    assert "0800 1111" in page.text()


def test_the_optional_about_you_questions_come_after_the_case_is_sent(pages, db_session):
    walk(pages)
    check = pages.get("/tell-us/check")
    assert WORDS in check.text() and "About you" not in check.text()
    pages.get("/tell-us/about-you", expected_status=302)  # nothing sent yet: nothing optional to ask

    sent = send(pages)
    assert sent.html.find("a", href="/tell-us/about-you")
    case = only_case(db_session)
    assert case.equality is None

    about_you = pages.get("/tell-us/about-you")
    assert about_you.h1 == "About you (optional)" and WORDS not in about_you.text()
    pages.post("/tell-us/about-you", {"age_band": "13_to_15", "gender": "prefer_not"})
    db_session.expire_all()
    assert db_session.scalar(select(EqualityAnswers.age_band).where(EqualityAnswers.case_id == case.id)) == "13_to_15"
    # Answers go to their own table, never into the draft beside the words, and are not shown back.
    assert "age_band" not in db_session.scalar(select(TellUsDraft.answers))
    sent_again = pages.get("/tell-us/sent")
    assert "Thank you for answering" in sent_again.text() and "13 to 15" not in sent_again.text()


def test_answering_about_you_again_replaces_the_answers_rather_than_adding_a_row(pages, db_session):
    walk(pages)
    send(pages)
    pages.post("/tell-us/about-you", {"age_band": "13_to_15"})
    pages.post("/tell-us/about-you", {"age_band": "16_to_17", "disability": "no"})
    rows = db_session.execute(select(EqualityAnswers.age_band, EqualityAnswers.disability)).all()
    assert rows == [("16_to_17", "no")]


def test_the_journey_before_send_is_one_page_shorter(pages):
    from portal.tell_us.journey import STEPS_BY_SLUG

    assert "about-you" not in STEPS_BY_SLUG
    walk(pages)
    assert pages.get("/tell-us/check").h1 == "Check your answers"


def test_line_breaks_in_the_words_are_kept_and_html_in_them_is_not_run(pages):
    walk(pages, replace={"what-happened": {"words": "first line\n<i>second</i> line"}})
    html = pages.get("/tell-us/check").response.get_data(as_text=True)
    assert "first line<br>&lt;i&gt;second&lt;/i&gt; line" in html
