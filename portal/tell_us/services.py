"""Tell us: drafts kept on the server, sending a case exactly once, and the emails that follow."""

import secrets
from datetime import timedelta

from flask import current_app, g, session
from flask_babel import gettext as _
from sqlalchemy import delete, select

from portal import mail, outbox
from portal.cases.alerts import alert_duty_team
from portal.cases.deadlines import ACKNOWLEDGE
from portal.cases.recording import save_new_case
from portal.cases.references import forget_tracked_case, hash_tracking_code, new_tracking_code
from portal.clock import LONDON, as_utc, now
from portal.db import get_session
from portal.device import session_device_key
from portal.i18n import page_language
from portal.models import Case, CaseKind, CaseStatus, EqualityAnswers, TellUsDraft
from portal.published import published_text_of
from portal.tell_us.journey import SEEN, steps_for
from portal.working_days import add_working_days

SESSION_DRAFT = "tell_us_draft"
SESSION_CODE = "tell_us_code"

EQUALITY_FIELDS = ("age_band", "gender", "ethnicity", "disability")


# Drafts -------------------------------------------------------------------------------------------------------------


def draft_idle_lifetime():
    """How long a draft is kept after its last answer (TELL_US_DRAFT_IDLE_MINUTES); the start page says it."""
    return timedelta(minutes=current_app.config["TELL_US_DRAFT_IDLE_MINUTES"])


def delete_expired_drafts(before=None):
    """Delete drafts idle for longer than their lifetime; returns how many."""
    cutoff = before or now() - draft_idle_lifetime()
    result = get_session().execute(delete(TellUsDraft).where(TellUsDraft.updated_at < cutoff))
    get_session().commit()
    return result.rowcount


def current_draft(create=False):
    """The visitor's draft, found through their session; a new one (with its tracking code) if create is set."""
    db = get_session()
    draft_id = session.get(SESSION_DRAFT)
    draft = db.get(TellUsDraft, draft_id) if draft_id else None
    if draft is not None and as_utc(draft.updated_at) < now() - draft_idle_lifetime():
        draft = None
    if draft is None and create:
        delete_expired_drafts()
        draft = TellUsDraft(id=secrets.token_urlsafe(32), answers={}, updated_at=now())
        db.add(draft)
        db.commit()
        session[SESSION_DRAFT] = draft.id
        # The tracking code is made now and lives only in this visitor's signed session cookie until they finish:
        # the database only ever gets its hash. A double-tapped send then shows the same code twice.
        session[SESSION_CODE] = new_tracking_code()
    return draft


def answers_of(draft):
    return dict(draft.answers) if draft is not None else {}


def save_answers(draft, slug, values):
    """Keep a page's answers in the draft, and note that page as answered."""
    answers = answers_of(draft)
    answers.update(values)
    answers[SEEN] = sorted({*answers.get(SEEN, ()), slug})
    draft.answers = answers  # a new dict, so the JSON column is seen to change
    draft.updated_at = now()
    get_session().commit()
    # Re-sign the cookie too: Flask refuses one signed longer ago than PERMANENT_SESSION_LIFETIME, and the answers
    # are on the server, so without this the cookie would age from the first answer, not the last.
    session.modified = True


def finish(draft):
    """Forget the journey on this device: the draft goes, and with it the session's code."""
    if draft is not None:
        get_session().delete(draft)
        get_session().commit()
    session.pop(SESSION_DRAFT, None)
    session.pop(SESSION_CODE, None)
    forget_tracked_case()


def forget_this_device():
    """Exit this page: the draft (whatever its age), the session's code and any case open on /track go at once. A
    case already sent stays sent; only this device's way back to it is forgotten."""
    draft_id = session.get(SESSION_DRAFT)
    if draft_id:
        get_session().execute(delete(TellUsDraft).where(TellUsDraft.id == draft_id))
        get_session().commit()
    session.pop(SESSION_DRAFT, None)
    session.pop(SESSION_CODE, None)
    forget_tracked_case()


def device_key():
    """The key the per-device send limit counts against."""
    return session_device_key("send")


# Sending ------------------------------------------------------------------------------------------------------------


def applicable_answers(answers):
    """Only the answers to questions that apply: a changed mind leaves no trace from the old branch."""
    keep = {SEEN}
    for step in steps_for(answers):
        keep.update(step.fields)
    return {key: value for key, value in answers.items() if key in keep}


