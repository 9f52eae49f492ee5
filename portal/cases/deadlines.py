"""Every deadline of a case, computed by one function from its stage records and pauses, and the denormalised
fields the queue sorts on, kept in step before every flush. The statutory timescales (working days) are here, once."""

from dataclasses import dataclass
from datetime import UTC, date

from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.clock import LONDON
from portal.models import Case, CasePause, CaseStage, CaseStatus, SafeguardingReferral
from portal.working_days import add_working_days, working_days_between

NO_DATE = date.max  # sorts after every real date in the queue

ACKNOWLEDGE = 2  # the council's own standard
STAGE_1, STAGE_1_LONGEST = 10, 20
STAGE_2_REQUEST = 20  # after the stage 1 response; later requests are flagged, never refused
STAGE_2, STAGE_2_LONGEST = 25, 65  # from the agreed statement of complaint
STAGE_3_REQUEST = 20  # after the stage 2 adjudication
PANEL_MEETS, PANEL_REPORTS, COUNCIL_RESPONDS = 30, 5, 15
STANDARD_DAYS = {1: STAGE_1, 2: STAGE_2}
LONGEST_DAYS = {1: STAGE_1_LONGEST, 2: STAGE_2_LONGEST}

# The queue's first sort key. A young person who said they are not safe (or not sure) and whose case nobody has
# acknowledged or sent to safeguarding yet comes before every other case, older urgent ones included.
RANK_UNSAFE_UNSEEN, RANK_URGENT, RANK_OPEN, RANK_CLOSED = 0, 1, 2, 3


@dataclass(frozen=True)
class Deadline:
    name: str
    due_on: date | None  # None while a pause lasts: the clock is stopped
    done_on: date | None = None

    def state(self, today):
        """done, late (done after the date), overdue, due, or paused."""
        if self.done_on is not None:
            return "late" if self.due_on is not None and self.done_on > self.due_on else "done"
        if self.due_on is None:
            return "paused"
        return "overdue" if self.due_on < today else "due"


def received_on(case):
    """The day the case came in, in London."""
    moment = case.received_at
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LONDON).date()


def pause_ranges(case):
    return [(pause.started_on, pause.ended_on) for pause in getattr(case, "pauses", None) or ()]


def stage(case, number):
    """The case's stage record with this number, or None if that stage has not been asked for."""
    return next((s for s in getattr(case, "stages", None) or () if s.number == number), None)


def stage_limit(stage_):
    return stage_.extended_to or STANDARD_DAYS[stage_.number]


def deadlines_for(case):
    """Every deadline of the case so far, in order: acknowledgement, then each stage's."""
    paused = pause_ranges(case)
    result = [Deadline("Acknowledge", add_working_days(received_on(case), ACKNOWLEDGE, paused), case.acknowledged_on)]
    one, two, three = stage(case, 1), stage(case, 2), stage(case, 3)
    if one is not None and one.started_on:
        result.append(
            Deadline("Stage 1 response", add_working_days(one.started_on, stage_limit(one), paused), one.responded_on)
        )
    if two is not None:
        # The 25 working days run from the agreed statement of complaint. Until it is agreed they are counted from
        # the request, so a request (from /track, or by phone) never sits in the queue with nothing due.
        two_starts = two.started_on or two.requested_on
        result.append(
            Deadline("Stage 2 adjudication", add_working_days(two_starts, stage_limit(two), paused), two.responded_on)
        )
    if three is not None and three.requested_on:
        panel_due = add_working_days(three.requested_on, PANEL_MEETS, paused)
        result.append(Deadline("Stage 3 panel meets", panel_due, three.panel_on))
        met = three.panel_on or panel_due
        report_due = add_working_days(met, PANEL_REPORTS, paused) if met else None
        result.append(Deadline("Stage 3 panel report", report_due, three.report_on))
        reported = three.report_on or report_due
        response_due = add_working_days(reported, COUNCIL_RESPONDS, paused) if reported else None
        result.append(Deadline("Stage 3 council response", response_due, three.responded_on))
    return result


def request_window_closes(responded_on, paused=()):
    """The last day to ask for the next stage without the request being flagged as late (20 working days)."""
    return add_working_days(responded_on, STAGE_2_REQUEST, paused)


