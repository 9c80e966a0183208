"""Views: children's drawings, safety alerts, the authority's duty contact

Revision ID: issue5_views
Revises: issue6_reports
"""
from alembic import op
import sqlalchemy as sa


revision = "issue5_views"
down_revision = 'issue6_reports'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("authorities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("duty_email", sa.String(length=200), nullable=False,
                                      server_default=""))

    op.create_table(
        "views_drawings",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("contribution_id", sa.String(length=32), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("content_type", sa.String(length=32), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["contribution_id"], ["contributions.id"],
                                name=op.f("fk_views_drawings_contribution_id_contributions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_views_drawings")),
    )
    with op.batch_alter_table("views_drawings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_views_drawings_contribution_id"),
                              ["contribution_id"], unique=True)

    op.create_table(
        "safety_alerts",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("conference_id", sa.String(length=32), nullable=False),
        sa.Column("contribution_id", sa.String(length=32), nullable=False),
        sa.Column("child_id", sa.String(length=32), nullable=True),
        sa.Column("raised_by_id", sa.String(length=32), nullable=False),
        sa.Column("answer", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["child_id"], ["children.id"],
                                name=op.f("fk_safety_alerts_child_id_children")),
        sa.ForeignKeyConstraint(["conference_id"], ["conferences.id"],
                                name=op.f("fk_safety_alerts_conference_id_conferences")),
        sa.ForeignKeyConstraint(["contribution_id"], ["contributions.id"],
                                name=op.f("fk_safety_alerts_contribution_id_contributions")),
        sa.ForeignKeyConstraint(["raised_by_id"], ["participants.id"],
                                name=op.f("fk_safety_alerts_raised_by_id_participants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_alerts")),
    )
    with op.batch_alter_table("safety_alerts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_safety_alerts_conference_id"), ["conference_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_safety_alerts_contribution_id"),
                              ["contribution_id"], unique=False)

    op.create_table(
        "safety_alerts_seen",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("alert_id", sa.String(length=32), nullable=False),
        sa.Column("staff_user_id", sa.String(length=32), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["alert_id"], ["safety_alerts.id"],
                                name=op.f("fk_safety_alerts_seen_alert_id_safety_alerts")),
        sa.ForeignKeyConstraint(["staff_user_id"], ["staff_users.id"],
                                name=op.f("fk_safety_alerts_seen_staff_user_id_staff_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_alerts_seen")),
        sa.UniqueConstraint("alert_id", "staff_user_id",
                            name=op.f("uq_safety_alerts_seen_alert_id")),
    )
    with op.batch_alter_table("safety_alerts_seen", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_safety_alerts_seen_alert_id"), ["alert_id"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("safety_alerts_seen", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_safety_alerts_seen_alert_id"))
    op.drop_table("safety_alerts_seen")
    with op.batch_alter_table("safety_alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_safety_alerts_contribution_id"))
        batch_op.drop_index(batch_op.f("ix_safety_alerts_conference_id"))
    op.drop_table("safety_alerts")
    with op.batch_alter_table("views_drawings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_views_drawings_contribution_id"))
    op.drop_table("views_drawings")
    with op.batch_alter_table("authorities", schema=None) as batch_op:
        batch_op.drop_column("duty_email")
