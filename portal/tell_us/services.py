"""Tell us: drafts kept on the server, sending a case exactly once, the emails that follow, and tracking."""

import secrets
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, g, session, url_for
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from portal import mail
from portal.auth.services import hash_password, secret_matches
from portal.db import get_session
from portal.models import Case, CaseKind, CaseStatus, EqualityAnswers, Outcome, TellUsDraft
from portal.published import published_text_of
from portal.tell_us.journey import SEEN, steps_for
from portal.templating import long_date
from portal.working_days import add_working_days

LONDON = ZoneInfo("Europe/London")
ACKNOWLEDGE_WITHIN_WORKING_DAYS = 2
SESSION_DRAFT = "tell_us_draft"
SESSION_CODE = "tell_us_code"
# A random name for this browser session, so one device sending over and over can be slowed without slowing a
# room of young people on one Wi-Fi address. Not personal: it goes when the browser closes.
SESSION_DEVICE = "tell_us_device"

# Letters and digits that cannot be mistaken for each other when read aloud or copied by hand (no 0/O, 1/I/L, U/V).
ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
EQUALITY_FIELDS = ("age_band", "gender", "ethnicity", "disability")


def now():
    return datetime.now(UTC)


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
    if draft is not None and _as_utc(draft.updated_at) < now() - draft_idle_lifetime():
        draft = None
    if draft is None and create:
        delete_expired_drafts()
        draft = TellUsDraft(id=secrets.token_urlsafe(32), answers={}, updated_at=now())
        db.add(draft)
        db.commit()
        session[SESSION_DRAFT] = draft.id
        session.setdefault(SESSION_DEVICE, secrets.token_urlsafe(16))
        # The tracking code is made now and lives only in this visitor's signed session cookie until they finish:
        # the database only ever gets its hash. A double-tapped send then shows the same code twice.
        session[SESSION_CODE] = new_tracking_code()
    return draft


def _as_utc(moment):
    # SQLite hands back naive datetimes; PostgreSQL aware ones.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


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


def forget_this_device():
    """Exit this page: the draft (whatever its age) and the session's code go at once. A case already sent stays
    sent; only this device's way back to it is forgotten."""
    draft_id = session.get(SESSION_DRAFT)
    if draft_id:
        get_session().execute(delete(TellUsDraft).where(TellUsDraft.id == draft_id))
        get_session().commit()
    session.pop(SESSION_DRAFT, None)
    session.pop(SESSION_CODE, None)


def device_key():
    """The key the per-device send limit counts against."""
    return "send:" + session.get(SESSION_DEVICE, "no-device")


# References and codes -----------------------------------------------------------------------------------------------


def _random_characters(count):
    return "".join(secrets.choice(ALPHABET) for _ in range(count))


def new_reference():
    """A short reference to quote on the phone, like TU-7KQ4-M2."""
    characters = _random_characters(6)
    return f"TU-{characters[:4]}-{characters[4:]}"


def new_tracking_code():
    """A private code, random and unrelated to the reference, like 7KQ4-M2XP-9RTA (about 58 bits)."""
    characters = _random_characters(12)
    return "-".join(characters[i : i + 4] for i in range(0, 12, 4))


def _squash(text):
    return "".join(character for character in (text or "").upper() if character.isalnum())


def normalise_reference(text):
    squashed = _squash(text)
    squashed = squashed[2:] if squashed.startswith("TU") else squashed
    return f"TU-{squashed[:4]}-{squashed[4:]}" if len(squashed) == 6 else squashed


