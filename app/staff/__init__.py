"""Staff pages: just enough to feed the family side. Create a conference, invite people,
see what the family sent. The outcome and minutes pages are in the outcomes blueprint."""

from datetime import datetime, timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import access, audit, messages, signin
from .. import models as m
from ..extensions import db
from ..models import utcnow
from ..web import current_viewer, not_found, staff_required
from .forms import ConferenceForm, InviteForm

bp = Blueprint("staff", __name__, url_prefix="/staff", template_folder="templates")

def my_conferences(staff_user):
    if staff_user.role == "admin":
        query = db.select(m.Conference).filter_by(authority_id=staff_user.authority_id)
    else:
        query = (db.select(m.Conference).join(m.Participant)
                 .where(m.Participant.staff_user_id == staff_user.id))
    return db.session.scalars(query.order_by(m.Conference.starts_at)).all()


@bp.route("/")
@staff_required
def dashboard():
    conferences = my_conferences(current_user.staff_user)
    return render_template("staff/dashboard.html", conferences=conferences,
                           title=_l("Conferences"))


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
    form = InviteForm(children=conference.children)
    if form.validate_on_submit():
        config = current_app.config
        person = m.Participant(conference=conference, role=form.role.data,
                               name=form.name.data.strip(), agency=form.agency.data or "",
                               language=form.language.data)
        if person.role in m.ABOUT_ONE_CHILD:
            person.child_id = form.child.data or None
        signin.set_contact_details(person, form.email.data, form.mobile.data,
                                   config["SECRET_KEY"])
        db.session.add(person)
        db.session.flush()
        send_invitation(person)
        audit.record("participant.invited", staff_user_id=current_user.staff_user.id,
                     conference_id=conference.id, object_type="participant",
                     object_id=person.id)
        db.session.commit()
        flash(_("Invitation sent."))
        return redirect(url_for("staff.conference", conference_id=conference.id))
    return render_template("staff/invite.html", form=form, conference=conference,
                           title=_l("Invite someone"))


def send_invitation(person):
    """Make a single-use link and send it; returns the link (the demo prints it)."""
    config = current_app.config
    now = utcnow()
    token = signin.create_invitation(person, config["SECRET_KEY"], config["INVITATION_DAYS"],
                                     now)
    link = config["PORTAL_BASE_URL"] + url_for("auth.invitation", token=token)
    (channel, address), _code = signin.link_and_code_channels(person)
    if address:
        messages.send_invitation(person, channel, address, link,
                                 expires_at=now + timedelta(days=config["INVITATION_DAYS"]))
    return link


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
