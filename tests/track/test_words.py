"""/track's words in every state a case can be in: each reads as a heading, one plain true sentence about now, and
one about what happens next, shown on the page itself (not only returned by the function)."""

from datetime import date

import pytest
import time_machine

from portal.cases.status import stage_2_offer
from portal.clock import london_today
from portal.models import CaseStage, CaseStatus, Outcome
from portal.models.triage import CasePause
from tests.tell_us.test_reading_age import MAX_GRADE, grade, readable_text
from tests.triage.conftest import new_case

CODE = "ABCD-EFGH-JKMN"
PHONE = "020 7946 0000"  # the default CONTACT_PHONE
RECEIVED = date(2026, 3, 2)  # a Monday


def answered(number, on):
    return CaseStage(number=number, requested_on=on, started_on=on, responded_on=on)


def received(case):
    pass


def being_looked_at(case):
    case.status, case.acknowledged_on = CaseStatus.BEING_LOOKED_AT, date(2026, 3, 3)


def stage_1(case):
    case.acknowledged_on = date(2026, 3, 3)
    case.stages.append(CaseStage(number=1, started_on=date(2026, 3, 3)))
    case.status = CaseStatus.STAGE_1


def stage_1_answered(case):
    case.acknowledged_on = date(2026, 3, 3)
    case.stages.append(answered(1, date(2026, 3, 13)))
    case.status = CaseStatus.STAGE_1


def stage_2_asked(case):
    stage_1_answered(case)
    case.stages.append(CaseStage(number=2, requested_on=date(2026, 3, 16)))
    case.status = CaseStatus.STAGE_2


def stage_2(case):
    stage_2_asked(case)
    case.stages[1].started_on = date(2026, 3, 18)


def stage_2_answered(case):
    stage_2_asked(case)
    case.stages[1].started_on, case.stages[1].responded_on = date(2026, 3, 18), date(2026, 4, 1)


def stage_3(case):
    stage_2_answered(case)
    case.stages.append(CaseStage(number=3, requested_on=date(2026, 4, 7)))
    case.status = CaseStatus.STAGE_3


def stage_3_answered(case):
    stage_3(case)
    case.stages[2].panel_on, case.stages[2].report_on = date(2026, 4, 20), date(2026, 4, 22)
    case.stages[2].responded_on = date(2026, 5, 1)


def paused(case):
    stage_1(case)
    case.pauses.append(CasePause(reason_kind="court", reason="Court", started_on=date(2026, 3, 4)))


def safeguarding(case):
    being_looked_at(case)
    case.status, case.safeguarding = CaseStatus.SAFEGUARDING, True


def closed(outcome):
    def close(case):
        stage_1_answered(case)
        case.stages[0].outcome = outcome
        case.status, case.outcome, case.closed_on = CaseStatus.CLOSED, outcome, date(2026, 3, 20)

    return close


