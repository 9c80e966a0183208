"""The sign-in steps the pages take (app/services/signin.py): sending a code, finding whose
address was typed, signing in with a code or a password, staying signed in and signing out.
Each step commits its own work and leaves a record; each rule is stated in words.

These use the demo app (put back after each test) and the outbox, and open no page.
"""

import re
import uuid
from datetime import timedelta

import pytest
from conftest import participant

from app.data import models as m
from app.extensions import db
from app.services import audit, notify, signin

OK, EXPIRED = signin.CodeResult.OK, signin.CodeResult.EXPIRED


def _attempt():
    return uuid.uuid4().hex


def _sent(app, to):
    """The sign-in codes delivered to this address, oldest first."""
    return [message for message in notify.OutboxBackend(app.config["OUTBOX_DIR"]).messages(to)
            if message["reference"] == "sign-in-code"]


def _code_in(message):
    return re.search(r"\b(\d{6})\b", message["body"]).group(1)


def _check(app, attempt, code, now):
    return signin.check_code(attempt, code, app.config["LOOKUP_PEPPER"], 5, now)


def _last(event, **filters):
    found = audit.events(event, **filters)
    return found[-1] if found else None


# --- sending a code -----------------------------------------------------------------------


def test_a_code_goes_to_the_address_given_and_works_for_its_minutes(app):
    """The code goes by the channel and to the address the page chose, says how long it
    works, is kept (committed) for the attempt it was sent for, and its sending is on
    record with the person, the conference and the channel."""
    parent, attempt, now = participant("parent"), _attempt(), m.utcnow()
    minutes = app.config["SIGN_IN_CODE_MINUTES"]
    assert signin.send_code(parent, "sms", parent.mobile, attempt, now) is True
    [message] = _sent(app, parent.mobile)
    assert message["channel"] == "sms"
    assert f"{minutes} minutes" in message["body"]
    record = _last("sign_in.code_sent", participant_id=parent.id)
    assert (record.conference_id, record.detail, record.outcome) == (
        parent.conference_id, "sms", "ok")
    db.session.rollback()  # what send_code did is already committed
    row = db.session.scalar(db.select(m.SignInCode).filter_by(participant_id=parent.id,
                                                             spent_at=None))
    assert (row.channel, row.expires_at) == ("sms", now + timedelta(minutes=minutes))
    assert _check(app, attempt, _code_in(message), now + timedelta(minutes=minutes)) == (
        OK, parent)


def test_a_code_is_written_in_the_language_chosen_on_the_page(app):
    parent = participant("parent")
    assert parent.language in (None, "en")
    signin.send_code(parent, "email", parent.email, _attempt(), m.utcnow(), language="cy")
    signin.send_code(parent, "email", parent.email, _attempt(), m.utcnow())
    welsh, english = _sent(app, parent.email)
    assert welsh["subject"].startswith("Eich cod mewngofnodi")
    assert english["subject"].startswith("Your sign-in code")


def test_too_many_codes_to_one_person_are_refused_on_record(app, monkeypatch):
    """With the limit on, the sixth code in fifteen minutes is not made and not sent; the
    refusal is on record for that person and conference."""
    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", True)
    parent, now = participant("parent"), m.utcnow()
    for _ in range(signin.CODES_PER_PERSON):
        assert signin.send_code(parent, "sms", parent.mobile, _attempt(), now) is True
    assert signin.send_code(parent, "sms", parent.mobile, _attempt(), now) is False
    assert len(_sent(app, parent.mobile)) == signin.CODES_PER_PERSON
    assert db.session.scalar(db.select(db.func.count(m.SignInCode.id)).filter_by(
        participant_id=parent.id)) == signin.CODES_PER_PERSON
    record = _last("sign_in.code_throttled", participant_id=parent.id)
    assert (record.conference_id, record.outcome) == (parent.conference_id, "refused")
    # Another person is counted on their own.
    other = participant("parent", index=1)
    assert signin.send_code(other, "sms", other.mobile, _attempt(), now) is True


