"""What a person sees of a page: its visible text, without tags, scripts or hidden parts."""

import re
from html.parser import HTMLParser

SKIP = {"script", "style", "template", "head"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}

INLINE = {"a", "abbr", "b", "bdi", "bdo", "code", "em", "i", "label", "small", "span", "strong",
          "sub", "sup", "time"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.hidden = []  # a stack: whether each open element hides its content

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            if tag == "br":
                self.parts.append("\n")
            return
        attributes = dict(attrs)
        hides = (tag in SKIP or "hidden" in attributes
                 or "govuk-visually-hidden" in (attributes.get("class") or "").split())
        self.hidden.append(hides)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.hidden:
            self.hidden.pop()
        if tag not in INLINE:
            self.parts.append(" ")

    def handle_data(self, data):
        if not any(self.hidden):
            self.parts.append(data)


def visible_text(html):
    """The words on the page as a sighted person reads them, spaces collapsed."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def visible(response):
    return visible_text(response.get_data(as_text=True))
