"""The Pledge's rules and queries. Published and archived versions never change: every function that changes a
version checks it first (check_editable) and raises LockedVersionError."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.db import get_session
from portal.models.pledge import PledgeVersion, Promise, Theme, VersionPromise, VersionStatus


def published_version():
    """The version of the Pledge people can see now, or None before anything is published."""
    return get_session().scalar(select(PledgeVersion).where(PledgeVersion.status == VersionStatus.PUBLISHED))


def published_themes():
    """The published Pledge's themes in order, each with .promises (VersionPromise rows, in order, none removed).
    A VersionPromise's .promise_id is the promise's identity; .owners are its owner partners. [] before publishing."""
    version = published_version()
    if version is None:
        return []
    return themes_with_promises(version)


def themes_with_promises(version):
    """A version's themes in order, each with its promises (removed ones left out) as .live_promises."""
    themes = (
        get_session()
        .scalars(
            select(Theme)
            .where(Theme.version_id == version.id)
            .order_by(Theme.position)
            .options(selectinload(Theme.promises).selectinload(VersionPromise.owners))
        )
        .all()
    )
    for theme in themes:
        theme.live_promises = [p for p in theme.promises if p.removed_at is None]
    return themes


def published_promises():
    """The published Pledge's promises (VersionPromise rows) in theme order; [] before publishing."""
    return [promise for theme in published_themes() for promise in theme.live_promises]


def published_text_of(promise_id):
    """The published wording (VersionPromise) of the promise with this identity, or None if it is not in the
    published Pledge."""
    return get_session().scalar(
        select(VersionPromise)
        .join(PledgeVersion, VersionPromise.version_id == PledgeVersion.id)
        .where(
            VersionPromise.promise_id == promise_id,
            PledgeVersion.status == VersionStatus.PUBLISHED,
            VersionPromise.removed_at.is_(None),
        )
    )


def promise_identity(promise_id):
    return get_session().get(Promise, promise_id)
