"""Outcomes: each family member reads what was decided, and later the minutes, and
downloads their own copy through a short-lived link that works only in their own
signed-in session. The staff pages that record and publish them are in staff.py."""

from flask import Blueprint, Response, current_app, redirect, render_template, url_for
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from .. import access, audit, documents, report_deadlines
from .. import models as m
from ..encryption import cipher
from ..models import utcnow
from ..outcome_rules import parse_day
from ..web import current_viewer, not_found, signed_in_participant
from .forms import DownloadForm

bp = Blueprint("outcomes", __name__, template_folder="templates")

OUTCOME = "outcome"
MINUTES = "minutes"


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="outcome-download")


def _visible_outcome():
    viewer, conference = current_viewer()
    outcome = access.get_outcome(viewer, conference.id)
    view = access.outcome_view_for(viewer, outcome) if outcome else None
    if view is None or outcome.published_at is None:
        not_found(object_type="outcome")
    return viewer, conference, outcome, view


def _visible_minutes():
    viewer, conference = current_viewer()
    minutes = access.get_minutes(viewer, conference.id)
    version = access.minutes_version_for(viewer, minutes) if minutes else None
    if version is None or minutes.published_at is None:
        not_found(object_type="minutes")
    return viewer, conference, minutes, version


def _children(conference):
    return {child.id: child for child in conference.children}


def _note_child_told(viewer, outcome):
    """A child opening the outcome themselves counts as that child being told (and only
    that child: a brother or sister is told on their own)."""
    if (viewer.role in (m.YOUNG_PERSON, m.CHILD) and viewer.child_id
            and outcome.told(viewer.child_id) is None):
        outcome.children_told.append(m.ChildTold(
            child_id=viewer.child_id, told_at=utcnow(), how="child_opened"))
        audit.record("outcome.child_told", participant_id=viewer.participant_id,
                     conference_id=outcome.conference_id, object_type="child",
                     object_id=viewer.child_id, detail="child_opened")


def _outcome_page(form, status=200):
    viewer, conference, outcome, (kind, content) = _visible_outcome()
    minutes = access.get_minutes(viewer, conference.id)
    return render_template(
        "outcomes/view.html", outcome=outcome, kind=kind, content=content,
        children=_children(conference), form=form, title=_l("What was decided"),
        conference=conference, has_minutes=bool(minutes and minutes.published_at),
    ), status


@bp.route("/outcome")
@signed_in_participant
def view():
    viewer, conference, outcome, _view = _visible_outcome()
    _note_child_told(viewer, outcome)
    audit.record("outcome.viewed", participant_id=viewer.participant_id,
                 conference_id=conference.id, object_type="outcome", object_id=outcome.id,
                 commit=True)
    return _outcome_page(DownloadForm())


@bp.route("/minutes")
@signed_in_participant
def minutes():
    viewer, conference, minutes, version = _visible_minutes()
    audit.record("minutes.viewed", participant_id=viewer.participant_id,
                 conference_id=conference.id, object_type="minutes_version",
                 object_id=version.id, commit=True)
    return _minutes_page(DownloadForm(), minutes)


def _minutes_page(form, minutes, status=200):
    return render_template("outcomes/minutes.html", minutes=minutes, form=form,
                           title=_l("Minutes of the conference")), status


def _signed_link(kind, object_id, participant_id, password):
    """A link for this person, in this signed-in session, for a few minutes.

    A chosen password travels encrypted with the server's key, so it is never readable
    in the address, and nothing about the download needs to be kept on the server.
    """
    claims = {"s": current_user.get_id(), "p": participant_id, "o": object_id, "k": kind,
              "w": cipher().encrypt_text(password).decode("ascii") if password else ""}
    return url_for("outcomes.download", token=_serializer().dumps(claims))


@bp.route("/outcome/link", methods=["POST"])
@signed_in_participant
def make_link():
    viewer, conference, outcome, _view = _visible_outcome()
    form = DownloadForm()
    if not form.validate_on_submit():
        return _outcome_page(form, 400 if form.csrf_token.errors else 200)
    return redirect(_signed_link(OUTCOME, outcome.id, viewer.participant_id,
                                 form.password.data))


@bp.route("/minutes/link", methods=["POST"])
@signed_in_participant
def make_minutes_link():
    viewer, conference, minutes, _version = _visible_minutes()
    form = DownloadForm()
    if not form.validate_on_submit():
        return _minutes_page(form, minutes, 400 if form.csrf_token.errors else 200)
    return redirect(_signed_link(MINUTES, minutes.id, viewer.participant_id,
                                 form.password.data))


def _claims(token):
    try:
        claims = _serializer().loads(token, max_age=current_app.config["DOWNLOAD_LINK_SECONDS"])
    except (SignatureExpired, BadSignature):
        not_found(object_type="outcome_link")
    # The link works only for the person, and the session, it was made for.
    if claims.get("s") != current_user.get_id() or \
            claims.get("p") != current_user.participant.id:
        not_found(object_type="outcome_link")
    return claims


@bp.route("/outcome/download/<token>")
def download(token):
    # Not sent to sign in: a link used after signing out, or by anyone else, is simply
    # not found.
    if not current_user.is_authenticated or not current_user.participant:
        not_found(object_type="outcome_link")
    claims = _claims(token)
    participant = current_user.participant
    if claims.get("k") == MINUTES:
        viewer, conference, minutes, version = _visible_minutes()
        if claims.get("o") != minutes.id:
            not_found(object_type="outcome_link")
        pdf, name = version.content, "conference-minutes.pdf"
        event, object_type, object_id = "minutes.downloaded", "minutes_version", version.id
    else:
        viewer, conference, outcome, (kind, content) = _visible_outcome()
        if claims.get("o") != outcome.id:
            not_found(object_type="outcome_link")
        pdf, name = outcome_pdf(participant, conference, outcome, kind, content), \
            "conference-outcome.pdf"
        event, object_type, object_id = "outcome.downloaded", "outcome", outcome.id
    password = cipher().decrypt_text(claims["w"].encode("ascii")) if claims.get("w") else ""
    if password:
        pdf = documents.encrypt_pdf(pdf, password)
    audit.record(event, participant_id=participant.id, conference_id=conference.id,
                 object_type=object_type, object_id=object_id,
                 detail="password" if password else "", commit=True)
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = documents.content_disposition(name, inline=False)
    response.headers.update(documents.SAFE_DOCUMENT_HEADERS)
    return response


def outcome_pdf(participant, conference, outcome, kind, content):
    """The outcome as a tagged PDF made for one person, in their own language, with their
    name and the date on every page."""
    language = str(participant.language or "en")
    # English is British English, as on the pages.
    with force_locale("en_GB" if language == "en" else language):
        title = _("What was decided")
        html = render_template(
            "outcomes/pdf.html", outcome=outcome, kind=kind, content=content,
            children=_children(conference), recipient=participant.name,
            made_on=format_date(report_deadlines.uk_now().date(), "long"), title=title,
            conference=conference, english_page=language == "en",
        )
    return documents.render_pdf(html, title=title, lang=language)


@bp.app_template_filter("plan_date")
def plan_date(value):
    """A date typed as 2027-01-25, shown in the reader's language."""
    day = parse_day(value) if isinstance(value, str) else value
    return format_date(day, "long") if day else (value or "")


from . import staff  # noqa: E402,F401  (registers the staff pages on this blueprint)
