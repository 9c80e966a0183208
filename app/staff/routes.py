"""The routes of the staff pages (the blueprint and what it is for: __init__.py).

Routes stay thin: who may act is the access policy's (app/rules/access.py); what
changes records is in app/services.
"""

from datetime import datetime, timedelta

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from app.data import models as m
from app.extensions import db
from app.rules import access, clock
from app.rules.clock import utcnow
from app.services import audit, caseload, delivery, invitations, messages, signin
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
from app.web.guards import current_viewer, not_found, staff_required

from . import bp

# How long a message that was not sent stays on the dashboard.
REFUSED_MESSAGE_DAYS = 14
# How far ahead the retention page looks for conferences falling due.
RETENTION_LOOKAHEAD_DAYS = 30


@bp.route("/")
@staff_required
def dashboard():
    staff_user = current_user.staff_user
    conferences = caseload.open_conferences(staff_user, clock.uk_now())
    refused = messages.refused_messages(caseload.conference_ids(staff_user),
                                        utcnow() - timedelta(days=REFUSED_MESSAGE_DAYS))
    undelivered = delivery.failed(caseload.conference_ids(staff_user))
    needs = caseload.needs_you(staff_user, conferences, clock.uk_now())
    return render_template("staff/dashboard.html", conferences=conferences, refused=refused,
                           undelivered=undelivered, needs=needs, title=_l("Conferences"))


@bp.route("/deliveries/<delivery_id>/resend", methods=["POST"])
@staff_required
def resend_delivery(delivery_id):
    item = db.session.get(m.Delivery, delivery_id)
    if item is None or item.status != m.DELIVERY_FAILED or not item.conference_id:
        not_found(object_type="delivery", object_id=delivery_id[:64])
    current_viewer(item.conference_id)  # 404 unless this conference is theirs
    if SeenForm().validate_on_submit():
        delivery.resend(item, current_user.staff_user.id)
        flash(_("We will try to send it again now."))
    return redirect(url_for("staff.dashboard"))


@bp.route("/history")
@staff_required
def history():
    page = request.args.get("page", 1, type=int)
    past = caseload.history(current_user.staff_user, clock.uk_now(), page)
    return render_template("staff/history.html", history=past,
                           title=_l("Past conferences"))


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
        try:
            starts_at = datetime.fromisoformat(f"{form.date.data}T{form.time.data.zfill(5)}")
            premeet_at = (datetime.fromisoformat(
                f"{form.date.data}T{form.premeet_time.data.zfill(5)}")
                if form.premeet_time.data else None)
        except ValueError:
            form.date.errors.append(_("Enter a real date and time"))
        else:
            conference = m.Conference(
                authority_id=user.authority_id, conference_type=form.conference_type.data,
                starts_at=starts_at, premeet_at=premeet_at, format=form.format.data,
                venue=form.venue.data or None, joining_details=form.joining_details.data or None,
                created_by_id=user.id,
            )
            for name in [n.strip() for n in form.children.data.split(",") if n.strip()]:
                conference.children.append(m.Child(first_name=name))
            conference.participants.append(m.Participant(
                role=user.role if user.role in m.PARTICIPANT_ROLES else m.COORDINATOR,
                name=user.name, staff_user_id=user.id))
            db.session.add(conference)
            db.session.flush()
            audit.record("conference.created", staff_user_id=user.id,
                         conference_id=conference.id)
            db.session.commit()
            return redirect(url_for("staff.conference", conference_id=conference.id))
    return render_template("staff/new_conference.html", form=form, title=_l("New conference"))


