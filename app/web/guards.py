"""Small helpers shared by the blueprints: who is acting, and refusing as "not found"."""

from functools import wraps

from blinker import Namespace
from flask import abort, current_app, flash, g, redirect, request, session, url_for
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from app.data import models as m
from app.extensions import db, login_manager
from app.rules import access
from app.services import audit
from app.web import kept_text
from app.web.translation import gettext as _
from app.web.translation import ngettext


def not_found(event="access.refused", **ids):
    """Refuse as if the thing did not exist, and write the refusal to the audit trail."""
    audit.refused(event, detail=request.path[:200], **audit_ids(), **ids)
    abort(404)



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
            return keep_typing_after_refusal() or login_manager.unauthorized()
        if not current_user.staff_user:
            not_found()
        return view(*args, **kwargs)

    return wrapper


def signed_in(view):
    """A view for anyone signed in, a participant or staff acting for someone (a social
    worker helping a child): what they may see is decided by the access policy. Text typed
    into a page whose session had ended is kept, as for signed_in_participant."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return keep_typing_after_refusal() or login_manager.unauthorized()
        if current_user.staff_user or current_user.participant.role not in m.FAMILY_ROLES:
            g.is_family_page = False
        return view(*args, **kwargs)

    return wrapper


def for_conference(rule=None, *, who=signed_in, conference_of=None, conference_rule=None):
    """Load the person acting and their conference once, apply an access rule, and hand
    both to the view as `viewer` and `conference`.

    `who` is the sign-in check (signed_in, signed_in_participant or staff_required). A
    `conference_id` in the address names the conference for staff; a participant may only
    ever reach their own. `rule(viewer)` comes from app/rules/access.py; when it refuses,
    the person gets 404 and the refusal is audited, as if the page did not exist:

        @bp.route("/staff/conferences/<conference_id>/outcome")
        @for_conference(access.can_record_outcome, who=staff_required)
        def outcome(viewer, conference): ...

    `conference_rule(viewer, conference)` is for a rule that needs the conference itself (may
    this person change it?), refused in the same way.

    Where the address names a record but not its conference (/views/<contribution_id>),
    `conference_of(**address)` gives staff the conference id of that record (anything
    that is not one answers 404); the record itself is still fetched through the policy.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            conference_id = kwargs.pop("conference_id", None)
            if conference_id is None and conference_of is not None and (
                    current_user.is_authenticated and current_user.staff_user):
                conference_id = conference_of(**kwargs) or "-"
            viewer, conference = current_viewer(conference_id)
            if rule is not None and not rule(viewer):
                not_found()
            if conference_rule is not None and not conference_rule(viewer, conference):
                not_found()
            return view(*args, viewer=viewer, conference=conference, **kwargs)

        return who(wrapper)

    return decorate


def audit_ids(viewer=None):
    """Who is acting, for the audit trail: the participant and, for staff, the staff user."""
    if not getattr(current_user, "is_authenticated", False):
        return {}
    ids = {}
    participant_id = viewer.participant_id if viewer is not None else (
        current_user.participant.id if current_user.participant else None)
    if participant_id:
        ids["participant_id"] = participant_id
    if current_user.staff_user:
        ids["staff_user_id"] = current_user.staff_user.id
    return ids


# --- nothing lost: keeping what was typed when a post cannot be accepted ---------

# Sent when typed text is kept instead of saved, so a capability can act on what it means
# at once (a child saying they are not safe as their session ended is still heard).
_signals = Namespace()
form_text_kept = _signals.signal("form-text-kept")

# Each form whose text is kept carries, signed, whose page it was. A post that arrives
# with no session at all (the browser lost its cookie) is still tied to that person, so
# on a shared phone nobody else who signs in next is handed it.
KEPT_FOR_FIELD = "kept_for"
# Flashed messages that are news, not a success: "we kept what you typed".
NOTICE = "notice"


def keeps_typing(view):
    """Mark a family form page whose text is kept if its post arrives after the session
    ended or with a stale CSRF token. The page must put it back with kept_form_data()
    and render kept_for_field() inside its form."""
    view.keeps_typing = True
    return view


