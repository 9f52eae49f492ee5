"""The Pledge's rules, tested through the services without HTTP."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.clock import london_today
from portal.db import get_session
from portal.models import Case
from portal.models.pledge import (
    AmendmentStatus,
    AppendOnlyPledgeError,
    CommentStatus,
    LockedVersionError,
    RevisionKind,
    VersionPromise,
    VersionStatus,
)
from portal.pledge import amendments, comments, comparing, consultations, drafting, versions
from portal.published import (
    live_promises,
    published_promises,
    published_text_of,
    published_themes,
    published_version,
    themes_with_promises,
)
from tests.pledge.conftest import build_draft, sign_off_and_publish


def test_published_version_refuses_changes_in_the_services(people, published):
    version, (promise, other) = published
    theme = promise.theme
    head = drafting.head_revision_id(promise)
    attempts = [
        lambda: drafting.save_promise(
            promise, head, people.rma, title="New", wording="w", plain_line="p", owners=[people.school]
        ),
        lambda: drafting.add_theme(version, "Another theme", people.rma),
        lambda: drafting.rename_theme(theme, "Renamed", people.rma),
        lambda: drafting.move_theme(theme, "down", people.rma),
        lambda: drafting.add_promise(version, theme, "t", "w", "p", [people.school], people.rma),
        lambda: drafting.move_promise(promise, "down", people.rma),
        lambda: drafting.remove_promise(promise, people.rma),
        lambda: amendments.suggest_amendment(promise, people.rma, title="t", wording="w", plain_line="p"),
        lambda: comments.add_comment(promise, "A comment", author=people.rma),
        lambda: consultations.open_consultation(version, london_today() + timedelta(days=7), people.officer),
        lambda: versions.submit_for_review(version, people.rma),
        lambda: versions.record_sign_off(version, "approved", london_today(), "X", "", people.officer),
        lambda: versions.publish(version, people.officer),
    ]
    for attempt in attempts:
        with pytest.raises(LockedVersionError):
            attempt()
    get_session().rollback()
    get_session().refresh(promise)
    assert promise.title == "Help you learn"
    assert len(drafting.revisions_of(promise)) == 1


def test_a_published_promise_changed_behind_the_services_back_is_refused_at_flush(people, published):
    _version, (promise, _other) = published
    promise.title = "Changed without asking"
    with pytest.raises(LockedVersionError):
        get_session().commit()
    get_session().rollback()


def test_revisions_are_append_only(people):
    _version, (promise, _other) = build_draft(people)
    revision = drafting.revisions_of(promise)[0]
    revision.title = "Rewritten history"
    with pytest.raises(AppendOnlyPledgeError):
        get_session().commit()
    get_session().rollback()


def test_publishing_archives_the_version_published_before(people, published):
    first, _promises = published
    second = drafting.start_draft(people.rma, first)
    sign_off_and_publish(second, people)
    assert first.status == VersionStatus.ARCHIVED and first.archived_at is not None
    assert second.status == VersionStatus.PUBLISHED
    assert published_version() == second
    with pytest.raises(LockedVersionError):
        drafting.add_theme(first, "Too late", people.rma)


def test_only_an_approved_version_can_be_published(people):
    version, _promises = build_draft(people)
    with pytest.raises(versions.PledgeError):
        versions.publish(version, people.officer)
    versions.submit_for_review(version, people.rma)
    with pytest.raises(versions.PledgeError):
        versions.publish(version, people.officer)


def test_panel_asking_for_changes_sends_the_version_back_to_draft_and_keeps_the_decision(people):
    version, (promise, _other) = build_draft(people)
    versions.submit_for_review(version, people.rma)
    with pytest.raises(versions.NotADraftError):
        drafting.add_theme(version, "Not while in review", people.rma)
    versions.record_sign_off(
        version, "changes_asked", date(2026, 5, 1), "CPAP 7", "Say more on housing", people.officer
    )
    assert version.status == VersionStatus.DRAFT
    assert [(s.decision.value, s.meeting_reference) for s in version.sign_offs] == [("changes_asked", "CPAP 7")]
    drafting.add_theme(version, "Now it can change", people.rma)


def test_a_new_draft_from_the_published_version_keeps_each_promise_identity(people, published):
    first, promises = published
    draft = drafting.start_draft(people.rma, first)
    copies = live_promises(draft)
    assert [c.promise_id for c in copies] == [p.promise_id for p in promises]
    assert [c.id for c in copies] != [p.id for p in promises]
    assert [o.name for o in copies[0].owners] == ["Virtual School"]
    assert drafting.revisions_of(copies[0])[0].kind == RevisionKind.COPIED


def test_published_themes_lists_the_published_promises_in_order(people, published):
    _version, promises = published
    themes = published_themes()
    assert [t.title for t in themes] == ["A good education", "Keeping healthy"]
    assert [p.promise_id for p in published_promises()] == [p.promise_id for p in promises]
    assert published_text_of(promises[1].promise_id).title == "Look after your health"


def test_nothing_is_published_at_first(people):
    build_draft(people)
    assert published_version() is None
    assert published_themes() == [] and published_promises() == []


def test_every_save_is_a_revision_with_author_time_and_text(people):
    _version, (promise, _other) = build_draft(people)
    drafting.save_promise(
        promise,
        drafting.head_revision_id(promise),
        people.rma2,
        title="Help you learn",
        wording="We will help you learn at school and college.",
        plain_line="We help you at school.",
        owners=[people.school, people.health],
    )
    first, second = drafting.revisions_of(promise)
    assert (first.kind, first.author_id) == (RevisionKind.CREATED, people.rma.id)
    assert (second.kind, second.author_id) == (RevisionKind.EDITED, people.rma2.id)
    assert second.wording == "We will help you learn at school and college." and second.at is not None
    assert second.owner_names == "Health Team; Virtual School"
    changes = dict(comparing.compare_texts(first, second))
    assert [c.text for c in changes["Promise"] if c.kind == "removed"] == ["**", "** "]
    assert [c.text for c in changes["Promise"] if c.kind == "added"] == ["and college"]


def test_a_save_from_an_older_revision_is_a_conflict_and_saves_nothing(people):
    _version, (promise, _other) = build_draft(people)
    base = drafting.head_revision_id(promise)
    drafting.save_promise(
        promise, base, people.rma, title="First save", wording="Riley's words", plain_line="p", owners=[people.school]
    )
    with pytest.raises(drafting.EditConflict) as conflict:
        drafting.save_promise(
            promise, base, people.rma2, title="Second", wording="Jordan's words", plain_line="p", owners=[people.school]
        )
    assert conflict.value.theirs.wording == "Riley's words"
    assert conflict.value.yours["wording"] == "Jordan's words"
    get_session().refresh(promise)
    assert promise.wording == "Riley's words"
    # Keeping theirs after seeing both: saved from the newer revision, marked as merged.
    drafting.save_promise(
        promise,
        conflict.value.theirs.id,
        people.rma2,
        title="Second",
        wording="Riley's and Jordan's words",
        plain_line="p",
        owners=[people.school],
        merged=True,
    )
    assert [r.kind for r in drafting.revisions_of(promise)][-1] == RevisionKind.MERGED


def test_a_save_racing_past_the_revision_check_is_still_caught(people, app):
    """Two workers both pass the revision check; the UPDATE's edit_count check stops the second."""
    _version, (promise, _other) = build_draft(people)
    base = drafting.head_revision_id(promise)
    with app.extensions["db_sessionmaker"]() as other_session:
        racing = other_session.get(VersionPromise, promise.id)
        racing.wording = "The other worker's words"
        other_session.commit()
    with pytest.raises(drafting.EditConflict):
        drafting.save_promise(
            promise, base, people.rma, title="t", wording="mine", plain_line="p", owners=[people.school]
        )
    assert get_session().get(type(promise), promise.id).wording == "The other worker's words"


