"""The one thing kept about a device that answers without an account ("is this promise kept for you?", "I know about
the Pledge", a consultation's "have your say"): a random id in one signed cookie, set only when the person answers.
The database holds only a keyed hash of it, a different hash for each use (so kept answers, taps and consultation
answers cannot be joined), so one answer per device can be kept and changed, with no account and no other
tracking."""

import hashlib
import hmac
import secrets

from flask import current_app, g, request, session
from itsdangerous import BadSignature, URLSafeSerializer

COOKIE = "pledge_device"
COOKIE_DAYS = 400  # about a year and a month: long enough to change this quarter's answers and answer next year's


def _serializer():
    return URLSafeSerializer(current_app.secret_key, salt="pledge-device")


def _cookie_device():
    value = request.cookies.get(COOKIE)
    if not value:
        return None
    try:
        device = _serializer().loads(value)
    except BadSignature:
        return None
    return device if isinstance(device, str) and 16 <= len(device) <= 64 else None


def device_id(create=False):
    """This device's random id from its cookie; with create=True a new one (set on the response by remember_device)
    when it has none."""
    if "device_id" not in g:
        g.device_id = _cookie_device()
        g.device_id_new = False
    if g.device_id is None and create:
        g.device_id = secrets.token_urlsafe(24)
        g.device_id_new = True
    return g.device_id


def device_hash(purpose, create=False):
    """A keyed hash of this device's id for one purpose ("kept", "aware" or "consult"), or None without a cookie."""
    device = device_id(create=create)
    if device is None:
        return None
    key = current_app.secret_key.encode() if isinstance(current_app.secret_key, str) else current_app.secret_key
    return hmac.new(key, f"{purpose}:{device}".encode(), hashlib.sha256).hexdigest()


def remember_device(response):
    """Set the cookie when this request made a new device id."""
    if g.get("device_id_new"):
        response.set_cookie(
            COOKIE,
            _serializer().dumps(g.device_id),
            max_age=COOKIE_DAYS * 86400,
            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
            httponly=True,
            samesite="Lax",
        )
    return response


# A random name for this browser session, so one device sending over and over (Tell us, replies on /track) can be
# slowed without slowing a room of young people on one Wi-Fi address. Not personal: it goes when the browser closes.
SESSION_DEVICE = "tell_us_device"


def session_device_key(purpose):
    """The key a per-device limit counts against for purpose ("send", "reply"): this browser session's name."""
    return f"{purpose}:" + session.setdefault(SESSION_DEVICE, secrets.token_urlsafe(16))
