"""/track is a conversation (issue 21): with the case open after its reference and code, a young person replies or adds
what they forgot, and asks for stage 2 in one step. Their words go on the history as theirs, whoever handles the case
is told, the queue marks it until they open it, and a stage 2 request is the event staff record, late or not."""

import re
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from portal.cases.deadlines import request_window_closes
from portal.cases.references import hash_tracking_code
from portal.clock import LONDON
from portal.models import Case, CaseStage, CaseStatus, Message, Outcome, User, YoungPersonsWords
from portal.triage.notify import digest_for_officers
from tests.conftest import PageClient
from tests.tell_us.test_reading_age import MAX_GRADE, grade, readable_text
from tests.triage.conftest import new_case

CODE = "ABCD-EFGH-JKMN"
REFERENCE = "TU-TALK-22"
RECEIVED = date(2026, 11, 2)  # a Monday
ANSWERED = date(2026, 11, 20)  # stage 1's response, a Friday


def at(day, hour=10):
    """A moment on day in London, for time_machine."""
    return datetime.combine(day, time(hour), LONDON)


@pytest.fixture
def case(app, db_session):
    """A case received on RECEIVED whose private code is CODE."""
    made = new_case(db_session, RECEIVED, reference=REFERENCE, advocate_wanted="no")
    with app.app_context():
        made.tracking_code_hash = hash_tracking_code(CODE)
    db_session.commit()
    return made


@pytest.fixture
def after_the_answer():
    """A fixed day ten days after stage 1's answer, so stage 2 can be asked for whatever day the tests run (asking
    on a day before the answer is refused)."""
    with time_machine.travel(at(date(2026, 11, 30)), tick=False):
        yield


def answer_stage_1(db_session, case, outcome=Outcome.NOT_UPHELD, closed=True):
    """Stage 1 answered on ANSWERED and, as officers usually do, the case closed with that answer."""
    case.acknowledged_on = RECEIVED
    case.stages.append(CaseStage(number=1, started_on=RECEIVED, responded_on=ANSWERED, outcome=outcome))
    case.status = CaseStatus.STAGE_1
    if closed:
        case.status, case.outcome, case.closed_on = CaseStatus.CLOSED, outcome, ANSWERED
    db_session.commit()


def open_on_track(pages):
    pages.post("/track", {"reference": REFERENCE, "code": CODE}, 303)
    return pages.get("/track/message")


def hidden_fields(page):
    """The reply or stage 2 form's hidden fields as the page gave them: its submission key and the case's reference."""
    form = page.html.find("main").find("form")
    return {name: form.find("input", attrs={"name": name})["value"] for name in ("submission_key", "reference")}


def reply(pages, words, expected_status=302, key=None):
    fields = hidden_fields(pages.get("/track/message"))
    if key:
        fields["submission_key"] = key
    return pages.post("/track/message", {"words": words, **fields}, expected_status)


def their_words(db_session):
    db_session.expire_all()
    return db_session.scalars(select(YoungPersonsWords.words).order_by(YoungPersonsWords.id)).all()


def emails(db_session, kind="young_person_wrote"):
    return db_session.scalars(select(Message).where(Message.kind == kind).order_by(Message.id)).all()


# Replying -----------------------------------------------------------------------------------------------------------


def test_a_reply_goes_on_the_history_as_theirs_and_the_duty_inbox_is_told_when_nobody_is_assigned(
    app, pages, db_session, case
):
    open_on_track(pages)
    assert reply(pages, "I forgot: it happened again on Friday.").response.location.endswith("/track/message")
    page = pages.get("/track/message")
    assert "We have your message" in page.text()
    mine = page.html.select_one(".portal-from-you")
    assert mine.find("p").get_text(strip=True).startswith("You wrote on ")
    assert "it happened again on Friday" in mine.get_text()
    assert their_words(db_session) == ["I forgot: it happened again on Friday."]
    db_session.refresh(case)
    assert case.young_person_replied_at is not None
    (told,) = emails(db_session)
    assert told.recipient == app.config["DUTY_INBOX"] and REFERENCE in told.subject
    assert "happened again" not in told.body  # the email never holds their words


