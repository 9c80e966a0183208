"""Staff pages of the outcome: the chair records and publishes it and gives a parent their
own version; the social worker marks the child as told; the coordinator sends the minutes.
What changes records is in app/services/outcomes.py; what a form accepts is in forms.py.
"""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.data import models as m
from app.extensions import db
from app.outcomes import bp
from app.outcomes.forms import (
    ChildToldForm,
    MinutesForm,
    OutcomeForm,
    PublishMinutesForm,
    PublishOutcomeForm,
    VersionForm,
)
from app.rules import access, outcome_rules
from app.services import outcomes
from app.web.guards import (
    acting_participant,
    for_conference,
    keeps_typing,
    kept_form_data,
    not_found,
    staff_required,
)
from app.web.template_helpers import short_datetime
from app.web.validators import refused_files


def _staff_id():
    return current_user.staff_user.id


@bp.route("/staff/conferences/<conference_id>/outcome", methods=["GET", "POST"])
@for_conference(access.can_record_outcome, who=staff_required)
@keeps_typing
def record(viewer, conference):
    outcome = outcomes.outcome_of(conference)
    posted = request.method == "POST"
    # Typed before the session ended or the page expired: put back, not yet saved.
    kept = None if posted else kept_form_data(acting_participant(viewer))
    context = {"conference": conference, "outcome": outcome}
    form = (OutcomeForm(**context) if posted else OutcomeForm(formdata=kept, **context)
            if kept is not None else OutcomeForm(data=outcomes.outcome_data(outcome), **context))
    if posted:
        edited = form.with_rows_edited()
        if edited is not None:
            form = edited
        elif form.validate_on_submit():
            outcome = outcomes.save_outcome(conference, viewer, outcome, form.values(),
                                            _staff_id())
            if form.check.data and outcome.published_at is None:
                return redirect(url_for("outcomes.check", conference_id=conference.id))
            flash(_("Saved."))
            return redirect(url_for("outcomes.record", conference_id=conference.id))
    return render_template(
        "outcomes/record.html", form=form, decisions=form.decisions, conference=conference,
        outcome=outcome, checks=outcomes.date_checks(conference, *form.days()),
        parents=outcomes.own_version_parents(conference),
        own_versions={v.recipient_id for v in outcome.versions} if outcome else set(),
        due=outcomes.outcome_due(conference), started=outcomes.has_started(conference),
        title=_l("Record the outcome"),
    )


@bp.route("/staff/conferences/<conference_id>/outcome/check", methods=["GET", "POST"])
@for_conference(access.can_record_outcome, who=staff_required)
def check(viewer, conference):
    """Check before you publish: exactly what each recipient gets, and who is told."""
    outcome = outcomes.outcome_of(conference)
    form = PublishOutcomeForm()
    if outcomes.version_of(outcome) is None or (
            form.is_submitted() and outcome.published_at is not None):
        return redirect(url_for("outcomes.record", conference_id=conference.id))
    may_publish = outcomes.may_publish(viewer, conference)
    if form.validate_on_submit():
        if not may_publish:
            outcomes.publish_refused(conference, outcome, _staff_id())
            flash(_("You can publish once the conference has started."))
            return redirect(url_for("outcomes.check", conference_id=conference.id))
        _published(*outcomes.publish(conference, outcome, _staff_id()))
        return redirect(url_for("outcomes.record", conference_id=conference.id))
    return render_template(
        "outcomes/check.html", form=form, conference=conference, outcome=outcome,
        recipients=outcomes.publish_check(conference, outcome), may_publish=may_publish,
        children={child.id: child for child in conference.children},
        due=outcomes.outcome_due(conference), title=_l("Check before you publish"))


def _published(status, due):
    if status == outcome_rules.DONE_LATE:
        flash(_("Published after the target of %(date)s. The family has been told there is "
                "something new.", date=short_datetime(due)))
    else:
        flash(_("Published on time. The family has been told there is something new."))


def _parent_and_versions(conference, participant_id):
    """The parent, the outcome and its version for everyone, and the parent's own (or
    None); 404 unless this person may have their own version of a recorded outcome."""
    person = db.session.get(m.Participant, participant_id)
    outcome = outcomes.outcome_of(conference)
    general = outcomes.version_of(outcome)
    if (person is None or person.conference_id != conference.id
            or not access.may_get_own_version(person) or general is None):
        not_found(object_type="participant", object_id=participant_id[:64])
    return person, outcome, general, outcomes.version_of(outcome, person.id)


