#!/bin/sh
# crm-stale: each reason, one line per deal, the limits, the exit status,
# cron's bare environment, and a pipe into crm-set.
. "$(dirname "$0")/lib.sh"

cat >cfg.yaml <<'YAML'
stale:
  idle_days: 15
  hints:
    early: not decided yet
    middle: torn, or chose a competitor
    late: disagreement inside
pipelines:
  - name: sales
    stages:
      - { name: a, label: 甲, probability: 10, max_days: 10 }
      - { name: b, label: 乙, probability: 50, max_days: 20 }
      - { name: c, label: 丙, probability: 80, hint: find the decision maker }
activity_kinds: [visit, call]
team:
  boss: [li, wang]
  zhao: []        # in team: (an owner must be), not below boss
  hand: []
YAML
export CRM_CONFIG=$tmp/cfg.yaml

# Now is 2026-11-24.
#  1 li    in a since 11-01 (23 > 10 days), visited 11-20: stage
#  2 wang  in c since 10-30, no limit, nothing logged for 25 days: idle;
#          c is the last third, and nobody met: no-decision-maker
#          (tests/0220-stale-people.t), whose hint goes before the stage's
#  3 zhao  in a since 11-20, next action 11-23, yesterday: overdue
#  4 li    in b since 10-01 (54 > 20), nothing logged: stage and idle
#  5 li    lost 09-10: closed, never stale
#  6 wang  in a since 11-20, called 11-23, next action today: fine
crm-add -o li -v 100 --at 2026-11-01 -a Acme 'Stage stalled' >/dev/null
crm-add -o wang -v 200 --at 2026-10-30 -s c Idle >/dev/null
crm-add -o zhao -v 300 --at 2026-11-20 -n 2026-11-23 Overdue >/dev/null
crm-add -o li -v 400 --at 2026-10-01 -s b 'Two reasons' >/dev/null
crm-add -o li -v 500 --at 2026-09-01 Closed >/dev/null
crm-add -o wang -v 600 --at 2026-11-20 -n 2026-11-24 Fine >/dev/null
crm-log -k visit --at 2026-11-20 1 >/dev/null
crm-advance -l lost --at 2026-09-10 5 >/dev/null 2>&1 ||
    crm-advance -l other --at 2026-09-10 5 >/dev/null
crm-log -k call --at 2026-11-23 6 >/dev/null

T='	'
run crm-stale --header
is "found: exit 0" "$rc" 0
is "one line per deal, longest stalled first" "$out" \
"id${T}title${T}account${T}owner${T}stage${T}stage_label${T}amount${T}reason${T}days_in_stage${T}max_days${T}days_idle${T}next_action${T}hint
4${T}Two reasons${T}${T}li${T}b${T}乙${T}400.00${T}stage,idle${T}54${T}20${T}54${T}${T}torn, or chose a competitor
2${T}Idle${T}${T}wang${T}c${T}丙${T}200.00${T}idle,no-decision-maker${T}25${T}${T}25${T}${T}no decision-maker met: meet one before closing
1${T}Stage stalled${T}Acme${T}li${T}a${T}甲${T}100.00${T}stage${T}23${T}10${T}4${T}${T}not decided yet
3${T}Overdue${T}${T}zhao${T}a${T}甲${T}300.00${T}overdue${T}4${T}10${T}4${T}2026-11-23${T}not decided yet"
is "nothing on stderr" "$errout" ""
run crm-stale -f json
ok "JSON is valid" sh -c '[ -n "$1" ] && printf "%s" "$1" | jq -e . >/dev/null' sh "$out"
is "JSON fields" "$(printf '%s' "$out" | jq -c '.[1]')" \
    '{"id":2,"title":"Idle","account":null,"owner":"wang","stage":"c","stage_label":"丙","amount":200,"reason":"idle,no-decision-maker","days_in_stage":25,"max_days":null,"days_idle":25,"next_action":null,"hint":"no decision-maker met: meet one before closing"}'

run crm-stale -T boss
is "-T boss: li and wang only" "$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ')" "4 2 1 "
run crm-stale -o zhao
is "-o zhao" "$(printf '%s\n' "$out" | cut -f1,8)" "3${T}overdue"
run crm-stale -s a
is "-s a" "$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ')" "1 3 "

run crm-stale -d 30
is "-d 30: one limit for every stage" "$(printf '%s\n' "$out" | cut -f1,8,10)" \
"4${T}stage,idle${T}30
2${T}idle,no-decision-maker${T}30
3${T}overdue${T}30"
run crm-stale -d 0 --reason stage
is "-d 0: every deal a day or more in its stage (3 and 6 tie at 4 days)" "$(printf '%s\n' "$out" | cut -f1,10 | tr '\t\n' ': ')" "4:0 2:0 1:0 3:0 6:0 "
run crm-stale -i 30
is "-i 30: idle only past 30 days" "$(printf '%s\n' "$out" | cut -f1,8)" \
"4${T}stage,idle
2${T}no-decision-maker
1${T}stage
3${T}overdue"
run crm-stale --reason idle
is "--reason idle keeps deals idle, with all their reasons" "$(printf '%s\n' "$out" | cut -f1,8)" \
"4${T}stage,idle
2${T}idle,no-decision-maker"
run crm-stale --reason overdue
is "--reason overdue" "$(printf '%s\n' "$out" | cut -f1)" 3
run crm-stale --sort amount
is "--sort amount" "$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ')" "1 2 3 4 "
run crm-stale --sort -days_idle
is "--sort -days_idle" "$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ')" "4 2 1 3 "
# crm-stale's own keys are sorted in C, a deal's own fields by SQLite; the
# same key, by id.  A stage with no limit (2) sorts as SQL's NULL: first
# going up, last going down.
for c in 'max_days:2 1 3 4 ' '-max_days:4 1 3 2 ' 'reason:2 3 1 4 ' \
    '-reason:4 1 3 2 ' 'days_overdue:1 2 4 3 ' 'stalled:3 1 2 4 ' \
    '-stalled:4 2 1 3 ' 'owner:1 4 2 3 ' '-owner:3 2 1 4 ' \
    'account:1 2 3 4 ' 'title:2 3 1 4 ' 'days_in_stage:3 1 2 4 '; do
	run crm-stale --sort "${c%%:*}"
	is "--sort ${c%%:*}" "$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ')" \
	    "${c#*:}"
