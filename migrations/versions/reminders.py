"""Reminders: each authority may turn them off; each reminder goes to a person once.

Revision ID: reminders
Revises: outbox
"""
import sqlalchemy as sa
from alembic import op

revision = "reminders"
down_revision = "outbox"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("authorities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminders_enabled", sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
    op.create_table(
        "reminders_sent",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("conference_id", sa.String(length=32), nullable=False),
        sa.Column("participant_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["conference_id"], ["conferences.id"],
                                name=op.f("fk_reminders_sent_conference_id_conferences")),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"],
                                name=op.f("fk_reminders_sent_participant_id_participants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders_sent")),
        sa.UniqueConstraint("participant_id", "kind",
                            name=op.f("uq_reminders_sent_participant_id")),
    )
    with op.batch_alter_table("reminders_sent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reminders_sent_conference_id"), ["conference_id"])


def downgrade():
    op.drop_table("reminders_sent")
    with op.batch_alter_table("authorities", schema=None) as batch_op:
        batch_op.drop_column("reminders_enabled")
