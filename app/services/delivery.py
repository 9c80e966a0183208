"""Delivering messages: nothing the portal means to say is lost or said twice.

A message is first written as a Delivery row in the same database transaction as the
change that causes it (a report shared, an alert raised, a person invited): if the change
is undone, so is the message, and if the change is kept, the message is kept with it,
whatever the mail server is doing. Then it is delivered:

- straight after the response, by the process that made it (so a person's page never
  waits for a mail server), and
- by the delivery worker (`flask deliveries work`), which tries again what could not be
  delivered, with a growing wait between tries, until the provider accepts it or the time
  allowed runs out; then it is marked failed and staff see it with a resend.

Whoever delivers first claims the row with one conditional UPDATE, so a message is never
sent twice by the two paths; a claim that was never finished (the process died) lapses
after a few minutes and the worker takes it over.

A sign-in code is the exception: the person is waiting on the page, so it is delivered at
once and, if that fails, they are told and may ask for another; it is never retried later.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, g, has_request_context

from app.data import models as m
from app.data.statements import built_once, written_in
from app.extensions import db
from app.rules.clock import utcnow
from app.services import audit, notify

log = logging.getLogger(__name__)

# How long a claim lasts before another process may take the message over.
CLAIM = timedelta(minutes=5)
# Waits between tries: 1, 2, 4 … minutes, at most an hour.
FIRST_WAIT = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)


def enqueue(message: notify.Message, participant_id, conference_id, purpose,
            give_up_after: timedelta | None = None) -> m.Delivery:
    """Write the message with the caller's transaction; it goes once that commits."""
    now = utcnow()
    if give_up_after is None:
        give_up_after = timedelta(hours=current_app.config.get("DELIVERY_GIVE_UP_HOURS", 24))
    row = m.Delivery(participant_id=participant_id, conference_id=conference_id,
                     purpose=purpose, channel=message.channel, to=message.to,
                     subject=message.subject, body=message.body, next_try_at=now,
                     give_up_at=now + give_up_after, created_at=now)
    db.session.add(row)
    db.session.flush()
    if has_request_context():
        g.setdefault("deliveries", []).append(row.id)
    return row


def wait_before(attempts: int) -> timedelta:
    """How long to wait after the n-th failed try."""
    return min(FIRST_WAIT * (2 ** max(attempts - 1, 0)), LONGEST_WAIT)


