"""The staff side: the queue, the case page and its actions, the access log, optimistic locking, who sees what,
the emails (real SMTP on loopback), and what /track says at each step."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from portal.clock import LONDON, london_today
from portal.models import Case, CaseAccess, CaseEvent, CaseStatus, QualityTheme, Role, User
from portal.models.cases import AppendOnlyError
from tests.triage.conftest import new_case


def date_fields(name, day):
    return {name: [str(day.day), str(day.month), str(day.year)]}


def act(pages, case, action, data, expected_status=302):
    page = pages.get(f"/staff/cases/{case.id}/{action}")
    version = page.html.find("input", attrs={"name": "version"})["value"]
    return pages.post(f"/staff/cases/{case.id}/{action}", {"version": version, **data}, expected_status=expected_status)


def refreshed(db_session, case):
    db_session.expire_all()
    return db_session.get(Case, case.id)


def test_the_queue_puts_urgent_first_then_overdue_then_due_soonest(pages, officer, db_session):
    today = london_today()
    later = new_case(db_session, today, reference="TU-LATE-22")
    overdue = new_case(db_session, today - timedelta(days=30), reference="TU-OVER-22")
    urgent = new_case(db_session, today, urgent=True, reference="TU-URGE-22")
    closed = new_case(db_session, today - timedelta(days=60), reference="TU-CLOS-22")
    closed.status = CaseStatus.CLOSED
    db_session.commit()
    page = pages.get("/staff/cases")
    references = [a.get_text(strip=True) for a in page.html.select("table.portal-queue tbody a")]
    assert references == [urgent.reference, overdue.reference, later.reference]
    assert "Overdue" in page.html.select("table.portal-queue tbody tr")[1].get_text()
    assert closed.reference in pages.get("/staff/cases?status=closed").text()


def test_the_queue_pages_by_keyset_and_never_repeats_or_skips(pages, officer, db_session):
    today = london_today()
    for number in range(30):
        new_case(db_session, today - timedelta(days=number), reference=f"TU-{number:04d}-22".replace("0", "A"))
    seen = []
    page = pages.get("/staff/cases")
    while True:
        seen += [a.get_text(strip=True) for a in page.html.select("table.portal-queue tbody a")]
        link = page.html.find("a", rel="next")
        if link is None:
            break
        page = pages.get(link["href"])
    assert len(seen) == 30 and len(set(seen)) == 30


def test_search_finds_words_through_the_full_text_index_and_a_reference_exactly(pages, officer, db_session):
    today = london_today()
    new_case(db_session, today, reference="TU-DENT-22", words="I waited months for a dentist appointment.")
    new_case(db_session, today, reference="TU-MONY-22", words="I have not had my pocket money for three weeks.")
    found = pages.get("/staff/cases?q=dentist").text()
    assert "TU-DENT-22" in found and "TU-MONY-22" not in found
    found = pages.get("/staff/cases?q=tu-mony-22").text()
    assert "TU-MONY-22" in found and "TU-DENT-22" not in found
    # Query syntax is never passed through: quotes and operators are just words.
    assert pages.get('/staff/cases?q=" OR NEAR(* -').status == 200


def test_filters_by_officer_theme_and_received_dates(pages, officer, db_session, lists):
    today = london_today()
    mine = new_case(db_session, today, reference="TU-MINE-22")
    other = new_case(db_session, today - timedelta(days=40), reference="TU-OTHR-22")
    me = db_session.scalar(select(User).where(User.email == officer))
    theme = db_session.scalar(select(QualityTheme).where(QualityTheme.name == "Delay"))
    mine.assigned_to_id = me.id
    mine.themes = [theme]
    db_session.commit()
    assert "TU-OTHR-22" not in pages.get(f"/staff/cases?officer={me.id}").text()
    text = pages.get(f"/staff/cases?theme={theme.id}").text()
    assert "TU-MINE-22" in text and "TU-OTHR-22" not in text
    since = today - timedelta(days=5)
    url = f"/staff/cases?received_from={since.day}&received_from={since.month}&received_from={since.year}"
    text = pages.get(url).text()
    assert "TU-MINE-22" in text and other.reference not in text


def test_csv_export_streams_the_filtered_cases_with_contact_details_only_where_allowed(pages, officer, db_session):
    today = london_today()
    mine = new_case(db_session, today, reference="TU-MINE-22", reply_route="email", reply_email="me@example.org")
    new_case(db_session, today, reference="TU-OTHR-22", reply_route="email", reply_email="other@example.org")
    mine.assigned_to_id = db_session.scalar(select(User.id).where(User.email == officer))
    db_session.commit()
    response = pages.client.get("/staff/cases.csv")
    assert response.is_streamed and response.mimetype == "text/csv"
    body = response.get_data(as_text=True)
    assert "me@example.org" in body and "other@example.org" not in body
    assert body.splitlines()[0].startswith("reference,kind")


def test_a_view_of_a_case_always_leaves_an_access_log_row_and_managers_can_read_it(
    pages, make_user, officer, db_session
):
    case = new_case(db_session, london_today())
    pages.get(f"/staff/cases/{case.id}")
    pages.get(f"/staff/cases/{case.id}/acknowledge")
    rows = db_session.scalars(select(CaseAccess).where(CaseAccess.case_id == case.id).order_by(CaseAccess.id)).all()
    assert [row.what for row in rows] == ["case page", "Acknowledge"]
    pages.get(f"/staff/cases/{case.id}/access-log", expected_status=403)
    pages.sign_out()
    pages.sign_in(make_user("manager"))
    page = pages.get(f"/staff/cases/{case.id}/access-log")
    assert "Test Complaints officer" in page.text() and "Acknowledge" in page.text()


def test_the_access_log_and_history_cannot_be_changed(pages, officer, db_session):
    case = new_case(db_session, london_today())
    pages.get(f"/staff/cases/{case.id}")
    row = db_session.scalar(select(CaseAccess))
    row.what = "nothing"
    with pytest.raises(AppendOnlyError):
        db_session.commit()
    db_session.rollback()
    db_session.delete(db_session.scalar(select(CaseEvent)))
    with pytest.raises(AppendOnlyError):
        db_session.commit()


def test_contact_details_only_for_the_assigned_officer_and_managers(pages, make_user, officer, db_session):
    case = new_case(db_session, london_today(), reply_route="email", reply_email="young.person@example.org")
    assert "young.person@example.org" not in pages.get(f"/staff/cases/{case.id}").text()
    case.assigned_to_id = db_session.scalar(select(User.id).where(User.email == officer))
    db_session.commit()
    assert "young.person@example.org" in pages.get(f"/staff/cases/{case.id}").text()


@pytest.mark.parametrize("role", [Role.PARTNER_LEAD, Role.RMA_MEMBER, Role.PARTICIPATION_OFFICER, Role.ADMIN])
def test_partner_leads_and_role_model_army_never_see_cases(pages, sign_in_as, db_session, role):
    case = new_case(db_session, london_today())
    sign_in_as(role)
    for url in ("/staff/cases", f"/staff/cases/{case.id}", "/staff/cases.csv", f"/staff/cases/{case.id}/close"):
        assert pages.client.get(url).status_code == 403
    assert db_session.scalar(select(func.count(CaseAccess.id))) == 0


def test_a_second_officer_saving_over_a_newer_change_is_told_and_keeps_what_they_typed(pages, officer, db_session):
    case = new_case(db_session, london_today())
    first = pages.get(f"/staff/cases/{case.id}/message")
    stale_version = first.html.find("input", attrs={"name": "version"})["value"]
    act(pages, case, "message", {"message": "We are looking at it."})
    page = pages.post(
        f"/staff/cases/{case.id}/message",
        {"version": stale_version, "message": "My carefully written words"},
        expected_status=200,
    )
    assert "Someone else changed this case" in page.text()
    assert page.html.find("textarea", attrs={"name": "message"}).get_text() == "My carefully written words"
    shared = db_session.scalars(select(CaseEvent.summary).where(CaseEvent.shared.is_(True))).all()
    assert shared == ["We are looking at it."]
    # Saving again, now over the newest version, works.
    fresh = page.html.find("input", attrs={"name": "version"})["value"]
    pages.post(f"/staff/cases/{case.id}/message", {"version": fresh, "message": "My carefully written words"})


def test_two_sessions_racing_on_one_case_cannot_both_save(app, db_session):
    from sqlalchemy.orm.exc import StaleDataError

    case = new_case(db_session, london_today())
    with app.extensions["db_sessionmaker"]() as other:
        theirs = other.get(Case, case.id)
        case.name = "first save"
        db_session.commit()
        theirs.name = "second save"
        with pytest.raises(StaleDataError):
            other.commit()


def test_safeguarding_records_the_referral_emails_the_inbox_at_once_and_stops_the_clock(
    pages, officer, db_session, inbox
):
    case = new_case(db_session, london_today(), urgent=True)
    act(pages, case, "safeguarding", {"referred_to": "MASH", "their_reference": "M-123", "notes": "Spoke to Kim."})
    case = refreshed(db_session, case)
    assert case.status == CaseStatus.SAFEGUARDING and case.next_due_on is None
    referral = case.safeguarding_referrals[0]
    assert referral.referred_to == "MASH" and referral.their_reference == "M-123"
    assert referral.referred_by.email == officer
    (to, message), *_ = inbox
    assert to == ["safeguarding@example.org"] and case.reference in message
    assert case.words not in message


def test_a_complaint_through_stage_1_stage_2_and_closure_with_track_in_plain_words(pages, officer, db_session, inbox):
    from portal.cases import status

    def status_in_plain_words(case):
        with pages.client.application.app_context():  # the words name the council's number, from configuration
            return status.status_in_plain_words(case)

    received = london_today() - timedelta(days=3)
    case = new_case(db_session, received, reply_route="email", reply_email="yp@example.org")
    assert status_in_plain_words(case)[0] == "We have your message"
    act(pages, case, "acknowledge", date_fields("acknowledged_on", london_today()))
    act(pages, case, "start-stage-1", date_fields("started_on", received))
    assert "sort it out with you" in " ".join(status_in_plain_words(refreshed(db_session, case))[1])
    act(pages, case, "extend", {"days": "20", "reason": "Waiting for records"})
    assert refreshed(db_session, case).stages[0].extended_to == 20
    act(pages, case, "respond", {**date_fields("responded_on", london_today()), "outcome": "not_upheld"})
    assert status_in_plain_words(refreshed(db_session, case))[0] == "We have sent you our answer"
    act(pages, case, "request-stage-2", date_fields("requested_on", london_today()))
    assert refreshed(db_session, case).status == CaseStatus.STAGE_2
    act(
        pages,
        case,
        "start-stage-2",
        {**date_fields("started_on", london_today()), "investigating_officer": "Jo", "independent_person": "Lee"},
    )
    act(pages, case, "complaint-point", {"summary": "Not told", "outcome": "upheld"})
    act(pages, case, "respond", {**date_fields("responded_on", london_today()), "outcome": "partly_upheld"})
    act(pages, case, "close", {"outcome": "partly_upheld"})
    case = refreshed(db_session, case)
    assert status_in_plain_words(case) == (
        "We have finished",
        [
            "We agreed with some of what you said.",
            # The phone number is kept left to right inside a right-to-left page.
            "Our answer says what we will do. If you are not happy with it, "
            f"call us on <bdi>{pages.client.application.config['CONTACT_PHONE']}</bdi>.",
        ],
    )
    kinds = [event.kind for event in case.events]
    for kind in ("acknowledged", "stage_1", "extended", "stage_1_response", "stage_2_requested", "closed"):
        assert kind in kinds
    changed = next(event for event in case.events if event.kind == "extended")
    assert changed.changes == {"extended_to": [None, "20"], "extension_reason": [None, "Waiting for records"]}
    updates = [message for to, message in inbox if to == ["yp@example.org"]]
    assert updates and all(case.words not in message and "Jo" not in message for message in updates)


def test_a_late_stage_2_request_is_flagged_not_refused(pages, officer, db_session):
    received = date(2026, 1, 5)
    case = new_case(db_session, received)
    act(pages, case, "acknowledge", date_fields("acknowledged_on", received))
    act(pages, case, "start-stage-1", date_fields("started_on", received))
    act(pages, case, "respond", {**date_fields("responded_on", date(2026, 1, 12)), "outcome": "not_upheld"})
    act(pages, case, "request-stage-2", date_fields("requested_on", date(2026, 3, 2)))
    case = refreshed(db_session, case)
    assert case.status == CaseStatus.STAGE_2 and case.stages[1].late_request


def test_an_extension_past_the_longest_allowed_is_refused_with_a_message(pages, officer, db_session):
    case = new_case(db_session, london_today())
    act(pages, case, "start-stage-1", date_fields("started_on", london_today()))
    page = act(pages, case, "extend", {"days": "30", "reason": "More time"}, expected_status=200)
    assert "between 11 and 20 working days" in " ".join(page.error_messages())


def test_pause_and_resume_move_the_deadline(pages, officer, db_session):
    case = new_case(db_session, date(2026, 3, 2))
    act(pages, case, "start-stage-1", date_fields("started_on", date(2026, 3, 2)))
    act(pages, case, "acknowledge", date_fields("acknowledged_on", date(2026, 3, 3)))
    act(
        pages,
        case,
        "pause",
        {"reason_kind": "court", "reason": "Care proceedings", **date_fields("started_on", date(2026, 3, 5))},
    )
    assert refreshed(db_session, case).next_due_on is None
    act(pages, case, "resume", date_fields("resumed_on", date(2026, 3, 10)))
    assert refreshed(db_session, case).next_due_on == date(2026, 3, 19)


def test_assignment_emails_the_officer(pages, officer, make_user, db_session, inbox):
    case = new_case(db_session, london_today())
    pages.sign_out()
    pages.sign_in(make_user("manager"))  # only managers assign (tests/triage/test_assignment.py)
    officer_id = db_session.scalar(select(User.id).where(User.email == officer))
    act(pages, case, "assign", {"officer": str(officer_id)})
    assert refreshed(db_session, case).assigned_to_id == officer_id
    assert [to for to, _ in inbox] == [[officer]]


def test_staff_record_a_case_that_came_by_phone(pages, officer, db_session):
    data = {
        "channel": "phone",
        "kind": "complaint",
        **date_fields("received_on", london_today()),
        "safe_now": "yes",
        "told_by": "foster_carer",
        "words": "Her allowance has not been paid.",
    }
    page = pages.post("/staff/cases/new", data)
    case = db_session.scalar(select(Case))
    assert case.channel.value == "phone" and case.words == "Her allowance has not been paid."
    assert "tracking code" in pages.get(page.response.location).text()


def test_the_daily_digest_and_monthly_summary_commands_send_email(runner, db_session, make_user, inbox):
    email = make_user("complaints_officer")
    received_on = london_today() - timedelta(days=20)
    case = new_case(db_session, received_on)
    case.assigned_to_id = db_session.scalar(select(User.id).where(User.email == email))
    db_session.commit()
    result = runner.invoke(args=["digest"])
    assert "Sent 1 digest" in result.output
    ((to, message),) = inbox
    assert to == [email] and case.reference in message and "Overdue (1)" in message
    make_user("manager")
    # The month the case came in: twenty days ago may be last month.
    month = received_on.strftime("%Y-%m")
    result = runner.invoke(args=["monthly-summary", "--month", month])
    assert result.exit_code == 0, result.output
    assert "Received: 1" in inbox[-1][1] and case.words not in inbox[-1][1]


def test_looking_up_a_reference_finds_a_closed_case_too(pages, officer, db_session):
    case = new_case(db_session, london_today(), reference="TU-SHUT-22")
    case.status = CaseStatus.CLOSED
    db_session.commit()
    assert "TU-SHUT-22" not in pages.get("/staff/cases").text()
    assert "TU-SHUT-22" in pages.get("/staff/cases?q=TU-SHUT-22").text()


def test_every_status_filter_answers(pages, officer, db_session):
    new_case(db_session, london_today())
    for status in ("any", "open", "overdue", "paused", "closed", "stage_2", "nonsense"):
        assert pages.get(f"/staff/cases?status={status}").status == 200
    assert pages.client.get("/staff/cases.csv?status=any").status_code == 200
    assert pages.get("/staff/cases?after=9.9999-99-99.1&received_from=99&received_from=x").status == 200


JUNK = [
    "",
    "x" * 6000,
    "\x00\x01",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "😀" * 300,
    "-1",
    "99999999999999999999",
]


def test_every_action_page_passes_the_page_checks_and_junk_never_gets_a_500(pages, officer, db_session, lists):
    from portal.models import CaseStage
    from portal.triage.views import ACTIONS

    case = new_case(db_session, london_today() - timedelta(days=40))
    case.stages += [
        CaseStage(number=1, started_on=london_today() - timedelta(days=40), responded_on=london_today()),
        CaseStage(number=2, requested_on=london_today(), started_on=london_today()),
    ]
    case.status = CaseStatus.STAGE_2
    db_session.commit()
    for action in ACTIONS:
        page = pages.client.get(f"/staff/cases/{case.id}/{action}")
        assert page.status_code in ((403,) if action == "assign" else (200, 302)), action  # managers assign
        if page.status_code == 200:
            pages.get(f"/staff/cases/{case.id}/{action}")  # the page checks: one h1, labels, unique ids
        token = pages.csrf_token()
        for value in JUNK:
            fields = ("version", "officer", "days", "reason", "outcome", "summary", "message", "learning_id", "kind")
            data = {"csrf_token": token, **{name: value for name in fields}}
            data.update({f"{name}": [value, value, value] for name in ("started_on", "responded_on", "requested_on")})
            response = pages.client.post(f"/staff/cases/{case.id}/{action}", data=data)
            assert response.status_code < 500, f"{action} with {value[:10]!r}: {response.status_code}"
    assert pages.get("/staff/cases/new").status == 200


@pytest.mark.parametrize("probe", [1000, 1], ids=["rare word: id list", "common word: checked in queue order"])
def test_search_gives_the_same_cases_whichever_way_the_index_is_used(pages, officer, db_session, monkeypatch, probe):
    from portal.triage import queue

    monkeypatch.setattr(queue, "SEARCH_PROBE", probe)
    today = london_today()
    for number, words in enumerate(["placement moved again", "my placement is far", "pocket money late"]):
        new_case(db_session, today - timedelta(days=number), reference=f"TU-SRC{number + 2}-22", words=words)
    text = pages.get("/staff/cases?q=placements").text()  # stemmed: placements finds placement
    assert "TU-SRC2-22" in text and "TU-SRC3-22" in text and "TU-SRC4-22" not in text
    assert "No cases match" in pages.get("/staff/cases?q=zebra").text()


@pytest.mark.parametrize("size", [1, 25], ids=["a page each", "one page"])
def test_two_cases_due_the_same_day_come_in_the_order_they_were_received(app, db_session, size):
    from portal.triage import queue

    # Monday 30 November 2026: a case received on Friday 27th and one on Saturday 28th are both due on Tuesday 1st
    # (two working days). The Saturday one is recorded first, so its id is the lower.
    with time_machine.travel(datetime(2026, 11, 30, 9, tzinfo=LONDON), tick=False):
        saturday = new_case(db_session, date(2026, 11, 28), reference="TU-SATU-22")
        friday = new_case(db_session, date(2026, 11, 27), reference="TU-FRID-22")
        assert saturday.id < friday.id and saturday.queue_due_on == friday.queue_due_on
        found, cursor = [], None
        with app.app_context():
            while True:
                cases, cursor = queue.page_of_cases(queue.Filters(), date(2026, 11, 30), cursor, size=size)
                found += [case.reference for case in cases]
                if cursor is None:
                    break
    assert found == ["TU-FRID-22", "TU-SATU-22"]


@pytest.mark.parametrize("window", [500, 2], ids=["window fills the page", "window too small: index asked"])
def test_word_search_pages_hold_every_match_once_in_queue_order(app, db_session, monkeypatch, window):
    from portal.triage import queue

    monkeypatch.setattr(queue, "SEARCH_WINDOW", window)
    today = london_today()
    words = ["placement moved", "pocket money", "placement far away", "placement again", "dentist", "my placement"]
    for number, text in enumerate(words):
        new_case(db_session, today - timedelta(days=number), reference=f"TU-WIN{number + 2}-22", words=text)
    expected = [f"TU-WIN{number + 2}-22" for number, text in enumerate(words) if "placement" in text][::-1]
    found, cursor = [], None
    with app.app_context():
        while True:
            cases, cursor = queue.page_of_cases(queue.Filters(q="placement"), today, cursor, size=1)
            found += [case.reference for case in cases]
            if cursor is None:
                break
    assert found == expected
