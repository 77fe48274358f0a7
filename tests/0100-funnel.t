#!/bin/sh
# crm-funnel: every figure of a hand-built history, worked out by hand.
. "$(dirname "$0")/lib.sh"

cat >cfg.yaml <<'YAML'
currency: CNY
pipelines:
  - name: sales
    stages:
      - { name: a, label: 甲, probability: 10, max_days: 10 }
      - { name: b, label: 乙, probability: 50, max_days: 10 }
      - { name: c, label: 丙, probability: 80, max_days: 10 }
    lost_reasons: [price, other]
  - name: other
    stages:
      - { name: x, probability: 50 }
activity_kinds: [visit, call]
team:
  boss: [li, wang]
  zhao: []        # in team: (an owner must be), not below boss
YAML
export CRM_CONFIG=$tmp/cfg.yaml

# Seven deals; days in each stage in brackets.  Now is 2026-11-24.
#  1 li    1000  a 09-01 [10] b 09-11 [10] c 09-21 [10] won 10-01
#  2 li    2000  a 09-01 [5]  b 09-06 [10] lost 09-16
#  3 wang  3000  a 10-01 [10] c 10-11 (skips b), open
#  4 wang  4000  a 10-01, open
#  5 zhao  5000  a 10-14 [6]  b 10-20 [7] a 10-27 [8] b 11-04, open
#  6 li    6000  a 11-01 [10] lost 11-11
#  7 li    7000  a 09-01 [3]  b 09-04 [11] won 09-15, reopened c 10-01
#                [10] won 10-11
crm-add -o li -v 1000 --at 2026-09-01 D1 >/dev/null
crm-add -o li -v 2000 --at 2026-09-01 D2 >/dev/null
crm-add -o wang -v 3000 --at 2026-10-01 -e 2026-12-15 D3 >/dev/null
crm-add -o wang -v 4000 --at 2026-10-01 -e 2026-11-10 D4 >/dev/null
crm-add -o zhao -v 5000 --at 2026-10-14 D5 >/dev/null
crm-add -o li -v 6000 --at 2026-11-01 D6 >/dev/null
crm-add -o li -v 7000 --at 2026-09-01 D7 >/dev/null
crm-add -o li -v 9 -p other --at 2026-09-01 'Other pipeline' >/dev/null
{
	crm-advance --at 2026-09-11 1
	crm-advance --at 2026-09-21 1
	crm-advance -w --at 2026-10-01 1
	crm-advance --at 2026-09-06 2
	crm-advance -l price --at 2026-09-16 2
	crm-advance -s c --at 2026-10-11 3
	crm-advance --at 2026-10-20 5
	crm-advance -s a --at 2026-10-27 5
	crm-advance -s b --at 2026-11-04 5
	crm-advance -l other --at 2026-11-11 6
	crm-advance --at 2026-09-04 7
	crm-advance -w --at 2026-09-15 7
	crm-advance -s c --at 2026-10-01 7
	crm-advance -w --at 2026-10-11 7
} >/dev/null

T='	'
run crm-funnel --header
is "funnel exits 0" "$rc" 0
is "per stage, worked by hand" "$out" \
"stage${T}label${T}probability${T}open${T}amount${T}weighted${T}reached${T}conversion${T}lost${T}avg_days${T}currency
a${T}甲${T}10${T}1${T}4000.00${T}400.00${T}7${T}71.4${T}1${T}8.7${T}CNY
b${T}乙${T}50${T}1${T}5000.00${T}2500.00${T}5${T}60.0${T}1${T}9.5${T}CNY
c${T}丙${T}80${T}1${T}3000.00${T}2400.00${T}3${T}66.7${T}0${T}10.0${T}CNY"
# a: 7 reached (all), 5 reached b (1, 2, 3, 5, 7): 71.4; left a: 10 5 10
#    14 10 3 = 52 / 6 = 8.7 days.  b: 1 2 5 7 left it: 10 10 7 11 = 9.5.
# c: 1, 3, 7 reached it, 1 and 7 were won: 66.7.

