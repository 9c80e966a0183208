"""The test fixtures themselves: every test starts from the demo as loaded, and signing in
directly leaves a person signed in just as the sign-in pages do."""

import re
from pathlib import Path

import pytest
from conftest import participant, sign_in, sign_in_through_link, staff_sign_in

from app.data import models as m
from app.extensions import db
from app.services import audit


def _everything():
    """Every row of every table, as plain values."""
    return {table.name: sorted((tuple(sorted(row._mapping.items())) for row in
                                db.session.execute(table.select())), key=repr)
            for table in db.metadata.sorted_tables}


@pytest.mark.both_databases
def test_after_each_test_the_demo_is_put_back_as_it_was_loaded(app, _demo_databases):
    database = _demo_databases("postgres" if app.config.get("_schema") else "sqlite")
    loaded = _everything()
    assert loaded["participants"] and loaded["staff_users"] and not loaded["audit_events"]
    # Change things as tests do: through the pages, and straight in the database.
    visitor = sign_in(app, participant("parent"))
    assert visitor.post("/sign-out", {}, form_url="/home").status_code == 302
    participant("chair").name = "Someone else"
    db.session.delete(participant("supporter", "B"))
    audit.record("test.event", commit=True)
    app.config["MAX_UPLOAD_MB"] = 1234
    assert _everything() != loaded
    db.session.remove()

    database.reset()

    assert _everything() == loaded
    assert app.config["MAX_UPLOAD_MB"] != 1234
    # Rows are numbered from the start again, as in a new schema.
    assert audit.record("test.event", commit=True).id == 1


def _session_keys(visitor):
    with visitor.client.session_transaction() as session:
        return dict(session)


@pytest.mark.both_databases
@pytest.mark.parametrize("role", ["parent", "interpreter", "young_person"])
def test_signing_in_directly_is_what_the_code_page_does(app, role):
    person = participant(role)
    direct, real = sign_in(app, person), sign_in_through_link(app, person)
    direct_session, real_session = _session_keys(direct), _session_keys(real)
    assert direct_session.keys() == real_session.keys()
    assert direct_session.get("lang") == real_session.get("lang") == person.language
    assert direct_session["_id"] == real_session["_id"]  # the same browser, to Flask-Login
    assert direct_session["_user_id"] != real_session["_user_id"]  # two server sessions
    pages = [visitor.get("/home") for visitor in (direct, real)]
    assert [page.status_code for page in pages] == [200, 200]
    headings = [re.findall(r"<h1[^>]*>(.*?)</h1>", page.get_data(as_text=True), re.S)
                for page in pages]
    assert headings[0] == headings[1] and headings[0]
    assert len(audit.events("sign_in.success", participant_id=person.id)) == 2
    sessions = db.session.scalars(db.select(m.UserSession)
                                  .filter_by(participant_id=person.id)).all()
    assert len(sessions) == 2 and all(row.ended_at is None for row in sessions)


@pytest.mark.both_databases
def test_staff_signed_in_directly_are_what_the_staff_sign_in_page_does(app):
    chair = participant("chair").staff_user
    direct = staff_sign_in(app, chair)
    real = staff_sign_in(app, chair, with_password=True)
    assert _session_keys(direct).keys() == _session_keys(real).keys()
    pages = [visitor.get("/staff/") for visitor in (direct, real)]
    assert [page.status_code for page in pages] == [200, 200]
    texts = [re.sub(r'(value|nonce|token)="[^"]*"', "", page.get_data(as_text=True))
             for page in pages]
    assert texts[0] == texts[1]
    assert len(audit.events("staff_sign_in.success", staff_user_id=chair.id)) == 2
    # Signing out ends the direct session on the server, as it does the other.
    direct.post("/sign-out", {}, form_url="/staff/")
    assert direct.get("/staff/").status_code == 302


def test_no_test_module_imports_another():
    tests = Path(__file__).resolve().parents[1]
    # `from test_x import`, `from .test_x import`, `from tests.integration.test_x import`
    # and `import test_x` alike.
    importing = re.compile(
        r"^\s*(from\s+(\.+|tests\.)?\S*\btest_\w+\s+import|import\s+\S*test_\w+)", re.M)
    offenders = [str(path.relative_to(tests)) for path in tests.rglob("*.py")
                 if importing.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
