"""The annual report on representations and complaints: counts from portal.reports.queries, every one suppressed in
a single pass (portal.suppression) so that no figure, nor any total or other split of the same cases, gives a count
from 1 to 4 away; then laid out as sections of tables that the page, the PDF and the CSV all print from."""

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime

from portal.csv_safe import safe_row
from portal.models import CaseKind, Outcome
from portal.models.triage import Learning, ThemeKind
from portal.reports import queries
from portal.reports.queries import EQUALITY_FIELDS, WHO_GROUPS, Year
from portal.suppression import WITHHELD, Figure, suppress
from portal.tell_us import forms as tell_us_forms
from portal.triage.deadlines import LONDON

KIND_LABELS = {
    CaseKind.COMPLAINT.value: "Complaints",
    CaseKind.REPRESENTATION.value: "Representations",
    CaseKind.SUGGESTION.value: "Suggestions",
    CaseKind.COMPLIMENT.value: "Compliments",
}
WHO_LABELS = {
    "young_person": "The young person",
    "parent": "A parent",
    "carer": "A carer or foster carer",
    "advocate": "An advocate for them",
    "other": "Someone else",
}
OUTCOME_LABELS = {
    Outcome.UPHELD.value: "Upheld",
    Outcome.PARTLY_UPHELD.value: "Partly upheld",
    Outcome.NOT_UPHELD.value: "Not upheld",
    Outcome.RESOLVED.value: "Resolved",
    Outcome.WITHDRAWN.value: "Withdrawn",
    "none": "No outcome yet",
}
STAGE_LIMITS = {
    "ack": "Acknowledgement (2 working days)",
    1: "Stage 1 response (10 working days, up to 20 if agreed)",
    2: "Stage 2 adjudication (25 working days, up to 65)",
    3: "Stage 3 council response (panel 30, report 5, response 15 working days)",
}
EQUALITY_LABELS = {
    "age_band": ("Age", tell_us_forms.AGE_BANDS),
    "gender": ("Gender", tell_us_forms.GENDERS),
    "ethnicity": ("Ethnicity", tell_us_forms.ETHNICITIES),
    "disability": ("Disability", tell_us_forms.DISABILITY),
}
STAGES = (1, 2, 3)
NOT_APPLICABLE = "–"


# --- Suppressed figures for one year ----------------------------------------------------------------------------------


@dataclass
class YearFigures:
    year: Year
    figures: dict  # key -> Figure
    medians: dict  # stage number -> working days, or None
    areas: list  # [(name, key)]
    themes: dict  # theme kind -> [(name, key)]
    promise_ids: list

    def __getitem__(self, key):
        return self.figures[key]


def year_figures(year, as_of, promise_ids=(), full=True):
    """Every count of the year, suppressed together: cells, their totals, and the other splits of each total. Not
    full (last year, for comparison): only the counts compared (kinds, who, stages, advocacy, Ombudsman, urgent)."""
    cases = queries.case_counts(year, as_of)
    stages = queries.stage_counts(year, as_of)
    counts = {key: value for key, value in cases.items() if not key.startswith("kind:complaint")}
    totals, also = {}, {}

    # Complaints are split by who made them; everything received by kind and by how it was acknowledged.
    totals["kind:complaint"] = [f"who:{group}" for group in WHO_GROUPS]
    totals["received"] = [f"kind:{kind}" for kind in KIND_LABELS]
    also["received"] = [["ack:in_time", "ack:late", "ack:not_yet"]]

    # Each stage is split by outcome and by timeliness; stage 1's answered cases by whether they went to stage 2.
    for number in STAGES:
        for outcome in OUTCOME_LABELS:
            counts[f"outcome:{number}:{outcome}"] = stages.outcomes[(number, outcome)]
        for timing in ("in_time", "late", "not_yet"):
            counts[f"time:{number}:{timing}"] = stages.timeliness[(number, timing)]
        counts[f"extended:{number}"] = stages.extended[number]
        totals[f"stage:{number}"] = [f"outcome:{number}:{outcome}" for outcome in OUTCOME_LABELS]
        also[f"stage:{number}"] = [[f"time:{number}:in_time", f"time:{number}:late", f"time:{number}:not_yet"]]
        totals[f"answered:{number}"] = [f"time:{number}:in_time", f"time:{number}:late"]
    counts["esc:escalated"] = stages.escalated["escalated"]
    counts["esc:not_escalated"] = stages.escalated["not_escalated"]
    also["answered:1"] = [["esc:escalated", "esc:not_escalated"]]
    totals["ack:answered"] = ["ack:in_time", "ack:late"]

    totals["advocacy:asked"] = ["advocacy:provided", "advocacy:not_provided"]
    totals["ombudsman:referred"] = ["ombudsman:decided", "ombudsman:waiting"]

    areas, themes = [], {}
    if full:
        areas, themes = _areas_themes_promises_equality_learning(year, as_of, promise_ids, counts, totals, also)
    figures = suppress(counts, totals, also)
    medians = {
        number: queries.median_of(stages.working_days[number])
        if figures[f"answered:{number}"].shown and figures[f"answered:{number}"].value
        else None
        for number in STAGES
    }
    return YearFigures(year, figures, medians, areas, themes, list(promise_ids))


