"""hardship tables: household files, household members, attachments (blobs), history, monthly income,
local 低保 standards, campaigns, visits, aid payments, budgets.

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('hardship_budget',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rv', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('aid_type', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('fund', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('year', 'aid_type')
    )
    with op.batch_alter_table('hardship_budget', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hardship_budget_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_budget_uuid'), ['uuid'], unique=True)
        batch_op.create_index(batch_op.f('ix_hardship_budget_year'), ['year'], unique=False)

    op.create_table('hardship_campaign',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rv', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('rule', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('cash_fen', sa.Integer(), nullable=False),
    sa.Column('goods', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('goods_value_fen', sa.Integer(), nullable=False),
    sa.Column('fund', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('hardship_campaign', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hardship_campaign_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_campaign_uuid'), ['uuid'], unique=True)
        batch_op.create_index(batch_op.f('ix_hardship_campaign_year'), ['year'], unique=False)

    op.create_table('hardship_standard',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rv', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('monthly_fen', sa.Integer(), nullable=False),
    sa.Column('region', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('hardship_standard', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hardship_standard_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_standard_uuid'), ['uuid'], unique=True)
        batch_op.create_index(batch_op.f('ix_hardship_standard_valid_from'), ['valid_from'], unique=False)

    op.create_table('hardship_file',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rv', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('file_no', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('category_computed', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('category_override', sa.Boolean(), nullable=False),
    sa.Column('override_reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('per_capita_fen', sa.Integer(), nullable=True),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('state_since', sa.Date(), nullable=True),
    sa.Column('applied_on', sa.Date(), nullable=True),
    sa.Column('filed_on', sa.Date(), nullable=True),
    sa.Column('next_recheck_on', sa.Date(), nullable=True),
    sa.Column('exit_kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('exit_on', sa.Date(), nullable=True),
    sa.Column('exit_reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('sex', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('ethnicity', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('id_number', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('political_status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('health', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('disability', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('work_status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('model_worker_type', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('mobile', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('work_unit', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('housing_type', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('housing_area', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('marital_status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('single_parent', sa.Boolean(), nullable=False),
    sa.Column('household_size', sa.Integer(), nullable=False),
    sa.Column('own_monthly_income_fen', sa.Integer(), nullable=True),
    sa.Column('other_annual_income_fen', sa.Integer(), nullable=True),
    sa.Column('rigid_expense_fen', sa.Integer(), nullable=True),
    sa.Column('medical_insurance', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('zero_employment', sa.Boolean(), nullable=False),
    sa.Column('dibao_fen', sa.Integer(), nullable=True),
    sa.Column('accident_cost_fen', sa.Integer(), nullable=True),
    sa.Column('accident_covered_fen', sa.Integer(), nullable=True),
    sa.Column('accident_desc', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('main_cause', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('secondary_causes', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('reason_text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('bank_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('bank_account', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('account_holder', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('hardship_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hardship_file_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_file_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_file_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_file_next_recheck_on'), ['next_recheck_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_file_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_file_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_file_uuid'), ['uuid'], unique=True)

    op.create_table('hardship_aid',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rv', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.Column('aid_type', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('fund', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('signature', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('student_name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('school', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('major', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('admission_on', sa.Date(), nullable=True),
    sa.Column('study_years', sa.Integer(), nullable=True),
    sa.Column('tuition_fen', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['file_id'], ['hardship_file.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('hardship_aid', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hardship_aid_aid_type'), ['aid_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_aid_file_id'), ['file_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_aid_paid_on'), ['paid_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_aid_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_aid_uuid'), ['uuid'], unique=True)
        batch_op.create_index(batch_op.f('ix_hardship_aid_year'), ['year'], unique=False)

    op.create_table('hardship_event',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rv', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('from_state', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('to_state', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('result', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('opinion', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('person', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.ForeignKeyConstraint(['file_id'], ['hardship_file.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('hardship_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hardship_event_file_id'), ['file_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_event_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_event_uuid'), ['uuid'], unique=True)

    op.create_table('hardship_income',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rv', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('household_income_fen', sa.Integer(), nullable=False),
    sa.Column('rigid_expense_fen', sa.Integer(), nullable=False),
    sa.Column('household_size', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['file_id'], ['hardship_file.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('file_id', 'month')
    )
    with op.batch_alter_table('hardship_income', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hardship_income_file_id'), ['file_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_income_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_income_uuid'), ['uuid'], unique=True)

    op.create_table('hardship_member',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rv', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('relation', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('sex', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('id_number', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('health', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('monthly_income_fen', sa.Integer(), nullable=True),
    sa.Column('identity', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('school_or_unit', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['file_id'], ['hardship_file.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('hardship_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hardship_member_file_id'), ['file_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_member_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_member_uuid'), ['uuid'], unique=True)

    op.create_table('hardship_visit',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rv', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('visited_on', sa.Date(), nullable=True),
    sa.Column('visitors', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('cash_fen', sa.Integer(), nullable=False),
    sa.Column('goods', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('goods_value_fen', sa.Integer(), nullable=False),
    sa.Column('fund', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('signature', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['hardship_campaign.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['file_id'], ['hardship_file.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('hardship_visit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hardship_visit_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_visit_done'), ['done'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_visit_file_id'), ['file_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_visit_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_visit_uuid'), ['uuid'], unique=True)
        batch_op.create_index(batch_op.f('ix_hardship_visit_visited_on'), ['visited_on'], unique=False)

    op.create_table('hardship_attachment',
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('rv', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('mime', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('added_on', sa.Date(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('blob_data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['file_id'], ['hardship_file.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['visit_id'], ['hardship_visit.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('hardship_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hardship_attachment_file_id'), ['file_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_attachment_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_attachment_uuid'), ['uuid'], unique=True)
        batch_op.create_index(batch_op.f('ix_hardship_attachment_visit_id'), ['visit_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('hardship_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hardship_attachment_visit_id'))
        batch_op.drop_index(batch_op.f('ix_hardship_attachment_uuid'))
        batch_op.drop_index(batch_op.f('ix_hardship_attachment_rv'))
        batch_op.drop_index(batch_op.f('ix_hardship_attachment_file_id'))

    op.drop_table('hardship_attachment')
    with op.batch_alter_table('hardship_visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hardship_visit_visited_on'))
        batch_op.drop_index(batch_op.f('ix_hardship_visit_uuid'))
        batch_op.drop_index(batch_op.f('ix_hardship_visit_rv'))
        batch_op.drop_index(batch_op.f('ix_hardship_visit_file_id'))
        batch_op.drop_index(batch_op.f('ix_hardship_visit_done'))
        batch_op.drop_index(batch_op.f('ix_hardship_visit_campaign_id'))

    op.drop_table('hardship_visit')
    with op.batch_alter_table('hardship_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hardship_member_uuid'))
        batch_op.drop_index(batch_op.f('ix_hardship_member_rv'))
        batch_op.drop_index(batch_op.f('ix_hardship_member_file_id'))

    op.drop_table('hardship_member')
    with op.batch_alter_table('hardship_income', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hardship_income_uuid'))
        batch_op.drop_index(batch_op.f('ix_hardship_income_rv'))
        batch_op.drop_index(batch_op.f('ix_hardship_income_file_id'))

    op.drop_table('hardship_income')
    with op.batch_alter_table('hardship_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hardship_event_uuid'))
        batch_op.drop_index(batch_op.f('ix_hardship_event_rv'))
        batch_op.drop_index(batch_op.f('ix_hardship_event_file_id'))

    op.drop_table('hardship_event')
    with op.batch_alter_table('hardship_aid', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hardship_aid_year'))
        batch_op.drop_index(batch_op.f('ix_hardship_aid_uuid'))
        batch_op.drop_index(batch_op.f('ix_hardship_aid_rv'))
        batch_op.drop_index(batch_op.f('ix_hardship_aid_paid_on'))
        batch_op.drop_index(batch_op.f('ix_hardship_aid_file_id'))
        batch_op.drop_index(batch_op.f('ix_hardship_aid_aid_type'))

    op.drop_table('hardship_aid')
    with op.batch_alter_table('hardship_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hardship_file_uuid'))
        batch_op.drop_index(batch_op.f('ix_hardship_file_state'))
        batch_op.drop_index(batch_op.f('ix_hardship_file_rv'))
        batch_op.drop_index(batch_op.f('ix_hardship_file_next_recheck_on'))
        batch_op.drop_index(batch_op.f('ix_hardship_file_name'))
        batch_op.drop_index(batch_op.f('ix_hardship_file_member_id'))
        batch_op.drop_index(batch_op.f('ix_hardship_file_category'))

    op.drop_table('hardship_file')
    with op.batch_alter_table('hardship_standard', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hardship_standard_valid_from'))
        batch_op.drop_index(batch_op.f('ix_hardship_standard_uuid'))
        batch_op.drop_index(batch_op.f('ix_hardship_standard_rv'))

    op.drop_table('hardship_standard')
    with op.batch_alter_table('hardship_campaign', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hardship_campaign_year'))
        batch_op.drop_index(batch_op.f('ix_hardship_campaign_uuid'))
        batch_op.drop_index(batch_op.f('ix_hardship_campaign_rv'))

    op.drop_table('hardship_campaign')
    with op.batch_alter_table('hardship_budget', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hardship_budget_year'))
        batch_op.drop_index(batch_op.f('ix_hardship_budget_uuid'))
        batch_op.drop_index(batch_op.f('ix_hardship_budget_rv'))

    op.drop_table('hardship_budget')
