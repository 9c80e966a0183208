"""What happens to a report: added, kept back with the chair's agreement, given to one
parent in a redacted version, opened, answered. Routes stay thin and call these.

The functions that change records and say so in their docstring ("commits") end the
transaction, with their audit records in it; the others leave it to their caller.
"""

from flask import current_app, url_for

from app.data import models as m
from app.data.statements import built_once, param
from app.extensions import db
from app.rules import access, clock, report_deadlines, timescales
from app.rules.clock import utcnow
from app.services import audit, messages, preparation

# Audit events that mean someone opened a report (the page, the PDF in the browser or
# downloaded).
OPEN_EVENTS = ("report.viewed", "report.file_viewed", "report.downloaded")


def store_report(author, conference, values, full, family, claimed=None):
    """A report added by its author, with its versions, shared with the family or put to
    the chair as asked (`values`: the form's fields; `full` and `family`: (PDF bytes,
    pages) of the whole report and of the family's version). `claimed`: the form's one-off
    key (app/web/once.py), told where the upload led. Commits."""
    report = new_report(
        author, conference, agency=values["agency"].strip(),
        author_role=values["author_role"].strip(), title=values["title"].strip(),
        summary=values["summary"].strip(), for_young_person=bool(values["for_young_person"]),
        police_open_information=bool(values["police_open_information"]))
    add_version(report, content=full[0], pages=full[1], body=values["text"])
    choice = values["sharing"]
    if choice == m.WITHHOLD_PART:
        add_version(report, content=family[0], pages=family[1], body=values["family_text"],
                    for_family=True)
    db.session.flush()
    if claimed is not None:
        claimed.result_url = f"/reports/{report.id}"
    audit.record("report.added", participant_id=author.id, conference_id=conference.id,
                 object_type="report", object_id=report.id)
    if choice == "family":
        share_with_family(report, conference, {"participant_id": author.id})
    else:
        ask_chair(report, conference, author, choice, values["withhold_reason"].strip())
    db.session.commit()
    return report


def upload_refused(reasons, event="report.upload_refused", **ids):
    """Each file refused on upload, in the audit trail (ids: who and which conference).
    Commits."""
    for reason in reasons:
        audit.refused(event, detail=reason, **ids)


def viewed(report, version, actor, make_page):
    """A report read on its page, in the audit trail. The page is made by `make_page()`
    first, then the view is recorded and committed, before the page is sent: if the
    record cannot be written, the page is not shown. Recording last keeps the audit
    chain's lock (see audit._append_to_chain) for the insert alone, not for the making
    of the page, so readers of different reports do not wait for each other. The page
    cannot show this view: only family members' openings are listed, to staff."""
    page = make_page()
    audit.record("report.viewed", conference_id=report.conference_id,
                 object_type="report_version", object_id=version.id if version else None,
                 **actor)
    db.session.commit()
    return page


def file_opened(report, version, actor, inline):
    """A report's PDF opened in the browser or downloaded, in the audit trail. Commits."""
    audit.noted("report.file_viewed" if inline else "report.downloaded",
                conference_id=report.conference_id, object_type="report_version",
                object_id=version.id, **actor)


def mark_read(report, participant_id):
    """A family member says they read the report (once). Commits."""
    exists = db.session.scalar(db.select(m.ReportRead).filter_by(
        report_id=report.id, participant_id=participant_id))
    if exists is None:
        db.session.add(m.ReportRead(report_id=report.id, participant_id=participant_id))
        audit.record("report.marked_read", participant_id=participant_id,
                     conference_id=report.conference_id, object_type="report",
                     object_id=report.id)
        db.session.commit()


def own_reply(report, participant_id):
    if not participant_id:
        return None
    return db.session.scalar(_reply_of(), {"report_id": report.id,
                                           "participant_id": participant_id})


@built_once
def _reply_of():
    return db.select(m.ReportReply).where(m.ReportReply.report_id == param("report_id"),
                                          m.ReportReply.participant_id == param("participant_id"))


def family_version(report):
    return next((v for v in report.versions if v.for_family), None)


def redaction_base(report):
    """What a parent's redacted version starts from: the family's version, or else the
    whole report."""
    return family_version(report) or next(
        (v for v in report.versions if v.recipient_id is None), None)


def paragraphs(text):
    """Written text as paragraphs (split at empty lines); lines inside one are kept by CSS.

    The template escapes every paragraph: no HTML from the author reaches a page.
    """
    if not text:
        return []
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [block.strip() for block in normalised.split("\n\n")]
    return [block for block in blocks if block]


def new_report(author, conference, *, agency, author_role, title, summary, for_young_person,
               police_open_information):
    report = m.Report(
        conference_id=conference.id, author_id=author.id, agency=agency,
        author_role=author_role, title=title, summary=summary,
        for_young_person=for_young_person,
        is_police_open_information=police_open_information,
        sharing=m.SHARING_FAMILY,
    )
    db.session.add(report)
    return report


