"""The guarantee over whole reports: given every figure the annual report shows (its cells, totals and every other
split of the same cases, as portal.reports.figures.linked_tables links them), each hidden count could still be at
least two whole numbers. Checked exactly (integer programming, HiGHS) on hand-built years and on generated ones, and
shown to fail when the complementary step is left out. A mid-size London borough's year shows every headline figure.

No database: each year is built as cases in Python and counted as portal.reports.queries counts them, so hypothesis
can try many years quickly."""

import random
from collections import Counter
from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.cases.labels import AGE_BANDS, DISABILITY, ETHNICITIES, GENDERS
from portal.models import CaseKind
from portal.models.triage import Learning, ThemeKind
from portal.reports.figures import HEADLINE, STAGE_OUTCOMES, STAGES, YearCounts, linked_tables
from portal.reports.queries import StageCounts
from portal.suppression import THRESHOLD, equations, hidden_ranges, suppress_count

WHO = ("young_person", "parent", "carer", "advocate", "other")
OUTCOMES = tuple(STAGE_OUTCOMES)  # the case's outcomes and "none"
TIMINGS = ("in_time", "late", "not_yet")
AREAS = ("Placements", "Leaving care", "Education", "Health")
THEMES = {ThemeKind.SERVICE_QUALITY: ("Communication", "Delay"), ThemeKind.PRACTICE: ("Listening", "Contact")}
EQUALITY = {"age_band": AGE_BANDS, "gender": GENDERS, "ethnicity": ETHNICITIES, "disability": DISABILITY}
PROMISES = (101, 102, 103)
# The language of the pages they told us on: as the LANGUAGES setting offers them, then staff-recorded and languages no
# longer offered (portal.reports.queries.language_counts).
LANGUAGES = ("en", "fa-AF", "ps", "fa", "ar", "ti", "sq", "vi", "ckb", "staff", "other")


@dataclass
class Stage:
    outcome: str = "none"
    timing: str = "not_yet"  # the response: "in_time", "late", or "not_yet" (none yet)
    extended: bool = False
    sent: str = "this_year"  # or "next_year": answered after the year ended, before the report was built


@dataclass
class Made:
    """One case, with only what the report counts."""

    kind: str = CaseKind.COMPLAINT
    who: str = "young_person"
    stages: list = field(default_factory=list)  # stage 1, then 2, then 3
    last_year: bool = False  # received the year before: only its responses sent this year are counted
    ack: str = "in_time"
    urgent: bool = False
    safeguarding: bool = False
    advocacy: str | None = None  # "provided" | "not_provided" when asked
    ombudsman: str | None = None  # "decided" | "waiting"
    areas: tuple = ()
    themes: tuple = ()  # (kind, index)
    promise: int | None = None
    equality: dict | None = None
    learning: tuple = ()  # (kind, "done" | "open")
    language: str = "en"  # one of LANGUAGES
    interpreter: bool = False


