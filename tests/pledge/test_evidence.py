"""What young people said, in front of the people writing the next Pledge (issue 23): the evidence beside each
promise, counted exactly per quarter on hand-built data and suppressed so that no count from 1 to 4 shows or can be
worked out from the page's other figures (the report's whole-page check, by integer programming); what the Pledge does
not cover yet; the trace from evidence or a gap to a change, kept through acceptance, sign-off and publishing; "you
said, we changed it" on the published Pledge and in the annual report; and the meeting pack, its PDF read back."""

import io
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from portal.cases.lists import seed_default_lists
from portal.clock import Year, london_today
from portal.db import get_session
from portal.models import CaseKind, Outcome
from portal.models.kept import Kept, KeptAnswer
from portal.models.pledge import VersionPromise
from portal.models.triage import QualityTheme, ServiceArea
from portal.pledge import amendments, drafting, evidence
from portal.reports.services import build_report
from portal.reports.young_people import pledge_changed, young_peoples_content
from portal.site import DEMO_PASSWORD
from portal.suppression import FEWER_THAN, THRESHOLD, hidden_ranges, suppress_count
from tests.pledge.conftest import build_draft, sign_off_and_publish
from tests.tell_us.test_reading_age import MAX_GRADE, grade
from tests.triage.conftest import new_case

YEAR = Year(2024)  # 1 April 2024 to 31 March 2025: a year that has ended, whatever day the tests run
AFTER_IT = date(2025, 6, 1)
Q1, Q2, Q3, Q4 = date(2024, 4, 1), date(2024, 7, 1), date(2024, 10, 1), date(2025, 1, 1)


@pytest.fixture
def lists(app):
    """The starting service areas and themes (the tests empty every table, the migration's seed included)."""
    with app.app_context():
        seed_default_lists()


def theme_id(name):
    return get_session().scalar(select(QualityTheme.id).where(QualityTheme.name == name))


def area_id(name):
    return get_session().scalar(select(ServiceArea.id).where(ServiceArea.name == name))


class Cases:
    """Cases made straight in the database, each with its own reference."""

    def __init__(self):
        self.made = 0

    def add(self, received_on, kind=CaseKind.COMPLAINT, promise_id=None, outcome=None, themes=(), areas=()):
        self.made += 1
        case = new_case(get_session(), received_on, kind=kind, reference=f"TU-EV{self.made:04d}", promise_id=promise_id)
        case.outcome = outcome
        case.themes = [get_session().get(QualityTheme, theme_id(name)) for name in themes]
        case.service_areas = [get_session().get(ServiceArea, area_id(name)) for name in areas]
        get_session().commit()
        return case


def answer(promise_id, period, kept, times):
    for n in range(times):
        get_session().add(
            KeptAnswer(
                promise_id=promise_id,
                period_start=period,
                device_hash=f"device-{promise_id}-{period}-{kept}-{n}",
                answer=kept,
                answered_at=datetime.combine(period, datetime.min.time(), UTC),
            )
        )
    get_session().commit()


@pytest.fixture
def year_of_evidence(published, lists):
    """One promise's year, by hand: what its page must show exactly. Returns (promise id, the true counts)."""
    _version, (promise, other) = published
    pid = promise.promise_id
    cases = Cases()
    for _ in range(6):
        cases.add(date(2024, 5, 2), promise_id=pid, outcome=Outcome.UPHELD, themes=["Delay"])
    cases.add(date(2024, 6, 30), CaseKind.REPRESENTATION, promise_id=pid, themes=["Delay", "Communication"])
    for _ in range(5):
        cases.add(date(2024, 8, 15), promise_id=pid, outcome=Outcome.NOT_UPHELD)
    for _ in range(2):
        cases.add(date(2025, 3, 31), promise_id=pid, outcome=Outcome.PARTLY_UPHELD)
    # Not this promise's, not this year's, or not a complaint or a representation: none of these count.
    cases.add(date(2024, 8, 15), promise_id=other.promise_id, outcome=Outcome.UPHELD)
    cases.add(date(2025, 4, 1), promise_id=pid, outcome=Outcome.UPHELD)
    cases.add(date(2024, 3, 31), promise_id=pid, outcome=Outcome.UPHELD)
    cases.add(date(2024, 8, 15), CaseKind.COMPLIMENT, promise_id=pid)
    answer(pid, Q1, Kept.YES, 7)
    answer(pid, Q1, Kept.PARTLY, 3)
    answer(pid, Q2, Kept.NOT_YET, 5)
    answer(pid, Q4, Kept.DONT_KNOW, 1)
    answer(other.promise_id, Q1, Kept.YES, 9)
    answer(pid, date(2025, 4, 1), Kept.YES, 4)  # the next year's
    truth = {
        "complaints": Counter({(Q1, "upheld"): 6, (Q2, "not_upheld"): 5, (Q4, "partly_upheld"): 2}),
        "representations": Counter({(Q1, "none"): 1}),
        "kept": Counter({(Q1, "yes"): 7, (Q1, "partly"): 3, (Q2, "not_yet"): 5, (Q4, "dont_know"): 1}),
    }
    return pid, truth


