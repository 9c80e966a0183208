"""Staff pages of the outcome: the chair records and publishes it and gives a parent their
own version; the social worker marks the child as told; the coordinator sends the minutes.
"""

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.data import models as m
from app.extensions import db
from app.outcomes import bp
from app.outcomes.forms import (
    MAX_ACTIONS,
    ChildToldForm,
    MinutesForm,
    OutcomeForm,
    PublishMinutesForm,
    PublishOutcomeForm,
    VersionForm,
    decision_fields,
    version_dissent_fields,
)
from app.reports.routes import upload_message
from app.rules import access, clock, date_rules, outcome_rules, timescales
from app.rules.clock import uk_time, utcnow
from app.services import audit, caseload, documents, messages
from app.web.guards import current_viewer, not_found, staff_required
from app.web.template_helpers import short_datetime


def _staff_id():
    return current_user.staff_user.id


def _outcome_of(conference):
    return db.session.scalar(db.select(m.Outcome).filter_by(conference_id=conference.id))


def _version(outcome, recipient_id=None):
    if outcome is None:
        return None
    return next((v for v in outcome.versions if v.recipient_id == recipient_id), None)


def _plan_data(version):
    return {"body": version.body, "actions": version.actions or [{}]} if version else {}


def _edit_action_rows(form_class, form):
    """Add or remove a row of actions without JavaScript: the page comes back with the row
    added or gone and everything else as typed. Returns the new form, or None."""
    remove = request.form.get("remove_action")
    if not (form.add_action.data or remove):
        return None
    values = form.data
    values.pop("csrf_token", None)
    actions = values["actions"]
    if remove and remove.isdigit() and int(remove) < len(actions):
        del actions[int(remove)]
    elif form.add_action.data and len(actions) < MAX_ACTIONS:
        actions.append({})
    return form_class(formdata=None, data=values)


def _decisions_valid(decisions):
    ok = True
    for _child, plan, category, alternative, dissent in decisions:
        ok &= plan.validate(None) & dissent.validate(None)
        if plan.data == "yes" and not category.data:
            category.errors = [_("Choose the category of the plan")]
            ok = False
        if plan.data == "no" and not alternative.data:
            alternative.errors = [_("Choose a child in need plan or no further action")]
            ok = False
    return ok


def _dates_valid(form, conference):
    """Dates that cannot be right are refused: before the conference, or years away."""
    ok = True
    day = conference.starts_at.date()
    for field in (form.first_core_group, form.review_conference):
        problem = field.data and date_rules.meeting_after_problem(field.data, day)
        if problem == date_rules.NOT_AFTER:
            field.errors.append(_("The date must be after the conference"))
        elif problem:
            field.errors.append(_("The date must be within a year of the conference"))
        ok &= not problem
    for entry in form.actions.entries:
        field = entry.form.by
        problem = field.data and date_rules.action_day_problem(field.data, day)
        if problem == date_rules.PAST:
            field.errors.append(_("The date must be on or after the day of the conference"))
        elif problem:
            field.errors.append(_("The date must be within 5 years of the conference"))
        ok &= not problem
    return ok


def _date_checks(form, conference):
    """Warnings for planned dates later than practice allows (saving is still allowed)."""
    ts = timescales.for_authority(conference.authority)
    day = conference.starts_at.date()
    return {
        "core_group": outcome_rules.check_first_core_group(
            ts, conference.conference_type, day,
            form.first_core_group.data),
        "review": outcome_rules.check_review_conference(
            ts, conference.conference_type, day,
            form.review_conference.data),
    }


@bp.route("/staff/conferences/<conference_id>/outcome", methods=["GET", "POST"])
@staff_required
def record(conference_id):
    viewer, conference = current_viewer(conference_id)
    if not access.can_record_outcome(viewer):
        not_found()
    outcome = _outcome_of(conference)
    posted = request.method == "POST"
    if posted:
        form = OutcomeForm()
    else:
        data = _plan_data(_version(outcome))
        if outcome:
            data.update(child_summary=outcome.child_summary,
                        first_core_group=outcome.first_core_group_on,
                        review_conference=outcome.review_on)
        form = OutcomeForm(data=data)
    decisions = decision_fields(conference.children, request.form if posted else None,
                                outcome.decisions if outcome else None)
    if posted:
        edited = _edit_action_rows(OutcomeForm, form)
        if edited is not None:
            form = edited
        elif (form.validate_on_submit() & _decisions_valid(decisions)
              & _dates_valid(form, conference)):
            outcome = _save_outcome(conference, viewer, outcome, form, decisions)
            if form.check.data and outcome.published_at is None:
                return redirect(url_for("outcomes.check", conference_id=conference.id))
            flash(_("Saved."))
            return redirect(url_for("outcomes.record", conference_id=conference.id))
    ts = timescales.for_authority(conference.authority)
    parents = [p for p in conference.participants if access.may_get_own_version(p)]
    return render_template(
        "outcomes/record.html", form=form, decisions=decisions, conference=conference,
        outcome=outcome, checks=_date_checks(form, conference), parents=parents,
        own_versions={v.recipient_id for v in outcome.versions} if outcome else set(),
        due=outcome_rules.outcome_due(ts, conference.starts_at),
        started=access.has_started(conference, clock.uk_now()),
        title=_l("Record the outcome"),
    )


