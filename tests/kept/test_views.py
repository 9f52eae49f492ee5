"""Keeping the Pledge through its pages: the one-tap answer on /pledge, "tell us more", "I know about the Pledge",
partner updates (own promises only), the staff dashboard, plans, awareness records and the scorecard."""

import itertools
import re

import pytest
from sqlalchemy import func, select

from portal.device import COOKIE
from portal.models.kept import AwarenessTap, Kept, KeptAnswer, KeptComment, PledgeGiven, ProgressUpdate
from tests.tell_us.test_reading_age import MAX_GRADE, grade, readable_text


def count(db_session, column):
    db_session.expire_all()
    return db_session.scalar(select(func.count(column)))


def tap(pages, promise_id, answer, expected_status=302):
    return pages.post(f"/pledge/kept/{promise_id}", {"answer": answer}, expected_status=expected_status)


# --- On /pledge ------------------------------------------------------------------------------------------------------


def test_each_promise_on_the_pledge_page_has_four_one_tap_answers_in_a_form(pages, world):
    page = pages.get("/pledge")
    form = page.html.select_one(f"form[action='/pledge/kept/{world.learn}']")
    assert form is not None and form["method"] == "post"
    assert form.find("input", attrs={"name": "csrf_token"}) is None, "a page shared by all: no token (see security.py)"
    buttons = form.select("button[type=submit][name=answer]")
    assert [button["value"] for button in buttons] == ["yes", "partly", "not_yet", "dont_know"]
    assert form.find("legend").get_text(" ", strip=True).startswith("Is this promise kept for you?")
    assert page.html.select_one("form[action='/pledge/i-know'] button")
    assert page.html.select_one("a[href='/pledge/scorecard']")


def test_one_tap_records_the_answer_and_says_what_was_answered(pages, world, db_session):
    response = tap(pages, world.learn, "not_yet")
    assert response.response.location == f"/pledge/kept/{world.learn}"
    assert COOKIE in response.response.headers.get("Set-Cookie", "")
    page = pages.get(f"/pledge/kept/{world.learn}")
    assert "You said not yet" in page.text()
    assert page.response.headers["Cache-Control"] == "no-store"
    link = page.html.find("a", id="tell-us-link")
    assert link.get_text(strip=True) == "Not happening for you? Tell us"
    assert link["href"] == f"/tell-us?promise={world.learn}"
    assert count(db_session, KeptAnswer.id) == 1


def test_answering_again_changes_the_answer_instead_of_adding_one(pages, world, db_session):
    tap(pages, world.learn, "not_yet")
    tap(pages, world.learn, "yes")
    tap(pages, world.health, "partly")
    db_session.expire_all()
    answers = db_session.execute(select(KeptAnswer.promise_id, KeptAnswer.answer)).all()
    assert sorted(answers) == sorted([(world.learn, Kept.YES), (world.health, Kept.PARTLY)])


def test_another_device_gives_another_answer(app, world, db_session):
    from tests.conftest import PageClient

    for _ in range(2):
        tap(PageClient(app.test_client()), world.learn, "yes")
    assert count(db_session, KeptAnswer.id) == 2


def test_a_forged_device_cookie_is_ignored(pages, world, db_session):
    pages.client.set_cookie(COOKIE, "not-signed-by-us")
    tap(pages, world.learn, "yes")
    # A fresh, signed id replaces it, and the answer page finds the answer under that id.
    assert "You said yes" in pages.get(f"/pledge/kept/{world.learn}").text()


@pytest.mark.parametrize("answer", ["", "maybe", "YES", "yes' OR 1=1"])
def test_an_answer_that_is_not_one_of_the_four_gets_the_400_page(pages, world, answer, db_session):
    page = tap(pages, world.learn, answer, expected_status=400)
    assert page.h1 == "Sorry, there is a problem with that request"
    assert count(db_session, KeptAnswer.id) == 0


def test_a_promise_not_in_the_published_pledge_gets_the_404_page(pages, world):
    tap(pages, 999_999, "yes", expected_status=404)
    pages.get("/pledge/kept/999999", expected_status=404)


def test_without_an_answer_the_answer_page_goes_back_to_the_promise(pages, world):
    response = pages.get(f"/pledge/kept/{world.learn}", expected_status=302)
    assert response.response.location == f"/pledge#promise-{world.learn}"


