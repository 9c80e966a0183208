"""Configuration from environment variables.

Everything a deployment or a local authority changes lives here, never in code.
README lists every variable.
"""

import os
from datetime import timedelta

DEV_SECRET = "dev-only-secret-change-me"
# A fixed development key so `make run` keeps working across restarts; production refuses it.
DEV_ENCRYPTION_KEY = "ZGV2LW9ubHkta2V5LWRvLW5vdC11c2UtaW4tcHJvZDA="


class ConfigError(RuntimeError):
    """The configuration cannot be used (for example a default secret in production)."""


def _bool(value, default=False):
    if value is None:
        return default
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def _int(value, default):
    return int(value) if value not in (None, "") else default


def from_environment(env=None, instance_path="instance"):
    env = os.environ if env is None else env
    production = env.get("PORTAL_ENV", "development") == "production"
    default_db = "sqlite:///" + os.path.join(os.path.abspath(instance_path), "portal.sqlite")
    config = {
        "PORTAL_ENV": "production" if production else env.get("PORTAL_ENV", "development"),
        "SECRET_KEY": env.get("SECRET_KEY", DEV_SECRET),
        # Older SECRET_KEYs still accepted for what they signed (sessions, invitation
        # links, kept forms) while a new one takes over: comma-separated, oldest first.
        "SECRET_KEY_FALLBACKS": [k.strip() for k in env.get("SECRET_KEY_FALLBACKS", "").split(",")
                                 if k.strip()],
        # Keys the one-way hashes of addresses, invitation links and codes. Kept apart from
        # SECRET_KEY so that SECRET_KEY can change without losing every address look-up;
        # unset, it is SECRET_KEY (what these hashes were made with before it existed).
        "LOOKUP_PEPPER": env.get("PORTAL_LOOKUP_PEPPER") or env.get("SECRET_KEY", DEV_SECRET),
        "SQLALCHEMY_DATABASE_URI": _database_url(env.get("DATABASE_URL", default_db)),
        "PORTAL_ENCRYPTION_KEY": env.get("PORTAL_ENCRYPTION_KEY", DEV_ENCRYPTION_KEY),
        "PORTAL_BASE_URL": env.get("PORTAL_BASE_URL", "http://127.0.0.1:5000"),
        "NOTIFY_BACKEND": env.get("NOTIFY_BACKEND", "outbox"),
        "OUTBOX_DIR": env.get("OUTBOX_DIR", os.path.join(os.path.abspath(instance_path), "outbox")),
        # Where retention writes each conference's encrypted export bundle before purging it.
        "EXPORT_DIR": env.get("EXPORT_DIR",
                              os.path.join(os.path.abspath(instance_path), "exports")),
        "SENT_MESSAGE_RECORD_DAYS": _int(env.get("SENT_MESSAGE_RECORD_DAYS"), 90),
        # The delivery worker also runs retention once a day.
        "RETENTION_IN_WORKER": _bool(env.get("RETENTION_IN_WORKER"), True),
        # Messages are delivered straight after the response, and the delivery worker
        # (`flask deliveries work`) tries again what failed, until this many hours.
        "DELIVER_AFTER_RESPONSE": _bool(env.get("DELIVER_AFTER_RESPONSE"), True),
        "DELIVERY_GIVE_UP_HOURS": _int(env.get("DELIVERY_GIVE_UP_HOURS"), 24),
        "DELIVERY_POLL_SECONDS": _int(env.get("DELIVERY_POLL_SECONDS"), 5),
        "SMTP_HOST": env.get("SMTP_HOST", "localhost"),
        "SMTP_PORT": _int(env.get("SMTP_PORT"), 25),
        "SMTP_SENDER": env.get("SMTP_SENDER", "portal@example.invalid"),
        "SMTP_USERNAME": env.get("SMTP_USERNAME"),
        "SMTP_PASSWORD": env.get("SMTP_PASSWORD"),
        "SMTP_STARTTLS": env.get("SMTP_STARTTLS", "false"),
        # A mail server that does not answer is given up on after this long.
        "SMTP_TIMEOUT_SECONDS": float(env.get("SMTP_TIMEOUT_SECONDS") or 10),
        # With NOTIFY_BACKEND=smtp, "notify" sends text messages through GOV.UK Notify.
        "NOTIFY_SMS_BACKEND": env.get("NOTIFY_SMS_BACKEND", ""),
        "NOTIFY_API_KEY": env.get("NOTIFY_API_KEY"),
        "NOTIFY_EMAIL_TEMPLATE_ID": env.get("NOTIFY_EMAIL_TEMPLATE_ID"),
        "NOTIFY_SMS_TEMPLATE_ID": env.get("NOTIFY_SMS_TEMPLATE_ID"),
        # A database that has gone away is found before a request uses it (pre-ping), a
        # connection that cannot be made gives up in seconds, and no query runs longer
        # than the statement timeout: a worker is never held for the worker timeout.
        "DATABASE_CONNECT_TIMEOUT": _int(env.get("DATABASE_CONNECT_TIMEOUT"), 5),
        "DATABASE_STATEMENT_TIMEOUT_MS": _int(env.get("DATABASE_STATEMENT_TIMEOUT_MS"), 30000),
        "DATABASE_POOL_TIMEOUT": _int(env.get("DATABASE_POOL_TIMEOUT"), 10),
        "REDIS_URL": env.get("REDIS_URL"),
        # JSON lines (for a log collector) in production, readable lines elsewhere.
        "LOG_FORMAT": env.get("LOG_FORMAT") or ("json" if production else "text"),
        "RATELIMIT_STORAGE_URI": env.get("REDIS_URL") or "memory://",
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), True),
        # Redis down or hung never stops sign-in nor holds a worker: each call gives up
        # after REDIS_TIMEOUT_SECONDS, and the limits are then counted in this process's
        # memory (a warning is logged) until Redis answers again.
        "REDIS_TIMEOUT_SECONDS": float(env.get("REDIS_TIMEOUT_SECONDS") or 1),
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        "INVITATION_DAYS": _int(env.get("INVITATION_DAYS"), 14),
        "SIGN_IN_CODE_MINUTES": _int(env.get("SIGN_IN_CODE_MINUTES"), 10),
        "SIGN_IN_CODE_TRIES": _int(env.get("SIGN_IN_CODE_TRIES"), 5),
        "SESSION_IDLE_MINUTES": _int(env.get("SESSION_IDLE_MINUTES"), 30),
        "SESSION_MAX_HOURS": _int(env.get("SESSION_MAX_HOURS"), 12),
        "DOWNLOAD_LINK_SECONDS": _int(env.get("DOWNLOAD_LINK_SECONDS"), 300),
        "MAX_UPLOAD_MB": _int(env.get("MAX_UPLOAD_MB"), 10),
        "VIEWS_IMAGE_MAX_MB": _int(env.get("VIEWS_IMAGE_MAX_MB"), 10),
        "TRUSTED_PROXIES": _int(env.get("TRUSTED_PROXIES"), 0),
        # How long a public page is kept as made for visitors not signed in (0: never).
        "PUBLIC_PAGE_CACHE_SECONDS": _int(env.get("PUBLIC_PAGE_CACHE_SECONDS"), 300),
        # Pages are compressed (Brotli, else gzip); documents and images are not.
        "COMPRESS_MIMETYPES": ["text/html"],
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        "COMPRESS_MIN_SIZE": 500,
        "COMPRESS_EVALUATE_CONDITIONAL_REQUEST": False,
        "EXIT_URL": env.get("EXIT_URL", "https://www.bbc.co.uk/weather"),
        "WTF_CSRF_TIME_LIMIT": None,  # the session's own lifetime bounds the token
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_TRANSLATION_DIRECTORIES": "translations",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_NAME": "__Host-portal" if production else "portal",
        "REMEMBER_COOKIE_DURATION": timedelta(seconds=0),
        "PREFERRED_URL_SCHEME": "https" if production else "http",
    }
    timeout = config["REDIS_TIMEOUT_SECONDS"]
    config["RATELIMIT_STORAGE_OPTIONS"] = {"socket_timeout": timeout,
                                           "socket_connect_timeout": timeout}
    largest = max(config["MAX_UPLOAD_MB"], config["VIEWS_IMAGE_MAX_MB"])
    config["MAX_CONTENT_LENGTH"] = (largest + 1) * 1024 * 1024
    return config