def _areas_themes_promises_equality_learning(year, as_of, promise_ids, counts, totals, also):
    """Add this year's service areas, themes, promises cited, equality answers and learning to the counts."""
    areas = []
    for index, (name, count) in enumerate(queries.service_area_counts(year, as_of)):
        counts[f"area:{index}"] = count
        areas.append((name, f"area:{index}"))
    themes = {}
    by_kind = queries.theme_counts(year, as_of)
    for kind in (ThemeKind.SERVICE_QUALITY, ThemeKind.PRACTICE):
        themes[kind] = []
        for index, (name, count) in enumerate(by_kind[kind]):
            counts[f"theme:{kind}:{index}"] = count
            themes[kind].append((name, f"theme:{kind}:{index}"))

    cited = queries.promise_counts(year, as_of)
    for promise_id in promise_ids:
        counts[f"promise:{promise_id}"] = cited.get(promise_id, 0)

    # Equality answers: every question splits the same people who answered.
    equality = queries.equality_counts(year, as_of)
    splits = []
    for name in EQUALITY_FIELDS:
        options = [*EQUALITY_LABELS[name][1], None]
        for option in options:
            counts[f"eq:{name}:{option}"] = equality[name].get(option, 0)
        splits.append([f"eq:{name}:{option}" for option in options])
    totals["eq:answered"] = splits[0]
    also["eq:answered"] = splits[1:]

    learning = queries.learning_counts(year, as_of)
    for kind in (Learning.LESSON, Learning.ACTION):
        for state in ("done", "open"):
            counts[f"learn:{kind}:{state}"] = learning[(kind, state)]
        totals[f"learn:{kind}"] = [f"learn:{kind}:done", f"learn:{kind}:open"]
    return areas, themes


def change(now: Figure, before: Figure):
    """The change from last year, only when both figures are shown."""
    if not (now.shown and before.shown):
        return WITHHELD
    difference = now.value - before.value
    return "no change" if difference == 0 else f"{difference:+d}"


def share(part: Figure, whole: Figure):
    """A whole-number percentage, only when both counts are shown (a share of a hidden count gives it away)."""
    if not (part.shown and whole.shown):
        return WITHHELD
    if not whole.value:
        return NOT_APPLICABLE
    return f"{round(100 * part.value / whole.value)}%"


# --- Layout: sections of tables -------------------------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    value: int | None
    text: str


@dataclass
class Table:
    id: str
    caption: str
    headers: list
    rows: list  # [label, cell, cell, ...]
    chart: list | None = None  # [Bar], drawn as SVG above the table
    chart_title: str = ""

    def bars_most(self):
        return max((bar.value or 0 for bar in self.chart or ()), default=0)


@dataclass
class Section:
    id: str
    title: str
    intro: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    learning: list = field(default_factory=list)  # published "you said, we did"


@dataclass
class Report:
    year: Year
    as_of: datetime
    sections: list
    figures: YearFigures

    @property
    def as_of_london(self):
        return self.as_of.astimezone(LONDON)

    def table(self, table_id):
        return next(table for section in self.sections for table in section.tables if table.id == table_id)


def _bars(rows, figures):
    return [Bar(label, figure.value, figure.text) for label, figure in zip(rows, figures, strict=True)]


def _compare(now, before, rows):
    """Rows of [label, this year, last year, change] for (label, key) pairs."""
    return [[label, now[key].text, before[key].text, change(now[key], before[key])] for label, key in rows]


