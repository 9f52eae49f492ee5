"""A young person who said they are not safe, whose case nobody has seen yet, is the first row for every complaints
officer: above older urgent cases, whatever the filters or who the case is assigned to, until someone acknowledges it
or sends it to safeguarding. Under a fixed clock: Monday 30 November 2026."""

import json
import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import event, select, text

from portal.accounts import create_user
from portal.cases.deadlines import RANK_CLOSED, RANK_OPEN, RANK_UNSAFE_UNSEEN, RANK_URGENT
from portal.clock import LONDON
from portal.models import CaseStatus, Role, User
from tests.triage.conftest import new_case
from tests.triage.test_views import act, date_fields, refreshed

MONDAY = datetime(2026, 11, 30, 10, tzinfo=LONDON)


@pytest.fixture
def monday():
    """The fixed clock, from before anyone signs in (a session is timed by the clock)."""
    with time_machine.travel(MONDAY, tick=False):
        yield MONDAY.date()


def panel_references(page):
    panel = page.html.find(id="unsafe-unseen")
    return [a.get_text(strip=True) for a in panel.select("li a")] if panel else []


def first_row_of_the_page(page):
    """The first case the page links to."""
    return page.html.find("main").find("a", href=re.compile(r"^/staff/cases/\d+$")).get_text(strip=True)


def queue_references(page):
    return [a.get_text(strip=True) for a in page.html.select("table.portal-queue tbody a")]


@pytest.fixture
def three_cases(monday, db_session):
    """An urgent case seen (acknowledged) a week ago, an overdue ordinary one, and an unsafe one just in."""
    seen = new_case(
        db_session, date(2026, 11, 20), urgent=True, reference="TU-SEEN-22", acknowledged_on=date(2026, 11, 20)
    )
    overdue = new_case(db_session, date(2026, 10, 1), reference="TU-OVER-22")
    unseen = new_case(db_session, monday, urgent=True, reference="TU-UNSF-22")
    return seen, overdue, unseen


def test_an_unsafe_case_nobody_has_seen_is_the_first_row_above_older_urgent_ones(monday, pages, officer, three_cases):
    seen, overdue, unseen = three_cases
    assert (unseen.queue_rank, seen.queue_rank, overdue.queue_rank) == (RANK_UNSAFE_UNSEEN, RANK_URGENT, RANK_OPEN)
    page = pages.get("/staff/cases")
    assert first_row_of_the_page(page) == unseen.reference
    assert panel_references(page) == [unseen.reference]
    assert "A young person said they are not safe right now, or not sure" in page.html.find(id="unsafe-unseen").text
    # The list itself answers its filters in queue order, the unsafe case first with its own tag.
    assert queue_references(page) == [unseen.reference, seen.reference, overdue.reference]
    first_row = page.html.select_one("table.portal-queue tbody tr").get_text(" ", strip=True)
    assert "Not safe, not yet seen" in first_row


@pytest.mark.parametrize(
    "filters",
    [
        "officer={other}",
        "officer={me}",
        "officer=none&kind=compliment",
        "status=closed",
        "q=nothing+matches+this",
        "status=overdue&received_from=1&received_from=10&received_from=2026",
    ],
)
def test_no_filter_hides_it_from_any_officer(monday, pages, officer, make_user, db_session, three_cases, filters):
    seen, overdue, unseen = three_cases
    other = db_session.query(User).filter_by(email=make_user("complaints_officer", "other@test.example.org")).one()
    me = db_session.query(User).filter_by(email=officer).one()
    unseen.assigned_to_id = other.id  # assigned to someone else, and still first for me
    db_session.commit()
    page = pages.get("/staff/cases?" + filters.format(other=other.id, me=me.id))
    assert first_row_of_the_page(page) == unseen.reference
    assert panel_references(page) == [unseen.reference]


