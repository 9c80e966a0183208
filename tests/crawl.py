"""Finding what a person can reach: the pages their links lead to, and the forms on them.

Used by the fuzz test (every form of every role) and the cross-person replay (every page
of every person), so that a new page or form is covered without listing it anywhere."""

import io
import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse, urlsplit

import pyotp
from conftest import Person, participant, sign_in, staff_sign_in

from app.data import models as m
from app.extensions import db
from tests.helpers import blank_pdf

# Links that end the session or only change the page's language or layout.
# Signing out, or leaving by "Exit this page" (which signs out too), would end the crawl.
SKIP_PATHS = ("/sign-out", "/exit")
SKIP_QUERY = ("lang=", "side_by_side=")
# Files (PDFs, downloads): no links or forms in them, and slow to make.
FILES = re.compile(r"(\.pdf|/pdf|/file|/download)$")


@dataclass
class Form:
    page: str
    action: str
    method: str
    # name -> (kind, values offered: options of a select, radios, checkboxes, a fixed value)
    fields: dict = field(default_factory=dict)

    @property
    def key(self):
        return (self.method, _route_shape(self.action),
                tuple(sorted({_route_shape(name, '-') for name in self.fields})))


_ID = re.compile(r"[A-Za-z0-9_-]{16}")
_WORDS = re.compile(r"[a-z-]+")


def _route_shape(path, sep="/"):
    # /reports/<an id>/reply is the same form whichever report; so are fields named by id.
    return sep.join("*" if _ID.fullmatch(part) and not _WORDS.fullmatch(part) else part
                    for part in path.split(sep))


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.forms = [], []
        self._form = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {"action": a.get("action") or "", "method": (a.get("method") or "get")
                          .lower(), "fields": {}}
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            name = a["name"]
            _, values = self._form["fields"].get(name, (kind, []))
            if a.get("value") is not None:
                values.append(a["value"])
            self._form["fields"][name] = (kind, values)
        elif tag == "textarea":
            self._form["fields"][a["name"]] = ("textarea", [])
        elif tag == "select":
            self._form["fields"][a["name"]] = ("select", [])
        elif tag == "button":
            _, values = self._form["fields"].get(a["name"], ("submit", []))
            values.append(a.get("value") or "")
            self._form["fields"][a["name"]] = ("submit", values)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def parse(path, html):
    parser = _PageParser()
    # Options: collect them with a second, simple pass.
    options = {}
    current = [None]

    class Options(HTMLParser):
        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "select":
                current[0] = a.get("name")
            elif tag == "option" and current[0]:
                options.setdefault(current[0], []).append(a.get("value", ""))

        def handle_endtag(self, tag):
            if tag == "select":
                current[0] = None

    parser.feed(html)
    Options().feed(html)
    links = []
    for href in parser.links:
        url = urljoin(path, href)
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    forms = []
    for raw in parser.forms:
        fields = {name: (kind, options.get(name, values) if kind == "select" else values)
                  for name, (kind, values) in raw["fields"].items()}
        action = urlsplit(urljoin(path, raw["action"] or path)).path
        forms.append(Form(page=path, action=action, method=raw["method"], fields=fields))
    return links, forms


CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')

# Pages anyone may read, signed in or not (crawled once, as a signed-out visitor).
PUBLIC = ("/guide", "/accessibility", "/privacy", "/contact", "/complain", "/sign-in",
          "/staff/sign-in", "/signed-out", "/language", "/feedback")


def _skipped(url, skip):
    prefixes = tuple(p for p in skip if isinstance(p, str))
    return (url.startswith(SKIP_PATHS + prefixes) or (prefixes and url == "/")
            or any(q in url for q in SKIP_QUERY)
            or any(p.search(url.split("?")[0]) for p in skip if not isinstance(p, str)))


def crawl(visitor, start, limit=120, skip=(), pages=None, forms=None, use_form=None,
          again=(), files=True):
    """Every page reachable from the start pages by links, as (pages, forms): pages maps
    each URL to its status, forms are unique by route and fields. With use_form, each new
    form is used once as it is found, and the page it leads to is crawled next. Pages
    already in `pages` are not fetched again, except those in `again`."""
    if not files:
        skip = (*skip, FILES)
    pages = {} if pages is None else pages
    forms = {} if forms is None else forms
    queue, fetched = deque(start), set()
    while queue and len(fetched) < limit:
        url = queue.popleft()
        if (url in fetched or _skipped(url, skip)
                or (url in pages and url not in again and url not in start)):
            continue
        fetched.add(url)
        response = visitor.get(url)
        pages[url] = response.status_code
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        links, page_forms = parse(url.split("?")[0], html)
        for form in page_forms:
            if _skipped(form.action, [p for p in skip if p is not FILES]) or form.key in forms:
                continue
            forms[form.key] = form
            if use_form is not None and not (not files and FILES.search(form.action)):
                token = CSRF.search(html)
                answer = use_form(form, token.group(1) if token else "")
                where = urlsplit(answer.headers.get("Location", ""))
                if answer.status_code in (301, 302, 303) and not where.netloc:
                    queue.appendleft(where.path)
        queue.extend(link for link in links if link not in fetched)
    return pages, forms


# --- everyone who uses the portal, signed in once ------------------------------

FAMILY_AND_PROFESSIONAL_ROLES = ("parent", "young_person", "advocate", "supporter",
                                 "interpreter", "professional")
STAFF_ROLES = ("chair", "social_worker", "coordinator", "admin")
FAMILY_START = ("/home", "/prepare", "/views", "/reports", "/outcome", "/minutes")
STAFF_START = ("/staff/", "/staff/reports")
SIGNED_OUT_START = ("/", "/sign-in", "/staff/sign-in", "/guide/parents", "/privacy")


