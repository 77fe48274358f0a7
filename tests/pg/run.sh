#!/bin/sh
# make check-pg: the database tests against a real PostgreSQL, in a
# throwaway cluster that pg_virtualenv (postgresql-common) makes and drops
# (about 6 s).  The server's TimeZone is one no one uses (Pacific/Chatham,
# +13:45), so output that depends on it shows.  Inside: tests/pg/inside.sh.
# Skips (exit 0, saying why) when crm was built without libpq or the
# server is not installed: make check runs it everywhere.
#   usage: sh tests/pg/run.sh BUILT_WITH_PG(0|1) [O]
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
skip()
{
	echo "PostgreSQL tests skipped: $*"
	exit 0
}
[ "${1:-0}" = 1 ] || skip "crm built without libpq (install libpq-dev)"
command -v pg_virtualenv >/dev/null 2>&1 ||
    skip "no pg_virtualenv (install postgresql-common)"
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 ||
    skip "no PostgreSQL server (install postgresql)"
# -t: the cluster in a temporary directory, so that two runs at once (or
# an installed cluster) never meet.
exec pg_virtualenv -t -o timezone=Pacific/Chatham \
    sh "$top/tests/pg/inside.sh" "${2:-}"