def keeps_typing_for(page_endpoint):
    """keeps_typing for a form that posts to an address of its own (a reply posted to
    /reports/<id>/reply from the page /reports/<id>): the text is put back on the page
    `page_endpoint` names, built from the same address arguments."""

    def mark(view):
        view.keeps_typing = True
        view.keeps_typing_page = page_endpoint
        return view

    return mark


def _keeps_typing_here():
    if request.method != "POST" or not request.endpoint:
        return False
    return bool(getattr(current_app.view_functions.get(request.endpoint), "keeps_typing", False))


def _form_page_path():
    """The page the posted form was on, where its kept text is put back."""
    endpoint = getattr(current_app.view_functions.get(request.endpoint), "keeps_typing_page",
                       None)
    return url_for(endpoint, **(request.view_args or {})) if endpoint else request.path


def _kept_for_serializer():
    config = current_app.config
    keys = [*config.get("SECRET_KEY_FALLBACKS", []), config["SECRET_KEY"]]
    return URLSafeTimedSerializer(keys, salt="kept-form-owner")


def _staff_participant_id(staff_user_id):
    """The participant row through which a staff account acts in the conference this page
    is about (its address names it), if any."""
    conference_id = (request.view_args or {}).get("conference_id")
    if not staff_user_id or not conference_id:
        return None
    return db.session.scalar(db.select(m.Participant.id).filter_by(
        conference_id=conference_id, staff_user_id=staff_user_id))


def kept_for_field():
    """The hidden field naming, signed, the person this form page was made for."""
    if not getattr(current_user, "is_authenticated", False):
        return ""
    participant_id = (current_user.participant.id if current_user.participant
                      else _staff_participant_id(current_user.staff_user.id))
    if participant_id is None:
        return ""
    value = _kept_for_serializer().dumps(participant_id)
    return Markup('<input type="hidden" name="{}" value="{}">').format(KEPT_FOR_FIELD, value)


def _form_owner(fields):
    """The person the posted form page was made for, if its signature holds."""
    value = fields.get(KEPT_FOR_FIELD, "")
    max_age = int(current_app.config["SESSION_MAX_HOURS"] * 3600)
    try:
        return _kept_for_serializer().loads(value, max_age=max_age) if value else None
    except BadSignature:
        return None


def _ended_session_owner():
    """The person whose session this browser last had, even though it has ended."""
    row = db.session.get(m.UserSession, session.get("_user_id") or "")
    if row is None:
        return None
    return row.participant_id or _staff_participant_id(row.staff_user_id)


def _keeper(fields):
    """(participant id, signed in now) of the person whose typed text this is, or None."""
    if getattr(current_user, "is_authenticated", False):
        participant_id = (current_user.participant.id if current_user.participant
                          else _staff_participant_id(current_user.staff_user.id))
        return (participant_id, True) if participant_id else None
    participant_id = _ended_session_owner() or _form_owner(fields)
    return (participant_id, False) if participant_id else None


def _keep(fields, signed_in_message, signed_out_message):
    """Keep the typed fields for their person; back to the page, or to sign in again."""
    fields = dict(fields)
    keeper = _keeper(fields)
    fields = kept_text.worth_keeping(fields)
    if not fields or keeper is None:
        return None
    participant_id, signed_in_now = keeper
    page = _form_page_path()
    row = kept_text.keep(fields, page, participant_id, m.utcnow())
    audit.record("form_text.kept", participant_id=participant_id, object_type="kept_form_text",
                 object_id=row.id, detail=page[:200], commit=True)
    form_text_kept.send(current_app._get_current_object(), participant_id=participant_id,
                        path=request.path, fields=fields)
    if signed_in_now:
        flash(signed_in_message, NOTICE)
        return redirect(page)
    flash(signed_out_message, NOTICE)
    staff = db.session.scalar(db.select(m.Participant.staff_user_id).filter_by(
        id=participant_id))
    return redirect(url_for("auth.staff_sign_in")) if staff else login_manager.unauthorized()


