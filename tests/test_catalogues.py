"""The translation catalogues are up to date with the words in the code: every string marked for translation in
portal/ and templates/ (as babel.cfg says) is in translations/messages.pot and in each language's catalogue, and
nothing is left there that the code no longer uses. `make catalogs` brings them up to date."""

import re

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from portal.config import ROOT, config_for

# The same keywords as the Makefile's EXTRACT_KEYWORDS: Flask-Babel's lazy forms.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
TRANSLATIONS = ROOT / "translations"
FIX = "The catalogues are out of date: run `make catalogs` and commit translations/."


def message_id(msgid):
    """A message's identity: its singular (a plural's msgid is the pair)."""
    return msgid[0] if isinstance(msgid, (tuple, list)) else msgid


@pytest.fixture(scope="module")
def source_ids():
    """The msgids in the code now, extracted into memory as `make catalogs` would."""
    with open(ROOT / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = extract_from_dir(ROOT, method_map, options_map, keywords=KEYWORDS)
    return {message_id(msgid) for _filename, _lineno, msgid, _comments, _context in found if message_id(msgid)}


def catalogue_ids(path):
    with open(path, "rb") as po:
        return {message_id(message.id) for message in read_po(po) if message.id}


def differences(expected, found):
    missing, left_over = sorted(expected - found), sorted(found - expected)
    return f"missing: {missing[:10]}{' ...' if len(missing) > 10 else ''}; left over: {left_over[:10]}"


def test_the_template_has_every_string_in_the_code(source_ids):
    in_template = catalogue_ids(TRANSLATIONS / "messages.pot")
    assert in_template == source_ids, f"{FIX} translations/messages.pot, {differences(source_ids, in_template)}"


@pytest.mark.parametrize("code", [code for code in config_for("test").LANGUAGES if code != "en"])
def test_each_language_has_a_catalogue_with_every_string_in_the_code(source_ids, code):
    catalogue = TRANSLATIONS / code.replace("-", "_") / "LC_MESSAGES" / "messages.po"
    assert catalogue.exists(), f"{FIX} ({code} has no catalogue)"
    in_catalogue = catalogue_ids(catalogue)
    assert in_catalogue == source_ids, f"{FIX} {catalogue.relative_to(ROOT)}, {differences(source_ids, in_catalogue)}"


def test_arabic_has_its_six_plural_forms():
    with open(TRANSLATIONS / "ar" / "LC_MESSAGES" / "messages.po", "rb") as po:
        assert read_po(po).num_plurals == 6


# Arabic-Indic and Persian digits.
OTHER_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


@pytest.mark.parametrize("code", [code for code in config_for("test").LANGUAGES if code != "en"])
def test_translations_write_numbers_in_the_digits_the_portal_fills_in(code):
    """Dates, counts, references and phone numbers come from the code in 0-9 (Babel's default), so a translation
    writes its own numbers in 0-9 too: "stage 2" in Persian digits beside a date in Western ones reads as a muddle.
    A fluent reviewer may choose the other way for a language, but then for the code's numbers as well."""
    with open(TRANSLATIONS / code.replace("-", "_") / "LC_MESSAGES" / "messages.po", "rb") as po:
        found = [
            text
            for message in read_po(po)
            if message.id
            for text in (message.string if isinstance(message.string, tuple) else [message.string])
            if OTHER_DIGITS.search(text or "")
        ]
    assert not found, found[:5]
