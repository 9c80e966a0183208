"""Unit tests for app.documents: upload checks, PDF rendering, encryption, headers.

Every PDF is made inside the test, with WeasyPrint or pypdf, so nothing depends on
fixture files whose content could drift.
"""

import io
import socket
import struct
import sys
import time
import zlib
from pathlib import Path
from urllib.parse import unquote

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

try:
    from app.services import documents
except ModuleNotFoundError:
    # Without a root conftest or installed package the project root is not on
    # sys.path when pytest is run as `.venv/bin/pytest`.
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from app.services import documents

DocumentRejected = documents.DocumentRejected
check_pdf = documents.check_pdf

MAX = 10 * 1024 * 1024

HTML = """<!DOCTYPE html>
<html lang="en">
<head><title>Conference plan</title></head>
<body>
  <h1>Child protection conference</h1>
  <p>Your conference is on Tuesday.</p>
</body>
</html>"""


def _png_1x1() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1x1, 8-bit greyscale
    pixels = zlib.compress(b"\x00\x80")  # filter byte, one grey pixel
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(
        b"IEND", b""
    )


def _write(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _blank_writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    return writer


def _reason(data: bytes, max_bytes: int = MAX) -> str:
    with pytest.raises(DocumentRejected) as caught:
        check_pdf(data, max_bytes)
    return caught.value.reason


@pytest.fixture(scope="module")
def rendered() -> bytes:
    return documents.render_pdf(HTML, title="Conference plan", lang="en-GB")


# --- check_pdf: accepted files ------------------------------------------------------


def test_rendered_pdf_is_accepted_with_page_count(rendered):
    assert check_pdf(rendered, MAX) == 1


def test_page_count_of_longer_document():
    html = "<html lang='en'><body>" + "<p style='break-after: page'>Page</p>" * 3 + "</body></html>"
    assert check_pdf(documents.render_pdf(html), MAX) == 3


def test_blank_pypdf_file_is_accepted():
    assert check_pdf(_write(_blank_writer()), MAX) == 1


def test_size_limit_is_inclusive(rendered):
    assert check_pdf(rendered, len(rendered)) == 1


def test_no_false_positive_on_json_and_names_starting_with_js():
    # pypdf writes these uncompressed, so the raw scan sees them as well as the walk.
    writer = _blank_writer()
    writer.add_metadata({"/Title": "JSON export /JSomething /JavaScripting (JS)"})
    page = writer.pages[0]
    page[NameObject("/JSomething")] = NameObject("/JSON")
    page[NameObject("/LaunchDate")] = TextStringObject("2024-05-01")
    page[NameObject("/XFAB")] = NameObject("/RichMedialess")
    data = _write(writer)
    assert b"/JSomething" in data and b"/JSON" in data
    assert check_pdf(data, MAX) == 1


def test_rendered_text_mentioning_javascript_is_accepted():
    html = "<html lang='en'><body><p>JSON, JavaScript, /JS and /Launch are just words.</p></body>"
    assert check_pdf(documents.render_pdf(html), MAX) == 1


def test_stream_bodies_are_not_raw_scanned():
    # Compressed images and fonts are random bytes where "/JS " turns up by chance.
    writer = _blank_writer()
    stream = DecodedStreamObject()
    stream.set_data(b"q Q\n% \x00\xff/JS \x93/Launch\x00 random binary\n")
    writer.pages[0][NameObject("/Contents")] = writer._add_object(stream)
    data = _write(writer)
    assert b"/JS " in data
    assert check_pdf(data, MAX) == 1


def test_leading_junk_before_header_within_window_is_tolerated(rendered):
    assert check_pdf(b"\r\n" * 50 + rendered, MAX) == 1


# --- check_pdf: rejected files ------------------------------------------------------


def test_empty_is_rejected():
    assert _reason(b"") == documents.EMPTY


def test_oversize_is_rejected(rendered):
    assert _reason(rendered, max_bytes=len(rendered) - 1) == documents.TOO_LARGE


def test_png_is_not_pdf():
    assert _reason(_png_1x1()) == documents.NOT_PDF


def test_text_file_is_not_pdf():
    assert _reason(b"Dear conference chair,\nPlease find attached.\n") == documents.NOT_PDF


def test_html_polyglot_with_late_header_is_not_pdf(rendered):
    assert _reason(b"<html><script>alert(1)</script>" + b" " * 2000 + rendered) == (
        documents.NOT_PDF
    )


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + b"garbage " * 100,
        b"%PDF-",
        b"%PDF-1.4\n%%EOF\n",
    ],
)
def test_garbage_after_header_is_unreadable(data):
    assert _reason(data) == documents.UNREADABLE


