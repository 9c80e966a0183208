"""What a person sees: every family form is filled with real text (two lines, an
ampersand, quotes, a right-to-left phrase) and sent, then the visible text of every page
each role reaches, in English and in Arabic, is read as a person reads it. It must carry no
markup, no escaped entity, no template syntax and no stray "None"."""

import io
import re

from conftest import Person, participant, record_outcome_steps, sign_in, staff_sign_in
from crawl import crawl_links as crawl
from visible import visible_words as visible_text

from app.data import models as m
from app.extensions import db
from app.services.preparation import SECTION_KEYS
from tests.helpers import blank_pdf as _pdf
from tests.helpers import people_of_every_role as people

# Two lines, an ampersand, both quotes, markup-like text and a right-to-left phrase.
TEXT = 'Tom & Jerry said "yes" and it\'s <fine>\nسلام عليكم – second line'
ONE_LINE = 'Tom & Jerry "Smith" <b>'

# What must never be seen on a page: a tag, an escaped entity, template syntax, "None".
BROKEN = re.compile(
    r"<\s*/?\s*(?:span|a|p|div|br|strong|ul|li|input|button)\b[^>]*>"
    r"|&(?:lt|gt|amp|quot|#\d+|#x[0-9a-f]+);"
    r"|\{\{|\}\}|\{%|%\}"
    r"|\bNone\b(?!\.| yet\.)",  # the page's own "None." and "None yet." are words
    re.IGNORECASE,
)


def broken_bits(html):
    """What a person would see that they should not: markup, entities, template syntax.
    The text typed into the forms holds "<fine>" on purpose; it must be shown as typed."""
    text = visible_text(html).replace("<fine>", "").replace("<b>", "")
    return sorted({match.group(0) for match in BROKEN.finditer(text)})


def fill_every_family_form(app):
    """Each family form and each staff form that carries family-facing text, sent."""
    parent = sign_in(app, participant("parent"))
    for key in SECTION_KEYS:
        parent.post(f"/prepare/question/{key}", {"answer": TEXT, "save_continue": "x"})
    parent.post("/prepare/who-can-read", {"audience": "everyone", "save_continue": "x"})
    check = parent.get("/prepare/check").get_data(as_text=True)
    before_sending = {"parent /prepare/check": check}
    revision = re.search(r'name="revision"[^>]*value="([^"]*)"', check).group(1)
    assert parent.post("/prepare/check", {"send": "x", "revision": revision}).status_code == 302
    parent.post("/prepare/practical-needs", {
        "interpreter": "yes", "language": ONE_LINE, "dialect": ONE_LINE, "supporter": "yes",
        "supporter_name": ONE_LINE, "supporter_relationship": ONE_LINE, "childcare": "no",
        "transport": "no", "accessibility": TEXT, "attend": "in_person", "save": "x"})
    assert parent.post("/prepare/safety", {
        "unsafe_with": TEXT, "keep_from": TEXT, "safe_contact": TEXT, "messages_safe": "yes",
        "send": "x"}).status_code == 302

    young = sign_in(app, participant("young_person"))
    for step, answer in (("safe", "yes"), ("feelings", "happy"), ("worries", TEXT),
                         ("good-things", TEXT), ("dreams", TEXT), ("meeting-to-know", TEXT),
                         ("what-should-happen", TEXT), ("taking-part", "just_send"),
                         ("who-can-read", "everyone")):
        young.post(f"/views/{step}", {"answer": answer})
    young.post("/views/check", {})

    school = sign_in(app, participant("professional", agency="School"))
    assert school.post("/reports/new", {
        "title": ONE_LINE, "agency": ONE_LINE, "author_role": ONE_LINE, "summary": TEXT,
        "text": TEXT, "document": (io.BytesIO(_pdf()), "report.pdf"),
    }, form_url="/reports/new", content_type="multipart/form-data").status_code == 302
    report = db.session.scalar(db.select(m.Report))
    parent.post(f"/reports/{report.id}/reply", {"agrees": "disagree", "reason": TEXT},
                form_url=f"/reports/{report.id}")

    chair_person = participant("chair")
    chair = staff_sign_in(app, chair_person.staff_user)
    conference = chair_person.conference
    data = {"body": TEXT, "child_summary": TEXT, "actions-0-what": ONE_LINE,
            "actions-0-who": ONE_LINE, "actions-0-by": "", "publish": "x"}
    for child in conference.children:
        data[f"plan-{child.id}"] = "yes"
        data[f"category-{child.id}"] = "neglect"
    record_outcome_steps(chair, conference, data)
    return before_sending


def test_the_check_answers_page_shows_the_answers_as_typed(sqlite_app):
    pages = fill_every_family_form(sqlite_app)
    text = visible_text(pages["parent /prepare/check"])
    assert broken_bits(pages["parent /prepare/check"]) == []
    assert 'Tom & Jerry said "yes" and it\'s <fine> سلام عليكم – second line' in text


def test_no_page_shows_markup_entities_or_template_syntax(sqlite_app):
    found, checked = dict(fill_every_family_form(sqlite_app)), 0
    found = {where: broken_bits(html) for where, html in found.items()}
    for who, visitor, start in people(sqlite_app):
        if not isinstance(visitor, Person):
            visitor = staff_sign_in(sqlite_app, visitor)
        visitor.get("/?side_by_side=off")
        for path in crawl(visitor, start, limit=80):
            sep = "&" if "?" in path else "?"
            for lang in ("en", "ar"):
                bits = broken_bits(visitor.get(f"{path}{sep}lang={lang}").get_data(as_text=True))
                checked += 1
                if bits:
                    found[f"{who} {path} {lang}"] = bits[:5]
    assert checked >= 60, "too few pages were reached to judge"
    assert not {where: bits for where, bits in found.items() if bits}
