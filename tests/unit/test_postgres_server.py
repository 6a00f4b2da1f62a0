import psycopg


def test_the_session_server_gives_each_test_an_empty_database(postgres_url: str) -> None:
    with psycopg.connect(postgres_url) as db:
        tables = db.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
        assert tables == (0,)
