"""What young people said shapes the Pledge (issue 23), in a real browser, end to end.

A Role Model Army member on a phone opens a draft, reads a promise's evidence (the "is it kept for you?" answers and
the complaints naming it), opens what the Pledge does not cover yet and starts a new promise from a row, with the
trace chosen for them and a "why it changed" sentence. The participation officer on a laptop reads the meeting pack,
sends the draft for the panel's sign-off, records the approval and publishes. Then anyone, signed out, on a phone
with JavaScript off, finds "You said, we changed it." and the sentence on /pledge, and follows its link to the
sentence on /pledge/versions, with nothing wider than the screen. axe checks each page at 390 and 1280 px.

The portal runs on a database of its own (publishing changes what /pledge shows for every other browser test), with
the demo data and a few cases made here, received just now: complaints naming one promise and "is it kept for you?"
answers about it, so its totals are known, and complaints naming no promise under a theme of their own, so the gaps
page has a row whose every count is known. Set PORTAL_WALK_SHOTS to a folder to keep a screenshot of each step."""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal import create_app
from portal.clock import Year, london_midnight, london_today, now
from portal.db import get_session
from portal.models import Case, CaseKind, Outcome
from portal.models.kept import Kept, KeptAnswer
from portal.models.pledge import VersionPromise
from portal.models.triage import QualityTheme, ThemeKind
from portal.scorecard import period_start
from portal.suppression import FEWER_THAN, WITHHELD
from tests.browser.conftest import axe_at_both_widths, contexts_on
from tests.portal_server import serve_portal
from tests.triage.conftest import new_case

pytestmark = pytest.mark.browser

PHONE, LAPTOP = (390, 844), (1280, 800)
RILEY, OFFICER = "rma@example.org", "participation@example.org"
DRAFT = "Our Pledge 2027"
EVIDENCED = "Look after your health"  # a promise of the demo draft, whose evidence the member reads
GAP_THEME = "Pocket money at weekends"  # a theme only the cases made here carry
CITING, NOT_KEPT, UNCITED = 7, 6, 6  # the cases and answers made here (each 5 or more, so their totals show)
NEW_TITLE = "Pocket money"
WHY = "You told us your pocket money stopped at weekends, so now it never stops."
SHOTS = os.environ.get("PORTAL_WALK_SHOTS")


# --- The portal and its data ---------------------------------------------------------------------------------------


def just_now():
    """A moment the portal counts in this reporting year already: a minute ago, or the year's first moment."""
    return max(now() - timedelta(minutes=1), london_midnight(Year.containing(london_today()).first_day))


def add_what_young_people_said(database_url):
    """Complaints naming EVIDENCED and answers saying it is not kept yet; complaints naming no promise, about
    GAP_THEME. Made through the models on the portal's own database, as the unit tests make theirs."""
    app = create_app({"PORTAL_ENV": "test", "DATABASE_URL": database_url})
    with app.app_context():
        db = get_session()
        promise_id = db.scalar(select(VersionPromise.promise_id).where(VersionPromise.title == EVIDENCED).limit(1))
        theme = QualityTheme(name=GAP_THEME, kind=ThemeKind.SERVICE_QUALITY, active=True)
        db.add(theme)
        db.commit()
        made = 0
        for promise, themes, count in ((promise_id, [], CITING), (None, [theme], UNCITED)):
            for _ in range(count):
                made += 1
                case = new_case(db, london_today(), reference=f"TU-YS{made:04d}", promise_id=promise)
                case.received_at = just_now()
                case.outcome = Outcome.UPHELD if promise else None
                case.themes = themes
                db.commit()
        for n in range(NOT_KEPT):
            db.add(
                KeptAnswer(
                    promise_id=promise_id,
                    period_start=period_start(london_today()),
                    device_hash=f"you-said-device-{n}",
                    answer=Kept.NOT_YET,
                    answered_at=just_now(),
                )
            )
        db.commit()
    app.extensions["db_engine"].dispose()
    return app, promise_id


def year_totals(app, promise_id):
    """{"complaints": n, "representations": n, "answers": n}: the complaints and representations naming the promise
    and the "is it kept for you?" answers about it this reporting year, counted straight from the tables (not through
    the code under test): what the page's year totals must say."""
    year = Year.containing(london_today())
    with app.app_context():
        db = get_session()
        totals = {
            f"{kind.value}s": db.scalar(
                select(func.count())
                .select_from(Case)
                .where(
                    Case.promise_id == promise_id,
                    Case.kind == kind,
                    Case.received_at >= london_midnight(year.first_day),
                    Case.received_at < now(),
                )
            )
            for kind in (CaseKind.COMPLAINT, CaseKind.REPRESENTATION)
        }
        totals["answers"] = db.scalar(
            select(func.count())
            .select_from(KeptAnswer)
            .where(KeptAnswer.promise_id == promise_id, KeptAnswer.period_start >= year.first_day)
        )
    app.extensions["db_engine"].dispose()
    return totals


