"""Triage rules: opening a case (and logging the view), every action on it as an append-only event with what
changed, the statutory stage rules, optimistic locking, and who may see contact details."""

import dataclasses
import json
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from portal.auth.services import hash_password
from portal.db import get_session
from portal.models import (
    Case,
    CaseAccess,
    CaseKind,
    CaseLearning,
    CasePause,
    CaseStage,
    CaseStatus,
    Channel,
    ComplaintPoint,
    Outcome,
    QualityTheme,
    Role,
    SafeguardingReferral,
    ServiceArea,
    User,
    VersionPromise,
)
from portal.models.triage import CaseExport
from portal.published import promise_choices
from portal.tell_us.services import new_reference, new_tracking_code, normalise_code
from portal.triage import deadlines, notify, queue
from portal.triage.deadlines import LONGEST_DAYS, STANDARD_DAYS, london_today, request_window_closes

CASE_ROLES = (Role.COMPLAINTS_OFFICER, Role.MANAGER)
STAGED_KINDS = (CaseKind.COMPLAINT, CaseKind.REPRESENTATION)


class ActionRefused(Exception):
    """The action does not fit the case as it is now; the message says why, in GOV.UK error style."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


class StaleCase(Exception):
    """Someone else saved the case after this person opened it."""


class NotAllowed(Exception):
    """This person may not do this to this case, whatever the case's state (the views answer 403)."""


def now():
    return datetime.now(UTC)


# Seeing cases -------------------------------------------------------------------------------------------------------


def open_case(case_id, user, what="case page"):
    """The case for a member of staff, with the view written to the access log (who, when, which case, what).
    None if there is no such case."""
    db = get_session()
    case = db.get(Case, case_id)
    if case is None:
        return None
    db.add(CaseAccess(case_id=case.id, user_id=user.id, at=now(), what=what[:100]))
    db.commit()
    return case


def log_export(filters, today, user):
    """The access-log row for a CSV export of cases, committed before any row of it is sent."""
    # Counted first, not as the stream ends: the row is saved before the file starts, so an export is never missing
    # from the log (a download cut off, a worker killed mid-stream, a log write that fails and so sends nothing). A
    # case that arrives or changes while the file streams can make it differ from the count by that case.
    rows, contact_rows = queue.export_counts(filters, today, user)
    db = get_session()
    db.add(
        CaseExport(
            user_id=user.id,
            at=now(),
            filters=json.dumps(dataclasses.asdict(filters), default=str, sort_keys=True),
            rows=rows,
            contact_rows=contact_rows,
        )
    )
    db.commit()


def may_see_contact_details(user, case):
    """Contact details: the assigned officer and managers only."""
    return user.role == Role.MANAGER or (case.assigned_to_id is not None and case.assigned_to_id == user.id)


# Who handles a case decides who sees the contact details, so only managers choose it. An officer may take a case
# nobody has (giving a reason, and every manager is told), never one someone else holds.


def may_assign(user):
    """Managers assign and reassign cases."""
    return user.role == Role.MANAGER


def may_take(user, case):
    """A complaints officer may take an open case that nobody has yet."""
    return user.role == Role.COMPLAINTS_OFFICER and case.assigned_to_id is None and case.status != CaseStatus.CLOSED


def access_log(case):
    return get_session().scalars(select(CaseAccess).where(CaseAccess.case_id == case.id).order_by(CaseAccess.id)).all()


def case_officers():
    """Active accounts that may handle cases, by name."""
    return (
        get_session()
        .scalars(select(User).where(User.role.in_(CASE_ROLES), User.active.is_(True)).order_by(User.name))
        .all()
    )


def service_areas(active_only=True):
    query = select(ServiceArea).order_by(ServiceArea.name)
    if active_only:
        query = query.where(ServiceArea.active.is_(True))
    return get_session().scalars(query).all()


def themes(active_only=True):
    query = select(QualityTheme).order_by(QualityTheme.kind, QualityTheme.name)
    if active_only:
        query = query.where(QualityTheme.active.is_(True))
    return get_session().scalars(query).all()


# Saving -------------------------------------------------------------------------------------------------------------


def _text(value):
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return str(value)


