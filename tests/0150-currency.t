#!/bin/sh
# Currencies: codes checked and upper-cased at every entry point, and
# money in two currencies never added together by any report.  Every
# figure worked out by hand below.
. "$(dirname "$0")/lib.sh"

T='	'

# The issue's example: 100,000 in USD, CNY and JPY made a funnel total of
# 300,000.  In the built-in pipeline lead is 5%, proposal 25%, negotiation
# 85%: one total each, 5,000, 25,000 and 85,000 weighted.
ex=$(newdb ex)
crm-add -D "$ex" -v 100000 --currency USD 'In dollars' >/dev/null
crm-add -D "$ex" -v 100000 --currency CNY -s proposal 'In yuan' >/dev/null
crm-add -D "$ex" -v 100000 --currency JPY -s negotiation 'In yen' >/dev/null
run crm-funnel -D "$ex" --totals
is "the issue's example: one total per currency, none of 300,000" "$out" \
"1${T}100000.00${T}25000.00${T}0${T}0.00${T}0${T}${T}${T}${T}CNY
1${T}100000.00${T}85000.00${T}0${T}0.00${T}0${T}${T}${T}${T}JPY
1${T}100000.00${T}5000.00${T}0${T}0.00${T}0${T}${T}${T}${T}USD"
run crm-funnel -D "$ex"
is "the issue's example: no stage row adds currencies" \
    "$(printf '%s\n' "$out" | awk -F'\t' '$4 > 0 { print $1, $5, $6, $11 }')" \
"proposal 100000.00 25000.00 CNY
negotiation 100000.00 85000.00 JPY
lead 100000.00 5000.00 USD"

# The config's currency is a code like any other: 'eur' is EUR.
cat >cfg.yaml <<'YAML'
currency: eur
pipelines:
  - name: sales
    stages:
      - { name: a, label: 甲, probability: 10 }
      - { name: b, label: 乙, probability: 50 }
      - { name: c, label: 丙, probability: 80 }
    lost_reasons: [price, other]
YAML
export CRM_CONFIG=$tmp/cfg.yaml

# Six deals, through every entry point.  Now is 2026-11-24.
#  1 li    100,000 USD  a, open            --currency usd, account Acme
#  2 wang  100,000 CNY  b, open            CSV import, --currency cny
#  3 li    100,000 JPY  c, open            TSV import, a jpy cell
#  4 wang   50,000 USD  c, open            --currency USD
#  5 li     20,000 USD  a 10-01 [10] b 10-11 [10] won 10-21; made in EUR
#                       (the config's), crm-set --currency usd on 10-15
#  6 wang   30,000 CNY  a 10-01 [5] lost 10-06
crm-add -o li -v 100000 --currency usd -a Acme -e 2026-12-15 --at 2026-11-01 U1 >/dev/null
printf 'title,owner,amount,stage,created,expected_close\r\nC1,wang,100000,b,2026-11-01,2026-11-10\r\n' |
    crm-add --csv --currency cny >/dev/null
printf 'title\towner\tamount\tcurrency\tstage\tcreated\nJ1\tli\t100000\tjpy\tc\t2026-11-01\n' |
    crm-add >/dev/null
crm-add -o wang -v 50000 --currency USD -s c -e 2027-06-30 --at 2026-11-01 U2 >/dev/null
crm-add -o li -v 20000 --at 2026-10-01 U3 >/dev/null
crm-add -o wang -v 30000 --currency CNY --at 2026-10-01 C2 >/dev/null
{
	crm-advance --at 2026-10-11 5
	crm-advance -w --at 2026-10-21 5
	crm-advance -l price --at 2026-10-06 6
} >/dev/null
is "the config's currency, upper case, for a deal that names none" \
    "$(sql 'SELECT currency FROM deal WHERE id = 5')" EUR
