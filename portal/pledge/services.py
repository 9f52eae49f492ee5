"""The Pledge's rules and queries. Published and archived versions never change: every function that changes a
version checks it first (check_editable) and raises LockedVersionError; a before_flush hook in the model refuses
it again for anything that reaches the database another way."""

import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from portal.db import get_session
from portal.models import Partner, Role, User
from portal.models.pledge import (
    LOCKED_STATUSES,
    Amendment,
    AmendmentStatus,
    Answer,
    Comment,
    CommentEvent,
    CommentStatus,
    Consultation,
    ConsultationAnswer,
    Decision,
    LockedVersionError,
    Pledge,
    PledgeVersion,
    Promise,
    Revision,
    RevisionKind,
    SignOff,
    Theme,
    VersionPromise,
    VersionStatus,
)
from portal.pledge.text import personal_details_in, word_diff
from portal.published import live_promises, published_version, themes_with_promises

PLEDGE_NAME = "Our Pledge"
EDITOR_ROLES = frozenset({Role.RMA_MEMBER, Role.PARTICIPATION_OFFICER})
# Young people's comments wait for the participation officer; staff comments show at once.
STAFF_ROLES_SHOWN_AT_ONCE = frozenset(Role) - {Role.RMA_MEMBER}


class PledgeError(Exception):
    """Something the person asked for cannot be done; the message says why, in words for them."""


class NotADraftError(PledgeError):
    """The version is in review or approved: it is not being edited just now."""


def now():
    return datetime.now(UTC)


def db():
    return get_session()


# --- Reading the Pledge --------------------------------------------------------------------------------------------


