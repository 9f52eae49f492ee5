"""The Pledge in a real browser: two young people editing one promise, an amendment credited, a held comment,
consultation in one tap, publishing, and the public pages at phone and desktop widths with JavaScript on and off.

The tests share the live server's demo data and run in file order; publishing (which changes what /pledge shows)
comes last."""

import re

import pytest

pytestmark = pytest.mark.browser

PHONE, DESKTOP = (390, 844), (1280, 800)
RILEY, JORDAN, OFFICER = "rma@example.org", "rma2@example.org", "participation@example.org"
DRAFT = "Our Pledge 2027"


def signed_in_page(new_context, sign_in, email, viewport=DESKTOP, javascript_enabled=True):
    page = new_context(viewport=viewport, javascript_enabled=javascript_enabled).new_page()
    sign_in(page, email)
    return page


def open_draft(page):
    page.goto("/pledge/drafts")
    page.get_by_role("link", name=DRAFT, exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == DRAFT


def click(page, role, name):
    with page.expect_navigation():
        page.get_by_role(role, name=name, exact=True).click()


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_public_pledge_pages_are_axe_clean_and_work_without_javascript(new_context, check_axe, viewport, javascript):
    page = new_context(viewport=viewport, javascript_enabled=javascript).new_page()
    label = f"pledge {viewport[0]}px JavaScript {'on' if javascript else 'off'}"
    page.goto("/")
    click(page, "link", "Read our Pledge: the promises we make to you")
    assert page.get_by_role("heading", level=1).inner_text() == "Our Pledge to you"
    assert page.get_by_role("heading", name="Be there for you").count() == 1
    assert "You can always reach someone who knows you." in page.locator("main").inner_text()
    check_axe(page, label)

    click(page, "link", "Print the Pledge as a pocket card")
    assert page.get_by_role("heading", level=1).inner_text() == "Our Pledge: pocket card"
    check_axe(page, label)
    page.emulate_media(media="print")
    assert not page.locator(".govuk-service-navigation").is_visible()  # the print CSS leaves only the card
    assert not page.locator(".govuk-footer").is_visible()
    assert page.get_by_text("Keep you safe.").is_visible()
    page.emulate_media(media="screen")

    page.goto("/pledge")
    click(page, "link", "See how the Pledge has changed")
    assert page.get_by_role("heading", level=1).inner_text() == "How our Pledge has changed"
    assert "Signed off by the Corporate Parenting Advisory Panel on Thursday 14 March 2024" in page.inner_text("main")
    check_axe(page, label)

    page.goto("/pledge")
    with page.expect_navigation():
        page.get_by_role(
            "link", name=re.compile(r"^Tell us if this is not happening for you\s*: Keep you safe$")
        ).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Tell us something"


def test_two_members_edit_one_promise_and_the_second_sees_both_texts_with_nothing_lost(new_context, sign_in, check_axe):
    riley = signed_in_page(new_context, sign_in, RILEY)
    jordan = signed_in_page(new_context, sign_in, JORDAN, viewport=PHONE)
    for page in (riley, jordan):
        open_draft(page)
        with page.expect_navigation():
            page.get_by_role("link", name=re.compile(r"^Edit\s+Keep you safe$")).click()
    check_axe(jordan, "promise edit form, phone")

    riley.get_by_label("The promise").fill("We make sure where you live is safe. We act the same day you tell us.")
    click(riley, "button", "Save promise")
    assert riley.get_by_role("heading", level=1).inner_text() == "Keep you safe"

    jordan.get_by_label("The promise").fill("We make sure where you live is safe, and we listen when you worry.")
    click(jordan, "button", "Save promise")
    assert jordan.get_by_role("heading", level=1).inner_text() == "Someone else changed this promise"
    assert "Riley Ahmed saved this promise while you were editing it" in jordan.inner_text("main")
    assert jordan.locator("#their-wording").inner_text() == (
        "We make sure where you live is safe. We act the same day you tell us."
    )
    assert jordan.locator("#your-wording").inner_text() == (
        "We make sure where you live is safe, and we listen when you worry."
    )
    assert jordan.get_by_label("The promise").input_value() == (
        "We make sure where you live is safe, and we listen when you worry."
    )
    check_axe(jordan, "edit conflict, phone")

    jordan.get_by_label("The promise").fill(
        "We make sure where you live is safe. We listen when you worry, and act the same day."
    )
    click(jordan, "button", "Save my text")
    assert "We listen when you worry, and act the same day." in jordan.inner_text("main")
    history = jordan.locator("#history ~ ol").inner_text()
    assert "merged by Jordan Bailey" in history and "edited by Riley Ahmed" in history
    check_axe(jordan, "promise with history, phone")


def test_an_amendment_is_accepted_and_credited_to_the_member_who_suggested_it(new_context, sign_in, check_axe):
    jordan = signed_in_page(new_context, sign_in, JORDAN)
    open_draft(jordan)
    click(jordan, "link", "Celebrate who you are")
    click(jordan, "button", "Suggest a change")
    jordan.get_by_label("What this means for you").fill(
        "We will help you be proud of who you are and where you are from."
    )
    jordan.get_by_label("Why are you suggesting this? (optional)").fill("Where you come from matters too.")
    check_axe(jordan, "suggest a change")
    click(jordan, "button", "Send suggestion")

    riley = signed_in_page(new_context, sign_in, RILEY)
    open_draft(riley)
    click(riley, "link", "Jordan Bailey suggests a change to ‘Celebrate who you are’")
    added = " ".join(riley.locator("main ins").all_text_contents()[-1].split())
    assert added == "added: and where you are from (end of added)"
    check_axe(riley, "amendment review")
    click(riley, "button", "Accept this suggestion")
    assert "It is saved as a change by Jordan Bailey" in riley.inner_text(".govuk-notification-banner")
    history = riley.locator("#history ~ ol").inner_text()
    assert "amendment by Jordan Bailey (their suggestion, accepted by Riley Ahmed)" in history
    assert "and where you are from." in riley.locator(".portal-promise__meaning").inner_text()


def test_a_held_comment_is_invisible_until_the_participation_officer_approves_it(new_context, sign_in, check_axe):
    words = "Could the health check be at my school instead?"
    jordan = signed_in_page(new_context, sign_in, JORDAN, viewport=PHONE, javascript_enabled=False)
    open_draft(jordan)
    click(jordan, "link", "Look after your health")
    jordan.get_by_label("Add a comment").fill(words)
    click(jordan, "button", "Send comment")
    assert "will show once the participation officer has read it" in jordan.inner_text(".govuk-notification-banner")
    assert words not in jordan.inner_text("#comments ~ *")

    riley = signed_in_page(new_context, sign_in, RILEY)
    riley.goto(jordan.url)
    assert words not in riley.inner_text("main")

    officer = signed_in_page(new_context, sign_in, OFFICER)
    officer.goto("/pledge/moderation")
    assert words in officer.inner_text("main")
    check_axe(officer, "moderation queue")
    comment = officer.locator(".govuk-inset-text", has_text=words)
    with officer.expect_navigation():
        comment.get_by_role("link", name=re.compile("^Decide")).click()
    officer.get_by_label("Approve: show it").check()
    check_axe(officer, "moderate a comment")
    click(officer, "button", "Save decision")

    riley.reload()
    assert words in riley.inner_text("main")


def test_anyone_with_the_link_answers_in_one_tap_without_javascript(new_context, sign_in, check_axe):
    officer = signed_in_page(new_context, sign_in, OFFICER)
    open_draft(officer)
    link = officer.locator("#consultation ~ p a[href*='/have-your-say/']").first.get_attribute("href")

    page = new_context(viewport=PHONE, javascript_enabled=False).new_page()
    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Have your say on our new Pledge"
    check_axe(page, "consultation, phone, JavaScript off")
    promise = page.locator(".portal-promise", has=page.get_by_role("heading", name="Help you learn"))
    with page.expect_navigation():
        promise.get_by_role("button", name="Matters to me").click()
    promise = page.locator(".portal-promise", has=page.get_by_role("heading", name="Help you learn"))
    assert "You said: Matters to me." in promise.inner_text()
    with page.expect_navigation():
        promise.get_by_role("button", name="Not sure").click()
    promise = page.locator(".portal-promise", has=page.get_by_role("heading", name="Help you learn"))
    assert "You said: Not sure." in promise.inner_text()
    check_axe(page, "consultation answered, phone, JavaScript off")


def test_publishing_archives_the_version_before(new_context, sign_in, check_axe):
    riley = signed_in_page(new_context, sign_in, RILEY)
    open_draft(riley)
    click(riley, "button", "Send for review")
    assert "In review" in riley.inner_text("main")

    officer = signed_in_page(new_context, sign_in, OFFICER)
    open_draft(officer)
    click(officer, "button", "Record the panel's decision")
    officer.get_by_label("Approved").check()
    officer.get_by_label("Day").fill("3")
    officer.get_by_label("Month").fill("3")
    officer.get_by_label("Year").fill("2027")
    officer.get_by_label("Meeting reference").fill("CPAP 2027/03")
    check_axe(officer, "sign-off form")
    click(officer, "button", "Record decision")
    click(officer, "button", "Publish this version")  # a page that asks first
    check_axe(officer, "publish, asked first")
    click(officer, "button", "Yes, publish it")
    assert "is published" in officer.inner_text(".govuk-notification-banner")

    officer.goto("/pledge/drafts")
    rows = {
        row.locator("td, th").nth(0).inner_text(): row.locator("td").nth(1).inner_text()
        for row in officer.locator("tbody tr").all()
    }
    assert rows["Our Pledge 2027"] == "Published" and rows["Our Pledge 2024"] == "Archived"

    public = new_context(viewport=PHONE).new_page()
    public.goto("/pledge/versions")
    headings = public.locator("main h2.govuk-heading-l").all_inner_texts()
    assert headings[:2] == ["Our Pledge 2027 (now)", "Our Pledge 2024"]
    assert "Signed off by the Corporate Parenting Advisory Panel on Wednesday 3 March 2027" in public.inner_text("main")
    check_axe(public, "versions after publishing, phone")
