"""Hostile words in a real browser (issue 11): script-carrying payloads typed into every text field a young person,
an officer and the Pledge's one-tap "tell us more" have, then every page that shows those words opened in Chromium.
A page fails if a payload became an element (each carries data-xss), a javascript: link, a script that ran (it sets
window.portalXss or opens a dialog), or a Content-Security-Policy violation (a blocked inline script or handler: the
policy stopped it, but the escaping had already failed)."""

import re

import pytest

from tests.browser.test_triage_journey import choose, continue_

pytestmark = pytest.mark.browser

PHONE, DESKTOP = (390, 844), (1280, 800)
PROMISE = "Look after your health"
PAYLOADS = [
    "<script data-xss>window.portalXss = 1</script>",
    '<img data-xss src="x" onerror="window.portalXss = 1">',
    '"><svg data-xss onload="window.portalXss = 1">',
    '\'><iframe data-xss srcdoc="<script>parent.portalXss = 1</script>"></iframe>',
    "</textarea></title><b data-xss>x</b>",
    '<a data-xss href="javascript:window.portalXss = 1">tap</a>',
    '[tap](javascript:window.portalXss=1) <details data-xss open ontoggle="window.portalXss = 1">',
    "{{ 7 * 7 }} {% if 1 %}49{% endif %} ${7*7}",
]
ALL_PAYLOADS = "\n".join(PAYLOADS)
SHORT = '<b data-xss onmouseover="window.portalXss=1">Sam</b>'

WATCH = """
window.portalViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.portalViolations.push(event.violatedDirective + " " + (event.sample || ""));
});
"""


def watched(new_context, viewport=PHONE, **options):
    context = new_context(viewport=viewport, **options)
    context.add_init_script(WATCH)
    page = context.new_page()
    page.portal_dialogs = []
    page.on("dialog", lambda dialog: (page.portal_dialogs.append(dialog.message), dialog.dismiss()))
    return page


def assert_no_script_ran(page, shown=True):
    where = page.url
    if shown:
        assert "window.portalXss" in page.locator("main").inner_text(), f"{where} does not show the words"
    assert page.locator("[data-xss]").count() == 0, f"a payload became an element on {where}"
    assert page.locator("a[href^='javascript:' i]").count() == 0, f"a javascript: link on {where}"
    assert page.evaluate("window.portalXss") is None, f"a payload ran on {where}"
    assert page.evaluate("window.portalViolations") == [], f"blocked by the CSP on {where}"
    assert page.portal_dialogs == [], f"a dialog opened on {where}"
    assert "49 49" not in page.locator("main").inner_text(), f"template code ran on {where}"


def test_hostile_words_never_run_as_script_anywhere_they_are_shown(new_context, sign_in):
    young = watched(new_context)
    young.goto("/tell-us/what-kind")
    choose(young, "Something is wrong")
    continue_(young)
    choose(young, "Yes, I am safe")
    continue_(young)
    choose(young, "I am the young person")
    continue_(young)
    young.get_by_label("What happened?").fill(ALL_PAYLOADS)
    continue_(young)
    assert_no_script_ran(young, shown=False)  # the promise question, after the words
    continue_(young)
    choose(young, "In the last month")
    continue_(young)
    young.get_by_label("What would you like to happen? (optional)").fill(ALL_PAYLOADS)
    continue_(young)
    choose(young, "No")
    continue_(young)
    choose(young, "Please do not contact me")
    continue_(young)
    choose(young, "No")
    continue_(young)
    young.get_by_label(re.compile("name", re.IGNORECASE)).first.fill(SHORT)
    continue_(young)
    assert young.get_by_role("heading", level=1).inner_text() == "Check your answers"
    assert_no_script_ran(young)
    # Back to the words: the textarea shows them again, still as text.
    young.goto("/tell-us/what-happened")
    assert young.get_by_label("What happened?").input_value() == ALL_PAYLOADS
    assert_no_script_ran(young, shown=False)
    young.goto("/tell-us/check")
    with young.expect_navigation():
        young.get_by_role("button", name="Send").click()
    reference = young.locator(".portal-reference").inner_text().strip()
    code = young.locator("#tracking-code").inner_text().strip()
    assert_no_script_ran(young, shown=False)

    officer = watched(new_context, viewport=DESKTOP)
    sign_in(officer, "complaints@example.org")
    officer.goto(f"/staff/cases?q={reference}")
    assert_no_script_ran(officer, shown=False)
    officer.goto("/staff/cases")
    assert_no_script_ran(officer, shown=False)
    officer.goto(f"/staff/cases?q={reference}")
    with officer.expect_navigation():
        officer.get_by_role("link", name=reference).click()
    assert_no_script_ran(officer)
    case_url = officer.url
    with officer.expect_navigation():
        officer.locator("#actions").get_by_role("link", name="Send a message to the young person").click()
    officer.get_by_label("Message for the young person").fill(ALL_PAYLOADS)
    with officer.expect_navigation():
        officer.get_by_role("button", name=re.compile("Save|Send")).click()
    officer.goto(case_url)
    assert_no_script_ran(officer)

    young.goto("/track")
    young.get_by_label("Your reference").fill(reference)
    young.get_by_label("Your private code").fill(code)
    continue_(young)
    assert young.get_by_role("heading", level=1).inner_text() == f"Your message {reference}"
    assert_no_script_ran(young)

    # The Pledge's private "tell us more", read by the participation officer on the dashboard.
    young.goto("/pledge")
    promise = young.locator(".portal-promise", has=young.get_by_role("heading", name=PROMISE, exact=True))
    promise.get_by_role("button", name=re.compile(r"^Not yet")).click()
    young.get_by_label("Tell us more").fill(ALL_PAYLOADS[:1000])
    young.get_by_role("button", name="Send").click()
    assert young.get_by_role("heading", level=1).inner_text() == "Thank you for telling us more"
    assert_no_script_ran(young, shown=False)
    participation = watched(new_context, viewport=DESKTOP)
    sign_in(participation, "participation@example.org")
    participation.goto("/staff/pledge")
    assert_no_script_ran(participation, shown="window.portalXss" in participation.locator("main").inner_text())
    words = participation.locator("main a", has_text=re.compile("tell us more", re.IGNORECASE))
    if words.count():
        with participation.expect_navigation():
            words.first.click()
        assert_no_script_ran(participation)