GRIDS = ("kept", "complaints", "representations")


def page_equations(page):
    """Every figure on a promise's evidence and every relation a reader knows between them, the tables kept apart."""
    figures, relations = {}, []
    for name in GRIDS:
        grid = getattr(page, name)
        figures |= {(name, key): figure for key, figure in grid.figures.items()}
        relations += [((name, total), tuple((name, part) for part in parts)) for total, parts in grid.equations]
    return figures, relations


def pinned_down(figures, relations):
    ranges = hidden_ranges(figures, relations, integral=True)
    return {key: low for key, (low, high) in ranges.items() if high - low < 1}


def test_the_counts_per_promise_and_quarter_are_exact(year_of_evidence):
    pid, truth = year_of_evidence
    quarters = evidence.quarters_of(YEAR, AFTER_IT)
    assert quarters == [Q1, Q2, Q3, Q4]
    assert evidence.case_counts(pid, YEAR, quarters) == (truth["complaints"], truth["representations"])
    page = evidence.evidence_for(pid, YEAR, AFTER_IT)
    for name in GRIDS:
        grid = getattr(page, name)
        for key, figure in grid.figures.items():
            count = true_value((name, key), truth)
            # Every figure shown is the true count; every count from 1 to 4 is hidden.
            assert figure.value in (count, None), (name, key)
            if 0 < count < THRESHOLD:
                assert not figure.shown, (name, key)
    assert page.kept.total.value == 16
    assert page.kept.cell(Q2, "not_yet").value == 5
    assert page.kept.cell(Q1, "partly").text == FEWER_THAN
    assert page.complaints.total.value == 13
    assert page.complaints.cell(Q1, "upheld").value == 6
    assert page.representations.cell(Q1, "none").text == FEWER_THAN
    assert dict(page.themes)["Delay"].value == 7
    assert dict(page.themes)["Communication"].text == FEWER_THAN


def test_no_hidden_count_on_a_promises_page_can_be_worked_out(year_of_evidence):
    pid, _truth = year_of_evidence
    page = evidence.evidence_for(pid, YEAR, AFTER_IT)
    figures, relations = page_equations(page)
    assert pinned_down(figures, relations) == {}
    # Hidden: the 2 partly upheld complaints in January to March, and what would give them away (the quarter's
    # total, and the column's), while the year's 13 complaints, printed in the annual report too, stay shown.
    assert not page.complaints.cell(Q4, "partly_upheld").shown
    assert page.complaints.total.value == 13


def test_the_whole_page_check_fails_without_the_complementary_step(year_of_evidence):
    """Guard: with only "fewer than 5" hiding counts of 1 to 4, the same page would give hidden counts away."""
    pid, truth = year_of_evidence
    page = evidence.evidence_for(pid, YEAR, AFTER_IT)
    figures, relations = page_equations(page)
    primary_only = {key: suppress_count(true_value(key, truth)) for key in figures}
    assert pinned_down(primary_only, relations)


def true_value(key, truth):
    """The true count behind a figure of the page, from the hand-built year."""
    name, inner = key
    counts = truth[name]
    if inner == "all":
        return sum(counts.values())
    if inner[0] == "quarter":
        return sum(count for (quarter, _), count in counts.items() if quarter == inner[1])
    if inner[0] == "column":
        return sum(count for (_, column), count in counts.items() if column == inner[1])
    return counts[inner]


def test_the_gaps_count_complaints_naming_no_promise_by_theme_area_and_year(published, lists):
    cases = Cases()
    this = Year.containing(AFTER_IT)
    for _ in range(5):
        cases.add(date(2024, 9, 1), themes=["Money and allowances"], areas=["Leaving care"])
    cases.add(date(2024, 9, 1), CaseKind.REPRESENTATION, themes=["Money and allowances"])
    cases.add(date(2024, 9, 1), CaseKind.COMPLIMENT, themes=["Money and allowances"])  # not a complaint
    cases.add(date(2024, 9, 1), promise_id=published[1][0].promise_id, themes=["Money and allowances"])  # names one
    gaps = evidence.gaps(AFTER_IT)
    assert gaps.years == [this, this.previous, Year(this.start - 2)]
    money = next(row for row in gaps.themes if row.name == "Money and allowances")
    assert [figure.text for figure in money.figures] == ["0", "6", "0"]
    leaving = next(row for row in gaps.areas if row.name == "Leaving care")
    assert [figure.text for figure in leaving.figures] == ["0", "5", "0"]
    assert money.answers == f"theme:{theme_id('Money and allowances')}"
    assert [row.name for row in gaps.themes] == ["Money and allowances"]  # a theme no complaint raised is not a gap
    assert gaps.totals[1].value == 6


