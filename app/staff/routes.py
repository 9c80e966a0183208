"""The routes of the staff pages (the blueprint and what it is for: __init__.py).

Routes stay thin: who may act is the access policy's (app/rules/access.py); what
changes records is in app/services.
"""

from datetime import datetime, timedelta

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.data import models as m
from app.extensions import db
from app.rules import access, clock
from app.rules.clock import utcnow
from app.services import audit, caseload, delivery, invitations, messages, signin
from app.staff.forms import ConferenceForm, InviteForm, SeenForm
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
    return render_template("staff/dashboard.html", conferences=conferences, refused=refused,
                           undelivered=undelivered, title=_l("Conferences"))


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


def _not_a_staff_address(form):
    """A family member is invited with their own address, never a staff account's: a
    member of staff must not sign in as a parent, a child or their advocate."""
    if form.role.data not in m.FAMILY_ROLES:
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