def _how_told(person):
    """How a family member will be told the outcome is out, or why they will not be."""
    if not messages.may_message(person, "something-new"):
        return "unsafe"
    if person.email:
        return "email"
    return "sms" if person.mobile else "none"


@bp.route("/staff/conferences/<conference_id>/outcome/check", methods=["GET", "POST"])
@staff_required
def check(conference_id):
    """Check before you publish: exactly what each recipient gets, and who is told."""
    viewer, conference = current_viewer(conference_id)
    if not access.can_record_outcome(viewer):
        not_found()
    outcome = _outcome_of(conference)
    if outcome is None or _version(outcome) is None:
        return redirect(url_for("outcomes.record", conference_id=conference.id))
    now = clock.uk_now()
    may_publish = access.can_publish_outcome(viewer, conference, now)
    form = PublishOutcomeForm()
    if request.method == "POST" and form.validate_on_submit():
        if outcome.published_at is not None:
            return redirect(url_for("outcomes.record", conference_id=conference.id))
        if not may_publish:
            audit.record("outcome.publish_refused", staff_user_id=_staff_id(),
                         conference_id=conference.id, object_type="outcome",
                         object_id=outcome.id, outcome="refused", detail="not_started",
                         commit=True)
            flash(_("You can publish once the conference has started."))
            return redirect(url_for("outcomes.check", conference_id=conference.id))
        _publish(conference, outcome)
        return redirect(url_for("outcomes.record", conference_id=conference.id))
    ts = timescales.for_authority(conference.authority)
    recipients = [(person, kind, content, _how_told(person))
                  for person, (kind, content) in access.outcome_recipients(
                      conference, outcome, utcnow())]
    return render_template(
        "outcomes/check.html", form=form, conference=conference, outcome=outcome,
        recipients=recipients, may_publish=may_publish,
        children={child.id: child for child in conference.children},
        due=outcome_rules.outcome_due(ts, conference.starts_at),
        title=_l("Check before you publish"))


def _save_outcome(conference, viewer, outcome, form, decisions):
    if outcome is None:
        outcome = m.Outcome(conference_id=conference.id, decisions=[])
        db.session.add(outcome)
    outcome.recorded_by_id = viewer.participant_id
    outcome.decisions = [
        {"child_id": child.id, "plan": plan.data == "yes",
         "category": category.data if plan.data == "yes" else None,
         "alternative": alternative.data if plan.data == "no" else None,
         "dissent": (dissent.data or "").strip() or None}
        for child, plan, category, alternative, dissent in decisions
    ]
    outcome.child_summary = (form.child_summary.data or "").strip() or None
    outcome.first_core_group_on = form.first_core_group.data
    outcome.review_on = form.review_conference.data
    general = _version(outcome)
    if general is None:
        general = m.OutcomeVersion(body="")
        outcome.versions.append(general)
    general.body = form.body.data.strip()
    general.actions = form.action_list()
    db.session.flush()
    audit.record("outcome.saved", staff_user_id=_staff_id(), conference_id=conference.id,
                 object_type="outcome", object_id=outcome.id)
    db.session.commit()
    return outcome


def _publish(conference, outcome):
    outcome.published_at = utcnow()
    # Deadlines are in UK wall-clock time, like the conference's own start.
    now = clock.uk_now()
    ts = timescales.for_authority(conference.authority)
    due = outcome_rules.outcome_due(ts, conference.starts_at)
    status = outcome_rules.deadline_status(due, now, now)
    audit.record("outcome.published", staff_user_id=_staff_id(), conference_id=conference.id,
                 object_type="outcome", object_id=outcome.id, detail=status)
    messages.tell_family_who_may_see(
        conference, lambda viewer: access.can_see_outcome(viewer, outcome))
    db.session.commit()
    if status == outcome_rules.DONE_LATE:
        flash(_("Published after the target of %(date)s. The family has been told there is "
                "something new.", date=short_datetime(due)))
    else:
        flash(_("Published on time. The family has been told there is something new."))


@bp.route("/staff/conferences/<conference_id>/outcome/versions/<participant_id>",
          methods=["GET", "POST"])
