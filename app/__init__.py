"""Prepare for a child protection conference: the app factory."""

import os
from pathlib import Path

from flask import Flask, g, render_template, request, session
from flask_babel import gettext as _
from flask_login import current_user
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from app import config as config_module
from app.data import encryption
from app.extensions import babel, compress, csrf, db, limiter, login_manager, migrate
from app.rules.clock import utcnow
from app.web import i18n, security, static_assets

BLUEPRINTS = ("guide", "auth", "home", "prepare", "child_views", "reports", "outcomes", "staff",
              "taking_part")


def create_app(overrides=None):
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(config_module.from_environment(instance_path=app.instance_path))
    if overrides:
        app.config.update(overrides)
    if app.config.get("TESTING") and "PUBLIC_PAGE_CACHE_SECONDS" not in (overrides or {}):
        # Tests share one app across many tests: a kept page could outlive what a test
        # changed. The tests of keeping pages turn it on.
        app.config["PUBLIC_PAGE_CACHE_SECONDS"] = 0
    config_module.check_production(app.config)

    if app.config["TRUSTED_PROXIES"]:
        # Behind a load balancer: trust its X-Forwarded-For and -Proto, so rate limits see
        # the real client and links are https.
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    encryption.configure(app.config["PORTAL_ENCRYPTION_KEY"])
    _serve_built_assets(app)
    _init_extensions(app)
    _init_templates(app)
    from app.web import clean_input

    clean_input.register(app)
    _register_blueprints(app)
    _register_errors(app)
    _register_hooks(app)
    from app import cli

    cli.register(app)
    return app


def _serve_built_assets(app):
    """CSS and JavaScript from the build, fingerprinted and precompressed (see
    `static_assets`), served before the request reaches Flask."""
    from whitenoise import WhiteNoise

    dist = os.path.join(app.static_folder, "dist")
    app.config["ASSET_MANIFEST"] = static_assets.load_manifest(Path(dist))

    def immutable(_path, url):
        return static_assets.is_fingerprinted(url)

    def headers(headers, _path, url):
        headers["X-Content-Type-Options"] = "nosniff"
        if not static_assets.is_fingerprinted(url):
            # An old name could outlive a deploy in a browser's cache: always ask again.
            headers["Cache-Control"] = "no-cache"

    app.wsgi_app = WhiteNoise(app.wsgi_app, root=dist, prefix="static/dist/", max_age=0,
                              immutable_file_test=immutable, add_headers_function=headers)


def _init_extensions(app):
    db.init_app(app)
    # Pages are compressed: they are most of what a returning visitor downloads. README
    # ("Compression") says why this is safe from BREACH here.
    compress.init_app(app)
    migrate.init_app(
        app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
        render_as_batch=True, compare_type=True,
    )
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = None
    limiter.init_app(app)

    from app.services import signin

    @login_manager.user_loader
    def load_user(session_id):
        row = signin.live_session(
            session_id,
            utcnow(),
            app.config["SESSION_IDLE_MINUTES"],
            app.config["SESSION_MAX_HOURS"],
        )
        return signin.SignedIn(row) if row else None


def _init_templates(app):
    app.jinja_loader = ChoiceLoader([
        app.jinja_loader,
        PrefixLoader({
            "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
            "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
        }),
    ])
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    from govuk_frontend_wtf.main import WTFormsHelpers

    WTFormsHelpers(app)
    from app.web import template_helpers

    template_helpers.register(app)


def _register_blueprints(app):
    import importlib

    for name in BLUEPRINTS:
        module = importlib.import_module(f".{name}", __name__)
        app.register_blueprint(module.bp)


def _register_errors(app):
    from flask_wtf.csrf import CSRFError

    titles = {
        400: lambda: _("Sorry, there is a problem with that request"),
        403: lambda: _("You cannot do that"),
        404: lambda: _("Page not found"),
        405: lambda: _("Sorry, there is a problem with that request"),
        413: lambda: _("The file is too big"),
        429: lambda: _("Too many tries"),
        500: lambda: _("Sorry, there is a problem with the service"),
        503: lambda: _("Sorry, the service is unavailable"),
    }

    def render_error(code):
        return render_template("errors/error.html", code=code, title=titles[code]()), code

    for code in titles:
        app.register_error_handler(code, lambda e, code=code: render_error(code))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        # A family form's text is kept, not thrown away (see app/web/kept_text.py).
        from app.web.guards import keep_typing_after_refusal

        return keep_typing_after_refusal() or render_error(400)


def _register_hooks(app):
    production = app.config["PORTAL_ENV"] == "production"

    @app.before_request
    def remember_language_choice():
        lang = request.args.get("lang")
        if lang in i18n.LANGUAGES:
            session["lang"] = lang
            from app.services import messages

            messages.remember_language_of_signed_in_person()
        i18n.remember_side_by_side_choice(request.args.get("side_by_side"))

    @app.after_request
    def headers(response):
        return security.apply_headers(response, production)

    @app.after_request
    def deliver_queued_messages(response):
        from app.services import delivery

        return delivery.deliver_after_response(response)

    @app.context_processor
    def layout_context():
        return {
            "csp_nonce": security.csp_nonce(),
            "current_user": current_user,
            "is_family_page": g.get("is_family_page", True),
        }
