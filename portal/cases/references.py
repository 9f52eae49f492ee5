"""A case's reference (to quote on the phone) and its private tracking code (stored only as a hash)."""

import secrets

from sqlalchemy import select

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