CRM_NOW=2026-10-15T00:00:00Z run crm-set --currency usd 5
is "crm-set --currency: exit 0, says what changed" "$rc:$out" "0:5${T}currency"
is "crm-set --currency: recorded like every change" \
    "$(sql "SELECT field, old, new, by, at FROM field_change WHERE deal_id = 5")" \
    "currency|EUR|USD|li|$(date -d 2026-10-15T00:00:00Z +%s)"
run crm-set --currency USD 5
is "crm-set to the same code: nothing changed, nothing recorded" \
    "$out|$(sql 'SELECT count(*) FROM field_change')" "5${T}|1"
run crm-show -f json 5
is "crm-show: the deal's currency and its change" \
    "$(printf '%s' "$out" | jq -c '[.currency, (.changes[] | [.field, .old, .new, .at])]')" \
    '["USD",["currency","EUR","USD","2026-10-15T00:00:00Z"]]'

run crm-ls --all
is "every entry point: upper case" "$(printf '%s\n' "$out" | cut -f1,7 | tr '\n' ' ')" \
    "1${T}USD 2${T}CNY 3${T}JPY 4${T}USD 5${T}USD 6${T}CNY "
run crm-ls -f table
like "crm-ls: a table of several currencies shows them" \
    "$(printf '%s\n' "$out" | head -n 1)" "amount  currency  stage"
like "crm-ls: in each deal's row" "$(printf '%s\n' "$out" | grep ' J1 ')" "100000.00  JPY"
run crm-ls -f table -o wang -s c
like "crm-ls: a table of one currency as before" "$(printf '%s\n' "$out" | head -n 1)" \
    "^id  title  account  owner +amount  stage  stage_label  days_in_stage  next_action$"

# The funnel: one row per stage and currency, currencies in code order.
#   CNY  a: 2 and 6 reached it, 2 went on to b: 50.0; 6 lost in a after 5
#           days.  b: 2 open, 100,000 x 50%; it reached no c: 0.0.
#   JPY  3 came in at c: it reached a, b and c; c: none won, 0.0.
#   USD  a: 1 open, 100,000 x 10%; 1, 4 (made in c) and 5 reached it, 4
#           and 5 reached b: 66.7; 5 left after 10 days.  b: 4 and 5
#           reached c: 100.0; 5 left after 10.  c: 4 open, 50,000 x 80%;
#           5 of the 2 that reached c won: 50.0.
run crm-funnel --header
is "per stage and currency, worked by hand" "$out" \
"stage${T}label${T}probability${T}open${T}amount${T}weighted${T}reached${T}conversion${T}lost${T}avg_days${T}currency
a${T}甲${T}10${T}0${T}0.00${T}0.00${T}2${T}50.0${T}1${T}5.0${T}CNY
b${T}乙${T}50${T}1${T}100000.00${T}50000.00${T}1${T}0.0${T}0${T}${T}CNY
c${T}丙${T}80${T}0${T}0.00${T}0.00${T}0${T}${T}0${T}${T}CNY
a${T}甲${T}10${T}0${T}0.00${T}0.00${T}1${T}100.0${T}0${T}${T}JPY
b${T}乙${T}50${T}0${T}0.00${T}0.00${T}1${T}100.0${T}0${T}${T}JPY
c${T}丙${T}80${T}1${T}100000.00${T}80000.00${T}1${T}0.0${T}0${T}${T}JPY
a${T}甲${T}10${T}1${T}100000.00${T}10000.00${T}3${T}66.7${T}0${T}10.0${T}USD
b${T}乙${T}50${T}0${T}0.00${T}0.00${T}2${T}100.0${T}0${T}10.0${T}USD
c${T}丙${T}80${T}1${T}50000.00${T}40000.00${T}2${T}50.0${T}0${T}${T}USD"

