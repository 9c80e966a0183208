"""The rules of signing in (app/services/signin.py), each stated in words and tried at its edges.

These read and write the database through the functions themselves (an app on SQLite with
the demo data), but send nothing and open no page.
"""

import time
import uuid
from datetime import timedelta
from types import SimpleNamespace

import pyotp
import pytest
from conftest import make_app, participant
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import event

from app.data import demo
from app.data import models as m
from app.extensions import db
from app.services import signin

PEPPER = "test-pepper-for-codes"
OK, WRONG, EXPIRED, NO_CODE = (signin.CodeResult.OK, signin.CodeResult.WRONG,
                               signin.CodeResult.EXPIRED, signin.CodeResult.NO_CODE)
FIXTURE_EXAMPLES = settings(max_examples=25, deadline=None,
                            suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def app_once(tmp_path_factory):
    """One app with the demo data for the whole file: each test leaves it as it found it
    (new attempts, new rows, changes rolled back)."""
    application = make_app(tmp_path_factory.mktemp("signin"))
    with application.app_context():
        db.create_all()
        demo.load(application.config["LOOKUP_PEPPER"])
        yield application
        db.session.remove()


@pytest.fixture
def db_app(app_once):
    yield app_once
    db.session.rollback()


def _attempt():
    return uuid.uuid4().hex


def _issue(person, attempt, now, minutes=10):
    return signin.issue_code(person, attempt, "sms", PEPPER, minutes, now)


def _check(attempt, code, now, tries=5):
    return signin.check_code(attempt, code, PEPPER, tries, now)[0]


def _not(code):
    return "000000" if code != "000000" else "111111"


# --- addresses ----------------------------------------------------------------------------


@pytest.mark.parametrize("typed", [
    "07700 900123", "07700900123", "+44 7700 900123", "+447700900123", "+44 7700 900 123",
    "(07700) 900-123", " 07700 900 123 ",
])
def test_a_uk_mobile_is_the_same_number_however_it_is_typed(typed):
    assert signin.normalise_address(typed) == "07700900123"
    assert signin.address_lookup(typed, PEPPER) == signin.address_lookup("07700900123", PEPPER)


def test_a_number_from_abroad_keeps_its_country_code():
    assert signin.normalise_address("+353 87 123 4567") == "+353871234567"


def test_an_email_address_is_the_same_in_any_case_and_without_spaces():
    assert signin.normalise_address("  Robin.Hale@Example.COM ") == "robin.hale@example.com"
    assert signin.normalise_address(None) == ""


def test_a_lookup_stays_what_it_was_when_stored():
    """Lookups are stored: the way one is made must not change from one release to the next,
    or nobody could sign in by typing their address."""
    assert signin.address_lookup(" +44 7700 900123", PEPPER) == signin.hash_secret(
        "address:07700900123", PEPPER)
    assert signin.address_lookup("Jo@Example.com", PEPPER) == signin.hash_secret(
        "address:jo@example.com", PEPPER)


def test_lookups_tell_addresses_apart_and_depend_on_the_secret():
    one = signin.address_lookup("07700 900123", PEPPER)
    assert one != signin.address_lookup("07700 900124", PEPPER)
    assert one != signin.address_lookup("07700 900123", "another-secret")
    assert "07700900123" not in one


def test_contact_details_keep_only_what_was_given(db_app):
    person = SimpleNamespace()
    signin.set_contact_details(person, "Only@Example.com", "", PEPPER)
    assert (person.email, person.mobile) == ("Only@Example.com", None)
    assert person.email_lookup == signin.address_lookup("only@example.com", PEPPER)
    assert person.mobile_lookup is None
    signin.set_contact_details(person, None, "+44 7700 900555", PEPPER)
    assert (person.email, person.email_lookup) == (None, None)
    assert person.mobile == "+44 7700 900555"
    assert person.mobile_lookup == signin.address_lookup("07700900555", PEPPER)


def test_a_person_is_found_by_their_email_or_their_mobile_typed_any_way(db_app):
    pepper = db_app.config["LOOKUP_PEPPER"]
    parent = participant("parent")
    assert signin.find_participants_by_address(parent.email.upper(), pepper) == [parent]
    international = "+44" + parent.mobile.replace(" ", "")[1:]
    assert signin.find_participants_by_address(international, pepper) == [parent]
    assert signin.find_participants_by_address("nobody@example.com", pepper) == []


@pytest.mark.parametrize("email, mobile, link, code", [
    ("p@example.com", "07700 900001", ("email", "p@example.com"), ("sms", "07700 900001")),
    ("p@example.com", None, ("email", "p@example.com"), ("email", "p@example.com")),
    (None, "07700 900001", ("sms", "07700 900001"), ("sms", "07700 900001")),
])
def test_the_link_and_the_code_go_wherever_the_person_can_be_reached(email, mobile, link, code):
    """Two channels when the person has both; otherwise both go by the one they have, so
    someone with only an email or only a mobile is never sent a message to nobody."""
    person = SimpleNamespace(email=email, mobile=mobile)
    assert signin.link_and_code_channels(person) == (link, code)



def test_a_staff_address_is_a_staff_sign_in_email_or_an_address_on_a_staff_place(db_app):
    """Staff sign in with a password, never with a code: an address belonging to a staff
    account (its sign-in email, or the email or mobile of a staff member's own place in a
    conference) is told apart from a family member's, however it is typed."""
    pepper = db_app.config["LOOKUP_PEPPER"]
    chair, parent = participant("chair"), participant("parent")
    admin_email = "admin@example.com"  # an administrator has no place in any conference
    assert signin.staff_address(" ADMIN@Example.com ", None, pepper) == "email"
    assert signin.staff_address(chair.staff_user.email.upper(), None, pepper) == "email"
    assert signin.staff_address(chair.email.upper(), None, pepper) == "email"
    assert signin.staff_address(None, chair.mobile, pepper) == "mobile"
    international = "+44" + chair.mobile.replace(" ", "")[1:]
    assert signin.staff_address("", international, pepper) == "mobile"
    # A family member's addresses are nobody's staff address.
    assert signin.staff_address(parent.email, parent.mobile, pepper) is None
    assert signin.staff_address(None, None, pepper) is None
    assert signin.staff_address("", "", pepper) is None
    # Each address is judged for itself: a family email with a staff mobile is the mobile.
    assert signin.staff_address(parent.email, chair.mobile, pepper) == "mobile"
    assert signin.staff_address(admin_email, parent.mobile, pepper) == "email"
    assert signin.staff_address(chair.email, parent.mobile, pepper) == "email"


@pytest.mark.parametrize("address, shown", [
    ("jo.example@example.com", "j•••@example.com"),
    (" Jo@Example.com ", "J•••@Example.com"),
    ("odd@name@example.org", "o•••@example.org"),  # the domain is after the last @
    ("07700 900987", "0987"),
    ("+44 (7700) 900-123", "0123"),
    ("12", "12"),
    (None, ""),
])
def test_where_a_code_went_is_shown_without_giving_the_address_away(address, shown):
    assert signin.masked_address(address) == shown


def test_tries_left_count_down_with_each_wrong_code_for_the_attempt(db_app):
    """The page says how many more tries there are: all of them before any code was sent
    (so it reads the same whether or not the address is known), one fewer for each wrong
    code, and all of them again for a fresh code."""
    parent, attempt, now = participant("parent"), _attempt(), m.utcnow()
    assert signin.tries_left(attempt, PEPPER, 5) == 5
    code = _issue(parent, attempt, now)
    assert signin.tries_left(attempt, PEPPER, 5) == 5
    _check(attempt, _not(code), now)
    _check(attempt, _not(code), now)
    db.session.flush()
    assert signin.tries_left(attempt, PEPPER, 5) == 3
    assert signin.tries_left(attempt, PEPPER, 4) == 2
    assert signin.tries_left(_attempt(), PEPPER, 5) == 5  # another attempt is untouched
    assert signin.tries_left(attempt, "another-secret", 5) == 5
    code = _issue(parent, attempt, now + timedelta(seconds=1))
    db.session.flush()
    assert signin.tries_left(attempt, PEPPER, 5) == 5
    # A code that was used (after a wrong try) no longer counts: there is none to type.
    _check(attempt, _not(code), now)
    assert _check(attempt, code, now) == OK
    db.session.flush()
    assert signin.tries_left(attempt, PEPPER, 5) == 5

# --- invitation links ---------------------------------------------------------------------


def test_an_invitation_opens_until_it_expires_and_only_while_unused(db_app):
    key = db_app.config["LOOKUP_PEPPER"]
    now = m.utcnow()
    token = signin.create_invitation(participant("parent"), key, 14, now)
    invitation = signin.open_invitation(token, key, 14, now)
    assert invitation is not None and invitation.participant == participant("parent")
    # Links already sent must keep working after an upgrade: the signing stays the same.
    payload = URLSafeTimedSerializer(db_app.config["SECRET_KEY"],
                                     salt="invitation-link").loads(token)
    assert payload["i"] == invitation.id and len(payload["n"]) == 16
    assert invitation.expires_at == now + timedelta(days=14)
    # Still open at the last moment, closed just after it.
    assert signin.open_invitation(token, key, 14, invitation.expires_at) is invitation
    assert signin.open_invitation(token, key, 14,
                                  invitation.expires_at + timedelta(seconds=1)) is None
    invitation.used_at = now
    assert signin.open_invitation(token, key, 14, now) is None


def test_a_tampered_or_foreign_link_opens_nothing(db_app):
    key = db_app.config["LOOKUP_PEPPER"]
    now = m.utcnow()
    token = signin.create_invitation(participant("parent"), key, 14, now)
    assert signin.open_invitation(token[:-2] + "xx", key, 14, now) is None
    assert signin.open_invitation(token, "another-key-that-is-long-enough-0000", 14, now) is None
    # A genuine signature whose link was never stored (or was replaced) opens nothing either.
    other = signin._serializer().dumps({"i": "nope", "n": "00"})
    assert signin.open_invitation(other, key, 14, now) is None


def test_a_link_sent_before_the_secret_key_changed_opens_while_the_old_key_is_kept(
        db_app, monkeypatch):
    """SECRET_KEY may be changed: links signed with the old key still open while it is
    listed in SECRET_KEY_FALLBACKS, and no longer once it is taken off. Without that
    setting at all, links signed with the current key open as before."""
    key, now = db_app.config["LOOKUP_PEPPER"], m.utcnow()
    old_secret = db_app.config["SECRET_KEY"]
    token = signin.create_invitation(participant("parent"), key, 14, now)
    monkeypatch.setitem(db_app.config, "SECRET_KEY", "a-new-secret-key-that-is-long-enough-01")
    monkeypatch.setitem(db_app.config, "SECRET_KEY_FALLBACKS", [old_secret])
    assert signin.open_invitation(token, key, 14, now) is not None
    db_app.config["SECRET_KEY_FALLBACKS"] = []
    assert signin.open_invitation(token, key, 14, now) is None
    del db_app.config["SECRET_KEY_FALLBACKS"]
    new_token = signin.create_invitation(participant("parent"), key, 14, now)
    assert signin.open_invitation(new_token, key, 14, now) is not None


def test_a_link_older_than_its_days_is_refused_by_its_signature(db_app, monkeypatch):
    key = db_app.config["LOOKUP_PEPPER"]
    now = m.utcnow()
    signed_at = 1_800_000_000
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: signed_at)
    token = signin.create_invitation(participant("parent"), key, 14, now)
    # The stored expiry is far off, so only the signed moment can refuse it.
    db.session.scalar(db.select(m.Invitation).filter_by(
        token_hash=signin.hash_secret(token, key))).expires_at = now + timedelta(days=400)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: signed_at + 2 * 86400)
    assert signin.open_invitation(token, key, 2, now) is not None
    monkeypatch.setattr(TimestampSigner, "get_timestamp",
                        lambda self: signed_at + 2 * 86400 + 1)
    assert signin.open_invitation(token, key, 2, now) is None