def counted(cases):
    """The year's counts, as portal.reports.queries would give them for these cases."""
    numbers = Counter({f"kind:{kind}": 0 for kind in CaseKind} | {f"who:{who}": 0 for who in WHO})
    stages = StageCounts()
    areas, themes, cited, learning, languages = Counter(), Counter(), Counter(), Counter(), Counter()
    equality = {name: Counter() for name in EQUALITY}
    for made in cases:
        for number, stage in enumerate(made.stages, start=1):
            answered = stage.timing != "not_yet"
            if not made.last_year:
                stages.outcomes[(number, stage.outcome)] += 1
                stages.not_yet[number] += not answered
                stages.went_on += number == 1 and answered and len(made.stages) > 1
                if answered and stage.sent == "next_year":
                    stages.answered_later[number] += 1
            if answered and stage.sent == "this_year":
                stages.timeliness[(number, stage.timing)] += 1
                stages.extended[number] += stage.extended
                if made.last_year:
                    stages.to_earlier_cases[number] += 1
        if made.last_year:
            continue
        numbers[f"kind:{made.kind}"] += 1
        if made.kind == CaseKind.COMPLAINT:
            numbers[f"who:{made.who}"] += 1
            if made.promise:
                cited[made.promise] += 1
        numbers["urgent"] += made.urgent
        numbers["safeguarding"] += made.safeguarding
        numbers["interpreter"] += made.interpreter
        languages[made.language] += 1
        if made.advocacy:
            numbers[f"advocacy:{made.advocacy}"] += 1
        if made.ombudsman:
            numbers[f"ombudsman:{made.ombudsman}"] += 1
        numbers[f"ack:{made.ack}"] += 1
        areas.update(made.areas)
        themes.update(made.themes)
        for name, answer in (made.equality or {}).items():
            equality[name][answer] += 1
        learning.update(made.learning)
    for key in (
        "urgent",
        "safeguarding",
        "interpreter",
        "advocacy:provided",
        "advocacy:not_provided",
        "ombudsman:decided",
    ):
        numbers.setdefault(key, 0)
    for key in ("ombudsman:waiting", "ack:in_time", "ack:late", "ack:not_yet"):
        numbers.setdefault(key, 0)
    return YearCounts(
        cases=dict(numbers),
        stages=stages,
        areas=[(name, areas[index]) for index, name in enumerate(AREAS)],
        themes={
            kind: [(name, themes[(kind, index)]) for index, name in enumerate(names)] for kind, names in THEMES.items()
        },
        cited=dict(cited),
        equality=equality,
        learning=learning,
        languages={language: languages[language] for language in LANGUAGES},
    )


def reader_equations(tables):
    """Every relation a reader of the report knows: each total and each split of it, including those through
    figures printed nowhere (a stage of the year's cases is answered in the year, after it, or not yet; every stage 2
    follows an answered stage 1). And, written here apart from the tables so that the check does not take their word
    for it: a response records its outcome as it is sent, so a stage with no outcome yet is one not answered yet."""
    no_outcome_yet = [(f"outcome:{number}:none", (f"not_yet:{number}",)) for number in STAGES]
    return equations(tables.totals, tables.also) + no_outcome_yet


def published(cases, protect=True):
    """The report's figures for these cases, and the tables they came from. protect=False leaves out the
    complementary step: counts from 1 to 4 hidden, everything else shown."""
    tables = linked_tables(counted(cases), PROMISES)
    if protect:
        figures = tables.suppressed()
    else:
        figures = {key: suppress_count(_value(key, tables)) for key in [*tables.counts, *tables.totals]}
    return tables, figures


def _value(key, tables):
    if key in tables.counts:
        return tables.counts[key]
    return sum(_value(part, tables) for part in tables.totals[key])


def pinned_down(tables, figures):
    """{hidden key: its only possible value} for every hidden count a reader could work out exactly. A figure printed
    nowhere counts only if it is from 1 to 4: any other could have been printed."""
    ranges = hidden_ranges(figures, reader_equations(tables), integral=True)
    return {
        key: low
        for key, (low, high) in ranges.items()
        if high - low < 1 and (key not in tables.unprinted or 0 < _value(key, tables) < THRESHOLD)
    }


def complaint(who="young_person", *stages, **values):
    return Made(CaseKind.COMPLAINT, who, [Stage(*stage) for stage in stages], **values)


ANSWERED_IN_TIME = ("upheld", "in_time")


# --- Hand-built years -----------------------------------------------------------------------------------------------


def many_ones():
    """One complaint from each kind of person, one of each kind of message, one per area, theme and answer."""
    year = [
        complaint(who, ANSWERED_IN_TIME, areas=(AREAS[i % 4],), promise=PROMISES[i % 3]) for i, who in enumerate(WHO)
    ]
    year += [Made(kind) for kind in (CaseKind.REPRESENTATION, CaseKind.SUGGESTION, CaseKind.COMPLIMENT)]
    year[0].equality = {"age_band": "13_to_15", "gender": "girl", "ethnicity": "white", "disability": "no"}
    year[1].advocacy, year[2].ombudsman, year[3].urgent = "provided", "waiting", True
    return year


