"""Reminders: the day before and the morning of the meeting for each family member, once,
in their language and without any detail; a nudge to a professional whose report is due;
none when the authority has turned them off."""

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from conftest import outbox_messages, participant

from app.data import models as m
from app.extensions import db
from app.services import reminders

pytestmark = pytest.mark.both_databases

BASE = "http://localhost"


def _meeting_tomorrow():
    conference = participant("parent").conference
    tomorrow = datetime(2027, 3, 10)  # a Wednesday
    conference.starts_at = tomorrow.replace(hour=10, minute=0)
    conference.premeet_at = tomorrow.replace(hour=9, minute=30)
    conference.status = "scheduled"
    db.session.commit()
    return conference


def _reminders(app, to=None):
    return [msg for msg in outbox_messages(app, to) if msg["reference"].startswith("reminder-")]


def test_each_family_member_is_reminded_the_day_before_once_and_without_detail(app):
    conference = _meeting_tomorrow()
    family = [p for p in conference.participants
              if p.role in m.FAMILY_ROLES and p.role != m.INTERPRETER and p.messages_safe]
    assert len(family) >= 2
    child_names = [c.first_name for c in conference.children]

    queued = reminders.send_due(datetime(2027, 3, 9, 11, 0), BASE)
    assert queued == len(family)
    assert reminders.send_due(datetime(2027, 3, 9, 15, 0), BASE) == 0  # not twice

    parent = next(p for p in family if p.role == m.PARENT and p.email)
    [message] = _reminders(app, parent.email)
    assert message["reference"] == "reminder-day-before"
    assert "tomorrow at 9:30am" in message["body"]  # the family's time, not the professionals'
    assert "/sign-in" in message["body"] and "Not sure this message is real?" in message["body"]
    for detail in [*child_names, conference.venue or "", "child protection"]:
        if detail:
            assert detail.lower() not in message["body"].lower(), detail

    # The morning of the meeting, once more each; after it has begun, nothing.
    assert reminders.send_due(datetime(2027, 3, 10, 7, 45), BASE) == len(family)
    assert "today at 9:30am" in _reminders(app, parent.email)[-1]["body"]
    assert reminders.send_due(datetime(2027, 3, 10, 9, 31), BASE) == 0


def test_reminders_go_in_each_persons_language_and_not_to_whom_messages_are_unsafe(app):
    conference = _meeting_tomorrow()
    parent = next(p for p in conference.participants
                  if p.role == m.PARENT and p.messages_safe and p.email)
    parent.language = "pl"
    other = next(p for p in conference.participants
                 if p.role in m.FAMILY_ROLES and p.id != parent.id and p.email)
    other.messages_safe = False
    db.session.commit()
    reminders.send_due(datetime(2027, 3, 9, 11, 0), BASE)
    [message] = _reminders(app, parent.email)
    assert "Your meeting is tomorrow" not in message["body"]
    assert "lang=pl" in message["body"]
    assert _reminders(app, other.email) == []


def test_a_professional_without_a_report_is_nudged_once_before_it_is_due(app):
    conference = _meeting_tomorrow()
    conference.starts_at = datetime(2027, 3, 17, 10, 0)  # a week later: reports due the 12th
    conference.premeet_at = None
    db.session.commit()
    professionals = [p for p in conference.participants if p.role == m.PROFESSIONAL]
    assert professionals
    writer, *others = professionals
    db.session.add(m.Report(conference_id=conference.id, author_id=writer.id,
                            agency="Fictional agency", title="Fictional", summary="Fictional"))
    db.session.commit()

    assert reminders.send_due(datetime(2027, 3, 9, 11, 0), BASE) == 0  # 3 working days
    reminders.send_due(datetime(2027, 3, 10, 11, 0), BASE)
    reminders.send_due(datetime(2027, 3, 11, 11, 0), BASE)
    nudged = [msg for msg in outbox_messages(app) if msg["reference"] == "report-due"]
    assert len(nudged) == len(others)
    assert all("due by" in msg["body"] for msg in nudged)
    assert not [msg for msg in outbox_messages(app, writer.email)
                if msg["reference"] == "report-due"]


def test_an_authority_that_turned_reminders_off_sends_none(app):
    conference = _meeting_tomorrow()
    conference.authority.reminders_enabled = False
    db.session.commit()
    assert reminders.send_due(datetime(2027, 3, 9, 11, 0), BASE) == 0
    assert db.session.scalar(sa.select(sa.func.count(m.ReminderSent.id))) == 0


def test_a_cancelled_meeting_sends_no_reminder(app):
    conference = _meeting_tomorrow()
    conference.status = "cancelled"
    db.session.commit()
    assert reminders.send_due(datetime(2027, 3, 9, 11, 0) + timedelta(minutes=1), BASE) == 0
