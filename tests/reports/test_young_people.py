"""The young people's version's sentences (portal.reports.young_people), read as a young person reads them."""

from portal.reports.young_people import what_you_told_us

CONTENT = {"told_us": "21", "complaints": "12", "from_young_people": "7", "advocates": "6"}


def test_advocates_are_counted_in_a_sentence_when_some_got_one():
    assert "6 young people got help from an advocate." in what_you_told_us(CONTENT)["more"]


def test_no_sentence_says_0_young_people_got_help_from_an_advocate():
    # The demo year: 14 asked, none given one yet. "0 young people got help from an advocate" reads as a slip.
    more = what_you_told_us({**CONTENT, "advocates": "0"})["more"]
    assert not any("advocate" in line for line in more), more
    assert "7 of the things that went wrong came from young people." in more
