"""A mail server that refuses, and one that accepts the connection and never answers
(aiosmtpd and a silent socket): the person gets the portal's own page, in seconds, and
nothing they did is lost. And the SMTP backend with people who have mobile numbers: text
messages go through GOV.UK Notify where paired, else by email, and start-up says so."""

import logging
import socket
import time

import pytest
from aiosmtpd.controller import Controller
from conftest import Person, invitation_link, participant, sign_in

from app.data import models as m
from app.extensions import db
from app.services import audit, messages, notify, preparation
from tests.helpers import SilentServer

CANNOT_SEND = "We could not send your code just now"
SAFETY = {"unsafe_with": "My ex-partner", "keep_from": "My new address & phone",
          "safe_contact": "Weekdays 10 to 2", "messages_safe": "yes", "send": "x"}


class Mailbox:
    """An SMTP server that takes mail, or refuses every recipient while `refusing`."""

    def __init__(self):
        self.refusing = True
        self.received = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refusing:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 OK"


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mailbox():
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    box.port = controller.port
    yield box
    controller.stop()


@pytest.fixture
def silent():
    server = SilentServer()
    yield server
    server.close()


def _mail_through(app, port, **extra):
    app.config.update(NOTIFY_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=port,
                      SMTP_TIMEOUT_SECONDS=1, NOTIFY_SMS_BACKEND="", **extra)


def _email_only():
    """A parent who gave only an email address."""
    parent = participant("parent")
    parent.mobile, parent.mobile_lookup = None, None
    db.session.commit()
    return parent


def test_a_refusing_mail_server_shows_the_portals_page_and_the_link_still_works(app, mailbox):
    parent = _email_only()
    link = invitation_link(app, parent)  # sent before the mail server broke
    _mail_through(app, mailbox.port)
    visitor = Person(app)
    response = visitor.post(link)
    assert response.status_code == 503
    assert CANNOT_SEND in response.get_data(as_text=True)
    assert audit.events("message.failed", participant_id=parent.id)
    mailbox.refusing = False  # the mail server is back: the same link and button work
    again = visitor.post(link)
    assert again.status_code == 302 and again.headers["Location"].endswith("/sign-in/code")
    assert mailbox.received and mailbox.received[-1][0] == [parent.email]


def test_a_mail_server_that_never_answers_is_given_up_on_in_seconds(app, silent):
    parent = _email_only()
    link = invitation_link(app, parent)
    _mail_through(app, silent.port)
    started = time.monotonic()
    response = Person(app).post(link)
    assert time.monotonic() - started < 5
    assert response.status_code == 503
    assert CANNOT_SEND in response.get_data(as_text=True)


def test_a_safety_request_sent_while_mail_hangs_is_kept_and_acknowledged(app, silent):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    _mail_through(app, silent.port)
    started = time.monotonic()
    response = visitor.post("/prepare/safety", SAFETY)
    assert response.status_code == 302
    assert time.monotonic() - started < 10  # one timeout per member of staff, no more
    db.session.expire_all()
    item = preparation.own(parent, preparation.SAFETY_REQUEST)
    assert [v.version for v in preparation.versions(item)] == [1]
    assert item.answers["keep_from"] == "My new address & phone"
    assert audit.events("message.failed")


def test_without_an_sms_path_codes_go_by_email_and_start_up_says_so(app, mailbox, caplog):
    mailbox.refusing = False
    both = next(p for p in db.session.scalars(db.select(m.Participant))
                if p.email and p.mobile and p.role in m.FAMILY_ROLES)
    link = invitation_link(app, both)
    _mail_through(app, mailbox.port)
    response = Person(app).post(link)
    assert response.status_code == 302  # not a server error: the code went by email
    assert mailbox.received[-1][0] == [both.email]
    with caplog.at_level(logging.ERROR):
        counts = messages.check_sms_path(app)
    assert counts and counts[0] > 0
    assert "cannot send text messages" in caplog.text and "NOTIFY_SMS_BACKEND" in caplog.text


def test_someone_with_only_a_mobile_and_no_sms_path_is_told_not_shown_an_error(app, mailbox):
    mobile_only = next((p for p in db.session.scalars(db.select(m.Participant))
                        if p.mobile and not p.email and p.role in m.FAMILY_ROLES), None)
    if mobile_only is None:
        pytest.skip("the demo has nobody with only a mobile number")
    link = invitation_link(app, mobile_only)
    _mail_through(app, mailbox.port)
    response = Person(app).post(link)
    assert response.status_code == 503
    assert CANNOT_SEND in response.get_data(as_text=True)


def test_smtp_paired_with_notify_sends_texts_through_notify(tmp_path):
    config = {"NOTIFY_BACKEND": "smtp", "SMTP_HOST": "mail.internal", "SMTP_SENDER": "a@b.c",
              "NOTIFY_SMS_BACKEND": "notify", "NOTIFY_SMS_TEMPLATE_ID": "t",
              "NOTIFY_API_KEY": "k-26785a09-ab16-4eb0-8407-a37497a57506-"
                                "3d844edf-8d35-48ac-975b-e847b4f122b0"}
    backend = notify.backend_from_config(config)
    assert isinstance(backend, notify.PairedBackend)
    assert isinstance(backend.sms, notify.NotifyBackend)
    assert notify.sends_sms(backend)
    assert not notify.sends_sms(notify.backend_from_config(dict(config, NOTIFY_SMS_BACKEND="")))
    with pytest.raises(ValueError, match="NOTIFY_SMS_BACKEND"):
        notify.backend_from_config(dict(config, NOTIFY_SMS_BACKEND="twilio"))
