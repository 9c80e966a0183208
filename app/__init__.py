"""Prepare for a child protection conference: the app factory."""

import os
from collections import ChainMap
from pathlib import Path

from flask import Flask, g, render_template, request, session
from flask.templating import Environment
from flask_login import current_user
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from app import config as config_module
from app.data import encryption, read_only
from app.extensions import babel, compress, csrf, db, limiter, login_manager, migrate
from app.rules.clock import utcnow
from app.web import i18n, once, security, static_assets
from app.web.translation import gettext as _

BLUEPRINTS = ("guide", "auth", "home", "prepare", "child_views", "reports", "outcomes", "staff",
              "taking_part")


class _TemplateGlobals(ChainMap):
    """A template's globals whose keys() is a real set. Jinja subtracts them from the
    calling template's globals at every `{% from ... import %}` inside a macro (the GOV.UK
    macros do one or two each call): with ChainMap's keys view that ran key by key in
    Python, a tenth of a family page's time."""

    def keys(self):
        return set().union(*self.maps)


class _Environment(Environment):
    def make_globals(self, d):
        return _TemplateGlobals({} if d is None else d, self.globals)


class _Flask(Flask):
    jinja_environment = _Environment


def create_app(overrides=None):
    app = _Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(config_module.from_environment(instance_path=app.instance_path))
    if overrides:
        app.config.update(overrides)
    if app.config.get("TESTING") and "PUBLIC_PAGE_CACHE_SECONDS" not in (overrides or {}):
        # Tests share one app across many tests: a kept page could outlive what a test
        # changed. The tests of keeping pages turn it on.
        app.config["PUBLIC_PAGE_CACHE_SECONDS"] = 0
    config_module.check_production(app.config)
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", config_module.engine_options(app.config))

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
    from app.web import operations

    operations.register(app)
    if not app.config.get("TESTING"):
        operations.configure_logging(app)
    _register_errors(app)
    _register_hooks(app)
    from app import cli
    from app.services import messages

    cli.register(app)
    messages.check_sms_path(app)
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
    read_only.register(app)
    _limit_statement_time(app)
    # Pages are compressed: they are most of what a returning visitor downloads. README
    # ("Compression") says why this is safe from BREACH here.
    compress.init_app(app)
    migrate.init_app(
        app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
        render_as_batch=True, compare_type=True,
    )
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.install_template_gettext(app.jinja_env)
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


def _limit_statement_time(app):
    """On PostgreSQL every connection gets the statement timeout (set on connecting, so a
    search_path or other options in the address are kept)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    from sqlalchemy import event

    milliseconds = int(app.config.get("DATABASE_STATEMENT_TIMEOUT_MS") or 0)
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def set_timeout(dbapi_connection, _record):
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {milliseconds}")
        dbapi_connection.autocommit = autocommit


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
    _render_form_fields_without_page_context()
    from app.web import template_helpers

    template_helpers.register(app)


def _render_form_fields_without_page_context():
    """GOV.UK form fields (govuk_frontend_wtf) each render a small template that imports
    one macro and calls it. The library renders it as a page, running every context
    processor and signal for each field; the macros read only their parameters and the
    environment's globals (gettext among them), so the macro is found once per field
    template and called directly: the same markup, at a fraction of the cost on pages with
    forms."""
    import re

    from flask import current_app
    from govuk_frontend_wtf.gov_form_base import GovFormBase
    from markupsafe import Markup

    imports = re.compile(r"\{%\s*from\s+['\"]([^'\"]+)['\"]\s+import\s+(\w+)\s*%\}")

    def render(self, params):
        env = current_app.jinja_env
        macros = env.__dict__.setdefault("portal_field_macros", {})
        macro = macros.get(self.template)
        if macro is None:
            source = env.loader.get_source(env, self.template)[0]
            path, name = imports.search(source).groups()
            macro = macros[self.template] = getattr(env.get_template(path).module, name)
        return Markup(macro(params))

    GovFormBase.render = render


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
        try:
            return render_template("errors/error.html", code=code, title=titles[code]()), code
        except Exception:
            # The page itself could not be made (most often: the database is down too).
            app.logger.exception("error page failed; showing the page that needs nothing")
            return database_unavailable(None)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(PoolTimeout)
    def database_unavailable(error):
        """The database cannot be reached: the portal's own page, in the person's
        language, made without the database; what they typed comes back to them."""
        if error is not None:
            app.logger.error("database unavailable: %s", type(error).__name__)
        _forget_the_database_for_this_request()
        typed, resend = _typed_in_this_post()
        response = app.make_response((render_template(
            "errors/unavailable.html", title=titles[503](), typed=typed, resend=resend), 503))
        response.headers["Retry-After"] = "30"
        response.headers["Cache-Control"] = "no-store"
        return response

    for code in titles:
        app.register_error_handler(code, lambda e, code=code: render_error(code))

    @app.errorhandler(once.AlreadyDone)
    def already_done(error):
        # The second of two identical submissions: the first one did it.
        url = error.result_url if (error.result_url or "").startswith("/") else None
        return render_template("errors/already_sent.html", result_url=url,
                               title=_("This has already been sent")), 409

    @app.errorhandler(413)
    def too_large(_error):
        # What was typed beside a file too big to accept is kept, not thrown away.
        from app.web.guards import keep_typing_after_too_large

        max_mb = app.config["MAX_UPLOAD_MB"]
        return keep_typing_after_too_large(max_mb) or render_error(413)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        # A family form's text is kept, not thrown away (see app/web/kept_text.py).
        from app.web.guards import keep_typing_after_refusal

        return keep_typing_after_refusal() or render_error(400)


def _forget_the_database_for_this_request():
    """Nothing more on this page asks the database: the person is treated as signed out
    for it (their session is untouched), and the header names no council."""
    try:
        db.session.rollback()
    except Exception:  # the connection is gone: the pool throws it away
        pass
    g._login_user = login_manager.anonymous_user()
    g.authority = None


def _typed_in_this_post():
    """The text of a post that could not be saved, to show again, and every field, to
    send it again as it was (its CSRF token and once-key included) with one press."""
    if request.method != "POST" or not request.form:
        return [], []
    from app.web import kept_text

    fields = kept_text.worth_keeping(request.form.to_dict(flat=True))
    machine_fields = {once.FIELD, "seen", "revision"}  # hidden fields, not typed text
    typed = [value for name, value in fields.items()
             if name not in machine_fields and len(value.strip()) > 3]
    resend = [(name, value) for name, values in request.form.lists() for value in values]
    return typed, resend[:kept_text.MAX_FIELDS]


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
