"""授权用印: seal grants (the principal lets a real-name-verified person use a seal from a date to a date)

Revision ID: c2a9f5e8d317
Revises: b7d41e6a9c20
Create Date: 2026-12-02 03:10:20.504945

"""
import sqlalchemy as sa
from alembic import op

import backend.models.types

revision = 'c2a9f5e8d317'
down_revision = 'b7d41e6a9c20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('seal_grants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seal_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('grantor_id', sa.Integer(), nullable=False),
    sa.Column('grantee_id', sa.Integer(), nullable=False),
    sa.Column('grantee_name', sa.String(length=40), nullable=False),
    sa.Column('grantee_phone', sa.String(length=11), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('created_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', backend.models.types.UTCDateTime(), nullable=True),
    sa.Column('revoke_reason', sa.String(length=20), nullable=True),
    sa.CheckConstraint('starts_on <= ends_on', name=op.f('ck_seal_grants_starts_before_ends')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_seal_grants_enterprise_id_enterprises')),
    sa.ForeignKeyConstraint(['grantee_id'], ['users.id'], name=op.f('fk_seal_grants_grantee_id_users')),
    sa.ForeignKeyConstraint(['grantor_id'], ['users.id'], name=op.f('fk_seal_grants_grantor_id_users')),
    sa.ForeignKeyConstraint(['seal_id'], ['seals.id'], name=op.f('fk_seal_grants_seal_id_seals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seal_grants'))
    )
    with op.batch_alter_table('seal_grants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seal_grants_grantee_id'), ['grantee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_seal_grants_seal_id'), ['seal_id'], unique=False)


def downgrade():
    with op.batch_alter_table('seal_grants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seal_grants_seal_id'))
        batch_op.drop_index(batch_op.f('ix_seal_grants_grantee_id'))

    op.drop_table('seal_grants')