def test_truncated_pdf_is_unreadable(rendered):
    assert _reason(rendered[: len(rendered) // 2]) == documents.UNREADABLE


def test_javascript_name_tree_is_active_content():
    writer = _blank_writer()
    writer.add_open_action(JavaScript("app.alert(1)"))  # pypdf puts it in /Names /JavaScript
    assert _reason(_write(writer)) == documents.ACTIVE_CONTENT


def test_open_action_javascript_is_active_content():
    writer = _blank_writer()
    writer._root_object[NameObject("/OpenAction")] = JavaScript("app.alert(1)")
    assert _reason(_write(writer)) == documents.ACTIVE_CONTENT


def test_open_action_launch_is_active_content():
    writer = _blank_writer()
    launch = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Action"),
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("cmd.exe"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(launch)
    assert _reason(_write(writer)) == documents.ACTIVE_CONTENT


def test_page_additional_action_javascript_is_active_content():
    writer = _blank_writer()
    writer.pages[0][NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): JavaScript("this.print()")}
    )
    assert _reason(_write(writer)) == documents.ACTIVE_CONTENT


def test_embedded_file_is_active_content():
    writer = _blank_writer()
    writer.add_attachment("notes.txt", b"hello")
    assert _reason(_write(writer)) == documents.ACTIVE_CONTENT


def test_xfa_form_is_active_content():
    writer = _blank_writer()
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): ArrayObject()}
    )
    assert _reason(_write(writer)) == documents.ACTIVE_CONTENT


def test_rich_media_annotation_is_active_content():
    writer = _blank_writer()
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/RichMedia"),
            NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    assert _reason(_write(writer)) == documents.ACTIVE_CONTENT


def test_hex_escaped_javascript_name_is_active_content():
    writer = _blank_writer()
    writer._root_object[NameObject("/OpenAction")] = JavaScript("app.alert(1)")
    data = _write(writer)
    assert b"/JS " in data or b"/JS(" in data
    disguised = data.replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS", b"/J#53")
    assert _reason(disguised) == documents.ACTIVE_CONTENT


# --- actions and links that reach outside the document -------------------------------


def _action(kind, **entries):
    action = {NameObject("/Type"): NameObject("/Action"), NameObject("/S"): NameObject(kind)}
    action.update({NameObject("/" + key): value for key, value in entries.items()})
    return DictionaryObject(action)


def _network_file(path="\\\\tracker.example\\share\\x.pdf"):
    return DictionaryObject({NameObject("/Type"): NameObject("/Filespec"),
                             NameObject("/F"): TextStringObject(path)})


OUTWARD_ACTIONS = {
    "uri": lambda: _action("/URI", URI=TextStringObject("https://tracker.example/opened")),
    "submit-form": lambda: _action(
        "/SubmitForm", F=DictionaryObject({NameObject("/FS"): NameObject("/URL"),
                                           NameObject("/F"): TextStringObject(
                                               "https://tracker.example/form")})),
    "goto-remote-share": lambda: _action(
        "/GoToR", F=_network_file(), D=ArrayObject([NumberObject(0), NameObject("/Fit")])),
    "goto-embedded-remote": lambda: _action("/GoToE", F=_network_file()),
    "launch-network-path": lambda: _action("/Launch", F=_network_file()),
    "import-data": lambda: _action("/ImportData", F=_network_file("//tracker.example/d.fdf")),
}


@pytest.mark.parametrize("kind", sorted(OUTWARD_ACTIONS))
def test_open_action_that_reaches_outside_is_refused(kind):
    writer = _blank_writer()
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(OUTWARD_ACTIONS[kind]())
    expected = documents.ACTIVE_CONTENT if kind.startswith("launch") else documents.OUTWARD_LINKS
    assert _reason(_write(writer)) == expected


