"""Prepare: a parent's worksheet, saved as they go and sent to the conference."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from .. import contributions
from .. import models as m
from ..models import utcnow
from ..web import current_viewer, not_found, signed_in_participant
from .forms import WorksheetForm

bp = Blueprint("prepare", __name__, template_folder="templates")


@bp.route("/prepare", methods=["GET", "POST"])
@signed_in_participant
def worksheet():
    viewer, conference = current_viewer()
    if viewer.role != m.PARENT:
        not_found()
    participant = next(p for p in conference.participants if p.id == viewer.participant_id)
    saved = contributions.own_contribution(participant, "worksheet")
    form = WorksheetForm()
    if form.is_submitted():
        answers = {name: (getattr(form, name).data or "") for name in form.ANSWERS}
        sending = bool(form.send.data)
        if form.validate() and (not sending or form.validate_for_sending()):
            contributions.save(participant, "worksheet", answers, form.audience.data, utcnow(),
                               send=sending)
            if sending:
                flash(_("Sent. The conference will see what you wrote."))
            else:
                flash(_("Saved. You can come back and change it."))
            return redirect(url_for("prepare.worksheet"))
    elif saved is not None:
        for name in form.ANSWERS:
            getattr(form, name).data = saved.answers.get(name, "")
        form.audience.data = saved.audience
    return render_template("prepare/worksheet.html", form=form, saved=saved,
                           title=_("Write down what you want to say"))
