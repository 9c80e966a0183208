"""A member of staff's conferences: what is still open, and the history a page at a time.

A busy chair sits in hundreds of conferences over the years. Their dashboard shows only
what can still need them: conferences that have not happened yet, and those that have
happened but whose outcome, minutes or telling a child are not done. Everything else is
history, shown a page at a time. Each function loads what it needs in a fixed number of
queries, however many conferences, alerts or reports there are.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, false, func, literal, not_, or_, true, union_all
from sqlalchemy.orm import aliased, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app.data import models as m
from app.data.statements import built_once, param, written_in
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


@dataclass(frozen=True)
class Theirs:
    """The ids of an account's conferences as a query to filter others by: `ids`, built
    once for each kind of account, needs `params` (the account and its authority) when it
    runs."""

    ids: object
    params: dict


@built_once
def _their_ids(is_admin: bool):
    query = db.select(m.Conference.id).where(m.Conference.authority_id == param("authority_id"))
    if is_admin:
        return query
    return query.where(exists().where(and_(
        m.Participant.conference_id == m.Conference.id,
        m.Participant.staff_user_id == param("staff_user_id"))))


def _account(staff_user) -> dict:
    return {"authority_id": staff_user.authority_id, "staff_user_id": staff_user.id}


def conference_ids(staff_user) -> Theirs:
    """The ids of this account's conferences, to filter other queries by."""
    return Theirs(_their_ids(staff_user.role == access.ADMIN), _account(staff_user))


# This account's own participant row, beside the conference's people. One alias for every
# query: building a new one each time costs more than the query it is for.
_MINE = aliased(m.Participant, name="mine")


def _rows(is_admin: bool):
    """(conference, outcome, this account's participant row) in this account's authority;
    an administrator's row is None where they do not sit. Parameters: the account's."""
    mine = _MINE
    on_mine = and_(mine.conference_id == m.Conference.id,
                   mine.staff_user_id == param("staff_user_id"))
    query = (db.select(m.Conference, m.Outcome, mine)
             .outerjoin(m.Outcome, m.Outcome.conference_id == m.Conference.id))
    # An administrator sees the whole authority; anyone else only where they sit.
    query = query.outerjoin(mine, on_mine) if is_admin else query.join(mine, on_mine)
    return query.where(m.Conference.authority_id == param("authority_id"))


def _maybe_open_after(now):
    """A conference that has happened and is not marked as having nothing left to do: the
    database finds these in ix_conferences_open_work without reading the history. `now`:
    the time, or a parameter for it."""
    return and_(not_(m.Conference.after_work_done), m.Conference.starts_at < now,
                m.Conference.status != "cancelled")


def _work_left_after(now):
    """A conference that has happened and still has work left: its outcome or minutes not
    published, or a child not yet told. The full test, which holds even if the flag
    `after_work_done` were behind."""
    told = (exists().where(m.ChildTold.child_id == m.Child.id,
                           m.ChildTold.outcome_id == m.Outcome.id)
            .correlate_except(m.ChildTold))
    child_not_told = (exists().where(m.Child.conference_id == m.Conference.id, not_(told))
                      .correlate_except(m.Child))
    # A test per conference rather than a join: the minutes of the whole history are never
    # read, whatever the planner guesses of how many conferences are open.
    minuted = (exists().where(m.Minutes.conference_id == m.Conference.id,
                              m.Minutes.published_at.is_not(None))
               .correlate_except(m.Minutes))
    return and_(_maybe_open_after(now),
                or_(m.Outcome.published_at.is_(None), not_(minuted), child_not_told))


def _soonest_first(query):
    return query.order_by(m.Conference.starts_at, m.Conference.id)


