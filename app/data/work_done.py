"""Keeps `Conference.after_work_done` true exactly when nothing is left to do after the
meeting, so that a dashboard asks the database only for the few conferences still open
instead of testing every past conference a chair has sat in.

Whatever changes a conference's status, its children, its outcome, its minutes or who was
told the outcome, the flag of that conference is worked out again, in SQL, at the end of
the same flush (one UPDATE, and none when a flush touches none of these), or right after
an UPDATE or DELETE statement on those tables run through the session.
"""

from sqlalchemy import and_, event, exists, inspect, not_, or_, select, update
from sqlalchemy.orm import Session

from app.data import models as m
from app.data import staff_index

# A conference with these statuses needs nothing more after the meeting.
CLOSED_STATUSES = ("cancelled", "purged")


def work_done_expression():
    """True for a conference (the row being updated) with nothing left after the meeting."""
    conference = m.Conference.__table__
    outcome, minutes = m.Outcome.__table__, m.Minutes.__table__
    child, told = m.Child.__table__, m.ChildTold.__table__
    published = (exists().where(outcome.c.conference_id == conference.c.id,
                                outcome.c.published_at.is_not(None)))
    minuted = (exists().where(minutes.c.conference_id == conference.c.id,
                              minutes.c.published_at.is_not(None)))
    child_told = (exists().where(told.c.child_id == child.c.id,
                                 told.c.outcome_id == outcome.c.id,
                                 outcome.c.conference_id == conference.c.id))
    child_not_told = exists().where(child.c.conference_id == conference.c.id, not_(child_told))
    return or_(conference.c.status.in_(CLOSED_STATUSES),
               and_(published, minuted, not_(child_not_told)))


def _touched(session):
    """Ids of the conferences whose flag this flush may change, and of the outcomes whose
    children told changed (their conference is looked up in SQL)."""
    conference_ids, outcome_ids = set(), set()
    for item in (*session.new, *session.dirty, *session.deleted):
        if isinstance(item, m.Conference):
            if item not in session.new and inspect(item).attrs.status.history.has_changes():
                conference_ids.add(item.id)
        elif isinstance(item, (m.Outcome, m.Minutes, m.Child)):
            conference_ids.add(item.conference_id)
        elif isinstance(item, m.ChildTold):
            outcome_ids.add(item.outcome_id)
    conference_ids.discard(None)
    outcome_ids.discard(None)
    return conference_ids, outcome_ids


def _recompute(connection, conference_ids, outcome_ids):
    conference_ids, outcome_ids = set(conference_ids) - {None}, set(outcome_ids) - {None}
    if not conference_ids and not outcome_ids:
        return
    conference = m.Conference.__table__
    which = conference.c.id.in_(conference_ids)
    if outcome_ids:
        which = or_(which, conference.c.id.in_(
            select(m.Outcome.__table__.c.conference_id)
            .where(m.Outcome.__table__.c.id.in_(outcome_ids))))
    connection.execute(
        update(conference).where(which).values(after_work_done=work_done_expression()))
    # Staff rows carry a copy of the flag for their dashboards.
    people, outcome = m.Participant.__table__, m.Outcome.__table__
    staff_index.refresh(connection, or_(
        people.c.conference_id.in_(conference_ids),
        people.c.conference_id.in_(select(outcome.c.conference_id)
                                   .where(outcome.c.id.in_(outcome_ids)))))


@event.listens_for(Session, "after_flush")
def _keep_work_done(session, _flush_context):
    # On the connection, not the session: no autoflush from inside a flush.
    _recompute(session.connection(), *_touched(session))


def _key_columns():
    """For each table the flag depends on: the column that says which conference (or, for
    children told, which outcome) a row belongs to."""
    return {m.Conference.__table__: m.Conference.__table__.c.id,
            m.Outcome.__table__: m.Outcome.__table__.c.conference_id,
            m.Minutes.__table__: m.Minutes.__table__.c.conference_id,
            m.Child.__table__: m.Child.__table__.c.conference_id,
            m.ChildTold.__table__: m.ChildTold.__table__.c.outcome_id}


@event.listens_for(Session, "do_orm_execute")
def _keep_work_done_in_bulk(state):
    """UPDATE and DELETE statements run through the session (a purge, a data fix) do not
    flush objects: the rows they will touch are noted first, their flags set after."""
    if not (state.is_update or state.is_delete):
        return None
    key = _key_columns().get(getattr(state.statement, "table", None))
    if key is None:
        return None
    connection = state.session.connection()
    found = select(key)
    if state.statement.whereclause is not None:
        found = found.where(state.statement.whereclause)
    ids = connection.execute(found).scalars().all()
    result = state.invoke_statement()
    if key.table is m.ChildTold.__table__:
        _recompute(connection, (), ids)
    else:
        _recompute(connection, ids, ())
    return result
