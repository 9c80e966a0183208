"""Production refuses unsafe settings at start-up, each with a one-line reason."""

import secrets

import pytest

from app import config
from app.data.encryption import generate_key


def _safe():
    return {
        "PORTAL_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48),
        "PORTAL_ENCRYPTION_KEY": generate_key(), "NOTIFY_BACKEND": "smtp",
        "SMTP_STARTTLS": "true", "DATABASE_URL": "postgresql://db.internal/portal",
        "REDIS_URL": "redis://redis.internal:6379/0",
        "PORTAL_BASE_URL": "https://prepare.example.gov.uk",
    }


def _refusal(**changes):
    env = {k: v for k, v in dict(_safe(), **changes).items() if v is not None}
    with pytest.raises(config.ConfigError) as error:
        config.check_production(config.from_environment(env, instance_path="/tmp"))
    return str(error.value)


def test_safe_production_settings_start():
    config.check_production(config.from_environment(_safe(), instance_path="/tmp"))


@pytest.mark.parametrize(("changes", "reason"), [
    ({"DATABASE_URL": None}, "DATABASE_URL is SQLite"),
    ({"DATABASE_URL": "sqlite:////srv/portal.sqlite"}, "DATABASE_URL is SQLite"),
    ({"REDIS_URL": None}, "REDIS_URL is not set"),
    ({"RATELIMIT_ENABLED": "false"}, "RATELIMIT_ENABLED is false"),
    ({"PORTAL_BASE_URL": None}, "PORTAL_BASE_URL must start with https://"),
    ({"PORTAL_BASE_URL": "http://prepare.example.gov.uk"},
     "PORTAL_BASE_URL must start with https://"),
    ({"PORTAL_BASE_URL": "https://127.0.0.1:5000"}, "PORTAL_BASE_URL points at this machine"),
    ({"PORTAL_BASE_URL": "https://localhost"}, "PORTAL_BASE_URL points at this machine"),
    ({"SMTP_STARTTLS": "false"}, "SMTP_STARTTLS is off"),
    ({"SECRET_KEY": "x" * 32}, "SECRET_KEY is not random enough"),
    ({"SECRET_KEY": "ab" * 24}, "SECRET_KEY is not random enough"),
    ({"SECRET_KEY": "short-but-random-91"}, "SECRET_KEY is too short"),
    ({"SECRET_KEY": None}, "SECRET_KEY is missing"),
    ({"PORTAL_ENCRYPTION_KEY": None}, "PORTAL_ENCRYPTION_KEY is missing"),
    ({"NOTIFY_BACKEND": "outbox"}, "NOTIFY_BACKEND is 'outbox'"),
])
def test_each_unsafe_setting_is_refused_with_its_own_line(changes, reason):
    message = _refusal(**changes)
    lines = message.splitlines()
    assert lines[0] == "Refusing to start in production:"
    assert [line for line in lines[1:] if reason in line], message
    assert len(lines) == 2, message  # only the one problem, on one line


def test_every_problem_is_listed_at_once():
    lines = _refusal(REDIS_URL=None, RATELIMIT_ENABLED="false", SMTP_STARTTLS="no"
                     ).splitlines()
    assert len(lines) == 4


@pytest.mark.parametrize("env", ["prod", "Production", "live", "dev", ""])
def test_a_misspelt_portal_env_is_refused_not_run_as_development(env):
    with pytest.raises(config.ConfigError) as error:
        config.check_production(config.from_environment({"PORTAL_ENV": env},
                                                        instance_path="/tmp"))
    assert f"PORTAL_ENV is {env!r}" in str(error.value)
    assert "'production' or 'development'" in str(error.value)
    assert len(str(error.value).splitlines()) == 1


def test_development_starts_with_the_defaults():
    config.check_production(config.from_environment({}, instance_path="/tmp"))
    config.check_production(config.from_environment({"PORTAL_ENV": "development"},
                                                    instance_path="/tmp"))


def test_a_real_random_secret_passes_the_entropy_check():
    for _ in range(20):
        assert config._looks_random(secrets.token_hex(32))
        assert config._looks_random(secrets.token_urlsafe(32))
