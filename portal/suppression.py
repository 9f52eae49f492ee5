"""Small-number suppression for published figures, so no count can identify a child.

Every count shown to the public goes through `suppress` (or its shorthands `suppress_count` and `suppress_row`):

- Primary suppression: any count from 1 to 4 is shown as "fewer than 5". 0 is shown: it identifies nobody.
- Secondary suppression: a total is shown only when every figure it adds up is shown. Otherwise it is withheld
  ("not shown", whatever its size), and so is any total it is part of, and so on up.

Why that rule and not "hide one more cell": a shown total then never adds up anything hidden, so the figures on show
say nothing at all about the hidden ones (not even a range: "2 hidden cells adding to 2" would give away two 1s).
Shares (percentages) are derived figures: `shares` gives them only when nothing in the row is hidden, since a share
beside a count gives the total away.
"""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

THRESHOLD = 5
FEWER_THAN = f"fewer than {THRESHOLD}"
WITHHELD = "not shown"


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


def _primary(count):
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise ValueError(f"a count must be a whole number, 0 or more, not {count!r}")
    if 0 < count < THRESHOLD:
        return Figure(None, FEWER_THAN)
    return Figure(count, str(count))


def suppress_count(count):
    """One count on its own (nothing beside it adds up to or from it)."""
    return _primary(count)


def suppress(
    counts: Mapping[Hashable, int],
    totals: Mapping[Hashable, Iterable[Hashable]] | None = None,
    also: Mapping[Hashable, Iterable[Iterable[Hashable]]] | None = None,
):
    """Figures for a table: `counts` maps each cell's key to its count; `totals` maps each total's key to the keys it
    adds up (cells, or other totals). Returns {key: Figure} for every cell and total.

    `also` gives other ways a total is split (the same complaints by who made them, and by how quickly they were
    answered). The total is shown only when the parts of every split are shown; and when it is withheld, so is every
    part of a split that would otherwise be shown in full, since adding that split up would give the total, and with
    it the hidden part, away."""
    totals = {key: tuple(parts) for key, parts in (totals or {}).items()}
    splits = {key: [tuple(parts) for parts in alternatives] for key, alternatives in (also or {}).items()}
    unknown = set(splits) - set(totals)
    if unknown:
        raise ValueError(f"split in `also` but not a total: {sorted(map(str, unknown))}")
    clash = set(counts) & set(totals)
    if clash:
        raise ValueError(f"keys used for both a count and a total: {sorted(map(str, clash))}")
    withheld = set()
    while True:
        figures = _suppress_once(counts, totals, splits, withheld)
        more = {
            part
            for key, alternatives in splits.items()
            if not figures[key].shown
            for split in (totals[key], *alternatives)
            if all(figures[part].shown for part in split)
            for part in split
        }
        if more <= withheld:
            return figures
        withheld |= more


def _suppress_once(counts, totals, splits, withheld):
    figures = {
        key: Figure(None, WITHHELD) if key in withheld and _primary(count).shown else _primary(count)
        for key, count in counts.items()
    }
    values = dict(counts)
    # A total waits for, and must see shown, its own parts and the parts of its other splits.
    watched = {
        key: (*parts, *(part for split in splits.get(key, ()) for part in split)) for key, parts in totals.items()
    }
    pending = dict(watched)
    while pending:
        ready = [key for key, parts in pending.items() if all(part in values for part in parts)]
        if not ready:
            missing = {
                part for parts in pending.values() for part in parts if part not in values and part not in pending
            }
            raise ValueError(f"totals refer to unknown keys or to each other in a loop: {sorted(map(str, missing))}")
        for key in ready:
            parts = pending.pop(key)
            values[key] = sum(values[part] for part in totals[key])
            for split in splits.get(key, ()):
                if sum(values[part] for part in split) != values[key]:
                    raise ValueError(f"the splits of {key!r} do not add up to the same total")
            # A total of shown parts (each 0 or 5 or more) is never from 1 to 4, so it needs no primary check.
            # A total with any hidden part is withheld, even when small: "fewer than 5" on a total of four hidden
            # parts would say each of them is 1.
            shown = key not in withheld and all(figures[part].shown for part in parts)
            figures[key] = Figure(values[key], str(values[key])) if shown else Figure(None, WITHHELD)
    return figures


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
    """A row of counts with its total beside it."""
    total_key = object()
    figures = suppress(counts, {total_key: list(counts)})
    return Row(cells={key: figures[key] for key in counts}, total=figures[total_key])


def shares(row: Row):
    """Whole-number percentages of the row's total for each cell, or None when the row is not complete (a share
    beside a count would give a hidden total, and so a hidden count, away) or has no answers."""
    if not row.complete or not row.total.value:
        return None
    total = row.total.value
    return {key: round(100 * figure.value / total) for key, figure in row.cells.items()}