# Totals.  USD: 5 won in 20 days; velocity 2 open x 100% x 20,000 / 20
# days = 2,000.00 a day.  CNY: 6 lost, 0.0.  JPY: nothing closed.
run crm-funnel --totals
is "--totals: one record per currency" "$out" \
"1${T}100000.00${T}50000.00${T}0${T}0.00${T}1${T}0.0${T}${T}${T}CNY
1${T}100000.00${T}80000.00${T}0${T}0.00${T}0${T}${T}${T}${T}JPY
2${T}150000.00${T}50000.00${T}1${T}20000.00${T}0${T}100.0${T}20.0${T}2000.00${T}USD"

# --currency: the rows of one currency, the same as its rows above.
run crm-funnel --currency usd
is "--currency usd: only the USD deals" "$out" \
"a${T}甲${T}10${T}1${T}100000.00${T}10000.00${T}3${T}66.7${T}0${T}10.0${T}USD
b${T}乙${T}50${T}0${T}0.00${T}0.00${T}2${T}100.0${T}0${T}10.0${T}USD
c${T}丙${T}80${T}1${T}50000.00${T}40000.00${T}2${T}50.0${T}0${T}${T}USD"
for m in "" --totals "--by owner" "--by account" "--by pipeline" --forecast; do
	for c in CNY JPY USD; do
		all=$(crm-funnel $m | awk -F'\t' -v c=$c '$0 ~ "\t" c "(\t[01])?$"')
		one=$(crm-funnel $m --currency $c)
		is "${m:-stages}: the $c rows are --currency $c" "$all" "$one"
	done
done
run crm-funnel --currency EUR --totals
is "--currency with no deal in it: zeros in it" "$out" \
    "0${T}0.00${T}0.00${T}0${T}0.00${T}0${T}${T}${T}${T}EUR"

# JSON: the same object; each stage row has its currency; totals is an
# object with one currency, an array of them with several.
run crm-funnel -f json
ok "JSON is valid" sh -c 'printf "%s" "$1" | jq -e . >/dev/null' sh "$out"
is "JSON: pipeline, as_of, nine stage rows, three totals" \
    "$(printf '%s' "$out" | jq -c '[.pipeline, .as_of, (.stages | length), (.totals | type), [.totals[] | [.currency, .amount, .weighted]]]')" \
    '["sales","2026-11-24T09:00:00Z",9,"array",[["CNY",100000,50000],["JPY",100000,80000],["USD",150000,50000]]]'
is "JSON: a stage row" "$(printf '%s' "$out" | jq -c '.stages[6]')" \
    '{"stage":"a","label":"甲","probability":10,"open":1,"amount":100000,"weighted":10000,"reached":3,"conversion":66.7,"lost":0,"avg_days":10,"currency":"USD"}'
run crm-funnel -f json --currency JPY
is "JSON, one currency: totals is an object" \
    "$(printf '%s' "$out" | jq -c '[(.stages | length), .totals]')" \
    '[3,{"open":1,"amount":100000,"weighted":80000,"won":0,"won_amount":0,"lost":0,"win_rate":null,"avg_cycle_days":null,"velocity":null,"currency":"JPY"}]'
run crm-funnel -f jsonl
is "JSONL: the same object on one line" "$(printf '%s\n' "$out" | wc -l | tr -d ' '):$(printf '%s' "$out" | jq -c '.totals | length')" "1:3"
run crm-funnel --totals -f json
is "--totals JSON: an array, one object a currency" \
    "$(printf '%s' "$out" | jq -c '[.[] | [.currency, .won_amount, .velocity]]')" \
    '[["CNY",0,null],["JPY",0,null],["USD",20000,2000]]'
run crm-funnel --totals -f json --currency USD
is "--totals JSON, one currency: one object" "$(printf '%s' "$out" | jq -c '[type, .weighted]')" '["object",50000]'
run crm-funnel --totals -f jsonl
is "--totals JSONL: a line a currency" "$(printf '%s\n' "$out" | jq -r .currency | tr '\n' ' ')" "CNY JPY USD "
run crm-funnel --totals -f csv
is "--totals CSV: currency is the last column" "$(printf '%s' "$out" | tr -d '\r' | cut -d, -f1,2,10)" \
"open,amount,currency
1,100000.00,CNY
1,100000.00,JPY
2,150000.00,USD"

