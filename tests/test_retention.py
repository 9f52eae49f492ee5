"""Retention on a hand-built set of cases: exactly the old closed ones lose their personal details, the counts the
annual reports need are unchanged, expired drafts go, and what was done is logged."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from portal.models import (
    Case,
    CaseEvent,
    CaseKind,
    CaseStatus,
    EqualityAnswers,
    Message,
    MessageState,
    Outcome,
    SecurityEvent,
    TellUsDraft,
    YoungPersonsWords,
)
from portal.retention import REMOVED_WORDS

YEAR = timedelta(days=365)


def make_case(db, number, status, last_event_at, kind=CaseKind.COMPLAINT, outcome=None):
    received = last_event_at - timedelta(days=30)
    case = Case(
        reference=f"TU-TEST-{number:02d}",
        tracking_code_hash="$argon2id$not-a-real-hash",
        kind=kind,
        received_at=received,
        acknowledge_by=date(2000, 1, 1),
        told_by="parent",
        told_by_other="Their aunt Jo",
        safe_now="yes",
        urgent=number % 2 == 0,
        words=f"Private words of case {number}",
        wanted_outcome="An apology",
        advocate_wanted="yes",
        reply_route="email",
        reply_email=f"person{number}@example.org",
        reply_via_name=None,
        interpreter_needed=True,
        language="Tigrinya",
        name=f"Person {number}",
        status=status,
        outcome=outcome,
    )
    case.add_event("received", "Received.", at=received)
    if status == CaseStatus.CLOSED:
        case.add_event("closed", "Closed.", at=last_event_at)
    case.equality = EqualityAnswers(age_band="13_to_15", gender="girl", ethnicity="black", disability="no")
    case.young_persons_words.append(YoungPersonsWords(at=received, words=f"I forgot to say, case {number}"))
    db.add(case)
    db.commit()
    return case.id


@pytest.fixture
def cases(db_session):
    """Old closed (2), recently closed (1), closed just inside six years (1), old but still open (1)."""
    return {
        "old_closed": make_case(db_session, 1, CaseStatus.CLOSED, datetime.now(UTC) - 7 * YEAR, outcome=Outcome.UPHELD),
        "older_closed": make_case(
            db_session, 2, CaseStatus.CLOSED, datetime.now(UTC) - 9 * YEAR, CaseKind.COMPLIMENT, Outcome.RESOLVED
        ),
        "recent_closed": make_case(
            db_session, 3, CaseStatus.CLOSED, datetime.now(UTC) - YEAR, outcome=Outcome.NOT_UPHELD
        ),
        "almost_six": make_case(
            db_session, 4, CaseStatus.CLOSED, datetime.now(UTC) - 6 * YEAR + timedelta(days=3), outcome=Outcome.UPHELD
        ),
        "old_open": make_case(db_session, 5, CaseStatus.STAGE_2, datetime.now(UTC) - 8 * YEAR),
    }


def report_counts(db):
    """What the annual report counts: by kind, who told us, outcome, status, urgency, advocacy, interpreter, year."""
    columns = (
        Case.kind,
        Case.told_by,
        Case.outcome,
        Case.status,
        Case.urgent,
        Case.advocate_wanted,
        Case.interpreter_needed,
        Case.received_at,
    )
    return sorted(tuple(str(value) for value in row) for row in db.execute(select(*columns)).all()), db.scalar(
        select(func.count(Case.id))
    )


def test_a_dry_run_changes_nothing_and_says_what_it_would_do(runner, cases, db_session):
    result = runner.invoke(args=["retention"])
    assert result.exit_code == 0, result.output
    assert "Would remove the personal details of 2 case(s)" in result.output and "dry run" in result.output
    assert db_session.scalar(select(func.count(Case.id)).where(Case.words == REMOVED_WORDS)) == 0
    assert db_session.scalar(select(func.count(SecurityEvent.id))) == 0


def test_apply_removes_personal_details_of_exactly_the_old_closed_cases(runner, cases, db_session):
    counts_before = report_counts(db_session)
    result = runner.invoke(args=["retention", "--apply"])
    assert result.exit_code == 0, result.output
    assert "Removed the personal details of 2 case(s)" in result.output
    db_session.expire_all()

    for name in ("old_closed", "older_closed"):
        case = db_session.get(Case, cases[name])
        assert case.words == REMOVED_WORDS
        assert (
            case.name,
            case.reply_email,
            case.reply_phone,
            case.told_by_other,
            case.wanted_outcome,
            case.language,
        ) == (
            None,
            None,
            None,
            None,
            None,
            None,
        )
        assert case.equality is None
        assert case.young_persons_words == []  # what they wrote on /track goes too
        assert case.events[-1].kind == "personal_data_removed"
    for name in ("recent_closed", "almost_six", "old_open"):
        case = db_session.get(Case, cases[name])
        assert case.words.startswith("Private words") and case.name and case.reply_email and case.equality
        assert [said.words[:16] for said in case.young_persons_words] == ["I forgot to say,"]
    assert report_counts(db_session) == counts_before
    logged = db_session.scalar(select(SecurityEvent).where(SecurityEvent.kind == "retention"))
    assert "2 case(s)" in logged.summary


def test_running_again_finds_nothing_more(runner, cases, db_session):
    runner.invoke(args=["retention", "--apply"])
    result = runner.invoke(args=["retention", "--apply"])
    assert "Removed the personal details of 0 case(s)" in result.output
    assert db_session.scalar(select(func.count(CaseEvent.id)).where(CaseEvent.kind == "personal_data_removed")) == 2


def test_the_retention_years_setting_moves_the_line(app, runner, cases, db_session):
    app.config["CASE_RETENTION_YEARS"] = 8
    result = runner.invoke(args=["retention", "--apply"])
    assert "Removed the personal details of 1 case(s)" in result.output
    db_session.expire_all()
    assert db_session.get(Case, cases["older_closed"]).words == REMOVED_WORDS
    assert db_session.get(Case, cases["old_closed"]).words != REMOVED_WORDS


def test_expired_drafts_are_deleted_and_fresh_ones_kept(app, runner, db_session):
    db_session.add_all(
        [
            TellUsDraft(id="expired", answers={"words": "old"}, updated_at=datetime.now(UTC) - timedelta(hours=5)),
            TellUsDraft(id="fresh", answers={"words": "new"}, updated_at=datetime.now(UTC) - timedelta(minutes=5)),
        ]
    )
    db_session.commit()
    assert "would delete 1 expired Tell us draft(s)" in runner.invoke(args=["retention"]).output
    assert "deleted 1 expired Tell us draft(s)" in runner.invoke(args=["retention", "--apply"]).output
    assert db_session.scalars(select(TellUsDraft.id)).all() == ["fresh"]


def test_outbox_messages_older_than_90_days_are_deleted_unless_still_waiting(runner, db_session):
    def message(subject, days_ago, state):
        written = datetime.now(UTC) - timedelta(days=days_ago)
        return Message(
            message_id=f"<{subject.replace(' ', '.')}@test>",
            kind="young_person_text",
            channel="sms",
            recipient="07700 900123",
            subject=subject,
            body="",
            state=state,
            next_try_at=written,
            created_at=written,
        )

    db_session.add_all(
        [
            message("old sent", 91, MessageState.SENT),
            message("old by hand", 200, MessageState.BY_HAND),
            message("old failed", 91, MessageState.FAILED),
            message("old but waiting", 91, MessageState.WAITING),
            message("recent sent", 89, MessageState.SENT),
        ]
    )
    db_session.commit()
    runner.invoke(args=["retention", "--apply"])
    db_session.expire_all()
    assert sorted(db_session.scalars(select(Message.subject))) == ["old but waiting", "recent sent"]


def test_the_privacy_page_promise_is_the_setting(pages, make_app):
    assert "We keep records of complaints for 6 years after the case is closed" in pages.get("/privacy").text()
    other = make_app(PORTAL_ENV="test", CASE_RETENTION_YEARS=7).test_client()
    assert "for 7 years after the case is closed" in other.get("/privacy").get_data(as_text=True)
