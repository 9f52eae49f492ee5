"""Flask extensions, created once and bound to the app in create_app."""

from flask import current_app, request
from flask.sessions import SecureCookieSessionInterface
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from portal.limits import limit_in_database, was_wrong_guess, wrong_guess

compress = Compress()
csrf = CSRFProtect()
login_manager = LoginManager()
# No default limits: each route that needs one says so (sign-in, tracking codes, sending).
limiter = Limiter(key_func=get_remote_address)


@limiter.request_filter
def _reading():
    """Every limit here counts something sent (a POST): a page being read is never counted, so the limiter is not
    even asked (tests/test_limits.py checks that no limit applies to a GET)."""
    return request.method in ("GET", "HEAD")


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, its signer made once per app rather than on every request (the secret key is
    read once, when the app is made)."""

    def get_signing_serializer(self, app):
        if "session_signer" not in app.extensions:
            app.extensions["session_signer"] = super().get_signing_serializer(app)
        return app.extensions["session_signer"]


__all__ = ["SessionInterface", "compress", "csrf", "limit_wrong_guesses", "limiter", "login_manager", "wrong_guess"]


def limit_wrong_guesses(per_key_setting, key_func, per_address_setting, message):
    """Two limits on a form's POSTs that count only wrong guesses: one per key (an account, a case reference),
    so one target cannot be guessed at from many places, and one per address, so one place cannot try many
    targets. The per-key limit lives in the database (portal.limits), so it holds exactly on every worker; the
    per-address one is Flask-Limiter's (shared through RATELIMIT_STORAGE_URI). message is what the 429 page says."""

    def counted(_response):
        return was_wrong_guess()

    per_key = limit_in_database(per_key_setting, key_func, was_wrong_guess, message)
    per_address = limiter.limit(
        lambda: current_app.config[per_address_setting], methods=["POST"], deduct_when=counted, error_message=message
    )
    return lambda view: per_key(per_address(view))
