"""What the server really sends: fingerprinted, compressed CSS and JavaScript kept for a
year, compressed pages that are still never cached, and a first visit under 40 KB."""

import re

import pytest

from app.data import models as m
from app.web import static_assets
from tests.helpers import Person, participant, sign_in

ASSET = re.compile(r'(?:href|src)="(/static/dist/[^"]+)"')
IMPORT = re.compile(rb'from\s*"\./([^"]+)"')


def _assets(html):
    return ASSET.findall(html)


def test_pages_link_fingerprinted_files_that_are_kept_for_a_year(sqlite_app):
    page = Person(sqlite_app).get("/guide/parents").get_data(as_text=True)
    assets = _assets(page)
    assert len(assets) == 2, assets
    for url in assets:
        assert static_assets.is_fingerprinted(url), url
        response = Person(sqlite_app).get(url)
        assert response.status_code == 200
        assert "immutable" in response.headers["Cache-Control"]
        assert "max-age=315360000" in response.headers["Cache-Control"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_script_imports_govuk_frontend_by_its_fingerprinted_name(sqlite_app):
    page = Person(sqlite_app).get("/guide/parents").get_data(as_text=True)
    script = next(url for url in _assets(page) if url.endswith(".js"))
    body = Person(sqlite_app).get(script).data
    imported = IMPORT.findall(body)
    assert imported and all(static_assets.is_fingerprinted(name.decode()) for name in imported)
    for name in imported:
        assert Person(sqlite_app).get(f"/static/dist/{name.decode()}").status_code == 200


def test_an_unfingerprinted_name_is_always_checked_again(sqlite_app):
    response = Person(sqlite_app).get("/static/dist/portal.css")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_files_and_pages_are_sent_compressed(sqlite_app, encoding):
    visitor = Person(sqlite_app)
    headers = {"Accept-Encoding": encoding}
    page = visitor.get("/guide/parents", headers=headers)
    assert page.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in page.headers["Vary"]
    assert page.headers["Cache-Control"] == "no-store"
    for url in _assets(visitor.get("/guide/parents").get_data(as_text=True)):
        response = visitor.get(url, headers=headers)
        assert response.headers["Content-Encoding"] == encoding, url


def test_documents_are_not_compressed_by_the_page_compressor(sqlite_app):
    # Only HTML is compressed on the fly: PDFs and images are already compressed.
    assert sqlite_app.config["COMPRESS_MIMETYPES"] == ["text/html"]


def _wire_bytes(visitor, url):
    response = visitor.get(url, headers={"Accept-Encoding": "br, gzip"})
    assert response.status_code == 200, url
    return len(response.data)


def test_a_first_visit_to_a_family_page_is_under_40_kb_and_later_pages_under_5_kb(sqlite_app):
    parent = sign_in(sqlite_app, participant(m.PARENT))
    html = parent.get("/home").get_data(as_text=True)
    files = _assets(html)
    script = next(url for url in files if url.endswith(".js"))
    files += [f"/static/dist/{name.decode()}" for name in IMPORT.findall(parent.get(script).data)]
    first = _wire_bytes(parent, "/home") + sum(_wire_bytes(parent, url) for url in files)
    assert first <= 40 * 1024, f"first visit {first} bytes"
    for later in ("/prepare", "/reports", "/guide/parents"):
        assert _wire_bytes(parent, later) <= 5 * 1024, later


def test_the_build_renames_by_content_and_rewrites_the_import(tmp_path):
    (tmp_path / "govuk-frontend.min.js").write_bytes(b"export function initAll(){}")
    (tmp_path / "portal.js").write_bytes(b'import { initAll } from "./govuk-frontend.min.js";')
    (tmp_path / "portal.css").write_bytes(b"body{color:#0b0c0c}")
    first = static_assets.build(tmp_path)
    assert (tmp_path / first["portal.js"]).read_bytes().endswith(
        f'from "./{first["govuk-frontend.min.js"]}";'.encode())
    assert (tmp_path / (first["portal.css"] + ".br")).exists()
    assert (tmp_path / (first["portal.css"] + ".gz")).exists()
    # A new GOV.UK Frontend renames portal.js too, and old copies go.
    (tmp_path / "govuk-frontend.min.js").write_bytes(b"export function initAll(){ }")
    second = static_assets.build(tmp_path)
    assert second["portal.js"] != first["portal.js"]
    assert second["portal.css"] == first["portal.css"]
    assert not (tmp_path / first["portal.js"]).exists()
    assert static_assets.load_manifest(tmp_path) == second


def test_no_page_repeats_text_from_its_address(sqlite_app):
    # With compression, text an attacker puts in a URL must not come back in the page.
    parent = sign_in(sqlite_app, participant(m.PARENT))
    for url in ("/home", "/prepare", "/guide/parents"):
        page = parent.get(f"{url}?probe=zq7xw3&lang=en").get_data(as_text=True)
        assert "zq7xw3" not in page, url
