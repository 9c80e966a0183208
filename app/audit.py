"""The audit trail: every sign-in attempt, document view and refused access.

Rows hold ids and event names, never case detail or free text.
"""

from . import models as m
from .extensions import db


def record(
    event,
    *,
    participant_id=None,
    staff_user_id=None,
    conference_id=None,
    object_type=None,
    object_id=None,
    outcome="ok",
    detail="",
    commit=False,
):
    row = m.AuditEvent(
        event=event,
        participant_id=participant_id,
        staff_user_id=staff_user_id,
        conference_id=conference_id,
        object_type=object_type,
        object_id=object_id,
        outcome=outcome,
        detail=detail[:500],
    )
    db.session.add(row)
    if commit:
        db.session.commit()
    return row


def events(event=None, **filters):
    query = db.select(m.AuditEvent).order_by(m.AuditEvent.id)
    if event:
        query = query.filter_by(event=event)
    if filters:
        query = query.filter_by(**filters)
    return db.session.scalars(query).all()
