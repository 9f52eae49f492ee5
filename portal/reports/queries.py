"""The annual report's counts, each worked out by the database (GROUP BY, and sums of CASE) over one reporting
year's cases, and the responses over those sent in the year: nothing here loads cases into Python. Every function
returns plain numbers; suppression and wording are in portal.reports.services."""

import dataclasses
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased

from portal.cases.languages import pages_language_column
from portal.clock import LONDON, london_midnight
from portal.db import get_session
from portal.models import (
    Case,
    CaseKind,
    CaseLearning,
    CaseStage,
    EqualityAnswers,
    Outcome,
    QualityTheme,
    ServiceArea,
)
from portal.models.triage import case_service_areas, case_themes

# Who told us, as the report groups them: foster carers with carers.
WHO_GROUPS = {
    "young_person": ("young_person",),
    "parent": ("parent",),
    "carer": ("carer", "foster_carer"),
    "advocate": ("advocate",),
    "other": ("other",),
}
EQUALITY_FIELDS = ("age_band", "gender", "ethnicity", "disability")
# The language split's rows besides each language offered: cases staff recorded (no pages used), and any language no
# longer in the LANGUAGES setting (so the split still adds up to every case received).
RECORDED_BY_STAFF = "staff"
NO_LONGER_OFFERED = "other"


def db():
    return get_session()


def in_year(year, as_of):
    """Cases received in the year (London dates), and no later than the moment the report is built."""
    end = min(london_midnight(date(year.start + 1, 4, 1)), as_of)
    return and_(Case.received_at >= london_midnight(year.first_day), Case.received_at < end)


def _count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def case_counts(year, as_of):
    """One pass over the year's cases: kinds, who told us (complaints), urgent, safeguarding, advocacy, Ombudsman,
    acknowledgement on time."""
    asked = or_(
        Case.advocate_wanted == "yes", Case.advocacy_requested_on.is_not(None), Case.advocacy_provided_on.is_not(None)
    )
    columns = {f"kind:{kind.value}": _count_if(Case.kind == kind) for kind in CaseKind}
    named = [value for group, values in WHO_GROUPS.items() if group != "other" for value in values]
    for group, values in WHO_GROUPS.items():
        # "other" is everyone not named, so the groups always add up to every complaint.
        who = Case.told_by.not_in(named) if group == "other" else Case.told_by.in_(values)
        columns[f"who:{group}"] = _count_if(and_(Case.kind == CaseKind.COMPLAINT, who))
    columns |= {
        "urgent": _count_if(Case.urgent.is_(True)),
        "interpreter": _count_if(Case.interpreter_needed.is_(True)),
        "safeguarding": _count_if(Case.safeguarding.is_(True)),
        "advocacy:provided": _count_if(and_(asked, Case.advocacy_provided_on.is_not(None))),
        "advocacy:not_provided": _count_if(and_(asked, Case.advocacy_provided_on.is_(None))),
        "ombudsman:decided": _count_if(Case.ombudsman_decided_on.is_not(None)),
        "ombudsman:waiting": _count_if(
            and_(Case.ombudsman_referred_on.is_not(None), Case.ombudsman_decided_on.is_(None))
        ),
        "ack:in_time": _count_if(and_(Case.acknowledged_on.is_not(None), Case.acknowledged_on <= Case.acknowledge_by)),
        "ack:late": _count_if(and_(Case.acknowledged_on.is_not(None), Case.acknowledged_on > Case.acknowledge_by)),
        "ack:not_yet": _count_if(Case.acknowledged_on.is_(None)),
    }
    row = (
        db()
        .execute(
            select(*(expr.label(key.replace(":", "__")) for key, expr in columns.items())).where(in_year(year, as_of))
        )
        .one()
    )
    return {key: int(value or 0) for key, value in zip(columns, row, strict=True)}


def responded_in_year(year, as_of):
    """Responses sent in the year (their London dates), and no later than the moment the report is built, whatever
    year the case was received in."""
    last = min(year.last_day, as_of.astimezone(LONDON).date())
    return and_(CaseStage.responded_on >= year.first_day, CaseStage.responded_on <= last)