# --- one-time codes -----------------------------------------------------------------------


def test_a_used_code_cannot_be_used_again_in_the_same_attempt(db_app):
    parent, attempt, now = participant("parent"), _attempt(), m.utcnow()
    code = _issue(parent, attempt, now)
    assert signin.check_code(attempt, code, PEPPER, 5, now) == (OK, parent)
    assert _check(attempt, code, now) == NO_CODE


def test_a_new_code_for_one_attempt_leaves_other_attempts_alone(db_app):
    parent, now = participant("parent"), m.utcnow()
    mine, theirs = _attempt(), _attempt()
    my_code = _issue(parent, mine, now)
    their_code = _issue(parent, theirs, now)
    assert _check(mine, my_code, now) == OK
    assert _check(theirs, their_code, now) == OK


def test_a_spent_code_keeps_the_moment_it_was_spent(db_app):
    parent, attempt, now = participant("parent"), _attempt(), m.utcnow()
    code = _issue(parent, attempt, now)
    assert _check(attempt, code, now) == OK
    _issue(parent, attempt, now + timedelta(minutes=1))
    rows = db.session.scalars(db.select(m.SignInCode).filter_by(
        attempt_hash=signin.hash_secret("attempt:" + attempt, PEPPER))).all()
    assert sorted(row.spent_at is None for row in rows) == [False, True]
    assert [row.spent_at for row in rows if row.spent_at] == [now]


