"""Prepare: a parent's worksheet, saved as they go and sent to the conference."""

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
from .forms import WorksheetForm

bp = Blueprint("prepare", __name__, template_folder="templates")


@bp.route("/prepare", methods=["GET", "POST"])
@signed_in_participant
def worksheet():
    viewer, _conference = current_viewer()
    if not access.can_write_worksheet(viewer):
        not_found()
    return contribution_page(
        acting_participant(viewer), "worksheet", WorksheetForm(), "prepare/worksheet.html",
        title=_("Write down what you want to say"),
        sent_message=_("Sent. The conference will see what you wrote."),
    )
