"""When the portal reminds people: plain rules over the UK clock, no Flask, no database.

- Each family member: the day before their meeting (from 10am) and on the morning of it
  (from 7:30am), each once, never after the meeting has begun.
- Each professional whose report has not arrived: once, when its deadline is within two
  working days and has not passed.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from app.rules import timescales

DAY_BEFORE = "day-before"
MORNING = "morning"
REPORT_DUE = "report-due"

DAY_BEFORE_FROM = time(10, 0)
MORNING_FROM = time(7, 30)
REPORT_NUDGE_WORKING_DAYS = 2


def family_reminder_due(meeting_at: datetime, now: datetime) -> str | None:
    """Which family reminder is due at `now` for a meeting at `meeting_at` (both UK time)."""
    if now >= meeting_at:
        return None
    morning = datetime.combine(meeting_at.date(), MORNING_FROM)
    if now >= morning:
        return MORNING
    if now >= datetime.combine(meeting_at.date() - timedelta(days=1), DAY_BEFORE_FROM):
        return DAY_BEFORE
    return None


def report_nudge_due(deadline: datetime, now: datetime, nation: str) -> bool:
    """Whether a professional should be nudged about a report due at `deadline`."""
    if now >= deadline:
        return False
    return timescales.working_days_between(now.date(), deadline.date(),
                                           nation) <= REPORT_NUDGE_WORKING_DAYS
