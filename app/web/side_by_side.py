"""The interpreter's view: a page's content in the family's language with English beside it.

The page is rendered twice from the same template, once in each language, so the two
renderings have the same shape. They are paired block by block (a paragraph with its
paragraph, a list with its list), going down through wrappers the two share, and laid out as
rows: side by side on a wide screen, stacked on a phone.

The English copy is for reading only. Its form controls are left out (a form is filled in
once, in the family's language), and its ids are dropped so nothing on the page is duplicated.
"""

import re
from html import escape
from html.parser import HTMLParser

from markupsafe import Markup

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
# Wrappers to go down through when both renderings have just one of them at a level.
WRAPPERS = {"div", "section", "article", "form", "fieldset", "main"}
# Lists are paired item by item (a term with its meaning, in a description list), each
# row holding a one-item list of the same kind, so an item is never cut from its list.
LISTS = {"ul", "ol", "dl"}
INTERACTIVE = re.compile(r"<(form|input|textarea|select|button)\b", re.IGNORECASE)
ID_ATTRIBUTES = re.compile(r'\s(id|for|aria-describedby|aria-labelledby|aria-controls)="[^"]*"')
TAGS = re.compile(r"<[^>]+>")
HIDDEN = re.compile(r"<[^>]*\shidden[\s>=]")
HEADING = re.compile(r"<(/?)h[1-6]\b", re.IGNORECASE)


class _Splitter(HTMLParser):
    """Cuts an HTML fragment into its top-level pieces, keeping each piece's exact source."""

    def __init__(self, source):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.lines = [0]
        for line in source.splitlines(keepends=True):
            self.lines.append(self.lines[-1] + len(line))
        self.depth = 0
        self.starts = []  # (offset, tag) of each top-level element
        self.text_ranges = []
        self.feed(source)
        self.close()

    def _offset(self):
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            self.starts.append((self._offset(), tag))
        if tag not in VOID:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        if self.depth == 0:
            self.starts.append((self._offset(), tag))

    def handle_endtag(self, tag):
        if tag not in VOID and self.depth > 0:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth == 0 and data.strip():
            self.starts.append((self._offset(), "#text"))


def top_level_pieces(fragment):
    """[(tag, html)] for each top-level element or run of text in an HTML fragment."""
    starts = _Splitter(fragment).starts
    pieces = []
    for index, (offset, tag) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(fragment)
        piece = fragment[offset:end].strip()
        if piece:
            pieces.append((tag, piece))
    return pieces


def _inner(tag, piece):
    """The opening tag, the inside and the closing tag of an element's source."""
    opening_end = piece.index(">") + 1
    closing = piece.rstrip()
    closing_start = closing.lower().rindex(f"</{tag}")
    return piece[:opening_end], piece[opening_end:closing_start], closing[closing_start:]


def reading_copy(piece):
    """The English piece as something to read: no ids, no form controls, and no headings
    (it looks the same, but the page's outline is the family's language alone)."""
    if INTERACTIVE.search(piece):
        text = " ".join(TAGS.sub(" ", piece).split())
        return f"<p class=\"govuk-body\">{text}</p>" if text else ""
    return HEADING.sub(r"<\1p", ID_ATTRIBUTES.sub("", piece))


def _row(own, english, lang, direction):
    return (
        '<div class="portal-side-by-side__row">'
        f'<div class="portal-side-by-side__cell" lang="{escape(lang)}" dir="{direction}">'
        f"{own}</div>"
        f'<div class="portal-side-by-side__cell portal-side-by-side__cell--english" lang="en" '
        f'dir="ltr">{reading_copy(english)}</div></div>'
    )


def _list_groups(tag, inside):
    """The items of a list's inside: each <li>, or each <dt> with the <dd>s after it."""
    pieces = top_level_pieces(inside)
    if tag != "dl":
        return [[piece] for name, piece in pieces if name == "li"] if all(
            name == "li" for name, _ in pieces) else None
    groups = []
    for name, piece in pieces:
        if name == "dt" and (not groups or groups[-1][-1][0] != "dt"):
            groups.append([(name, piece)])
        elif name in ("dt", "dd") and groups:
            groups[-1].append((name, piece))
        else:
            return None
    return [[piece for _name, piece in group] for group in groups]


def _pair_list(tag, own_piece, english_piece, lang, direction):
    """Rows of one item each, or None when the two lists do not have the same items."""
    own_open, own_inside, own_close = _inner(tag, own_piece)
    english_open, english_inside, english_close = _inner(tag, english_piece)
    own_items, english_items = _list_groups(tag, own_inside), _list_groups(tag, english_inside)
    if not own_items or not english_items or len(own_items) != len(english_items):
        return None
    rows = []
    for number, (own_item, english_item) in enumerate(
            zip(own_items, english_items, strict=True), start=1):
        start = f' start="{number}"' if tag == "ol" and number > 1 else ""
        rows.append(_row(own_open[:-1] + start + ">" + "".join(own_item) + own_close,
                         english_open[:-1] + start + ">" + "".join(english_item)
                         + english_close, lang, direction))
    return "".join(rows)


def pair(own, english, lang, direction):
    """HTML pairing each block of `own` (in the family's language) with its English block."""
    own_pieces, english_pieces = top_level_pieces(own), top_level_pieces(english)
    if [tag for tag, _ in own_pieces] != [tag for tag, _ in english_pieces]:
        return _row(own, english, lang, direction)
    parts = []
    for (tag, own_piece), (_, english_piece) in zip(own_pieces, english_pieces, strict=True):
        if tag in WRAPPERS:
            # The wrapper (a form too) stays whole around both columns: a form is sent once.
            own_open, own_inside, own_close = _inner(tag, own_piece)
            english_inside = _inner(tag, english_piece)[1]
            parts.append(own_open + pair(own_inside, english_inside, lang, direction) + own_close)
        elif HIDDEN.match(own_piece):
            parts.append(own_piece)  # shown only by a script, in the page's own language
        elif tag in LISTS and (rows := _pair_list(tag, own_piece, english_piece, lang,
                                                  direction)):
            parts.append(rows)
        else:
            parts.append(_row(own_piece, english_piece, lang, direction))
    return "".join(parts)


def side_by_side(own, english, lang, direction):
    paired = pair(str(own), str(english), lang, direction)
    # `own` and `english` are rendered templates (already markup): paired, they stay markup.
    return Markup('<div class="portal-side-by-side">{}</div>').format(Markup(paired))
