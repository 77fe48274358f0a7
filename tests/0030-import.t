#!/bin/sh
# crm-add import: TSV and CSV, all or nothing, every bad line named.
. "$(dirname "$0")/lib.sh"

tab=$(printf '\t')
printf 'title\taccount\towner\tamount\tstage\tcreated\texpected_close\tclosed\tlost_reason\n' >deals.tsv
cat >>deals.tsv <<EOF
ERP rollout${tab}华东制造${tab}li${tab}1,200,000${tab}lead${tab}2026-09-01${tab}2027-01-31${tab}${tab}
Scanners${tab}Acme${tab}li${tab}85000.5${tab}needs${tab}2026-09-15${tab}${tab}${tab}

Pilot${tab}北方银行${tab}wang${tab}${tab}won${tab}2026-05-10${tab}${tab}2026-07-01${tab}
Old tender${tab}华东制造${tab}li${tab}90000${tab}lost${tab}2026-06-01${tab}${tab}${tab}price
EOF
run sh -c 'crm-add <deals.tsv'
is "import prints one id per deal" "$out" "1
2
3
4"
is "import: exit 0" "$rc" 0
is "fields stored" "$(sql "SELECT d.title, a.name, owner, amount, stage, status, d.created, stage_entered, expected_close FROM deal d JOIN account a ON a.id = d.account_id WHERE d.id = 1")" \
    "ERP rollout|华东制造|li|120000000|lead|open|$(date -d 2026-09-01 +%s)|$(date -d 2026-09-01 +%s)|2027-01-31"
is "an empty amount is zero" "$(sql 'SELECT amount FROM deal WHERE id = 3')" 0
is "won deal closed on 'closed'" "$(sql 'SELECT status, closed FROM deal WHERE id = 3')" "won|$(date -d 2026-07-01 +%s)"
is "lost deal closed on 'created' and keeps its reason" \
    "$(sql 'SELECT status, closed, lost_reason FROM deal WHERE id = 4')" "lost|$(date -d 2026-06-01 +%s)|price"
is "one account per name" "$(sql 'SELECT count(*) FROM account')" 3
is "a stage change per deal" "$(sql 'SELECT count(*) FROM stage_change')" 4

# One bad line: nothing added, every bad line named.
before=$(sql 'SELECT count(*) FROM deal')
printf 'title\tamount\tstage\texpected_close\n' >bad.tsv
printf 'Good one\t100\tlead\t\n' >>bad.tsv
printf 'Bad amount\t12,00\tlead\t\n' >>bad.tsv
printf 'Bad stage\t100\tclosing\t\n' >>bad.tsv
printf 'Bad date\t100\tlead\t2026-02-30\n' >>bad.tsv
printf 'Long line\t100\tlead\t\textra\n' >>bad.tsv
printf 'Short line\t100\n' >>bad.tsv
run sh -c 'crm-add <bad.tsv'
is "bad import: exit 1" "$rc" 1
is "bad import: nothing printed" "$out" ""
is "bad import: every bad line and why" "$errout" "crm-add: line 3: amount '12,00': digits after a comma must come in groups of three
crm-add: line 4: unknown stage 'closing' (stages of project: lead, needs, proposal, approved, shortlist, selected, negotiation, won, lost)
crm-add: line 5: expected_close '2026-02-30': day 30 is past the end of February 2026
crm-add: line 6: 5 fields, but the header has 4
crm-add: import: 4 bad lines; nothing imported"
is "bad import: nothing added" "$(sql 'SELECT count(*) FROM deal')" "$before"

# Many bad lines: the first ten, then a count.
{ printf 'title\tamount\n'; i=0; while [ $i -lt 25 ]; do printf 'x\t-1\n'; i=$((i + 1)); done; } >many.tsv
run sh -c 'crm-add <many.tsv'
is "25 bad lines: ten shown, then the rest counted" "$(printf '%s\n' "$errout" | tail -n 3)" \
    "crm-add: line 11: amount '-1': amount must not be negative
crm-add: ... and 15 more bad lines
crm-add: import: 25 bad lines; nothing imported"

