# Sourced by every end-to-end test: a fresh directory, a fixed clock and
# locale, a temporary database, and TAP helpers.
#
#   run CMD...           runs CMD; sets $out, $errout and $rc
#   is DESC GOT WANT     passes when GOT and WANT are the same text
#   like DESC GOT PATTERN   passes when GOT matches the grep -E PATTERN
#   ok DESC COND...      passes when the command COND... succeeds
#   wait_for FILE        waits (up to 10 s) until another process makes FILE
#   longopts CMD, shortopts CMD   the options of bin/CMD.c, one a line
#   done_testing         prints the plan; exits non-zero on a failure
#   sql [-D DB] SQL      the answer to SQL from the test's database, or DB
#   sqlite_only WHY      skips the whole file on PostgreSQL, saying WHY
#   db_check             crm-admin check of the database: "ok" when it passes
#   db_file FILE         a copy of the database in the SQLite file FILE
#   newdb NAME           prints a -D value for a second database of the
#                        test's backend: the file NAME.db, not made (the
#                        first write makes it), or a fresh PostgreSQL
#                        database made by crm-admin init
#   $dbenv               the words (VAR=value) that lead a program started
#                        with env -i to the database server; empty on SQLite
#
# With $CRM_TEST_PG set (tests/pg/inside.sh, inside the throwaway cluster
# of make check-pg), $CRM_DB is a fresh PostgreSQL database of its own,
# made by crm-admin init and dropped at exit, and $backend is pg instead
# of sqlite.  Paths given with -D stay SQLite files.

top=$(cd "$(dirname "$0")/.." && pwd)
PATH=$top/bin:$PATH
# make check-asan and check-valgrind run the commands of another build, or
# wrappers around them, from this directory instead.
[ -z "${CRM_TEST_BIN:-}" ] || PATH=$CRM_TEST_BIN:$PATH
tmp=$(mktemp -d "${TMPDIR:-/tmp}/crm-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

unset CRM_CONFIG XDG_CONFIG_HOME XDG_DATA_HOME NO_COLOR CRM_USER
export HOME=$tmp
export CRM_DB=$tmp/crm.db
export CRM_NOW=2026-11-24T09:00:00Z
export CRM_USER=li
export TZ=UTC
export LC_ALL=C
export TERM=dumb

backend=sqlite
dbenv=
if [ -n "${CRM_TEST_PG:-}" ]; then
	backend=pg
	# crm_0030_PID, and crm_0030_PID_NAME for newdb NAME.
	t_pgdb=crm_$(basename "$0" | cut -d- -f1 | tr -c 'a-z0-9\n' _)_$$
	if ! createdb "$t_pgdb"; then
		echo "Bail out! createdb $t_pgdb failed"
		exit 1
	fi
	trap 'for d in $(psql -X -At -d "$t_pgdb" -c "SELECT datname FROM
	    pg_database WHERE starts_with(datname, '"'"'${t_pgdb}_'"'"')"); do
		dropdb --if-exists "$d"; done
	    dropdb --if-exists "$t_pgdb"; rm -rf "$tmp"' EXIT
	export CRM_DB=postgresql:///$t_pgdb
	# On a server the login acts, and a CRM_USER naming anyone else is
	# an error (issue 17): each test's people sign in as themselves.
	# Superusers of the throwaway cluster, so that the suite, written
	# for a file, sees and changes everything as it does there (the
	# rules of who sees what are tests/pg/0070-rls.t's), with the
	# cluster's password; wrappers around the commands give PGUSER the
	# value of CRM_USER.  Made here, not once, so that one file runs
	# alone too; a role made meanwhile by another file is no error.
	t_people="li root chen jiang lii presales wang zhao bench w1 w2 w3 w4 w5 w6 w7 w8"
	psql -X -q -d "$t_pgdb" -v ON_ERROR_STOP=1 >/dev/null 2>&1 <<-EOF || true
	DO \$\$
	DECLARE
		n text;
	BEGIN
		FOREACH n IN ARRAY string_to_array('$t_people', ' ') LOOP
			IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = n) THEN
				EXECUTE format('CREATE ROLE %I LOGIN SUPERUSER PASSWORD %L',
				    n, '${PGPASSWORD:-}');
			ELSE
				-- tests/pg/0070-rls.t made it an ordinary one
				EXECUTE format('ALTER ROLE %I LOGIN SUPERUSER PASSWORD %L',
				    n, '${PGPASSWORD:-}');
			END IF;
		END LOOP;
	EXCEPTION WHEN unique_violation OR duplicate_object THEN
		NULL;
	END
	\$\$;
	EOF
	mkdir "$tmp/.pgbin"
	for c in $(cd "$top/bin" && ls crm crm-* 2>/dev/null | grep -v '\.'); do
		p=$(command -v "$c") || continue
		printf '#!/bin/sh\nu=$(printf %%s "${CRM_USER:-}" | sed "s/^ *//; s/ *$//")\n[ -z "$u" ] || export PGUSER="$u"\nexec "%s" "$@"\n' \
		    "$p" >"$tmp/.pgbin/$c"
		chmod +x "$tmp/.pgbin/$c"
	done
	PATH=$tmp/.pgbin:$PATH
	for v in PGHOST PGPORT PGUSER PGPASSWORD; do
		eval "[ -z \"\${$v:-}\" ] || dbenv=\"\$dbenv $v=\$$v\""
	done
	if ! crm-admin init "$CRM_DB" >/dev/null; then
		echo "Bail out! crm-admin init $CRM_DB failed"
		exit 1
	fi
