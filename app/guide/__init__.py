"""The plain-language guide: public, readable without signing in, no tracking.

Each guide is a short series of pages with a contents list and previous/next links. The
pages are data, so the readability test, the browser checks and the timeline's links all
walk the same list.
"""

from flask import Blueprint

bp = Blueprint("guide", __name__, template_folder="templates")

from . import routes  # noqa: E402,F401 (registers the routes on bp)
