"""Pages anyone can read: home, help, and the service's accessibility, privacy and cookies statements."""

from flask import Response, current_app, g, request, send_from_directory

from portal.access import public
from portal.assets import A_YEAR, theme_version
from portal.db import database_answers
from portal.page_cache import recently_read, render_kept
from portal.public import bp
from portal.site import demo_data_loaded
from portal.theme import stylesheet


def fixed_page(template):
    """A page that shows only configuration and the demo banner: rendered once per worker (portal/page_cache.py)."""
    demo = g.demo_data_loaded = recently_read("demo", demo_data_loaded)
    return render_kept(demo, template, dict)


@bp.get("/")
@public
def home():
    return fixed_page("public/home.html")


@bp.get("/get-help")
@public
def get_help():
    return fixed_page("public/get_help.html")


@bp.get("/accessibility")
@public
def accessibility():
    return fixed_page("public/accessibility.html")


@bp.get("/privacy")
@public
def privacy():
    return fixed_page("public/privacy.html")


@bp.get("/cookies")
@public
def cookies():
    return fixed_page("public/cookies.html")


@bp.get("/healthz")
@public
def healthz():
    if database_answers():
        return {"status": "ok"}, 200
    return {"status": "database not answering"}, 503


@bp.get("/favicon.ico")
@public
def favicon():
    return send_from_directory(current_app.static_folder, "images/favicon.svg", mimetype="image/svg+xml", max_age=86400)


@bp.get("/theme.css")
@public
def theme():
    """The council's colour, from configuration (checked for contrast when the app starts)."""
    colour = current_app.config["COUNCIL_COLOUR"]
    response = Response(stylesheet(colour), mimetype="text/css")
    response.cache_control.public = True
    if request.args.get("v") == theme_version(colour):
        # Pages ask for /theme.css?v=<hash of the colour>: a new colour is a new address, so this one never changes.
        response.cache_control.max_age = A_YEAR
        response.cache_control.immutable = True
    else:
        response.cache_control.max_age = 3600
    return response
