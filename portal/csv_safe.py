"""Spreadsheet-safe CSV cells, for every CSV the portal writes (the case export and the annual report)."""

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Google Sheets (a tab or carriage
# return first can hide one). OWASP's advice, followed here: prefix such a cell with an apostrophe, so it is shown as
# the text it is. That includes a year-on-year change like "+8": the reader still sees +8, never a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """value, with an apostrophe in front if it is text a spreadsheet would run as a formula."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def safe_row(values):
    """Every cell of a row made safe (see safe_cell)."""
    return [safe_cell(value) for value in values]