def _viewer(staff_user, conference_id, row):
    """How this account acts in a conference, from its participant row there (None: an
    administrator who does not sit in it)."""
    if row is None:
        return access.Viewer(role=access.ADMIN, authority_id=staff_user.authority_id)
    return access.Viewer(
        role=row.role, authority_id=staff_user.authority_id, conference_id=conference_id,
        participant_id=row.id, child_id=row.child_id, may_see_reports=bool(row.may_see_reports),
        awaiting_chair=row.awaiting_chair_since is not None)


# How many conferences still to come the dashboard shows; the rest are a page away.
UPCOMING_SHOWN = 10
# How many conversations and paper copies it lists; the rest are a link away, so a busy
# chair's dashboard stays short (and as quick) whatever their caseload.
CONVERSATIONS_SHOWN = 10


@dataclass(frozen=True)
class OpenWork:
    """What the dashboard shows of a member of staff's open conferences."""

    conferences: list
    viewers: dict  # {conference id: Viewer}
    outcomes: dict  # {conference id: Outcome}
    minutes: dict  # {conference id: Minutes}
    told: dict  # {child id: ChildTold}, for children told their conference's outcome
    more_upcoming: bool = False  # more are coming up than the UPCOMING_SHOWN here


def open_work(staff_user, now: datetime, upcoming_shown: int = UPCOMING_SHOWN) -> OpenWork:
    """Past conferences with work left, then the soonest `upcoming_shown` still to come,
    with how this account acts in each, their outcome, minutes, children and who was told.
    Always three queries, and the same few rows, however long the history.

    `now` is UK wall-clock time, like conference times."""
    conferences, viewers, outcomes = [], {}, {}
    is_admin = staff_user.role == access.ADMIN
    params = dict(_account(staff_user), now=now)
    found_ids = db.session.scalars(_open_ids(is_admin, upcoming_shown), params).all()
    rows = db.session.execute(_open_work_rows(is_admin), dict(params, ids=found_ids)).all()
    more_upcoming, upcoming_count, minutes = False, 0, {}
    for conference, outcome, row, minutes_row in rows:
        if conference.id not in viewers:
            if conference.starts_at >= now:
                # The one row past those shown only says that there are more.
                if upcoming_count == upcoming_shown:
                    more_upcoming = True
                    break
                upcoming_count += 1
            conferences.append(conference)
        viewers[conference.id] = _viewer(staff_user, conference.id, row)
        if outcome is not None:
            outcomes[conference.id] = outcome
        if minutes_row is not None:
            minutes[conference.id] = minutes_row
    # Their children, and whether each was told, in one query (run even when there are no
    # conferences, so the count never changes).
    children = {c.id: [] for c in conferences}
    told = {}
    for child, child_told in db.session.execute(
            _children_and_told(), {"outcome_ids": [o.id for o in outcomes.values()],
                                   "conference_ids": list(children)}):
        if child not in children[child.conference_id]:
            children[child.conference_id].append(child)
        if child_told is not None:
            told[child.id] = child_told
    for conference in conferences:
        set_committed_value(conference, "children", children[conference.id])
    return OpenWork(conferences, viewers, outcomes, minutes, told, more_upcoming)


@built_once
def _open_ids(is_admin: bool, upcoming_shown: int | None):
    """Which conferences the dashboard shows, from the indexes alone: the few past ones not
    marked done, and the soonest still to come (one more than shown, to know whether there
    are more; all of them if `upcoming_shown` is None). Asked at once with everything about
    them, the planner cannot tell how few they are and reads the outcomes, minutes and
    participant rows of the whole history.

    A member of staff's come from their own participant rows, which carry a copy of each
    conference's time and done flag (app/data/staff_index.py): the same few index entries
    however long their history. An administrator's come from the authority's conferences."""
    now = param("now")
    if is_admin:
        ids = _their_ids(is_admin)
        soonest = _soonest_first(ids.where(m.Conference.starts_at >= now)).limit(
            None if upcoming_shown is None else upcoming_shown + 1).subquery()
        return union_all(ids.where(_maybe_open_after(now)), db.select(soonest.c.id))
    row = m.Participant
    limit = None if upcoming_shown is None else upcoming_shown + 1
    theirs = row.staff_user_id == param("staff_user_id")
    open_after = db.select(row.conference_id).where(
        theirs, row.conference_done == false(), row.conference_starts_at < now)

    def soonest_to_come(done: bool):
        # Asked apart for done (cancelled) and not, each a short range of the index.
        return (db.select(row.conference_id, row.conference_starts_at)
                .where(theirs, row.conference_done == (true() if done else false()),
                       row.conference_starts_at >= now)
                .order_by(row.conference_starts_at, row.conference_id)
                .limit(limit).subquery())

    both = union_all(db.select(soonest_to_come(False)), db.select(soonest_to_come(True))
                     ).subquery()
    soonest = (db.select(both.c.conference_id)
               .order_by(both.c.conference_starts_at, both.c.conference_id)
               .limit(limit).subquery())
    return union_all(open_after, db.select(soonest.c.conference_id))


