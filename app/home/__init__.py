"""The signed-in person's conference: when, where, who, and what to do next."""

from collections import Counter

from flask import Blueprint, current_app, render_template
from flask_babel import gettext as _

from .. import access, timescales
from .. import models as m
from ..web import acting_participant, current_viewer, signed_in_participant

bp = Blueprint("home", __name__, template_folder="templates")


def guide_for(role):
    """The guide written for this person's register."""
    if role == m.CHILD:
        return "guide.children"
    if role in (m.YOUNG_PERSON, m.ADVOCATE):
        return "guide.young_people"
    return "guide.parents"


def next_steps(viewer, conference):
    """What this person can do now, in the order that helps most."""
    steps = []
    if access.can_write_worksheet(viewer):
        steps.append(("prepare.worksheet", _("Write down what you want to say")))
    if access.can_write_views(viewer):
        steps.append(("views.my_views", _("Tell the meeting what you think")))
    if access.visible_reports(viewer, conference.id):
        steps.append(("reports.index", _("Read the reports")))
    if access.can_add_report(viewer):
        steps.append(("reports.upload", _("Add your report")))
    outcome = access.get_outcome(viewer, conference.id)
    if outcome is not None and outcome.published_at:
        steps.append(("outcomes.view", _("Read what was decided")))
    return steps


@bp.route("/home")
@signed_in_participant
def index():
    viewer, conference = current_viewer()
    participant = acting_participant(viewer)
    settings = timescales.Timescales.from_mapping(conference.authority.timescales or {})
    premeet = conference.premeet_at or timescales.family_premeet_start(
        settings, conference.starts_at
    )
    invited = Counter(p.role for p in conference.participants)
    return render_template(
        "home/index.html",
        title=_("Your conference"),
        conference=conference,
        participant=participant,
        viewer=viewer,
        premeet=premeet,
        invited=sorted(invited.items(), key=lambda item: m.PARTICIPANT_ROLES.index(item[0])),
        steps=next_steps(viewer, conference),
        guide_endpoint=guide_for(viewer.role),
        show_premeet=viewer.is_family,
        max_upload_mb=current_app.config["MAX_UPLOAD_MB"],
    )
