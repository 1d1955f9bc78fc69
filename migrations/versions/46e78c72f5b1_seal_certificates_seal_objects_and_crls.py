"""Seals as signed objects: seal certificates, seal objects (SESeal), the CAs' CRLs; the name a seal was made with

Seals filed before this revision keep everything they had; they get their key, certificate and seal object
from the one-off command `flask --app backend pki issue-missing` (keys are made in the key store, which a
migration does not reach).

Revision ID: 46e78c72f5b1
Revises: 40de97d30c65
Create Date: 2026-12-01 23:08:02

"""
from alembic import op
import sqlalchemy as sa

import backend.models.types


revision = '46e78c72f5b1'
down_revision = '40de97d30c65'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pki_crls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('authority', sa.String(length=40), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('der', sa.LargeBinary(), nullable=False),
    sa.Column('this_update', backend.models.types.UTCDateTime(), nullable=False),
    sa.Column('next_update', backend.models.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pki_crls')),
    sa.UniqueConstraint('authority', 'number', name=op.f('uq_pki_crls_authority'))
    )
    op.create_table('seal_certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seal_id', sa.Integer(), nullable=False),
    sa.Column('issuer', sa.String(length=40), nullable=False),
    sa.Column('serial', sa.String(length=40), nullable=False),
    sa.Column('der', sa.LargeBinary(), nullable=False),
    sa.Column('key_ref', sa.String(length=80), nullable=False),
    sa.Column('not_before', backend.models.types.UTCDateTime(), nullable=False),
    sa.Column('not_after', backend.models.types.UTCDateTime(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=30), nullable=True),
    sa.Column('revoked_at', backend.models.types.UTCDateTime(), nullable=True),
    sa.Column('key_destroyed_at', backend.models.types.UTCDateTime(), nullable=True),
    sa.Column('created_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['seal_id'], ['seals.id'], name=op.f('fk_seal_certificates_seal_id_seals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seal_certificates')),
    sa.UniqueConstraint('seal_id', name=op.f('uq_seal_certificates_seal_id')),
    sa.UniqueConstraint('serial', name=op.f('uq_seal_certificates_serial'))
    )
    with op.batch_alter_table('seal_certificates', schema=None) as batch_op:
        batch_op.create_index('ix_seal_certificates_issuer_status', ['issuer', 'status'], unique=False)

    op.create_table('seal_objects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seal_id', sa.Integer(), nullable=False),
    sa.Column('der', sa.LargeBinary(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('algorithm', sa.String(length=20), nullable=False),
    sa.Column('maker', sa.String(length=40), nullable=False),
    sa.Column('made_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['seal_id'], ['seals.id'], name=op.f('fk_seal_objects_seal_id_seals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seal_objects')),
    sa.UniqueConstraint('seal_id', name=op.f('uq_seal_objects_seal_id'))
    )
    with op.batch_alter_table('seals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('engraved_name', sa.String(length=100), nullable=True))



def downgrade():
    with op.batch_alter_table('seals', schema=None) as batch_op:
        batch_op.drop_column('engraved_name')

    op.drop_table('seal_objects')
    with op.batch_alter_table('seal_certificates', schema=None) as batch_op:
        batch_op.drop_index('ix_seal_certificates_issuer_status')

    op.drop_table('seal_certificates')
    op.drop_table('pki_crls')
