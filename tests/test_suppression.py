"""Small-number suppression (portal.suppression): counts from 1 to 4 are never shown, and no shown figure lets one
be worked out, checked on every possible small table by brute force as well as by example."""

import itertools

import pytest

from portal.suppression import FEWER_THAN, WITHHELD, shares, suppress, suppress_count, suppress_row


def possible_values(figures, counts, totals):
    """For each hidden count: every value it could have, given everything shown. Shown counts are fixed; a hidden
    count is from 1 to 4 (that is what "fewer than 5" says); a shown total must add up; a withheld total could be
    anything but 0 (it adds up at least one hidden count)."""
    hidden = [key for key in counts if not figures[key].shown]
    possible = {key: set() for key in hidden}
    for guess in itertools.product(range(1, 5), repeat=len(hidden)):
        table = {**counts, **dict(zip(hidden, guess, strict=True))}
        values = dict(table)
        for key, parts in totals.items():  # totals listed after the totals they add up
            values[key] = sum(values[part] for part in parts)
        agrees = all(
            (figure.shown and figure.value == values[key])
            or (figure.small and 1 <= values[key] <= 4)
            or (figure.text == WITHHELD and values[key] >= 1)
            for key, figure in figures.items()
        )
        if agrees:
            for key in hidden:
                possible[key].add(table[key])
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


def test_a_total_beside_a_hidden_count_is_withheld():
    row = suppress_row({"yes": 20, "partly": 3, "not_yet": 9})
    assert [str(row.cells[key]) for key in ("yes", "partly", "not_yet")] == ["20", FEWER_THAN, "9"]
    assert row.total.value is None and str(row.total) == WITHHELD


def test_a_small_total_of_hidden_counts_is_withheld_not_called_fewer_than_5():
    # "fewer than 5" on a total of four hidden counts would say each one is 1.
    row = suppress_row({"a": 1, "b": 1, "c": 1, "d": 1})
    assert str(row.total) == WITHHELD


def test_a_row_with_nothing_small_shows_everything_and_its_shares():
    row = suppress_row({"yes": 10, "partly": 5, "not_yet": 0, "dont_know": 5})
    assert row.complete
    assert row.total.value == 20
    assert shares(row) == {"yes": 50, "partly": 25, "not_yet": 0, "dont_know": 25}


def test_no_shares_are_given_for_a_row_with_a_hidden_count():
    # 25 yes out of 29 would give the total away, and with it the "fewer than 5".
    assert shares(suppress_row({"yes": 25, "partly": 4})) is None


def test_no_shares_for_a_row_without_answers():
    assert shares(suppress_row({"yes": 0, "partly": 0})) is None


def test_totals_of_totals_are_withheld_up_the_chain():
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
    assert not figures["row a"].shown and not figures["col 2"].shown and not figures["all"].shown
    assert figures["row b"].value == 15 and figures["col 1"].value == 17


def test_keys_used_twice_or_totals_of_nothing_known_are_refused():
    with pytest.raises(ValueError):
        suppress({"a": 1}, {"a": ["a"]})
    with pytest.raises(ValueError):
        suppress({"a": 1}, {"t": ["missing"]})


@pytest.mark.parametrize("width", [2, 3, 4])
def test_no_hidden_count_in_any_row_can_be_worked_out_from_what_is_shown(width):
    """Every row of `width` counts from 0 to 6, with its total: each hidden count could still be more than one
    value, so it cannot be worked out from the figures shown."""
    cells = list(range(width))
    totals = {"total": cells}
    for values in itertools.product(range(7), repeat=width):
        counts = dict(zip(cells, values, strict=True))
        figures = suppress(counts, totals)
        for key, possible in possible_values(figures, counts, totals).items():
            assert len(possible) > 1, f"{values}: count {key} can be worked out as {possible}"


@pytest.mark.parametrize("shape", [(2, 2), (2, 3)])
def test_no_hidden_count_in_a_two_way_table_can_be_worked_out(shape):
    """Tables with row, column and grand totals: every 2 x 2 table of counts from 0 to 5, and every 2 x 3 table of
    counts 0, 1, 3 or 5 with at most three small ones (to keep the search quick)."""
    rows, cols = "ab"[: shape[0]], range(shape[1])
    cells = [(row, col) for row in rows for col in cols]
    totals = {f"row {row}": [(row, col) for col in cols] for row in rows}
    totals.update({f"col {col}": [(row, col) for row in rows] for col in cols})
    totals["all"] = [f"row {row}" for row in rows]
    choices = range(6) if shape == (2, 2) else (0, 1, 3, 5)
    checked = 0
    for values in itertools.product(choices, repeat=len(cells)):
        if not 1 <= sum(1 <= value <= 4 for value in values) <= 3:
            continue
        checked += 1
        counts = dict(zip(cells, values, strict=True))
        figures = suppress(counts, totals)
        for key, possible in possible_values(figures, counts, totals).items():
            assert len(possible) > 1, f"{values}: {key} can be worked out as {possible}"
    assert checked > 500


def test_the_check_itself_catches_a_total_shown_beside_one_hidden_count():
    # Guard for the two tests above: were the total shown, the hidden count would be pinned down.
    counts = {"yes": 20, "partly": 3}
    figures = {**suppress(counts), "total": suppress_count(23)}
    assert possible_values(figures, counts, {"total": ["yes", "partly"]}) == {"partly": {3}}
