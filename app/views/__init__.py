"""Views: a young person (or an advocate with a child) says what they think and chooses
who may read it."""

from flask import Blueprint
from flask_babel import gettext as _

from .. import access
from ..web import (
    acting_participant,
    contribution_page,
    current_viewer,
    not_found,
    signed_in_participant,
)
from .forms import ViewsForm

bp = Blueprint("views", __name__, template_folder="templates")


@bp.route("/views", methods=["GET", "POST"])
@signed_in_participant
def my_views():
    viewer, _conference = current_viewer()
    if not access.can_write_views(viewer):
        not_found()
    return contribution_page(
        acting_participant(viewer), "views", ViewsForm(), "views/views.html",
        title=_("Tell the meeting what you think"),
        sent_message=_("Sent. Only the people you chose can read it."),
        viewer=viewer,
    )
