"""Migrations match the models, on SQLite and PostgreSQL; the command-line tasks work."""

import json

import pyotp
import pytest
import sqlalchemy
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from conftest import _drop_schema, make_app
from flask_migrate import upgrade

from app.data import demo
from app.data import models as m
from app.extensions import db


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_migrations_match_the_models(tmp_path, database):
    app = make_app(tmp_path, database)
    try:
        with app.app_context():
            upgrade()
            with db.engine.connect() as connection:
                context = MigrationContext.configure(
                    connection, opts={"compare_type": True, "render_as_batch": True})
                differences = compare_metadata(context, db.metadata)
            assert differences == [], differences
            # And the upgraded database works: the demo data loads into it.
            demo.load(app.config["SECRET_KEY"])
            assert db.session.scalar(db.select(db.func.count(m.Conference.id))) == 2
            db.session.remove()
            db.engine.dispose()
    finally:
        if app.config.get("_schema"):
            _drop_schema(app.config["_schema"])


def test_demo_command_prints_every_person_as_json(tmp_path):
    app = make_app(tmp_path, "sqlite")
    with app.app_context():
        db.create_all()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    people = json.loads(result.output)
    for label in ("A", "B"):
        roles = sorted(p["role"] for p in people if p["conference"] == label)
        assert roles == sorted(["parent", "parent", "young_person", "advocate", "supporter",
                                "interpreter",
                                "social_worker", "chair", "professional", "professional"])
    staff = [p for p in people if p.get("staff_email")]
    assert all(p["password"] and p["totp_secret"] for p in staff)
    links = [p["sign_in_link"] for p in people if p.get("sign_in_link")]
    assert len(links) == 20 and all("/invite/" in link for link in links)
    # Running it again loads nothing twice.
    assert runner.invoke(args=["demo", "--quiet"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(m.Conference.id))) == 2
    # Every demo address is on a reserved, fictional domain or number range.
    for person in people:
        assert not person.get("email") or person["email"].endswith("@example.com")
        assert not person.get("mobile") or person["mobile"].startswith("07700 900")


def test_staff_create_command(tmp_path):
    app = make_app(tmp_path, "sqlite")
    with app.app_context():
        db.create_all()
        demo.load(app.config["SECRET_KEY"])
    result = app.test_cli_runner().invoke(args=[
        "staff", "create", "--email", "New.Chair@example.com", "--name", "Fictional Chair",
        "--role", "chair", "--password", "a-long-enough-password"])
    assert result.exit_code == 0, result.output
    secret = json.loads(result.output)["totp_secret"]
    client = app.test_client()
    page = client.get("/staff/sign-in").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/staff/sign-in", data={
        "csrf_token": token, "email": "new.chair@example.com",
        "password": "a-long-enough-password", "totp": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    short = app.test_cli_runner().invoke(args=[
        "staff", "create", "--email", "x@example.com", "--name", "X", "--role", "chair",
        "--password", "short"])
    assert short.exit_code != 0


def test_encrypted_columns_hold_no_clear_text(tmp_path):
    app = make_app(tmp_path, "sqlite")
    with app.app_context():
        db.create_all()
        demo.load(app.config["SECRET_KEY"])
        with db.engine.connect() as connection:
            rows = connection.execute(sqlalchemy.text(
                "SELECT name, email, mobile FROM participants")).all()
        blob = b"".join(bytes(v) for row in rows for v in row if v is not None)
        assert b"Ashdown" not in blob and b"example.com" not in blob
