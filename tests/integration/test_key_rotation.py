"""Retiring an old encryption key: `flask keys rotate` rewrites every stored value under the
new key, a batch at a time, and can be stopped and run again."""

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken

from app.data import encryption
from app.data import models as m
from app.extensions import db
from app.services import key_rotation

pytestmark = pytest.mark.both_databases


def _stored_tokens():
    """Every encrypted value as the database holds it."""
    tokens = []
    for column in key_rotation.encrypted_columns():
        query = sa.select(sa.column(column.name, sa.LargeBinary)).select_from(column.table).where(
            sa.column(column.name).is_not(None))
        tokens += [bytes(value) for (value,) in db.session.execute(query)]
    return tokens


def _readable(key, token):
    try:
        Fernet(key.encode()).decrypt(token)
        return True
    except InvalidToken:
        return False


def _use_keys(app, keys):
    app.config["PORTAL_ENCRYPTION_KEY"] = keys
    encryption.configure(keys)


def _everything_decrypts():
    """Load every row of every table with encrypted columns, reading each value."""
    for column in key_rotation.encrypted_columns():
        model = next(mapper.class_ for mapper in db.Model.registry.mappers
                     if mapper.local_table is column.table)
        for row in db.session.scalars(sa.select(model)):
            getattr(row, column.name)


def test_rotating_rewrites_every_value_under_the_new_key_and_the_old_key_can_go(app):
    old = app.config["PORTAL_ENCRYPTION_KEY"]
    new = encryption.generate_key()
    before = _stored_tokens()
    assert len(before) > 20 and all(_readable(old, t) for t in before)

    _use_keys(app, f"{new},{old}")
    result = app.test_cli_runner().invoke(args=["keys", "rotate", "--batch", "3"])
    assert result.exit_code == 0, result.output
    assert f"Re-encrypted {len(before)} values" in result.output
    assert "the older keys can be removed" in result.output

    after = _stored_tokens()
    assert len(after) == len(before)
    assert all(_readable(new, t) for t in after)
    assert not any(_readable(old, t) for t in after)

    # With the old key gone, everything still reads, and the names are the same.
    names = sorted(p.name for p in db.session.scalars(sa.select(m.Participant)))
    db.session.expire_all()
    _use_keys(app, new)
    _everything_decrypts()
    assert sorted(p.name for p in db.session.scalars(sa.select(m.Participant))) == names
    checked = app.test_cli_runner().invoke(args=["keys", "check"])
    assert checked.exit_code == 0 and "first key alone" in checked.output


def test_a_stopped_rotation_is_run_again_and_finishes_without_redoing_work(app):
    old = app.config["PORTAL_ENCRYPTION_KEY"]
    new = encryption.generate_key()
    total = len(_stored_tokens())
    _use_keys(app, f"{new},{old}")

    class Stopped(Exception):
        pass

    def stop_after_first_batch(progress):
        raise Stopped

    with pytest.raises(Stopped):
        key_rotation.rotate(f"{new},{old}", batch_size=2, report=stop_after_first_batch)
    db.session.rollback()
    left = key_rotation.remaining(f"{new},{old}")
    assert 0 < sum(left.values()) < total

    checked = app.test_cli_runner().invoke(args=["keys", "check"])
    assert checked.exit_code == 1 and "still needing an older key" in checked.output

    second = key_rotation.rotate(f"{new},{old}", batch_size=2)
    assert sum(p.rewritten for p in second) == sum(left.values())
    assert sum(p.already_new for p in second) == total - sum(left.values())
    assert key_rotation.remaining(f"{new},{old}") == {}


def test_values_written_during_a_rotation_use_the_new_key(app):
    old = app.config["PORTAL_ENCRYPTION_KEY"]
    new = encryption.generate_key()
    _use_keys(app, f"{new},{old}")
    participant = db.session.scalars(sa.select(m.Participant)).first()
    participant.name = "Ada Fictional"
    db.session.commit()
    left_before = key_rotation.remaining(f"{new},{old}")
    assert "participants.name" in left_before  # the others still need the old key
    key_rotation.rotate(f"{new},{old}")
    assert key_rotation.remaining(f"{new},{old}") == {}
