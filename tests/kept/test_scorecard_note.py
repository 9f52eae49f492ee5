"""The scorecard's note on small numbers says what the page does: each way the page writes a hidden number ("fewer
than 5", "not shown", a dash for its part out of 100) is explained, and it never says the total is hidden beside a
total on show (before: "we do not show the total, or the parts out of 100" beside "All answers 57 / 100")."""

import pytest
import textstat

from portal.models.kept import Kept
from tests.kept.test_views import this_period_table
from tests.tell_us.test_reading_age import MAX_GRADE, grade


@pytest.mark.parametrize(
    "learn_counts",
    [
        {Kept.YES: 30, Kept.PARTLY: 12, Kept.NOT_YET: 12, Kept.DONT_KNOW: 3},  # the tester's: 57 answers in all
        {Kept.YES: 1, Kept.PARTLY: 1, Kept.NOT_YET: 1, Kept.DONT_KNOW: 1},
    ],
    ids=["one small", "all small"],
)
def test_the_note_explains_every_hidden_number_the_page_shows(pages, world, answers, learn_counts):
    answers(world.learn, learn_counts)
    page = pages.get("/pledge/scorecard")
    note = page.html.find(id="small-numbers").get_text(" ", strip=True)
    cells = [
        cell for cells in this_period_table(page.html.select_one("section.portal-scorecard")).values() for cell in cells
    ]
    for hidden in ("fewer than 5", "not shown", "–"):
        if hidden in cells:
            assert f"“{hidden}”" in note or f"({hidden})" in note, (hidden, note)
    assert "not show the total" not in note
    assert textstat.flesch_kincaid_grade(note) <= MAX_GRADE, note
    assert grade(page) <= MAX_GRADE, "the whole page too"


def test_the_note_names_not_shown_even_before_the_page_needs_it(pages, world):
    note = pages.get("/pledge/scorecard").html.find(id="small-numbers").get_text(" ", strip=True)
    assert "“fewer than 5”" in note and "“not shown”" in note and "(–)" in note
