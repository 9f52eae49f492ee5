"""The Tell us journey reads at Flesch-Kincaid grade 5 or below (a reading age of about 10), page by page.

The text measured is each page's <main>, every block (heading, paragraph, label, hint, list item, button, table
caption and cell, details summary) taken as its own sentence, as a reader meets it: so a list of titles counts as
short sentences, not one run-on one. Header and footer are the same on every page and are left out."""

import re

import pytest
import textstat

from tests.tell_us.conftest import COMPLAINT, answer, send, walk

MAX_GRADE = 5.0
BLOCKS = [
    *("h1", "h2", "h3", "h4", "p", "li", "label", "legend", "button", "dt", "dd", "div.govuk-hint", "a.govuk-button"),
    *("caption", "th", "td", "summary", "span.govuk-caption-m", "span.govuk-caption-l", "span.govuk-caption-xl"),
]
# A block holding one of these is read through them instead, so no text counts twice.
BLOCKS_WITHOUT_SELECTORS = ["p", "li", "label", "legend", "h1", "h2", "h3", "h4", "td", "th", "dd", "dt"]


def readable_text(page):
    main = page.html.find("main")
    for hidden in main.select(".govuk-visually-hidden"):
        hidden.decompose()
    sentences = []
    for element in main.select(", ".join(BLOCKS)):
        text = re.sub(r"\s+", " ", element.get_text(" ", strip=True))
        if text and not element.find(BLOCKS_WITHOUT_SELECTORS):
            sentences.append(text if text[-1] in ".?!" else text + ".")
    return " ".join(dict.fromkeys(sentences))


def grade(page):
    return textstat.flesch_kincaid_grade(readable_text(page))


def journey_pages(pages):
    """Every page of the journey, as (name, page), walking a complaint from someone not safe."""
    seen = [("start", pages.get("/tell-us"))]
    steps = [("what-kind", {"kind": "complaint"}), ("are-you-safe", {"safe_now": "no"})]
    for slug, data in steps:
        seen.append((slug, pages.get(f"/tell-us/{slug}")))
        answer(pages, slug, data)
    seen.append(("get-help-now", pages.get("/tell-us/get-help-now")))
    for slug, data in [
        ("who", {"told_by_me": "someone_else"}),
        ("who-you-are", {"told_by": "foster_carer"}),
        ("do-they-agree", {"young_person_agrees": "yes"}),
    ] + COMPLAINT[3:]:
        seen.append((slug, pages.get(f"/tell-us/{slug}")))
        answer(pages, slug, data)
    seen.append(("check", pages.get("/tell-us/check")))
    sent = send(pages)
    seen.append(("sent", sent))
    seen.append(("about-you", pages.get("/tell-us/about-you")))
    reference = sent.html.find(class_="portal-reference").get_text(strip=True)
    code = sent.html.find(id="tracking-code").get_text(strip=True)
    pages.post("/tell-us/finish", {})
    seen.append(("finished", pages.get("/tell-us/finished")))
    seen.append(("track", pages.get("/track")))
    seen.append(
        ("track (no match)", pages.post("/track", {"reference": reference, "code": "WRONG"}, expected_status=200))
    )
    pages.post("/track", {"reference": reference, "code": code}, expected_status=303)
    seen.append(("track result", pages.get("/track/message")))
    seen.append(("what-kind (error)", answer(pages, "what-kind", {}, expected_status=200)))
    return seen


BRANCHES = [
    ("who-you-are", {"told_by": "other"}, "who-else", {"told_by_other": "Their aunt"}),
    ("reply", {"reply_route": "phone"}, "reply-phone", {"reply_phone": "07700 900982"}),
    ("reply", {"reply_route": "text"}, "reply-mobile", {"reply_mobile": "07700 900982"}),
    ("reply", {"reply_route": "social_worker"}, "reply-via", {"reply_via_name": ""}),
    ("language", {"interpreter": "yes"}, "which-language", {"language": "Polish"}),
]


def branch_pages(pages):
    """The pages only some answers lead to, reached by changing answers from the check page."""
    walk(
        pages,
        [
            *COMPLAINT[:3],
            ("who-you-are", {"told_by": "parent"}),
            ("do-they-agree", {"young_person_agrees": "yes"}),
            *COMPLAINT[3:],
        ],
        replace={"who": {"told_by_me": "someone_else"}},
    )
    seen = []
    for slug, data, branch, branch_data in BRANCHES:
        assert pages.post(f"/tell-us/{slug}?change=1", data).response.location == f"/tell-us/{branch}?change=1"
        seen.append((branch, pages.get(f"/tell-us/{branch}?change=1")))
        pages.post(f"/tell-us/{branch}?change=1", branch_data)
    return seen


def test_every_page_of_the_journey_reads_at_grade_5_or_below(app, pages, inbox, capsys):
    from tests.conftest import PageClient

    visited = journey_pages(pages) + branch_pages(PageClient(app.test_client()))
    grades = {name: grade(page) for name, page in visited}
    with capsys.disabled():
        print("\nFlesch-Kincaid grade per page of Tell us:")
        for name, value in grades.items():
            print(f"  {value:5.1f}  {name}")
    too_hard = {name: value for name, value in grades.items() if value > MAX_GRADE}
    assert not too_hard, f"pages above grade {MAX_GRADE}: {too_hard}"


def test_the_measure_can_fail():
    from tests.conftest import Page

    class Response:
        status_code = 200
        mimetype = "text/html"

        def get_data(self, as_text):
            return (
                "<main><p>Notwithstanding the aforementioned considerations, "
                "representations necessitate comprehensive investigation.</p></main>"
            )

    assert grade(Page(Response())) > MAX_GRADE


@pytest.mark.parametrize("text", ["Are you safe right now?", "Tell us what happened."])
def test_short_plain_sentences_score_low(text):
    assert textstat.flesch_kincaid_grade(text) <= MAX_GRADE