def test_tell_us_more_is_kept_apart_and_shown_only_to_staff(pages, world, db_session, sign_in_as):
    tap(pages, world.learn, "partly")
    words = "My PEP meeting <b>was</b> moved twice"
    response = pages.post(f"/pledge/kept/{world.learn}/more", {"words": words})
    assert response.response.location == f"/pledge/kept/{world.learn}/thank-you"
    comment = db_session.scalar(select(KeptComment))
    assert (comment.words, comment.answer) == (words, Kept.PARTLY)
    assert not hasattr(comment, "device_hash")
    for url in ("/pledge", "/pledge/scorecard", f"/pledge/kept/{world.learn}/thank-you"):
        assert "moved twice" not in pages.get(url).text()

    sign_in_as("participation_officer")
    page = pages.get(f"/staff/pledge/promises/{world.learn}")
    assert words in page.text()  # escaped, shown as typed
    assert page.html.find("b") is None or "was" not in [b.get_text() for b in page.html.find_all("b")]


def test_tell_us_more_with_nothing_written_says_so_and_keeps_the_answer_page(pages, world, db_session):
    tap(pages, world.learn, "partly")
    page = pages.post(f"/pledge/kept/{world.learn}/more", {"words": "   "}, expected_status=200)
    assert page.error_messages() == ["Write what you want to tell us"]
    assert page.title.startswith("Error: ")
    assert count(db_session, KeptComment.id) == 0


def test_i_know_about_the_pledge_counts_once_per_device(pages, world, db_session):
    assert pages.post("/pledge/i-know").response.location == "/pledge/i-know"
    pages.post("/pledge/i-know")
    assert count(db_session, AwarenessTap.id) == 1
    assert pages.get("/pledge/i-know").h1 == "Thank you"


def test_young_peoples_pages_read_at_grade_5_or_below(pages, world, answers):
    answers(world.learn, {Kept.YES: 20, Kept.PARTLY: 3, Kept.NOT_YET: 7})
    tap(pages, world.learn, "not_yet")
    checked = {
        "answer": pages.get(f"/pledge/kept/{world.learn}"),
        "i know": pages.get("/pledge/i-know"),
        "scorecard": pages.get("/pledge/scorecard"),
    }
    pages.post(f"/pledge/kept/{world.learn}/more", {"words": "More"})
    checked["thank you"] = pages.get(f"/pledge/kept/{world.learn}/thank-you")
    for name, page in checked.items():
        assert grade(page) <= MAX_GRADE, f"{name}: grade {grade(page)}: {readable_text(page)}"


def test_the_home_page_links_to_the_scorecard(pages, world):
    assert pages.get("/").html.select_one("a[href='/pledge/scorecard']")


# --- Partner leads ---------------------------------------------------------------------------------------------------


UPDATE = {"status": "some_concerns", "done": "Checked every PEP", "next_steps": "Chase the late ones"}


def test_a_partner_lead_sees_and_posts_on_their_own_promises(pages, world, db_session):
    pages.sign_in(world.school_lead)
    page = pages.get("/partner/promises")
    assert [a.get_text(" ", strip=True) for a in page.html.select("main table a")] == ["Help you learn : post progress"]
    response = pages.post(
        f"/partner/promises/{world.learn}",
        {**UPDATE, "evidence_link": "https://example.org/pep", "evidence_number": "87", "evidence_about": "per cent"},
    )
    assert response.response.location == "/partner/promises"
    update = db_session.scalar(select(ProgressUpdate))
    assert (update.promise_id, update.evidence_number, update.evidence_link) == (
        world.learn,
        87.0,
        "https://example.org/pep",
    )
    history = pages.get(f"/partner/promises/{world.learn}").text()
    assert "Checked every PEP" in history and "Some concerns" in history


def test_a_partner_lead_cannot_post_on_another_partners_promise(pages, world, db_session):
    pages.sign_in(world.school_lead)
    pages.get(f"/partner/promises/{world.health}", expected_status=403)
    pages.post(f"/partner/promises/{world.health}", UPDATE, expected_status=403)
    assert count(db_session, ProgressUpdate.id) == 0


def test_a_partner_update_with_mistakes_says_what_to_fix_and_keeps_what_was_typed(pages, world, db_session):
    pages.sign_in(world.school_lead)
    page = pages.post(
        f"/partner/promises/{world.learn}",
        {"done": "Typed words", "evidence_link": "javascript:alert(1)", "evidence_number": "lots"},
        expected_status=200,
    )
    assert page.error_messages() == [
        "Choose how this promise is going",
        "Enter what comes next",
        "Enter a link that starts with https://, like https://example.org/report",
        "Enter the number in figures, like 87 or 12.5",
        "Enter what the number counts",
    ]
    assert page.html.find("textarea", attrs={"name": "done"}).get_text() == "Typed words"
    assert count(db_session, ProgressUpdate.id) == 0


