#!/bin/sh
# PostgreSQL end to end: the same commands on an SQLite file and on a
# server database (made by crm-admin init), byte for byte the same output,
# error text and exit status.  Run by make check-pg (tests/pg/run.sh),
# which gives the server the TimeZone Pacific/Chatham; here the client's
# TZ is another, and the environment asks libpq for other zones, date
# styles and encodings: none may change anything.
. "$(dirname "$0")/lib.sh"
export TZ=Asia/Kolkata

# An ICU database: its collation sorts "_a a B" where bytes give "B _a a".
db=crm_smoke_$$
pg_db "$db" -T template0 --locale-provider=icu --icu-locale=en-US \
    --locale=C.UTF-8
uri=postgresql:///$db
file=$tmp/crm.db

run crm-admin init "$uri"
is "crm-admin init on a URI" "$rc.$errout" "0."
run crm-admin -D "$uri" init
is "init again: exit 3" "$rc" 3
like "...saying it exists, naming the server" "$errout" \
    "^crm-admin: database [^ ]*@[^ ]*/$db: already exists"
crm-admin init "$file"
# The server side of both: libpq asked for other zones, date styles and
# encodings, none of which may change anything.
pg_env='PGTZ=America/New_York PGDATESTYLE=German PGCLIENTENCODING=LATIN1
    PGOPTIONS=--timezone=Asia/Tokyo'


both "crm-add" crm-add -o li --at 2026-11-01 -a 'Beta GmbH' -v 12000 \
    -m 'from the fair' 'ERP rollout'
both "crm-add, an account sorting differently" crm-add -o li \
    --at 2026-11-01T23:30 -a _alpha -c 'Zoë Ñ' 'Scanners'
both "crm-add in a later stage" crm-add -o wang --at 2026-11-02 -a alpha \
    -s negotiation -v '3.5万' --currency CNY 'Télématique'
both "crm-add with dates" crm-add -o li --at 2026-11-03 -a Zeta \
    -e 2026-12-15 -n 2026-11-20 --priority 2 --source web 'zebra'
both "crm-advance" crm-advance --at 2026-11-02 1
both "crm-advance refused by the gate" crm-advance --at 2026-11-03 1
both "crm-log" crm-log -k call --at 2026-11-03T10:00 -m 'talked' 1
both "crm-log, another" crm-log -k visit --at 2026-11-03T11:00 \
    --outcome good 1 2
both "crm-advance still refused" crm-advance --at 2026-11-03T12:00 1
both "crm-advance -F" crm-advance -F -m 'in a hurry' --at 2026-11-04 1
both "crm-set" crm-set -v 15000 -m 'bigger' -n 2026-11-30 1
both "crm-set of a deal that is not there" crm-set -v 1 99
both "crm-advance -w" crm-advance -w 3
both "crm-advance -l" crm-advance -l no-budget 4
both "crm-ls -f tsv" crm-ls -f tsv
both "crm-ls --all -f json" crm-ls --all -f json
both "crm-ls --sort account" crm-ls --all --sort account -f tsv
both "crm-ls --sort title" crm-ls --all --sort title -f tsv
both "crm-show -f json" crm-show -f json 1
both "crm-show of a won deal" crm-show -f json 3
both "crm-log -L" crm-log -L -f tsv
both "crm-log -L -o" crm-log -L -o li --since 2026-11-03 -f json
both "crm-funnel" crm-funnel -f tsv
both "crm-funnel of a past day" crm-funnel --as-of 2026-11-03 -f json
both "crm-show of no deal" crm-show 99
both "crm-stale" crm-stale -f tsv
both "crm-stale -d 0 --sort owner" crm-stale -d 0 --sort owner -f json
both "crm-ls -q, a wildcard taken as itself" crm-ls --all -q '_a' -f tsv
both "crm-ls -q, ASCII case" crm-ls --all -q 'ERP' -f tsv
both "crm-log -L -q" crm-log -L -q talked -f tsv
both "crm-ls --closed-since" crm-ls --closed-since 2026-11-01 -f tsv
both "crm-ls --due" crm-ls --due 2026-11-25 -f tsv
both "crm-funnel --by owner" crm-funnel --by owner -f tsv
both "crm-funnel --forecast" crm-funnel --forecast -f json
# An import of more than sixteen deals: the many-row INSERT of the import.
awk 'BEGIN { print "title\taccount\towner\tamount\tcreated"
	for (i = 1; i <= 40; i++)
		printf "Deal %d\tacct %d\t%s\t%d\t2026-10-%02d\n", i, i % 7,
		    i % 2 ? "li" : "wang", i * 1000, i % 28 + 1 }' >many.tsv