@bp.route("/conferences/<conference_id>")
@staff_required
def conference(conference_id):
    viewer, conference = current_viewer(conference_id)
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
@staff_required
def invite(conference_id):
    viewer, conference = current_viewer(conference_id)
    if not access.can_invite(viewer):
        not_found()
    form = InviteForm(children=conference.children, roles=access.invitable_roles(viewer))
    if form.validate_on_submit() and _not_a_staff_address(form):
        config = current_app.config
        user = current_user.staff_user
        person = invitations.new_participant(
            viewer, conference, form.role.data, form.name.data.strip(), user.id, utcnow(),
            child_id=form.child.data, agency=form.agency.data or "",
            language=form.language.data)
        if person is None:  # the form offers only the roles allowed; belt and braces
            not_found()
        signin.set_contact_details(person, form.email.data, form.mobile.data,
                                   config["SECRET_KEY"])
        db.session.add(person)
        db.session.flush()
        _link, sent = make_and_send_invitation(person)
        audit.record("participant.invited", staff_user_id=user.id,
                     conference_id=conference.id, object_type="participant",
                     object_id=person.id, detail=person.role)
        db.session.commit()
        flash(_("Invitation sent.") if sent else _(
            "The person was added, but the invitation was not sent. Your conferences page "
            "says why. Contact them another way."))
        return redirect(url_for("staff.conference", conference_id=conference.id))
    return render_template("staff/invite.html", form=form, conference=conference,
                           title=_l("Invite someone"))


def _not_a_staff_address(form, role=None):
    """A family member is invited with their own address, never a staff account's: a
    member of staff must not sign in as a parent, a child or their advocate."""
    if (role or form.role.data) not in m.FAMILY_ROLES:
        return True
    which = signin.staff_address(form.email.data, form.mobile.data,
                                 current_app.config["SECRET_KEY"])
    if which is None:
        return True
    field = form.email if which == "email" else form.mobile
    field.errors = list(field.errors) + [
        _("This is a member of staff's own address. Invite a family member with their "
          "own email address or mobile phone number.")]
    return False


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
    if SeenForm().validate_on_submit() and person.awaiting_chair_since is not None:
        person.awaiting_chair_since = None
        audit.record("participant.chair_seen", staff_user_id=current_user.staff_user.id,
                     conference_id=person.conference_id, object_type="participant",
                     object_id=person.id, commit=True)
        flash(_("Marked as seen."))
    return redirect(url_for("staff.dashboard"))


def send_invitation(person):
    """Make a single-use link and send it; returns the link (the demo prints it)."""
    link, _sent = make_and_send_invitation(person)
    return link


def make_and_send_invitation(person):
    """Make a single-use link and send it; returns the link and whether it was sent."""
    config = current_app.config
    now = utcnow()
    token = signin.create_invitation(person, config["SECRET_KEY"], config["INVITATION_DAYS"],
                                     now)
    link = config["PORTAL_BASE_URL"] + url_for("auth.invitation", token=token)
    (channel, address), _code = signin.link_and_code_channels(person)
    sent = bool(address) and messages.send_invitation(
        person, channel, address, link,
        expires_at=now + timedelta(days=config["INVITATION_DAYS"]))
    return link, sent


@bp.route("/conferences/<conference_id>/contributions/<contribution_id>")
@staff_required
def contribution(conference_id, contribution_id):
    viewer, conference = current_viewer(conference_id)
    item = access.get_contribution(viewer, contribution_id)
    if item is None or item.conference_id != conference.id:
        not_found(object_type="contribution", object_id=contribution_id[:64])
    if item.kind in ("worksheet", "safety_request"):
        # Sent as versions: their own pages show the latest and the history.
        endpoint = ("prepare.staff_worksheet" if item.kind == "worksheet"
                    else "prepare.staff_safety_request")
        return redirect(url_for(endpoint, conference_id=conference.id, contribution_id=item.id))
    audit.record("contribution.viewed", staff_user_id=current_user.staff_user.id,
                 conference_id=conference.id, object_type="contribution", object_id=item.id,
                 commit=True)
    return render_template("staff/contribution.html", conference=conference, item=item,
                           title=_l("What the family sent"))


# --- running a conference: change it, and the people in it --------------------------------


def _changed_fields(before: dict, after: dict) -> str:
    """The names of what changed, for the audit trail: never the words themselves."""
    return ",".join(sorted(key for key in after if before.get(key) != after[key]))


