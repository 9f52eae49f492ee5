"""Views of the annual report: the staff page (choose a year; print, PDF, CSV), publishing the young people's version,
and the published versions at /reports."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal import accounts
from portal.access import public, roles
from portal.clock import Year, london_today
from portal.db import get_session
from portal.forms import PortalForm
from portal.models import Role
from portal.reports import bp, outputs, services, young_people
from portal.shared_pages import shared_page
from portal.templating import long_date

REPORT_ROLES = (Role.COMPLAINTS_OFFICER, Role.MANAGER)
YEARS_OFFERED = 6


class PublishForm(PortalForm):
    """Only a button: CSRF-protected."""


def _year(text):
    """The reporting year a label names: a year that has not started yet has no report (404)."""
    try:
        year = Year.parse(text)
    except ValueError:
        abort(404)
    if year.first_day > london_today():
        abort(404)
    return year


def _ended(year):
    return year.last_day < london_today()


def _years():
    latest = Year.containing(london_today())
    return [Year(latest.start - back) for back in range(YEARS_OFFERED)]


@bp.get("/staff/reports/annual")
@roles(*REPORT_ROLES)
def annual():
    years = _years()
    chosen = request.args.get("year")
    year = _year(chosen) if chosen else years[1]  # the last complete year, unless asked
    report = services.build_report(year)
    return render_template(
        "reports/annual.html",
        report=report,
        years=years,
        form=PublishForm(),
        published=young_people.published_report(year),
        is_manager=current_user.role == Role.MANAGER,  # publishes, and may download the exact figures
        ended=_ended(year),
    )


def _download(year, render, mimetype, extension):
    report = services.build_report(_year(year))
    filename = f"annual-report-{report.year.label}.{extension}"
    return Response(
        render(report), mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


@bp.get("/staff/reports/annual/<year>.csv")
@roles(*REPORT_ROLES)
def annual_csv(year):
    return _download(year, outputs.report_csv, "text/csv", "csv")


@bp.get("/staff/reports/annual/<year>.pdf")
@roles(*REPORT_ROLES)
def annual_pdf(year):
    return _download(year, outputs.report_pdf, "application/pdf", "pdf")


@bp.get("/staff/reports/annual/<year>/exact-figures.csv")
@roles(Role.MANAGER)
def exact_figures_csv(year):
    """Every figure unsuppressed, for the manager who reconciles the complaints: never published, marked so in the
    file and its name, and each download written to the security log (who, which year), as any access to figures
    that could identify a child is."""
    report = services.build_report(_year(year), exact=True)
    accounts.log_security_event(
        "exact_figures_downloaded",
        f"Downloaded the exact figures (not for publication) of the annual report {report.year.label}.",
        by=current_user,
    )
    get_session().commit()
    filename = f"NOT-FOR-PUBLICATION-annual-report-{report.year.label}-exact-figures.csv"
    response = Response(
        outputs.report_csv(report),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/staff/reports/annual/<year>/publish")
@roles(Role.MANAGER)
def publish(year):
    year = _year(year)
    if not PublishForm().validate_on_submit():
        abort(400)
    if not _ended(year):
        # The young people's version tells them what happened in a year: only once the year is over.
        flash(
            f"The version for young people can be published once {year.label} has ended, "
            f"after {long_date(year.last_day)}."
        )
        return redirect(url_for("reports.annual", year=year.label))
    young_people.publish_for_young_people(services.build_report(year), current_user)
    flash(f"The version for young people for {year.label} is published.")
    return redirect(url_for("reports.annual", year=year.label))


@bp.get("/reports")
@public
@shared_page()  # the same for every visitor; a newly published version shows within SHARED_PAGE_SECONDS
def young_list():
    return render_template("reports/young_list.html", published=young_people.published_reports())


@bp.get("/reports/<year>")
@public
@shared_page()
def young_report(year):
    published = young_people.published_report(_year(year)) or abort(404)
    content = published.content
    return render_template(
        "reports/young.html",
        published=published,
        content=content,
        told_us=young_people.what_you_told_us(content),
        on_time=young_people.answered_on_time(content),
        # Published before each wording was listed once, a version may hold one line many times.
        changes=young_people.changes_once(content.get("changes", [])),
        pledge_changed=young_people.pledge_changed(content),
        year_in_words=young_people.year_in_words(content),
    )