def test_an_accepted_amendment_becomes_a_revision_credited_to_the_suggester(people):
    _version, (promise, _other) = build_draft(people)
    amendment = amendments.suggest_amendment(
        promise, people.rma2, title="Help you learn", wording="We will help you learn.", plain_line="At school."
    )
    assert amendments.pending_amendments(promise.version) == [amendment]
    with pytest.raises(versions.PledgeError):
        amendments.accept_amendment(amendment, people.rma2)  # not your own
    revision = amendments.accept_amendment(amendment, people.rma)
    assert revision.kind == RevisionKind.AMENDMENT
    assert revision.author_id == people.rma2.id and revision.accepted_by_id == people.rma.id
    assert promise.wording == "We will help you learn."
    assert amendment.status == AmendmentStatus.ACCEPTED and amendment.revision_id == revision.id
    with pytest.raises(versions.PledgeError):
        amendments.reject_amendment(amendment, people.rma, "Too late")


def test_a_rejected_amendment_needs_a_reason_and_changes_nothing(people):
    _version, (promise, _other) = build_draft(people)
    amendment = amendments.suggest_amendment(promise, people.rma2, title="T", wording="W", plain_line="P")
    with pytest.raises(versions.PledgeError):
        amendments.reject_amendment(amendment, people.officer, "")
    amendments.reject_amendment(amendment, people.officer, "We already promise this")
    assert amendment.status == AmendmentStatus.REJECTED and amendment.rejection_reason == "We already promise this"
    assert promise.wording == "We will help you **learn** at school."


