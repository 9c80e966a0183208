"""Signing in: invitation links, one-time codes, staff passwords and TOTP, server sessions.

Families never have a password. An invitation link (signed, single use,
stored hashed) identifies who is signing in; a 6-digit code sent to their own
phone or email proves it. Nothing here reads a Flask request.
"""

import re
import secrets
import time
from datetime import timedelta

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_login import UserMixin
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import joinedload

from app.data import models as m
from app.data.encryption import hash_secret, new_one_time_code, secrets_match
from app.data.statements import built_once, param
from app.extensions import db
from app.services import audit, messages, notify

_password_hasher = PasswordHasher()


# --- addresses ---------------------------------------------------------------


def normalise_address(address: str) -> str:
    address = (address or "").strip()
    if "@" in address:
        return address.lower()
    digits = re.sub(r"[^\d+]", "", address)
    if digits.startswith("+44"):
        digits = "0" + digits[3:]
    return digits


def address_lookup(address: str, pepper: str) -> str:
    return hash_secret("address:" + normalise_address(address), pepper)


def set_contact_details(participant, email, mobile, pepper):
    participant.email = email or None
    participant.mobile = mobile or None
    participant.email_lookup = address_lookup(email, pepper) if email else None
    participant.mobile_lookup = address_lookup(mobile, pepper) if mobile else None


def find_participants_by_address(address: str, pepper: str):
    lookup = address_lookup(address, pepper)
    column = m.Participant.email_lookup if "@" in address else m.Participant.mobile_lookup
    # Someone removed from a conference cannot sign in to it again.
    return db.session.scalars(db.select(m.Participant).where(
        column == lookup, m.Participant.removed_at.is_(None))).all()


def _any(condition):
    return bool(db.session.scalar(db.select(db.exists().where(condition))))


def staff_address(email, mobile, pepper):
    """Which of these addresses ("email" or "mobile") belongs to a staff account: its sign-in
    email, or an address on a staff member's own place in a conference. None if neither."""
    staff_place = m.Participant.staff_user_id.is_not(None)
    if email:
        if _any(db.func.lower(m.StaffUser.email) == normalise_address(email)):
            return "email"
        if _any(staff_place & (m.Participant.email_lookup == address_lookup(email, pepper))):
            return "email"
    if mobile and _any(staff_place & (
            m.Participant.mobile_lookup == address_lookup(mobile, pepper))):
        return "mobile"
    return None


def link_and_code_channels(participant):
    """Where a person has both, the link goes by email and the code by text message."""
    if participant.email and participant.mobile:
        return ("email", participant.email), ("sms", participant.mobile)
    address = participant.email or participant.mobile
    channel = "email" if participant.email else "sms"
    return (channel, address), (channel, address)


# --- invitation links --------------------------------------------------------


def _serializer():
    """Signs invitation links with SECRET_KEY; links signed with a key in
    SECRET_KEY_FALLBACKS still open while a new key takes over."""
    config = current_app.config
    keys = [*config.get("SECRET_KEY_FALLBACKS", []), config["SECRET_KEY"]]
    return URLSafeTimedSerializer(keys, salt="invitation-link")


def create_invitation(participant, pepper, days, now):
    invitation = m.Invitation(
        participant=participant, token_hash="", expires_at=now + timedelta(days=days)
    )
    db.session.add(invitation)
    db.session.flush()
    token = _serializer().dumps({"i": invitation.id, "n": secrets.token_hex(8)})
    invitation.token_hash = hash_secret(token, pepper)
    return token


def open_invitation(token, pepper, days, now):
    """The invitation a link stands for, if it is genuine, unexpired and unused."""
    try:
        _serializer().loads(token, max_age=days * 86400)
    except (SignatureExpired, BadSignature):
        return None
    invitation = db.session.scalar(
        db.select(m.Invitation).filter_by(token_hash=hash_secret(token, pepper))
    )
    if (invitation is None or invitation.used_at is not None or invitation.expires_at < now
            or invitation.participant.removed_at is not None):
        return None
    return invitation


def stop_invitations(participant, now):
    """Every link this person was sent stops working at once."""
    db.session.execute(db.update(m.Invitation).where(
        m.Invitation.participant_id == participant.id, m.Invitation.used_at.is_(None),
        m.Invitation.expires_at > now).values(expires_at=now))


def end_access(participant, now):
    """Removed from a conference: their sessions end, their links and codes stop."""
    stop_invitations(participant, now)
    db.session.execute(db.update(m.SignInCode).where(
        m.SignInCode.participant_id == participant.id, m.SignInCode.spent_at.is_(None))
        .values(spent_at=now))
    db.session.execute(db.update(m.UserSession).where(
        m.UserSession.participant_id == participant.id, m.UserSession.ended_at.is_(None))
        .values(ended_at=now))
    participant.removed_at = now


# --- one-time codes ----------------------------------------------------------


CODES_PER_PERSON = 5
CODES_WINDOW = timedelta(minutes=15)