# Tables show the currency when there are several, and only then.
run crm-funnel -f table
like "table: a currency column" "$(printf '%s\n' "$out" | head -n 1)" "avg_days  currency$"
is "table: the totals, one row a currency" \
    "$(printf '%s\n' "$out" | grep -A3 '^open' | awk '{ print $2, $NF }')" \
"amount currency
100000.00 CNY
100000.00 JPY
150000.00 USD"
is "table: a blank line between currencies" "$(printf '%s\n' "$out" | sed -n '5p;9p')" "$(printf '\n\n')"
run crm-funnel -f table --currency USD
like "table of one currency: no currency column" "$(printf '%s\n' "$out" | head -n 1)" "lost  avg_days$"
ok "table of one currency: it is nowhere" sh -c '! printf "%s" "$1" | grep -q USD' sh "$out"
if script -qc true /dev/null >/dev/null 2>&1; then
	script -qc 'crm-funnel' /dev/null | tr -d '\r' >tty.out
	is "a chart per currency, under its code" "$(grep -E '^(CNY|JPY|USD)$' tty.out | tr '\n' ' ')" "CNY JPY USD "
	# USD: a reached by 3, the widest: 40 blocks; b by 2: 27.
	is "USD's chart: its own figures" \
	    "$(sed -n '/^USD$/,$p' tty.out | sed -n 2,3p | while read -r l; do
		printf '%s %s\n' "$(printf '%s' "$l" | grep -o '█' | wc -l | tr -d ' ')" \
		    "$(printf '%s' "$l" | sed 's/█//g; s/  */ /g')"
	    done)" \
	    "40 甲 3 66.7%
27 乙 2 100.0%"
else
	for i in 1 2; do t_result 0 "# skip script(1) missing"; done
fi

# --by owner: each currency's groups, then each currency's total row,
# whose total column is 1.  CNY wang: 2 and 6, a 1 of 2 went on: 50.0,
# b 0 of 1.  USD li: 1 and 5; won 5 in 20 days: velocity 1 x 100% x
# 20,000 / 20 = 1,000.00.  USD wang: 4 only.
run crm-funnel --by owner --header
is "--by owner, worked by hand" "$out" \
"owner${T}open${T}amount${T}weighted${T}won${T}won_amount${T}lost${T}win_rate${T}avg_cycle_days${T}velocity${T}conversion_a${T}conversion_b${T}conversion_c${T}currency${T}total
wang${T}1${T}100000.00${T}50000.00${T}0${T}0.00${T}1${T}0.0${T}${T}${T}50.0${T}0.0${T}${T}CNY${T}0
li${T}1${T}100000.00${T}80000.00${T}0${T}0.00${T}0${T}${T}${T}${T}100.0${T}100.0${T}0.0${T}JPY${T}0
li${T}1${T}100000.00${T}10000.00${T}1${T}20000.00${T}0${T}100.0${T}20.0${T}1000.00${T}50.0${T}100.0${T}100.0${T}USD${T}0
wang${T}1${T}50000.00${T}40000.00${T}0${T}0.00${T}0${T}${T}${T}${T}100.0${T}100.0${T}0.0${T}USD${T}0
${T}1${T}100000.00${T}50000.00${T}0${T}0.00${T}1${T}0.0${T}${T}${T}50.0${T}0.0${T}${T}CNY${T}1
${T}1${T}100000.00${T}80000.00${T}0${T}0.00${T}0${T}${T}${T}${T}100.0${T}100.0${T}0.0${T}JPY${T}1
${T}2${T}150000.00${T}50000.00${T}1${T}20000.00${T}0${T}100.0${T}20.0${T}2000.00${T}66.7${T}100.0${T}50.0${T}USD${T}1"

