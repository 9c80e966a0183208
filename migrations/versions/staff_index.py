"""Each member of staff's participant rows carry their conference's time, whether its work
after the meeting is done, and whether a safety alert waits for them, so a dashboard reads
only their current work, however long their history (kept by app/data/staff_index.py).

Revision ID: staff_index
Revises: safety_request_index
"""
import sqlalchemy as sa
from alembic import op

revision = "staff_index"
down_revision = "safety_request_index"
branch_labels = None
depends_on = None

STAFF = sa.text("staff_user_id IS NOT NULL")
UNSEEN = sa.text("unseen_safety_alert")

# As app/data/staff_index.py.
COPY = sa.text("""
UPDATE participants SET
    conference_starts_at = (SELECT c.starts_at FROM conferences c
                            WHERE c.id = participants.conference_id),
    conference_done = (SELECT c.after_work_done FROM conferences c
                       WHERE c.id = participants.conference_id),
    unseen_safety_alert = EXISTS (
        SELECT 1 FROM safety_alerts a WHERE a.conference_id = participants.conference_id
        AND NOT EXISTS (SELECT 1 FROM safety_alerts_seen s
                        WHERE s.alert_id = a.id
                        AND s.staff_user_id = participants.staff_user_id))
WHERE staff_user_id IS NOT NULL
""")


def upgrade():
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("conference_starts_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("conference_done", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column("unseen_safety_alert", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    op.execute(COPY)
    op.create_index("ix_participants_staff_calendar", "participants",
                    ["staff_user_id", "conference_done", "conference_starts_at",
                     "conference_id"], unique=False, postgresql_where=STAFF, sqlite_where=STAFF)
    op.create_index("ix_participants_staff_unseen_alerts", "participants",
                    ["staff_user_id", "conference_id"], unique=False,
                    postgresql_where=UNSEEN, sqlite_where=UNSEEN)


def downgrade():
    op.drop_index("ix_participants_staff_unseen_alerts", table_name="participants")
    op.drop_index("ix_participants_staff_calendar", table_name="participants")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_column("unseen_safety_alert")
        batch_op.drop_column("conference_done")
        batch_op.drop_column("conference_starts_at")
