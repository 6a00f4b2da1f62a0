-- The audit log on PostgreSQL (schema `audit`): the same events and anchors as the SQLite
-- file, append-only by triggers (UPDATE, DELETE and TRUNCATE refused).
CREATE SCHEMA IF NOT EXISTS audit;
CREATE TABLE IF NOT EXISTS audit.events (
    seq BIGINT PRIMARY KEY,
    ts DOUBLE PRECISION NOT NULL,
    run_id TEXT NOT NULL,
    sku TEXT NOT NULL,
    locale TEXT,
    node TEXT NOT NULL,
    attempt INTEGER,
    payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_sku ON audit.events (sku, locale);
CREATE TABLE IF NOT EXISTS audit.anchors (
    seq BIGINT PRIMARY KEY,
    head TEXT NOT NULL,
    ts DOUBLE PRECISION NOT NULL,
    key_fingerprint TEXT NOT NULL,
    signature TEXT NOT NULL
);
CREATE OR REPLACE FUNCTION audit.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$;
CREATE OR REPLACE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON audit.events
FOR EACH ROW EXECUTE FUNCTION audit.refuse('the audit log is append-only');
CREATE OR REPLACE TRIGGER events_no_truncate BEFORE TRUNCATE ON audit.events
FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse('the audit log is append-only');
CREATE OR REPLACE TRIGGER anchors_append_only BEFORE UPDATE OR DELETE ON audit.anchors
FOR EACH ROW EXECUTE FUNCTION audit.refuse('audit anchors are append-only');
CREATE OR REPLACE TRIGGER anchors_no_truncate BEFORE TRUNCATE ON audit.anchors
FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse('audit anchors are append-only');