run sh -c 'printf "title\tcolour\nx\tred\n" | crm-add'
is "unknown column: exit 2" "$rc" 2
like "unknown column named" "$errout" "crm-add: import: unknown column 'colour' \\(import columns: title, account, contact, owner, amount"
run sh -c 'printf "title\ttitle\nx\ty\n" | crm-add'
like "duplicate column refused" "$errout" "column 'title' appears twice in the header"
run sh -c 'printf "account\nx\n" | crm-add'
like "a title column is required" "$errout" "the header has no 'title' column"
run sh -c 'printf "title\n" | crm-add'
is "header only: exit 1" "$rc" 1
like "header only: says so" "$errout" "no deals after the header"
run sh -c 'printf "title\n\377\376\n" | crm-add'
like "invalid UTF-8 refused with its line" "$errout" "line 2: invalid UTF-8"
is "nothing added by refused imports" "$(sql 'SELECT count(*) FROM deal')" "$before"

# CSV: RFC 4180 quoting, a record over two lines, CRLF line ends.  No
# field of a deal may hold a line break (tests/0170-names.t), but a
# computed column, which is ignored, may: its record is read whole.
printf 'title,account,amount,owner,stage_label\r\n"Deal, with comma","Say ""hi""",10,li,\r\nTwo,,20,wang,"two\r\nlines"\r\n' >deals.csv
run sh -c 'crm-add --csv <deals.csv'
is "CSV import" "$out" "5
6"
is "CSV quoting undone" "$(sql "SELECT d.title || '|' || a.name FROM deal d JOIN account a ON a.id = d.account_id WHERE d.id = 5")" \
    'Deal, with comma|Say "hi"'
is "CSV record over two lines is one deal" "$(sql "SELECT title, owner, amount FROM deal WHERE id = 6")" \
    "Two|wang|2000"
printf 'title,amount\r\n"unterminated,5\r\n' >bad.csv
run sh -c 'crm-add --csv <bad.csv'
is "unterminated quote: exit 1" "$rc" 1
like "unterminated quote: line named" "$errout" "line 2: "

# TSV escapes are read back: crm-ls output imports again.
crm-add -o li -a 'Back\slash Co' 'A title\with backslash' >/dev/null
copy=$(newdb copy)
run sh -c 'crm-ls --all --header | crm-add -D "$1"' sh "$copy"
is "crm-ls --header output imports into another database" "$rc" 0
is "the copy has the same deals" \
    "$(crm-ls --all -D "$copy" | cut -f2-6)" "$(crm-ls --all | cut -f2-6)"

n=$(sql 'SELECT max(id) FROM deal')
run sh -c 'printf "title\tamount\tstage\texpected_close\nShort line\t100\n" | crm-add'
is "missing cells at the end of a line are empty" "$out" "$((n + 1))"
is "short line: stage defaults, no close date" "$(sql "SELECT amount, stage, expected_close IS NULL FROM deal WHERE id = $((n + 1))")" "10000|lead|1"

# The options give what a line leaves empty or has no column for.
n=$(sql 'SELECT max(id) FROM deal')
printf 'title\towner\tamount\nDefaults\t\t\nOwn owner\twang\t5\n' >def.tsv
run sh -c 'crm-add -o zhao -a Fairground -v 7 -m "met at the fair" <def.tsv'
is "import with options: both added" "$rc" 0
is "an empty cell takes the option" \
    "$(sql "SELECT owner, amount FROM deal WHERE id > $n ORDER BY id" | tr '\n' ' ')" "zhao|700 wang|500 "
is "an absent column takes the option" \
    "$(sql "SELECT count(*) FROM deal d JOIN account a ON a.id = d.account_id WHERE d.id > $n AND a.name = 'Fairground'")" 2
is "-m is each deal's creation note" \
    "$(sql "SELECT count(*) FROM stage_change WHERE deal_id > $n AND note = 'met at the fair'")" 2
printf 'title\towner\nNo owner\t\n' | crm-add >/dev/null
is "an empty owner cell is the acting user" "$(sql "SELECT owner FROM deal WHERE title = 'No owner'")" li

n=$(sql 'SELECT count(*) FROM deal')
run sh -c 'printf "title\tcurrency\nx\tUS D\n" | crm-add'
is "a currency with a space: exit 1" "$rc" 1
like "a currency with a space: named" "$errout" "line 2: currency 'US D': not an ISO 4217 currency code"
is "a currency with a space: nothing added" "$(sql 'SELECT count(*) FROM deal')" "$n"

