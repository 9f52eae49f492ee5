"""Flask extensions, created once and bound to the app in create_app."""

from flask.sessions import SecureCookieSessionInterface
from flask_compress import Compress
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

compress = Compress()
csrf = CSRFProtect()
login_manager = LoginManager()


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, its signer made once per app rather than on every request (the secret key is
    read once, when the app is made)."""

    def get_signing_serializer(self, app):
        if "session_signer" not in app.extensions:
            app.extensions["session_signer"] = super().get_signing_serializer(app)
        return app.extensions["session_signer"]


__all__ = ["SessionInterface", "compress", "csrf", "login_manager"]
