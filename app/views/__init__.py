"""Views: a young person (or an advocate with a child) says what they think and chooses
who may read it."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from .. import contributions
from .. import models as m
from ..models import utcnow
from ..web import current_viewer, not_found, signed_in_participant
from .forms import ViewsForm

bp = Blueprint("views", __name__, template_folder="templates")


@bp.route("/views", methods=["GET", "POST"])
@signed_in_participant
def my_views():
    viewer, conference = current_viewer()
    if viewer.role not in (m.YOUNG_PERSON, m.CHILD, m.ADVOCATE):
        not_found()
    participant = next(p for p in conference.participants if p.id == viewer.participant_id)
    saved = contributions.own_contribution(participant, "views")
    form = ViewsForm()
    if form.is_submitted():
        answers = {name: (getattr(form, name).data or "") for name in form.ANSWERS}
        if viewer.role == m.ADVOCATE:
            answers["made_by"] = "advocate"
        sending = bool(form.send.data)
        if form.validate() and (not sending or form.validate_for_sending()):
            contributions.save(participant, "views", answers, form.audience.data, utcnow(),
                               send=sending)
            flash(_("Sent. Only the people you chose can read it.") if sending
                  else _("Saved. You can come back and change it."))
            return redirect(url_for("views.my_views"))
    elif saved is not None:
        for name in form.ANSWERS:
            getattr(form, name).data = saved.answers.get(name, "")
        form.audience.data = saved.audience
    return render_template("views/views.html", form=form, saved=saved, viewer=viewer,
                           title=_("Tell the meeting what you think"))