run crm-funnel --totals --header
is "totals, worked by hand" "$out" \
"open${T}amount${T}weighted${T}won${T}won_amount${T}lost${T}win_rate${T}avg_cycle_days${T}velocity${T}currency
3${T}12000.00${T}5300.00${T}2${T}8000.00${T}2${T}50.0${T}35.0${T}171.43${T}CNY"
# won 1 (30 days) and 7 (40 days, created to its last win): 35.0;
# velocity 3 open x 50% x 4000 mean won / 35 days = 171.43 a day.

run crm-funnel -f json
ok "JSON is valid" sh -c '[ -n "$1" ] && printf "%s" "$1" | jq -e . >/dev/null' sh "$out"
is "JSON: pipeline, as_of, stages, totals" \
    "$(printf '%s' "$out" | jq -c '[.pipeline, .as_of, (.stages | length), .stages[1], .totals]')" \
    '["sales","2026-11-24T09:00:00Z",3,{"stage":"b","label":"乙","probability":50,"open":1,"amount":5000,"weighted":2500,"reached":5,"conversion":60,"lost":1,"avg_days":9.5,"currency":"CNY"},{"open":3,"amount":12000,"weighted":5300,"won":2,"won_amount":8000,"lost":2,"win_rate":50,"avg_cycle_days":35,"velocity":171.43,"currency":"CNY"}]'
run crm-funnel -f jsonl
is "JSONL: one line" "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 1
run crm-funnel -f csv
is "CSV: header and three stages, CRLF" "$(printf '%s' "$out" | tr -d '\r')" \
"stage,label,probability,open,amount,weighted,reached,conversion,lost,avg_days,currency
a,甲,10,1,4000.00,400.00,7,71.4,1,8.7,CNY
b,乙,50,1,5000.00,2500.00,5,60.0,1,9.5,CNY
c,丙,80,1,3000.00,2400.00,3,66.7,0,10.0,CNY"

# The team filter: boss, li and wang; not zhao's deal 5.
run crm-funnel -T boss
is "-T boss, worked by hand" "$out" \
"a${T}甲${T}10${T}1${T}4000.00${T}400.00${T}6${T}66.7${T}1${T}7.6${T}CNY
b${T}乙${T}50${T}0${T}0.00${T}0.00${T}4${T}75.0${T}1${T}10.3${T}CNY
c${T}丙${T}80${T}1${T}3000.00${T}2400.00${T}3${T}66.7${T}0${T}10.0${T}CNY"
run crm-funnel -T boss --totals
is "-T boss totals" "$out" "2${T}7000.00${T}2800.00${T}2${T}8000.00${T}2${T}50.0${T}35.0${T}114.29${T}CNY"

# As of 2026-09-30: deals 1 (in c since 09-21), 2 (lost in b), 7 (won
# 09-15, 14 days after it was created); 3 to 6 did not exist.
run crm-funnel --as-of 2026-09-30
is "--as-of 2026-09-30, worked by hand" "$out" \
"a${T}甲${T}10${T}0${T}0.00${T}0.00${T}3${T}100.0${T}0${T}6.0${T}CNY
b${T}乙${T}50${T}0${T}0.00${T}0.00${T}3${T}66.7${T}1${T}10.3${T}CNY
c${T}丙${T}80${T}1${T}1000.00${T}800.00${T}2${T}50.0${T}0${T}${T}CNY"
run crm-funnel --as-of 2026-09-30 --totals
is "--as-of 2026-09-30 totals" "$out" "1${T}1000.00${T}800.00${T}1${T}7000.00${T}1${T}50.0${T}14.0${T}250.00${T}CNY"
# As of 2026-10-12: 1 won, 2 lost, 3 in c since 10-11, 4 in a, 7 won
# again on 10-11; 5 and 6 not yet created.
run crm-funnel --as-of 2026-10-12
is "--as-of 2026-10-12, worked by hand" "$out" \
"a${T}甲${T}10${T}1${T}4000.00${T}400.00${T}5${T}80.0${T}0${T}7.0${T}CNY
b${T}乙${T}50${T}0${T}0.00${T}0.00${T}4${T}75.0${T}1${T}10.3${T}CNY
c${T}丙${T}80${T}1${T}3000.00${T}2400.00${T}3${T}66.7${T}0${T}10.0${T}CNY"
run crm-funnel --as-of 2026-10-12 --totals
is "--as-of 2026-10-12 totals" "$out" "2${T}7000.00${T}2800.00${T}2${T}8000.00${T}1${T}66.7${T}35.0${T}152.38${T}CNY"
run crm-funnel --as-of 2026-10-12 -f json
is "--as-of in JSON" "$(printf '%s' "$out" | jq -r .as_of)" 2026-10-12T00:00:00Z