# A spreadsheet's UTF-8 CSV starts with a byte order mark.
run sh -c "printf '\\357\\273\\277title,owner\\r\\nWith BOM,wang\\r\\n' | crm-add --csv"
is "a byte order mark before the header is skipped" "$rc" 0
is "the deal is there" "$(sql "SELECT owner FROM deal WHERE title = 'With BOM'")" wang

# Lines are read and checked by one thread and written by another, 256
# at a time.  Over many batches: every line's own cells, the options'
# values where a cell is empty (the stage too), blank lines skipped, and
# CSV cells that span lines (in a computed column: a deal's fields are
# one line each).
awk 'BEGIN { print "title,account,amount,stage,lost_reason,stage_label"
	for (i = 1; i <= 1500; i++) {
		if (i % 100 == 0) print ""
		printf "T %d,%s,%d,%s,%s,\"%s\"\n", i,
		    i % 3 ? "Acc " (i % 11) : "", i,
		    i % 5 == 0 ? "lost" : i % 2 ? "needs" : "",
		    i % 5 == 0 ? "price" : "",
		    i % 7 == 0 ? "label\nsecond line" : ""
	} }' >batches.csv
batch=$(newdb batch)
run sh -c 'crm-add -D "$1" --csv -s proposal -a Fallback -m "from the fair" <batches.csv' sh "$batch"
is "batches: exit 0, an id for each line" "$rc:$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "0:1500"
is "batches: in the file's order" \
    "$(sql -D "$batch" "SELECT count(*) FROM deal WHERE title != 'T ' || id")" 0
is "batches: each cell, or the option's value" \
    "$(sql -D "$batch" "SELECT count(*) FROM deal d JOIN account a ON a.id = d.account_id WHERE a.name != CASE WHEN d.id % 3 THEN 'Acc ' || (d.id % 11) ELSE 'Fallback' END OR d.amount != d.id * 100 OR d.stage != CASE WHEN d.id % 5 = 0 THEN 'lost' WHEN d.id % 2 THEN 'needs' ELSE 'proposal' END")" 0
# No line has a created or closed cell: every deal was made, and entered
# its stage, at CRM_NOW.
is "batches: made and entered their stage now" \
    "$(sql -D "$batch" "SELECT count(*) FROM deal WHERE created = $(date -d "$CRM_NOW" +%s) AND stage_entered = created")" 1500
is "batches: stage changes made from the rows" \
    "$(sql -D "$batch" "SELECT count(*), sum(c.to_stage = d.stage AND c.at = d.created AND c.note = 'from the fair' AND c.by = 'li' AND c.from_stage IS NULL AND c.forced = 0 AND c.reason IS (CASE WHEN d.id % 5 = 0 THEN 'price' END)) FROM stage_change c JOIN deal d ON d.id = c.deal_id")" \
    "1500|1500"
# Exactly two batches: the last one the reader passes is empty.
awk 'BEGIN { print "title"; for (i = 1; i <= 512; i++) print "E " i }' >512.tsv
run sh -c 'crm-add -D "$1" <512.tsv' sh "$batch"
is "512 lines: exit 0, 512 ids from 1501" \
    "$rc:$(printf '%s\n' "$out" | sed -n '1p;$p;$=' | tr '\n' ' ')" "0:1501 2012 512 "
# A bad line in the third batch of a small import: nothing is written.
awk 'BEGIN { print "title\tamount"
	for (i = 1; i <= 700; i++) printf "S %d\t%s\n", i, i == 600 ? "x" : i }' >small-bad.tsv
run sh -c 'crm-add -D "$1" <small-bad.tsv' sh "$batch"
is "bad line in a later batch: exit 1, nothing added" \
    "$rc:$(sql -D "$batch" 'SELECT count(*) FROM deal')" "1:2012"
like "bad line in a later batch: named" "$errout" "line 601: amount 'x'"

# Bad lines in several batches: each named, in order, then how many more.
awk 'BEGIN { print "title\tamount"
	for (i = 1; i <= 3000; i++)
		printf "B %d\t%s\n", i, i % 250 == 0 ? "-" i : i }' >bad-batches.tsv
