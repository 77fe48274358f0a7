#!/bin/sh
# make bench: how fast crm is with N deals, next to what SQLite itself does
# with the same data (issue 6).
#
# Generates the data set with bench/gen (seeded: the same data every time),
# then times each operation as the median of several runs (hyperfine if it
# is installed, else a loop over `date +%s%N`), measures the peak RSS of one
# run (GNU time), and prints both next to the floor: the same work done by
# the sqlite3 shell on the same file (bench/floor-*.sql, or .import).  The
# reports are checked against their floor while at it: "same" means the
# output was identical byte for byte.
#
#   BENCH_N=1000000        deals in the main run
#   BENCH_QUICK=1          only N; else also 10,000 and 100,000, for the
#                          table of how each operation grows with N
#   BENCH_RUNS=10          at most this many timed runs of a command,
#   BENCH_SECONDS=5        and about this many seconds on each (at least 3)
#   BENCH_DIR=bench/data   where data sets and databases go (large; kept
#                          between runs and made again when gen.c changes)
#   BENCH_RECORD=1         also write the tables to bench/RESULTS.md
#   BENCH_HYPERFINE=0      time with the date loop even if hyperfine is there
#
# The single-deal writes (crm-add, crm-advance, crm-log) run on a copy of
# the generated database made at the start of each size, and their runs
# accumulate on it: each adds a deal, a stage change or an activity, a few
# dozen rows next to millions.  crm-advance moves a different open deal on
# every run (crm's runs and the floor's take turns from two lists), since a
# deal cannot be advanced from the same stage twice.  Reports read the
# generated database itself.  The page cache is warm: one untimed run goes
# first.
#
# PostgreSQL rows (issue 15), when crm is built with libpq and pg_virtualenv
# (postgresql-common) and a server are installed; BENCH_PG=0 skips them,
# and the run says when they are skipped and why.  They run in a throwaway
# cluster (pg_virtualenv -t, as tests/pg/run.sh), reached on its local
# socket, after the SQLite rows, at each size, and each has a target:
#   pg: import            crm-add < deals.tsv into an empty database made by
#                         crm-admin init, next to psql's \copy of the same
#                         TSV into a plain table of its columns (all text)
#                         (target: within 2x of the floor)
#   pg: crm-ls -o, crm-funnel, crm-funnel --as-of, crm-stale
#                         on a server database loaded by crm-admin copy from
#                         the generated one (then VACUUM ANALYZE), next to
#                         the same command on the SQLite file; the outputs
#                         must be the same (target: within 2x)
#   pg: crm-add, crm-advance -F, crm-log
#                         one each, as the SQLite rows above, after the
#                         reports, next to the same command on a copy of the
#                         SQLite file (target: under 10 ms)
#   pg: crm-funnel as a manager, crm-log as a manager
#                         signed in as $MANAGER, whom row-level security
#                         holds to their subtree (issue 17), next to the
#                         same command by the tables' owner, who sees
#                         everything (targets: within 2x; under 10 ms)
# They print as a table of their own, with the target and whether it was
# met, and go to bench/RESULTS.md with BENCH_RECORD=1.
#   BENCH_PG=0             no PostgreSQL rows
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

# Inside the throwaway cluster (run.sh runs itself there): the work
# directory of the run outside.
inside=${BENCH_PG_INSIDE:-}
N=${BENCH_N:-1000000}
QUICK=${BENCH_QUICK:-0}
RUNS=${BENCH_RUNS:-10}
SECONDS_EACH=${BENCH_SECONDS:-5}
DATA=${BENCH_DIR:-bench/data}
RECORD=${BENCH_RECORD:-0}
CFG=bench/config.yaml

export TZ=UTC LC_ALL=C CRM_NOW=2026-11-24T09:00:00Z CRM_USER=bench
unset CRM_DB CRM_CONFIG
NOW=1795510800			# CRM_NOW in epoch seconds
TODAY=2026-11-24
ASOF=2026-01-01			# crm-funnel --as-of
ASOF_EPOCH=1767225600
OWNER=li3			# crm-ls -o
MANAGER=qian1			# pg: a manager (50 of the team's people)
SEARCH=Golden			# crm-ls -q: part of some accounts' names,
SEARCH_LC=golden		# and in lower case for its floor
CLOSED=2026-11-01		# crm-ls --closed-since
CLOSED_EPOCH=1793491200

die()
{
	printf 'bench: %s\n' "$*" >&2
	exit 1
}