# A cohort: deals created in October (3, 4, 5).
run crm-funnel --since 2026-10-01 --until 2026-11-01
is "--since/--until cohort" "$out" \
"a${T}甲${T}10${T}1${T}4000.00${T}400.00${T}3${T}66.7${T}0${T}12.0${T}CNY
b${T}乙${T}50${T}1${T}5000.00${T}2500.00${T}2${T}50.0${T}0${T}7.0${T}CNY
c${T}丙${T}80${T}1${T}3000.00${T}2400.00${T}1${T}0.0${T}0${T}${T}CNY"
run crm-funnel --since 2026-10-01 --until 2026-11-01 --totals
is "cohort totals: no wins, no ratios" "$out" "3${T}12000.00${T}5300.00${T}0${T}0.00${T}0${T}${T}${T}${T}CNY"

run crm-funnel --by owner --header
is "--by owner, worked by hand" "$out" \
"owner${T}open${T}amount${T}weighted${T}won${T}won_amount${T}lost${T}win_rate${T}avg_cycle_days${T}velocity${T}conversion_a${T}conversion_b${T}conversion_c${T}currency${T}total
li${T}0${T}0.00${T}0.00${T}2${T}8000.00${T}2${T}50.0${T}35.0${T}0.00${T}75.0${T}66.7${T}100.0${T}CNY${T}0
wang${T}2${T}7000.00${T}2800.00${T}0${T}0.00${T}0${T}${T}${T}${T}50.0${T}100.0${T}0.0${T}CNY${T}0
zhao${T}1${T}5000.00${T}2500.00${T}0${T}0.00${T}0${T}${T}${T}${T}100.0${T}0.0${T}${T}CNY${T}0
${T}3${T}12000.00${T}5300.00${T}2${T}8000.00${T}2${T}50.0${T}35.0${T}171.43${T}71.4${T}60.0${T}66.7${T}CNY${T}1"
run crm-funnel --by owner -f json
is "--by owner JSON: rows, the last for everyone" \
    "$(printf '%s' "$out" | jq -c '[(.rows | length), .rows[0].owner, .rows[3].owner, .rows[1].win_rate]')" \
    '[4,"li",null,null]'
run crm-funnel --by pipeline
is "--by pipeline" "$out" \
"other${T}1${T}9.00${T}4.50${T}0${T}0.00${T}0${T}${T}${T}${T}CNY${T}0
sales${T}3${T}12000.00${T}5300.00${T}2${T}8000.00${T}2${T}50.0${T}35.0${T}171.43${T}CNY${T}0
${T}4${T}12009.00${T}5304.50${T}2${T}8000.00${T}2${T}50.0${T}35.0${T}228.57${T}CNY${T}1"

# Forecast: open deals by expected close.  4 is past (11-10), 3 is in
# December, 5 has none.
run crm-funnel --forecast --header
is "--forecast, three months" "$out" \
"month${T}open${T}amount${T}weighted${T}currency${T}total
overdue${T}1${T}4000.00${T}400.00${T}CNY${T}0
2026-11${T}0${T}0.00${T}0.00${T}CNY${T}0
2026-12${T}1${T}3000.00${T}2400.00${T}CNY${T}0
2027-01${T}0${T}0.00${T}0.00${T}CNY${T}0
later${T}0${T}0.00${T}0.00${T}CNY${T}0
none${T}1${T}5000.00${T}2500.00${T}CNY${T}0
${T}3${T}12000.00${T}5300.00${T}CNY${T}1"
crm-set -e 2027-06-30 5 >/dev/null
crm-set -e 2026-11-30 4 >/dev/null
run crm-funnel --forecast
is "--forecast: later, this month" "$(printf '%s\n' "$out" | cut -f1,2 | tr '\n' ' ')" \
    "overdue${T}0 2026-11${T}1 2026-12${T}1 2027-01${T}0 later${T}1 none${T}0 ${T}3 "
