"""Every send, share, publish and upload happens once.

A form that acts carries a one-off key in a hidden field (`once_field()` in its
template). The view claims the key in the same transaction as what the form does: the key
is the primary key of a SubmittedForm row, so when the same form arrives twice (a double
press, a retry after a reply was lost, twenty presses on two devices) the database lets
one claim it. The others wait for that one to finish, then get a kind "already sent" page
(AlreadyDone, shown by the app's error handler) pointing at where the first one led.
"""

import secrets

from flask import request
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError

from app.data import models as m
from app.extensions import db

FIELD = "once"


class AlreadyDone(Exception):
    """This form was acted on already."""

    def __init__(self, result_url=None):
        super().__init__("form already acted on")
        self.result_url = result_url


def new_key():
    return secrets.token_urlsafe(18)


def once_field():
    """The hidden field with a new key, for the template of a form that acts."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(FIELD, new_key())


def posted_key():
    key = (request.form.get(FIELD) or "").strip()
    return key[:64] or None


def claim(led_to=None):
    """Claim this form's key in the current transaction (before the change it makes,
    which commits it), or raise AlreadyDone. `led_to` is where the form leads, if known
    now (else give the claim to `led_to()` before the commit). A form without a key (a
    page made before this release) acts as it always did."""
    key = posted_key()
    if key is None:
        return None
    done = db.session.get(m.SubmittedForm, key)
    if done is not None:
        raise AlreadyDone(done.result_url)
    row = m.SubmittedForm(key=key, path=request.path[:200], created_at=m.utcnow(),
                          result_url=led_to[:300] if led_to else None)
    db.session.add(row)
    try:
        # On PostgreSQL a second insert of the same key waits here until the first
        # transaction ends, then fails: only one submission goes on.
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        done = db.session.get(m.SubmittedForm, key)
        raise AlreadyDone(done.result_url if done else None) from None
    return row


def led_to(row, url):
    """Where the form led, for anyone who submits it again (committed by the caller)."""
    if row is not None:
        row.result_url = url[:300]
    return url
