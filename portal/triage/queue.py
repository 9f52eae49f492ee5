"""The queue: not safe and not yet seen first, then urgent, then overdue, then due soonest; filters; full-text
search; keyset pagination (each page costs the same however many cases there are); and the CSV export, streamed in
batches in constant memory."""

import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import exists, false, func, select, text, tuple_
from sqlalchemy.orm import selectinload

from portal.cases.deadlines import RANK_CLOSED, RANK_UNSAFE_UNSEEN
from portal.cases.labels import CHANNEL_LABELS, KIND_LABELS, STATUS_LABELS
from portal.cases.languages import SOURCE, english_name, other_languages, pages_language_is
from portal.cases.references import normalise_reference
from portal.clock import LONDON, as_utc, london_midnight
from portal.csv_safe import safe_row
from portal.db import get_session
from portal.models import Case, CaseKind, CasePause, CaseStatus, Role, User
from portal.models.triage import case_service_areas, case_themes

PAGE_SIZE = 25
# By rank first (not safe and not yet seen, urgent, open, closed: portal.cases.deadlines), then the soonest due; of
# two due the same day, the one received first (a Friday's and a Saturday's case can share a due date); the id only
# settles cases received at the same moment. The indexes in portal/models/cases.py follow this order.
QUEUE_ORDER = (Case.queue_rank, Case.queue_due_on, Case.received_at, Case.id)
EXPORT_BATCH = 1000
REFERENCE = re.compile(r"^TU-[A-Z0-9]{4}-[A-Z0-9]{2}$")
# rank.due.received.id, received in microseconds since 1970 (UTC): the queue's order, so a page starts where the last
# one ended.
CURSOR = re.compile(r"^([0-3])\.(\d{4}-\d{2}-\d{2})\.(\d{1,20})\.(\d{1,18})$")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class Filters:
    q: str = ""
    status: str = "open"
    kind: str = ""
    officer: str = ""
    service_area: str = ""
    theme: str = ""
    promise: str = ""
    language: str = ""  # a code from the LANGUAGES setting, or INTERPRETER
    received_from: date | None = None
    received_to: date | None = None

    def as_args(self):
        values = {
            "q": self.q,
            "status": self.status,
            "kind": self.kind,
            "officer": self.officer,
            "service_area": self.service_area,
            "theme": self.theme,
            "promise": self.promise,
            "language": self.language,
        }
        for name in ("received_from", "received_to"):
            day = getattr(self, name)
            if day:
                values[name] = [str(day.day), str(day.month), str(day.year)]
        return {key: value for key, value in values.items() if value}


STATUS_CHOICES = [
    ("open", "Open (all not closed)"),
    ("any", "Any"),
    *[(status.value, STATUS_LABELS[status]) for status in CaseStatus],
    ("overdue", "Overdue"),
    ("paused", "Paused"),
    ("unsafe_unseen", "Not safe, not yet seen"),
]


INTERPRETER = "interpreter"


def language_choices():
    """The queue's Language filter: the language of the pages they told us on, or whether they asked for an
    interpreter (in any language: a young person may write in one and want an interpreter for another)."""
    return [
        ("", "Any"),
        (SOURCE, english_name(SOURCE)),
        *((code, english_name(code)) for code in other_languages()),
        (INTERPRETER, "Asked for an interpreter"),
    ]


def language_condition(language):
    """The condition for the Language filter's value, or None for "Any" (or a value that is not one)."""
    if language == INTERPRETER:
        return Case.interpreter_needed.is_(True)
    if language == SOURCE or language in other_languages():
        return pages_language_is(language)
    return None