def as_shown(count):
    """A year's total as the page shows it: the count, unless it is from 1 to 4."""
    return FEWER_THAN if 0 < count < 5 else str(count)


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    with serve_portal(tmp_path_factory.mktemp("you-said"), "you_said") as running:
        running.app, running.promise_id = add_what_young_people_said(running.database_url)
        yield running


@pytest.fixture
def open_page(browser, portal):
    """open_page(viewport, javascript_enabled=True) -> a page in a context of its own on this test's portal."""
    with contexts_on(browser, portal.base_url) as open_context:
        yield lambda viewport, javascript_enabled=True: open_context(viewport, javascript_enabled).new_page()


# --- Helpers -------------------------------------------------------------------------------------------------------


def h1(page):
    return page.get_by_role("heading", level=1).inner_text()


def click(page, role, name):
    with page.expect_navigation():
        page.get_by_role(role, name=name, exact=True).click()


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def page_is_no_wider_than_the_screen(page):
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] == widths[1], f"{page.url} is {widths[0]}px wide on a {widths[1]}px screen"


def year_so_far(page, table_id):
    """The 'The year so far' row of an evidence table: {column heading: what it shows}."""
    headings = page.locator(f"#{table_id} thead th").all_inner_texts()[1:]
    row = page.locator(f"#{table_id} tbody tr", has=page.get_by_role("rowheader", name="The year so far"))
    return dict(zip((" ".join(h.split()) for h in headings), row.locator("td").all_inner_texts(), strict=True))


def counts_on_show_are_safe(page, table_id):
    """Every cell shows 0, 5 or more, 'fewer than 5' or 'not shown': never a count from 1 to 4."""
    for cell in page.locator(f"#{table_id} tbody td.govuk-table__cell--numeric").all_inner_texts():
        cell = " ".join(cell.split())
        assert cell in (FEWER_THAN, WITHHELD) or (cell.isdigit() and (int(cell) == 0 or int(cell) >= 5)), (
            f"{table_id} shows {cell!r}"
        )


# --- The journey ---------------------------------------------------------------------------------------------------