@staff_required
def parent_version(conference_id, participant_id):
    viewer, conference = current_viewer(conference_id)
    if not access.can_record_outcome(viewer):
        not_found()
    person = db.session.get(m.Participant, participant_id)
    outcome = _outcome_of(conference)
    general = _version(outcome)
    if (person is None or person.conference_id != conference.id
            or not access.may_get_own_version(person) or general is None):
        not_found(object_type="participant", object_id=participant_id[:64])
    own = _version(outcome, person.id)
    form = VersionForm() if request.method == "POST" else VersionForm(
        data=_plan_data(own or general))
    children = conference.children
    dissent_fields = version_dissent_fields(
        outcome, children, own, request.form if request.method == "POST" else None)
    if request.method == "POST":
        edited = _edit_action_rows(VersionForm, form)
        if edited is not None:
            form = edited
        elif form.use_general.data:  # CSRF is checked for every POST by CSRFProtect
            if own is not None:
                db.session.delete(own)
                audit.record("outcome.version_removed", staff_user_id=_staff_id(),
                             conference_id=conference.id, object_type="participant",
                             object_id=person.id)
                db.session.commit()
            flash(_("%(name)s gets the same as everyone.", name=person.name))
            return redirect(url_for("outcomes.record", conference_id=conference.id))
        elif form.validate_on_submit() & all([field.validate(form) for _c, field in
                                               dissent_fields]):
            if own is None:
                own = m.OutcomeVersion(recipient_id=person.id, body="")
                outcome.versions.append(own)
            own.body = form.body.data.strip()
            own.actions = form.action_list()
            own.dissent = {child_id: (field.data or "").strip()
                           for child_id, field in dissent_fields}
            db.session.flush()
            audit.record("outcome.version_saved", staff_user_id=_staff_id(),
                         conference_id=conference.id, object_type="participant",
                         object_id=person.id)
            db.session.commit()
            flash(_("Saved. Only %(name)s sees this version.", name=person.name))
            return redirect(url_for("outcomes.record", conference_id=conference.id))
    return render_template("outcomes/parent_version.html", form=form, conference=conference,
                           person=person, has_own=own is not None,
                           dissent_fields=dissent_fields,
                           title=_l("A different version for one parent"))


@bp.route("/staff/conferences/<conference_id>/outcome/child-told/<child_id>",
          methods=["POST"])
@staff_required
def child_told(conference_id, child_id):
    viewer, conference = current_viewer(conference_id)
    outcome = _outcome_of(conference)
    child = db.session.get(m.Child, child_id)
    if (not access.can_mark_child_told(viewer) or outcome is None
            or outcome.published_at is None or child is None
            or child.conference_id != conference.id
            or not ChildToldForm().validate_on_submit()):
        not_found()
    if outcome.told(child.id) is None:
        outcome.children_told.append(m.ChildTold(
            child_id=child.id, told_at=utcnow(), how="social_worker"))
        audit.record("outcome.child_told", staff_user_id=_staff_id(),
                     conference_id=conference.id, object_type="child",
                     object_id=child.id, detail="social_worker")
        db.session.commit()
    flash(_("Marked: the child has been told."))
    return redirect(url_for("staff.dashboard"))


# --- minutes ------------------------------------------------------------------------


def _minutes_of(conference):
    return db.session.scalar(db.select(m.Minutes).filter_by(conference_id=conference.id))


@bp.route("/staff/conferences/<conference_id>/minutes", methods=["GET", "POST"])
@staff_required
def upload_minutes(conference_id):
    viewer, conference = current_viewer(conference_id)
    if not access.can_upload_minutes(viewer):
        not_found()
    minutes = _minutes_of(conference)
    parents = [p for p in conference.participants if access.may_get_own_version(p)]
    form = MinutesForm()
    form.recipient.choices = [("", _("Everyone"))] + [
        (p.id, _("Only %(name)s", name=p.name)) for p in parents]
    if form.validate_on_submit():
        upload = form.document.data
        data = upload.read() if upload else b""
        try:
            pages = documents.check_pdf(data, current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024)
        except documents.DocumentRejected as rejected:
            form.document.errors.append(upload_message(rejected.reason))
            audit.record("minutes.upload_refused", staff_user_id=_staff_id(),
                         conference_id=conference.id, outcome="refused",
                         detail=rejected.reason, commit=True)
        else:
            minutes = _store_minutes(conference, viewer, minutes, form.recipient.data or None,
                                     data, pages)
            flash(_("Uploaded."))
            return redirect(url_for("outcomes.upload_minutes", conference_id=conference.id))
    ts = timescales.for_authority(conference.authority)
    copies = {v.recipient_id for v in minutes.versions} if minutes else set()
    return render_template(
        "outcomes/upload_minutes.html", form=form, conference=conference, minutes=minutes,
        parents=parents, copies=copies, publish_form=PublishMinutesForm(),
        due=outcome_rules.minutes_due(ts, conference.starts_at),
        max_mb=current_app.config["MAX_UPLOAD_MB"], title=_l("The minutes"))


