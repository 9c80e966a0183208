"""Signing in and out. Families use an invitation link and a one-time code; staff a password
and TOTP. Opening a link changes nothing: only the button on its page acts."""

from flask import Blueprint

bp = Blueprint("auth", __name__, template_folder="templates")

from . import routes  # noqa: E402,F401 (registers the routes on bp)