def test_with_the_limit_switched_off_codes_are_not_counted(app):
    """RATELIMIT_ENABLED off (tests, a local run): the count is not applied."""
    assert app.config["RATELIMIT_ENABLED"] is False
    parent, now = participant("parent"), m.utcnow()
    for _ in range(signin.CODES_PER_PERSON + 1):
        assert signin.send_code(parent, "sms", parent.mobile, _attempt(), now) is True
    assert audit.events("sign_in.code_throttled") == []


# --- a code for a typed address -----------------------------------------------------------


@pytest.mark.parametrize("channel, language, subject", [
    ("email", "cy", "Eich cod mewngofnodi"), ("sms", None, "Your sign-in code")])
def test_a_typed_address_gets_its_code_by_its_own_channel_at_the_stored_address(
        app, channel, language, subject):
    """However it is typed (an email in capitals, a mobile with +44 and spaces), an address
    known for a person gets the code by its own channel (email or text), to the address as
    stored, in the language of the page; the code works for that person."""
    parent, attempt, now = participant("parent"), _attempt(), m.utcnow()
    stored, other = ((parent.email, parent.mobile) if channel == "email"
                     else (parent.mobile, parent.email))
    typed = parent.email.upper() if channel == "email" else (
        "+44 " + parent.mobile.replace(" ", "")[1:])
    signin.code_for_address(typed, attempt, now, language=language)
    [message] = _sent(app, stored)
    assert (message["channel"], message["subject"][:len(subject)]) == (channel, subject)
    assert _sent(app, other) == []
    assert _check(app, attempt, _code_in(message), now) == (OK, parent)


def test_an_unknown_address_gets_nothing_and_is_on_record(app):
    signin.code_for_address("nobody-known@example.com", _attempt(), m.utcnow())
    assert _sent(app, "nobody-known@example.com") == []
    record = _last("sign_in.unknown_address")
    assert record is not None and record.outcome == "refused"
    assert db.session.scalar(db.select(db.func.count(m.SignInCode.id))) == 0


@pytest.mark.parametrize("newest", ["A", "B"])
def test_an_address_in_two_conferences_signs_in_to_the_newer_place(app, newest):
    """Someone invited to two conferences with one address is signed in to the place they
    were given most recently, whichever conference it is in."""
    pepper = app.config["LOOKUP_PEPPER"]
    in_a, in_b = participant("parent"), participant("parent", "B")
    signin.set_contact_details(in_b, in_a.email, in_a.mobile, pepper)
    newer, older = (in_a, in_b) if newest == "A" else (in_b, in_a)
    newer.created_at = older.created_at + timedelta(days=1)
    db.session.commit()
    attempt, now = _attempt(), m.utcnow()
    signin.code_for_address(in_a.email, attempt, now)
    [message] = _sent(app, in_a.email)
    assert _check(app, attempt, _code_in(message), now) == (OK, newer)


def test_a_code_that_cannot_be_delivered_is_an_error_on_record(app, monkeypatch):
    """The person is waiting on the page: a failed delivery is raised to the page, and the
    failure stays on record."""
    parent = participant("parent")

    def refuse(message):
        raise notify.DeliveryFailed("refused")

    monkeypatch.setattr(notify.OutboxBackend, "send", lambda self, message: refuse(message))
    with pytest.raises(notify.DeliveryFailed):
        signin.code_for_address(parent.email, _attempt(), m.utcnow())
    db.session.rollback()
    assert _last("message.failed", participant_id=parent.id).detail == "sign-in-code"
    assert db.session.scalar(db.select(m.Delivery).filter_by(
        participant_id=parent.id)).status == m.DELIVERY_FAILED


# --- signing in, staying in and out -------------------------------------------------------


