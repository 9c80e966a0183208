"""Outcomes: each family member reads what was decided, and later the minutes, and
downloads their own copy through a short-lived link that works only in their own
signed-in session (a download grant kept on the server: the link carries a random token
and nothing else). The staff pages that record and publish them are in staff.py."""

from flask import Blueprint

bp = Blueprint("outcomes", __name__, template_folder="templates")

from . import routes  # noqa: E402,F401 (registers the routes on bp)
