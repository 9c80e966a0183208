"""Every page each person can reach, in Arabic and in Urdu (both right to left), passes
axe-core at 320 CSS pixels and fits the screen. Pages are found the way a person finds
them: by following the links on the pages they can see, from where they start."""

import re
from urllib.parse import urljoin, urlparse

import pytest
from playwright.sync_api import expect

from .helpers import (
    Words,
    add_report,
    looker,
    publish_outcome,
    sign_in_with_invitation,
    staff_sign_in,
)

pytestmark = pytest.mark.browser

# Links that change something or leave HTML are not pages to read.
SKIP = re.compile(r"lang=|side_by_side=|/download|/file|/drawing$|/printout|/pdf|/sign-out|/exit|"
                  r"/invite/|^mailto:|^tel:|^#|^https?://(?!127\.0\.0\.1)")
# The same page for another record: /reports/abc and /reports/xyz are one kind of page.
# (An id has a capital or a digit; the guide's page names do not.)
RECORD_ID = re.compile(r"/(?=[A-Za-z0-9_-]*[A-Z0-9])[A-Za-z0-9_-]{12,}(?=/|$)")
PEOPLE = [("parent", "A"), ("young_person", "B"), ("advocate", "A"), ("professional", "B"),
          ("interpreter", "B")]
STAFF = [("chair", "A"), ("social_worker", "B")]
PAGES_EACH = 30


def _links(page, base):
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    return [urljoin(base, href) for href in hrefs if href and not SKIP.search(href)]


def _walk(page, live, start, seen_kinds, look):
    """Visit the pages reachable from `start`, one page of each kind, and check each."""
    queue, visited, checked = [live.link(start)], set(), 0
    while queue and checked < PAGES_EACH:
        url = queue.pop(0)
        path = urlparse(url).path
        kind = RECORD_ID.sub("/{id}", path)
        # Each person's own start page is theirs to see; other kinds once for everyone.
        if path in visited or (kind in seen_kinds and path != start):
            continue
        visited.add(path)
        response = page.goto(url)
        if response is None or response.status != 200 or "html" not in (
                response.headers.get("content-type") or ""):
            continue
        seen_kinds.add(kind)
        look(kind.strip("/").replace("/", "-") or "start")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
        checked += 1
        queue.extend(_links(page, url))
    return checked


@pytest.mark.parametrize("lang", ["ar", "ur"])
def test_every_page_in_a_right_to_left_language(new_page, live_server, check, report_pdf,
                                                lang):
    for conference in ("A", "B"):  # so there are reports and an outcome to read
        add_report(live_server, conference, report_pdf)
        publish_outcome(live_server, conference)
    words = Words(live_server.app, lang)
    seen_kinds = set()
    checked = 0
    for role, conference in PEOPLE:
        page = new_page()
        look = looker(page, check, lang)
        page.goto(live_server.link(f"/?lang={lang}"))
        sign_in_with_invitation(page, live_server, look, words, role, conference)
        checked += _walk(page, live_server, "/home", seen_kinds, look)
    for role, conference in STAFF:
        page = new_page()
        look = looker(page, check, lang)
        page.goto(live_server.link(f"/?lang={lang}"))
        staff_sign_in(page, live_server, words, role, conference)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        checked += _walk(page, live_server, "/staff/", seen_kinds, look)
    # The walk must really reach the portal: home, guide, worksheet, views, reports, staff.
    print(f"{lang}: {checked} kinds of page", sorted(seen_kinds))
    assert checked >= 35, sorted(seen_kinds)
    for kind in ("/home", "/prepare", "/views", "/reports", "/reports/{id}", "/outcome",
                 "/staff/", "/staff/conferences/{id}", "/guide/glossary"):
        assert kind in seen_kinds, (kind, sorted(seen_kinds))
