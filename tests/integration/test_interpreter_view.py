"""Interpreters see the family's language with English beside it; anyone can turn it on."""

import re

from conftest import Person, participant, sign_in

from app.data import models as m
from app.extensions import db
from app.services import preparation

ROW = "portal-side-by-side__row"


def test_an_interpreter_sees_english_beside_the_familys_language(app):
    interpreter = participant("interpreter")  # conference A's family speaks Urdu
    visitor = sign_in(app, interpreter)
    page = visitor.get("/guide/parents").get_data(as_text=True)
    assert 'lang="ur"' in page and ROW in page
    english_cells = re.findall(r'lang="en" dir="ltr">(.*?)</div></div>', page, re.S)
    assert english_cells and any(re.search(r"[A-Za-z]{4}", cell) for cell in english_cells)
    # Turned off, it stays off on the next page.
    assert ROW not in visitor.get("/guide/parents?side_by_side=off").get_data(as_text=True)
    assert ROW not in visitor.get("/home").get_data(as_text=True)


def test_anyone_can_turn_it_on_and_an_english_page_has_nothing_beside_it(app):
    visitor = Person(app)
    assert ROW not in visitor.get("/guide/parents?lang=cy").get_data(as_text=True)
    page = visitor.get("/guide/parents?side_by_side=on").get_data(as_text=True)
    assert ROW in page and "Hide English" not in page  # Welsh words for the switch
    assert ROW not in visitor.get("/guide/parents?lang=en").get_data(as_text=True)


def test_a_form_is_filled_in_once_with_english_to_read_beside_it(app):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    page = visitor.get("/prepare/question/strengths?lang=ur&side_by_side=on").get_data(as_text=True)
    assert ROW in page
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "an id appears twice"
    main = page[page.index("<main"):page.index("</main>")]
    assert main.count('name="csrf_token"') == 1 and main.count("<textarea") >= 1
    assert main.count("<form") == 1


def test_the_interpreters_home_shows_the_familys_languages_and_what_they_may_read(app):
    interpreter = participant("interpreter")
    parents = [participant("parent", index=0), participant("parent", index=1)]
    preparation.save_needs(parents[0], {"interpreter": "yes", "language": "Urdu",
                                        "dialect": "Mirpuri", "transport": "yes",
                                        "accessibility": "Private wheelchair note"}, m.utcnow())
    db.session.commit()
    visitor = sign_in(app, interpreter)
    home = visitor.get("/home?lang=en&side_by_side=off").get_data(as_text=True)
    assert "The family&#39;s languages" in home or "The family's languages" in home
    assert "Urdu (Mirpuri)</span>: 1 parent" in home
    assert "Private wheelchair note" not in home  # only the language reaches them
    assert "The chair has not shared the reports with you" in home
    preparation.save_needs(parents[1], {"interpreter": "yes", "language": "urdu"}, m.utcnow())
    interpreter.may_see_reports = True
    db.session.commit()
    home = visitor.get("/home").get_data(as_text=True)
    assert "The chair has let you read the reports" in home
    # Nobody else's home shows it: not a parent, not the other conference's interpreter.
    parent_home = sign_in(app, parents[0]).get("/home?lang=en").get_data(as_text=True)
    assert "Mirpuri" not in parent_home and "languages</h2>" not in parent_home
    other = sign_in(app, participant("interpreter", "B")).get("/home?lang=en")
    assert "Mirpuri" not in other.get_data(as_text=True)
