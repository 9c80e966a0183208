"""The routes of the reports pages (the blueprint and what it is for: __init__.py).

Routes stay thin: who may act is the access policy's (app/rules/access.py); what
changes records is in app/services/reports.py; what a form accepts is in forms.py.
"""

from functools import wraps

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.data import models as m
from app.extensions import db
from app.reports.forms import (
    DecisionForm,
    HelpForm,
    MarkReadForm,
    RedactedVersionForm,
    ReplyForm,
    UploadReportForm,
)
from app.rules import access, clock
from app.services import caseload, documents, reports
from app.web import once
from app.web.guards import (
    acting_participant,
    audit_ids,
    for_conference,
    keep_typing_after_too_large,
    keeps_typing,
    keeps_typing_for,
    kept_form_data,
    not_found,
    signed_in,
    signed_in_participant,
    staff_required,
)
from app.web.translation import gettext as _
from app.web.translation import lazy_gettext as _l
from app.web.validators import refused_files

from . import bp


def adds_reports(viewer):
    """Reports are added by someone taking part in the conference (staff act as theirs)."""
    return access.can_add_report(viewer) and viewer.participant_id is not None


def for_report(rule=None, *, who=signed_in):
    """for_conference for a page of one report (`report_id` in the address): staff act in
    the report's own conference. The report must be one the person may see and, if given,
    `rule(viewer, report)` must hold; if not, 404, audited. The view gets viewer,
    conference and report."""

    def decorate(view):
        @for_conference(who=who)
        def with_report(viewer, conference, report_id, **kwargs):
            report = access.get_report(viewer, report_id)
            if report is None or (rule is not None and not rule(viewer, report)):
                not_found(object_type="report", object_id=report_id[:64])
            return view(viewer=viewer, conference=conference, report=report, **kwargs)

        @wraps(view)
        def wrapper(report_id, **kwargs):
            return with_report(report_id=report_id,
                               conference_id=_report_conference_id(report_id), **kwargs)

        return wrapper

    return decorate


def _report_conference_id(report_id):
    if not (current_user.is_authenticated and current_user.staff_user):
        return None  # a participant only ever acts in their own conference
    report = db.session.get(m.Report, report_id)
    return report.conference_id if report else "-"


def chair_decides(viewer, _report):
    return access.can_decide_report(viewer)


@bp.app_template_filter("uk_time")
def uk_time_filter(value):
    return clock.uk_time(value)


@bp.app_template_global()
def report_staff_panel(conference, viewer):
    """Rows for the staff conference page: each report, its state and its deadline."""
    rows = []
    for report in access.visible_reports(viewer, conference.id):
        rows.append({"report": report, "timing": reports.timing(report, conference),
                     "request": reports.open_request(report)})
    return {"rows": rows, "counts": reports.conference_overview(conference),
            "can_decide": access.can_decide_report(viewer),
            "can_add": adds_reports(viewer)}


@bp.errorhandler(413)
def too_large(_error):
    # Raised while the upload is read, before the view runs. What was typed beside the
    # file is kept and put back in the form; else say what to do instead.
    max_mb = current_app.config["MAX_UPLOAD_MB"]
    return keep_typing_after_too_large(max_mb) or (render_template(
        "reports/too_large.html", title=_l("The file is too big"), max_mb=max_mb), 413)


@bp.route("/reports")
@for_conference(who=signed_in_participant)
def index(viewer, conference):
    shown = access.visible_reports(viewer, conference.id)
    late = {r.id for r in shown if reports.timing(r, conference).late}
    return render_template("reports/index.html", reports=shown, viewer=viewer, late=late,
                           read=reports.read_ids(viewer.participant_id), title=_l("Reports"))


# --- adding a report ----------------------------------------------------------------


@bp.route("/reports/new", methods=["GET", "POST"])
@for_conference(adds_reports, who=signed_in_participant)
@keeps_typing
def upload(viewer, conference):
    return _upload_page(viewer, conference)


@bp.route("/staff/conferences/<conference_id>/reports/new", methods=["GET", "POST"])
@for_conference(adds_reports, who=staff_required)
@keeps_typing
def staff_upload(viewer, conference):
    return _upload_page(viewer, conference)