run sh -c 'crm-add -D "$1" <bad-batches.tsv' sh "$batch"
is "bad lines over batches: exit 1, nothing printed" "$rc:$out" "1:"
is "bad lines over batches: the first ten, in order" \
    "$(printf '%s\n' "$errout" | sed -n 's/^crm-add: line \([0-9]*\):.*/\1/p' | tr '\n' ' ')" \
    "251 501 751 1001 1251 1501 1751 2001 2251 2501 "
like "bad lines over batches: the rest counted" "$errout" "and 2 more bad lines"
like "bad lines over batches: nothing imported" "$errout" "import: 12 bad lines; nothing imported"
is "bad lines over batches: the database as it was" \
    "$(sql -D "$batch" 'SELECT count(*) FROM deal; SELECT count(*) FROM stage_change')" "2012
2012"

# A big import into an empty database drops the indexes of deal and
# stage_change and makes them again at the end (past 20,000 deals, and
# as many as there were).  Afterwards they are exactly as a new database
# has them, and they agree with the tables.  That is SQLite's way, seen
# through sqlite_master and integrity_check, so those checks are made on
# SQLite only; a server never drops an index (lib/db-pgsql.c).  What the
# import gives, and what reads it, is checked on both.
idx="SELECT group_concat(name || ': ' || sql, ' | ') FROM (SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name)"
crm-admin init fresh.db
want_idx=$(sqlite3 fresh.db "$idx")
awk 'BEGIN { print "title\taccount\towner\tamount\tstage\tnext_action"
	for (i = 1; i <= 25000; i++)
		printf "Bulk %d\tAccount %d\t%s\t%d.25\t%s\t%s\n", i, i % 700,
		    i % 3 ? "li" : "wang", i, i % 5 ? "lead" : "lost",
		    i % 2 ? "2026-12-01" : "" }' >bulk.tsv
bulk=$(newdb bulk)
run sh -c 'crm-add -D "$1" <bulk.tsv' sh "$bulk"
is "bulk import: exit 0" "$rc" 0
is "bulk import: the ids of every deal, in order" \
    "$(printf '%s\n' "$out" | awk 'NR != $1 { bad = 1 } END { print NR, bad + 0 }')" "25000 0"
if [ "$backend" = sqlite ]; then
	is "bulk import: every index is back, as a new database has it" \
	    "$(sqlite3 "$bulk" "$idx")" "$want_idx"
	is "bulk import: integrity_check (indexes agree with tables)" \
	    "$(sqlite3 "$bulk" 'PRAGMA integrity_check')" ok
fi
is "bulk import: deals, stage changes, accounts" \
    "$(sql -D "$bulk" "SELECT (SELECT count(*) FROM deal), (SELECT count(*) FROM stage_change), (SELECT count(*) FROM account), (SELECT sum(status = 'lost') FROM deal), (SELECT count(*) FROM deal WHERE status = 'open' AND owner = 'wang')")" \
    "25000|25000|700|5000|6667"
# 25,000 deals: 5,000 lost (every fifth); of the 20,000 open ones, wang
# has those with i divisible by 3 but not by 5: 8,333 - 1,666 = 6,667.
run crm-ls -D "$bulk" -o wang -f json
is "bulk import: crm-ls reads it through the indexes" \
    "$(printf '%s' "$out" | jq 'length')" 6667
# On 12-05, wang's open deals with a next action (odd i) are overdue:
# 4,167 odd multiples of 3, less the 833 odd multiples of 15.
run env CRM_NOW=2026-12-05T09:00:00Z crm-stale -D "$bulk" -o wang --reason overdue
is "bulk import: crm-stale reads the open deals' index" \
    "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 3334
# A bad line late in a big import: nothing is added and the indexes,
# dropped by then, are there again.
awk 'NR == 24001 { print "Bad\tx\tli\t-5\tlead\t"; next } { print }' bulk.tsv >bad-bulk.tsv
bulk2=$(newdb bulk2)
run sh -c 'crm-add -D "$1" <bad-bulk.tsv' sh "$bulk2"
is "bad bulk import: exit 1" "$rc" 1
like "bad bulk import: the line is named" "$errout" "line 24001: amount '-5'"
is "bad bulk import: nothing added" "$(sql -D "$bulk2" 'SELECT count(*) FROM deal')" 0
if [ "$backend" = sqlite ]; then
	is "bad bulk import: every index is there" \
	    "$(sqlite3 "$bulk2" "$idx")" "$want_idx"
