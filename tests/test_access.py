"""The route × role matrix: every route the app registers, for anonymous visitors and each role.

Routes are read from the app's own URL map, so a route added later is covered without editing this file; each
route's declared roles (portal.access) say what should happen, and this checks that it does."""

import pytest

from portal.access import ANYONE
from portal.models import Role
from tests.conftest import all_routes

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


@pytest.mark.parametrize(("endpoint", "method", "url", "allowed"), ROUTES)
@pytest.mark.parametrize("visitor", VISITORS, ids=lambda role: role.value if role else "anonymous")
def test_route_answers_each_visitor_as_declared(pages, sign_in_as, endpoint, method, url, allowed, visitor):
    if visitor is not None:
        sign_in_as(visitor)
    if method == "GET":
        response = pages.client.get(url)
    else:
        response = pages.client.post(url, data={"csrf_token": pages.csrf_token()})
    response.close()

    if allowed == ANYONE or (visitor is not None and visitor in allowed):
        assert response.status_code not in (401, 403), f"{visitor} should be let into {url}"
        assert not response.location or not response.location.startswith("/sign-in"), f"{visitor} sent to sign in"
    elif visitor is None:
        assert response.status_code == 302 and response.location.startswith("/sign-in?next="), url
    else:
        assert response.status_code == 403, f"{visitor} should be refused {url}, got {response.status_code}"
