"""Operations: /healthz and /readyz, a request id on every log line, JSON logs and the
access log (the route's pattern, never the address's tokens)."""

import io
import json
import logging

import pytest
from conftest import Person, make_app

from app.extensions import db
from app.web import operations
from tests.helpers import SilentServer, dead_port


@pytest.fixture
def fresh(tmp_path):
    app = make_app(tmp_path, "sqlite", REDIS_URL=None, RATELIMIT_STORAGE_URI="memory://",
                   REDIS_TIMEOUT_SECONDS=0.5)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()


def _stamp_head(app):
    from flask_migrate import stamp

    stamp(directory=str(app.extensions["migrate"].directory), revision="head")


def test_healthz_answers_without_anything_else(fresh):
    response = Person(fresh).get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
    assert response.headers["X-Request-ID"]


def test_readyz_needs_the_migrations_at_head(fresh):
    response = Person(fresh).get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"] == {"database": "ok", "redis": "not used",
                                             "migrations": "failed"}
    _stamp_head(fresh)
    response = Person(fresh).get("/readyz")
    assert response.status_code == 200 and response.get_json()["status"] == "ok"


@pytest.mark.parametrize("redis_kind", ["dead", "silent", "up"])
def test_readyz_checks_redis(fresh, redis_kind):
    import os

    silent = SilentServer() if redis_kind == "silent" else None
    url = {"dead": f"redis://127.0.0.1:{dead_port()}/0",
           "silent": f"redis://127.0.0.1:{silent.port if silent else 0}/0",
           "up": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")}[redis_kind]
    fresh.config["REDIS_URL"] = url
    _stamp_head(fresh)
    try:
        response = Person(fresh).get("/readyz")
    finally:
        if silent:
            silent.close()
    expected = "ok" if redis_kind == "up" else "failed"
    if redis_kind == "up" and response.get_json()["checks"]["redis"] != "ok":
        pytest.skip("no Redis here")
    assert response.get_json()["checks"]["redis"] == expected
    assert response.status_code == (200 if expected == "ok" else 503)


def test_logs_are_json_with_the_request_id_and_an_access_line(fresh):
    fresh.config["LOG_FORMAT"] = "json"
    stream = io.StringIO()
    handler = operations.configure_logging(fresh, stream)
    try:
        response = Person(fresh).get("/invite/some-secret-token-123456")
        lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        logging.getLogger().removeHandler(handler)
    request_id = response.headers["X-Request-ID"]
    assert lines and all(line["request_id"] == request_id for line in lines)
    access = [line for line in lines if line["logger"] == "portal.access"]
    assert access == [dict(access[0], method="GET", path="/invite/<token>", status=404)]
    assert "some-secret-token" not in stream.getvalue()
    assert {"time", "level", "message"} <= set(access[0])


def test_a_request_id_from_a_trusted_proxy_is_kept_and_an_odd_one_is_not(fresh):
    fresh.config["TRUSTED_PROXIES"] = 1
    given = "abc123-proxy-id"
    assert Person(fresh).get("/healthz", headers={"X-Request-ID": given}) \
        .headers["X-Request-ID"] == given
    odd = Person(fresh).get("/healthz", headers={"X-Request-ID": "<script>"})
    assert odd.headers["X-Request-ID"] != "<script>"
    fresh.config["TRUSTED_PROXIES"] = 0
    assert Person(fresh).get("/healthz", headers={"X-Request-ID": given}) \
        .headers["X-Request-ID"] != given
