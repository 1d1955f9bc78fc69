"""Licence app: each jump's flow on the server (elicense_flows), its own login per browser (elicense_logins)

The flow replaces the claims and steps the licence app kept in its cookie, and takes over the single use
of jump requests (elicense_spent_requests, folded into its unique jti). The licence app no longer knows a
person by the jump's subject: the former elicense_logins (client, subject → holder) cannot become logins
of a browser, so they are dropped; a person identifies once per browser (实名信息, 实人认证) instead.

Revision ID: 40de97d30c65
Revises: e41f7a9c2d05
Create Date: 2026-12-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa

import backend.models.types


revision = '40de97d30c65'
down_revision = 'e41f7a9c2d05'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('elicense_flows',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('jti', sa.String(length=64), nullable=False),
    sa.Column('expires_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.Column('created_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.Column('request', sa.JSON(), nullable=False),
    sa.Column('holder_id', sa.Integer(), nullable=True),
    sa.Column('pending_holder_id', sa.Integer(), nullable=True),
    sa.Column('chosen', sa.String(length=18), nullable=True),
    sa.Column('verified', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('ended_at', backend.models.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['holder_id'], ['elicense_holders.id'], name=op.f('fk_elicense_flows_holder_id_elicense_holders')),
    sa.ForeignKeyConstraint(['pending_holder_id'], ['elicense_holders.id'], name=op.f('fk_elicense_flows_pending_holder_id_elicense_holders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_elicense_flows')),
    sa.UniqueConstraint('jti', name=op.f('uq_elicense_flows_jti'))
    )
    with op.batch_alter_table('elicense_flows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_elicense_flows_expires_at'), ['expires_at'], unique=False)

    with op.batch_alter_table('elicense_spent_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_elicense_spent_requests_expires_at'))
    op.drop_table('elicense_spent_requests')

    op.drop_table('elicense_logins')
    op.create_table('elicense_logins',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('holder_id', sa.Integer(), nullable=False),
    sa.Column('created_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.Column('expires_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['holder_id'], ['elicense_holders.id'], name=op.f('fk_elicense_logins_holder_id_elicense_holders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_elicense_logins'))
    )
    with op.batch_alter_table('elicense_logins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_elicense_logins_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_elicense_logins_holder_id'), ['holder_id'], unique=False)


def downgrade():
    op.drop_table('elicense_logins')  # browser logins have no subject to go back to
    op.create_table('elicense_logins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=64), nullable=False),
    sa.Column('holder_id', sa.Integer(), nullable=False),
    sa.Column('created_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['holder_id'], ['elicense_holders.id'], name=op.f('fk_elicense_logins_holder_id_elicense_holders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_elicense_logins')),
    sa.UniqueConstraint('client_id', 'subject', name=op.f('uq_elicense_logins_client_id'))
    )

    op.create_table('elicense_spent_requests',
    sa.Column('jti', sa.String(length=64), nullable=False),
    sa.Column('expires_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('jti', name=op.f('pk_elicense_spent_requests'))
    )
    with op.batch_alter_table('elicense_spent_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_elicense_spent_requests_expires_at'), ['expires_at'], unique=False)
    op.execute("INSERT INTO elicense_spent_requests (jti, expires_at) SELECT jti, expires_at FROM elicense_flows")

    with op.batch_alter_table('elicense_flows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_elicense_flows_expires_at'))
    op.drop_table('elicense_flows')
