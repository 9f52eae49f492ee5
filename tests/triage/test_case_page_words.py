"""The case page shows each stored answer in words, as the labels in portal.cases.labels say, never the stored value:
before, it read "Who is telling us: young person", "Safe right now: no", "How to reply: none" beside
"Interpreter: No"."""

from sqlalchemy import select

from portal.cases.labels import CASE_PAGE_ANSWERS, case_answer
from portal.clock import london_today
from portal.models import User
from tests.triage.conftest import new_case


def summary(page):
    """{key: value} of every summary list row on the page, as a reader sees them."""
    return {
        row.select_one(".govuk-summary-list__key").get_text(" ", strip=True): row.select_one(
            ".govuk-summary-list__value"
        ).get_text(" ", strip=True)
        for row in page.html.select(".govuk-summary-list__row")
    }


def test_the_case_page_puts_every_answer_in_words(pages, officer, db_session):
    case = new_case(
        db_session,
        london_today(),
        urgent=True,
        happened_when="last_week",
        advocate_wanted="yes",
        reply_route="none",
    )
    case.assigned_to_id = db_session.scalar(select(User.id).where(User.email == officer))
    db_session.commit()
    rows = summary(pages.get(f"/staff/cases/{case.id}"))
    assert rows["Who is telling us"] == "The young person"
    assert "Young person knows and agrees" not in rows  # they are the young person
    assert rows["Safe right now"] == "No, not safe"
    assert rows["When it happened"] == "In the last week"
    assert rows["Advocate wanted"] == "Yes"
    assert rows["Asked for an interpreter"] == "No"
    assert rows["How to reply"] == "Do not contact them"


def test_someone_telling_us_for_a_young_person_is_named_with_whether_they_agree(pages, officer, db_session):
    case = new_case(db_session, london_today(), young_person_agrees="not_sure", reply_route="social_worker")
    case.assigned_to_id = db_session.scalar(select(User.id).where(User.email == officer))
    case.told_by = "foster_carer"
    db_session.commit()
    rows = summary(pages.get(f"/staff/cases/{case.id}"))
    assert rows["Who is telling us"] == "Their foster carer"
    assert rows["Young person knows and agrees"] == "Not sure"
    assert rows["When it happened"] == "Not said"
    assert rows["Advocate wanted"] == "Not asked"
    assert rows["How to reply"] == "Through their social worker or advocate"


def test_every_answer_label_starts_with_a_capital_and_an_unknown_value_still_reads():
    for field, words in CASE_PAGE_ANSWERS.items():
        for value, label in words.items():
            assert label[0].isupper(), (field, value)
    assert case_answer("reply_route", "carrier_pigeon") == "Carrier pigeon"
    assert case_answer("advocate_wanted", None) == "Not asked"
