# Sourced by the PostgreSQL tests (tests/pg/*.t), run inside the throwaway
# cluster of tests/pg/run.sh: tests/lib.sh (a fresh directory, a fixed
# clock, the TAP helpers), the programs of this checkout first on PATH,
# and:
#
#   pg_db NAME [createdb options]   makes database NAME, dropped at exit
#   both DESC CMD...   CMD with CRM_DB=$file, then with CRM_DB=$uri and the
#                      words of $pg_env in its environment: the same
#                      stdout, stderr and exit status
#   q DB SQL           psql's answer to SQL in DB, unaligned, no headers
. "$(dirname "$0")/../lib.sh"
# On a server the login acts, and CRM_USER may name only it (issue 17):
# the cluster's user, on both sides of `both`.
export CRM_USER="${PGUSER:-$(id -un)}"
top=$(cd "$top/.." && pwd)
PATH=$top/bin:$PATH
[ -z "${CRM_TEST_BIN:-}" ] || PATH=$CRM_TEST_BIN:$PATH

pg_dbs=
pg_env=
trap 'for d in $pg_dbs; do dropdb --if-exists "$d"; done; rm -rf "$tmp"' EXIT

pg_db()
{
	p_name=$1
	shift
	createdb "$@" "$p_name"
	pg_dbs="$pg_dbs $p_name"
}

both()
{
	b_desc=$1
	shift
	run env CRM_DB="$file" "$@"
	b_out=$out b_err=$errout b_rc=$rc
	# $pg_env is split into words on purpose: VAR=value each.
	run env CRM_DB="$uri" $pg_env "$@"
	is "$b_desc: the same output" "$out" "$b_out"
	is "$b_desc: the same errors" "$errout" "$b_err"
	is "$b_desc: the same status ($b_rc)" "$rc" "$b_rc"
	[ -z "${PG_SMOKE_SHOW:-}" ] || printf '# %s\n' "$out" "$errout"
}

q()
{
	psql -X -q -v ON_ERROR_STOP=1 -At -d "$1" -c "$2"
}