def normalise_code(text):
    return _squash(text)


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
    answers = applicable_answers(answers)
    received = now()
    someone_else = answers.get("told_by_me") == "someone_else"
    route = answers["reply_route"]
    case = Case(
        reference=new_reference(),
        tracking_code_hash=hash_password(normalise_code(tracking_code)),
        kind=CaseKind(answers["kind"]),
        received_at=received,
        acknowledge_by=add_working_days(received.astimezone(LONDON).date(), ACKNOWLEDGE_WITHIN_WORKING_DAYS),
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
    db = get_session()
    if draft.case_id is not None:
        return db.get(Case, draft.case_id)
    for _attempt in range(5):
        case = case_from_answers(draft.answers, tracking_code)
        case.submission_key = draft.id
        db.add(case)
        draft.case = case
        try:
            db.commit()
        except IntegrityError:
            db.rollback()
            existing = db.scalar(select(Case).where(Case.submission_key == draft.id))
            if existing is not None:
                return existing
            continue  # the reference was taken: try another
        g.case_created = True
        tell_people_about(case)
        return case
    raise RuntimeError("Could not find a free case reference after 5 tries")


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
    """The duty inbox for an urgent case, and an acknowledgement to the sender if they gave an email address.
    Neither ever contains the tracking code or the words. A failed email is recorded on the case for staff."""
    config = current_app.config
    if case.urgent:
        _email_and_record(
            case,
            config["DUTY_INBOX"],
            f"Urgent: a young person said they are not safe ({case.reference})",
            mail.render("urgent_case", case=case),
            "duty alert",
        )
    if case.reply_route == "email" and case.reply_email:
        _email_and_record(
            case,
            case.reply_email,
            f"We got your message ({case.reference})",
            mail.render(
                "acknowledgement", case=case, track_url=url_for("tell_us.track", _external=True), config=config
            ),
            "acknowledgement",
        )


def _email_and_record(case, to, subject, body, what):
    try:
        mail.send(to, subject, body)
    except mail.MailError as error:
        current_app.logger.error("Could not send the %s for %s: %s", what, case.reference, error)
        case.add_event("email_failed", f"The {what} email could not be sent. Follow this up by hand.")
    else:
        case.add_event("email_sent", f"The {what} email was sent.")
    get_session().commit()


# Tracking -----------------------------------------------------------------------------------------------------------


NO_MATCH_MESSAGE = "We could not find a match for that reference and code. Check both and try again."


def case_for_tracking(reference, code):
    """The case with this reference if code is its tracking code, else None. A wrong reference and a wrong code
    take the same time and give the same answer."""
    case = get_session().scalar(select(Case).where(Case.reference == normalise_reference(reference)))
    matches = secret_matches(case.tracking_code_hash if case else None, normalise_code(code))
    return case if matches else None


OUTCOME_WORDS = {
    Outcome.UPHELD: "We agreed with you.",
    Outcome.PARTLY_UPHELD: "We agreed with some of what you said.",
    Outcome.NOT_UPHELD: "We did not agree this time. We have told you why.",
    Outcome.RESOLVED: "We have done what we can with what you told us.",
    Outcome.WITHDRAWN: "You asked us to stop, so we did.",
}
STAGE_WORDS = {
    CaseStatus.STAGE_1: "Stage 1. Someone is trying to sort it out with you.",
    CaseStatus.STAGE_2: "Stage 2. Someone new is looking into it in detail.",
    CaseStatus.STAGE_3: "Stage 3. A panel of three people is looking at it again.",
}


def status_in_plain_words(case):
    """A heading and a line or two a young person can follow, for each stage of triage."""
    from portal.triage.deadlines import is_paused, stage

    if case.status == CaseStatus.SAFEGUARDING:
        return "We are helping to keep you safe", [
            "We have asked the team that keeps children safe to help.",
            "They may get in touch with you.",
        ]
    if case.status == CaseStatus.CLOSED:
        return "Closed", [OUTCOME_WORDS.get(case.outcome, "We have finished looking at this.")]
    if is_paused(case):
        return "We have paused for now", [
            "We have to wait for something else to finish first.",
            "We will not forget you.",
        ]
    if case.status == CaseStatus.RECEIVED:
        return "We got your message", [f"We will tell you we have it by {long_date(case.acknowledge_by)}."]
    if case.status == CaseStatus.BEING_LOOKED_AT:
        return "Someone is looking at it", ["A member of staff is reading what you told us."]
    lines = [STAGE_WORDS[case.status]]
    current = stage(case, int(case.status.value[-1]))
    if current is not None and current.responded_on is not None:
        lines.append("We have sent you our answer.")
        if current.number < 3:
            lines.append("If you are not happy with it, you can ask us to look again.")
    elif current is not None and current.number == 2 and current.started_on is None:
        lines.append("We will agree with you what to look into.")
    elif case.reply_by:
        lines.append(f"We will reply by {long_date(case.reply_by)}.")
    return "We are working on it", lines


def shared_messages(case):
    return [event for event in case.events if event.shared]
