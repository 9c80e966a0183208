"""People's text becomes markup in one way only: escaped, then put into markup built with
Markup.format or Markup.join, never by joining strings."""

import re
from pathlib import Path

from markupsafe import Markup

from app.web.template_helpers import joined, lines, link, preserve_lines

TEXT = 'Tom & "Jerry" <b>\nسلام'


def test_preserve_lines_escapes_and_keeps_the_text_whole():
    html = preserve_lines(TEXT, "Nothing written")
    assert isinstance(html, Markup)
    assert html == ('<span class="portal-preserve-lines" dir="auto">Tom &amp; &#34;Jerry&#34; '
                    '&lt;b&gt;\nسلام</span>')
    assert preserve_lines("  ", "Nothing <written>") == "Nothing &lt;written&gt;"
    assert preserve_lines(None) == ""


def test_a_link_and_a_sentence_beside_it_are_escaped_but_the_link_stays_a_link():
    html = joined(["A & B.", link("/x?a=1&b=2", "Read <it>")])
    assert html == 'A &amp; B. <a class="govuk-link" href="/x?a=1&amp;b=2">Read &lt;it&gt;</a>'
    assert lines(["one & two", "<three>"]) == "one &amp; two<br>&lt;three&gt;"


# A literal tag joined (~) to other text in a template, or a join with a tag as its glue:
# with autoescaping, the tag is escaped too and the page shows it as text.
JOINED_TAG = re.compile(r"~\s*['\"]\s*<|['\"]\s*<[a-z/][^'\"]*['\"]\s*~|join\(\s*['\"]<")
# Icons are fixed drawings, no one's text: the only literal markup templates join.
FIXED_DRAWINGS = {"guide/templates/guide/_icons.html"}


def test_no_template_builds_markup_by_joining_strings():
    app_dir = Path(__file__).resolve().parents[2] / "app"
    found = []
    for path in app_dir.rglob("*.html"):
        where = path.relative_to(app_dir).as_posix()
        if "govuk_frontend_jinja" in where or where in FIXED_DRAWINGS:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if JOINED_TAG.search(line):
                found.append(f"{where}:{number}")
    assert found == []