def _upload_page(viewer, conference):
    author = acting_participant(viewer)
    kept = kept_form_data(author) if viewer.participant_id == author.id else None
    form = UploadReportForm(formdata=kept) if kept is not None else UploadReportForm()
    if request.method == "GET" and author.agency and not form.agency.data:
        form.agency.data = author.agency
    if request.method == "POST" and form.is_submitted():
        if form.validate():
            report = reports.store_report(author, conference, form.values(),
                                          form.document.pdf, form.family_document.pdf,
                                          claimed=once.claim())
            flash(_("Your report is shared with the family.")
                  if report.sharing == m.SHARING_FAMILY else
                  _("Your report is with the chair, who will decide what the family "
                    "can read. The family cannot see it yet."))
            return redirect(url_for("reports.show", report_id=report.id))
        reports.upload_refused(refused_files(form.document, form.family_document),
                               participant_id=author.id, conference_id=conference.id)
    return render_template("reports/upload.html", form=form, title=_l("Add your report"),
                           max_mb=current_app.config["MAX_UPLOAD_MB"])


# --- reading a report -----------------------------------------------------------------


@bp.route("/reports/<report_id>")
@for_report()
def show(viewer, conference, report):
    version = access.report_version_for(viewer, report)
    return reports.viewed(report, version, audit_ids(viewer),
                          lambda: _show_page(viewer, conference, report, version))


def _show_page(viewer, conference, report, version, reply_form=None, status=200):
    own_reply = reports.own_reply(report, viewer.participant_id)
    kept = (kept_form_data(acting_participant(viewer))
            if reply_form is None and viewer.participant_id else None)
    if kept is not None:
        reply_form = ReplyForm(formdata=kept)
    elif reply_form is None:
        reply_form = ReplyForm(formdata=None).filled_from(own_reply)
    context = {
        "report": report, "version": version, "viewer": viewer, "conference": conference,
        "form": MarkReadForm(), "reply_form": reply_form, "own_reply": own_reply,
        "help_form": HelpForm(formdata=None),
        "can_reply": access.can_reply_to_report(viewer, report),
        "before_meeting": reports.before_meeting(conference),
        "has_read": report.id in reports.read_ids(viewer.participant_id),
        "timing": reports.timing(report, conference),
        "summary": (version.summary if version and version.summary else report.summary),
        "paragraphs": reports.paragraphs(version.body if version else None),
        "title": _("Report"),
    }
    if access.can_see_report_readers(viewer):
        context.update(
            readers=access.family_readers(conference, report),
            openings=reports.openings(report), marked=reports.marked_read(report),
            replies=access.visible_replies(viewer, report),
            withhold=reports.latest_request(report),
            recipients={v.recipient_id: v for v in report.versions if v.recipient_id},
            people={p.id: p for p in conference.participants},
            can_decide=access.can_decide_report(viewer), paragraphs_of=reports.paragraphs,
            help_asked=reports.help_asked(report),
        )
    return render_template("reports/show.html", **context), status


def _send_document(viewer, report, inline):
    version = access.report_version_for(viewer, report)
    if version is None or not version.size:
        not_found(object_type="report", object_id=report.id[:64])
    reports.file_opened(report, version, audit_ids(viewer), inline)
    return _pdf_response(report, version, inline)


def _pdf_response(report, version, inline):
    # Every version has the same file name: nothing tells a parent there is another.
    response = Response(version.content, mimetype=version.content_type)
    response.headers["Content-Disposition"] = documents.content_disposition(
        f"report-{report.id}.pdf", inline=inline)
    response.headers.update(documents.INLINE_PDF_HEADERS if inline
                            else documents.SAFE_DOCUMENT_HEADERS)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/reports/<report_id>/file")
@for_report()
def view_file(viewer, conference, report):
    return _send_document(viewer, report, inline=True)


@bp.route("/reports/<report_id>/download")
@for_report()
def download(viewer, conference, report):
    return _send_document(viewer, report, inline=False)


@bp.route("/reports/<report_id>/read", methods=["POST"])
@for_report()
def mark_read(viewer, conference, report):
    if MarkReadForm().validate_on_submit() and viewer.participant_id and viewer.is_family:
        reports.mark_read(report, viewer.participant_id)
        flash(_("Thank you. We have noted that you read this report."))
    return redirect(url_for("reports.show", report_id=report.id))


