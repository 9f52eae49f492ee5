"""A case's history: every change is an append-only event, saying what changed from what to what, and some events
are messages the young person sees on /track."""

from dataclasses import dataclass
from datetime import date, datetime

from portal.cases.labels import CHANGE_EMPTY, CHANGE_LABELS, OUTCOME_LABELS, STATUS_LABELS
from portal.clock import as_utc, now
from portal.models import CaseStatus, Outcome, YoungPersonsWords


def _text(value):
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return str(value)


def set_noting_changes(obj, changes, **values):
    """Set attributes, noting each one that really changes as [before, after] in changes."""
    for name, value in values.items():
        before = getattr(obj, name)
        if before != value:
            changes[name] = [_text(before), _text(value)]
            setattr(obj, name, value)


def record_event(case, user, kind, summary, changes=None, shared=False, submission_key=None):
    """Add an event to the case's history: by this member of staff (shared: the young person sees it on /track), or
    with user None, by the portal (what the young person did on /track, in staff's words)."""
    case.changed_at = now()  # always an UPDATE of the case row, so its version moves on and races are caught
    return case.add_event(
        kind,
        summary,
        by_user_id=user.id if user is not None else None,
        changes=changes or None,
        shared_with_young_person=shared,
        submission_key=submission_key,
    )


def record_their_words(case, words, submission_key=None):
    """The young person's own words, written on /track: kept apart from the history (so retention can remove them),
    with an event saying that they wrote."""
    case.changed_at = now()
    case.young_persons_words.append(YoungPersonsWords(at=now(), words=words))
    return case.add_event(
        "young_person_wrote",
        "The young person wrote on /track (their words are under “What they wrote since”).",
        submission_key=submission_key,
    )


@dataclass(frozen=True)
class Said:
    """One message of /track's conversation."""

    at: datetime
    words: str
    by_young_person: bool


def conversation(case):
    """What /track shows as the conversation, oldest first: the messages staff chose to share with the young person,
    and the young person's own words."""
    ours = [Said(event.at, event.summary, False) for event in case.events if event.shared]
    theirs = [Said(said.at, said.words, True) for said in case.young_persons_words]
    return sorted(ours + theirs, key=lambda said: as_utc(said.at))


# Reading the history ------------------------------------------------------------------------------------------------
# Changes are stored as text, as set_noting_changes wrote them (dates as 2026-11-30, statuses and outcomes as their
# values, booleans as True or False), and stay so: the history is append-only. They are put in words when shown.

NOT_SET = "not set"


def _day_in_words(text):
    try:
        day = date.fromisoformat(text)
    except ValueError:
        try:
            day = datetime.fromisoformat(text).date()
        except ValueError:
            return text
    return f"{day.day} {day:%B %Y}"


def _value_in_words(name, text):
    if text is None or text == "":
        return CHANGE_EMPTY.get(name, NOT_SET)
    if name == "status" and text in {s.value for s in CaseStatus}:
        return STATUS_LABELS[CaseStatus(text)]
    if name == "outcome" and text in {o.value for o in Outcome}:
        return OUTCOME_LABELS[Outcome(text)]
    if name == "safeguarding" and text in ("True", "False"):
        return "Yes" if text == "True" else "No"
    if name == "extended_to" and text.isdigit():
        return f"{text} working days"
    if name.endswith("_on"):
        return _day_in_words(text)
    return text


def change_in_words(name, before, after):
    """One stored change as the case page says it: (what changed, before, after), for example
    ("Status", "New", "Acknowledged") or ("Closed on", "not set", "30 November 2026")."""
    label = CHANGE_LABELS.get(name) or name.replace("_", " ").capitalize()
    return label, _value_in_words(name, before), _value_in_words(name, after)


def changes_in_words(event):
    """Every change an event recorded, in words, in the order it recorded them."""
    return [change_in_words(name, *pair) for name, pair in (event.changes or {}).items()]