both "an import of 40 deals" sh -c 'crm-add <many.tsv'
both "...listed" crm-ls --all -f tsv
both "an import with a bad line: nothing added" sh -c \
    'printf "title\tamount\nok\t1\nbad\tx\n" | crm-add'
both "...still 44 deals" crm-ls --all -f tsv

# The history is append-only on the server too, with SQLite's words.
run psql -Xqt -d "$db" -c 'UPDATE stage_change SET note = NULL'
like "a stage change cannot be changed" "$errout" \
    "stage changes are append-only"
run psql -Xqt -d "$db" -c 'DELETE FROM deal'
like "a deal cannot be deleted" "$errout" "deals are never deleted"
run psql -Xqt -d "$db" -c 'TRUNCATE activity CASCADE'
like "nor activities truncated" "$errout" "activities are append-only"

# The URI's own options stay: a crm in a schema of its own.
psql -Xq -d "$db" -c 'CREATE SCHEMA sales'
sales="$uri?options=-csearch_path%3Dsales"
run crm-admin init "$sales"
is "init in a schema named by the URI's options" "$rc.$errout" "0."
run crm-add -D "$sales" --at 2026-11-01 'In sales'
is "...a deal there" "$out" 1
is "...in that schema" "$(psql -XAqt -d "$db" -c 'SELECT title FROM sales.deal')" \
    "In sales"

# Writers take turns, as on SQLite: six -F at once move the deal six
# stages, one after another, none from the same stage twice.
crm-add -D "$uri" --at 2026-11-01 'Race' >/dev/null
for i in 1 2 3 4 5 6; do
	CRM_DB=$uri crm-advance -F 5 >/dev/null 2>&1 &
done
wait
is "concurrent advances, one at a time" "$(psql -XAqt -d "$db" -c \
    "SELECT count(*), count(DISTINCT from_stage), (SELECT stage FROM deal \
    WHERE id = 5) FROM stage_change WHERE deal_id = 5 AND \
    from_stage IS NOT NULL")" "6|6|negotiation"

# A database another crm made, at another version: exit 3, no migration.
psql -Xqt -d "$db" -c "UPDATE crm_meta SET value = '4' WHERE \
    key = 'schema_version'" >/dev/null
run crm-ls -D "$uri"
is "another schema version: exit 3" "$rc" 3
like "...saying which and what to run" "$errout" \
    "schema version 4, this crm uses [0-9]+: run crm-admin migrate"
createdb "${db}_empty"
run crm-ls -D "postgresql:///${db}_empty"
dropdb "${db}_empty"
is "no schema: exit 3" "$rc" 3
like "...and crm-admin init makes one" "$errout" "crm-admin init"
run crm-ls -D "postgresql://crm:s3cret@localhost/${db}_nothere"
is "a database that is not there: exit 3" "$rc" 3
like "...naming it" "$errout" \
    "^crm-ls: database crm@localhost:[0-9]+/${db}_nothere: cannot connect: "
is "...in one line" "$(printf '%s\n' "$errout" | wc -l)" 1
ok "...never the password" test "${errout#*s3cret}" = "$errout"

done_testing