run crm-funnel --forecast --months 8
is "--months 8 reaches June" "$(printf '%s\n' "$out" | grep '^2027-06')" "2027-06${T}1${T}5000.00${T}2500.00${T}CNY${T}0"

# Calibrate: closed deals 1, 7 (won), 2 (lost in b), 6 (lost in a).
run crm-funnel --calibrate --header
is "--calibrate, worked by hand" "$out" \
"stage${T}label${T}probability${T}observed${T}closed
a${T}甲${T}10${T}50.0${T}4
b${T}乙${T}50${T}66.7${T}3
c${T}丙${T}80${T}100.0${T}2"

# A terminal gets a table, the totals and the chart; pipes never a chart.
if script -qc true /dev/null >/dev/null 2>&1; then
	script -qc 'crm-funnel' /dev/null >tty.out
	ok "chart on a terminal: a bar for a" grep -q '甲  █*' tty.out
	like "chart: reached and conversion" "$(tr -d '\r' <tty.out)" '█+ +7  71\.4%$'
	# Bars are 40 columns for the widest: b reached 5 of 7, 29 blocks.
	is "chart: a's bar is 40 wide" "$(grep '^甲' tty.out | grep -o '█' | wc -l | tr -d ' ')" 40
	is "chart: b's bar is 29 wide" "$(grep '^乙' tty.out | grep -o '█' | wc -l | tr -d ' ')" 29
	script -qc 'crm-funnel --no-chart' /dev/null >tty2.out
	ok "--no-chart: no bar" sh -c '! grep -q "█" tty2.out'
	ok "--no-chart: still the table" grep -q 'avg_days' tty2.out
else
	for i in 1 2 3 4 5 6; do t_result 0 "# skip script(1) missing"; done
fi
run crm-funnel -f table
ok "-f table to a pipe: no chart" sh -c '! printf "%s" "$1" | grep -q "█"' sh "$out"
like "-f table: the totals under the stages" "$out" "^open +amount +weighted +won"

# Amounts as of a date come from the changes crm-set recorded: 3 was
# 3000, raised to 3200 on 10-05 and to 3500 today.
CRM_NOW=2026-10-05T00:00:00Z crm-set -v 3200 3 >/dev/null
crm-set -v 3500 3 >/dev/null
run crm-funnel --as-of 2026-10-12
is "--as-of: the amount of that day" "$(printf '%s\n' "$out" | grep '^c')" \
    "c${T}丙${T}80${T}1${T}3200.00${T}2560.00${T}3${T}66.7${T}0${T}10.0${T}CNY"
run crm-funnel --as-of 2026-10-04
is "--as-of: the amount before any change" "$(printf '%s\n' "$out" | grep '^a' | cut -f4-6)" \
    "2${T}7000.00${T}700.00"
run crm-funnel
is "today: today's amount" "$(printf '%s\n' "$out" | grep '^c' | cut -f5,6)" "3500.00${T}2800.00"

# By account: 1 and 3 become Acme's; the rest have no account.
crm-set -a Acme 1 3 >/dev/null
run crm-funnel --by account
is "--by account, worked by hand" "$out" \
"${T}2${T}9000.00${T}2900.00${T}1${T}7000.00${T}2${T}33.3${T}40.0${T}116.67${T}60.0${T}33.3${T}100.0${T}CNY${T}0
Acme${T}1${T}3500.00${T}2800.00${T}1${T}1000.00${T}0${T}100.0${T}30.0${T}33.33${T}100.0${T}100.0${T}50.0${T}CNY${T}0
${T}3${T}12500.00${T}5700.00${T}2${T}8000.00${T}2${T}50.0${T}35.0${T}171.43${T}71.4${T}60.0${T}66.7${T}CNY${T}1"
run crm-funnel --by account -f json
is "--by account JSON: no account is \"\", everyone is null" \
    "$(printf '%s' "$out" | jq -c '[.rows[] | .account]')" '["","Acme",null]'