def test_acknowledging_it_takes_it_off_the_top_and_it_stays_urgent(monday, pages, officer, db_session, three_cases):
    seen, overdue, unseen = three_cases
    act(pages, unseen, "acknowledge", date_fields("acknowledged_on", monday))
    assert refreshed(db_session, unseen).queue_rank == RANK_URGENT
    page = pages.get("/staff/cases")
    assert page.html.find(id="unsafe-unseen") is None
    # Now an urgent case among urgent cases: the one due first (the older) comes first.
    assert queue_references(page) == [seen.reference, unseen.reference, overdue.reference]


def test_sending_it_to_safeguarding_takes_it_off_the_top(monday, pages, officer, db_session, three_cases):
    seen, overdue, unseen = three_cases
    act(pages, unseen, "safeguarding", {"referred_to": "MASH"})
    assert refreshed(db_session, unseen).queue_rank == RANK_OPEN
    assert pages.get("/staff/cases").html.find(id="unsafe-unseen") is None


def test_opening_the_case_page_is_not_seeing_it(monday, pages, officer, db_session, three_cases):
    seen, overdue, unseen = three_cases
    pages.get(f"/staff/cases/{unseen.id}")
    assert panel_references(pages.get("/staff/cases")) == [unseen.reference]


def test_the_panel_lists_the_oldest_first_and_links_to_them_all(monday, pages, officer, db_session, monkeypatch):
    from portal.triage import queue

    monkeypatch.setattr(queue, "UNSEEN_SHOWN", 2)
    for days in (0, 3, 1):
        new_case(db_session, monday - timedelta(days=days), urgent=True, reference=f"TU-UNS{days + 2}-22")
    page = pages.get("/staff/cases")
    assert panel_references(page) == ["TU-UNS5-22", "TU-UNS3-22"]
    link = page.html.find(id="unsafe-unseen").find("a", string="See all 3")
    assert queue_references(pages.get(link["href"])) == ["TU-UNS5-22", "TU-UNS3-22", "TU-UNS2-22"]


def test_the_panel_asks_the_database_the_same_number_of_times_however_many_it_lists(
    monday, app, pages, officer, db_session
):
    """Each case in the panel names its officer: they come in one query with the cases, never one query a row."""
    statements = []
    event.listen(app.extensions["db_engine"], "before_cursor_execute", lambda *args: statements.append(args[2]))

    def queries_for_the_queue():
        statements.clear()
        pages.get("/staff/cases?status=closed")  # the panel above an empty list: only the panel has rows
        return len(statements)

    def unseen_case_handled_by_someone_new(number):
        with app.app_context():
            create_user(f"officer{number}@test.example.org", f"Officer {number}", Role.COMPLAINTS_OFFICER, "x" * 15)
        handler = db_session.scalar(select(User).where(User.email == f"officer{number}@test.example.org"))
        new_case(db_session, monday, urgent=True, reference=f"TU-UNS{number}-22", assigned_to_id=handler.id)

    unseen_case_handled_by_someone_new(2)
    with_one = queries_for_the_queue()
    for number in range(3, 7):
        unseen_case_handled_by_someone_new(number)
    page = pages.get("/staff/cases?status=closed")
    assert "handled by Officer 6" in page.html.find(id="unsafe-unseen").get_text()
    assert queries_for_the_queue() == with_one


def test_a_closed_case_is_never_first(monday, pages, officer, db_session):
    case = new_case(db_session, monday, urgent=True)
    case.status = CaseStatus.CLOSED
    db_session.commit()
    assert refreshed(db_session, case).queue_rank == RANK_CLOSED
    assert pages.get("/staff/cases?status=any").html.find(id="unsafe-unseen") is None


