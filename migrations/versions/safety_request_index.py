"""The few safety requests are indexed apart, so a chair's "Needs you" finds them without
reading every worksheet and child's views of the history.

Revision ID: safety_request_index
Revises: covering_indexes
"""
import sqlalchemy as sa
from alembic import op

revision = "safety_request_index"
down_revision = "covering_indexes"
branch_labels = None
depends_on = None

SAFETY_REQUESTS = sa.text("kind = 'safety_request'")


def upgrade():
    op.create_index("ix_contributions_safety_requests", "contributions", ["conference_id"],
                    unique=False, postgresql_where=SAFETY_REQUESTS,
                    sqlite_where=SAFETY_REQUESTS)


def downgrade():
    op.drop_index("ix_contributions_safety_requests", table_name="contributions")