# --- Participation officers and managers ---------------------------------------------------------------------------


def test_the_staff_dashboard_lists_promises_needing_attention_first(pages, world, sign_in_as):
    pages.sign_in(world.school_lead)
    pages.post(f"/partner/promises/{world.learn}", {**UPDATE, "status": "off_track"})
    pages.sign_out()
    sign_in_as("manager")
    page = pages.get("/staff/pledge")
    rows = page.html.select("#promises tbody tr")
    assert [row.th.get_text(strip=True) for row in rows] == ["Help you learn", "Look after your health"]
    assert "Off track" in rows[0].get_text()
    assert page.html.select_one("a[href='/staff/pledge/given']")
    cells = [cell.get_text(" ", strip=True) for cell in rows[1].select("td")]
    assert cells[0] == "Nothing to act on" and cells[-1] == "No answers yet"  # words, not "None" or "0% of 3"


def test_staff_set_a_promises_monitoring_plan(pages, world, sign_in_as, db_session):
    sign_in_as("participation_officer")
    page = pages.get(f"/staff/pledge/promises/{world.health}/plan")
    assert [box.get("checked") is not None for box in page.html.select("input[name=owners]")] == [True, False]
    pages.post(
        f"/staff/pledge/promises/{world.health}/plan",
        {
            "owners": [str(world.health_id), str(world.school_id)],
            "measure": "Health checks on time",
            "target": "95%",
            "frequency": "monthly",
            "next_due": ["31", "1", "2027"],
        },
    )
    text = pages.get(f"/staff/pledge/promises/{world.health}").text()
    assert "Health checks on time" in text and "Every month" in text and "Sunday 31 January 2027" in text
    assert "Health Team, Virtual School" in text


def test_a_plan_with_nothing_chosen_says_what_is_missing(pages, world, sign_in_as):
    # (How often stays as the plan had it: radios not sent keep their value.)
    sign_in_as("manager")
    page = pages.post(
        f"/staff/pledge/promises/{world.health}/plan",
        {"measure": "", "target": "", "next_due": ["31", "2", "2027"]},
        expected_status=200,
    )
    assert page.error_messages() == [
        "Choose at least one partner who owns this promise",
        "Enter what will be measured",
        "Enter the target",
        "Enter the date the next update is due as a real date, like 27 3 2027",
    ]


def test_staff_record_the_pledge_given_with_no_names(pages, world, sign_in_as, db_session):
    sign_in_as("participation_officer")
    page = pages.post(
        "/staff/pledge/given",
        {"count": "twelve", "given_on": ["5", "11", "2026"], "team": "CiC"},
        expected_status=200,
    )
    assert page.error_messages() == ["Enter how many young people were given the Pledge as a number from 1 to 10000"]
    assert page.html.find("input", attrs={"name": "team"})["value"] == "CiC"
    pages.post(
        "/staff/pledge/given",
        {"count": "12", "given_on": ["5", "11", "2026"], "team": "CiC"},
    )
    assert count(db_session, PledgeGiven.id) == 1
    assert "CiC" in pages.get("/staff/pledge").text()


# --- The scorecard: suppression as published ------------------------------------------------------------------------

DATE = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} [A-Z][a-z]+ \d{4}\b")
PERIOD = re.compile(r"\b[A-Z][a-z]+ to [A-Z][a-z]+ \d{4}\b")


def figures_in(element):
    """Every number a reader can see in element (dates and month names taken out), and the bars' widths."""
    text = PERIOD.sub("", DATE.sub("", element.get_text(" ", strip=True)))
    numbers = [int(n) for n in re.findall(r"(?<![\d.])\d+(?![\d.])", text)]
    numbers += [float(rect["width"]) for rect in element.select("svg.portal-bar rect") if rect["width"] != "100"]
    return numbers


def possible_counts(shown, largest=40):
    """{answer: every count it could be} for the hidden counts of a this-period table as shown: "fewer than 5" is 1
    to 4, "not shown" any whole number (up to `largest`); the counts add up to "All answers"."""
    labels = [label for label in shown if label != "All answers"]
    hidden = [label for label in labels if not shown[label].isdigit()]
    choices = [range(1, 5) if shown[label] == "fewer than 5" else range(largest + 1) for label in hidden]
    possible = {label: set() for label in hidden}
    for guess in itertools.product(*choices):
        values = {label: int(shown[label]) for label in labels if label not in hidden}
        values |= dict(zip(hidden, guess, strict=True))
        total, text = sum(values.values()), shown["All answers"]
        small = text == "fewer than 5" and 1 <= total <= 4
        if (text.isdigit() and total == int(text)) or small or text == "not shown":
            for label in hidden:
                possible[label].add(values[label])
    return possible


