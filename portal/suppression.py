"""Small-number suppression for published figures, so no count can identify a child, while the totals a reader needs
stay on show (complementary suppression, as official statistics do it).

Every count shown to the public goes through `suppress` (or its shorthands `suppress_count` and `suppress_row`):

- Primary suppression: any count from 1 to 4 is shown as "fewer than 5". 0 is shown: it identifies nobody.
- Headline totals (every total unless the caller names fewer) of 5 or more are always shown.
- Complementary suppression: where the figures on show would still let a reader work a count of 1 to 4 out, hide
  the fewest further figures ("not shown"), the smallest first, from the tables linked to it. The figures are checked
  all at once, as one set of linked tables (a total and every split of it), by linear programming (HiGHS). Then each
  figure hidden is tried again, and shown if it gives nothing away; so is any a reader could work out all the same.

The guarantee, checked by `hidden_ranges`: given every figure shown (counts are whole numbers, 0 or more, and "fewer
than 5" means 1 to 4), each hidden count could still be at least two different values. So no hidden group is pinned
down either (four hidden counts adding to 4 would each be 1). Shares are derived figures: shown only where their
count and their total are both shown, so they add nothing a reader could not work out already.
"""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

import highspy
import numpy as np
from flask_babel import gettext

THRESHOLD = 5
FEWER_THAN = f"fewer than {THRESHOLD}"
WITHHELD = "not shown"
# A hidden count is safe when its largest possible value is at least 1 above its smallest. The tables are sums over
# the same cases (each total adds up its parts, in every split), so the LP's extreme points are whole numbers in
# practice and this range is the range of whole numbers; the tests check it again with integer programming.
SAFE_RANGE = 1 - 1e-6


@dataclass(frozen=True)
class Figure:
    """One figure as published: its value (None when hidden) and the words to show."""

    value: int | None
    text: str

    @property
    def shown(self):
        return self.value is not None

    @property
    def small(self):
        """Hidden because it is from 1 to 4 (rather than withheld to protect another figure)."""
        return self.text == FEWER_THAN

    def __str__(self):
        return self.text


def figure_in_words(text):
    """A published figure's words in the page's language. Suppression writes "fewer than 5" and "not shown" in
    English, which the staff report and its CSV keep; young people's pages show them through this. A number stays
    as it is."""
    if text == FEWER_THAN:
        return gettext("fewer than %(num)d", num=THRESHOLD)
    if text == WITHHELD:
        return gettext("not shown")
    return text


def _check_count(count):
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise ValueError(f"a count must be a whole number, 0 or more, not {count!r}")
    return count


def _primary(count):
    if 0 < _check_count(count) < THRESHOLD:
        return Figure(None, FEWER_THAN)
    return Figure(count, str(count))


def suppress_count(count):
    """One count on its own (nothing beside it adds up to or from it)."""
    return _primary(count)


# --- The linked tables ----------------------------------------------------------------------------------------------


def equations(totals, also=None):
    """Every (total, parts) relation: each total with each of its splits."""
    return [(key, tuple(parts)) for key, first in totals.items() for parts in (first, *(also or {}).get(key, ()))]


def _values(counts, totals, also):
    """Every cell's and total's value, checking that each split of a total adds up to the same."""
    totals = {key: tuple(parts) for key, parts in (totals or {}).items()}
    splits = {key: [tuple(parts) for parts in alternatives] for key, alternatives in (also or {}).items()}
    unknown = set(splits) - set(totals)
    if unknown:
        raise ValueError(f"split in `also` but not a total: {sorted(map(str, unknown))}")
    clash = set(counts) & set(totals)
    if clash:
        raise ValueError(f"keys used for both a count and a total: {sorted(map(str, clash))}")
    values = {key: _check_count(count) for key, count in counts.items()}
    pending = dict(totals)
    while pending:
        ready = [key for key, parts in pending.items() if all(part in values for part in parts)]
        if not ready:
            missing = {
                part for parts in pending.values() for part in parts if part not in values and part not in pending
            }
            raise ValueError(f"totals refer to unknown keys or to each other in a loop: {sorted(map(str, missing))}")
        for key in ready:
            values[key] = sum(values[part] for part in pending.pop(key))
    for key, parts in equations(totals, splits):
        if sum(values[part] for part in parts) != values[key]:
            raise ValueError(f"the splits of {key!r} do not add up to the same total")
    return values


