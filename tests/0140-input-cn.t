#!/bin/sh
# Amounts and dates as Chinese teams type them (issue 14): 3.5万, 1.2亿,
# ¥1,200,000, fullwidth digits; 2026/12/1, now, offsets and fractions on
# a time.  The same at every entry point: crm-add's options, crm-set, TSV
# and CSV import, the other commands' date options and CRM_NOW.
. "$(dirname "$0")/lib.sh"

tab=$(printf '\t')
sed 's/^currency: CNY/currency: USD/' "$top/config.example.yaml" >usd.yaml
sed 's/^currency: CNY/currency: JPY/' "$top/config.example.yaml" >jpy.yaml

# id, amount, currency, created, expected_close, next_action of crm-ls -f csv
cols()
{
	crm-ls --all -f csv "$@" | sed 1d | cut -d, -f1,6,7,13,16,17
}

# --- crm-add's options (the config's currency is CNY) ----------------------

run crm-add -v 3.5万 -e 2026/12/1 x
is "3.5万 and 2026/12/1: exit 0" "$rc:$out" "0:1"
is "3.5万 is 35000.00, 2026/12/1 is 2026-12-01" "$(cols)" \
    "1,35000.00,CNY,2026-11-24T09:00:00Z,2026-12-01,"

crm-add -v 120万 a >/dev/null			# 2
crm-add -v 1.2亿 b >/dev/null			# 3
crm-add -v 1.23456万 c >/dev/null		# 4: 12345.60
crm-add -v '¥1,200,000' d >/dev/null		# 5
crm-add -v '￥1,200,000' e >/dev/null		# 6
crm-add -v １２０万 f >/dev/null		# 7: fullwidth digits
crm-add -v 12萬 g >/dev/null			# 8
crm-add -v 1.5億 h >/dev/null			# 9
crm-add -v '１，２００．５' i >/dev/null	# 10
is "万 亿 萬 億, ¥ ￥ and fullwidth digits" \
    "$(cols | sed -n '2,10p' | cut -d, -f1,2 | tr '\n' ' ')" \
    "2,1200000.00 3,120000000.00 4,12345.60 5,1200000.00 6,1200000.00 7,1200000.00 8,120000.00 9,150000000.00 10,1200.50 "

run crm-add -e 2026-12-1 -n 2027/1/5 j
is "2026-12-1 and 2027/1/5" "$(cols | grep '^11,')" \
    "11,0.00,CNY,2026-11-24T09:00:00Z,2026-12-01,2027-01-05"
run crm-add -e now -n now --at now k
is "now: today for a date, this second for a time" "$(cols | grep '^12,')" \
    "12,0.00,CNY,2026-11-24T09:00:00Z,2026-11-24,2026-11-24"
crm-add --at 2026-11-20T09:00+08:00 l >/dev/null	# 13
crm-add --at 2026-11-20T09:00:00-0530 m >/dev/null	# 14
crm-add --at 2026-11-20T01:00:00.000Z n >/dev/null	# 15
crm-add --at 2026-11-20T01:00:00.5Z o >/dev/null	# 16
crm-add --at '2026-11-20 09:00:00+08' p >/dev/null	# 17
crm-add --at ２０２６／１１／２０ -e 2026-12-01T23:00-05:00 q >/dev/null # 18
is "an offset puts the time in its zone; a fraction is dropped" \
    "$(cols | sed -n '13,18p')" \
    "13,0.00,CNY,2026-11-20T01:00:00Z,,
14,0.00,CNY,2026-11-20T14:30:00Z,,
15,0.00,CNY,2026-11-20T01:00:00Z,,
16,0.00,CNY,2026-11-20T01:00:00Z,,
17,0.00,CNY,2026-11-20T01:00:00Z,,
18,0.00,CNY,2026-11-20T00:00:00Z,2026-12-01,"

n=$(sql 'SELECT count(*) FROM deal')
run crm-add -v '$100' bad
is "\$ for a CNY deal: exit 2" "$rc" 2
is "\$ for a CNY deal: both currencies named" "$errout" \
    "crm-add: amount '\$100': '\$' is USD but the deal's currency is CNY"
run crm-add -v 3.5元 bad
is "元: exit 2" "$rc" 2
is "元: the whole character quoted" "$errout" \
    "crm-add: amount '3.5元': '元' does not belong in an amount; write it like 12000, 12,000.50 or 3.5万"
run crm-add -v 3.5万元 bad
is "3.5万元: the character after 万 quoted" "$rc:$errout" \
    "2:crm-add: amount '3.5万元': nothing may follow '万' (here '元'); write it like 3.5万"