def two_twos_in_a_split_of_four():
    """Stage 1's 12 answers: upheld 2, partly upheld 2, not upheld 8 (with resolved, withdrawn and none at 0)."""
    outcomes = ["upheld"] * 2 + ["partly_upheld"] * 2 + ["not_upheld"] * 8
    return [complaint("young_person", (outcome, "in_time")) for outcome in outcomes] + [Made(CaseKind.COMPLIMENT)] * 6


def small_cell_shared_by_two_tables():
    """3 stage 1 answers late: the 3 is in the stage's timeliness split and in the answered total; 3 went on to
    stage 2 (in the stage 2 count, and among the stage 1s that went on)."""
    year = [complaint("parent", ("not_upheld", "in_time")) for _ in range(9)]
    year += [complaint("young_person", ("upheld", "late"), ("upheld", "in_time")) for _ in range(3)]
    return year


def no_complaints():
    return [Made(CaseKind.COMPLIMENT) for _ in range(7)] + [Made(CaseKind.SUGGESTION, ack="late") for _ in range(2)]


def across_the_years_ends():
    """10 stage 1s of the year's cases: 6 answered within time in the year, 2 answered in April after it (one went
    on to stage 2), 2 not answered yet; and 3 of last year's cases answered this year, 1 late. 9 responses sent in
    the year, 1 late; 2 not answered yet, beside 10 at stage 1."""
    year = [complaint("young_person", ("upheld", "in_time")) for _ in range(6)]
    year += [
        Made(stages=[Stage("upheld", "in_time", sent="next_year"), Stage()]),
        Made(stages=[Stage("upheld", "late", sent="next_year")]),
    ]
    year += [complaint("parent", ("none", "not_yet")) for _ in range(2)]
    year += [Made(stages=[Stage("not_upheld", timing)], last_year=True) for timing in ("in_time", "in_time", "late")]
    return year


def no_outcome_yet():
    """5 stage 1s of the year's cases, all answered (1 within time, 4 late): none has "no outcome yet", so none is
    "not answered yet"; and 1 of last year's cases answered this year. 6 responses sent in the year beside 5 at stage
    1: shown with the 0s, they give away the 1 response to last year's case."""
    year = [complaint("young_person", ("upheld", "in_time"))]
    year += [complaint("young_person", ("partly_upheld", "late")) for _ in range(4)]
    year += [Made(stages=[Stage("withdrawn", "in_time")], last_year=True)]
    return year


def each_language_once():
    """20 complaints told on English pages, and one compliment told on each other language's pages (3 asking for an
    interpreter): with the 30 received shown, eight cells of "fewer than 5" adding up to 8 are each 1."""
    year = [complaint("young_person", ANSWERED_IN_TIME, areas=(AREAS[0],)) for _ in range(20)]
    others = [language for language in LANGUAGES if language not in ("en", "staff", "other")]
    year += [
        Made(CaseKind.COMPLIMENT, language=language, interpreter=index < 3) for index, language in enumerate(others)
    ]
    year += [Made(CaseKind.SUGGESTION) for _ in range(2)]
    return year


HAND_BUILT = {
    "each language once": each_language_once,
    "answered across the year's ends": across_the_years_ends,
    "no outcome yet is not answered yet": no_outcome_yet,
    "many 1s": many_ones,
    "two 2s in a split of four": two_twos_in_a_split_of_four,
    "one small cell shared by two tables": small_cell_shared_by_two_tables,
    "a year with no complaints": no_complaints,
    "no cases at all": list,
}


def test_on_hand_built_years_no_hidden_count_can_be_worked_out():
    for name, build in HAND_BUILT.items():
        tables, figures = published(build())
        assert pinned_down(tables, figures) == {}, name
        # The board's figures stay: every headline total of 5 or more is shown.
        assert all(figures[key].shown for key in HEADLINE if _value(key, tables) >= THRESHOLD), name


