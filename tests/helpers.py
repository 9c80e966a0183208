"""What tests share: apps on SQLite or PostgreSQL, a client that fills in forms like a
person (it reads CSRF tokens from forms), the messages sent, and signing people in.

Tests import these through `conftest` (``from conftest import sign_in``) or from here
(``from tests.helpers import sign_in``); no test imports another test module.
"""

import contextvars
import os
import re
import uuid
from datetime import timedelta
from urllib.parse import urlparse

import pyotp
import pytest
import sqlalchemy
from argon2 import PasswordHasher

from app import create_app
from app.data import demo
from app.data import models as m
from app.extensions import db
from app.services import audit, signin
from app.web import i18n

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE = {s.strip() for s in os.environ.get("PORTAL_TEST_REQUIRE", "").split(",") if s.strip()}


# --- cheap password hashing ----------------------------------------------------------


def use_cheap_password_hashing():
    """Argon2 at its lightest for tests: the demo's staff passwords are hashed in
    milliseconds instead of a tenth of a second each. Hashes still verify as argon2id, and
    the production parameters stay the library's defaults (app/services/signin.py)."""
    signin._password_hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    signin._DUMMY_HASH = signin._password_hasher.hash("not-a-real-password")


# --- databases and apps --------------------------------------------------------------


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
    """A new app on a new SQLite file in tmp_path, or in a new PostgreSQL schema (its name
    is in the app's config as "_schema"; drop it with _drop_schema)."""
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
        "LOOKUP_PEPPER": "test-lookup-pepper-that-is-long-enough-0",
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


def _shared_state():
    """What create_app sets on objects every app in the process shares: the encryption key,
    the rate limiter's settings and the session loader (which reads its app's settings)."""
    from app.data import encryption
    from app.extensions import limiter, login_manager

    return encryption, {"_cipher": encryption._cipher}, [
        (limiter, dict(vars(limiter))), (login_manager, dict(vars(login_manager)))]


def _put_back(state):
    encryption, cipher, objects = state
    vars(encryption).update(cipher)
    for thing, attributes in objects:
        vars(thing).clear()
        vars(thing).update(attributes)


class DemoDatabase:
    """One app, its schema and the demo data, made once and put back after every test.

    After each test every table is emptied and the rows the demo loaded are inserted
    again (the same ids, secrets and times), so a test starts from what a fresh schema with
    a fresh demo would hold, whatever it committed, and whichever session committed it.
    """

    def __init__(self, tmp_path, database):
        self.database = database
        self.app = make_app(tmp_path, database)
        self.config = dict(self.app.config)
        self.shared_state = _shared_state()
        with self.app.app_context():
            db.create_all()
            demo.load(self.app.config["LOOKUP_PEPPER"])
            self.engine = db.engine
        self.tables = db.metadata.sorted_tables
        with self.engine.connect() as conn:
            self.rows = {table: [dict(row._mapping) for row in conn.execute(table.select())]
                         for table in self.tables}
        self.sequences = self._sequences() if database == "postgres" else []

    def _sequences(self):
        with self.engine.connect() as conn:
            return [(table.name, column.name) for table in self.tables for column in table.columns
                    if column.primary_key and isinstance(column.type, sqlalchemy.Integer)
                    and conn.scalar(sqlalchemy.text("SELECT pg_get_serial_sequence(:t, :c)"),
                                    {"t": table.name, "c": column.name})]

    def use(self):
        """Make this the app the process's shared objects serve (another test may have made
        an app of its own since)."""
        _put_back(self.shared_state)
        return self.app

    def reset(self):
        """Back to the demo as loaded: config, rows and the numbering of rows."""
        self.app.config.clear()
        self.app.config.update(self.config)
        self.use()
        with self.engine.begin() as conn:
            for table in reversed(self.tables):
                conn.execute(table.delete())
            for table in self.tables:
                if self.rows[table]:
                    conn.execute(table.insert(), self.rows[table])
            for table, column in self.sequences:
                conn.execute(sqlalchemy.text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                    f"coalesce((SELECT max({column}) FROM {table}), 0) + 1, false)"))

    def close(self):
        self.engine.dispose()
        if self.app.config.get("_schema"):
            _drop_schema(self.app.config["_schema"])


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

    def signed_in_as(self, session_row, lang=None):
        """Give this browser the cookie the app sets at sign-in for the server session
        `session_row`, as Flask-Login's login_user writes it (see app/auth)."""
        app, client, session_id = self.app, self.client, session_row.id

        def write_cookie():
            with app.test_request_context(environ_base=client.environ_base):
                identifier = app.login_manager._session_identifier_generator()
            with client.session_transaction(environ_base=client.environ_base) as session:
                session.clear()  # a new session at every sign-in
                if lang:
                    session["lang"] = lang
                session["_user_id"] = session_id
                session["_fresh"] = True
                session["_id"] = identifier

        contextvars.Context().run(write_cookie)
        return self


