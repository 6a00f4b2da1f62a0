"""Tenant quotas and the review queue's index: each job's bytes on disk (a tenant's stored
bytes are their sum), and one row per held listing, found a page at a time on its indexes
(storage/jobs.py, storage/held.py: the same tables as their SQLite files).

Revision ID: a0004
Revises: a0003
"""

import sqlalchemy as sa
from alembic import op

revision = "a0004"
down_revision = "a0003"
branch_labels = None
depends_on = None

SCHEMA = "store"
ORDER = ["since", "job", "thread_id", "locale"]


def upgrade() -> None:
    """Add jobs.bytes and the held listings' tables with their indexes."""
    op.add_column(
        "jobs",
        sa.Column("bytes", sa.BigInteger, nullable=False, server_default="0"),
        schema=SCHEMA,
    )
    op.create_table(
        "held_listings",
        sa.Column("job", sa.Text, primary_key=True),
        sa.Column("thread_id", sa.Text, primary_key=True),
        sa.Column("locale", sa.Text, primary_key=True),
        sa.Column("tenant", sa.Text, nullable=False),
        sa.Column("sku", sa.Text, nullable=False),
        sa.Column("variant", sa.Text, nullable=False),
        sa.Column("interrupt_id", sa.Text, nullable=False),
        sa.Column("run_id", sa.Text, nullable=False),
        sa.Column("since", sa.Double, nullable=False),
        sa.Column("rules", sa.Text, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        schema=SCHEMA,
    )
    op.create_index("held_order", "held_listings", ORDER, schema=SCHEMA)
    op.create_index("held_tenant", "held_listings", ["tenant", *ORDER], schema=SCHEMA)
    op.create_index("held_key", "held_listings", ["job", "sku", "locale", "variant"], schema=SCHEMA)
    op.create_table(
        "held_runs",
        sa.Column("job", sa.Text, primary_key=True),
        sa.Column("tenant", sa.Text, nullable=False),
        sa.Column("marker", sa.Double, nullable=False),
        schema=SCHEMA,
    )


def downgrade() -> None:
    """Drop the held listings' tables and jobs.bytes."""
    op.drop_table("held_runs", schema=SCHEMA)
    op.drop_table("held_listings", schema=SCHEMA)
    op.drop_column("jobs", "bytes", schema=SCHEMA)
