"""The annual report's figures for one year: its labels, and every count from portal.reports.queries suppressed in a
single pass (portal.suppression), the whole report as one set of linked tables, so that no figure, nor any total or
other split of the same cases, gives a count from 1 to 4 away, while the headline figures stay on show."""

from dataclasses import dataclass

from portal.cases.labels import AGE_BANDS, DISABILITY, ETHNICITIES, GENDERS, KIND_PLURALS, OUTCOME_LABELS
from portal.models.triage import Learning, ThemeKind
from portal.reports import queries
from portal.reports.queries import EQUALITY_FIELDS, WHO_GROUPS, Year
from portal.suppression import WITHHELD, Figure, exact_figures, suppress

WHO_LABELS = {
    "young_person": "The young person",
    "parent": "A parent",
    "carer": "A carer or foster carer",
    "advocate": "An advocate for them",
    "other": "Someone else",
}
# A stage's outcomes as the report's columns: the case's outcomes, and the stages not decided yet.
STAGE_OUTCOMES = {**OUTCOME_LABELS, "none": "No outcome yet"}
STAGE_LIMITS = {
    "ack": "Acknowledgement (2 working days)",
    1: "Stage 1 response (10 working days, up to 20 if agreed)",
    2: "Stage 2 adjudication (25 working days, up to 65)",
    3: "Stage 3 council response (panel 30, report 5, response 15 working days)",
}
EQUALITY_LABELS = {
    "age_band": ("Age", AGE_BANDS),
    "gender": ("Gender", GENDERS),
    "ethnicity": ("Ethnicity", ETHNICITIES),
    "disability": ("Disability", DISABILITY),
}
STAGES = (1, 2, 3)
NOT_APPLICABLE = "–"
# The figures the board reads first (the year at a glance and its shares): shown whenever 5 or more. Other figures
# (representations, a stage's outcomes or timeliness, ...) are the ones hidden, smallest first, to protect a small one.
HEADLINE = (
    "received",
    "kind:complaint",
    "kind:compliment",
    *(f"stage:{number}" for number in STAGES),
    "ombudsman:referred",
    "who:young_person",
    "answered:1",
    "time:1:in_time",
    "esc:escalated",
    "advocacy:asked",
    "eq:answered",
)


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


def year_figures(year, as_of, promise_ids=(), exact=False):
    """Every count of the year, suppressed together: cells, their totals, and the other splits of each total.
    exact=True leaves them unsuppressed, for the managers' download that is never published."""
    cases = queries.case_counts(year, as_of)
    stages = queries.stage_counts(year, as_of)
    counts = {key: value for key, value in cases.items() if not key.startswith("kind:complaint")}
    totals, also = {}, {}

    # Complaints are split by who made them; everything received by kind and by how it was acknowledged.
    totals["kind:complaint"] = [f"who:{group}" for group in WHO_GROUPS]
    totals["received"] = [f"kind:{kind}" for kind in KIND_PLURALS]
    also["received"] = [["ack:in_time", "ack:late", "ack:not_yet"]]

    # Each stage is split by outcome and by timeliness; stage 1's answered cases by whether they went to stage 2.
    for number in STAGES:
        for outcome in STAGE_OUTCOMES:
            counts[f"outcome:{number}:{outcome}"] = stages.outcomes[(number, outcome)]
        for timing in ("in_time", "late", "not_yet"):
            counts[f"time:{number}:{timing}"] = stages.timeliness[(number, timing)]
        counts[f"extended:{number}"] = stages.extended[number]
        totals[f"stage:{number}"] = [f"outcome:{number}:{outcome}" for outcome in STAGE_OUTCOMES]
        also[f"stage:{number}"] = [[f"time:{number}:in_time", f"time:{number}:late", f"time:{number}:not_yet"]]
        totals[f"answered:{number}"] = [f"time:{number}:in_time", f"time:{number}:late"]
    counts["esc:escalated"] = stages.escalated["escalated"]
    counts["esc:not_escalated"] = stages.escalated["not_escalated"]
    also["answered:1"] = [["esc:escalated", "esc:not_escalated"]]
    totals["ack:answered"] = ["ack:in_time", "ack:late"]

    totals["advocacy:asked"] = ["advocacy:provided", "advocacy:not_provided"]
    totals["ombudsman:referred"] = ["ombudsman:decided", "ombudsman:waiting"]

    areas, themes = _areas_themes_promises_equality_learning(year, as_of, promise_ids, counts, totals, also)
    if exact:
        figures = exact_figures(counts, totals, also)
    else:
        headline = [*HEADLINE, *(key for key in totals if key.startswith("learn:"))]
        figures = suppress(counts, totals, also, headline=headline)
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
