"""The versions of the Pledge: which can change (check_editable, the errors every Pledge service raises), reading
them, and the panel's sign-off and publishing. Published and archived versions never change: every function that
changes a version checks it first and raises LockedVersionError; a before_flush hook in the model refuses it again
for anything that reaches the database another way."""

from sqlalchemy import select

from portal.clock import now
from portal.db import get_session
from portal.models import Partner, User
from portal.models.pledge import (
    LOCKED_STATUSES,
    Decision,
    LockedVersionError,
    PledgeVersion,
    SignOff,
    VersionStatus,
)
from portal.published import live_promises, published_version


class PledgeError(Exception):
    """Something the person asked for cannot be done; the message says why, in words for them."""


class NotADraftError(PledgeError):
    """The version is in review or approved: it is not being edited just now."""


def check_editable(version):
    """Raise unless version is a draft: published and archived versions never change."""
    if version.status in LOCKED_STATUSES:
        raise LockedVersionError("A published or archived version of the Pledge cannot change")
    if version.status != VersionStatus.DRAFT:
        raise NotADraftError(f"This version is {version.status.label.lower()}, so it cannot be changed just now")


# --- Reading versions ------------------------------------------------------------------------------------------------


def published_history():
    """Every version ever published (the current one first), each with .previous: the one published before it."""
    versions = (
        get_session()
        .scalars(
            select(PledgeVersion)
            .where(PledgeVersion.status.in_(LOCKED_STATUSES))
            .order_by(PledgeVersion.published_at.desc(), PledgeVersion.id.desc())
        )
        .all()
    )
    for index, version in enumerate(versions):
        version.previous = versions[index + 1] if index + 1 < len(versions) else None
    return versions


def all_versions():
    return get_session().scalars(select(PledgeVersion).order_by(PledgeVersion.number.desc())).all()


def get_version(version_id):
    return get_session().get(PledgeVersion, version_id)


def all_partners():
    return get_session().scalars(select(Partner).order_by(Partner.name)).all()


# --- Sign-off and publishing -----------------------------------------------------------------------------------------


def submit_for_review(version, by):
    check_editable(version)
    if not live_promises(version):
        raise PledgeError("Add at least one promise before sending the draft for review")
    version.status = VersionStatus.IN_REVIEW
    version.submitted_at = now()
    get_session().commit()


def record_sign_off(version, decision, decided_on, meeting_reference, notes, by):
    """The Corporate Parenting Advisory Panel's decision: approved, or changes asked (back to draft)."""
    if version.status in LOCKED_STATUSES:
        raise LockedVersionError("A published or archived version of the Pledge cannot change")
    if version.status != VersionStatus.IN_REVIEW:
        raise PledgeError("Only a version in review can be signed off")
    decision = Decision(decision)
    version.sign_offs.append(
        SignOff(
            decision=decision,
            decided_on=decided_on,
            meeting_reference=meeting_reference,
            notes=notes or "",
            recorded_by_id=by.id,
            recorded_at=now(),
        )
    )
    version.status = VersionStatus.APPROVED if decision == Decision.APPROVED else VersionStatus.DRAFT
    get_session().commit()


def publish(version, by, at=None):
    """Publish an approved version; the one published before is archived, in the same transaction."""
    if version.status in LOCKED_STATUSES:
        raise LockedVersionError("This version has already been published")
    if version.status != VersionStatus.APPROVED:
        raise PledgeError("Only a version the panel approved can be published")
    at = at or now()
    previous = published_version()
    if previous is not None:
        previous.status = VersionStatus.ARCHIVED
        previous.archived_at = at
        get_session().flush()
    version.status = VersionStatus.PUBLISHED
    version.published_at = at
    version.published_by_id = by.id
    get_session().commit()


def approval_date(version):
    decisions = [s for s in version.sign_offs if s.decision == Decision.APPROVED]
    return decisions[-1].decided_on if decisions else None


def user_name(user_id):
    user = get_session().get(User, user_id) if user_id else None
    return user.name if user else "Someone"