@bp.route("/conferences/<conference_id>/change", methods=["GET", "POST"])
@staff_required
def change_conference(conference_id):
    viewer, conference = current_viewer(conference_id)
    if not access.can_change_conference(viewer, conference):
        not_found()
    if request.method == "POST":
        form = ChangeConferenceForm()
    else:
        form = ChangeConferenceForm(data={
            "date": conference.starts_at.date(), "time": conference.starts_at.strftime("%H:%M"),
            "premeet_time": (conference.premeet_at.strftime("%H:%M")
                             if conference.premeet_at else ""),
            "format": conference.format, "venue": conference.venue or "",
            "joining_details": conference.joining_details or ""})
    if form.validate_on_submit():
        try:
            starts_at = datetime.fromisoformat(f"{form.date.data}T{form.time.data.zfill(5)}")
            premeet_at = (datetime.fromisoformat(
                f"{form.date.data}T{form.premeet_time.data.zfill(5)}")
                if form.premeet_time.data else None)
        except ValueError:
            form.time.errors.append(_("Enter a real time, like 10:30"))
        else:
            before = {"starts_at": conference.starts_at, "premeet_at": conference.premeet_at,
                      "format": conference.format, "venue": conference.venue,
                      "joining_details": conference.joining_details}
            after = {"starts_at": starts_at, "premeet_at": premeet_at,
                     "format": form.format.data, "venue": form.venue.data or None,
                     "joining_details": form.joining_details.data or None}
            changed = _changed_fields(before, after)
            if changed:
                for key, value in after.items():
                    setattr(conference, key, value)
                # Moved to a new date: a postponed conference goes ahead again.
                if "starts_at" in changed and conference.status == "postponed":
                    conference.status = "scheduled"
                audit.record("conference.changed", staff_user_id=current_user.staff_user.id,
                             conference_id=conference.id, detail=changed)
                told = messages.tell_details_changed(conference, current_user.staff_user.id)
                db.session.commit()
                flash(ngettext("Saved. %(num)d person was told the details have changed.",
                         "Saved. %(num)d people were told the details have changed.", told))
            else:
                flash(_("Nothing was changed."))
            return redirect(url_for("staff.conference", conference_id=conference.id))
    return render_template("staff/change_conference.html", form=form, conference=conference,
                           title=_l("Change the date, time or place"))


@bp.route("/conferences/<conference_id>/status", methods=["GET", "POST"])
@staff_required
def conference_status(conference_id):
    viewer, conference = current_viewer(conference_id)
    if not access.can_change_conference(viewer, conference):
        not_found()
    form = StatusForm() if request.method == "POST" else StatusForm(
        data={"status": conference.status})
    if form.validate_on_submit():
        if form.status.data != conference.status:
            conference.status = form.status.data
            audit.record("conference.status_changed", staff_user_id=current_user.staff_user.id,
                         conference_id=conference.id, detail=conference.status)
            told = messages.tell_details_changed(conference, current_user.staff_user.id)
            db.session.commit()
            flash(ngettext("Saved. %(num)d person was told the details have changed.",
                     "Saved. %(num)d people were told the details have changed.", told))
        return redirect(url_for("staff.conference", conference_id=conference.id))
    return render_template("staff/conference_status.html", form=form, conference=conference,
                           title=_l("Cancel or postpone the conference"))


def _managed_person(conference_id, participant_id):
    viewer, conference = current_viewer(conference_id)
    person = db.session.get(m.Participant, participant_id)
    if (person is None or person.conference_id != conference.id
            or not access.can_manage_person(viewer, person)):
        not_found(object_type="participant", object_id=participant_id[:64])
    return viewer, conference, person