def this_period_table(section):
    table = section.select_one("table.portal-kept-table")
    rows = {
        row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.find_all("td")]
        for row in table.select("tbody tr")
    }
    return rows


@pytest.mark.parametrize(
    "learn_counts",
    [
        {Kept.YES: 20, Kept.PARTLY: 3, Kept.NOT_YET: 7},
        {Kept.YES: 1, Kept.PARTLY: 1, Kept.NOT_YET: 1, Kept.DONT_KNOW: 1},
        {Kept.YES: 6, Kept.PARTLY: 4, Kept.NOT_YET: 0, Kept.DONT_KNOW: 9},
        {Kept.YES: 2},
    ],
    ids=["one small", "all small", "small and zero", "only a small one"],
)
def test_counts_from_1_to_4_never_appear_on_the_scorecard_nor_can_be_worked_out(pages, world, learn_counts, answers):
    answers(world.learn, learn_counts)
    answers(world.health, {Kept.YES: 5, Kept.NOT_YET: 15})
    page = pages.get("/pledge/scorecard")
    sections = {s.h2.get_text(strip=True): s for s in page.html.select("section.portal-scorecard")}
    learn = sections["Help you learn"]

    # No count from 1 to 4 is written anywhere in the promise's part of the page (nor as a bar).
    small = {n for n in learn_counts.values() if 1 <= n <= 4}
    assert small and not small & set(figures_in(learn)), figures_in(learn)
    table = this_period_table(learn)
    for kept, n in learn_counts.items():
        if 1 <= n <= 4:  # "not shown" where "fewer than 5" on all four and their total would pin each to 1
            assert table[kept.label][0] in ("fewer than 5", "not shown")

    # Nothing beside it gives it away: trying every value each hidden count could have, given the total and the
    # counts shown, each could still be at least two values; a share only beside a shown count and total.
    shown = {label: cells[0] for label, cells in table.items()}
    assert all(len(values) > 1 for values in possible_counts(shown).values()), shown
    for label, cells in table.items():
        assert (cells[1] == "–") == (not cells[0].isdigit() or not shown["All answers"].isdigit()), (label, cells)
    trend_now = learn.select_one("ul.portal-kept-trend li").get_text(strip=True)
    yes_shown = shown[Kept.YES.label].isdigit() and shown["All answers"].isdigit()
    assert trend_now.endswith(": not shown, to keep people private.") == (not yes_shown), trend_now

    # The other promise, with no small counts, shows everything.
    health = this_period_table(sections["Look after your health"])
    assert health["All answers"] == ["20", "100", ""]
    assert health["Yes"][:2] == ["5", "25"]


def test_a_small_number_of_complaints_citing_a_promise_is_shown_as_fewer_than_5(pages, world, app):
    from datetime import UTC, datetime

    from portal.cases.references import new_reference
    from portal.db import get_session
    from portal.models import Case

    with app.test_request_context():
        for _ in range(3):
            get_session().add(
                Case(
                    reference=new_reference(),
                    tracking_code_hash="x",
                    kind="complaint",
                    received_at=datetime.now(UTC),
                    acknowledge_by=datetime.now(UTC).date(),
                    told_by="young_person",
                    safe_now="yes",
                    words="words",
                    reply_route="none",
                    promise_id=world.learn,
                )
            )
        get_session().commit()
    page = pages.get("/pledge/scorecard")
    learn = next(
        s for s in page.html.select("section.portal-scorecard") if s.h2.get_text(strip=True) == "Help you learn"
    )
    assert "Complaints about this promise since" in learn.get_text(" ", strip=True)
    assert learn.find("strong", string="fewer than 5")
    assert 3 not in figures_in(learn)


def test_the_scorecard_names_who_must_keep_each_promise_and_what_they_said(pages, world):
    pages.sign_in(world.school_lead)
    pages.post(f"/partner/promises/{world.learn}", UPDATE)
    pages.sign_out()
    page = pages.get("/pledge/scorecard")
    text = page.text()
    assert "Who must keep it: Virtual School." in text
    assert "Who must keep it: Health Team." in text
    assert "Some concerns" in text and "They have not told us yet." in text


def test_the_cookies_page_names_the_answers_cookie(pages):
    assert COOKIE in pages.get("/cookies").text()
