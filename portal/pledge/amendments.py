"""Role Model Army members' suggested changes to a draft promise, accepted (a revision credited to them) or
rejected with a reason by someone else in the draft's team."""

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from portal.clock import now
from portal.db import get_session
from portal.models import Role
from portal.models.pledge import (
    Amendment,
    AmendmentStatus,
    RevisionKind,
    VersionPromise,
)
from portal.pledge.drafting import add_revision, head_revision_id, set_answers
from portal.pledge.versions import PledgeError, check_editable


def suggest_amendment(promise, by, *, title, wording, plain_line, why="", answers=None, you_said=None):
    check_editable(promise.version)
    if by.role != Role.RMA_MEMBER:
        raise PledgeError("Only Role Model Army members suggest changes; editors can change the promise directly")
    amendment = Amendment(
        version_promise=promise,
        suggested_by_id=by.id,
        suggested_at=now(),
        base_revision_id=head_revision_id(promise),
        title=title,
        wording=wording,
        plain_line=plain_line,
        why=why,
        status=AmendmentStatus.PENDING,
    )
    set_answers(amendment, answers, you_said)
    get_session().add(amendment)
    get_session().commit()
    return amendment


def _check_decidable(amendment, by):
    check_editable(amendment.version_promise.version)
    if amendment.status != AmendmentStatus.PENDING:
        raise PledgeError("This suggestion has already been decided")
    if amendment.suggested_by_id == by.id:
        raise PledgeError("Someone else in the draft's team must decide on your own suggestion")


def accept_amendment(amendment, by):
    """The suggested text becomes a revision of the promise, credited to the person who suggested it."""
    _check_decidable(amendment, by)
    promise = amendment.version_promise
    promise.title, promise.wording, promise.plain_line = amendment.title, amendment.wording, amendment.plain_line
    if amendment.answers:  # what it answers goes with it; a suggestion that answers nothing leaves the promise's own
        set_answers(promise, amendment.answers, amendment.you_said)
    revision = add_revision(
        promise.version, amendment.suggested_by, RevisionKind.AMENDMENT, promise=promise, accepted_by=by
    )
    get_session().flush()
    amendment.status = AmendmentStatus.ACCEPTED
    amendment.decided_by_id, amendment.decided_at, amendment.revision_id = by.id, now(), revision.id
    try:
        get_session().commit()
    except StaleDataError:
        get_session().rollback()
        raise PledgeError("Someone saved this promise at the same moment. Look at it again, then decide.") from None
    return revision


def reject_amendment(amendment, by, reason):
    _check_decidable(amendment, by)
    if not reason:
        raise PledgeError("Enter why the suggestion is not being used")
    amendment.status = AmendmentStatus.REJECTED
    amendment.decided_by_id, amendment.decided_at, amendment.rejection_reason = by.id, now(), reason
    get_session().commit()


def pending_amendments(version):
    return (
        get_session()
        .scalars(
            select(Amendment)
            .join(VersionPromise)
            .where(VersionPromise.version_id == version.id, Amendment.status == AmendmentStatus.PENDING)
            .order_by(Amendment.id)
        )
        .all()
    )