def test_the_assigned_officer_is_told_and_opening_the_case_takes_the_mark_off(app, pages, db_session, case, make_user):
    officer_email = make_user("complaints_officer")
    manager_email = make_user("manager")
    case.assigned_to_id = db_session.scalar(select(User.id).where(User.email == officer_email))
    db_session.commit()
    open_on_track(pages)
    reply(pages, "Can I bring my friend to the meeting?")
    assert [m.recipient for m in emails(db_session)] == [officer_email]

    staff = PageClient(app.test_client())
    staff.sign_in(officer_email)
    queue = staff.get("/staff/cases")
    assert "Young person replied" in queue.html.find("a", string=REFERENCE).find_parent("td").get_text()
    manager = PageClient(app.test_client())
    manager.sign_in(manager_email)
    manager.get(f"/staff/cases/{case.id}")  # a manager looking does not take it off the officer's list
    db_session.expire_all()
    assert db_session.get(Case, case.id).young_person_replied_at is not None
    with app.app_context():
        digests = digest_for_officers()
    assert [c.reference for officer, lists in digests.items() if officer.email == officer_email for c in lists[2]] == [
        REFERENCE
    ]

    page = staff.get(f"/staff/cases/{case.id}")
    assert "Can I bring my friend" in page.html.find(id="their-words").find_next("div").get_text()
    history_row = page.html.find(id="history").find(string=re.compile("wrote on /track")).find_parent("tr")
    # The history says that they wrote; their words sit apart (so retention can remove them), under their heading.
    assert "The young person" in history_row.get_text() and "Can I bring my friend" not in history_row.get_text()
    db_session.expire_all()
    assert db_session.get(Case, case.id).young_person_replied_at is None
    assert "Young person replied" not in staff.get("/staff/cases").text()


def test_the_officers_answer_is_read_on_track_after_their_reply_oldest_first(app, pages, db_session, case, make_user):
    officer_email = make_user("complaints_officer")
    open_on_track(pages)
    reply(pages, "Is anyone reading this?")
    staff = PageClient(app.test_client())
    staff.sign_in(officer_email)
    version = staff.get(f"/staff/cases/{case.id}/message").html.find("input", attrs={"name": "version"})["value"]
    staff.post(f"/staff/cases/{case.id}/message", {"message": "Yes. I will call you on Tuesday.", "version": version})
    items = [li.find_all("p")[1].get_text(strip=True) for li in pages.get("/track/message").html.select("main li")]
    assert items == ["Is anyone reading this?", "Yes. I will call you on Tuesday."]


def test_words_are_kept_on_an_error_and_nothing_is_saved(pages, db_session, case):
    open_on_track(pages)
    long_words = "My foster carer said no. " * 100
    page = reply(pages, long_words, expected_status=200)
    assert page.error_messages() == ["That is too long. Use 2000 characters or less"]
    assert page.html.find("textarea", attrs={"name": "words"}).get_text() == long_words.strip()
    assert page.html.title.get_text().startswith("Error: ")
    assert reply(pages, "   ", expected_status=200).error_messages() == ["Write your message"]
    assert their_words(db_session) == []


def test_a_double_tap_makes_one_reply(pages, db_session, case):
    open_on_track(pages)
    key = pages.get("/track/message").html.find("input", attrs={"name": "submission_key"})["value"]
    reply(pages, "Please call after school.", key=key)
    reply(pages, "Please call after school.", key=key)
    assert their_words(db_session) == ["Please call after school."]
    assert len(emails(db_session)) == 1


# Keeping the case open, and forgetting it --------------------------------------------------------------------------


def test_without_the_code_there_is_nothing_to_see_or_reply_to(pages, db_session, case):
    assert pages.get("/track/message", expected_status=302).response.location.endswith("/track")
    assert pages.post("/track/message", {"words": "Hello", "submission_key": "k" * 20}).response.location.endswith(
        "/track"
    )
    assert pages.get("/track/stage-2", expected_status=302).response.location.endswith("/track")
    assert their_words(db_session) == []


