"""On PostgreSQL the database itself refuses to change or delete history (case events, the case access log and the
security log), so a bug or a hand-written SQL statement cannot rewrite it. SQLite keeps the application's rule."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from portal.models import Case, CaseAccess, SecurityEvent, User
from tests.tell_us.conftest import send, walk


@pytest.fixture
def postgres(migrated_database):
    if migrated_database.dialect.name != "postgresql":
        pytest.skip("the history trigger is PostgreSQL's; run with DATABASE_URL=postgresql+psycopg://...")
    return migrated_database


def some_history(pages, db_session):
    walk(pages)
    send(pages)
    db_session.add(SecurityEvent(at=datetime.now(UTC), kind="test", summary="Something happened."))
    officer = User(email="officer@test.example.org", name="Officer", role="complaints_officer", password_hash="x")
    case = db_session.scalar(select(Case))
    db_session.add(CaseAccess(case_id=case.id, user=officer, at=datetime.now(UTC), what="case page"))
    db_session.commit()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE case_events SET summary = 'rewritten'",
        "DELETE FROM case_events",
        "TRUNCATE case_events CASCADE",
        "UPDATE security_events SET summary = 'rewritten'",
        "DELETE FROM security_events",
        "UPDATE case_access_log SET what = 'rewritten'",
        "DELETE FROM case_access_log",
        "TRUNCATE case_access_log",
    ],
)
def test_the_database_refuses_to_rewrite_history(postgres, pages, db_session, statement):
    some_history(pages, db_session)
    with postgres.connect() as connection, pytest.raises(DBAPIError, match="history is append-only"):
        connection.execute(text(statement))
    with postgres.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM case_events WHERE summary = 'rewritten'")).scalar() == 0
        assert connection.execute(text("SELECT count(*) FROM case_events")).scalar() >= 1
        assert connection.execute(text("SELECT count(*) FROM security_events")).scalar() == 1
        assert connection.execute(text("SELECT count(*) FROM case_access_log WHERE what = 'case page'")).scalar() == 1


def test_adding_to_history_still_works(postgres, pages, db_session):
    some_history(pages, db_session)
    with postgres.begin() as connection:
        connection.execute(
            text("INSERT INTO security_events (at, kind, summary) VALUES (now(), 'test', 'Another thing.')")
        )
        assert connection.execute(text("SELECT count(*) FROM security_events")).scalar() == 2
