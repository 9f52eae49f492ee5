"""Flask extensions, created once and bound to the app in create_app."""

from flask import request
from flask.sessions import SecureCookieSessionInterface
from flask_compress import Compress
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from portal.shared_pages import ENVIRON_KEY as SHARED_PAGE

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

    def save_session(self, app, session, response):
        """As Flask does; and a page marked for shared caches (portal/shared_pages.py) that would set a cookie is
        made private instead, so no cache ever hands one visitor's cookie to another. Not expected to happen: shared
        pages are only sent to requests without a session."""
        super().save_session(app, session, response)
        if request.environ.get(SHARED_PAGE) is not None and "Set-Cookie" in response.headers:
            app.logger.warning("A shared page set a cookie; sent as private instead")
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("ETag", None)


__all__ = ["SessionInterface", "compress", "csrf", "login_manager"]
