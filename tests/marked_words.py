"""A stand-in catalogue that brackets every word it translates (⟦like this⟧), to check that every word a young
person sees on a page is marked for translation, so `make catalogs` finds it: any word in the Latin alphabet left
outside the brackets would stay English in every language. Use the `bracketed` fixture (tests/conftest.py), then
english_left(html)."""

import re

from babel.support import NullTranslations
from bs4 import BeautifulSoup

OPEN, CLOSE = "⟦", "⟧"
INNERMOST = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")


class Bracketed(NullTranslations):
    """Every word it is asked for comes back in brackets."""

    def gettext(self, message):
        return f"{OPEN}{message}{CLOSE}"

    def ngettext(self, singular, plural, n):
        return f"{OPEN}{singular if n == 1 else plural}{CLOSE}"

    # Flask-Babel asks for the u- names, which NullTranslations binds to its own methods.
    ugettext = gettext
    ungettext = ngettext


def english_left(html, data=(), typed=""):
    """Latin-alphabet words a young person sees (the page's main part, its Back link, its labels for screen readers)
    that are not translated. Data (names, the Pledge's own words) and what was typed are not counted. A translated
    value inside a translated sentence (a date, a period) is taken out with its sentence."""
    soup = BeautifulSoup(html, "html.parser")
    parts = [soup.find("main").get_text(" ")]
    parts += [link.get_text(" ") for link in soup.select(".govuk-back-link")]
    parts += [element["aria-label"] for element in soup.select("main [aria-label]")]
    text = " ".join(parts)
    if typed:
        text = text.replace(typed, " ")
    while INNERMOST.search(text):
        text = INNERMOST.sub(" ", text)
    text = " ".join(text.split())
    for words in data:
        text = text.replace(" ".join(words.split()), " ")
    return re.findall(r"\b[A-Za-z]{2,}\b", text)