def test_the_check_fails_on_whole_reports_without_the_complementary_step():
    """Guard: with only "fewer than 5" for counts of 1 to 4, the same years give hidden counts away."""
    gave_away = {name: pinned_down(*published(build(), protect=False)) for name, build in HAND_BUILT.items()}
    assert gave_away["many 1s"]  # five complaints, five "fewer than 5": each is 1
    assert gave_away["two 2s in a split of four"] == {}  # 2 + 2 = 12 - 8: each could be 1, 2 or 3
    assert gave_away["one small cell shared by two tables"]["time:1:late"] == 3
    assert gave_away["each language once"]["lang:ti"] == 1


def test_the_check_knows_a_stage_with_no_outcome_yet_is_one_not_answered_yet():
    """Guard: left out of the linked tables, the link between "No outcome yet" and "Not answered yet" lets a reader
    who knows it work out the one response sent to last year's case."""
    tables = linked_tables(counted(no_outcome_yet()), PROMISES)
    for number in STAGES:
        tables.also[f"stage:{number}"] = [
            split for split in tables.also[f"stage:{number}"] if f"outcome:{number}:none" not in split
        ]
    figures = tables.suppressed()
    assert pinned_down(tables, figures) == {"not_yet:1": 0, "sent:1:to_earlier": 1}


# --- Generated years ------------------------------------------------------------------------------------------------


@st.composite
def stages_of(draw):
    reached = draw(st.integers(0, 3))
    stages = []
    for number in range(1, reached + 1):
        timing = draw(st.sampled_from(TIMINGS))
        if number < reached and timing == "not_yet":
            timing = "in_time"  # a case goes on to the next stage only once this one is answered
        outcome = "none" if timing == "not_yet" else draw(st.sampled_from(OUTCOMES[:-1]))
        stages.append(Stage(outcome, timing, draw(st.booleans()) if number < 3 else False))
    return stages


@st.composite
def cases(draw):
    kind = draw(st.sampled_from(list(CaseKind)))
    made = Made(kind, ack=draw(st.sampled_from(TIMINGS)), urgent=draw(st.booleans()))
    if kind == CaseKind.COMPLAINT:
        made.who = draw(st.sampled_from(WHO))
        made.stages = draw(stages_of())
        made.promise = draw(st.sampled_from((None, *PROMISES)))
        made.advocacy = draw(st.sampled_from((None, "provided", "not_provided")))
        made.ombudsman = draw(st.sampled_from((None, None, None, "decided", "waiting")))
    made.areas = tuple(draw(st.sets(st.sampled_from(AREAS), max_size=2)))
    made.language = draw(st.sampled_from(LANGUAGES))
    made.interpreter = draw(st.booleans())
    if draw(st.booleans()):
        made.equality = {name: draw(st.sampled_from((*answers, None))) for name, answers in EQUALITY.items()}
    return made


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(cases(), max_size=40))
def test_on_generated_years_no_hidden_count_can_be_worked_out(year):
    tables, figures = published(year)
    assert pinned_down(tables, figures) == {}


