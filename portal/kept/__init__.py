"""Keeping the Pledge: "is it kept for you?", "I know about the Pledge" and the scorecard (views.py, public); partner
progress updates and the staff dashboard /staff/pledge (progress_views.py)."""

from flask import Blueprint

# cli_group=None: the blueprint's command is `flask --app wsgi reminders`, not `flask kept reminders`.
bp = Blueprint("kept", __name__, cli_group=None)

from portal.kept import progress_views, reminders, views  # noqa: E402,F401
