"""Safe from the start: headers, CSRF, no-store, sessions that end, audit, error pages."""

import re
from datetime import timedelta

import pytest
from conftest import Person, make_app, participant, sign_in

from app import config
from app.data import models as m
from app.extensions import db
from app.services import audit


def test_security_headers_on_every_page(app):
    response = app.test_client().get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp
    for part in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
                 "script-src 'self' 'nonce-"):
        assert part in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    # The one inline script GOV.UK Frontend needs carries this request's nonce.
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in response.get_data(as_text=True)
    assert "Strict-Transport-Security" not in response.headers  # development


def test_signed_in_pages_are_not_stored(app):
    visitor = sign_in(app, participant("parent"))
    for url in ("/home", "/prepare", "/reports"):
        assert visitor.get(url).headers["Cache-Control"] == "no-store"


def test_forms_need_a_csrf_token(app):
    visitor = Person(app)
    response = visitor.post("/sign-in", {"address": "a@example.com"}, csrf=False)
    assert response.status_code == 400
    assert "Go back and try again" in response.get_data(as_text=True)


@pytest.mark.both_databases
def test_sign_out_ends_the_session_on_the_server(app):
    visitor = sign_in(app, participant("parent"))
    cookie = visitor.client.get_cookie("portal").value
    response = visitor.post("/sign-out", form_url="/home")
    assert response.status_code == 302
    assert '"cache"' in response.headers["Clear-Site-Data"]
    assert visitor.get("/home").status_code == 302
    # Replaying the old cookie does not bring the session back.
    thief = Person(app)
    thief.client.set_cookie("portal", cookie)
    assert thief.get("/home").status_code == 302
    row = db.session.scalar(db.select(m.UserSession))
    assert row.ended_at is not None


@pytest.mark.both_databases
def test_a_new_session_at_every_sign_in(app):
    parent = participant("parent")
    first = sign_in(app, parent, through_link=True)
    second = sign_in(app, parent, through_link=True)
    assert first.client.get_cookie("portal").value != second.client.get_cookie("portal").value
    assert db.session.scalar(db.select(db.func.count(m.UserSession.id))) == 2


@pytest.mark.both_databases
def test_idle_timeout_ends_the_session(app):
    visitor = sign_in(app, participant("parent"))
    row = db.session.scalar(db.select(m.UserSession))
    row.last_seen_at = m.utcnow() - timedelta(minutes=31)
    db.session.commit()
    assert visitor.get("/home").status_code == 302
    assert db.session.scalar(db.select(m.UserSession)).ended_at is not None


@pytest.mark.both_databases
def test_absolute_session_lifetime(app):
    visitor = sign_in(app, participant("parent"))
    row = db.session.scalar(db.select(m.UserSession))
    row.created_at = m.utcnow() - timedelta(hours=12, minutes=1)
    db.session.commit()
    assert visitor.get("/home").status_code == 302


@pytest.mark.both_databases
def test_refused_access_is_audited_and_answers_not_found(app):
    parent_b = participant("parent", "B")
    visitor = sign_in(app, participant("parent", "A"))
    police_b = participant("professional", "B", agency="Police")
    report = m.Report(conference_id=parent_b.conference_id, author_id=police_b.id,
                      agency="Police", title="Fictional", summary="Fictional",
                      shared_at=m.utcnow())
    report.versions.append(m.ReportVersion(content=b"%PDF-1.7", size=8))
    db.session.add(report)
    db.session.commit()
    assert visitor.get(f"/staff/conferences/{parent_b.conference_id}").status_code == 404
    assert visitor.get("/views").status_code == 404  # a parent has no views page
    # A real report of the other conference answers exactly like one that does not exist.
    real = visitor.get(f"/reports/{report.id}")
    made_up = visitor.get("/reports/no-such-report")
    assert real.status_code == made_up.status_code == 404
    strip = re.compile(r'(nonce|value|href|data-csrf-token)="[^"]*"')  # timed tokens
    assert strip.sub("", real.get_data(as_text=True)) == strip.sub(
        "", made_up.get_data(as_text=True))
    refused = audit.events("access.refused")
    assert len(refused) >= 4


