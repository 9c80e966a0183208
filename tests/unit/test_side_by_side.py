"""Pairing a page's blocks with their English: the interpreter's view."""

import re

from app.web.side_by_side import pair, reading_copy, top_level_pieces


def test_top_level_pieces_keep_each_block_whole():
    html = '<h1 class="x">Title</h1>\n<p>One <a href="#">link</a></p><br><ul><li>a</li></ul>'
    assert [tag for tag, _ in top_level_pieces(html)] == ["h1", "p", "br", "ul"]
    assert top_level_pieces(html)[1][1] == '<p>One <a href="#">link</a></p>'


def test_blocks_are_paired_one_to_one_through_shared_wrappers():
    own = '<div class="row"><div class="col"><h1>Teitl</h1><p>Paragraff</p></div></div>'
    english = '<div class="row"><div class="col"><h1>Title</h1><p>Paragraph</p></div></div>'
    html = pair(own, english, "cy", "ltr")
    rows = re.findall(r'<div class="portal-side-by-side__row">(.*?)</div></div>', html)
    assert len(rows) == 2
    assert "Teitl" in rows[0] and "Title" in rows[0]
    assert "Paragraff" in rows[1] and "Paragraph" in rows[1]
    assert html.startswith('<div class="row"><div class="col">')  # the layout is kept


def test_the_family_language_is_marked_and_english_reads_left_to_right():
    html = pair("<p>سلام</p>", "<p>Hello</p>", "ur", "rtl")
    assert 'lang="ur" dir="rtl"><p>سلام</p>' in html
    assert 'lang="en" dir="ltr"><p>Hello</p>' in html


def test_different_shapes_fall_back_to_the_whole_block_side_by_side():
    html = pair("<p>Un</p><p>Dau</p>", "<p>One</p>", "cy", "ltr")
    assert html.count("portal-side-by-side__row") == 1
    assert "Dau" in html and "One" in html


def test_the_english_copy_has_no_form_controls_and_no_ids():
    own = ('<form method="post"><div class="govuk-form-group"><label for="a">Enw</label>'
           '<input id="a" name="a"></div><button>Anfon</button></form>')
    english = ('<form method="post"><div class="govuk-form-group"><label for="a">Name</label>'
               '<input id="a" name="a"></div><button>Send</button></form>')
    html = pair(own, english, "cy", "ltr")
    assert html.count("<form") == 1 and html.count("<input") == 1 and html.count("<button") == 1
    assert html.count('id="a"') == 1
    assert "Name" in html and "Send" in html
    assert reading_copy('<p id="x">Hi</p>') == "<p>Hi</p>"


def test_a_hidden_control_is_not_copied_into_english():
    own = '<button hidden data-x="1">Gwrando</button><p>Testun</p>'
    english = '<button hidden data-x="1">Listen</button><p>Text</p>'
    html = pair(own, english, "cy", "ltr")
    assert "Listen" not in html and html.count("portal-side-by-side__row") == 1
    assert html.startswith("<button hidden")


def test_lists_are_paired_item_by_item_and_keep_their_numbers():
    own = '<ol class="govuk-list"><li>Un</li><li>Dau</li></ol>'
    english = '<ol class="govuk-list"><li>One</li><li>Two</li></ol>'
    html = pair(own, english, "cy", "ltr")
    rows = re.findall(r'<div class="portal-side-by-side__row">(.*?)</div></div>', html)
    assert len(rows) == 2
    assert "Un" in rows[0] and "One" in rows[0] and "Dau" in rows[1] and "Two" in rows[1]
    assert '<ol class="govuk-list" start="2"><li>Dau</li></ol>' in rows[1]


def test_a_glossary_pairs_each_term_with_its_meaning():
    own = ("<dl><dt id='a'>Cadeirydd</dt><dd>Yn arwain</dd>"
           "<dt>Eiriolwr</dt><dd>Ar eich ochr</dd></dl>")
    english = "<dl><dt id='a'>Chair</dt><dd>Leads</dd><dt>Advocate</dt><dd>On your side</dd></dl>"
    html = pair(own, english, "cy", "ltr")
    assert html.count("portal-side-by-side__row") == 2
    second = html.split("portal-side-by-side__row")[2]
    assert "Eiriolwr" in second and "Advocate" in second and "Ar eich ochr" in second


def test_lists_of_different_lengths_stay_whole():
    html = pair("<ul><li>Un</li></ul>", "<ul><li>One</li><li>Two</li></ul>", "cy", "ltr")
    assert html.count("portal-side-by-side__row") == 1


def test_the_english_copy_keeps_the_look_of_a_heading_but_not_its_role():
    html = pair('<h2 class="govuk-heading-m">Y cyfarfod</h2>',
                '<h2 class="govuk-heading-m">The meeting</h2>', "cy", "ltr")
    assert html.count("<h2") == 1 and '<p class="govuk-heading-m">The meeting</p>' in html
