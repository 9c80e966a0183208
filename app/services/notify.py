"""Email and SMS notifications behind one small backend interface.

Rule from practice: a notification never carries a child's name, case details
or a document. It only says there is something new, or carries a sign-in code
or a link. Wording is composed (and translated) elsewhere; this module carries
the text and refuses messages that mention terms the caller marks as forbidden.

Nothing here knows about Flask. GOV.UK Notify is reached through Notify's own Python
client (notifications-python-client); SMTP and the development outbox use the standard
library.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import smtplib
import ssl
import tempfile
import threading
import time
import unicodedata
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from notifications_python_client.errors import APIError as NotifyAPIError
from notifications_python_client.errors import HTTPError as NotifyHTTPError
from notifications_python_client.notifications import NotificationsAPIClient

__all__ = [
    "CHANNELS",
    "Backend",
    "DeliveryFailed",
    "Message",
    "MessageRefused",
    "NotifyBackend",
    "OutboxBackend",
    "SmtpBackend",
    "UnsupportedChannel",
    "backend_from_config",
    "channel_for",
    "guard",
    "guard_values",
    "looks_like_email",
]

CHANNELS = ("email", "sms")


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    body: str
    channel: str
    # Opaque id for the audit trail (e.g. a notification row id), never case detail.
    reference: str = ""

    def __post_init__(self) -> None:
        if self.channel not in CHANNELS:
            raise ValueError(f"channel must be one of {CHANNELS}, got {self.channel!r}")


class MessageRefused(Exception):
    """The message mentions something it must not (a name, a case number...)."""


class UnsupportedChannel(Exception):
    """The backend cannot deliver on this message's channel."""


class DeliveryFailed(Exception):
    """The provider could not be reached or rejected the message."""


# --- guard -----------------------------------------------------------------


def _normalise(text: str) -> str:
    # The same name can arrive composed or decomposed ("Zoë"); compare one form.
    return unicodedata.normalize("NFC", text)


