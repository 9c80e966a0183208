"""The routes of the outcomes pages (the blueprint and what it is for: __init__.py).

Routes stay thin: who may act is the access policy's (app/rules/access.py); what
changes records is in app/services/outcomes.py.
"""

from functools import wraps

from flask import Response, redirect, render_template, url_for
from flask_babel import force_locale, format_date, pgettext
from flask_login import current_user

from app.data import models as m
from app.outcomes.forms import DownloadForm
from app.rules import access, clock
from app.rules.outcome_rules import parse_day
from app.services import documents, outcomes
from app.services.outcomes import MINUTES, OUTCOME
from app.web.guards import acting_participant, for_conference, not_found, signed_in_participant
from app.web.translation import gettext as _
from app.web.translation import lazy_gettext as _l

from . import bp


def with_outcome(view):
    """A family page of the published outcome: 404 (audited) for anyone it is not for.
    The view gets viewer, conference, outcome and shown (what kind, and its content)."""

    @for_conference(who=signed_in_participant)
    @wraps(view)
    def wrapper(viewer, conference, **kwargs):
        outcome, shown = _published_outcome(viewer, conference)
        return view(viewer=viewer, conference=conference, outcome=outcome, shown=shown,
                    **kwargs)

    return wrapper


def with_minutes(view):
    """A family page of the published minutes: 404 (audited) for anyone they are not for.
    The view gets viewer, conference, minutes and version (the copy this person reads)."""

    @for_conference(who=signed_in_participant)
    @wraps(view)
    def wrapper(viewer, conference, **kwargs):
        minutes, version = _published_minutes(viewer, conference)
        return view(viewer=viewer, conference=conference, minutes=minutes, version=version,
                    **kwargs)

    return wrapper


def _published_outcome(viewer, conference):
    outcome, shown = outcomes.visible_outcome(viewer, conference)
    if shown is None:
        not_found(object_type="outcome")
    return outcome, shown


def _published_minutes(viewer, conference):
    minutes, version = outcomes.visible_minutes(viewer, conference)
    if version is None:
        not_found(object_type="minutes")
    return minutes, version


def _children(conference):
    return {child.id: child for child in conference.children}


def _outcome_page(viewer, conference, outcome, shown, form, status=200):
    kind, content = shown
    if kind == "child":
        _speak_to_a_child(form)
    minutes = access.get_minutes(viewer, conference.id)
    return render_template(
        "outcomes/view.html", outcome=outcome, kind=kind, content=content,
        children=_children(conference), form=form, title=_l("What was decided"),
        conference=conference, has_minutes=bool(minutes and minutes.published_at),
        delivery=_delivery(viewer),
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
@with_outcome
def view(viewer, conference, outcome, shown):
    outcomes.outcome_viewed(viewer, conference, outcome)
    return _outcome_page(viewer, conference, outcome, shown, DownloadForm())


@bp.route("/minutes")
@with_minutes
def minutes(viewer, conference, minutes, version):
    outcomes.minutes_viewed(viewer, conference, version)
    return _minutes_page(DownloadForm(), minutes)


def _minutes_page(form, minutes, status=200):
    return render_template("outcomes/minutes.html", minutes=minutes, form=form,
                           title=_l("Minutes of the conference")), status


def _delivery(viewer):
    """How a parent asked, before the meeting, for the decisions to reach them (issue 18)."""
    from app.services.arrangements import family_plan

    return family_plan(acting_participant(viewer)) if viewer.role == m.PARENT else None


def _wants_password(viewer):
    plan = _delivery(viewer)
    return bool(plan and plan.outcome_password and plan.outcome_by != m.OUTCOME_ON_PAPER)


def _signed_link(kind, object_id, viewer, password):
    """A link for this person, in this signed-in session, for a few minutes, to download
    this one document. The link holds only a random token."""
    token = outcomes.new_download_grant(kind, object_id, viewer.participant_id,
                                        current_user.get_id(), password)
    return url_for("outcomes.download", token=token)


@bp.route("/outcome/link", methods=["POST"])
@with_outcome
def make_link(viewer, conference, outcome, shown):
    form = DownloadForm()
    form.password_wanted = _wants_password(viewer)
    if not form.validate_on_submit():
        return _outcome_page(viewer, conference, outcome, shown, form,
                             400 if form.csrf_token.errors else 200)
    return redirect(_signed_link(OUTCOME, outcome.id, viewer, form.password.data))


@bp.route("/minutes/link", methods=["POST"])
@with_minutes
def make_minutes_link(viewer, conference, minutes, version):
    form = DownloadForm()
    if not form.validate_on_submit():
        return _minutes_page(form, minutes, 400 if form.csrf_token.errors else 200)
    return redirect(_signed_link(MINUTES, minutes.id, viewer, form.password.data))


def _participant_only(view):
    """Not sent to sign in: a download link used after signing out, or by anyone else,
    is simply not found."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated or not current_user.participant:
            not_found(object_type="outcome_link")
        return view(*args, **kwargs)

    return wrapper


def _grant(token):
    grant = outcomes.live_grant(token, current_user.get_id(), current_user.participant.id)
    if grant is None:
        not_found(object_type="outcome_link")
    return grant


@bp.route("/outcome/download/<token>")
@for_conference(who=_participant_only)
def download(viewer, conference, token):
    grant, participant = _grant(token), current_user.participant
    if grant.kind == MINUTES:
        minutes, version = _published_minutes(viewer, conference)
        _same_document(grant, MINUTES, minutes.id)
        pdf, name = version.content, "conference-minutes.pdf"
        event, object_type, object_id = "minutes.downloaded", "minutes_version", version.id
    else:
        outcome, (kind, content) = _published_outcome(viewer, conference)
        _same_document(grant, OUTCOME, outcome.id)
        pdf = outcome_pdf(participant, conference, outcome, kind, content)
        name = "conference-outcome.pdf"
        event, object_type, object_id = "outcome.downloaded", "outcome", outcome.id
    if grant.password:
        pdf = documents.encrypt_pdf(pdf, grant.password)
    outcomes.downloaded(event, participant, conference, object_type, object_id, grant.password)
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = documents.content_disposition(name, inline=False)
    response.headers.update(documents.SAFE_DOCUMENT_HEADERS)
    return response


def _same_document(grant, kind, object_id):
    if grant.kind != kind or grant.object_id != object_id:
        not_found(object_type="outcome_link")


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
