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
is "integrity_check" "$(sql 'PRAGMA integrity_check')" ok

# A reader streaming while a writer acts on what it reads (WAL).
run sh -c 'crm-ls -o li | crm-set -o zhao'
is "a report piped into an action on the same database" "$rc" 0
is "all of li's deals moved" "$(sql "SELECT count(*) FROM deal WHERE owner = 'zhao'")" 61

done_testing
