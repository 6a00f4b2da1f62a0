"""Alembic's entry: migrate on the connection the caller holds (inside its transaction)."""

from alembic import context

from listingsmith.audit.migrations import VERSION_TABLE

context.configure(connection=context.config.attributes["connection"], version_table=VERSION_TABLE)
with context.begin_transaction():
    context.run_migrations()
