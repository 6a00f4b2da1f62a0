#!/usr/bin/env bash
# The Postgres-backend tests start a throwaway server of Debian's PostgreSQL (never a system
# service): only its binaries are needed.
set -euo pipefail
if command -v pg_ctl >/dev/null || compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
else
  echo "note: install Debian's postgresql to run the Postgres-backend tests" >&2
fi
