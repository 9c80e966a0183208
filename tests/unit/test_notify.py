"""Unit tests for app.notify: guard, outbox, SMTP, GOV.UK Notify, configuration."""

import base64
import email
import email.policy
import hashlib
import hmac
import json
import os
import socket
import sys
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

try:
    from app.services import notify
except ModuleNotFoundError:
    # Without a root conftest or installed package the project root is not on
    # sys.path when pytest is run as `.venv/bin/pytest`.
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from app.services import notify

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
# Key names may contain hyphens; parsing must take the UUIDs from the end.
API_KEY = f"cp-portal-test-{SERVICE_ID}-{SECRET}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def email_message(**kwargs) -> notify.Message:
    fields = {
        "to": "parent@example.org",
        "subject": "There is something new for you",
        "body": "Sign in to see it: https://portal.example/sign-in",
        "channel": "email",
        "reference": "notif-42",
    }
    fields.update(kwargs)
    return notify.Message(**fields)


# --- Message and addresses ---------------------------------------------------


def test_message_rejects_unknown_channel():
    with pytest.raises(ValueError):
        email_message(channel="letter")


def test_message_is_frozen():
    msg = email_message()
    with pytest.raises(AttributeError):
        msg.body = "changed"


def test_channel_for_and_looks_like_email():
    assert notify.channel_for("parent@example.org") == "email"
    assert notify.channel_for("07700 900123") == "sms"
    assert notify.looks_like_email("parent@example.org")
    assert not notify.looks_like_email("07700 900123")
    assert not notify.looks_like_email("parent@example")
    assert not notify.looks_like_email("a b@example.org")
    assert not notify.looks_like_email("a@b@example.org")


# --- guard -------------------------------------------------------------------


def test_guard_refuses_name_in_body_case_insensitively():
    msg = email_message(body="A new document about AMELIA is ready.")
    with pytest.raises(notify.MessageRefused):
        notify.guard(msg, ["Amelia"])


def test_guard_refuses_name_in_subject():
    msg = email_message(subject="Update for the okafor family")
    with pytest.raises(notify.MessageRefused):
        notify.guard(msg, ["Okafor"])


def test_guard_refuses_case_number_with_punctuation():
    msg = email_message(body="Conference CP/2024/017 has moved.")
    with pytest.raises(notify.MessageRefused):
        notify.guard(msg, ["CP/2024/017"])


def test_guard_matches_full_name_across_line_break():
    msg = email_message(body="News about Mary\nSmith is ready.")
    with pytest.raises(notify.MessageRefused):
        notify.guard(msg, ["Mary Smith"])


def test_guard_allows_term_inside_another_word():
    msg = email_message(subject="Announcement", body="A planned announcement.")
    notify.guard(msg, ["Ann"])
    # The term at the end of a longer word must not match either.
    notify.guard(email_message(body="Message for Joann and Leeann."), ["Ann"])


def test_guard_allows_clean_message():
    notify.guard(email_message(), ["Amelia", "Okafor", "CP/2024/017"])


def test_guard_exception_does_not_contain_term():
    msg = email_message(body="Zebedee has a new plan.")
    with pytest.raises(notify.MessageRefused) as info:
        notify.guard(msg, ["Zebedee"])
    assert "zebedee" not in str(info.value).lower()
    assert "forbidden term" in str(info.value)


def test_guard_ignores_blank_and_one_letter_terms():
    msg = email_message(body="a b c - there is something new")
    notify.guard(msg, ["", "   ", "a", " b ", "-"])


def test_guard_rejects_bare_string():
    # A string would be iterated letter by letter and every letter ignored.
    with pytest.raises(TypeError):
        notify.guard(email_message(body="Amelia"), "Amelia")


# --- guard_values: the values put into fixed wording -----------------------------