def test_what_young_people_said_becomes_a_promise_and_its_sentence_is_on_the_published_pledge(
    portal, open_page, sign_in
):
    totals = year_totals(portal.app, portal.promise_id)

    # A Role Model Army member, on a phone: the draft, then a promise and what young people said about it.
    riley = open_page(PHONE)
    sign_in(riley, RILEY)
    riley.goto("/pledge/drafts")
    click(riley, "link", DRAFT)
    draft_url = riley.url
    click(riley, "link", EVIDENCED)
    assert h1(riley) == EVIDENCED
    assert riley.get_by_role("heading", level=2, name="What young people said about it").count() == 1
    assert riley.get_by_role("heading", name="Is it kept for you?").count() == 1
    # The year's totals (headlines: always shown when 5 or more) are the counts in the tables, the cases made here
    # included; every other cell is 0, 5 or more, or says why it is hidden.
    assert totals["answers"] >= NOT_KEPT and totals["complaints"] >= CITING
    for table, total in (("kept", "answers"), ("complaints", "complaints"), ("representations", "representations")):
        assert year_so_far(riley, f"evidence-{table}")["All"] == as_shown(totals[total]), table
        counts_on_show_are_safe(riley, f"evidence-{table}")
    counts_on_show_are_safe(riley, "evidence-learning")
    axe_at_both_widths(riley, "promise with its evidence")
    shot(riley, "01-rma-promise-evidence")

    # What the Pledge does not cover yet: the row of the theme made here, counted exactly, this year only.
    click(riley, "link", "See what the Pledge does not cover yet")
    assert h1(riley) == "What the Pledge does not cover yet"
    row = riley.locator("#gaps-themes tbody tr", has=riley.get_by_role("rowheader", name=GAP_THEME, exact=True))
    assert row.locator("td.govuk-table__cell--numeric").all_inner_texts() == [str(UNCITED), "0", "0"]
    for table in ("gaps-totals", "gaps-themes", "gaps-areas"):
        counts_on_show_are_safe(riley, table)
    axe_at_both_widths(riley, "what the Pledge does not cover yet")
    shot(riley, "02-rma-gaps")
    gaps_url = riley.url

    # Changing a promise to answer the row starts by choosing the promise.
    click(riley, "link", f"suggest a change for {GAP_THEME}")
    assert h1(riley) == "Which promise should answer it?"
    assert f"Complaints about ‘{GAP_THEME}’ that name no promise." in riley.inner_text("main")
    axe_at_both_widths(riley, "change a promise for a gap")
    shot(riley, "03-rma-change-for-gap")

    # A new promise from the row: what it answers is chosen already; the member writes why, for young people.
    riley.goto(gaps_url)
    click(riley, "link", f"start a new promise about {GAP_THEME}")
    assert h1(riley) == "Add a promise"
    answers = f"Yes: Complaints about ‘{GAP_THEME}’ that name no promise"
    assert riley.get_by_label(answers).is_checked()
    riley.get_by_label("Theme").select_option(label="Championing your needs")
    riley.get_by_label("Short title").fill(NEW_TITLE)
    riley.get_by_label("The promise").fill("We will make sure your pocket money comes every week, weekends too.")
    riley.get_by_label("What this means for you").fill("Your pocket money never stops.")
    riley.get_by_label("What to tell young people on the Pledge").fill(WHY)
    riley.get_by_label("Leaving Care Service").check()
    shot(riley, "04-rma-new-promise-form")
    click(riley, "button", "Save promise")
    assert f"Promise ‘{NEW_TITLE}’ added" in riley.inner_text(".govuk-notification-banner")
    click(riley, "link", NEW_TITLE)
    trace = riley.locator(".govuk-inset-text", has_text="It answers:").inner_text()
    assert f"It answers: Complaints about ‘{GAP_THEME}’ that name no promise." in trace
    assert WHY in trace
    shot(riley, "05-rma-new-promise")

    # The participation officer, on a laptop: the meeting pack, then sign-off and publishing on the portal's pages.
    officer = open_page(LAPTOP)
    sign_in(officer, OFFICER)
    officer.goto(draft_url)
    click(officer, "link", "Meeting pack to print")
    assert h1(officer) == f"Meeting pack: {DRAFT}"
    section = officer.locator("section.portal-pack-promise", has=officer.get_by_role("heading", name=NEW_TITLE))
    assert f"It answers: Complaints about ‘{GAP_THEME}’ that name no promise." in section.inner_text()
    assert f"What the Pledge tells young people: {WHY}" in section.inner_text()
    gap_row = officer.locator("#gaps-themes tbody tr", has=officer.get_by_role("rowheader", name=GAP_THEME))
    assert gap_row.locator("td").all_inner_texts() == [str(UNCITED), "0", "0"]
    axe_at_both_widths(officer, "meeting pack")
    shot(officer, "06-officer-pack")

    officer.goto(draft_url)
    click(officer, "button", "Send for review")
    click(officer, "button", "Record the panel's decision")
    officer.get_by_label("Approved").check()
    today = london_today()
    officer.get_by_label("Day").fill(str(today.day))
    officer.get_by_label("Month").fill(str(today.month))
    officer.get_by_label("Year").fill(str(today.year))
    officer.get_by_label("Meeting reference").fill("CPAP you said")
    click(officer, "button", "Record decision")
    click(officer, "button", "Publish this version")
    click(officer, "button", "Yes, publish it")
    assert "is published" in officer.inner_text(".govuk-notification-banner")

    # Anyone, signed out, on a phone with JavaScript off: the sentence beside the promise, and its link.
    public = open_page(PHONE, javascript_enabled=False)
    public.goto("/pledge")
    promise = public.locator(".portal-promise", has=public.get_by_role("heading", name=NEW_TITLE, exact=True))
    assert promise.locator(".portal-you-said").count() == 1, promise.inner_text()
    said = promise.locator(".portal-you-said").inner_text()
    assert said.startswith(f"You said, we changed it. {WHY}"), said
    page_is_no_wider_than_the_screen(public)
    axe_at_both_widths(public, "/pledge with a 'you said, we changed it' sentence, JavaScript off")
    shot(public, "07-public-pledge")

    with public.expect_navigation():
        promise.get_by_role("link", name=f"See what we changed in ‘{NEW_TITLE}’").click()
    assert public.url.split("#")[0].endswith("/pledge/versions")
    anchor = public.url.split("#")[1]
    assert re.fullmatch(r"you-said-\d+-\d+", anchor), public.url
    # It lands on the change itself, with why it was made just under it.
    change = public.locator(f"h3#{anchor}")
    assert change.inner_text() == f"{NEW_TITLE}: added", public.inner_text("main")
    assert change.is_visible()
    assert WHY in public.locator(f"h3#{anchor} + p").inner_text()
    page_is_no_wider_than_the_screen(public)
    shot(public, "08-public-versions")
