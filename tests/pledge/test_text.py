"""Word-level diffs, the Markdown subset and its sanitiser, reading ages and personal details in comments."""

import re

from bs4 import BeautifulSoup

from portal.pledge.text import (
    Change,
    clean_html,
    diff_html,
    personal_details_in,
    reading_age,
    reading_grade,
    render_wording,
    word_diff,
)


def test_diff_shows_an_inserted_word_as_added():
    assert word_diff("we will listen", "we will really listen") == [
        Change("same", "we will "),
        Change("added", "really "),
        Change("same", "listen"),
    ]


def test_diff_shows_a_deleted_word_as_removed():
    assert word_diff("we will really listen", "we will listen") == [
        Change("same", "we will "),
        Change("removed", "really "),
        Change("same", "listen"),
    ]


def test_diff_shows_a_replaced_word_as_removed_then_added():
    assert word_diff("listen to you", "listen to them") == [
        Change("same", "listen to "),
        Change("removed", "you"),
        Change("added", "them"),
    ]


def test_diff_of_identical_texts_has_no_changes():
    assert {change.kind for change in word_diff("same words here", "same  words\nhere")} == {"same"}


def test_diff_html_says_added_and_removed_in_words_not_only_colour():
    html = BeautifulSoup(diff_html("listen to you", "listen to them"), "html.parser")
    removed, added = html.find("del"), html.find("ins")
    assert removed.get_text() == "removed: you (end of removed)"
    assert added.get_text() == "added: them (end of added)"
    assert removed.find(class_="govuk-visually-hidden") and added.find(class_="govuk-visually-hidden")


def test_diff_html_escapes_the_words():
    assert "<script>" not in diff_html("a", "a <script>alert(1)</script>")


def test_sanitiser_removes_scripts_event_handlers_and_javascript_links():
    dirty = (
        '<p onclick="steal()">Hi<script>alert(1)</script>'
        '<a href="javascript:alert(1)">click</a><img src=x onerror="alert(1)"><b onmouseover="x()">b</b></p>'
    )
    cleaned = clean_html(dirty)
    assert "script" not in cleaned and "alert" not in cleaned
    assert "onclick" not in cleaned and "onerror" not in cleaned and "onmouseover" not in cleaned
    assert "javascript:" not in cleaned
    assert "<img" not in cleaned
    assert "Hi" in cleaned and "click" in cleaned


def test_wording_with_html_or_javascript_links_renders_nothing_active():
    html = str(
        render_wording(
            "Hello <script>alert(1)</script> <img src=x onerror=alert(1)> [tap](javascript:alert(1)) "
            '<a href="javascript:alert(2)">x</a>'
        )
    )
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None and soup.find("img") is None
    assert not any(tag.attrs.get(name) for tag in soup.find_all(True) for name in ("onerror", "onclick"))
    assert all(not a.get("href", "").startswith("javascript:") for a in soup.find_all("a"))


def test_wording_markdown_subset_gives_emphasis_lists_and_safe_links():
    soup = BeautifulSoup(
        str(render_wording("We will **listen**, *always*.\n\n- one\n- two\n\n[More](https://example.org)")),
        "html.parser",
    )
    assert soup.find("strong").get_text() == "listen" and soup.find("em").get_text() == "always"
    assert [li.get_text() for li in soup.select("ul.govuk-list li")] == ["one", "two"]
    link = soup.find("a")
    assert link["href"] == "https://example.org" and "govuk-link" in link["class"]
    assert "noopener" in link["rel"]


def test_headings_and_images_are_not_in_the_subset():
    soup = BeautifulSoup(str(render_wording("# Big\n\n![x](https://example.org/x.png)")), "html.parser")
    assert soup.find("h1") is None and soup.find("img") is None


def test_reading_grade_is_low_for_plain_words_and_high_for_jargon():
    assert reading_grade("We will help you at school.") <= 5
    assert reading_grade("The council will endeavour to facilitate comprehensive educational opportunities.") > 5
    assert reading_grade("") is None


def test_the_reading_age_check_speaks_to_a_young_writer_in_words_not_grades():
    easy = reading_age("We will help you at school.")
    assert (easy.summary, easy.advice) == ("Easy to read.", "Most 10-year-olds can read this.")
    quite_hard = reading_age("We will support you with your education and training.")  # grade 6.3
    assert quite_hard.summary == "Quite hard to read."
    assert quite_hard.advice == "You need to be about 11 to read it easily. Try shorter sentences and shorter words."
    hard = reading_age("We will make sure your placement is appropriate and your accommodation is suitable.")
    assert hard.summary == "Hard to read." and "Split long sentences in two" in hard.advice
    assert reading_age("") is None


def test_the_reading_age_check_never_says_a_nonsense_age():
    # Flesch-Kincaid runs below 0 for a few short words and past 20 for one long sentence.
    assert reading_grade("Go.") < 0
    assert reading_age("Go.").summary == "Easy to read."
    sprawling = "The local authority will endeavour to facilitate comprehensive educational opportunities."
    assert reading_grade(sprawling) > 20
    assert reading_age(sprawling).advice.startswith("You need to be an adult to read it easily.")
    for words in ("Go.", sprawling):
        check = reading_age(words)
        said = f"{check.summary} {check.advice}"
        assert "grade" not in said and not re.search(r"-\d|\b(19|[2-9]\d)\b", said)  # no -3, no age 19 or more


def test_phone_numbers_emails_and_street_addresses_in_comments_are_flagged():
    assert personal_details_in("ring me on 07700 900123") == ["phone"]
    assert personal_details_in("ring me on +44 7700 900 123") == ["phone"]
    assert personal_details_in("email sam.j@example.org please") == ["email"]
    assert personal_details_in("I live at 12 Acacia Avenue") == ["address"]
    assert personal_details_in("near N1 2AB") == ["address"]
    assert personal_details_in("I like this promise, it has 3 good ideas") == []