@dataclass
class StageCounts:
    """Two sets of counts. The stages of the year's cases: how many reached each stage, their outcomes, and how many
    are still not answered. The responses sent in the year (to the year's cases or earlier ones), as councils count
    them: within time or late, extended, and working days taken.
    Counting responses by the year they were sent, not among the year's cases, is what lets the report show them:
    among the year's cases, stage 1 = answered + not answered yet, and the few not answered yet at the year's end
    (1 to 4) would be given away by the other two."""

    # (stage number, outcome value or "none") -> stages of the year's cases
    outcomes: Counter = dataclasses.field(default_factory=Counter)
    # stage number -> stages of the year's cases with no response yet
    not_yet: Counter = dataclasses.field(default_factory=Counter)
    # stage number -> stages of the year's cases answered after the year (or the report) ended
    answered_later: Counter = dataclasses.field(default_factory=Counter)
    # (stage number, "in_time" | "late") -> responses sent in the year
    timeliness: Counter = dataclasses.field(default_factory=Counter)
    # stage number -> responses sent in the year to cases of earlier years
    to_earlier_cases: Counter = dataclasses.field(default_factory=Counter)
    # stage number -> responses sent in the year after an agreed extension
    extended: Counter = dataclasses.field(default_factory=Counter)
    # stage number -> Counter {working days taken: responses sent in the year}
    working_days: dict = dataclasses.field(default_factory=lambda: defaultdict(Counter))
    # The year's cases answered at stage 1 (in the year or after it) that went on to stage 2: all of the year's stage
    # 2s, unless a record is wrong.
    went_on: int = 0


def stage_counts(year, as_of):
    """One grouped query over the stages of the year's cases and the stages answered in the year (a stage can be
    both), grouped in the database by stage, outcome, whether answered on time and the rest."""
    of_year = in_year(year, as_of)
    sent = responded_in_year(year, as_of)
    on_time = case(
        (CaseStage.responded_on.is_(None), "not_yet"),
        (and_(CaseStage.due_on.is_not(None), CaseStage.responded_on <= CaseStage.due_on), "in_time"),
        else_="late",
    )
    later = aliased(CaseStage)
    # Whether a stage 1 went on to stage 2, as far as is known when the report is built.
    went_on = and_(CaseStage.number == 1, exists().where(later.case_id == CaseStage.case_id, later.number == 2))
    rows = db().execute(
        select(
            of_year.label("of_year"),
            sent.label("sent"),
            CaseStage.number,
            CaseStage.outcome,
            on_time.label("on_time"),
            went_on.label("went_on"),
            CaseStage.extended_to.is_not(None).label("extended"),
            CaseStage.working_days_taken,
            func.count(),
        )
        .join(Case, Case.id == CaseStage.case_id)
        .where(or_(of_year, sent))
        .group_by(
            "of_year",
            "sent",
            CaseStage.number,
            CaseStage.outcome,
            "on_time",
            "went_on",
            "extended",
            CaseStage.working_days_taken,
        )
    )
    # One pass: grouped by working days taken too (a few dozen values), which gives the medians' histogram.
    result = StageCounts()
    for of_year_case, sent_in_year, number, outcome, timing, went_on_to_2, extended, taken, count in rows:
        if of_year_case:
            result.outcomes[(number, Outcome(outcome).value if outcome else "none")] += count
            if timing == "not_yet":
                result.not_yet[number] += count
            else:
                if went_on_to_2:
                    result.went_on += count
                if not sent_in_year:
                    result.answered_later[number] += count
        if sent_in_year:
            result.timeliness[(number, timing)] += count
            if not of_year_case:
                result.to_earlier_cases[number] += count
            if extended:
                result.extended[number] += count
            if taken is not None:
                result.working_days[number][taken] += count
    return result


