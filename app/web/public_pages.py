"""Public pages made once per language, for people who are not signed in.

The guide changes only with a deploy, a language and the authority's own settings, yet it
is the page most people open first, often on a slow phone. So for a visitor who is not
signed in, each public page is kept as made, per path, language and version of the
authority's settings, and only the script nonce is new on every response. Anyone signed
in, any page with a message waiting for them, and any page with a query string is made
afresh.
"""

import hashlib
import json
import time
from functools import wraps

from flask import current_app, g, request, session
from flask_babel import get_locale
from flask_login import current_user

from app.web import security

# Stands in for the nonce in a kept page; never a nonce itself (nonces are URL-safe base64).
NONCE_PLACEHOLDER = "@@csp-nonce@@"
MAX_PAGES = 1024


def _authority_version(authority):
    """Changes whenever anything of the authority that a page could show changes."""
    if authority is None:
        return None
    fields = {column.name: getattr(authority, column.name)
              for column in authority.__table__.columns}
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()


def _may_keep():
    return (request.method == "GET" and not request.args
            and not getattr(current_user, "is_authenticated", False)
            and not session.get("_flashes")
            and current_app.config.get("PUBLIC_PAGE_CACHE_SECONDS", 0) > 0)


def kept_for_visitors(view):
    """Keep what the view makes for visitors who are not signed in (see above)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not _may_keep():
            return view(*args, **kwargs)
        from app.web.template_helpers import current_authority

        pages = current_app.extensions.setdefault("public_pages", {})
        key = (request.path, str(get_locale()), _authority_version(current_authority()))
        kept = pages.get(key)
        now = time.monotonic()
        if kept is None or now - kept[0] > current_app.config["PUBLIC_PAGE_CACHE_SECONDS"]:
            g.csp_nonce = NONCE_PLACEHOLDER
            try:
                made = view(*args, **kwargs)
            finally:
                g.pop("csp_nonce", None)
            if not isinstance(made, str):
                return made
            if len(pages) >= MAX_PAGES:
                pages.clear()
            kept = pages[key] = (now, made)
        return kept[1].replace(NONCE_PLACEHOLDER, security.csp_nonce())

    return wrapper
