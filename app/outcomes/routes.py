"""The routes of the outcomes pages (the blueprint and what it is for: __init__.py).

Routes stay thin: who may act is the access policy's (app/rules/access.py); what
changes records is in app/services.
"""

import secrets
from datetime import timedelta

from flask import Response, current_app, redirect, render_template, url_for
from flask_babel import force_locale, format_date, pgettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.data import models as m
from app.data.encryption import hash_secret
from app.extensions import db
from app.outcomes.forms import DownloadForm
from app.rules import access, clock
from app.rules.clock import utcnow
from app.rules.outcome_rules import parse_day
from app.services import audit, documents
from app.web.guards import current_viewer, not_found, signed_in_participant

from . import bp

OUTCOME = "outcome"
MINUTES = "minutes"


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
    if kind == "child":
        _speak_to_a_child(form)
    minutes = access.get_minutes(viewer, conference.id)
    return render_template(
        "outcomes/view.html", outcome=outcome, kind=kind, content=content,
        children=_children(conference), form=form, title=_l("What was decided"),
        conference=conference, has_minutes=bool(minutes and minutes.published_at),
    ), status


def _speak_to_a_child(form):
    """The child's summary is read by the child: the form's words in the child's register
    (the same English as a parent's, translated for a child)."""
    # child: the outcome page a child reads
    form.password.description = pgettext("child", "If you set one, you need it each time you "
                                         "open the file. Use at least 8 characters.")
    # child: the outcome page a child reads
    form.submit.label.text = pgettext("child", "Download a copy (PDF)")


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


def _token_hash(token):
    return hash_secret("download:" + token, current_app.config["SECRET_KEY"])


def _signed_link(kind, object_id, participant_id, password):
    """A link for this person, in this signed-in session, for a few minutes, to download
    this one document. The link holds only a random token; its hash, the session, the
    person, the document and a chosen password (encrypted) are kept on the server."""
    now = utcnow()
    # Grants that have run out are of no use to anyone: clear them away.
    db.session.execute(db.delete(m.DownloadGrant).where(m.DownloadGrant.expires_at < now))
    token = secrets.token_urlsafe(32)
    db.session.add(m.DownloadGrant(
        token_hash=_token_hash(token), session_id=current_user.get_id(),
        participant_id=participant_id, kind=kind, object_id=object_id,
        password=password or None, created_at=now,
        expires_at=now + timedelta(seconds=current_app.config["DOWNLOAD_LINK_SECONDS"])))
    db.session.commit()
    return url_for("outcomes.download", token=token)


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


def _grant(token):
    """The download grant this token stands for, if it is live and was made for this
    person in this very session."""
    grant = db.session.scalar(db.select(m.DownloadGrant).filter_by(
        token_hash=_token_hash(token[:100])))
    if (grant is None or grant.expires_at < utcnow()
            or not secrets.compare_digest(grant.session_id, current_user.get_id())
            or grant.participant_id != current_user.participant.id):
        not_found(object_type="outcome_link")
    return grant


@bp.route("/outcome/download/<token>")
def download(token):
    # Not sent to sign in: a link used after signing out, or by anyone else, is simply
    # not found.
    if not current_user.is_authenticated or not current_user.participant:
        not_found(object_type="outcome_link")
    grant = _grant(token)
    participant = current_user.participant
    if grant.kind == MINUTES:
        viewer, conference, minutes, version = _visible_minutes()
        if grant.object_id != minutes.id:
            not_found(object_type="outcome_link")
        pdf, name = version.content, "conference-minutes.pdf"
        event, object_type, object_id = "minutes.downloaded", "minutes_version", version.id
    else:
        viewer, conference, outcome, (kind, content) = _visible_outcome()
        if grant.kind != OUTCOME or grant.object_id != outcome.id:
            not_found(object_type="outcome_link")
        pdf, name = outcome_pdf(participant, conference, outcome, kind, content), \
            "conference-outcome.pdf"
        event, object_type, object_id = "outcome.downloaded", "outcome", outcome.id
    password = grant.password or ""
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
            made_on=format_date(clock.uk_now().date(), "long"), title=title,
            conference=conference, english_page=language == "en",
        )
    return documents.render_pdf(html, title=title, lang=language)


@bp.app_template_filter("plan_date")
def plan_date(value):
    """A date typed as 2027-01-25, shown in the reader's language."""
    day = parse_day(value) if isinstance(value, str) else value
    return format_date(day, "long") if day else (value or "")


from app.outcomes import staff  # noqa: E402,F401  (registers the staff pages on this blueprint)
