"""Outcomes: each family member reads what was decided, and downloads their own copy
through a short-lived link that works only in their own signed-in session."""

from flask import Blueprint, Response, current_app, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from .. import access, audit, documents
from ..models import utcnow
from ..web import current_viewer, not_found, signed_in_participant

bp = Blueprint("outcomes", __name__, template_folder="templates")


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="outcome-download")


def _visible_outcome():
    viewer, conference = current_viewer()
    outcome = access.get_outcome(viewer, conference.id)
    view = access.outcome_view_for(viewer, outcome) if outcome else None
    if view is None or outcome.published_at is None:
        not_found(object_type="outcome")
    return viewer, conference, outcome, view


@bp.route("/outcome")
@signed_in_participant
def view():
    viewer, conference, outcome, (kind, content) = _visible_outcome()
    audit.record("outcome.viewed", participant_id=viewer.participant_id,
                 conference_id=conference.id, object_type="outcome", object_id=outcome.id,
                 commit=True)
    children = {child.id: child for child in conference.children}
    return render_template("outcomes/view.html", outcome=outcome, kind=kind, content=content,
                           children=children, form=FlaskForm(), title=_("What was decided"))


@bp.route("/outcome/link", methods=["POST"])
@signed_in_participant
def make_link():
    viewer, conference, outcome, _view = _visible_outcome()
    if not FlaskForm().validate_on_submit():
        not_found()
    token = _serializer().dumps({"s": current_user.get_id(), "p": viewer.participant_id,
                                 "o": outcome.id})
    return redirect(url_for("outcomes.download", token=token))


@bp.route("/outcome/download/<token>")
@signed_in_participant
def download(token):
    try:
        claims = _serializer().loads(token, max_age=current_app.config["DOWNLOAD_LINK_SECONDS"])
    except (SignatureExpired, BadSignature):
        not_found(object_type="outcome_link")
    # The link works only for the person, and the session, it was made for.
    if claims.get("s") != current_user.get_id():
        not_found(object_type="outcome_link")
    viewer, conference, outcome, (kind, content) = _visible_outcome()
    if claims.get("p") != viewer.participant_id or claims.get("o") != outcome.id:
        not_found(object_type="outcome_link")
    participant = current_user.participant
    html = render_template(
        "outcomes/pdf.html", outcome=outcome, kind=kind, content=content,
        children={child.id: child for child in conference.children},
        recipient=participant.name, made_on=format_date(utcnow().date(), "long"),
        title=_("What was decided"),
    )
    pdf = documents.render_pdf(html, title=_("What was decided"),
                               lang=str(participant.language or "en"))
    audit.record("outcome.downloaded", participant_id=participant.id,
                 conference_id=conference.id, object_type="outcome", object_id=outcome.id,
                 commit=True)
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = documents.content_disposition(
        "conference-outcome.pdf", inline=False)
    response.headers.update(documents.SAFE_DOCUMENT_HEADERS)
    return response
