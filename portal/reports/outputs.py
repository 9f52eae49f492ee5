"""The annual report as files: CSV (every table's cells, spreadsheet-safe) and a tagged PDF."""

import csv
import io

from portal.csv_safe import safe_row

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

PRINT_STYLESHEET = "reports/report.css"


def report_pdf(report):
    """The report as a tagged PDF (PDF/UA-1: headings and tables a screen reader can follow), drawn by WeasyPrint from
    the same HTML and print stylesheet as the page; the charts stay vector."""
    if report.exact:
        raise ValueError("the exact figures are a CSV for managers only, never a PDF")
    from flask import current_app, render_template
    from weasyprint import CSS, HTML

    html = render_template("reports/annual_pdf.html", report=report)
    stylesheet = CSS(filename=str(current_app.static_folder) + "/" + PRINT_STYLESHEET)
    return HTML(string=html, base_url=current_app.static_folder).write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1", pdf_tags=True, finisher=_scope_table_headers
    )


def _scope_table_headers(_document, pdf):
    """WeasyPrint's finisher hook: it tags <th> as /TH but leaves out the HTML scope, and PDF/UA wants each header
    cell to say what it heads (a PDF/UA check found 21 tables without). Our tables' heads hold column headers and
    their bodies row headers, as the HTML's scope="col" and scope="row" say."""
    import pydyf

    by_reference = {obj.reference: obj for obj in pdf.objects if isinstance(obj, pydyf.Dictionary)}
    for element in by_reference.values():
        if element.get("S") == "/TH":
            row = by_reference.get(element.get("P"), {})
            group = by_reference.get(row.get("P"), {})
            scope = "/Column" if group.get("S") == "/THead" else "/Row"
            element["A"] = pydyf.Dictionary({"O": "/Table", "Scope": scope})
