"""Each form that sends, shares or uploads acts once: the keys of forms acted on.

Revision ID: faults
Revises: speed_awaiting
"""
import sqlalchemy as sa
from alembic import op

revision = "faults"
down_revision = "speed_awaiting"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "submitted_forms",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("path", sa.String(length=200), nullable=False),
        sa.Column("result_url", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_submitted_forms")),
    )
    with op.batch_alter_table("submitted_forms", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_submitted_forms_created_at"), ["created_at"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("submitted_forms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submitted_forms_created_at"))
    op.drop_table("submitted_forms")