@pytest.mark.parametrize("leave", ["/track/close", "/tell-us/exit"])
def test_close_and_exit_this_page_forget_the_open_case(pages, case, leave):
    open_on_track(pages)
    pages.get("/track/message")
    pages.get(leave, expected_status=302 if leave == "/track/close" else 303)
    assert pages.get("/track/message", expected_status=302).response.location.endswith("/track")


def test_the_case_closes_itself_after_its_idle_time(app, pages, case):
    with time_machine.travel(at(date(2026, 12, 1)), tick=False) as clock:
        open_on_track(pages)
        clock.shift(timedelta(minutes=app.config["TRACK_IDLE_MINUTES"] - 1))
        pages.get("/track/message")  # used: the idle time starts again
        clock.shift(timedelta(minutes=app.config["TRACK_IDLE_MINUTES"] - 1))
        pages.get("/track/message")
        clock.shift(timedelta(minutes=app.config["TRACK_IDLE_MINUTES"] + 1))
        assert pages.get("/track/message", expected_status=302).response.location.endswith("/track")


def test_pages_with_the_case_are_never_stored(pages, db_session, case):
    answer_stage_1(db_session, case)
    open_on_track(pages)
    for url in ("/track/message", "/track/stage-2"):
        assert pages.get(url).response.headers["Cache-Control"] == "no-store"


# Asking for stage 2 --------------------------------------------------------------------------------------------------


def ask_for_stage_2(pages, words="", advocate=None, expected_status=302):
    data = {"words": words, **hidden_fields(pages.get("/track/stage-2"))}
    if advocate:
        data["advocate"] = advocate
    return pages.post("/track/stage-2", data, expected_status)


def test_after_the_stage_1_answer_track_says_what_it_was_and_offers_stage_2_with_its_last_day(pages, db_session, case):
    answer_stage_1(db_session, case)
    with time_machine.travel(at(date(2026, 11, 30)), tick=False):
        page = open_on_track(pages)
        text = page.text()
        assert "We did not agree with you this time" in text
        assert "you can ask for stage 2" in text and "Someone who does not work for us" in text
        # 20 working days after Friday 20 November 2026: Friday 18 December.
        assert "Ask by Friday 18 December 2026. You can still ask after that." in text
        assert page.html.find("a", href="/track/stage-2").get_text(strip=True) == "Ask for stage 2"
        assert "You can ask until Friday 18 December 2026." in pages.get("/track/stage-2").text()


def test_asking_for_stage_2_opens_the_case_again_at_stage_2_with_its_deadline(app, pages, db_session, case):
    answer_stage_1(db_session, case)
    with time_machine.travel(at(date(2026, 11, 30)), tick=False):
        open_on_track(pages)
        ask_for_stage_2(pages, words="Nobody asked my social worker.")
        page = pages.get("/track/message")
    assert "Stage 2 has started" in page.text() and "Ask for stage 2" not in page.text()
    db_session.expire_all()
    case = db_session.get(Case, case.id)
    two = next(s for s in case.stages if s.number == 2)
    assert case.status == CaseStatus.STAGE_2 and case.closed_on is None and case.outcome is None
    assert two.requested_on == date(2026, 11, 30) and not two.late_request
    # Until the statement of complaint is agreed, stage 2's 25 working days count from the request.
    assert case.next_due_on == date(2027, 1, 7)
    (requested,) = [e for e in case.events if e.kind == "stage_2_requested"]
    assert "Flagged" not in requested.summary and "Nobody asked" not in requested.summary
    # What they wrote is theirs on /track; the portal's note of the request is not shown to them as theirs.
    assert [said.words for said in case.young_persons_words] == ["Nobody asked my social worker."]
    assert [p.get_text(strip=True) for p in page.html.select(".portal-from-you .portal-words")] == [
        "Nobody asked my social worker."
    ]
    assert [m.subject for m in emails(db_session)] == [f"Case {REFERENCE}: the young person asked for stage 2"]