@bp.route("/staff/conferences/<conference_id>/outcome/versions/<participant_id>",
          methods=["GET", "POST"])
@for_conference(access.can_record_outcome, who=staff_required)
@keeps_typing
def parent_version(viewer, conference, participant_id):
    person, outcome, general, own = _parent_and_versions(conference, participant_id)
    context = {"outcome": outcome, "children": conference.children, "own": own}
    kept = None if request.method == "POST" else kept_form_data(acting_participant(viewer))
    form = (VersionForm(**context) if request.method == "POST"
            else VersionForm(formdata=kept, **context) if kept is not None
            else VersionForm(data=outcomes.plan_data(own or general), **context))
    if request.method == "POST":
        edited = form.with_rows_edited()
        if edited is not None:
            form = edited
        elif form.use_general.data:  # CSRF is checked for every POST by CSRFProtect
            outcomes.remove_parent_version(own, conference, person, _staff_id())
            flash(_("%(name)s gets the same as everyone.", name=person.name))
            return redirect(url_for("outcomes.record", conference_id=conference.id))
        elif form.validate_on_submit():
            outcomes.save_parent_version(outcome, conference, person, own, form.values(),
                                         _staff_id())
            flash(_("Saved. Only %(name)s sees this version.", name=person.name))
            return redirect(url_for("outcomes.record", conference_id=conference.id))
    return render_template("outcomes/parent_version.html", form=form, conference=conference,
                           person=person, has_own=own is not None,
                           dissent_fields=form.dissent_fields,
                           title=_l("A different version for one parent"))


@bp.route("/staff/conferences/<conference_id>/outcome/child-told/<child_id>",
          methods=["POST"])
@for_conference(access.can_mark_child_told, who=staff_required)
def child_told(viewer, conference, child_id):
    found = outcomes.child_to_tell(conference, child_id)
    if found is None or not ChildToldForm().validate_on_submit():
        not_found()
    outcomes.child_told(*found, _staff_id())
    flash(_("Marked: the child has been told."))
    return redirect(url_for("staff.dashboard"))


# --- minutes ------------------------------------------------------------------------


@bp.route("/staff/conferences/<conference_id>/minutes", methods=["GET", "POST"])
@for_conference(access.can_upload_minutes, who=staff_required)
def upload_minutes(viewer, conference):
    minutes = outcomes.minutes_of(conference)
    parents = outcomes.own_version_parents(conference)
    form = MinutesForm(parents=parents)
    if form.validate_on_submit():
        outcomes.store_minutes(conference, minutes, form.recipient.data or None,
                               *form.document.pdf, _staff_id())
        flash(_("Uploaded."))
        return redirect(url_for("outcomes.upload_minutes", conference_id=conference.id))
    outcomes.minutes_refused(conference, _staff_id(), refused_files(form.document))
    return render_template(
        "outcomes/upload_minutes.html", form=form, conference=conference, minutes=minutes,
        parents=parents, publish_form=PublishMinutesForm(),
        copies={v.recipient_id for v in minutes.versions} if minutes else set(),
        due=outcomes.minutes_due(conference),
        max_mb=current_app.config["MAX_UPLOAD_MB"], title=_l("The minutes"))


@bp.route("/staff/conferences/<conference_id>/minutes/publish", methods=["POST"])
@for_conference(access.can_upload_minutes, who=staff_required)
def publish_minutes(viewer, conference):
    minutes = outcomes.minutes_to_send(conference)
    if minutes is None or not PublishMinutesForm().validate_on_submit():
        not_found()
    if not outcomes.may_send_minutes(viewer, conference):
        flash(_("You can send the minutes once the conference has started."))
    elif outcomes.publish_minutes(conference, minutes, _staff_id()):
        flash(_("Sent. The family has been told there is something new."))
    return redirect(url_for("outcomes.upload_minutes", conference_id=conference.id))


# --- the staff dashboard panel ----------------------------------------------------------


@bp.app_template_global()
def outcome_deadlines(work):
    """What is due or late after each conference that has taken place, for the dashboard,
    from its open work (caseload.open_work): no further queries."""
    return outcomes.deadlines(work)


@bp.app_context_processor
def child_told_form():
    return {"child_told_form": ChildToldForm}