def test_a_code_works_only_in_the_attempt_it_was_issued_for(db_app):
    parent, now = participant("parent"), m.utcnow()
    attempt = _attempt()
    code = _issue(parent, attempt, now)
    assert _check(_attempt(), code, now) == NO_CODE
    assert _check(attempt, code, now) == OK


def test_after_a_resend_only_the_newest_code_works(db_app):
    parent, attempt, now = participant("parent"), _attempt(), m.utcnow()
    first = _issue(parent, attempt, now)
    second = _issue(parent, attempt, now + timedelta(seconds=1))
    if first == second:
        pytest.skip("the two random codes happen to be the same")
    assert _check(attempt, first, now) == WRONG
    assert _check(attempt, second, now) == OK


def test_an_older_code_never_comes_back_when_the_newest_runs_out_of_tries(db_app):
    parent, attempt, now = participant("parent"), _attempt(), m.utcnow()
    first = _issue(parent, attempt, now)
    second = _issue(parent, attempt, now)
    if first == second:
        pytest.skip("the two random codes happen to be the same")
    wrong = next(c for c in ("111111", "222222", "333333") if c not in (first, second))
    assert [_check(attempt, wrong, now) for _ in range(5)] == [WRONG] * 4 + [EXPIRED]
    assert _check(attempt, first, now) == NO_CODE