run crm-funnel -a Acme --totals
is "-a Acme totals" "$out" "1${T}3500.00${T}2800.00${T}1${T}1000.00${T}0${T}100.0${T}30.0${T}33.33${T}CNY"
run crm-funnel -o wang --totals
is "-o wang totals" "$out" "2${T}7500.00${T}3200.00${T}0${T}0.00${T}0${T}${T}${T}${T}CNY"

# Each deal's weighted amount is rounded once, so rows add up to the
# total: 1234.50 x 5% = 61.725, so 61.73; 2345.50 x 55% = 1290.025, so
# 1290.03; 0.05 x 5% = 0.0025, so 0.00.  A huge amount does not overflow.
w=$(newdb w)
crm-add -D "$w" -C "$top/config.example.yaml" -v 1,234.50 A >/dev/null
crm-add -D "$w" -C "$top/config.example.yaml" -v 2,345.50 -s shortlist B >/dev/null
crm-add -D "$w" -C "$top/config.example.yaml" -v 0.05 C >/dev/null
run crm-funnel -D "$w" -C "$top/config.example.yaml"
is "weighted per stage, rounded per deal" "$(printf '%s\n' "$out" | awk -F'\t' '$6 != "0.00" { print $1, $6 }')" \
"lead 61.73
shortlist 1290.03"
run crm-funnel -D "$w" -C "$top/config.example.yaml" --totals
is "the total is the sum of the rows" "$(printf '%s\n' "$out" | cut -f3)" 1351.76
crm-add -D "$w" -C "$top/config.example.yaml" -v 90000000000000000 Huge >/dev/null
run crm-funnel -D "$w" -C "$top/config.example.yaml" --totals
is "a huge amount: weighted without overflow" "$(printf '%s\n' "$out" | cut -f2,3)" \
    "90000000000003580.05${T}4500000000001351.76"

# Usage errors change nothing and say what is right.
run crm-funnel --by colour
is "--by colour: exit 2" "$rc" 2
like "--by colour: names the choices" "$errout" "crm-funnel: --by 'colour': not a field to group by \\(owner, account, pipeline\\)"
run crm-funnel --forecast --calibrate
is "two reports at once: exit 2" "$rc" 2
run crm-funnel --months 3
like "--months without --forecast" "$errout" "--months goes with --forecast"
run crm-funnel --forecast --months 0
like "--months 0 refused" "$errout" "--months '0': must be from 1 to 120"
run crm-funnel --as-of 2026-02-30
is "--as-of bad date: exit 2" "$rc" 2
like "--as-of bad date named" "$errout" "--as-of '2026-02-30'"
run crm-funnel -p nosuch
like "unknown pipeline" "$errout" "unknown pipeline 'nosuch' \\(pipelines: sales, other\\)"

# An empty database: zeros, no division by zero, valid JSON.
empty=$(newdb empty)
[ "$backend" = pg ] || crm-admin init "$empty"
run crm-funnel -D "$empty" -f json
ok "empty: valid JSON" sh -c '[ -n "$1" ] && printf "%s" "$1" | jq -e . >/dev/null' sh "$out"
is "empty: zeros and nulls" "$(printf '%s' "$out" | jq -c '[.stages[0], .totals]')" \
    '[{"stage":"a","label":"甲","probability":10,"open":0,"amount":0,"weighted":0,"reached":0,"conversion":null,"lost":0,"avg_days":null,"currency":"CNY"},{"open":0,"amount":0,"weighted":0,"won":0,"won_amount":0,"lost":0,"win_rate":null,"avg_cycle_days":null,"velocity":null,"currency":"CNY"}]'
for m in "--by owner" --forecast --calibrate --totals; do
	run crm-funnel -D "$empty" $m -f json
	ok "empty $m: valid JSON" sh -c '[ -n "$1" ] && printf "%s" "$1" | jq -e . >/dev/null' sh "$out"
done

done_testing
