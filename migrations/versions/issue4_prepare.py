"""Prepare: sent versions of contributions, practical needs, form text kept across sign-in

Revision ID: issue4_prepare
Revises: issue5_views
"""
from alembic import op
import sqlalchemy as sa


revision = 'issue4_prepare'
down_revision = 'issue5_views'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('contribution_versions',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('contribution_id', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('audience', sa.String(length=32), nullable=False),
    sa.Column('answers', sa.LargeBinary(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_contribution_versions_contribution_id_contributions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contribution_versions')),
    sa.UniqueConstraint('contribution_id', 'version', name=op.f('uq_contribution_versions_contribution_id'))
    )
    with op.batch_alter_table('contribution_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contribution_versions_contribution_id'), ['contribution_id'], unique=False)

    op.create_table('practical_needs',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('conference_id', sa.String(length=32), nullable=False),
    sa.Column('participant_id', sa.String(length=32), nullable=False),
    sa.Column('answers', sa.LargeBinary(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], name=op.f('fk_practical_needs_conference_id_conferences')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_practical_needs_participant_id_participants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practical_needs')),
    sa.UniqueConstraint('participant_id', name=op.f('uq_practical_needs_participant_id'))
    )
    with op.batch_alter_table('practical_needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practical_needs_conference_id'), ['conference_id'], unique=False)

    op.create_table('kept_form_text',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('participant_id', sa.String(length=32), nullable=True),
    sa.Column('path', sa.String(length=200), nullable=False),
    sa.Column('fields', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_kept_form_text_participant_id_participants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kept_form_text'))
    )
    with op.batch_alter_table('kept_form_text', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kept_form_text_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_kept_form_text_participant_id'), ['participant_id'], unique=False)


def downgrade():
    with op.batch_alter_table('kept_form_text', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kept_form_text_participant_id'))
        batch_op.drop_index(batch_op.f('ix_kept_form_text_expires_at'))
    op.drop_table('kept_form_text')
    with op.batch_alter_table('practical_needs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practical_needs_conference_id'))
    op.drop_table('practical_needs')
    with op.batch_alter_table('contribution_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contribution_versions_contribution_id'))
    op.drop_table('contribution_versions')
