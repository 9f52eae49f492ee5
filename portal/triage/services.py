"""Triage: opening a case (and logging the view), every action on it as an append-only event with what changed
(the stage rules themselves are portal.cases.rules), optimistic locking, and who may see contact details."""

import dataclasses
import json
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from portal.cases import rules
from portal.cases.alerts import alert_duty_team
from portal.cases.conversation import record_stage_request, seen_by
from portal.cases.deadlines import LONGEST_DAYS, STANDARD_DAYS
from portal.cases.history import record_event, set_noting_changes
from portal.cases.labels import OUTCOME_LABELS, PAUSE_REASONS
from portal.cases.recording import save_new_case
from portal.cases.references import hash_tracking_code, new_tracking_code
from portal.cases.rules import ActionRefused
from portal.clock import LONDON, london_today, now
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
from portal.triage import notify, queue


class StaleCase(Exception):
    """Someone else saved the case after this person opened it."""


class NotAllowed(Exception):
    """This person may not do this to this case, whatever the case's state (the views answer 403)."""


# Seeing cases -------------------------------------------------------------------------------------------------------


def open_case(case_id, user, what="case page"):
    """The case for a member of staff, with the view written to the access log (who, when, which case, what).
    None if there is no such case."""
    db = get_session()
    case = db.get(Case, case_id)
    if case is None:
        return None
    db.add(CaseAccess(case_id=case.id, user_id=user.id, at=now(), what=what[:100]))
    seen_by(case, user)
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
    return (
        user.role == Role.COMPLAINTS_OFFICER and case.assigned_to_id is None and rules.allows(rules.check_assign, case)
    )


def access_log(case):
    return get_session().scalars(select(CaseAccess).where(CaseAccess.case_id == case.id).order_by(CaseAccess.id)).all()


def case_officers():
    """Active accounts that may handle cases, by name."""
    return (
        get_session()
        .scalars(select(User).where(User.role.in_(rules.CASE_ROLES), User.active.is_(True)).order_by(User.name))
        .all()
    )


# Saving -------------------------------------------------------------------------------------------------------------


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
    rules.check_acknowledge(case)
    changes = {}
    set_noting_changes(case, changes, acknowledged_on=acknowledged_on)
    if case.status == CaseStatus.RECEIVED:
        set_noting_changes(case, changes, status=CaseStatus.BEING_LOOKED_AT)
    record_event(case, user, "acknowledged", f"Acknowledged on {acknowledged_on:%d %B %Y}.", changes)
    notify.tell_young_person(case)
    _commit()


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
    set_noting_changes(case, changes, safeguarding=True, status=CaseStatus.SAFEGUARDING)
    record_event(
        case,
        user,
        "safeguarding",
        f"Referred to safeguarding: {referred_to}"
        + (f" (their reference {their_reference})" if their_reference else ""),
        changes,
    )
    notify.tell_safeguarding_inbox(case, referral)
    _commit()


def assign(case, user, officer_id):
    """A manager gives the case to an officer or manager (themselves included)."""
    if not may_assign(user):
        raise NotAllowed
    rules.check_assign(case)
    officer = get_session().get(User, officer_id)
    if officer is None or officer.role not in rules.CASE_ROLES or not officer.active:
        raise ActionRefused("Choose a complaints officer or manager", "officer")
    if case.assigned_to_id == officer.id:
        raise ActionRefused(f"This case is already assigned to {officer.name}", "officer")
    before = case.assigned_to.name if case.assigned_to else None
    case.assigned_to = officer
    record_event(case, user, "assigned", f"Assigned to {officer.name}.", {"assigned_to": [before, officer.name]})
    notify.tell_officer_of_assignment(case, officer)
    _commit()


def take(case, user, reason):
    """A complaints officer takes an unassigned case for themselves: the reason goes in the history, and every
    active manager is emailed."""
    if not may_take(user, case):
        raise NotAllowed
    case.assigned_to = user
    record_event(case, user, "taken", f"Taken by {user.name}: {reason}", {"assigned_to": [None, user.name]})
    notify.tell_managers_of_take(case, user)
    _commit()  # two officers taking at once: the second save is a StaleCase, never a silent overwrite


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
    record_event(case, user, "categorised", "Service areas and themes set.", changes)
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
    record_event(case, user, "promise", summary, {"promise": [before, after]})
    _commit()