def _int(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


SEARCH_PROBE = 1000


def words_match(q):
    """A condition on Case for q over the words, through the database's full-text index."""
    db = get_session()
    if db.get_bind().dialect.name == "postgresql":
        return _postgres_words_match(db, q)
    return _sqlite_words_match(db, q)


def _sqlite_words_match(db, q):
    """The same two ways for SQLite's FTS5 table: a rarer word as an id list, a common one checked row by row (an
    FTS5 lookup by rowid) while walking the queue in order."""
    # Each word quoted, so what staff type is only ever words, never FTS5 query syntax.
    terms = " ".join('"' + word.replace('"', '""') + '"' for word in q.split())
    ids = db.scalars(
        text("SELECT rowid FROM cases_fts WHERE cases_fts MATCH :terms LIMIT :limit"),
        {"terms": terms, "limit": SEARCH_PROBE + 1},
    ).all()
    if len(ids) <= SEARCH_PROBE:
        return Case.id.in_(ids) if ids else false()
    return text(
        "EXISTS (SELECT 1 FROM cases_fts WHERE cases_fts MATCH :terms AND cases_fts.rowid = cases.id)"
    ).bindparams(terms=terms)


def _postgres_words_match(db, q):
    """PostgreSQL cannot know how rare a word is (a name, a place), so left to itself it may walk the queue index
    checking every row for the word. So ask the GIN index first, for at most SEARCH_PROBE matches: a rarer word
    becomes an id list (sorted into queue order in moments); a common one is matched while walking the queue in
    order, where the first page fills within a few rows."""
    query = text("cases.search_vector @@ websearch_to_tsquery('english', :q)").bindparams(q=q)
    db.execute(text("SET LOCAL enable_seqscan = off"))  # the probe must use the GIN index, not read the table
    try:
        ids = db.scalars(select(Case.id).where(query).limit(SEARCH_PROBE + 1)).all()
    finally:
        db.execute(text("SET LOCAL enable_seqscan = on"))
    if len(ids) <= SEARCH_PROBE:
        return Case.id.in_(ids) if ids else false()
    return query


def filtered(filters, today, with_words=True):
    """The select of cases matching filters, in queue order (without the word search if with_words is false)."""
    query = select(Case)
    conditions = []
    status = filters.status or "open"
    q = (filters.q or "").strip()
    reference = normalise_reference(q) if q else ""
    if status == "open" and REFERENCE.match(reference):
        status = "any"  # a reference looked up finds its case, closed or not
    if status == "open":
        conditions.append(Case.queue_rank < RANK_CLOSED)
    elif status == "overdue":
        conditions += [Case.queue_rank < RANK_CLOSED, Case.next_due_on < today]
    elif status == "paused":
        conditions += [
            Case.queue_rank < RANK_CLOSED,
            exists().where(CasePause.case_id == Case.id, CasePause.ended_on.is_(None)),
        ]
    elif status == "unsafe_unseen":
        conditions.append(Case.queue_rank == RANK_UNSAFE_UNSEEN)
    elif status in {s.value for s in CaseStatus}:
        conditions.append(Case.status == CaseStatus(status))
    if filters.kind in {k.value for k in CaseKind}:
        conditions.append(Case.kind == CaseKind(filters.kind))
    if filters.officer == "none":
        conditions.append(Case.assigned_to_id.is_(None))
    elif (officer := _int(filters.officer)) is not None:
        conditions.append(Case.assigned_to_id == officer)
    if (area := _int(filters.service_area)) is not None:
        conditions.append(
            exists().where(case_service_areas.c.case_id == Case.id, case_service_areas.c.service_area_id == area)
        )
    if (theme := _int(filters.theme)) is not None:
        conditions.append(exists().where(case_themes.c.case_id == Case.id, case_themes.c.theme_id == theme))
    if (promise := _int(filters.promise)) is not None:
        conditions.append(Case.promise_id == promise)
    if (language := language_condition(filters.language)) is not None:
        conditions.append(language)
    if filters.received_from:
        conditions.append(Case.received_at >= london_midnight(filters.received_from))
    if filters.received_to:
        conditions.append(Case.received_at < london_midnight(date.fromordinal(filters.received_to.toordinal() + 1)))
    if q:
        if REFERENCE.match(reference):
            conditions.append(Case.reference == reference)
        elif with_words:
            conditions.append(words_match(q))
    return query.where(*conditions).order_by(*QUEUE_ORDER)


def cursor_for(case):
    received = (as_utc(case.received_at) - EPOCH) // timedelta(microseconds=1)
    return f"{case.queue_rank}.{case.queue_due_on.isoformat()}.{received}.{case.id}"


def after_cursor(cursor):
    """The keyset condition for the page after cursor (rank.due.received.id), or None for a cursor that is not one."""
    match = CURSOR.match(cursor or "")
    if not match:
        return None
    try:
        due = date.fromisoformat(match.group(2))
        received = EPOCH + timedelta(microseconds=int(match.group(3)))
    except (ValueError, OverflowError):
        return None
    return tuple_(*QUEUE_ORDER) > tuple_(int(match.group(1)), due, received, int(match.group(4)))


UNSEEN_SHOWN = 20


def unsafe_and_not_yet_seen(size=None):
    """(the first size cases of young people who said they are not safe and whom nobody has seen yet, oldest due
    first; how many there are in all). Shown above the queue whatever its filters: one range of the queue index."""
    size = size or UNSEEN_SHOWN
    db = get_session()
    cases = db.scalars(
        select(Case)
        .where(Case.queue_rank == RANK_UNSAFE_UNSEEN)
        .order_by(*QUEUE_ORDER)
        .options(selectinload(Case.assigned_to))
        .limit(size)
    ).all()
    total = (
        len(cases)
        if len(cases) < size
        else db.scalar(select(func.count()).select_from(Case).where(Case.queue_rank == RANK_UNSAFE_UNSEEN))
    )
    return cases, total


SEARCH_WINDOW = 500


def is_word_search(filters):
    q = (filters.q or "").strip()
    return bool(q) and not REFERENCE.match(normalise_reference(q))


def words_in_row(q):
    """A condition checking one row's words (no index lookup of its own): for walking the queue in order."""
    if get_session().get_bind().dialect.name == "postgresql":
        return text("cases.search_vector @@ websearch_to_tsquery('english', :q)").bindparams(q=q)
    terms = " ".join('"' + word.replace('"', '""') + '"' for word in q.split())
    return text(
        "EXISTS (SELECT 1 FROM cases_fts WHERE cases_fts MATCH :terms AND cases_fts.rowid = cases.id)"
    ).bindparams(terms=terms)


def front_of_queue_search(filters, today, cursor=None, size=PAGE_SIZE):
    """A word search over the next SEARCH_WINDOW cases in queue order (see _page_from_the_queue_front)."""
    window = filtered(filters, today, with_words=False)
    condition = after_cursor(cursor)
    if condition is not None:
        window = window.where(condition)
    window = window.with_only_columns(*QUEUE_ORDER).limit(SEARCH_WINDOW).subquery()
    return (
        select(Case)
        .join(window, Case.id == window.c.id)
        .where(words_in_row(filters.q.strip()))
        .order_by(window.c.queue_rank, window.c.queue_due_on, window.c.received_at, window.c.id)
        .limit(size + 1)
    )


def _page_from_the_queue_front(filters, today, cursor, size):
    """PostgreSQL: a common word fills a page from the next SEARCH_WINDOW cases in queue order (read lazily, so
    only as far as the page needs), far cheaper than the GIN index building a bitmap of its hundreds of thousands
    of matches. None when the window does not fill the page. (SQLite reads the window whole, and checks each row
    with an FTS5 lookup, so there the index is always asked first.)"""
    query = front_of_queue_search(filters, today, cursor, size).options(selectinload(Case.assigned_to))
    cases = get_session().scalars(query).all()
    if len(cases) <= size:
        return None
    return cases[:size], cursor_for(cases[size - 1])


def page_of_cases(filters, today, cursor=None, size=PAGE_SIZE):
    """(cases on this page, cursor for the next page or None). One indexed range scan, whatever the page number."""
    if is_word_search(filters) and get_session().get_bind().dialect.name == "postgresql":
        page = _page_from_the_queue_front(filters, today, cursor, size)
        if page is not None:
            return page
    query = filtered(filters, today)
    condition = after_cursor(cursor)
    if condition is not None:
        query = query.where(condition)
    query = query.options(selectinload(Case.assigned_to)).limit(size + 1)
    cases = get_session().scalars(query).all()
    more = len(cases) > size
    cases = cases[:size]
    return cases, (cursor_for(cases[-1]) if more and cases else None)


# CSV export -----------------------------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "reference",
    "kind",
    "came by",
    "status",
    "urgent",
    "received",
    "acknowledged",
    "next due",
    "officer",
    "outcome",
    "service areas",
    "themes",
    "name",
    "reply by",
    "email",
    "phone",
]


