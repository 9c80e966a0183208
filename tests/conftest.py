"""Shared fixtures: an app on SQLite (and on PostgreSQL where it runs), the demo data,
and a client that behaves like a person's browser (it reads CSRF tokens from forms)."""

import contextvars
import os
import re
import shutil
import uuid
from urllib.parse import urlparse

import pyotp
import pytest
import sqlalchemy

from app import create_app, demo
from app import models as m
from app.extensions import db

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE = {s.strip() for s in os.environ.get("PORTAL_TEST_REQUIRE", "").split(",") if s.strip()}


def _postgres_available():
    try:
        engine = sqlalchemy.create_engine(POSTGRES_URL)
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:
        return False


_PG = None


def postgres_or_skip():
    global _PG
    if _PG is None:
        _PG = _postgres_available()
    if not _PG:
        if "postgres" in REQUIRE:
            pytest.fail(f"PostgreSQL is required here but not reachable at {POSTGRES_URL}")
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL} (set PORTAL_TEST_REQUIRE=postgres "
                    "to make this a failure)")


def make_app(tmp_path, database="sqlite", **overrides):
    if database == "sqlite":
        url = f"sqlite:///{tmp_path / 'portal.sqlite'}"
    else:
        postgres_or_skip()
        schema = "t_" + uuid.uuid4().hex[:12]
        engine = sqlalchemy.create_engine(POSTGRES_URL)
        with engine.begin() as conn:
            conn.execute(sqlalchemy.text(f"CREATE SCHEMA {schema}"))
        engine.dispose()
        sep = "&" if "?" in POSTGRES_URL else "?"
        url = f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"
        overrides["_schema"] = schema
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-000",
        "OUTBOX_DIR": str(tmp_path / "outbox"),
        "NOTIFY_BACKEND": "outbox",
        "RATELIMIT_ENABLED": False,
        "PORTAL_BASE_URL": "http://localhost",
        "SERVER_NAME": None,
    }
    config.update(overrides)
    return create_app(config)


def _drop_schema(schema):
    engine = sqlalchemy.create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(sqlalchemy.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def app(request, tmp_path):
    application = make_app(tmp_path, request.param)
    with application.app_context():
        db.create_all()
        demo.load(application.config["SECRET_KEY"])
        yield application
        db.session.remove()
        db.engine.dispose()
    if application.config.get("_schema"):
        _drop_schema(application.config["_schema"])
    shutil.rmtree(tmp_path / "outbox", ignore_errors=True)


@pytest.fixture
def sqlite_app(tmp_path):
    application = make_app(tmp_path, "sqlite")
    with application.app_context():
        db.create_all()
        demo.load(application.config["SECRET_KEY"])
        yield application
        db.session.remove()


# --- a client that fills in forms like a person ------------------------------

CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


class Person:
    """A test client plus helpers to read pages and submit forms with their CSRF token."""

    def __init__(self, app):
        self.app = app
        self.client = app.test_client()
        self.last = None

    def _request(self, method, url, **kw):
        # Each request runs in an empty context, so it gets its own app context, `g` and
        # database session, as it would in production (the test holds an app context open).
        # Buffered: the response is read and closed, as a server does once it has sent it,
        # so work done after the response (sending a sign-in code) has run.
        kw.setdefault("buffered", True)
        self.last = contextvars.Context().run(getattr(self.client, method), url, **kw)
        db.session.expire_all()
        return self.last

    def get(self, url, **kw):
        return self._request("get", url, **kw)

    def csrf(self, url=None):
        page = self.get(url) if url else self.last
        match = CSRF.search(page.get_data(as_text=True))
        assert match, "no CSRF token on the page"
        return match.group(1) or match.group(2)

    def post(self, url, data=None, form_url=None, csrf=True, **kw):
        data = dict(data or {})
        if csrf and "csrf_token" not in data:
            data["csrf_token"] = self.csrf(form_url or url)
        return self._request("post", url, data=data, **kw)


def outbox_messages(app, to=None):
    from app.notify import OutboxBackend

    return OutboxBackend(app.config["OUTBOX_DIR"]).messages(to)


def latest_code(app, to):
    body = outbox_messages(app, to)[-1]["body"]
    return re.search(r"\b(\d{6})\b", body).group(1)


def participant(role, conference="A", index=0, **filters):
    """A demo participant by role, in conference A (the earlier) or B."""
    conferences = db.session.scalars(
        db.select(m.Conference).order_by(m.Conference.starts_at)).all()
    conf = conferences[0 if conference == "A" else 1]
    people = [p for p in conf.participants if p.role == role
              and all(getattr(p, k) == v for k, v in filters.items())]
    return people[index]


def invitation_link(app, person):
    from app.staff import send_invitation

    with app.test_request_context(base_url="http://localhost"):
        link = send_invitation(person)
    db.session.commit()
    return urlparse(link).path


def sign_in(app, person):
    """Sign in through the invitation link and the code, as the person would."""
    visitor = Person(app)
    link = invitation_link(app, person)
    visitor.post(link)
    code_to = person.mobile if (person.email and person.mobile) else (person.email or person.mobile)
    response = visitor.post("/sign-in/code", {"code": latest_code(app, code_to)})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert response.headers["Location"].endswith("/home")
    return visitor


def fresh_totp_code(staff_user):
    """A code this account has not used yet. Each TOTP code works once; a test signs in
    far more often than every 30 seconds, so forget the step last used, as the passing
    of time would."""
    db.session.execute(db.update(m.StaffUser).where(m.StaffUser.id == staff_user.id)
                       .values(totp_last_step=None))
    db.session.commit()
    return pyotp.TOTP(staff_user.totp_secret).now()


def staff_sign_in(app, staff_user):
    visitor = Person(app)
    response = visitor.post("/staff/sign-in", {
        "email": staff_user.email, "password": demo.DEMO_STAFF_PASSWORD,
        "totp": fresh_totp_code(staff_user),
    })
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    return visitor
