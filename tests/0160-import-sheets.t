#!/bin/sh
# crm-add import of files as spreadsheets write them: byte order marks,
# header names in any case, every error of a line, the wrong -f, files
# that are not UTF-8; crm-ls's closed column; and crm's own output
# (crm-ls --all --header, -f csv) imported again as the same deals.
. "$(dirname "$0")/lib.sh"

tab=$(printf '\t')
cr=$(printf '\r')

# PowerShell's Export-Csv: a byte order mark, every field quoted, CRLF.
printf '\357\273\277"title","account","owner","amount","stage"\r\n' >ps.csv
printf '"ERP rollout","华东制造","li","1,200,000","needs"\r\n' >>ps.csv
printf '"Say ""hi""","Acme, Inc","wang","5","lead"\r\n' >>ps.csv
run sh -c 'crm-add --csv <ps.csv'
is "Export-Csv (BOM, quoted header, CRLF): imported" "$rc:$out:$errout" "0:1
2:"
is "Export-Csv: the fields" \
    "$(sql "SELECT d.title, a.name, owner, amount, stage FROM deal d JOIN account a ON a.id = d.account_id ORDER BY d.id")" \
    'ERP rollout|华东制造|li|120000000|needs
Say "hi"|Acme, Inc|wang|500|lead'
printf '\357\273\277title,owner\nBOM plain CSV,li\n' >bom.csv
run sh -c 'crm-add --csv <bom.csv'
is "a BOM before an unquoted CSV header" "$rc:$out" "0:3"
printf '\357\273\277title\towner\nBOM TSV\tli\n' >bom.tsv
run sh -c 'crm-add <bom.tsv'
is "a BOM before a TSV header" "$rc:$out" "0:4"
# Only at the start of the input: on a later line it is the title's.
printf 'title\n\357\273\277Later BOM\n' >later.tsv
run sh -c 'crm-add <later.tsv'
is "a BOM on a later line is part of the field" \
    "$rc:$(sql "SELECT hex(title) FROM deal WHERE id = 5")" \
    "0:EFBBBF$(printf 'Later BOM' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)"

# Header names without regard to case, blanks around them ignored.
printf 'Title\t OWNER \tAmount\tStage\tEXPECTED_CLOSE\nCased\twang\t7\tneeds\t2027-03-01\n' >case.tsv
run sh -c 'crm-add <case.tsv'
is "header names in any case" "$rc:$out" "0:6"
is "header names in any case: the fields" \
    "$(sql "SELECT title, owner, amount, stage, expected_close FROM deal WHERE id = 6")" \
    "Cased|wang|700|needs|2027-03-01"
printf 'TITLE,Account\r\nCased CSV,Acme\r\n' >case.csv
run sh -c 'crm-add --csv <case.csv'
is "header names in any case: CSV" "$rc:$out" "0:7"
n=$(sql 'SELECT count(*) FROM deal')
run sh -c 'printf "title\tOwner\tTitle\nx\tli\ty\n" | crm-add'
is "the same name in two cases is a name given twice" "$rc:$errout" \
    "2:crm-add: import: column 'Title' appears twice in the header"
run sh -c 'printf "titel\tamount\nx\t1\n" | crm-add'
is "an unknown name: did you mean, and the known ones" "$rc:$errout" \
    "2:crm-add: import: unknown column 'titel': did you mean 'title'? (import columns: title, account, contact, owner, amount, currency, pipeline, stage, expected_close, next_action, priority, source, created, closed, lost_reason)"
run sh -c 'printf "title\tcolour\nx\tred\n" | crm-add'
is "an unknown name nothing is close to" "$rc:$errout" \
    "2:crm-add: import: unknown column 'colour' (import columns: title, account, contact, owner, amount, currency, pipeline, stage, expected_close, next_action, priority, source, created, closed, lost_reason)"
# Columns without a name, as spreadsheets leave after a used column.
printf 'title,account,,\r\nUnnamed,Acme,,\r\n' >unnamed.csv
run sh -c 'crm-add --csv <unnamed.csv'
is "columns without a name, empty: imported" "$rc:$out" "0:$((n + 1))"
printf 'title,,account,\r\nA,,Acme,\r\nB,x,Acme,\r\nC,,Acme,y\r\n' >unnamed2.csv
run sh -c 'crm-add --csv <unnamed2.csv'
is "a column without a name that holds something: a bad line" "$rc:$out:$errout" \
    "1::crm-add: line 3: column 2 has no name in the header but is not empty
