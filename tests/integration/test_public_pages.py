"""Public pages are made once per language for visitors who are not signed in, yet each
response has its own script nonce, shows the authority's current details, and nobody
signed in is ever given a kept page."""

import re

import pytest

from app.data import models as m
from app.extensions import db
from tests.helpers import Person, participant, sign_in

NONCE = re.compile(r'nonce="([^"]+)"')


@pytest.fixture(autouse=True)
def keeping_pages(sqlite_app):
    sqlite_app.config["PUBLIC_PAGE_CACHE_SECONDS"] = 300
    sqlite_app.extensions.pop("public_pages", None)
    yield
    sqlite_app.extensions.pop("public_pages", None)


def _nonces(response):
    return set(NONCE.findall(response.get_data(as_text=True)))


def test_a_kept_page_is_served_again_with_a_new_nonce_each_time(sqlite_app):
    visitor = Person(sqlite_app)
    first = visitor.get("/guide/parents")
    kept = sqlite_app.extensions["public_pages"]
    assert len(kept) == 1
    # Mark the kept copy: the next response must come from it.
    (key, (made_at, html)), = kept.items()
    kept[key] = (made_at, html.replace("</main>", "<p>kept copy</p></main>"))
    second = visitor.get("/guide/parents")
    assert "kept copy" in second.get_data(as_text=True)
    for response in (first, second):
        nonces = _nonces(response)
        assert len(nonces) == 1
        assert f"'nonce-{next(iter(nonces))}'" in response.headers["Content-Security-Policy"]
    assert _nonces(first) != _nonces(second)
    assert "@@csp-nonce@@" not in second.get_data(as_text=True)


def test_each_language_has_its_own_copy(sqlite_app):
    visitor = Person(sqlite_app)
    english = visitor.get("/guide/parents").get_data(as_text=True)
    visitor.get("/guide/parents?lang=cy")  # chosen once, then kept for the visit
    welsh = visitor.get("/guide/parents").get_data(as_text=True)
    assert '<html lang="cy"' in welsh and '<html lang="en' in english


def test_a_change_to_the_authority_shows_at_once(sqlite_app):
    visitor = Person(sqlite_app)
    assert "0300 000 0000" in visitor.get("/contact").get_data(as_text=True)
    authority = db.session.scalar(db.select(m.Authority))
    authority.phone = "0300 123 4567"
    db.session.commit()
    page = visitor.get("/contact").get_data(as_text=True)
    assert "0300 123 4567" in page and "0300 000 0000" not in page


def test_someone_signed_in_never_gets_a_kept_page(sqlite_app):
    Person(sqlite_app).get("/guide/parents")
    (key, (made_at, html)), = sqlite_app.extensions["public_pages"].items()
    sqlite_app.extensions["public_pages"][key] = (made_at, html + "kept copy")
    parent = sign_in(sqlite_app, participant(m.PARENT))
    page = parent.get("/guide/parents").get_data(as_text=True)
    assert "kept copy" not in page
    assert "Sign out" in page


def test_nothing_is_kept_when_turned_off(sqlite_app):
    sqlite_app.config["PUBLIC_PAGE_CACHE_SECONDS"] = 0
    Person(sqlite_app).get("/guide/parents")
    assert not sqlite_app.extensions.get("public_pages")
