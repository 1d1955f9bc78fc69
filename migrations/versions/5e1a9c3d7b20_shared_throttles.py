"""Shared throttles: SMS resend slots and licence-password lockouts in one table

The counters of both apps move to `throttles` (or to Redis, when ESEAL_REDIS_URL is set). Running
licence locks and wrong-password counts are carried over; the SMS resend slots (60 s each) are not.

Revision ID: 5e1a9c3d7b20
Revises: 23e4d2b42867
Create Date: 2026-11-24 10:10:00.000000

"""
from alembic import op
import sqlalchemy as sa

import backend.models.types


# revision identifiers, used by Alembic.
revision = '5e1a9c3d7b20'
down_revision = '23e4d2b42867'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('throttles',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('slot_until', backend.models.types.UTCDateTime(), nullable=True),
    sa.Column('locked_until', backend.models.types.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_throttles'))
    )
    op.execute(
        "INSERT INTO throttles (key, count, locked_until) "
        "SELECT 'licence:' || CAST(id AS VARCHAR(20)), "
        "CASE WHEN locked_until IS NULL THEN failed_attempts ELSE 0 END, locked_until "
        "FROM elicense_holdings WHERE failed_attempts > 0 OR locked_until IS NOT NULL")
    with op.batch_alter_table('elicense_holdings', schema=None) as batch_op:
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_attempts')
    op.drop_table('sms_throttles')


def downgrade():
    op.create_table('sms_throttles',
    sa.Column('phone', sa.String(length=11), nullable=False),
    sa.Column('last_sent_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('phone', name=op.f('pk_sms_throttles'))
    )
    with op.batch_alter_table('elicense_holdings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('locked_until', backend.models.types.UTCDateTime(), nullable=True))
    op.execute(
        "UPDATE elicense_holdings SET "
        "failed_attempts = COALESCE((SELECT count FROM throttles "
        "WHERE key = 'licence:' || CAST(elicense_holdings.id AS VARCHAR(20))), 0), "
        "locked_until = (SELECT locked_until FROM throttles "
        "WHERE key = 'licence:' || CAST(elicense_holdings.id AS VARCHAR(20)))")
    op.drop_table('throttles')
