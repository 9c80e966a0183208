"""Reports: professionals add them, families read them before the meeting and answer them,
the chair decides what stays with professionals, and staff watch the deadlines."""

from flask import Blueprint

bp = Blueprint("reports", __name__, template_folder="templates")

from . import routes  # noqa: E402,F401 (registers the routes on bp)
