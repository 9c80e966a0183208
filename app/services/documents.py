"""Checking uploaded PDFs by their content, and making (and encrypting) PDFs.

Uploads are judged only by their bytes: a file name or a browser-supplied content
type says nothing about what a viewer will do with the file.
"""

from __future__ import annotations

import io
import re
import secrets
import unicodedata
from urllib.parse import quote

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

__all__ = [
    "ACTIVE_CONTENT",
    "MAX_OBJECTS",
    "OUTWARD_LINKS",
    "TOO_COMPLEX",
    "EMPTY",
    "ENCRYPTED",
    "NOT_PDF",
    "INLINE_PDF_HEADERS",
    "SAFE_DOCUMENT_HEADERS",
    "TOO_LARGE",
    "UNREADABLE",
    "DocumentRejected",
    "check_pdf",
    "content_disposition",
    "encrypt_pdf",
    "pdf_text",
    "render_pdf",
]

EMPTY = "empty"
TOO_LARGE = "too-large"
NOT_PDF = "not-pdf"
ENCRYPTED = "encrypted"
ACTIVE_CONTENT = "active-content"
OUTWARD_LINKS = "outward-links"
TOO_COMPLEX = "too-complex"
UNREADABLE = "unreadable"

# A long tagged report (every paragraph, heading and table cell is an object) has some
# thousands to a few tens of thousands of objects. More than this is refused before
# pypdf parses anything: 200,000 tiny objects took 12 s and more to check.
MAX_OBJECTS = 50_000
# How many objects and values the walk may visit, for the same reason.
_MAX_WALK_STEPS = 40 * MAX_OBJECTS

_MESSAGES = {
    EMPTY: "The file is empty.",
    TOO_LARGE: "The file is too large.",
    NOT_PDF: "The file is not a PDF.",
    ENCRYPTED: "The PDF is password protected.",
    ACTIVE_CONTENT: "The PDF contains scripts, launch actions or embedded files.",
    OUTWARD_LINKS: "The PDF has links or actions that reach outside the document.",
    TOO_COMPLEX: "The PDF has too many parts to check.",
    UNREADABLE: "The PDF could not be read.",
}


class DocumentRejected(Exception):
    """An upload failed a check; ``reason`` is one of the module's reason constants."""

    def __init__(self, reason: str, message: str | None = None) -> None:
        super().__init__(message or _MESSAGES.get(reason, reason))
        self.reason = reason


# PDF readers accept the header anywhere in the first 1024 bytes, so a stricter
# check would reject some real (if sloppy) files; the junk in front is still scanned.
_HEADER_WINDOW = 1024
_HEADER = b"%PDF-"
_EOF_WINDOW = 1024
_EOF = b"%%EOF"

# Names that mean a viewer may run code, start a program or hand over a file.
# Compared after #xx escapes are decoded, so /J#53 counts as /JS.
_DANGEROUS_NAMES = frozenset(
    {"JavaScript", "JS", "Launch", "EmbeddedFile", "EmbeddedFiles", "RichMedia", "XFA"}
)

# Names that make a viewer reach outside the document when it is opened or a link is
# pressed: a web address (/URI, also in link annotations), a form that sends its data
# (/SubmitForm), another file or network share (/GoToR, /GoToE, /ImportData, a /URL
# file specification), or media from elsewhere (/Rendition, /Movie). Opening such a
# file could tell its sender when, and from which address, a parent read it.
_OUTWARD_NAMES = frozenset(
    {"URI", "SubmitForm", "GoToR", "GoToE", "ImportData", "URL", "Rendition", "Movie"}
)

# A name token is "/" then regular characters; it ends at PDF whitespace
# (NUL, TAB, LF, FF, CR, space) or a delimiter, so /JSON is not /JS.
_NAME_TOKEN = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")

# Stream bodies are left out of the raw scan: compressed fonts and images are
# random bytes, and "/JS" followed by a delimiter turns up in a few megabytes of
# them often enough to reject honest scans. Objects inside object streams are
# covered by the pypdf walk instead, which decodes them. Found with plain searches
# that only move forward: a lazy regular expression over the whole file took
# minutes on a small file of "stream" repeated without "endstream".
_STREAM_START = re.compile(rb"\bstream\r?\n")
_STREAM_END = re.compile(rb"\bendstream\b")