@pytest.mark.parametrize("kind", sorted(OUTWARD_ACTIONS))
def test_page_open_action_that_reaches_outside_is_refused(kind):
    writer = _blank_writer()
    page_open = DictionaryObject({NameObject("/O"): OUTWARD_ACTIONS[kind]()})
    writer.pages[0][NameObject("/AA")] = page_open
    expected = documents.ACTIVE_CONTENT if kind.startswith("launch") else documents.OUTWARD_LINKS
    assert _reason(_write(writer)) == expected


def test_web_link_annotation_is_refused():
    writer = _blank_writer()
    annotation = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
        NameObject("/A"): OUTWARD_ACTIONS["uri"](),
    })
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    assert _reason(_write(writer)) == documents.OUTWARD_LINKS


def test_outward_action_hidden_in_an_object_stream_is_refused():
    # Compressed into an object stream, "/URI" is not in the raw bytes: the walk finds it.
    writer = _blank_writer()
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(OUTWARD_ACTIONS["uri"]())
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    assert _reason(data) == documents.OUTWARD_LINKS


def test_link_within_the_document_is_accepted():
    writer = _blank_writer()
    writer.add_blank_page(width=200, height=200)
    annotation = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
        NameObject("/A"): _action("/GoTo", D=ArrayObject([writer.pages[1].indirect_reference,
                                                         NameObject("/Fit")])),
    })
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    assert check_pdf(_write(writer), MAX) == 2


# --- bounded work -----------------------------------------------------------------


def test_pdf_with_too_many_objects_is_refused_quickly():
    from hostile_files import many_objects_pdf

    data = many_objects_pdf(200_000)
    started = time.perf_counter()
    assert _reason(data, max_bytes=len(data)) == documents.TOO_COMPLEX
    assert time.perf_counter() - started < 5  # was 12 s to 85 s; generous for a busy machine
    # The same file with fewer objects than the limit is an ordinary PDF.
    assert check_pdf(many_objects_pdf(100), MAX) == 1


def test_file_of_short_lines_without_an_end_marker_is_refused_quickly():
    data = b"%PDF-1.4\n" + b"x stream\n" * 1_000_000
    started = time.perf_counter()
    assert _reason(data) == documents.UNREADABLE
    assert time.perf_counter() - started < 5  # was 12 s to 85 s; generous for a busy machine
    # An end marker followed by a little trailing junk is still fine.
    assert check_pdf(_write(_blank_writer()) + b"\r\n" * 50, MAX) == 1


def test_stream_keyword_without_end_is_scanned_in_linear_time():
    data = b"%PDF-1.4\n" + b"x stream\n" * 200_000 + b"/JS"
    started = time.perf_counter()
    assert documents._raw_scan_finds_active_content(data)
    assert time.perf_counter() - started < 5  # was 12 s to 85 s; generous for a busy machine


def test_encrypted_pdf_is_rejected():
    writer = _blank_writer()
    writer.encrypt(user_password="secret", algorithm="AES-128")
    assert _reason(_write(writer)) == documents.ENCRYPTED


def test_pdf_encrypted_with_empty_user_password_is_rejected():
    # Opens without a prompt, but its strings and streams still cannot be scanned.
    writer = _blank_writer()
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-256")
    assert _reason(_write(writer)) == documents.ENCRYPTED


def test_rejection_carries_reason_and_message():
    with pytest.raises(DocumentRejected) as caught:
        check_pdf(b"", MAX)
    assert caught.value.reason == "empty"
    assert str(caught.value)


def test_reason_constants():
    assert (
        documents.EMPTY,
        documents.TOO_LARGE,
        documents.NOT_PDF,
        documents.ENCRYPTED,
        documents.ACTIVE_CONTENT,
        documents.UNREADABLE,
    ) == ("empty", "too-large", "not-pdf", "encrypted", "active-content", "unreadable")


# --- the two scanning layers on their own -------------------------------------------


@pytest.mark.parametrize(
    ("raw", "found"),
    [
        (b"<</S/JavaScript/JS(app.alert(1))>>", True),
        (b"<< /Type /EmbeddedFile >>", True),
        (b"<< /Names << /EmbeddedFiles 3 0 R >> >>", True),
        (b"<< /S /Launch >>", True),
        (b"<< /XFA [ ] >>", True),
        (b"<</Subtype/RichMedia>>", True),
        (b"<< /J#53 (x) >>", True),
        (b"/JS%comment", True),
        (b"<< /JSON (x) /JSomething 1 /JavaScripting 2 /Launcher 3 >>", False),
        (b"<< /Length 9 >>\nstream\n/JS (x) \nendstream", False),
        (b"(JavaScript is mentioned here without a slash)", False),
    ],
)
def test_raw_scan(raw, found):
    assert documents._raw_scan_finds_active_content(raw) is found


