"""The two indexes a dashboard finds a staff account's conferences by carry each
conference's id (and the open-work one its status), so PostgreSQL answers from the index
alone instead of reading the table or, guessing wrong, all of it.

Revision ID: covering_indexes
Revises: open_work
"""
import sqlalchemy as sa
from alembic import op

revision = "covering_indexes"
down_revision = "open_work"
branch_labels = None
depends_on = None

OPEN = sa.text("NOT after_work_done")


def _make(open_work_include, by_date_include):
    op.drop_index("ix_conferences_open_work", table_name="conferences")
    op.drop_index("ix_conferences_authority_id_starts_at", table_name="conferences")
    op.create_index("ix_conferences_authority_id_starts_at", "conferences",
                    ["authority_id", "starts_at"], unique=False,
                    postgresql_include=by_date_include)
    op.create_index("ix_conferences_open_work", "conferences", ["authority_id", "starts_at"],
                    unique=False, postgresql_where=OPEN, sqlite_where=OPEN,
                    postgresql_include=open_work_include)


def upgrade():
    _make(["id", "status"], ["id"])


def downgrade():
    _make([], [])
