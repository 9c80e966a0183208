"""With Redis, several app processes share one count of sign-in attempts."""

import os
import uuid

import pytest
from conftest import REQUIRE, Person, make_app

from app.data import demo
from app.extensions import db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_or_skip():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:
        if "redis" in REQUIRE:
            pytest.fail(f"Redis is required here but not reachable at {REDIS_URL}")
        pytest.skip(f"Redis not reachable at {REDIS_URL} (PORTAL_TEST_REQUIRE=redis to require)")


def test_two_app_processes_share_the_sign_in_limit(tmp_path):
    _redis_or_skip()
    prefix = "test-" + uuid.uuid4().hex[:8]
    settings = {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": REDIS_URL,
                "RATELIMIT_KEY_PREFIX": prefix}
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    first = make_app(tmp_path / "one", "sqlite", **settings)
    second = make_app(tmp_path / "two", "sqlite", **settings)
    statuses = []
    for index in range(6):
        app = first if index % 2 == 0 else second
        with app.app_context():
            db.create_all()
            if not demo.is_loaded():
                demo.load(app.config["SECRET_KEY"])
            statuses.append(Person(app).post(
                "/sign-in", {"address": "shared@example.com"}).status_code)
    assert statuses[:5] == [302] * 5
    assert statuses[5] == 429
