from flask import Blueprint

bp = Blueprint("triage", __name__)

from portal.triage import views  # noqa: E402,F401
