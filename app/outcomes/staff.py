"""Staff pages of the outcome: the chair records and publishes it and gives a parent their
own version; the social worker marks the child as told; the coordinator sends the minutes.
What changes records is in app/services/outcomes.py; what a form accepts is in forms.py.
"""

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from app.data import models as m
from app.extensions import db
from app.outcomes import bp
from app.outcomes.forms import (
    ChildToldForm,
    DatesForm,
    DecisionForm,
    ForTheChildForm,
    MinutesForm,
    PlanForm,
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
from app.web.translation import gettext as _
from app.web.translation import lazy_gettext as _l
from app.web.validators import refused_files


def _staff_id():
    return current_user.staff_user.id


# Recording the outcome is four short steps (each child's decision, the plan, the next
# meetings, what each person gets), listed on one page, then "Check before you publish".


@bp.route("/staff/conferences/<conference_id>/outcome")
@for_conference(access.can_record_outcome, who=staff_required)
def record(viewer, conference):
    outcome = outcomes.outcome_of(conference)
    return render_template(
        "outcomes/record.html", conference=conference, outcome=outcome,
        decisions={child.id: outcomes.decision_of(outcome, child.id)
                   for child in conference.children},
        plan=outcomes.version_of(outcome),
        checks=outcomes.date_checks(conference, *_recorded_days(outcome)),
        left=outcomes.left_to_record(conference, outcome),
        own_versions={v.recipient_id for v in outcome.versions if v.recipient_id}
        if outcome else set(),
        due=outcomes.outcome_due(conference), started=outcomes.has_started(conference),
        title=_l("Record the outcome"))


def _recorded_days(outcome):
    return (outcome.first_core_group_on, outcome.review_on) if outcome else (None, None)


def _step_form(form_class, viewer, recorded, **context):
    """A step's form: as posted; else as typed before the session ended (put back, not
    yet saved); else as recorded."""
    if request.method == "POST":
        return form_class(**context)
    kept = kept_form_data(acting_participant(viewer))
    if kept is not None:
        return form_class(formdata=kept, **context)
    return form_class(data=recorded, **context)


def _saved(conference, viewer, outcome, part, values, next_url):
    outcome = outcomes.save_outcome_part(conference, viewer, outcome, part, values,
                                         _staff_id())
    if next_url is None:  # the last step: check it, unless it has gone to the family
        endpoint = "outcomes.record" if outcome.published_at else "outcomes.check"
        next_url = url_for(endpoint, conference_id=conference.id)
    flash(_("Saved."))
    return redirect(next_url)


def _next_url(conference, step, child_id=None):
    """Where "Save and continue" leads (outcome_rules.step_after); None after the last."""
    after = outcome_rules.step_after([c.id for c in conference.children], step, child_id)
    if after is None:
        return None
    step, child_id = after
    if step == outcome_rules.DECISION:
        return url_for("outcomes.decision", conference_id=conference.id, child_id=child_id)
    return url_for(f"outcomes.{step}", conference_id=conference.id)


@bp.route("/staff/conferences/<conference_id>/outcome/decision/<child_id>",
          methods=["GET", "POST"])
@for_conference(access.can_record_outcome, who=staff_required)
@keeps_typing
def decision(viewer, conference, child_id):
    children = list(conference.children)
    child = next((c for c in children if c.id == child_id), None)
    if child is None:
        not_found(object_type="child", object_id=child_id[:64])
    outcome = outcomes.outcome_of(conference)
    form = _step_form(DecisionForm, viewer, None, child=child, outcome=outcome)
    if request.method == "POST" and form.validate_on_submit():
        return _saved(conference, viewer, outcome, "decision", {"decision": form.values()},
                      _next_url(conference, outcome_rules.DECISION, child.id))
    return render_template("outcomes/decision.html", form=form, conference=conference,
                           child=child, number=children.index(child) + 1,
                           title=_l("Decision for %(name)s", name=child.first_name))


@bp.route("/staff/conferences/<conference_id>/outcome/plan", methods=["GET", "POST"])
@for_conference(access.can_record_outcome, who=staff_required)
@keeps_typing
def plan(viewer, conference):
    outcome = outcomes.outcome_of(conference)
    form = _step_form(PlanForm, viewer, outcomes.plan_data(outcomes.version_of(outcome)),
                      conference=conference)
    if request.method == "POST":
        edited = form.with_rows_edited()
        if edited is not None:
            form = edited
        elif form.validate_on_submit():
            return _saved(conference, viewer, outcome, "plan", form.values(),
                          _next_url(conference, outcome_rules.PLAN))
    return render_template("outcomes/plan.html", form=form, conference=conference,
                           title=_l("The plan"))


@bp.route("/staff/conferences/<conference_id>/outcome/dates", methods=["GET", "POST"])
@for_conference(access.can_record_outcome, who=staff_required)
@keeps_typing
def dates(viewer, conference):
    outcome = outcomes.outcome_of(conference)
    form = _step_form(DatesForm, viewer, outcomes.dates_data(outcome), conference=conference)
    if request.method == "POST" and form.validate_on_submit():
        return _saved(conference, viewer, outcome, "dates", form.values(),
                      _next_url(conference, "dates"))
    return render_template("outcomes/dates.html", form=form, conference=conference,
                           checks=outcomes.date_checks(conference, *form.days()),
                           title=_l("Next meetings"))


@bp.route("/staff/conferences/<conference_id>/outcome/people", methods=["GET", "POST"])
@for_conference(access.can_record_outcome, who=staff_required)
@keeps_typing
def people(viewer, conference):
    outcome = outcomes.outcome_of(conference)
    form = _step_form(ForTheChildForm, viewer,
                      {"child_summary": outcome.child_summary if outcome else None})
    if request.method == "POST" and form.validate_on_submit():
        return _saved(conference, viewer, outcome, "child_summary", form.values(),
                      _next_url(conference, "people"))
    general = outcomes.version_of(outcome)
    return render_template(
        "outcomes/people.html", form=form, conference=conference,
        parents=outcomes.own_version_parents(conference) if general and general.body else [],
        own_versions={v.recipient_id for v in outcome.versions} if outcome else set(),
        title=_l("What each person gets"))


@bp.route("/staff/conferences/<conference_id>/outcome/check", methods=["GET", "POST"])
@for_conference(access.can_record_outcome, who=staff_required)
def check(viewer, conference):
    """Check before you publish: exactly what each recipient gets, and who is told."""
    outcome = outcomes.outcome_of(conference)
    form = PublishOutcomeForm()
    if outcome is None or (form.is_submitted() and outcome.published_at is not None):
        return redirect(url_for("outcomes.record", conference_id=conference.id))
    left = outcomes.left_to_record(conference, outcome)
    may_publish = outcomes.may_publish(viewer, conference)
    if form.validate_on_submit():
        if left or not may_publish:
            outcomes.publish_refused(conference, outcome, _staff_id(),
                                     "incomplete" if left else "not_started")
            flash(_("Finish each step before you publish.") if left
                  else _("You can publish once the conference has started."))
            return redirect(url_for("outcomes.check", conference_id=conference.id))
        _published(*outcomes.publish(conference, outcome, _staff_id()))
        return redirect(url_for("outcomes.record", conference_id=conference.id))
    return render_template(
        "outcomes/check.html", form=form, conference=conference, outcome=outcome,
        recipients=[] if left else outcomes.publish_check(conference, outcome),
        may_publish=may_publish, left=left,
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
            return redirect(url_for("outcomes.people", conference_id=conference.id))
        elif form.validate_on_submit():
            outcomes.save_parent_version(outcome, conference, person, own, form.values(),
                                         _staff_id())
            flash(_("Saved. Only %(name)s sees this version.", name=person.name))
            return redirect(url_for("outcomes.people", conference_id=conference.id))
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
    from its open work (caseload.open_work): no further queries. Worked out once a page
    ("Needs you" and "After the conference" both list them)."""
    cached = g.get("outcome_deadlines")
    if cached is None or cached[0] is not work:
        cached = g.outcome_deadlines = (work, outcomes.deadlines(work))
    return cached[1]


@bp.app_context_processor
def child_told_form():
    return {"child_told_form": ChildToldForm}
