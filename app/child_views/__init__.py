"""Views: a young person, or a younger child with their advocate, says what they think,
one question a page, and chooses who may read it.

Whatever audience they choose, a child who says they may not be safe (or feel scared)
is shown at once who can help, and their social worker and the authority's duty
contact are alerted straight away.
"""

from flask import Blueprint

bp = Blueprint("child_views", __name__, template_folder="templates")

from . import routes  # noqa: E402,F401 (registers the routes on bp)