# Signs of how many objects a file holds, found without parsing it: "obj" keywords,
# cross-reference table subsections ("0 200004" then that many entries), and the
# /Size of a trailer or cross-reference stream (which counts compressed objects too).
# Plain byte counts and anchored matches: a regular expression over every digit of a
# 10 MB file took seconds.
_XREF_SUBSECTION = re.compile(rb"[ \t\r\n]*(\d{1,10})[ \t]+(\d{1,10})[ \t]*\r?\n?")
_SIZE = re.compile(rb"/Size\s+(\d{1,12})")

# File specification keys that hold embedded file streams.
_FILESPEC_STREAM_KEYS = ("/F", "/UF", "/DOS", "/Mac", "/Unix")


def _decode_name(raw: bytes) -> str:
    decoded = _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
    return decoded.decode("latin-1")


def _outside_streams(data: bytes) -> bytes:
    parts = []
    position = 0
    while (start := _STREAM_START.search(data, position)) is not None:
        parts.append(data[position:start.start()])
        end = _STREAM_END.search(data, start.end())
        if end is None:
            # No end: scan the rest as it is, as if it were not a stream.
            parts.append(data[start.start():])
            return b" ".join(parts)
        position = end.end()
    parts.append(data[position:])
    return b" ".join(parts)


def _raw_scan(data: bytes) -> str | None:
    """The reason to refuse the file, from the names outside stream bodies, or None."""
    outward = False
    for match in _NAME_TOKEN.finditer(_outside_streams(data)):
        name = _decode_name(match.group(1))
        if name in _DANGEROUS_NAMES:
            return ACTIVE_CONTENT
        outward = outward or name in _OUTWARD_NAMES
    return OUTWARD_LINKS if outward else None


def _raw_scan_finds_active_content(data: bytes) -> bool:
    return _raw_scan(data) == ACTIVE_CONTENT


def _xref_entries(data: bytes) -> int:
    total = 0
    position = data.find(b"xref")
    while position != -1:
        cursor = position + 4
        while (subsection := _XREF_SUBSECTION.match(data, cursor)) is not None:
            count = int(subsection.group(2))
            total += count
            cursor = subsection.end() + 20 * count
        position = data.find(b"xref", position + 4)
    return total


def _object_count(data: bytes) -> int:
    """How many objects the file says or seems to hold: the largest of three counts."""
    ends = data.count(b"endobj")
    keywords = max(ends, data.count(b"obj") - ends)
    sizes = (int(match.group(1)) for match in _SIZE.finditer(data))
    return max(keywords, _xref_entries(data), max(sizes, default=0))


def _is_dangerous_name(value: object) -> bool:
    return isinstance(value, NameObject) and value[1:] in _DANGEROUS_NAMES


def _is_outward_name(value: object) -> bool:
    return isinstance(value, NameObject) and value[1:] in _OUTWARD_NAMES


def _holds_embedded_file(dictionary: DictionaryObject) -> bool:
    # A file specification's /EF maps /F, /UF... to the file data. /EmbeddedFile
    # as the stream's /Type is optional, so /EF itself has to be looked at.
    ef = dictionary.get("/EF")
    if ef is None:
        return False
    ef = ef.get_object()
    if not isinstance(ef, DictionaryObject):
        return False
    return any(
        isinstance(ef[key].get_object(), StreamObject)
        for key in _FILESPEC_STREAM_KEYS
        if key in ef
    )


class _TooComplex(Exception):
    pass


def _walk(reader: PdfReader) -> str | None:
    """Look at every object pypdf can find, reachable from the catalogue or not, and
    return the reason to refuse the file, or None."""
    roots: list[object] = [reader.trailer]
    # Objects not linked from the catalogue are included on purpose: another
    # viewer's repair logic may link them differently than pypdf does.
    for generation, entries in reader.xref.items():
        roots.extend(IndirectObject(idnum, generation, reader) for idnum in entries)
    roots.extend(IndirectObject(idnum, 0, reader) for idnum in reader.xref_objStm)
    if len(roots) > MAX_OBJECTS:
        raise _TooComplex

    seen: set[tuple[int, int]] = set()
    stack = list(roots)
    outward = False
    steps = 0
    # Iterative rather than recursive: nesting depth is up to whoever made the file.
    while stack:
        steps += 1
        if steps > _MAX_WALK_STEPS:
            raise _TooComplex
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):  # includes streams' dictionaries
            if _holds_embedded_file(obj):
                return ACTIVE_CONTENT
            for name, value in obj.items():
                if name[1:] in _DANGEROUS_NAMES or _is_dangerous_name(value):
                    return ACTIVE_CONTENT
                outward = outward or name[1:] in _OUTWARD_NAMES or _is_outward_name(value)
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            for value in obj:
                if _is_dangerous_name(value):
                    return ACTIVE_CONTENT
                outward = outward or _is_outward_name(value)
                stack.append(value)
    return OUTWARD_LINKS if outward else None


