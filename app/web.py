"""Small helpers shared by the blueprints: who is acting, and refusing as "not found"."""

from functools import wraps

from flask import abort, current_app, flash, g, redirect, request, session
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.datastructures import MultiDict

from . import access, audit, kept_text
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
            return keep_typing_after_refusal() or login_manager.unauthorized()
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


# --- nothing lost: keeping what was typed when a post cannot be accepted ---------

KEPT_COOKIE = "portal_kept"


def keeps_typing(view):
    """Mark a family form page whose text is kept if its post arrives after the session
    ended or with a stale CSRF token. The page must put it back with kept_form_data()."""
    view.keeps_typing = True
    return view


def _keeps_typing_here():
    if request.method != "POST" or not request.endpoint:
        return False
    return bool(getattr(current_app.view_functions.get(request.endpoint), "keeps_typing", False))


def _kept_cookie_serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="kept-form-text")


def _ended_session_participant():
    """The person whose session this browser last had, even though it has ended."""
    row = db.session.get(m.UserSession, session.get("_user_id") or "")
    return row.participant_id if row is not None else None


def keep_typing_after_refusal():
    """Keep the posted text (encrypted) and send the person to sign in, or back to the
    page if they are still signed in. None where there is nothing to keep."""
    if not _keeps_typing_here():
        return None
    fields = kept_text.worth_keeping(request.form.to_dict(flat=True))
    if not fields:
        return None
    signed_in_now = getattr(current_user, "is_authenticated", False) and current_user.participant
    participant_id = current_user.participant.id if signed_in_now else _ended_session_participant()
    row = kept_text.keep(fields, request.path, participant_id, m.utcnow())
    audit.record("form_text.kept", participant_id=participant_id, object_type="kept_form_text",
                 object_id=row.id, detail=request.path[:200], commit=True)
    if signed_in_now:
        flash(_("This page had expired, so we could not save it. We kept what you typed: "
                "check it and press the button again."))
        response = redirect(request.path)
    else:
        flash(_("You were signed out because the portal had not been used for a while. "
                "We kept what you typed. Sign in again to carry on."))
        response = login_manager.unauthorized()
    response.set_cookie(
        KEPT_COOKIE, _kept_cookie_serializer().dumps(row.id), max_age=kept_text.KEEP_HOURS * 3600,
        httponly=True, samesite="Lax", path="/",
        secure=current_app.config["PORTAL_ENV"] == "production",
    )
    return response


def after_sign_in_path(participant):
    """Where to go after signing in: back to a page whose typed text was kept, if any."""
    row_id = None
    cookie = request.cookies.get(KEPT_COOKIE)
    if cookie:
        try:
            row_id = _kept_cookie_serializer().loads(
                cookie, max_age=kept_text.KEEP_HOURS * 3600)
        except BadSignature:
            row_id = None
    path = kept_text.claim(row_id, participant.id, m.utcnow())
    return path if path and path.startswith("/") and not path.startswith("//") else None


def kept_form_data(participant):
    """The text kept for this person and page, as form data to show again (once)."""
    if participant is None or request.method != "GET":
        return None
    fields = kept_text.take(participant.id, request.path, m.utcnow())
    if fields is None:
        return None
    flash(_("We put back what you typed. It is not saved yet: press the button to save it."))
    return MultiDict(fields)
