"""The audit trail: every sign-in attempt, document view and refused access.

Rows hold ids and event names, never case detail or free text.

The trail is a hash chain: each record holds the hash of the record before it and the
hash of its own content together with that one, and the one-row `audit_chain_head` holds
the newest hash and the number of records. A record altered, deleted or inserted out of
turn breaks the chain, and `verify()` (`flask audit verify`) says where.
"""

import hashlib
import json
from dataclasses import dataclass

import sqlalchemy as sa

from app.data import models as m
from app.data.statements import built_once, param
from app.extensions import db
from app.web.clean_input import clean


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
        at=m.utcnow(),
        event=event,
        participant_id=participant_id,
        staff_user_id=staff_user_id,
        conference_id=conference_id,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        outcome=outcome,
        detail=clean(detail)[:500],
    )
    _append_to_chain(row)
    db.session.add(row)
    if commit:
        db.session.commit()
    return row


def refused(event, **fields):
    """A refusal (a page that may not be seen, a code that is wrong): nothing else is
    changed, so the record is committed on its own."""
    return record(event, outcome="refused", commit=True, **fields)


def noted(event, **fields):
    """Something read or handed out (a page viewed, a PDF made, a link opened) where nothing
    else changes: the record is committed on its own. Work that changes records writes its
    audit record with record() and commits both together."""
    return record(event, commit=True, **fields)


def events(event=None, **filters):
    query = db.select(m.AuditEvent).order_by(m.AuditEvent.id)
    if event:
        query = query.filter_by(event=event)
    if filters:
        query = query.filter_by(**filters)
    return db.session.scalars(query).all()


# --- the chain ---------------------------------------------------------------------


def canonical(row):
    """The content of a record that its hash covers, as one unambiguous string."""
    return json.dumps([
        row.at.isoformat(timespec="microseconds"), row.event, row.participant_id,
        row.staff_user_id, row.conference_id, row.object_type, row.object_id, row.outcome,
        row.detail,
    ], ensure_ascii=False, separators=(",", ":"))


def chain_hash(previous, row):
    return hashlib.sha256(f"{previous}\n{canonical(row)}".encode()).hexdigest()


@built_once
def _lengthen_chain():
    head = m.AuditChainHead.__table__
    return (sa.update(head).where(head.c.id == 1).values(length=head.c.length + 1)
            .returning(head.c.last_hash))


@built_once
def _new_chain_head():
    head = m.AuditChainHead.__table__
    return sa.update(head).where(head.c.id == 1).values(last_hash=param("last_hash"))


def _append_to_chain(row):
    """Link the record to the newest one. Updating the head row first takes its lock until
    this transaction ends (a row lock on PostgreSQL, the database write lock on SQLite), so
    a concurrent writer waits here and then reads the head this one leaves: ids, given as
    the rows are inserted inside the same transaction, follow the chain's order."""
    head = m.AuditChainHead.__table__
    previous = db.session.execute(_lengthen_chain()).scalar()
    if previous is None:  # a database made without the head row (it is made with the table)
        db.session.execute(sa.insert(head).values(id=1, length=1,
                                                  last_hash=m.AUDIT_CHAIN_START))
        previous = m.AUDIT_CHAIN_START
    row.chain_prev = previous
    row.chain_hash = chain_hash(previous, row)
    db.session.execute(_new_chain_head(), {"last_hash": row.chain_hash})


@dataclass
class Break:
    record_id: int | None
    reason: str


@dataclass
class Verdict:
    length: int
    last_hash: str
    broken: Break | None


def verify():
    """Walk the whole trail in order and say where, if anywhere, the chain breaks."""
    previous, length, last_id = m.AUDIT_CHAIN_START, 0, None
    rows = db.session.execute(db.select(m.AuditEvent).order_by(m.AuditEvent.id)
                              .execution_options(yield_per=1000)).scalars()
    for row in rows:
        if row.chain_prev != previous:
            what = ("the record before it is missing or was changed" if last_id is not None
                    else "records before it are missing")
            return Verdict(length, previous, Break(row.id, what))
        if row.chain_hash != chain_hash(previous, row):
            return Verdict(length, previous, Break(row.id, "this record was changed"))
        previous, length, last_id = row.chain_hash, length + 1, row.id
    head = db.session.get(m.AuditChainHead, 1)
    if head is None or head.last_hash != previous or head.length != length:
        return Verdict(length, previous, Break(
            last_id, "records after it are missing, or the chain's head was changed"))
    return Verdict(length, previous, None)
