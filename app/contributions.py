"""Family contributions (a parent's worksheet, a young person's views): save, send, version."""

from . import audit
from . import models as m
from .extensions import db


def own_contribution(participant, kind):
    return db.session.scalar(
        db.select(m.Contribution).filter_by(author_id=participant.id, kind=kind)
    )


def save(participant, kind, answers, audience, now, send=False):
    """Save what was typed; sending also stamps the time and makes a new version."""
    item = own_contribution(participant, kind)
    if item is None:
        item = m.Contribution(
            conference_id=participant.conference_id,
            author_id=participant.id,
            kind=kind,
            child_id=participant.child_id,
            answers={},
        )
        db.session.add(item)
    item.answers = dict(answers)
    item.audience = audience
    item.updated_at = now
    if send:
        item.sent_at = now
        item.version = (item.version or 0) + 1
    db.session.flush()
    audit.record(
        f"{kind}.{'sent' if send else 'saved'}",
        participant_id=participant.id,
        conference_id=participant.conference_id,
        object_type="contribution",
        object_id=item.id,
    )
    db.session.commit()
    return item
