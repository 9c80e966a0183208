"""An index of the people still waiting for the chair to see their invitation, which every
chair's dashboard looks up: partial, so it holds only those few rows.

Revision ID: speed_awaiting
Revises: arrangement
"""
import sqlalchemy as sa
from alembic import op

revision = "speed_awaiting"
down_revision = "arrangement"
branch_labels = None
depends_on = None

WAITING = sa.text("awaiting_chair_since IS NOT NULL")


def upgrade():
    op.create_index("ix_participants_awaiting_chair", "participants", ["awaiting_chair_since"],
                    unique=False, postgresql_where=WAITING, sqlite_where=WAITING)


def downgrade():
    op.drop_index("ix_participants_awaiting_chair", table_name="participants")
