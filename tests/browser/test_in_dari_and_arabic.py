"""A young person reads the portal in Dari or Arabic on a phone with JavaScript off: the whole Tell us journey to a
reference, /track with it, and a one-tap "is it kept for you?" on /pledge. Every page has the language's `lang` and
`dir="rtl"`, axe finds nothing, and nothing overflows sideways. The Tell us and /track pages have no English words
left, apart from names, codes and what the young person typed.

The steps find fields and buttons by their names and values, not their words, so the same walk works in any language.
Set PORTAL_WALK_SHOTS to a folder to keep a screenshot of each page (a right-to-left question page and /pledge)."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = (390, 844)
SHOTS = os.environ.get("PORTAL_WALK_SHOTS")
WORDS = {"fa-AF": "مددکار اجتماعی من عوض شد و کسی به من نگفت.", "ar": "تغيّرت الأخصائية الاجتماعية ولم يخبرني أحد."}
# The answers, by field name and value: the same in every language.
CHOICES = {
    "kind": "complaint",
    "safe_now": "yes",
    "told_by_me": "me",
    "happened_when": "last_month",
    "advocate_wanted": "no",
    "reply_route": "none",
    "interpreter": "no",
}
# Words in the Latin alphabet that may stay: names, what the demo Pledge calls itself, and "advocate", which the
# translations give in brackets once as the word children hear from staff. Anything else in lower case is English
# left untranslated.
NAMES = re.compile(r"\b(Childline|Always Heard|Help at Hand|Children's Commissioner|Barnet|Our Pledge|advocate)\b")


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def check_page(page, code, check_axe):
    html = page.locator("html")
    assert html.get_attribute("lang") == code, page.url
    assert html.get_attribute("dir") == "rtl", page.url
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width == PHONE[0], f"{page.url} is {width}px wide on a {PHONE[0]}px screen"
    check_axe(page, f"{code} {page.url}")


CODES = re.compile(r"\b[0-9A-Z]+(?:-[0-9A-Z]+)+\b")  # references and tracking codes, like TU-7KQ2-XM


def english_left(page, typed=""):
    """Words in the Latin alphabet in the page's main part: English left untranslated. Names, codes and what the
    young person typed are not counted."""
    text = page.locator("main").inner_text().replace(typed, "")
    return re.findall(r"\b[A-Za-z]{3,}\b", NAMES.sub("", CODES.sub("", text)))


def press_continue(page):
    with page.expect_navigation():
        page.locator("main form button[type=submit], main form button:not([type])").first.click()


@pytest.mark.parametrize("code", ["fa-AF", "ar"])
def test_a_young_person_tells_us_tracks_and_answers_in_their_language(new_context, check_axe, code):
    page = new_context(viewport=PHONE, javascript_enabled=False).new_page()
    page.goto(f"/tell-us?lang={code}")  # the language link: kept for the visit
    check_page(page, code, check_axe)
    assert english_left(page) == []
    with page.expect_navigation():
        page.locator("main .govuk-button--start").click()

    reference = None
    for step in range(20):
        check_page(page, code, check_axe)
        if page.locator(".portal-reference").count():
            reference = page.locator(".portal-reference").inner_text().strip()
            tracking_code = page.locator("#tracking-code").inner_text().strip()
            break
        on_promises = "which-promise" in page.url
        if not on_promises:  # the promises' titles are the Pledge's own words, in English until translated
            assert english_left(page, WORDS[code]) == [], page.url
        if step == 1:
            shot(page, f"{code}-question")
        for name, value in CHOICES.items():
            choice = page.locator(f"input[type=radio][name={name}][value={value}]")
            if choice.count():
                choice.check()
        if page.locator("textarea[name=words]").count():
            page.locator("textarea[name=words]").fill(WORDS[code])
        press_continue(page)
    assert reference and re.fullmatch(r"TU-[0-9A-Z]{4}-[0-9A-Z]{2}", reference)
    assert english_left(page) == []
    # The reference and the code stay left to right inside the right-to-left page.
    assert page.locator(".portal-reference bdi").evaluate("e => getComputedStyle(e).direction") == "ltr"

    page.goto("/track")
    check_page(page, code, check_axe)
    assert english_left(page) == []
    page.locator("input[name=reference]").fill(reference)
    page.locator("input[name=code]").fill(tracking_code)
    press_continue(page)
    check_page(page, code, check_axe)
    assert reference in page.locator("main").inner_text()
    assert english_left(page, WORDS[code]) == [], page.url
    shot(page, f"{code}-track")
    # The reference stays left to right inside the right-to-left heading.
    assert page.locator("main h1 bdi").evaluate("e => getComputedStyle(e).direction") == "ltr"

    page.goto("/pledge")
    check_page(page, code, check_axe)
    shot(page, f"{code}-pledge")
    # The promise's title is the Pledge's own words (in English on the thank-you page): not counted as left over.
    title = page.locator(".portal-kept legend .govuk-visually-hidden").first.inner_text().strip()
    with page.expect_navigation():
        page.locator(".portal-kept button[value=not_yet]").first.click()  # one tap
    check_page(page, code, check_axe)
    assert english_left(page, title) == []


def test_the_character_count_writes_its_numbers_in_0_to_9_in_dari(new_context):
    """GOV.UK's script writes the count in the digits of its language, which for Dari are Persian by default: here
    they are 0-9, like every other number the portal writes (README, "Digits")."""
    page = new_context(viewport=PHONE).new_page()  # JavaScript on: the count is the script's
    page.goto("/pledge?lang=fa-AF")
    with page.expect_navigation():
        page.locator(".portal-kept button[value=yes]").first.click()
    page.locator("textarea").fill("سلام")  # four letters
    status = page.locator(".govuk-character-count__status")
    expect(status).to_contain_text("996")  # waits for the script, which counts a moment after typing
    assert not re.search("[\u0660-\u0669\u06f0-\u06f9]", status.inner_text()), status.inner_text()
