"""The staff side of issue 18. Every page answers 404 to anyone the access policy
(app/rules/access.py) does not let see or change it."""


from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.data import models as m
from app.extensions import db
from app.rules import access, clock
from app.rules.clock import utcnow
from app.services import arrangements, audit, documents
from app.web.guards import (
    acting_participant,
    for_conference,
    keeps_typing,
    kept_form_data,
    not_found,
    staff_required,
)
from app.web.translation import gettext as _
from app.web.translation import lazy_gettext as _l

from . import bp
from .forms import HeldForm, MeetingChangeForm, OutcomeDeliveryForm, PaperGivenForm, TakingPartForm


def _parent(conference, participant_id):
    person = db.session.get(m.Participant, participant_id)
    if person is None or person.conference_id != conference.id or person.role != m.PARENT:
        not_found(object_type="participant", object_id=participant_id[:64])
    return person


def _staff_id():
    return current_user.staff_user.id


def _page(conference, person, form, delivery, may_set, may_deliver, status=200):
    return render_template("taking_part/parent.html", conference=conference, person=person,
                           form=form, delivery=delivery, may_set=may_set,
                           may_deliver=may_deliver, title=_l("How a parent takes part")), status


def _people(viewer, conference, participant_id):
    person = _parent(conference, participant_id)
    may_set = access.can_set_taking_part(viewer, person)
    may_deliver = access.can_record_outcome_delivery(viewer, person)
    if not (may_set or may_deliver):
        not_found(object_type="participant", object_id=person.id)
    return person, may_set, may_deliver


def _status(form):
    return 400 if form.csrf_token.errors else 200


@bp.route("/<conference_id>/taking-part/<participant_id>", methods=["GET", "POST"])
@for_conference(who=staff_required)
@keeps_typing
def parent(viewer, conference, participant_id):
    """One parent: how they take part (the chair's decision) and how the decisions reach
    them (the chair or the social worker, posted to `delivery`)."""
    person, may_set, may_deliver = _people(viewer, conference, participant_id)
    row = arrangements.taking_part_of(person)
    # Typed before the session ended: put back, not yet saved.
    kept = None if request.method == "POST" else kept_form_data(acting_participant(viewer))
    form = TakingPartForm() if kept is None else TakingPartForm(formdata=kept)
    delivery = OutcomeDeliveryForm(formdata=None)
    form.starts_at, form.today = conference.starts_at, clock.uk_now().date()
    form.recorded_day = row.meets_chair_at.date() if row and row.meets_chair_at else None
    delivery.fill(row)
    if not form.is_submitted():
        if kept is None:
            form.fill(row)
        return _page(conference, person, form, delivery, may_set, may_deliver)
    if not may_set:
        not_found(object_type="participant", object_id=person.id)
    if not form.validate():
        return _page(conference, person, form, delivery, may_set, may_deliver, _status(form))
    arrangements.save_taking_part(conference, person, form.values(), _staff_id())
    flash(_("Saved how %(name)s takes part.", name=person.name))
    return redirect(url_for("staff.conference", conference_id=conference.id))


@bp.route("/<conference_id>/taking-part/<participant_id>/outcome-delivery",
          methods=["POST"])
@for_conference(who=staff_required)
def delivery(viewer, conference, participant_id):
    person, may_set, may_deliver = _people(viewer, conference, participant_id)
    if not may_deliver:
        not_found(object_type="participant", object_id=person.id)
    delivery = OutcomeDeliveryForm()
    if not delivery.validate_on_submit():
        form = TakingPartForm(formdata=None)
        form.fill(arrangements.taking_part_of(person))
        return _page(conference, person, form, delivery, may_set, may_deliver,
                     _status(delivery))
    arrangements.save_outcome_delivery(conference, person, delivery.outcome_by.data,
                                       delivery.password.data == "yes", _staff_id())
    flash(_("Saved how %(name)s gets the decisions.", name=person.name))
    return redirect(url_for("staff.conference", conference_id=conference.id))


@bp.route("/<conference_id>/conversations/<kind>/held", methods=["POST"])
@for_conference(lambda viewer: access.can_mark_conversation_held(viewer, viewer.conference_id),
                who=staff_required)
def conversation_held(viewer, conference, kind):
    if kind not in m.CONVERSATION_KINDS:
        not_found(object_type="conversation", object_id=kind[:64])
    if HeldForm().validate_on_submit() and arrangements.mark_held(conference, kind,
                                                                  _staff_id(), utcnow()):
        flash(_("Marked as held."))
    return redirect(url_for("staff.conference", conference_id=conference.id))


@bp.route("/<conference_id>/not-as-planned", methods=["GET", "POST"])
@for_conference(lambda viewer: access.can_record_meeting_change(viewer, viewer.conference_id),
                who=staff_required)