def test_walk_finds_javascript_without_raw_scan():
    writer = _blank_writer()
    writer.add_open_action(JavaScript("app.alert(1)"))
    reader = PdfReader(io.BytesIO(_write(writer)))
    assert documents._walk_finds_active_content(reader)


def test_walk_passes_clean_tagged_pdf(rendered):
    # WeasyPrint packs objects into compressed object streams: only the walk sees them.
    assert documents._walk_finds_active_content(PdfReader(io.BytesIO(rendered))) is False


def test_walk_sees_objects_not_linked_from_catalogue():
    writer = _blank_writer()
    writer._add_object(JavaScript("app.alert(1)"))  # orphan object
    reader = PdfReader(io.BytesIO(_write(writer)))
    assert documents._walk_finds_active_content(reader)


# --- render_pdf ---------------------------------------------------------------------


def test_render_pdf_is_tagged_pdf_ua(rendered):
    assert rendered.startswith(b"%PDF-1.7")
    reader = PdfReader(io.BytesIO(rendered))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"].value is True
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == "Conference plan"
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfuaid" in xmp


def test_render_pdf_text_is_extractable(rendered):
    text = documents.pdf_text(rendered)
    assert "Child protection conference" in text
    assert "Tuesday" in text


def test_render_pdf_lang_and_title_override_html():
    pdf = documents.render_pdf(HTML, title="Cynllun y gynhadledd", lang="cy")
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == "cy"
    assert reader.metadata.title == "Cynllun y gynhadledd"


def test_render_pdf_keeps_html_title_without_override():
    reader = PdfReader(io.BytesIO(documents.render_pdf(HTML)))
    assert reader.metadata.title == "Conference plan"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_render_pdf_non_ascii_text():
    html = "<html lang='cy'><body><p>Cynhadledd ŵyr ac ŷd</p></body></html>"
    assert "ŵyr" in documents.pdf_text(documents.render_pdf(html, lang="cy"))


