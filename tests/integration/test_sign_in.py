"""Families sign in with an invitation link and a one-time code; staff with password + TOTP."""

import re
from datetime import timedelta

import pyotp
from conftest import Person, invitation_link, latest_code, outbox_messages, participant, sign_in

from app import audit, demo
from app import models as m
from app.extensions import db


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


def test_every_sign_in_attempt_is_audited(app):
    parent = participant("parent")
    sign_in(app, parent)
    events = [e.event for e in audit.events(participant_id=parent.id)]
    assert "sign_in.code_sent" in events and "sign_in.success" in events


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


def test_codes_are_stored_hashed(app):
    parent = participant("parent")
    Person(app).post(invitation_link(app, parent))
    code = latest_code(app, parent.mobile)
    row = db.session.scalar(db.select(m.SignInCode))
    assert code not in row.code_hash
    invitation = db.session.scalar(db.select(m.Invitation))
    assert len(invitation.token_hash) == 64