fi
# Into a database with as many deals as the import brings, or more, the
# indexes stay where they are (their root pages do not move): the same
# import again.
roots="SELECT group_concat(name || '@' || rootpage, ' ') FROM (SELECT name, rootpage FROM sqlite_master WHERE type = 'index' ORDER BY name)"
if [ "$backend" = sqlite ]; then
	before=$(sqlite3 "$bulk" "$roots")
	ok "the first bulk import made the indexes anew" \
	    test "$before" != "$(sqlite3 fresh.db "$roots")"
fi
run sh -c 'crm-add -D "$1" <bulk.tsv' sh "$bulk"
is "a second bulk import: exit 0" "$rc:$(sql -D "$bulk" 'SELECT count(*) FROM deal')" "0:50000"
if [ "$backend" = sqlite ]; then
	is "a second bulk import: the indexes stayed" "$(sqlite3 "$bulk" "$roots")" "$before"
	is "a second bulk import: integrity_check" \
	    "$(sqlite3 "$bulk" 'PRAGMA integrity_check')" ok
fi

# The accounts: an import keeps the names it met in memory, and foreign
# keys are not looked up for its own rows.  Names the database had keep
# their ids; a name seen again gets the id it got the first time; every
# deal names the account its line named.
acc=$(newdb acc)
crm-add -D "$acc" -a 'Old One' 'first' >/dev/null
crm-add -D "$acc" -a '老客户' 'second' >/dev/null
awk 'BEGIN { print "title\taccount"
	for (i = 1; i <= 30000; i++)
		printf "A %d\t%s\n", i, i % 4 == 0 ? "老客户" : i % 4 == 1 ? \
		    "New " (i % 997) : i % 4 == 2 ? "Old One" : ""
	}' >acc.tsv
run sh -c 'crm-add -D "$1" <acc.tsv' sh "$acc"
is "accounts: the import works" "$rc" 0
is "accounts: the old names keep their ids, one row per new name" \
    "$(sql -D "$acc" "SELECT (SELECT id FROM account WHERE name = 'Old One'), (SELECT id FROM account WHERE name = '老客户'), count(*), count(DISTINCT name) FROM account")" \
    "1|2|999|999"
is "accounts: each deal has the account its line named" \
    "$(sql -D "$acc" "SELECT count(*) FROM deal d LEFT JOIN account a ON a.id = d.account_id WHERE d.id > 2 AND coalesce(a.name, '') != CASE (CAST(substr(d.title, 3) AS INTEGER) % 4) WHEN 0 THEN '老客户' WHEN 1 THEN 'New ' || (CAST(substr(d.title, 3) AS INTEGER) % 997) WHEN 2 THEN 'Old One' ELSE '' END")" 0
is "accounts: a new name's id is the one it got first" \
    "$(sql -D "$acc" "SELECT count(DISTINCT account_id) FROM deal WHERE title LIKE 'A %' AND account_id > 2")" 997
# Lines 4k+1 name "New " ((4k+1) mod 997): 997 names for k = 0..996, as 4
# and 997 have no common factor, the last (k = 996) being 3985 mod 997 =
# 994.  Ids 1 and 2 were there before.
is "accounts: the deals' accounts are in order of first sight" \
    "$(sql -D "$acc" "SELECT name FROM account WHERE id IN (3, 999) ORDER BY id" | tr '\n' ' ')" "New 1 New 994 "
is "accounts: foreign_key_check finds nothing" \
    "$(sql -D "$acc" 'PRAGMA foreign_key_check')" ""
is "bulk import: foreign_key_check finds nothing" \
    "$(sql -D "$bulk" 'PRAGMA foreign_key_check')" ""
# Past the map's bound (16 MB) names are looked up in the database on
# every line: 40,000 names of 500 bytes fill it by about the 31,000th.
# Each name comes twice, the second time 1,000 lines later.
awk 'BEGIN { print "title\taccount"; pad = sprintf("%490s", ""); gsub(/ /, "x", pad)
	for (i = 1; i <= 41000; i++) {
		printf "L %d\tN%08d%s\n", i, i, pad
		if (i > 1000) printf "R %d\tN%08d%s\n", i - 1000, i - 1000, pad
	} }' >long-acc.tsv
