"""Writing a draft of the Pledge: themes and promises added, moved, edited and removed, every save a revision, and
an edit made from an old revision refused as a conflict rather than lost."""

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from portal.clock import now
from portal.db import get_session
from portal.models import Role
from portal.models.pledge import (
    Pledge,
    PledgeVersion,
    Promise,
    Revision,
    RevisionKind,
    Theme,
    VersionPromise,
    VersionStatus,
)
from portal.pledge.versions import PledgeError, check_editable
from portal.published import themes_with_promises

PLEDGE_NAME = "Our Pledge"
EDITOR_ROLES = frozenset({Role.RMA_MEMBER, Role.PARTICIPATION_OFFICER})


def the_pledge():
    pledge = get_session().scalar(select(Pledge).order_by(Pledge.id).limit(1))
    if pledge is None:
        pledge = Pledge(name=PLEDGE_NAME)
        get_session().add(pledge)
        get_session().flush()
    return pledge


def owner_names(owners):
    return "; ".join(sorted(partner.name for partner in owners))


def add_revision(version, by, kind, *, promise=None, theme=None, accepted_by=None):
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
            owner_names=owner_names(promise.owners),
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
    get_session().add(revision)
    return revision


def start_draft(by, from_version=None, title=None):
    """A new draft, empty or a copy of from_version (its promises keep their identities)."""
    pledge = the_pledge()
    number = (
        get_session().scalar(select(func.max(PledgeVersion.number)).where(PledgeVersion.pledge_id == pledge.id)) or 0
    ) + 1
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
    get_session().add(version)
    get_session().flush()
    if from_version is not None:
        for theme in themes_with_promises(from_version):
            new_theme = Theme(version=version, title=theme.title, position=theme.position)
            get_session().add(new_theme)
            get_session().flush()
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
                get_session().add(copy)
                get_session().flush()
                add_revision(version, by, RevisionKind.COPIED, promise=copy)
    get_session().commit()
    return version


def _next_position(items):
    return max((item.position for item in items), default=0) + 1


def add_theme(version, title, by):
    check_editable(version)
    theme = Theme(version=version, title=title, position=_next_position(version.themes))
    get_session().add(theme)
    get_session().flush()
    add_revision(version, by, RevisionKind.CREATED, theme=theme)
    get_session().commit()
    return theme


def rename_theme(theme, title, by):
    check_editable(theme.version)
    if theme.title == title:
        return theme
    theme.title = title
    add_revision(theme.version, by, RevisionKind.EDITED, theme=theme)
    get_session().commit()
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
    add_revision(theme.version, by, RevisionKind.MOVED, theme=theme)
    get_session().commit()


def remove_theme(theme, by):
    check_editable(theme.version)
    if any(promise.removed_at is None for promise in theme.promises):
        raise PledgeError("Move or remove the promises in this theme first")
    theme.removed_at = now()
    add_revision(theme.version, by, RevisionKind.REMOVED, theme=theme)
    get_session().commit()


def set_answers(item, answers, you_said):
    """What young people said that a promise or a suggested change answers, and why it changed: the sentence is kept
    only with something it answers."""
    item.answers = answers
    item.you_said = (you_said or None) if answers else None


def add_promise(version, theme, title, wording, plain_line, owners, by, answers=None, you_said=None):
    """A new promise (a new identity) at the end of theme; `answers`, what young people said that it answers."""
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
    set_answers(promise, answers, you_said)
    get_session().add(promise)
    get_session().flush()
    add_revision(version, by, RevisionKind.CREATED, promise=promise)
    get_session().commit()
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
    return get_session().scalar(select(func.max(Revision.id)).where(Revision.version_promise_id == promise.id))


def save_promise(
    promise,
    base_revision_id,
    by,
    *,
    title,
    wording,
    plain_line,
    owners,
    theme=None,
    merged=False,
    answers=None,
    you_said=None,
):
    """Save an edit made from revision base_revision_id. If anyone saved since, raise EditConflict (nothing is
    lost or overwritten). Returns the new revision, or None when nothing changed."""
    version = promise.version
    check_editable(version)
    yours = {"title": title, "wording": wording, "plain_line": plain_line}
    head = head_revision_id(promise)
    if head != base_revision_id:
        raise EditConflict(get_session().get(Revision, head), yours)
    theme = theme or promise.theme
    if theme.version_id != version.id:
        raise PledgeError("Choose a theme in this draft")
    unchanged = (
        promise.title == title
        and promise.wording == wording
        and promise.plain_line == plain_line
        and {p.id for p in promise.owners} == {p.id for p in owners}
        and promise.theme_id == theme.id
        and promise.answers == answers
        and promise.you_said == ((you_said or None) if answers else None)
    )
    if unchanged:
        return None
    if promise.theme_id != theme.id:
        promise.position = _next_position(theme.promises)
    promise.title, promise.wording, promise.plain_line, promise.theme = title, wording, plain_line, theme
    promise.owners = list(owners)
    set_answers(promise, answers, you_said)
    revision = add_revision(version, by, RevisionKind.MERGED if merged else RevisionKind.EDITED, promise=promise)
    try:
        get_session().commit()  # the UPDATE checks edit_count: a save racing this one from the same revision fails here
    except StaleDataError:
        get_session().rollback()
        fresh = get_session().get(VersionPromise, promise.id)
        get_session().refresh(fresh)
        raise EditConflict(get_session().get(Revision, head_revision_id(fresh)), yours) from None
    return revision


def move_promise(promise, direction, by):
    check_editable(promise.version)
    _swap([p for p in promise.theme.promises if p.removed_at is None], promise, direction)
    add_revision(promise.version, by, RevisionKind.MOVED, promise=promise)
    get_session().commit()


def remove_promise(promise, by):
    """Take a promise out of a draft; it and its history are kept (and it can be seen in the comparison)."""
    check_editable(promise.version)
    promise.removed_at = now()
    add_revision(promise.version, by, RevisionKind.REMOVED, promise=promise)
    get_session().commit()


def revisions_of(promise):
    return (
        get_session()
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
        get_session()
        .scalars(
            select(Revision)
            .where(Revision.version_id == version.id)
            .order_by(Revision.id.desc())
            .limit(limit)
            .options(selectinload(Revision.author))
        )
        .all()
    )
