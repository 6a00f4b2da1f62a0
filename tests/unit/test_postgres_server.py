import psycopg


def test_the_session_server_gives_each_test_a_migrated_database_without_rows(
    postgres_url: str,
) -> None:
    with psycopg.connect(postgres_url) as db:
        tables = db.execute(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables "
            "WHERE table_schema IN ('public', 'audit', 'store')"
        ).fetchall()
        names = {row[0] for row in tables}
        assert {"public.checkpoints", "audit.events", "store.jobs", "store.segments"} <= names
        for name in names - {"public.audit_alembic_version", "public.checkpoint_migrations"}:
            assert db.execute(f"SELECT count(*) FROM {name}").fetchone() == (0,), name