def _walk_finds_active_content(reader: PdfReader) -> bool:
    return _walk(reader) == ACTIVE_CONTENT


def check_pdf(data: bytes, max_bytes: int) -> int:
    """Check an uploaded PDF by its content and return its page count.

    Raises ``DocumentRejected`` whose ``reason`` says why the file was refused.
    """
    if not data:
        raise DocumentRejected(EMPTY)
    if len(data) > max_bytes:
        raise DocumentRejected(TOO_LARGE)
    data = bytes(data)
    if _HEADER not in data[: _HEADER_WINDOW + len(_HEADER)]:
        raise DocumentRejected(NOT_PDF)

    if _EOF not in data[-_EOF_WINDOW:]:
        # pypdf would look for it line by line from the end, which took 10 s and more
        # on a file of short lines; Acrobat wants it in the last 1024 bytes too.
        raise DocumentRejected(UNREADABLE)
    if _object_count(data) > MAX_OBJECTS:
        raise DocumentRejected(TOO_COMPLEX)

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except Exception as exc:  # pypdf raises many kinds of error on broken files
        raise DocumentRejected(UNREADABLE) from exc
    if encrypted:
        # Encrypted strings and streams cannot be scanned, and the family or the
        # conference chair would not be able to open the file anyway.
        raise DocumentRejected(ENCRYPTED)

    raw_reason = _raw_scan(data)
    if raw_reason == ACTIVE_CONTENT:
        raise DocumentRejected(ACTIVE_CONTENT)
    try:
        walk_reason = _walk(reader)
        pages = len(reader.pages)
    except _TooComplex:
        raise DocumentRejected(TOO_COMPLEX) from None
    except Exception as exc:
        # If pypdf cannot read an object, we cannot say it is harmless.
        raise DocumentRejected(UNREADABLE) from exc
    if walk_reason or raw_reason:
        raise DocumentRejected(walk_reason or raw_reason)
    if pages < 1:
        raise DocumentRejected(UNREADABLE)
    return pages


def warm_up_pdf() -> None:
    """Load WeasyPrint, Pango and the fonts once, before the first person asks for a PDF.

    The first PDF a fresh process makes otherwise takes seconds. Called by the production
    server before it starts its workers (gunicorn.conf.py), so they share what it loaded.
    """
    # Headings, bold, italic, lists, a table, and each script the portal's languages use,
    # so that the fonts a real document needs are found and loaded here, once.
    render_pdf(
        "<!DOCTYPE html><html lang='en'><title>-</title><body>"
        "<h1>Ready</h1><h2>Decisions</h2><p><strong>Plan</strong> <em>review</em></p>"
        "<ul><li>One</li></ul><table><tr><th>Who</th><td>When</td></tr></table>"
        "<p lang='ar' dir='rtl'>جاهز</p><p lang='ur' dir='rtl'>تیار</p><p lang='bn'>প্রস্তুত</p>"
        "<p lang='gu'>તૈયાર</p><p lang='pa'>ਤਿਆਰ</p><p lang='cy'>Barod ŵ ŷ</p>"
        "</body></html>")


def render_pdf(html: str, base_url: str | None = None, title: str = "", lang: str = "en") -> bytes:
    """Render HTML to a tagged (PDF/UA-1) PDF without touching the network.

    ``title`` and ``lang`` override the HTML's ``<title>`` and ``<html lang>`` when
    given; PDF/UA needs both so screen readers announce and pronounce the document.
    """
    # Imported here: WeasyPrint loads Pango at import time, which the rest of the
    # app (and the upload checks) should not pay for.
    from weasyprint import HTML

    options = {
        "pdf_variant": "pdf/ua-1",  # also sets pdf_version 1.7 and pdf_tags
        "pdf_tags": True,
    }
    document = HTML(string=html, base_url=base_url, url_fetcher=_data_url_fetcher()).render(
        **options
    )
    if title:
        document.metadata.title = title
    if lang:
        document.metadata.lang = lang
    # Family documents never carry attachments, even if a template links one.
    document.metadata.attachments = []
    return document.write_pdf(**options)


