"""The work queue: a job's products as rows that workers claim with a lease (`FOR UPDATE SKIP
LOCKED`), and the listings they write, one row per job, product, locale and variant.

Revision ID: a0003
Revises: a0002
"""

import sqlalchemy as sa
from alembic import op

revision = "a0003"
down_revision = "a0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the schema `work`: jobs, their items (one per product) and listings."""
    op.execute("CREATE SCHEMA work")
    op.create_table(
        "jobs",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("tenant", sa.Text),
        sa.Column("locales", sa.Text, nullable=False),  # JSON list
        sa.Column("framings", sa.Text, nullable=False),  # JSON list (none: one per locale)
        sa.Column("products", sa.Integer, nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), server_default=sa.func.now()),
        schema="work",
    )
    op.create_table(
        "items",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("job_id", sa.Text, sa.ForeignKey("work.jobs.id"), nullable=False),
        sa.Column("sku", sa.Text, nullable=False),
        sa.Column("product", sa.Text, nullable=False),  # the Product as JSON
        # queued -> leased -> done; a lease that ran out is claimed again (state stays leased);
        # failed: set aside after worker_max_attempts claims (it stopped every worker that ran it)
        sa.Column("state", sa.Text, nullable=False, server_default="queued"),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),  # fencing token
        sa.Column("worker", sa.Text),
        sa.Column("lease_until", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("job_id", "sku"),
        sa.CheckConstraint("state IN ('queued', 'leased', 'done', 'failed')", name="item_state"),
        schema="work",
    )
    op.create_index(
        "items_open", "items", ["id"], schema="work", postgresql_where=sa.text("state <> 'done'")
    )
    op.create_table(
        "listings",
        sa.Column("job_id", sa.Text, nullable=False),
        sa.Column("sku", sa.Text, nullable=False),
        sa.Column("locale", sa.Text, nullable=False),
        sa.Column("variant", sa.Text, nullable=False),  # '' outside an experiment
        sa.Column("position", sa.Integer, nullable=False),  # its place in the product's lines
        sa.Column("line", sa.Text, nullable=False),  # the listings.jsonl line
        sa.PrimaryKeyConstraint("job_id", "sku", "locale", "variant"),
        schema="work",
    )


def downgrade() -> None:
    """Drop the schema (queued work and written listings with it)."""
    op.execute("DROP SCHEMA work CASCADE")