def _claim(delivery_id: str, now: datetime) -> bool:
    """Take the message for sending; False if someone else has it or it is not due."""
    claimed = db.session.execute(
        sa.update(m.Delivery)
        .where(m.Delivery.id == delivery_id, sa.or_(
            sa.and_(m.Delivery.status == m.DELIVERY_PENDING, m.Delivery.next_try_at <= now),
            sa.and_(m.Delivery.status == m.DELIVERY_SENDING,
                    m.Delivery.claimed_until < now)))
        .values(status=m.DELIVERY_SENDING, claimed_until=now + CLAIM,
                attempts=m.Delivery.attempts + 1)
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return claimed == 1


def attempt(delivery_id: str, now: datetime | None = None, retry: bool = True) -> bool | None:
    """Try to deliver one message. True if the provider accepted it, False if not (it waits
    for another try, or is marked failed), None if it was not ours to send."""
    from app.services.messages import backend  # the configured provider

    now = now or utcnow()
    if not _claim(delivery_id, now):
        return None
    row = db.session.get(m.Delivery, delivery_id)
    db.session.refresh(row)
    message = notify.Message(to=row.to, subject=row.subject, body=row.body,
                             channel=row.channel, reference=row.purpose)
    try:
        provider_id = backend().send(message)
    except notify.DeliveryFailed as error:
        row.last_error = type(error).__name__[:64]
        row.claimed_until = None
        given_up = not retry or now >= row.give_up_at
        row.status = m.DELIVERY_FAILED if given_up else m.DELIVERY_PENDING
        row.next_try_at = now + wait_before(row.attempts)
        log.warning("message not delivered: purpose=%s try=%s (%s)", row.purpose,
                    row.attempts, type(error).__name__)
        audit.record("message.failed", participant_id=row.participant_id,
                     conference_id=row.conference_id, outcome="failed",
                     object_type="delivery", object_id=row.id, detail=row.purpose)
        db.session.commit()
        return False
    row.status, row.sent_at, row.claimed_until = m.DELIVERY_SENT, utcnow(), None
    db.session.add(m.OutboxMessage(
        participant_id=row.participant_id, purpose=row.purpose, channel=row.channel,
        backend=current_app.config["NOTIFY_BACKEND"], provider_id=str(provider_id or "")))
    audit.record("message.sent", participant_id=row.participant_id,
                 conference_id=row.conference_id, object_type="delivery", object_id=row.id,
                 detail=row.purpose)
    db.session.commit()
    return True


def deliver_after_response(response):
    """Deliver what this request queued once the person has their page."""
    queued = g.pop("deliveries", None)
    if not queued or not current_app.config.get("DELIVER_AFTER_RESPONSE", True):
        return response
    app = current_app._get_current_object()

    def run():
        with app.app_context():
            for delivery_id in queued:
                try:
                    attempt(delivery_id)
                except Exception:
                    db.session.rollback()
                    app.logger.exception("delivery after the response failed")

    response.call_on_close(run)
    return response


def due(now: datetime, limit: int = 100) -> list[str]:
    """Messages waiting to go, oldest first, and claims that lapsed."""
    return db.session.scalars(
        sa.select(m.Delivery.id).where(sa.or_(
            sa.and_(m.Delivery.status == m.DELIVERY_PENDING, m.Delivery.next_try_at <= now),
            sa.and_(m.Delivery.status == m.DELIVERY_SENDING, m.Delivery.claimed_until < now)))
        .order_by(m.Delivery.next_try_at).limit(limit)).all()


def work_once(now: datetime | None = None) -> dict[str, int]:
    """One pass of the worker: try every message that is due."""
    now = now or utcnow()
    counts = {"sent": 0, "failed": 0}
    for delivery_id in due(now):
        result = attempt(delivery_id, now)
        if result is True:
            counts["sent"] += 1
        elif result is False:
            counts["failed"] += 1
    return counts


@built_once
def _failed_in(conference_ids, limit: int):
    return (sa.select(m.Delivery, m.Conference, m.Participant)
            .join(m.Conference, m.Conference.id == m.Delivery.conference_id)
            .outerjoin(m.Participant, m.Participant.id == m.Delivery.participant_id)
            .where(m.Delivery.status == written_in(m.DELIVERY_FAILED),
                   m.Delivery.purpose != written_in("sign-in-code"),
                   m.Delivery.conference_id.in_(conference_ids))
            .order_by(m.Delivery.created_at.desc()).limit(limit))


def failed(theirs, limit: int = 50) -> list[dict]:
    """Messages given up on in an account's conferences (`caseload.conference_ids`), newest
    first, each with the person it was for (None: the duty contact) and its conference, in
    one query whatever the number."""
    rows = db.session.execute(_failed_in(theirs.ids, limit), theirs.params).all()
    return [{"delivery": delivery, "person": person, "conference": conference}
            for delivery, conference, person in rows]


def resend(delivery: m.Delivery, staff_user_id: str) -> None:
    """Try a failed message again, from now, for as long as a new one would be tried."""
    now = utcnow()
    delivery.status, delivery.next_try_at = m.DELIVERY_PENDING, now
    delivery.give_up_at = now + timedelta(
        hours=current_app.config.get("DELIVERY_GIVE_UP_HOURS", 24))
    audit.record("message.resend", staff_user_id=staff_user_id,
                 conference_id=delivery.conference_id, object_type="delivery",
                 object_id=delivery.id, detail=delivery.purpose)
    if has_request_context():
        g.setdefault("deliveries", []).append(delivery.id)
    db.session.commit()
