"""Who may use which route. Every view declares its access with one of these decorators; a view that declares
nothing is refused to everybody, and tests enumerate the declarations from the app's own URL map."""

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

from portal.models import Role

ANYONE = "anyone"
ALL_ROLES = frozenset(Role)


def public(view):
    """Anyone may use this route, signed in or not."""
    view.allowed_roles = ANYONE
    return view


def roles(*allowed):
    """Only signed-in users with one of these roles may use this route."""
    if not allowed or not all(isinstance(role, Role) for role in allowed):
        raise TypeError("roles() needs one or more Role members")

    def decorate(view):
        view.allowed_roles = frozenset(allowed)
        return view

    return decorate


def signed_in(view):
    """Any signed-in user, whatever their role."""
    view.allowed_roles = ALL_ROLES
    return view


def allowed_roles_for(endpoint):
    """ANYONE, a frozenset of roles, or None where the view declared nothing."""
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "allowed_roles", None)


def check_access():
    """before_request: send the anonymous to sign in, refuse the wrong role, refuse undeclared views."""
    endpoint = request.endpoint
    if endpoint is None or endpoint == "static":
        return None
    allowed = allowed_roles_for(endpoint)
    if allowed == ANYONE:
        return None
    if allowed is None:
        abort(403)
    if not current_user.is_authenticated:
        return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
    if current_user.role not in allowed:
        abort(403)
    return None