crm-add: line 4: column 4 has no name in the header but is not empty
crm-add: import: 2 bad lines; nothing imported"
is "header refusals and bad lines added nothing" \
    "$(sql 'SELECT count(*) FROM deal')" "$((n + 1))"

# Every error of a bad line, one message each, in the order of the
# fields; a check that needs another field is made only when that one
# is good (no stage: no lost_reason check; a bad created: closed is only
# checked against now).
n=$(sql 'SELECT count(*) FROM deal')
{
	printf 'title,amount,priority,expected_close,next_action,created,pipeline,stage,closed,lost_reason,status\n'
	printf ',x,100,2026-02-30,2026-13-01,2030-01-01,nope,lead,2026-01-01,price,maybe\n'
	printf 'Dependent,,,,,,,lead,2026-01-01,price,\n'
	printf 'Closed early,,,,,2026-02-01,,lost,2026-01-01,price,lost\n'
	printf 'Stage unknown,,,,,,,closing,never,price,won\n'
	printf 'Good,1,,,,,,,,,open\n'
	printf 'Only one,1,,,,,,,,,won\n'
} >errors.csv
run sh -c 'crm-add --csv <errors.csv'
is "every error of a line: exit 1, nothing printed" "$rc:$out" "1:"
is "every error of a line, one message each" "$errout" \
    "crm-add: line 2: title must not be empty
crm-add: line 2: amount 'x': not an amount; write it like 12000, 12,000.50 or 3.5万
crm-add: line 2: unknown pipeline 'nope' (pipelines: project, product)
crm-add: line 2: expected_close '2026-02-30': day 30 is past the end of February 2026
crm-add: line 2: next_action '2026-13-01': month 13 does not exist
crm-add: line 2: priority '100' must be a whole number 0-99
crm-add: line 2: created '2030-01-01' is in the future
crm-add: line 2: status 'maybe' must be open, won or lost
crm-add: line 3: closed is only for a stage of won or lost
crm-add: line 3: lost_reason is only for a stage of lost
crm-add: line 4: closed '2026-01-01' must be between created and now
crm-add: line 5: unknown stage 'closing' (stages of project: lead, needs, proposal, approved, shortlist, selected, negotiation, won, lost)
crm-add: line 5: closed 'never': not a date; use YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM], now, today, yesterday, tomorrow, or +/-N with d, w, m or y
crm-add: line 7: status 'won' but stage 'lead' (a deal is closed by its stage: won or lost)
crm-add: import: 5 bad lines; nothing imported"
is "every error of a line: nothing added" "$(sql 'SELECT count(*) FROM deal')" "$n"
# The same in TSV, with the wrong lost reason after a bad amount.
printf 'title\tamount\tstage\tlost_reason\nT\t-1\tlost\tnope\n' >errors.tsv
run sh -c 'crm-add <errors.tsv'
is "TSV: a bad amount and a bad lost reason" "$rc:$errout" \
    "1:crm-add: line 2: amount '-1': amount must not be negative
crm-add: line 2: unknown lost reason 'nope' (reasons: price, competitor, no-budget, no-decision, other)
crm-add: import: 1 bad line; nothing imported"
# The first ten bad lines in full, with all their errors, then a count.
awk 'BEGIN { print "title\tamount\tpriority"
	for (i = 1; i <= 12; i++) printf "L%d\tx%d\t-%d\n", i, i, i }' >twelve.tsv
run sh -c 'crm-add <twelve.tsv'
is "twelve lines of two errors: twenty messages, then a count" \
    "$rc:$(printf '%s\n' "$errout" | wc -l | tr -d ' ')" "1:22"
is "twelve lines of two errors: the tenth line's, then the rest counted" \
    "$(printf '%s\n' "$errout" | tail -n 4)" \
    "crm-add: line 11: amount 'x10': not an amount; write it like 12000, 12,000.50 or 3.5万
crm-add: line 11: priority '-10' must be a whole number 0-99
crm-add: ... and 2 more bad lines
crm-add: import: 12 bad lines; nothing imported"
# Options too: every bad value named.
run crm-add -v x --priority 100 -e 2026-02-30 'Bad options'
is "crm-add: every bad option named, exit 2" "$rc:$errout" \
    "2:crm-add: amount 'x': not an amount; write it like 12000, 12,000.50 or 3.5万
