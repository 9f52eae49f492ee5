"""The one thing kept about a device that answers "is this promise kept for you?" or taps "I know about the Pledge":
a random id in a signed cookie. The database holds only a keyed hash of it (a different hash for each use, so
answers and taps cannot be joined), so one answer per device per promise per period can be kept and changed,
with no account and no other tracking."""

import hashlib
import hmac
import secrets

from flask import current_app, g, request
from itsdangerous import BadSignature, URLSafeSerializer

COOKIE = "pledge_answers"
COOKIE_DAYS = 400  # about a year and a month: long enough to change this quarter's answers and answer next year's


def _serializer():
    return URLSafeSerializer(current_app.secret_key, salt="monitoring-device")


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
    if "monitoring_device" not in g:
        g.monitoring_device = _cookie_device()
        g.monitoring_device_new = False
    if g.monitoring_device is None and create:
        g.monitoring_device = secrets.token_urlsafe(24)
        g.monitoring_device_new = True
    return g.monitoring_device


def device_hash(purpose, create=False):
    """A keyed hash of this device's id for one purpose ("kept" or "aware"), or None without a cookie."""
    device = device_id(create=create)
    if device is None:
        return None
    key = current_app.secret_key.encode() if isinstance(current_app.secret_key, str) else current_app.secret_key
    return hmac.new(key, f"{purpose}:{device}".encode(), hashlib.sha256).hexdigest()


def remember_device(response):
    """Set the cookie when this request made a new device id."""
    if g.get("monitoring_device_new"):
        response.set_cookie(
            COOKIE,
            _serializer().dumps(g.monitoring_device),
            max_age=COOKIE_DAYS * 86400,
            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
            httponly=True,
            samesite="Lax",
        )
    return response
