"""The annual report's figures for one year: its labels, and every count from portal.reports.queries suppressed in a
single pass (portal.suppression), the whole report as one set of linked tables, so that no figure, nor any total or
other split of the same cases, gives a count from 1 to 4 away, while the headline figures stay on show."""

from dataclasses import dataclass

from portal.cases.labels import AGE_BANDS, DISABILITY, ETHNICITIES, GENDERS, KIND_PLURALS, OUTCOME_LABELS
from portal.clock import Year
from portal.i18n import languages
from portal.models.triage import Learning, ThemeKind
from portal.reports import queries
from portal.reports.queries import EQUALITY_FIELDS, WHO_GROUPS
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
# The figures the board reads first (the year at a glance): shown whenever 5 or more. Other figures (representations,
# a stage's outcomes or timeliness, ...) are the ones hidden, smallest first, to protect a small one.
HEADLINE = (
    "received",
    "kind:complaint",
    "kind:compliment",
    *(f"stage:{number}" for number in STAGES),
    "answered:1",
    "ombudsman:referred",
    "advocacy:asked",
    "eq:answered",
)
# The counts the year at a glance's shares are worked out from: hidden only when nothing but a headline figure is left
# to hide. They cannot always be shown: with 1 to 4 stage 1 responses late, the number within time would give the late
# ones away beside the number of responses.
SHARE_FIGURES = ("who:young_person", "time:1:in_time")
STAGE_2_WITHOUT_1 = "stage:2:without_answered_1"  # 0 unless a record is wrong: never printed, known to a reader


# --- Suppressed figures for one year ----------------------------------------------------------------------------------


@dataclass
class YearFigures:
    year: Year
    figures: dict  # key -> Figure
    medians: dict  # stage number -> working days, or None
    areas: list  # [(name, key)]
    themes: dict  # theme kind -> [(name, key)]
    promise_ids: list
    language_keys: list  # the language split's keys, in the LANGUAGES setting's order

    def __getitem__(self, key):
        return self.figures[key]


@dataclass
class YearCounts:
    """A year's counts as portal.reports.queries gives them, before suppression."""

    cases: dict  # queries.case_counts
    stages: object  # queries.StageCounts
    areas: list  # [(name, count)]
    themes: dict  # theme kind -> [(name, count)]
    cited: dict  # promise id -> complaints citing it
    equality: dict  # question -> {answer or None: people}
    learning: dict  # (kind, "done" | "open") -> count
    languages: dict  # queries.language_counts: language code, RECORDED_BY_STAFF or NO_LONGER_OFFERED -> cases


@dataclass
class LinkedTables:
    """The whole report as one set of linked tables, as portal.suppression takes them."""

    counts: dict  # cell key -> count
    totals: dict  # total key -> [keys it adds up]
    also: dict  # total key -> [other splits of it]
    headline: list  # totals always shown when 5 or more
    keep: tuple  # figures behind the headline shares, hidden only before a headline total
    known: tuple  # figures a reader knows whatever is printed
    unprinted: tuple  # figures printed nowhere that link the others
    areas: list  # [(name, key)]
    themes: dict  # theme kind -> [(name, key)]

    def suppressed(self):
        """Every figure as published: portal.suppression over the whole report at once."""
        return suppress(
            self.counts,
            self.totals,
            self.also,
            headline=self.headline,
            keep=self.keep,
            known=self.known,
            unprinted=self.unprinted,
        )


def year_counts(year, as_of):
    return YearCounts(
        cases=queries.case_counts(year, as_of),
        stages=queries.stage_counts(year, as_of),
        areas=queries.service_area_counts(year, as_of),
        themes=queries.theme_counts(year, as_of),
        cited=queries.promise_counts(year, as_of),
        equality=queries.equality_counts(year, as_of),
        learning=queries.learning_counts(year, as_of),
        languages=queries.language_counts(year, as_of, languages()),
    )


def year_figures(year, as_of, promise_ids=(), exact=False):
    """Every count of the year, suppressed together: cells, their totals, and the other splits of each total.
    exact=True leaves them unsuppressed, for the managers' download that is never published."""
    counted = year_counts(year, as_of)
    tables = linked_tables(counted, promise_ids)
    figures = exact_figures(tables.counts, tables.totals, tables.also) if exact else tables.suppressed()
    medians = {
        number: queries.median_of(counted.stages.working_days[number])
        if figures[f"answered:{number}"].shown and figures[f"answered:{number}"].value
        else None
        for number in STAGES
    }
    language_keys = [f"lang:{language}" for language in counted.languages]
    return YearFigures(year, figures, medians, tables.areas, tables.themes, list(promise_ids), language_keys)


