"""The annual report on representations and complaints (/staff/reports/annual: page, print, PDF, CSV), and its
version for young people, published by a manager (/reports)."""

from flask import Blueprint

bp = Blueprint("reports", __name__)

from portal.reports import views  # noqa: E402,F401
