#!/bin/sh
# Two processes writing at once: nothing lost, nobody sees "locked".
. "$(dirname "$0")/lib.sh"

crm-add -o li 'Shared deal' >/dev/null

writer()
{
	i=0
	while [ $i -lt 60 ]; do
		CRM_USER=$1 crm-add -o "$1" "deal $1 $i" >/dev/null || echo "add $i failed" >&2
		CRM_USER=$1 crm-log -k call -m "$1 $i" 1 >/dev/null || echo "log $i failed" >&2
		i=$((i + 1))
	done
}

writer li 2>li.err &
p1=$!
writer wang 2>wang.err &
p2=$!
s1=0; s2=0
wait $p1 || s1=$?
wait $p2 || s2=$?
is "both writers succeeded" "$s1 $s2" "0 0"
is "no errors reached the users" "$(cat li.err wang.err)" ""
is "every deal is there" "$(sql 'SELECT count(*) FROM deal')" 121
is "every activity is there" "$(sql 'SELECT count(*) FROM activity')" 120
is "each writer's deals are all there" "$(sql "SELECT owner, count(*) FROM deal WHERE title LIKE 'deal %' GROUP BY owner")" "li|60
wang|60"
is "crm-admin check" "$(db_check)" ok

# A reader streaming while a writer acts on what it reads (WAL).
run sh -c 'crm-ls -o li | crm-set -o zhao'
is "a report piped into an action on the same database" "$rc" 0
is "all of li's deals moved" "$(sql "SELECT count(*) FROM deal WHERE owner = 'zhao'")" 61

# The first import into a database with no deals runs in rollback-journal
# mode (crm-add(1)): a command started meanwhile waits for it, then finds
# all of it, and the database is in WAL mode again afterwards.
awk 'BEGIN { print "title\taccount\towner\tamount"
	for (i = 1; i <= 100000; i++)
		printf "Deal %d\tacct %d\twang\t%d\n", i, i % 300, i }' >first.tsv
crm-admin init first.db
crm-add -D first.db <first.tsv >first.ids 2>first.err &
pid=$!
# Its journal shows that it left WAL mode (and that it is under way).
wait_for first.db-journal
ok "an import into a database with no deals keeps a rollback journal" \
    test -e first.db-journal
sleep 0.1
run crm-ls -D first.db -o wang -f tsv
is "crm-ls meanwhile waits instead of failing" "$rc $errout" "0 "
is "...and then finds the whole import" "$(printf "%s\n" "$out" | wc -l)" 100000
run crm-add -D first.db -o li 'Added during the import'
is "crm-add meanwhile waits too" "$rc $errout" "0 "
s1=0
wait $pid || s1=$?
is "the import succeeded" "$s1 $(cat first.err)" "0 "
is "it gave every id" "$(wc -l <first.ids)" 100000
is "WAL mode again" "$(sqlite3 first.db 'PRAGMA journal_mode')" wal
is "every deal is there" "$(sqlite3 first.db 'SELECT count(*) FROM deal')" 100001
is "first.db integrity_check" "$(sqlite3 first.db 'PRAGMA integrity_check')" ok

# Another program's reader that begins during such an import waits for
# it (the import began EXCLUSIVE), so it cannot hold the commit up; it
# then reads all of it.
crm-admin init third.db
crm-add -D third.db <first.tsv >/dev/null 2>third.err &
pid=$!
wait_for third.db-journal
(printf '.timeout 60000\nBEGIN;\nSELECT count(*) FROM deal;\n'; sleep 1;
    echo 'COMMIT;') | sqlite3 third.db >third.out 2>&1 &
reader=$!
s1=0
wait $pid || s1=$?
wait $reader
is "an import beside another program's reader succeeds" "$s1 $(cat third.err)" "0 "
is "...and the reader waited for all of it" "$(cat third.out)" 100000

# From a pipe, which may take as long as it likes, the import stays in
# WAL mode: others read the database as it was meanwhile.
crm-admin init piped.db
{ head -n 1001 first.tsv; sleep 2; sed -n '1002,2001p' first.tsv; } |
    crm-add -D piped.db >/dev/null 2>piped.err &
pid=$!
sleep 0.5
run crm-ls -D piped.db -f tsv
is "during an import from a pipe crm-ls reads at once" "$rc $out $errout" "0  "
s1=0
wait $pid || s1=$?
is "the import from a pipe succeeded" "$s1 $(cat piped.err)" "0 "
is "...all of it" "$(sqlite3 piped.db 'SELECT count(*) FROM deal; PRAGMA journal_mode')" "2000
wal"

# With another connection open on it the import stays in WAL mode (leaving
# it needs the database to itself), and works all the same.
crm-admin init second.db
(echo 'SELECT count(*) FROM deal;'; sleep 2) | sqlite3 second.db >/dev/null &
holder=$!
sleep 0.3
run crm-add -D second.db <first.tsv
is "an import beside an open connection works" "$rc $errout" "0 "
is "...in WAL mode throughout" "$(sqlite3 second.db 'PRAGMA journal_mode')" wal
wait $holder
is "every deal is there" "$(sqlite3 second.db 'SELECT count(*) FROM deal')" 100000

done_testing
