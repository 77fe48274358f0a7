#!/bin/sh
# Ids after failures (doc/postgresql-port.md, H6): SQLite gives max(id) + 1,
# so a rolled-back insert, or an account insert that met an existing name,
# gives its id back; the server must print the same ids (lib/schema-pg.sql's
# id triggers).  Each case runs on an SQLite file and on the server.
. "$(dirname "$0")/lib.sh"

db=crm_ids_$$
pg_db "$db" -T template0
uri=postgresql:///$db
file=$tmp/crm.db
crm-admin init "$uri"
crm-admin init "$file"


both "crm-add" crm-add -o li --at 2026-11-01 -a Acme 'First'
awk 'BEGIN { print "title\taccount\tamount"
	for (i = 1; i <= 40; i++)
		printf "Deal %d\tnew acct %d\t%d\n", i, i, i * 100
	print "bad\tnew acct x\tx" }' >bad.tsv
both "an import of 40 deals and 40 accounts with a bad line" \
    sh -c 'crm-add <bad.tsv'
both "...then crm-add: the next id" crm-add -o li -a 'Later' 'Second'
both "crm-add with an account that exists" crm-add -o li -a Acme 'Third'
both "...then a new account" crm-add -o li -a 'Newer' 'Fourth'
both "crm-ls: the deals and their accounts" crm-ls --all -f tsv
both "crm-log of a deal that is not there" crm-log -k call -m x 99
both "crm-log refused for one of two deals" crm-log -k call -m x 1 99
both "...then a good one: the next activity id" crm-log -k call -m y 1
both "crm-log -L" crm-log -L -f tsv
both "crm-set refused" crm-set -v x 1
both "crm-advance of no deal" crm-advance 99
both "crm-advance" crm-advance -F 2
both "crm-show: the history's ids" crm-show -f json 2
# The import's stage changes are made for a range of ids: consecutive
# after a failure too.
awk 'BEGIN { print "title\tamount"
	for (i = 1; i <= 37; i++) printf "Good %d\t%d\n", i, i }' >good.tsv
both "an import after the failed one" sh -c 'crm-add <good.tsv'
is "...ids consecutive, one stage change each, same ids as SQLite's" \
    "$(psql -XAqt -d "$db" -c "SELECT d.id || ' ' || c.id FROM deal d \
    JOIN stage_change c ON c.deal_id = d.id ORDER BY d.id")" \
    "$(sqlite3 "$file" "SELECT d.id || ' ' || c.id FROM deal d \
    JOIN stage_change c ON c.deal_id = d.id ORDER BY d.id")"

# An import whose accounts are partly there already (ON CONFLICT DO
# NOTHING skips those), interleaved with new ones.
awk 'BEGIN { print "title\taccount"
	for (i = 1; i <= 20; i++)
		printf "Mixed %d\t%s\n", i, i % 2 ? "new acct " i : "Acme" }' >mixed.tsv
both "an import, accounts old and new" sh -c 'crm-add <mixed.tsv'
both "crm-set -a, a new account" crm-set -a 'Set made' 3
both "crm-set -a, an old one" crm-set -a Acme 4
both "...and one more new account" crm-add -a 'Last new' 'Sixth'
# Every row's id, straight from both databases.
for q in "SELECT id, name FROM account" \
    "SELECT id, title, account_id FROM deal" \
    "SELECT id, deal_id, from_stage, to_stage FROM stage_change" \
    "SELECT id, deal_id, note FROM activity" \
    "SELECT id, deal_id, field, new FROM field_change"; do
	is "the same rows and ids: $q" \
	    "$(psql -XAqt -d "$db" -c "$q ORDER BY id")" \
	    "$(sqlite3 "$file" "$q ORDER BY id")"
done

# A writer from outside crm: an id it gives is kept; one it leaves to the
# default is max + 1, even in another search_path; never a wrong id.
psql -Xq -d "$db" -c "SET search_path = pg_catalog; INSERT INTO \
    public.account (name, created) VALUES ('from psql', 0)"
is "psql's insert without an id: max + 1" \
    "$(psql -XAqt -d "$db" -c "SELECT id FROM account WHERE name = 'from psql'")" \
    "$(sqlite3 "$file" "SELECT max(id) + 1 FROM account")"
psql -Xq -d "$db" -c "INSERT INTO account (id, name, created) VALUES \
    (1000, 'given', 0)"
run psql -Xq -d "$db" -c "INSERT INTO account (id, name, created) VALUES \
    (1000, 'given again', 0)"
like "...an id given twice: a duplicate key, not a silent change" \
    "$errout" "duplicate key"
run crm-add -D "$uri" -o li -a 'after psql' 'Fifth'
is "crm-add after them: max + 1" "$out" \
    "$(psql -XAqt -d "$db" -c "SELECT max(id) FROM deal")"
is "...its account too" \
    "$(psql -XAqt -d "$db" -c "SELECT id FROM account WHERE name = 'after psql'")" 1001

done_testing