def _set(obj, changes, **values):
    """Set attributes, noting each one that really changes as [before, after] in changes."""
    for name, value in values.items():
        before = getattr(obj, name)
        if before != value:
            changes[name] = [_text(before), _text(value)]
            setattr(obj, name, value)


def _record(case, user, kind, summary, changes=None, shared=False):
    case.changed_at = now()  # always an UPDATE of the case row, so its version moves on and races are caught
    case.add_event(kind, summary, by_user_id=user.id, changes=changes or None, shared_with_young_person=shared)


def check_version(case, version):
    """Raise StaleCase if the case has been saved since the officer opened the version they are saving over."""
    try:
        seen = int(version)
    except (TypeError, ValueError):
        raise StaleCase from None
    if seen != case.version:
        raise StaleCase


def _commit():
    db = get_session()
    try:
        db.commit()
    except StaleDataError:
        db.rollback()
        raise StaleCase from None


# Actions ------------------------------------------------------------------------------------------------------------


def acknowledge(case, user, acknowledged_on):
    if case.acknowledged_on is not None:
        raise ActionRefused("This case has already been acknowledged")
    changes = {}
    _set(case, changes, acknowledged_on=acknowledged_on)
    if case.status == CaseStatus.RECEIVED:
        _set(case, changes, status=CaseStatus.BEING_LOOKED_AT)
    _record(case, user, "acknowledged", f"Acknowledged on {acknowledged_on:%d %B %Y}.", changes)
    _commit()
    notify.tell_young_person(case)


def refer_to_safeguarding(case, user, referred_to, their_reference=None, notes=None):
    """A concern that a child may be at risk of harm: record the referral, take the case out of the complaints
    clock, and email the safeguarding inbox at once. Possible at any point."""
    referral = SafeguardingReferral(
        case=case,
        referred_by_id=user.id,
        referred_at=now(),
        referred_to=referred_to,
        their_reference=their_reference or None,
        notes=notes or None,
    )
    get_session().add(referral)
    changes = {}
    _set(case, changes, safeguarding=True, status=CaseStatus.SAFEGUARDING)
    _record(
        case,
        user,
        "safeguarding",
        f"Referred to safeguarding: {referred_to}"
        + (f" (their reference {their_reference})" if their_reference else ""),
        changes,
    )
    _commit()
    return notify.tell_safeguarding_inbox(case, referral)


def assign(case, user, officer_id):
    """A manager gives the case to an officer or manager (themselves included)."""
    if not may_assign(user):
        raise NotAllowed
    officer = get_session().get(User, officer_id)
    if officer is None or officer.role not in CASE_ROLES or not officer.active:
        raise ActionRefused("Choose a complaints officer or manager", "officer")
    if case.assigned_to_id == officer.id:
        raise ActionRefused(f"This case is already assigned to {officer.name}", "officer")
    before = case.assigned_to.name if case.assigned_to else None
    case.assigned_to = officer
    _record(case, user, "assigned", f"Assigned to {officer.name}.", {"assigned_to": [before, officer.name]})
    _commit()
    notify.tell_officer_of_assignment(case, officer)


def take(case, user, reason):
    """A complaints officer takes an unassigned case for themselves: the reason goes in the history, and every
    active manager is emailed."""
    if not may_take(user, case):
        raise NotAllowed
    case.assigned_to = user
    _record(case, user, "taken", f"Taken by {user.name}: {reason}", {"assigned_to": [None, user.name]})
    _commit()  # two officers taking at once: the second save is a StaleCase, never a silent overwrite
    notify.tell_managers_of_take(case, user)


def categorise(case, user, service_area_ids, theme_ids):
    db = get_session()
    areas = db.scalars(select(ServiceArea).where(ServiceArea.id.in_(service_area_ids or []))).all()
    chosen_themes = db.scalars(select(QualityTheme).where(QualityTheme.id.in_(theme_ids or []))).all()
    changes = {}
    before_areas, before_themes = sorted(a.name for a in case.service_areas), sorted(t.name for t in case.themes)
    case.service_areas = list(areas)
    case.themes = list(chosen_themes)
    if before_areas != sorted(a.name for a in areas):
        changes["service_areas"] = [", ".join(before_areas), ", ".join(sorted(a.name for a in areas))]
    if before_themes != sorted(t.name for t in chosen_themes):
        changes["themes"] = [", ".join(before_themes), ", ".join(sorted(t.name for t in chosen_themes))]
    _record(case, user, "categorised", "Service areas and themes set.", changes)
    _commit()


