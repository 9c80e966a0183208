"""Staff pages for how each parent takes part, the conversations around the meeting, how
the outcome reaches each parent, and a meeting that could not go ahead as planned."""

from flask import Blueprint

bp = Blueprint("taking_part", __name__, url_prefix="/staff/conferences",
               template_folder="templates")

from . import routes  # noqa: E402,F401  (the routes attach themselves to bp)