# --- messages sent -----------------------------------------------------------


def outbox_messages(app, to=None):
    """The messages delivered so far, once the delivery worker has had its turn (it runs
    all the time in a real deployment; here, when a test looks)."""
    from flask import has_app_context

    from app.services import delivery
    from app.services.notify import OutboxBackend

    if has_app_context():
        delivery.work_once()  # commits what the test wrote, as its request would have
    else:
        with app.app_context():
            delivery.work_once()
    return OutboxBackend(app.config["OUTBOX_DIR"]).messages(to)


def latest_code(app, to):
    """The newest sign-in code sent to this address (other messages, such as an invitation
    or "something new for you", may be delivered after it)."""
    for message in reversed(outbox_messages(app, to)):
        if message["reference"] != "sign-in-code":
            continue
        # Six digits on their own: not the end of a phone number such as "01632 960000".
        found = re.search(r"(?<!\d )\b(\d{6})\b", message["body"])
        if found:
            return found.group(1)
    raise AssertionError(f"no sign-in code was sent to {to}")


# --- the demo's people and signing them in ------------------------------------


def participant(role, conference="A", index=0, **filters):
    """A demo participant by role, in conference A (the earlier) or B."""
    conferences = db.session.scalars(
        db.select(m.Conference).order_by(m.Conference.starts_at)).all()
    conf = conferences[0 if conference == "A" else 1]
    people = [p for p in conf.participants if p.role == role
              and all(getattr(p, k) == v for k, v in filters.items())]
    return people[index]


def invitation_link(app, person):
    from app.services.invitations import send_invitation

    with app.test_request_context(base_url="http://localhost"):
        link = send_invitation(person)
    db.session.commit()
    return urlparse(link).path


def sign_in_through_link(app, person):
    """Sign in through the invitation link and the code, as the person would."""
    visitor = Person(app)
    link = invitation_link(app, person)
    visitor.post(link)
    code_to = person.mobile if (person.email and person.mobile) else (person.email or person.mobile)
    response = visitor.post("/sign-in/code", {"code": latest_code(app, code_to)})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert response.headers["Location"].endswith("/home")
    return visitor


def sign_in(app, person, through_link=False):
    """A browser signed in as this family member or professional.

    By default the server session is started directly, as the code page does once the
    code is right (a session row, the "sign_in.success" audit record, the cookie, the
    language of the invitation), without sending an invitation or a code. Tests of
    signing in itself pass through_link=True, or call sign_in_through_link."""
    if through_link:
        return sign_in_through_link(app, person)
    row = signin.start_session(m.utcnow(), participant=person)
    audit.record("sign_in.success", participant_id=person.id,
                 conference_id=person.conference_id)
    db.session.commit()
    lang = person.language if person.language in i18n.LANGUAGES else None
    return Person(app).signed_in_as(row, lang)


