#!/usr/bin/env bash
# The whole load benchmark, on SQLite and on PostgreSQL, printing the tables.
#
#   bench/run_all.sh            # 100,000 events, 20 s a pass (about 12 minutes)
#   bench/run_all.sh --quick    # 10,000 events, 5 s a pass (about 4 minutes)
#
# For each database it builds a small one (1,000 events) and a big one (bench/build_events.py),
# then runs bench/load.py: query counts on both, then each scenario cold (right after a
# server start, with an empty cache) and warm (the second pass), at 32 concurrent clients
# against gunicorn with 2 workers.
#   - SQLite (files under the work directory) with the local-memory cache: one machine;
#   - PostgreSQL (databases jres_bench and jres_bench_small on 127.0.0.1:5432, user postgres,
#     created here and dropped at the end) with Redis (127.0.0.1:6379, database 14, flushed).
#
# Options: --quick, --events N, --duration S, --clients N, --only sqlite|postgresql.
# Environment: BENCH_WORKDIR (default /tmp/jres-bench), PYTHON (default .venv/bin/python),
# PGHOST/PGPORT/PGUSER (default 127.0.0.1/5432/postgres), BENCH_REDIS_URL.
# Results: the printed tables, and JSON files in the work directory. When other programs
# load the machine, load.py waits for it to be idle and measures again: the run is longer.
set -euo pipefail
cd "$(dirname "$0")/.."

events=100000
small=1000
duration=20
clients=32
only=""
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) events=10000; duration=5 ;;
        --events) events=$2; shift ;;
        --duration) duration=$2; shift ;;
        --clients) clients=$2; shift ;;
        --only) only=$2; shift ;;
        -h|--help) sed -n '2,19p' "$0" | cut -c3-; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
    shift
done

python=${PYTHON:-.venv/bin/python}
workdir=${BENCH_WORKDIR:-/tmp/jres-bench}
pghost=${PGHOST:-127.0.0.1}
pgport=${PGPORT:-5432}
pguser=${PGUSER:-postgres}
redis_url=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/14}
pg_big=jres_bench
pg_small=jres_bench_small

[ -x "$python" ] || { echo "No $python: run 'make install' first." >&2; exit 1; }
mkdir -p "$workdir/var"
# Builds and probes keep their generated files (secret key, e-mails) out of the project.
export VAR_DIR="$workdir/var" DJANGO_SETTINGS_MODULE=jres.settings
started=$(date +%s)
status=0

build() {  # build DATABASE_URL EVENTS [--reset]
    DATABASE_URL=$1 timeout 900 "$python" bench/build_events.py --events "$2" "${@:3}"
}

load() {  # load LABEL JSON DATABASE_URL SMALL_URL [REDIS_URL]
    DATABASE_URL=$3 REDIS_URL=${5:-} timeout 1500 "$python" bench/load.py \
        --label "$1" --json "$workdir/$2" --compare-database-url "$4" \
        --duration "$duration" --clients "$clients" --workdir "$workdir/server" \
        --max-minutes 24 || status=$?
}

echo "== $(nproc) cores, $events events, $duration s a pass, $clients clients; work in $workdir"

if [ -z "$only" ] || [ "$only" = sqlite ]; then
    echo
    echo "=== SQLite, local-memory cache"
    rm -f "$workdir"/small.sqlite3* "$workdir"/bench.sqlite3*
    build "sqlite:///$workdir/small.sqlite3" "$small"
    # The big one starts from a copy of the small one: migrations and geography done once.
    "$python" -c 'import sqlite3, sys
with sqlite3.connect(sys.argv[1]) as source, sqlite3.connect(sys.argv[2]) as target:
    source.backup(target)' "$workdir/small.sqlite3" "$workdir/bench.sqlite3"
    build "sqlite:///$workdir/bench.sqlite3" "$events" --reset
    load "SQLite, local-memory cache" sqlite.json \
        "sqlite:///$workdir/bench.sqlite3" "sqlite:///$workdir/small.sqlite3"
fi

if [ -z "$only" ] || [ "$only" = postgresql ]; then
    echo
    echo "=== PostgreSQL, Redis cache"
    pg_isready -h "$pghost" -p "$pgport" -q || { echo "PostgreSQL does not answer" >&2; exit 1; }
    redis-cli -u "$redis_url" ping >/dev/null || { echo "Redis does not answer" >&2; exit 1; }
    drop() {
        for database in "$pg_big" "$pg_small"; do
            dropdb -h "$pghost" -p "$pgport" -U "$pguser" --if-exists "$database" || true
        done
    }
    trap drop EXIT
    drop
    createdb -h "$pghost" -p "$pgport" -U "$pguser" "$pg_small"
    url="postgres://$pguser@$pghost:$pgport"
    build "$url/$pg_small" "$small"
    createdb -h "$pghost" -p "$pgport" -U "$pguser" -T "$pg_small" "$pg_big"
    build "$url/$pg_big" "$events" --reset
    load "PostgreSQL, Redis cache" postgresql.json "$url/$pg_big" "$url/$pg_small" "$redis_url"
fi

echo
echo "== done in $(( $(date +%s) - started )) s (exit $status)"
exit "$status"
