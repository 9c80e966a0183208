"""Staff run a conference: a person removed from a conference keeps what they wrote but
can no longer sign in.

Revision ID: staff
Revises: faults
"""
import sqlalchemy as sa
from alembic import op

revision = "staff"
down_revision = "faults"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("removed_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_column("removed_at")