done
run crm-stale -a Acme
is "-a Acme" "$(printf '%s\n' "$out" | cut -f1,3)" "1${T}Acme"
run crm-stale -q --sort owner
is "-q with --sort: exit 0, silent" "$rc:$out" "0:"

run crm-stale -q
is "-q: found, exit 0" "$rc" 0
is "-q: prints nothing" "$out$errout" ""
run crm-stale -o boss
is "none: exit 1" "$rc" 1
is "none: nothing at all on stdout" "$out" ""
is "none: nothing on stderr" "$errout" ""
run crm-stale -q -o boss
is "-q none: exit 1" "$rc" 1
run crm-stale --header -o boss
is "none with --header: still nothing" "$out" ""

run crm-stale --reason bored
is "unknown reason: exit 2" "$rc" 2
like "unknown reason named" "$errout" "crm-stale: unknown reason 'bored' \\(reasons: stage, idle, overdue, left, single-threaded, contact-left, no-decision-maker\\)"
run crm-stale -d x
is "-d x: exit 2" "$rc" 2
like "-d x named" "$errout" "crm-stale: -d 'x': a number of days is a whole number from 0 to 36500"
run crm-stale -i -1
like "-i -1 refused" "$errout" "crm-stale: -i '-1'"
run crm-stale --sort colour
like "unknown sort field" "$errout" "unknown sort field 'colour'"
run crm-stale -q --sort colour
is "-q with an unknown sort field: still exit 2" "$rc" 2
run crm-stale -s nosuch
is "unknown stage: exit 2" "$rc" 2
run crm-stale extra
is "arguments: exit 2" "$rc" 2
run crm-stale -C /nonexistent
is "missing named config: exit 2" "$rc" 2

# A next_action edited in by hand, not a date crm wrote, is still read as
# SQLite's julianday() reads it: 2026-02-30 is March 2, 267 days before
# today; 11-20 at 10:00 is 3.58 days before, 3 whole days.
crm-add -o hand -v 1 --at 2026-11-23 'Hand edited' >/dev/null
crm-add -o hand -v 1 --at 2026-11-23 'With a time' >/dev/null
sql "UPDATE deal SET next_action = '2026-02-30' WHERE title = 'Hand edited';
    UPDATE deal SET next_action = '2026-11-20T10:00' WHERE title = 'With a time'"
run crm-stale -o hand --sort -days_overdue -f json
is "hand-edited next_action: overdue by julianday()" \
    "$(printf '%s' "$out" | jq -r '[.[] | "\(.title):\(.reason)"] | join(" ")')" \
    "Hand edited:overdue With a time:overdue"
run crm-stale -o hand --sort days_overdue
is "hand-edited next_action: 3 days, then 267" "$(printf '%s\n' "$out" | cut -f2 | tr '\n' ' ')" \
    "With a time Hand edited "
# Hand-made deals out of the way of the cron tests below.
sql "UPDATE deal SET next_action = NULL WHERE owner = 'hand'"

# Without its index (dropped by hand), crm-stale still works.
db_file noindex.db
sqlite3 noindex.db 'DROP INDEX deal_open'
run crm-stale -D noindex.db
is "no deal_open index: the same deals" "$rc:$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ')" \
    "0:4 2 1 3 "

# cron: no HOME, no USER, no terminal, a minimal PATH.
stale=$(command -v crm-stale)
env -i PATH=/usr/bin:/bin $dbenv TZ=UTC CRM_NOW=$CRM_NOW "$stale" \
    -D "$CRM_DB" -C "$CRM_CONFIG" >cron.out 2>cron.err
is "env -i: exit 0" "$?" 0
is "env -i: the same deals" "$(cut -f1 cron.out | tr '\n' ' ')" "4 2 1 3 "
is "env -i: nothing on stderr" "$(cat cron.err)" ""
ok "env -i: no colour codes" sh -c '! grep -q "$(printf "\033")" cron.out'
env -i PATH=/usr/bin:/bin $dbenv CRM_DB="$CRM_DB" CRM_CONFIG="$CRM_CONFIG" \
    "$stale" -q
is "env -i with CRM_DB and real time: found" "$?" 0

# Its output pipes into actions.
crm-stale --reason overdue | crm-set -n +7d >/dev/null
is "crm-stale | crm-set -n +7d" "$(crm-ls -f tsv | awk -F'\t' '$1 == 3 { print $17 }')" 2026-12-01
run crm-stale --reason overdue
is "no longer overdue: exit 1" "$rc" 1
crm-stale --reason idle -d 60 | crm-advance -l other >/dev/null
is "stale | crm-advance --lost" "$(crm-ls --lost -f tsv | cut -f1 | tr '\n' ' ')" "2 4 5 "

done_testing
