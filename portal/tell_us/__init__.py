from flask import Blueprint

bp = Blueprint("tell_us", __name__)

from portal.tell_us import views  # noqa: E402,F401
