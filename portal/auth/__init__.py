from flask import Blueprint

bp = Blueprint("auth", __name__)

from portal.auth import account_views, password_views, views  # noqa: E402,F401