# --by account: deals with no account and the total row both have an
# empty name in TSV; the total column tells them apart in every format.
run crm-funnel --by account
is "--by account TSV: the total rows are the ones marked 1" \
    "$(printf '%s\n' "$out" | awk -F'\t' '{ print "[" $1 "]", $2, $14, $15 }')" \
"[] 1 CNY 0
[] 1 JPY 0
[] 1 USD 0
[Acme] 1 USD 0
[] 1 CNY 1
[] 1 JPY 1
[] 2 USD 1"
run crm-funnel --by account -f csv
is "--by account CSV: the same, with a header" \
    "$(printf '%s' "$out" | tr -d '\r' | cut -d, -f1,2,14,15 | sed -n '1p;5p;6p')" \
"account,open,currency,total
Acme,1,USD,0
,1,CNY,1"
run crm-funnel --by account -f json
is "--by account JSON: no account is \"\", the total null and true" \
    "$(printf '%s' "$out" | jq -c '[.rows[] | [.account, .total, .currency]]')" \
    '[["",false,"CNY"],["",false,"JPY"],["",false,"USD"],["Acme",false,"USD"],[null,true,"CNY"],[null,true,"JPY"],[null,true,"USD"]]'
run crm-funnel --by account -f jsonl
is "--by account JSONL: total on every line" \
    "$(printf '%s' "$out" | jq -c '[.rows[] | .total]')" \
    '[false,false,false,false,true,true,true]'
run crm-funnel --by account -f table
is "--by account table: three (all) rows, last, after a blank line" \
    "$(printf '%s\n' "$out" | tail -n 4 | cut -c1-5 | tr '\n' '|')" "|(all)|(all)|(all)|"
ok "--by account table: no total column" sh -c '! printf "%s\n" "$1" | head -n 1 | grep -q total' sh "$out"
run crm-funnel --by pipeline
is "--by pipeline: one group and its total per currency" \
    "$(printf '%s\n' "$out" | cut -f1,2,3,11,12 | tr '\n' '|')" \
    "sales${T}1${T}100000.00${T}CNY${T}0|sales${T}1${T}100000.00${T}JPY${T}0|sales${T}2${T}150000.00${T}USD${T}0|${T}1${T}100000.00${T}CNY${T}1|${T}1${T}100000.00${T}JPY${T}1|${T}2${T}150000.00${T}USD${T}1|"
run crm-funnel --by owner -f table --currency USD
is "--by owner table, one currency: (all) after a blank line" \
    "$(printf '%s\n' "$out" | awk '{ print $1, $2, $NF }')" \
"owner open conversion_c
li 1 100.0
wang 1 0.0
  
(all) 2 50.0"

# --forecast: open deals by expected close, per currency.  2 is overdue
# (11-10), 1 closes in December, 4 later (2027-06), 3 has no date.
run crm-funnel --forecast
is "--forecast: months per currency, then the totals" "$out" \
"overdue${T}1${T}100000.00${T}50000.00${T}CNY${T}0
2026-11${T}0${T}0.00${T}0.00${T}CNY${T}0
2026-12${T}0${T}0.00${T}0.00${T}CNY${T}0
2027-01${T}0${T}0.00${T}0.00${T}CNY${T}0
later${T}0${T}0.00${T}0.00${T}CNY${T}0
none${T}0${T}0.00${T}0.00${T}CNY${T}0
overdue${T}0${T}0.00${T}0.00${T}JPY${T}0
2026-11${T}0${T}0.00${T}0.00${T}JPY${T}0
2026-12${T}0${T}0.00${T}0.00${T}JPY${T}0
2027-01${T}0${T}0.00${T}0.00${T}JPY${T}0
later${T}0${T}0.00${T}0.00${T}JPY${T}0
none${T}1${T}100000.00${T}80000.00${T}JPY${T}0
overdue${T}0${T}0.00${T}0.00${T}USD${T}0
2026-11${T}0${T}0.00${T}0.00${T}USD${T}0
2026-12${T}1${T}100000.00${T}10000.00${T}USD${T}0
2027-01${T}0${T}0.00${T}0.00${T}USD${T}0
later${T}1${T}50000.00${T}40000.00${T}USD${T}0
none${T}0${T}0.00${T}0.00${T}USD${T}0
${T}1${T}100000.00${T}50000.00${T}CNY${T}1
${T}1${T}100000.00${T}80000.00${T}JPY${T}1
${T}2${T}150000.00${T}50000.00${T}USD${T}1"
run crm-funnel --forecast -f json
is "--forecast JSON: total true on the last three rows" \
    "$(printf '%s' "$out" | jq -c '[.rows[] | select(.total) | [.month, .currency, .weighted]]')" \
    '[[null,"CNY",50000],[null,"JPY",80000],[null,"USD",50000]]'