def borough_year(seed, received=150):
    """A mid-size London borough's year: about 150 representations (60 complaints, 45 representations, 15
    suggestions, 30 compliments), most complaints answered at stage 1, a few going further."""
    rng = random.Random(seed)
    year = []
    for _ in range(received):
        kind = rng.choices(list(CaseKind), weights=(40, 30, 10, 20))[0]
        made = Made(kind, ack=rng.choices(TIMINGS, weights=(90, 8, 2))[0], urgent=rng.random() < 0.05)
        if kind == CaseKind.COMPLAINT:
            made.who = rng.choices(WHO, weights=(55, 15, 15, 10, 5))[0]
            reached = rng.choices((1, 2, 3), weights=(85, 12, 3))[0]
            for number in range(1, reached + 1):
                last = number == reached
                timing = rng.choices(TIMINGS, weights=(70, 25, 5))[0] if last else "in_time"
                outcome = "none" if timing == "not_yet" else rng.choice(OUTCOMES[:-1])
                made.stages.append(Stage(outcome, timing, number < 3 and rng.random() < 0.15))
            made.promise = rng.choice((None, None, *PROMISES))
            made.advocacy = rng.choices((None, "provided", "not_provided"), weights=(60, 35, 5))[0]
            made.ombudsman = rng.choices((None, "decided", "waiting"), weights=(94, 4, 2))[0]
        made.areas = (rng.choice(AREAS),)
        # Most tell us on English pages or are recorded by staff; a few on each other language's pages.
        made.language = rng.choices(LANGUAGES, weights=(60, 4, 2, 2, 3, 2, 2, 1, 1, 23, 0))[0]
        made.interpreter = made.language not in ("en", "staff") and rng.random() < 0.5
        made.themes = ((ThemeKind.SERVICE_QUALITY, rng.randrange(2)),)
        if rng.random() < 0.4:
            made.equality = {name: rng.choice(list(answers)) for name, answers in EQUALITY.items()}
        if kind == CaseKind.COMPLAINT and rng.random() < 0.2:
            made.learning = ((rng.choice((Learning.LESSON, Learning.ACTION)), rng.choice(("done", "open"))),)
        year.append(made)
    carried_over(year, random.Random(f"{seed}: across the year's ends"))
    return year


def carried_over(year, rng):
    """Responses either side of the year's ends, as every year has them: about 1 in 20 of the year's stage 1s (cases
    received in the last weeks of March) answered in April, after the year; and a few of last year's answered in
    this April. Drawn apart, so the year's own cases are as they were."""
    for made in year:
        if made.stages and made.stages[0].timing != "not_yet" and rng.random() < 0.05:
            for stage in made.stages:
                stage.sent = "next_year"
    for _ in range(rng.randint(1, 5)):
        went_on = rng.random() < 0.15
        stages = [Stage(rng.choice(OUTCOMES[:-1]), rng.choices(TIMINGS[:2], weights=(70, 25))[0], rng.random() < 0.15)]
        if went_on:
            stages.append(Stage())
        year.append(Made(CaseKind.COMPLAINT, rng.choice(WHO), stages, last_year=True))


def test_a_mid_size_boroughs_year_shows_every_headline_figure_and_gives_nothing_away():
    # With the stage 1 responses counted by the year they were sent, the board sees how many were sent and how many
    # of them within time, though a few of the year's stage 1s are always still open at its end.
    # Seed 5 once hid the stage 2 count and the escalations: escalations were counted over the responses sent in
    # the year, so the two differed by the few to last year's cases.
    for seed in range(20):
        tables, figures = published(borough_year(seed))
        board_reads = (*HEADLINE, "answered:1", "time:1:in_time")
        hidden_headline = [key for key in board_reads if _value(key, tables) >= THRESHOLD and not figures[key].shown]
        assert hidden_headline == [], f"seed {seed}"
        assert pinned_down(tables, figures) == {}, f"seed {seed}"


def test_the_language_split_is_suppressed_as_a_split_of_everything_received():
    """Guard: a reader knows every case received was told on some language's pages or recorded by staff. Left out
    of the linked tables, the split's small cells are each hidden as "fewer than 5", and add up to what is left of
    the 30 received: each is 1."""
    tables = linked_tables(counted(each_language_once()), PROMISES)
    known_to_a_reader = reader_equations(tables)
    tables.also["received"] = [split for split in tables.also["received"] if not split[0].startswith("lang:")]
    figures = tables.suppressed()
    ranges = hidden_ranges(figures, known_to_a_reader, integral=True)
    assert ranges["lang:ti"] == (1, 1)
    # Linked, as portal.reports.figures links them, nothing is given away (and 3 asking for an interpreter is hidden).
    tables, figures = published(each_language_once())
    assert pinned_down(tables, figures) == {}
    assert figures["interpreter"].small
