#!/bin/sh
# Nothing lost under load and faults: four writers at once, and an import
# killed with SIGKILL at a random moment.
. "$(dirname "$0")/lib.sh"

# Four processes, 250 writes each, of every kind, on one database.  Each
# writer has a deal of its own to log on, change and move back and forth.
for w in w1 w2 w3 w4; do
	crm-add -o "$w" "own $w" >/dev/null
done
writer()
{
	w=$1 own=$2 i=0
	while [ $i -lt 250 ]; do
		case $((i % 8)) in
		0|4) crm-add -o "$w" "$w deal $i" ;;
		1|5) crm-log -k call -m "$w call $i" "$own" ;;
		2|6) crm-set -v "$i" "$own" ;;
		3) crm-advance -s needs "$own" ;;
		7) crm-advance -s lead "$own" ;;
		esac >/dev/null || echo "$w: write $i failed" >&2
		i=$((i + 1))
	done
}
pids=
n=1
for w in w1 w2 w3 w4; do
	CRM_USER=$w writer "$w" "$n" 2>"$w.err" &
	pids="$pids $!"
	n=$((n + 1))
done
st=0
for p in $pids; do
	wait "$p" || st=1
done
is "four writers: all exit 0" "$st" 0
is "no error reached a user (no 'database is locked')" "$(cat w1.err w2.err w3.err w4.err)" ""
# Of i = 0..249: i % 4 == 0 adds (63), == 1 logs (63), == 2 sets (62),
# == 3 moves (62).
is "every deal is there" "$(sql 'SELECT count(*) FROM deal')" $((4 + 4 * 63))
is "each writer's deals" "$(sql "SELECT owner, count(*) FROM deal GROUP BY owner" | tr '\n' ' ')" \
    "w1|64 w2|64 w3|64 w4|64 "
is "every activity is there" "$(sql 'SELECT count(*) FROM activity')" $((4 * 63))
is "every field change is there" "$(sql 'SELECT count(*) FROM field_change')" $((4 * 62))
is "every stage change is there" "$(sql 'SELECT count(*) FROM stage_change')" $((4 + 4 * 63 + 4 * 62))
is "the last amount set stands" "$(sql 'SELECT group_concat(amount) FROM deal WHERE id <= 4')" "24600,24600,24600,24600"
is "crm-admin check" "$(db_check)" ok

# An import of 200,000 lines killed at a random moment, three times:
# afterwards all of it or none of it is there, and the next write works.
awk 'BEGIN { print "title\taccount\towner\tamount"
	for (i = 1; i <= 200000; i++)
		printf "Deal %d\t客户%d\tli\t%d.50\n", i, i % 500, i }' >big.tsv
before=$(sql 'SELECT count(*) FROM deal')
# An import that big into a database with fewer deals drops the indexes
# and makes them again at the end, inside its transaction: killed, the
# indexes are as they were.
idx="SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name)"
crm-admin init fresh.db
want_idx=$(sqlite3 fresh.db "$idx")
crm-admin init crash.db
for round in 1 2 3; do
	# A moment between 0.05 and 2 seconds in: during the read, the
	# inserts, or the commit.
	delay=$(awk -v s="$$$round" 'BEGIN { srand(s); printf "%.2f", 0.05 + rand() * 1.95 }')
	crm-add -D crash.db <big.tsv >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	n=$(sqlite3 crash.db "SELECT count(*) FROM deal WHERE title LIKE 'Deal %'")
	ok "round $round (killed after ${delay}s): all or nothing ($n)" \
	    sh -c '[ "$1" = 0 ] || [ $(($1 % 200000)) = 0 ]' sh "$n"
	is "round $round: integrity_check" "$(sqlite3 crash.db 'PRAGMA integrity_check')" ok
	is "round $round: every index is there" "$(sqlite3 crash.db "$idx")" "$want_idx"
	run crm-add -D crash.db -o li "after round $round"
	is "round $round: the next command works" "$rc" 0
done
is "the database outside the crashes is untouched" "$(sql 'SELECT count(*) FROM deal')" "$before"

# The first import into a database with no deals runs in rollback-journal
# mode; killed half way, its journal undoes it and the next command puts
# the database back in WAL mode.
crm-admin init first.db
crm-add -D first.db <big.tsv >/dev/null 2>&1 &
pid=$!
wait_for first.db-journal
sleep 0.2
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
ok "killed with its rollback journal there" test -e first.db-journal
run crm-ls -D first.db
is "killed in rollback-journal mode: the next command works" "$rc $out $errout" "0  "
is "...nothing of the import is there" "$(sqlite3 first.db 'SELECT count(*) FROM deal')" 0
is "...the journal is gone" "$(ls first.db-journal 2>/dev/null)" ""
is "...WAL mode again" "$(sqlite3 first.db 'PRAGMA journal_mode')" wal
is "...integrity_check" "$(sqlite3 first.db 'PRAGMA integrity_check')" ok
is "...every index is there" "$(sqlite3 first.db "$idx")" "$want_idx"

done_testing