# Deals 5 and 6 were created on 10-01, and both are closed: no currency
# has an open deal, so the forecast is the config's currency's, zero.
run crm-funnel --forecast --since 2026-10-01 --until 2026-10-02
is "--forecast of closed deals only: zeros, in the config's currency" \
    "$(printf '%s\n' "$out" | tail -n 1)" "${T}0${T}0.00${T}0.00${T}EUR${T}1"

# --calibrate adds no money: one row a stage over every currency.  Closed:
# 5 (won; reached a, b, c) and 6 (lost in a).
run crm-funnel --calibrate
is "--calibrate: every currency together" "$out" \
"a${T}甲${T}10${T}50.0${T}2
b${T}乙${T}50${T}100.0${T}1
c${T}丙${T}80${T}100.0${T}1"
run crm-funnel --calibrate --currency CNY
is "--calibrate --currency CNY: 6 alone" "$out" \
"a${T}甲${T}10${T}0.0${T}1
b${T}乙${T}50${T}${T}0
c${T}丙${T}80${T}${T}0"

# --as-of: the currency of then, as the amount of then.  On 10-12 only 5
# (in b, still EUR: changed on 10-15) and 6 (lost) existed.
run crm-funnel --as-of 2026-10-12 --totals
is "--as-of: each deal in its currency of then" "$out" \
"0${T}0.00${T}0.00${T}0${T}0.00${T}1${T}0.0${T}${T}${T}CNY
1${T}20000.00${T}10000.00${T}0${T}0.00${T}0${T}${T}${T}${T}EUR"
run crm-funnel --as-of 2026-10-12 --currency EUR
is "--as-of --currency EUR: 5, in b" "$out" \
"a${T}甲${T}10${T}0${T}0.00${T}0.00${T}1${T}100.0${T}0${T}10.0${T}EUR
b${T}乙${T}50${T}1${T}20000.00${T}10000.00${T}1${T}0.0${T}0${T}${T}EUR
c${T}丙${T}80${T}0${T}0.00${T}0.00${T}0${T}${T}0${T}${T}EUR"
run crm-funnel --as-of 2026-10-12 --currency USD --totals
is "--as-of --currency USD: 5 was not USD then" "$out" \
    "0${T}0.00${T}0.00${T}0${T}0.00${T}0${T}${T}${T}${T}USD"
run crm-funnel --as-of 2026-10-16 --currency USD --totals
is "--as-of after the change: 5 is USD" "$out" \
    "1${T}20000.00${T}10000.00${T}0${T}0.00${T}0${T}${T}${T}${T}USD"
run crm-funnel --currency EUR --totals
is "today 5 is USD, none is EUR" "$out" \
    "0${T}0.00${T}0.00${T}0${T}0.00${T}0${T}${T}${T}${T}EUR"