def test_a_late_request_is_flagged_not_refused(pages, db_session, case):
    answer_stage_1(db_session, case)
    with time_machine.travel(at(date(2027, 2, 1)), tick=False):
        # /track does not tell them to ask by a day gone by, and still offers it.
        assert "The last day to ask was Friday 18 December 2026. You can still ask." in open_on_track(pages).text()
        stage_2_page = pages.get("/track/stage-2").text()
        assert "The last day to ask was Friday 18 December 2026. You can still ask." in stage_2_page
        ask_for_stage_2(pages)
    db_session.expire_all()
    case = db_session.get(Case, case.id)
    assert case.status == CaseStatus.STAGE_2
    assert next(s for s in case.stages if s.number == 2).late_request
    assert "Flagged: more than 20 working days" in case.events[-1].summary
    assert emails(db_session)[0].subject.endswith("asked for stage 2 (late: flagged)")


@pytest.mark.parametrize(
    ("answered_on", "last_day"),
    [
        # Over Christmas and New Year: 25, 28 December 2026 and 1 January 2027 are bank holidays.
        (date(2026, 12, 18), date(2027, 1, 20)),
        # Over Easter 2027: Good Friday 26 March and Easter Monday 29 March.
        (date(2027, 3, 19), date(2027, 4, 20)),
        # Over the early May and spring bank holidays of 2027 (3 and 31 May).
        (date(2027, 5, 14), date(2027, 6, 14)),
    ],
)
def test_the_last_day_to_ask_is_twenty_working_days_on_over_real_calendars(
    pages, db_session, case, answered_on, last_day
):
    assert request_window_closes(answered_on) == last_day
    case.acknowledged_on = RECEIVED
    case.stages.append(CaseStage(number=1, started_on=RECEIVED, responded_on=answered_on, outcome=Outcome.UPHELD))
    case.status = CaseStatus.STAGE_1
    db_session.commit()
    with time_machine.travel(at(last_day, 23), tick=False):  # the last evening: still on time
        open_on_track(pages)
        assert f"You can ask until {last_day:%A} {last_day.day} {last_day:%B %Y}." in pages.get("/track/stage-2").text()
    with time_machine.travel(at(last_day + timedelta(days=1), 0), tick=False):  # the next morning: late
        open_on_track(pages)
        assert "The last day to ask was" in pages.get("/track/stage-2").text()


def test_the_advocate_offer_is_made_when_they_did_not_ask_at_the_start_and_recorded_as_triage_records_it(
    pages, db_session, case, after_the_answer
):
    answer_stage_1(db_session, case)
    open_on_track(pages)
    assert "Do you want an advocate to help you?" in pages.get("/track/stage-2").text()
    ask_for_stage_2(pages, advocate="yes")
    db_session.expire_all()
    case = db_session.get(Case, case.id)
    assert case.advocacy_requested_on is not None
    advocacy = next(e for e in case.events if e.kind == "advocacy")
    assert advocacy.changes == {"advocacy_requested_on": [None, case.advocacy_requested_on.isoformat()]}


def test_no_advocate_question_for_someone_who_asked_for_one_at_the_start(pages, db_session, case):
    case.advocate_wanted = "yes"
    answer_stage_1(db_session, case)
    open_on_track(pages)
    assert "Do you want an advocate" not in pages.get("/track/stage-2").text()


@pytest.mark.parametrize("outcome", [Outcome.WITHDRAWN, Outcome.RESOLVED])
def test_a_case_they_withdrew_or_that_was_sorted_offers_no_stage_2(pages, db_session, case, outcome):
    answer_stage_1(db_session, case)
    case.outcome = outcome
    db_session.commit()
    assert "Ask for stage 2" not in open_on_track(pages).text()
    assert pages.get("/track/stage-2", expected_status=302).response.location.endswith("/track/message")