def _csv_line(values):
    buffer = io.StringIO()
    csv.writer(buffer).writerow(safe_row(values))
    return buffer.getvalue()


def export_counts(filters, today, user):
    """(rows, rows with contact details) that export_rows would write for user now: one count each, no rows read."""
    db = get_session()
    query = filtered(filters, today).order_by(None).with_only_columns(Case.id)
    rows = db.scalar(select(func.count()).select_from(query.subquery()))
    if user.role == Role.MANAGER:
        return rows, rows
    theirs = query.where(Case.assigned_to_id == user.id)
    return rows, db.scalar(select(func.count()).select_from(theirs.subquery()))


def export_rows(filters, today, user):
    """The filtered cases as CSV lines, fetched in keyset batches so memory stays flat at any size. Contact details
    only where the user may see them: managers, and officers for the cases assigned to them."""
    db = get_session()
    user_id, is_manager = user.id, user.role == Role.MANAGER
    officers = dict(db.execute(select(User.id, User.name)).all())
    areas = dict(db.execute(text("SELECT id, name FROM service_areas")).all())
    theme_names = dict(db.execute(text("SELECT id, name FROM themes")).all())
    yield _csv_line(CSV_COLUMNS)
    columns = (
        Case.id,
        Case.queue_rank,
        Case.queue_due_on,
        Case.reference,
        Case.kind,
        Case.channel,
        Case.status,
        Case.urgent,
        Case.received_at,
        Case.acknowledged_on,
        Case.next_due_on,
        Case.assigned_to_id,
        Case.outcome,
        Case.name,
        Case.reply_route,
        Case.reply_email,
        Case.reply_phone,
    )
    cursor = None
    while True:
        # Plain rows, not ORM objects: a million cases go through here.
        query = filtered(filters, today).with_only_columns(*columns)
        condition = after_cursor(cursor)
        if condition is not None:
            query = query.where(condition)
        batch = db.execute(query.limit(EXPORT_BATCH)).all()
        if not batch:
            return
        ids = [case.id for case in batch]
        case_areas, case_theme_ids = {}, {}
        for case_id, area_id in db.execute(
            select(case_service_areas.c.case_id, case_service_areas.c.service_area_id).where(
                case_service_areas.c.case_id.in_(ids)
            )
        ):
            case_areas.setdefault(case_id, []).append(areas.get(area_id, ""))
        for case_id, theme_id in db.execute(
            select(case_themes.c.case_id, case_themes.c.theme_id).where(case_themes.c.case_id.in_(ids))
        ):
            case_theme_ids.setdefault(case_id, []).append(theme_names.get(theme_id, ""))
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for case in batch:
            contact = is_manager or case.assigned_to_id == user_id
            received = case.received_at if case.received_at.tzinfo else case.received_at.replace(tzinfo=UTC)
            writer.writerow(
                safe_row(
                    (
                        case.reference,
                        KIND_LABELS[case.kind],
                        CHANNEL_LABELS[case.channel],
                        STATUS_LABELS[case.status],
                        "yes" if case.urgent else "no",
                        received.astimezone(LONDON).date().isoformat(),
                        case.acknowledged_on.isoformat() if case.acknowledged_on else "",
                        case.next_due_on.isoformat() if case.next_due_on else "",
                        officers.get(case.assigned_to_id, ""),
                        case.outcome.value.replace("_", " ") if case.outcome else "",
                        "; ".join(sorted(case_areas.get(case.id, []))),
                        "; ".join(sorted(case_theme_ids.get(case.id, []))),
                        (case.name or "") if contact else "",
                        case.reply_route if contact else "",
                        (case.reply_email or "") if contact else "",
                        (case.reply_phone or "") if contact else "",
                    )
                )
            )
        yield buffer.getvalue()
        cursor = cursor_for(batch[-1])
        if len(batch) < EXPORT_BATCH:
            return