def test_a_new_promise_from_a_gap_keeps_its_trace_to_the_published_pledge_and_the_report(people, lists):
    version, _ = build_draft(people)
    money = ("theme", theme_id("Money and allowances"))
    theme = version.themes[0]
    promise = drafting.add_promise(
        version,
        theme,
        "Help with money",
        "We will help you with money.",
        "We help with money.",
        [people.school],
        people.rma,
        answers=money,
        you_said="You told us no one helped with money. So we made this promise.",
    )
    # A later save that leaves the trace as it is keeps it.
    drafting.save_promise(
        promise,
        drafting.head_revision_id(promise),
        people.officer,
        title="Help with your money",
        wording=promise.wording,
        plain_line=promise.plain_line,
        owners=promise.owners,
        answers=promise.answers,
        you_said=promise.you_said,
    )
    sign_off_and_publish(version, people)
    published = get_session().get(VersionPromise, promise.id)
    assert published.answers == money
    assert published.you_said.startswith("You told us no one helped")
    assert (
        evidence.describe_answers(published.answers) == "Complaints about ‘Money and allowances’ that name no promise"
    )
    # A new draft from it starts with no trace: "you said, we changed it" belongs to the version that changed.
    next_draft = drafting.start_draft(people.officer, version)
    assert all(p.answers is None and p.you_said is None for p in next_draft.promises)


def test_an_accepted_suggestion_carries_its_trace_to_the_promise(people):
    version, (promise, _) = build_draft(people)
    suggestion = amendments.suggest_amendment(
        promise,
        people.rma2,
        title=promise.title,
        wording="We will help you learn, and you can ask for a tutor.",
        plain_line=promise.plain_line,
        answers=("promise", promise.promise_id),
        you_said="You asked for tutors. Now you can have one.",
    )
    assert promise.answers is None
    amendments.accept_amendment(suggestion, people.rma)
    assert promise.answers == ("promise", promise.promise_id)
    assert promise.you_said == "You asked for tutors. Now you can have one."


def test_a_sentence_without_anything_it_answers_is_not_kept(people):
    version, (promise, _) = build_draft(people)
    drafting.set_answers(promise, None, "A sentence with nothing behind it.")
    assert promise.you_said is None


# --- Over HTTP --------------------------------------------------------------------------------------------------


LAST_YEAR = Year.containing(london_today()).previous


def draft_with_evidence(people):
    """A published Pledge, some cases naming a promise and some naming none, and a draft started from it."""
    version, promises = build_draft(people)
    sign_off_and_publish(version, people)
    cases = Cases()
    day = LAST_YEAR.first_day + timedelta(days=40)  # last year's: a day that has passed, whatever the clock says
    for _ in range(6):
        cases.add(day, promise_id=promises[0].promise_id, outcome=Outcome.UPHELD, themes=["Delay"])
    for _ in range(5):
        cases.add(day, themes=["Money and allowances"])
    answer(promises[0].promise_id, evidence.period_start(day), Kept.NOT_YET, 8)
    draft = drafting.start_draft(people.rma, version, title="Our next Pledge")
    return {
        "draft": draft.id,
        "evidenced": next(p.id for p in draft.promises if p.promise_id == promises[0].promise_id),
        "money": theme_id("Money and allowances"),
    }


def cells_of(row):
    return [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]