def _store_minutes(conference, viewer, minutes, recipient_id, data, pages):
    if minutes is None:
        minutes = m.Minutes(conference_id=conference.id)
        db.session.add(minutes)
    minutes.uploaded_by_id = _staff_id()
    replaced = [v for v in minutes.versions if v.recipient_id == recipient_id]
    for old in replaced:
        minutes.versions.remove(old)
    version = m.MinutesVersion(recipient_id=recipient_id, content=data, size=len(data),
                               pages=pages)
    minutes.versions.append(version)
    db.session.flush()
    audit.record("minutes.uploaded", staff_user_id=_staff_id(), conference_id=conference.id,
                 object_type="minutes_version", object_id=version.id,
                 detail=f"replaces {replaced[0].id}" if replaced else "")
    if minutes.published_at is not None:
        # Already sent: whoever reads this copy is told there is something new.
        messages.tell_family_who_may_see(
            conference, lambda viewer: access.minutes_version_for(viewer, minutes) is version)
    db.session.commit()
    return minutes


@bp.route("/staff/conferences/<conference_id>/minutes/publish", methods=["POST"])
@staff_required
def publish_minutes(conference_id):
    viewer, conference = current_viewer(conference_id)
    minutes = _minutes_of(conference)
    if (not access.can_upload_minutes(viewer) or minutes is None
            or not any(v.recipient_id is None for v in minutes.versions)
            or not PublishMinutesForm().validate_on_submit()):
        not_found()
    if not access.can_publish_minutes(viewer, conference, clock.uk_now()):
        flash(_("You can send the minutes once the conference has started."))
    elif minutes.published_at is None:
        minutes.published_at = utcnow()
        now = clock.uk_now()
        ts = timescales.for_authority(conference.authority)
        status = outcome_rules.deadline_status(
            outcome_rules.minutes_due(ts, conference.starts_at), now, now)
        audit.record("minutes.published", staff_user_id=_staff_id(),
                     conference_id=conference.id, object_type="minutes",
                     object_id=minutes.id, detail=status)
        messages.tell_family_who_may_see(
            conference, lambda viewer: access.can_see_minutes(viewer, minutes))
        db.session.commit()
        flash(_("Sent. The family has been told there is something new."))
    return redirect(url_for("outcomes.upload_minutes", conference_id=conference.id))


# --- the staff dashboard panel ----------------------------------------------------------


@bp.app_template_global()
def outcome_deadlines(conferences):
    """What is due or late after each conference that has taken place, for the dashboard.

    Conference times and deadlines are UK wall-clock times; recorded moments are UTC."""
    # The dashboard asks twice ("Needs you" and its own panel): worked out once.
    key = tuple(c.id for c in conferences)
    cached = g.get("outcome_deadlines")
    if cached and cached[0] == key:
        return cached[1]
    now = clock.uk_now()
    rows = []
    staff_user = current_user.staff_user
    past = [c for c in conferences if c.starts_at <= now and c.status != "cancelled"]
    viewers = caseload.viewers(staff_user, past)
    outcomes, all_minutes = caseload.outcomes_and_minutes(past)
    for conference in past:
        viewer = viewers.get(conference.id)
        if viewer is None:
            continue
        ts = timescales.for_authority(conference.authority)
        outcome, minutes = outcomes.get(conference.id), all_minutes.get(conference.id)
        published = uk_time(outcome.published_at) if outcome else None
        items = [("outcome", outcome_rules.outcome_due(ts, conference.starts_at), published,
                  None),
                 ("minutes", outcome_rules.minutes_due(ts, conference.starts_at),
                  uk_time(minutes.published_at) if minutes else None, None)]
        if published:
            # Each child is told on their own; a child can only be told once it is out.
            for child in conference.children:
                told = outcome.told(child.id)
                items.append(("child_told", outcome_rules.child_told_due(ts, conference.starts_at),
                              uk_time(told.told_at) if told else None, child))
        for what, due, done_at, child in items:
            status = outcome_rules.deadline_status(due, done_at, now)
            if status in (outcome_rules.DUE, outcome_rules.LATE):
                rows.append({"conference": conference, "what": what, "due": due, "child": child,
                             "late": status == outcome_rules.LATE, "viewer": viewer})
    g.outcome_deadlines = (key, rows)
    return rows


@bp.app_context_processor
def child_told_form():
    return {"child_told_form": ChildToldForm}
