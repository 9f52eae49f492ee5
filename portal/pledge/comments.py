"""Comments on draft promises and their moderation: young people's wait for the participation officer, reports
from readers, and every decision kept with its reason."""

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.clock import now
from portal.db import get_session
from portal.models import Role
from portal.models.pledge import (
    LOCKED_STATUSES,
    Comment,
    CommentEvent,
    CommentStatus,
    LockedVersionError,
)
from portal.pledge.text import personal_details_in
from portal.pledge.versions import PledgeError

# Young people's comments wait for the participation officer; staff comments show at once.
STAFF_ROLES_SHOWN_AT_ONCE = frozenset(Role) - {Role.RMA_MEMBER}


def add_comment(promise, body, author=None, consultation=None):
    """A comment on a draft promise. Young people's comments (Role Model Army members, anyone answering a
    consultation) are held for the participation officer; personal details in it are flagged for them."""
    if promise.version.status in LOCKED_STATUSES:
        raise LockedVersionError("A published or archived version of the Pledge cannot change")
    held = author is None or author.role not in STAFF_ROLES_SHOWN_AT_ONCE
    comment = Comment(
        version_promise=promise,
        author_id=author.id if author else None,
        consultation_id=consultation.id if consultation else None,
        body=body,
        created_at=now(),
        status=CommentStatus.HELD if held else CommentStatus.SHOWN,
        flags=",".join(personal_details_in(body)),
        reports=0,
    )
    get_session().add(comment)
    get_session().flush()
    comment.events.append(CommentEvent(at=now(), action="posted", by_user_id=comment.author_id))
    get_session().commit()
    return comment


def shown_comments(promise):
    return (
        get_session()
        .scalars(
            select(Comment)
            .where(Comment.version_promise_id == promise.id, Comment.status == CommentStatus.SHOWN)
            .order_by(Comment.id)
        )
        .all()
    )


def report_comment(comment, reason=""):
    comment.reports += 1
    comment.events.append(CommentEvent(at=now(), action="reported", reason=reason or ""))
    get_session().commit()


MODERATION = {
    # action: (statuses it applies to, the status after, a reason needed)
    "approve": ({CommentStatus.HELD}, CommentStatus.SHOWN, False),
    "keep": ({CommentStatus.SHOWN}, CommentStatus.SHOWN, False),  # a report looked at: the comment stays
    "hide": ({CommentStatus.HELD, CommentStatus.SHOWN}, CommentStatus.HIDDEN, True),
    "restore": ({CommentStatus.HIDDEN}, CommentStatus.SHOWN, True),
}


def actions_for(comment):
    """The decisions that make sense for this comment as it stands: a held one can be approved or hidden, a shown
    one hidden (or kept, once someone has reported it), a hidden one shown again."""
    return [
        action
        for action, (allowed, _after, _reason) in MODERATION.items()
        if comment.status in allowed and (action != "keep" or comment.reports > 0)
    ]


def moderate(comment, action, by, reason=""):
    """Approve, hide, restore or keep (after a report) a comment; every decision is kept with its reason."""
    if action not in MODERATION:
        raise PledgeError("Choose what to do with the comment")
    _allowed, after, needs_reason = MODERATION[action]
    if action not in actions_for(comment):
        raise PledgeError(f"This comment is {comment.status.value}, so it cannot be given that decision")
    if needs_reason and not reason:
        raise PledgeError("Enter the reason")
    comment.status = after
    if action == "keep":
        comment.reports = 0
    comment.events.append(CommentEvent(at=now(), action=action, reason=reason or "", by_user_id=by.id))
    get_session().commit()


def moderation_queue():
    """Held comments, reported ones still shown, and hidden ones (which can be restored), oldest first."""
    comments = (
        get_session()
        .scalars(
            select(Comment)
            .where(
                (Comment.status == CommentStatus.HELD)
                | ((Comment.status == CommentStatus.SHOWN) & (Comment.reports > 0))
                | (Comment.status == CommentStatus.HIDDEN)
            )
            .order_by(Comment.id)
            .options(selectinload(Comment.events).selectinload(CommentEvent.by_user), selectinload(Comment.author))
        )
        .all()
    )
    return {
        "held": [c for c in comments if c.status == CommentStatus.HELD],
        "reported": [c for c in comments if c.status == CommentStatus.SHOWN],
        "hidden": [c for c in comments if c.status == CommentStatus.HIDDEN],
    }


def count_waiting():
    """How many comments wait for the participation officer: held ones, and shown ones someone reported."""
    return get_session().scalar(
        select(func.count(Comment.id)).where(
            (Comment.status == CommentStatus.HELD) | ((Comment.status == CommentStatus.SHOWN) & (Comment.reports > 0))
        )
    )
