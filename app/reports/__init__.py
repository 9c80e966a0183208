"""Reports: professionals add them, families read them before the meeting."""

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from .. import access, audit, documents, messages
from .. import models as m
from ..extensions import db
from ..models import utcnow
from ..web import acting_participant, current_viewer, not_found, signed_in, signed_in_participant
from .forms import MarkReadForm, UploadReportForm

bp = Blueprint("reports", __name__, template_folder="templates")

def _read_ids(participant_id):
    if not participant_id:
        return set()
    return set(db.session.scalars(
        db.select(m.ReportRead.report_id).filter_by(participant_id=participant_id)
    ))


@bp.route("/reports")
@signed_in_participant
def index():
    viewer, conference = current_viewer()
    reports = access.visible_reports(viewer, conference.id)
    return render_template("reports/index.html", reports=reports, viewer=viewer,
                           read=_read_ids(viewer.participant_id), title=_("Reports"))


@bp.route("/reports/new", methods=["GET", "POST"])
@signed_in_participant
def upload():
    viewer, conference = current_viewer()
    if not access.can_add_report(viewer):
        not_found()
    author = acting_participant(viewer)
    form = UploadReportForm()
    if request.method == "GET" and author.agency:
        form.agency.data = author.agency
    max_bytes = current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024
    if form.validate_on_submit():
        upload_file = form.document.data
        data = upload_file.read() if upload_file else b""
        try:
            pages = documents.check_pdf(data, max_bytes)
        except documents.DocumentRejected as rejected:
            form.document.errors.append(_upload_message(rejected.reason))
            audit.record("report.upload_refused", participant_id=author.id,
                         conference_id=conference.id, outcome="refused",
                         detail=rejected.reason, commit=True)
        else:
            report = _store_report(author, conference, form, data, pages)
            flash(_("Your report is shared with the family."))
            return redirect(url_for("reports.show", report_id=report.id))
    return render_template("reports/upload.html", form=form, title=_("Add your report"),
                           max_mb=current_app.config["MAX_UPLOAD_MB"])


def _upload_message(reason):
    limit = current_app.config["MAX_UPLOAD_MB"]
    return {
        documents.EMPTY: _("Choose a PDF file of your report"),
        documents.TOO_LARGE: _("The file must be smaller than %(mb)d MB", mb=limit),
        documents.NOT_PDF: _("The file must be a PDF"),
        documents.ENCRYPTED: _("The PDF must not have a password"),
        documents.ACTIVE_CONTENT: _(
            "The PDF contains scripts or attachments. Save it again as a plain PDF"),
        documents.UNREADABLE: _("The PDF cannot be read. Save it again and try once more"),
    }.get(reason, _("The file must be a PDF"))


def _store_report(author, conference, form, data, pages):
    now = utcnow()
    report = m.Report(
        conference_id=conference.id,
        author_id=author.id,
        agency=form.agency.data.strip(),
        title=form.title.data.strip(),
        summary=form.summary.data.strip(),
        for_young_person=bool(form.for_young_person.data),
        is_police_open_information=bool(form.police_open_information.data),
        sharing="family",
        shared_at=now,
    )
    report.versions.append(m.ReportVersion(content=data, size=len(data), pages=pages))
    db.session.add(report)
    db.session.flush()
    audit.record("report.shared", participant_id=author.id, conference_id=conference.id,
                 object_type="report", object_id=report.id)
    messages.tell_family_who_may_see(
        conference, lambda viewer: access.can_see_report(viewer, report))
    db.session.commit()
    return report


def _visible_report(report_id):
    conference_id = None
    if current_user.staff_user:
        # Staff act in the report's conference, if they take part in it.
        report = db.session.get(m.Report, report_id)
        conference_id = report.conference_id if report else "-"
    viewer, conference = current_viewer(conference_id)
    report = access.get_report(viewer, report_id)
    if report is None:
        not_found(object_type="report", object_id=report_id[:64])
    return viewer, report


@bp.route("/reports/<report_id>")
@signed_in
def show(report_id):
    viewer, report = _visible_report(report_id)
    version = access.report_version_for(viewer, report)
    audit.record("report.viewed", participant_id=viewer.participant_id,
                 conference_id=report.conference_id, object_type="report_version",
                 object_id=version.id if version else None, commit=True)
    return render_template("reports/show.html", report=report, version=version,
                           form=MarkReadForm(), viewer=viewer,
                           has_read=report.id in _read_ids(viewer.participant_id),
                           title=_("Report"))


def _send_document(report_id, inline):
    viewer, report = _visible_report(report_id)
    version = access.report_version_for(viewer, report)
    if version is None:
        not_found(object_type="report", object_id=report_id[:64])
    audit.record("report.file_viewed" if inline else "report.downloaded",
                 participant_id=viewer.participant_id, conference_id=report.conference_id,
                 object_type="report_version", object_id=version.id, commit=True)
    response = Response(version.content, mimetype=version.content_type)
    response.headers["Content-Disposition"] = documents.content_disposition(
        f"report-{report.id}.pdf", inline=inline)
    response.headers.update(documents.SAFE_DOCUMENT_HEADERS)
    return response


@bp.route("/reports/<report_id>/file")
@signed_in
def view_file(report_id):
    return _send_document(report_id, inline=True)


@bp.route("/reports/<report_id>/download")
@signed_in
def download(report_id):
    return _send_document(report_id, inline=False)


@bp.route("/reports/<report_id>/read", methods=["POST"])
@signed_in
def mark_read(report_id):
    viewer, report = _visible_report(report_id)
    form = MarkReadForm()
    if form.validate_on_submit() and viewer.participant_id:
        exists = db.session.scalar(db.select(m.ReportRead).filter_by(
            report_id=report.id, participant_id=viewer.participant_id))
        if exists is None:
            db.session.add(m.ReportRead(report_id=report.id,
                                        participant_id=viewer.participant_id))
            audit.record("report.marked_read", participant_id=viewer.participant_id,
                         conference_id=report.conference_id, object_type="report",
                         object_id=report.id)
            db.session.commit()
        flash(_("Thank you. We have noted that you read this report."))
    return redirect(url_for("reports.show", report_id=report.id))
