"""The stage rules for closing a case, on cases built in memory: what it may be closed with, and the pause it ends."""

from datetime import date

import pytest

from portal.cases import rules
from portal.models import Case, CaseKind, CasePause, CaseStage, CaseStatus, Outcome

EVERY_OUTCOME = tuple(Outcome)
WITHDRAWN_OR_RESOLVED = (Outcome.WITHDRAWN, Outcome.RESOLVED)


def case(kind=CaseKind.COMPLAINT, status=CaseStatus.RECEIVED, stages=(), pauses=()):
    return Case(kind=kind, status=status, stages=list(stages), pauses=list(pauses))


def answered(number):
    return CaseStage(number=number, started_on=date(2026, 3, 2), responded_on=date(2026, 3, 9), outcome=Outcome.UPHELD)


CASES = {
    "complaint just received": (case(), 1, WITHDRAWN_OR_RESOLVED),
    "representation acknowledged": (
        case(CaseKind.REPRESENTATION, CaseStatus.BEING_LOOKED_AT),
        1,
        WITHDRAWN_OR_RESOLVED,
    ),
    "stage 1 running": (
        case(status=CaseStatus.STAGE_1, stages=[CaseStage(number=1, started_on=date(2026, 3, 2))]),
        1,
        WITHDRAWN_OR_RESOLVED,
    ),
    "stage 1 answered": (case(status=CaseStatus.STAGE_1, stages=[answered(1)]), None, EVERY_OUTCOME),
    "stage 2 asked for": (
        case(status=CaseStatus.STAGE_2, stages=[answered(1), CaseStage(number=2, requested_on=date(2026, 3, 10))]),
        2,
        WITHDRAWN_OR_RESOLVED,
    ),
    "stage 2 adjudicated": (case(status=CaseStatus.STAGE_2, stages=[answered(1), answered(2)]), None, EVERY_OUTCOME),
    "stage 3 asked for": (
        case(
            status=CaseStatus.STAGE_3,
            stages=[answered(1), answered(2), CaseStage(number=3, requested_on=date(2026, 4, 1))],
        ),
        3,
        WITHDRAWN_OR_RESOLVED,
    ),
    "sent to safeguarding before stage 1": (case(status=CaseStatus.SAFEGUARDING), 1, WITHDRAWN_OR_RESOLVED),
    "suggestion": (case(CaseKind.SUGGESTION), None, EVERY_OUTCOME),
    "compliment": (case(CaseKind.COMPLIMENT), None, EVERY_OUTCOME),
}


@pytest.mark.parametrize(("the_case", "waiting", "allowed"), CASES.values(), ids=CASES.keys())
def test_a_case_waiting_for_a_stage_answer_closes_only_as_withdrawn_or_resolved(the_case, waiting, allowed):
    assert rules.stage_waiting_for_its_answer(the_case) == waiting
    assert set(rules.closing_outcomes(the_case)) == set(allowed)
    for outcome in Outcome:
        if outcome in allowed:
            assert rules.check_close(the_case, outcome.value) is None
        else:
            with pytest.raises(rules.ActionRefused) as refused:
                rules.check_close(the_case, outcome.value)
            assert refused.value.field == "outcome"
            assert str(refused.value).startswith("Choose withdrawn or resolved: ")
            assert f"there is no stage {waiting} " in str(refused.value)


def test_the_refusal_names_the_answer_the_stage_is_waiting_for():
    def refusal(the_case):
        with pytest.raises(rules.ActionRefused) as refused:
            rules.check_close(the_case, "upheld")
        return str(refused.value)

    assert refusal(CASES["stage 1 running"][0]) == (
        "Choose withdrawn or resolved: there is no stage 1 response yet. To close it as upheld, partly upheld or not "
        "upheld, record the stage 1 response first"
    )
    assert "there is no stage 2 adjudication yet" in refusal(CASES["stage 2 asked for"][0])


def test_an_outcome_that_is_not_one_is_refused_with_a_message_not_an_error():
    with pytest.raises(rules.ActionRefused, match="^Choose the outcome$"):
        rules.check_close(case(CaseKind.SUGGESTION), "'; DROP TABLE cases; --")


def test_closing_finds_the_running_pause_it_will_end():
    ended = CasePause(
        reason_kind="court", reason="Care proceedings", started_on=date(2026, 1, 5), ended_on=date(2026, 2, 1)
    )
    running = CasePause(reason_kind="police", reason="Police investigation", started_on=date(2026, 3, 2))
    assert rules.check_close(case(pauses=[ended, running]), "withdrawn") is running
    assert rules.check_close(case(pauses=[ended]), "withdrawn") is None
    assert rules.check_close(case()) is None  # the action table's question: may it be closed at all?


def test_a_closed_case_cannot_be_closed_again():
    with pytest.raises(rules.ActionRefused, match="already closed"):
        rules.check_close(case(status=CaseStatus.CLOSED))
    assert not rules.allows(rules.check_close, case(status=CaseStatus.CLOSED))
