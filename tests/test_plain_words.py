"""Every page a young person reaches reads at Flesch-Kincaid grade 5 or below, measured over the page's whole <main>
with the demo data loaded (the demo Pledge's own words included).

How it is measured (tests/tell_us/test_reading_age.readable_text): each block a reader meets on its own (heading,
paragraph, label, hint, button, table cell label, and each list item) counts as one sentence, as if it ended with a
full stop. So a list of promise titles counts as short sentences, one per title, not as one run-on sentence; text
hidden for screen readers only is left out. Header and footer are the same on every page and are left out.

The Tell us journey's own pages, branch by branch, are in tests/tell_us/test_reading_age.py; the young people's
annual report page in tests/reports."""

import pytest
from sqlalchemy import select

from portal.models import Consultation, Promise
from tests.tell_us.conftest import (
    COMPLAINT,
    answer,
    inbox,  # noqa: F401 - the fixture that catches the mail Send makes
    send,
    walk,
)
from tests.tell_us.test_reading_age import MAX_GRADE, grade


@pytest.fixture
def demo(runner, db_session):
    assert runner.invoke(args=["demo"]).exit_code == 0
    return db_session


def young_peoples_pages(pages, db_session):
    """(name, page) for every page a young person reaches outside the Tell us journey's own questions."""
    promise = db_session.scalars(select(Promise.id).order_by(Promise.id)).first()
    token = db_session.scalar(select(Consultation.token))
    seen = [(url, pages.get(url)) for url in ("/", "/get-help", "/accessibility", "/privacy", "/cookies")]
    seen += [(url, pages.get(url)) for url in ("/pledge", "/pledge/scorecard", "/pledge/print", "/pledge/versions")]
    pages.post(f"/pledge/kept/{promise}", {"answer": "not_yet"}, expected_status=302)
    seen.append(("kept: your answer", pages.get(f"/pledge/kept/{promise}")))
    seen.append(("kept: thank you", pages.get(f"/pledge/kept/{promise}/thank-you")))
    pages.post("/pledge/i-know", {}, expected_status=302)
    seen.append(("/pledge/i-know", pages.get("/pledge/i-know")))
    consultation = pages.get(f"/pledge/have-your-say/{token}")
    seen.append(("have your say", consultation))
    comment_link = consultation.html.select_one("a[href$='/comment']")["href"]
    seen.append(("have your say: comment", pages.get(comment_link)))
    # The demo has a published Pledge, so after "what happened?" the journey asks which promise it is about.
    walk(pages, COMPLAINT[:4])
    seen.append(("/tell-us/which-promise", pages.get("/tell-us/which-promise")))
    answer(pages, "which-promise", {"promise": str(promise)})
    walk(pages, COMPLAINT[4:])
    seen.append(("/tell-us/reply", pages.get("/tell-us/reply?change=1")))
    sent = send(pages)
    seen.append(("/tell-us/sent", sent))
    reference = sent.html.find(class_="portal-reference").get_text(strip=True)
    code = sent.html.find(id="tracking-code").get_text(strip=True)
    seen.append(("/track", pages.get("/track")))
    pages.post("/track", {"reference": reference, "code": code}, expected_status=303)
    seen.append(("/track: result", pages.get("/track/message")))
    return seen


@pytest.mark.usefixtures("inbox")
def test_every_page_a_young_person_reaches_reads_at_grade_5_or_below(demo, pages, capsys):
    grades = {name: grade(page) for name, page in young_peoples_pages(pages, demo)}
    with capsys.disabled():
        print("\nFlesch-Kincaid grade over each page's whole <main> (demo data):")
        for name, value in grades.items():
            print(f"  {value:5.1f}  {name}")
    too_hard = {name: value for name, value in grades.items() if value > MAX_GRADE}
    assert not too_hard, f"pages above grade {MAX_GRADE}: {too_hard}"
