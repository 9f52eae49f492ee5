"""The annual report on representations and complaints, laid out as sections of tables that the page, the PDF and the
CSV all print from (portal.reports.outputs), from the suppressed figures of portal.reports.figures."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from portal.cases.labels import KIND_PLURALS
from portal.cases.languages import english_name
from portal.clock import LONDON, Year, london_midnight
from portal.models.triage import Learning, ThemeKind
from portal.published import promises_changed_by_what_young_people_said, promises_published_at
from portal.reports import queries
from portal.reports.figures import (
    EQUALITY_LABELS,
    NOT_APPLICABLE,
    STAGE_LIMITS,
    STAGE_OUTCOMES,
    STAGES,
    WHO_LABELS,
    YearFigures,
    change,
    share,
    year_figures,
)
from portal.reports.queries import EQUALITY_FIELDS, NO_LONGER_OFFERED, RECORDED_BY_STAFF, WHO_GROUPS
from portal.scorecard import scorecard
from portal.suppression import WITHHELD

# What the timeliness tables count, said beside them: responses by the year they were sent, as councils' annual
# complaints reports count them, and the rest by the year the case came in.
TIMELINESS_NOTES = [
    "Responses are counted in the year they were sent, whatever year the case came in: a response sent in April to a "
    "complaint made in March counts in the year that starts in April.",
    "Acknowledgements, “Not answered yet” and going on to the next stage count the cases received in the year: how "
    "quickly each was acknowledged, the stages still waiting for a response when the report was built, and how many "
    "of each stage went on to the next.",
]

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
    exact: bool = False  # unsuppressed: the managers' download, never published

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


def _language_table(now, before, headers):
    """The language of the pages young people used to tell us: a split of everything received (its Total), then
    those who asked for an interpreter, a count of its own."""
    labels = {RECORDED_BY_STAFF: "Recorded by staff", NO_LONGER_OFFERED: "Languages no longer offered"}
    rows = []
    for key in now.language_keys:
        language = key.removeprefix("lang:")
        if language == NO_LONGER_OFFERED and all(year[key].value == 0 for year in (now, before)):
            continue  # a row of 0s for languages that were never taken away
        rows.append((labels.get(language) or english_name(language, in_itself=False), key))
    rows += [("Total", "received"), ("Asked for an interpreter", "interpreter")]
    return Table(
        "languages",
        "Language of the pages young people used to tell us",
        ["Language", *headers[1:]],
        _compare(now, before, rows),
    )


def build_report(year, as_of=None, exact=False):
    """The whole report for a reporting year, from the records as they are at as_of (now if not given). exact=True
    gives every count unsuppressed, for the managers' download marked "Not for publication"."""
    as_of = as_of or datetime.now(UTC)
    # The Pledge, its promises and the partners' statuses as they stood at the end of the year (or now, for the year
    # still running): a promise published after 31 March is not in that year's report.
    stood = min(year.end, as_of)
    promises = promises_published_at(stood)
    promise_ids = [text.promise_id for text in promises]
    now = year_figures(year, as_of, promise_ids, exact=exact)
    # Last year's column is suppressed as last year's own report is (the whole report), so the two say nothing together
    # that either keeps back.
    before = year_figures(year.previous, as_of, promise_ids, exact=exact)
    this, last = year.label, year.previous.label
    compare_headers = ["", this, last, "Change"]

    summary_rows = [
        ("Representations received (all kinds)", "received"),
        ("Complaints", "kind:complaint"),
        ("Compliments", "kind:compliment"),
        # The statutory stages hear representations as well as complaints, and the stage counts include both: a
        # board member reading "Complaints at stage 1: 58" under "Complaints: 46" would see a mistake. The counts stay
        # whole (they are what the complaints team reconciles against its cases); the labels say what they count.
        ("Complaints and representations at stage 1", "stage:1"),
        ("Complaints and representations at stage 2", "stage:2"),
        ("Complaints and representations at stage 3", "stage:3"),
        # Responses are counted in the year they were sent, whatever year the case came in (see the timeliness table).
        ("Stage 1 responses sent in the year", "answered:1"),
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
            share(now["stage:2"], now["stage:1"]),
            share(before["stage:2"], before["stage:1"]),
            NOT_APPLICABLE,
        ],
    ]

    kind_rows = [(label, f"kind:{kind}") for kind, label in KIND_PLURALS.items()]
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
        "Complaints and representations at each stage",
        ["Stage", this, last, "Change"],
        _compare(now, before, stage_rows),
        _bars([label for label, _ in stage_rows], [now[key] for _, key in stage_rows]),
        f"Complaints and representations at each stage in {this}",
    )

    language_table = _language_table(now, before, compare_headers)

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
        ["Stage", *STAGE_OUTCOMES.values(), "Total"],
        [
            [
                f"Stage {number}",
                *(now[f"outcome:{number}:{o}"].text for o in STAGE_OUTCOMES),
                now[f"stage:{number}"].text,
            ]
            for number in STAGES
        ],
    )

    timeliness_rows = [
        [
            f"{STAGE_LIMITS['ack']}, of the cases received in the year",
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
                now[f"not_yet:{number}"].text,
            ]
        )
    timeliness = Table(
        "timeliness",
        "Responses sent in the year, against each statutory limit (agreed extensions and pauses counted)",
        [
            "Time limit",
            "Sent in the year",
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
        "Share of each stage's cases that went on to the next stage",
        compare_headers,
        [
            [
                f"Stage {number} to stage {number + 1}",
                share(now[f"stage:{number + 1}"], now[f"stage:{number}"]),
                share(before[f"stage:{number + 1}"], before[f"stage:{number}"]),
                NOT_APPLICABLE,
            ]
            for number in STAGES[:-1]
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
    # One action can be recorded on many cases (the same change answers several complaints): each wording once,
    # the first met (done before open), as the young people's version lists them.
    published = {}
    for item in (
        {
            "kind": "Lesson" if row.kind == Learning.LESSON else "Action",
            "words": row.words,
            "status": f"Done {row.done_on:%-d %B %Y}"
            if row.done_on
            else (f"Due {row.due_on:%-d %B %Y}" if row.due_on else "Open"),
        }
        for row in queries.published_learning(year, as_of)
    ):
        published.setdefault((item["kind"], item["words"]), item)
    published = list(published.values())

    promise_pairs = [(text.title, f"promise:{text.promise_id}") for text in promises]
    promise_table = Table(
        "promises",
        "Complaints citing each promise of the Pledge",
        ["Promise", "Complaints"],
        [[name, now[key].text] for name, key in promise_pairs],
        _bars([name for name, _ in promise_pairs], [now[key] for _, key in promise_pairs]) if promise_pairs else None,
        f"Complaints citing each promise in {this}",
    )

    changed = promises_changed_by_what_young_people_said(london_midnight(year.first_day), stood)
    changed_table = Table(
        "pledge-changes",
        "You said, we changed it: the Pledge",
        ["", "Promises"],
        [["Promises changed because of what young people said, in versions published in the year", str(changed)]],
    )

    card_day = min(as_of.astimezone(LONDON).date(), year.last_day)
    card_rows, period = [], ""
    for row in scorecard(card_day, texts=promises, updates_before=stood) if promises else []:
        # A year that has ended shows its last period as the public scorecard now shows it (a period passed): the
        # same "yes" share, suppressed the same way, so the two together give nothing away that either keeps back.
        passed = card_day < as_of.astimezone(LONDON).date()
        yes_share = row.passed.yes_share if passed else (row.now.shares or {}).get("yes")
        period = row.now.label
        card_rows.append(
            [
                row.text.title,
                row.latest.status.label if row.latest else "No update yet",
                f"{yes_share}%" if yes_share is not None else WITHHELD if row.now.row.any_answers else "No answers",
                row.now.row.total.text,
            ]
        )
    card = Table(
        "scorecard",
        f"The Pledge scorecard: what partners say and what young people say ({period})"
        if period
        else "The Pledge scorecard: what partners say and what young people say",
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
        Section("received", "What we received", tables=[kinds, stage_table, language_table]),
        Section("who", "Who complained", tables=[who]),
        Section("areas-themes", "Service areas and themes", tables=[areas, quality, practice]),
        Section("outcomes", "Outcomes", tables=[outcomes]),
        Section("timeliness", "Timeliness", intro=TIMELINESS_NOTES, tables=[timeliness, escalation]),
        Section("advocacy-ombudsman", "Advocacy and the Ombudsman", tables=[advocacy, ombudsman]),
        Section("compliments-urgent", "Compliments, urgent cases and safeguarding", tables=[compliments, urgent]),
        Section("learning", "Lessons and actions: you said, we did", tables=[learning], learning=published),
        Section("pledge", "The Pledge", tables=[promise_table, card, changed_table]),
        Section(
            "equality",
            "Equality",
            intro=["Only where the person told us: these questions are optional."],
            tables=equality_tables,
        ),
    ]
    return Report(year, as_of, sections, now, exact)
