"""The Pledge portal application factory."""

import os

from flask import Flask
from jinja2 import BytecodeCache, ChainableUndefined, ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix
from whitenoise import WhiteNoise

from portal import db
from portal.config import DEFAULT_ENV, INSTANCE, ROOT, check_secret_key, config_for, derive_settings
from portal.theme import check_council_colour


def create_app(test_config=None):
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(INSTANCE),
    )
    load_config(app, test_config)
    db.init_app(app)
    register_templates(app)
    register_assets(app)
    register_extensions(app)
    register_request_hooks(app)
    register_blueprints(app)
    register_error_pages(app)
    register_commands(app)
    wrap_middleware(app)
    return app


def load_config(app, test_config):
    env = (test_config or {}).get("PORTAL_ENV") or os.environ.get("PORTAL_ENV") or DEFAULT_ENV
    app.config.from_object(config_for(env))
    app.config["PORTAL_ENV"] = env
    if test_config:
        app.config.update(test_config)
    derive_settings(app.config)
    check_secret_key(env, app.config.get("SECRET_KEY"))
    if env == "production" and not app.config["STAFF_SECOND_FACTOR"]:
        raise RuntimeError("STAFF_SECOND_FACTOR cannot be turned off in production: staff who see cases need it.")
    check_council_colour(app.config["COUNCIL_COLOUR"])
    if app.config["DATABASE_URL"].startswith("sqlite:///") and ":memory:" not in app.config["DATABASE_URL"]:
        INSTANCE.mkdir(exist_ok=True)


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in this process, for every app it makes (Jinja's own example of a bytecode cache).
    Only the tests make many apps in one process; sharing this spares each test compiling every template again."""

    def __init__(self):
        self.compiled = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()


def register_templates(app):
    # Jinja's optimizer works a filter on a literal out once, when the template is compiled, so a filter whose words
    # follow the page's language ("fewer than 5" | figure_in_words) would answer in the first visitor's language for
    # good. Off: every filter runs as each page is drawn.
    app.jinja_options = {**app.jinja_options, "optimized": False}
    if app.config["SHARE_COMPILED_TEMPLATES"]:
        app.jinja_options["bytecode_cache"] = COMPILED_TEMPLATES
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(ROOT / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    # The GOV.UK page template reads optional variables we leave unset; ChainableUndefined lets it.
    app.jinja_env.undefined = ChainableUndefined
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    from govuk_frontend_wtf.main import WTFormsHelpers

    from portal import published
    from portal.i18n import left_to_right
    from portal.suppression import figure_in_words
    from portal.templating import line_breaks, long_date, staff_date, staff_time, template_context

    WTFormsHelpers(app)
    published.init_app(app)
    app.context_processor(template_context)
    app.add_template_filter(long_date)
    app.add_template_filter(figure_in_words)
    app.add_template_filter(line_breaks)
    app.add_template_filter(staff_time)
    app.add_template_filter(staff_date)
    app.add_template_filter(left_to_right)


def register_assets(app):
    from portal.assets import asset_url, load_manifest, theme_version

    load_manifest(app)
    app.add_template_global(asset_url)
    app.jinja_env.globals["theme_version"] = theme_version(app.config["COUNCIL_COLOUR"])


def register_extensions(app):
    from portal.auth.services import load_user
    from portal.extensions import SessionInterface, compress, csrf, login_manager
    from portal.hashing import init_password_hashing
    from portal.i18n import init_app as init_languages
    from portal.templating import young_peoples_page

    init_password_hashing(app)
    init_languages(app, young_peoples_page)
    app.session_interface = SessionInterface()
    csrf.init_app(app)
    compress.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = None
    login_manager.session_protection = "basic"


def register_request_hooks(app):
    from portal.access import check_access
    from portal.auth.services import end_idle_staff_session
    from portal.security import set_security_headers

    app.before_request(end_idle_staff_session)
    app.before_request(check_access)
    app.after_request(set_security_headers)


def register_blueprints(app):
    from portal.admin import bp as admin_bp
    from portal.admin.members_views import bp as members_bp
    from portal.auth import bp as auth_bp
    from portal.kept import bp as kept_bp
    from portal.pledge import bp as pledge_bp
    from portal.pledge import drafting_bp
    from portal.public import bp as public_bp
    from portal.reports import bp as reports_bp
    from portal.tell_us import bp as tell_us_bp
    from portal.track import bp as track_bp
    from portal.triage import bp as triage_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(tell_us_bp)
    app.register_blueprint(track_bp)
    app.register_blueprint(triage_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(members_bp)
    app.register_blueprint(pledge_bp)
    app.register_blueprint(drafting_bp)
    app.register_blueprint(kept_bp)
    app.register_blueprint(reports_bp)


def register_error_pages(app):
    from portal.errors import register

    register(app)


def register_commands(app):
    from portal.cli import register

    register(app)


def wrap_middleware(app):
    # Static files (our own and GOV.UK Frontend's, copied in at set-up) served efficiently with far-future caching
    # for fingerprinted names; everything else goes to Flask.
    from portal.assets import is_fingerprinted
    from portal.security import static_file_headers_for
    from portal.shared_pages import SharedPageCache

    app.wsgi_app = WhiteNoise(
        app.wsgi_app,
        root=str(ROOT / "static"),
        prefix="static/",
        add_headers_function=static_file_headers_for(app),
        immutable_file_test=is_fingerprinted,
    )
    # Pages the same for every signed-out visitor, answered from this worker's copy while it is fresh.
    app.wsgi_app = SharedPageCache(app.wsgi_app, app)
    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
