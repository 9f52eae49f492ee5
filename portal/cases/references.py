"""A case's reference (to quote on the phone), its private tracking code (stored only as a hash), and the case a
browser has open on /track after giving both."""

import secrets
from datetime import datetime, timedelta

from flask import current_app, session
from sqlalchemy import select

from portal.clock import now
from portal.db import get_session
from portal.hashing import hash_password, secret_matches
from portal.models import Case

# Letters and digits that cannot be mistaken for each other when read aloud or copied by hand (no 0/O, 1/I/L, U/V).
ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"


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
    """A reference as typed (any case, spaces, with or without TU and dashes) in its stored form."""
    squashed = _squash(text)
    squashed = squashed[2:] if squashed.startswith("TU") else squashed
    return f"TU-{squashed[:4]}-{squashed[4:]}" if len(squashed) == 6 else squashed


def normalise_code(text):
    """A tracking code as typed, without case, spaces or dashes: the form that is hashed."""
    return _squash(text)


def hash_tracking_code(code):
    """What the database keeps of a tracking code: only its Argon2id hash."""
    return hash_password(normalise_code(code))


def case_for_tracking(reference, code):
    """The case with this reference if code is its tracking code, else None. A wrong reference and a wrong code
    take the same time and give the same answer."""
    case = get_session().scalar(select(Case).where(Case.reference == normalise_reference(reference)))
    matches = secret_matches(case.tracking_code_hash if case else None, normalise_code(code))
    return case if matches else None


# After the reference and code, the case stays open in this browser's signed session for a short idle time, so the
# young person can read, reply and ask for stage 2 without typing the code again. Exit this page, "Close this
# message" and the idle time all forget it: on a shared phone the next person meets the empty /track form.
TRACKED_CASE = "tracked_case"


def remember_tracked_case(case):
    session[TRACKED_CASE] = {"id": case.id, "seen": now().isoformat()}


def tracked_case():
    """The case this browser opened on /track, if it has been used within TRACK_IDLE_MINUTES; else None."""
    held = session.get(TRACKED_CASE)
    if not isinstance(held, dict):
        return None
    idle = timedelta(minutes=current_app.config["TRACK_IDLE_MINUTES"])
    try:
        fresh = now() - datetime.fromisoformat(held["seen"]) < idle
    except (KeyError, TypeError, ValueError):
        fresh = False
    case = get_session().get(Case, held.get("id")) if fresh else None
    if case is None:
        forget_tracked_case()
        return None
    remember_tracked_case(case)
    return case


def forget_tracked_case():
    session.pop(TRACKED_CASE, None)
