"""Security: who invited whom and the chair's check, the advocate a child's views were
written with, one use of each staff TOTP code, server-side download grants.

Revision ID: sec_access
Revises: sec_proof
"""
import sqlalchemy as sa
from alembic import op

revision = "sec_access"
down_revision = "sec_proof"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))

    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("invited_by_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("awaiting_chair_since", sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(op.f("fk_participants_invited_by_id_staff_users"),
                                    "staff_users", ["invited_by_id"], ["id"])

    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("child_advocate_id", sa.String(length=32),
                                      nullable=True))
        batch_op.create_foreign_key(op.f("fk_contributions_child_advocate_id_participants"),
                                    "participants", ["child_advocate_id"], ["id"])

    # Views already written: the child's advocate then is the newest advocate for that
    # child who was invited before the views were last changed.
    op.execute(sa.text(
        "UPDATE contributions SET child_advocate_id = ("
        " SELECT p.id FROM participants p"
        " WHERE p.role = 'advocate' AND p.child_id = contributions.child_id"
        " AND p.conference_id = contributions.conference_id"
        " AND p.created_at <= contributions.updated_at"
        " ORDER BY p.created_at DESC LIMIT 1)"
        " WHERE kind = 'views' AND child_id IS NOT NULL"))

    op.create_table(
        "download_grants",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("participant_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("object_id", sa.String(length=32), nullable=False),
        sa.Column("password", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"],
                                name=op.f("fk_download_grants_participant_id_participants")),
        sa.ForeignKeyConstraint(["session_id"], ["user_sessions.id"],
                                name=op.f("fk_download_grants_session_id_user_sessions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_download_grants")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_download_grants_token_hash")),
    )
    with op.batch_alter_table("download_grants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_download_grants_expires_at"), ["expires_at"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_download_grants_session_id"), ["session_id"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("download_grants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_download_grants_session_id"))
        batch_op.drop_index(batch_op.f("ix_download_grants_expires_at"))
    op.drop_table("download_grants")
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_contributions_child_advocate_id_participants"),
                                 type_="foreignkey")
        batch_op.drop_column("child_advocate_id")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_participants_invited_by_id_staff_users"),
                                 type_="foreignkey")
        batch_op.drop_column("awaiting_chair_since")
        batch_op.drop_column("invited_by_id")
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.drop_column("totp_last_step")