@built_once
def _open_work_rows(is_admin: bool):
    """Everything about the conferences _open_ids found (parameter `ids`), with the full
    test of work left."""
    now = param("now")
    return _soonest_first(
        _rows(is_admin).add_columns(m.Minutes)
        .outerjoin(m.Minutes, m.Minutes.conference_id == m.Conference.id)
        .where(m.Conference.id.in_(param("ids", expanding=True)),
               or_(m.Conference.starts_at >= now, _work_left_after(now))))


@built_once
def _children_and_told():
    return (db.select(m.Child, m.ChildTold)
            .outerjoin(m.ChildTold, and_(
                m.ChildTold.child_id == m.Child.id,
                m.ChildTold.outcome_id.in_(param("outcome_ids", expanding=True))))
            .where(m.Child.conference_id.in_(param("conference_ids", expanding=True)))
            .order_by(m.Child.conference_id, m.Child.id))


def open_conferences(staff_user, now: datetime) -> list:
    """Conferences still to come, and past ones with work left, soonest first, with their
    children and people loaded.

    `now` is UK wall-clock time, like conference times."""
    is_admin = staff_user.role == access.ADMIN
    params = dict(_account(staff_user), now=now)
    # The ids first, from the indexes, as for the dashboard (_open_ids): the history is
    # never read.
    params["ids"] = db.session.scalars(_open_ids(is_admin, None), params).all()
    seen, conferences = set(), []
    for conference in db.session.scalars(_open_conferences(is_admin), params):
        if conference.id not in seen:
            seen.add(conference.id)
            conferences.append(conference)
    return conferences


@built_once
def _open_conferences(is_admin: bool):
    """The conferences _open_ids found (parameter `ids`), with the full test of work left,
    their children and people."""
    now = param("now")
    return _soonest_first(
        _rows(is_admin).where(m.Conference.id.in_(param("ids", expanding=True)),
                              or_(m.Conference.starts_at >= now, _work_left_after(now)))
    ).options(selectinload(m.Conference.children), selectinload(m.Conference.participants),
              selectinload(m.Conference.authority))


@dataclass(frozen=True)
class HistoryPage:
    conferences: list
    page: int
    pages: int


