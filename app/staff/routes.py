"""The routes of the staff pages (the blueprint and what it is for: __init__.py).

Routes stay thin: who may act is the access policy's (app/rules/access.py); what
changes records is in app/services.
"""

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.data import models as m
from app.extensions import db
from app.rules import access, clock
from app.rules.clock import utcnow
from app.services import caseload, conferences, delivery, invitations, messages
from app.staff.forms import (
    ChangeConferenceForm,
    ConferenceForm,
    ConfirmForm,
    InterpreterAccessForm,
    InviteForm,
    PersonForm,
    SeenForm,
    StatusForm,
)
from app.web.guards import for_conference, not_found, staff_required
from app.web.translation import gettext as _
from app.web.translation import lazy_gettext as _l
from app.web.translation import ngettext

from . import bp

# How long a message that was not sent stays on the dashboard.
REFUSED_MESSAGE_DAYS = 14
# How far ahead the retention page looks for conferences falling due.
RETENTION_LOOKAHEAD_DAYS = 30


@bp.route("/")
@staff_required
def dashboard():
    staff_user = current_user.staff_user
    work = caseload.open_work(staff_user, clock.uk_now())
    theirs = caseload.conference_ids(staff_user)
    refused = messages.refused_messages(theirs, utcnow() - timedelta(days=REFUSED_MESSAGE_DAYS))
    undelivered = delivery.failed(theirs)
    needs = caseload.needs_you(staff_user, work.conferences, clock.uk_now())
    return render_template("staff/dashboard.html", conferences=work.conferences, work=work,
                           refused=refused, undelivered=undelivered, needs=needs,
                           upcoming_shown=caseload.UPCOMING_SHOWN,
                           conversations_shown=caseload.CONVERSATIONS_SHOWN,
                           title=_l("Conferences"))


@bp.route("/conversations")
@staff_required
def conversations():
    """Every conversation and paper copy waiting for this account in the dashboard's
    conferences: the dashboard lists only the soonest."""
    work = caseload.open_work(current_user.staff_user, clock.uk_now())
    return render_template("staff/conversations.html", conferences=work.conferences,
                           work=work, title=_l("Conversations and paper copies"))


def _delivery_conference(delivery_id):
    item = db.session.get(m.Delivery, delivery_id)
    return item.conference_id if item is not None else None


@bp.route("/deliveries/<delivery_id>/resend", methods=["POST"])
@for_conference(who=staff_required, conference_of=_delivery_conference)
def resend_delivery(viewer, conference, delivery_id):
    item = db.session.get(m.Delivery, delivery_id)
    if item is None or item.status != m.DELIVERY_FAILED or item.conference_id != conference.id:
        not_found(object_type="delivery", object_id=delivery_id[:64])
    if SeenForm().validate_on_submit():
        delivery.resend(item, current_user.staff_user.id)
        flash(_("We will try to send it again now."))
    return redirect(url_for("staff.dashboard"))


def _conference_pages(find, **words):
    """A list of this account's conferences, a page at a time (`find`: caseload.history or
    caseload.upcoming); `words` are the page's title, introduction, empty text and the
    labels of its previous and next links."""
    page = request.args.get("page", 1, type=int)
    return render_template("staff/conference_pages.html", endpoint=request.endpoint,
                           pages=find(current_user.staff_user, clock.uk_now(), page), **words)


@bp.route("/history")
@staff_required
def history():
    return _conference_pages(
        caseload.history, title=_l("Past conferences"),
        intro=_l("Conferences that have taken place, newest first"),
        empty=_l("No conference has taken place yet."), previous=_l("Newer"), next=_l("Older"))


@bp.route("/upcoming")
@staff_required
def upcoming():
    return _conference_pages(
        caseload.upcoming, title=_l("Conferences coming up"),
        intro=_l("Conferences still to come, soonest first"),
        empty=_l("You have no conferences coming up."), previous=_l("Previous"),
        next=_l("Next"), with_time=True)


@bp.route("/retention")
@staff_required
def retention_due():
    staff_user = current_user.staff_user
    if not access.can_see_retention(staff_user):
        not_found()
    from app.services import retention

    return render_template(
        "staff/retention.html", title=_l("Due for export and removal"),
        due=retention.due(clock.utcnow(), RETENTION_LOOKAHEAD_DAYS, staff_user.authority_id),
        purged=retention.recently_purged(staff_user.authority_id),
        now=clock.utcnow(), within=RETENTION_LOOKAHEAD_DAYS)


