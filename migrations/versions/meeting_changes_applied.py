"""A meeting that did not go as planned remembers where it left the conference, so that a
later reschedule by the chair ends it.

Revision ID: changes_applied
Revises: staff
"""
import sqlalchemy as sa
from alembic import op

revision = "changes_applied"
down_revision = "staff"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("meeting_changes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("conference_starts_at", sa.DateTime(), nullable=True))
    # Changes already recorded: where the conference is now (a move: its new date).
    op.execute(
        "UPDATE meeting_changes SET conference_starts_at = COALESCE(new_starts_at, "
        "(SELECT starts_at FROM conferences WHERE conferences.id = meeting_changes.conference_id))"
    )


def downgrade():
    with op.batch_alter_table("meeting_changes", schema=None) as batch_op:
        batch_op.drop_column("conference_starts_at")
