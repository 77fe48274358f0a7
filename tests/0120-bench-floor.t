#!/bin/sh
# make bench's data and floors: the generator makes the same consistent data
# every time, and on 10,000 generated deals the floor SQL of bench/ gives
# crm's reports byte for byte.  No timing here: that is make bench.
. "$(dirname "$0")/lib.sh"

cfg=$top/bench/config.yaml
b=$top/bench
export CRM_USER=bench

run sh -c '${CC:-cc} -O2 -std=c11 -D_GNU_SOURCE $(pkg-config --cflags sqlite3) \
    -o gen "$1" $(pkg-config --libs sqlite3) -lm' sh "$b/gen.c"
is "bench/gen.c builds" "$rc$errout" 0
run sh -c './gen -c | cmp - "$1"' sh "$cfg"
is "bench/config.yaml is the config the generator makes its data for" \
    "$rc$out$errout" 0

crm-admin -C "$cfg" init bench.db
run ./gen -n 10000 -d bench.db -t deals.tsv
is "10,000 deals generated into a crm database" \
    "$rc$errout|$(sqlite3 bench.db 'SELECT count(*) FROM deal')" "0|10000"
run ./gen -n 10000 -t again.tsv
ok "the same seed makes the same data" cmp -s deals.tsv again.tsv
is "3 pipelines, 200 owners, open, won and lost deals" \
    "$(sqlite3 bench.db "SELECT count(DISTINCT pipeline), count(DISTINCT owner),
	count(DISTINCT status) FROM deal")" "3|200|3"
is "amounts from 1,000 to 10,000,000; Chinese and ASCII titles and accounts" \
    "$(sqlite3 bench.db "SELECT min(amount) >= 100000,
	max(amount) <= 1000000099,
	sum(title GLOB '*[^ -~]*') > 1000, sum(title NOT GLOB '*[^ -~]*') > 1000,
	(SELECT sum(name GLOB '*[^ -~]*') > 100 AND
	    sum(name NOT GLOB '*[^ -~]*') > 100 FROM account)
	FROM deal")" "1|1|1|1|1"
is "about 4 stage changes and 5 activities a deal" \
    "$(sqlite3 bench.db "SELECT round((SELECT count(*) FROM stage_change) /
	10000.0), round((SELECT count(*) FROM activity) / 10000.0)")" "4.0|5.0"

# The deal table agrees with the history, as crm keeps it.
is "each deal starts with its creation, from no stage" \
    "$(sqlite3 bench.db "SELECT count(*) FROM deal d JOIN stage_change c
	ON c.id = (SELECT min(id) FROM stage_change WHERE deal_id = d.id)
	WHERE c.from_stage IS NOT NULL OR c.at <> d.created")" 0
is "each change starts from where the last one went, later" \
    "$(sqlite3 bench.db "SELECT count(*) FROM (SELECT from_stage, at,
	lag(to_stage) OVER w AS prev, lag(at) OVER w AS prev_at
	FROM stage_change WINDOW w AS (PARTITION BY deal_id ORDER BY at, id))
	WHERE prev IS NOT NULL AND (from_stage IS NOT prev OR at <= prev_at)")" 0
is "stage, status, stage_entered, closed and lost_reason: the last change" \
    "$(sqlite3 bench.db "SELECT count(*) FROM deal d JOIN (SELECT deal_id,
	to_stage, at, row_number() OVER (PARTITION BY deal_id
	ORDER BY at DESC, id DESC) AS n FROM stage_change) c
	ON c.deal_id = d.id AND c.n = 1
	WHERE d.stage <> c.to_stage OR d.stage_entered <> c.at
	OR d.status <> CASE WHEN c.to_stage IN ('won', 'lost') THEN c.to_stage
	    ELSE 'open' END
	OR d.closed IS NOT CASE WHEN c.to_stage IN ('won', 'lost') THEN c.at END
	OR (d.lost_reason IS NOT NULL) <> (d.status = 'lost')")" 0
is "amount: the new value of the last change of amount" \
    "$(sqlite3 bench.db "SELECT count(*), sum(d.amount IS NOT CAST(replace(f.new,
	'.', '') AS INTEGER)) FROM deal d JOIN field_change f ON f.id = (SELECT id
	FROM field_change WHERE deal_id = d.id AND field = 'amount'
	ORDER BY at DESC, id DESC LIMIT 1)")" "$(sqlite3 bench.db "SELECT
	count(DISTINCT deal_id) FROM field_change")|0"
is "last_activity: the latest activity" \
    "$(sqlite3 bench.db "SELECT count(*) FROM deal d WHERE d.last_activity
	IS NOT (SELECT max(at) FROM activity WHERE deal_id = d.id)")" 0
is "each activity has the stage the deal was in" \
    "$(sqlite3 bench.db "SELECT count(*) FROM activity x WHERE x.stage IS NOT
	(SELECT to_stage FROM stage_change WHERE deal_id = x.deal_id
	AND at <= x.at ORDER BY at DESC, id DESC LIMIT 1)")" 0
is "no activity before its deal or after now" \
    "$(sqlite3 bench.db "SELECT count(*) FROM activity x JOIN deal d
	ON d.id = x.deal_id WHERE x.at < d.created OR x.at > 1795510800")" 0

