"""Indexes on the foreign keys that staff pages and access checks look things up by.

Revision ID: speed
Revises: issue4_prepare
"""
from alembic import op

revision = "speed"
down_revision = "issue4_prepare"
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_conferences_authority_id_starts_at", "conferences", ["authority_id", "starts_at"]),
    ("ix_participants_child_id", "participants", ["child_id"]),
    ("ix_participants_staff_user_id", "participants", ["staff_user_id"]),
    ("ix_reports_author_id", "reports", ["author_id"]),
    ("ix_contributions_child_id", "contributions", ["child_id"]),
    ("ix_report_versions_recipient_id", "report_versions", ["recipient_id"]),
    ("ix_outcome_versions_recipient_id", "outcome_versions", ["recipient_id"]),
    ("ix_minutes_versions_recipient_id", "minutes_versions", ["recipient_id"]),
    ("ix_children_told_child_id", "children_told", ["child_id"]),
    ("ix_safety_alerts_seen_staff_user_id", "safety_alerts_seen", ["staff_user_id"]),
]


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
