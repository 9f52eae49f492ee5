from flask import Blueprint

bp = Blueprint("admin", __name__)

from portal.admin import languages_views, outbox_views, views  # noqa: E402,F401