run crm-add -v 3万5 bad
is "3万5: 万 comes last" "$rc:$errout" \
    "2:crm-add: amount '3万5': nothing may follow '万' (here '5'); write it like 3.5万"
run crm-add -v 1.2345678万 bad
is "finer than a cent: refused" "$rc:$errout" \
    "2:crm-add: amount '1.2345678万': at most 6 digits after the decimal point before '万' (a cent is 0.000001万)"
run crm-add -v 100¥ bad
is "a symbol after the number" "$rc:$errout" \
    "2:crm-add: amount '100¥': '¥' goes before the number, as in ¥100"
run crm-add -v 10000000000000万 bad
is "too large with 万" "$rc:$errout" \
    "2:crm-add: amount '10000000000000万': amount is too large"
run crm-add -e 2026/2/30 bad
is "2026/2/30 does not exist" "$rc:$errout" \
    "2:crm-add: expected_close '2026/2/30': day 30 is past the end of February 2026"
run crm-add --at 2026-11-20T09:00+15:00 bad
is "an offset past +14:00" "$rc:$errout" \
    "2:crm-add: created '2026-11-20T09:00+15:00': offset +15:00 is outside -12:00 to +14:00"
run crm-add --at 2026-11-20T09:00+08:60 bad
is "an offset with minute 60" "$rc:$errout" \
    "2:crm-add: created '2026-11-20T09:00+08:60': offset +08:60 does not exist"
run crm-add -n 2026/12-01 bad
is "mixed separators" "$rc:$errout" \
    "2:crm-add: next_action '2026/12-01': not a date; use YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM], now, today, yesterday, tomorrow, or +/-N with d, w, m or y"
run crm-add --at 2026-11-20T01:00:00.Z bad
is "a point with no fraction" "$rc" 2
run crm-add --at 2026-11-25T09:00+08:00 bad
is "created at +08:00 still in the future is refused" "$rc:$errout" \
    "2:crm-add: created '2026-11-25T09:00+08:00' is in the future"
is "nothing added by refused options" "$(sql 'SELECT count(*) FROM deal')" "$n"

# The config's currency decides what a symbol may be.
run crm-add -C usd.yaml -v '$100' usd
is "\$ for a USD config: exit 0" "$rc:$out" "0:19"
run crm-add -C usd.yaml -v 'US$1,000.50' usd2
is "US\$ for a USD config" "$rc:$out" "0:20"
run crm-add -C usd.yaml -v '¥100' bad
is "¥ for a USD config: both named" "$rc:$errout" \
    "2:crm-add: amount '¥100': '¥' is CNY or JPY but the deal's currency is USD"
run crm-add -C jpy.yaml -v '¥5,000' yen
is "¥ is also yen" "$rc:$out" "0:21"
is "USD and JPY deals" "$(cols | sed -n '19,21p')" \
    "19,100.00,USD,2026-11-24T09:00:00Z,,
20,1000.50,USD,2026-11-24T09:00:00Z,,
21,5000.00,JPY,2026-11-24T09:00:00Z,,"

# --- crm-set: the deal's own currency -----------------------------------

run crm-set -v 120万 1
is "crm-set -v 120万" "$rc:$out" "0:1${tab}amount"
run crm-set -v '¥12万' 2
is "crm-set ¥12万 on a CNY deal" "$rc:$out" "0:2${tab}amount"
run crm-set -v '$5' 19
is "crm-set \$5 on a USD deal, whatever the config says" "$rc:$out" \
    "0:19${tab}amount"
run crm-set -v '$7' 3 20
is "crm-set \$ on a CNY and a USD deal: exit 1" "$rc" 1
is "crm-set \$: the USD deal changed" "$out" "20${tab}amount"
is "crm-set \$: the CNY deal named with both currencies" "$errout" \
    "crm-set: deal 3: amount '\$7': '\$' is USD but the deal's currency is CNY"
run crm-set -v '¥1' 21
is "crm-set ¥ on a JPY deal" "$rc" 0
is "crm-set: amounts" "$(cols | sed -n '1,3p;19,21p' | cut -d, -f1-3)" \
    "1,1200000.00,CNY
2,120000.00,CNY
3,120000000.00,CNY
19,5.00,USD
20,7.00,USD
21,1.00,JPY"
run crm-set -v 3万5 1
is "crm-set 3万5: exit 2" "$rc:$errout" \
    "2:crm-set: amount '3万5': nothing may follow '万' (here '5'); write it like 3.5万"
run crm-set -v '$1.234' 19
is "crm-set: a bad amount with a symbol is a usage error, before any deal" \
    "$rc:$errout" \
    "2:crm-set: amount '\$1.234': at most two digits after the decimal point"