def build_report(year, as_of=None):
    """The whole report for a reporting year, from the records as they are at as_of (now if not given)."""
    from portal.kept.summaries import scorecard
    from portal.pledge.services import published_promises

    as_of = as_of or datetime.now(UTC)
    promises = published_promises()
    promise_ids = [text.promise_id for text in promises]
    now = year_figures(year, as_of, promise_ids)
    before = year_figures(year.previous, as_of, promise_ids, full=False)
    this, last = year.label, year.previous.label
    compare_headers = ["", this, last, "Change"]

    summary_rows = [
        ("Representations received (all kinds)", "received"),
        ("Complaints", "kind:complaint"),
        ("Compliments", "kind:compliment"),
        ("Complaints at stage 1", "stage:1"),
        ("Complaints at stage 2", "stage:2"),
        ("Complaints at stage 3", "stage:3"),
        ("Ombudsman referrals", "ombudsman:referred"),
    ]
    summary = Table("summary", "The year at a glance", compare_headers, _compare(now, before, summary_rows))
    summary.rows += [
        [
            "Complaints made directly by young people",
            share(now["who:young_person"], now["kind:complaint"]),
            share(before["who:young_person"], before["kind:complaint"]),
            NOT_APPLICABLE,
        ],
        [
            "Stage 1 responses within time",
            share(now["time:1:in_time"], now["answered:1"]),
            share(before["time:1:in_time"], before["answered:1"]),
            NOT_APPLICABLE,
        ],
        [
            "Escalated from stage 1 to stage 2",
            share(now["esc:escalated"], now["answered:1"]),
            share(before["esc:escalated"], before["answered:1"]),
            NOT_APPLICABLE,
        ],
    ]

    kind_rows = [(label, f"kind:{kind}") for kind, label in KIND_LABELS.items()]
    kinds = Table(
        "received",
        "Representations received, by kind",
        ["Kind", this, last, "Change"],
        _compare(now, before, [*kind_rows, ("Total", "received")]),
        _bars([label for label, _ in kind_rows], [now[key] for _, key in kind_rows]),
        f"Representations received in {this}, by kind",
    )
    stage_rows = [(f"Stage {number}", f"stage:{number}") for number in STAGES]
    stage_table = Table(
        "stages",
        "Complaints at each stage",
        ["Stage", this, last, "Change"],
        _compare(now, before, stage_rows),
        _bars([label for label, _ in stage_rows], [now[key] for _, key in stage_rows]),
        f"Complaints at each stage in {this}",
    )

    who_keys = [(WHO_LABELS[group], f"who:{group}") for group in WHO_GROUPS]
    who = Table(
        "who",
        "Who made the complaint",
        ["Who", "Complaints", "Share"],
        [[label, now[key].text, share(now[key], now["kind:complaint"])] for label, key in who_keys]
        + [["Total", now["kind:complaint"].text, NOT_APPLICABLE]],
        _bars([label for label, _ in who_keys], [now[key] for _, key in who_keys]),
        f"Who made the complaints in {this}",
    )

    def named_table(table_id, caption, pairs, label):
        return Table(
            table_id,
            caption,
            [label, "Cases"],
            [[name, now[key].text] for name, key in pairs],
            _bars([name for name, _ in pairs], [now[key] for _, key in pairs]) if pairs else None,
            caption,
        )

    areas = named_table("service-areas", "Service areas the cases were about", now.areas, "Service area")
    quality = named_table(
        "service-quality", "Service quality themes", now.themes[ThemeKind.SERVICE_QUALITY], "Service quality theme"
    )
    practice = named_table("practice", "Practice themes", now.themes[ThemeKind.PRACTICE], "Practice theme")

    outcomes = Table(
        "outcomes",
        "Outcomes at each stage",
        ["Stage", *OUTCOME_LABELS.values(), "Total"],
        [
            [
                f"Stage {number}",
                *(now[f"outcome:{number}:{o}"].text for o in OUTCOME_LABELS),
                now[f"stage:{number}"].text,
            ]
            for number in STAGES
        ],
    )

    timeliness_rows = [
        [
            STAGE_LIMITS["ack"],
            now["ack:answered"].text,
            now["ack:in_time"].text,
            now["ack:late"].text,
            share(now["ack:in_time"], now["ack:answered"]),
            NOT_APPLICABLE,
            NOT_APPLICABLE,
            now["ack:not_yet"].text,
        ]
    ]
    for number in STAGES:
        median = now.medians[number]
        timeliness_rows.append(
            [
                STAGE_LIMITS[number],
                now[f"answered:{number}"].text,
                now[f"time:{number}:in_time"].text,
                now[f"time:{number}:late"].text,
                share(now[f"time:{number}:in_time"], now[f"answered:{number}"]),
                f"{median:g}" if median is not None else WITHHELD if now[f"answered:{number}"].value is None else "–",
                now[f"extended:{number}"].text if number != 3 else NOT_APPLICABLE,
                now[f"time:{number}:not_yet"].text,
            ]
        )
    timeliness = Table(
        "timeliness",
        "Timeliness against each statutory limit (agreed extensions and pauses counted)",
        [
            "Time limit",
            "Answered",
            "Within time",
            "Late",
            "Share within time",
            "Median working days",
            "Extended",
            "Not answered yet",
        ],
        timeliness_rows,
    )
    escalation = Table(
        "escalation",
        "Escalation from stage 1 to stage 2",
        compare_headers,
        _compare(now, before, [("Stage 1 responses", "answered:1"), ("Went on to stage 2", "esc:escalated")])
        + [
            [
                "Share escalated",
                share(now["esc:escalated"], now["answered:1"]),
                share(before["esc:escalated"], before["answered:1"]),
                NOT_APPLICABLE,
            ]
        ],
    )
    advocacy = Table(
        "advocacy",
        "Advocacy",
        compare_headers,
        _compare(
            now,
            before,
            [
                ("Asked for an advocate", "advocacy:asked"),
                ("Given an advocate", "advocacy:provided"),
                ("Not given one yet", "advocacy:not_provided"),
            ],
        ),
    )
    ombudsman = Table(
        "ombudsman",
        "Local Government and Social Care Ombudsman",
        compare_headers,
        _compare(
            now,
            before,
            [
                ("Referred to the Ombudsman", "ombudsman:referred"),
                ("Decided", "ombudsman:decided"),
                ("Waiting for a decision", "ombudsman:waiting"),
            ],
        ),
    )
    compliments = Table(
        "compliments", "Compliments", compare_headers, _compare(now, before, [("Compliments", "kind:compliment")])
    )
    urgent = Table(
        "urgent",
        "Urgent cases and safeguarding referrals (counts only)",
        compare_headers,
        _compare(now, before, [("Urgent cases", "urgent"), ("Referred to safeguarding", "safeguarding")]),
    )
    learning = Table(
        "learning",
        "Lessons and actions",
        ["", "Done", "Still open", "Total"],
        [
            [label, now[f"learn:{kind}:done"].text, now[f"learn:{kind}:open"].text, now[f"learn:{kind}"].text]
            for kind, label in ((Learning.LESSON, "Lessons learned"), (Learning.ACTION, "Actions"))
        ],
    )
    published = [
        {
            "kind": "Lesson" if row.kind == Learning.LESSON else "Action",
            "words": row.words,
            "status": f"Done {row.done_on:%-d %B %Y}"
            if row.done_on
            else (f"Due {row.due_on:%-d %B %Y}" if row.due_on else "Open"),
        }
        for row in queries.published_learning(year, as_of)
    ]

    promise_pairs = [(text.title, f"promise:{text.promise_id}") for text in promises]
    promise_table = Table(
        "promises",
        "Complaints citing each promise of the Pledge",
        ["Promise", "Complaints"],
        [[name, now[key].text] for name, key in promise_pairs],
        _bars([name for name, _ in promise_pairs], [now[key] for _, key in promise_pairs]) if promise_pairs else None,
        f"Complaints citing each promise in {this}",
    )

    card_day = min(as_of.astimezone(LONDON).date(), year.last_day)
    card_rows = []
    for row in scorecard(card_day) if promises else []:
        card_rows.append(
            [
                row.text.title,
                row.latest.status.label if row.latest else "No update yet",
                f"{row.now.shares['yes']}%"
                if row.now.shares
                else WITHHELD
                if row.now.row.any_answers
                else "No answers",
                row.now.row.total.text,
            ]
        )
    card = Table(
        "scorecard",
        "The Pledge scorecard: what partners say and what young people say",
        ["Promise", "Partners say", "Young people saying it is kept", "Answers"],
        card_rows,
    )

    equality_tables = []
    for name in EQUALITY_FIELDS:
        heading, options = EQUALITY_LABELS[name]
        rows = [[label, now[f"eq:{name}:{option}"].text] for option, label in options.items()]
        rows.append(["Not answered", now[f"eq:{name}:None"].text])
        rows.append(["Total who answered the questions", now["eq:answered"].text])
        equality_tables.append(Table(f"equality-{name.replace('_', '-')}", heading, [heading, "People"], rows))

    sections = [
        Section("summary", "Summary", tables=[summary]),
        Section("received", "What we received", tables=[kinds, stage_table]),
        Section("who", "Who complained", tables=[who]),
        Section("areas-themes", "Service areas and themes", tables=[areas, quality, practice]),
        Section("outcomes", "Outcomes", tables=[outcomes]),
        Section("timeliness", "Timeliness", tables=[timeliness, escalation]),
        Section("advocacy-ombudsman", "Advocacy and the Ombudsman", tables=[advocacy, ombudsman]),
        Section("compliments-urgent", "Compliments, urgent cases and safeguarding", tables=[compliments, urgent]),
        Section("learning", "Lessons and actions: you said, we did", tables=[learning], learning=published),
        Section("pledge", "The Pledge", tables=[promise_table, card]),
        Section(
            "equality",
            "Equality",
            intro=["Only where the person told us: these questions are optional."],
            tables=equality_tables,
        ),
    ]
    return Report(year, as_of, sections, now)


