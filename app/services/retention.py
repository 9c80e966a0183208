"""Retention: the portal is not the case record, so nothing here outlives its purpose.

The authority's case system keeps the record for decades; the portal keeps a conference's
documents and free text only until they have done their job. Two sweeps:

- Expired things go at once: sessions that have ended or timed out, sign-in codes and
  invitation links past their time, download links, kept form text, and the records of
  messages sent (who and why, never the words) once they are as old as the retention
  period.
- A conference is due when its final minutes have been published for the authority's
  retention period (`retention_days_after_minutes`, 90 days unless the authority says
  otherwise). It is first exported, as one encrypted bundle holding every row that belongs
  to it (documents as files, family contributions, the outcome and minutes versions) and
  its audit trail, and only when the bundle has been written and read back is it purged:
  every row that belongs to the conference is deleted, and the conference row stays as a
  tombstone with no free text, the time of the purge and the bundle's SHA-256. The audit
  chain is never touched.

Which rows belong to a conference is read from the foreign keys, so a new table that
points at a conference (or at something that does) is exported and purged without a
change here.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from app.data import encryption
from app.data import models as m
from app.extensions import db
from app.rules import timescales
from app.services import audit

# Tables that are never purged with a conference: the conference row itself (it stays as
# the tombstone) and the audit trail (its chain must stay whole).
KEPT = {"conferences", "audit_events", "audit_chain_head"}


# --- which rows belong to a conference ---------------------------------------------


def _links(table: sa.Table, visiting: frozenset = frozenset()):
    """The foreign keys of `table` that lead, directly or not, to a conference."""
    found = []
    for fk in table.foreign_keys:
        target = fk.column.table
        if target.name == "conferences" or (
                target.name not in visiting and target is not table
                and _links(target, visiting | {table.name})):
            found.append(fk)
    return found


def _ids(table: sa.Table, column: sa.Column, conference_id: str, visiting=frozenset()):
    """A subquery of `column` for every row of `table` that belongs to the conference."""
    if table.name == "conferences":
        return sa.select(sa.literal(conference_id))
    return sa.select(column).where(_belongs(table, conference_id, visiting))


def _belongs(table: sa.Table, conference_id: str, visiting=frozenset()):
    conditions = []
    for fk in _links(table, visiting):
        target = fk.column.table
        conditions.append(fk.parent.in_(
            _ids(target, fk.column, conference_id, visiting | {table.name})))
    return sa.or_(*conditions) if conditions else sa.false()


def conference_tables() -> list[sa.Table]:
    """Every table with rows that belong to a conference, parents before children."""
    return [t for t in db.metadata.sorted_tables if t.name not in KEPT and _links(t)]


# --- export ------------------------------------------------------------------------


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _kind(data: bytes) -> str:
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"\x89PNG"):
        return "png"
    if data.startswith(b"\xff\xd8"):
        return "jpg"
    return "bin"


def bundle(conference: m.Conference) -> bytes:
    """A zip of everything that belongs to the conference, and its audit trail."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        conference_row = db.session.execute(
            sa.select(m.Conference.__table__).where(m.Conference.id == conference.id)).one()
        archive.writestr("conference.json", json.dumps(
            {k: _plain(v) for k, v in conference_row._mapping.items()}, indent=2))
        for table in conference_tables():
            rows = []
            for row in db.session.execute(
                    sa.select(table).where(_belongs(table, conference.id))):
                plain = {}
                for key, value in row._mapping.items():
                    if isinstance(value, bytes | memoryview):
                        data = bytes(value)
                        name = f"files/{table.name}/{row._mapping.get('id', len(rows))}-{key}"
                        name += "." + _kind(data)
                        archive.writestr(name, data)
                        plain[key] = {"file": name}
                    else:
                        plain[key] = _plain(value)
                rows.append(plain)
            if rows:
                archive.writestr(f"{table.name}.json",
                                 json.dumps(rows, indent=2, ensure_ascii=False))
        archive.writestr("audit_trail.json", json.dumps(_audit_trail(conference.id), indent=2))
    return buffer.getvalue()


def _audit_trail(conference_id: str) -> list[dict]:
    people = sa.select(m.Participant.id).where(m.Participant.conference_id == conference_id)
    events = db.session.scalars(
        sa.select(m.AuditEvent).where(sa.or_(
            m.AuditEvent.conference_id == conference_id,
            m.AuditEvent.participant_id.in_(people))).order_by(m.AuditEvent.id))
    columns = [c.name for c in m.AuditEvent.__table__.columns]
    return [{c: _plain(getattr(e, c)) for c in columns} for e in events]


def unpack(encrypted: bytes) -> bytes:
    """The zip inside a bundle written by `export` (it is encrypted with the portal's key)."""
    return encryption.cipher().decrypt(encrypted)


