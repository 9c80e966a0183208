"""Conferences with nothing left to do after the meeting are marked, and the rest indexed
apart, so a chair's dashboard reads only the open ones, however long their history; and a
staff account's conferences come from the index of its participant rows alone.

Revision ID: open_work
Revises: changes_applied
"""
import sqlalchemy as sa
from alembic import op

revision = "open_work"
down_revision = "changes_applied"
branch_labels = None
depends_on = None

OPEN = sa.text("NOT after_work_done")

# As app/data/work_done.py: cancelled or purged, or the outcome and minutes published and
# every child told.
WORK_DONE = sa.text("""
UPDATE conferences SET after_work_done = (
    status IN ('cancelled', 'purged')
    OR (EXISTS (SELECT 1 FROM outcomes o WHERE o.conference_id = conferences.id
                AND o.published_at IS NOT NULL)
        AND EXISTS (SELECT 1 FROM minutes n WHERE n.conference_id = conferences.id
                    AND n.published_at IS NOT NULL)
        AND NOT EXISTS (
            SELECT 1 FROM children c WHERE c.conference_id = conferences.id
            AND NOT EXISTS (SELECT 1 FROM children_told t JOIN outcomes o ON o.id = t.outcome_id
                            WHERE t.child_id = c.id AND o.conference_id = conferences.id))))
""")


def upgrade():
    with op.batch_alter_table("conferences", schema=None) as batch_op:
        batch_op.add_column(sa.Column("after_work_done", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    op.execute(WORK_DONE)
    op.create_index("ix_conferences_open_work", "conferences", ["authority_id", "starts_at"],
                    unique=False, postgresql_where=OPEN, sqlite_where=OPEN)
    op.create_index("ix_participants_staff_user_id_conference_id", "participants",
                    ["staff_user_id", "conference_id"], unique=False)
    op.drop_index("ix_participants_staff_user_id", table_name="participants")


def downgrade():
    op.create_index("ix_participants_staff_user_id", "participants", ["staff_user_id"],
                    unique=False)
    op.drop_index("ix_participants_staff_user_id_conference_id", table_name="participants")
    op.drop_index("ix_conferences_open_work", table_name="conferences")
    with op.batch_alter_table("conferences", schema=None) as batch_op:
        batch_op.drop_column("after_work_done")
