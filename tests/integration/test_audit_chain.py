"""The audit trail is tamper-evident: a record altered or deleted breaks its hash chain,
and `flask audit verify` says where (and exits non-zero)."""

import threading

import pytest
import sqlalchemy as sa
from conftest import participant, sign_in

from app.data import models as m
from app.extensions import db
from app.services import audit

# What PostgreSQL does with these differs from SQLite: run them on both.
pytestmark = pytest.mark.both_databases


def _some_events(app):
    sign_in(app, participant("parent"))  # sign-in attempts and codes are audited
    for n in range(3):
        audit.record("test.event", object_type="thing", object_id=str(n), commit=True)
    return [row.id for row in audit.events()]


def _verify(app):
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    return result.exit_code, result.output


def test_an_untouched_trail_verifies(app):
    ids = _some_events(app)
    code, output = _verify(app)
    assert code == 0, output
    assert f"intact: {len(ids)} records" in output


def test_an_altered_record_is_caught(app):
    ids = _some_events(app)
    target = ids[len(ids) // 2]
    with db.engine.begin() as connection:
        connection.execute(sa.text("UPDATE audit_events SET detail = 'nothing happened' "
                                   "WHERE id = :id"), {"id": target})
    code, output = _verify(app)
    assert code == 1
    assert f"broken at record {target}: this record was changed" in output


def test_an_altered_record_with_its_hash_redone_is_caught_at_the_next(app):
    ids = _some_events(app)
    target, following = ids[1], ids[2]
    row = db.session.get(m.AuditEvent, target)
    row.outcome = "refused"
    fake = audit.chain_hash(row.chain_prev, row)
    db.session.rollback()
    with db.engine.begin() as connection:
        connection.execute(sa.text("UPDATE audit_events SET outcome = 'refused', "
                                   "chain_hash = :h WHERE id = :id"), {"h": fake, "id": target})
    code, output = _verify(app)
    assert code == 1
    assert f"broken at record {following}: the record before it is missing" in output


@pytest.mark.parametrize("deleted, caught_at, reason", [
    (2, 3, "the record before it is missing"),  # in the middle
    (-1, -2, "records after it are missing"),  # the newest
    (0, 1, "records before it are missing"),  # the first
])
def test_a_deleted_record_is_caught(app, deleted, caught_at, reason):
    ids = _some_events(app)
    with db.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM audit_events WHERE id = :id"),
                           {"id": ids[deleted]})
    code, output = _verify(app)
    assert code == 1
    assert f"broken at record {ids[caught_at]}: {reason}" in output


def test_a_rolled_back_record_leaves_the_chain_whole(app):
    _some_events(app)
    audit.record("test.rolled_back")
    db.session.rollback()
    audit.record("test.kept", commit=True)
    assert _verify(app)[0] == 0


def test_writers_at_once_stay_one_chain(app):
    """Several transactions appending at the same moment take turns at the head row."""
    errors = []
    start = threading.Barrier(4)

    def writer(n):
        try:
            with app.app_context():
                start.wait()
                for k in range(5):
                    audit.record("test.concurrent", object_id=f"{n}-{k}")
                    # Something else happens in the same transaction before it ends.
                    db.session.execute(sa.select(m.AuditChainHead)).all()
                    db.session.commit()
                db.session.remove()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    db.session.expire_all()
    assert len(audit.events("test.concurrent")) == 20
    code, output = _verify(app)
    assert code == 0, output


def test_records_made_before_the_chain_are_chained_by_the_migration(tmp_path):
    from conftest import make_app
    from flask_migrate import upgrade

    app = make_app(tmp_path, "sqlite")
    with app.app_context():
        upgrade(revision="issue4_prepare")
        with db.engine.begin() as connection:
            for n in range(3):
                connection.execute(sa.text(
                    "INSERT INTO audit_events (at, event, outcome, detail) "
                    "VALUES (:at, 'old.event', 'ok', :detail)"),
                    {"at": m.utcnow(), "detail": f"/old/{n}"})
        upgrade()
        audit.record("new.event", commit=True)
        code, output = _verify(app)
        assert code == 0, output
        assert "intact: 4 records" in output
        db.session.remove()
