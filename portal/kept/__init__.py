"""Keeping the Pledge: "is it kept for you?", "I know about the Pledge" and the scorecard (views.py, public); partner
progress updates and the staff dashboard /staff/pledge (progress_views.py)."""

from flask import Blueprint

bp = Blueprint("kept", __name__)

from portal.kept import progress_views, views  # noqa: E402,F401