def median_of(histogram):
    """The median of values given as {value: how many}, as statistics.median would give it; None if empty."""
    n = sum(histogram.values())
    if not n:
        return None
    wanted = [(n - 1) // 2, n // 2]
    found = []
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        while len(found) < 2 and wanted[len(found)] < seen:
            found.append(value)
    return (found[0] + found[1]) / 2


def language_counts(year, as_of, offered):
    """{code: cases of the year told on pages in that language} for each code offered (in order, 0s too), then
    RECORDED_BY_STAFF and NO_LONGER_OFFERED: a split of every case received."""
    told_in = pages_language_column().label("told_in")
    counts = dict(db().execute(select(told_in, func.count()).where(in_year(year, as_of)).group_by(told_in)).all())
    result = {code: counts.pop(code, 0) for code in offered}
    result[RECORDED_BY_STAFF] = counts.pop(None, 0)
    result[NO_LONGER_OFFERED] = sum(counts.values())
    return result


def named_counts(year, as_of, model, link_column, where=None):
    """[(name, cases of the year)] for every service area or theme, in name order (those with none too)."""
    counts = dict(
        db()
        .execute(
            select(link_column, func.count())
            .join(Case, Case.id == link_column.table.c.case_id)
            .where(in_year(year, as_of))
            .group_by(link_column)
        )
        .all()
    )
    query = select(model.id, model.name).order_by(model.name)
    if where is not None:
        query = query.where(where)
    return [(name, counts.get(id_, 0)) for id_, name in db().execute(query)]


def service_area_counts(year, as_of):
    return named_counts(year, as_of, ServiceArea, case_service_areas.c.service_area_id)


def theme_counts(year, as_of):
    """{theme kind: [(name, cases of the year)]} for every theme, counted in one query."""
    counts = dict(
        db()
        .execute(
            select(case_themes.c.theme_id, func.count())
            .join(Case, Case.id == case_themes.c.case_id)
            .where(in_year(year, as_of))
            .group_by(case_themes.c.theme_id)
        )
        .all()
    )
    result = defaultdict(list)
    for id_, name, kind in db().execute(
        select(QualityTheme.id, QualityTheme.name, QualityTheme.kind).order_by(QualityTheme.name)
    ):
        result[kind].append((name, counts.get(id_, 0)))
    return result


def promise_counts(year, as_of):
    """{promise_id: complaints of the year citing it}."""
    return dict(
        db()
        .execute(
            select(Case.promise_id, func.count())
            .where(in_year(year, as_of), Case.kind == CaseKind.COMPLAINT, Case.promise_id.is_not(None))
            .group_by(Case.promise_id)
        )
        .all()
    )


def equality_counts(year, as_of):
    """{field: Counter {answer or None: count}} over the year's cases that answered the questions."""
    result = {}
    for field in EQUALITY_FIELDS:
        column = getattr(EqualityAnswers, field)
        result[field] = Counter(
            dict(
                db()
                .execute(
                    select(column, func.count())
                    .join(Case, Case.id == EqualityAnswers.case_id)
                    .where(in_year(year, as_of))
                    .group_by(column)
                )
                .all()
            )
        )
    return result


def learning_counts(year, as_of):
    """Lessons and actions of the year's cases: {("lesson"|"action", "done"|"open"): count}."""
    status = case((CaseLearning.done_on.is_not(None), "done"), else_="open")
    return Counter(
        {
            (kind, state): count
            for kind, state, count in db().execute(
                select(CaseLearning.kind, status, func.count())
                .join(Case, Case.id == CaseLearning.case_id)
                .where(in_year(year, as_of))
                .group_by(CaseLearning.kind, status)
            )
        }
    )


def published_learning(year, as_of, limit=200):
    """Lessons and actions written for publication ("you said, we did"): their words and dates, nothing else."""
    return (
        db()
        .execute(
            select(CaseLearning.kind, CaseLearning.words, CaseLearning.due_on, CaseLearning.done_on)
            .join(Case, Case.id == CaseLearning.case_id)
            .where(in_year(year, as_of), CaseLearning.publish.is_(True))
            .order_by(CaseLearning.done_on.is_(None), CaseLearning.id)
            .limit(limit)
        )
        .all()
    )
