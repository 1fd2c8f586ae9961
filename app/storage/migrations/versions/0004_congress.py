"""congress: terms, meetings, representatives, attendance, votes, motions and their handling.

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('congress_term',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rv', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('assembly', sa.Boolean(), nullable=False),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('congress_term', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_congress_term_number'), ['number'], unique=False)
        batch_op.create_index(batch_op.f('ix_congress_term_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_congress_term_uuid'), ['uuid'], unique=True)

    op.create_table('congress_meeting',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rv', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('collect_from', sa.Date(), nullable=True),
    sa.Column('collect_until', sa.Date(), nullable=True),
    sa.Column('present_count', sa.Integer(), nullable=True),
    sa.Column('reported_on', sa.Date(), nullable=True),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['term_id'], ['congress_term.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('congress_meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_congress_meeting_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_congress_meeting_term_id'), ['term_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_congress_meeting_uuid'), ['uuid'], unique=True)

    op.create_table('congress_representative',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rv', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('constituency_id', sa.Integer(), nullable=True),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('observer', sa.Boolean(), nullable=False),
    sa.Column('elected_on', sa.Date(), nullable=False),
    sa.Column('replaces_id', sa.Integer(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('end_kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('end_reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('recall_for', sa.Integer(), nullable=True),
    sa.Column('recall_base', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['constituency_id'], ['department.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['replaces_id'], ['congress_representative.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['term_id'], ['congress_term.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('congress_representative', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_congress_representative_constituency_id'), ['constituency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_congress_representative_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_congress_representative_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_congress_representative_term_id'), ['term_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_congress_representative_uuid'), ['uuid'], unique=True)

    op.create_table('congress_vote',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rv', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('important', sa.Boolean(), nullable=False),
    sa.Column('secret', sa.Boolean(), nullable=False),
    sa.Column('votes_for', sa.Integer(), nullable=False),
    sa.Column('votes_against', sa.Integer(), nullable=False),
    sa.Column('votes_abstain', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('present', sa.Integer(), nullable=False),
    sa.Column('rule', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('voted_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['congress_meeting.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('congress_vote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_congress_vote_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_congress_vote_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_congress_vote_uuid'), ['uuid'], unique=True)

    op.create_table('motion_report',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rv', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['congress_meeting.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('meeting_id')
    )
    with op.batch_alter_table('motion_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_motion_report_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_motion_report_uuid'), ['uuid'], unique=True)

    op.create_table('congress_attendance',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('representative_id', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['congress_meeting.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['representative_id'], ['congress_representative.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'representative_id')
    )
    op.create_table('motion',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rv', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('proposer_id', sa.Integer(), nullable=False),
    sa.Column('proposer_dept', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('proposer_post', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('proposer_contact', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('reasons', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('suggestions', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('disposition', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('review_opinion', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_on', sa.Date(), nullable=True),
    sa.Column('lead_department_id', sa.Integer(), nullable=True),
    sa.Column('assist_departments', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('assigned_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('reply_text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('reply_number', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('reply_kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('implementation', sqlmodel.sql.sqltypes.AutoString(length=1), nullable=False),
    sa.Column('implementation_note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('handler', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('signer', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('replied_on', sa.Date(), nullable=True),
    sa.Column('rating_attitude', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('rating_result', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('rated_on', sa.Date(), nullable=True),
    sa.Column('return_reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('returns', sa.Integer(), nullable=False),
    sa.Column('supervisions', sa.Integer(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('archived_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['lead_department_id'], ['department.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['congress_meeting.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['merged_into_id'], ['motion.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposer_id'], ['congress_representative.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('motion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_motion_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_motion_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_motion_lead_department_id'), ['lead_department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_motion_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_motion_number'), ['number'], unique=True)
        batch_op.create_index(batch_op.f('ix_motion_proposer_id'), ['proposer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_motion_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_motion_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_motion_uuid'), ['uuid'], unique=True)

    op.create_table('motion_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('motion_id', sa.Integer(), nullable=False),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('added_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['motion_id'], ['motion.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('motion_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_motion_attachment_motion_id'), ['motion_id'], unique=False)

    op.create_table('motion_cosigner',
    sa.Column('motion_id', sa.Integer(), nullable=False),
    sa.Column('representative_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['motion_id'], ['motion.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['representative_id'], ['congress_representative.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('motion_id', 'representative_id')
    )
    op.create_table('motion_event',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rv', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('motion_id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=True),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('from_state', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('to_state', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['motion_id'], ['motion.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('motion_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_motion_event_motion_id'), ['motion_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_motion_event_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_motion_event_uuid'), ['uuid'], unique=True)



def downgrade() -> None:
    with op.batch_alter_table('motion_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_motion_event_uuid'))
        batch_op.drop_index(batch_op.f('ix_motion_event_rv'))
        batch_op.drop_index(batch_op.f('ix_motion_event_motion_id'))

    op.drop_table('motion_event')
    op.drop_table('motion_cosigner')
    with op.batch_alter_table('motion_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_motion_attachment_motion_id'))

    op.drop_table('motion_attachment')
    with op.batch_alter_table('motion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_motion_uuid'))
        batch_op.drop_index(batch_op.f('ix_motion_state'))
        batch_op.drop_index(batch_op.f('ix_motion_rv'))
        batch_op.drop_index(batch_op.f('ix_motion_proposer_id'))
        batch_op.drop_index(batch_op.f('ix_motion_number'))
        batch_op.drop_index(batch_op.f('ix_motion_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_motion_lead_department_id'))
        batch_op.drop_index(batch_op.f('ix_motion_due_on'))
        batch_op.drop_index(batch_op.f('ix_motion_category'))

    op.drop_table('motion')
    op.drop_table('congress_attendance')
    with op.batch_alter_table('motion_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_motion_report_uuid'))
        batch_op.drop_index(batch_op.f('ix_motion_report_rv'))

    op.drop_table('motion_report')
    with op.batch_alter_table('congress_vote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_congress_vote_uuid'))
        batch_op.drop_index(batch_op.f('ix_congress_vote_rv'))
        batch_op.drop_index(batch_op.f('ix_congress_vote_meeting_id'))

    op.drop_table('congress_vote')
    with op.batch_alter_table('congress_representative', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_congress_representative_uuid'))
        batch_op.drop_index(batch_op.f('ix_congress_representative_term_id'))
        batch_op.drop_index(batch_op.f('ix_congress_representative_rv'))
        batch_op.drop_index(batch_op.f('ix_congress_representative_member_id'))
        batch_op.drop_index(batch_op.f('ix_congress_representative_constituency_id'))

    op.drop_table('congress_representative')
    with op.batch_alter_table('congress_meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_congress_meeting_uuid'))
        batch_op.drop_index(batch_op.f('ix_congress_meeting_term_id'))
        batch_op.drop_index(batch_op.f('ix_congress_meeting_rv'))

    op.drop_table('congress_meeting')
    with op.batch_alter_table('congress_term', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_congress_term_uuid'))
        batch_op.drop_index(batch_op.f('ix_congress_term_rv'))
        batch_op.drop_index(batch_op.f('ix_congress_term_number'))

    op.drop_table('congress_term')
