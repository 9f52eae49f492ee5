"""What the Pledge's drafting pages say to whoever reads them (issue 16): the participation officer finds what waits
for them where they start, each person is told their own next step, and forms offer only what makes sense."""

from datetime import date

import time_machine

from portal.pledge import comments, consultations, versions
from tests.pledge.conftest import build_draft

RMA, OFFICER = "rma1@test.example.org", "officer@test.example.org"


def test_the_officer_starts_with_the_number_of_comments_waiting_and_a_link_to_them(pages, build):
    def waiting(people):
        version, (learn, health) = build_draft(people)
        comments.add_comment(learn, "Tutors please", author=people.rma)  # held
        comments.add_comment(health, "At school?", author=people.rma)  # held
        reported = comments.add_comment(health, "Ring me", author=people.officer)  # shown, then reported
        comments.report_comment(reported, "A phone number")
        comments.add_comment(learn, "Agreed", author=people.officer)  # shown, nothing to do
        versions.submit_for_review(version, people.rma)
        return version.id

    version_id = build(waiting)
    start = pages.sign_in(OFFICER)
    page = pages.get(start.response.location)
    assert page.h1 == "Pledge drafts"
    waiting_list = page.html.find(id="waiting-for-you").find_next("ul")
    link = waiting_list.find("a", href="/pledge/moderation")
    assert link.get_text(strip=True) == "3 comments waiting for you"
    sign_off = waiting_list.find("a", href=f"/pledge/drafts/{version_id}/sign-off")
    assert sign_off.get_text(strip=True) == "Record the panel's decision on Our Pledge"
    menu = page.html.select_one(".govuk-service-navigation a[href='/pledge/moderation']")
    assert menu.get_text(strip=True) == "Comments to moderate"


def test_a_young_writer_is_not_shown_what_waits_for_the_officer(pages, build):
    build(lambda people: build_draft(people))
    pages.sign_in(RMA)
    page = pages.get("/pledge/drafts")
    assert page.html.find(id="waiting-for-you") is None
    assert page.html.select_one("a[href='/pledge/moderation']") is None


def test_sending_for_review_tells_each_person_their_own_next_step(app, pages, build):
    ids = build(lambda people: (build_draft(people, title="One")[0].id, build_draft(people, title="Two")[0].id))
    pages.sign_in(RMA)
    page = pages.get(pages.post(f"/pledge/drafts/{ids[0]}/submit", {}).response.location)
    assert "The participation officer will take it to the Corporate Parenting Advisory Panel" in page.text()

    pages.sign_out()
    pages.sign_in(OFFICER)
    page = pages.get(pages.post(f"/pledge/drafts/{ids[1]}/submit", {}).response.location)
    banner = page.html.select_one(".govuk-notification-banner").get_text(" ", strip=True)
    assert "Take it to the Corporate Parenting Advisory Panel, then record their decision here" in banner
    assert "The participation officer will" not in banner


def _moderation_choices(page):
    return [label.get_text(strip=True) for label in page.html.select("main .govuk-radios__label")]


def test_the_moderation_form_offers_only_what_makes_sense_for_the_comment(pages, build):
    def one_of_each(people):
        _version, (learn, _health) = build_draft(people)
        held = comments.add_comment(learn, "Held", author=people.rma)
        shown = comments.add_comment(learn, "Shown", author=people.officer)
        reported = comments.add_comment(learn, "Reported", author=people.officer)
        comments.report_comment(reported, "Unkind")
        hidden = comments.add_comment(learn, "Hidden", author=people.officer)
        comments.moderate(hidden, "hide", people.officer, "Names someone")
        return held.id, shown.id, reported.id, hidden.id

    held, shown, reported, hidden = build(one_of_each)
    pages.sign_in(OFFICER)
    choices = {
        comment_id: _moderation_choices(pages.get(f"/pledge/comments/{comment_id}/moderate"))
        for comment_id in (held, shown, reported, hidden)
    }
    assert choices == {
        held: ["Approve: show it", "Hide it"],
        shown: ["Hide it"],
        reported: ["Keep showing it: the report needs no action", "Hide it"],
        hidden: ["Show it again"],
    }
    # A post of a decision the page did not offer (an old tab) is refused with words, not saved.
    page = pages.post(f"/pledge/comments/{held}/moderate", {"action": "keep"}, expected_status=200)
    assert page.error_messages() == ["Choose one of the options"]


@time_machine.travel("2026-11-30 10:00 +0000", tick=False)
def test_the_consultation_page_is_titled_by_where_the_consultation_stands(pages, build):
    def draft(people):
        return build_draft(people, title="Pledge 2027")[0].id

    version_id = build(draft)
    url = f"/pledge/drafts/{version_id}/consultation"
    pages.sign_in(OFFICER)
    assert pages.get(url).h1 == "Open Pledge 2027 for consultation"

    def open_it(people):
        version = versions.get_version(version_id)
        consultations.open_consultation(version, date(2026, 12, 10), people.officer)

    build(open_it)
    page = pages.get(url)
    assert page.h1 == "Change when the consultation on Pledge 2027 closes"
    assert "open now, until Thursday 10 December 2026" in page.text()
    assert page.html.select_one("main form button").get_text(strip=True) == "Save the closing date"
    with time_machine.travel("2026-12-11 10:00 +0000", tick=False):
        pages.sign_in(OFFICER)  # days later: a new session
        assert pages.get(url).h1 == "Open the consultation on Pledge 2027 again"


def test_report_this_comment_is_not_offered_on_your_own_comment(pages, build):
    def two_comments(people):
        _version, (learn, _health) = build_draft(people)
        mine = comments.add_comment(learn, "Mine", author=people.rma)
        comments.moderate(mine, "approve", people.officer)
        theirs = comments.add_comment(learn, "Theirs", author=people.officer)
        return learn.id, mine.id, theirs.id

    promise_id, mine, theirs = build(two_comments)
    pages.sign_in(RMA)
    page = pages.get(f"/pledge/promises/{promise_id}")
    assert page.html.find(id=f"comment-{mine}").find("a", href=lambda h: h and "/report" in h) is None
    assert page.html.find(id=f"comment-{theirs}").find("a", href=lambda h: h and "/report" in h) is not None
