"""Families sign in with an invitation link and a one-time code; staff with password + TOTP."""

import html.parser
import re
import time
from datetime import timedelta

import pyotp
import pytest
from conftest import (
    Person,
    fresh_totp_code,
    invitation_link,
    latest_code,
    outbox_messages,
    participant,
    sign_in,
)
from sqlalchemy import event

from app.data import demo
from app.data import models as m
from app.extensions import db
from app.services import audit


def test_opening_a_link_signs_nobody_in_and_spends_nothing(app):
    parent = participant("parent")
    visitor = Person(app)
    link = invitation_link(app, parent)
    page = visitor.get(link)
    assert page.status_code == 200
    assert "Send me a code" in page.get_data(as_text=True)
    assert visitor.get("/home").status_code == 302  # still signed out
    assert db.session.scalar(db.select(m.SignInCode)) is None
    # Opening it again (a mail scanner, then the person) still works.
    assert Person(app).get(link).status_code == 200


def test_link_and_code_travel_by_different_channels(app):
    parent = participant("parent")
    assert parent.email and parent.mobile
    visitor = Person(app)
    visitor.post(invitation_link(app, parent))
    to_email = outbox_messages(app, parent.email)
    to_mobile = outbox_messages(app, parent.mobile)
    assert any("/invite/" in msg["body"] for msg in to_email)
    assert any("sign-in code" in msg["body"].lower() for msg in to_mobile)
    assert not any("sign-in code is" in msg["body"] for msg in to_email)


def test_a_forwarded_link_does_not_sign_in_without_the_code(app):
    parent = participant("parent")
    link = invitation_link(app, parent)
    stranger = Person(app)
    stranger.post(link)
    response = stranger.post("/sign-in/code", {"code": "000000"})
    assert response.status_code == 200
    assert "That code is not right" in response.get_data(as_text=True)
    assert stranger.get("/home").status_code == 302


@pytest.mark.both_databases
def test_code_is_bound_to_the_attempt_it_was_issued_for(app):
    parent = participant("parent")
    first, second = Person(app), Person(app)
    link = invitation_link(app, parent)
    first.post(link)
    code = latest_code(app, parent.mobile)
    # The same code typed into another browser's attempt does not work.
    second.post("/sign-in", {"address": parent.email})
    response = second.post("/sign-in/code", {"code": code})
    assert response.status_code == 200
    assert first.post("/sign-in/code", {"code": code}).status_code == 302


@pytest.mark.both_databases
def test_code_is_single_use_and_the_link_is_spent_after_sign_in(app):
    parent = participant("parent")
    visitor = Person(app)
    link = invitation_link(app, parent)
    visitor.post(link)
    code = latest_code(app, parent.mobile)
    assert visitor.post("/sign-in/code", {"code": code}).status_code == 302
    again = Person(app)
    assert again.get(link).status_code == 404  # single-use link
    again.post("/sign-in", {"address": parent.mobile})
    assert again.post("/sign-in/code", {"code": code}).status_code == 200


@pytest.mark.both_databases
def test_five_wrong_codes_spend_it(app):
    parent = participant("parent")
    visitor = Person(app)
    visitor.post(invitation_link(app, parent))
    code = latest_code(app, parent.mobile)
    wrong = "111111" if code != "111111" else "222222"
    for _ in range(5):
        visitor.post("/sign-in/code", {"code": wrong})
    response = visitor.post("/sign-in/code", {"code": code})
    assert response.status_code == 200
    assert "stopped working" in response.get_data(as_text=True)
    failed = audit.events("sign_in.code_failed")
    assert len(failed) >= 5


@pytest.mark.both_databases
def test_code_expires_after_ten_minutes(app):
    parent = participant("parent")
    visitor = Person(app)
    visitor.post(invitation_link(app, parent))
    code = latest_code(app, parent.mobile)
    row = db.session.scalar(db.select(m.SignInCode))
    row.expires_at = m.utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = visitor.post("/sign-in/code", {"code": code})
    assert "stopped working" in response.get_data(as_text=True)


def test_pasted_code_with_spaces_works_and_field_supports_one_time_code(app):
    parent = participant("parent")
    visitor = Person(app)
    visitor.post(invitation_link(app, parent))
    page = visitor.get("/sign-in/code").get_data(as_text=True)
    assert 'autocomplete="one-time-code"' in page
    code = latest_code(app, parent.mobile)
    spaced = f" {code[:3]} {code[3:]} "
    assert visitor.post("/sign-in/code", {"code": spaced}).status_code == 302