crm-add: expected_close '2026-02-30': day 30 is past the end of February 2026
crm-add: priority '100' must be a whole number 0-99"
run crm-set -v x -n 2026-13-01 1
is "crm-set: every bad option named, exit 2" "$rc:$errout" \
    "2:crm-set: amount 'x': not an amount; write it like 12000, 12,000.50 or 3.5万
crm-set: next_action '2026-13-01': month 13 does not exist"
is "bad options: nothing added or changed" \
    "$(sql "SELECT count(*), (SELECT amount FROM deal WHERE id = 1) FROM deal")" \
    "$n|120000000"

# -f is the format of the ids printed; CSV input is --csv.
printf 'title,account\nWrong flag,Acme\n' >flag.csv
run sh -c 'crm-add -f csv <flag.csv'
is "-f csv on a CSV import: use --csv" "$rc:$out:$errout" \
    "2::crm-add: import: unknown column 'title,account' in the header; for CSV input use --csv (-f csv is the format of the ids printed)"
run sh -c 'crm-add <flag.csv'
is "CSV read as TSV: use --csv" "$rc:$errout" \
    "2:crm-add: import: unknown column 'title,account' in the header; for CSV input use --csv"
printf '"title"\n"Quoted"\n' >quoted.csv
run sh -c 'crm-add -f csv <quoted.csv'
is "a quoted CSV name read as TSV: use --csv" "$rc:$errout" \
    "2:crm-add: import: unknown column '\"title\"' in the header; for CSV input use --csv (-f csv is the format of the ids printed)"
printf 'title\taccount\nWrong way\tAcme\n' >flag.tsv
run sh -c 'crm-add --csv <flag.tsv'
is "TSV read as CSV: leave out --csv" "$rc:$errout" \
    "2:crm-add: import: unknown column 'title${tab}account' in the header; for TSV input leave out --csv"
is "the wrong format added nothing" "$(sql 'SELECT count(*) FROM deal')" "$n"
run sh -c 'crm-add -f csv <flag.tsv'
is "-f csv on a TSV import: the ids in CSV" "$rc:$out" "0:id$cr
$((n + 1))$cr"
run sh -c 'crm-add --csv -f csv <flag.csv'
is "--csv -f csv: CSV in, CSV out" "$rc:$out" "0:id$cr
$((n + 2))$cr"

# Files that are not UTF-8: the line named, and how to convert it.
n=$(sql 'SELECT count(*) FROM deal')
printf 'title,account\nERP,华东制造\nScanners,Acme\nTender,华东制造\n' >utf8.csv
iconv -f UTF-8 -t GBK utf8.csv >gbk.csv
ok "the GBK file is GBK (华东制造 is bb aa b6 ab d6 c6 d4 ec)" \
    grep -q "$(printf '\273\252\266\253\326\306\324\354')" gbk.csv
run sh -c 'crm-add --csv <gbk.csv'
is "GBK: not UTF-8, the lines named, how to convert" "$rc:$out:$errout" \
    "1::crm-add: line 2: invalid UTF-8 at byte 5
crm-add: line 4: invalid UTF-8 at byte 8
crm-add: import: the input is not UTF-8 (line 2); convert it first, e.g. from GBK: iconv -f GBK -t UTF-8 deals.csv > deals-utf8.csv
crm-add: import: 2 bad lines; nothing imported"
iconv -f GBK -t UTF-8 gbk.csv >deals-utf8.csv
run sh -c 'crm-add --csv <deals-utf8.csv'
is "converted as it says, the file imports" "$rc:$out" "0:$((n + 1))
$((n + 2))
$((n + 3))"
is "converted: the Chinese names" \
    "$(sql "SELECT group_concat(a.name, ',') FROM deal d JOIN account a ON a.id = d.account_id WHERE d.id > $n")" \
    "华东制造,Acme,华东制造"
n=$(sql 'SELECT count(*) FROM deal')
printf '标题\n项目\n' | iconv -f UTF-8 -t GBK >gbk-header.tsv
run sh -c 'crm-add <gbk-header.tsv'
is "a GBK header: exit 2, the line named, how to convert" "$rc:$errout" \
    "2:crm-add: import: line 1: invalid UTF-8 at byte 1
crm-add: import: the input is not UTF-8 (line 1); convert it first, e.g. from GBK: iconv -f GBK -t UTF-8 deals.csv > deals-utf8.csv"
printf 'title\taccount\nCafé\tMüller\n' | iconv -f UTF-8 -t LATIN1 >latin1.tsv
run sh -c 'crm-add <latin1.tsv'
is "Latin-1: not UTF-8 either" "$rc:$errout" \
    "1:crm-add: line 2: invalid UTF-8 at byte 4