run crm-set -e 2026/12/24 -n 2026-12-1 1
is "crm-set -e 2026/12/24 -n 2026-12-1" "$rc" 0
run crm-set -e 2027-01-31T23:30-08:00 -n now 2
is "crm-set: a date written out is kept as written; now is today" "$rc" 0
is "crm-set: dates" "$(cols | sed -n '1,2p' | cut -d, -f1,5,6)" \
    "1,2026-12-24,2026-12-01
2,2027-01-31,2026-11-24"
run crm-set -e 2026/2/29 1
is "crm-set 2026/2/29: exit 2" "$rc:$errout" \
    "2:crm-set: expected_close '2026/2/29': day 29 is past the end of February 2026"
is "crm-set: nothing changed by refused values" "$(cols | sed -n '1p')" \
    "1,1200000.00,CNY,2026-11-24T09:00:00Z,2026-12-24,2026-12-01"

# --- import: TSV and CSV --------------------------------------------------

printf 'title\tamount\tcurrency\tcreated\texpected_close\tnext_action\n' >cn.tsv
cat >>cn.tsv <<EOF
T1${tab}3.5万${tab}${tab}2026-11-20T09:00+08:00${tab}2026/12/1${tab}2027/1/5
T2${tab}¥1,200,000${tab}${tab}2026-11-20T01:00:00.000Z${tab}2026-12-1${tab}now
T3${tab}\$100${tab}USD${tab}2026-11-20T09:00:00-0530${tab}2026-12-01T23:00-05:00${tab}
T4${tab}￥5万${tab}JPY${tab}２０２６／１１／２０${tab}${tab}
T5${tab}1.2亿${tab}${tab}now${tab}${tab}
EOF
run sh -c 'crm-add <cn.tsv'
is "TSV import: exit 0" "$rc:$(printf '%s\n' "$out" | tr '\n' ' ')" \
    "0:22 23 24 25 26 "
is "TSV import: amounts, currencies and dates" "$(cols | sed -n '22,26p')" \
    "22,35000.00,CNY,2026-11-20T01:00:00Z,2026-12-01,2027-01-05
23,1200000.00,CNY,2026-11-20T01:00:00Z,2026-12-01,2026-11-24
24,100.00,USD,2026-11-20T14:30:00Z,2026-12-01,
25,50000.00,JPY,2026-11-20T00:00:00Z,,
26,120000000.00,CNY,2026-11-24T09:00:00Z,,"

# A CSV as a spreadsheet writes it: ¥1,200,000 quoted for its commas.
printf 'title,amount,currency,created,expected_close\r\n' >cn.csv
printf 'C1,"¥1,200,000",,2026-11-20T09:00+08:00,2026/12/1\r\n' >>cn.csv
printf 'C2,3.5万,,2026-11-20T01:00:00.5Z,2026-1-5\r\n' >>cn.csv
printf 'C3,"$1,000",USD,2026/11/20,now\r\n' >>cn.csv
printf 'C4,１２０万,,2026-11-20 09:00:00+08,\r\n' >>cn.csv
run sh -c 'crm-add --csv <cn.csv'
is "CSV import: exit 0" "$rc:$(printf '%s\n' "$out" | tr '\n' ' ')" \
    "0:27 28 29 30 "
is "CSV import: amounts, currencies and dates" "$(cols | sed -n '27,30p')" \
    "27,1200000.00,CNY,2026-11-20T01:00:00Z,2026-12-01,
28,35000.00,CNY,2026-11-20T01:00:00Z,2026-01-05,
29,1000.00,USD,2026-11-20T00:00:00Z,2026-11-24,
30,1200000.00,CNY,2026-11-20T01:00:00Z,,"

# The options' amount for lines without one, in each line's currency.
printf 'title\tcurrency\nD1\t\nD2\tJPY\n' >def.tsv
run sh -c 'crm-add -v ¥3.5万 <def.tsv'
is "¥3.5万 from -v for a CNY and a JPY line" "$rc:$(cols | sed -n '31,32p' | cut -d, -f1-3 | tr '\n' ' ')" \
    "0:31,35000.00,CNY 32,35000.00,JPY "
printf 'title\tcurrency\nE1\t\nE2\tUSD\n' >def2.tsv
run sh -c 'crm-add -v ¥1 <def2.tsv'
is "¥ from -v for a USD line: exit 1" "$rc" 1
is "¥ from -v for a USD line: the line named" "$errout" \
    "crm-add: line 3: amount '¥1': '¥' is CNY or JPY but the deal's currency is USD
crm-add: import: 1 bad line; nothing imported"

