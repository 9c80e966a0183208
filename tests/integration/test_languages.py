"""Every language the portal offers is complete for everything it says; Urdu reads right to
left; the template translators work from holds every message."""

import glob
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import Person, invitation_link, outbox_messages, participant, sign_in

from app.web import i18n

CATALOGS = sorted(glob.glob("app/translations/*/LC_MESSAGES/messages.po"))


def test_every_language_offered_has_a_catalog():
    languages = {path.split("/")[2] for path in CATALOGS}
    assert languages == set(i18n.LANGUAGES) - {"en"}
    assert len(languages) == 12


def test_the_template_holds_every_message_the_code_uses(tmp_path):
    """messages.pot is what translators work from: a message missing from it is a message
    no catalog can translate. `make extract-messages` brings it up to date."""
    pybabel = Path(sys.executable).parent / "pybabel"
    fresh = tmp_path / "fresh.pot"
    subprocess.run([str(pybabel), "--quiet", "extract", "-F", "babel.cfg", "-k", "_l",
                    "-k", "lazy_ngettext:1,2", "-k", "plural_forms:1,2",
                    "--add-comments=child:", "-o", str(fresh), "."], check=True)

    def ids_and_child_marks(path):
        with open(path, "rb") as handle:
            messages = [m for m in read_po(handle) if m.id]
        return ({m.id for m in messages},
                {m.id for m in messages if any(c.startswith("child:") for c in m.auto_comments)})

    extracted, extracted_child = ids_and_child_marks(fresh)
    stored, stored_child = ids_and_child_marks("app/translations/messages.pot")
    assert extracted - stored == set(), "run make extract-messages"
    assert stored - extracted == set(), "run make extract-messages"
    assert extracted_child == stored_child, "run make extract-messages"


@pytest.mark.parametrize("path", CATALOGS)
def test_catalog_is_complete_and_valid(path):
    locale = path.split("/")[2]
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=locale)
    with open("app/translations/messages.pot", "rb") as handle:
        template = read_po(handle)
    missing, problems = [], []
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id)
        strings = translated.string if translated else None
        strings = strings if isinstance(strings, tuple) else (strings,)
        if translated is None or translated.fuzzy or not all(strings):
            missing.append(message.id)
            continue
        problems.extend(f"{message.id}: {error}" for error in translated.check(catalog))
    assert not missing, f"{len(missing)} untranslated in {locale}: {missing[:5]}"
    assert not problems, problems[:5]


@pytest.mark.parametrize("lang,direction,word", [
    ("cy", "ltr", "Cymraeg"), ("ur", "rtl", "اردو"),
])
def test_pages_in_each_language(app, lang, direction, word):
    client = app.test_client()
    page = client.get(f"/guide/parents?lang={lang}").get_data(as_text=True)
    assert f'lang="{lang}"' in page
    assert f'dir="{direction}"' in page
    assert "Your rights" not in page  # the English heading is gone
    assert "not yet been checked by a professional translator" not in page
    # The choice sticks for the next page.
    assert f'lang="{lang}"' in client.get("/").get_data(as_text=True)


def test_a_participants_own_language_is_used_after_sign_in(app):
    interpreter = participant("interpreter")  # the demo interpreter of A prefers Urdu
    assert interpreter.language == "ur"
    page = sign_in(app, interpreter, through_link=True).get("/home").get_data(as_text=True)
    assert 'lang="ur"' in page and 'dir="rtl"' in page


def test_an_invitation_opens_in_the_language_it_was_written_in(app):
    interpreter = participant("interpreter")  # prefers Urdu
    visitor = Person(app)
    page = visitor.get(invitation_link(app, interpreter)).get_data(as_text=True)
    assert 'lang="ur"' in page and 'dir="rtl"' in page
    # A device that already chose a language keeps it.
    chosen = Person(app)
    chosen.get("/?lang=cy")
    page = chosen.get(invitation_link(app, participant("interpreter"))).get_data(as_text=True)
    assert 'lang="cy"' in page


def test_something_new_links_open_the_sign_in_page_in_the_persons_language(app):
    interpreter = participant("interpreter")
    interpreter.messages_safe = True
    from flask import url_for

    from app.services import messages
    with app.test_request_context():
        messages.send_something_new(interpreter, "http://localhost" + url_for("auth.sign_in"))
    [message] = [m for m in outbox_messages(app) if m["to"] in (interpreter.email,
                                                                 interpreter.mobile)]
    link = re.search(r"http://localhost(/sign-in\S*)", message["body"]).group(1)
    assert link.endswith("?lang=ur")
    page = Person(app).get(link).get_data(as_text=True)
    assert 'lang="ur"' in page


@pytest.mark.both_databases
def test_reviewed_languages_are_data(app):
    from app.data import models as m
    from app.extensions import db

    client = Person(app)
    page = client.get("/?lang=cy").get_data(as_text=True)
    assert "Nid yw cyfieithydd proffesiynol wedi'i wirio eto." in page
    assert page.count("portal-translation-warning") == 1
    assert "portal-translation-warning" not in client.get("/?lang=en").get_data(as_text=True)
    client.get("/?lang=cy")
    authority = db.session.scalar(db.select(m.Authority))
    authority.reviewed_languages = ["cy"]
    db.session.commit()
    assert "portal-translation-warning" not in client.get("/").get_data(as_text=True)


# Words GOV.UK Frontend's components say in English unless the portal passes its own.
COMPONENT_DEFAULTS = ("Service information", "Error:", "Show password", "characters remaining",
                      "You can enter up to", "There is a problem", "Skip to main content",
                      "Exit this page", "Menu")


def test_no_english_left_from_the_components_in_urdu(app):
    parent = participant("parent")
    parent.language = "ur"
    from app.extensions import db

    db.session.commit()
    visitor = sign_in(app, parent)
    pages = [visitor.get(url).get_data(as_text=True)
             for url in ("/home", "/prepare/question/strengths")]
    pages.append(visitor.post("/prepare/question/strengths", {"answer": "x" * 5001,
                                                              "save_continue": "Save"})
                 .get_data(as_text=True))
    staff = Person(app)
    staff.get("/?lang=ur")
    pages.append(staff.get("/staff/sign-in").get_data(as_text=True))
    pages.append(staff.post("/staff/sign-in", {"email": "", "password": "", "totp": ""})
                 .get_data(as_text=True))
    leftovers = {words for page in pages for words in COMPONENT_DEFAULTS if words in page}
    assert not leftovers
    assert "govuk-error-message" in pages[2]  # the error page really showed an error
