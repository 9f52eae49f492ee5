"""Pages anyone can read: home, help, and the service's accessibility, privacy and cookies statements."""

from flask import Response, current_app, render_template, request, send_from_directory

from portal.access import public
from portal.assets import A_YEAR, theme_version
from portal.db import database_answers
from portal.outbox import oldest_undelivered_age
from portal.public import bp
from portal.shared_pages import shared_page
from portal.site import frame_version
from portal.theme import stylesheet


@bp.get("/")
@public
@shared_page(version=frame_version)  # only configuration, and the frame (demo banner, first-draft note)
def home():
    return render_template("public/home.html")


@bp.get("/get-help")
@public
@shared_page(version=frame_version)  # only configuration, and the frame (demo banner, first-draft note)
def get_help():
    return render_template("public/get_help.html")


@bp.get("/accessibility")
@public
@shared_page(version=frame_version)  # only configuration, and the frame (demo banner, first-draft note)
def accessibility():
    return render_template("public/accessibility.html")


@bp.get("/privacy")
@public
@shared_page(version=frame_version)  # only configuration, and the frame (demo banner, first-draft note)
def privacy():
    return render_template("public/privacy.html")


@bp.get("/cookies")
@public
@shared_page(version=frame_version)  # only configuration, and the frame (demo banner, first-draft note)
def cookies():
    return render_template("public/cookies.html")


@bp.get("/healthz")
@public
def healthz():
    if database_answers():
        # How long the oldest message not yet delivered has waited: a monitor can alarm when workers stop.
        return {"status": "ok", "oldest_undelivered_message_seconds": oldest_undelivered_age()}, 200
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
