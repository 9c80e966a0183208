"""Small helpers shared by the blueprints: who is acting, and refusing as "not found"."""

from functools import wraps

from flask import abort, flash, g, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from . import access, audit, contributions
from . import models as m
from .extensions import db, login_manager


def not_found(event="access.refused", **ids):
    """Refuse as if the thing did not exist, and write the refusal to the audit trail."""
    who = _who()
    audit.record(event, outcome="refused", detail=request.path[:200], commit=True, **who, **ids)
    abort(404)


def _who():
    if not getattr(current_user, "is_authenticated", False):
        return {}
    if current_user.participant:
        return {"participant_id": current_user.participant.id}
    return {"staff_user_id": current_user.staff_user.id}


def signed_in_participant(view):
    """A view for someone signed in through an invitation (family or professional)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.participant:
            not_found()
        if current_user.participant.role not in m.FAMILY_ROLES:
            g.is_family_page = False
        return view(*args, **kwargs)

    return wrapper


def current_viewer(conference_id=None):
    """The person acting, in the conference named (staff) or their own (participants).

    Anything else answers 404.
    """
    if not current_user.is_authenticated:
        abort(404)
    if current_user.participant:
        participant = current_user.participant
        if conference_id and conference_id != participant.conference_id:
            not_found(conference_id=None)
        return access.viewer_for_participant(participant), participant.conference
    conference = db.session.get(m.Conference, conference_id) if conference_id else None
    viewer = access.viewer_for_staff(current_user.staff_user, conference)
    if viewer is None or not access.can_see_conference(viewer, conference):
        not_found()
    return viewer, conference


def acting_participant(viewer):
    return db.session.get(m.Participant, viewer.participant_id) if viewer.participant_id else None


def staff_required(view):
    """Pages for staff signed in with password and TOTP; anyone else gets 404."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        g.is_family_page = False
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.staff_user:
            not_found()
        return view(*args, **kwargs)

    return wrapper


def signed_in(view):
    """A view for anyone signed in; what they may see is decided by the access policy."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.staff_user or current_user.participant.role not in m.FAMILY_ROLES:
            g.is_family_page = False
        return view(*args, **kwargs)

    return wrapper


def contribution_page(participant, kind, form, template, title, sent_message, **context):
    """Show, save or send a family member's contribution; what they typed is never lost."""
    saved = contributions.own_contribution(participant, kind)
    if form.is_submitted():
        if form.ready():
            answers = form.answers()
            if participant.role == m.ADVOCATE:
                answers["made_by"] = "advocate"  # recorded as made with or for the child
            sending = bool(form.send.data)
            contributions.save(participant, kind, answers, form.audience.data, m.utcnow(),
                               send=sending)
            flash(sent_message if sending else _("Saved. You can come back and change it."))
            return redirect(request.path)
    elif saved is not None:
        form.fill_from(saved)
    return render_template(template, form=form, saved=saved, title=title, **context)
