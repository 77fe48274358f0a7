# The body of tests/0081-concurrency-mixed.t (on SQLite, and on
# PostgreSQL under make check-pg), sourced after lib.sh with $CRM_DB set
# and sql() reading that database.  $PROCS processes, each with its own
# connection, do $WRITES mixed writes at once: crm-add, crm-log of
# existing deals, crm-set, crm-advance -F of random deals (half of them
# among four "hot" deals, so that two advances of one deal meet often).
# Then: every command exited 0, or 1 for an advance refused because the
# deal is in the last stage; the deals and activities are those the adds
# and logs reported, their ids unique and consecutive; every deal is in
# the stage its last stage change went to, each change starts where the
# one before ended, and a deal never moved twice from one stage (the
# gate race: two advances of one deal at once move it once, or refuse).
PROCS=${PROCS:-8}
WRITES=${WRITES:-250}
SEED=40				# deals there before the writers start

awk -v n=$SEED 'BEGIN { print "title\towner"
	for (i = 1; i <= n; i++) printf "seed %d\tli\n", i }' >seed.tsv
crm-add <seed.tsv >/dev/null

# Each writer's commands, one a line, from awk's rand() seeded by its
# number: the same run every time.
p=1
while [ $p -le $PROCS ]; do
	awk -v p=$p -v n=$WRITES -v seed=$SEED 'BEGIN { srand(p)
	for (i = 1; i <= n; i++) {
		r = rand()
		d = rand() < 0.5 ? int(rand() * 4) + 1 : int(rand() * seed) + 1
		if (r < 0.25)
			printf "add -o w%d w%d-%d\n", p, p, i
		else if (r < 0.5)
			printf "log -k call -m w%d-%d %d\n", p, i, d
		else if (r < 0.75)
			printf "set -v %d %d\n", int(rand() * 100000), d
		else
			printf "advance -F %d\n", d
	} }' >cmds.$p
	p=$((p + 1))
done

# writer N: runs cmds.N; logs "op rc stdout" a line, and what failed.
writer()
{
	while IFS= read -r w_line; do
		set -- $w_line
		w_op=$1
		shift
		w_rc=0
		w_out=$(CRM_USER=w$p "crm-$w_op" "$@" 2>err.$p.1) || w_rc=$?
		if [ $w_rc -eq 1 ] && [ "$w_op" = advance ] &&
		    grep -q 'is the last stage' err.$p.1; then
			w_rc=refused
		elif [ $w_rc -ne 0 ] || [ -s err.$p.1 ]; then
			printf '%s: %s: %s\n' "$w_line" $w_rc "$(cat err.$p.1)" >&2
		fi
		printf '%s %s %s\n' "$w_op" $w_rc "$w_out"
	done <cmds.$p
}

t0=$(date +%s)
p=1
while [ $p -le $PROCS ]; do
	writer >log.$p 2>fail.$p &
	p=$((p + 1))
done
wait
t1=$(date +%s)
printf '# %d processes x %d writes: %d s\n' $PROCS $WRITES $((t1 - t0))

cat log.* >log
is "every command ran" "$(wc -l <log)" $((PROCS * WRITES))
is "each exited 0, or 1 for a deal in its last stage" "$(cat fail.*)" ""
adds=$(awk '$1 == "add" && $2 == 0' log | wc -l)
logs=$(awk '$1 == "log" && $2 == 0' log | wc -l)
moves=$(awk '$1 == "advance" && $2 == 0' log | wc -l)
refused=$(awk '$2 == "refused"' log | wc -l)
printf '# %d adds, %d logs, %d moves, %d advances refused\n' $adds $logs \
    $moves $refused
ok "some advances moved deals" test $moves -gt 0
ok "some were refused" test $refused -gt 0

is "every deal added is there" "$(sql 'SELECT count(*) FROM deal')" \
    $((SEED + adds))
is "every activity logged is there" "$(sql 'SELECT count(*) FROM activity')" \
    $logs
is "the ids crm-add printed: the ones after the seed, each once" \
    "$(awk '$1 == "add" && $2 == 0 { print $3 }' log | sort -n | uniq | tr '\n' ' ')" \
    "$(awk -v a=$((SEED + 1)) -v b=$((SEED + adds)) 'BEGIN {
	for (i = a; i <= b; i++) printf "%d ", i }')"
is "the activity ids crm-log printed: 1 to $logs, each once" \
    "$(awk '$1 == "log" && $2 == 0 { print $4 }' log | sort -n | uniq | tr '\n' ' ')" \
    "$(awk -v b=$logs 'BEGIN { for (i = 1; i <= b; i++) printf "%d ", i }')"
for t in deal account stage_change activity field_change; do
	is "$t ids unique and consecutive" \
	    "$(sql "SELECT count(*) = count(DISTINCT id) AND \
	    coalesce(max(id), 0) = count(*) FROM $t")" \
	    "$(sql 'SELECT 1 = 1')"
done

is "one stage change per move" "$(sql "SELECT count(*) FROM stage_change \
    WHERE from_stage IS NOT NULL")" $moves
is "...of each deal" "$(sql "SELECT deal_id || ' ' || count(*) FROM \
    stage_change WHERE from_stage IS NOT NULL GROUP BY deal_id \
    ORDER BY deal_id")" "$(awk '$1 == "advance" && $2 == 0 { print $3 }' log |
    sort -n | uniq -c | awk '{ print $2, $1 }')"
is "every deal in the stage of its last stage change" \
    "$(sql "SELECT count(*) FROM deal d WHERE d.stage <> (SELECT to_stage \
    FROM stage_change c WHERE c.deal_id = d.id ORDER BY c.id DESC LIMIT 1)")" 0
is "each change from where the one before went" \
    "$(sql "SELECT count(*) FROM (SELECT from_stage, lag(to_stage) OVER \
    (PARTITION BY deal_id ORDER BY id) AS prev FROM stage_change) AS x \
    WHERE from_stage IS DISTINCT FROM prev")" 0
is "no deal moved twice from one stage to another" \
    "$(sql "SELECT count(*) FROM (SELECT deal_id FROM stage_change \
    GROUP BY deal_id, from_stage, to_stage HAVING count(*) > 1) AS x")" 0