def start_stage_1(case, user, started_on):
    rules.check_start_stage_1(case)
    case.stages.append(CaseStage(number=1, started_on=started_on))
    changes = {}
    set_noting_changes(case, changes, status=CaseStatus.STAGE_1)
    record_event(case, user, "stage_1", f"Stage 1 started on {started_on:%d %B %Y}.", changes)
    notify.tell_young_person(case)
    _commit()


def extend(case, user, days, reason):
    stage_ = rules.check_extend(case)
    standard, longest = STANDARD_DAYS[stage_.number], LONGEST_DAYS[stage_.number]
    if not standard < days <= longest:
        raise ActionRefused(
            f"Stage {stage_.number} can be extended to between {standard + 1} and {longest} working days", "days"
        )
    changes = {}
    set_noting_changes(stage_, changes, extended_to=days, extension_reason=reason)
    record_event(case, user, "extended", f"Stage {stage_.number} extended to {days} working days: {reason}", changes)
    _commit()


def respond(case, user, responded_on, outcome, summary=None):
    """The stage 1 response, or the stage 2 adjudication."""
    stage_ = rules.check_respond(case)
    if responded_on < stage_.started_on:
        raise ActionRefused("The date of the response must be on or after the stage started", "responded_on")
    changes = {}
    set_noting_changes(stage_, changes, responded_on=responded_on, outcome=Outcome(outcome), summary=summary or None)
    what = "Stage 1 response" if stage_.number == 1 else "Stage 2 adjudication"
    record_event(
        case, user, f"stage_{stage_.number}_response", f"{what}: {OUTCOME_LABELS[Outcome(outcome)].lower()}.", changes
    )
    notify.tell_young_person(case)
    _commit()


def request_next_stage(case, user, number, requested_on):
    """Stage 2 or 3 at the complainant's request (portal.cases.conversation.record_stage_request says how). Returns
    True if the request was late: flagged, never refused."""
    late = record_stage_request(case, number, requested_on, user)
    notify.tell_young_person(case)
    _commit()
    return late


def start_stage_2(case, user, started_on, investigating_officer, independent_person):
    two = rules.check_start_stage_2(case)
    changes = {}
    set_noting_changes(
        two,
        changes,
        started_on=started_on,
        investigating_officer=investigating_officer,
        independent_person=independent_person,
    )
    record_event(
        case, user, "stage_2_started", f"Stage 2 statement of complaint agreed on {started_on:%d %B %Y}.", changes
    )
    _commit()


def add_point(case, user, summary, outcome=None):
    rules.check_add_point(case)
    point = ComplaintPoint(summary=summary, outcome=Outcome(outcome) if outcome else None)
    case.complaint_points.append(point)
    record_event(
        case, user, "complaint_point", f"Complaint point: {summary}", {"outcome": [None, outcome]} if outcome else None
    )
    _commit()


def record_review_panel(case, user, panel_on=None, report_on=None, responded_on=None, outcome=None):
    three = rules.check_review_panel(case)
    if responded_on and not outcome:
        raise ActionRefused("Choose the outcome of the council's response", "outcome")
    changes = {}
    values = {"panel_on": panel_on, "report_on": report_on, "responded_on": responded_on}
    set_noting_changes(three, changes, **{name: value for name, value in values.items() if value is not None})
    if outcome:
        set_noting_changes(three, changes, outcome=Outcome(outcome))
    if not changes:
        raise ActionRefused("Enter at least one date", "panel_on")
    record_event(case, user, "stage_3", "Stage 3 review panel updated.", changes)
    notify.tell_young_person(case)
    _commit()


def record_ombudsman(case, user, referred_on, decided_on=None, decision=None, remedy=None):
    changes = {}
    set_noting_changes(
        case,
        changes,
        ombudsman_referred_on=referred_on,
        ombudsman_decided_on=decided_on,
        ombudsman_decision=decision or None,
        ombudsman_remedy=remedy or None,
    )
    record_event(case, user, "ombudsman", "Ombudsman details recorded.", changes)
    _commit()


