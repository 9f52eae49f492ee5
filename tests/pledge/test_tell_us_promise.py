"""Tell us knows the Pledge: while a Pledge is published the journey asks which promise it is about."""

from sqlalchemy import select

from portal.models import Case
from tests.pledge.conftest import published_ids
from tests.tell_us.conftest import COMPLAINT, answer, send, walk
from tests.tell_us.test_reading_age import MAX_GRADE, grade, readable_text

BEFORE_WHEN = [step for step in COMPLAINT if step[0] in ("what-kind", "are-you-safe", "who", "what-happened")]
AFTER_WORDS = [step for step in COMPLAINT if step not in BEFORE_WHEN]


def test_without_a_published_pledge_the_journey_does_not_ask_which_promise(pages, build):
    build(lambda people: None)
    walk(pages, BEFORE_WHEN[:-1])
    response = answer(pages, "what-happened", BEFORE_WHEN[-1][1])
    assert response.response.location == "/tell-us/when"
    pages.get("/tell-us/which-promise", expected_status=302)


def test_with_a_published_pledge_the_journey_asks_which_promise_by_theme(pages, build):
    build(published_ids)
    walk(pages, BEFORE_WHEN[:-1])
    assert answer(pages, "what-happened", BEFORE_WHEN[-1][1]).response.location == "/tell-us/which-promise"
    page = pages.get("/tell-us/which-promise")
    assert page.h1 == "Which promise is it about? (optional)"
    themes = [p.get_text(strip=True) for p in page.html.select(".govuk-radios > p")]
    assert themes == ["A good education", "Keeping healthy"]
    labels = [label.get_text(strip=True) for label in page.html.select(".govuk-radios__label")]
    assert labels == ["Help you learn", "Look after your health", "I am not sure", "None of these"]


def test_the_which_promise_page_reads_at_grade_5_or_below(pages, build):
    build(published_ids)
    walk(pages, BEFORE_WHEN)
    page = pages.get("/tell-us/which-promise")
    assert grade(page) <= MAX_GRADE, readable_text(page)


def test_the_chosen_promise_is_on_the_check_page_and_the_case(pages, build, db_session, inbox):
    _version, _ids, identities = build(published_ids)
    walk(pages, BEFORE_WHEN)
    answer(pages, "which-promise", {"promise": str(identities[1])})
    walk(pages, AFTER_WORDS)
    check = pages.get("/tell-us/check")
    rows = {
        row.find("dt").get_text(strip=True): row.find("dd").get_text(strip=True)
        for row in check.html.select(".govuk-summary-list__row")
    }
    assert rows["Which promise it is about"] == "Look after your health"
    assert check.html.find("a", href="/tell-us/which-promise?change=1")
    send(pages)
    assert db_session.scalar(select(Case.promise_id)) == identities[1]


def test_none_of_these_sends_a_case_about_no_promise(pages, build, db_session, inbox):
    build(published_ids)
    walk(pages, BEFORE_WHEN)
    answer(pages, "which-promise", {"promise": "none"})
    walk(pages, AFTER_WORDS)
    send(pages)
    assert db_session.scalar(select(Case.promise_id)) is None
    assert db_session.scalar(select(Case.id)) is not None


def test_a_promise_that_is_not_in_the_pledge_is_refused_with_a_message(pages, build):
    _version, _ids, identities = build(published_ids)
    walk(pages, BEFORE_WHEN)
    page = answer(pages, "which-promise", {"promise": str(max(identities) + 50)}, expected_status=200)
    assert page.error_messages() == ["Choose one of the options"]


def test_tell_us_with_a_promise_in_the_link_starts_with_it_chosen_and_changeable(pages, build, db_session, inbox):
    _version, _ids, identities = build(published_ids)
    pages.get(f"/tell-us?promise={identities[0]}")
    walk(pages, BEFORE_WHEN)
    page = pages.get("/tell-us/which-promise")
    assert page.html.find("input", attrs={"value": str(identities[0])}).has_attr("checked")
    answer(pages, "which-promise", {"promise": str(identities[0])})
    walk(pages, AFTER_WORDS)
    check = pages.get("/tell-us/check")
    assert "Help you learn" in check.text()
    changed = pages.get("/tell-us/which-promise?change=1")
    assert changed.html.find("input", attrs={"value": str(identities[0])}).has_attr("checked")
    answer(pages, "which-promise?change=1", {"promise": str(identities[1])})
    send(pages)
    assert db_session.scalar(select(Case.promise_id)) == identities[1]


def test_tell_us_with_an_unknown_promise_in_the_link_asks_as_usual(pages, build):
    _version, _ids, identities = build(published_ids)
    pages.get(f"/tell-us?promise={max(identities) + 50}")
    pages.get("/tell-us?promise=not-a-number")
    walk(pages, BEFORE_WHEN[:-1])
    assert answer(pages, "what-happened", BEFORE_WHEN[-1][1]).response.location == "/tell-us/which-promise"