def test_a_double_tapped_stage_2_request_makes_one_request(pages, db_session, case, after_the_answer):
    answer_stage_1(db_session, case)
    open_on_track(pages)
    fields = hidden_fields(pages.get("/track/stage-2"))
    for _tap in range(2):
        pages.post("/track/stage-2", {"words": "", **fields})
    count = db_session.scalar(select(func.count()).select_from(CaseStage).where(CaseStage.number == 2))
    assert count == 1 and len(emails(db_session)) == 1


# Limits, reading age -------------------------------------------------------------------------------------------------


def test_replies_from_one_device_are_slowed_but_a_room_on_one_address_is_not(app, db_session, case):
    app.config["TRACK_REPLY_LIMIT_PER_DEVICE"] = "2 per hour"
    phone = PageClient(app.test_client())
    open_on_track(phone)
    reply(phone, "One.")
    reply(phone, "Two.")
    assert "paused sending for a while" in reply(phone, "Three.", expected_status=429).text()
    # Others in the same room (the same address), each on their own phone, can still write.
    for n in range(3):
        friend = PageClient(app.test_client())
        open_on_track(friend)
        reply(friend, f"From phone {n}.")
    assert len(their_words(db_session)) == 5


def test_a_double_tapped_reply_costs_one_from_the_limit(app, db_session, case):
    app.config["TRACK_REPLY_LIMIT_PER_DEVICE"] = "2 per hour"
    phone = PageClient(app.test_client())
    open_on_track(phone)
    key = phone.get("/track/message").html.find("input", attrs={"name": "submission_key"})["value"]
    reply(phone, "Please call after school.", key=key)
    reply(phone, "Please call after school.", key=key)
    reply(phone, "Or on Saturday.")
    assert their_words(db_session) == ["Please call after school.", "Or on Saturday."]


def test_a_reply_with_an_error_costs_nothing(app, db_session, case):
    app.config["TRACK_REPLY_LIMIT_PER_DEVICE"] = "1 per hour"
    phone = PageClient(app.test_client())
    open_on_track(phone)
    reply(phone, "", expected_status=200)
    reply(phone, "Now with words.")


def test_the_new_pages_read_at_grade_5_or_below(pages, db_session, case, after_the_answer):
    answer_stage_1(db_session, case, outcome=Outcome.PARTLY_UPHELD)
    case.add_event("message", "We have read your message. We will call you on Tuesday.", shared_with_young_person=True)
    db_session.commit()
    open_on_track(pages)
    reply(pages, "Thank you.")
    seen = {
        "/track/message (answered, with messages)": pages.get("/track/message"),
        "/track/stage-2": pages.get("/track/stage-2"),
        "/track/stage-2 (with an error)": ask_for_stage_2(pages, words="x" * 2001, expected_status=200),
    }
    ask_for_stage_2(pages)
    seen["/track/message (stage 2 started)"] = pages.get("/track/message")
    assert "Stage 2 has started" in seen["/track/message (stage 2 started)"].text()
    too_hard = {name: grade(page) for name, page in seen.items() if grade(page) > MAX_GRADE}
    assert not too_hard, {name: (g, readable_text(seen[name])) for name, g in too_hard.items()}


def test_words_from_a_page_of_another_case_are_not_put_on_the_case_open_now(app, pages, db_session, case):
    """Case A's page in one tab, case B opened in another: a reply sent from A's tab must not land on B."""
    other = new_case(db_session, RECEIVED, reference="TU-OTHR-22")
    with app.app_context():
        other.tracking_code_hash = hash_tracking_code(CODE)
    db_session.commit()
    fields_of_a = hidden_fields(open_on_track(pages))
    pages.post("/track", {"reference": "TU-OTHR-22", "code": CODE}, 303)  # the other tab
    page = pages.post("/track/message", {"words": "This is about my placement.", **fields_of_a}, 200)
    assert page.error_messages() == [
        "You opened another message since. Check this is the right one, then send it again."
    ]
    assert "TU-OTHR-22" in page.html.find("h1").get_text()
    assert page.html.find("textarea", attrs={"name": "words"}).get_text() == "This is about my placement."
    assert their_words(db_session) == []
