#!/usr/bin/env bash
# Start a real PostgreSQL server on 127.0.0.1 for the tests that run on both databases.
#
#   eval "$(bash scripts/ci_postgres.sh)"      # in .ci/run (as root), or by hand
#   bash scripts/ci_postgres.sh --env-file F    # also write the export line to F
#
# Prints exactly one line on stdout:
#   export ASSESSOR_TEST_PG_URL=postgresql+psycopg://assessor_ci:...@127.0.0.1:54329/assessor_ci
# Everything else goes to stderr, so the output can be eval'ed.
#
# What it does (idempotent; about a second when the server already runs):
# 1. installs Debian's `postgresql` package if no server binaries are present;
# 2. creates a dedicated cluster "assessor_ci" (own port, UTF8, C.UTF-8 collation so text
#    sorts byte-wise like SQLite) next to any other cluster, never touching "main";
# 3. writes conf.d/assessor_ci.conf: listen on 127.0.0.1 only, and test-only settings
#    (fsync/synchronous_commit/full_page_writes off: a crash of this throwaway test server
#    may lose it, which is fine; NEVER use these settings for an office server);
# 4. starts it (pg_ctlcluster) and waits until it accepts connections;
# 5. creates the login role (CREATEDB: the tests make one database per test) and its database.
#
# Settings: ASSESSOR_CI_PG_PORT (54329), ASSESSOR_CI_PG_CLUSTER (assessor_ci).
set -euo pipefail

PORT="${ASSESSOR_CI_PG_PORT:-54329}"
CLUSTER="${ASSESSOR_CI_PG_CLUSTER:-assessor_ci}"
ROLE="assessor_ci"
PASSWORD="assessor_ci"  # a test server on loopback only
DB="assessor_ci"
ENV_FILE=""

while [ $# -gt 0 ]; do
    case "$1" in
        --env-file) ENV_FILE="$2"; shift 2 ;;
        -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
        *) echo "ci_postgres.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

say() { echo "ci_postgres: $*" >&2; }

if [ "$(id -u)" != "0" ]; then
    say "needs root (apt-get, pg_createcluster); or set ASSESSOR_TEST_PG_URL to a server of yours"
    exit 1
fi

newest_version() {
    ls -1 /usr/lib/postgresql 2>/dev/null | grep -E '^[0-9]+$' | sort -n | tail -1 || true
}

VERSION="$(newest_version)"
if [ -z "$VERSION" ] || [ ! -x "/usr/lib/postgresql/$VERSION/bin/postgres" ] \
        || ! command -v pg_createcluster >/dev/null; then
    say "installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
    VERSION="$(newest_version)"
fi
[ -n "$VERSION" ] || { say "no PostgreSQL server found after installing"; exit 1; }

cluster_field() {  # pg_lsclusters -h: Ver Cluster Port Status Owner Datadir Logfile
    pg_lsclusters -h 2>/dev/null | awk -v v="$VERSION" -v c="$CLUSTER" -v f="$1" \
        '$1 == v && $2 == c { print $f }'
}

if [ -z "$(cluster_field 2)" ]; then
    say "creating cluster $VERSION/$CLUSTER on port $PORT"
    pg_createcluster "$VERSION" "$CLUSTER" --port "$PORT" --encoding UTF8 \
        --locale C.UTF-8 >&2
fi
if [ "$(cluster_field 3)" != "$PORT" ]; then
    say "cluster $VERSION/$CLUSTER listens on port $(cluster_field 3), not $PORT"
    exit 1
fi

CONF_DIR="/etc/postgresql/$VERSION/$CLUSTER/conf.d"
CONF="$CONF_DIR/assessor_ci.conf"
WANTED="# written by scripts/ci_postgres.sh: a throwaway TEST server, never an office server
listen_addresses = '127.0.0.1'
port = $PORT
max_connections = 100
fsync = off
synchronous_commit = off
full_page_writes = off
# no autovacuum worker in the short-lived test databases: a worker runs as a superuser
# process, and the tests' DROP DATABASE ... WITH (FORCE) (by the non-superuser test role)
# cannot end it ('must be a superuser to terminate superuser process', seen now and then)
autovacuum = off
log_min_messages = warning"
changed=0
mkdir -p "$CONF_DIR"
if [ ! -f "$CONF" ] || [ "$(cat "$CONF")" != "$WANTED" ]; then
    printf '%s\n' "$WANTED" > "$CONF"
    changed=1
fi

if [ "$(cluster_field 4)" = "online" ]; then
    if [ "$changed" = 1 ]; then
        say "configuration changed; restarting"
        pg_ctlcluster "$VERSION" "$CLUSTER" restart >&2
    fi
else
    say "starting cluster $VERSION/$CLUSTER"
    pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi

for _ in $(seq 1 60); do
    if pg_isready -q -h 127.0.0.1 -p "$PORT"; then break; fi
    sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$PORT" || { say "server did not come up on 127.0.0.1:$PORT"; exit 1; }

psql_admin() {
    runuser -u postgres -- psql -X -q -p "$PORT" -d postgres -v ON_ERROR_STOP=1 -tA "$@"
}

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != "1" ]; then
    say "creating role $ROLE"
    psql_admin -c "CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'" >&2
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
    say "creating database $DB"
    psql_admin -c "CREATE DATABASE $DB OWNER $ROLE ENCODING 'UTF8' TEMPLATE template0" >&2
fi

URL="postgresql+psycopg://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB"
LINE="export ASSESSOR_TEST_PG_URL=$URL"
if [ -n "$ENV_FILE" ]; then
    printf '%s\n' "$LINE" > "$ENV_FILE"
fi
say "PostgreSQL $VERSION ready on 127.0.0.1:$PORT"
echo "$LINE"