crm-add: import: the input is not UTF-8 (line 2); convert it first, e.g. from GBK: iconv -f GBK -t UTF-8 deals.csv > deals-utf8.csv
crm-add: import: 1 bad line; nothing imported"
# Excel's "Unicode text" is UTF-16 with a byte order mark.
printf 'title\taccount\n项目\tAcme\n' | iconv -f UTF-8 -t UTF-16 >utf16.tsv
run sh -c 'crm-add <utf16.tsv'
is "UTF-16: says so, and how to convert" "$rc:$errout" \
    "2:crm-add: import: line 1: the input is UTF-16, not UTF-8; convert it first: iconv -f UTF-16 -t UTF-8"
is "files not UTF-8 added nothing" "$(sql 'SELECT count(*) FROM deal')" "$n"

# crm-ls's closed column: last, empty or null for an open deal.
CRM_DB=$(newdb rt)
export CRM_DB
title1="ERP \"phase 2\", comma; a \\ back"
crm-add -o li -a 华东制造 -c 张伟 -v 1,200,000 --at 2026-09-01 -e 2027-01-31 \
    -n 2026-12-01 --priority 3 --source 'fair, Shanghai' "$title1" >/dev/null
printf 'title\tcurrency\towner\tamount\tpipeline\tstage\tcreated\nData center\tUSD\twang\t2400000\tproduct\tdemo\t2026-10-01T08:30:00Z\n' |
    crm-add >/dev/null
crm-add -o wang -a "O'Brien, \"Ltd\"" -v 85000.50 --at 2026-10-01 '扫描仪 Scanners' >/dev/null
crm-advance -w --at 2026-11-02T10:30:00Z 3 >/dev/null
crm-add -o zhao -a Acme -c 'Ann "the buyer"' --at 2026-08-15 'Old tender' >/dev/null
crm-advance -l price --at 2026-10-20 4 >/dev/null
crm-add -o jiang --at 2026-07-01 'C:\temp\new' >/dev/null
crm-advance -l competitor --at 2026-08-01 5 >/dev/null
crm-advance -s needs --at 2026-09-01 5 >/dev/null
crm-log -k visit -m 'met' --at 2026-11-03 1 >/dev/null
run crm-ls --all
is "crm-ls: closed is the last column" "$(printf '%s\n' "$out" | cut -f1,12,22)" \
    "1	open	
2	open	
3	won	2026-11-02T10:30:00Z
4	lost	2026-10-20T00:00:00Z
5	open	"
run crm-ls --all --header
is "crm-ls --header: closed named last" "$(printf '%s\n' "$out" | head -n 1 | tr '\t' '\n' | tail -n 2 | tr '\n' ' ')" \
    "source closed "
run crm-ls --all -f csv
is "crm-ls -f csv: closed last" "$(printf '%s\n' "$out" | head -n 1)" \
    "id,title,account,contact,owner,amount,currency,pipeline,stage,stage_label,probability,status,created,stage_entered,days_in_stage,expected_close,next_action,last_activity,lost_reason,priority,source,closed$cr"
run crm-ls --all -f json
is "crm-ls -f json: closed, null for an open deal" \
    "$(printf '%s' "$out" | jq -c '[.[] | .closed]')" \
    '[null,null,"2026-11-02T10:30:00Z","2026-10-20T00:00:00Z",null]'
run crm-show -f json 3
is "crm-show -f json: closed" "$(printf '%s' "$out" | jq -r '.closed')" "2026-11-02T10:30:00Z"
run crm-ls --all --sort -closed
is "crm-ls --sort -closed: the latest first, open deals last" \
    "$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ')" "3 4 1 2 5 "

# The round trip: what crm-ls prints with --header or -f csv imports
# into a new database as the same deals.
fields="d.title, a.name, d.contact, d.owner, d.amount, d.currency, d.pipeline,
    d.stage, d.status, d.created, d.closed, d.expected_close, d.next_action,
    d.lost_reason, d.priority, d.source
    FROM deal d LEFT JOIN account a ON a.id = d.account_id ORDER BY d.id"