# Every bad line, each error quoting whole characters.
n=$(sql 'SELECT count(*) FROM deal')
printf 'title\tamount\tcurrency\texpected_close\tcreated\n' >bad.tsv
cat >>bad.tsv <<EOF
ok${tab}3.5万${tab}${tab}${tab}
B1${tab}\$100${tab}${tab}${tab}
B2${tab}¥5${tab}USD${tab}${tab}
B3${tab}3.5元${tab}${tab}${tab}
B4${tab}1.23456789012亿${tab}${tab}${tab}
B5${tab}1${tab}${tab}2026/2/30${tab}
B6${tab}1${tab}${tab}${tab}2026-11-20T09:00-13:00
B7${tab}1${tab}${tab}${tab}1970-01-01T07:00+08:00
EOF
run sh -c 'crm-add <bad.tsv'
is "bad TSV import: exit 1" "$rc" 1
is "bad TSV import: every bad line and why" "$errout" \
    "crm-add: line 3: amount '\$100': '\$' is USD but the deal's currency is CNY
crm-add: line 4: amount '¥5': '¥' is CNY or JPY but the deal's currency is USD
crm-add: line 5: amount '3.5元': '元' does not belong in an amount; write it like 12000, 12,000.50 or 3.5万
crm-add: line 6: amount '1.23456789012亿': at most 10 digits after the decimal point before '亿' (a cent is 0.0000000001亿)
crm-add: line 7: expected_close '2026/2/30': day 30 is past the end of February 2026
crm-add: line 8: created '2026-11-20T09:00-13:00': offset -13:00 is outside -12:00 to +14:00
crm-add: line 9: created '1970-01-01T07:00+08:00': 1970-01-01T07:00+08:00 is outside 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z
crm-add: import: 7 bad lines; nothing imported"
printf 'title,amount,currency\r\nok,1,\r\nB1,"$1,000",\r\nB2,3万5,\r\n' >bad.csv
run sh -c 'crm-add --csv <bad.csv'
is "bad CSV import: every bad line and why" "$rc:$errout" \
    "1:crm-add: line 3: amount '\$1,000': '\$' is USD but the deal's currency is CNY
crm-add: line 4: amount '3万5': nothing may follow '万' (here '5'); write it like 3.5万
crm-add: import: 2 bad lines; nothing imported"
is "nothing added by bad imports" "$(sql 'SELECT count(*) FROM deal')" "$n"

# --- the other entry points: crm-log, crm-advance, CRM_NOW ----------------

# A day later, so that these times are after the deals were made.
later=2026-11-25T09:00:00Z
run env CRM_NOW=$later crm-log -k call -m hello --at 2026-11-24T18:00+08:00 \
    -n 2026/12/3 1
is "crm-log --at with an offset, -n with slashes" "$rc" 0
is "crm-log: the activity's time" \
    "$(crm-log -L -f csv | sed 1d | cut -d, -f1,4)" "1,2026-11-24T10:00:00Z"
is "crm-log: the deal's next action" "$(cols | sed -n '1p' | cut -d, -f6)" \
    "2026-12-03"
run env CRM_NOW=$later crm-log -k call -m x \
    --at 2026-11-24T18:00:00.000+0800 1
is "crm-log --at with a fraction and an offset" "$rc" 0
run crm-log -k call -m x --at 2026/11/24T08:00+15:00 1
is "crm-log --at: a bad offset named" "$rc:$errout" \
    "2:crm-log: --at '2026/11/24T08:00+15:00': offset +15:00 is outside -12:00 to +14:00"
run env CRM_NOW=$later crm-advance --at 2026-11-24T17:30+08:00 2
is "crm-advance --at with an offset" "$rc" 0
is "crm-advance: the stage entered then" \
    "$(crm-ls -f csv | awk -F, '$1 == 2 { print $9, $14 }')" \
    "needs 2026-11-24T09:30:00Z"

run env CRM_NOW=2026-11-24T17:00+08:00 crm-add now1
is "CRM_NOW with an offset" "$rc" 0
run env CRM_NOW=2026/11/24 crm-add now2
is "CRM_NOW with slashes" "$rc" 0
run env CRM_NOW=now crm-add now3
is "CRM_NOW=now is the clock" "$rc" 0
is "CRM_NOW's creation times" \
    "$(crm-ls -f csv | grep ',now[12],' | cut -d, -f13 | tr '\n' ' ')" \
    "2026-11-24T09:00:00Z 2026-11-24T00:00:00Z "
run env CRM_NOW=2026-11-24T09:00+08:60 crm-ls
is "CRM_NOW with a bad offset: exit 2" "$rc:$errout" \
    "2:crm-ls: CRM_NOW '2026-11-24T09:00+08:60': offset +08:60 does not exist"

done_testing
