"""Staff TOTP codes: right for now (one 30-second step either side), and never twice."""

import pyotp

from app.services import signin

SECRET = pyotp.random_base32()
NOW = 1_800_000_015.0  # a fixed moment, in the middle of a time step
STEP = int(NOW // 30)


def code_for(step):
    return pyotp.TOTP(SECRET).generate_otp(step)


def test_a_code_for_now_or_one_step_either_side_is_accepted():
    for step in (STEP - 1, STEP, STEP + 1):
        assert signin.totp_step(SECRET, code_for(step), NOW) == step


def test_a_code_more_than_30_seconds_off_is_refused():
    for step in (STEP - 2, STEP + 2, STEP - 100):
        assert signin.totp_step(SECRET, code_for(step), NOW) is None


def test_a_code_whose_step_was_used_is_refused_and_so_is_an_earlier_one():
    assert signin.totp_step(SECRET, code_for(STEP), NOW, last_step=STEP) is None
    assert signin.totp_step(SECRET, code_for(STEP - 1), NOW, last_step=STEP) is None
    assert signin.totp_step(SECRET, code_for(STEP + 1), NOW, last_step=STEP) == STEP + 1


def test_anything_but_six_digits_is_refused():
    for code in ("", "12345", "1234567", "abcdef", None):
        assert signin.totp_step(SECRET, code, NOW) is None
    assert signin.totp_step(SECRET, " " + code_for(STEP)[:3] + " " + code_for(STEP)[3:],
                            NOW) == STEP


def test_a_code_is_checked_against_the_moment_given_not_the_servers_clock():
    """verify_totp takes the moment to check against; only without one does it read the
    clock (here a moment long past, when today's code was wrong)."""
    assert signin.verify_totp(SECRET, code_for(STEP), NOW)
    assert not signin.verify_totp(SECRET, code_for(STEP), NOW + 3600)
    current = pyotp.TOTP(SECRET).now()
    assert signin.verify_totp(SECRET, current)