def _data_url_fetcher():
    from weasyprint.urls import URLFetcher

    class DataURLFetcher(URLFetcher):
        """Refuses every URL except inline data: URLs.

        Rendering must never make a request: that could leak what is being
        rendered, or be turned against internal services by a crafted link.
        WeasyPrint catches the error, logs it and leaves the resource out.
        """

        def fetch(self, url, headers=None):
            if not url.lower().startswith("data:"):
                raise ValueError(f"Refusing to fetch {url[:80]!r}: only data: URLs are allowed")
            return super().fetch(url, headers)

    return DataURLFetcher(allowed_protocols=("data",), allow_redirects=False)


def encrypt_pdf(data: bytes, password: str) -> bytes:
    """Encrypt a PDF with AES-256 (PDF 2.0 standard security handler, revision 6)."""
    if not password:
        raise ValueError("A password is required to encrypt a PDF.")
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise ValueError("The PDF is already encrypted.")
    # Cloning keeps the catalogue: structure tree, /Lang, /MarkInfo and XMP metadata,
    # so the tagged PDF stays accessible once decrypted.
    writer = PdfWriter(clone_from=reader)
    # Nobody needs the owner password: a random one stops it defaulting to the
    # user password, which would let the family's password change permissions.
    writer.encrypt(
        user_password=password,
        owner_password=secrets.token_urlsafe(32),
        algorithm="AES-256",
    )
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def pdf_text(data: bytes, password: str | None = None) -> str:
    """Extracted text of all pages, one page per paragraph."""
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(password or ""):
        raise ValueError("The PDF is encrypted and the password is missing or wrong.")
    return "\n\n".join(page.extract_text() or "" for page in reader.pages)


# A document shown inline must not run script or load anything, even if a browser
# decides to render it as something other than a PDF.
SAFE_DOCUMENT_HEADERS = {
    "Content-Security-Policy": (
        "sandbox; default-src 'none'; object-src 'none'; frame-ancestors 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
}

# A PDF opened in the browser's own viewer. Chrome and Safari do not run their viewer in a
# sandboxed document (nor with object-src 'none'), so the page would be blank on the
# phones families use. What keeps it safe instead: the file was checked by content when
# it came in (no script, no actions or links that leave it, not encrypted), it is sent as a PDF that
# may not be sniffed as anything else, and no page may frame it.
INLINE_PDF_HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
}

_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9._-]+")
_EXTENSION = re.compile(r"[A-Za-z0-9]{1,10}")
_FALLBACK_STEM = "document"
_MAX_FILENAME = 150


def _shorten(name: str) -> str:
    """Cut an over-long name, keeping its extension."""
    if len(name) <= _MAX_FILENAME:
        return name
    stem, dot, ext = name.rpartition(".")
    if dot and _EXTENSION.fullmatch(ext):
        return stem[: _MAX_FILENAME - len(ext) - 1] + "." + ext
    return name[:_MAX_FILENAME]


def _ascii_filename(filename: str) -> str:
    # NFKD splits "ŵ" into "w" + combining accent, so Welsh names stay readable.
    decomposed = unicodedata.normalize("NFKD", filename)
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    cleaned = _UNSAFE_ASCII.sub("_", ascii_only)
    stem, dot, ext = cleaned.rpartition(".")
    if not dot or not _EXTENSION.fullmatch(ext):
        stem, ext = cleaned, ""
    # Leading dots would make a hidden file; a name in another script leaves nothing.
    stem = stem.strip("._-") or _FALLBACK_STEM
    return _shorten(f"{stem}.{ext}" if ext else stem)


def _unicode_filename(filename: str) -> str:
    # Drop control and format characters (newlines, and bidi overrides that disguise
    # an extension), and path separators; quote() escapes everything else.
    kept = "".join(
        "_" if char in "/\\" else char
        for char in unicodedata.normalize("NFC", filename)
        if unicodedata.category(char) not in {"Cc", "Cf"}
    )
    kept = kept.strip(" ._")
    if not any(char.isalnum() for char in kept):
        return ""
    return _shorten(kept)


def content_disposition(filename: str, inline: bool) -> str:
    """A Content-Disposition value with an ASCII filename and an RFC 5987 UTF-8 one."""
    disposition = "inline" if inline else "attachment"
    fallback = _ascii_filename(filename)
    full = _unicode_filename(filename) or fallback
    # quote(safe="") leaves only letters, digits and "-._~", all allowed in RFC 5987.
    encoded = quote(full, safe="")
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