# A file on both backends: past the bound each line is a round trip to
# the server for its account (28 s on PostgreSQL, where the path is the
# same code, crm_account_id(), as below the bound's first sight).
long=long.db
run sh -c 'crm-add -D "$1" <long-acc.tsv' sh "$long"
is "long names past the bound: exit 0" "$rc" 0
is "long names past the bound: one account per name, each deal its own" \
    "$(sql -D "$long" "SELECT (SELECT count(*) FROM account), (SELECT count(*) FROM deal d JOIN account a ON a.id = d.account_id WHERE substr(a.name, 2, 8) + 0 = substr(d.title, 3) + 0)")" \
    "41000|81000"

# A single add after an import still makes and names its account.
# (That the import's own connection turns foreign keys on again is not
# seen from here: the import is the last thing its process does.)
crm-add -D "$acc" -a 'After' 'third' >/dev/null
is "accounts: a single add after an import" \
    "$(sql -D "$acc" "SELECT a.name FROM deal d JOIN account a ON a.id = d.account_id WHERE d.title = 'third'")" After

# Someone's own indexes: one with a quote in its name is dropped and made
# again like crm's; a UNIQUE one stays and checks every row as it comes.
# The planner's statistics (ANALYZE) are made again for the new indexes.
crm-admin init own.db
sqlite3 own.db 'CREATE INDEX "by ""title""" ON deal(title);
    CREATE UNIQUE INDEX deal_title_unique ON deal(title); ANALYZE'
run sh -c 'crm-add -D own.db <bulk.tsv'
is "own indexes: the bulk import works" "$rc:$(sqlite3 own.db 'SELECT count(*) FROM deal')" "0:25000"
is "own indexes: both there, as they were" \
    "$(sqlite3 own.db "SELECT group_concat(sql, ' | ') FROM (SELECT sql FROM sqlite_master WHERE name IN ('by \"title\"', 'deal_title_unique') ORDER BY name)")" \
    'CREATE INDEX "by ""title""" ON deal(title) | CREATE UNIQUE INDEX deal_title_unique ON deal(title)'
is "own indexes: integrity_check" "$(sqlite3 own.db 'PRAGMA integrity_check')" ok
is "ANALYZE's statistics are there for every index of deal" \
    "$(sqlite3 own.db "SELECT count(*) FROM pragma_index_list('deal') l WHERE NOT EXISTS (SELECT 1 FROM sqlite_stat1 s WHERE s.idx = l.name)")" 0
is "and they count the 25,000 deals" \
    "$(sqlite3 own.db "SELECT stat FROM sqlite_stat1 WHERE idx = 'deal_account'" | cut -d' ' -f1)" 25000
run sh -c "sed -n '1p;2p;3p' bulk.tsv | crm-add -D own.db"
is "own UNIQUE index: a duplicate title is refused" "$rc" 3
like "own UNIQUE index: why" "$errout" "UNIQUE constraint failed: deal.title"

# The same on either backend, in the same words: a UNIQUE index of one's
# own refuses a duplicate in an import (COPY on a server) and in a
# single add, on one column and on two.
u=$(newdb uniq)
[ "$backend" = pg ] || crm-admin init "$u"
sql -D "$u" 'CREATE UNIQUE INDEX deal_title_unique ON deal(title)'
sql -D "$u" 'CREATE UNIQUE INDEX deal_who ON deal(contact, owner)'
printf 'title\nDup\nDup\n' >dup.tsv
run sh -c 'crm-add -D "$1" <dup.tsv' sh "$u"
is "a duplicate in an import: refused, in SQLite's words" \
    "$rc:$(printf '%s\n' "$errout" | sed 's/database [^ ]*: //')" \
    "3:crm-add: query: UNIQUE constraint failed: deal.title"
crm-add -D "$u" Once >/dev/null
run crm-add -D "$u" Once
is "a duplicate single add: refused, in SQLite's words" \
    "$rc:$(printf '%s\n' "$errout" | sed 's/database [^ ]*: //')" \
    "3:crm-add: query: UNIQUE constraint failed: deal.title"
crm-add -D "$u" -c Ann -o li First >/dev/null
run crm-add -D "$u" -c Ann -o li Second
is "a duplicate on a key of two columns: both named" \
    "$rc:$(printf '%s\n' "$errout" | sed 's/database [^ ]*: //')" \
    "3:crm-add: query: UNIQUE constraint failed: deal.contact, deal.owner"

done_testing
