"""The staff side of issue 18. Every page answers 404 to anyone the access policy
(app/rules/access.py) does not let see or change it."""

from datetime import date, datetime

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.data import models as m
from app.extensions import db
from app.rules import access, clock
from app.rules.clock import utcnow
from app.services import arrangements, audit, documents, messages
from app.web.guards import current_viewer, not_found, staff_required

from . import bp
from .forms import HeldForm, MeetingChangeForm, OutcomeDeliveryForm, PaperGivenForm, TakingPartForm


def _parent(conference, participant_id):
    person = db.session.get(m.Participant, participant_id)
    if person is None or person.conference_id != conference.id or person.role != m.PARENT:
        not_found(object_type="participant", object_id=participant_id[:64])
    return person


def _moment(day, clock):
    return datetime.fromisoformat(f"{day}T{clock.zfill(5)}")


def _staff_id():
    return current_user.staff_user.id


def _page(conference, person, form, delivery, may_set, may_deliver, status=200):
    return render_template("taking_part/parent.html", conference=conference, person=person,
                           form=form, delivery=delivery, may_set=may_set,
                           may_deliver=may_deliver, title=_l("How a parent takes part")), status


def _people(conference_id, participant_id):
    viewer, conference = current_viewer(conference_id)
    person = _parent(conference, participant_id)
    may_set = access.can_set_taking_part(viewer, person)
    may_deliver = access.can_record_outcome_delivery(viewer, person)
    if not (may_set or may_deliver):
        not_found(object_type="participant", object_id=person.id)
    return conference, person, may_set, may_deliver


@bp.route("/<conference_id>/taking-part/<participant_id>", methods=["GET", "POST"])
@staff_required
def parent(conference_id, participant_id):
    """One parent: how they take part (the chair's decision) and how the decisions reach
    them (the chair or the social worker, posted to `delivery`)."""
    conference, person, may_set, may_deliver = _people(conference_id, participant_id)
    row = arrangements.taking_part_of(person)
    form = TakingPartForm()
    delivery = OutcomeDeliveryForm(formdata=None)
    _fill_delivery(delivery, row)
    if form.is_submitted():
        if not may_set:
            not_found(object_type="participant", object_id=person.id)
        if form.validate() and _save_taking_part(conference, person, form):
            flash(_("Saved how %(name)s takes part.", name=person.name))
            return redirect(url_for("staff.conference", conference_id=conference.id))
        return _page(conference, person, form, delivery, may_set, may_deliver,
                     400 if form.csrf_token.errors else 200)
    _fill_part(form, row)
    return _page(conference, person, form, delivery, may_set, may_deliver)


@bp.route("/<conference_id>/taking-part/<participant_id>/outcome-delivery",
          methods=["POST"])
@staff_required
def delivery(conference_id, participant_id):
    conference, person, may_set, may_deliver = _people(conference_id, participant_id)
    if not may_deliver:
        not_found(object_type="participant", object_id=person.id)
    delivery = OutcomeDeliveryForm()
    if not delivery.validate_on_submit():
        form = TakingPartForm(formdata=None)
        _fill_part(form, arrangements.taking_part_of(person))
        return _page(conference, person, form, delivery, may_set, may_deliver,
                     400 if delivery.csrf_token.errors else 200)
    row = arrangements.row_for(person)
    row.outcome_by = delivery.outcome_by.data
    row.outcome_password = delivery.password.data == "yes"
    audit.record("taking_part.outcome_delivery", staff_user_id=_staff_id(),
                 conference_id=conference.id, object_type="participant", object_id=person.id,
                 detail=row.outcome_by)
    db.session.commit()
    arrangements.forget()
    flash(_("Saved how %(name)s gets the decisions.", name=person.name))
    return redirect(url_for("staff.conference", conference_id=conference.id))


def _fill_part(form, row):
    if row is None:
        return
    form.mode.data = row.mode
    form.reason.data = row.reason or ""
    if row.meets_chair_at:
        form.meets_date.data = row.meets_chair_at.date().isoformat()
        form.meets_time.data = row.meets_chair_at.strftime("%H:%M")
    form.meets_how.data = row.meets_how
    form.place.data = row.place or ""
    form.joining_details.data = row.joining_details or ""


def _fill_delivery(delivery, row):
    if row is not None and row.outcome_by:
        delivery.outcome_by.data = row.outcome_by
        delivery.password.data = "yes" if row.outcome_password else "no"


