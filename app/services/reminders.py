"""Reminders, sent by the delivery worker on each pass (app/cli.py `deliveries work`).

The day before the meeting and on its morning, each family member who said messages are
safe for them is reminded of the time their part of the meeting starts (the family's
time, before the professionals join); each professional whose report has not arrived is
nudged once when it is due within two working days. Each reminder goes to a person once
(a unique row in reminders_sent), and an authority can turn them all off.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.data import models as m
from app.extensions import db
from app.rules import reminders as rules
from app.rules import report_deadlines, timescales
from app.services import arrangements, messages

LOOK_AHEAD = timedelta(days=7)


def _upcoming(now: datetime) -> list[m.Conference]:
    return db.session.scalars(
        sa.select(m.Conference).join(m.Authority)
        .where(m.Conference.starts_at > now, m.Conference.starts_at <= now + LOOK_AHEAD,
               m.Conference.status == "scheduled", m.Authority.reminders_enabled.is_(True))
        .order_by(m.Conference.starts_at)).all()


def _once(conference, person, kind) -> bool:
    """Record that this reminder goes; False if it already went."""
    try:
        with db.session.begin_nested():
            db.session.add(m.ReminderSent(conference_id=conference.id,
                                          participant_id=person.id, kind=kind))
        return True
    except IntegrityError:
        return False


def _family_time(conference, settings) -> datetime:
    return conference.premeet_at or timescales.family_premeet_start(settings,
                                                                    conference.starts_at)


def send_due(now: datetime, base_url: str) -> int:
    """Queue every reminder due at `now` (UK time). Returns how many were queued."""
    queued = 0
    sign_in = base_url.rstrip("/") + "/sign-in"
    for conference in _upcoming(now):
        settings = timescales.for_authority(conference.authority)
        meeting_at = _family_time(conference, settings)
        kind = rules.family_reminder_due(meeting_at, now)
        authors = {r.author_id for r in db.session.scalars(
            sa.select(m.Report).where(m.Report.conference_id == conference.id))}
        deadline = report_deadlines.share_deadline(settings, conference.starts_at,
                                                   conference.conference_type, False)
        nudge = rules.report_nudge_due(deadline, now, settings.nation)
        for person in conference.participants:
            # A parent meeting the chair separately is reminded of their own meeting, at its
            # own time: never the main meeting's (issue 18).
            plan = arrangements.family_plan(person) if person.role == m.PARENT else None
            own_at = plan.meets_chair_at if plan is not None and plan.separately else None
            own_kind = rules.family_reminder_due(own_at, now) if own_at else kind
            if person.role in m.FAMILY_ROLES and person.role != m.INTERPRETER:
                if own_kind and _once(conference, person, own_kind):
                    queued += bool(messages.send_meeting_reminder(
                        person, own_kind, own_at or meeting_at, sign_in))
            elif (nudge and person.role == m.PROFESSIONAL and person.id not in authors
                  and _once(conference, person, rules.REPORT_DUE)):
                queued += bool(messages.send_report_nudge(person, deadline, sign_in))
    db.session.commit()
    return queued