def fresh_totp_code(staff_user):
    """A code this account has not used yet. Each TOTP code works once; a test signs in
    far more often than every 30 seconds, so forget the step last used, as the passing
    of time would."""
    db.session.execute(db.update(m.StaffUser).where(m.StaffUser.id == staff_user.id)
                       .values(totp_last_step=None))
    db.session.commit()
    return pyotp.TOTP(staff_user.totp_secret).now()


def staff_sign_in_with_password(app, staff_user):
    """Sign a member of staff in through the form: email, password and TOTP code."""
    visitor = Person(app)
    response = visitor.post("/staff/sign-in", {
        "email": staff_user.email, "password": demo.DEMO_STAFF_PASSWORD,
        "totp": fresh_totp_code(staff_user),
    })
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    return visitor


def staff_sign_in(app, staff_user, with_password=False):
    """A browser signed in as this member of staff: directly, as the staff sign-in page
    does once the password and code are right, or through that page (with_password=True)."""
    if with_password:
        return staff_sign_in_with_password(app, staff_user)
    row = signin.start_session(m.utcnow(), staff_user=staff_user)
    audit.record("staff_sign_in.success", staff_user_id=staff_user.id)
    db.session.commit()
    return Person(app).signed_in_as(row)


def blank_pdf():
    """A one-page blank PDF, made with pypdf: the smallest upload the checks accept."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def people_of_every_role(app):
    """(label, visitor, start pages) for someone signed out, each family and professional
    role signed in, and the chair, social worker and administrator (staff accounts, not
    yet signed in)."""
    yield "anyone", Person(app), ["/"]
    for role in ("parent", "young_person", "advocate", "supporter", "interpreter",
                 "professional"):
        yield role, sign_in(app, participant(role)), ["/home"]
    admin = db.session.scalar(db.select(m.StaffUser).filter_by(role="admin"))
    for label, staff in (("chair", participant("chair").staff_user),
                         ("social worker", participant("social_worker").staff_user),
                         ("admin", admin)):
        yield label, staff, ["/staff/"]


def shared_report(app, label="A", title="School report"):
    """A professional writes a report in the portal, shared with the family."""
    visitor = sign_in(app, participant("professional", label))
    visitor.post("/reports/new", {"title": title, "agency": "School", "author_role": "Teacher",
                                  "summary": "How things are at school.",
                                  "text": "He is often late.", "sharing": "family"},
                 form_url="/reports/new", content_type="multipart/form-data")
    return db.session.scalar(db.select(m.Report).order_by(m.Report.created_at.desc()))


# --- faults: a connection the test can cut, a server that never answers ----------


class TcpProxy:
    """A TCP proxy on a free local port in front of a server (PostgreSQL, Redis): the
    test cuts it (every open connection is dropped, and new ones are closed at once, as
    when the server has gone) and restores it, without touching the server itself."""

    def __init__(self, host, port):
        import socket
        import threading

        self.target = (host, port)
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.is_cut = False
        self.open = []
        self.lock = threading.Lock()
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        import socket
        import threading

        while not self.closed:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            if self.is_cut:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.open += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        import socket

        # Shut down before closing: a socket closed while the other pump is blocked
        # reading it would stay open, and the server would never see the end.
        for end in (source, sink):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            end.close()

    def cut(self):
        import socket

        self.is_cut = True
        with self.lock:
            for end in self.open:
                try:
                    end.shutdown(socket.SHUT_RDWR)
                    end.close()
                except OSError:
                    pass
            self.open = []

    def restore(self):
        self.is_cut = False

    def close(self):
        self.closed = True
        self.cut()
        self.listener.close()


class SilentServer:
    """A server that accepts connections and never says a word (a hung Redis or mail
    server): whoever talks to it must give up by their own timeout."""

    def __init__(self):
        import socket
        import threading

        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.held = []
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.closed:
            try:
                connection, _address = self.listener.accept()
            except OSError:
                return
            self.held.append(connection)

    def close(self):
        self.closed = True
        for connection in self.held:
            connection.close()
        self.listener.close()


def dead_port():
    """A local port nobody listens on: connecting is refused at once."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_app_behind_proxy(tmp_path, **overrides):
    """An app on its own new PostgreSQL schema with the demo loaded, reached through a
    TcpProxy. Returns (app, proxy, schema): close the proxy and drop the schema after."""
    from sqlalchemy.engine import make_url

    postgres_or_skip()
    direct = make_app(tmp_path, "postgres")
    schema = direct.config["_schema"]
    url = make_url(direct.config["SQLALCHEMY_DATABASE_URI"])
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    with direct.app_context():
        db.create_all()
        demo.load(direct.config["LOOKUP_PEPPER"])
        db.session.remove()
        db.engine.dispose()
    app = make_app(tmp_path, "sqlite", SQLALCHEMY_DATABASE_URI=proxied, _schema=schema,
                   **overrides)
    return app, proxy, schema