# Bad codes: exit 2 naming the value, nothing added or changed.  The
# family: a name, a symbol, digits, too short, too long, three letters
# that are no code, empty, and in each case at each entry point.
n=$(sql 'SELECT count(*) FROM deal')
for c in yen 'US$' 12 US USDT ABC '' '¥' 'U SD'; do
	run crm-add --currency "$c" -v 1 Bad
	is "crm-add --currency '$c': exit 2" "$rc" 2
	like "crm-add --currency '$c': names it" "$errout" \
	    "^crm-add: currency '$(printf '%s' "$c" | sed 's/[$]/[$]/')': not an ISO 4217 currency code"
	run sh -c 'printf "title\nBad\n" | crm-add --currency "$1"' sh "$c"
	is "import with --currency '$c': exit 2 before a line is read" "$rc:$(printf '%s\n' "$errout" | grep -c line)" "2:0"
	run crm-set --currency "$c" 1
	is "crm-set --currency '$c': exit 2" "$rc" 2
	like "crm-set --currency '$c': names it" "$errout" "^crm-set: currency '.*': not an ISO 4217 currency code"
	run crm-funnel --currency "$c"
	is "crm-funnel --currency '$c': exit 2" "$rc" 2
	like "crm-funnel --currency '$c': names it" "$errout" "^crm-funnel: --currency '.*': not an ISO 4217 currency code"
done
is "bad codes: nothing added" "$(sql 'SELECT count(*) FROM deal')" "$n"
is "bad codes: nothing changed" "$(sql 'SELECT currency FROM deal WHERE id = 1')|$(sql 'SELECT count(*) FROM field_change')" "USD|1"
run crm-add --currency yen X
is "a name people write gets the code" "$errout" \
    "crm-add: currency 'yen': not an ISO 4217 currency code: did you mean 'JPY'?"
run crm-set --currency RMB 2
is "RMB gets CNY" "$errout" \
    "crm-set: currency 'RMB': not an ISO 4217 currency code: did you mean 'CNY'?"
run crm-add --currency 'US$' X
is "a symbol: what would be right" "$errout" \
    "crm-add: currency 'US\$': not an ISO 4217 currency code (such as CNY, USD, EUR, JPY)"

# An import: every bad line named, exit 1, nothing added; TSV and CSV.
run sh -c 'printf "title\tcurrency\nA\tyen\nB\tusd\nC\tUS\$\n" | crm-add'
is "import: bad currency cells, exit 1" "$rc" 1
like "import: line 2 named" "$errout" "line 2: currency 'yen': not an ISO 4217 currency code: did you mean 'JPY'\\?"
like "import: line 4 named" "$errout" "line 4: currency 'US\\\$': not an ISO 4217"
run sh -c 'printf "title,currency\r\nA,12\r\n" | crm-add --csv'
like "import CSV: named" "$rc $errout" "^1 .*line 2: currency '12': not an ISO 4217"
is "imports: nothing added" "$(sql 'SELECT count(*) FROM deal')" "$n"

# The config: a code, upper-cased; anything else is a config error.
printf 'currency: jpy\npipelines:\n  - name: p\n    stages: [{ name: s, probability: 5 }]\n' >jpy.yaml
cfg=$(newdb cfg)
crm-add -D "$cfg" -C jpy.yaml X >/dev/null
is "config currency: jpy is JPY" "$(sql -D "$cfg" 'SELECT currency FROM deal')" JPY
run crm-funnel -D "$cfg" -C jpy.yaml --totals
is "a funnel in the config's currency" "$(printf '%s\n' "$out" | cut -f10)" JPY
for c in yen 'US$' 12 '"元"'; do
	printf 'currency: %s\npipelines:\n  - name: p\n    stages: [{ name: s, probability: 5 }]\n' "$c" >bad.yaml
	run crm-ls -D "$cfg" -C bad.yaml
	is "config currency $c: exit 2" "$rc" 2
	like "config currency $c: where and what" "$errout" "bad.yaml:1:11: currency '.*': not an ISO 4217 currency code"
done
empty=$(newdb empty)
[ "$backend" = pg ] || crm-admin init "$empty"
run crm-funnel -D "$empty" --totals
is "an empty database: zeros in the config's currency" "$out" \
    "0${T}0.00${T}0.00${T}0${T}0.00${T}0${T}${T}${T}${T}EUR"

done_testing