def linked_tables(counted, promise_ids=()):
    """The report's cells, totals and the other splits of each total, from a year's counts: what the suppression
    protects, and what the tests check over whole reports."""
    cases, stages = counted.cases, counted.stages
    counts = {key: value for key, value in cases.items() if not key.startswith("kind:complaint")}
    totals, also = {}, {}

    # Complaints are split by who made them; everything received by kind and by how it was acknowledged.
    totals["kind:complaint"] = [f"who:{group}" for group in WHO_GROUPS]
    totals["received"] = [f"kind:{kind}" for kind in KIND_PLURALS]
    also["received"] = [["ack:in_time", "ack:late", "ack:not_yet"]]
    # The language of the pages they told us on splits everything received again. Asking for an interpreter
    # ("interpreter", from the case counts) is a cell of its own: its other part (not asked) is printed nowhere, and it
    # is no part of the language split (someone may tell us in English and want an interpreter for a meeting).
    for language, count in counted.languages.items():
        counts[f"lang:{language}"] = count
    also["received"].append([f"lang:{language}" for language in counted.languages])

    # Each stage of the year's cases is split by outcome. The responses sent in the year are split by timeliness
    # (within time or late, and extended), counted as councils' annual reports count them: whatever year the case
    # came in. The two are linked only through figures printed nowhere: the year's stages answered in the year, those
    # answered after it, and the responses to earlier years' cases. So the responses can be shown beside the stage
    # counts though a few stages are always still open at the year's end ("not answered yet", 1 to 4). The unprinted
    # figures are hidden from the start, and portal.suppression protects those from 1 to 4 as it does printed ones.
    unprinted = {}
    for number in STAGES:
        for outcome in STAGE_OUTCOMES:
            counts[f"outcome:{number}:{outcome}"] = stages.outcomes[(number, outcome)]
        for timing in ("in_time", "late"):
            counts[f"time:{number}:{timing}"] = stages.timeliness[(number, timing)]
        counts[f"extended:{number}"] = stages.extended[number]
        counts[f"not_yet:{number}"] = stages.not_yet[number]
        sent = stages.timeliness[(number, "in_time")] + stages.timeliness[(number, "late")]
        unprinted[f"sent:{number}:to_year"] = sent - stages.to_earlier_cases[number]
        unprinted[f"sent:{number}:to_earlier"] = stages.to_earlier_cases[number]
        unprinted[f"answered_later:{number}"] = stages.answered_later[number]
        totals[f"stage:{number}"] = [f"outcome:{number}:{outcome}" for outcome in STAGE_OUTCOMES]
        also[f"stage:{number}"] = [[f"sent:{number}:to_year", f"answered_later:{number}", f"not_yet:{number}"]]
        totals[f"answered:{number}"] = [f"time:{number}:in_time", f"time:{number}:late"]
        also[f"answered:{number}"] = [[f"sent:{number}:to_year", f"sent:{number}:to_earlier"]]

    # Escalation is counted over the year's cases, as the stages are: the share of the year's stage 1s that went on to
    # stage 2 is the stage 2 count over the stage 1 count, two figures shown already. A reader knows a stage 2
    # follows an answered stage 1, so the year's stage 1s split again: answered and went on, answered and did not (so
    # far), not answered yet. The year's stage 2s are those that went on, and any stage 2 recorded without an
    # answered stage 1 (0 unless a record is wrong: never printed, known to a reader).
    unprinted["went_on:1"] = stages.went_on
    unprinted["stayed:1"] = stages.answered_later[1] + unprinted["sent:1:to_year"] - stages.went_on
    unprinted[STAGE_2_WITHOUT_1] = sum(stages.outcomes[(2, outcome)] for outcome in STAGE_OUTCOMES) - stages.went_on
    also["stage:1"].append(["went_on:1", "stayed:1", "not_yet:1"])
    also["stage:2"].append(["went_on:1", STAGE_2_WITHOUT_1])
    # A response records its outcome as it is sent, so a stage with no outcome yet is one not answered yet: a reader
    # knows the one figure from the other. (Left out for a stage whose records disagree, where no reader could use it.)
    for number in STAGES:
        if stages.outcomes[(number, "none")] == stages.not_yet[number]:
            also[f"stage:{number}"].append(
                [f"sent:{number}:to_year", f"answered_later:{number}", f"outcome:{number}:none"]
            )
    counts |= unprinted
    # Nothing carried over either year's end (no response after it, none to an earlier year's case) is something a
    # reader may know: in the portal's first year, or from a report built before the year is out.
    known = [STAGE_2_WITHOUT_1]
    for number in STAGES:
        known += [key for key in (f"answered_later:{number}", f"sent:{number}:to_earlier") if not unprinted[key]]
    totals["ack:answered"] = ["ack:in_time", "ack:late"]

    totals["advocacy:asked"] = ["advocacy:provided", "advocacy:not_provided"]
    totals["ombudsman:referred"] = ["ombudsman:decided", "ombudsman:waiting"]

    areas = []
    for index, (name, count) in enumerate(counted.areas):
        counts[f"area:{index}"] = count
        areas.append((name, f"area:{index}"))
    themes = {}
    for kind in (ThemeKind.SERVICE_QUALITY, ThemeKind.PRACTICE):
        themes[kind] = []
        for index, (name, count) in enumerate(counted.themes[kind]):
            counts[f"theme:{kind}:{index}"] = count
            themes[kind].append((name, f"theme:{kind}:{index}"))

    for promise_id in promise_ids:
        counts[f"promise:{promise_id}"] = counted.cited.get(promise_id, 0)

    # Equality answers: every question splits the same people who answered.
    splits = []
    for name in EQUALITY_FIELDS:
        options = [*EQUALITY_LABELS[name][1], None]
        for option in options:
            counts[f"eq:{name}:{option}"] = counted.equality[name].get(option, 0)
        splits.append([f"eq:{name}:{option}" for option in options])
    totals["eq:answered"] = splits[0]
    also["eq:answered"] = splits[1:]

    for kind in (Learning.LESSON, Learning.ACTION):
        for state in ("done", "open"):
            counts[f"learn:{kind}:{state}"] = counted.learning[(kind, state)]
        totals[f"learn:{kind}"] = [f"learn:{kind}:done", f"learn:{kind}:open"]
    headline = [*HEADLINE, *(key for key in totals if key.startswith("learn:"))]
    return LinkedTables(counts, totals, also, headline, SHARE_FIGURES, tuple(known), tuple(unprinted), areas, themes)


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
