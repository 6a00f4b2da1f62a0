"""The audit schema: events and signed anchors, append-only by triggers (UPDATE, DELETE and
TRUNCATE refused), like the SQLite file's.

Revision ID: a0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "a0001"
down_revision = None
branch_labels = None
depends_on = None

TABLES = {"events": "the audit log is append-only", "anchors": "audit anchors are append-only"}


def upgrade() -> None:
    """Create the schema, its tables and the triggers that keep them append-only."""
    op.execute("CREATE SCHEMA audit")
    op.create_table(
        "events",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("ts", sa.Double, nullable=False),
        sa.Column("run_id", sa.Text, nullable=False),
        sa.Column("sku", sa.Text, nullable=False),
        sa.Column("locale", sa.Text),
        sa.Column("node", sa.Text, nullable=False),
        sa.Column("attempt", sa.Integer),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.Text, nullable=False),
        sa.Column("hash", sa.Text, nullable=False),
        schema="audit",
    )
    op.create_index("events_sku", "events", ["sku", "locale"], schema="audit")
    op.create_table(
        "anchors",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("head", sa.Text, nullable=False),
        sa.Column("ts", sa.Double, nullable=False),
        sa.Column("key_fingerprint", sa.Text, nullable=False),
        sa.Column("signature", sa.Text, nullable=False),
        schema="audit",
    )
    op.execute(
        "CREATE FUNCTION audit.refuse() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$"
    )
    for table, message in TABLES.items():
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON audit.{table} "
            f"FOR EACH ROW EXECUTE FUNCTION audit.refuse('{message}')"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON audit.{table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse('{message}')"
        )


def downgrade() -> None:
    """Drop the whole schema (the audit log with it)."""
    op.execute("DROP SCHEMA audit CASCADE")