case $N in
''|*[!0-9]*) die "BENCH_N '$N' is not a number of deals" ;;
esac
[ "$N" -ge 1000 ] || die "BENCH_N $N: want at least 1000 deals"

# What there is to measure with.
command -v sqlite3 >/dev/null || die "sqlite3 (the shell) is missing: apt-get install sqlite3"
for f in crm-add crm-admin crm-advance crm-log crm-ls crm-funnel crm-stale; do
	[ -x "bin/$f" ] || die "bin/$f is missing: run make first"
done
hyperfine=
if [ "${BENCH_HYPERFINE:-1}" != 0 ] && command -v hyperfine >/dev/null; then
	hyperfine=$(command -v hyperfine)
	timer="hyperfine $(hyperfine --version | sed 's/^hyperfine //')"
else
	timer="a date +%s%N loop (shell start-up included)"
	[ -n "$inside" ] || echo "bench: hyperfine is missing (apt-get install hyperfine); timing with $timer"
fi
gnutime=
if [ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1; then
	gnutime=/usr/bin/time
elif [ -z "$inside" ]; then
	echo "bench: GNU time is missing (apt-get install time): no peak RSS"
fi

# The generator, and the config it makes its data for.
if [ ! -x bench/gen ] || [ bench/gen.c -nt bench/gen ]; then
	${CC:-cc} -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra \
	    $(pkg-config --cflags sqlite3) -o bench/gen bench/gen.c \
	    $(pkg-config --libs sqlite3) -lm || die "cannot build bench/gen"
fi
bench/gen -c | cmp -s - "$CFG" ||
    die "$CFG is not what bench/gen -c prints: bench/gen -c > $CFG"

results=$DATA/results.tsv
if [ -n "$inside" ]; then
	work=$inside
	B=$work/bin
else
	mkdir -p "$DATA"
	work=$(mktemp -d "${TMPDIR:-/tmp}/crm-bench.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	# The commands of this run, all of one build, whatever make does
	# meanwhile.
	B=$work/bin
	mkdir "$B"
	cp bin/crm-add bin/crm-admin bin/crm-advance bin/crm-log bin/crm-ls \
	    bin/crm-funnel bin/crm-stale "$B/"
	load0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
	: >"$results"
	rm -rf "$DATA/diffs"
fi

if [ "$QUICK" = 1 ]; then
	sizes=$N
else
	sizes=
	for n in 10000 100000; do
		[ "$n" -lt "$N" ] && sizes="$sizes $n"
	done
	sizes="$sizes $N"
fi

now_ns()
{
	date +%s%N
}

# measure CMD [PREPARE]: $ms, the median wall time of CMD in milliseconds,
# and $rss, its peak RSS in kB ("" without GNU time).  PREPARE runs before
# every run of CMD, untimed.
measure()
{
	cmd=$1
	prep=${2:-}
	[ -z "$prep" ] || sh -c "$prep" || die "failed: $prep"
	t0=$(now_ns)
	sh -c "$cmd" >/dev/null 2>"$work/err" ||
	    die "failed: $cmd: $(cat "$work/err")"
	t1=$(now_ns)
	runs=$((SECONDS_EACH * 1000000000 / (t1 - t0 + 1)))
	[ "$runs" -le "$RUNS" ] || runs=$RUNS
	[ "$runs" -ge 3 ] || runs=3
	if [ -n "$hyperfine" ]; then
		if [ -n "$prep" ]; then
			"$hyperfine" --runs "$runs" --style none --export-json \
			    "$work/h.json" --prepare "$prep" "$cmd" \
			    >"$work/hf.log" 2>&1
		else
			"$hyperfine" --runs "$runs" --style none --export-json \
			    "$work/h.json" "$cmd" >"$work/hf.log" 2>&1
		fi || die "hyperfine failed: $(cat "$work/hf.log")"
		ms=$(sed -n 's/^ *"median": *\([0-9.eE+-]*\),*$/\1/p' \
		    "$work/h.json" | awk 'NR == 1 { printf "%.1f", $1 * 1000 }')
	else
		: >"$work/times"
		i=0
		while [ "$i" -lt "$runs" ]; do
			[ -z "$prep" ] || sh -c "$prep"
			t0=$(now_ns)
			sh -c "$cmd" >/dev/null 2>&1
			t1=$(now_ns)
			echo $((t1 - t0)) >>"$work/times"
			i=$((i + 1))
		done
		ms=$(sort -n "$work/times" | awk '{ v[NR] = $1 } END {
		    m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		    printf "%.1f", m / 1e6 }')
	fi
	rss=
	if [ -n "$gnutime" ]; then
		[ -z "$prep" ] || sh -c "$prep"
		"$gnutime" -f %M -o "$work/rss" sh -c "$cmd" >/dev/null 2>&1 ||
		    die "failed: $cmd"
		rss=$(tail -n 1 "$work/rss")
	fi
}

# bench OP N CMD FLOOR [PREPARE [FLOOR_PREPARE [CHECK [TARGET]]]]: one row
# of results.  TARGET: "2x" (at most twice the floor's time) or "10ms"
# (under 10 ms), for the PostgreSQL rows.
bench()
{
	b_op=$1 b_n=$2 b_cmd=$3 b_floor=$4 b_prep=${5:-} b_fprep=${6:-}
	b_check=${7:--} b_target=${8:-}
	measure "$b_cmd" "$b_prep"
	b_ms=$ms b_rss=$rss
	measure "$b_floor" "$b_fprep"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$b_op" "$b_n" "$b_ms" "$ms" \
	    "$b_rss" "$b_check" "$b_target" >>"$results"
	printf '  %-38s %10s ms   floor %10s ms   %s%s\n' "$b_op" "$b_ms" "$ms" \
	    "$b_check" "$(verdict "$b_ms" "$ms" "$b_target")"
}

# verdict MS FLOOR_MS TARGET: ", target ...: met" or "...: NOT MET" for a
# row with a target, nothing for one without.
verdict()
{
	[ -n "$3" ] || return 0
	awk -v ms="$1" -v f="$2" -v t="$3" 'BEGIN {
		met = t == "2x" ? ms <= 2 * f : ms < 10
		printf ", target %s: %s", (t == "2x" ? "<= 2x floor" : "< 10 ms"),
		    (met ? "met" : "NOT MET") }'
}

# refloor OP N FLOOR [FLOOR_PREPARE] CHECK: one more row for the command
# bench timed last, against another floor.
refloor()
{
	r_ms=$b_ms r_rss=$b_rss
	measure "$3" "${4:-}"
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$r_ms" "$ms" \
	    "$r_rss" "${5:--}" >>"$results"
	printf '  %-38s %10s ms   floor %10s ms   %s\n' "$1" "$r_ms" "$ms" \
	    "${5:--}"
}

# report OP CMD FLOOR: a report and its floor, whose outputs must be the
# same (crm-stale's status 1, none found, is no failure).
report()
{
	r=$work/$(printf '%s' "$1" | tr -c 'a-z0-9' '-')
	sh -c "$2" >"$r.crm" || [ $? -eq 1 ]
	sh -c "$3" >"$r.floor"
	bench "$1" "$n" "$2" "$3" "" "" "$(same "$r.crm" "$r.floor")"
}

# same OUT1 OUT2: "same" when the two outputs are identical.
same()
{
	if cmp -s "$1" "$2"; then
		echo same
	else
		echo DIFFERS
		diff "$1" "$2" | head -n 20 >"$1.diff" || true
		echo "bench: $1 and $2 differ; see $DATA/diffs" >&2
		mkdir -p "$DATA/diffs"
		cp "$1" "$2" "$1.diff" "$DATA/diffs/"
	fi
}

# pg_sizes: the PostgreSQL rows at each size, run inside the throwaway
# cluster of pg_virtualenv, on its local socket.
pg_sizes()
{
	# On a server the login acts, and a CRM_USER naming anyone else is an
	# error (issue 17): the commands act as the role signed in.
	unset CRM_USER
	# As root, the socket's peer authentication wants a role of that name.
	u=$(id -un)
	if [ "$u" != "${PGUSER:-}" ]; then
		createuser -s "$u" 2>/dev/null || true
	fi
	sock=$(psql -X -At -d postgres -c 'SHOW unix_socket_directories' |
	    cut -d, -f1)
	if [ -n "$sock" ] && PGHOST=$sock PGUSER=$u psql -X -At -d postgres \
	    -c 'SELECT 1' >/dev/null 2>&1; then
		export PGHOST="$sock" PGUSER="$u"
	else
		echo "bench: PostgreSQL: no connection on the local socket; timing over TCP to $PGHOST"
	fi
	psql="psql -X -q -v ON_ERROR_STOP=1"
	export PGOPTIONS='-c client_min_messages=warning'
	createdb crm_floor
	for n in $sizes; do
		d=$DATA/$n
		db=$d/crm.db
		echo "bench: N = $n, PostgreSQL $(psql -X -At -d postgres -c 'SHOW server_version') on ${PGHOST:-its socket}"
		srv=crm_bench_$n
		uri=postgresql:///$srv
		createdb "$srv"
		$B/crm-admin -C "$CFG" init "$uri"
		t0=$(now_ns)
		$B/crm-admin copy "$db" "$uri" >/dev/null
		$psql -d "$srv" -c 'VACUUM ANALYZE'
		t1=$(now_ns)
		echo "bench: copied to the server and analysed in $(((t1 - t0) / 1000000)) ms"

		# Import: crm-add into an empty database made by crm-admin init;
		# psql's \copy into a plain table with the TSV's columns.
		c="$B/crm-add -D postgresql:///crm_import -C $CFG < $d/deals.tsv"
		p="dropdb --if-exists crm_import && createdb crm_import &&
		    $B/crm-admin init postgresql:///crm_import"
		printf '%s\n' "\\copy plain FROM '$d/deals.tsv' WITH (FORMAT text, HEADER true)" \
		    >"$work/pg-copy.sql"
		f="$psql -d crm_floor -f $work/pg-copy.sql"
		fp="$psql -d crm_floor -c 'DROP TABLE IF EXISTS plain;
		    CREATE TABLE plain (title text, account text,
		    contact text, owner text, amount text, pipeline text,
		    stage text, created text, expected_close text,
		    next_action text, priority text, source text,
		    closed text, lost_reason text)'"
		sh -c "$p; $c" >/dev/null
		sh -c "$fp; $f"
		a=$(psql -X -At -d crm_import -c 'SELECT count(*) FROM deal')
		b=$(psql -X -At -d crm_floor -c 'SELECT count(*) FROM plain')
		[ "$a" = "$n" ] && [ "$b" = "$n" ] && check=same || check=DIFFERS
		bench "pg: import (crm-add < TSV)" "$n" "$c" "$f" "$p" "$fp" \
		    "$check" 2x
		dropdb crm_import

		# Reports on the server's copy, against the same command on the
		# file: the same output, in at most twice the time.
		pgreport "pg: crm-ls -o (one owner)" "-o $OWNER"
		pgreport "pg: crm-funnel" ""
		pgreport "pg: crm-funnel --as-of" "--as-of $ASOF"
		pgreport "pg: crm-stale" ""

		# Single writes, after the reports, on the server's copy and
		# on a copy of the file: under 10 ms each.
		run=$work/pg-run.db
		rm -f "$run" "$run-wal" "$run-shm"
		cp "$db" "$run"
		acct=$(sqlite3 "$db" 'SELECT name FROM account ORDER BY id LIMIT 1')
		w="-C $CFG -o $OWNER -v 12000 -a '$acct' 'Bench deal'"
		bench "pg: crm-add (one deal)" "$n" "$B/crm-add -D $uri $w" \
		    "$B/crm-add -D $run $w" "" "" - 10ms
		k=$((RUNS + 5))
		sqlite3 "$run" "SELECT id FROM deal WHERE status = 'open' AND
		    stage = 'lead' ORDER BY id LIMIT $((2 * k))" >"$work/ids"
		[ "$(wc -l <"$work/ids")" -eq $((2 * k)) ] ||
		    die "not enough open deals in lead to advance"
		head -n "$k" "$work/ids" >"$work/crm.ids"
		tail -n "$k" "$work/ids" >"$work/floor.ids"
		pop="tail -n +2 \$Q >\$Q.t && mv \$Q.t \$Q"
		bench "pg: crm-advance -F (one deal)" "$n" \
		    "$B/crm-advance -F -D $uri -C $CFG < $work/crm.id" \
		    "$B/crm-advance -F -D $run -C $CFG < $work/floor.id" \
		    "Q=$work/crm.ids; head -n 1 \$Q >$work/crm.id && $pop" \
		    "Q=$work/floor.ids; head -n 1 \$Q >$work/floor.id && $pop" \
		    - 10ms
		id=$(sqlite3 "$run" "SELECT min(id) FROM deal WHERE status = 'open'")
		w="-C $CFG -k call -m 'bench call' $id"
		bench "pg: crm-log (one activity)" "$n" "$B/crm-log -D $uri $w" \
		    "$B/crm-log -D $run $w" "" "" - 10ms

		# Who sees what (issue 17): the team's config pushed and
		# $MANAGER let in; their funnel over their subtree next to
		# the owner's over everything (within 2x), and an activity
		# they log, held by the rules, next to the owner's (under 10
		# ms).  Both sign in over TCP with the cluster's password
		# (the socket's peer authentication knows only root).
		$B/crm-admin -D "$uri" -C "$CFG" config push "$CFG" >/dev/null
		$B/crm-admin -D "$uri" -C "$CFG" grant "$MANAGER" >/dev/null
		$psql -d "$srv" -c "ALTER ROLE $MANAGER PASSWORD '$PGPASSWORD'"
		$psql -d "$srv" -c "ALTER ROLE $PGUSER PASSWORD '$PGPASSWORD'"
		tcp="env PGHOST=localhost PGPASSWORD=$PGPASSWORD"
		bench "pg: crm-funnel as a manager" "$n" \
		    "$tcp PGUSER=$MANAGER $B/crm-funnel -D $uri -C $CFG" \
		    "$tcp PGUSER=$PGUSER $B/crm-funnel -D $uri -C $CFG" \
		    "" "" - 2x
		id=$(env PGHOST=localhost PGUSER=$MANAGER $B/crm-ls -D "$uri" \
		    -C "$CFG" -f tsv | head -n 1 | cut -f1)
		w="-D $uri -C $CFG -k call -m 'bench call' $id"
		bench "pg: crm-log as a manager" "$n" \
		    "$tcp PGUSER=$MANAGER $B/crm-log $w" \
		    "$tcp PGUSER=$PGUSER $B/crm-log $w" "" "" - 10ms
		rm -f "$run" "$run-wal" "$run-shm"
		dropdb "$srv"
	done
}

# pgreport OP ARGS: crm-OP ARGS on the server ($uri) next to the same on
# the file ($db), which must print the same, in at most twice the time.
pgreport()
{
	c=${1#pg: }
	c=${c%% *}
	c="$B/$c -C $CFG $2"
	r=$work/$(printf '%s' "$1" | tr -c 'a-z0-9' '-')
	sh -c "$c -D $uri" >"$r.crm" || [ $? -eq 1 ]
	sh -c "$c -D $db" >"$r.floor" || [ $? -eq 1 ]
	bench "$1" "$n" "$c -D $uri" "$c -D $db" "" "" \
	    "$(same "$r.crm" "$r.floor")" 2x
}

if [ -n "$inside" ]; then
	pg_sizes
	exit 0
fi

rm -f "$work/empty.db"
$B/crm-admin -C "$CFG" init "$work/empty.db"
$B/crm-add -D "$work/one.db" -C "$CFG" -o "$OWNER" 'The first deal' >/dev/null
schema=$(sqlite3 "$work/empty.db" 'PRAGMA user_version')
pages=$(sqlite3 "$work/empty.db" 'PRAGMA page_size')

q="sqlite3 -bail -cmd '.mode tabs' -cmd '.parameter set @now $NOW'"
q="$q -cmd \".parameter set @user \\\"'bench'\\\"\""

for n in $sizes; do
	d=$DATA/$n
	mkdir -p "$d"
	stamp="gen $(cksum <bench/gen.c | cut -d' ' -f1) n $n now $CRM_NOW schema $schema pages $pages"
	if [ ! -f "$d/stamp" ] || [ "$(cat "$d/stamp")" != "$stamp" ] ||
	    [ ! -f "$d/crm.db" ] || [ ! -f "$d/deals.tsv" ]; then
		echo "bench: generating $n deals in $d"
		rm -f "$d"/*.db "$d"/*.db-* "$d/deals.tsv" "$d/stamp"
		$B/crm-admin -C "$CFG" init "$d/crm.db"
		t0=$(now_ns)
		bench/gen -v -n "$n" -d "$d/crm.db" -t "$d/deals.tsv"
		t1=$(now_ns)
		echo "bench: generated in $(((t1 - t0) / 1000000)) ms"
		echo "$stamp" >"$d/stamp"
	fi
	echo "bench: N = $n"
	db=$d/crm.db
	run=$d/run.db
	rm -f "$run" "$run-wal" "$run-shm"
	cp "$db" "$run"

	# Import: crm-add into a new database, .import into a plain table.
	c="$B/crm-add -D $d/import.db -C $CFG < $d/deals.tsv"
	f="sqlite3 -cmd '.mode tabs' $d/floor.db '.import /dev/stdin deals' < $d/deals.tsv"
	p="rm -f $d/import.db $d/import.db-wal $d/import.db-shm"
	fp="rm -f $d/floor.db $d/floor.db-journal"
	sh -c "$p; $c" >/dev/null
	sh -c "$fp; $f"
	a=$(sqlite3 "$d/import.db" 'SELECT count(*) FROM deal')
	b=$(sqlite3 "$d/floor.db" 'SELECT count(*) FROM deals')
	[ "$a" = "$n" ] && [ "$b" = "$n" ] && check=same || check=DIFFERS
	bench "import (crm-add < TSV)" "$n" "$c" "$f" "$p" "$fp" "$check"
	imp_f=$f imp_fp=$fp
	# The same import against the same rows put into crm's own schema by
	# SQL (bench/floor-import.sql): compared field by field, accounts by
	# name, the databases hold the same.
	sh -c "$p; $c" >/dev/null
	f="sqlite3 -bail -cmd '.mode tabs' -cmd 'CREATE TEMP TABLE t(title,
	    account, contact, owner, amount, pipeline, stage, created,
	    expected_close, next_action, priority, source, closed,
	    lost_reason)' -cmd '.import --skip 1 $d/deals.tsv t' \
	    $d/schema.db < bench/floor-import.sql"
	fp="rm -f $d/schema.db $d/schema.db-wal $d/schema.db-shm &&
	    cp $work/empty.db $d/schema.db"
	sh -c "$fp; $f"
	dig="SELECT d.id, d.title, a.name, d.contact, d.owner, d.amount,
	    d.currency, d.pipeline, d.stage, d.status, d.created, d.created_by,
	    d.stage_entered, d.closed, d.expected_close, d.next_action,
	    d.last_activity, d.lost_reason, d.priority, d.source FROM deal d
	    LEFT JOIN account a ON a.id = d.account_id ORDER BY d.id;
	    SELECT * FROM stage_change ORDER BY id;
	    SELECT name FROM account ORDER BY name;
	    SELECT type, name FROM sqlite_master ORDER BY name;
	    PRAGMA integrity_check;"
	[ "$(sqlite3 "$d/import.db" "$dig" | cksum)" = \
	    "$(sqlite3 "$d/schema.db" "$dig" | cksum)" ] && check=same ||
	    check=DIFFERS
	refloor "import, floor: SQL into crm's schema" "$n" "$f" "$fp" "$check"

	# The same into a database that has a deal already: that import
	# stays in WAL mode, where the first one into a database with no
	# deals uses the rollback journal (crm-add(1)).
	c="$B/crm-add -D $d/import2.db -C $CFG < $d/deals.tsv"
	p="rm -f $d/import2.db $d/import2.db-wal $d/import2.db-shm &&
	    cp $work/one.db $d/import2.db"
	sh -c "$p; $c" >/dev/null
	a=$(sqlite3 "$d/import2.db" "SELECT count(*) FROM deal;
	    PRAGMA journal_mode")
	[ "$a" = "$((n + 1))
wal" ] && check=same || check=DIFFERS
	bench "import into a database with deals" "$n" "$c" "$imp_f" "$p" \
	    "$imp_fp" "$check"
	rm -f "$d/import2.db"

	# Single writes wait on fsync: nothing of the import left to flush.
	sync
	# One add: the same values both ways.
	acct=$(sqlite3 "$db" 'SELECT name FROM account ORDER BY id LIMIT 1')
	bench "crm-add (one deal)" "$n" \
	    "$B/crm-add -D $run -C $CFG -o $OWNER -v 12000 -a '$acct' 'Bench deal'" \
	    "$q -cmd \".parameter set @owner \\\"'$OWNER'\\\"\" -cmd \".parameter set @account \\\"'$acct'\\\"\" -cmd \".parameter set @title \\\"'Bench deal'\\\"\" $run < bench/floor-add.sql"

	# One advance: a new open deal each run, from two lists.
	k=$((RUNS + 5))
	sqlite3 "$run" "SELECT id FROM deal WHERE status = 'open' AND
	    stage = 'lead' ORDER BY id LIMIT $((2 * k))" >"$work/ids"
	[ "$(wc -l <"$work/ids")" -eq $((2 * k)) ] ||
	    die "not enough open deals in lead to advance"
	head -n "$k" "$work/ids" >"$work/crm.ids"
	tail -n "$k" "$work/ids" >"$work/floor.ids"
	pop="tail -n +2 \$Q >\$Q.t && mv \$Q.t \$Q"
	bench "crm-advance -F (one deal)" "$n" \
	    "$B/crm-advance -F -D $run -C $CFG < $work/crm.id" \
	    "$q $run < $work/floor.sql" \
	    "Q=$work/crm.ids; head -n 1 \$Q >$work/crm.id && $pop" \
	    "Q=$work/floor.ids; { echo \".parameter set @id \$(head -n 1 \$Q)\"; cat bench/floor-advance.sql; } >$work/floor.sql && $pop"

	# One activity, on the same open deal each run.
	id=$(sqlite3 "$run" "SELECT min(id) FROM deal WHERE status = 'open'")
	bench "crm-log (one activity)" "$n" \
	    "$B/crm-log -D $run -C $CFG -k call -m 'bench call' $id" \
	    "$q -cmd '.parameter set @id $id' $run < bench/floor-log.sql"

	# Reports, on the generated database, checked against their floor.
	report "crm-ls -o (one owner)" "$B/crm-ls -D $db -C $CFG -o $OWNER" \
	    "$q -cmd \".parameter set @owner \\\"'$OWNER'\\\"\" $db < bench/floor-ls.sql"
	report "crm-ls -q (search)" "$B/crm-ls -D $db -C $CFG -q $SEARCH" \
	    "$q -cmd \".parameter set @q \\\"'$SEARCH_LC'\\\"\" $db < bench/floor-ls-search.sql"
	report "crm-ls --due today" "$B/crm-ls -D $db -C $CFG --due today" \
	    "$q -cmd \".parameter set @today \\\"'$TODAY'\\\"\" $db < bench/floor-ls-due.sql"
	report "crm-ls --closed-since" \
	    "$B/crm-ls -D $db -C $CFG --closed-since $CLOSED" \
	    "$q -cmd '.parameter set @since $CLOSED_EPOCH' $db < bench/floor-ls-closed.sql"
	report "crm-funnel" "$B/crm-funnel -D $db -C $CFG" \
	    "$q -cmd '.parameter set @asof $NOW' $db < bench/floor-funnel.sql"
	report "crm-funnel --as-of" "$B/crm-funnel -D $db -C $CFG --as-of $ASOF" \
	    "$q -cmd '.parameter set @asof $ASOF_EPOCH' $db < bench/floor-funnel.sql"
	report "crm-funnel --by owner" "$B/crm-funnel -D $db -C $CFG --by owner" \
	    "$q -cmd '.parameter set @asof $NOW' $db < bench/floor-funnel-by-owner.sql"
	report "crm-stale" "$B/crm-stale -D $db -C $CFG" \
	    "$q -cmd \".parameter set @today \\\"'$TODAY'\\\"\" $db < bench/floor-stale.sql"
done

# The PostgreSQL rows, in a throwaway cluster: run.sh itself inside it.
pg=
if [ "${BENCH_PG:-1}" = 0 ]; then
	pg="skipped: BENCH_PG=0"
# A crm without libpq says so of any URI (the socket here leads nowhere).
elif PGHOST=$work/none $B/crm-admin check postgresql:///none 2>&1 |
    grep -q 'without PostgreSQL'; then
	pg="skipped: crm built without PostgreSQL support (install libpq-dev)"
elif ! command -v pg_virtualenv >/dev/null 2>&1; then
	pg="skipped: no pg_virtualenv (install postgresql-common)"
elif ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
	pg="skipped: no PostgreSQL server (install postgresql)"
fi
if [ -n "$pg" ]; then
	echo "bench: PostgreSQL rows $pg"
else
	echo "bench: PostgreSQL rows, in a throwaway cluster (pg_virtualenv -t)"
	BENCH_PG_INSIDE=$work pg_virtualenv -t sh "$top/bench/run.sh" ||
	    die "the PostgreSQL rows failed"
fi

# The tables, as Markdown (they read as well in a terminal).
table()
{
	echo "| operation | N | median ms | floor ms | ratio | peak RSS MB | output |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
	awk -F '\t' -v n="$N" '$2 == n && $7 == "" {
		printf "| %s | %d | %.1f | %.1f | %.2f | %s | %s |\n", $1, $2,
		    $3, $4, ($4 > 0 ? $3 / $4 : 0),
		    ($5 == "" ? "-" : sprintf("%.1f", $5 / 1024)), $6 }' "$results"
}

# pgtable: the PostgreSQL rows, with their target and whether it was met.
pgtable()
{
	echo "| operation | N | median ms | floor ms | ratio | peak RSS MB | output | target | met |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |"
	awk -F '\t' -v n="$N" '$2 == n && $7 != "" {
		met = $7 == "2x" ? $3 <= 2 * $4 : $3 < 10
		printf "| %s | %d | %.1f | %.1f | %.2f | %s | %s | %s | %s |\n",
		    $1, $2, $3, $4, ($4 > 0 ? $3 / $4 : 0),
		    ($5 == "" ? "-" : sprintf("%.1f", $5 / 1024)), $6,
		    ($7 == "2x" ? "<= 2x floor" : "< 10 ms"),
		    (met ? "yes" : "NO") }' "$results"
}

growth()
{
	[ "$QUICK" != 1 ] && [ "$(echo $sizes | wc -w)" -gt 1 ] || return 0
	awk -F '\t' -v sizes="$sizes" '
	BEGIN { ns = split(sizes, s, " ") }
	# A second floor for the same command adds no row here.
	$1 ~ /, floor: / { next }
	{ t[$1, $2] = $3; if (!($1 in seen)) { seen[$1] = 1; ops[++nops] = $1 } }
	END {
		printf "| operation |"
		for (i = 1; i <= ns; i++)
			printf " ms at %d |", s[i]
		printf " x%g deals: time x |\n| --- |", s[ns] / s[1]
		for (i = 1; i <= ns + 1; i++)
			printf " ---: |"
		printf "\n"
		for (o = 1; o <= nops; o++) {
			printf "| %s |", ops[o]
			for (i = 1; i <= ns; i++)
				printf " %.1f |", t[ops[o], s[i]]
			a = t[ops[o], s[1]]
			printf " %.1f |\n", (a > 0 ? t[ops[o], s[ns]] / a : 0)
		}
	}' "$results"
}

machine()
{
	echo "- $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo) of memory"
	echo "- $(uname -sr), SQLite $(sqlite3 --version | cut -d' ' -f1), $(${CC:-cc} --version | head -n 1)"
	[ -n "$pg" ] || echo "- $(/usr/lib/postgresql/*/bin/postgres --version | sort -V | tail -n 1 | sed 's/^postgres (PostgreSQL)/PostgreSQL/') in a throwaway cluster (pg_virtualenv -t), default settings"
	echo "- timed with $timer; peak RSS from ${gnutime:-nothing (GNU time missing)}"
	echo "- load average $load0 at the start, $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?') at the end (other work on the machine makes times longer)"
}

