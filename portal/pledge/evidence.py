"""What young people said, in front of the people writing the next Pledge: for each promise, the "is it kept for
you?" answers and the complaints and representations that cite it, by quarter of the reporting year; the partners'
latest status; the lessons and actions of those cases; and what complaints raise with no promise cited (the gaps).

Only counts, and the themes and service areas staff recorded: never a child's words or anything that could point to
a case. Every count goes through portal.suppression as the published report's do, each table checked as one set of
linked figures (a quarter's answers, an answer's quarters and the year's total), so no count from 1 to 4 shows or can
be worked out from the others on the page.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, select

from portal.clock import LONDON, Year, london_midnight, london_today, now
from portal.db import get_session
from portal.models import Case, CaseKind, Partner
from portal.models.kept import Kept, ProgressUpdate
from portal.models.pledge import Promise, VersionPromise
from portal.models.triage import CaseLearning, Learning, QualityTheme, ServiceArea, case_service_areas, case_themes
from portal.scorecard import (
    add_months,
    breakdown,
    current_period,
    kept_counts,
    period_label,
    period_start,
    recent_periods,
    trend_point,
)
from portal.suppression import THRESHOLD, equations, exact_figures, suppress, suppress_count

# The kinds of case that say a promise is not kept, or ask for something to change.
CITING_KINDS = (CaseKind.COMPLAINT, CaseKind.REPRESENTATION)
# What we decided, in words a Role Model Army member reads easily ("upheld" is the complaints procedure's word).
OUTCOMES = {
    "upheld": "Agreed",
    "partly_upheld": "Partly agreed",
    "not_upheld": "Not agreed",
    "other": "Sorted or dropped",
    "none": "Not decided",
}
KEPT_COLUMNS = {kept.value: kept.label for kept in Kept}
GAP_YEARS = 3  # the years the gaps page shows, this one first


def db():
    return get_session()


# --- The reporting year and its quarters ----------------------------------------------------------------------------


def chosen_year(text, today=None):
    """The reporting year asked for ("2025-26"), or this one when none is given or it is not a year we count."""
    this = Year.containing(today or london_today())
    try:
        year = Year.parse(text) if text else this
    except ValueError:
        return this
    return year if year.start <= this.start else this


def years_to_choose(today=None):
    this = Year.containing(today or london_today())
    return [Year(this.start - back) for back in range(GAP_YEARS)]


def quarters_of(year, today=None):
    """The quarters of the year that have begun (answers are counted by calendar quarter, which the reporting year's
    four quarters are)."""
    today = today or london_today()
    return [start for start in (add_months(year.first_day, 3 * i) for i in range(4)) if start <= today]


def year_window(year):
    """Cases received in the year, and no later than now (as the report counts them)."""
    return and_(Case.received_at >= london_midnight(year.first_day), Case.received_at < min(year.end, now()))


# --- A table of counts by quarter, suppressed as one set --------------------------------------------------------


@dataclass
class Grid:
    """Counts by quarter (the rows) and by column, with each row's, each column's and the year's total, suppressed
    together."""

    quarters: list
    columns: dict  # key -> heading
    figures: dict  # (quarter, column), ("quarter", quarter), ("column", column), "all" -> Figure
    equations: list  # every (total, parts) a reader knows: what the whole-page check checks

    def cell(self, quarter, column):
        return self.figures[(quarter, column)]

    def quarter_total(self, quarter):
        return self.figures[("quarter", quarter)]

    def column_total(self, column):
        return self.figures[("column", column)]

    @property
    def total(self):
        return self.figures["all"]

    def column_bars(self):
        """The year's total for each column, as a bar chart draws them (components/bar_chart.html)."""
        return [
            {"label": heading, "value": self.column_total(column).value, "text": self.column_total(column).text}
            for column, heading in self.columns.items()
        ]

    @staticmethod
    def quarter_label(quarter):
        """ "April to June": the year is in the table's caption, and a short label keeps the table narrow."""
        return period_label(quarter).rsplit(" ", 1)[0]


def grid(counts, quarters, columns, known=()):
    """A Grid from {(quarter, column): count}; `known`, the figures a reader may know from elsewhere (none of them is
    hidden, and the check counts them as shown)."""
    cells = {(quarter, column): counts.get((quarter, column), 0) for quarter in quarters for column in columns}
    totals = {("quarter", quarter): [(quarter, column) for column in columns] for quarter in quarters}
    totals |= {("column", column): [(quarter, column) for quarter in quarters] for column in columns}
    totals["all"] = [("quarter", quarter) for quarter in quarters]
    also = {"all": [[("column", column) for column in columns]]}
    figures = suppress(cells, totals, also, headline=["all"], known=_with_what_follows(known, cells, totals, also))
    return Grid(quarters, columns, figures, equations(totals, also))