@pytest.fixture
def no_network(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access in a unit test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def test_render_pdf_does_not_fetch_remote_resources(no_network, caplog, tmp_path):
    css = tmp_path / "style.css"
    css.write_text("body { color: red }")
    html = (
        "<html lang='en'><head>"
        f"<link rel='stylesheet' href='{css.as_uri()}'>"
        "<link rel='stylesheet' href='https://example.com/style.css'>"
        "</head><body><p>Hello</p>"
        "<img src='http://example.com/x.png' alt='remote'>"
        "<img src='x.png' alt='relative'>"
        "</body></html>"
    )
    pdf = documents.render_pdf(html, base_url="http://internal.example/")
    assert pdf.startswith(b"%PDF-")
    assert no_network == []
    assert "example.com" in caplog.text  # WeasyPrint logged the refusal and carried on


def test_render_pdf_allows_data_urls(no_network):
    import base64

    src = "data:image/png;base64," + base64.b64encode(_png_1x1()).decode()
    html = f"<html lang='en'><body><img src='{src}' alt='dot' width='10'></body></html>"
    reader = PdfReader(io.BytesIO(documents.render_pdf(html)))
    assert len(reader.pages[0].images) == 1
    assert no_network == []


def test_url_fetcher_refuses_everything_but_data():
    fetcher = documents._data_url_fetcher()
    for url in ("http://example.com/", "https://example.com/", "file:///etc/hostname",
                "ftp://example.com/x"):
        with pytest.raises(ValueError):
            fetcher(url)
    assert fetcher("data:text/plain,hello").read() == b"hello"


# --- encrypt_pdf / pdf_text ---------------------------------------------------------


@pytest.fixture(scope="module")
def encrypted(rendered) -> bytes:
    return documents.encrypt_pdf(rendered, "correct horse")


def test_encrypted_pdf_needs_the_password(encrypted):
    assert PdfReader(io.BytesIO(encrypted)).is_encrypted
    with pytest.raises(ValueError):
        documents.pdf_text(encrypted)
    with pytest.raises(ValueError):
        documents.pdf_text(encrypted, "wrong password")
    assert b"Tuesday" not in encrypted


def test_encrypted_pdf_opens_with_the_password(encrypted):
    assert "Tuesday" in documents.pdf_text(encrypted, "correct horse")


def test_encryption_is_aes_256(encrypted):
    reader = PdfReader(io.BytesIO(encrypted))
    encrypt = reader.trailer["/Encrypt"].get_object()
    assert encrypt["/V"] == 5
    assert encrypt["/R"] == 6
    assert encrypt["/CF"]["/StdCF"]["/CFM"] == "/AESV3"


def test_family_password_is_not_the_owner_password(encrypted):
    reader = PdfReader(io.BytesIO(encrypted))
    assert reader.decrypt("correct horse") == 1  # PasswordType.USER_PASSWORD, not OWNER


def test_encryption_keeps_tagging_and_metadata(encrypted):
    reader = PdfReader(io.BytesIO(encrypted))
    reader.decrypt("correct horse")
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == "Conference plan"


def test_encrypted_output_is_rejected_as_an_upload(encrypted):
    assert _reason(encrypted) == documents.ENCRYPTED


def test_encrypt_pdf_requires_a_password(rendered):
    with pytest.raises(ValueError):
        documents.encrypt_pdf(rendered, "")


def test_encrypt_pdf_refuses_already_encrypted(encrypted):
    with pytest.raises(ValueError):
        documents.encrypt_pdf(encrypted, "again")


def test_pdf_text_ignores_password_for_plain_pdf(rendered):
    assert "Tuesday" in documents.pdf_text(rendered, "unused")


# --- headers ------------------------------------------------------------------------


def test_safe_document_headers():
    headers = documents.SAFE_DOCUMENT_HEADERS
    assert headers == {
        "Content-Security-Policy": (
            "sandbox; default-src 'none'; object-src 'none'; frame-ancestors 'self'"
        ),
        "X-Content-Type-Options": "nosniff",
        "Cross-Origin-Resource-Policy": "same-origin",
    }


def _filename_star(value: str) -> str:
    star = value.split("filename*=", 1)[1]
    assert star.startswith("UTF-8''")
    return unquote(star[len("UTF-8''"):], encoding="utf-8")


def _filename(value: str) -> str:
    return value.split('filename="', 1)[1].split('"', 1)[0]


def test_content_disposition_inline_and_attachment():
    assert documents.content_disposition("plan.pdf", inline=True) == (
        "inline; filename=\"plan.pdf\"; filename*=UTF-8''plan.pdf"
    )
    assert documents.content_disposition("plan.pdf", inline=False).startswith("attachment; ")


@pytest.mark.parametrize(
    "name",
    [
        'report"; filename="evil.exe.pdf',
        "report\r\nSet-Cookie: a=b.pdf",
        "Adroddiad y gynhadledd – ŵyr.pdf",
        "بچوں کی رپورٹ.pdf",
        "..\\..\\windows\\system32.pdf",
        "../../etc/passwd",
        "\u202efdp.exe",
        "",
    ],
)
def test_content_disposition_is_safe(name):
    value = documents.content_disposition(name, inline=True)
    assert value.isascii()
    assert "\r" not in value and "\n" not in value
    assert value.count('"') == 2  # only the quotes around the fallback name
    assert value.count(";") == 2
    fallback = _filename(value)
    assert fallback and all(ch.isalnum() or ch in "-_." for ch in fallback)
    assert not fallback.startswith(".")
    full = _filename_star(value)
    assert "/" not in full and "\\" not in full
    assert "\u202e" not in full and "\n" not in full
    assert not full.startswith(".")


def test_content_disposition_keeps_unicode_name_in_filename_star():
    value = documents.content_disposition("Adroddiad ŵyr.pdf", inline=False)
    assert _filename(value) == "Adroddiad_wyr.pdf"
    assert _filename_star(value) == "Adroddiad ŵyr.pdf"


def test_content_disposition_falls_back_for_non_latin_name():
    value = documents.content_disposition("بچوں کی رپورٹ.pdf", inline=True)
    assert _filename(value) == "document.pdf"
    assert _filename_star(value) == "بچوں کی رپورٹ.pdf"


def test_content_disposition_limits_length_but_keeps_extension():
    value = documents.content_disposition("a" * 500 + ".pdf", inline=True)
    assert _filename(value).endswith(".pdf")
    assert len(_filename(value)) <= 150
    assert _filename_star(value).endswith(".pdf")
