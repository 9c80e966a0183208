"""reports: written text, family and per-recipient versions, requests to keep reports
for professionals only, and the family's replies

Revision ID: issue6_reports
Revises: issue7_outcome_and_minutes
"""
from alembic import op
import sqlalchemy as sa


revision = 'issue6_reports'
down_revision = 'issue7_outcome_and_minutes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('author_role', sa.String(length=200), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('share_deadline', sa.DateTime(), nullable=True))
    with op.batch_alter_table('report_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('summary', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('for_family', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))

    op.create_table('report_withhold_requests',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('report_id', sa.String(length=32), nullable=False),
    sa.Column('scope', sa.String(length=8), nullable=False),
    sa.Column('reason', sa.LargeBinary(), nullable=False),
    sa.Column('requested_by_id', sa.String(length=32), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=True),
    sa.Column('decision_reason', sa.LargeBinary(), nullable=True),
    sa.Column('decided_by_id', sa.String(length=32), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['participants.id'], name=op.f('fk_report_withhold_requests_decided_by_id_participants')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_withhold_requests_report_id_reports')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['participants.id'], name=op.f('fk_report_withhold_requests_requested_by_id_participants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_withhold_requests'))
    )
    with op.batch_alter_table('report_withhold_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_withhold_requests_report_id'), ['report_id'], unique=False)

    op.create_table('report_replies',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('report_id', sa.String(length=32), nullable=False),
    sa.Column('participant_id', sa.String(length=32), nullable=False),
    sa.Column('agrees', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_report_replies_participant_id_participants')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_replies_report_id_reports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_replies'))
    )
    with op.batch_alter_table('report_replies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_replies_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_replies_report_id'), ['report_id'], unique=False)


def downgrade():
    with op.batch_alter_table('report_replies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_replies_report_id'))
        batch_op.drop_index(batch_op.f('ix_report_replies_participant_id'))
    op.drop_table('report_replies')
    with op.batch_alter_table('report_withhold_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_withhold_requests_report_id'))
    op.drop_table('report_withhold_requests')
    with op.batch_alter_table('report_versions', schema=None) as batch_op:
        batch_op.drop_column('for_family')
        batch_op.drop_column('summary')
        batch_op.drop_column('body')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_column('share_deadline')
        batch_op.drop_column('author_role')