@bp.route("/conferences/new", methods=["GET", "POST"])
@staff_required
def new_conference():
    user = current_user.staff_user
    if not access.can_create_conference(user):
        not_found()
    form = ConferenceForm()
    if form.validate_on_submit():
        conference = conferences.create(user, form.values())
        return redirect(url_for("staff.conference", conference_id=conference.id))
    return render_template("staff/new_conference.html", form=form, title=_l("New conference"))


@bp.route("/conferences/<conference_id>")
@for_conference(who=staff_required)
def conference(viewer, conference):
    return render_template(
        "staff/conference.html", conference=conference, viewer=viewer,
        may_invite=access.can_invite(viewer), may_record_outcome=access.can_record_outcome(viewer),
        may_change=access.can_change_conference(viewer, conference),
        may_manage={p.id for p in conference.participants if access.can_manage_person(viewer, p)},
        may_set_interpreting={p.id for p in conference.participants
                              if access.can_set_interpreter_access(viewer, p)},
        last_signed_in=(caseload.last_sign_ins(conference)
                        if access.can_see_sign_in_activity(viewer, conference) else None),
        contributions=access.visible_contributions(viewer, conference.id),
        reports=access.visible_reports(viewer, conference.id),
        outcome=access.get_outcome(viewer, conference.id),
        title=_l("Conference"),
    )


@bp.route("/conferences/<conference_id>/invite", methods=["GET", "POST"])
@for_conference(access.can_invite, who=staff_required)
def invite(viewer, conference):
    form = InviteForm(children=conference.children, roles=access.invitable_roles(viewer))
    if form.validate_on_submit():
        invited = invitations.invite(viewer, conference, form.values(), current_user.staff_user)
        if invited is None:  # the form offers only the roles allowed; belt and braces
            not_found()
        flash(_("Invitation sent.") if invited[1] else _(
            "The person was added, but the invitation was not sent. Your conferences page "
            "says why. Contact them another way."))
        return redirect(url_for("staff.conference", conference_id=conference.id))
    return render_template("staff/invite.html", form=form, conference=conference,
                           title=_l("Invite someone"))


@bp.app_template_global()
def invitations_awaiting_chair():
    """For the staff dashboard: people invited for a child that this chair has not seen."""
    if not getattr(current_user, "is_authenticated", False) or not current_user.staff_user:
        return []
    return access.invitations_awaiting(current_user.staff_user)


@bp.app_template_global()
def invitation_seen_form():
    return SeenForm()


@bp.route("/invitations/<participant_id>/seen", methods=["POST"])
@staff_required
def invitation_seen(participant_id):
    person = db.session.get(m.Participant, participant_id)
    viewer = access.viewer_for_staff(current_user.staff_user,
                                     person.conference if person else None)
    if viewer is None or not access.can_mark_invitation_seen(viewer, person):
        not_found(object_type="participant", object_id=participant_id[:64])
    if SeenForm().validate_on_submit() and invitations.mark_seen(
            person, current_user.staff_user.id):
        flash(_("Marked as seen."))
    return redirect(url_for("staff.dashboard"))


@bp.route("/conferences/<conference_id>/contributions/<contribution_id>")
@for_conference(who=staff_required)
def contribution(viewer, conference, contribution_id):
    item = access.get_contribution(viewer, contribution_id)
    if item is None or item.conference_id != conference.id:
        not_found(object_type="contribution", object_id=contribution_id[:64])
    if item.kind in ("worksheet", "safety_request"):
        # Sent as versions: their own pages show the latest and the history.
        endpoint = ("prepare.staff_worksheet" if item.kind == "worksheet"
                    else "prepare.staff_safety_request")
        return redirect(url_for(endpoint, conference_id=conference.id, contribution_id=item.id))
    conferences.contribution_viewed(item, current_user.staff_user.id)
    return render_template("staff/contribution.html", conference=conference, item=item,
                           title=_l("What the family sent"))


# --- running a conference: change it, and the people in it --------------------------------


def _told(told):
    if told is None:
        flash(_("Nothing was changed."))
    else:
        flash(ngettext("Saved. %(num)d person was told the details have changed.",
                       "Saved. %(num)d people were told the details have changed.", told))