def add_version(report, *, content=b"", pages=0, body=None, summary=None, recipient_id=None,
                for_family=False):
    version = m.ReportVersion(content=content, size=len(content), pages=pages,
                              body=body or None, summary=summary or None,
                              recipient_id=recipient_id, for_family=for_family)
    report.versions.append(version)
    return version


def share_with_family(report, conference, actor):
    """Record the moment the family got it, and tell them (without details)."""
    report.sharing = m.SHARING_FAMILY
    report.shared_at = utcnow()
    report.share_deadline = None
    shared = timing(report, conference)
    report.share_deadline = shared.deadline
    db.session.flush()
    audit.record("report.shared", conference_id=conference.id, object_type="report",
                 object_id=report.id, detail="on_time" if shared.on_time else "late", **actor)
    messages.tell_family_who_may_see(
        conference, lambda viewer: access.can_see_report(viewer, report))


def ask_chair(report, conference, author, scope, reason):
    """A professional asks to keep all or part of a report for professionals only."""
    report.sharing = m.SHARING_AWAITING_CHAIR
    report.shared_at = None
    report.share_deadline = None
    request = m.ReportWithholdRequest(report=report, scope=scope, reason=reason,
                                      requested_by_id=author.id)
    db.session.add(request)
    db.session.flush()
    audit.record("report.withholding_requested", participant_id=author.id,
                 conference_id=conference.id, object_type="report", object_id=report.id,
                 detail=scope)
    tell_staff(chairs(conference), "report-decision-asked")
    return request


def open_request(report):
    return db.session.scalar(db.select(m.ReportWithholdRequest).filter_by(
        report_id=report.id, decision=None))


def latest_request(report):
    return db.session.scalar(
        db.select(m.ReportWithholdRequest).filter_by(report_id=report.id)
        .order_by(m.ReportWithholdRequest.requested_at.desc()))


def decide(request, conference, chair_participant, staff_user_id, agreed, reason,
           claimed=None):
    """The chair's decision. Agreeing to keep all of it shares nothing; agreeing to keep
    part shares the family version; refusing shares the whole report. Commits, and
    returns False (changing nothing) if the request was decided meanwhile: two chairs, or
    two presses, at once queue on the request's row and the second finds it decided."""
    preparation.lock(m.ReportWithholdRequest, request.id)
    db.session.refresh(request)
    if request.decision is not None:
        db.session.rollback()
        return False
    report = request.report
    if claimed is not None:
        claimed.result_url = f"/reports/{report.id}"
    request.decision = "agreed" if agreed else "refused"
    request.decision_reason = reason
    request.decided_by_id = chair_participant.id
    request.decided_at = utcnow()
    audit.record("report.withholding_" + request.decision, staff_user_id=staff_user_id,
                 participant_id=chair_participant.id, conference_id=conference.id,
                 object_type="report", object_id=report.id, detail=request.scope)
    actor = {"staff_user_id": staff_user_id}
    if agreed and request.scope == m.WITHHOLD_ALL:
        report.sharing = m.SHARING_PROFESSIONALS
        report.professionals_only_reason = reason
    else:
        if not agreed:
            for version in [v for v in report.versions if v.for_family]:
                report.versions.remove(version)
        else:
            report.professionals_only_reason = reason
        share_with_family(report, conference, actor)
    tell_staff([db.session.get(m.Participant, request.requested_by_id)], "report-decided")
    db.session.commit()
    return True


def save_recipient_version(report, conference, recipient, staff_user_id, *, content, pages,
                           body, summary):
    """The chair's redacted version for one parent; it replaces any earlier one. Commits."""
    for version in [v for v in report.versions if v.recipient_id == recipient.id]:
        report.versions.remove(version)
    version = add_version(report, content=content, pages=pages, body=body, summary=summary,
                          recipient_id=recipient.id)
    db.session.flush()
    audit.record("report.redacted_version_saved", staff_user_id=staff_user_id,
                 conference_id=conference.id, object_type="report_version",
                 object_id=version.id, detail=recipient.id)
    db.session.commit()
    return version


def save_reply(report, conference, person, agrees, reason):
    """A family member's reply to a report (a second one replaces the first). Commits."""
    reply = db.session.scalar(db.select(m.ReportReply).filter_by(
        report_id=report.id, participant_id=person.id))
    if reply is None:
        reply = m.ReportReply(report_id=report.id, participant_id=person.id, agrees=agrees,
                              reason=reason)
        db.session.add(reply)
    else:
        reply.agrees, reply.reason = agrees, reason
    db.session.flush()
    audit.record("report.reply_sent", participant_id=person.id, conference_id=conference.id,
                 object_type="report", object_id=report.id)
    # It reaches the chair and the author; the message says only "something new".
    author = db.session.get(m.Participant, report.author_id)
    tell_staff(list(dict.fromkeys([*chairs(conference), author])), "report-reply")
    db.session.commit()
    return reply