# --- the outcome ---------------------------------------------------------------


def hold_in_the_past(hours=2):
    """Move both demo conferences a few hours into the past, so the meeting has started and
    its targets are running. A stays the earlier of the two, as `participant` counts them."""
    first = participant("chair", "A").conference
    second = participant("chair", "B").conference
    first.starts_at = m.utcnow() - timedelta(hours=hours + 1)
    second.starts_at = m.utcnow() - timedelta(hours=hours)
    db.session.commit()


def outcome_step_urls(conference):
    """The chair's steps of recording an outcome, in order: each child's decision, the
    plan, the next meetings, what each person gets."""
    base = f"/staff/conferences/{conference.id}/outcome"
    return ([f"{base}/decision/{child.id}" for child in conference.children]
            + [f"{base}/plan", f"{base}/dates", f"{base}/people"])


def record_outcome_steps(chair, conference, data):
    """The chair goes through every step of recording the outcome with the same form data
    (each step's form reads only its own fields); each step must be accepted. Returns the
    last step's response (a redirect to "Check before you publish", or the outcome page
    once published)."""
    for url in outcome_step_urls(conference):
        response = chair.post(url, data)
        assert response.status_code == 302, (url, response.get_data(as_text=True)[:3000])
    return response


def publish_through_check(chair, conference):
    """The chair publishes from the "Check before you publish" page, as in the browser."""
    url = f"/staff/conferences/{conference.id}/outcome/check"
    response = chair.post(url, {"submit": "Publish"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response


def pages_as_benchmarked(app):
    """The pages `make benchmark` measures (and the chair's other two), each with someone
    signed in to see it: {name: (person, url)}. Adds a report shared with the family."""
    from app.data.demo_scale import PDF

    parent = participant(m.PARENT)
    young_person = participant(m.YOUNG_PERSON)
    chair = participant(m.CHAIR).staff_user
    report = m.Report(conference_id=parent.conference_id,
                      author_id=participant(m.PROFESSIONAL).id, agency="School",
                      title="A report to open", summary="Read me.", sharing=m.SHARING_FAMILY,
                      shared_at=m.utcnow())
    report.versions.append(m.ReportVersion(content=PDF, size=len(PDF), pages=1))
    db.session.add(report)
    db.session.commit()
    people = {"parent": sign_in(app, parent), "young person": sign_in(app, young_person),
              "chair": staff_sign_in(app, chair), "nobody": Person(app)}
    return {
        "guide": (people["nobody"], "/guide/parents"),
        "parent home": (people["parent"], "/home"),
        "young person's views": (people["young person"], "/views"),
        "parent's report": (people["parent"], f"/reports/{report.id}"),
        "chair's dashboard": (people["chair"], "/staff/"),
        "chair's reports dashboard": (people["chair"], "/staff/reports"),
        "chair's conversations": (people["chair"], "/staff/conversations"),
    }