@bp.route("/conferences/<conference_id>/people/<participant_id>", methods=["GET", "POST"])
@staff_required
def person(conference_id, participant_id):
    """Correct a name, an email address, a mobile number or a language."""
    _viewer, conference, person = _managed_person(conference_id, participant_id)
    if request.method == "POST":
        form = PersonForm()
    else:
        form = PersonForm(data={"name": person.name, "email": person.email or "",
                                "mobile": person.mobile or "", "language": person.language})
    if form.validate_on_submit() and _not_a_staff_address(form, person.role):
        before = {"name": person.name, "email": person.email, "mobile": person.mobile,
                  "language": person.language}
        after = {"name": form.name.data.strip(), "email": form.email.data or None,
                 "mobile": form.mobile.data or None, "language": form.language.data}
        changed = _changed_fields(before, after)
        if changed:
            person.name = after["name"]
            person.language = after["language"]
            signin.set_contact_details(person, form.email.data, form.mobile.data,
                                       current_app.config["SECRET_KEY"])
            audit.record("participant.corrected", staff_user_id=current_user.staff_user.id,
                         conference_id=conference.id, object_type="participant",
                         object_id=person.id, detail=changed)
            db.session.commit()
            flash(_("Saved."))
        return redirect(url_for("staff.conference", conference_id=conference.id))
    return render_template("staff/person.html", form=form, conference=conference,
                           person=person, title=_l("Correct a person's details"))


@bp.route("/conferences/<conference_id>/people/<participant_id>/resend",
          methods=["GET", "POST"])
@staff_required
def resend_invitation(conference_id, participant_id):
    """A new link; every older one stops working at once."""
    _viewer, conference, person = _managed_person(conference_id, participant_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        signin.stop_invitations(person, utcnow())
        _link, sent = make_and_send_invitation(person)
        audit.record("participant.invitation_resent", staff_user_id=current_user.staff_user.id,
                     conference_id=conference.id, object_type="participant",
                     object_id=person.id, outcome="ok" if sent else "failed")
        db.session.commit()
        flash(_("A new invitation was sent. The old link no longer works.") if sent else _(
            "The old link no longer works, but the new invitation was not sent. Your "
            "conferences page says why. Contact them another way."))
        return redirect(url_for("staff.conference", conference_id=conference.id))
    return render_template("staff/confirm.html", form=form, conference=conference,
                           person=person, action="resend",
                           title=_l("Send a new invitation"))


@bp.route("/conferences/<conference_id>/people/<participant_id>/remove",
          methods=["GET", "POST"])
@staff_required
def remove_person(conference_id, participant_id):
    """End someone's access: their sessions end, their link stops; what they wrote stays."""
    _viewer, conference, person = _managed_person(conference_id, participant_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        signin.end_access(person, utcnow())
        audit.record("participant.removed", staff_user_id=current_user.staff_user.id,
                     conference_id=conference.id, object_type="participant",
                     object_id=person.id, detail=person.role)
        db.session.commit()
        flash(_("%(name)s can no longer sign in. What they wrote stays on the record.",
                name=person.name))
        return redirect(url_for("staff.conference", conference_id=conference.id))
    return render_template("staff/confirm.html", form=form, conference=conference,
                           person=person, action="remove",
                           title=_l("Remove this person from the conference"))


@bp.route("/conferences/<conference_id>/people/<participant_id>/interpreting",
          methods=["GET", "POST"])
@staff_required
def interpreter_access(conference_id, participant_id):
    """The chair decides whether this interpreter may help with the reports and outcome."""
    viewer, conference = current_viewer(conference_id)
    person = db.session.get(m.Participant, participant_id)
    if (person is None or person.conference_id != conference.id
            or not access.can_set_interpreter_access(viewer, person)):
        not_found(object_type="participant", object_id=participant_id[:64])
    form = InterpreterAccessForm() if request.method == "POST" else InterpreterAccessForm(
        data={"allow": "yes" if person.may_see_reports else "no"})
    if form.validate_on_submit():
        allow = form.allow.data == "yes"
        if allow != bool(person.may_see_reports):
            person.may_see_reports = allow
            audit.record("participant.interpreter_access",
                         staff_user_id=current_user.staff_user.id, conference_id=conference.id,
                         object_type="participant", object_id=person.id,
                         detail="allowed" if allow else "stopped")
            db.session.commit()
        flash(_("Saved."))
        return redirect(url_for("staff.conference", conference_id=conference.id))
    return render_template("staff/interpreter_access.html", form=form, conference=conference,
                           person=person, title=_l("What this interpreter may read"))