def test_only_role_model_army_members_suggest_amendments(people):
    _version, (promise, _other) = build_draft(people)
    with pytest.raises(versions.PledgeError):
        amendments.suggest_amendment(promise, people.officer, title="T", wording="W", plain_line="P")


def test_young_peoples_comments_are_held_until_approved_and_staff_comments_show(people):
    _version, (promise, _other) = build_draft(people)
    young = comments.add_comment(promise, "I like it", author=people.rma)
    anonymous = comments.add_comment(promise, "Me too")
    staff = comments.add_comment(promise, "Thanks, noted", author=people.officer)
    assert (young.status, anonymous.status, staff.status) == (CommentStatus.HELD,) * 2 + (CommentStatus.SHOWN,)
    assert comments.shown_comments(promise) == [staff]
    comments.moderate(young, "approve", people.officer)
    assert comments.shown_comments(promise) == [young, staff]


def test_moderators_hide_and_restore_with_a_reason_and_the_history_is_kept(people):
    _version, (promise, _other) = build_draft(people)
    comment = comments.add_comment(promise, "Call me on 07700 900123", author=people.rma)
    assert comment.flags == "phone"
    assert comment in comments.moderation_queue()["held"]
    with pytest.raises(versions.PledgeError):
        comments.moderate(comment, "hide", people.officer, "")
    comments.moderate(comment, "hide", people.officer, "Has a phone number")
    comments.moderate(comment, "restore", people.officer, "Number removed by agreement")
    comments.report_comment(comment, "")
    assert comment in comments.moderation_queue()["reported"]
    assert [(e.action, e.reason) for e in comment.events] == [
        ("posted", ""),
        ("hide", "Has a phone number"),
        ("restore", "Number removed by agreement"),
        ("reported", ""),
    ]


