"""Security headers, the content security policy nonce, and no-store on private pages."""

import secrets

from flask import g, request

from app.web import static_assets

FAMILY_EXIT_URL = "https://www.bbc.co.uk/weather"


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def content_security_policy(nonce: str) -> str:
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def apply_headers(response, production: bool):
    headers = response.headers
    if "Content-Security-Policy" not in headers:
        headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if production:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if request.endpoint == "static":
        # Kept for ever only under a name that changes with the content.
        headers["Cache-Control"] = ("public, max-age=31536000, immutable"
                                    if static_assets.is_fingerprinted(request.path)
                                    else "no-cache")
    else:
        # Nothing private may stay in a shared phone's cache or history.
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response