def _save_taking_part(conference, person, form):
    separately = form.mode.data == m.SEPARATELY
    meets = None
    if separately:
        try:
            meets = _moment(form.meets_date.data, form.meets_time.data)
        except ValueError:
            form.meets_date.errors = [*form.meets_date.errors, _("Enter a real date and time")]
            return False
        if meets >= conference.starts_at:
            form.meets_time.errors = [*form.meets_time.errors, _(
                "The chair meets them before the professionals meet")]
            return False
    row = arrangements.row_for(person)
    row.mode = form.mode.data
    row.reason = form.reason.data.strip() if separately else None
    row.meets_chair_at = meets
    row.meets_how = form.meets_how.data if separately else None
    row.place = (form.place.data or "").strip() or None if separately else None
    row.joining_details = (form.joining_details.data or "").strip() or None if separately \
        else None
    row.set_by_id = _staff_id()
    # The reason stays out of the audit trail: only what was decided, and by whom.
    audit.record("taking_part.set", staff_user_id=_staff_id(), conference_id=conference.id,
                 object_type="participant", object_id=person.id, detail=row.mode)
    db.session.commit()
    arrangements.forget()
    return True


@bp.route("/<conference_id>/conversations/<kind>/held", methods=["POST"])
@staff_required
def conversation_held(conference_id, kind):
    viewer, conference = current_viewer(conference_id)
    if kind not in m.CONVERSATION_KINDS or not access.can_mark_conversation_held(
            viewer, conference.id):
        not_found(object_type="conversation", object_id=kind[:64])
    if HeldForm().validate_on_submit() and db.session.scalar(
            db.select(m.ConversationHeld).filter_by(conference_id=conference.id,
                                                    kind=kind)) is None:
        db.session.add(m.ConversationHeld(conference_id=conference.id, kind=kind,
                                          held_at=utcnow(), marked_by_id=_staff_id()))
        audit.record("conversation.held", staff_user_id=_staff_id(),
                     conference_id=conference.id, object_type="conversation", detail=kind)
        db.session.commit()
        flash(_("Marked as held."))
    return redirect(url_for("staff.conference", conference_id=conference.id))


@bp.route("/<conference_id>/not-as-planned", methods=["GET", "POST"])
@staff_required
def meeting_change(conference_id):
    viewer, conference = current_viewer(conference_id)
    if not access.can_record_meeting_change(viewer, conference.id):
        not_found()
    form = MeetingChangeForm()
    if form.validate_on_submit():
        new_starts_at = None
        if form.kind.data == m.POSTPONED and form.new_date.data:
            try:
                new_starts_at = _moment(form.new_date.data, form.new_time.data or
                                        conference.starts_at.strftime("%H:%M"))
            except ValueError:
                form.new_date.errors = [*form.new_date.errors, _("Enter a real date and time")]
        if not form.new_date.errors:
            _record_change(conference, form, new_starts_at)
            flash(_("Recorded. The family's timeline has changed."))
            return redirect(url_for("staff.conference", conference_id=conference.id))
    return render_template("taking_part/meeting_change.html", conference=conference, form=form,
                           title=_l("The meeting did not go ahead as planned"))


def _record_change(conference, form, new_starts_at):
    if new_starts_at is not None:
        # The timeline moves: the conference, the family pre-meet and each parent's own
        # meeting with the chair keep their places relative to the new start.
        shift = new_starts_at - conference.starts_at
        conference.starts_at = new_starts_at
        if conference.premeet_at:
            conference.premeet_at += shift
        for row in arrangements.taking_part_rows(conference.id).values():
            if row.meets_chair_at:
                row.meets_chair_at += shift
        db.session.execute(db.delete(m.ConversationHeld).where(
            m.ConversationHeld.conference_id == conference.id))
    db.session.add(m.MeetingChange(
        conference_id=conference.id, kind=form.kind.data, reason=form.reason.data.strip(),
        agreed_by=form.agreed_by.data.strip(), new_starts_at=new_starts_at,
        recorded_by_id=_staff_id(), recorded_at=utcnow()))
    audit.record("meeting_change.recorded", staff_user_id=_staff_id(),
                 conference_id=conference.id, object_type="conference",
                 object_id=conference.id, detail=form.kind.data)
    messages.tell_family_who_may_see(conference, lambda viewer: True)
    db.session.commit()
    arrangements.forget()


def _paper_parent(conference_id, participant_id):
    viewer, conference = current_viewer(conference_id)
    person = _parent(conference, participant_id)
    row = arrangements.taking_part_of(person)
    outcome = db.session.scalar(db.select(m.Outcome).filter_by(conference_id=conference.id))
    if (not access.can_record_outcome_delivery(viewer, person) or row is None
            or row.outcome_by != m.OUTCOME_ON_PAPER or outcome is None
            or outcome.published_at is None):
        not_found(object_type="participant", object_id=person.id)
    return viewer, conference, person, row, outcome


