"""The annual report's charts on a phone and a desktop: every word and number fits inside its chart (before, "fewer
than 5" was cut to "fewer than !" beside the bars), in the page's sans-serif font rather than the browser's serif,
at a size a phone can read (before, about 7 px at 390 px), and the page never scrolls sideways."""

import pytest

pytestmark = pytest.mark.browser

CHART_TEXT = """() => [...document.querySelectorAll('.portal-report-chart svg')].flatMap(svg => {
  const width = svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll('text')].map(text => {
    const box = text.getBBox();
    return {
      words: text.textContent,
      right: box.x + box.width,
      width: width,
      font: getComputedStyle(text).fontFamily,
      px: parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a,
    };
  });
})"""


@pytest.mark.parametrize("viewport", [(390, 844), (1280, 800)], ids=["phone", "desktop"])
def test_chart_words_fit_in_the_charts_font_and_size(new_context, sign_in, viewport):
    page = new_context(viewport=viewport).new_page()
    sign_in(page, "manager@example.org")
    page.goto("/staff/reports/annual?year=2025-26")
    texts = page.evaluate(CHART_TEXT)
    assert any(text["words"] == "fewer than 5" for text in texts), "the demo year has small numbers"
    for text in texts:
        assert text["right"] <= text["width"], f"{text['words']!r} runs past the chart's edge"
        assert text["font"].startswith("system-ui"), text
        assert 14 <= text["px"] <= 22, text
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