# Asking for help with a report: who hears of it (the social worker explains reports; the
# chair too when the person wants to talk), and what the message to them says it is.
HELP_NEEDS = {
    "not_understood": ((m.SOCIAL_WORKER,), "report-not-understood"),
    "talk": ((m.SOCIAL_WORKER, m.CHAIR), "report-talk"),
}


def ask_for_help(report, conference, person, need):
    """A family member says they do not understand a report, or want to talk about it: the
    right staff hear what kind of help is wanted, never anything the report says. Commits."""
    roles, purpose = HELP_NEEDS[need]
    audit.record("report.help_asked", participant_id=person.id, conference_id=conference.id,
                 object_type="report", object_id=report.id, detail=need)
    db.session.commit()
    messages.tell_staff_something_new(conference, roles, purpose=purpose)
    db.session.commit()


def help_asked(report):
    """participant id -> [(need, when)], the help family members asked for with a report."""
    asked = {}
    for event in audit.events("report.help_asked", object_id=report.id):
        asked.setdefault(event.participant_id, []).append((event.detail, event.at))
    return asked


def chairs(conference):
    return [p for p in conference.participants if p.role == m.CHAIR]


def tell_staff(people, kind):
    """Tell professionals what kind of thing arrived (never its words): staff accounts sign
    in on the staff page."""
    base = current_app.config["PORTAL_BASE_URL"]
    for person in people:
        if person is None:
            continue
        endpoint = "auth.staff_sign_in" if person.staff_user_id else "auth.sign_in"
        messages.tell_professional(person, base + url_for(endpoint), kind)


def read_ids(participant_id):
    if not participant_id:
        return set()
    return set(db.session.scalars(_reports_read_by(), {"participant_id": participant_id}))


@built_once
def _reports_read_by():
    return db.select(m.ReportRead.report_id).where(
        m.ReportRead.participant_id == param("participant_id"))


def openings(report):
    """participant id -> (first opened, times opened), from the audit trail of views."""
    version_ids = [v.id for v in report.versions]
    if not version_ids:
        return {}
    rows = db.session.execute(
        db.select(m.AuditEvent.participant_id, db.func.min(m.AuditEvent.at),
                  db.func.count(m.AuditEvent.id))
        .where(m.AuditEvent.event.in_(OPEN_EVENTS), m.AuditEvent.object_id.in_(version_ids),
               m.AuditEvent.participant_id.is_not(None), m.AuditEvent.outcome == "ok")
        .group_by(m.AuditEvent.participant_id)
    ).all()
    return {pid: (first, count) for pid, first, count in rows}


def marked_read(report):
    rows = db.session.scalars(db.select(m.ReportRead).filter_by(report_id=report.id))
    return {row.participant_id: row.read_at for row in rows}


def timing(report, conference, now=None):
    authority = conference.authority
    settings = timescales.for_authority(authority)
    return report_deadlines.timing(
        settings, conference.starts_at, conference.conference_type,
        report.is_police_open_information, report.shared_at, now or utcnow(),
        recorded_deadline=report.share_deadline)


def before_meeting(conference, now=None):
    return clock.uk_time(now or utcnow()) < conference.starts_at


def conference_overview(conference, now=None, reports=None):
    """Per conference, for the staff dashboard: expected, received, shared, on time.

    `reports` are the conference's reports where the caller loaded them already."""
    if reports is None:
        reports = db.session.scalars(
            db.select(m.Report).filter_by(conference_id=conference.id)
            .order_by(m.Report.created_at)).all()
    expected = [p.id for p in conference.participants
                if p.role in report_deadlines.EXPECTED_AUTHOR_ROLES]
    rows, waiting = [], 0
    for report in reports:
        shared = report.sharing == m.SHARING_FAMILY and report.shared_at is not None
        report_timing = timing(report, conference, now)
        rows.append((report.author_id, shared, report_timing.on_time))
        # Kept for professionals with the chair's agreement is not late: it never goes.
        if report.sharing != m.SHARING_PROFESSIONALS and report_timing.overdue:
            waiting += 1
    authority = conference.authority
    usual_deadline = report_deadlines.share_deadline(
        timescales.for_authority(authority),
        conference.starts_at, conference.conference_type, police_open_information=False)
    deadline_passed = clock.uk_time(now or utcnow()) > usual_deadline
    return report_deadlines.conference_counts(expected, rows, waiting, deadline_passed)