def promise_title(promise_id):
    """A promise's short title in the newest version that has it (it may have left the published Pledge since)."""
    if promise_id is None:
        return None
    return get_session().scalar(
        select(VersionPromise.title).where(VersionPromise.promise_id == promise_id).order_by(VersionPromise.id.desc())
    )


def link_promise(case, user, promise_id):
    """Link the case to the promise it is about, or unlink it (promise_id None). The annual report counts the
    complaints that cite each promise from this."""
    if promise_id is not None and promise_id not in {int(value) for value, _title in promise_choices()}:
        raise ActionRefused("Choose a promise from the published Pledge", "promise")
    if promise_id == case.promise_id:
        raise ActionRefused("The case already says that", "promise")
    before, after = promise_title(case.promise_id), promise_title(promise_id)
    case.promise_id = promise_id
    summary = f"Linked to the promise ‘{after}’." if after else f"No longer linked to the promise ‘{before}’."
    _record(case, user, "promise", summary, {"promise": [before, after]})
    _commit()


def _stage(case, number):
    return deadlines.stage(case, number)


def _require_open(case):
    if case.status == CaseStatus.CLOSED:
        raise ActionRefused("This case is closed")
    if case.status == CaseStatus.SAFEGUARDING:
        raise ActionRefused("This case went to safeguarding: it is out of the complaints procedure")


def start_stage_1(case, user, started_on):
    _require_open(case)
    if case.kind not in STAGED_KINDS:
        raise ActionRefused("Only complaints and representations go through the stages")
    if _stage(case, 1) is not None:
        raise ActionRefused("Stage 1 has already started")
    case.stages.append(CaseStage(number=1, started_on=started_on))
    changes = {}
    _set(case, changes, status=CaseStatus.STAGE_1)
    _record(case, user, "stage_1", f"Stage 1 started on {started_on:%d %B %Y}.", changes)
    _commit()
    notify.tell_young_person(case)


def current_stage(case):
    """The stage whose clock is running, or None."""
    for number in (3, 2, 1):
        found = _stage(case, number)
        if found is not None:
            return found if found.responded_on is None else None
    return None


def extend(case, user, days, reason):
    _require_open(case)
    stage_ = current_stage(case)
    if stage_ is None or stage_.number not in LONGEST_DAYS or stage_.started_on is None:
        raise ActionRefused("Only a running stage 1 or stage 2 can be extended")
    standard, longest = STANDARD_DAYS[stage_.number], LONGEST_DAYS[stage_.number]
    if not standard < days <= longest:
        raise ActionRefused(
            f"Stage {stage_.number} can be extended to between {standard + 1} and {longest} working days", "days"
        )
    changes = {}
    _set(stage_, changes, extended_to=days, extension_reason=reason)
    _record(case, user, "extended", f"Stage {stage_.number} extended to {days} working days: {reason}", changes)
    _commit()


def respond(case, user, responded_on, outcome, summary=None):
    """The stage 1 response, or the stage 2 adjudication."""
    _require_open(case)
    stage_ = current_stage(case)
    if stage_ is None or stage_.number == 3 or stage_.started_on is None:
        raise ActionRefused("There is no stage 1 or stage 2 waiting for a response")
    if responded_on < stage_.started_on:
        raise ActionRefused("The date of the response must be on or after the stage started", "responded_on")
    changes = {}
    _set(stage_, changes, responded_on=responded_on, outcome=Outcome(outcome), summary=summary or None)
    what = "Stage 1 response" if stage_.number == 1 else "Stage 2 adjudication"
    _record(
        case, user, f"stage_{stage_.number}_response", f"{what}: {Outcome(outcome).value.replace('_', ' ')}.", changes
    )
    _commit()
    notify.tell_young_person(case)


