"""Papers for a meeting as tagged PDFs (the annual report, the Pledge meeting pack): drawn by WeasyPrint from the
page's own HTML and the print stylesheet static/paper.css, so the paper and the page cannot drift; charts stay
vector."""

from flask import current_app

PRINT_STYLESHEET = "paper.css"


def paper_pdf(html):
    """A PDF/UA-1 document (headings and tables a screen reader can follow) from a page's HTML."""
    from weasyprint import CSS, HTML  # loaded (with Pango) only by the worker that draws a paper, not by every one

    stylesheet = CSS(filename=str(current_app.static_folder) + "/" + PRINT_STYLESHEET)
    return HTML(string=html, base_url=current_app.static_folder).write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1", pdf_tags=True, finisher=_scope_table_headers
    )


def _scope_table_headers(_document, pdf):
    """WeasyPrint's finisher hook: it tags <th> as /TH but leaves out the HTML scope, and PDF/UA wants each header
    cell to say what it heads (a PDF/UA check found 21 tables without). Our tables' heads hold column headers and
    their bodies row headers, as the HTML's scope="col" and scope="row" say."""
    import pydyf  # WeasyPrint's own PDF writer, loaded with it

    by_reference = {obj.reference: obj for obj in pdf.objects if isinstance(obj, pydyf.Dictionary)}
    for element in by_reference.values():
        if element.get("S") == "/TH":
            row = by_reference.get(element.get("P"), {})
            group = by_reference.get(row.get("P"), {})
            scope = "/Column" if group.get("S") == "/THead" else "/Row"
            element["A"] = pydyf.Dictionary({"O": "/Table", "Scope": scope})