def promise_id_of(answer):
    """The promise identity a "which promise" answer names, if it is in the published Pledge; else None."""
    if not answer or not str(answer).isdigit():
        return None
    return int(answer) if published_text_of(int(answer)) is not None else None


def case_from_answers(answers, tracking_code):
    """A new case from the journey's answers (its reference is given as it is saved)."""
    answers = applicable_answers(answers)
    received = now()
    someone_else = answers.get("told_by_me") == "someone_else"
    route = answers["reply_route"]
    case = Case(
        tracking_code_hash=hash_tracking_code(tracking_code),
        kind=CaseKind(answers["kind"]),
        received_at=received,
        acknowledge_by=add_working_days(received.astimezone(LONDON).date(), ACKNOWLEDGE),
        told_by=answers["told_by"] if someone_else else "young_person",
        told_by_other=(answers.get("told_by_other") or None) if someone_else else None,
        young_person_agrees=answers.get("young_person_agrees") if someone_else else None,
        safe_now=answers["safe_now"],
        urgent=answers["safe_now"] in ("no", "not_sure"),
        words=answers["words"],
        happened_when=answers.get("happened_when"),
        over_a_year_old=answers.get("happened_when") == "over_a_year",
        wanted_outcome=answers.get("wanted_outcome") or None,
        advocate_wanted=answers.get("advocate_wanted"),
        promise_id=promise_id_of(answers.get("promise")),
        reply_route=route,
        reply_email=answers.get("reply_email") if route == "email" else None,
        reply_phone={"phone": answers.get("reply_phone"), "text": answers.get("reply_mobile")}.get(route),
        reply_via_name=(answers.get("reply_via_name") or None) if route == "social_worker" else None,
        interpreter_needed=answers.get("interpreter") == "yes",
        language=answers.get("language") if answers.get("interpreter") == "yes" else None,
        name=answers.get("name") or None,
        # The language of the pages they told us on: replies to them (emails, texts) follow it.
        page_language=page_language(),
        status=CaseStatus.RECEIVED,
    )
    case.add_event("received", "Received through the website.", at=received)
    if case.urgent:
        case.add_event("urgent", "Marked urgent: the young person said they are not safe right now, or not sure.")
    if case.over_a_year_old:
        case.add_event("flagged", "About something more than a year ago. Consider it all the same.")
    return case


def send(draft, tracking_code):
    """Make the case from the draft, exactly once however often it is sent. Returns the case.

    The draft's id is the case's unique submission_key, so two sends racing each other cannot both insert:
    the loser finds the winner's case. Raises SQLAlchemyError if the database cannot take the case."""
    if draft.case_id is not None:
        return get_session().get(Case, draft.case_id)

    def make_case():
        case = case_from_answers(draft.answers, tracking_code)
        draft.case = case
        return case

    case, created = save_new_case(make_case, submission_key=draft.id, and_then=tell_people_about)
    if created:
        g.case_created = True
    return case


def save_equality_answers(case, values):
    """The optional "about you" answers, asked after the case is sent, straight into their own table (never the
    draft, never beside the words). Answering again replaces the earlier answers."""
    db = get_session()
    given = {name: values.get(name) or None for name in EQUALITY_FIELDS}
    equality = db.scalar(select(EqualityAnswers).where(EqualityAnswers.case_id == case.id))
    if not any(given.values()):
        if equality is not None:
            db.delete(equality)
    elif equality is None:
        db.add(EqualityAnswers(case_id=case.id, **given))
    else:
        for name, value in given.items():
            setattr(equality, name, value)
    db.commit()


def tell_people_about(case):
    """The duty inbox for an urgent case, and an acknowledgement to the sender if they gave an email address, both
    written to the outbox with the case (save_new_case's and_then): the young person never waits for a mail server.
    Neither ever contains the tracking code or the words."""
    config = current_app.config
    if case.urgent:
        alert_duty_team(case)
    if case.reply_route == "email" and case.reply_email:
        # In the language they told us in (the duty team's alert above stays English).
        with mail.in_language(case.page_language):
            subject = _("We have your message (%(reference)s)", reference=case.reference)
        track_url = mail.portal_url("track.track")
        body = mail.render("acknowledgement", case.page_language, case=case, track_url=track_url, config=config)
        outbox.enqueue("acknowledgement", case.reply_email, subject, body, case=case)