want=$(sql "SELECT $fields")
tsv=$(newdb tsv)
run sh -c 'crm-ls --all --header | crm-add -D "$1"' sh "$tsv"
is "TSV round trip: imported" "$rc:$out:$errout" "0:1
2
3
4
5:"
is "TSV round trip: the same deals" "$(sql -D "$tsv" "SELECT $fields")" "$want"
csv=$(newdb csv)
run sh -c 'crm-ls --all -f csv | crm-add --csv -D "$1"' sh "$csv"
is "CSV round trip: imported" "$rc:$out:$errout" "0:1
2
3
4
5:"
is "CSV round trip: the same deals" "$(sql -D "$csv" "SELECT $fields")" "$want"
# Worked out by hand: what the copies hold, field by field.
is "round trip: title with quotes, a comma and a backslash" \
    "$(sql -D "$csv" 'SELECT title FROM deal WHERE id = 1')" "$title1"
is "round trip: a backslash before t and n stays itself (TSV writes \\\\)" \
    "$(sql -D "$tsv" 'SELECT hex(title) FROM deal WHERE id = 5')" \
    "433A5C74656D705C6E6577"
is "round trip: deal 1" \
    "$(sql -D "$csv" "SELECT a.name, contact, owner, amount, currency, pipeline, stage, status, d.created, closed IS NULL, expected_close, next_action, priority, source FROM deal d JOIN account a ON a.id = d.account_id WHERE d.id = 1")" \
    "华东制造|张伟|li|120000000|CNY|project|lead|open|$(date -d 2026-09-01 +%s)|1|2027-01-31|2026-12-01|3|fair, Shanghai"
is "round trip: a USD deal in another pipeline" \
    "$(sql -D "$tsv" "SELECT currency, pipeline, stage, amount, created FROM deal WHERE id = 2")" \
    "USD|product|demo|240000000|$(date -d 2026-10-01T08:30:00Z +%s)"
is "round trip: the won deal closes when it was won" \
    "$(sql -D "$tsv" "SELECT a.name, title, stage, status, closed, stage_entered FROM deal d JOIN account a ON a.id = d.account_id WHERE d.id = 3")" \
    "O'Brien, \"Ltd\"|扫描仪 Scanners|won|won|$(date -d 2026-11-02T10:30:00Z +%s)|$(date -d 2026-11-02T10:30:00Z +%s)"
is "round trip: the lost deal keeps its reason and close" \
    "$(sql -D "$csv" "SELECT contact, status, lost_reason, closed FROM deal WHERE id = 4")" \
    "Ann \"the buyer\"|lost|price|$(date -d 2026-10-20 +%s)"
is "round trip: the lost reason in the first stage change" \
    "$(sql -D "$csv" "SELECT to_stage, reason, at FROM stage_change WHERE deal_id = 4")" \
    "lost|price|$(date -d 2026-10-20 +%s)"
is "round trip: a reopened deal is open, without reason or close" \
    "$(sql -D "$tsv" "SELECT stage, status, lost_reason IS NULL, closed IS NULL FROM deal WHERE id = 5")" \
    "needs|open|1|1"
# What is not carried: an open deal entered its stage when created, and
# activities stay behind.
is "round trip: crm-ls the same but for stage_entered, days_in_stage, last_activity" \
    "$(crm-ls --all -D "$csv" | cut -f1-13,16,17,19-22)" \
    "$(crm-ls --all | cut -f1-13,16,17,19-22)"
is "round trip: what differs" "$(crm-ls --all -D "$tsv" | cut -f1,14,15,18 | sed -n '1p;5p')" \
    "1	2026-09-01T00:00:00Z	84	
5	2026-07-01T00:00:00Z	146	"
is "... and in the original" "$(crm-ls --all | cut -f1,14,15,18 | sed -n '1p;5p')" \
    "1	2026-09-01T00:00:00Z	84	2026-11-03T00:00:00Z
5	2026-09-01T00:00:00Z	84	"

# A status changed in a spreadsheet without the stage is refused.
crm-ls -o li -f csv | sed 's/,5,open,/,5,won,/' >edited.csv
edited=$(newdb edited)
run sh -c 'crm-add --csv -D "$1" <edited.csv' sh "$edited"
is "an edited status that the stage does not say: refused" "$rc:$errout" \
    "1:crm-add: line 2: status 'won' but stage 'lead' (a deal is closed by its stage: won or lost)
crm-add: import: 1 bad line; nothing imported"
crm-ls -o li -f csv | sed 's/,lead,建立联络,5,open,/,won,建立联络,5,won,/' >edited2.csv
run sh -c 'crm-add --csv -D "$1" <edited2.csv' sh "$edited"
is "stage and status both won: imported, closed when created" \
    "$rc:$(sql -D "$edited" "SELECT status, closed = created FROM deal")" "0:won|1"

done_testing
