#!/usr/bin/env bash
# Starts a local PostgreSQL for the tracking tests and prints its URL as the only line on stdout:
#
#   export PROTOSCOPE_TEST_POSTGRES_URL="$(tools/ci/start-postgres.sh)"
#
# Idempotent: installs Debian's `postgresql` if it is missing, creates the cluster if there is none,
# starts it if it is down, and (re)creates the role and database only when absent. Everything except
# the URL goes to stderr. Needs root (or the cluster's owner) for the install and the first start.
#
# Settings (environment): PROTOSCOPE_PG_PORT (5432), PROTOSCOPE_PG_USER (protoscope),
# PROTOSCOPE_PG_PASSWORD (protoscope), PROTOSCOPE_PG_DATABASE (protoscope_test).
set -euo pipefail

PORT="${PROTOSCOPE_PG_PORT:-5432}"
ROLE="${PROTOSCOPE_PG_USER:-protoscope}"
PASSWORD="${PROTOSCOPE_PG_PASSWORD:-protoscope}"
DATABASE="${PROTOSCOPE_PG_DATABASE:-protoscope_test}"
CLUSTER=main

log() { echo "start-postgres: $*" >&2; }
fail() { log "$*"; exit 1; }

[[ "$ROLE" =~ ^[a-z_][a-z0-9_]*$ ]] || fail "PROTOSCOPE_PG_USER must be a plain lower-case identifier"
[[ "$DATABASE" =~ ^[a-z_][a-z0-9_]*$ ]] || fail "PROTOSCOPE_PG_DATABASE must be a plain lower-case identifier"
[[ "$PASSWORD" != *"'"* ]] || fail "PROTOSCOPE_PG_PASSWORD must not contain a single quote"

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# 1. Install the server when it is missing.
if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || fail "PostgreSQL is not installed and this is not root: run 'apt-get install -y postgresql' as root"
  log "installing Debian's postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
fi

VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
[ -n "$VERSION" ] || fail "no PostgreSQL version under /usr/lib/postgresql"

# 2. Create the cluster when there is none (some images install with create_main_cluster = false).
if ! pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c { found = 1 } END { exit !found }'; then
  log "creating cluster $VERSION/$CLUSTER on port $PORT"
  pg_createcluster "$VERSION" "$CLUSTER" --port "$PORT" >&2
fi

# The cluster's own port wins over PROTOSCOPE_PG_PORT when it already existed with another one.
PORT="$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c { print $3 }')"
STATUS="$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c { print $4 }')"

# 3. Start it when it is down.
if [ "$STATUS" != online ]; then
  log "starting cluster $VERSION/$CLUSTER on port $PORT"
  pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi

for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$PORT" && break
  sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$PORT" || fail "PostgreSQL did not answer on 127.0.0.1:$PORT within 30 s (see /var/log/postgresql/)"

# 4. Role (password login over TCP) and database, only when absent; the password is reset every time
#    so a changed PROTOSCOPE_PG_PASSWORD takes effect.
psql_admin() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PORT" -d postgres "$@"; }
if [ "$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != 1 ]; then
  log "creating role $ROLE"
  psql_admin -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD'" >&2
else
  psql_admin -c "ALTER ROLE $ROLE LOGIN PASSWORD '$PASSWORD'" >&2
fi
if [ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != 1 ]; then
  log "creating database $DATABASE"
  psql_admin -c "CREATE DATABASE $DATABASE OWNER $ROLE" >&2
fi

echo "postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE"
