"""Browser tests: the app served on a real port with the demo data, one Chromium for the
whole session, a fresh browser context per test, and axe-core (WCAG 2.2 A and AA) run on
every page a test visits, at 320 CSS pixels wide.

Screenshots of every page checked go to test-artifacts/ (gitignored) for people to look at.
"""

import logging
import os
import re
import shutil
import socket
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.data import models as m
from tests import helpers as shared  # noqa: F401  (the shared helpers, as before)

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
REQUIRE = {s.strip() for s in os.environ.get("PORTAL_TEST_REQUIRE", "").split(",") if s.strip()}
VIEWPORT = {"width": 320, "height": 640}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
TIMEOUT_MS = 15_000


# Pages checked by axe in this run, for the summary at the end.
AXE_PAGES = []


def pytest_terminal_summary(terminalreporter):
    if AXE_PAGES:
        terminalreporter.write_line(
            f"browser: axe-core (WCAG 2.2 A/AA, 320px) checked {len(AXE_PAGES)} pages; "
            f"screenshots in {ARTIFACTS}")


# --- is there a browser? -------------------------------------------------------------


def _browser_missing_reason():
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM}"
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        return f"Playwright or axe-playwright-python is not installed ({error})"
    return None


@pytest.fixture(scope="session")
def _browser_check():
    """Skip (visibly) without Chromium, or fail where PORTAL_TEST_REQUIRE names "browser".
    Session-scoped, so it runs before the server and the browser start."""
    reason = _browser_missing_reason()
    if reason:
        if "browser" in REQUIRE:
            pytest.fail(f"{reason}, and PORTAL_TEST_REQUIRE asks for browser tests")
        pytest.skip(f"{reason} (set PORTAL_TEST_REQUIRE=browser to make this a failure)")


@pytest.fixture(autouse=True)
def require_browser(_browser_check):
    """Every test here needs the browser, even one that asks for no browser fixture."""


# --- the live server -----------------------------------------------------------------


@dataclass
class LiveServer:
    app: object
    url: str

    def link(self, path):
        return self.url + path


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, _browser_check):
    from werkzeug.serving import make_server

    from app.data import demo
    from app.extensions import db

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    app = shared.make_app(tmp_path_factory.mktemp("browser"), "sqlite",
                          RATELIMIT_ENABLED=False, PORTAL_BASE_URL=url)
    with app.app_context():
        db.create_all()
        demo.load(app.config["SECRET_KEY"])
        # Choosing a language on a page is kept for the person; tests put it back.
        app.config["_DEMO_LANGUAGES"] = {
            p.id: p.language for p in db.session.scalars(db.select(m.Participant))}
    server = make_server("127.0.0.1", port, app, threaded=True)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app=app, url=url)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(autouse=True)
def _languages_put_back(request):
    """A test that switches language signed in changes the language kept for that demo
    person (their messages follow it); the next test meets them as the demo made them."""
    yield
    if "live_server" not in request.fixturenames:
        return
    from app.extensions import db

    live = request.getfixturevalue("live_server")
    with live.app.app_context():
        for participant_id, language in live.app.config["_DEMO_LANGUAGES"].items():
            db.session.execute(db.update(m.Participant).where(
                m.Participant.id == participant_id).values(language=language))
        db.session.commit()


# --- the browser ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser(_browser_check):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def _auditor(browser):
    """A page with JavaScript on, where axe checks snapshots of pages that were shown with
    JavaScript off (Playwright cannot run axe in a page whose scripts are disabled)."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture
def new_page(browser):
    """Open a page in a fresh browser context, 320 CSS pixels wide. A script error on any
    page fails the test: a script that does not run takes its enhancements with it."""
    contexts, script_errors = [], []

    def open_page(java_script_enabled=True, **options):
        context = browser.new_context(viewport=VIEWPORT, accept_downloads=True,
                                      java_script_enabled=java_script_enabled, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.portal_js = java_script_enabled  # how check() runs axe on it
        page.on("pageerror", lambda error: script_errors.append(f"{page.url}: {error}"))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not script_errors, f"script errors: {script_errors}"


# --- axe and screenshots -------------------------------------------------------------


def _run_axe(page):
    from axe_playwright_python.sync_playwright import Axe

    return _without_known_govuk_issue(Axe().run(page, options=AXE_OPTIONS).response["violations"])


# GOV.UK Frontend's conditional reveal puts aria-expanded on the radio that opens it, on
# purpose: screen readers announce it, though ARIA does not list it for radios (a known
# issue the Design System keeps, alphagov/govuk-frontend#979). Only that node is let pass.
_CONDITIONAL_RADIO = re.compile(r'<input[^>]*type="radio"[^>]*aria-controls="conditional-')


def _without_known_govuk_issue(violations):
    kept = []
    for violation in violations:
        if violation["id"] == "aria-allowed-attr":
            nodes = [node for node in violation["nodes"]
                     if not _CONDITIONAL_RADIO.search(node.get("html", ""))]
            if not nodes:
                continue
            violation = dict(violation, nodes=nodes)
        kept.append(violation)
    return kept


_SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.IGNORECASE | re.DOTALL)


def _run_axe_on_snapshot(auditor, page):
    """Check the page's HTML, as it is without JavaScript, in the auditor page at the same
    address (so its styles load), with its own scripts left out."""
    html = _SCRIPT.sub("", page.content())
    url = page.url

    def serve(route):
        if route.request.resource_type == "document":
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
        else:
            route.continue_()

    auditor.route("**/*", serve)
    try:
        auditor.goto(url, wait_until="load")
    finally:
        auditor.unroute("**/*", serve)
    return _run_axe(auditor)


def describe(violations):
    lines = [f"{len(violations)} axe violation(s):"]
    for violation in violations:
        targets = [" ".join(str(t) for t in node["target"]) for node in violation["nodes"]]
        shown = "; ".join(targets[:3]) + (f"; ... (+{len(targets) - 3})" if len(targets) > 3
                                          else "")
        lines.append(f"- {violation['id']} [{violation['impact']}] {violation['help']}: "
                     f"{shown}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def _artifacts():
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def check(request, _artifacts, _auditor):
    """check(page, label): screenshot the page at 320px and assert axe finds nothing."""
    test_name = re.sub(r"[^A-Za-z0-9_-]+", "_", request.node.name).strip("_")
    seen = []

    def check_page(page, label):
        seen.append(label)
        name = f"{test_name}-{len(seen):02d}-{re.sub(r'[^A-Za-z0-9_-]+', '_', label)}"
        page.screenshot(path=str(_artifacts / f"{name}.png"), full_page=True)
        if getattr(page, "portal_js", True):
            violations = _run_axe(page)
        else:
            violations = _run_axe_on_snapshot(_auditor, page)
        AXE_PAGES.append(f"{name} {page.url}")
        assert not violations, f"{label} ({page.url}): {describe(violations)}"

    return check_page


# --- documents the journeys share ----------------------------------------------------


@pytest.fixture(scope="session")
def report_pdf():
    """A small tagged PDF, made the way the app makes its own."""
    from app.services import documents

    html = ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            "<title>Police report (demo)</title></head><body><h1>Police report (demo)</h1>"
            "<p>Everything in this report is invented for testing.</p></body></html>")
    return documents.render_pdf(html, title="Police report (demo)", lang="en")
