"""Spreadsheet-safe CSV cells, for every CSV the portal writes (the case export and the annual report)."""

import re

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Google Sheets (a tab or carriage
# return first can hide one). OWASP's advice, followed here: prefix such a cell with an apostrophe, so it is shown as
# the text it is.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# A cell that is only a number (a year-on-year change like -2 or +8, 12.5, -3%) cannot run anything, and with an
# apostrophe a spreadsheet would show '-2 as text and leave it out of sums. Strict on purpose: a sign, digits, an
# optional decimal part and an optional percent sign, nothing else (no spaces, exponents or thousands separators).
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?%?")


def safe_cell(value):
    """value, with an apostrophe in front if it is text a spreadsheet would run as a formula."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS) or PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def safe_row(values):
    """Every cell of a row made safe (see safe_cell)."""
    return [safe_cell(value) for value in values]