@bp.route("/<conference_id>/taking-part/<participant_id>/paper-outcome")
@staff_required
def paper_outcome(conference_id, participant_id):
    """The printable copy of the decisions made for this parent, with their name on it:
    their own version if the chair gave them one."""
    from app.outcomes.routes import outcome_pdf

    viewer, conference, person, row, outcome = _paper_parent(conference_id, participant_id)
    kind, content = access.outcome_view_for(access.viewer_for_participant(person), outcome)
    pdf = outcome_pdf(person, conference, outcome, kind, content)
    audit.record("outcome.paper_printed", staff_user_id=_staff_id(), conference_id=conference.id,
                 object_type="participant", object_id=person.id, commit=True)
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = documents.content_disposition(
        "conference-outcome-paper-copy.pdf", inline=False)
    response.headers.update(documents.SAFE_DOCUMENT_HEADERS)
    return response


@bp.route("/<conference_id>/taking-part/<participant_id>/paper-given", methods=["POST"])
@staff_required
def paper_given(conference_id, participant_id):
    viewer, conference, person, row, outcome = _paper_parent(conference_id, participant_id)
    form = PaperGivenForm()
    if form.validate_on_submit():
        try:
            given_on = date.fromisoformat(form.given_on.data)
        except ValueError:
            given_on = None
        if given_on is None or given_on > clock.uk_now().date():
            flash(_("Enter a real date, today or earlier."))
        else:
            row.paper_given_on = given_on
            audit.record("outcome.paper_given", staff_user_id=_staff_id(),
                         conference_id=conference.id, object_type="participant",
                         object_id=person.id)
            db.session.commit()
            flash(_("Saved the date given."))
    else:
        flash(_("Enter the date like 2027-01-25"))
    return redirect(url_for("staff.conference", conference_id=conference.id))


# --- what the staff pages show --------------------------------------------------


@bp.app_template_global()
def taking_part_panel(viewer, conference):
    """The staff conference page's part: each parent's arrangement (with the reason for the
    chair and social worker only), the conversations around the meeting, and any change."""
    if viewer is None or not access.can_see_taking_part(viewer, conference.id):
        return None
    rows = arrangements.taking_part_rows(conference.id)
    parents = [(person, rows.get(person.id)) for person in conference.participants
               if person.role == m.PARENT]
    change = arrangements.latest_change(conference.id)
    outcome = db.session.scalar(db.select(m.Outcome).filter_by(conference_id=conference.id))
    return {
        "parents": parents,
        "show_reason": access.can_see_taking_part_reason(viewer, conference.id),
        "may_open": {person.id for person, _row in parents
                     if access.can_set_taking_part(viewer, person)
                     or access.can_record_outcome_delivery(viewer, person)},
        "conversations": arrangements.conversations(conference),
        "may_mark": access.can_mark_conversation_held(viewer, conference.id),
        "may_record_change": access.can_record_meeting_change(viewer, conference.id),
        "change": change,
        "show_change_reason": access.can_see_meeting_change_reason(viewer, conference.id),
        "published": bool(outcome and outcome.published_at),
        "held_form": HeldForm(), "given_form": PaperGivenForm(),
    }


@bp.app_template_global()
def taking_part_needs(conferences):
    """For the staff dashboard's "needs you": conversations not yet marked held, and
    paper copies of the decisions not yet given, in the dashboard's own conferences (their
    participants already loaded with them)."""
    if not getattr(current_user, "is_authenticated", False) or not current_user.staff_user:
        return None
    staff_user = current_user.staff_user
    by_conference = arrangements.staff_viewers(staff_user, conferences)
    waiting = arrangements.waiting_for(staff_user, conferences, by_conference,
                                       access.can_mark_conversation_held)
    papers = arrangements.papers_to_give(
        conferences, by_conference,
        lambda viewer: access.can_hand_over_paper(viewer, viewer.conference_id))
    if not waiting and not papers:
        return None
    return {"waiting": waiting, "papers": papers}


CONVERSATION_NAMES = {
    "preparation": _l("Social worker prepares the family"),
    "chair_premeet": _l("Chair meets the parents before the meeting"),
    "professionals_only": _l("Professionals only (before the family joins)"),
    "follow_up": _l("Social worker goes through the decisions with the parents"),
}


@bp.app_template_filter()
def conversation_name(kind):
    return CONVERSATION_NAMES.get(kind, kind)
