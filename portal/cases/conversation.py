"""The young person's side of a case after they send it: a reply or something they forgot, and a request for the next
stage. Each goes on the case's history in their own words, marks the case "young person replied" until whoever
handles it opens it, and tells them. Staff record a stage request through the same record_stage_request, so a
request from /track is the event triage records, with the same deadlines."""

from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from portal.cases import rules
from portal.cases.alerts import tell_whoever_handles
from portal.cases.deadlines import pause_ranges, request_window_closes
from portal.cases.history import record_event, record_their_words, set_noting_changes
from portal.cases.rules import ActionRefused
from portal.clock import london_today, now
from portal.db import get_session
from portal.models import CaseEvent, CaseStage, CaseStatus


class AlreadySaved(Exception):
    """The same form was sent twice (a double tap): the first one counts."""


class CaseChanged(Exception):
    """Someone saved the case while this was being saved: nothing was saved, and it can be sent again."""


def record_stage_request(case, number, requested_on, user=None, words=None, submission_key=None):
    """Stage 2 or 3 asked for on requested_on, by a member of staff (user) or by the young person on /track (user
    None, with their words if they gave any). A request over 20 working days after the last response is flagged,
    never refused: the Ombudsman faults councils that refuse to escalate. A case closed with that response opens
    again. Returns True if the request was late. The caller commits."""
    previous = rules.check_request_stage(case, number)
    if requested_on < previous.responded_on:
        raise ActionRefused("The date they asked must be on or after the last response", "requested_on")
    window_closes = request_window_closes(previous.responded_on, pause_ranges(case))
    late = requested_on > window_closes
    case.stages.append(CaseStage(number=number, requested_on=requested_on, late_request=late))
    changes = {}
    set_noting_changes(case, changes, status=CaseStatus(f"stage_{number}"), closed_on=None, outcome=None)
    by = " by the young person, on /track," if user is None else ""
    summary = f"Stage {number} asked for{by} on {requested_on:%d %B %Y}."
    if late:
        summary += f" Flagged: more than 20 working days after the response (by {window_closes:%d %B %Y}). Consider it."
    if words:
        summary += " They also said what they are still not happy about (their own words, from /track)."
    record_event(case, user, f"stage_{number}_requested", summary, changes, submission_key=submission_key)
    if words:
        record_their_words(case, words)
    return late


def add_words(case, words, submission_key):
    """A reply, or something they forgot, from the young person on /track. Raises AlreadySaved for a double tap."""
    with _saved_once(submission_key):
        record_their_words(case, words, submission_key)
        _mark_replied_and_tell(case, "wrote to you")


def ask_for_stage_2(case, words, wants_advocate, submission_key):
    """The young person asks for stage 2 on /track, optionally saying what they are still unhappy about and asking
    for an advocate (the s.26A duty), recorded as triage records it. Returns True if the request was late. Raises
    ActionRefused if stage 2 cannot be asked for, and AlreadySaved for a double tap."""
    today = london_today()
    with _saved_once(submission_key):
        late = record_stage_request(case, 2, today, words=words or None, submission_key=submission_key)
        if wants_advocate and case.advocacy_requested_on is None:
            changes = {}
            set_noting_changes(case, changes, advocacy_requested_on=today)
            record_event(case, None, "advocacy", "They asked for an advocate to help with stage 2.", changes)
        _mark_replied_and_tell(case, "asked for stage 2" + (" (late: flagged)" if late else ""))
    return late


def may_offer_an_advocate(case):
    """They did not ask for an advocate when they told us, and nobody has asked for one since."""
    return case.advocate_wanted != "yes" and case.advocacy_requested_on is None


def seen_by(case, user):
    """Opening the case page takes "young person replied" off: the assigned officer, or while nobody is assigned,
    anyone who handles cases. The caller commits."""
    if case.young_person_replied_at is None or user.role not in rules.CASE_ROLES:
        return
    if case.assigned_to_id in (None, user.id):
        case.young_person_replied_at = None


def _mark_replied_and_tell(case, what):
    case.young_person_replied_at = now()
    tell_whoever_handles(case, what)


@contextmanager
def _saved_once(submission_key):
    """Save what the block adds, once. The same form sent again (a double tap, perhaps to another worker) meets the
    unique submission key, or finds the case already changed by the first: AlreadySaved. The case changed by someone
    else: CaseChanged, and nothing is saved. Either can surface at the commit or at an earlier autoflush."""
    db = get_session()
    try:
        yield
        db.commit()
    except (IntegrityError, StaleDataError):
        db.rollback()
        if db.scalar(select(CaseEvent.id).where(CaseEvent.submission_key == submission_key)) is None:
            raise CaseChanged from None
        raise AlreadySaved from None
