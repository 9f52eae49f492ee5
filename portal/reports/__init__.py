"""The annual report on representations and complaints (/staff/reports/annual: page, print, PDF, CSV), and its
version for young people, published by a manager (/reports)."""

from flask import Blueprint

# cli_group=None: the command is `flask --app wsgi annual-report`, not `flask reports annual-report`.
bp = Blueprint("reports", __name__, cli_group=None)

from portal.reports import cli, views  # noqa: E402,F401
