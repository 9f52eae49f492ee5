"""Recording a new case, from any channel (the website, or staff for a phone call, letter or visit), with one way to
get a unique reference: insert, and on the unique constraint's conflict try another. Checking first and inserting
after is a race when many workers send at once; the database's constraint is the only judge that sees them all."""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.cases.references import new_reference
from portal.db import get_session
from portal.models import Case

REFERENCE_ATTEMPTS = 5


class NoFreeReference(RuntimeError):
    """Every reference tried was taken (vanishingly unlikely: about 600 million exist)."""


def save_new_case(make_case, submission_key=None, and_then=None):
    """Insert the case make_case() builds, with a fresh reference, retrying on a conflict. Returns (case, created).

    make_case is called again for each try, since a failed commit discards what was added. and_then(case), if given,
    is called once the case has its reference, in the same transaction: what it adds (the messages a new case causes)
    is saved with the case or not at all. With a submission_key (unique on cases), a second save of the same
    submission finds the first's case instead: created is False. Raises SQLAlchemyError if the database cannot take
    the case."""
    db = get_session()
    for _attempt in range(REFERENCE_ATTEMPTS):
        case = make_case()
        case.reference = new_reference()
        case.submission_key = submission_key
        db.add(case)
        try:
            if and_then is not None:
                and_then(case)
            db.commit()
        except IntegrityError:
            db.rollback()
            if submission_key is not None:
                existing = db.scalar(select(Case).where(Case.submission_key == submission_key))
                if existing is not None:
                    return existing, False
            continue  # the reference was taken: try another
        return case, True
    raise NoFreeReference(f"Could not find a free case reference after {REFERENCE_ATTEMPTS} tries")