@keeps_typing
def meeting_change(viewer, conference):
    kept = None if request.method == "POST" else kept_form_data(acting_participant(viewer))
    form = MeetingChangeForm() if kept is None else MeetingChangeForm(formdata=kept)
    form.starts_at, form.today = conference.starts_at, clock.uk_now().date()
    if form.validate_on_submit():
        arrangements.record_meeting_change(
            conference, form.kind.data, form.reason.data.strip(), form.agreed_by.data.strip(),
            form.new_starts_at, _staff_id(), utcnow())
        flash(_("Recorded. The family's timeline has changed."))
        return redirect(url_for("staff.conference", conference_id=conference.id))
    return render_template("taking_part/meeting_change.html", conference=conference, form=form,
                           title=_l("The meeting did not go ahead as planned"))


def _paper_parent(viewer, conference, participant_id):
    person = _parent(conference, participant_id)
    row = arrangements.taking_part_of(person)
    outcome = db.session.scalar(db.select(m.Outcome).filter_by(conference_id=conference.id))
    if (not access.can_record_outcome_delivery(viewer, person) or row is None
            or row.outcome_by != m.OUTCOME_ON_PAPER or outcome is None
            or outcome.published_at is None):
        not_found(object_type="participant", object_id=person.id)
    return person, row, outcome


@bp.route("/<conference_id>/taking-part/<participant_id>/paper-outcome")
@for_conference(who=staff_required)
def paper_outcome(viewer, conference, participant_id):
    """The printable copy of the decisions made for this parent, with their name on it:
    their own version if the chair gave them one."""
    from app.outcomes.routes import outcome_pdf

    person, row, outcome = _paper_parent(viewer, conference, participant_id)
    kind, content = access.outcome_view_for(access.viewer_for_participant(person), outcome)
    pdf = outcome_pdf(person, conference, outcome, kind, content)
    audit.noted("outcome.paper_printed", staff_user_id=_staff_id(), conference_id=conference.id,
                object_type="participant", object_id=person.id)
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = documents.content_disposition(
        "conference-outcome-paper-copy.pdf", inline=False)
    response.headers.update(documents.SAFE_DOCUMENT_HEADERS)
    return response


@bp.route("/<conference_id>/taking-part/<participant_id>/paper-given", methods=["POST"])
@for_conference(who=staff_required)
def paper_given(viewer, conference, participant_id):
    """Posted from the staff conference page; a date that is wrong comes back on a page of
    its own, as typed, with the message linked from the summary."""
    person, row, outcome = _paper_parent(viewer, conference, participant_id)
    form = PaperGivenForm()
    form.today = clock.uk_now().date()
    form.published_on = clock.uk_time(outcome.published_at).date()
    if form.validate_on_submit():
        arrangements.paper_given(conference, person, row, form.day, _staff_id())
        flash(_("Saved the date given."))
        return redirect(url_for("staff.conference", conference_id=conference.id))
    return render_template("taking_part/paper_given.html", conference=conference,
                           person=person, form=form, title=_l("Date given")), _status(form)



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
def taking_part_needs(conferences, viewers=None, shown=None):
    """For the staff dashboard's "needs you": conversations not yet marked held, soonest
    first, then paper copies of the decisions not yet given, in the dashboard's own
    conferences; the first `shown` of them (all if None), and how many there are in all.
    `viewers`: how this account acts in each, where the page has it already (otherwise
    worked out from the conferences' loaded participants)."""
    if not getattr(current_user, "is_authenticated", False) or not current_user.staff_user:
        return None
    staff_user = current_user.staff_user
    by_conference = (viewers if viewers is not None
                     else arrangements.staff_viewers(staff_user, conferences))
    waiting = arrangements.waiting_for(staff_user, conferences, by_conference,
                                       access.can_mark_conversation_held)
    papers = arrangements.papers_to_give(
        conferences, by_conference,
        lambda viewer: access.can_hand_over_paper(viewer, viewer.conference_id))
    total = len(waiting) + len(papers)
    if not total:
        return None
    if shown is not None:
        waiting, papers = waiting[:shown], papers[:max(0, shown - len(waiting))]
    return {"waiting": waiting, "papers": papers, "total": total,
            "more": total - len(waiting) - len(papers)}


CONVERSATION_NAMES = {
    "preparation": _l("Social worker prepares the family"),
    "chair_premeet": _l("Chair meets the parents before the meeting"),
    "professionals_only": _l("Professionals only (before the family joins)"),
    "follow_up": _l("Social worker goes through the decisions with the parents"),
}


@bp.app_template_filter()
def conversation_name(kind):
    return CONVERSATION_NAMES.get(kind, kind)
