"""Every page each demo person reaches, replayed as every other demo person and signed out.

Each family member first writes a marker of their own into a draft only they may read (a
parent's worksheet, a young person's and an advocate's views), after reports and an
outcome exist. Then every page each person reaches by following links is requested by
everyone else: no response to anyone else holds another person's marker, pages that are
not public send a signed-out visitor to sign in (or answer 404), and a page naming a record
of one conference answers 404 to the other conference's people. The positive control: the
owner's own pages do show their marker. On SQLite only (the access rules are the same on
PostgreSQL; the fuzz test covers both databases)."""

import re
from urllib.parse import urlsplit

from conftest import Person, participant, sign_in, staff_sign_in
from crawl import PUBLIC, crawl, explore, plausible, start_pages, submit

from app.data import models as m
from app.extensions import db

# Every demo person: each role in conference A and B, and the administrator.
ROLES = ("parent", "young_person", "advocate", "supporter", "interpreter", "professional",
         "chair", "social_worker")
ID = re.compile(r"/([A-Za-z0-9_-]{16})(?=/|$)")
# The same page for another record of the same kind adds little: at most this many each.
PER_SHAPE = 2


def _everyone():
    people = {}
    for label in ("A", "B"):
        conference = participant("chair", label).conference
        for person in conference.participants:
            people[person.id] = (person, label)
    return people


# The forms that change the conference itself (its date, whether it goes ahead, who is in
# it): this test is about what people see of each other, so the makers leave those alone.
RUNNING_IT = re.compile(r"/(change|status|remove|resend|not-as-planned|taking-part)(/|$)")


def _sign_in(app, person):
    if person.staff_user is not None:
        return staff_sign_in(app, person.staff_user)
    return sign_in(app, person)


def _write_private_marker(visitor, person, marker):
    """A draft that only its author may read, holding the author's marker."""
    if person.role == m.PARENT:
        url = "/prepare/question/strengths"
        response = visitor.post(url, {"answer": marker, "save_later": "y"})
    elif person.role in (m.YOUNG_PERSON, m.ADVOCATE):
        if person.role == m.ADVOCATE:
            visitor.post("/views", {"confirm": "y", "made_with": "for"})
        url = "/views/worries"
        response = visitor.post(url, {"answer": marker})
    else:
        return None
    assert response.status_code == 302, (person.role, response.status_code)
    return url


def _shape(url):
    return ID.sub("/*", urlsplit(url).path)


def _conference_ids(urls):
    return {match for url in urls for match in ID.findall(urlsplit(url).path)}


def test_no_page_of_one_person_shows_their_private_words_to_anyone_else(sqlite_app):
    app = sqlite_app
    people = _everyone()
    admin = db.session.scalar(db.select(m.StaffUser).filter_by(role="admin"))
    visitors = {pid: _sign_in(app, person) for pid, (person, _label) in people.items()}
    visitors["admin"] = staff_sign_in(app, admin)

    # Reports, the chair's decisions and an outcome exist: a professional and the chair of
    # each conference use their forms once, as they would.
    makers = {pid: (visitors[pid], start_pages(person.role), (*PUBLIC, RUNNING_IT))
              for pid, (person, _label) in people.items()
              if person.role in (m.PROFESSIONAL, m.CHAIR) and person.agency != "Police"}
    explore(makers, rounds=1, limit=30)

    markers, written_on = {}, {}
    for pid, (person, label) in people.items():
        marker = f"Private marker {person.role} {label} {pid[:6]}"
        url = _write_private_marker(visitors[pid], person, marker)
        if url:
            markers[pid], written_on[pid] = marker, url
    assert len(markers) == 8  # two parents, a young person and an advocate in each

    # Every page each person reaches by following links from their start pages (and the
    # page they wrote their words on, the next step of a journey being reached by a form).
    reached, owner_of = {}, {}
    for pid, visitor in visitors.items():
        role = people[pid][0].role if pid in people else "admin"
        start = (*start_pages(role if role != "admin" else "chair"),
                 *([written_on[pid]] if pid in written_on else []))
        pages, _forms = crawl(visitor, start, limit=80, skip=PUBLIC)
        reached[pid] = {url for url, status in pages.items() if status == 200}
        for url in reached[pid]:
            owner_of.setdefault(url, set()).add(pid)

    # Which conference each id in a URL belongs to (from its owners, not the admin).
    conference_of_id = {}
    for pid, urls in reached.items():
        if pid in people:
            for record_id in _conference_ids(urls):
                conference_of_id.setdefault(record_id, set()).add(people[pid][1])

    per_shape, replayed = {}, []
    for url in sorted(owner_of):
        key = (_shape(url), tuple(sorted({conference_of_id.get(i, frozenset()) and
                                           min(conference_of_id[i]) for i in ID.findall(url)})))
        if per_shape.get(key, 0) >= PER_SHAPE:
            continue
        per_shape[key] = per_shape.get(key, 0) + 1
        replayed.append(url)

    signed_out = Person(app)
    problems = []
    for url in replayed:
        labels = {label for i in ID.findall(urlsplit(url).path)
                  for label in conference_of_id.get(i, ())}
        response = signed_out.get(url)
        where = response.headers.get("Location", "")
        if not (response.status_code == 404 or response.status_code == 302
                and "sign-in" in where):
            problems.append(f"signed out: {url} answered {response.status_code} {where}")
        for pid, visitor in visitors.items():
            response = visitor.get(url)
            body = _text(response)
            if response.status_code >= 500:
                problems.append(f"{pid}: {url} answered {response.status_code}")
            for owner, marker in markers.items():
                if owner != pid and marker in body:
                    problems.append(f"{url}: {people[owner][0].role} {people[owner][1]}'s "
                                    f"private words shown to {_who(people, pid)}")
            other_conference = pid in people and labels and people[pid][1] not in labels
            if other_conference and response.status_code != 404:
                problems.append(f"{url} of conference {labels} answered "
                                f"{response.status_code} to {_who(people, pid)}")
    assert not problems, "\n".join(problems[:40])
    assert len(replayed) >= 40, len(replayed)

    # Positive control: the owner's own pages do show the owner's marker.
    for pid, marker in markers.items():
        shown = [url for url in reached[pid] if marker in _text(visitors[pid].get(url))]
        assert shown, f"{_who(people, pid)}: the marker is on none of their own pages"


def _text(response):
    # Files too (a PDF, a picture): any marker written in them in plain bytes is found.
    return response.get_data().decode("utf-8", errors="replace")


def _who(people, pid):
    if pid not in people:
        return pid
    person, label = people[pid]
    return f"{person.role} {label}"


def test_plausible_values_fill_a_form_as_a_person_would(sqlite_app):
    """The crawl's own helper: a parent's worksheet question saved with ordinary words."""
    visitor = sign_in(sqlite_app, participant("parent"))
    pages, forms = crawl(visitor, ["/prepare"], limit=5, skip=PUBLIC)
    form = next(f for f in forms.values() if f.action == "/prepare/question/strengths")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      visitor.get(form.page).get_data(as_text=True)).group(1)
    assert submit(visitor, form, plausible(form, token, "Ordinary words")).status_code == 302
    assert "Ordinary words" in visitor.get(form.page).get_data(as_text=True)
