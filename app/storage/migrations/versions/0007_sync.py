"""sync tables: signing keys, recipients, key rotations, bundles sent.

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_bundle_export',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('bundle_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('stream_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('base_seq', sa.Integer(), nullable=False),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('recipient_org', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('key_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('counts', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('max_rv', sa.Integer(), nullable=False),
    sa.Column('manifest_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('acknowledged', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('bundle_id'),
    sa.UniqueConstraint('seq')
    )
    op.create_table('sync_key_rotation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('old_key_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('new_key_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('last_seq_old', sa.Integer(), nullable=False),
    sa.Column('statement', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('sig_old', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('sig_new', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('new_key_id')
    )
    op.create_table('sync_recipient',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('age_recipient', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('pseudonym_key', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('added_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('org_code')
    )
    op.create_table('sync_signing_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('public_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('retired_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('in_keyring', sa.Boolean(), nullable=False),
    sa.Column('key_file', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key_id')
    )


def downgrade() -> None:
    op.drop_table('sync_signing_key')
    op.drop_table('sync_recipient')
    op.drop_table('sync_key_rotation')
    op.drop_table('sync_bundle_export')
