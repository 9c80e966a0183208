"""The routes of the reports pages (the blueprint and what it is for: __init__.py).

Routes stay thin: who may act is the access policy's (app/rules/access.py); what
changes records is in app/services.
"""

from flask import (
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from app.data import models as m
from app.extensions import db
from app.reports import sharing
from app.reports.forms import (
    DecisionForm,
    HelpForm,
    MarkReadForm,
    RedactedVersionForm,
    ReplyForm,
    UploadReportForm,
)
from app.rules import access, clock
from app.services import audit, caseload, documents
from app.web.guards import (
    acting_participant,
    audit_ids,
    current_viewer,
    keeps_typing,
    keeps_typing_for,
    kept_form_data,
    not_found,
    signed_in,
    signed_in_participant,
    staff_required,
)

from . import bp


@bp.app_template_filter("uk_time")
def uk_time_filter(value):
    return clock.uk_time(value)


@bp.app_template_global()
def report_staff_panel(conference, viewer):
    """Rows for the staff conference page: each report, its state and its deadline."""
    rows = []
    for report in access.visible_reports(viewer, conference.id):
        rows.append({"report": report, "timing": sharing.timing(report, conference),
                     "request": sharing.open_request(report)})
    return {"rows": rows, "counts": sharing.conference_overview(conference),
            "can_decide": access.can_decide_report(viewer),
            "can_add": access.can_add_report(viewer) and viewer.participant_id is not None}


@bp.errorhandler(413)
def too_large(_error):
    # Raised while the upload is read, before the view runs: say what to do instead.
    return render_template("reports/too_large.html", title=_l("The file is too big"),
                           max_mb=current_app.config["MAX_UPLOAD_MB"]), 413


@bp.route("/reports")
@signed_in_participant
def index():
    viewer, conference = current_viewer()
    reports = access.visible_reports(viewer, conference.id)
    late = {r.id for r in reports if sharing.timing(r, conference).late}
    return render_template("reports/index.html", reports=reports, viewer=viewer, late=late,
                           read=sharing.read_ids(viewer.participant_id), title=_l("Reports"))


# --- adding a report ----------------------------------------------------------------


@bp.route("/reports/new", methods=["GET", "POST"])
@signed_in_participant
@keeps_typing
def upload():
    viewer, conference = current_viewer()
    return _upload_page(viewer, conference)


@bp.route("/staff/conferences/<conference_id>/reports/new", methods=["GET", "POST"])
@staff_required
def staff_upload(conference_id):
    viewer, conference = current_viewer(conference_id)
    return _upload_page(viewer, conference)


def _upload_page(viewer, conference):
    if not access.can_add_report(viewer) or viewer.participant_id is None:
        not_found()
    author = acting_participant(viewer)
    kept = kept_form_data(author) if viewer.participant_id == author.id else None
    form = UploadReportForm(formdata=kept) if kept is not None else UploadReportForm()
    if request.method == "GET" and author.agency and not form.agency.data:
        form.agency.data = author.agency
    if request.method == "POST" and form.is_submitted():
        # Every check runs, so that all problems are shown at once.
        valid = form.validate()
        full = _chosen_pdf(form.document, author, conference)
        family = _chosen_pdf(form.family_document, author, conference)
        complete = _upload_complete(form, has_pdf=full is None or bool(full[0]),
                                    has_family_pdf=family is None or bool(family[0]))
        if valid and complete and full is not None and family is not None:
            report = _store_report(author, conference, form, full, family)
            if report.sharing == m.SHARING_FAMILY:
                flash(_("Your report is shared with the family."))
            else:
                flash(_("Your report is with the chair, who will decide what the family "
                        "can read. The family cannot see it yet."))
            return redirect(url_for("reports.show", report_id=report.id))
    return render_template("reports/upload.html", form=form, title=_l("Add your report"),
                           max_mb=current_app.config["MAX_UPLOAD_MB"])


def _chosen_pdf(field, author, conference):
    """(bytes, pages) of a chosen PDF, (b"", 0) when none was chosen, None if refused."""
    upload_file = field.data
    if upload_file is None or not getattr(upload_file, "filename", ""):
        return b"", 0
    data = upload_file.read()
    try:
        pages = documents.check_pdf(data, current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024)
    except documents.DocumentRejected as rejected:
        field.errors = [*field.errors, upload_message(rejected.reason)]
        audit.record("report.upload_refused", participant_id=author.id,
                     conference_id=conference.id, outcome="refused", detail=rejected.reason,
                     commit=True)
        return None
    return data, pages


def _upload_complete(form, has_pdf, has_family_pdf):
    """A report needs a PDF or text; a request needs a reason; keeping part needs the
    family's version. (A refused file counts as given: its own error is shown.)"""
    ok = True
    if not has_pdf and not (form.text.data or "").strip():
        form.document.errors = [*form.document.errors,
                                _("Add a PDF of your report or write it in the box")]
        ok = False
    if form.sharing.data != "family" and not (form.withhold_reason.data or "").strip():
        form.withhold_reason.errors = [*form.withhold_reason.errors,
                                       _("Say why it must stay with professionals only")]
        ok = False
    if form.sharing.data == m.WITHHOLD_PART and not has_family_pdf and not (
            form.family_text.data or "").strip():
        form.family_document.errors = [*form.family_document.errors, _(
            "Add the version for the family, without the part for professionals only")]
        ok = False
    return ok


def upload_message(reason):
    limit = current_app.config["MAX_UPLOAD_MB"]
    return {
        documents.EMPTY: _("The file you chose is empty. Choose a PDF file of your report"),
        documents.TOO_LARGE: ngettext("The file must be smaller than %(num)d MB",
                                        "The file must be smaller than %(num)d MB", limit),
        documents.NOT_PDF: _("The file must be a PDF"),
        documents.ENCRYPTED: _("The PDF must not have a password. Save it again without "
                               "one"),
        documents.ACTIVE_CONTENT: _(
            "The PDF contains scripts or attachments. Save it again as a plain PDF"),
        documents.OUTWARD_LINKS: _(
            "The PDF has web links or actions that open other files or send information "
            "when it is read. Remove them, or print it to a new PDF, and try again"),
        documents.TOO_COMPLEX: _(
            "The PDF is made of too many parts to check. Print it to a new PDF, or "
            "split it into smaller files, and try again"),
        documents.UNREADABLE: _("The PDF cannot be read. Save it again and try once more"),
    }.get(reason, _("The file must be a PDF"))


def _store_report(author, conference, form, full, family):
    report = sharing.new_report(
        author, conference, agency=form.agency.data.strip(),
        author_role=form.author_role.data.strip(), title=form.title.data.strip(),
        summary=form.summary.data.strip(), for_young_person=bool(form.for_young_person.data),
        police_open_information=bool(form.police_open_information.data))
    sharing.add_version(report, content=full[0], pages=full[1], body=form.text.data)
    choice = form.sharing.data
    if choice == m.WITHHOLD_PART:
        sharing.add_version(report, content=family[0], pages=family[1],
                            body=form.family_text.data, for_family=True)
    db.session.flush()
    audit.record("report.added", participant_id=author.id, conference_id=conference.id,
                 object_type="report", object_id=report.id)
    if choice == "family":
        sharing.share_with_family(report, conference, {"participant_id": author.id})
    else:
        sharing.ask_chair(report, conference, author, choice,
                          form.withhold_reason.data.strip())
    db.session.commit()
    return report


# --- reading a report -----------------------------------------------------------------


def _visible_report(report_id):
    conference_id = None
    if current_user.is_authenticated and current_user.staff_user:
        # Staff act in the report's conference, if they take part in it.
        report = db.session.get(m.Report, report_id)
        conference_id = report.conference_id if report else "-"
    viewer, conference = current_viewer(conference_id)
    report = access.get_report(viewer, report_id)
    if report is None:
        not_found(object_type="report", object_id=report_id[:64])
    return viewer, conference, report



@bp.route("/reports/<report_id>")
@signed_in
def show(report_id):
    viewer, conference, report = _visible_report(report_id)
    version = access.report_version_for(viewer, report)
    audit.record("report.viewed", conference_id=report.conference_id,
                 object_type="report_version", object_id=version.id if version else None,
                 **audit_ids(viewer))
    # Committed once the page is made: a commit in between would expire and reload
    # everything the page reads.
    page = _show_page(viewer, conference, report, version)
    db.session.commit()
    return page


def _show_page(viewer, conference, report, version, reply_form=None, status=200):
    own_reply = None
    if viewer.participant_id:
        own_reply = db.session.scalar(db.select(m.ReportReply).filter_by(
            report_id=report.id, participant_id=viewer.participant_id))
    kept = (kept_form_data(acting_participant(viewer))
            if reply_form is None and viewer.participant_id else None)
    if kept is not None:
        reply_form = ReplyForm(formdata=kept)
    elif reply_form is None:
        reply_form = ReplyForm(formdata=None)
        if own_reply is not None:
            reply_form.agrees.data = "agree" if own_reply.agrees else "disagree"
            reply_form.reason.data = own_reply.reason
    context = {
        "report": report, "version": version, "viewer": viewer, "conference": conference,
        "form": MarkReadForm(), "reply_form": reply_form, "own_reply": own_reply,
        "help_form": HelpForm(formdata=None),
        "can_reply": access.can_reply_to_report(viewer, report),
        "before_meeting": sharing.before_meeting(conference),
        "has_read": report.id in sharing.read_ids(viewer.participant_id),
        "timing": sharing.timing(report, conference),
        "summary": (version.summary if version and version.summary else report.summary),
        "paragraphs": paragraphs(version.body if version else None),
        "title": _("Report"),
    }
    if access.can_see_report_readers(viewer):
        context.update(
            readers=access.family_readers(conference, report),
            openings=sharing.openings(report), marked=sharing.marked_read(report),
            replies=access.visible_replies(viewer, report),
            withhold=sharing.latest_request(report),
            recipients={v.recipient_id: v for v in report.versions if v.recipient_id},
            people={p.id: p for p in conference.participants},
            can_decide=access.can_decide_report(viewer), paragraphs_of=paragraphs,
            help_asked=sharing.help_asked(report),
        )
    return render_template("reports/show.html", **context), status


def paragraphs(text):
    """Written text as paragraphs (split at empty lines); lines inside one are kept by CSS.

    The template escapes every paragraph: no HTML from the author reaches a page.
    """
    if not text:
        return []
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [block.strip() for block in normalised.split("\n\n")]
    return [block for block in blocks if block]


def _send_document(report_id, inline):
    viewer, _conference, report = _visible_report(report_id)
    version = access.report_version_for(viewer, report)
    if version is None or not version.size:
        not_found(object_type="report", object_id=report_id[:64])
    audit.record("report.file_viewed" if inline else "report.downloaded",
                 conference_id=report.conference_id, object_type="report_version",
                 object_id=version.id, commit=True, **audit_ids(viewer))
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
    viewer, _conference, report = _visible_report(report_id)
    form = MarkReadForm()
    if form.validate_on_submit() and viewer.participant_id and viewer.is_family:
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


@bp.route("/reports/<report_id>/reply", methods=["POST"])
@signed_in_participant
@keeps_typing_for("reports.show")
def reply(report_id):
    viewer, conference, report = _visible_report(report_id)
    if not access.can_reply_to_report(viewer, report):
        not_found(object_type="report", object_id=report_id[:64])
    form = ReplyForm()
    version = access.report_version_for(viewer, report)
    if not sharing.before_meeting(conference):
        form.agrees.errors = [_("The meeting has started. Tell the chair at the meeting.")]
        return _show_page(viewer, conference, report, version, form)
    if form.validate_on_submit():
        reason = (form.reason.data or "").strip()
        if form.agrees.data == "disagree" and not reason:
            form.reason.errors = [*form.reason.errors,
                                  _("Say what you disagree with, and why")]
        else:
            sharing.save_reply(report, conference, acting_participant(viewer),
                               form.agrees.data == "agree", reason)
            db.session.commit()
            flash(_("Your reply is sent. The chair and the person who wrote the report "
                    "will read it before the meeting."))
            return redirect(url_for("reports.show", report_id=report.id))
    return _show_page(viewer, conference, report, version, form)


@bp.route("/reports/<report_id>/help", methods=["POST"])
@signed_in_participant
def ask_for_help(report_id):
    viewer, conference, report = _visible_report(report_id)
    if not access.can_reply_to_report(viewer, report):
        not_found(object_type="report", object_id=report_id[:64])
    form = HelpForm()
    if form.validate_on_submit():
        need = "talk" if form.talk.data else "not_understood"
        sharing.ask_for_help(report, conference, acting_participant(viewer), need)
        flash(_("We have told your social worker and the chair. Someone will get in touch "
                "with you soon.") if need == "talk" else _(
                "We have told your social worker. They will get in touch with you soon."))
    return redirect(url_for("reports.show", report_id=report.id))


# --- the chair's decisions --------------------------------------------------------------


def _chair_report(report_id):
    report = db.session.get(m.Report, report_id)
    viewer, conference = current_viewer(report.conference_id if report else "-")
    if not access.can_decide_report(viewer) or access.get_report(viewer, report_id) is None:
        not_found(object_type="report", object_id=report_id[:64])
    return viewer, conference, report


@bp.route("/staff/reports/<report_id>/decision", methods=["GET", "POST"])
@staff_required
def decision(report_id):
    viewer, conference, report = _chair_report(report_id)
    pending = sharing.open_request(report)
    if pending is None:
        not_found(object_type="report", object_id=report_id[:64])
    form = DecisionForm()
    if form.validate_on_submit():
        sharing.decide(pending, conference, acting_participant(viewer),
                       current_user.staff_user.id, form.decision.data == "agreed",
                       form.reason.data.strip())
        db.session.commit()
        flash(_("Decision recorded."))
        return redirect(url_for("reports.show", report_id=report.id))
    family_version = next((v for v in report.versions if v.for_family), None)
    return render_template("reports/decision.html", form=form, report=report,
                           withhold=pending, family_version=family_version,
                           paragraphs=paragraphs, conference=conference,
                           title=_l("Keep for professionals only?"))


@bp.route("/staff/reports/<report_id>/redacted", methods=["GET", "POST"])
@staff_required
def redacted(report_id):
    viewer, conference, report = _chair_report(report_id)
    parents = [p for p in conference.participants if p.role == m.PARENT]
    form = RedactedVersionForm()
    form.recipient.choices = [(p.id, p.name) for p in parents]
    base = next((v for v in report.versions if v.for_family), None) or next(
        (v for v in report.versions if v.recipient_id is None), None)
    if request.method == "GET":
        form.summary.data = (base.summary if base and base.summary else report.summary)
        form.text.data = base.body if base else ""
    if form.is_submitted():
        valid = form.validate()
        pdf = _chosen_pdf(form.document, acting_participant(viewer), conference)
        if valid and pdf is not None:
            if not pdf[0] and not (form.text.data or "").strip():
                form.text.errors = [*form.text.errors,
                                    _("Add a redacted PDF or write the text for this parent")]
            else:
                recipient = next(p for p in parents if p.id == form.recipient.data)
                sharing.save_recipient_version(
                    report, conference, recipient, current_user.staff_user.id,
                    content=pdf[0], pages=pdf[1], body=form.text.data,
                    summary=form.summary.data.strip())
                db.session.commit()
                flash(_("Saved. This parent now sees only their own version."))
                return redirect(url_for("reports.show", report_id=report.id))
    return render_template("reports/redacted.html", form=form, report=report,
                           conference=conference, max_mb=current_app.config["MAX_UPLOAD_MB"],
                           title=_l("A redacted version for one parent"))


@bp.route("/staff/reports/<report_id>/versions/<version_id>/file")
@staff_required
def version_file(report_id, version_id):
    """The chair checks a parent's redacted PDF as that parent will see it."""
    viewer, _conference, report = _chair_report(report_id)
    version = next((v for v in report.versions if v.id == version_id and v.size), None)
    if version is None:
        not_found(object_type="report_version", object_id=version_id[:64])
    audit.record("report.file_viewed", conference_id=report.conference_id,
                 object_type="report_version", object_id=version.id, commit=True,
                 **audit_ids(viewer))
    return _pdf_response(report, version, inline=True)


# --- the deadlines dashboard --------------------------------------------------------------


@bp.route("/staff/reports")
@staff_required
def dashboard():
    conferences = caseload.open_conferences(current_user.staff_user,
                                            clock.uk_now())
    reports = caseload.reports_by_conference(conferences)
    rows = [(conference, sharing.conference_overview(conference, reports=reports[conference.id]))
            for conference in conferences]
    people = {p.id: p for conference in conferences for p in conference.participants}
    return render_template("reports/dashboard.html", rows=rows, people=people,
                           title=_l("Reports and deadlines"))
