"""Small-number suppression (portal.suppression): counts from 1 to 4 are never shown, totals of 5 or more are, and no
shown figure lets a hidden one be worked out, checked on every possible small table by trying every value as well
as by example, and against the linear-programming check the suppression itself uses."""

import itertools

import pytest

from portal.suppression import (
    FEWER_THAN,
    WITHHELD,
    equations,
    hidden_ranges,
    shares,
    suppress,
    suppress_count,
    suppress_row,
)


def possible_values(figures, counts, totals, largest=8):
    """For each hidden figure: every value it could have, given everything shown, found by trying them all. Shown
    figures are fixed; a "fewer than 5" is from 1 to 4; a "not shown" is any whole number (tried up to `largest`,
    which can only find fewer values than there are, so the check errs on the strict side)."""
    hidden = [key for key in counts if not figures[key].shown]
    ranges = [range(1, 5) if figures[key].small else range(largest + 1) for key in hidden]
    possible = {key: set() for key in hidden}
    for guess in itertools.product(*ranges):
        values = {**counts, **dict(zip(hidden, guess, strict=True))}
        for key, parts in totals.items():  # totals listed after the totals they add up
            values[key] = sum(values[part] for part in parts)
        agrees = all(
            (figure.shown and figure.value == values[key])
            or (figure.small and 1 <= values[key] <= 4)
            or (figure.text == WITHHELD)
            for key, figure in figures.items()
        )
        if agrees:
            for key in hidden:
                possible[key].add(values[key])
    return possible


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_counts_from_1_to_4_are_shown_as_fewer_than_5(count):
    figure = suppress_count(count)
    assert figure.value is None
    assert str(figure) == "fewer than 5"


@pytest.mark.parametrize("count", [0, 5, 6, 120])
def test_zero_and_counts_of_5_or_more_are_shown(count):
    assert suppress_count(count).value == count
    assert str(suppress_count(count)) == str(count)


@pytest.mark.parametrize("bad", [-1, 2.5, "3", None, True])
def test_anything_but_a_whole_number_from_0_is_refused(bad):
    with pytest.raises(ValueError):
        suppress_count(bad)


def test_a_total_of_5_or_more_is_shown_and_the_smallest_other_count_hidden_instead():
    row = suppress_row({"yes": 20, "partly": 3, "not_yet": 9})
    assert [str(row.cells[key]) for key in ("yes", "partly", "not_yet")] == ["20", FEWER_THAN, WITHHELD]
    assert row.total.value == 32


def test_two_small_counts_protect_each_other_without_hiding_more():
    # 2 + 2 = 4 between them, so each could be 1, 2 or 3.
    row = suppress_row({"a": 2, "b": 2, "c": 10, "d": 11})
    assert [str(figure) for figure in row.cells.values()] == [FEWER_THAN, FEWER_THAN, "10", "11"]
    assert row.total.value == 25


def test_four_hidden_counts_adding_to_4_are_not_left_pinned_down():
    # "fewer than 5" on the total and on all four would say each is 1: one says "not shown" instead.
    figures = suppress_row({"a": 1, "b": 1, "c": 1, "d": 1})
    assert WITHHELD in [str(figure) for figure in (*figures.cells.values(), figures.total)]
    counts = {"a": 1, "b": 1, "c": 1, "d": 1}
    shown = {**figures.cells, "total": figures.total}
    assert all(len(values) > 1 for values in possible_values(shown, counts, {"total": list(counts)}).values())


def test_a_row_with_nothing_small_shows_everything_and_its_shares():
    row = suppress_row({"yes": 10, "partly": 5, "not_yet": 0, "dont_know": 5})
    assert row.complete
    assert row.total.value == 20
    assert shares(row) == {"yes": 50, "partly": 25, "not_yet": 0, "dont_know": 25}


def test_shares_are_given_where_the_count_and_the_total_are_shown():
    # 25 yes out of 29 would give the 4 away: both are hidden, so the total (shown) has no share beside either.
    assert shares(suppress_row({"yes": 25, "partly": 4})) == {"yes": None, "partly": None}
    assert shares(suppress_row({"yes": 12, "partly": 3, "not_yet": 2, "dont_know": 1})) == {
        "yes": 67,
        "partly": None,
        "not_yet": None,
        "dont_know": None,
    }


def test_no_shares_for_a_row_without_answers():
    assert shares(suppress_row({"yes": 0, "partly": 0})) is None