def test_the_draft_team_sees_a_promises_evidence_and_follows_a_gap_to_a_new_promise(build, pages, lists):
    made = build(draft_with_evidence)
    pages.sign_in("rma1@test.example.org")
    page = pages.get(f"/pledge/promises/{made['evidenced']}?year={LAST_YEAR.label}")
    assert cells_of(page.html.select("#evidence-kept tbody tr")[-1]) == ["The whole year", "0", "0", "8", "0", "8"]
    assert cells_of(page.html.select("#evidence-complaints tbody tr")[-1]) == [
        "The whole year",
        "6",
        "0",
        "0",
        "0",
        "0",
        "6",
    ]
    assert "Delay: 6" in page.text()

    draft = pages.get(f"/pledge/drafts/{made['draft']}")
    gaps = pages.get(draft.html.find("a", string="What the Pledge does not cover yet")["href"])
    row = next(tr for tr in gaps.html.select("#gaps-themes tbody tr") if "Money and allowances" in tr.get_text())
    assert cells_of(row)[2] == "5"  # last year's column
    actions = next(li for li in gaps.html.select(".portal-gap-actions li") if "Money and allowances" in li.get_text())
    start = actions.select_one("a[href*='/promises/new']")["href"]
    form = pages.get(start)
    traced = f"theme:{made['money']}"
    assert form.html.select_one("input[name=answers][checked]")["value"] == traced
    fields = {
        "theme": form.html.select_one("select[name=theme] option")["value"],
        "title": "Help with money",
        "wording": "We will help you with money.",
        "plain_line": "We help with money.",
        "owners": form.html.select_one("input[name=owners]")["value"],
        "answers": traced,
    }
    refused = pages.post(start, {**fields, "you_said": ""}, expected_status=200)
    assert refused.error_messages() == ["Enter one sentence to tell young people what changed because of them"]
    assert refused.title.startswith("Error: ")
    assert refused.html.select_one("input[name=answers][checked]")["value"] == traced  # kept as chosen
    assert refused.html.find("textarea", attrs={"name": "wording"}).get_text() == "We will help you with money."
    pages.post(start, {**fields, "you_said": "You told us about money. So we made this promise."})
    draft = pages.get(f"/pledge/drafts/{made['draft']}")
    new = draft.html.find("a", string="Help with money")
    promise = pages.get(new["href"])
    assert "It answers: Complaints about ‘Money and allowances’ that name no promise." in promise.text()
    assert "You told us about money. So we made this promise." in promise.text()


@pytest.mark.parametrize("role", ["partner_lead", "manager", "complaints_officer"])
def test_only_the_draft_team_sees_the_evidence(build, pages, make_user, role, lists):
    made = build(draft_with_evidence)
    pages.sign_in(make_user(role, email=f"another-{role}@test.example.org"))
    for url in (f"/pledge/drafts/{made['draft']}/gaps", f"/pledge/drafts/{made['draft']}/pack"):
        assert pages.client.get(url).status_code == 403
    promise = pages.client.get(f"/pledge/promises/{made['evidenced']}")
    assert promise.status_code == (200 if role == "manager" else 403)
    assert b"evidence-kept" not in promise.data


def test_the_pack_pdf_shows_the_numbers_the_page_shows(build, pages, lists):
    made = build(draft_with_evidence)
    pages.sign_in("officer@test.example.org")
    page = pages.get(f"/pledge/drafts/{made['draft']}/pack?year={LAST_YEAR.label}")
    pdf = pages.client.get(page.html.find("a", string=re.compile("Download the pack"))["href"])
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages))
    assert "Meeting pack: Our next Pledge" in text
    checked = 0
    for row in page.html.select("main table tbody tr"):
        cells = cells_of(row)
        if any(cell.isdigit() and cell != "0" for cell in cells[1:]):
            assert " ".join([cells[0], *cells[1:]]) in text, cells
            checked += 1
    assert checked >= 4  # the kept and complaints tables' rows, and the gaps


def publish_a_traced_promise(people):
    """A first Pledge, then a second in which one promise changed because of what young people said."""
    first, _ = build_draft(people)
    sign_off_and_publish(first, people)
    second = drafting.start_draft(people.officer, first, title="Our Pledge, second version")
    learn = next(p for p in second.promises if p.title == "Help you learn")
    drafting.save_promise(
        learn,
        drafting.head_revision_id(learn),
        people.officer,
        title=learn.title,
        wording="We will help you learn, and you can ask for a tutor.",
        plain_line=learn.plain_line,
        owners=learn.owners,
        answers=("promise", learn.promise_id),
        you_said="You asked for tutors. Now you can have one.",
    )
    sign_off_and_publish(second, people)
    return second.id, learn.promise_id


