"""Staff pages: just enough to feed the family side. Create a conference, invite people,
see what the family sent. The outcome and minutes pages are in the outcomes blueprint."""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff", template_folder="templates")

from . import routes  # noqa: E402,F401 (registers the routes on bp)