def _with_what_follows(known, cells, totals, also):
    """The figures known, and those a reader can add up from them (a total of known parts, or the last part of a known
    total): hidden, such a figure could be worked out all the same, and nothing would protect it."""
    values, linked, known = exact_figures(cells, totals, also), equations(totals, also), set(known)
    while True:
        follows = set()
        for total, parts in linked:
            unknown = [key for key in (total, *parts) if key not in known]
            if len(unknown) == 1:
                follows.add(unknown[0])
        # Only what could be shown anyway: the scorecard prints no count from 1 to 4, so none follows from it.
        follows = {key for key in follows if not 0 < values[key].value < THRESHOLD}
        if not follows:
            return known
        known |= follows


# --- One promise's evidence -----------------------------------------------------------------------------------------


@dataclass
class PartnerStatus:
    partner: str
    status: str
    posted_on: date


@dataclass
class Evidence:
    year: Year
    year_over: bool  # the year has ended: its last row is the whole year, not "the year so far"
    kept: Grid
    complaints: Grid
    representations: Grid
    themes: list  # [(name, Figure)] for the themes staff recorded on the cases, those with none left out
    learning: dict  # ("lesson" | "action", "done" | "open") and ("lesson" | "action") -> Figure
    partners: list  # [PartnerStatus], newest first


def _citing(promise_id, year):
    return and_(Case.promise_id == promise_id, Case.kind.in_(CITING_KINDS), year_window(year))


def case_counts(promise_id, year, quarters):
    """({(quarter, outcome column): count} of the complaints, the same of the representations) naming the promise."""
    counts = {CaseKind.COMPLAINT: Counter(), CaseKind.REPRESENTATION: Counter()}
    rows = db().execute(select(Case.received_at, Case.kind, Case.outcome).where(_citing(promise_id, year)))
    for received_at, kind, outcome in rows:
        quarter = period_start(received_at.astimezone(LONDON).date())
        column = outcome.value if outcome and outcome.value in OUTCOMES else "other" if outcome else "none"
        counts[CaseKind(kind)][(quarter, column)] += 1
    return counts[CaseKind.COMPLAINT], counts[CaseKind.REPRESENTATION]


def theme_counts(promise_id, year):
    rows = db().execute(
        select(QualityTheme.name, func.count())
        .join(case_themes, case_themes.c.theme_id == QualityTheme.id)
        .join(Case, Case.id == case_themes.c.case_id)
        .where(_citing(promise_id, year))
        .group_by(QualityTheme.name)
        .order_by(QualityTheme.name)
    )
    return [(name, suppress_count(count)) for name, count in rows if count]


def learning_figures(promise_id, year):
    counts = Counter(
        {
            (kind, "done" if done else "open"): count
            for kind, done, count in db().execute(
                select(CaseLearning.kind, CaseLearning.done_on.is_not(None), func.count())
                .join(Case, Case.id == CaseLearning.case_id)
                .where(_citing(promise_id, year))
                .group_by(CaseLearning.kind, CaseLearning.done_on.is_not(None))
            )
        }
    )
    cells = {
        (kind, state): counts[(kind, state)]
        for kind in (Learning.LESSON, Learning.ACTION)
        for state in ("done", "open")
    }
    totals = {kind: [(kind, "done"), (kind, "open")] for kind in (Learning.LESSON, Learning.ACTION)}
    return suppress(cells, totals)


def partner_statuses(promise_id):
    """Each partner's newest progress update on the promise: what it says, not who wrote it."""
    newest = (
        select(func.max(ProgressUpdate.id))
        .where(ProgressUpdate.promise_id == promise_id)
        .group_by(ProgressUpdate.partner_id)
    )
    rows = db().execute(
        select(Partner.name, ProgressUpdate.status, ProgressUpdate.posted_at)
        .join(Partner, Partner.id == ProgressUpdate.partner_id)
        .where(ProgressUpdate.id.in_(newest))
        .order_by(ProgressUpdate.posted_at.desc())
    )
    return [PartnerStatus(name, status.label, posted_at.astimezone(LONDON).date()) for name, status, posted_at in rows]


def known_from_the_scorecard(counts, quarters, today=None):
    """The answers the public scorecard prints that a reader may bring to this page: this quarter's, as its breakdown
    shows them, and for the earlier quarters of its trend, the "yes" count and the total behind a share it shows (a
    share of a known total is a count). The page's suppression takes them as known, so together they pin nothing."""
    this, trend, known = current_period(today), recent_periods(today), []
    for quarter in quarters:
        row = Counter({kept: counts[(quarter, kept.value)] for kept in Kept})
        if quarter == this:
            shown = breakdown(row, quarter).row
            known += [(quarter, kept.value) for kept, figure in shown.cells.items() if figure.shown]
            known += [("quarter", quarter)] if shown.total.shown else []
        elif quarter in trend and trend_point(row, quarter).yes_share is not None:
            known += [(quarter, Kept.YES.value), ("quarter", quarter)]
    return known