def test_you_said_we_changed_it_shows_on_the_pledge_its_versions_and_the_report(build, pages):
    version_id, promise_id = build(publish_a_traced_promise)
    pledge = pages.get("/pledge")
    promise = pledge.html.find(id=f"promise-{promise_id}")
    said = promise.select_one(".portal-you-said")
    assert said.get_text(" ", strip=True).startswith(
        "You said, we changed it. You asked for tutors. Now you can have one."
    )
    link = said.find("a")["href"]
    assert link == f"/pledge/versions#you-said-{version_id}-{promise_id}"
    versions = pages.get(link.split("#")[0])
    # The link lands on the change itself, with why it was made under it.
    change = versions.html.find(id=f"you-said-{version_id}-{promise_id}")
    assert change.name == "h3" and change.get_text(strip=True) == "Help you learn: changed"
    assert "You asked for tutors. Now you can have one." in change.find_next_sibling("p").get_text()
    # Only the promise that changed because of what young people said carries a sentence.
    assert len(pledge.html.select(".portal-you-said")) == 1
    assert grade(pledge) <= MAX_GRADE

    with pages.client.application.test_request_context():
        report = build_report(Year.containing(london_today()))
        assert report.table("pledge-changes").rows[0][1] == "1"
        content = young_peoples_content(report)
        assert pledge_changed(content) == "We changed 1 promise in our Pledge because of what you said."
        last_year = build_report(Year.containing(london_today()).previous)
        assert last_year.table("pledge-changes").rows[0][1] == "0"


def test_the_meeting_pack_reads_at_grade_5_apart_from_the_promises_own_words(runner, pages, capsys):
    assert runner.invoke(args=["demo"]).exit_code == 0
    pages.sign_in("participation@example.org", DEMO_PASSWORD)
    drafts = pages.get("/pledge/drafts")
    draft = pages.get(drafts.html.find("a", string=re.compile("Our Pledge 2027"))["href"])
    pack = pages.get(draft.html.find("a", string="Meeting pack to print")["href"])
    for own_words in pack.html.select(".portal-pack-own-words, h2[id^=pack-promise-]"):
        own_words.decompose()
    measured = grade(pack)
    with capsys.disabled():
        print(f"\nMeeting pack (demo draft), without the promises' own words: grade {measured:.1f}")
    assert measured <= MAX_GRADE


def test_what_follows_from_the_scorecards_figures_is_known_too():
    """Every quarter's "yes" printed by the scorecard adds up to the column's total, and a full quarter to its zeros:
    the page takes those as known as well, or it would try for ever to hide a figure a reader can add up (the demo's
    meeting pack once hung a worker this way)."""
    quarters = [Q1, Q2, Q3]
    counts = {(Q1, "yes"): 5, (Q2, "not_yet"): 7, (Q3, "dont_know"): 3, (Q3, "partly"): 6}
    known = [(Q1, "yes"), ("quarter", Q1), (Q2, "yes"), (Q3, "yes")]
    grid = evidence.grid(counts, quarters, evidence.KEPT_COLUMNS, known=known)
    assert grid.column_total("yes").value == 5
    assert grid.cell(Q1, "partly").value == 0
    assert grid.cell(Q3, "dont_know").text == FEWER_THAN
    figures = {("kept", key): figure for key, figure in grid.figures.items()}
    relations = [(("kept", total), tuple(("kept", part) for part in parts)) for total, parts in grid.equations]
    assert pinned_down(figures, relations) == {}


@pytest.mark.parametrize("junk", ["junk", "theme:99999", "theme:²", "theme:" + "9" * 30, "area:-1", "promise:"])
def test_an_answers_value_that_names_nothing_is_a_404_never_a_500(build, pages, lists, junk):
    made = build(draft_with_evidence)
    pages.sign_in("rma1@test.example.org")
    assert (
        pages.client.get(f"/pledge/drafts/{made['draft']}/gaps/change", query_string={"answers": junk}).status_code
        == 404
    )
    # On the forms it is offered as nothing: the choice is "No".
    form = pages.get(f"/pledge/drafts/{made['draft']}/promises/new?answers={junk}")
    assert [radio["value"] for radio in form.html.select("input[name=answers]")] == ["none"]


def test_a_sentence_with_no_for_an_answer_is_refused_not_dropped(build, pages, lists):
    made = build(draft_with_evidence)
    pages.sign_in("rma1@test.example.org")
    form = pages.get(f"/pledge/promises/{made['evidenced']}/edit")
    fields = {
        "theme": form.html.select_one("select[name=theme] option[selected]")["value"],
        "title": "Help you learn",
        "wording": "We will help you learn.",
        "plain_line": "We help you at school.",
        "owners": form.html.select_one("input[name=owners][checked]")["value"],
        "base_revision": form.html.select_one("input[name=base_revision]")["value"],
        "answers": "none",
        "you_said": "You told us something.",
    }
    refused = pages.post(f"/pledge/promises/{made['evidenced']}/edit", fields, expected_status=200)
    assert refused.error_messages() == ["Choose what this answers, or delete what to tell young people"]
    assert refused.html.find("textarea", attrs={"name": "you_said"}).get_text() == "You told us something."