def test_pages_of_every_rank_follow_each_other_with_nothing_repeated_or_skipped(monday, app, db_session):
    from portal.triage import queue

    made = [
        new_case(db_session, monday, urgent=True, reference="TU-RNK0-22"),
        new_case(db_session, date(2026, 11, 2), urgent=True, reference="TU-RNK1-22", acknowledged_on=date(2026, 11, 3)),
        new_case(db_session, date(2026, 11, 27), reference="TU-RNK2-22"),
        new_case(db_session, date(2026, 9, 1), reference="TU-RNK3-22"),
    ]
    made[3].status, made[3].closed_on = CaseStatus.CLOSED, date(2026, 9, 30)
    db_session.commit()
    assert [refreshed(db_session, case).queue_rank for case in made] == [0, 1, 2, 3]
    found, cursor = [], None
    with app.app_context():
        while True:
            cases, cursor = queue.page_of_cases(queue.Filters(status="any"), monday, cursor, size=1)
            found += [case.reference for case in cases]
            if cursor is None:
                break
    assert found == ["TU-RNK0-22", "TU-RNK1-22", "TU-RNK2-22", "TU-RNK3-22"]


def test_the_migration_renumbers_the_ranks_and_ends_the_pauses_of_closed_cases(tmp_path):
    """Rows saved under the old ranks (0 urgent, 1 open, 2 closed) get the new ones, as queue_rank would give them;
    a closed case still paused has its pause ended the day it closed, with a line in its history."""
    from portal.db import make_engine
    from portal.migrate import upgrade_database

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade_database(engine, "0011_outbox")
    old = {  # reference: (old rank, urgent, acknowledged_on, safeguarding, status)
        "TU-UNSF-22": (0, True, None, False, "received"),
        "TU-SEEN-22": (0, True, "2026-11-20", False, "being_looked_at"),
        "TU-OPEN-22": (1, False, None, False, "stage_1"),
        "TU-SAFE-22": (1, True, None, True, "safeguarding"),
        "TU-CLOS-22": (2, True, None, False, "closed"),
    }
    with engine.begin() as connection:
        for reference, (rank, urgent, acknowledged_on, safeguarding, status) in old.items():
            connection.execute(
                text(
                    "INSERT INTO cases (reference, tracking_code_hash, kind, channel, received_at, acknowledge_by, "
                    "told_by, safe_now, urgent, words, over_a_year_old, reply_route, interpreter_needed, status, "
                    "version, safeguarding, acknowledged_on, closed_on, queue_rank, queue_due_on) VALUES (:reference, "
                    "'x', 'complaint', 'web', '2026-11-01 12:00:00', '2026-11-03', 'young_person', 'no', :urgent, "
                    "'words', 0, 'none', 0, :status, 1, :safeguarding, :acknowledged_on, :closed_on, :rank, "
                    "'2026-11-03')"
                ),
                {
                    "reference": reference,
                    "urgent": urgent,
                    "status": status,
                    "safeguarding": safeguarding,
                    "acknowledged_on": acknowledged_on,
                    "closed_on": "2026-11-10" if status == "closed" else None,
                    "rank": rank,
                },
            )
        connection.execute(
            text(
                "INSERT INTO case_pauses (case_id, reason_kind, reason, started_on) SELECT id, 'court', 'Hearing', "
                "'2026-11-05' FROM cases WHERE reference IN ('TU-CLOS-22', 'TU-OPEN-22')"
            )
        )
    upgrade_database(engine)
    with engine.connect() as connection:
        ranks = dict(connection.execute(text("SELECT reference, queue_rank FROM cases")).all())
        pauses = dict(
            connection.execute(
                text("SELECT reference, ended_on FROM case_pauses JOIN cases ON cases.id = case_pauses.case_id")
            ).all()
        )
        events = connection.execute(text("SELECT kind, summary, changes FROM case_events")).all()
    engine.dispose()
    assert ranks == {"TU-UNSF-22": 0, "TU-SEEN-22": 1, "TU-OPEN-22": 2, "TU-SAFE-22": 2, "TU-CLOS-22": 3}
    assert pauses == {"TU-CLOS-22": "2026-11-10", "TU-OPEN-22": None}  # an open case's pause is left running
    assert [(kind, summary) for kind, summary, _changes in events] == [
        ("pause_ended", "The pause ended because the case was closed.")
    ]
    assert json.loads(events[0][2]) == {"ended_on": [None, "2026-11-10"]}