def test_an_older_code_never_comes_back_when_the_newest_expires(db_app):
    parent, attempt, now = participant("parent"), _attempt(), m.utcnow()
    first = _issue(parent, attempt, now, minutes=60)
    _issue(parent, attempt, now, minutes=10)
    later = now + timedelta(minutes=11)
    assert _check(attempt, first, later) == EXPIRED  # the newest, out of time
    assert _check(attempt, first, later) == NO_CODE


@FIXTURE_EXAMPLES
@given(minutes=st.integers(1, 60), elapsed=st.integers(0, 2 * 60 * 60))
def test_a_code_works_up_to_the_last_second_of_its_minutes(db_app, minutes, elapsed):
    parent, attempt, now = participant("parent"), _attempt(), m.utcnow()
    code = _issue(parent, attempt, now, minutes=minutes)
    result = _check(attempt, code, now + timedelta(seconds=elapsed))
    assert result == (OK if elapsed <= minutes * 60 else EXPIRED)


@pytest.mark.parametrize("minutes", [1, 10])
def test_a_code_expires_exactly_at_its_minutes(db_app, minutes):
    parent, now = participant("parent"), m.utcnow()
    attempt = _attempt()
    code = _issue(parent, attempt, now, minutes=minutes)
    assert _check(attempt, code, now + timedelta(minutes=minutes)) == OK
    attempt = _attempt()
    code = _issue(parent, attempt, now, minutes=minutes)
    assert _check(attempt, code, now + timedelta(minutes=minutes, microseconds=1)) == EXPIRED
    # Once expired it is spent, even if the clock were put back.
    assert _check(attempt, code, now) == NO_CODE


