"""A member of staff's conferences: what is still open, and the history a page at a time.

A busy chair sits in hundreds of conferences over the years. Their dashboard shows only
what can still need them: conferences that have not happened yet, and those that have
happened but whose outcome, minutes or telling a child are not done. Everything else is
history, shown a page at a time. Each function loads what it needs in a fixed number of
queries, however many conferences, alerts or reports there are.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, func, not_, or_
from sqlalchemy.orm import selectinload

from app.data import models as m
from app.extensions import db
from app.rules import access

HISTORY_PAGE_SIZE = 25


def _theirs(staff_user):
    """The conferences this account sits in (an administrator: the whole authority)."""
    query = db.select(m.Conference).where(m.Conference.authority_id == staff_user.authority_id)
    if staff_user.role == access.ADMIN:
        return query
    return query.where(exists().where(and_(
        m.Participant.conference_id == m.Conference.id,
        m.Participant.staff_user_id == staff_user.id)))


def conference_ids(staff_user):
    """A query of the ids of this account's conferences, to filter other queries by."""
    return _theirs(staff_user).with_only_columns(m.Conference.id)


def _work_left_after_the_meeting():
    """True for a conference whose outcome, minutes or telling of a child is not done."""
    outcome_out = exists().where(and_(m.Outcome.conference_id == m.Conference.id,
                                      m.Outcome.published_at.is_not(None)))
    minutes_out = exists().where(and_(m.Minutes.conference_id == m.Conference.id,
                                      m.Minutes.published_at.is_not(None)))
    child_not_told = exists().where(and_(
        m.Child.conference_id == m.Conference.id,
        not_(exists().where(and_(m.ChildTold.child_id == m.Child.id,
                                 m.ChildTold.outcome_id == m.Outcome.id,
                                 m.Outcome.conference_id == m.Conference.id)))))
    return or_(not_(outcome_out), not_(minutes_out), child_not_told)


def _with_people(query):
    return query.options(selectinload(m.Conference.children),
                         selectinload(m.Conference.participants),
                         selectinload(m.Conference.authority))


def open_conferences(staff_user, now: datetime) -> list:
    """Conferences still to come, and past ones with work left, soonest first.

    `now` is UK wall-clock time, like conference times."""
    upcoming = m.Conference.starts_at >= now
    past_and_open = and_(m.Conference.starts_at < now, m.Conference.status != "cancelled",
                         _work_left_after_the_meeting())
    query = _theirs(staff_user).where(or_(upcoming, past_and_open))
    return db.session.scalars(_with_people(query).order_by(m.Conference.starts_at)).all()


@dataclass(frozen=True)
class HistoryPage:
    conferences: list
    page: int
    pages: int


