"""Issue 7: outcome plan dates, actions, child told; minutes with per-recipient versions.

Revision ID: issue7_outcome_and_minutes
Revises: aa8e14b2b3ef
"""
import sqlalchemy as sa
from alembic import op

revision = "issue7_outcome_and_minutes"
down_revision = "aa8e14b2b3ef"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outcomes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_core_group_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("review_on", sa.Date(), nullable=True))
    with op.batch_alter_table("outcome_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actions", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("dissent", sa.LargeBinary(), nullable=True))

    op.create_table(
        "children_told",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("outcome_id", sa.String(length=32), nullable=False),
        sa.Column("child_id", sa.String(length=32), nullable=False),
        sa.Column("told_at", sa.DateTime(), nullable=False),
        sa.Column("how", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["child_id"], ["children.id"],
                                name=op.f("fk_children_told_child_id_children")),
        sa.ForeignKeyConstraint(["outcome_id"], ["outcomes.id"],
                                name=op.f("fk_children_told_outcome_id_outcomes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_children_told")),
        sa.UniqueConstraint("outcome_id", "child_id", name=op.f("uq_children_told_outcome_id")),
    )
    with op.batch_alter_table("children_told", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_children_told_outcome_id"), ["outcome_id"],
                              unique=False)

    op.create_table(
        "minutes",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("conference_id", sa.String(length=32), nullable=False),
        sa.Column("uploaded_by_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["conference_id"], ["conferences.id"],
                                name=op.f("fk_minutes_conference_id_conferences")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes")),
    )
    with op.batch_alter_table("minutes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_minutes_conference_id"), ["conference_id"],
                              unique=True)

    op.create_table(
        "minutes_versions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("minutes_id", sa.String(length=32), nullable=False),
        sa.Column("recipient_id", sa.String(length=32), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["minutes_id"], ["minutes.id"],
                                name=op.f("fk_minutes_versions_minutes_id_minutes")),
        sa.ForeignKeyConstraint(["recipient_id"], ["participants.id"],
                                name=op.f("fk_minutes_versions_recipient_id_participants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_versions")),
    )
    with op.batch_alter_table("minutes_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_minutes_versions_minutes_id"), ["minutes_id"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("children_told", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_children_told_outcome_id"))
    op.drop_table("children_told")
    with op.batch_alter_table("minutes_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_versions_minutes_id"))
    op.drop_table("minutes_versions")
    with op.batch_alter_table("minutes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_conference_id"))
    op.drop_table("minutes")
    with op.batch_alter_table("outcome_versions", schema=None) as batch_op:
        batch_op.drop_column("dissent")
        batch_op.drop_column("actions")
    with op.batch_alter_table("outcomes", schema=None) as batch_op:
        batch_op.drop_column("review_on")
        batch_op.drop_column("first_core_group_on")
