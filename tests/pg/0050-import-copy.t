#!/bin/sh
# crm-add < FILE on the server loads through COPY FROM STDIN (lib/deal.c's
# crm_deal_many(), db-pgsql.c's pcopy_*()), in the import's one
# transaction: the same ids and deals as SQLite's INSERTs, nothing from
# an import with a bad line, nothing from one killed in the middle.
. "$(dirname "$0")/lib.sh"

db=crm_copy_$$
pg_db "$db" -T template0
uri=postgresql:///$db
file=$tmp/crm.db
crm-admin init "$uri"
crm-admin init "$file"

# 5,000 deals: repeated and new accounts, empty cells (NULL, not ''),
# a backslash and a literal \N, which COPY's text format escapes (crm's
# TSV escapes them the same way), UTF-8, won deals.
awk 'BEGIN { print "title\taccount\tcontact\tamount\tstage\tsource\tpriority"
	for (i = 1; i <= 5000; i++)
		printf "Deal %d %s\t%s\t%s\t%d.%02d\t%s\t%s\t%s\n", i,
		    i % 5 == 0 ? "a\\\\b \\\\N c" : "智能工厂 " i,
		    i % 3 ? "acct " (i % 97) : "", i % 2 ? "" : "Ann \\\\ Lee",
		    i * 7, i % 100, i % 7 ? "lead" : "won",
		    i % 4 ? "" : "web", i % 6 ? "" : i % 100 }' >many.tsv
both "an import of 5,000 deals" sh -c 'crm-add <many.tsv'
both "...the same deals, accounts and ids" crm-ls --all -f tsv
both "...the same stage changes" crm-show -f json 4995
is "...one stage change each, the same ids as SQLite's" \
    "$(q "$db" "SELECT d.id || ' ' || c.id || ' ' || coalesce(d.account_id, 0) \
    FROM deal d JOIN stage_change c ON c.deal_id = d.id ORDER BY d.id" | cksum)" \
    "$(sqlite3 "$file" "SELECT d.id || ' ' || c.id || ' ' || coalesce(d.account_id, 0) \
    FROM deal d JOIN stage_change c ON c.deal_id = d.id ORDER BY d.id" | cksum)"
is "...NULLs where the cells were empty" \
    "$(q "$db" "SELECT count(*) FROM deal WHERE contact IS NULL AND source IS NULL")" \
    "$(sqlite3 "$file" "SELECT count(*) FROM deal WHERE contact IS NULL AND source IS NULL")"
both "...then crm-add: the next id" crm-add -o li -a 'acct 1' 'After'

# A second import: accounts there before (ON CONFLICT skips them, and
# they are looked up) among new ones, in the same batches: the same ids.
awk 'BEGIN { print "title\taccount"
	for (i = 1; i <= 600; i++)
		printf "Again %d\t%s\n", i, i % 2 ? "acct " (i % 120) : \
		    "new " (i % 150) }' >again.tsv
both "a second import, old and new accounts" sh -c 'crm-add <again.tsv'
is "...the same accounts, the same ids as SQLite's" \
    "$(q "$db" "SELECT id || ' ' || name || ' ' || created FROM account \
    ORDER BY id" | cksum)" \
    "$(sqlite3 "$file" "SELECT id || ' ' || name || ' ' || created FROM \
    account ORDER BY id" | cksum)"
is "...and the deals name them" \
    "$(q "$db" "SELECT id || ' ' || coalesce(account_id, 0) FROM deal \
    ORDER BY id" | cksum)" \
    "$(sqlite3 "$file" "SELECT id || ' ' || coalesce(account_id, 0) FROM \
    deal ORDER BY id" | cksum)"

# A bad line near the end: after thousands of rows were sent.
{ cat many.tsv; printf 'Bad\tx\t\tnot money\tlead\t\t\n'; } >bad.tsv
both "an import with a bad line" sh -c 'crm-add <bad.tsv'
is "...adds nothing on the server" "$(q "$db" "SELECT count(*) FROM deal")" 5601

# kill -9 in the middle of the COPY: the server rolls the transaction
# back when the connection goes; the lock goes with it.
db2=crm_kill_$$
pg_db "$db2" -T template0
crm-admin init "postgresql:///$db2"
awk 'BEGIN { print "title\taccount\tamount"
	for (i = 1; i <= 400000; i++)
		printf "Big %d\tacct %d\t%d\n", i, i % 50, i }' >big.tsv
CRM_DB=postgresql:///$db2 crm-add <big.tsv >/dev/null 2>&1 &
pid=$!
i=0
while [ "$(q "$db2" "SELECT count(*) FROM pg_stat_activity WHERE \
    datname = '$db2' AND query LIKE 'COPY deal%'")" = 0 ] && [ $i -lt 300 ]; do
	sleep 0.05
	i=$((i + 1))
done
sleep 0.3
kill -9 $pid
wait $pid 2>/dev/null
ok "...the import was copying when killed" [ $i -lt 300 ]
i=0
while [ "$(q "$db2" "SELECT count(*) FROM pg_stat_activity WHERE \
    datname = '$db2' AND pid <> pg_backend_pid()")" != 0 ] && [ $i -lt 200 ]; do
	sleep 0.05
	i=$((i + 1))
done
is "killed import: no deal" "$(q "$db2" "SELECT count(*) FROM deal")" 0
is "...no account, no stage change" \
    "$(q "$db2" "SELECT (SELECT count(*) FROM account) + (SELECT count(*) FROM stage_change)")" 0
run crm-admin check "postgresql:///$db2"
is "...crm-admin check clean" "$rc" 0
run env CRM_DB="postgresql:///$db2" crm-add -o li 'Next'
is "...the next crm-add gets id 1" "$out" 1

done_testing
