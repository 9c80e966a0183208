"""Audit events are indexed by their kind first (with the time, and with the conference),
so a dashboard asking for one kind of event is not slowed by a flood of another (every
document view adds one).

Revision ID: audit_event_kinds
Revises: staff_index
"""
from alembic import op

revision = "audit_event_kinds"
down_revision = "staff_index"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_audit_events_event_at", "audit_events", ["event", "at"], unique=False)
    op.create_index("ix_audit_events_event_conference_id", "audit_events",
                    ["event", "conference_id"], unique=False)
    op.drop_index("ix_audit_events_event", table_name="audit_events")


def downgrade():
    op.create_index("ix_audit_events_event", "audit_events", ["event"], unique=False)
    op.drop_index("ix_audit_events_event_conference_id", table_name="audit_events")
    op.drop_index("ix_audit_events_event_at", table_name="audit_events")