def test_totals_of_totals_are_shown_and_cells_hidden_around_the_small_one():
    counts = {("a", 1): 10, ("a", 2): 2, ("b", 1): 7, ("b", 2): 8}
    totals = {
        "row a": [("a", 1), ("a", 2)],
        "row b": [("b", 1), ("b", 2)],
        "col 1": [("a", 1), ("b", 1)],
        "col 2": [("a", 2), ("b", 2)],
        "all": ["row a", "row b"],
    }
    figures = suppress(counts, totals)
    assert str(figures[("a", 2)]) == FEWER_THAN
    assert all(figures[key].shown for key in totals)
    # The other three cells are hidden: any one shown would give the 2 away through a shown total.
    assert not any(figures[key].shown for key in counts)
    assert all(len(values) > 1 for values in possible_values(figures, counts, totals, largest=20).values())


def test_the_exact_check_agrees_with_the_search_on_a_two_way_table():
    counts = {("a", 1): 10, ("a", 2): 2, ("b", 1): 7, ("b", 2): 8}
    totals = {"row a": [("a", 1), ("a", 2)], "row b": [("b", 1), ("b", 2)], "col 1": [("a", 1), ("b", 1)]}
    totals["col 2"] = [("a", 2), ("b", 2)]
    figures = suppress(counts, totals)
    ranges = hidden_ranges(figures, equations(totals), integral=True)
    searched = possible_values(figures, counts, totals, largest=20)
    assert {key: (min(values), max(values)) for key, values in searched.items()} == ranges


def test_keys_used_twice_or_totals_of_nothing_known_are_refused():
    with pytest.raises(ValueError):
        suppress({"a": 1}, {"a": ["a"]})
    with pytest.raises(ValueError):
        suppress({"a": 1}, {"t": ["missing"]})


@pytest.mark.parametrize("width", [2, 3, 4])
def test_no_hidden_count_in_any_row_can_be_worked_out_from_what_is_shown(width):
    """Every row of `width` counts (0 to 6; for four, 0, 1, 2, 5 or 6), with its total: each hidden count could
    still be more than one value, so it cannot be worked out from the figures shown."""
    cells = list(range(width))
    totals = {"total": cells}
    choices = range(7) if width < 4 else (0, 1, 2, 5, 6)
    for values in itertools.product(choices, repeat=width):
        counts = dict(zip(cells, values, strict=True))
        figures = suppress(counts, totals)
        for key, possible in possible_values(figures, counts, totals).items():
            assert len(possible) > 1, f"{values}: count {key} can be worked out as {possible}"


@pytest.mark.parametrize("shape", [(2, 2), (2, 3)])
def test_no_hidden_count_in_a_two_way_table_can_be_worked_out(shape):
    """Tables with row, column and grand totals: every 2 x 2 table of counts 0, 1, 2, 5 or 6, and every fifth 2 x 3
    table of counts 0, 1, 3 or 5, with one to three small ones (to keep the search quick)."""
    rows, cols = "ab"[: shape[0]], range(shape[1])
    cells = [(row, col) for row in rows for col in cols]
    totals = {f"row {row}": [(row, col) for col in cols] for row in rows}
    totals.update({f"col {col}": [(row, col) for row in rows] for col in cols})
    totals["all"] = [f"row {row}" for row in rows]
    choices = (0, 1, 2, 5, 6) if shape == (2, 2) else (0, 1, 3, 5)
    checked = 0
    for index, values in enumerate(itertools.product(choices, repeat=len(cells))):
        if not 1 <= sum(1 <= value <= 4 for value in values) <= 3 or (shape != (2, 2) and index % 5):
            continue
        checked += 1
        counts = dict(zip(cells, values, strict=True))
        figures = suppress(counts, totals)
        # The search for 2 x 2 tables; the exact check (integer programming) for the larger ones.
        if shape == (2, 2):
            for key, possible in possible_values(figures, counts, totals, largest=9).items():
                assert len(possible) > 1, f"{values}: {key} can be worked out as {possible}"
        else:
            for key, (low, high) in hidden_ranges(figures, equations(totals), integral=True).items():
                assert high > low, f"{values}: {key} can be worked out as {low}"
    assert checked > 300


def test_the_checks_catch_a_total_shown_beside_one_hidden_count():
    # Guard for the tests above: with the complementary step left out, the hidden count is pinned down.
    counts = {"yes": 20, "partly": 3}
    figures = {**{key: suppress_count(value) for key, value in counts.items()}, "total": suppress_count(23)}
    assert possible_values(figures, counts, {"total": ["yes", "partly"]}) == {"partly": {3}}
    assert hidden_ranges(figures, [("total", ("yes", "partly"))]) == {"partly": (3, 3)}


def test_a_count_the_known_figures_pin_down_is_refused_not_looped_over():
    """When the figures a reader knows give a small count away by themselves, nothing on the page can protect it:
    suppress says so instead of hiding the same figure again for ever (it once hung a page's worker)."""
    with pytest.raises(ValueError, match="worked out from the figures a reader knows"):
        suppress({"a": 2, "b": 3}, {"t": ["a", "b"]}, known=["b", "t"])