def request_next_stage(case, user, number, requested_on):
    """Stage 2 or 3 at the complainant's request. A request over 20 working days after the last response is
    flagged, never refused: the Ombudsman faults councils that refuse to escalate."""
    _require_open(case)
    previous = _stage(case, number - 1)
    if previous is None or previous.responded_on is None:
        raise ActionRefused(f"Stage {number - 1} has not had its response yet")
    if _stage(case, number) is not None:
        raise ActionRefused(f"Stage {number} has already been asked for")
    if requested_on < previous.responded_on:
        raise ActionRefused("The date they asked must be on or after the last response", "requested_on")
    window_closes = request_window_closes(previous.responded_on, deadlines.pause_ranges(case))
    late = window_closes is not None and requested_on > window_closes
    case.stages.append(CaseStage(number=number, requested_on=requested_on, late_request=late))
    changes = {}
    _set(case, changes, status=CaseStatus(f"stage_{number}"))
    summary = f"Stage {number} asked for on {requested_on:%d %B %Y}."
    if late:
        summary += f" Flagged: more than 20 working days after the response (by {window_closes:%d %B %Y}). Consider it."
    _record(case, user, f"stage_{number}_requested", summary, changes)
    _commit()
    notify.tell_young_person(case)
    return late


def start_stage_2(case, user, started_on, investigating_officer, independent_person):
    _require_open(case)
    two = _stage(case, 2)
    if two is None:
        raise ActionRefused("Stage 2 has not been asked for")
    if two.responded_on is not None:
        raise ActionRefused("Stage 2 has already been adjudicated")
    changes = {}
    _set(
        two,
        changes,
        started_on=started_on,
        investigating_officer=investigating_officer,
        independent_person=independent_person,
    )
    _record(case, user, "stage_2_started", f"Stage 2 statement of complaint agreed on {started_on:%d %B %Y}.", changes)
    _commit()


def add_point(case, user, summary, outcome=None):
    if _stage(case, 2) is None:
        raise ActionRefused("Complaint points belong to stage 2, which has not been asked for")
    point = ComplaintPoint(summary=summary, outcome=Outcome(outcome) if outcome else None)
    case.complaint_points.append(point)
    _record(
        case, user, "complaint_point", f"Complaint point: {summary}", {"outcome": [None, outcome]} if outcome else None
    )
    _commit()


def record_review_panel(case, user, panel_on=None, report_on=None, responded_on=None, outcome=None):
    _require_open(case)
    three = _stage(case, 3)
    if three is None:
        raise ActionRefused("Stage 3 has not been asked for")
    if responded_on and not outcome:
        raise ActionRefused("Choose the outcome of the council's response", "outcome")
    changes = {}
    values = {"panel_on": panel_on, "report_on": report_on, "responded_on": responded_on}
    _set(three, changes, **{name: value for name, value in values.items() if value is not None})
    if outcome:
        _set(three, changes, outcome=Outcome(outcome))
    if not changes:
        raise ActionRefused("Enter at least one date", "panel_on")
    _record(case, user, "stage_3", "Stage 3 review panel updated.", changes)
    _commit()
    notify.tell_young_person(case)


def record_ombudsman(case, user, referred_on, decided_on=None, decision=None, remedy=None):
    changes = {}
    _set(
        case,
        changes,
        ombudsman_referred_on=referred_on,
        ombudsman_decided_on=decided_on,
        ombudsman_decision=decision or None,
        ombudsman_remedy=remedy or None,
    )
    _record(case, user, "ombudsman", "Ombudsman details recorded.", changes)
    _commit()


def pause(case, user, reason_kind, reason, started_on):
    _require_open(case)
    if deadlines.is_paused(case):
        raise ActionRefused("This case is already paused")
    case.pauses.append(CasePause(reason_kind=reason_kind, reason=reason, started_on=started_on))
    _record(case, user, "paused", f"Paused from {started_on:%d %B %Y} ({reason_kind}): {reason}")
    _commit()
    notify.tell_young_person(case)


def resume(case, user, resumed_on):
    open_pause = next((p for p in case.pauses if p.ended_on is None), None)
    if open_pause is None:
        raise ActionRefused("This case is not paused")
    if resumed_on <= open_pause.started_on:
        raise ActionRefused("The clock must start again after the pause began", "resumed_on")
    changes = {}
    _set(open_pause, changes, ended_on=resumed_on - timedelta(days=1))
    _record(case, user, "resumed", f"Clock started again on {resumed_on:%d %B %Y}.", changes)
    _commit()
    notify.tell_young_person(case)


