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
        "NOTIFY_API_KEY": env.get("NOTIFY_API_KEY"),
        "NOTIFY_EMAIL_TEMPLATE_ID": env.get("NOTIFY_EMAIL_TEMPLATE_ID"),
        "NOTIFY_SMS_TEMPLATE_ID": env.get("NOTIFY_SMS_TEMPLATE_ID"),
        "REDIS_URL": env.get("REDIS_URL"),
        "RATELIMIT_STORAGE_URI": env.get("REDIS_URL") or "memory://",
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), True),
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
    largest = max(config["MAX_UPLOAD_MB"], config["VIEWS_IMAGE_MAX_MB"])
    config["MAX_CONTENT_LENGTH"] = (largest + 1) * 1024 * 1024
    return config


def _database_url(url):
    # Heroku-style URLs and plain postgresql:// both mean psycopg 3 here.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def check_production(config):
    """Refuse to start in production with a default or missing secret."""
    if config.get("PORTAL_ENV") != "production":
        return
    problems = []
    if not config.get("SECRET_KEY") or config["SECRET_KEY"] == DEV_SECRET:
        problems.append("SECRET_KEY")
    if len(config.get("SECRET_KEY") or "") < 32:
        problems.append("SECRET_KEY (at least 32 characters)")
    key = config.get("PORTAL_ENCRYPTION_KEY")
    if not key or DEV_ENCRYPTION_KEY in key.split(","):
        problems.append("PORTAL_ENCRYPTION_KEY")
    if config.get("NOTIFY_BACKEND") == "outbox":
        problems.append("NOTIFY_BACKEND (the outbox is for development only)")
    if problems:
        raise ConfigError("Refusing to start in production; set: " + ", ".join(problems))
