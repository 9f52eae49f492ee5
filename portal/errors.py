"""Error pages in the portal's own style, for every error a person might meet."""

import contextlib
import math
import time

from flask import g, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.extensions import login_manager
from portal.models import Role
from portal.security import CrossOriginRequest

# status: (title, what to say). Plain words: a young person may see any of these.
ERROR_PAGES = {
    400: (
        _l("Sorry, there is a problem with that request"),
        _l("The page could not use what was sent. Go back, reload the page and try again."),
    ),
    403: (
        _l("You cannot see this page"),
        _l("You cannot use this page."),  # forbidden_message() says more, for whoever is looking
    ),
    404: (
        _l("Page not found"),
        _l("If you typed the web address, check it is right. If you pasted it, check you copied all of it."),
    ),
    405: (_l("Sorry, that did not work"), _l("This page cannot be used like that. Go back and try again.")),
    413: (
        _l("What you sent is too big"),
        _l("Try sending less. If you wrote a lot, you could split it into two messages."),
    ),
    429: (_l("Too many tries"), _l("You have tried too many times.")),
    500: (_l("Sorry, something went wrong"), _l("It is our fault, not yours. Try again later.")),
    503: (_l("Sorry, we cannot do that just now"), _l("It is our fault, not yours. Try again in a minute.")),
}
# Never shown back on the 503 page: tokens and secrets, which the person does not need to copy.
NOT_WORDS = ("csrf_token", "password", "code", "totp", "recovery")


def minutes_until_retry(retry_at=None):
    """Whole minutes (rounded up) until the limit that stopped this request lets people try again (portal.limits)."""
    if retry_at is None:
        return 1
    return max(1, math.ceil((retry_at.timestamp() - time.time()) / 60))


def forbidden_message():
    """What the 403 page says, for whoever is looking: a young person on the Role Model Army has no manager."""
    if not current_user.is_authenticated:
        return _("This page is not open to everyone. Go back to the page you came from.")
    if current_user.role == Role.RMA_MEMBER:
        return _("This page is not for Role Model Army accounts. Go back, or ask your participation officer for help.")
    return (
        f"Your account ({current_user.role.label}) cannot use this page. "
        "If you need it for your work, ask an admin to check your role."
    )


def render_error(status, detail=None, retry_at=None, words=()):
    title, message = ERROR_PAGES[status]
    if status == 403 and detail is None:
        message = forbidden_message()
    retry_minutes = minutes_until_retry(retry_at) if status == 429 else None
    return (
        render_template(
            "errors/error.html",
            title=title,
            message=detail or message,
            status=status,
            retry_minutes=retry_minutes,
            words=words,
        ),
        status,
    )


def typed_words():
    """What the person typed into the form they sent (not tokens or secrets), to show back so nothing is lost."""
    if request.method != "POST":
        return []
    return [
        value
        for name, value in request.form.items(multi=True)
        if value.strip() and not any(part in name.lower() for part in NOT_WORDS)
    ]


def register(app):
    def handle_http_error(error):
        status = error.code if error.code in ERROR_PAGES else 500
        # A limit carries its own plain message, and when it lets people try again (LimitReached, portal/limits.py).
        response = render_error(
            status, error.description if status == 429 else None, retry_at=getattr(error, "retry_at", None)
        )
        if status == 405 and hasattr(error, "valid_methods") and error.valid_methods:
            return response[0], status, {"Allow": ", ".join(error.valid_methods)}
        return response

    def handle_csrf_error(_error):
        return render_error(
            400,
            _(
                "This form was open for too long, or it was sent from somewhere else. "
                "Go back, reload the page and try again."
            ),
        )

    def handle_cross_origin_request(error):
        return render_error(403, error.description)

    def handle_unexpected_error(error):
        app.logger.exception("Unhandled error", exc_info=error)
        return render_error(500)

    def handle_database_unavailable(error):
        # The database (or the Redis keeping limit counts) is restarting or out of reach: a 503 (the load balancer
        # may retry), in plain words, with whatever the person typed shown back to copy. The page is private: it may
        # hold their words.
        from portal.db import get_session
        from portal.security import mark_private

        app.logger.exception("Database unavailable", exc_info=error)
        with contextlib.suppress(SQLAlchemyError):  # the connection may be gone already; the page must still render
            get_session().rollback()
        # The page is drawn as for someone signed out: asking the database who is signed in would fail again, inside
        # this handler, and end as a bare 500. Flask-Login keeps the request's user in g._login_user; the session
        # (and so the sign-in) is left as it is for when the database is back.
        g._login_user = login_manager.anonymous_user()
        mark_private()
        return render_error(503, words=typed_words())

    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(InterfaceError, handle_database_unavailable)
    app.register_error_handler(RedisConnectionError, handle_database_unavailable)
    app.register_error_handler(RedisTimeoutError, handle_database_unavailable)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(CrossOriginRequest, handle_cross_origin_request)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_unexpected_error)
    app.register_error_handler(Exception, handle_unexpected_error)