def history(staff_user, now: datetime, page: int = 1) -> HistoryPage:
    """Conferences that have taken place, newest first, a page at a time."""
    past = _theirs(staff_user).where(m.Conference.starts_at < now)
    total = db.session.scalar(db.select(func.count()).select_from(past.subquery()))
    pages = max(1, -(-total // HISTORY_PAGE_SIZE))
    page = min(max(1, page), pages)
    conferences = db.session.scalars(
        past.order_by(m.Conference.starts_at.desc())
        .offset((page - 1) * HISTORY_PAGE_SIZE).limit(HISTORY_PAGE_SIZE)).all()
    return HistoryPage(conferences, page, pages)


def viewers(staff_user, conferences) -> dict:
    """How this account acts in each conference, {conference id: Viewer}, in one query."""
    by_id = {c.id: c for c in conferences if c.authority_id == staff_user.authority_id}
    if not by_id:
        return {}
    rows = db.session.scalars(db.select(m.Participant).where(
        m.Participant.staff_user_id == staff_user.id,
        m.Participant.conference_id.in_(by_id))).all()
    return _viewers_from(staff_user, by_id, rows)


def loaded_viewers(staff_user, conferences) -> dict:
    """The same as viewers(), from conferences whose people are loaded already (as
    open_conferences() loads them): no query at all."""
    by_id = {c.id: c for c in conferences if c.authority_id == staff_user.authority_id}
    rows = [p for c in by_id.values() for p in c.participants
            if p.staff_user_id == staff_user.id]
    return _viewers_from(staff_user, by_id, rows)


def _viewers_from(staff_user, by_id, rows):
    found = {}
    for row in rows:
        found[row.conference_id] = access.Viewer(
            role=row.role, authority_id=staff_user.authority_id,
            conference_id=row.conference_id, participant_id=row.id, child_id=row.child_id,
            may_see_reports=bool(row.may_see_reports))
    if staff_user.role == access.ADMIN:
        for conference_id in by_id:
            found.setdefault(conference_id, access.Viewer(
                role=access.ADMIN, authority_id=staff_user.authority_id))
    return found


def outcomes_and_minutes(conferences) -> tuple[dict, dict]:
    """Each conference's outcome (with who was told) and minutes, in two queries."""
    ids = [c.id for c in conferences]
    if not ids:
        return {}, {}
    outcomes = db.session.scalars(
        db.select(m.Outcome).where(m.Outcome.conference_id.in_(ids))
        .options(selectinload(m.Outcome.children_told))).all()
    minutes = db.session.scalars(db.select(m.Minutes).where(m.Minutes.conference_id.in_(ids)))
    return ({o.conference_id: o for o in outcomes}, {x.conference_id: x for x in minutes})


def reports_by_conference(conferences) -> dict:
    """Every report of these conferences, {conference id: [reports, oldest first]}."""
    ids = [c.id for c in conferences]
    grouped = {conference_id: [] for conference_id in ids}
    if ids:
        for report in db.session.scalars(
                db.select(m.Report).where(m.Report.conference_id.in_(ids))
                .order_by(m.Report.created_at)):
            grouped[report.conference_id].append(report)
    return grouped


def unseen_safety_alerts(staff_user) -> list:
    """Alerts in this account's conferences that it has not marked as seen, newest first,
    with their conference and child loaded."""
    seen_by_them = db.select(m.SafetyAlertSeen.alert_id).where(
        m.SafetyAlertSeen.staff_user_id == staff_user.id)
    return db.session.scalars(
        db.select(m.SafetyAlert)
        .where(m.SafetyAlert.conference_id.in_(conference_ids(staff_user)))
        .where(m.SafetyAlert.id.not_in(seen_by_them))
        .options(selectinload(m.SafetyAlert.conference), selectinload(m.SafetyAlert.child))
        .order_by(m.SafetyAlert.created_at.desc())).all()


# --- "Needs you": what a chair or social worker should deal with, across their conferences --

# A deadline is at risk when it falls within this many working days.
AT_RISK_WORKING_DAYS = 3


def _where_they_are(staff_user, roles):
    """The ids of the conferences where this account acts in one of these roles."""
    return db.select(m.Participant.conference_id).where(
        m.Participant.staff_user_id == staff_user.id, m.Participant.role.in_(roles))


def needs_you(staff_user, conferences, now_uk: datetime) -> dict:
    """Everything the "Needs you" list shows, beyond what the dashboard already loads, in a
    fixed number of queries: {kind: [rows]}. `conferences` are the open ones, with their
    people loaded (see open_conferences)."""
    from app.rules import report_deadlines, timescales

    chaired = _where_they_are(staff_user, (m.CHAIR,))
    chair_or_sw = _where_they_are(staff_user, (m.CHAIR, m.SOCIAL_WORKER))
    upcoming_ids = [c.id for c in conferences if c.starts_at >= now_uk]
    by_id = {c.id: c for c in conferences}
    found = {}
    # Reports kept from the family, in part or whole, awaiting the chair's decision.
    found["decisions"] = db.session.execute(
        db.select(m.ReportWithholdRequest.report_id, m.Report.conference_id,
                  m.ReportWithholdRequest.requested_at)
        .join(m.Report, m.Report.id == m.ReportWithholdRequest.report_id)
        .where(m.ReportWithholdRequest.decision.is_(None),
               m.Report.conference_id.in_(chaired))
        .order_by(m.ReportWithholdRequest.requested_at)).all()
    # A parent's safety request this account has not opened.
    opened = db.select(m.AuditEvent.object_id).where(
        m.AuditEvent.event == "safety_request.viewed",
        m.AuditEvent.staff_user_id == staff_user.id)
    found["safety_requests"] = db.session.execute(
        db.select(m.Contribution.id, m.Contribution.conference_id, m.Contribution.sent_at)
        .where(m.Contribution.kind == "safety_request", m.Contribution.sent_at.is_not(None),
               m.Contribution.conference_id.in_(chair_or_sw),
               m.Contribution.id.not_in(opened))
        .order_by(m.Contribution.sent_at)).all()
    # Family replies that disagree with a report, before the meeting: the chair's to read.
    found["disagreements"] = db.session.execute(
        db.select(m.ReportReply.report_id, m.Report.conference_id, m.ReportReply.updated_at)
        .join(m.Report, m.Report.id == m.ReportReply.report_id)
        .where(m.ReportReply.agrees.is_(False), m.Report.conference_id.in_(chaired),
               m.Report.conference_id.in_(upcoming_ids))
        .order_by(m.ReportReply.updated_at)).all() if upcoming_ids else []
    # Family members who asked for help with a report, before the meeting.
    found["help"] = db.session.execute(
        db.select(m.AuditEvent.object_id, m.AuditEvent.conference_id, m.AuditEvent.at)
        .where(m.AuditEvent.event == "report.help_asked",
               m.AuditEvent.conference_id.in_(chair_or_sw),
               m.AuditEvent.conference_id.in_(upcoming_ids))
        .order_by(m.AuditEvent.at)).all() if upcoming_ids else []
    # Reports due to the family within 3 working days that are not all with them yet.
    at_risk = []
    upcoming = [by_id[i] for i in upcoming_ids]
    reports = reports_by_conference(upcoming)
    today = now_uk.date()
    horizon = timescales.add_working_days(today, AT_RISK_WORKING_DAYS, "england")
    for conference in upcoming:
        ts = timescales.for_authority(conference.authority)
        deadline = report_deadlines.share_deadline(ts, conference.starts_at,
                                                   conference.conference_type, False)
        if not (now_uk <= deadline and deadline.date() <= horizon):
            continue
        authors = {p.id for p in conference.participants if p.role == m.PROFESSIONAL}
        shared = {r.author_id for r in reports[conference.id] if r.shared_at is not None}
        waiting = len(authors - shared)
        if waiting:
            at_risk.append((conference, deadline, waiting))
    found["at_risk"] = at_risk
    found["conferences"] = by_id
    return found


def last_sign_ins(conference) -> dict:
    """When each person of the conference last signed in, {participant id: UTC time}, in
    one query. Only that: not what they looked at."""
    rows = db.session.execute(
        db.select(m.UserSession.participant_id, db.func.max(m.UserSession.created_at))
        .join(m.Participant, m.Participant.id == m.UserSession.participant_id)
        .where(m.Participant.conference_id == conference.id)
        .group_by(m.UserSession.participant_id)).all()
    return dict(rows)