fi

t_n=0
t_failed=0

t_result()
{
	t_n=$((t_n + 1))
	if [ "$1" -eq 0 ]; then
		printf 'ok %d - %s\n' "$t_n" "$2"
	else
		printf 'not ok %d - %s\n' "$t_n" "$2"
		t_failed=$((t_failed + 1))
	fi
}

run()
{
	rc=0
	"$@" >"$tmp/.out" 2>"$tmp/.err" || rc=$?
	out=$(cat "$tmp/.out")
	errout=$(cat "$tmp/.err")
}

is()
{
	if [ "$2" = "$3" ]; then
		t_result 0 "$1"
	else
		t_result 1 "$1"
		printf '%s\n' "$2" >"$tmp/.got"
		printf '%s\n' "$3" >"$tmp/.want"
		diff -u "$tmp/.want" "$tmp/.got" | sed 's/^/# /'
	fi
}

like()
{
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then
		t_result 0 "$1"
	else
		t_result 1 "$1"
		printf '%s\n' "$2" | sed 's/^/# got: /'
		printf '# want a match of: %s\n' "$3"
	fi
}

ok()
{
	t_desc=$1
	shift
	if "$@"; then
		t_result 0 "$t_desc"
	else
		t_result 1 "$t_desc"
	fi
}

done_testing()
{
	printf '1..%d\n' "$t_n"
	[ "$t_failed" -eq 0 ]
}

# wait_for FILE: until FILE is there (another process made it), at most
# ten seconds.
wait_for()
{
	w_i=0
	while [ ! -e "$1" ] && [ $w_i -lt 1000 ]; do
		sleep 0.01
		w_i=$((w_i + 1))
	done
}

# The long options of command $1 from its getopt_long table, one a line,
# sorted; its short options from the getopt_long option string, likewise.
longopts()
{
	sed -n '/struct option longopts/,/^};/p' "$top/bin/$1.c" |
	    grep -oE '\{ *"[a-z][a-z0-9-]+" *,' |
	    sed -E 's/^\{ *"//; s/" *,$//' | sort
}

shortopts()
{
	tr '\n' ' ' <"$top/bin/$1.c" |
	    grep -oE 'getopt_long\(argc, argv, *"[^"]*"' |
	    sed -E 's/.*"(.*)"$/\1/' | tr -d : | fold -w1 | sort
}

# What a query gives, straight from the database ($CRM_DB, or DB with
# -D DB, say from newdb).  On PostgreSQL, a query (or a PRAGMA such as
# foreign_key_check) reads a fresh SQLite copy made by crm-admin copy
# (which checks that both hold the same rows), so that one SQL text
# serves both backends; any other statement goes to the server by psql.
# Whether DB is a server's is told by its URI, as crm does: a file path
# is an SQLite file on either backend.
sql()
{
	s_db=$CRM_DB
	if [ "$1" = -D ]; then
		s_db=$2
		shift 2
	fi
	case $s_db in
	postgres:*|postgresql:*) ;;
	*)
		sqlite3 "$s_db" "$1"
		return
		;;
	esac
	case $1 in
	SELECT*|WITH*|PRAGMA*)
		rm -f "$tmp/.pgcopy.db"
		crm-admin copy "$s_db" "$tmp/.pgcopy.db" >/dev/null &&
		    sqlite3 "$tmp/.pgcopy.db" "$1"
		;;
	*)
		psql -X -q -v ON_ERROR_STOP=1 -At -d "$s_db" -c "$1"
		;;
	esac
}

newdb()
{
	if [ "$backend" = sqlite ]; then
		echo "$1.db"
	elif createdb "${t_pgdb}_$1" &&
	    crm-admin init "postgresql:///${t_pgdb}_$1" >/dev/null; then
		echo "postgresql:///${t_pgdb}_$1"
	else
		echo "Bail out! cannot make database ${t_pgdb}_$1"
		exit 1
	fi
}

db_check()
{
	crm-admin check "$CRM_DB" && echo ok
}

db_file()
{
	if [ "$backend" = sqlite ]; then
		cp "$CRM_DB" "$1"
	else
		rm -f "$1"
		crm-admin copy "$CRM_DB" "$1" >/dev/null
	fi
}

sqlite_only()
{
	[ "$backend" = pg ] || return 0
	printf '1..0 # SKIP %s\n' "$*"
	exit 0
}