@FIXTURE_EXAMPLES
@given(max_tries=st.integers(1, 8))
def test_a_code_stops_working_after_its_allowed_wrong_tries(db_app, max_tries):
    parent, attempt, now = participant("parent"), _attempt(), m.utcnow()
    code = _issue(parent, attempt, now)
    wrong = _not(code)
    results = [_check(attempt, wrong, now, tries=max_tries) for _ in range(max_tries)]
    assert results == [WRONG] * (max_tries - 1) + [EXPIRED]
    assert _check(attempt, code, now, tries=max_tries) == NO_CODE


def test_a_wrong_code_still_says_whose_attempt_it_was(db_app):
    parent, attempt, now = participant("parent"), _attempt(), m.utcnow()
    code = _issue(parent, attempt, now)
    assert signin.check_code(attempt, _not(code), PEPPER, 5, now) == (WRONG, parent)
    assert signin.check_code(_attempt(), code, PEPPER, 5, now) == (NO_CODE, None)


def test_a_code_typed_with_spaces_or_dashes_works_and_an_empty_one_is_wrong(db_app):
    parent, attempt, now = participant("parent"), _attempt(), m.utcnow()
    code = _issue(parent, attempt, now)
    assert _check(attempt, None, now) == WRONG
    assert _check(attempt, "", now) == WRONG
    assert _check(attempt, f" {code[:3]}-{code[3:]} ", now) == OK


def test_a_code_is_stored_for_its_channel_and_person_but_never_in_the_clear(db_app):
    parent, attempt, now = participant("parent"), _attempt(), m.utcnow()
    code = signin.issue_code(parent, attempt, "email", PEPPER, 10, now)
    row = db.session.scalar(db.select(m.SignInCode).filter_by(
        attempt_hash=signin.hash_secret("attempt:" + attempt, PEPPER)))
    assert (row.participant, row.channel, row.spent_at) == (parent, "email", None)
    assert row.expires_at == now + timedelta(minutes=10)
    assert code not in row.code_hash and attempt not in row.attempt_hash


def test_at_most_five_codes_to_one_person_in_fifteen_minutes(db_app):
    parent, other, now = participant("parent"), participant("parent", index=1), m.utcnow()
    for _ in range(signin.CODES_PER_PERSON - 1):
        _issue(parent, _attempt(), now)
    assert signin.may_send_code(parent, now)
    _issue(parent, _attempt(), now)
    db.session.flush()
    assert not signin.may_send_code(parent, now)
    assert signin.may_send_code(other, now)  # counted per person
    # Codes older than the window no longer count; one exactly at its edge still does.
    rows = db.session.scalars(db.select(m.SignInCode).filter_by(participant=parent)).all()
    for row in rows:
        row.created_at = now - signin.CODES_WINDOW - timedelta(seconds=1)
    rows[0].created_at = now - signin.CODES_WINDOW
    assert signin.may_send_code(parent, now)
    for row in rows[:signin.CODES_PER_PERSON]:
        row.created_at = now - signin.CODES_WINDOW
    assert not signin.may_send_code(parent, now)


def test_the_limit_of_codes_is_five_in_fifteen_minutes():
    assert signin.CODES_PER_PERSON == 5
    assert signin.CODES_WINDOW == timedelta(minutes=15)


# --- staff passwords and TOTP -------------------------------------------------------------


def test_a_password_matches_only_itself_and_a_broken_hash_matches_nothing():
    stored = signin.hash_password("correct horse")
    assert signin.verify_password(stored, "correct horse")
    assert not signin.verify_password(stored, "correct horse ")
    assert not signin.verify_password("not-a-hash", "correct horse")


def test_a_totp_code_is_accepted_for_one_step_either_side_and_no_more():
    secret = signin.new_totp_secret()
    totp = pyotp.TOTP(secret)
    step = totp.interval
    if time.time() % step > step - 5:
        time.sleep(6)  # keep the checks below within one step of the clock
    now = int(time.time())
    assert step == 30
    assert signin.verify_totp(secret, totp.at(now))
    assert signin.verify_totp(secret, totp.at(now - step))
    # Two steps out is refused, on either side (a wider window would accept these).
    assert not signin.verify_totp(secret, totp.at(now - 2 * step - 1))
    assert not signin.verify_totp(secret, totp.at(now + 2 * step + 1))