def test_a_right_code_uses_the_invitation_remembers_the_language_and_starts_a_session(app):
    """Signing in with a code: the invitation the person came through is used up, the
    language picked on the page becomes theirs, and a session starts for them, on record."""
    from flask import session

    parent, now = participant("parent"), m.utcnow()
    token = signin.create_invitation(parent, app.config["LOOKUP_PEPPER"], 14, now)
    invitation = signin.open_invitation(token, app.config["LOOKUP_PEPPER"], 14, now)
    with app.test_request_context():
        session["lang"] = "cy"
        row = signin.signed_in_with_code(parent, invitation.id, now)
    db.session.rollback()  # committed
    assert (row.participant, row.staff_user, row.created_at, row.ended_at) == (
        parent, None, now, None)
    assert invitation.used_at == now
    assert parent.language == "cy"
    record = _last("sign_in.success", participant_id=parent.id)
    assert record.conference_id == parent.conference_id
    assert signin.open_invitation(token, app.config["LOOKUP_PEPPER"], 14, now) is None


def test_signing_in_never_uses_up_someone_elses_invitation(app):
    parent, other, now = participant("parent"), participant("parent", index=1), m.utcnow()
    pepper = app.config["LOOKUP_PEPPER"]
    token = signin.create_invitation(other, pepper, 14, now)
    invitation = signin.open_invitation(token, pepper, 14, now)
    row = signin.signed_in_with_code(parent, invitation.id, now)
    assert row.participant == parent
    assert invitation.used_at is None
    assert signin.open_invitation(token, pepper, 14, now) is invitation
    # Signing in by a typed address (no invitation) starts a session all the same.
    assert signin.signed_in_with_code(parent, None, now).participant == parent


@pytest.mark.parametrize("result", [signin.CodeResult.WRONG, EXPIRED])
def test_a_refused_code_is_on_record_with_whose_attempt_it_was(app, result):
    parent = participant("parent")
    signin.code_refused(result, parent)
    record = _last("sign_in.code_failed", participant_id=parent.id)
    assert (record.conference_id, record.detail, record.outcome) == (
        parent.conference_id, result, "refused")
    # A code for an attempt nobody started belongs to nobody.
    signin.code_refused(signin.CodeResult.NO_CODE, None)
    record = _last("sign_in.code_failed")
    assert (record.participant_id, record.conference_id, record.detail) == (
        None, None, signin.CodeResult.NO_CODE)


def test_a_member_of_staff_signed_in_has_a_session_of_their_own_on_record(app):
    chair, now = participant("chair").staff_user, m.utcnow()
    row = signin.staff_signed_in(chair, now)
    db.session.rollback()
    assert (row.staff_user, row.participant, row.created_at) == (chair, None, now)
    assert _last("staff_sign_in.success", staff_user_id=chair.id) is not None


def test_signing_out_ends_the_session_on_record_for_family_and_staff(app):
    now, later = m.utcnow(), m.utcnow() + timedelta(minutes=5)
    parent, chair = participant("parent"), participant("chair").staff_user
    family = signin.SignedIn(signin.start_session(now, participant=parent))
    staff = signin.SignedIn(signin.start_session(now, staff_user=chair))
    db.session.commit()
    signin.sign_out(family, later)
    signin.sign_out(staff, later)
    db.session.rollback()
    assert family.user_session.ended_at == later and staff.user_session.ended_at == later
    assert _last("sign_out", participant_id=parent.id) is not None
    assert _last("sign_out", staff_user_id=chair.id) is not None


def test_staying_signed_in_starts_the_idle_clock_again(app):
    now = m.utcnow()
    row = signin.start_session(now, participant=participant("parent"))
    db.session.commit()
    later = now + timedelta(minutes=25)
    signin.keep_alive(row, later)
    db.session.rollback()
    assert row.last_seen_at == later
    assert signin.live_session(row.id, later + timedelta(minutes=29), 30, 8) is row


# --- removed from a conference ------------------------------------------------------------


def _invitation(person, pepper, now, days=14):
    token = signin.create_invitation(person, pepper, days, now)
    return token, db.session.scalar(db.select(m.Invitation).filter_by(
        token_hash=signin.hash_secret(token, pepper)))


