"""The stage rules, once: what may happen to a case as it is now. Each check raises ActionRefused saying why not
(in GOV.UK error style) and otherwise returns the record it found; triage's action table asks allows() to decide
what to offer, and triage's services call the same check before changing anything."""

from portal.cases.deadlines import LONGEST_DAYS, is_paused, stage
from portal.cases.labels import OUTCOME_LABELS
from portal.models import CaseKind, CaseStatus, Outcome, Role

STAGED_KINDS = (CaseKind.COMPLAINT, CaseKind.REPRESENTATION)
CASE_ROLES = (Role.COMPLAINTS_OFFICER, Role.MANAGER)  # who handles cases


class ActionRefused(Exception):
    """The action does not fit the case as it is now; the message says why, in GOV.UK error style."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


def allows(check, case, *args):
    """True if check(case, *args) finds nothing against it."""
    try:
        check(case, *args)
    except ActionRefused:
        return False
    return True


def goes_through_stages(case):
    """Complaints and representations go through the statutory stages (and may go to the Ombudsman)."""
    return case.kind in STAGED_KINDS


def current_stage(case):
    """The stage whose clock is running, or None."""
    for number in (3, 2, 1):
        found = stage(case, number)
        if found is not None:
            return found if found.responded_on is None else None
    return None


def check_open(case):
    """Refuse a case that is closed or went to safeguarding: it is out of the complaints procedure."""
    if case.status == CaseStatus.CLOSED:
        raise ActionRefused("This case is closed")
    if case.status == CaseStatus.SAFEGUARDING:
        raise ActionRefused("This case went to safeguarding: it is out of the complaints procedure")


def check_acknowledge(case):
    if case.acknowledged_on is not None:
        raise ActionRefused("This case has already been acknowledged")
    if case.status == CaseStatus.CLOSED:
        raise ActionRefused("This case is closed")


def check_assign(case):
    """Who handles a case may change until it is closed; a closed case keeps the officer it had."""
    if case.status == CaseStatus.CLOSED:
        raise ActionRefused("This case is closed")


def check_start_stage_1(case):
    check_open(case)
    if not goes_through_stages(case):
        raise ActionRefused("Only complaints and representations go through the stages")
    if stage(case, 1) is not None:
        raise ActionRefused("Stage 1 has already started")


def check_extend(case):
    """Returns the running stage 1 or 2 that may be extended."""
    check_open(case)
    running = current_stage(case)
    if running is None or running.number not in LONGEST_DAYS or running.started_on is None:
        raise ActionRefused("Only a running stage 1 or stage 2 can be extended")
    return running


def check_respond(case):
    """Returns the started stage 1 or 2 waiting for its response or adjudication."""
    check_open(case)
    running = current_stage(case)
    if running is None or running.number == 3 or running.started_on is None:
        raise ActionRefused("There is no stage 1 or stage 2 waiting for a response")
    return running


def check_request_stage(case, number):
    """Stage 2 or 3 may be asked for once the stage before has its response, even if the case was closed with that
    answer: asking opens it again (the young person has that right, and a late request is flagged, never refused).
    Returns that stage before."""
    if case.status != CaseStatus.CLOSED:
        check_open(case)
    previous = stage(case, number - 1)
    if previous is None or previous.responded_on is None:
        raise ActionRefused(f"Stage {number - 1} has not had its response yet")
    if stage(case, number) is not None:
        raise ActionRefused(f"Stage {number} has already been asked for")
    return previous


def check_start_stage_2(case):
    """Returns stage 2, asked for and not yet adjudicated."""
    check_open(case)
    two = stage(case, 2)
    if two is None:
        raise ActionRefused("Stage 2 has not been asked for")
    if two.responded_on is not None:
        raise ActionRefused("Stage 2 has already been adjudicated")
    return two


def check_add_point(case):
    if stage(case, 2) is None:
        raise ActionRefused("Complaint points belong to stage 2, which has not been asked for")


def check_review_panel(case):
    """Returns stage 3, once asked for."""
    check_open(case)
    three = stage(case, 3)
    if three is None:
        raise ActionRefused("Stage 3 has not been asked for")
    return three


def check_pause(case):
    check_open(case)
    if is_paused(case):
        raise ActionRefused("This case is already paused")


def check_resume(case):
    """Returns the pause still running."""
    running = running_pause(case)
    if running is None:
        raise ActionRefused("This case is not paused")
    return running


# Before a stage has its answer there is nothing yet to uphold or not, so a complaint or representation can be closed
# then only because the person withdrew it or it was sorted out without one ("Getting the Best from Complaints": a
# complainant may withdraw at any point; a council may not end a stage by itself without answering it).
CLOSING_WITHOUT_AN_ANSWER = (Outcome.WITHDRAWN, Outcome.RESOLVED)


def stage_waiting_for_its_answer(case):
    """For a complaint or representation with no answer yet at the stage it is at, that stage's number (1 before
    stage 1 starts too); otherwise None. Suggestions and compliments have no stages, so never wait."""
    if not goes_through_stages(case):
        return None
    latest = max(getattr(case, "stages", None) or (), key=lambda s: s.number, default=None)
    if latest is None:
        return 1
    return latest.number if latest.responded_on is None else None


def closing_outcomes(case):
    """The outcomes this case may be closed with now, in the order the close form offers them."""
    if stage_waiting_for_its_answer(case) is not None:
        return CLOSING_WITHOUT_AN_ANSWER
    return tuple(OUTCOME_LABELS)


def running_pause(case):
    return next((p for p in getattr(case, "pauses", None) or () if p.ended_on is None), None)


def check_close(case, outcome=None):
    """A case may be closed at any point that is not closed already; with an outcome, only one closing_outcomes
    allows. Returns the pause still running, which closing ends (a closed case has no clock to stop), or None."""
    if case.status == CaseStatus.CLOSED:
        raise ActionRefused("This case is already closed")
    if outcome is not None:
        if outcome not in {o.value for o in Outcome}:
            raise ActionRefused("Choose the outcome", "outcome")
        if Outcome(outcome) not in closing_outcomes(case):
            number = stage_waiting_for_its_answer(case)
            answer = "adjudication" if number == 2 else "response"
            raise ActionRefused(
                f"Choose withdrawn or resolved: there is no stage {number} {answer} yet. To close it as upheld, partly "
                f"upheld or not upheld, record the stage {number} {answer} first",
                "outcome",
            )
    return running_pause(case)
