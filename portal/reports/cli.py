"""flask --app wsgi annual-report 2025-26 --format pdf|csv|html --output FILE (registered in portal/cli.py)."""

from datetime import UTC, datetime
from pathlib import Path

import click
from flask import render_template
from flask.cli import with_appcontext

from portal.clock import Year
from portal.reports import outputs, services


@click.command("annual-report")
@with_appcontext
@click.argument("year")
@click.option("--format", "format_", type=click.Choice(["pdf", "csv", "html"]), default="pdf", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, writable=True), required=True, help="The file to write.")
def annual_report_command(year, format_, output):
    """Write the annual report for YEAR (like 2025-26), built from the records as they are now."""
    try:
        year = Year.parse(year)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="YEAR") from None
    report = services.build_report(year, datetime.now(UTC))
    if format_ == "pdf":
        Path(output).write_bytes(outputs.report_pdf(report))
    elif format_ == "csv":
        Path(output).write_text(outputs.report_csv(report), encoding="utf-8", newline="")
    else:
        Path(output).write_text(render_template("reports/annual_pdf.html", report=report), encoding="utf-8")
    click.echo(f"Wrote the annual report for {year.label} to {output}.")


COMMANDS = [annual_report_command]
