"""One held receipt per seal and wallet; download sessions record when they were verified

Revision ID: 7b3e9d2a4c11
Revises: c8f4889ae05c
Create Date: 2026-12-01 22:40:00

Duplicates that a race could have left (two downloads completed at once) are resolved before the
index is built: the earliest receipt stays held, the later copies are marked deleted at the time they
were received, so 印章领用情况 still shows them.
"""
from alembic import op
import sqlalchemy as sa

import backend.models.types


revision = '7b3e9d2a4c11'
down_revision = 'c8f4889ae05c'
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "UPDATE receipts SET deleted_at = received_at WHERE deleted_at IS NULL AND EXISTS ("
        " SELECT 1 FROM receipts AS first WHERE first.user_id = receipts.user_id"
        " AND first.seal_id = receipts.seal_id AND first.deleted_at IS NULL AND first.id < receipts.id)")
    with op.batch_alter_table('receipts', schema=None) as batch_op:
        batch_op.create_index('uq_receipts_held_seal', ['user_id', 'seal_id'], unique=True,
                              sqlite_where=sa.text('deleted_at IS NULL'),
                              postgresql_where=sa.text('deleted_at IS NULL'))
    with op.batch_alter_table('download_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verified_at', backend.models.types.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('download_sessions', schema=None) as batch_op:
        batch_op.drop_column('verified_at')
    with op.batch_alter_table('receipts', schema=None) as batch_op:
        batch_op.drop_index('uq_receipts_held_seal')
