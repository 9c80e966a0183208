"""Shared fixtures: an app with the demo data on SQLite, and on PostgreSQL for the tests
marked `both_databases` (see pyproject.toml); the helpers live in tests/helpers.py.

The app, its schema and the demo are made once per test process and database; after each
test the demo is put back (tests/helpers.py, DemoDatabase), so every test starts from a
fresh demo whatever it committed.
"""

import os

import pytest

pytest.register_assert_rewrite("tests.helpers")

from app.extensions import db  # noqa: E402
from tests.helpers import (  # noqa: E402, F401  (re-exported: tests import these from conftest)
    CSRF,
    POSTGRES_URL,
    REQUIRE,
    DemoDatabase,
    Person,
    _drop_schema,
    fresh_totp_code,
    hold_in_the_past,
    invitation_link,
    latest_code,
    make_app,
    outbox_messages,
    outcome_step_urls,
    participant,
    postgres_or_skip,
    publish_through_check,
    record_outcome_steps,
    sign_in,
    sign_in_through_link,
    staff_sign_in,
    staff_sign_in_with_password,
    use_cheap_password_hashing,
)

use_cheap_password_hashing()

# PORTAL_TEST_DATABASES=all runs every test that uses `app` on both databases.
EVERY_TEST_ON_BOTH = os.environ.get("PORTAL_TEST_DATABASES", "").strip().lower() == "all"


def pytest_generate_tests(metafunc):
    """`app` is SQLite, and PostgreSQL as well where the test is marked both_databases
    (where PostgreSQL behaves differently: constraints, queries, types, encoding, time)."""
    if "app" not in metafunc.fixturenames:
        return
    both = EVERY_TEST_ON_BOTH or metafunc.definition.get_closest_marker("both_databases")
    metafunc.parametrize("app", ["sqlite", "postgres"] if both else ["sqlite"], indirect=True)


class DemoDatabases:
    """The demo databases of this process, one per database, made when first needed. One
    that cannot be put back after a test is thrown away, and the next test makes another."""

    def __init__(self, tmp_path_factory):
        self.tmp_path_factory = tmp_path_factory
        self.made = {}

    def __call__(self, database):
        if database == "postgres":
            postgres_or_skip()
        if database not in self.made:
            self.made[database] = DemoDatabase(self.tmp_path_factory.mktemp(database), database)
        return self.made[database]

    def reset(self, database):
        try:
            self.made[database].reset()
        except Exception:
            self.made.pop(database).close()
            raise

    def close(self):
        for database in self.made.values():
            database.close()


@pytest.fixture(scope="session")
def _demo_databases(tmp_path_factory):
    """Made when first asked for, so a run of SQLite tests never touches PostgreSQL."""
    made = DemoDatabases(tmp_path_factory)
    yield made
    made.close()


def _demo_app(made, database, tmp_path):
    demo_database = made(database)
    application = demo_database.use()
    application.config["OUTBOX_DIR"] = str(tmp_path / "outbox")
    try:
        with application.app_context():
            yield application
            db.session.remove()
    finally:
        made.reset(database)


@pytest.fixture
def app(request, tmp_path, _demo_databases):
    yield from _demo_app(_demo_databases, getattr(request, "param", "sqlite"), tmp_path)


@pytest.fixture
def sqlite_app(tmp_path, _demo_databases):
    yield from _demo_app(_demo_databases, "sqlite", tmp_path)


@pytest.fixture
def postgres_app(tmp_path, _demo_databases):
    """The demo app on PostgreSQL only: for tests of what only a server database does
    (row locks, many connections at once)."""
    yield from _demo_app(_demo_databases, "postgres", tmp_path)