def _paged(query, order, page: int) -> HistoryPage:
    total = db.session.scalar(db.select(func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // HISTORY_PAGE_SIZE))
    page = min(max(1, page), pages)
    conferences = db.session.scalars(
        query.order_by(*order).offset((page - 1) * HISTORY_PAGE_SIZE)
        .limit(HISTORY_PAGE_SIZE)).all()
    return HistoryPage(conferences, page, pages)


def history(staff_user, now: datetime, page: int = 1) -> HistoryPage:
    """Conferences that have taken place, newest first, a page at a time."""
    return _paged(_theirs(staff_user).where(m.Conference.starts_at < now),
                  (m.Conference.starts_at.desc(), m.Conference.id), page)


def upcoming(staff_user, now: datetime, page: int = 1) -> HistoryPage:
    """Conferences still to come, soonest first, a page at a time."""
    return _paged(_theirs(staff_user).where(m.Conference.starts_at >= now),
                  (m.Conference.starts_at, m.Conference.id), page)


def viewers(staff_user, conferences) -> dict:
    """How this account acts in each conference, {conference id: Viewer}, in one query."""
    by_id = {c.id: c for c in conferences if c.authority_id == staff_user.authority_id}
    if not by_id:
        return {}
    rows = db.session.scalars(db.select(m.Participant).where(
        m.Participant.staff_user_id == staff_user.id,
        m.Participant.conference_id.in_(by_id))).all()
    found = {row.conference_id: _viewer(staff_user, row.conference_id, row) for row in rows}
    if staff_user.role == access.ADMIN:
        for conference_id in by_id:
            found.setdefault(conference_id, _viewer(staff_user, conference_id, None))
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


@built_once
def _unseen_alerts():
    mine, staff_user_id = _MINE, param("staff_user_id")
    seen_by_them = exists().where(and_(m.SafetyAlertSeen.alert_id == m.SafetyAlert.id,
                                       m.SafetyAlertSeen.staff_user_id == staff_user_id))
    # Only this account's rows flagged as having an alert waiting for them (a copy kept by
    # app/data/staff_index.py, with its own index): not every alert of their history.
    return (db.select(m.SafetyAlert, mine)
            .join(mine, and_(mine.conference_id == m.SafetyAlert.conference_id,
                             mine.staff_user_id == staff_user_id, mine.unseen_safety_alert))
            .join(m.Conference, m.Conference.id == m.SafetyAlert.conference_id)
            .where(m.Conference.authority_id == param("authority_id"), not_(seen_by_them))
            .options(joinedload(m.SafetyAlert.conference), joinedload(m.SafetyAlert.child))
            .order_by(m.SafetyAlert.created_at.desc(), m.SafetyAlert.id))


def unseen_safety_alerts(staff_user) -> list:
    """(alert, Viewer) for each alert this account has not marked as seen, in conferences
    of its authority where it sits, newest first, with the alert's conference and child
    loaded. One query, however many alerts there are."""
    rows = db.session.execute(_unseen_alerts(), _account(staff_user)).all()
    found = {}
    for alert, row in rows:
        found.setdefault(alert.id, (alert, _viewer(staff_user, alert.conference_id, row)))
    return list(found.values())


# --- "Needs you": what a chair or social worker should deal with, across their conferences --

# A deadline is at risk when it falls within this many working days.
AT_RISK_WORKING_DAYS = 3


def _where_they_are(roles):
    """The ids of the conferences where this account (parameter) acts in one of these
    roles."""
    return db.select(m.Participant.conference_id).where(
        m.Participant.staff_user_id == param("staff_user_id"), m.Participant.role.in_(roles))


@built_once
def _needs_you_lists(with_upcoming: bool):
    """Four short lists of (id, conference id, when, kind), asked in one round trip; the two
    about meetings still to come only `with_upcoming` (parameter `upcoming_ids`)."""
    chaired = _where_they_are((m.CHAIR,))
    chair_or_sw = _where_they_are((m.CHAIR, m.SOCIAL_WORKER))

    def listed(kind, columns):
        ident, conference_id, when = columns
        return db.select(ident.label("id"), conference_id.label("conference_id"),
                         when.label("at"), literal(kind).label("kind"))

    lists = [
        # Reports kept from the family, in part or whole, awaiting the chair's decision.
        listed("decisions", (m.ReportWithholdRequest.report_id, m.Report.conference_id,
                             m.ReportWithholdRequest.requested_at))
        .join(m.Report, m.Report.id == m.ReportWithholdRequest.report_id)
        .where(m.ReportWithholdRequest.decision.is_(None),
               m.Report.conference_id.in_(chaired)),
        # A parent's safety request this account has not opened.
        listed("safety_requests", (m.Contribution.id, m.Contribution.conference_id,
                                   m.Contribution.sent_at))
        # The kind written into the SQL, not sent as a parameter: a prepared statement's
        # plan can then use the partial index of safety requests.
        .where(m.Contribution.kind == written_in("safety_request"),
               m.Contribution.sent_at.is_not(None),
               m.Contribution.conference_id.in_(chair_or_sw),
               m.Contribution.id.not_in(db.select(m.AuditEvent.object_id).where(
                   m.AuditEvent.event == written_in("safety_request.viewed"),
                   m.AuditEvent.staff_user_id == param("staff_user_id")))),
    ]
    if with_upcoming:
        upcoming_ids = param("upcoming_ids", expanding=True)
        lists += [
            # Family replies that disagree with a report, before the meeting: the chair's.
            listed("disagreements", (m.ReportReply.report_id, m.Report.conference_id,
                                     m.ReportReply.updated_at))
            .join(m.Report, m.Report.id == m.ReportReply.report_id)
            .where(m.ReportReply.agrees.is_(False), m.Report.conference_id.in_(chaired),
                   m.Report.conference_id.in_(upcoming_ids)),
            # Family members who asked for help with a report, before the meeting.
            listed("help", (m.AuditEvent.object_id, m.AuditEvent.conference_id,
                            m.AuditEvent.at))
            .where(m.AuditEvent.event == written_in("report.help_asked"),
                   m.AuditEvent.conference_id.in_(chair_or_sw),
                   m.AuditEvent.conference_id.in_(upcoming_ids)),
        ]
    everything = union_all(*lists).subquery()
    return db.select(everything).order_by(everything.c.at, everything.c.id)


@built_once
def _report_writers_shared():
    """Each report writer of these conferences (parameter), and whether they have shared."""
    shared = exists().where(m.Report.author_id == m.Participant.id,
                            m.Report.shared_at.is_not(None))
    return db.select(m.Participant.conference_id, shared).where(
        m.Participant.conference_id.in_(param("conference_ids", expanding=True)),
        m.Participant.role == m.PROFESSIONAL)


def needs_you(staff_user, conferences, now_uk: datetime) -> dict:
    """Everything the "Needs you" list shows, beyond what the dashboard already loads, in a
    fixed number of queries: {kind: [rows]}. `conferences` are the open ones (open_work)."""
    from app.rules import report_deadlines, timescales

    upcoming_ids = [c.id for c in conferences if c.starts_at >= now_uk]
    by_id = {c.id: c for c in conferences}
    found = {kind: [] for kind in ("decisions", "safety_requests", "disagreements", "help")}
    for row in db.session.execute(_needs_you_lists(bool(upcoming_ids)),
                                  {"staff_user_id": staff_user.id,
                                   "upcoming_ids": upcoming_ids}):
        found[row.kind].append((row.id, row.conference_id, row.at))
    # Reports due to the family within 3 working days that are not all with them yet.
    at_risk = []
    upcoming = [by_id[i] for i in upcoming_ids]
    today = now_uk.date()
    horizon = timescales.add_working_days(today, AT_RISK_WORKING_DAYS, "england")
    # Who writes a report in each, and whether it is with the family yet: one query (not a
    # load of each conference's people and reports).
    waiting_in = {conference.id: 0 for conference in upcoming}
    if upcoming:
        for conference_id, is_shared in db.session.execute(
                _report_writers_shared(), {"conference_ids": upcoming_ids}):
            waiting_in[conference_id] += not is_shared
    for conference in upcoming:
        ts = timescales.for_authority(conference.authority)
        deadline = report_deadlines.share_deadline(ts, conference.starts_at,
                                                   conference.conference_type, False)
        if not (now_uk <= deadline and deadline.date() <= horizon):
            continue
        if waiting_in[conference.id]:
            at_risk.append((conference, deadline, waiting_in[conference.id]))
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
