"""Every guide page, measured as a reader meets it: the English text of its main content,
scored with textstat (0.7.3, which needs no download). A page that is too hard to read, or
has a sentence over 25 words, fails the suite."""

import re
from html.parser import HTMLParser

import pytest
import textstat

from app.services import guides as guide

# Flesch reading ease: higher is easier. 60 is plain English; 80 is easy for children.
MINIMUM_EASE = {"parents": 60, "young_people": 70, "children": 80, "glossary": 60}
LONGEST_SENTENCE = 25

# Blocks that end a sentence even without a full stop: headings, list items, terms.
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "dt", "dd", "td", "th", "caption", "div"}


class MainText(HTMLParser):
    """The text of <main>, one string per block (paragraph, list item, heading...)."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # how deep inside <main>
        self.hidden = 0  # inside something not shown to readers
        self.blocks = [[]]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.depth = 1
            return
        if not self.depth:
            return
        self.depth += 1
        # Navigation (contents, previous and next) is not prose; hidden things are not read.
        if self.hidden or "hidden" in attrs or tag in ("script", "style", "svg", "nav"):
            self.hidden += 1
        if tag in BLOCKS:
            self.blocks.append([])

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "main":
            self.depth = 0
            return
        self.depth -= 1
        if self.hidden:
            self.hidden -= 1
        if tag in BLOCKS:
            self.blocks.append([])

    def handle_data(self, data):
        if self.depth and not self.hidden:
            self.blocks[-1].append(data)

    def text_blocks(self):
        blocks = (" ".join("".join(parts).split()) for parts in self.blocks)
        return [block for block in blocks if block]


def sentences_of(html):
    parser = MainText()
    parser.feed(html)
    sentences = []
    for block in parser.text_blocks():
        sentences += [s.strip() for s in re.split(r"(?<=[.!?:])\s+", block) if s.strip()]
    return sentences


def as_prose(sentences):
    # Headings and list items have no full stop; give them one so each counts as a sentence.
    return " ".join(s if s[-1] in ".!?:" else s + "." for s in sentences)


def guide_pages(app):
    with app.test_request_context():
        pages = [(g.audience, g.url(p.slug)) for g in guide.GUIDES for p in g.pages]
        from flask import url_for
        pages.append(("glossary", url_for("guide.glossary")))
    return pages


def measure(client, url):
    response = client.get(url + "?lang=en")
    assert response.status_code == 200, url
    sentences = sentences_of(response.get_data(as_text=True))
    prose = as_prose(sentences)
    return sentences, textstat.flesch_reading_ease(prose)


def test_every_guide_page_is_plain_enough(sqlite_app, capsys):
    client = sqlite_app.test_client()
    failures, scores = [], []
    for audience, url in guide_pages(sqlite_app):
        sentences, ease = measure(client, url)
        scores.append(f"{ease:6.1f}  {url}")
        assert len(sentences) >= 5, f"{url}: too little text found ({sentences})"
        if ease < MINIMUM_EASE[audience]:
            failures.append(f"{url}: Flesch reading ease {ease:.1f} < {MINIMUM_EASE[audience]}")
        for sentence in sentences:
            words = len(sentence.split())
            if words > LONGEST_SENTENCE:
                failures.append(f"{url}: {words} words: {sentence}")
    with capsys.disabled():
        print("\nFlesch reading ease per guide page:\n" + "\n".join(scores))
    assert not failures, "\n".join(failures)


def test_the_measure_sees_the_guide_and_not_the_header_or_footer(sqlite_app):
    html = sqlite_app.test_client().get("/guide/parents/the-meeting").get_data(as_text=True)
    sentences = sentences_of(html)
    assert "The chair makes the final decision." in sentences
    assert "Emotional abuse" in sentences  # a list item is a sentence of its own
    assert not any("Accessibility statement" in s for s in sentences)  # footer
    assert not any("Skip to main content" in s for s in sentences)  # header
    assert not any("Listen to this page" in s for s in sentences)  # hidden button
    assert "Your rights" not in sentences  # the contents list


@pytest.mark.parametrize("text,expected_hard", [
    ("The cat sat on the mat. It was warm. The dog ran in the sun.", False),
    ("Notwithstanding multidisciplinary safeguarding considerations, the interagency "
     "professional constituency necessitates comprehensive documentation.", True),
])
def test_the_measure_tells_plain_from_hard(text, expected_hard):
    assert (textstat.flesch_reading_ease(text) < 60) is expected_hard