def add_coordinator(conference_label="A"):
    """The demo has no coordinator; give conference A one, signed in like other staff."""
    chair = participant("chair", conference_label)
    staff = m.StaffUser(authority_id=chair.conference.authority_id,
                        email=f"coordinator.{conference_label.lower()}@example.com",
                        name="Demo Coordinator", role="coordinator",
                        password_hash=chair.staff_user.password_hash,
                        totp_secret=pyotp.random_base32())
    db.session.add(staff)
    db.session.add(m.Participant(conference_id=chair.conference_id, role="coordinator",
                                 name="Demo Coordinator", agency="Children's services",
                                 staff_user=staff))
    db.session.commit()
    return staff


def visitor_for(app, role, conference="A"):
    """A signed-in person of this role (or a signed-out visitor for role None)."""
    if role is None:
        return Person(app)
    if role == "admin":
        return staff_sign_in(app, db.session.scalar(db.select(m.StaffUser)
                                                    .filter_by(role="admin")))
    if role == "coordinator":
        found = [p for p in participant("chair", conference).conference.participants
                 if p.role == "coordinator"]
        staff = found[0].staff_user if found else add_coordinator(conference)
        return staff_sign_in(app, staff)
    person = participant(role, conference)
    if role in STAFF_ROLES:
        return staff_sign_in(app, person.staff_user)
    return sign_in(app, person)


def start_pages(role):
    if role is None:
        return SIGNED_OUT_START
    return STAFF_START if role in STAFF_ROLES else FAMILY_START



# --- using a form as a person would, so that the pages behind it appear ---------


def _png():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, "PNG")
    return out.getvalue()


def plausible(form, csrf_token, marker="Fictional words"):
    """Ordinary values for a form: the first choice offered, a date and time to come,
    words for text, a small PDF or picture for files, and the first button."""
    data, pressed = [], False
    for name, (kind, offered) in form.fields.items():
        if name == "csrf_token":
            data.append((name, csrf_token))
        elif kind in ("submit", "button"):
            if not pressed:
                data.append((name, offered[0] if offered else "y"))
                pressed = True
        elif kind == "file":
            picture = "drawing" in form.action
            data.append((name, (io.BytesIO(_png() if picture else blank_pdf()),
                                "drawing.png" if picture else "report.pdf")))
        elif kind in ("select", "radio", "checkbox", "hidden"):
            choices = [value for value in offered if value]
            if choices:
                data.append((name, choices[0]))
        elif "date" in name or name.endswith(("_on", "first_core_group", "review_conference")):
            data.append((name, "2027-01-25"))
        elif "time" in name:
            data.append((name, "10:30"))
        elif "email" in name or name == "address":
            data.append((name, "someone.fictional@example.com"))
        elif "mobile" in name or "phone" in name:
            data.append((name, "07700 900 999"))
        elif name == "children":
            data.append((name, "Fictional"))
        else:
            data.append((name, marker))
    return data


def submit(visitor, form, data):
    from werkzeug.datastructures import MultiDict

    if form.method == "get":
        return visitor.get(form.action, query_string=MultiDict(data))
    files = any(isinstance(value, tuple) for _name, value in data)
    kwargs = {"content_type": "multipart/form-data"} if files else {}
    return visitor._request("post", form.action, data=MultiDict(data), **kwargs)


def csrf_token(visitor, page):
    match = CSRF.search(visitor.get(page).get_data(as_text=True))
    return match.group(1) if match else ""


def explore(visitors, rounds=2, limit=60, marker="Fictional words", files=True):
    """Crawl as each person, using each form they find once with ordinary values (so that
    a report, a worksheet, views and an outcome exist, and the next page of a journey is
    reached), then crawl again from the start pages so that what others made appears.
    Returns, per person, (pages, forms): every page reached and every distinct form."""
    found = {key: ({}, {}) for key in visitors}
    for round_ in range(rounds):
        for key, (visitor, start, skip) in visitors.items():
            pages, forms = found[key]

            def use(form, token, visitor=visitor, key=key):
                if key is None:  # signing in is not done by filling in the form here
                    return visitor.last
                return submit(visitor, form, plausible(form, token, marker))

            crawl(visitor, start, limit=limit, skip=skip, pages=pages, forms=forms,
                  use_form=use, again=start if round_ else (), files=files)
    return {key: (pages, list(forms.values())) for key, (pages, forms) in found.items()}


# --- following links only -------------------------------------------------------

# For crawl_links: links that change state or leave HTML, not pages to read.
LINK_SKIP = re.compile(r"lang=|side_by_side=|/download|/file|/sign-out|/exit|/invite/|"
                       r"^mailto:|^tel:|^https?://(?!localhost)")


def page_links(html, url):
    found = re.findall(r'href="([^"#]+)', html)
    return {urljoin(url, link).replace("&amp;", "&") for link in found
            if not LINK_SKIP.search(link)}


def crawl_links(visitor, start, limit=60):
    """The pages a person reaches by following links from where they start (in English:
    each is fetched with lang=en), without filling forms. Paths, in the order reached."""
    seen, queue, pages = set(), list(start), []
    while queue and len(pages) < limit:
        url = queue.pop(0)
        path = urlparse(url).path + (f"?{urlparse(url).query}" if urlparse(url).query else "")
        if path in seen:
            continue
        seen.add(path)
        response = visitor.get(path + ("&" if "?" in path else "?") + "lang=en")
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        pages.append(path)
        queue.extend(page_links(response.get_data(as_text=True), "http://localhost" + path))
    return pages
