"""A tamper-evident audit trail: each record chained to the one before by a hash.

Records already there are chained now, in id order, so `flask audit verify` covers them.

Revision ID: sec_proof
Revises: speed
"""
import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "sec_proof"
down_revision = "speed"
branch_labels = None
depends_on = None

START = "0" * 64


def _canonical(row):
    # The same as app.audit.canonical, written out so this migration keeps its meaning.
    return json.dumps([
        row.at.isoformat(timespec="microseconds"), row.event, row.participant_id,
        row.staff_user_id, row.conference_id, row.object_type, row.object_id, row.outcome,
        row.detail,
    ], ensure_ascii=False, separators=(",", ":"))


def upgrade():
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chain_prev", sa.String(length=64), server_default="",
                                      nullable=False))
        batch_op.add_column(sa.Column("chain_hash", sa.String(length=64), server_default="",
                                      nullable=False))
    head = op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain_head")),
    )

    events = sa.table(
        "audit_events", sa.column("id", sa.Integer), sa.column("at", sa.DateTime),
        *(sa.column(name, sa.String) for name in (
            "event", "participant_id", "staff_user_id", "conference_id", "object_type",
            "object_id", "outcome", "detail", "chain_prev", "chain_hash")),
    )
    bind = op.get_bind()
    previous, length = START, 0
    rows = bind.execute(sa.select(events).order_by(events.c.id)).all()
    for row in rows:
        digest = hashlib.sha256(f"{previous}\n{_canonical(row)}".encode()).hexdigest()
        bind.execute(sa.update(events).where(events.c.id == row.id)
                     .values(chain_prev=previous, chain_hash=digest))
        previous, length = digest, length + 1
    op.bulk_insert(head, [{"id": 1, "length": length, "last_hash": previous}])


def downgrade():
    op.drop_table("audit_chain_head")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_column("chain_hash")
        batch_op.drop_column("chain_prev")