@pytest.mark.both_databases
def test_sign_in_by_address_does_not_reveal_who_is_known(app):
    parent = participant("parent")
    known, unknown = Person(app), Person(app)
    # The code page shows the address typed, masked: the same first letter and domain
    # show the same page, known or not.
    nobody = parent.email[0] + "nobody-else@" + parent.email.split("@")[1]
    a = known.post("/sign-in", {"address": parent.email}, follow_redirects=True)
    b = unknown.post("/sign-in", {"address": nobody}, follow_redirects=True)
    assert a.status_code == b.status_code == 200
    assert _without_tokens(a) == _without_tokens(b)
    assert outbox_messages(app, nobody) == []
    assert outbox_messages(app, parent.email)


def _without_tokens(response):
    page = response.get_data(as_text=True)
    return re.sub(r'(nonce|value)="[^"]*"', "", page)


def test_bad_address_keeps_what_was_typed(app):
    visitor = Person(app)
    response = visitor.post("/sign-in", {"address": "not an address"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter an email address like" in page
    assert 'value="not an address"' in page
    assert "govuk-error-summary" in page


@pytest.mark.both_databases
def test_every_sign_in_attempt_is_audited(app):
    parent = participant("parent")
    sign_in(app, parent, through_link=True)
    events = [e.event for e in audit.events(participant_id=parent.id)]
    assert "sign_in.code_sent" in events and "sign_in.success" in events


@pytest.mark.both_databases
def test_staff_sign_in_needs_password_and_totp(app):
    chair = participant("chair").staff_user
    visitor = Person(app)
    wrong_totp = visitor.post("/staff/sign-in", {
        "email": chair.email, "password": demo.DEMO_STAFF_PASSWORD, "totp": "000000"})
    assert wrong_totp.status_code == 200
    assert "not right" in wrong_totp.get_data(as_text=True)
    wrong_password = visitor.post("/staff/sign-in", {
        "email": chair.email, "password": "wrong",
        "totp": pyotp.TOTP(chair.totp_secret).now()})
    assert wrong_password.status_code == 200
    ok = visitor.post("/staff/sign-in", {
        "email": chair.email, "password": demo.DEMO_STAFF_PASSWORD,
        "totp": pyotp.TOTP(chair.totp_secret).now()})
    assert ok.status_code == 302
    assert len(audit.events("staff_sign_in.failed")) == 2



def test_a_staff_sign_in_with_a_field_left_out_is_refused_with_a_message(app):
    """A form posted without the password (or the code) field at all is a refusal that
    says what is missing and keeps the email typed, never a server error."""
    chair = participant("chair").staff_user
    visitor = Person(app)
    page = visitor.post("/staff/sign-in", {"email": chair.email,
                                            "totp": pyotp.TOTP(chair.totp_secret).now()})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Enter your password" in text
    assert f'value="{chair.email}"' in text
    page = visitor.post("/staff/sign-in", {"email": chair.email,
                                            "password": demo.DEMO_STAFF_PASSWORD})
    assert page.status_code == 200
    assert "staff_sign_in.success" not in [e.event for e in audit.events()]

def test_a_staff_totp_code_signs_in_once_only(app):
    chair = participant("chair").staff_user
    details = {"email": chair.email, "password": demo.DEMO_STAFF_PASSWORD,
               "totp": fresh_totp_code(chair)}
    first = Person(app).post("/staff/sign-in", details)
    assert first.status_code == 302
    # The same password and code again, from anywhere, is refused.
    again = Person(app).post("/staff/sign-in", details)
    assert again.status_code == 200
    assert "The email address, password or code is not right" in again.get_data(as_text=True)
    assert db.session.get(m.StaffUser, chair.id).totp_last_step is not None
    assert [e.event for e in audit.events(staff_user_id=chair.id)] == [
        "staff_sign_in.success"]


def test_a_staff_totp_code_from_a_minute_ago_is_refused(app):
    chair = participant("chair").staff_user
    fresh_totp_code(chair)
    stale = pyotp.TOTP(chair.totp_secret).at(time.time() - 60)
    page = Person(app).post("/staff/sign-in", {
        "email": chair.email, "password": demo.DEMO_STAFF_PASSWORD, "totp": stale})
    assert page.status_code == 200
    assert "The email address, password or code is not right" in page.get_data(as_text=True)


@pytest.mark.both_databases
def test_codes_are_stored_hashed(app):
    parent = participant("parent")
    Person(app).post(invitation_link(app, parent))
    code = latest_code(app, parent.mobile)
    row = db.session.scalar(db.select(m.SignInCode))
    assert code not in row.code_hash
    invitation = db.session.scalar(db.select(m.Invitation))
    assert len(invitation.token_hash) == 64


# Which autocomplete values the HTML standard allows on each input type (the ones the
# portal uses). "username" is not allowed on type="email": the W3C checker reports it.
_AUTOCOMPLETE_FOR_TYPE = {
    "email": {"email", "on", "off"},
    "tel": {"tel", "tel-national", "on", "off"},
    "password": {"new-password", "current-password", "on", "off"},
}


class _Inputs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.inputs = []

    def handle_starttag(self, tag, attrs):
        if tag == "input":
            self.inputs.append(dict(attrs))


def _inputs(page):
    parser = _Inputs()
    parser.feed(page)
    return parser.inputs


def test_sign_in_inputs_use_autocomplete_values_valid_for_their_type(sqlite_app):
    visitor = Person(sqlite_app)
    for url, name in (("/sign-in", "address"), ("/staff/sign-in", "email")):
        page = visitor.get(url).get_data(as_text=True)
        inputs = _inputs(page)
        for attrs in inputs:
            allowed = _AUTOCOMPLETE_FOR_TYPE.get(attrs.get("type", "text"))
            if allowed and "autocomplete" in attrs:
                assert attrs["autocomplete"].split()[-1] in allowed, (url, attrs)
        [address] = [attrs for attrs in inputs if attrs.get("name") == name]
        # A password manager still knows it is the name to sign in with, and a phone
        # still shows a keyboard with "@" on the staff page.
        assert address["autocomplete"] == "username"
        assert address.get("type", "text") == "text"
        assert address.get("spellcheck") == "false"
    staff_email = [a for a in _inputs(page) if a.get("name") == "email"][0]
    assert staff_email["inputmode"] == "email"


def _ask_for_a_code(app, address):
    """Ask for a code, holding the response as the server has just built it (not yet
    closed, so nothing meant for after it has run). Returns the visitor, the response and
    every SQL statement run before it."""
    visitor = Person(app)
    token = visitor.csrf("/sign-in")
    statements = []

    def note(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        response = visitor.post("/sign-in", {"address": address, "csrf_token": token},
                                buffered=False)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return visitor, response, statements


def _count(model):
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_a_known_and_an_unknown_address_do_the_same_work_before_the_answer(app):
    parent = participant("parent")
    known_visitor, known, known_sql = _ask_for_a_code(app, parent.email)
    _unknown_visitor, unknown, unknown_sql = _ask_for_a_code(app, "nobody@example.com")
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    # The very same database work (none that depends on the address) before answering...
    assert known_sql == unknown_sql
    # ...and nothing looked up, issued or sent until the response has gone.
    assert _count(m.SignInCode) == 0 and outbox_messages(app, parent.email) == []
    assert not audit.events("sign_in.unknown_address")
    known.close()  # the server has sent the page
    assert _count(m.SignInCode) == 1
    code = latest_code(app, parent.email)
    unknown.close()
    db.session.expire_all()
    assert len(audit.events("sign_in.unknown_address")) == 1
    assert _count(m.SignInCode) == 1
    # The code sent after the answer works for the browser that asked for it.
    response = known_visitor.post("/sign-in/code", {"code": code})
    assert response.status_code == 302 and response.headers["Location"].endswith("/home")


def test_a_code_that_cannot_be_sent_after_the_answer_is_on_record(app, monkeypatch):
    from app.services import messages, notify

    class Down:
        def send(self, message):
            raise notify.DeliveryFailed("the text message service is down")

    monkeypatch.setattr(messages, "backend", lambda: Down())
    parent = participant("parent")
    _visitor, response, _sql = _ask_for_a_code(app, parent.mobile)
    assert response.status_code == 302
    response.close()
    db.session.expire_all()
    assert [e.detail for e in audit.events("message.failed")] == ["sign-in-code"]
