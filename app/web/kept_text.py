"""Nothing lost: what someone typed into a form that could not be accepted (their session
had ended, or the page's CSRF token was stale or missing) is kept, encrypted, for a
while, and put back into the same form after they sign in again.

Kept text is always tied to one person: the one whose (ended) session the request still
names, or else the one the form page was made for (a signed hidden field). Text nobody
can be tied to is not kept. It is handed back once, to that person, on that page.
"""

from datetime import timedelta

from app.data import models as m
from app.data.statements import built_once, param
from app.extensions import db

KEEP_HOURS = 24
MAX_FIELDS = 150  # the chair's outcome: a plan of up to 30 actions, 3 boxes each
MAX_FIELD_CHARS = 20_000
MAX_TOTAL_CHARS = 60_000  # anyone can post to a form page: keep what one page holds, no more
NOT_KEPT = ("csrf_token", "kept_for")


def worth_keeping(form_fields):
    """The text fields of a post, trimmed to sane sizes; empty if nothing was typed."""
    fields = {}
    room = MAX_TOTAL_CHARS
    for name, value in list(form_fields.items())[:MAX_FIELDS]:
        values = value if isinstance(value, list) else [value]
        if name in NOT_KEPT or not all(isinstance(item, str) for item in values):
            continue
        kept = []
        for item in values[:3]:  # three boxes of a date at most
            kept.append(item[:max(0, min(MAX_FIELD_CHARS, room))])
            room -= len(kept[-1])
        fields[name[:100]] = kept if isinstance(value, list) else kept[0]
    if not any(item.strip() for value in fields.values()
               for item in (value if isinstance(value, list) else [value])):
        return {}
    return fields


def keep(fields, path, participant_id, now, hours=KEEP_HOURS):
    purge(now)
    row = m.KeptFormText(participant_id=participant_id, path=path[:200], fields=fields,
                         created_at=now, expires_at=now + timedelta(hours=hours))
    db.session.add(row)
    db.session.commit()
    return row


def purge(now):
    db.session.execute(db.delete(m.KeptFormText).where(m.KeptFormText.expires_at < now))


def newest_path(participant_ids, now):
    """After sign-in: the page of the newest text kept for this person (any of their
    participant rows, for staff), if any."""
    newest = db.session.scalar(
        db.select(m.KeptFormText)
        .where(m.KeptFormText.participant_id.in_(list(participant_ids)),
               m.KeptFormText.expires_at >= now)
        .order_by(m.KeptFormText.created_at.desc())
    )
    return newest.path if newest is not None else None


@built_once
def _kept_for_page():
    return (db.select(m.KeptFormText)
            .where(m.KeptFormText.participant_id == param("participant_id"),
                   m.KeptFormText.path == param("path"), m.KeptFormText.expires_at >= param("now"))
            .order_by(m.KeptFormText.created_at.desc()).limit(1))


def take(participant_id, path, now):
    """The kept fields for this person and page, handed back once."""
    row = db.session.scalar(_kept_for_page(), {"participant_id": participant_id,
                                               "path": path, "now": now})
    if row is None:
        return None
    fields = dict(row.fields)
    db.session.delete(row)
    db.session.commit()
    return fields