def hidden_ranges(figures, equations, keys=None, integral=False):
    """{hidden key: (smallest, largest)} that each hidden figure (or those in `keys`) could be, given the figures
    shown and the equations [(total, parts)]: a reader's best bounds, by linear programming (HiGHS). A "fewer than
    5" is from 1 to 4, any other hidden figure 0 or more. integral=True solves over whole numbers (the exact check)."""
    hidden = [key for key, figure in figures.items() if not figure.shown]
    column = {key: index for index, key in enumerate(hidden)}
    highs = highspy.Highs()
    highs.silent()
    for key in hidden:
        low, high = (1, THRESHOLD - 1) if figures[key].small else (0, highs.getInfinity())
        highs.addVar(low, high)
        if integral:
            highs.changeColIntegrality(column[key], highspy.HighsVarType.kInteger)
    for total, parts in equations:
        # total - sum(parts) = 0, with the shown figures moved to the right-hand side.
        coefficients, known = {}, 0
        for key, sign in ((total, 1), *((part, -1) for part in parts)):
            if figures[key].shown:
                known -= sign * figures[key].value
            else:
                coefficients[column[key]] = coefficients.get(column[key], 0) + sign
        coefficients = {index: value for index, value in coefficients.items() if value}
        if coefficients:
            indices = np.array(list(coefficients), dtype=np.int32)
            highs.addRow(known, known, len(indices), indices, np.array(list(coefficients.values()), dtype=np.float64))
    everything = np.arange(len(hidden), dtype=np.int32)
    ranges = {}
    for key in hidden if keys is None else [key for key in keys if key in column]:
        bounds = []
        for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
            costs = np.zeros(len(hidden))
            costs[column[key]] = 1
            highs.changeColsCost(len(hidden), everything, costs)
            highs.changeObjectiveSense(sense)
            highs.run()
            status = highs.getModelStatus()
            if status == highspy.HighsModelStatus.kOptimal:
                bounds.append(highs.getInfo().objective_function_value)
            elif sense == highspy.ObjSense.kMaximize and status in (
                highspy.HighsModelStatus.kUnbounded,
                highspy.HighsModelStatus.kUnboundedOrInfeasible,  # feasible: the true counts satisfy it
            ):
                bounds.append(float("inf"))
            else:
                raise RuntimeError(f"suppression check for {key!r}: {highs.modelStatusToString(status)}")
        ranges[key] = tuple(bounds)
    return ranges


def _unsafe(figures, equations, keys=None):
    return [key for key, (low, high) in hidden_ranges(figures, equations, keys).items() if high - low < SAFE_RANGE]


def _linked(key, figures, equations):
    """The figures in every equation that reaches key, directly or through other hidden figures."""
    group, near, todo = {key}, set(), [key]
    while todo:
        current = todo.pop()
        for total, parts in equations:
            members = (total, *parts)
            if current in members:
                near.update(members)
                for member in members:
                    if not figures[member].shown and member not in group:
                        group.add(member)
                        todo.append(member)
    return near


def suppress(
    counts: Mapping[Hashable, int],
    totals: Mapping[Hashable, Iterable[Hashable]] | None = None,
    also: Mapping[Hashable, Iterable[Iterable[Hashable]]] | None = None,
    headline: Iterable[Hashable] | None = None,
    keep: Iterable[Hashable] = (),
    known: Iterable[Hashable] = (),
    unprinted: Iterable[Hashable] = (),
):
    """Figures for a set of linked tables: `counts` maps each cell's key to its count; `totals` maps each total's key
    to the keys it adds up (cells, or other totals); `also` gives other splits of a total (the same complaints by who
    made them, and by how quickly they were answered). Returns {key: Figure} for every cell and total.

    Headline totals (every total, unless `headline` names them) of 5 or more are shown; figures in `keep` (those a
    headline share is worked out from) are hidden only when nothing but a headline total is left to hide. The other
    figures hidden to protect a small count are the fewest the greedy step finds, the smallest first. Figures in
    `known` are ones a reader knows whatever is printed (none of them is hidden, so the check counts them as shown).
    Figures in `unprinted` are printed nowhere, but a reader knows how they link the others: hidden from the start,
    unless known. One of them that a reader could work out matters only if it is from 1 to 4: any other is a count
    that could have been printed."""
    values = _values(counts, totals, also)
    linked = equations(totals or {}, also)
    headline = set(totals or {}) if headline is None else set(headline)
    known = set(known)
    unprinted = set(unprinted) - known
    figures = {
        key: Figure(value, str(value))
        if key in known
        else Figure(None, WITHHELD)
        if key in unprinted
        else _primary(value)
        for key, value in values.items()
    }
    order = {key: index for index, key in enumerate(values)}
    # The counts to protect: those from 1 to 4, printed or not. A figure withheld to protect them is hidden for their
    # sake only: if a reader could work it out all the same, it is shown (it tells them nothing more).
    small = {key for key, value in values.items() if 0 < value < THRESHOLD and key not in known}
    while unsafe := _unsafe(figures, linked, small):
        protected = _protect(unsafe[0], figures, linked, values, (headline, set(keep), known), order)
        if protected == figures:  # nothing left to hide: the figures in `known` pin it down by themselves
            raise ValueError(f"{unsafe[0]!r} can be worked out from the figures a reader knows")
        figures = protected
    figures = _show_again(figures, linked, values, small, (headline, set(keep), unprinted))
    return _show_worked_out(figures, linked, values, unprinted)