def pause(case, user, reason_kind, reason, started_on):
    rules.check_pause(case)
    case.pauses.append(CasePause(reason_kind=reason_kind, reason=reason, started_on=started_on))
    why = PAUSE_REASONS.get(reason_kind, reason_kind)
    record_event(case, user, "paused", f"Paused from {started_on.day} {started_on:%B %Y} ({why}): {reason}")
    notify.tell_young_person(case)
    _commit()


def resume(case, user, resumed_on):
    open_pause = rules.check_resume(case)
    if resumed_on <= open_pause.started_on:
        raise ActionRefused("The clock must start again after the pause began", "resumed_on")
    changes = {}
    set_noting_changes(open_pause, changes, ended_on=resumed_on - timedelta(days=1))
    record_event(case, user, "resumed", f"Clock started again on {resumed_on:%d %B %Y}.", changes)
    notify.tell_young_person(case)
    _commit()


def record_advocacy(case, user, requested_on=None, referred_to=None, referred_on=None, provided_on=None):
    changes = {}
    set_noting_changes(
        case,
        changes,
        advocacy_requested_on=requested_on,
        advocacy_referred_to=referred_to or None,
        advocacy_referred_on=referred_on,
        advocacy_provided_on=provided_on,
    )
    record_event(case, user, "advocacy", "Advocacy recorded.", changes)
    _commit()


def add_learning(case, user, kind, words, owner=None, due_on=None, publish=False):
    item = CaseLearning(kind=kind, words=words, owner=owner or None, due_on=due_on, publish=bool(publish))
    case.learning.append(item)
    label = "Lesson learned" if kind == "lesson" else "Action"
    record_event(
        case, user, "learning", f"{label}: {words}" + (" (to publish as ‘you said, we did’)" if publish else "")
    )
    _commit()


def mark_action_done(case, user, learning_id, done_on):
    item = next((i for i in case.learning if i.id == learning_id and i.kind == "action"), None)
    if item is None or item.done_on is not None:
        raise ActionRefused("Choose an action that is not done yet", "learning_id")
    changes = {}
    set_noting_changes(item, changes, done_on=done_on)
    record_event(case, user, "action_done", f"Action done: {item.words}", changes)
    _commit()


def share_message(case, user, message):
    record_event(case, user, "message", message, shared=True)
    notify.tell_young_person(case)
    _commit()


def close(case, user, outcome, summary=None):
    """Close the case with its outcome. A pause still running ends the day it closes, so a closed case is never
    also shown as paused; the history says why the pause ended."""
    running = rules.check_close(case, outcome)
    today = london_today()
    if running is not None:
        pause_changes = {}
        # A pause entered to start on a later day ends that day (its ending can never come before its start).
        set_noting_changes(running, pause_changes, ended_on=max(running.started_on, today))
        record_event(case, user, "pause_ended", "The pause ended because the case was closed.", pause_changes)
    changes = {}
    set_noting_changes(case, changes, status=CaseStatus.CLOSED, outcome=Outcome(outcome), closed_on=today)
    record_event(
        case,
        user,
        "closed",
        f"Closed: {OUTCOME_LABELS[Outcome(outcome)].lower()}." + (f" {summary}" if summary else ""),
        changes,
    )
    notify.tell_young_person(case)
    _commit()


def record_case(
    user, channel, kind, received_on, safe_now, told_by, words, name=None, reply_email=None, reply_phone=None
):
    """A case that came by phone, letter or in person. Returns (case, tracking code): the code is shown once, to
    pass on to the young person, and only its hash is kept."""
    received_at = datetime.combine(received_on, datetime.min.time().replace(hour=12), LONDON).astimezone(UTC)
    code = new_tracking_code()
    code_hash = hash_tracking_code(code)
    route = "email" if reply_email else ("phone" if reply_phone else "none")

    def make_case():
        case = Case(
            tracking_code_hash=code_hash,
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
        return case

    def tell_duty_inbox_if_urgent(case):
        if case.urgent:
            alert_duty_team(case)

    case, _created = save_new_case(make_case, and_then=tell_duty_inbox_if_urgent)
    current_app.logger.info("Case %s recorded by staff", case.reference)
    return case, code