def evidence_for(promise_id, year, today=None):
    """Everything young people said about one promise (its identity, the same in every version) in a year."""
    quarters = quarters_of(year, today)
    answered = kept_counts([promise_id], quarters)
    counts = {(quarter, kept.value): answered[(promise_id, quarter)][kept] for quarter in quarters for kept in Kept}
    kept = grid(counts, quarters, KEPT_COLUMNS, known=known_from_the_scorecard(counts, quarters, today))
    complaints, representations = case_counts(promise_id, year, quarters)
    return Evidence(
        year=year,
        year_over=year.end <= now(),
        kept=kept,
        # The annual report and the scorecard print the year's complaints naming each promise: a reader may know it.
        complaints=grid(complaints, quarters, OUTCOMES, known=["all"] if sum(complaints.values()) >= THRESHOLD else []),
        # Apart from the complaints: together, the report's complaints would tell the representations from the total.
        representations=grid(representations, quarters, OUTCOMES),
        themes=theme_counts(promise_id, year),
        learning=learning_figures(promise_id, year),
        partners=partner_statuses(promise_id),
    )


# --- What the Pledge does not cover yet -----------------------------------------------------------------------------


@dataclass
class GapRow:
    kind: str  # "theme" | "area"
    id: int
    name: str
    figures: list  # one Figure a year, this year first

    @property
    def answers(self):
        return f"{self.kind}:{self.id}"


@dataclass
class Gaps:
    years: list
    totals: list  # Figure a year: complaints and representations citing no promise
    themes: list  # [GapRow]
    areas: list  # [GapRow]


def _no_promise(year):
    return and_(Case.promise_id.is_(None), Case.kind.in_(CITING_KINDS), year_window(year))


def _named(model, link_table, link_column, years):
    """[(id, name, [count a year])] for every theme or service area with cases in the years."""
    per_year = []
    for year in years:
        per_year.append(
            dict(
                db()
                .execute(
                    select(link_column, func.count())
                    .join(Case, Case.id == link_table.c.case_id)
                    .where(_no_promise(year))
                    .group_by(link_column)
                )
                .all()
            )
        )
    rows = db().execute(select(model.id, model.name).order_by(model.name))
    # A row with none in any year says nothing about a gap: only those complaints raise are listed.
    return [
        (id_, name, [counts.get(id_, 0) for counts in per_year])
        for id_, name in rows
        if any(counts.get(id_) for counts in per_year)
    ]


def gaps(today=None):
    """The themes and service areas of the complaints and representations that cite no promise ("none of these" or
    "not sure"), by year, each count suppressed on its own (a case can have many themes, so they add up to nothing
    shown)."""
    years = years_to_choose(today)
    totals = [suppress_count(db().scalar(select(func.count()).where(_no_promise(year)))) for year in years]

    def rows(kind, model, link_table, link_column):
        return [
            GapRow(kind, id_, name, [suppress_count(count) for count in counts])
            for id_, name, counts in _named(model, link_table, link_column, years)
        ]

    return Gaps(
        years=years,
        totals=totals,
        themes=rows("theme", QualityTheme, case_themes, case_themes.c.theme_id),
        areas=rows("area", ServiceArea, case_service_areas, case_service_areas.c.service_area_id),
    )


# --- The trace: what a change answers -------------------------------------------------------------------------------


def parse_answers(value):
    """ "theme:3" -> ("theme", 3), if such a theme, service area or promise exists; else None."""
    kind, _, id_ = (value or "").partition(":")
    model = {"promise": Promise, "theme": QualityTheme, "area": ServiceArea}.get(kind)
    # Plain ASCII digits, few enough for any database's integer ("²" is a digit to Python, not to int()).
    if model is None or not (id_.isascii() and id_.isdigit() and len(id_) <= 9):
        return None
    if db().get(model, int(id_)) is None:
        return None
    return kind, int(id_)


def describe_answers(answers):
    """What a change answers, in words for the drafting team and the meeting pack."""
    if not answers:
        return None
    kind, id_ = answers
    if kind == "promise":
        title = db().scalar(
            select(VersionPromise.title).where(VersionPromise.promise_id == id_).order_by(VersionPromise.id.desc())
        )
        return f"What young people said about ‘{title}’"
    model = QualityTheme if kind == "theme" else ServiceArea
    name = db().get(model, id_).name
    return f"Complaints about ‘{name}’ that name no promise"


def answers_choices(*offered):
    """Radio choices for "does this answer something young people told us?": each trace offered (from the link
    followed, the promise's own evidence, or what is saved already), once, and "no"."""
    seen = dict.fromkeys(f"{kind}:{id_}" for kind, id_ in (answers for answers in offered if answers))
    return [(value, f"Yes: {describe_answers(parse_answers(value))}") for value in seen] + [("none", "No")]