STATES = [
    (received, "We have your message", "Someone will start to look at it by Wednesday 4 March 2026.",
     "You do not need to do anything now."),
    (being_looked_at, "Someone is looking at it", "A member of staff is reading what you told us.",
     "We will tell you what happens next."),
    (stage_1, "We are working on it", "Someone is working to sort it out with you.",
     "We will send you our answer by Tuesday 17 March 2026."),
    (stage_1_answered, "We have sent you our answer", "We sent it on Friday 13 March 2026.", stage_2_offer()),
    (stage_2_asked, "Stage 2 has started", "You asked us to look again, so someone new will look at it.",
     "First they will agree with you what to look at."),
    (stage_2, "We are working on it", "Someone new is looking at it again, in more detail.",
     "We will send you our answer by Friday 24 April 2026."),
    (stage_2_answered, "We have sent you our answer", "We sent it on Wednesday 1 April 2026.",
     f"If you are still not happy, you can ask for a panel to look at it. Call us on {PHONE} by Friday 1 May 2026."),
    (stage_3, "We are working on it", "A panel of three people is looking at it again.",
     "We will send you our answer by Thursday 18 June 2026."),
    (stage_3_answered, "We have sent you our answer", "We sent it on Friday 1 May 2026.",
     "If you are still not happy, you can ask the Ombudsman to look at it. They do not work for us."),
    (paused, "We have stopped for a while", "We have to wait for something else to finish first.",
     "We will start again after that. You do not need to do anything."),
    (safeguarding, "We are helping to keep you safe", "We have asked the team that keeps children safe to help.",
     "They may get in touch with you. If you are in danger now, call 999."),
    # Closed with its stage 1 answer: stage 2 may still be asked for, so /track says what the answer was and offers it.
    (closed(Outcome.UPHELD), "We have sent you our answer", "We sent it on Friday 13 March 2026.",
     "We agreed with you."),
    (closed(Outcome.PARTLY_UPHELD), "We have sent you our answer", "We sent it on Friday 13 March 2026.",
     "We agreed with some of what you said."),
    (closed(Outcome.NOT_UPHELD), "We have sent you our answer", "We sent it on Friday 13 March 2026.",
     "We did not agree with you this time. Our answer says why."),
    (closed(Outcome.RESOLVED), "We have finished", "We have done what we can with what you told us.",
     "If something is still wrong, you can tell us again."),
    (closed(Outcome.WITHDRAWN), "We have finished", "You asked us to stop, so we did.",
     "You can tell us again at any time."),
    (closed(None), "We have finished", "We have finished looking at this.",
     "If something is still wrong, you can tell us again."),
]  # fmt: skip


def test_every_status_and_outcome_has_a_state_here():
    built = [state[0].__name__ for state in STATES]
    for status in CaseStatus:
        assert any(name.startswith(status.value) for name in built) or status == CaseStatus.CLOSED, status
    assert len([state for state in STATES if state[0].__name__ == "close"]) == len(Outcome) + 1


@pytest.mark.parametrize(
    ("make_state", "heading", "now", "next_step"),
    STATES,
    ids=[s[0].__name__ if s[0].__name__ != "close" else f"closed: {s[2][:14]}, {s[3][:24]}" for s in STATES],
)
def test_track_says_where_the_case_is_and_what_happens_next(
    app, pages, db_session, make_state, heading, now, next_step
):
    from portal.cases.references import hash_tracking_code

    with time_machine.travel(date(2026, 3, 2), tick=False):
        case = new_case(db_session, RECEIVED, reference="TU-WORD-22")
        with app.app_context():
            case.tracking_code_hash = hash_tracking_code(CODE)
        make_state(case)
        db_session.commit()
        pages.post("/track", {"reference": "TU-WORD-22", "code": CODE}, 303)
        page = pages.get("/track/message")
    main = page.html.find("main")
    status = main.find("h2")
    assert status.get_text(strip=True) == heading
    said = [" ".join(p.get_text().split()) for p in status.find_next_siblings("p", limit=2)]
    assert said == [now, next_step]
    assert grade(page) <= MAX_GRADE, readable_text(page)


def test_lost_your_code_gives_the_councils_number_from_configuration(app, pages):
    app.config["CONTACT_PHONE"] = "020 8359 4000"
    text = pages.get("/track").text()
    assert "Lost your code? Call us on 020 8359 4000" in text
    assert pages.get("/track").html.find("a", href="tel:02083594000")


def test_a_messages_date_is_on_its_own_line_above_its_words(app, pages, db_session):
    from portal.cases.references import hash_tracking_code

    case = new_case(db_session, RECEIVED, reference="TU-WORD-22")
    with app.app_context():
        case.tracking_code_hash = hash_tracking_code(CODE)
    case.add_event("message", "We have found you an advocate.", shared_with_young_person=True)
    db_session.commit()
    pages.post("/track", {"reference": "TU-WORD-22", "code": CODE}, 303)
    message = pages.get("/track/message").html.select_one("main li")
    date_line, words = message.find_all("p")
    assert (
        date_line.get_text(strip=True).endswith(str(london_today().year))
        and words.get_text(strip=True) == "We have found you an advocate."
    )
