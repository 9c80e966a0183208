"""Retention: a purged conference keeps a tombstone (when, and the export bundle's hash).

Revision ID: retention
Revises: sec_access
"""
import sqlalchemy as sa
from alembic import op

revision = "retention"
down_revision = "sec_access"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("conferences", schema=None) as batch_op:
        batch_op.add_column(sa.Column("purged_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("export_sha256", sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table("conferences", schema=None) as batch_op:
        batch_op.drop_column("export_sha256")
        batch_op.drop_column("purged_at")
