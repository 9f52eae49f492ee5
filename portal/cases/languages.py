"""The language of the pages a young person used to tell us, as staff pages, the queue's filter and the annual report
name and count it, once. Staff pages are in English, so each language is named in English, then in itself."""

from babel import Locale
from sqlalchemy import and_, or_
from sqlalchemy import case as sql_case

from portal.i18n import SOURCE, babel_name, languages
from portal.models import Case, Channel

# Babel's English names, where staff (and interpreting services) say something else: Babel calls Dari "Persian
# (Afghanistan)", Farsi "Persian" and Sorani "Central Kurdish".
ENGLISH_NAMES = {"fa-AF": "Dari", "fa": "Farsi", "ckb": "Sorani Kurdish"}
NOT_KNOWN = "Not known (recorded by staff)"


def english_name(code, in_itself=True):
    """A language's name for staff: "Dari (دری)", "English"; a code no longer in the LANGUAGES setting still reads.
    in_itself=False leaves out its own name: the annual report is an English paper, and its PDF's fonts are Latin."""
    name = ENGLISH_NAMES.get(code) or Locale.parse(babel_name(code)).get_display_name("en")
    own = languages().get(code)
    return name if code == SOURCE or not own or not in_itself else f"{name} ({own})"


def other_languages():
    """The LANGUAGES setting's codes after English, in its order."""
    return [code for code in languages() if code != SOURCE]


# Before the pages had other languages (migration 0016), a case told on the website was told on English pages, so it
# has no page_language but was told in English. Cases staff record (phone, letter, in person) have none: not known.
def pages_language(case):
    """The code of the language of the pages a case was told on, or None for a case staff recorded."""
    if case.page_language:
        return case.page_language
    return SOURCE if case.channel == Channel.WEB else None


def pages_language_column():
    """pages_language as SQL, for counting and filtering in the database."""
    return sql_case(
        (Case.page_language.is_not(None), Case.page_language),
        (Case.channel == Channel.WEB, SOURCE),
        else_=None,
    )


def pages_language_is(code):
    """A condition on Case: told on pages in this language (a plain comparison, so the page_language index serves)."""
    if code == SOURCE:
        return or_(Case.page_language == SOURCE, and_(Case.page_language.is_(None), Case.channel == Channel.WEB))
    return Case.page_language == code


def pages_language_in_words(case):
    code = pages_language(case)
    return english_name(code) if code else NOT_KNOWN


def interpreter_in_words(case):
    """ "Yes (Pashto)" from what they asked for, in their words; "No"."""
    if not case.interpreter_needed:
        return "No"
    return f"Yes ({case.language})" if case.language else "Yes (language not said)"