def test_a_totp_code_may_be_typed_with_spaces_but_must_have_six_digits():
    secret = signin.new_totp_secret()
    code = pyotp.TOTP(secret).now()
    assert signin.verify_totp(secret, f"{code[:3]} {code[3:]}")
    assert not signin.verify_totp(secret, code[:5])
    assert not signin.verify_totp(secret, code + "0")
    assert not signin.verify_totp(secret, None)
    assert not signin.verify_totp(secret, "")


def test_staff_need_their_email_password_and_totp_together(db_app):
    chair = participant("chair").staff_user
    totp = pyotp.TOTP(chair.totp_secret).now()
    password = demo.DEMO_STAFF_PASSWORD
    assert signin.authenticate_staff(f"  {chair.email.upper()} ", password, totp) == chair
    assert signin.authenticate_staff(chair.email, "wrong", totp) is None
    assert signin.authenticate_staff(chair.email, password, _not(totp)) is None
    assert signin.authenticate_staff("nobody@example.com", password, totp) is None


def test_a_missing_field_is_a_refusal_not_an_error(db_app):
    chair = participant("chair").staff_user
    totp = pyotp.TOTP(chair.totp_secret).now()
    assert signin.authenticate_staff(chair.email, None, totp) is None
    assert signin.authenticate_staff("nobody@example.com", None, totp) is None
    assert signin.authenticate_staff(None, demo.DEMO_STAFF_PASSWORD, totp) is None
    assert signin.authenticate_staff(chair.email, demo.DEMO_STAFF_PASSWORD, None) is None


def test_an_account_that_is_switched_off_cannot_sign_in(db_app):
    chair = participant("chair").staff_user
    chair.active = False
    totp = pyotp.TOTP(chair.totp_secret).now()
    assert signin.authenticate_staff(chair.email, demo.DEMO_STAFF_PASSWORD, totp) is None



