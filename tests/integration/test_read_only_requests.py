"""A request that only read ends with COMMIT, so psycopg keeps the statements it prepared
(a ROLLBACK makes it forget them all, and PostgreSQL would plan every query of every page
again); a request that wrote anything it did not commit is still rolled back."""

import pytest
import sqlalchemy as sa
from conftest import participant

from app.data import models as m
from app.data import read_only
from app.extensions import db


def _prepared_on(driver):
    """How many statements the database holds prepared for this connection, asked on the
    connection itself (not through the session, which would count a statement that is not
    a SELECT as a write), then left idle as the pool expects. COMMIT keeps them."""
    count = driver.execute("SELECT count(*) FROM pg_prepared_statements").fetchone()[0]
    driver.commit()
    return count


def _read_often():
    """The same query, more often than psycopg waits before preparing it; the connection
    it ran on."""
    for _ in range(6):
        db.session.execute(sa.select(m.Participant.name).where(
            m.Participant.role == m.PARENT)).all()
    return db.session.connection().connection.driver_connection


def test_a_request_that_only_read_keeps_its_prepared_statements(postgres_app):
    db.session.commit()
    driver = _read_often()
    read_only.end_request()
    assert not db.session().in_transaction()
    # The connection, back in the pool for the next request, still has them.
    assert _prepared_on(driver) >= 1


def test_a_rollback_would_have_lost_them(postgres_app):
    """Why end_request commits: what the pool and Flask-SQLAlchemy do otherwise."""
    db.session.commit()
    driver = _read_often()
    db.session.rollback()
    assert _prepared_on(driver) == 0


def _flushed(person):
    person.name = "Fictional Changed Name"
    db.session.flush()


def _waiting(person):
    db.session.autoflush = False
    person.name = "Fictional Changed Name"


def _updated_in_bulk(person):
    db.session.execute(sa.update(m.Participant).where(m.Participant.id == person.id)
                       .values(name="Fictional Changed Name"))


@pytest.mark.both_databases
@pytest.mark.parametrize("change", [_flushed, _waiting, _updated_in_bulk])
def test_a_change_not_committed_is_not_kept(app, change):
    """Flushed, waiting to be flushed, or an UPDATE run through the session."""
    person = participant("parent", "A")
    name = person.name
    change(person)
    read_only.end_request()
    db.session.rollback()
    db.session.autoflush = True
    db.session.expire_all()
    assert db.session.get(m.Participant, person.id).name == name


@pytest.mark.both_databases
def test_a_request_that_failed_is_not_committed(app):
    db.session.commit()
    db.session.execute(sa.select(m.Participant.id)).all()
    read_only.end_request(RuntimeError("the page failed"))
    assert db.session().in_transaction()


def test_a_connection_lost_at_the_end_loses_nothing_and_raises_nothing(app, monkeypatch):
    """The page has been made by then: a commit that fails (the database gone) is rolled
    back quietly, since nothing was written."""
    from sqlalchemy.exc import OperationalError

    db.session.commit()
    db.session.execute(sa.select(m.Participant.id)).all()
    session = db.session()

    def gone():
        raise OperationalError("COMMIT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(session, "commit", gone)
    read_only.end_request()
    assert not session.in_transaction()
