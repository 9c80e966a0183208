"""Operations: /healthz and /readyz for the load balancer and the orchestrator, a request
id on every log line, JSON logs and the access log.

- /healthz: the process answers (nothing else is asked).
- /readyz: the database answers, Redis answers (where configured), and the database's
  migrations are at the head of migrations/. 503 with the failing check otherwise.
Neither page shows anything but check names and "ok"/"failed".
"""

import json
import logging
import os
import re
import sys
import time
import uuid

from flask import Blueprint, current_app, g, has_request_context, jsonify, request

from app.extensions import csrf, db, limiter

bp = Blueprint("operations", __name__)
access_log = logging.getLogger("portal.access")

# A request id from the proxy in front is kept only if it looks like one.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


@bp.route("/healthz")
@limiter.exempt
@csrf.exempt
def healthz():
    return _json({"status": "ok"}, 200)


@bp.route("/readyz")
@limiter.exempt
@csrf.exempt
def readyz():
    checks = {"database": _check(_database), "redis": _check(_redis),
              "migrations": _check(_migrations_at_head)}
    ready = all(value in ("ok", "not used") for value in checks.values())
    return _json({"status": "ok" if ready else "failed", "checks": checks},
                 200 if ready else 503)


def _json(body, status):
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def _check(function):
    try:
        return function()
    except Exception as error:
        current_app.logger.warning("readiness check %s failed: %s", function.__name__,
                                   type(error).__name__)
        try:
            db.session.rollback()
        except Exception:
            pass
        return "failed"


def _database():
    db.session.execute(db.text("SELECT 1"))
    return "ok"


def _redis():
    url = current_app.config.get("REDIS_URL") or current_app.config.get(
        "RATELIMIT_STORAGE_URI", "")
    if not str(url).startswith(("redis://", "rediss://")):
        return "not used"
    import redis

    timeout = current_app.config.get("REDIS_TIMEOUT_SECONDS", 1)
    client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


def migration_heads():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location",
                           os.path.join(os.path.dirname(current_app.root_path), "migrations"))
    return set(ScriptDirectory.from_config(config).get_heads())


def _migrations_at_head():
    current = set(db.session.scalars(db.text("SELECT version_num FROM alembic_version")))
    if current != migration_heads():
        raise RuntimeError("the database is not at the newest migration")
    return "ok"


# --- request ids and logs ---------------------------------------------------------


def request_id():
    return g.get("request_id") if has_request_context() else None


class RequestIdFilter(logging.Filter):
    """Puts the request id (or "-" outside a request) on every record."""

    def filter(self, record):
        record.request_id = request_id() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request id (and the error's
    type and traceback where there was one)."""

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id() or "-",
        }
        for key in ("method", "path", "status", "duration_ms"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["error"] = record.exc_info[0].__name__
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


JsonFormatter.converter = time.gmtime
_HANDLER_MARK = "_portal_handler"


def configure_logging(app, stream=None):
    """Log to stderr (or `stream`): JSON in production (LOG_FORMAT=json), else readable
    lines; both carry the request id. Run once per app; replaces its own handler only."""
    handler = logging.StreamHandler(stream or sys.stderr)
    if app.config.get("LOG_FORMAT") == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(
            "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"))
    handler.addFilter(RequestIdFilter())
    setattr(handler, _HANDLER_MARK, True)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(old)
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    # Flask's own handler would print each app error a second time.
    from flask.logging import default_handler

    app.logger.removeHandler(default_handler)
    return handler


def register(app):
    app.register_blueprint(bp)

    @app.before_request
    def give_the_request_an_id():
        given = request.headers.get("X-Request-ID", "")
        trusted = app.config.get("TRUSTED_PROXIES") and _REQUEST_ID.match(given)
        g.request_id = given if trusted else uuid.uuid4().hex
        g.request_started = time.monotonic()

    @app.after_request
    def log_the_request(response):
        response.headers["X-Request-ID"] = g.get("request_id", "")
        started = g.get("request_started")
        # The route's pattern, never the address itself: no ids, tokens or query strings.
        path = request.url_rule.rule if request.url_rule else "(no route)"
        access_log.info(
            "%s %s %s", request.method, path, response.status_code,
            extra={"method": request.method, "path": path, "status": response.status_code,
                   "duration_ms": round((time.monotonic() - started) * 1000, 1)
                   if started else None})
        return response
