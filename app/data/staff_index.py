"""Keeps on each member of staff's participant row what their dashboard looks up: when the
conference is, whether its work after the meeting is done (`Conference.after_work_done`),
and whether a safety alert in it waits for them to mark it seen.

A chair sits in hundreds of conferences over the years. With these three copied onto
their own rows, an index of those rows alone answers "my next conferences", "my open
work" and "my unseen alerts", reading the same few entries however long the history.

Whatever changes one of them (a conference's time or status, the work after the meeting,
a new person of staff, an alert raised or marked seen), the copy is refreshed in SQL from
the source at the end of the same flush; work_done.py refreshes it too whenever it sets
`after_work_done`, including after UPDATE and DELETE statements run through the session.
"""

from sqlalchemy import event, exists, inspect, not_, select, update
from sqlalchemy.orm import Session

from app.data import models as m


def refresh(connection, which):
    """Copy each conference's time, done flag and unseen alerts onto the staff participant
    rows that `which` (a condition on participants) picks."""
    people, conference = m.Participant.__table__, m.Conference.__table__
    alert, seen = m.SafetyAlert.__table__, m.SafetyAlertSeen.__table__
    of_conference = conference.c.id == people.c.conference_id
    # Both tests belong to the row being updated: nothing but the table each reads is
    # taken into its FROM (SQLAlchemy would otherwise add `participants` to the inner one).
    unseen = exists().where(alert.c.conference_id == people.c.conference_id, not_(
        exists().where(seen.c.alert_id == alert.c.id,
                       seen.c.staff_user_id == people.c.staff_user_id)
        .correlate_except(seen))).correlate_except(alert)
    connection.execute(
        update(people).where(people.c.staff_user_id.is_not(None), which).values(
            conference_starts_at=select(conference.c.starts_at).where(of_conference)
            .scalar_subquery(),
            conference_done=select(conference.c.after_work_done).where(of_conference)
            .scalar_subquery(),
            unseen_safety_alert=unseen))


def refresh_conferences(connection, conference_ids):
    conference_ids = set(conference_ids) - {None}
    if conference_ids:
        refresh(connection, m.Participant.__table__.c.conference_id.in_(conference_ids))


def _changed(item, *names) -> bool:
    state = inspect(item)
    return any(state.attrs[name].history.has_changes() for name in names)


def _touched(session):
    """Ids of the conferences whose copies this flush may change, and of the alerts marked
    seen (or unmarked), whose conference is looked up in SQL."""
    conference_ids, alert_ids = set(), set()
    for item in (*session.new, *session.dirty, *session.deleted):
        if isinstance(item, m.Conference):
            if item in session.new or _changed(item, "starts_at"):
                conference_ids.add(item.id)
        elif isinstance(item, m.Participant):
            if item in session.new or _changed(item, "staff_user_id", "conference_id"):
                conference_ids.add(item.conference_id)
        elif isinstance(item, m.SafetyAlert):
            conference_ids.add(item.conference_id)
        elif isinstance(item, m.SafetyAlertSeen):
            alert_ids.add(item.alert_id)
    return conference_ids - {None}, alert_ids - {None}


@event.listens_for(Session, "after_flush")
def _keep_staff_rows(session, _flush_context):
    conference_ids, alert_ids = _touched(session)
    # On the connection, not the session: no autoflush from inside a flush.
    connection = session.connection()
    refresh_conferences(connection, conference_ids)
    if alert_ids:
        alert = m.SafetyAlert.__table__
        refresh(connection, m.Participant.__table__.c.conference_id.in_(
            select(alert.c.conference_id).where(alert.c.id.in_(alert_ids))))


def _bulk_key_columns():
    people, alert, seen = (m.Participant.__table__, m.SafetyAlert.__table__,
                           m.SafetyAlertSeen.__table__)
    return {people: people.c.conference_id, alert: alert.c.conference_id,
            seen: alert.c.conference_id}


@event.listens_for(Session, "do_orm_execute")
def _keep_staff_rows_in_bulk(state):
    """UPDATE and DELETE statements on people or alerts run through the session (a data
    fix) flush no objects: the conferences they touch are noted first, refreshed after.
    (Conferences themselves: work_done.py, which refreshes these copies.)"""
    if not (state.is_update or state.is_delete):
        return None
    table = getattr(state.statement, "table", None)
    key = _bulk_key_columns().get(table)
    if key is None:
        return None
    connection = state.session.connection()
    found = select(key)
    if table is m.SafetyAlertSeen.__table__:
        found = found.join(table, table.c.alert_id == key.table.c.id)
    if state.statement.whereclause is not None:
        found = found.where(state.statement.whereclause)
    ids = connection.execute(found).scalars().all()
    result = state.invoke_statement()
    refresh_conferences(connection, ids)
    return result
