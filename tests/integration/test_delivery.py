"""Delivering messages: written with the change that causes them, delivered after the
response, tried again by the worker until the provider takes them, never sent twice, and
shown to staff with a resend when given up on."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from conftest import outbox_messages, participant, staff_sign_in

from app.data import models as m
from app.extensions import db
from app.rules.clock import utcnow
from app.services import audit, delivery, messages, notify

pytestmark = pytest.mark.both_databases


class MailDown:
    def __init__(self):
        self.tries = 0

    def send(self, message):
        self.tries += 1
        raise notify.DeliveryFailed("the mail service is down")


def _deliveries(**filters):
    return db.session.scalars(sa.select(m.Delivery).filter_by(**filters)).all()


def _something_new(app, person):
    with app.test_request_context():
        messages.send_something_new(person, "http://localhost/sign-in")


def test_a_message_is_undone_with_the_change_that_caused_it(app):
    parent = participant("parent")
    _something_new(app, parent)
    db.session.rollback()
    assert _deliveries() == []
    assert [msg for msg in outbox_messages(app) if msg["reference"] == "something-new"] == []


def test_a_message_kept_through_an_outage_goes_once_when_the_mail_server_is_back(
        app, monkeypatch):
    parent = participant("parent")
    down = MailDown()
    monkeypatch.setattr(messages, "backend", lambda: down)
    _something_new(app, parent)
    db.session.commit()
    now = utcnow()

    assert delivery.work_once(now) == {"sent": 0, "failed": 1}
    [row] = _deliveries(purpose="something-new")
    assert row.status == m.DELIVERY_PENDING and row.attempts == 1
    assert row.next_try_at == now + timedelta(minutes=1)
    # Not due again yet: the worker waits, growing the wait each time.
    assert delivery.work_once(now + timedelta(seconds=30)) == {"sent": 0, "failed": 0}
    assert delivery.work_once(now + timedelta(minutes=1)) == {"sent": 0, "failed": 1}
    db.session.refresh(row)
    assert row.next_try_at == now + timedelta(minutes=1) + timedelta(minutes=2)
    assert down.tries == 2

    monkeypatch.undo()  # the mail server is back
    assert delivery.work_once(now + timedelta(minutes=4)) == {"sent": 1, "failed": 0}
    assert delivery.work_once(now + timedelta(hours=2)) == {"sent": 0, "failed": 0}
    sent = [msg for msg in outbox_messages(app, parent.email)
            if msg["reference"] == "something-new"]
    assert len(sent) == 1
    db.session.refresh(row)
    assert row.status == m.DELIVERY_SENT and row.sent_at is not None
    assert [e.detail for e in audit.events("message.failed")] == ["something-new"] * 2


def test_two_deliverers_never_send_the_same_message_twice(app):
    parent = participant("parent")
    _something_new(app, parent)
    db.session.commit()
    [row] = _deliveries(purpose="something-new")
    now = utcnow()
    assert delivery._claim(row.id, now) is True
    assert delivery._claim(row.id, now) is False  # the other process finds it taken
    assert delivery.attempt(row.id, now) is None
    # A claim that was never finished (the process died) lapses and is taken over.
    assert delivery.attempt(row.id, now + delivery.CLAIM + timedelta(seconds=1)) is True
    assert delivery.attempt(row.id, now + timedelta(hours=1)) is None
    assert len([msg for msg in outbox_messages(app, parent.email)
                if msg["reference"] == "something-new"]) == 1


def test_a_message_given_up_on_is_shown_to_staff_who_can_resend_it(app, monkeypatch):
    parent = participant("parent")
    monkeypatch.setattr(messages, "backend", lambda: MailDown())
    _something_new(app, parent)
    db.session.commit()
    [row] = _deliveries(purpose="something-new")
    delivery.work_once(row.give_up_at + timedelta(seconds=1))
    db.session.refresh(row)
    assert row.status == m.DELIVERY_FAILED

    chair = staff_sign_in(app, participant("chair").staff_user)
    page = chair.get("/staff/").get_data(as_text=True)
    assert "could not be delivered" in page
    assert parent.email not in page  # the address stays out of the list
    other_chair = staff_sign_in(app, participant("chair", "B").staff_user)
    assert "could not be delivered" not in other_chair.get("/staff/").get_data(as_text=True)
    assert other_chair.post(f"/staff/deliveries/{row.id}/resend").status_code == 404

    monkeypatch.undo()
    response = chair.post(f"/staff/deliveries/{row.id}/resend")
    assert response.status_code == 302
    db.session.refresh(row)
    assert row.status == m.DELIVERY_SENT
    assert audit.events("message.resend")[0].object_id == row.id
    assert "could not be delivered" not in chair.get("/staff/").get_data(as_text=True)


def test_a_sign_in_code_that_cannot_be_sent_is_not_tried_again_later(app, monkeypatch):
    parent = participant("parent")
    monkeypatch.setattr(messages, "backend", lambda: MailDown())
    with pytest.raises(notify.DeliveryFailed):
        messages.send_sign_in_code(parent, "email", parent.email, "123456", 10)
    [row] = _deliveries(purpose="sign-in-code")
    assert row.status == m.DELIVERY_FAILED
    monkeypatch.undo()
    assert delivery.work_once(utcnow() + timedelta(hours=1)) == {"sent": 0, "failed": 0}


def test_the_worker_command_delivers_what_is_due(app):
    parent = participant("parent")
    _something_new(app, parent)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["deliveries", "work", "--once"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert [row.status for row in _deliveries(purpose="something-new")] == [m.DELIVERY_SENT]
