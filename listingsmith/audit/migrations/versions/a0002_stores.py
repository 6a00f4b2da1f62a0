"""The stores' schema: the service's jobs, review claims, the translation memory and A/B
experiment results, the same tables as their SQLite files (storage/, batch/claims.py).

Revision ID: a0002
Revises: a0001
"""

import sqlalchemy as sa
from alembic import op

revision = "a0002"
down_revision = "a0001"
branch_labels = None
depends_on = None

SCHEMA = "store"


def upgrade() -> None:
    """Create the schema and its tables."""
    op.execute(f"CREATE SCHEMA {SCHEMA}")
    op.create_table(
        "jobs",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("tenant", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("created", sa.Double, nullable=False),
        sa.Column("locales", sa.Text, nullable=False),
        sa.Column("products", sa.Integer, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("report", sa.Text),
        schema=SCHEMA,
    )
    op.create_index("jobs_tenant", "jobs", ["tenant", "created"], schema=SCHEMA)
    op.create_table(
        "review_claims",
        sa.Column("interrupt_id", sa.Text, primary_key=True),
        sa.Column("thread_id", sa.Text, nullable=False),
        sa.Column("reviewer", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("claimed_at", sa.Double, nullable=False),
        schema=SCHEMA,
    )
    op.create_table(
        "segments",
        sa.Column("tenant", sa.Text, primary_key=True),
        sa.Column("language", sa.Text, primary_key=True),
        sa.Column("source_hash", sa.Text, primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("lookup", sa.Text, nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("reviewer", sa.Text),
        sa.Column("created", sa.Double, nullable=False),
        sa.CheckConstraint("origin IN ('approved', 'edited')", name="segments_origin"),
        schema=SCHEMA,
    )
    op.create_index("segments_recent", "segments", ["tenant", "language", "created"], schema=SCHEMA)
    op.create_table(
        "results",
        sa.Column("experiment_id", sa.Text, primary_key=True),
        sa.Column("variant_id", sa.Text, primary_key=True),
        sa.Column("sku", sa.Text),
        sa.Column("locale", sa.Text),
        sa.Column("impressions", sa.BigInteger, nullable=False),
        sa.Column("clicks", sa.BigInteger, nullable=False),
        sa.Column("orders", sa.BigInteger, nullable=False),
        sa.Column("source_hash", sa.Text, nullable=False),
        sa.Column("updated", sa.Double, nullable=False),
        schema=SCHEMA,
    )
    op.create_table(
        "ingests",
        sa.Column("source_hash", sa.Text, primary_key=True),
        sa.Column("variants", sa.Integer, nullable=False),
        sa.Column("ingested", sa.Double, nullable=False),
        schema=SCHEMA,
    )


def downgrade() -> None:
    """Drop the whole schema (every store's rows with it)."""
    op.execute(f"DROP SCHEMA {SCHEMA} CASCADE")