# --- CSV ------------------------------------------------------------------------------------------------------------


def report_csv(report):
    """Every table of the report as rows of section, table, row, column, value: the same text as the page, each cell
    spreadsheet-safe (a change "+8" or a promise title "=..." starts with an apostrophe, as in the case export)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["report", f"Annual report {report.year.label}", "as of", f"{report.as_of_london:%Y-%m-%d %H:%M}"])
    writer.writerow(["section", "table", "row", "column", "value"])
    for section in report.sections:
        for table in section.tables:
            for row in table.rows:
                for header, cell in zip(table.headers[1:], row[1:], strict=True):
                    writer.writerow(safe_row([section.title, table.caption, row[0], header, cell]))
        for item in section.learning:
            writer.writerow(safe_row([section.title, "You said, we did", item["kind"], item["status"], item["words"]]))
    return out.getvalue()


# --- PDF ------------------------------------------------------------------------------------------------------------

PRINT_STYLESHEET = "reports/report.css"


def report_pdf(report):
    """The report as a tagged PDF (PDF/UA-1: headings and tables a screen reader can follow), drawn by WeasyPrint from
    the same HTML and print stylesheet as the page; the charts stay vector."""
    from flask import current_app, render_template
    from weasyprint import CSS, HTML

    html = render_template("reports/annual_pdf.html", report=report)
    stylesheet = CSS(filename=str(current_app.static_folder) + "/" + PRINT_STYLESHEET)
    return HTML(string=html, base_url=current_app.static_folder).write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1", pdf_tags=True, finisher=_scope_table_headers
    )


def _scope_table_headers(_document, pdf):
    """WeasyPrint's finisher hook: it tags <th> as /TH but leaves out the HTML scope, and PDF/UA wants each header
    cell to say what it heads (a PDF/UA check found 21 tables without). Our tables' heads hold column headers and
    their bodies row headers, as the HTML's scope="col" and scope="row" say."""
    import pydyf

    by_reference = {obj.reference: obj for obj in pdf.objects if isinstance(obj, pydyf.Dictionary)}
    for element in by_reference.values():
        if element.get("S") == "/TH":
            row = by_reference.get(element.get("P"), {})
            group = by_reference.get(row.get("P"), {})
            scope = "/Column" if group.get("S") == "/THead" else "/Row"
            element["A"] = pydyf.Dictionary({"O": "/Table", "Scope": scope})


