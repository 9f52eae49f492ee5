"""Flask extensions, created once and bound to the app in create_app."""

from flask import current_app, g
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
login_manager = LoginManager()
# No default limits: each route that needs one says so (sign-in, tracking codes, sending).
limiter = Limiter(key_func=get_remote_address)


def wrong_guess():
    """A view calls this when a guess (a password, a tracking code) was wrong: only wrong guesses use up a limit."""
    g.wrong_guess = True


def limit_wrong_guesses(per_key_setting, key_func, per_address_setting, message):
    """Two limits on a form's POSTs that count only wrong guesses: one per key (an account, a case reference),
    so one target cannot be guessed at from many places, and one per address, so one place cannot try many
    targets. The limits are config settings; message is what the 429 page says."""

    def counted(_response):
        return g.get("wrong_guess", False)

    per_key = limiter.limit(
        lambda: current_app.config[per_key_setting],
        key_func=key_func,
        methods=["POST"],
        deduct_when=counted,
        error_message=message,
    )
    per_address = limiter.limit(
        lambda: current_app.config[per_address_setting], methods=["POST"], deduct_when=counted, error_message=message
    )
    return lambda view: per_key(per_address(view))