def may_send_code(participant, now):
    """At most a few codes to one person in a while: a flood of codes to someone's phone
    is itself a harm, whatever address or link asked for them."""
    sent = db.session.scalar(
        db.select(db.func.count(m.SignInCode.id)).where(
            m.SignInCode.participant_id == participant.id,
            m.SignInCode.created_at >= now - CODES_WINDOW,
        )
    )
    return sent < CODES_PER_PERSON


def issue_code(participant, attempt_id, channel, pepper, minutes, now):
    """A new code for this sign-in attempt; earlier codes for the attempt stop working."""
    attempt_hash = hash_secret("attempt:" + attempt_id, pepper)
    for old in db.session.scalars(
        db.select(m.SignInCode).filter_by(attempt_hash=attempt_hash, spent_at=None)
    ):
        old.spent_at = now
    code = new_one_time_code()
    db.session.add(
        m.SignInCode(
            participant=participant,
            code_hash=hash_secret("code:" + attempt_id + ":" + code, pepper),
            attempt_hash=attempt_hash,
            channel=channel,
            expires_at=now + timedelta(minutes=minutes),
        )
    )
    return code


class CodeResult:
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"
    NO_CODE = "no-code"


def tries_left(attempt_id, pepper, max_tries):
    """How many more times a code may be typed for this attempt (all of them when no code
    was sent, so the page says the same whether or not an address is known)."""
    row = db.session.scalar(
        db.select(m.SignInCode)
        .filter_by(attempt_hash=hash_secret("attempt:" + attempt_id, pepper), spent_at=None)
        .order_by(m.SignInCode.created_at.desc())
    )
    return max_tries - row.failed_tries if row is not None else max_tries


def masked_address(address):
    """Where a code went, shown without giving the address away: the last four digits of a
    phone number, or the first letter and the domain of an email address."""
    address = (address or "").strip()
    if "@" in address:
        name, _at, domain = address.rpartition("@")
        return f"{name[:1]}•••@{domain}"
    digits = re.sub(r"\D", "", address)
    return digits[-4:]


def check_code(attempt_id, entered, pepper, max_tries, now):
    """Check a code against the attempt it was issued for. Returns (result, participant)."""
    attempt_hash = hash_secret("attempt:" + attempt_id, pepper)
    row = db.session.scalar(
        db.select(m.SignInCode)
        .filter_by(attempt_hash=attempt_hash, spent_at=None)
        .order_by(m.SignInCode.created_at.desc())
    )
    if row is None:
        return CodeResult.NO_CODE, None
    if row.expires_at < now:
        row.spent_at = now
        return CodeResult.EXPIRED, row.participant
    entered = re.sub(r"\D", "", entered or "")
    if secrets_match(row.code_hash, hash_secret("code:" + attempt_id + ":" + entered, pepper)):
        row.spent_at = now
        return CodeResult.OK, row.participant
    row.failed_tries += 1
    if row.failed_tries >= max_tries:
        row.spent_at = now
        return CodeResult.EXPIRED, row.participant
    return CodeResult.WRONG, row.participant


# --- staff passwords and TOTP ------------------------------------------------