def published_history():
    """Every version ever published (the current one first), each with .previous: the one published before it."""
    versions = (
        db()
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
    return db().scalars(select(PledgeVersion).order_by(PledgeVersion.number.desc())).all()


def get_version(version_id):
    return db().get(PledgeVersion, version_id)


def all_partners():
    return db().scalars(select(Partner).order_by(Partner.name)).all()


# --- Drafting ------------------------------------------------------------------------------------------------------


def check_editable(version):
    """Raise unless version is a draft: published and archived versions never change."""
    if version.status in LOCKED_STATUSES:
        raise LockedVersionError("A published or archived version of the Pledge cannot change")
    if version.status != VersionStatus.DRAFT:
        raise NotADraftError(f"This version is {version.status.label.lower()}, so it cannot be changed just now")


def the_pledge():
    pledge = db().scalar(select(Pledge).order_by(Pledge.id).limit(1))
    if pledge is None:
        pledge = Pledge(name=PLEDGE_NAME)
        db().add(pledge)
        db().flush()
    return pledge


def _owner_names(owners):
    return "; ".join(sorted(partner.name for partner in owners))


def _revision(version, by, kind, *, promise=None, theme=None, accepted_by=None):
    if promise is not None:
        revision = Revision(
            version_id=version.id,
            version_promise=promise,
            kind=kind,
            author_id=by.id if by else None,
            accepted_by_id=accepted_by.id if accepted_by else None,
            at=now(),
            title=promise.title,
            wording=promise.wording,
            plain_line=promise.plain_line,
            theme_title=promise.theme.title,
            owner_names=_owner_names(promise.owners),
        )
    else:
        revision = Revision(
            version_id=version.id,
            theme_id=theme.id,
            kind=kind,
            author_id=by.id if by else None,
            at=now(),
            title=theme.title,
            theme_title=theme.title,
        )
    db().add(revision)
    return revision


def start_draft(by, from_version=None, title=None):
    """A new draft, empty or a copy of from_version (its promises keep their identities)."""
    pledge = the_pledge()
    number = (db().scalar(select(func.max(PledgeVersion.number)).where(PledgeVersion.pledge_id == pledge.id)) or 0) + 1
    version = PledgeVersion(
        pledge=pledge,
        number=number,
        title=title or f"Draft {number}",
        introduction=from_version.introduction if from_version else "",
        status=VersionStatus.DRAFT,
        based_on_id=from_version.id if from_version else None,
        created_by_id=by.id if by else None,
        created_at=now(),
    )
    db().add(version)
    db().flush()
    if from_version is not None:
        for theme in themes_with_promises(from_version):
            new_theme = Theme(version=version, title=theme.title, position=theme.position)
            db().add(new_theme)
            db().flush()
            for promise in theme.live_promises:
                copy = VersionPromise(
                    version=version,
                    promise_id=promise.promise_id,
                    theme=new_theme,
                    position=promise.position,
                    title=promise.title,
                    wording=promise.wording,
                    plain_line=promise.plain_line,
                    owners=list(promise.owners),
                )
                db().add(copy)
                db().flush()
                _revision(version, by, RevisionKind.COPIED, promise=copy)
    db().commit()
    return version


def _next_position(items):
    return max((item.position for item in items), default=0) + 1


def add_theme(version, title, by):
    check_editable(version)
    theme = Theme(version=version, title=title, position=_next_position(version.themes))
    db().add(theme)
    db().flush()
    _revision(version, by, RevisionKind.CREATED, theme=theme)
    db().commit()
    return theme


def rename_theme(theme, title, by):
    check_editable(theme.version)
    if theme.title == title:
        return theme
    theme.title = title
    _revision(theme.version, by, RevisionKind.EDITED, theme=theme)
    db().commit()
    return theme


def _swap(items, item, direction):
    """Move item one place up or down among items (sorted by position); positions are renumbered 1..n."""
    ordered = sorted(items, key=lambda i: (i.position, i.id))
    index = ordered.index(item)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, each in enumerate(ordered, start=1):
        if each.position != position:
            each.position = position
    return ordered


def move_theme(theme, direction, by):
    check_editable(theme.version)
    _swap([t for t in theme.version.themes if t.removed_at is None], theme, direction)
    _revision(theme.version, by, RevisionKind.MOVED, theme=theme)
    db().commit()


def remove_theme(theme, by):
    check_editable(theme.version)
    if any(promise.removed_at is None for promise in theme.promises):
        raise PledgeError("Move or remove the promises in this theme first")
    theme.removed_at = now()
    _revision(theme.version, by, RevisionKind.REMOVED, theme=theme)
    db().commit()


def add_promise(version, theme, title, wording, plain_line, owners, by):
    """A new promise (a new identity) at the end of theme."""
    check_editable(version)
    if theme.version_id != version.id:
        raise PledgeError("Choose a theme in this draft")
    identity = Promise(pledge_id=version.pledge_id)
    promise = VersionPromise(
        version=version,
        promise=identity,
        theme=theme,
        position=_next_position(theme.promises),
        title=title,
        wording=wording,
        plain_line=plain_line,
        owners=list(owners),
    )
    db().add(promise)
    db().flush()
    _revision(version, by, RevisionKind.CREATED, promise=promise)
    db().commit()
    return promise


@dataclass
class EditConflict(PledgeError):
    """Someone else saved this promise after the text this save started from. Nothing is saved: the view shows
    both texts so the person can keep theirs, take the other, or merge by hand."""

    theirs: Revision
    yours: dict = field(default_factory=dict)

    def __str__(self):
        return "Someone else saved this promise while you were editing it"


def head_revision_id(promise):
    return db().scalar(select(func.max(Revision.id)).where(Revision.version_promise_id == promise.id))


def save_promise(promise, base_revision_id, by, *, title, wording, plain_line, owners, theme=None, merged=False):
    """Save an edit made from revision base_revision_id. If anyone saved since, raise EditConflict (nothing is
    lost or overwritten). Returns the new revision, or None when nothing changed."""
    version = promise.version
    check_editable(version)
    yours = {"title": title, "wording": wording, "plain_line": plain_line}
    head = head_revision_id(promise)
    if head != base_revision_id:
        raise EditConflict(db().get(Revision, head), yours)
    theme = theme or promise.theme
    if theme.version_id != version.id:
        raise PledgeError("Choose a theme in this draft")
    unchanged = (
        promise.title == title
        and promise.wording == wording
        and promise.plain_line == plain_line
        and {p.id for p in promise.owners} == {p.id for p in owners}
        and promise.theme_id == theme.id
    )
    if unchanged:
        return None
    if promise.theme_id != theme.id:
        promise.position = _next_position(theme.promises)
    promise.title, promise.wording, promise.plain_line, promise.theme = title, wording, plain_line, theme
    promise.owners = list(owners)
    revision = _revision(version, by, RevisionKind.MERGED if merged else RevisionKind.EDITED, promise=promise)
    try:
        db().commit()  # the UPDATE checks edit_count: a save racing this one from the same revision fails here
    except StaleDataError:
        db().rollback()
        fresh = db().get(VersionPromise, promise.id)
        db().refresh(fresh)
        raise EditConflict(db().get(Revision, head_revision_id(fresh)), yours) from None
    return revision


def move_promise(promise, direction, by):
    check_editable(promise.version)
    _swap([p for p in promise.theme.promises if p.removed_at is None], promise, direction)
    _revision(promise.version, by, RevisionKind.MOVED, promise=promise)
    db().commit()


def remove_promise(promise, by):
    """Take a promise out of a draft; it and its history are kept (and it can be seen in the comparison)."""
    check_editable(promise.version)
    promise.removed_at = now()
    _revision(promise.version, by, RevisionKind.REMOVED, promise=promise)
    db().commit()


def revisions_of(promise):
    return (
        db()
        .scalars(
            select(Revision)
            .where(Revision.version_promise_id == promise.id)
            .order_by(Revision.id)
            .options(selectinload(Revision.author), selectinload(Revision.accepted_by))
        )
        .all()
    )


def version_revisions(version, limit=20):
    return (
        db()
        .scalars(
            select(Revision)
            .where(Revision.version_id == version.id)
            .order_by(Revision.id.desc())
            .limit(limit)
            .options(selectinload(Revision.author))
        )
        .all()
    )


# --- Comparing ---------------------------------------------------------------------------------------------------

TEXT_FIELDS = (("title", "Short title"), ("wording", "Promise"), ("plain_line", "What this means for you"))


def compare_texts(old, new):
    """(label, changes) for each text field of two promise texts (revisions or version promises); either may be
    None (added or removed)."""
    rows = []
    for name, label in TEXT_FIELDS:
        before = getattr(old, name) if old is not None else ""
        after = getattr(new, name) if new is not None else ""
        rows.append((label, word_diff(before, after)))
    if isinstance(old, Amendment) or isinstance(new, Amendment):
        return rows  # a suggestion changes the words only
    rows.append(("Who makes this promise", word_diff(_owners_text(old), _owners_text(new))))
    return rows


def _owners_text(text):
    if text is None:
        return ""
    if isinstance(text, VersionPromise):
        return _owner_names(text.owners)
    return text.owner_names or ""


@dataclass
class PromiseComparison:
    theme: str
    old: VersionPromise | None
    new: VersionPromise | None
    rows: list

    @property
    def status(self):
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        if any(change.kind != "same" for _label, changes in self.rows for change in changes):
            return "changed"
        return "unchanged"


def compare_versions(old_version, new_version):
    """Promise by promise (matched by identity), what changed from old_version to new_version; old_version may be
    None (everything is added)."""
    old_by_identity = {p.promise_id: p for p in (live_promises(old_version) if old_version else [])}
    comparisons = []
    for theme in themes_with_promises(new_version):
        for promise in theme.live_promises:
            old = old_by_identity.pop(promise.promise_id, None)
            comparisons.append(PromiseComparison(theme.title, old, promise, compare_texts(old, promise)))
    for old in old_by_identity.values():
        comparisons.append(PromiseComparison(old.theme.title, old, None, compare_texts(old, None)))
    return comparisons


# --- Amendments --------------------------------------------------------------------------------------------------


def suggest_amendment(promise, by, *, title, wording, plain_line, why=""):
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
    db().add(amendment)
    db().commit()
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
    revision = _revision(
        promise.version, amendment.suggested_by, RevisionKind.AMENDMENT, promise=promise, accepted_by=by
    )
    db().flush()
    amendment.status = AmendmentStatus.ACCEPTED
    amendment.decided_by_id, amendment.decided_at, amendment.revision_id = by.id, now(), revision.id
    try:
        db().commit()
    except StaleDataError:
        db().rollback()
        raise PledgeError("Someone saved this promise at the same moment. Look at it again, then decide.") from None
    return revision


def reject_amendment(amendment, by, reason):
    _check_decidable(amendment, by)
    if not reason:
        raise PledgeError("Enter why the suggestion is not being used")
    amendment.status = AmendmentStatus.REJECTED
    amendment.decided_by_id, amendment.decided_at, amendment.rejection_reason = by.id, now(), reason
    db().commit()


def pending_amendments(version):
    return (
        db()
        .scalars(
            select(Amendment)
            .join(VersionPromise)
            .where(VersionPromise.version_id == version.id, Amendment.status == AmendmentStatus.PENDING)
            .order_by(Amendment.id)
        )
        .all()
    )


# --- Comments and moderation -------------------------------------------------------------------------------------


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
    db().add(comment)
    db().flush()
    comment.events.append(CommentEvent(at=now(), action="posted", by_user_id=comment.author_id))
    db().commit()
    return comment


def shown_comments(promise):
    return (
        db()
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
    db().commit()


MODERATION = {
    # action: (statuses it applies to, the status after, a reason needed)
    "approve": ({CommentStatus.HELD}, CommentStatus.SHOWN, False),
    "hide": ({CommentStatus.HELD, CommentStatus.SHOWN}, CommentStatus.HIDDEN, True),
    "restore": ({CommentStatus.HIDDEN}, CommentStatus.SHOWN, True),
    "keep": ({CommentStatus.SHOWN}, CommentStatus.SHOWN, False),  # a report looked at: the comment stays
}


def moderate(comment, action, by, reason=""):
    """Approve, hide, restore or keep (after a report) a comment; every decision is kept with its reason."""
    if action not in MODERATION:
        raise PledgeError("Choose what to do with the comment")
    allowed, after, needs_reason = MODERATION[action]
    if comment.status not in allowed:
        raise PledgeError(f"This comment is {comment.status.value}, so it cannot be given that decision")
    if needs_reason and not reason:
        raise PledgeError("Enter the reason")
    comment.status = after
    if action == "keep":
        comment.reports = 0
    comment.events.append(CommentEvent(at=now(), action=action, reason=reason or "", by_user_id=by.id))
    db().commit()


def moderation_queue():
    """Held comments, reported ones still shown, and hidden ones (which can be restored), oldest first."""
    comments = (
        db()
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


# --- Consultation ------------------------------------------------------------------------------------------------


def open_consultation(version, closes_on, by):
    """Open a draft for anyone with the link until closes_on (or move the closing date)."""
    check_editable(version)
    if closes_on <= date.today():
        raise PledgeError("The closing date must be in the future")
    consultation = version.consultation
    if consultation is None:
        consultation = Consultation(
            version=version,
            token=secrets.token_urlsafe(16),
            opened_by_id=by.id,
            opened_at=now(),
            closes_on=closes_on,
        )
        db().add(consultation)
    else:
        consultation.closes_on = closes_on
    db().commit()
    return consultation


def consultation_for(token):
    """The consultation with this link, or None."""
    if not token or len(token) > 64:
        return None
    return db().scalar(select(Consultation).where(Consultation.token == token))


def consultation_is_open(consultation, today=None):
    return (
        consultation is not None
        and consultation.version.status == VersionStatus.DRAFT
        and (today or date.today()) <= consultation.closes_on
    )


def record_answer(consultation, promise, device, answer):
    """One answer per device per promise: a second answer replaces the first."""
    if not consultation_is_open(consultation):
        raise PledgeError("This consultation has closed")
    if promise.version_id != consultation.version_id or promise.removed_at is not None:
        raise PledgeError("That promise is not in this consultation")
    answer = Answer(answer)
    query = select(ConsultationAnswer).where(
        ConsultationAnswer.consultation_id == consultation.id,
        ConsultationAnswer.version_promise_id == promise.id,
        ConsultationAnswer.device == device,
    )
    existing = db().scalar(query)
    if existing is None:
        db().add(
            ConsultationAnswer(
                consultation_id=consultation.id,
                version_promise_id=promise.id,
                device=device,
                answer=answer,
                answered_at=now(),
            )
        )
        try:
            db().commit()
            return
        except IntegrityError:  # the same device answered twice at once: keep one, with this answer
            db().rollback()
            existing = db().scalar(query)
    existing.answer, existing.answered_at = answer, now()
    db().commit()


def answers_of_device(consultation, device):
    rows = db().scalars(
        select(ConsultationAnswer).where(
            ConsultationAnswer.consultation_id == consultation.id, ConsultationAnswer.device == device
        )
    )
    return {row.version_promise_id: row.answer for row in rows}


def consultation_results(version):
    """{version_promise_id: {Answer: count}} for a version's consultation."""
    results = {}
    if version.consultation is None:
        return results
    rows = db().execute(
        select(ConsultationAnswer.version_promise_id, ConsultationAnswer.answer, func.count())
        .where(ConsultationAnswer.consultation_id == version.consultation.id)
        .group_by(ConsultationAnswer.version_promise_id, ConsultationAnswer.answer)
    )
    for promise_id, answer, count in rows:
        results.setdefault(promise_id, dict.fromkeys(Answer, 0))[Answer(answer)] = count
    return results


# --- Sign-off and publishing -------------------------------------------------------------------------------------


def submit_for_review(version, by):
    check_editable(version)
    if not live_promises(version):
        raise PledgeError("Add at least one promise before sending the draft for review")
    version.status = VersionStatus.IN_REVIEW
    version.submitted_at = now()
    db().commit()


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
    db().commit()


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
        db().flush()
    version.status = VersionStatus.PUBLISHED
    version.published_at = at
    version.published_by_id = by.id
    db().commit()


def approval_date(version):
    decisions = [s for s in version.sign_offs if s.decision == Decision.APPROVED]
    return decisions[-1].decided_on if decisions else None


def user_name(user_id):
    user = db().get(User, user_id) if user_id else None
    return user.name if user else "Someone"
