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

# The number of rows a query gives, straight from the database.
sql()
{
	sqlite3 "$CRM_DB" "$1"
}
