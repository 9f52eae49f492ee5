"""The route × role matrix: every route the app registers, for anonymous visitors and each role.

Routes are read from the app's own URL map, so a route added later is covered without editing this file; each
route's declared roles (portal.access) say what should happen, and this checks that it does."""

import pytest

from portal.access import ANYONE
from portal.models import Role
from tests.conftest import PageClient, all_routes

VISITORS = [None, *Role]  # None: not signed in


def route_params():
    params = []
    for route in all_routes():
        method = "GET" if "GET" in route.methods else sorted(route.methods)[0]
        params.append(pytest.param(route.endpoint, method, route.url, route.allowed, id=f"{method} {route.rule}"))
    return params


ROUTES = route_params()


def test_every_route_declares_who_may_use_it():
    undeclared = [param.values[0] for param in ROUTES if param.values[3] is None]
    assert undeclared == [], f"these views declare no access (use @public, @signed_in or @roles): {undeclared}"


def test_staff_areas_are_never_public():
    for endpoint, _method, url, allowed in (param.values for param in ROUTES):
        if url.startswith("/admin"):
            assert allowed == frozenset({Role.ADMIN}), f"{endpoint} at {url} must be for admins only"


def test_the_matrix_covers_every_route():
    # A guard against the URL map being read wrongly: the foundation's routes must all be in it.
    urls = {param.values[2] for param in ROUTES}
    assert {"/", "/sign-in", "/sign-out", "/healthz", "/admin/users", "/admin/users/invite", "/admin/users/1"} <= urls


def answer(client, method, url, csrf_token):
    response = client.get(url) if method == "GET" else client.post(url, data={"csrf_token": csrf_token()})
    response.close()
    return response


def wrong_answer(visitor, url, allowed, response):
    """What is wrong with how url answered visitor (None: not signed in), or None when it answered as declared."""
    if allowed == ANYONE or (visitor is not None and visitor in allowed):
        if response.status_code in (401, 403):
            return f"{visitor} should be let into {url}, got {response.status_code}"
        if response.location and response.location.startswith("/sign-in"):
            return f"{visitor} sent to sign in from {url}"
    elif visitor is None:
        if not (response.status_code == 302 and response.location.startswith("/sign-in?next=")):
            return f"anonymous should be sent to sign in from {url}, got {response.status_code}"
    elif response.status_code != 403:
        return f"{visitor} should be refused {url}, got {response.status_code}"
    return None


@pytest.mark.parametrize(("endpoint", "method", "url", "allowed"), ROUTES)
def test_route_answers_each_visitor_as_declared(app, make_user, endpoint, method, url, allowed):
    """Each visitor on a client of their own, one app and database per route (a route's first visitors may change
    records, but no role check depends on them, so later visitors are answered the same)."""
    wrong = []
    for visitor in VISITORS:
        pages = PageClient(app.test_client())
        if visitor is not None:
            pages.sign_in(make_user(visitor))
        wrong.append(wrong_answer(visitor, url, allowed, answer(pages.client, method, url, pages.csrf_token)))
    assert [problem for problem in wrong if problem] == []
