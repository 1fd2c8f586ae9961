"""contracts tables: contract, versions, offers, representatives, meetings, votes, events, minimum wage.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('contract',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rv', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('employer_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('large_firm', sa.Boolean(), nullable=False),
    sa.Column('recorder_name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('recorder_key', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('term_start', sa.Date(), nullable=True),
    sa.Column('term_end', sa.Date(), nullable=True),
    sa.Column('prev_avg_wage', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('wage_increase_pct', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('lowest_wage', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('people_covered', sa.Integer(), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('filed_on', sa.Date(), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('objection_on', sa.Date(), nullable=True),
    sa.Column('objection_note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('in_force_on', sa.Date(), nullable=True),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['previous_id'], ['contract.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contract_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_uuid'), ['uuid'], unique=True)

    op.create_table('minimum_wage',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rv', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('yuan', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('area', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('minimum_wage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minimum_wage_effective_from'), ['effective_from'], unique=False)
        batch_op.create_index(batch_op.f('ix_minimum_wage_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_minimum_wage_uuid'), ['uuid'], unique=True)

    op.create_table('contract_event',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rv', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contract_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contract_event_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_event_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_event_uuid'), ['uuid'], unique=True)

    op.create_table('contract_meeting',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rv', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('chaired_by', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('agenda', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('minutes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('next_on', sa.Date(), nullable=True),
    sa.Column('signed_worker', sa.Boolean(), nullable=False),
    sa.Column('signed_employer', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contract_meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contract_meeting_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_meeting_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_meeting_uuid'), ['uuid'], unique=True)

    op.create_table('contract_offer',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rv', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('from_side', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('topics', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('proposed_time', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('reply_on', sa.Date(), nullable=True),
    sa.Column('reply_note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contract_offer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contract_offer_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_offer_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_offer_uuid'), ['uuid'], unique=True)

    op.create_table('contract_version',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rv', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('saved_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contract_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contract_version_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_version_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_version_uuid'), ['uuid'], unique=True)

    op.create_table('contract_representative',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rv', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('side', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('post', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('chief', sa.Boolean(), nullable=False),
    sa.Column('outsider', sa.Boolean(), nullable=False),
    sa.Column('union_chair', sa.Boolean(), nullable=False),
    sa.Column('authorisation', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('labour_contract_end', sa.Date(), nullable=True),
    sa.Column('appointed_on', sa.Date(), nullable=True),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('left_reason', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contract_representative', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contract_representative_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_representative_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_representative_uuid'), ['uuid'], unique=True)

    op.create_table('contract_vote',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rv', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=True),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('present', sa.Integer(), nullable=False),
    sa.Column('in_favour', sa.Integer(), nullable=False),
    sa.Column('against', sa.Integer(), nullable=False),
    sa.Column('abstain', sa.Integer(), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('congress_meeting_uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('profile', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['contract_version.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contract_vote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contract_vote_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_vote_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_vote_uuid'), ['uuid'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('contract_vote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contract_vote_uuid'))
        batch_op.drop_index(batch_op.f('ix_contract_vote_rv'))
        batch_op.drop_index(batch_op.f('ix_contract_vote_contract_id'))

    op.drop_table('contract_vote')
    with op.batch_alter_table('contract_representative', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contract_representative_uuid'))
        batch_op.drop_index(batch_op.f('ix_contract_representative_rv'))
        batch_op.drop_index(batch_op.f('ix_contract_representative_contract_id'))

    op.drop_table('contract_representative')
    with op.batch_alter_table('contract_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contract_version_uuid'))
        batch_op.drop_index(batch_op.f('ix_contract_version_rv'))
        batch_op.drop_index(batch_op.f('ix_contract_version_contract_id'))

    op.drop_table('contract_version')
    with op.batch_alter_table('contract_offer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contract_offer_uuid'))
        batch_op.drop_index(batch_op.f('ix_contract_offer_rv'))
        batch_op.drop_index(batch_op.f('ix_contract_offer_contract_id'))

    op.drop_table('contract_offer')
    with op.batch_alter_table('contract_meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contract_meeting_uuid'))
        batch_op.drop_index(batch_op.f('ix_contract_meeting_rv'))
        batch_op.drop_index(batch_op.f('ix_contract_meeting_contract_id'))

    op.drop_table('contract_meeting')
    with op.batch_alter_table('contract_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contract_event_uuid'))
        batch_op.drop_index(batch_op.f('ix_contract_event_rv'))
        batch_op.drop_index(batch_op.f('ix_contract_event_contract_id'))

    op.drop_table('contract_event')
    with op.batch_alter_table('minimum_wage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minimum_wage_uuid'))
        batch_op.drop_index(batch_op.f('ix_minimum_wage_rv'))
        batch_op.drop_index(batch_op.f('ix_minimum_wage_effective_from'))

    op.drop_table('minimum_wage')
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contract_uuid'))
        batch_op.drop_index(batch_op.f('ix_contract_state'))
        batch_op.drop_index(batch_op.f('ix_contract_rv'))
        batch_op.drop_index(batch_op.f('ix_contract_kind'))

    op.drop_table('contract')