def engine_options(config):
    """SQLAlchemy engine options from the settings above (set by create_app)."""
    options = {"pool_pre_ping": True}
    if config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        options["connect_args"] = {"connect_timeout": config["DATABASE_CONNECT_TIMEOUT"]}
        options["pool_timeout"] = config["DATABASE_POOL_TIMEOUT"]
    return options


def _database_url(url):
    # Heroku-style URLs and plain postgresql:// both mean psycopg 3 here.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


ENVIRONMENTS = ("production", "development")


def _looks_random(secret, min_bits=100):
    """Not one character repeated, nor a short pattern: enough distinct characters and
    enough entropy (counted from how often each character appears)."""
    import math
    from collections import Counter

    if len(set(secret)) < 8:
        return False
    counts = Counter(secret)
    per_char = -sum(n / len(secret) * math.log2(n / len(secret)) for n in counts.values())
    return per_char * len(secret) >= min_bits


def production_problems(config):
    """Each setting that production cannot run with, one line each."""
    problems = []
    key = config.get("SECRET_KEY") or ""
    if not key or key == DEV_SECRET:
        problems.append("SECRET_KEY is missing or the development default: set a random one")
    elif len(key) < 32:
        problems.append("SECRET_KEY is too short: use at least 32 random characters")
    elif not _looks_random(key):
        problems.append("SECRET_KEY is not random enough (repeated or patterned characters): "
                        "generate one, e.g. python -c 'import secrets; "
                        "print(secrets.token_urlsafe(48))'")
    pepper = config.get("LOOKUP_PEPPER") or ""
    if pepper and pepper == key:
        pass  # unset, so SECRET_KEY: judged above
    elif not pepper or pepper == DEV_SECRET:
        problems.append("PORTAL_LOOKUP_PEPPER is missing or the development default: set a "
                        "random one (and never change it: address look-ups depend on it)")
    elif len(pepper) < 32 or not _looks_random(pepper):
        problems.append("PORTAL_LOOKUP_PEPPER is too short or not random: use at least 32 "
                        "random characters")
    encryption_key = config.get("PORTAL_ENCRYPTION_KEY")
    if not encryption_key or DEV_ENCRYPTION_KEY in encryption_key.split(","):
        problems.append("PORTAL_ENCRYPTION_KEY is missing or the development default: "
                        "generate one with python -c 'from app.data.encryption import "
                        "generate_key; print(generate_key())'")
    if config.get("NOTIFY_BACKEND") == "outbox":
        problems.append("NOTIFY_BACKEND is 'outbox', which is for development only: "
                        "use 'notify' or 'smtp'")
    if config.get("TESTING"):
        return problems  # a test app on SQLite may still check the rest of production
    if str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite"):
        problems.append("DATABASE_URL is SQLite, which is for development only: "
                        "use PostgreSQL")
    if not config.get("REDIS_URL"):
        problems.append("REDIS_URL is not set: sign-in limits and sessions need Redis shared "
                        "by every instance")
    if not config.get("RATELIMIT_ENABLED"):
        problems.append("RATELIMIT_ENABLED is false: sign-in must be rate limited")
    base = str(config.get("PORTAL_BASE_URL") or "")
    if not base.startswith("https://"):
        problems.append(f"PORTAL_BASE_URL must start with https:// (it is {base!r})")
    elif any(host in base for host in ("://127.", "://localhost", "://0.0.0.0", "://[::1]")):
        problems.append(f"PORTAL_BASE_URL points at this machine ({base!r}): "
                        "use the public address")
    if config.get("NOTIFY_BACKEND") == "smtp" and not _bool(config.get("SMTP_STARTTLS")):
        problems.append("SMTP_STARTTLS is off: mail to families must be sent over TLS")
    return problems


def check_production(config):
    """Refuse to start with a setting that is unsafe in production, or with a PORTAL_ENV
    that is neither production nor development (a misspelt "prod" would otherwise run as
    development)."""
    env = config.get("PORTAL_ENV")
    if env not in ENVIRONMENTS:
        raise ConfigError(f"Refusing to start: PORTAL_ENV is {env!r}; "
                          f"use 'production' or 'development'")
    if env != "production":
        return
    problems = production_problems(config)
    if problems:
        raise ConfigError("Refusing to start in production:\n"
                          + "\n".join(f"- {problem}" for problem in problems))
