from flask import Blueprint

bp = Blueprint("track", __name__)

from portal.track import views  # noqa: E402,F401