@bp.route("/reports/<report_id>/reply", methods=["POST"])
@for_report(access.can_reply_to_report, who=signed_in_participant)
@keeps_typing_for("reports.show")
def reply(viewer, conference, report):
    form = ReplyForm(meeting_started=not reports.before_meeting(conference))
    if form.validate_on_submit():
        reports.save_reply(report, conference, acting_participant(viewer),
                           form.agrees.data == "agree", form.reason_given())
        flash(_("Your reply is sent. The chair and the person who wrote the report "
                "will read it before the meeting."))
        return redirect(url_for("reports.show", report_id=report.id))
    version = access.report_version_for(viewer, report)
    return _show_page(viewer, conference, report, version, form)


@bp.route("/reports/<report_id>/help", methods=["POST"])
@for_report(access.can_reply_to_report, who=signed_in_participant)
def ask_for_help(viewer, conference, report):
    form = HelpForm()
    if form.validate_on_submit():
        need = "talk" if form.talk.data else "not_understood"
        reports.ask_for_help(report, conference, acting_participant(viewer), need)
        flash(_("We have told your social worker and the chair. Someone will get in touch "
                "with you soon.") if need == "talk" else _(
                "We have told your social worker. They will get in touch with you soon."))
    return redirect(url_for("reports.show", report_id=report.id))


# --- the chair's decisions --------------------------------------------------------------


@bp.route("/staff/reports/<report_id>/decision", methods=["GET", "POST"])
@for_report(chair_decides, who=staff_required)
def decision(viewer, conference, report):
    pending = reports.open_request(report)
    form = DecisionForm()
    if pending is None:
        if form.is_submitted() and reports.latest_request(report) is not None:
            # A second press, or another chair at the same time: decided already.
            raise once.AlreadyDone(url_for("reports.show", report_id=report.id))
        not_found(object_type="report", object_id=report.id)
    if form.validate_on_submit():
        if not reports.decide(pending, conference, acting_participant(viewer),
                              current_user.staff_user.id, form.decision.data == "agreed",
                              form.reason.data.strip(), claimed=once.claim()):
            raise once.AlreadyDone(url_for("reports.show", report_id=report.id))
        flash(_("Decision recorded."))
        return redirect(url_for("reports.show", report_id=report.id))
    return render_template("reports/decision.html", form=form, report=report,
                           withhold=pending, family_version=reports.family_version(report),
                           paragraphs=reports.paragraphs, conference=conference,
                           title=_l("Keep for professionals only?"))


@bp.route("/staff/reports/<report_id>/redacted", methods=["GET", "POST"])
@for_report(chair_decides, who=staff_required)
def redacted(viewer, conference, report):
    form = RedactedVersionForm(parents=[p for p in conference.participants
                                        if p.role == m.PARENT])
    if request.method == "GET":
        form.filled_from(report, reports.redaction_base(report))
    if form.is_submitted():
        if form.validate():
            reports.save_recipient_version(
                report, conference, form.recipient_chosen(), current_user.staff_user.id,
                content=form.document.pdf[0], pages=form.document.pdf[1],
                body=form.text.data, summary=form.summary.data.strip())
            flash(_("Saved. This parent now sees only their own version."))
            return redirect(url_for("reports.show", report_id=report.id))
        reports.upload_refused(refused_files(form.document), participant_id=acting_participant(
            viewer).id, conference_id=conference.id)
    return render_template("reports/redacted.html", form=form, report=report,
                           conference=conference, max_mb=current_app.config["MAX_UPLOAD_MB"],
                           title=_l("A redacted version for one parent"))


@bp.route("/staff/reports/<report_id>/versions/<version_id>/file")
@for_report(chair_decides, who=staff_required)
def version_file(viewer, conference, report, version_id):
    """The chair checks a parent's redacted PDF as that parent will see it."""
    version = next((v for v in report.versions if v.id == version_id and v.size), None)
    if version is None:
        not_found(object_type="report_version", object_id=version_id[:64])
    reports.file_opened(report, version, audit_ids(viewer), inline=True)
    return _pdf_response(report, version, inline=True)


# --- the deadlines dashboard --------------------------------------------------------------


@bp.route("/staff/reports")
@staff_required
def dashboard():
    conferences = caseload.open_conferences(current_user.staff_user, clock.uk_now())
    by_conference = caseload.reports_by_conference(conferences)
    rows = [(conference, reports.conference_overview(conference,
                                                     reports=by_conference[conference.id]))
            for conference in conferences]
    people = {p.id: p for conference in conferences for p in conference.participants}
    return render_template("reports/dashboard.html", rows=rows, people=people,
                           title=_l("Reports and deadlines"))