def test_unknown_pages_answer_404_in_the_chosen_language(app):
    client = app.test_client()
    client.get("/?lang=cy")
    response = client.get("/no-such-page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert 'lang="cy"' in page
    assert "Page not found" not in page
    assert "Traceback" not in page


def test_server_errors_show_no_stack_trace(tmp_path):
    app = make_app(tmp_path, "sqlite", TESTING=False, PROPAGATE_EXCEPTIONS=False)

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret detail")

    with app.app_context():
        db.create_all()
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "secret detail" not in page and "Traceback" not in page
    assert "problem with the service" in page


def test_production_refuses_default_secrets():
    env = {"PORTAL_ENV": "production"}
    with pytest.raises(config.ConfigError) as error:
        config.check_production(config.from_environment(env))
    assert "SECRET_KEY" in str(error.value)
    assert "PORTAL_ENCRYPTION_KEY" in str(error.value)


def test_production_cookie_and_hsts(tmp_path):
    from app.data.encryption import generate_key

    env = {
        "PORTAL_ENV": "production", "SECRET_KEY": "x" * 40,
        "PORTAL_ENCRYPTION_KEY": generate_key(), "NOTIFY_BACKEND": "smtp",
        "DATABASE_URL": f"sqlite:///{tmp_path}/p.sqlite",
    }
    settings = config.from_environment(env)
    config.check_production(settings)  # does not raise
    assert settings["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert settings["SESSION_COOKIE_SECURE"] is True
    app = make_app(tmp_path, "sqlite", **{k: v for k, v in settings.items()
                                          if k in ("PORTAL_ENV", "SESSION_COOKIE_NAME",
                                                   "SESSION_COOKIE_SECURE", "SECRET_KEY",
                                                   "PORTAL_ENCRYPTION_KEY", "NOTIFY_BACKEND")})
    with app.app_context():
        db.create_all()
    response = app.test_client().get("/", base_url="https://localhost")
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_sign_in_requests_are_rate_limited_per_address(tmp_path):
    from app.data import demo

    app = make_app(tmp_path, "sqlite", RATELIMIT_ENABLED=True)
    with app.app_context():
        db.create_all()
        demo.load(app.config["SECRET_KEY"])
        visitor = Person(app)
        statuses = [visitor.post("/sign-in", {"address": "someone@example.com"}).status_code
                    for _ in range(6)]
        assert statuses[:5] == [302] * 5
        assert statuses[5] == 429
        assert "Too many tries" in visitor.last.get_data(as_text=True)
        # Another address from the same place is still allowed.
        assert visitor.post("/sign-in", {"address": "other@example.com"}).status_code == 302


def test_codes_to_one_person_are_limited_whatever_the_address_or_link(tmp_path):
    from conftest import invitation_link

    from app.data import demo

    app = make_app(tmp_path, "sqlite", RATELIMIT_ENABLED=True)
    with app.app_context():
        db.create_all()
        demo.load(app.config["SECRET_KEY"])
        parent = participant("parent")
        statuses = []
        for _ in range(6):
            statuses.append(Person(app).post(invitation_link(app, parent)).status_code)
        assert statuses[:5] == [302] * 5 and statuses[5] == 429
        assert len(audit.events("sign_in.code_throttled")) == 1
        # Asking by address sends nothing more either, and looks the same as ever.
        before = db.session.scalar(db.select(db.func.count(m.SignInCode.id)))
        assert Person(app).post("/sign-in", {"address": parent.email}).status_code == 302
        assert db.session.scalar(db.select(db.func.count(m.SignInCode.id))) == before


@pytest.mark.parametrize("code,words", [(403, "Allwch chi ddim gwneud hynny"), (503, None)])
def test_other_error_pages_in_the_chosen_language(tmp_path, code, words):
    from flask import abort

    app = make_app(tmp_path, "sqlite")

    @app.route("/refuse")
    def refuse():
        abort(code)

    with app.app_context():
        db.create_all()
    client = app.test_client()
    client.get("/?lang=cy")
    response = client.get("/refuse")
    page = response.get_data(as_text=True)
    assert response.status_code == code
    assert 'lang="cy"' in page
    english = {403: "You cannot do that", 503: "Sorry, the service is unavailable"}[code]
    assert english not in page
    if words:
        assert words in page
