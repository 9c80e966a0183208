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


# --- the words alone, for checks over whole pages ---------------------------------

# Elements that start a new line: their text is not run together with the next.
BLOCKS = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "br", "tr",
          "td", "th", "title", "section", "header", "footer", "nav", "main", "form", "label",
          "button", "legend", "fieldset", "option", "summary", "details", "span"}


class _Words(HTMLParser):
    """The text a person sees: no scripts, styles or templates."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template", "noscript"):
            self._skip += 1
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "noscript") and self._skip:
            self._skip -= 1
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_words(html):
    """The words a person sees, run together with single spaces: block elements part
    words, scripts, styles and templates are left out."""
    parser = _Words()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())