def keep_typing_after_refusal():
    """Keep the posted text (encrypted) and send the person to sign in, or back to the
    page if they are still signed in. None where there is nothing to keep, or nobody it
    can be kept for."""
    if not _keeps_typing_here():
        return None
    # A date is three boxes under one name: each name keeps all its values.
    return _keep(
        {name: values if len(values) > 1 else values[0] for name, values in request.form.lists()},
        _("This page had expired, so we could not save it. We kept what you typed: "
          "check it and press the button again."),
        _("You were signed out because the portal had not been used for a while. "
          "We kept what you typed. Sign in again to carry on."))


# An upload too big to accept is still read (not kept) up to this many times the largest
# request allowed, so that the text typed beside it can be kept: a browser that is not
# read to the end shows "connection reset", not our page.
TOO_LARGE_READ_FACTOR = 8
_CHUNK = 64 * 1024


def _text_fields_of_too_large_post():
    """The text fields of a multipart post that is too large to accept, read from the
    stream: files are read past and dropped, never kept."""
    from werkzeug.sansio.multipart import Data, Epilogue, Field, MultipartDecoder, NeedData

    boundary = request.mimetype_params.get("boundary", "")
    if request.mimetype != "multipart/form-data" or not boundary:
        return {}
    stream = request.environ.get("wsgi.input")
    remaining = min(request.content_length or 0,
                    current_app.config["MAX_CONTENT_LENGTH"] * TOO_LARGE_READ_FACTOR)
    decoder = MultipartDecoder(boundary.encode("latin-1"), max_parts=kept_text.MAX_FIELDS * 2)
    fields, name, value = {}, None, bytearray()
    limit = kept_text.MAX_FIELD_CHARS * 4  # bytes of UTF-8
    try:
        while True:
            event = decoder.next_event()
            if isinstance(event, NeedData):
                chunk = stream.read(min(_CHUNK, remaining)) if remaining > 0 else b""
                remaining -= len(chunk)
                decoder.receive_data(chunk or None)
            elif isinstance(event, Field):
                name, value = event.name, bytearray()
            elif isinstance(event, Data):
                if name is not None and len(value) < limit:
                    value += event.data[:limit - len(value)]
                if not event.more_data:
                    if name is not None:
                        fields.setdefault(name, value.decode("utf-8", "replace"))
                    name = None
            elif isinstance(event, Epilogue):
                break
            else:  # a file: read past it
                name = None
    except (ValueError, OSError):  # a broken or cut-off body: keep what came before
        pass
    return fields


def keep_typing_after_too_large(max_mb):
    """A post whose file was too large: keep the text typed beside it and go back to the
    page (or to sign in). None where there is nothing to keep, or nobody to keep it for."""
    if not _keeps_typing_here() or not (
            getattr(current_user, "is_authenticated", False) or session.get("_user_id")):
        return None
    message = ngettext(
        "The file you chose is bigger than %(num)d MB, so nothing was sent. We kept what "
        "you typed: choose a smaller file and press the button again.",
        "The file you chose is bigger than %(num)d MB, so nothing was sent. We kept what "
        "you typed: choose a smaller file and press the button again.", max_mb)
    return _keep(_text_fields_of_too_large_post(), message, message + " " + _(
        "Your session had also ended: sign in again to carry on."))


def after_sign_in_path(participant=None, staff_user=None):
    """Where to go after signing in: back to a page whose typed text was kept, if any. A
    staff account has a participant row in each of its conferences."""
    ids = [participant.id] if participant is not None else list(db.session.scalars(
        db.select(m.Participant.id).filter_by(staff_user_id=staff_user.id)))
    path = kept_text.newest_path(ids, m.utcnow())
    return path if path and path.startswith("/") and not path.startswith("//") else None


def kept_form_data(participant):
    """The text kept for this person and page, as form data to show again (once)."""
    if participant is None or request.method != "GET":
        return None
    fields = kept_text.take(participant.id, request.path, m.utcnow())
    if fields is None:
        return None
    # Once said is enough: "This page had expired… we kept what you typed" still waits.
    if not any(category == NOTICE for category, _message in session.get("_flashes", [])):
        flash(_("We put back what you typed. It is not saved yet: press the button to "
                "save it."), NOTICE)
    return MultiDict(fields)