def record_advocacy(case, user, requested_on=None, referred_to=None, referred_on=None, provided_on=None):
    changes = {}
    _set(
        case,
        changes,
        advocacy_requested_on=requested_on,
        advocacy_referred_to=referred_to or None,
        advocacy_referred_on=referred_on,
        advocacy_provided_on=provided_on,
    )
    _record(case, user, "advocacy", "Advocacy recorded.", changes)
    _commit()


def add_learning(case, user, kind, words, owner=None, due_on=None, publish=False):
    item = CaseLearning(kind=kind, words=words, owner=owner or None, due_on=due_on, publish=bool(publish))
    case.learning.append(item)
    label = "Lesson learned" if kind == "lesson" else "Action"
    _record(case, user, "learning", f"{label}: {words}" + (" (to publish as ‘you said, we did’)" if publish else ""))
    _commit()


def mark_action_done(case, user, learning_id, done_on):
    item = next((i for i in case.learning if i.id == learning_id and i.kind == "action"), None)
    if item is None or item.done_on is not None:
        raise ActionRefused("Choose an action that is not done yet", "learning_id")
    changes = {}
    _set(item, changes, done_on=done_on)
    _record(case, user, "action_done", f"Action done: {item.words}", changes)
    _commit()


def share_message(case, user, message):
    _record(case, user, "message", message, shared=True)
    _commit()
    notify.tell_young_person(case)


def close(case, user, outcome, summary=None):
    if case.status == CaseStatus.CLOSED:
        raise ActionRefused("This case is already closed")
    changes = {}
    _set(case, changes, status=CaseStatus.CLOSED, outcome=Outcome(outcome), closed_on=london_today())
    _record(
        case,
        user,
        "closed",
        f"Closed: {Outcome(outcome).value.replace('_', ' ')}." + (f" {summary}" if summary else ""),
        changes,
    )
    _commit()
    notify.tell_young_person(case)


def record_case(
    user, channel, kind, received_on, safe_now, told_by, words, name=None, reply_email=None, reply_phone=None
):
    """A case that came by phone, letter or in person. Returns (case, tracking code): the code is shown once, to
    pass on to the young person, and only its hash is kept."""
    received_at = datetime.combine(received_on, datetime.min.time().replace(hour=12), deadlines.LONDON).astimezone(UTC)
    code = new_tracking_code()
    route = "email" if reply_email else ("phone" if reply_phone else "none")
    case = Case(
        reference=new_reference(),
        tracking_code_hash=hash_password(normalise_code(code)),
        kind=CaseKind(kind),
        channel=Channel(channel),
        received_at=received_at,
        acknowledge_by=received_on,  # worked out again from the stages before saving
        told_by=told_by,
        safe_now=safe_now,
        urgent=safe_now in ("no", "not_sure"),
        words=words,
        reply_route=route,
        reply_email=reply_email or None,
        reply_phone=reply_phone or None,
        name=name or None,
        status=CaseStatus.RECEIVED,
        changed_at=now(),
    )
    case.add_event(
        "received", f"Recorded by staff: came by {Channel(channel).value.replace('_', ' ')}.", by_user_id=user.id
    )
    if case.urgent:
        case.add_event(
            "urgent", "Marked urgent: they said they are not safe right now, or not sure.", by_user_id=user.id
        )
    db = get_session()
    while db.scalar(select(Case.id).where(Case.reference == case.reference)) is not None:
        case.reference = new_reference()
    db.add(case)
    db.commit()
    if case.urgent:
        notify.tell_duty_inbox(case)
    current_app.logger.info("Case %s recorded by staff", case.reference)
    return case, code


# Admin lists --------------------------------------------------------------------------------------------------------


def save_list_item(model, item, name, active, kind=None):
    db = get_session()
    clash = db.scalar(select(model.id).where(model.name == name))
    if clash is not None and (item is None or clash != item.id):
        raise ActionRefused(f"‘{name}’ is already on the list", "name")
    if item is None:
        item = model(name=name)
        db.add(item)
    item.name = name
    item.active = active
    if kind is not None:
        item.kind = kind
    db.commit()
    return item
