"""Interpreters see the family's language with English beside it; anyone can turn it on."""

import re

from conftest import Person, participant, sign_in

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