def test_someone_removed_loses_their_links_codes_and_sessions_at_once(app):
    """Removing a person ends their live sessions, spends their unused codes and stops their
    unused links, from that moment; what was already used, spent, ended or expired keeps
    the moment it happened, and nobody else's links, codes or sessions change."""
    pepper, now = app.config["LOOKUP_PEPPER"], m.utcnow()
    earlier, later = now - timedelta(hours=1), now + timedelta(minutes=1)
    parent, other = participant("parent"), participant("parent", index=1)
    token, link = _invitation(parent, pepper, earlier)
    _used_token, used = _invitation(parent, pepper, earlier)
    used.used_at = earlier
    _expired_token, expired = _invitation(parent, pepper, earlier - timedelta(days=3), days=1)
    other_token, other_link = _invitation(other, pepper, earlier)
    attempt, other_attempt, spent_attempt = _attempt(), _attempt(), _attempt()
    code = signin.issue_code(parent, attempt, "sms", pepper, 10, now)
    signin.issue_code(parent, spent_attempt, "sms", pepper, 10, earlier)
    signin.check_code(spent_attempt, "x", pepper, 1, earlier)  # spent by a wrong try
    other_code = signin.issue_code(other, other_attempt, "sms", pepper, 10, now)
    session_row = signin.start_session(now, participant=parent)
    ended = signin.start_session(earlier, participant=parent)
    ended.ended_at = earlier
    other_session = signin.start_session(now, participant=other)
    db.session.commit()
    used_expiry, expired_expiry = used.expires_at, expired.expires_at

    signin.end_access(parent, now)
    db.session.commit()

    assert parent.removed_at == now
    assert link.expires_at == now
    assert signin.open_invitation(token, pepper, 14, now) is None
    assert (used.used_at, used.expires_at) == (earlier, used_expiry)
    assert expired.expires_at == expired_expiry
    assert signin.live_session(session_row.id, later, 30, 8) is None
    assert session_row.ended_at == now and ended.ended_at == earlier
    spent = db.session.scalars(db.select(m.SignInCode).filter_by(participant_id=parent.id))
    assert sorted(row.spent_at for row in spent) == [earlier, now]
    assert signin.check_code(attempt, code, pepper, 5, now)[0] == signin.CodeResult.NO_CODE
    # Everyone else is untouched.
    assert other.removed_at is None
    assert signin.open_invitation(other_token, pepper, 14, now) is other_link
    assert signin.live_session(other_session.id, later, 30, 8) is other_session
    assert _check(app, other_attempt, other_code, now) == (OK, other)


def test_stopping_links_closes_only_this_persons_open_links(app):
    """Sending a new link (or removing someone) stops every link they were sent that is
    still open, from now on; links used or expired are left as they were."""
    pepper, now = app.config["LOOKUP_PEPPER"], m.utcnow()
    parent, other = participant("parent"), participant("parent", index=1)
    token, link = _invitation(parent, pepper, now - timedelta(hours=1))
    _used_token, used = _invitation(parent, pepper, now - timedelta(hours=1))
    used.used_at = now - timedelta(minutes=30)
    other_token, other_link = _invitation(other, pepper, now)
    db.session.flush()
    used_expiry = used.expires_at
    signin.stop_invitations(parent, now)
    db.session.commit()
    assert link.expires_at == now
    assert signin.open_invitation(token, pepper, 14, now + timedelta(seconds=1)) is None
    assert used.expires_at == used_expiry
    assert signin.open_invitation(other_token, pepper, 14, now) is other_link
    assert other_link.expires_at == now + timedelta(days=14)


def test_someone_removed_is_not_found_by_their_address_and_their_session_ends(app):
    """Someone removed from a conference cannot sign in to it again: their address finds
    nobody there, and a session they still had ends at the next page, from that moment."""
    pepper, now = app.config["LOOKUP_PEPPER"], m.utcnow()
    parent = participant("parent")
    row = signin.start_session(now, participant=parent)
    db.session.commit()
    assert signin.find_participants_by_address(parent.email, pepper) == [parent]
    parent.removed_at = now  # as if removed by hand, the session left running
    db.session.commit()
    assert signin.find_participants_by_address(parent.email, pepper) == []
    assert signin.find_participants_by_address(parent.mobile, pepper) == []
    later = now + timedelta(minutes=1)
    assert signin.live_session(row.id, later, 30, 8) is None
    db.session.rollback()
    assert row.ended_at == later
