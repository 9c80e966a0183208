"""A request that only read ends its transaction with COMMIT, not ROLLBACK.

psycopg forgets every prepared statement on ROLLBACK (after one, the same name could mean
a dropped and recreated object), and Flask-SQLAlchemy and the pool end each request's
transaction with a rollback. So no query was ever prepared, and PostgreSQL parsed and
planned every query of every page again. Committing a transaction that wrote nothing
changes nothing in the database, and lets psycopg prepare a query from its fifth use on a
connection. A transaction that flushed objects, or ran anything but a SELECT through the
session, is rolled back as before when the request did not commit it.
"""

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.extensions import db

WROTE = "transaction_wrote"


@event.listens_for(Session, "after_flush")
def _flushed(session, _flush_context):
    session.info[WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state):
    if not state.is_select:
        state.session.info[WROTE] = True


@event.listens_for(Session, "after_transaction_end")
def _ended(session, transaction):
    if transaction.parent is None:
        session.info.pop(WROTE, None)


def wrote(session) -> bool:
    """Whether the session's transaction has written, or has changes waiting to be."""
    return bool(session.info.get(WROTE) or session.new or session.dirty or session.deleted)


def end_request(exception=None):
    """At the end of a request (before Flask-SQLAlchemy closes the session): commit a
    transaction that only read. One that wrote is left to be rolled back."""
    session = db.session()
    if exception is None and session.in_transaction() and not wrote(session):
        try:
            session.commit()
        except Exception:  # noqa: BLE001 - nothing was written: a lost connection loses nothing
            session.rollback()


def register(app):
    # Teardown functions run in reverse order: registered after Flask-SQLAlchemy's, this
    # runs before it closes the session.
    app.teardown_appcontext(end_request)
