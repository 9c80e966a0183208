"""The header a family meets: "Exit this page" signs them out on the way out, one
"Language" link opens a page of languages that brings them back, and the translation
notice is one line."""

import re

from conftest import Person, participant, sign_in, staff_sign_in
from visible import visible_words as visible_text

from app.data import models as m
from app.extensions import db


def test_exit_this_page_signs_out_on_the_server_then_leaves(app):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    page = visitor.get("/prepare/safety").get_data(as_text=True)
    # The button is a plain link to /exit, so it works without JavaScript too; the script
    # (Shift pressed three times) follows the same link.
    assert re.search(r'<a href="/exit"[^>]*govuk-exit-this-page__button', page)
    body = visible_text(page.split("<body", 1)[1])
    assert body.index("Exit this page also signs you out.") < body.index("Keeping you safe")

    response = visitor.get("/exit")
    assert response.status_code == 302
    assert response.headers["Location"] == "https://www.bbc.co.uk/weather"
    assert response.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    # Back, history or a reload: the session has ended on the server, not just here.
    again = visitor.get("/prepare/safety")
    assert again.status_code == 302 and "/sign-in" in again.headers["Location"]
    row = db.session.scalar(db.select(m.UserSession).filter_by(participant_id=parent.id))
    assert row.ended_at is not None


def test_exit_goes_to_the_configured_neutral_site_even_when_signed_out(tmp_path):
    from conftest import make_app

    quiet = make_app(tmp_path, EXIT_URL="https://example.org/")
    response = quiet.test_client().get("/exit")
    assert response.status_code == 302 and response.headers["Location"] == "https://example.org/"


def test_staff_pages_have_no_exit_button_but_sign_out_sits_in_the_menu(app):
    chair = staff_sign_in(app, participant("chair").staff_user)
    page = chair.get("/staff/").get_data(as_text=True)
    assert "govuk-exit-this-page" not in page
    assert re.search(r'<nav[^>]*>.*action="/sign-out".*</nav>', page, re.DOTALL)


def test_one_language_link_opens_a_page_that_brings_you_back(app):
    visitor = sign_in(app, participant("parent"))
    page = visitor.get("/prepare/safety").get_data(as_text=True)
    assert page.count('hreflang="') == 0  # no row of thirteen languages on every page
    [language_link] = re.findall(r'href="(/language\?next=[^"]+)"', page)
    languages = visitor.get(language_link.replace("&amp;", "&")).get_data(as_text=True)
    for own_name in ("English", "Cymraeg", "Polski", "العربية", "اردو", "ਪੰਜਾਬੀ", "Soomaali"):
        assert own_name in visible_text(languages)
    assert 'href="/prepare/safety?lang=ar" lang="ar" hreflang="ar" dir="rtl"' in languages
    # Choosing one opens the same page in it.
    arabic = visitor.get("/prepare/safety?lang=ar").get_data(as_text=True)
    assert 'lang="ar"' in arabic and 'dir="rtl"' in arabic


def test_the_language_page_sends_you_back_only_to_this_site():
    from app.web.i18n import page_in_language

    assert page_in_language("/prepare?from=check&lang=pl", "ar") == "/prepare?from=check&lang=ar"
    assert page_in_language("/home", side_by_side="on") == "/home?side_by_side=on"
    for elsewhere in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "home"):
        assert page_in_language(elsewhere, "cy") == "/?lang=cy"


def test_the_translation_notice_is_one_line_with_more_on_the_language_page(app):
    visitor = Person(app)
    page = visitor.get("/?lang=pl").get_data(as_text=True)
    [notice] = re.findall(r'<p class="govuk-body-s portal-translation-warning">(.*?)</p>', page,
                          re.DOTALL)
    assert 'href="/language?next=' in notice and "#translation" in notice
    more = visitor.get("/language?next=/").get_data(as_text=True)
    assert "interpreter" not in visible_text(page).lower()
    assert 'id="translation"' in more


def test_the_language_and_feedback_pages_are_for_everyone(sqlite_app):
    from tests.helpers import people_of_every_role as people

    for who, visitor, _start in people(sqlite_app):
        if not isinstance(visitor, Person):
            visitor = staff_sign_in(sqlite_app, visitor)
        for url in ("/language?next=/home", "/feedback", "/exit"):
            expected = 302 if url == "/exit" else 200
            assert visitor.get(url).status_code == expected, (who, url)