def test_consultation_keeps_one_answer_per_device_per_promise_and_it_can_change(people):
    version, (promise, other) = build_draft(people)
    consultation = consultations.open_consultation(version, london_today() + timedelta(days=14), people.officer)
    consultations.record_answer(consultation, promise, "device-a", "matters")
    consultations.record_answer(consultation, promise, "device-a", "does_not_matter")
    consultations.record_answer(consultation, promise, "device-b", "matters")
    consultations.record_answer(consultation, other, "device-a", "not_sure")
    results = consultations.consultation_results(version)
    assert {a.value: n for a, n in results[promise.id].items()} == {"matters": 1, "not_sure": 0, "does_not_matter": 1}
    mine = consultations.answers_of_device(consultation, "device-a")
    assert mine == {promise.id: "does_not_matter", other.id: "not_sure"}


def test_a_closed_consultation_takes_no_answers(people):
    version, (promise, _other) = build_draft(people)
    consultation = consultations.open_consultation(version, london_today() + timedelta(days=1), people.officer)
    consultation.closes_on = london_today() - timedelta(days=1)
    get_session().commit()
    with pytest.raises(versions.PledgeError):
        consultations.record_answer(consultation, promise, "device-a", "matters")


def test_a_consultation_must_close_in_the_future(people):
    version, _promises = build_draft(people)
    with pytest.raises(versions.PledgeError):
        consultations.open_consultation(version, london_today(), people.officer)


def test_comparing_versions_matches_promises_by_identity(people, published):
    first, (learn, health) = published
    draft = drafting.start_draft(people.rma, first)
    copies = {p.promise_id: p for p in live_promises(draft)}
    learn_copy = copies[learn.promise_id]
    drafting.save_promise(
        learn_copy,
        drafting.head_revision_id(learn_copy),
        people.rma,
        title=learn_copy.title,
        wording="We will help you learn at school and college.",
        plain_line=learn_copy.plain_line,
        owners=learn_copy.owners,
    )
    drafting.remove_promise(copies[health.promise_id], people.rma)
    drafting.add_promise(draft, learn_copy.theme, "Help with money", "W", "P", [people.school], people.rma)
    statuses = {(c.new or c.old).title: c.status for c in comparing.compare_versions(first, draft)}
    assert statuses == {"Help you learn": "changed", "Look after your health": "removed", "Help with money": "added"}


def test_reordering_promises_and_themes(people):
    version, (learn, health) = build_draft(
        people,
        promises=[("Theme", "One", "w", "p"), ("Theme", "Two", "w", "p")],
    )
    drafting.move_promise(health, "up", people.rma)
    assert [p.title for p in live_promises(version)] == ["Two", "One"]
    second_theme = drafting.add_theme(version, "Second", people.rma)
    drafting.move_theme(second_theme, "up", people.rma)
    assert [t.title for t in themes_with_promises(version)] == ["Second", "Theme"]
    with pytest.raises(versions.PledgeError):
        drafting.remove_theme(learn.theme, people.rma)
    drafting.remove_theme(second_theme, people.rma)
    assert [t.title for t in themes_with_promises(version)] == ["Theme"]


def test_a_case_can_only_point_at_a_promise_that_exists(people, published, db_session):
    _version, (promise, _other) = published
    db = get_session()
    db.execute(
        Case.__table__.insert(),
        [_case_row("TU-AAAA-A1", promise.promise_id)],
    )
    db.commit()
    with pytest.raises(IntegrityError):
        db.execute(Case.__table__.insert(), [_case_row("TU-AAAA-A2", promise.promise_id + 999)])
        db.commit()
    db.rollback()
    assert db.scalar(select(Case.promise_id).where(Case.reference == "TU-AAAA-A1")) == promise.promise_id


def _case_row(reference, promise_id):
    from datetime import UTC, datetime

    return {
        "reference": reference,
        "tracking_code_hash": "x",
        "kind": "complaint",
        "channel": "web",
        "received_at": datetime.now(UTC),
        "acknowledge_by": london_today(),
        "told_by": "young_person",
        "safe_now": "yes",
        "urgent": False,
        "words": "words",
        "over_a_year_old": False,
        "reply_route": "none",
        "interpreter_needed": False,
        "status": "received",
        "promise_id": promise_id,
    }
