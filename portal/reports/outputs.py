"""The annual report as files: CSV (every table's cells, spreadsheet-safe) and a tagged PDF."""

import csv
import io

from flask import render_template

from portal.csv_safe import safe_row
from portal.paper import paper_pdf

# --- CSV ------------------------------------------------------------------------------------------------------------


NOT_FOR_PUBLICATION = "Not for publication"
EXACT_WARNING = (
    "Exact figures, with no small numbers hidden: for the people who manage complaints to check against. They could "
    "identify a child. Do not publish or share them."
)


def report_csv(report):
    """Every table of the report as rows of section, table, row, column, value: the same text as the page, each cell
    spreadsheet-safe (a change "+8" or a promise title "=..." starts with an apostrophe, as in the case export).

    The exact (unsuppressed) report says "Not for publication" first on its first line and on every row after, so
    any page printed from it, or any rows copied out of it, still carry the warning."""
    out = io.StringIO()
    writer = csv.writer(out)
    mark = [NOT_FOR_PUBLICATION] if report.exact else []
    if report.exact:
        writer.writerow([NOT_FOR_PUBLICATION, EXACT_WARNING])
    writer.writerow(
        [*mark, "report", f"Annual report {report.year.label}", "as of", f"{report.as_of_london:%Y-%m-%d %H:%M}"]
    )
    writer.writerow([*mark, "section", "table", "row", "column", "value"])
    for section in report.sections:
        for table in section.tables:
            for row in table.rows:
                for header, cell in zip(table.headers[1:], row[1:], strict=True):
                    writer.writerow([*mark, *safe_row([section.title, table.caption, row[0], header, cell])])
        for item in section.learning:
            writer.writerow(
                [*mark, *safe_row([section.title, "You said, we did", item["kind"], item["status"], item["words"]])]
            )
    return out.getvalue()


# --- PDF ------------------------------------------------------------------------------------------------------------


def report_pdf(report):
    """The report as a tagged PDF, drawn from the same HTML and print stylesheet as the page."""
    if report.exact:
        raise ValueError("the exact figures are a CSV for managers only, never a PDF")
    return paper_pdf(render_template("reports/annual_pdf.html", report=report))