@bp.route("/conferences/<conference_id>/change", methods=["GET", "POST"])
@for_conference(who=staff_required, conference_rule=access.can_change_conference)
def change_conference(viewer, conference):
    form = ChangeConferenceForm() if request.method == "POST" else ChangeConferenceForm.of(
        conference)
    if form.validate_on_submit():
        _told(conferences.change(conference, form.values(), current_user.staff_user.id))
        return redirect(url_for("staff.conference", conference_id=conference.id))
    return render_template("staff/change_conference.html", form=form, conference=conference,
                           title=_l("Change the date, time or place"))


@bp.route("/conferences/<conference_id>/status", methods=["GET", "POST"])
@for_conference(who=staff_required, conference_rule=access.can_change_conference)
def conference_status(viewer, conference):
    form = StatusForm() if request.method == "POST" else StatusForm(
        data={"status": conference.status})
    if form.validate_on_submit():
        told = conferences.set_status(conference, form.status.data, current_user.staff_user.id)
        if told is not None:
            _told(told)
        return redirect(url_for("staff.conference", conference_id=conference.id))
    return render_template("staff/conference_status.html", form=form, conference=conference,
                           title=_l("Cancel or postpone the conference"))


def _person(viewer, conference, participant_id, rule=access.can_manage_person):
    """The person named in the address, in this conference; 404 unless `rule` allows."""
    person = db.session.get(m.Participant, participant_id)
    if (person is None or person.conference_id != conference.id
            or not rule(viewer, person)):
        not_found(object_type="participant", object_id=participant_id[:64])
    return person


@bp.route("/conferences/<conference_id>/people/<participant_id>", methods=["GET", "POST"])
@for_conference(who=staff_required)
def person(viewer, conference, participant_id):
    """Correct a name, an email address, a mobile number or a language."""
    person = _person(viewer, conference, participant_id)
    form = PersonForm(person=person) if request.method == "POST" else PersonForm.of(person)
    if form.validate_on_submit():
        if invitations.correct(person, form.values(), current_user.staff_user.id):
            flash(_("Saved."))
        return redirect(url_for("staff.conference", conference_id=conference.id))
    return render_template("staff/person.html", form=form, conference=conference,
                           person=person, title=_l("Correct a person's details"))


def _confirmed(viewer, conference, participant_id, action, title, act):
    """Ask "are you sure?" about one person; once confirmed, `act(person, staff_user_id)`
    does it and returns what to tell the member of staff."""
    person = _person(viewer, conference, participant_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        flash(act(person, current_user.staff_user.id))
        return redirect(url_for("staff.conference", conference_id=conference.id))
    return render_template("staff/confirm.html", form=form, conference=conference,
                           person=person, action=action, title=title)


@bp.route("/conferences/<conference_id>/people/<participant_id>/resend",
          methods=["GET", "POST"])
@for_conference(who=staff_required)
def resend_invitation(viewer, conference, participant_id):
    """A new link; every older one stops working at once."""

    def resend(person, staff_user_id):
        if invitations.resend(person, staff_user_id):
            return _("A new invitation was sent. The old link no longer works.")
        return _("The old link no longer works, but the new invitation was not sent. Your "
                 "conferences page says why. Contact them another way.")

    return _confirmed(viewer, conference, participant_id, "resend",
                      _l("Send a new invitation"), resend)


@bp.route("/conferences/<conference_id>/people/<participant_id>/remove",
          methods=["GET", "POST"])
@for_conference(who=staff_required)
def remove_person(viewer, conference, participant_id):
    """End someone's access: their sessions end, their link stops; what they wrote stays."""

    def remove(person, staff_user_id):
        invitations.remove(person, staff_user_id)
        return _("%(name)s can no longer sign in. What they wrote stays on the record.",
                 name=person.name)

    return _confirmed(viewer, conference, participant_id, "remove",
                      _l("Remove this person from the conference"), remove)


@bp.route("/conferences/<conference_id>/people/<participant_id>/interpreting",
          methods=["GET", "POST"])
@for_conference(who=staff_required)
def interpreter_access(viewer, conference, participant_id):
    """The chair decides whether this interpreter may help with the reports and outcome."""
    person = _person(viewer, conference, participant_id, access.can_set_interpreter_access)
    form = InterpreterAccessForm() if request.method == "POST" else InterpreterAccessForm(
        data={"allow": "yes" if person.may_see_reports else "no"})
    if form.validate_on_submit():
        invitations.set_interpreter_access(person, form.allow.data == "yes",
                                           current_user.staff_user.id)
        flash(_("Saved."))
        return redirect(url_for("staff.conference", conference_id=conference.id))
    return render_template("staff/interpreter_access.html", form=form, conference=conference,
                           person=person, title=_l("What this interpreter may read"))