def test_guard_values_refuses_a_whole_name_in_a_value():
    with pytest.raises(notify.MessageRefused) as info:
        notify.guard_values({"authority": "Thanh  DO Borough Council"}, ["Thanh Do"])
    assert "thanh" not in str(info.value).lower() and "'authority'" in str(info.value)
    with pytest.raises(notify.MessageRefused):
        notify.guard_values({"authority": "Amelia's Council"}, ["Amelia"])


def test_guard_values_matches_whole_names_not_their_words():
    # Each word of "Thanh Do" or "Will Brindle" alone is not the name.
    notify.guard_values({"authority": "Do and Will County Council", "minutes": 10},
                        ["Thanh Do", "Will Brindle", "Or Levi"])


def test_guard_values_never_looks_for_a_short_one_word_name_alone():
    for name in ("Do", "Or", "In", "To", "Ng", "Le", "An"):
        notify.guard_values({"authority": f"{name} the right thing Council"}, [name])
    with pytest.raises(notify.MessageRefused):
        notify.guard_values({"authority": "May Borough Council"}, ["May"])


def test_guard_values_rejects_bare_string():
    with pytest.raises(TypeError):
        notify.guard_values({"x": "Amelia"}, "Amelia")


# --- outbox ------------------------------------------------------------------


def test_outbox_writes_readable_json_with_all_fields(tmp_path):
    outbox = notify.OutboxBackend(tmp_path / "outbox")
    msg = email_message(body="Code: 123456 — ça marche")
    provider_id = outbox.send(msg)

    files = list((tmp_path / "outbox").iterdir())
    assert [f.name for f in files] == [f"{provider_id}.json"]
    record = json.loads(files[0].read_text(encoding="utf-8"))
    assert record["to"] == msg.to
    assert record["subject"] == msg.subject
    assert record["body"] == msg.body
    assert record["channel"] == "email"
    assert record["reference"] == "notif-42"
    created = record["created"]
    assert created.endswith("+00:00")
    assert abs(datetime.fromisoformat(created).timestamp() - time.time()) < 60


def test_outbox_file_mode_is_0600(tmp_path):
    outbox = notify.OutboxBackend(tmp_path)
    provider_id = outbox.send(email_message())
    mode = os.stat(tmp_path / f"{provider_id}.json").st_mode & 0o777
    assert mode == 0o600


def test_outbox_filenames_sort_in_send_order(tmp_path):
    outbox = notify.OutboxBackend(tmp_path)
    ids = [outbox.send(email_message(body=f"message {i}")) for i in range(30)]
    assert sorted(p.stem for p in tmp_path.glob("*.json")) == ids
    assert len(set(ids)) == 30
    assert [m["body"] for m in outbox.messages()] == [f"message {i}" for i in range(30)]


def test_outbox_order_survives_a_stuck_or_backward_clock(tmp_path, monkeypatch):
    # Same-microsecond sends (or a clock step back) must still sort in send order,
    # not by the random suffix.
    ticks = iter([2_000_000_000_000_000_000] * 10 + [1_000_000_000_000_000_000] * 10)
    monkeypatch.setattr(notify.time, "time_ns", lambda: next(ticks))
    outbox = notify.OutboxBackend(tmp_path)
    ids = [outbox.send(email_message(body=f"message {i}")) for i in range(20)]
    assert sorted(ids) == ids
    assert [m["body"] for m in outbox.messages()] == [f"message {i}" for i in range(20)]


def test_outbox_filters_by_recipient_and_clears(tmp_path):
    outbox = notify.OutboxBackend(tmp_path)
    outbox.send(email_message(to="a@example.org", body="one"))
    outbox.send(notify.Message("07700900123", "", "two", "sms"))
    outbox.send(email_message(to="a@example.org", body="three"))

    assert [m["body"] for m in outbox.messages(to="a@example.org")] == ["one", "three"]
    assert [m["channel"] for m in outbox.messages(to="07700900123")] == ["sms"]
    assert outbox.messages(to="nobody@example.org") == []
    assert len(outbox.messages()) == 3

    outbox.clear()
    assert outbox.messages() == []
    assert list(tmp_path.glob("*.json")) == []