def _show_again(figures, equations, values, small, priorities):
    """The greedy step can hide a figure that a later one made needless. Try showing each withheld figure again
    (headline totals first, then those behind a share, then the largest), and keep it shown if no small count can be
    worked out; again until none can be, as showing one can free another. So the fewest are hidden, the smallest
    first."""
    headline, keep, unprinted = priorities
    shown_again = True
    while shown_again:
        shown_again = False
        withheld = [key for key, figure in figures.items() if figure.text == WITHHELD and key not in unprinted]
        for key in sorted(withheld, key=lambda key: (key not in headline, key not in keep, -values[key])):
            trial = {**figures, key: _primary(values[key])}
            if not _unsafe(trial, equations, small & _linked(key, figures, equations)):
                figures, shown_again = trial, True
    return figures


def _show_worked_out(figures, equations, values, unprinted):
    """Show every withheld figure a reader could work out from those shown: it was hidden for nothing. Then every
    hidden figure could still be at least two values."""
    printed = [key for key in figures if key not in unprinted]
    pinned = [key for key, (low, high) in hidden_ranges(figures, equations, printed).items() if high - low < SAFE_RANGE]
    return {**figures, **{key: _primary(values[key]) for key in pinned}}


def exact_figures(
    counts: Mapping[Hashable, int],
    totals: Mapping[Hashable, Iterable[Hashable]] | None = None,
    also: Mapping[Hashable, Iterable[Iterable[Hashable]]] | None = None,
):
    """The same figures as `suppress` would give, every one shown as it is: for the people who manage complaints to
    reconcile against, never for publication."""
    return {key: Figure(value, str(value)) for key, value in _values(counts, totals, also).items()}


def _protect(key, figures, equations, values, priorities, order):
    """Hide one more figure for a hidden figure that can be worked out: the first (fewest, smallest first) of those
    linked to it that makes it safe on its own, or else the smallest, and the caller looks again."""
    near = _linked(key, figures, equations)
    headline, keep, known = priorities

    def tier(other):
        figure = figures[other]
        if figure.shown:
            if other in headline and values[other]:
                return 4  # a headline total: only when nothing else can protect the count
            if other in keep and values[other]:
                return 3  # behind a headline share: before a headline total only
            return 0 if values[other] else 1  # a 0 hides nothing, so hidden only after the counts above it
        return 2  # a "fewer than 5" that, written "not shown", no longer says it is from 1 to 4

    candidates = sorted(
        (
            other
            for other in near
            if other != key and other not in known and (figures[other].shown or figures[other].small)
        ),
        key=lambda other: (tier(other), values[other], order[other]),
    )
    # A headline total is tried only once nothing else linked is left to hide, and a figure behind a share before it.
    ordinary = [other for other in candidates if tier(other) < 3]
    kept = [other for other in candidates if tier(other) < 4]
    candidates = ordinary or kept or candidates or [key]  # at the last, its own "fewer than 5" is what pins it down
    for other in candidates:
        trial = {**figures, other: Figure(None, WITHHELD)}
        if not _unsafe(trial, equations, [key]):
            return trial
    return {**figures, candidates[0]: Figure(None, WITHHELD)}


# --- Rows and shares ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """A row of counts (say yes / partly / not yet / don't know) and their total, suppressed."""

    cells: dict
    total: Figure

    @property
    def complete(self):
        """Nothing in the row is hidden."""
        return self.total.shown and all(figure.shown for figure in self.cells.values())

    @property
    def any_answers(self):
        return not (self.total.shown and self.total.value == 0)


def suppress_row(counts: Mapping[Hashable, int]):
    """A row of counts with its total beside it: the total shown when 5 or more."""
    total_key = object()
    figures = suppress(counts, {total_key: list(counts)})
    return Row(cells={key: figures[key] for key in counts}, total=figures[total_key])


def share_of(part: Figure, whole: Figure):
    """A whole-number percentage when the count and its total are both shown (then it tells a reader nothing they
    could not work out), else None; None too for a total of 0."""
    if not (part.shown and whole.shown and whole.value):
        return None
    return round(100 * part.value / whole.value)


def shares(row: Row):
    """{key: share or None (hidden)} of the row's total, or None when the total is hidden or has no answers."""
    if not (row.total.shown and row.total.value):
        return None
    return {key: share_of(figure, row.total) for key, figure in row.cells.items()}