# --- The young people's version -------------------------------------------------------------------------------------


def young_peoples_content(report):
    """What the published version for young people shows: a few figures (already suppressed) and the changes
    written for publication. Kept as it is when published."""
    now = report.figures
    learning = next(section for section in report.sections if section.id == "learning").learning
    return {
        "year": report.year.label,
        "as_of": report.as_of.isoformat(),
        "told_us": now["received"].text,
        "complaints": now["kind:complaint"].text,
        "compliments": now["kind:compliment"].text,
        "ideas": now["kind:suggestion"].text,
        "advocates": now["advocacy:provided"].text,
        "on_time": share(now["time:1:in_time"], now["answered:1"]),
        "changes": [item["words"] for item in learning],
    }


def publish_for_young_people(report, user):
    """Publish (or publish again) the young people's version of the report's year, as the report stands now."""
    from sqlalchemy import select

    from portal.db import get_session
    from portal.models import PublishedReport

    db = get_session()
    published = db.scalar(select(PublishedReport).where(PublishedReport.year_start == report.year.start))
    if published is None:
        published = PublishedReport(year_start=report.year.start)
        db.add(published)
    published.published_at = datetime.now(UTC)
    published.published_by_id = user.id
    published.as_of = report.as_of
    published.content = young_peoples_content(report)
    db.commit()
    return published


def published_reports():
    from sqlalchemy import select

    from portal.db import get_session
    from portal.models import PublishedReport

    return get_session().scalars(select(PublishedReport).order_by(PublishedReport.year_start.desc())).all()


def published_report(year):
    from sqlalchemy import select

    from portal.db import get_session
    from portal.models import PublishedReport

    return get_session().scalar(select(PublishedReport).where(PublishedReport.year_start == year.start))