def hash_password(password: str) -> str:
    return _password_hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _password_hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_step(secret: str, code: str, now: float, last_step: int | None = None) -> int | None:
    """The time step a TOTP code belongs to, if it is right for now (one 30-second step
    either side, for a clock a little off) and later than the last step accepted: a code
    that has been used once never works again."""
    code = re.sub(r"\D", "", code or "")
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    current = int(now // totp.interval)
    for step in (current - 1, current, current + 1):
        if (last_step is None or step > last_step) and secrets.compare_digest(
                totp.generate_otp(step), code):
            return step
    return None


def verify_totp(secret: str, code: str, now: float | None = None) -> bool:
    return totp_step(secret, code, time.time() if now is None else now) is not None


def authenticate_staff(email, password, totp_code, now: float | None = None):
    """The staff account, if the password and a fresh TOTP code are right. The code's time
    step is recorded (the caller commits), so the same code cannot sign in twice."""
    user = db.session.scalar(
        db.select(m.StaffUser).filter_by(email=(email or "").strip().lower(), active=True)
    )
    # Hash even when nobody matches, so timing does not reveal which emails exist.
    if user is None:
        verify_password(_DUMMY_HASH, password or "")
        return None
    if not password or not verify_password(user.password_hash, password):
        return None
    step = totp_step(user.totp_secret, totp_code, time.time() if now is None else now,
                     user.totp_last_step)
    if step is None:
        return None
    # Claim the step in the database, so two sign-ins racing with one code cannot both win.
    claimed = db.session.execute(
        db.update(m.StaffUser)
        .where(m.StaffUser.id == user.id)
        .where(db.or_(m.StaffUser.totp_last_step.is_(None), m.StaffUser.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        return None
    user.totp_last_step = step
    return user


_DUMMY_HASH = _password_hasher.hash("not-a-real-password")


# --- server-side sessions ----------------------------------------------------


class SignedIn(UserMixin):
    """The person behind a live server session (what Flask-Login calls the user)."""

    def __init__(self, user_session):
        self.user_session = user_session
        self.participant = user_session.participant
        self.staff_user = user_session.staff_user

    def get_id(self):
        return self.user_session.id

    @property
    def is_staff(self):
        return self.staff_user is not None

    @property
    def language(self):
        return self.participant.language if self.participant else "en"


# How stale a session's "last seen" may be: it is written at most this often, which is
# enough for the idle timeout and light on the database. The timeout warning allows for it.
LAST_SEEN_RESOLUTION = timedelta(seconds=60)


def start_session(now, participant=None, staff_user=None):
    row = m.UserSession(
        id=secrets.token_urlsafe(32),
        participant=participant,
        staff_user=staff_user,
        created_at=now,
        last_seen_at=now,
    )
    db.session.add(row)
    return row


@built_once
def _session_with_person():
    return db.select(m.UserSession).where(m.UserSession.id == param("session_id")).options(
        joinedload(m.UserSession.participant).joinedload(m.Participant.conference)
        .joinedload(m.Conference.authority),
        joinedload(m.UserSession.staff_user).joinedload(m.StaffUser.authority))


def live_session(session_id, now, idle_minutes, max_hours):
    """The session if it is still live; ends it when it has idled or lived too long."""
    row = None
    if session_id:
        # One round trip for the person, their conference and authority, which nearly
        # every page needs.
        row = db.session.scalar(_session_with_person(), {"session_id": session_id})
    if row is None or row.ended_at is not None:
        return None
    if row.participant is not None and row.participant.removed_at is not None:
        row.ended_at = now
        db.session.commit()
        return None
    if (
        now - row.last_seen_at > timedelta(minutes=idle_minutes)
        or now - row.created_at > timedelta(hours=max_hours)
    ):
        row.ended_at = now
        db.session.commit()
        return None
    if now - row.last_seen_at > LAST_SEEN_RESOLUTION:
        row.last_seen_at = now
        db.session.commit()
    return row


def end_session(session_id, now):
    row = db.session.get(m.UserSession, session_id) if session_id else None
    if row is not None and row.ended_at is None:
        row.ended_at = now
    return row


def keep_alive(user_session, now):
    """"Stay signed in": the session's idle clock starts again."""
    user_session.last_seen_at = now
    db.session.commit()


# --- signing in and out, as the pages do it (each commits its own work) ---------------


def send_code(participant, channel, address, attempt, now, language=None):
    """Send a code for this sign-in attempt, unless this person has been sent too many
    lately: then False, and the refusal is on record."""
    config = current_app.config
    if config["RATELIMIT_ENABLED"] and not may_send_code(participant, now):
        audit.refused("sign_in.code_throttled", participant_id=participant.id,
                      conference_id=participant.conference_id)
        return False
    code = issue_code(participant, attempt, channel, config["LOOKUP_PEPPER"],
                      config["SIGN_IN_CODE_MINUTES"], now)
    messages.send_sign_in_code(participant, channel, address, code,
                               config["SIGN_IN_CODE_MINUTES"], language=language)
    audit.record("sign_in.code_sent", participant_id=participant.id,
                 conference_id=participant.conference_id, detail=channel)
    db.session.commit()
    return True


def code_for_address(address, attempt, now, language=None):
    """Send a code for this sign-in attempt to whoever the address belongs to, if anyone,
    in the language chosen on the page where it was asked for."""
    people = find_participants_by_address(address, current_app.config["LOOKUP_PEPPER"])
    if not people:
        audit.refused("sign_in.unknown_address")
        return
    # The newest conference this address belongs to.
    participant = max(people, key=lambda p: p.created_at)
    channel = "email" if "@" in address else "sms"
    stored = participant.email if channel == "email" else participant.mobile
    try:
        send_code(participant, channel, stored, attempt, now, language=language)
    except notify.DeliveryFailed:
        db.session.commit()  # the failure is on record (message.failed); the code unused
        raise


def signed_in_with_code(participant, invitation_id, now):
    """A right code: the invitation it came through is used, the language chosen on the
    page is remembered, and a new session starts. Returns the session."""
    if invitation_id:
        invitation = db.session.get(m.Invitation, invitation_id)
        if invitation and invitation.participant_id == participant.id:
            invitation.used_at = now
    messages.remember_language(participant)
    row = start_session(now, participant=participant)
    audit.record("sign_in.success", participant_id=participant.id,
                 conference_id=participant.conference_id)
    db.session.commit()
    return row


def code_refused(result, participant):
    ids = ({"participant_id": participant.id, "conference_id": participant.conference_id}
           if participant else {})
    audit.refused("sign_in.code_failed", detail=result, **ids)


def staff_signed_in(user, now):
    row = start_session(now, staff_user=user)
    audit.record("staff_sign_in.success", staff_user_id=user.id)
    db.session.commit()
    return row


def sign_out(signed_in, now):
    """End this person's session on the server, on record."""
    end_session(signed_in.get_id(), now)
    audit.record("sign_out", **({"participant_id": signed_in.participant.id}
                                if signed_in.participant
                                else {"staff_user_id": signed_in.staff_user.id}))
    db.session.commit()