def is_paused(case):
    """True while a pause has no end: the clock is stopped."""
    return any(last is None for _first, last in pause_ranges(case))


def out_of_the_clock(case):
    return case.status in (CaseStatus.CLOSED, CaseStatus.SAFEGUARDING) or case.safeguarding


def next_due(case, deadlines=None):
    """The earliest date still to be met, or None when closed, with safeguarding, paused, or nothing is due."""
    if out_of_the_clock(case):
        return None
    deadlines = deadlines_for(case) if deadlines is None else deadlines
    dates = [d.due_on for d in deadlines if d.done_on is None and d.due_on is not None]
    return min(dates) if dates else None


def unsafe_and_not_yet_seen(case):
    """They said they are not safe right now (or not sure), and nobody has acknowledged the case or sent it to
    safeguarding yet. Opening the case page is not enough: only an action someone answers for takes it off the top."""
    return (
        bool(case.urgent)
        and case.acknowledged_on is None
        and not case.safeguarding
        and case.status not in (CaseStatus.CLOSED, CaseStatus.SAFEGUARDING)
    )


def queue_rank(case):
    if case.status == CaseStatus.CLOSED:
        return RANK_CLOSED
    if unsafe_and_not_yet_seen(case):
        return RANK_UNSAFE_UNSEEN
    if case.urgent and not case.safeguarding:
        return RANK_URGENT
    return RANK_OPEN


def refresh_case(case):
    """Work out the case's stored deadline fields again (called before every flush of a case)."""
    deadlines = deadlines_for(case)
    case.next_due_on = next_due(case, deadlines)
    case.queue_rank = queue_rank(case)
    # Closed cases sort by the day they closed: one shared far-off date for all of them would make a keyset page
    # deep among a million closed cases scan every closed case before it.
    closed_on = case.closed_on if case.status == CaseStatus.CLOSED else None
    case.queue_due_on = case.next_due_on or closed_on or NO_DATE
    if deadlines[0].due_on is not None:
        case.acknowledge_by = deadlines[0].due_on
    # What /track tells the young person: the reply date of the stage they are in, if the clock is running.
    current = {
        CaseStatus.STAGE_1: "Stage 1 response",
        CaseStatus.STAGE_2: "Stage 2 adjudication",
        CaseStatus.STAGE_3: "Stage 3 council response",
    }.get(case.status)
    due = next((d for d in deadlines if d.name == current and d.done_on is None), None)
    case.reply_by = due.due_on if due else None
    record_stage_timeliness(case, deadlines)


RESPONSE_DEADLINES = {1: "Stage 1 response", 2: "Stage 2 adjudication", 3: "Stage 3 council response"}


def stage_clock_start(stage_):
    """The day a stage's clock starts: stage 1 and 2 when started (2: the agreed statement), stage 3 when asked."""
    return stage_.requested_on if stage_.number == 3 else stage_.started_on


def record_stage_timeliness(case, deadlines):
    """Store each stage's due date and, once responded, the working days it took (paused days not counted), so
    the annual report can count timeliness and medians in SQL rather than with a calendar per case."""
    due_by_name = {d.name: d.due_on for d in deadlines}
    paused = pause_ranges(case)
    for stage_ in getattr(case, "stages", None) or ():
        due_on = due_by_name.get(RESPONSE_DEADLINES.get(stage_.number))
        start = stage_clock_start(stage_)
        taken = working_days_between(start, stage_.responded_on, paused) if start and stage_.responded_on else None
        if stage_.due_on != due_on:
            stage_.due_on = due_on
        if stage_.working_days_taken != taken:
            stage_.working_days_taken = taken


@event.listens_for(Session, "before_flush")
def _keep_deadlines_in_step(session, _context, _instances):
    """Every case being saved gets its deadlines and queue position worked out again from its stages and pauses,
    so the stored next_due_on can never drift from the records it comes from. Registered here, by importing
    portal.cases (every area that saves cases does), so the models import nothing above them."""
    touched = set()
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Case):
            touched.add(obj)
        elif isinstance(obj, CaseStage | CasePause | SafeguardingReferral) and obj.case is not None:
            touched.add(obj.case)
    with session.no_autoflush:
        for case in touched:
            if case not in session.deleted:
                refresh_case(case)