def _term_pattern(term: str) -> re.Pattern[str]:
    # Whitespace inside a term ("Mary Smith") may be a line break or a double
    # space in the message. Lookarounds instead of \b so that terms that start
    # or end with punctuation (case numbers like "CP/2024/01") still match.
    words = [re.escape(part) for part in term.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def guard(message: Message, forbidden_terms: Iterable[str]) -> None:
    """Raise MessageRefused if a forbidden term appears as a whole word.

    The exception text never repeats the term: it would end up in logs.
    """
    if isinstance(forbidden_terms, str):
        # Iterating a bare string yields single characters, which are all
        # ignored below, so a mistaken call would silently check nothing.
        raise TypeError("forbidden_terms must be an iterable of strings, not a string")
    fields = {"subject": _normalise(message.subject), "body": _normalise(message.body)}
    for raw in forbidden_terms:
        if not raw:
            continue
        term = _normalise(str(raw)).strip()
        if len(term) < 2:
            continue
        pattern = _term_pattern(term)
        for field, text in fields.items():
            if pattern.search(text):
                raise MessageRefused(f"message refused: a forbidden term was found in the {field}")


# A name of one word this short ("Do", "Ng", "Le", "An") is also an everyday word in
# some language, so it is only looked for as part of a longer name.
MIN_SINGLE_NAME = 3


def _name_pattern(name: object) -> re.Pattern[str] | None:
    words = _normalise(str(name or "")).split()
    if not words or (len(words) == 1 and len(words[0]) < MIN_SINGLE_NAME):
        return None
    return _term_pattern(" ".join(words))


def guard_values(values: Mapping[str, object], names: Iterable[str]) -> None:
    """Raise MessageRefused if a value put into a message's fixed wording holds a name.

    Only the values are looked at, never the portal's own (translated) wording, so
    a family called "Do" or "Will" cannot stop "Do not share it" or "We will send
    you a code". A name matches whole, all its words in order ("Thanh Do"), not
    word by word. The exception names the value, never the name.
    """
    if isinstance(names, str):
        raise TypeError("names must be an iterable of strings, not a string")
    patterns = [pattern for pattern in map(_name_pattern, names) if pattern]
    for key, value in values.items():
        text = _normalise(str(value if value is not None else ""))
        if any(pattern.search(text) for pattern in patterns):
            raise MessageRefused(f"message refused: a name was found in the value {key!r}")


# --- addresses -------------------------------------------------------------

_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def looks_like_email(address: str) -> bool:
    """Cheap shape check (one @, a dotted domain, no spaces); not full validation."""
    return bool(_EMAIL_RE.fullmatch(address.strip()))


def channel_for(address: str) -> str:
    return "email" if "@" in address else "sms"


# --- backends --------------------------------------------------------------


@runtime_checkable
class Backend(Protocol):
    def send(self, message: Message) -> str:
        """Deliver the message and return the provider's id for it."""
        ...


_clock_lock = threading.Lock()
_last_stamp_us = 0


def _unique_now() -> datetime:
    # Strictly increasing within the process, so outbox files sort in send
    # order even when two sends land in the same microsecond.
    global _last_stamp_us
    with _clock_lock:
        now_us = time.time_ns() // 1000
        if now_us <= _last_stamp_us:
            now_us = _last_stamp_us + 1
        _last_stamp_us = now_us
    seconds, micros = divmod(now_us, 1_000_000)
    return datetime.fromtimestamp(seconds, tz=UTC).replace(microsecond=micros)


class OutboxBackend:
    """Writes each message as a JSON file; for development and tests."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)

    def send(self, message: Message) -> str:
        # Private: these files hold addresses and sign-in codes.
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        created = _unique_now()
        name = f"{created:%Y%m%dT%H%M%S%fZ}-{secrets.token_hex(4)}"
        record = {
            "to": message.to,
            "subject": message.subject,
            "body": message.body,
            "channel": message.channel,
            "reference": message.reference,
            "created": created.isoformat(),
        }
        # mkstemp creates the file 0o600; the dot prefix and .tmp suffix keep
        # half-written files out of messages().
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(record, fh, ensure_ascii=False, indent=2)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.directory / f"{name}.json")
        except BaseException:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise
        return name

    def _files(self) -> list[Path]:
        if not self.directory.is_dir():
            return []
        return sorted(self.directory.glob("*.json"))

    def messages(self, to: str | None = None) -> list[dict[str, Any]]:
        """All messages, oldest first, optionally only those for one recipient."""
        result = []
        for path in self._files():
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                # Removed by a concurrent clear() between listing and reading.
                continue
            if to is None or record.get("to") == to:
                result.append(record)
        return result

    def clear(self) -> None:
        for path in self._files():
            path.unlink(missing_ok=True)


class SmtpBackend:
    """Plain-text UTF-8 email over SMTP. SMS needs another backend."""

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        username: str | None = None,
        password: str | None = None,
        starttls: bool = False,
        use_ssl: bool = False,
        timeout: float = 10,
    ) -> None:
        if starttls and use_ssl:
            raise ValueError("choose either starttls or use_ssl, not both")
        self.host = host
        self.port = int(port)
        self.sender = sender
        self.username = username
        self._password = password
        self.starttls = starttls
        self.use_ssl = use_ssl
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"SmtpBackend(host={self.host!r}, port={self.port!r}, sender={self.sender!r})"

    def _build(self, message: Message) -> EmailMessage:
        msg = EmailMessage()
        msg["From"] = self.sender
        msg["To"] = message.to
        msg["Subject"] = message.subject
        msg["Date"] = formatdate(usegmt=True)
        # An explicit domain avoids make_msgid's slow getfqdn() lookup.
        domain = parseaddr(self.sender)[1].rpartition("@")[2] or "localhost"
        msg["Message-ID"] = make_msgid(domain=domain)
        msg.set_content(message.body, subtype="plain", charset="utf-8")
        return msg

    def send(self, message: Message) -> str:
        if message.channel != "email":
            raise UnsupportedChannel(f"SmtpBackend cannot send {message.channel!r} messages")
        msg = self._build(message)
        context = ssl.create_default_context()
        try:
            if self.use_ssl:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=context
                )
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with smtp:
                if self.starttls:
                    smtp.starttls(context=context)
                if self.username:
                    smtp.login(self.username, self._password or "")
                smtp.send_message(msg)
        except (smtplib.SMTPException, OSError) as exc:
            # Class name only: smtplib errors can echo recipients or server text.
            raise DeliveryFailed(f"SMTP delivery failed ({type(exc).__name__})") from exc
        return str(msg["Message-ID"])


class NotifyBackend:
    """GOV.UK Notify, through Notify's own Python client, using one generic template per
    channel. The email template must use ((subject)) and ((body)); the SMS template ((body)).
    """

    def __init__(
        self,
        api_key: str,
        email_template_id: str,
        sms_template_id: str,
        base_url: str = "https://api.notifications.service.gov.uk",
        timeout: float = 10,
    ) -> None:
        # Key format: {key_name}-{service_id}-{secret}; the name may itself contain
        # hyphens, so take the two UUIDs from the end. Checked here so that a wrong key
        # stops the app at start-up, and never echoed: it is a credential.
        key = api_key.strip()
        service_id, secret = key[-73:-37], key[-36:]
        try:
            if len(key) < 75 or key[-37] != "-" or key[-74] != "-":
                raise ValueError
            uuid.UUID(service_id)
            uuid.UUID(secret)
        except ValueError:
            raise ValueError(
                "api_key is not a GOV.UK Notify API key (expected name-serviceid-secret)"
            ) from None
        if not base_url.startswith(("https://", "http://")):
            raise ValueError("base_url must be an http(s) URL")
        self.service_id = service_id
        self.email_template_id = email_template_id
        self.sms_template_id = sms_template_id
        self.base_url = base_url.rstrip("/")
        self._client = NotificationsAPIClient(key, base_url=self.base_url, timeout=timeout)

    def __repr__(self) -> str:
        return f"NotifyBackend(service_id={self.service_id!r}, base_url={self.base_url!r})"

    def _post(self, message: Message) -> Mapping[str, Any]:
        if message.channel == "email":
            return self._client.send_email_notification(
                email_address=message.to, template_id=self.email_template_id,
                personalisation={"subject": message.subject, "body": message.body},
                reference=message.reference)
        return self._client.send_sms_notification(
            phone_number=message.to, template_id=self.sms_template_id,
            personalisation={"body": message.body}, reference=message.reference)

    def send(self, message: Message) -> str:
        try:
            reply = self._post(message)
        except NotifyHTTPError as exc:
            if exc.response is None:
                raise DeliveryFailed(
                    f"GOV.UK Notify unreachable ({type(exc.__cause__).__name__})") from None
            # Report the status and Notify's error types only: the error body can quote
            # what we sent. `from None` drops the error, which holds it.
            kinds = self._error_kinds(exc.response)
            detail = f": {', '.join(kinds)}" if kinds else ""
            raise DeliveryFailed(
                f"GOV.UK Notify returned HTTP {exc.status_code}{detail}") from None
        except NotifyAPIError:
            raise DeliveryFailed("GOV.UK Notify gave an answer that was not JSON") from None
        notification_id = reply.get("id") if isinstance(reply, Mapping) else None
        if not notification_id:
            raise DeliveryFailed("GOV.UK Notify response had no notification id")
        return str(notification_id)

    @staticmethod
    def _error_kinds(response) -> list[str]:
        try:
            errors = response.json().get("errors", [])
            kinds = [str(e.get("error", "")) for e in errors if isinstance(e, dict)]
        except (ValueError, AttributeError):
            return []
        # Error types are short identifiers like "BadRequestError"; keep only those.
        return [k for k in kinds if re.fullmatch(r"[A-Za-z]{1,40}", k)]


# --- configuration ---------------------------------------------------------

_TRUTHY = {"1", "true", "yes"}


def _setting(config: Mapping[str, object], key: str, backend: str) -> str:
    value = config.get(key)
    # An empty environment variable counts as missing.
    if value is None or not str(value).strip():
        raise ValueError(f"{key} must be set when NOTIFY_BACKEND is {backend!r}")
    return str(value).strip()


def _optional(config: Mapping[str, object], key: str) -> str | None:
    value = config.get(key)
    if value is None or not str(value).strip():
        return None
    return str(value)


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in _TRUTHY


def backend_from_config(config: Mapping[str, object]) -> Backend:
    """Build the configured backend; ValueError names any missing setting."""
    kind = str(config.get("NOTIFY_BACKEND") or "outbox").strip().lower()
    if kind == "outbox":
        return OutboxBackend(_setting(config, "OUTBOX_DIR", kind))
    if kind == "smtp":
        port_value = config.get("SMTP_PORT")
        if port_value is None or not str(port_value).strip():
            port_value = 25
        try:
            port = int(str(port_value).strip())
        except ValueError:
            raise ValueError(f"SMTP_PORT must be a number, got {port_value!r}") from None
        username = _optional(config, "SMTP_USERNAME")
        password = _optional(config, "SMTP_PASSWORD")
        if username and password is None:
            raise ValueError("SMTP_PASSWORD must be set when SMTP_USERNAME is set")
        return SmtpBackend(
            host=_setting(config, "SMTP_HOST", kind),
            port=port,
            sender=_setting(config, "SMTP_SENDER", kind),
            username=username,
            password=password,
            starttls=_flag(config.get("SMTP_STARTTLS")),
        )
    if kind == "notify":
        return NotifyBackend(
            api_key=_setting(config, "NOTIFY_API_KEY", kind),
            email_template_id=_setting(config, "NOTIFY_EMAIL_TEMPLATE_ID", kind),
            sms_template_id=_setting(config, "NOTIFY_SMS_TEMPLATE_ID", kind),
        )
    raise ValueError(f"unknown NOTIFY_BACKEND {kind!r}; expected 'outbox', 'smtp' or 'notify'")
