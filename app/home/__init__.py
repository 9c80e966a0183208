"""The signed-in person's conference: when, where, who, and what to do next."""

from flask import Blueprint

bp = Blueprint("home", __name__, template_folder="templates")

from . import routes  # noqa: E402,F401 (registers the routes on bp)
