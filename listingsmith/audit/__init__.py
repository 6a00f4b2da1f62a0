"""Append-only, hash-chained audit log in SQLite."""
