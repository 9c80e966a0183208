"""The database goes away and comes back (a TCP proxy in front of PostgreSQL, cut and
restored): every page is the portal's own 503 page in the person's language, made without
the database; what a person typed during the outage comes back to them and can be sent
again; the portal recovers without a restart."""

import html
import re

import pytest
from conftest import Person, participant, sign_in

from app import config as config_module
from app.extensions import db
from app.services import preparation
from tests.helpers import _drop_schema, postgres_app_behind_proxy

UNAVAILABLE_CY = "Mae'n ddrwg gennym, nid yw'r gwasanaeth ar gael"
UNAVAILABLE_AR = "عذرًا، الخدمة غير متاحة الآن"
TYPED = 'We cook together & laugh\n"Every" evening — نحن نطبخ معاً'


@pytest.fixture
def proxied(tmp_path):
    app, proxy, schema = postgres_app_behind_proxy(tmp_path)
    try:
        with app.app_context():
            yield app, proxy
            db.session().invalidate()
            db.session.remove()
            db.engine.dispose()
    finally:
        proxy.close()
        _drop_schema(schema)


def test_public_guide_shows_the_portals_own_page_in_the_persons_language(proxied):
    app, proxy = proxied
    client = Person(app)
    assert client.get("/?lang=cy").status_code == 200
    proxy.cut()
    response = client.get("/")
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert UNAVAILABLE_CY in html.unescape(page)
    assert "Internal Server Error" not in page
    assert response.headers["Retry-After"]
    # Arabic, right to left, from a browser that asks for it.
    arabic = Person(app).get("/", headers={"Accept-Language": "ar"})
    arabic_page = arabic.get_data(as_text=True)
    assert arabic.status_code == 503 and UNAVAILABLE_AR in html.unescape(arabic_page)
    assert 'dir="rtl"' in arabic_page
    proxy.restore()
    # Back without a restart: the broken pooled connections are found and replaced.
    assert client.get("/").status_code == 200


def test_text_typed_during_the_outage_comes_back_and_is_sent_again(proxied):
    app, proxy = proxied
    parent = participant("parent")
    parent_id = parent.id
    visitor = sign_in(app, parent)
    url = "/prepare/question/strengths"
    token = visitor.csrf(url)
    seen = re.search(r'name="seen" type="hidden" value="([^"]+)"',
                     visitor.last.get_data(as_text=True)).group(1)
    proxy.cut()
    response = visitor.post(url, {"answer": TYPED, "save_later": "x", "csrf_token": token,
                                  "seen": seen})
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert TYPED in html.unescape(page)  # shown, to read or copy
    shown = re.findall(r'portal-preserve-lines" dir="auto">([^<]*)<', page)
    assert [html.unescape(text) for text in shown] == [TYPED]  # only what was typed
    assert "Internal Server Error" not in page
    resend = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    assert html.unescape(resend["answer"]) == TYPED and resend["csrf_token"] == token
    proxy.restore()
    # "Try again" posts the same fields: saved now.
    again = visitor.post(url, {k: html.unescape(v) for k, v in resend.items()})
    assert again.status_code == 302
    db.session().invalidate()  # this test's own connection was cut too
    parent = db.session.get(type(parent), parent_id)
    assert preparation.draft_of(preparation.own(parent))["sections"]["strengths"] == TYPED
    # The person's session survived the outage.
    assert visitor.get("/prepare").status_code == 200


def test_engine_options_give_up_quickly():
    options = config_module.engine_options({
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://db/portal",
        "DATABASE_CONNECT_TIMEOUT": 5, "DATABASE_POOL_TIMEOUT": 10})
    assert options["pool_pre_ping"] is True
    assert options["connect_args"]["connect_timeout"] == 5 and options["pool_timeout"] == 10
    assert config_module.engine_options(
        {"SQLALCHEMY_DATABASE_URI": "sqlite:///x"}) == {"pool_pre_ping": True}


def test_statement_timeout_is_set_on_every_postgres_connection(proxied):
    app, _proxy = proxied
    app.config["DATABASE_STATEMENT_TIMEOUT_MS"] = 30000
    assert db.session.scalar(db.text("SHOW statement_timeout")) == "30s"