# The import file is crm-add's, and holds the same deals.
run sh -c 'crm-add -D import.db -C "$1" <deals.tsv | wc -l' sh "$cfg"
is "crm-add imports the TSV file" "$rc$errout|$out" "0|10000"
fields="d.title, a.name, d.contact, d.owner, d.amount, d.currency, d.pipeline,
    d.stage, d.status, d.created, d.closed, d.expected_close, d.next_action,
    d.lost_reason, d.priority, d.source
    FROM deal d LEFT JOIN account a ON a.id = d.account_id ORDER BY d.id"
sqlite3 bench.db "SELECT $fields" >gen.deals
sqlite3 import.db "SELECT $fields" >import.deals
ok "the imported deals are the generated deals" cmp -s gen.deals import.deals

# floor-import.sql puts the same rows into crm's schema as crm-add does:
# every deal field (accounts by name), every stage change, the same
# accounts, tables and indexes.
crm-admin -C "$cfg" init schema.db
run sh -c 'sqlite3 -bail -cmd ".mode tabs" -cmd "CREATE TEMP TABLE t(title,
    account, contact, owner, amount, pipeline, stage, created,
    expected_close, next_action, priority, source, closed, lost_reason)" \
    -cmd ".import --skip 1 deals.tsv t" schema.db <"$1"' sh "$b/floor-import.sql"
is "floor-import.sql runs" "$rc$errout" 0
dig="SELECT d.id, $fields; SELECT * FROM stage_change ORDER BY id;
    SELECT name FROM account ORDER BY name;
    SELECT type, name FROM sqlite_master ORDER BY name;
    PRAGMA integrity_check;"
sqlite3 import.db "$dig" >import.all
sqlite3 schema.db "$dig" >schema.all
ok "floor-import.sql: the same database as crm-add's import" \
    cmp -s import.all schema.all

# The floors of make bench give crm's figures.
if ! sqlite3 :memory: 'SELECT ieee754_mantissa(0.5)' >/dev/null 2>&1; then
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		t_result 0 "# skip this sqlite3 shell has no ieee754_mantissa()"
	done
	done_testing
	exit
fi
floor()
{
	f=$1
	shift
	sqlite3 -bail -cmd '.mode tabs' -cmd '.parameter set @now 1795510800' \
	    -cmd ".parameter set @today \"'2026-11-24'\"" \
	    -cmd ".parameter set @owner \"'li3'\"" "$@" bench.db <"$b/$f"
}
crm-funnel -D bench.db -C "$cfg" -f tsv >crm.out
floor floor-funnel.sql -cmd '.parameter set @asof 1795510800' >floor.out
is "crm-funnel: floor-funnel.sql gives the same figures" \
    "$(cat floor.out)" "$(cat crm.out)"

crm-funnel -D bench.db -C "$cfg" -f tsv --as-of 2026-01-01 >crm.out
floor floor-funnel.sql -cmd '.parameter set @asof 1767225600' >floor.out
is "crm-funnel --as-of: the same figures" "$(cat floor.out)" "$(cat crm.out)"

crm-funnel -D bench.db -C "$cfg" -f tsv --by owner >crm.out
floor floor-funnel-by-owner.sql -cmd '.parameter set @asof 1795510800' \
    >floor.out
is "crm-funnel --by owner: floor-funnel-by-owner.sql gives the same" \
    "$(cat floor.out)" "$(cat crm.out)"

crm-stale -D bench.db -C "$cfg" -f tsv >crm.out || true
floor floor-stale.sql >floor.out
is "crm-stale: floor-stale.sql gives the same deals in the same order" \
    "$(cut -f1 floor.out)" "$(cut -f1 crm.out)"
is "crm-stale: and the same columns" "$(cat floor.out)" "$(cat crm.out)"

crm-ls -D bench.db -C "$cfg" -f tsv -o li3 >crm.out
floor floor-ls.sql >floor.out
is "crm-ls -o li3: floor-ls.sql gives the same" "$(cat floor.out)" \
    "$(cat crm.out)"

crm-ls -D bench.db -C "$cfg" -f tsv -q Golden >crm.out
floor floor-ls-search.sql -cmd ".parameter set @q \"'golden'\"" >floor.out
ok "crm-ls -q Golden finds some deals" [ -s crm.out ]
is "crm-ls -q: floor-ls-search.sql gives the same" "$(cat floor.out)" \
    "$(cat crm.out)"

crm-ls -D bench.db -C "$cfg" -f tsv --due today >crm.out
floor floor-ls-due.sql >floor.out
ok "crm-ls --due today finds some deals" [ -s crm.out ]
is "crm-ls --due: floor-ls-due.sql gives the same" "$(cat floor.out)" \
    "$(cat crm.out)"

crm-ls -D bench.db -C "$cfg" -f tsv --closed-since 2026-11-01 >crm.out
floor floor-ls-closed.sql -cmd '.parameter set @since 1793491200' >floor.out
ok "crm-ls --closed-since finds some deals" [ -s crm.out ]
is "crm-ls --closed-since: floor-ls-closed.sql gives the same" \
    "$(cat floor.out)" "$(cat crm.out)"

done_testing
