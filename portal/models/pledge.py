"""The Pledge and how it is written: versions (draft to archived), themes, promises, every save as a revision,
amendments, moderated comments, consultation answers and the Corporate Parenting Advisory Panel's sign-off.

A promise has two parts:
- `Promise` (table `promises`) is its IDENTITY. It never changes and is shared by every version of the Pledge that
  contains the promise, so monitoring plans, partner updates, "is it kept for you" answers and complaints
  (`cases.promise_id`) point at it and keep pointing at it when the wording changes.
- `VersionPromise` (table `version_promises`) is the promise AS WRITTEN IN ONE VERSION: short title, wording, the
  plain-language "what this means for you" line, its owner partners, its theme and place in it.

The promises of the Pledge people can see now are the `VersionPromise` rows of the one version whose status is
`published` (see portal.published: published_version, published_promises).
Published and archived versions never change: the Pledge's services refuse it (portal.pledge.versions.check_editable),
and a before_flush hook here refuses it again for anything that reaches the database another way.
"""

import enum
from datetime import date, datetime

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    func,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from portal.db import Base, string_enum
from portal.models.accounts import Partner, User


class VersionStatus(enum.StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    PUBLISHED = "published"
    ARCHIVED = "archived"

    @property
    def label(self):
        return {
            "draft": "Draft",
            "in_review": "In review",
            "approved": "Approved",
            "published": "Published",
            "archived": "Archived",
        }[self.value]


# Versions in these states can never change again.
LOCKED_STATUSES = frozenset({VersionStatus.PUBLISHED, VersionStatus.ARCHIVED})


class RevisionKind(enum.StrEnum):
    CREATED = "created"  # a promise or theme added
    EDITED = "edited"  # a save by an editor
    MERGED = "merged"  # a save after a conflict, merged by hand or taking the other text
    AMENDMENT = "amendment"  # an accepted amendment: credited to the person who suggested it
    MOVED = "moved"  # reordered or moved to another theme
    REMOVED = "removed"  # taken out of the draft (kept, with its history)
    COPIED = "copied"  # carried into a new draft from the version it was started from


class AmendmentStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class CommentStatus(enum.StrEnum):
    HELD = "held"  # waiting for the participation officer
    SHOWN = "shown"
    HIDDEN = "hidden"


class Answer(enum.StrEnum):
    MATTERS = "matters"
    NOT_SURE = "not_sure"
    DOES_NOT_MATTER = "does_not_matter"

    @property
    def label(self):
        return {"matters": "Matters to me", "not_sure": "Not sure", "does_not_matter": "Doesn't matter"}[self.value]


class Decision(enum.StrEnum):
    APPROVED = "approved"
    CHANGES_ASKED = "changes_asked"

    @property
    def label(self):
        return {"approved": "Approved", "changes_asked": "Changes asked"}[self.value]


class AnswersYoungPeople:
    """What young people said that a change answers (a promise's evidence, or a theme or service area complaints raise
    with no promise cited), and the drafting team's one plain sentence about why, shown on the published Pledge as
    "you said, we changed it". An amendment carries it until accepted; the promise then keeps it through every later
    save, sign-off and publishing. A new draft copied from a published version starts without it: it tells what
    changed in that version."""

    answers_promise_id: Mapped[int | None] = mapped_column(ForeignKey("promises.id"))
    answers_theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"))
    answers_area_id: Mapped[int | None] = mapped_column(ForeignKey("service_areas.id"))
    you_said: Mapped[str | None] = mapped_column(Text)

    @property
    def answers(self):
        """("promise" | "theme" | "area", id), or None when the change answers nothing young people said."""
        for kind in ("promise", "theme", "area"):
            if getattr(self, f"answers_{kind}_id") is not None:
                return kind, getattr(self, f"answers_{kind}_id")
        return None

    @answers.setter
    def answers(self, value):
        kind, id_ = value or (None, None)
        for each in ("promise", "theme", "area"):
            setattr(self, f"answers_{each}_id", id_ if each == kind else None)


class Pledge(Base):
    """The council's Pledge to children in care, through all its versions."""

    __tablename__ = "pledges"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    versions: Mapped[list["PledgeVersion"]] = relationship(back_populates="pledge", order_by="PledgeVersion.number")
    promises: Mapped[list["Promise"]] = relationship(back_populates="pledge", order_by="Promise.id")


class PledgeVersion(Base):
    """One version of the Pledge: a draft being written, in review, approved, published (at most one) or archived."""

    __tablename__ = "pledge_versions"
    __table_args__ = (UniqueConstraint("pledge_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pledge_id: Mapped[int] = mapped_column(ForeignKey("pledges.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    introduction: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[VersionStatus] = mapped_column(string_enum(VersionStatus), default=VersionStatus.DRAFT, index=True)
    # The version this draft was started from (None when started from nothing).
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("pledge_versions.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    pledge: Mapped[Pledge] = relationship(back_populates="versions")
    based_on: Mapped["PledgeVersion | None"] = relationship(remote_side="PledgeVersion.id")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    themes: Mapped[list["Theme"]] = relationship(back_populates="version", order_by="Theme.position")
    promises: Mapped[list["VersionPromise"]] = relationship(
        back_populates="version", order_by="VersionPromise.position"
    )
    sign_offs: Mapped[list["SignOff"]] = relationship(back_populates="version", order_by="SignOff.id")
    consultation: Mapped["Consultation | None"] = relationship(back_populates="version")

    @property
    def locked(self):
        return self.status in LOCKED_STATUSES

    @property
    def approval(self):
        """The panel's latest decision, or None."""
        return self.sign_offs[-1] if self.sign_offs else None


class Theme(Base):
    """A heading in one version ("Keeping healthy"), holding promises in order."""

    __tablename__ = "pledge_themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("pledge_versions.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer)
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    version: Mapped[PledgeVersion] = relationship(back_populates="themes")
    promises: Mapped[list["VersionPromise"]] = relationship(back_populates="theme", order_by="VersionPromise.position")


class Promise(Base):
    """A promise's identity, the same in every version that has it. Point monitoring and complaints here."""

    __tablename__ = "promises"

    id: Mapped[int] = mapped_column(primary_key=True)
    pledge_id: Mapped[int] = mapped_column(ForeignKey("pledges.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    pledge: Mapped[Pledge] = relationship(back_populates="promises")
    texts: Mapped[list["VersionPromise"]] = relationship(
        back_populates="promise", order_by="VersionPromise.id", foreign_keys="VersionPromise.promise_id"
    )


version_promise_owners = Table(
    "version_promise_owners",
    Base.metadata,
    Column("version_promise_id", ForeignKey("version_promises.id"), primary_key=True),
    Column("partner_id", ForeignKey("partners.id"), primary_key=True),
)


class VersionPromise(AnswersYoungPeople, Base):
    """A promise as written in one version: its words, its plain-language line, its owners and its place."""

    __tablename__ = "version_promises"
    __table_args__ = (UniqueConstraint("version_id", "promise_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("pledge_versions.id"), index=True)
    promise_id: Mapped[int] = mapped_column(ForeignKey("promises.id"), index=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("pledge_themes.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(120))
    wording: Mapped[str] = mapped_column(Text)  # a small Markdown subset, cleaned with nh3 when shown
    plain_line: Mapped[str] = mapped_column(Text)  # "what this means for you"
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Counts saves; SQLAlchemy checks it on every UPDATE, so two saves racing from the same revision cannot both win.
    edit_count: Mapped[int] = mapped_column(Integer, default=0)

    version: Mapped[PledgeVersion] = relationship(back_populates="promises")
    promise: Mapped[Promise] = relationship(back_populates="texts", foreign_keys=[promise_id])
    theme: Mapped[Theme] = relationship(back_populates="promises")
    owners: Mapped[list[Partner]] = relationship(secondary=version_promise_owners, order_by=Partner.name)
    revisions: Mapped[list["Revision"]] = relationship(back_populates="version_promise", order_by="Revision.id")
    amendments: Mapped[list["Amendment"]] = relationship(back_populates="version_promise", order_by="Amendment.id")
    comments: Mapped[list["Comment"]] = relationship(back_populates="version_promise", order_by="Comment.id")

    __mapper_args__ = {"version_id_col": edit_count}

    @property
    def head_revision(self):
        return self.revisions[-1] if self.revisions else None


class Revision(Base):
    """One save in a draft: who, when, and the full text after it. Append-only.
    A promise's revisions have version_promise_id; a theme's have theme_id and only a title."""

    __tablename__ = "pledge_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("pledge_versions.id"), index=True)
    version_promise_id: Mapped[int | None] = mapped_column(ForeignKey("version_promises.id"), index=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("pledge_themes.id"), index=True)
    kind: Mapped[RevisionKind] = mapped_column(string_enum(RevisionKind))
    # The author is credited: for an accepted amendment, the person who suggested it.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    title: Mapped[str] = mapped_column(String(120))
    wording: Mapped[str] = mapped_column(Text, default="")
    plain_line: Mapped[str] = mapped_column(Text, default="")
    theme_title: Mapped[str] = mapped_column(String(120), default="")
    owner_names: Mapped[str] = mapped_column(Text, default="")  # owners at this save, "; "-separated
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    version_promise: Mapped[VersionPromise | None] = relationship(back_populates="revisions")
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    accepted_by: Mapped[User | None] = relationship(foreign_keys=[accepted_by_id])


class Amendment(AnswersYoungPeople, Base):
    """A change to a promise suggested by a Role Model Army member; accepted (a revision credited to them) or
    rejected with a reason."""

    __tablename__ = "amendments"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_promise_id: Mapped[int] = mapped_column(ForeignKey("version_promises.id"), index=True)
    suggested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    suggested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    base_revision_id: Mapped[int | None] = mapped_column(ForeignKey("pledge_revisions.id"))
    title: Mapped[str] = mapped_column(String(120))
    wording: Mapped[str] = mapped_column(Text)
    plain_line: Mapped[str] = mapped_column(Text)
    why: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[AmendmentStatus] = mapped_column(string_enum(AmendmentStatus), default=AmendmentStatus.PENDING)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    # The revision the accepted amendment became (its author is the person who suggested it).
    revision_id: Mapped[int | None] = mapped_column(ForeignKey("pledge_revisions.id"))

    version_promise: Mapped[VersionPromise] = relationship(back_populates="amendments")
    suggested_by: Mapped[User] = relationship(foreign_keys=[suggested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    base_revision: Mapped[Revision | None] = relationship(foreign_keys=[base_revision_id])
    revision: Mapped[Revision | None] = relationship(foreign_keys=[revision_id])


class Comment(Base):
    """A comment on a draft promise. Young people's comments (Role Model Army, consultation) wait as HELD until the
    participation officer approves them; moderation is recorded in CommentEvent, never overwritten."""

    __tablename__ = "pledge_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_promise_id: Mapped[int] = mapped_column(ForeignKey("version_promises.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: a consultation participant
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultations.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[CommentStatus] = mapped_column(string_enum(CommentStatus), index=True)
    # What looks like personal details ("phone", "email", "address"), comma-separated, for the moderator.
    flags: Mapped[str] = mapped_column(String(100), default="")
    reports: Mapped[int] = mapped_column(Integer, default=0)

    version_promise: Mapped[VersionPromise] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship()
    events: Mapped[list["CommentEvent"]] = relationship(back_populates="comment", order_by="CommentEvent.id")


class CommentEvent(Base):
    """Something that happened to a comment: approved, reported, hidden, restored, with the reason. Append-only."""

    __tablename__ = "pledge_comment_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("pledge_comments.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    action: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    comment: Mapped[Comment] = relationship(back_populates="events")
    by_user: Mapped[User | None] = relationship()


class Consultation(Base):
    """A draft opened to anyone with the link until the closing date."""

    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("pledge_versions.id"), unique=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)  # the secret part of the link to share
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closes_on: Mapped[date] = mapped_column(Date)

    version: Mapped[PledgeVersion] = relationship(back_populates="consultation")


class ConsultationAnswer(Base):
    """One device's answer about one promise. The device is a random id in a signed cookie: one answer per device
    per promise, changeable; nothing else about the device is kept."""

    __tablename__ = "consultation_answers"
    __table_args__ = (UniqueConstraint("consultation_id", "version_promise_id", "device"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    version_promise_id: Mapped[int] = mapped_column(ForeignKey("version_promises.id"), index=True)
    device: Mapped[str] = mapped_column(String(64))
    answer: Mapped[Answer] = mapped_column(string_enum(Answer))
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SignOff(Base):
    """The Corporate Parenting Advisory Panel's decision on a version in review."""

    __tablename__ = "pledge_sign_offs"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("pledge_versions.id"), index=True)
    decision: Mapped[Decision] = mapped_column(string_enum(Decision))
    decided_on: Mapped[date] = mapped_column(Date)
    meeting_reference: Mapped[str] = mapped_column(String(100))
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    version: Mapped[PledgeVersion] = relationship(back_populates="sign_offs")


class PromiseTranslation(Base):
    """A promise's words in another language, stored against the version promise it translates. It is out of date
    when the English it was made from (source_digest, see portal.pledge) is no longer the promise's English. Published
    versions never change, but a translation may be added to one: so the link is one way (a collection on
    VersionPromise would mark the locked row changed)."""

    __tablename__ = "promise_translations"
    __table_args__ = (UniqueConstraint("version_promise_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_promise_id: Mapped[int] = mapped_column(ForeignKey("version_promises.id"), index=True)
    language: Mapped[str] = mapped_column(String(16))  # a code from the LANGUAGES setting, like "fa-AF"
    title: Mapped[str] = mapped_column(String(200))
    wording: Mapped[str] = mapped_column(Text)
    plain_line: Mapped[str] = mapped_column(Text)
    source_digest: Mapped[str] = mapped_column(String(64))  # the English title, wording and line it was made from
    made_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    made_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # a fluent reader checked it
    checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    version_promise: Mapped[VersionPromise] = relationship(foreign_keys=[version_promise_id])
    made_by: Mapped[User] = relationship(foreign_keys=[made_by_id])
    checked_by: Mapped[User | None] = relationship(foreign_keys=[checked_by_id])


class LockedVersionError(RuntimeError):
    """A published or archived version, or its themes and promises, cannot change."""


class AppendOnlyPledgeError(RuntimeError):
    pass


def _version_of(obj):
    if isinstance(obj, PledgeVersion):
        return None  # its own status change (published -> archived) is checked by the services
    if isinstance(obj, Theme | VersionPromise):
        return obj.version
    return None


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_locked_versions(session, _context, _instances):
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, Revision | CommentEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise AppendOnlyPledgeError("Pledge revisions and comment history cannot be changed or deleted")
        version = _version_of(obj)
        if version is not None and version.locked and (obj in session.deleted or session.is_modified(obj)):
            raise LockedVersionError("A published or archived version of the Pledge cannot change")
    for obj in session.new:
        version = _version_of(obj)
        if version is not None and version.locked:
            raise LockedVersionError("A published or archived version of the Pledge cannot change")
