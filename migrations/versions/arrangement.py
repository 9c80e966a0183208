"""How each parent takes part, the conversations around the meeting, how the outcome
reaches each parent, and a meeting that could not go ahead as planned (issue 18).

Revision ID: arrangement
Revises: reminders
"""
import sqlalchemy as sa
from alembic import op

revision = "arrangement"
down_revision = "reminders"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "taking_part",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("conference_id", sa.String(length=32), nullable=False),
        sa.Column("participant_id", sa.String(length=32), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.LargeBinary(), nullable=True),
        sa.Column("meets_chair_at", sa.DateTime(), nullable=True),
        sa.Column("meets_how", sa.String(length=16), nullable=True),
        sa.Column("place", sa.LargeBinary(), nullable=True),
        sa.Column("joining_details", sa.LargeBinary(), nullable=True),
        sa.Column("set_by_id", sa.String(length=32), nullable=True),
        sa.Column("outcome_by", sa.String(length=16), nullable=True),
        sa.Column("outcome_password", sa.Boolean(), nullable=False),
        sa.Column("paper_given_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["conference_id"], ["conferences.id"],
                                name=op.f("fk_taking_part_conference_id_conferences")),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"],
                                name=op.f("fk_taking_part_participant_id_participants")),
        sa.ForeignKeyConstraint(["set_by_id"], ["staff_users.id"],
                                name=op.f("fk_taking_part_set_by_id_staff_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taking_part")),
        sa.UniqueConstraint("participant_id", name=op.f("uq_taking_part_participant_id")),
    )
    with op.batch_alter_table("taking_part", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_taking_part_conference_id"), ["conference_id"],
                              unique=False)

    op.create_table(
        "conversations_held",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("conference_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("held_at", sa.DateTime(), nullable=False),
        sa.Column("marked_by_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["conference_id"], ["conferences.id"],
                                name=op.f("fk_conversations_held_conference_id_conferences")),
        sa.ForeignKeyConstraint(["marked_by_id"], ["staff_users.id"],
                                name=op.f("fk_conversations_held_marked_by_id_staff_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations_held")),
        sa.UniqueConstraint("conference_id", "kind",
                            name=op.f("uq_conversations_held_conference_id")),
    )
    with op.batch_alter_table("conversations_held", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conversations_held_conference_id"),
                              ["conference_id"], unique=False)

    op.create_table(
        "meeting_changes",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("conference_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.LargeBinary(), nullable=False),
        sa.Column("agreed_by", sa.LargeBinary(), nullable=False),
        sa.Column("new_starts_at", sa.DateTime(), nullable=True),
        sa.Column("recorded_by_id", sa.String(length=32), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["conference_id"], ["conferences.id"],
                                name=op.f("fk_meeting_changes_conference_id_conferences")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["staff_users.id"],
                                name=op.f("fk_meeting_changes_recorded_by_id_staff_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_changes")),
    )
    with op.batch_alter_table("meeting_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_changes_conference_id"),
                              ["conference_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_changes_recorded_at"), ["recorded_at"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("meeting_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_changes_recorded_at"))
        batch_op.drop_index(batch_op.f("ix_meeting_changes_conference_id"))
    op.drop_table("meeting_changes")
    with op.batch_alter_table("conversations_held", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversations_held_conference_id"))
    op.drop_table("conversations_held")
    with op.batch_alter_table("taking_part", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_taking_part_conference_id"))
    op.drop_table("taking_part")
