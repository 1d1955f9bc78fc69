"""Throttles: attempts being checked are reserved (pending, pending_until) before a costly check

A licence password is hashed for about 0.4 s; reserving the attempt first means no more attempts than
the limit are ever checked at once, across workers and hosts.

Revision ID: e41f7a9c2d05
Revises: 7b3e9d2a4c11
Create Date: 2026-12-02 09:00:00

"""
from alembic import op
import sqlalchemy as sa

import backend.models.types


revision = 'e41f7a9c2d05'
down_revision = '7b3e9d2a4c11'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('throttles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pending', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('pending_until', backend.models.types.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('throttles', schema=None) as batch_op:
        batch_op.drop_column('pending_until')
        batch_op.drop_column('pending')