def test_outbox_messages_on_missing_directory(tmp_path):
    outbox = notify.OutboxBackend(tmp_path / "not-yet")
    assert outbox.messages() == []
    outbox.clear()


def test_outbox_failed_write_leaves_no_files(tmp_path, monkeypatch):
    outbox = notify.OutboxBackend(tmp_path)

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(notify.os, "replace", broken_replace)
    with pytest.raises(OSError):
        outbox.send(email_message())
    assert list(tmp_path.iterdir()) == []


# --- SMTP --------------------------------------------------------------------


class CollectingHandler:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted"


@pytest.fixture
def smtp_server():
    handler = CollectingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


def test_smtp_delivers_utf8_plain_text(smtp_server):
    controller, handler = smtp_server
    backend = notify.SmtpBackend(
        controller.hostname, controller.port, "Portal <no-reply@portal.example>"
    )
    msg = email_message(
        to="rhiant@example.org",
        subject="Mae rhywbeth newydd i chi – ŵ",
        body="Côd mewngofnodi: 482910\nDiolch — ŷ ✓",
    )
    provider_id = backend.send(msg)

    assert len(handler.envelopes) == 1
    envelope = handler.envelopes[0]
    assert envelope.rcpt_tos == ["rhiant@example.org"]
    assert envelope.mail_from == "no-reply@portal.example"
    received = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert received["Subject"] == msg.subject
    assert received["To"] == "rhiant@example.org"
    assert received["Message-ID"] == provider_id
    assert received.get_content_type() == "text/plain"
    assert received.get_content_charset() == "utf-8"
    # SMTP carries CRLF line endings; compare the text itself.
    assert received.get_content().replace("\r\n", "\n").rstrip("\n") == msg.body


def test_smtp_refuses_sms(smtp_server):
    controller, handler = smtp_server
    backend = notify.SmtpBackend(controller.hostname, controller.port, "no-reply@portal.example")
    with pytest.raises(notify.UnsupportedChannel):
        backend.send(notify.Message("07700900123", "", "Something new", "sms"))
    assert handler.envelopes == []


def test_smtp_closed_port_raises_delivery_failed():
    backend = notify.SmtpBackend("127.0.0.1", free_port(), "no-reply@portal.example", timeout=2)
    with pytest.raises(notify.DeliveryFailed):
        backend.send(email_message())


# --- GOV.UK Notify -----------------------------------------------------------


class RecordingServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), RecordingHandler)
        self.requests = []
        self.status = 201
        self.reply = {"id": "abc"}


class RecordingHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length)
        self.server.requests.append(
            {"path": self.path, "headers": dict(self.headers), "json": json.loads(body)}
        )
        payload = json.dumps(self.server.reply).encode()
        self.send_response(self.server.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def notify_server():
    server = RecordingServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def notify_backend(server) -> notify.NotifyBackend:
    host, port = server.server_address[:2]
    return notify.NotifyBackend(
        API_KEY, "email-template-1", "sms-template-1", base_url=f"http://{host}:{port}/"
    )


def b64url_decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def verify_jwt(token: str, secret: str) -> dict:
    header_b64, claims_b64, signature_b64 = token.split(".")
    expected = hmac.new(
        secret.encode(), f"{header_b64}.{claims_b64}".encode(), hashlib.sha256
    ).digest()
    assert hmac.compare_digest(expected, b64url_decode(signature_b64)), "bad JWT signature"
    assert json.loads(b64url_decode(header_b64)) == {"typ": "JWT", "alg": "HS256"}
    return json.loads(b64url_decode(claims_b64))


def test_notify_email_request(notify_server):
    backend = notify_backend(notify_server)
    assert backend.send(email_message()) == "abc"

    [request] = notify_server.requests
    assert request["path"] == "/v2/notifications/email"
    assert request["json"] == {
        "email_address": "parent@example.org",
        "template_id": "email-template-1",
        "personalisation": {
            "subject": "There is something new for you",
            "body": "Sign in to see it: https://portal.example/sign-in",
        },
        "reference": "notif-42",
    }
    scheme, _, token = request["headers"]["Authorization"].partition(" ")
    assert scheme == "Bearer"
    claims = verify_jwt(token, SECRET)
    assert claims["iss"] == SERVICE_ID
    assert isinstance(claims["iat"], int)
    assert abs(claims["iat"] - time.time()) < 60


def test_notify_sms_request(notify_server):
    backend = notify_backend(notify_server)
    msg = notify.Message("07700900123", "ignored", "Your code is 482910", "sms", "r-1")
    assert backend.send(msg) == "abc"

    [request] = notify_server.requests
    assert request["path"] == "/v2/notifications/sms"
    assert request["json"] == {
        "phone_number": "07700900123",
        "template_id": "sms-template-1",
        "personalisation": {"body": "Your code is 482910"},
        "reference": "r-1",
    }
    verify_jwt(request["headers"]["Authorization"].removeprefix("Bearer "), SECRET)


def test_notify_jwt_fails_with_wrong_secret(notify_server):
    # Guards the verification helper itself: a wrong key must not verify.
    notify_backend(notify_server).send(email_message())
    token = notify_server.requests[0]["headers"]["Authorization"].removeprefix("Bearer ")
    with pytest.raises(AssertionError):
        verify_jwt(token, SERVICE_ID)


def test_notify_http_400_raises_without_body(notify_server):
    body = "Private words that must stay out of logs"
    notify_server.status = 400
    # Notify-style error that echoes what was sent back to us.
    notify_server.reply = {
        "status_code": 400,
        "errors": [{"error": "BadRequestError", "message": f"Rejected: {body}"}],
    }
    with pytest.raises(notify.DeliveryFailed) as info:
        notify_backend(notify_server).send(email_message(body=body))
    text = str(info.value)
    assert "400" in text
    assert "Private words" not in text
    assert info.value.__cause__ is None


def test_notify_response_without_id_raises(notify_server):
    notify_server.reply = {"unexpected": True}
    with pytest.raises(notify.DeliveryFailed):
        notify_backend(notify_server).send(email_message())


def test_notify_unreachable_raises_delivery_failed():
    backend = notify.NotifyBackend(
        API_KEY, "e", "s", base_url=f"http://127.0.0.1:{free_port()}", timeout=2
    )
    with pytest.raises(notify.DeliveryFailed):
        backend.send(email_message())


@pytest.mark.parametrize(
    "key",
    [
        "",
        SECRET,
        f"{SERVICE_ID}-{SECRET}",
        f"name-{SERVICE_ID}-not-a-uuid-at-all-but-36-chars-long",
    ],
)
def test_notify_rejects_malformed_key_without_echoing_it(key):
    with pytest.raises(ValueError) as info:
        notify.NotifyBackend(key, "e", "s")
    if key:
        assert key[-36:] not in str(info.value)


# --- backend_from_config -----------------------------------------------------


def test_config_outbox_is_default(tmp_path):
    backend = notify.backend_from_config({"OUTBOX_DIR": str(tmp_path)})
    assert isinstance(backend, notify.OutboxBackend)
    assert backend.directory == tmp_path
    backend = notify.backend_from_config({"NOTIFY_BACKEND": "outbox", "OUTBOX_DIR": tmp_path})
    assert isinstance(backend, notify.OutboxBackend)


def test_config_outbox_requires_dir():
    with pytest.raises(ValueError, match="OUTBOX_DIR"):
        notify.backend_from_config({})
    with pytest.raises(ValueError, match="OUTBOX_DIR"):
        notify.backend_from_config({"NOTIFY_BACKEND": "outbox", "OUTBOX_DIR": ""})


def test_config_smtp():
    backend = notify.backend_from_config(
        {
            "NOTIFY_BACKEND": "smtp",
            "SMTP_HOST": "mail.example",
            "SMTP_PORT": "2525",
            "SMTP_SENDER": "no-reply@portal.example",
            "SMTP_USERNAME": "portal",
            "SMTP_PASSWORD": "s3cret",
            "SMTP_STARTTLS": "Yes",
        }
    )
    assert isinstance(backend, notify.SmtpBackend)
    assert (backend.host, backend.port, backend.sender) == (
        "mail.example",
        2525,
        "no-reply@portal.example",
    )
    assert backend.username == "portal"
    assert backend.starttls is True
    assert "s3cret" not in repr(backend)


def test_config_smtp_defaults():
    backend = notify.backend_from_config(
        {"NOTIFY_BACKEND": "smtp", "SMTP_HOST": "localhost", "SMTP_SENDER": "a@b.example"}
    )
    assert backend.port == 25
    assert backend.starttls is False
    assert backend.username is None


@pytest.mark.parametrize("value", ["0", "false", "no", "", None])
def test_config_smtp_starttls_falsy(value):
    backend = notify.backend_from_config(
        {
            "NOTIFY_BACKEND": "smtp",
            "SMTP_HOST": "localhost",
            "SMTP_SENDER": "a@b.example",
            "SMTP_STARTTLS": value,
        }
    )
    assert backend.starttls is False


@pytest.mark.parametrize("missing", ["SMTP_HOST", "SMTP_SENDER"])
def test_config_smtp_missing_setting(missing):
    config = {"NOTIFY_BACKEND": "smtp", "SMTP_HOST": "localhost", "SMTP_SENDER": "a@b.example"}
    del config[missing]
    with pytest.raises(ValueError, match=missing):
        notify.backend_from_config(config)


def test_config_smtp_bad_port():
    with pytest.raises(ValueError, match="SMTP_PORT"):
        notify.backend_from_config(
            {
                "NOTIFY_BACKEND": "smtp",
                "SMTP_HOST": "localhost",
                "SMTP_SENDER": "a@b.example",
                "SMTP_PORT": "smtp",
            }
        )


def test_config_notify():
    backend = notify.backend_from_config(
        {
            "NOTIFY_BACKEND": "notify",
            "NOTIFY_API_KEY": API_KEY,
            "NOTIFY_EMAIL_TEMPLATE_ID": "email-template-1",
            "NOTIFY_SMS_TEMPLATE_ID": "sms-template-1",
        }
    )
    assert isinstance(backend, notify.NotifyBackend)
    assert backend.service_id == SERVICE_ID
    assert backend.email_template_id == "email-template-1"
    assert backend.sms_template_id == "sms-template-1"
    assert backend.base_url == "https://api.notifications.service.gov.uk"
    assert SECRET not in repr(backend)


@pytest.mark.parametrize(
    "missing", ["NOTIFY_API_KEY", "NOTIFY_EMAIL_TEMPLATE_ID", "NOTIFY_SMS_TEMPLATE_ID"]
)
def test_config_notify_missing_setting(missing):
    config = {
        "NOTIFY_BACKEND": "notify",
        "NOTIFY_API_KEY": API_KEY,
        "NOTIFY_EMAIL_TEMPLATE_ID": "e",
        "NOTIFY_SMS_TEMPLATE_ID": "s",
    }
    del config[missing]
    with pytest.raises(ValueError, match=missing):
        notify.backend_from_config(config)


def test_config_unknown_backend():
    with pytest.raises(ValueError, match="unknown NOTIFY_BACKEND"):
        notify.backend_from_config({"NOTIFY_BACKEND": "pigeon"})


def test_backends_satisfy_protocol(tmp_path):
    assert isinstance(notify.OutboxBackend(tmp_path), notify.Backend)
    assert isinstance(notify.SmtpBackend("localhost", 25, "a@b.example"), notify.Backend)
    assert isinstance(notify.NotifyBackend(API_KEY, "e", "s"), notify.Backend)
