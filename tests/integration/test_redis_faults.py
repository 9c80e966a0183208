"""Redis on a dead port, or a Redis that accepts connections and never answers: sign-in
keeps working within a second or two (no worker is held for the worker timeout), the
limits go on being counted in memory, and a warning is logged."""

import logging
import time

import pytest
from conftest import Person, make_app

from app.extensions import db
from tests.helpers import SilentServer, dead_port


@pytest.fixture(autouse=True)
def limiter_as_at_start():
    """The limiter is one object per process: each test starts, and leaves it, with Redis
    thought alive, as in a freshly started worker."""
    from app.extensions import limiter

    saved = dict(vars(limiter))
    limiter._storage_dead = False
    yield
    vars(limiter).clear()
    vars(limiter).update(saved)


@pytest.fixture
def silent():
    server = SilentServer()
    yield server
    server.close()


def _app_with_redis_at(tmp_path, port):
    app = make_app(tmp_path, "sqlite", RATELIMIT_ENABLED=True,
                   RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{port}/0",
                   RATELIMIT_KEY_PREFIX="faults")
    with app.app_context():
        db.create_all()
    return app


def _sign_in_keeps_working(app, caplog, address):
    visitor = Person(app)
    timings, statuses = [], []
    with app.app_context(), caplog.at_level(logging.WARNING):
        for _ in range(6):
            started = time.monotonic()
            statuses.append(visitor.post("/sign-in", {"address": address})
                            .status_code)
            timings.append(time.monotonic() - started)
    assert statuses[:5] == [302] * 5  # to the code page, as always
    assert statuses[5] == 429  # the limit still holds, counted in memory
    assert max(timings) < 4, timings
    assert "falling back to in-memory storage" in caplog.text


def test_sign_in_works_with_redis_on_a_dead_port(tmp_path, caplog):
    _sign_in_keeps_working(_app_with_redis_at(tmp_path, dead_port()), caplog, "dead@example.com")


def test_sign_in_works_with_a_redis_that_never_answers(tmp_path, caplog, silent):
    _sign_in_keeps_working(_app_with_redis_at(tmp_path, silent.port), caplog, "hung@example.com")


def test_redis_calls_have_timeouts():
    from app import config

    settings = config.from_environment({}, instance_path="/tmp")
    assert settings["RATELIMIT_STORAGE_OPTIONS"] == {"socket_timeout": 1.0,
                                                     "socket_connect_timeout": 1.0}
    assert settings["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] is True
