"""Every page a person can reach, in every language: no English is left from the templates.

Each page is fetched in English and in the language. Text the two renderings share is
English left behind, unless it is the case's own data (names, what people wrote), which
is the same in every language.
"""

import re
from html.parser import HTMLParser

import pytest
import sqlalchemy
from babel.messages.pofile import read_po
from conftest import Person, participant, sign_in, staff_sign_in
from crawl import crawl_links as crawl

from app.data import models as m
from app.extensions import db
from app.web import i18n

LANGUAGES = sorted(code for code in i18n.LANGUAGES if code != "en")
# The same in every language: names of languages and of services, and English words that
# are no longer English once they are part of a name or an address.
SAME_EVERYWHERE = {"Childline", "GOV.UK", "Shift", "PDF"} | set(i18n.LANGUAGES.values())
ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")


class _Texts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.texts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1
        for name, value in attrs:
            if name in ATTRIBUTES and value:
                self.texts.append(value.strip())

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(" ".join(data.split()))


def texts(html):
    parser = _Texts()
    parser.feed(html)
    return parser.texts


def data_words():
    """Every word stored in the demo data: names, addresses, what people wrote."""
    words = set()

    def collect(value):
        if isinstance(value, str):
            words.update(re.findall(r"[A-Za-z]+", value))
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list | tuple):
            for item in value:
                collect(item)

    for mapper in db.Model.registry.mappers:
        for row in db.session.scalars(sqlalchemy.select(mapper.class_)):
            for column in mapper.columns:
                collect(getattr(row, column.key, None))
    return words


def same_in_translation(lang):
    """What a translator chose to keep as it is in English (a word like "Beta")."""
    with open(f"app/translations/{lang}/LC_MESSAGES/messages.po", "rb") as handle:
        catalog = read_po(handle)
    return {message.id for message in catalog if message.id and message.string == message.id}


def english_left(own, english, allowed, kept=frozenset()):
    shared = set(texts(own)) & set(texts(english))
    left = set()
    for text in shared - kept:
        words = re.findall(r"[A-Za-z]{3,}", text)
        if words and text not in allowed and not set(words) <= allowed:
            left.add(text)
    return left


def _people(app):
    chair = participant("chair")
    social_worker = participant("social_worker")
    admin = db.session.scalar(db.select(m.StaffUser).filter_by(role="admin"))
    yield "anyone", Person(app), ["/"]
    for role in ("parent", "young_person", "advocate", "supporter", "interpreter",
                 "professional"):
        yield role, sign_in(app, participant(role)), ["/home"]
    for label, staff in (("chair", chair.staff_user), ("social worker", social_worker.staff_user),
                         ("admin", admin)):
        yield label, staff_sign_in(app, staff), ["/staff/"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_english_left_on_any_page(sqlite_app, lang):
    allowed = data_words() | SAME_EVERYWHERE
    kept = same_in_translation(lang)
    leftovers, checked = {}, 0
    for who, visitor, start in _people(sqlite_app):
        visitor.get("/?side_by_side=off")  # the interpreter's English beside is on purpose
        for path in crawl(visitor, start):
            sep = "&" if "?" in path else "?"
            english = visitor.get(f"{path}{sep}lang=en").get_data(as_text=True)
            own = visitor.get(f"{path}{sep}lang={lang}").get_data(as_text=True)
            checked += 1
            left = english_left(own, english, allowed, kept)
            if left:
                leftovers[f"{who} {path}"] = sorted(left)[:5]
    assert checked >= 10, "too few pages were reached to judge"
    assert not leftovers, f"English left in {lang}: {leftovers}"