MOMENT = 1_800_000_015.0  # a fixed moment, in the middle of a TOTP time step
MOMENT_STEP = int(MOMENT // 30)


def test_a_staff_code_is_checked_against_the_moment_given(db_app):
    chair = participant("chair").staff_user
    code = pyotp.TOTP(chair.totp_secret).at(MOMENT)
    assert signin.authenticate_staff(chair.email, demo.DEMO_STAFF_PASSWORD, code,
                                     MOMENT) == chair


def test_a_staff_code_signs_in_once_and_the_next_steps_code_signs_in_again(db_app):
    chair, password = participant("chair").staff_user, demo.DEMO_STAFF_PASSWORD
    totp = pyotp.TOTP(chair.totp_secret)
    assert signin.authenticate_staff(chair.email, password, totp.at(MOMENT), MOMENT) == chair
    assert chair.totp_last_step == MOMENT_STEP
    # The claim itself wrote the step to the database, before anything is flushed.
    with db.session.no_autoflush:
        stored = db.session.scalar(db.select(m.StaffUser.totp_last_step).where(
            m.StaffUser.id == chair.id))
    assert stored == MOMENT_STEP
    db.session.flush()
    assert signin.authenticate_staff(chair.email, password, totp.at(MOMENT), MOMENT) is None
    later = MOMENT + 30
    assert signin.authenticate_staff(chair.email, password, totp.at(later), later) == chair
    assert chair.totp_last_step == MOMENT_STEP + 1


def test_two_sign_ins_racing_with_one_code_cannot_both_win(db_app):
    """This request loaded the account before another one, with the same code, claimed the
    step: the database refuses the second claim, though this request's copy is stale."""
    chair, password = participant("chair").staff_user, demo.DEMO_STAFF_PASSWORD
    assert chair.totp_last_step is None
    db.session.execute(
        db.update(m.StaffUser).where(m.StaffUser.id == chair.id)
        .values(totp_last_step=MOMENT_STEP).execution_options(synchronize_session=False))
    assert chair.totp_last_step is None  # not seen here
    code = pyotp.TOTP(chair.totp_secret).at(MOMENT)
    assert signin.authenticate_staff(chair.email, password, code, MOMENT) is None

# --- server sessions ----------------------------------------------------------------------


def test_a_signed_in_person_is_family_or_staff_and_keeps_their_language(db_app):
    now = m.utcnow()
    parent = participant("parent")
    parent.language = "cy"
    family = signin.SignedIn(signin.start_session(now, participant=parent))
    staff = signin.SignedIn(signin.start_session(now,
                                                 staff_user=participant("chair").staff_user))
    assert (family.is_staff, family.language, family.participant) == (False, "cy", parent)
    assert (staff.is_staff, staff.language, staff.participant) == (True, "en", None)
    assert family.get_id() == family.user_session.id != staff.get_id()
    assert len(family.get_id()) == 43  # 32 random bytes, URL-safe


def test_a_session_lives_until_it_idles_too_long(db_app):
    now = m.utcnow()
    row = signin.start_session(now, participant=participant("parent"))
    db.session.commit()
    assert (row.created_at, row.last_seen_at, row.ended_at) == (now, now, None)
    assert signin.live_session(row.id, now + timedelta(minutes=30), 30, 8) is row
    assert row.ended_at is None
    assert signin.live_session(row.id, now + timedelta(minutes=60, seconds=1), 30, 8) is None
    assert row.ended_at == now + timedelta(minutes=60, seconds=1)
    # Once ended it stays ended.
    assert signin.live_session(row.id, now + timedelta(minutes=31), 30, 8) is None


def test_a_session_ends_after_its_hours_however_busy(db_app):
    now = m.utcnow()
    row = signin.start_session(now, participant=participant("parent"))
    db.session.commit()
    for minutes in range(20, 8 * 60 + 1, 20):
        assert signin.live_session(row.id, now + timedelta(minutes=minutes), 30, 8) is row
    assert signin.live_session(row.id, now + timedelta(hours=8, seconds=1), 30, 8) is None
    assert row.ended_at == now + timedelta(hours=8, seconds=1)


def test_last_seen_is_written_at_most_once_a_minute(db_app):
    now = m.utcnow()
    row = signin.start_session(now, participant=participant("parent"))
    db.session.commit()
    signin.live_session(row.id, now + signin.LAST_SEEN_RESOLUTION, 30, 8)
    assert row.last_seen_at == now
    later = now + signin.LAST_SEEN_RESOLUTION + timedelta(seconds=1)
    signin.live_session(row.id, later, 30, 8)
    assert row.last_seen_at == later
    db.session.expire_all()
    assert row.last_seen_at == later  # committed, not only changed in memory
    assert signin.LAST_SEEN_RESOLUTION == timedelta(seconds=60)


def test_a_live_session_comes_with_its_person_conference_and_authority_in_one_query(db_app):
    """Nearly every page needs the person, their conference and its authority (or the
    staff member and theirs): one round trip to the database brings them all."""
    now = m.utcnow()
    family = signin.start_session(now, participant=participant("parent"))
    staff = signin.start_session(now, staff_user=participant("chair").staff_user)
    db.session.flush()
    family_id, staff_id = family.id, staff.id
    db.session.expunge_all()
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        found = signin.live_session(family_id, now, 30, 8)
        assert found.participant.conference.authority.name == demo.AUTHORITY_NAME
        assert len(statements) == 1
        found = signin.live_session(staff_id, now, 30, 8)
        assert found.staff_user.authority.name == demo.AUTHORITY_NAME
        assert len(statements) == 2
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_no_or_unknown_session_is_not_live(db_app):
    now = m.utcnow()
    assert signin.live_session(None, now, 30, 8) is None
    assert signin.live_session("unknown", now, 30, 8) is None
    assert signin.end_session(None, now) is None
    assert signin.end_session("unknown", now) is None


def test_signing_out_ends_the_session_once(db_app):
    now = m.utcnow()
    row = signin.start_session(now, participant=participant("parent"))
    db.session.commit()
    assert signin.end_session(row.id, now + timedelta(minutes=1)) is row
    assert row.ended_at == now + timedelta(minutes=1)
    signin.end_session(row.id, now + timedelta(minutes=2))
    assert row.ended_at == now + timedelta(minutes=1)
    assert signin.live_session(row.id, now + timedelta(minutes=2), 30, 8) is None