def export(conference: m.Conference, directory: str | os.PathLike) -> tuple[Path, str]:
    """Write the conference's bundle, encrypted, read it back whole, and return where it
    is and the SHA-256 of the file."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    encrypted = encryption.cipher().encrypt(bundle(conference))
    path = directory / f"conference-{conference.id}.zip.enc"
    temporary = path.with_suffix(".part")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(encrypted)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)
    written = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(unpack(written))) as archive:
        if archive.testzip() is not None:
            raise OSError("the export bundle did not read back whole")
    return path, hashlib.sha256(written).hexdigest()


# --- purge -------------------------------------------------------------------------


def purge(conference: m.Conference, sha256: str, now: datetime) -> int:
    """Delete every row that belongs to the conference and leave the tombstone. Only after
    `export`. Returns the number of rows deleted."""
    deleted = 0
    for table in reversed(conference_tables()):
        deleted += db.session.execute(
            sa.delete(table).where(_belongs(table, conference.id))).rowcount or 0
    db.session.execute(sa.update(m.Conference.__table__)
                       .where(m.Conference.id == conference.id)
                       .values(venue=None, joining_details=None, status="purged",
                               purged_at=now, export_sha256=sha256))
    audit.record("retention.purged", conference_id=conference.id, object_type="export",
                 object_id=sha256[:64])
    db.session.expire_all()
    return deleted


# --- what is due -------------------------------------------------------------------


@dataclass
class Due:
    conference: m.Conference
    minutes_published: datetime
    due_on: datetime


def due(now: datetime, within_days: int = 0, authority_id: str | None = None) -> list[Due]:
    """Conferences not yet purged whose final minutes were published long enough ago (or
    will have been within `within_days`), oldest first; of one authority if named."""
    query = (sa.select(m.Conference, m.Minutes.published_at)
             .join(m.Minutes, m.Minutes.conference_id == m.Conference.id)
             .where(m.Minutes.published_at.is_not(None), m.Conference.purged_at.is_(None))
             .order_by(m.Minutes.published_at))
    if authority_id is not None:
        query = query.where(m.Conference.authority_id == authority_id)
    rows = db.session.execute(query).all()
    found = []
    for conference, published in rows:
        days = timescales.for_authority(conference.authority).retention_days_after_minutes
        due_on = published + timedelta(days=days)
        if due_on <= now + timedelta(days=within_days):
            found.append(Due(conference, published, due_on))
    return found


# --- expired things ----------------------------------------------------------------


def recently_purged(authority_id: str, limit: int = 20) -> list[m.Conference]:
    """The authority's tombstones, newest first."""
    return db.session.scalars(
        sa.select(m.Conference).where(m.Conference.authority_id == authority_id,
                                      m.Conference.purged_at.is_not(None))
        .order_by(m.Conference.purged_at.desc()).limit(limit)).all()


def _expired_sessions(now: datetime, idle_minutes: int, max_hours: int):
    return sa.select(m.UserSession.id).where(sa.or_(
        m.UserSession.ended_at.is_not(None),
        m.UserSession.last_seen_at < now - timedelta(minutes=idle_minutes),
        m.UserSession.created_at < now - timedelta(hours=max_hours)))


def sweep_expired(now: datetime, idle_minutes: int, max_hours: int,
                  messages_days: int) -> dict[str, int]:
    """Delete what has expired. Returns how many rows of each kind went."""
    sessions = _expired_sessions(now, idle_minutes, max_hours)
    counts = {}
    statements = {
        "download links": sa.delete(m.DownloadGrant).where(sa.or_(
            m.DownloadGrant.expires_at < now, m.DownloadGrant.session_id.in_(sessions))),
        "sessions": sa.delete(m.UserSession).where(m.UserSession.id.in_(sessions)),
        "sign-in codes": sa.delete(m.SignInCode).where(m.SignInCode.expires_at < now),
        "invitation links": sa.delete(m.Invitation).where(m.Invitation.expires_at < now),
        "kept form text": sa.delete(m.KeptFormText).where(m.KeptFormText.expires_at < now),
        "records of messages sent": sa.delete(m.OutboxMessage).where(
            m.OutboxMessage.created_at < now - timedelta(days=messages_days)),
        "delivered or given-up messages": sa.delete(m.Delivery).where(
            m.Delivery.status.in_((m.DELIVERY_SENT, m.DELIVERY_FAILED)),
            m.Delivery.created_at < now - timedelta(days=messages_days)),
    }
    for kind, statement in statements.items():
        counts[kind] = db.session.execute(statement, execution_options={
            "synchronize_session": False}).rowcount or 0
    return counts


@dataclass
class Run:
    expired: dict[str, int] = field(default_factory=dict)
    purged: list[tuple[str, Path, str, int]] = field(default_factory=list)


def run(now: datetime, export_dir: str | os.PathLike, *, idle_minutes: int, max_hours: int,
        messages_days: int = 90) -> Run:
    """The daily job: sweep what has expired, then export and purge each conference that
    is due, each in its own transaction (a failure leaves that conference whole)."""
    result = Run(expired=sweep_expired(now, idle_minutes, max_hours, messages_days))
    db.session.commit()
    for item in due(now):
        conference = item.conference
        try:
            path, sha256 = export(conference, export_dir)
            rows = purge(conference, sha256, now)
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
        result.purged.append((conference.id, path, sha256, rows))
    return result