# tables TITLE: the results table under TITLE, then the growth table.
tables()
{
	echo "## $1"
	echo
	table
	echo
	echo "## $2"
	echo
	if [ -n "$pg" ]; then
		echo "PostgreSQL rows $pg."
	else
		printf '%s\n' \
		    "Floors: import, psql's \\copy of the same TSV into a plain table;" \
		    "reports, the same command on the SQLite file (same output);" \
		    "single writes, the same command on a copy of the SQLite file."
		echo
		pgtable
	fi
	if [ -n "$(growth)" ]; then
		echo
		echo "## How the time grows with N"
		echo
		growth
	fi
}

echo
tables "crm at $N deals, next to SQLite's floor" \
    "crm on PostgreSQL at $N deals, on the local socket"
echo
machine

if [ "$RECORD" = 1 ]; then
	{
		echo "# make bench: results"
		echo
		echo "The last recorded run of \`make bench\` (bench/run.sh, issue 6):"
		echo "BENCH_N=$N$( [ "$QUICK" = 1 ] && echo ' BENCH_QUICK=1'), $(date -u +%Y-%m-%d)."
		echo "Each time is the median of several runs with a warm page cache; the"
		echo "floor is the same work done by the sqlite3 shell (bench/floor-*.sql,"
		echo "or .import into a plain table); ratio is crm's time over the floor's;"
		echo "output \"same\" means the report and its floor printed the same bytes."
		echo
		echo "Machine:"
		echo
		machine
		echo
		tables "crm at $N deals" "crm on PostgreSQL at $N deals"
	} >bench/RESULTS.md
	echo
	echo "bench: wrote bench/RESULTS.md"
fi
if grep -q DIFFERS "$results"; then
	echo "bench: some reports differ from their floor: see $DATA/diffs" >&2
	exit 1
fi
