"""Right-to-left pages mirror (issue 24): on a phone, with <html dir="rtl"> as Dari, Pashto, Farsi, Arabic and Sorani
pages have it, the radio circles sit on the right over their tap targets, the Back link's arrow points right from the
right, an error's red bar is on the right, and nothing is wider than the screen. Left-to-right pages are unchanged.

The direction is set on the page as it stands (the words are still English): the test is about the stylesheet
(static/scss/_rtl.scss), not the translations, which have their own tests."""

import pytest

pytestmark = pytest.mark.browser

PHONE = (390, 844)


def set_direction(page, direction):
    if direction == "rtl":
        page.evaluate("document.documentElement.dir = 'rtl'; document.documentElement.lang = 'ar'")


def no_sideways_overflow(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width == PHONE[0], f"{page.url} is {width}px wide on a {PHONE[0]}px screen"


def radios(page):
    """For each radio: the invisible input's box, the label's box and the circle drawn for it (the label's ::before,
    placed absolutely in the item, so its box is the item's corner plus its computed offsets)."""
    return page.eval_on_selector_all(
        ".govuk-radios__item",
        """items => items.map(item => {
            const box = element => {
                const r = element.getBoundingClientRect();
                return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
            };
            const label = item.querySelector(".govuk-radios__label");
            const circle = getComputedStyle(label, "::before");
            const itemBox = item.getBoundingClientRect();
            const left = itemBox.left + parseFloat(circle.left);
            const top = itemBox.top + parseFloat(circle.top);
            return {
                input: box(item.querySelector(".govuk-radios__input")),
                label: box(label),
                circle: {left, right: left + parseFloat(circle.width), top, bottom: top + parseFloat(circle.height)},
            };
        })""",
    )


def back_arrow(page):
    """The Back link's box, and its arrow's (the ::before, placed absolutely in the link) with its rotation."""
    return page.eval_on_selector(
        ".govuk-back-link",
        """link => {
            const box = link.getBoundingClientRect();
            const arrow = getComputedStyle(link, "::before");
            const left = box.left + parseFloat(arrow.left);
            return {
                link: {left: box.left, right: box.right},
                arrow: {left, right: left + parseFloat(arrow.width)},
                transform: arrow.transform,
            };
        }""",
    )


def points_right(transform):
    """The arrow is a corner drawn by its top and right borders, turned: it points right when turned by less than a
    quarter turn either way (cos > 0), left when turned about (225 degrees, GOV.UK's own) the other way."""
    cos = float(transform.removeprefix("matrix(").split(",")[0])
    return cos > 0


def inside(inner, outer):
    return (
        outer["left"] <= inner["left"]
        and inner["right"] <= outer["right"]
        and outer["top"] <= inner["top"]
        and inner["bottom"] <= outer["bottom"]
    )


@pytest.mark.parametrize("direction", ["rtl", "ltr"])
def test_a_question_page_mirrors_right_to_left(new_context, direction):
    page = new_context(viewport=PHONE).new_page()
    page.goto("/tell-us")
    set_direction(page, direction)
    no_sideways_overflow(page)
    page.get_by_role("button", name="Start now").click()
    page.wait_for_selector(".govuk-radios")
    # The empty answer shows the error state too: the red bar beside the question.
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    assert page.locator(".govuk-form-group--error").count() == 1
    set_direction(page, direction)

    found = radios(page)
    assert len(found) >= 2
    for radio in found:
        # The circle is drawn over the input, so tapping the circle chooses it.
        assert inside(radio["circle"], radio["input"]), radio
        if direction == "rtl":
            assert radio["input"]["left"] >= radio["label"]["right"] - 1, radio
        else:
            assert radio["input"]["right"] <= radio["label"]["left"] + 1, radio

    back = back_arrow(page)
    middle = (back["link"]["left"] + back["link"]["right"]) / 2
    if direction == "rtl":
        assert back["arrow"]["left"] > middle and points_right(back["transform"]), back
    else:
        assert back["arrow"]["right"] < middle and not points_right(back["transform"]), back

    bar = page.eval_on_selector(
        ".govuk-form-group--error",
        "group => { const s = getComputedStyle(group); return [s.borderLeftWidth, s.borderRightWidth]; }",
    )
    assert bar == (["0px", "5px"] if direction == "rtl" else ["5px", "0px"])
    no_sideways_overflow(page)


@pytest.mark.parametrize("path", ["/pledge", "/track", "/pledge/scorecard", "/"])
def test_young_peoples_pages_stay_as_wide_as_a_phone_right_to_left(new_context, path):
    page = new_context(viewport=PHONE).new_page()
    page.goto(path)
    set_direction(page, "rtl")
    no_sideways_overflow(page)


@pytest.mark.parametrize("direction", ["rtl", "ltr"])
def test_on_a_wide_screen_the_column_starts_where_the_words_start(new_context, direction):
    page = new_context(viewport=(1280, 800)).new_page()
    page.goto("/tell-us")
    set_direction(page, direction)
    column = page.locator(".govuk-grid-column-two-thirds").bounding_box()
    row = page.locator(".govuk-grid-row").first.bounding_box()
    column_end = column["x"] + column["width"]
    row_end = row["x"] + row["width"]
    if direction == "rtl":
        assert abs(column_end - row_end) <= 1 and column["x"] - row["x"] > 100, (column, row)
    else:
        assert abs(column["x"] - row["x"]) <= 1 and row_end - column_end > 100, (column, row)
