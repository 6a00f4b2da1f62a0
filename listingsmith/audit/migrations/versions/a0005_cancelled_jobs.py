"""Cancelled jobs in the work queue: a job's `cancelled` time (its products are claimed no more)
and the item state 'cancelled' (a product of it that no worker had started).

Revision ID: a0005
Revises: a0004
"""

import sqlalchemy as sa
from alembic import op

revision = "a0005"
down_revision = "a0004"
branch_labels = None
depends_on = None

STATES = "('queued', 'leased', 'done', 'failed'{})"


def upgrade() -> None:
    """Add work.jobs.cancelled and the item state 'cancelled'."""
    op.add_column("jobs", sa.Column("cancelled", sa.DateTime(timezone=True)), schema="work")
    op.drop_constraint("item_state", "items", schema="work", type_="check")
    condition = "state IN " + STATES.format(", 'cancelled'")
    op.create_check_constraint("item_state", "items", condition, schema="work")


def downgrade() -> None:
    """Drop them (a cancelled product goes back to 'failed')."""
    op.execute("UPDATE work.items SET state = 'failed' WHERE state = 'cancelled'")
    op.drop_constraint("item_state", "items", schema="work", type_="check")
    op.create_check_constraint(
        "item_state", "items", "state IN " + STATES.format(""), schema="work"
    )
    op.drop_column("jobs", "cancelled", schema="work")
