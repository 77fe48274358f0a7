#!/bin/sh
# crm-log: recording activities, and -L for the weekly review.
. "$(dirname "$0")/lib.sh"

crm-add -o li --at 2026-11-01 -a 华东制造 'ERP rollout' >/dev/null
crm-add -o wang --at 2026-11-01 'Scanners' >/dev/null
crm-add -o zhao --at 2026-11-01 'Telematics' >/dev/null
crm-add -o chen --at 2026-11-01 'Outside the team' >/dev/null

run crm-log -k visit -m 'met the CIO' --purpose 'confirm budget' --outcome 'budget approved' --at 2026-11-10T10:00 -n 2026-11-30 1
is "log prints deal, activity id, kind, time" "$out" "$(printf '1\t1\tvisit\t2026-11-10T10:00:00Z')"
is "log: exit 0" "$rc" 0
is "activity stored with who, stage, texts" \
    "$(sql 'SELECT deal_id, kind, at, by, stage, purpose, note, outcome, next_action FROM activity')" \
    "1|visit|$(date -d 2026-11-10T10:00Z +%s)|li|lead|confirm budget|met the CIO|budget approved|2026-11-30"
is "the deal's next action and last activity follow" \
    "$(sql 'SELECT next_action, last_activity FROM deal WHERE id = 1')" "2026-11-30|$(date -d 2026-11-10T10:00Z +%s)"

CRM_USER=wang crm-log -k call -m 'intro call' --at 2026-11-20 2 >/dev/null
CRM_USER=zhao crm-log -k email -m 'sent brochure' --at 2026-11-21 3 >/dev/null
CRM_USER=chen crm-log -k call -m 'not in jiang team' --at 2026-11-22 4 >/dev/null
printf 'line one\nline two\n' >note.txt
run sh -c 'crm-log -k note -m - 1 <note.txt'
is "-m - reads the text from stdin" "$(sql 'SELECT note FROM activity WHERE id = 5')" "line one
line two"
run sh -c 'echo 1 | crm-log -k note -m -'
is "-m - needs deals as arguments" "$rc" 2

run crm-log -k fax 1
is "unknown kind: exit 2" "$rc" 2
is "unknown kind lists the kinds" "$errout" \
    "crm-log: unknown activity kind 'fax' (kinds: visit, call, email, meeting, quote, note)"
run crm-log -m 'no kind' 1
is "no kind: exit 2" "$rc" 2
run crm-log -k call 1 42
is "unknown deal: exit 1, the good one logged" "$rc:$out" "1:$(printf '1\t6\tcall\t2026-11-24T09:00:00Z')"
is "unknown deal named" "$errout" "crm-log: deal 42: no such deal"
run crm-log -k call --at 2026-10-01 1
is "before the deal existed" "$errout" "crm-log: deal 1: --at is before the deal was created (2026-11-01T00:00:00Z)"
run crm-log -k call --at +2d 1
is "in the future" "$errout" "crm-log: --at '+2d' is in the future"
run crm-log -k call -n someday 1
like "bad next action date" "$errout" "crm-log: next action 'someday': "

# An activity logged with --at in an earlier stage counts for that stage.
crm-advance --at 2026-11-15 -F 1 >/dev/null
crm-log -k call --at 2026-11-12 1 >/dev/null
is "a backdated activity gets the stage of its time" \
    "$(sql 'SELECT stage FROM activity ORDER BY id DESC LIMIT 1')" lead

# -L: the weekly review.
run crm-log -L -T jiang --since 2026-11-17
is "-L -T jiang: what jiang's people did since the 17th" "$(printf '%s\n' "$out" | cut -f1-5,7)" \
    "$(printf '2\t2\tcall\t2026-11-20T00:00:00Z\twang\tintro call\n3\t3\temail\t2026-11-21T00:00:00Z\tzhao\tsent brochure\n1\t5\tnote\t2026-11-24T09:00:00Z\tli\tline one\\nline two\n1\t6\tcall\t2026-11-24T09:00:00Z\tli\t')"
run crm-log -L -o wang
is "-L -o: who logged it" "$(printf '%s\n' "$out" | cut -f2)" 2
run crm-log -L --since 2026-11-20 --until 2026-11-22
is "--since inclusive, --until exclusive" "$(printf '%s\n' "$out" | cut -f2)" "2
3"
run crm-log -L -a 华东制造 --until 2026-11-11
is "-L -a: the deal's account" "$(printf '%s\n' "$out" | cut -f1,2,3,11)" "$(printf '1\t1\tvisit\tERP rollout')"
run crm-log -L --header --until 2026-11-11
is "-L columns" "$(printf '%s\n' "$out" | head -n 1)" \
    "$(printf 'deal\tid\tkind\tat\tby\tpurpose\tnote\toutcome\tnext_action\tstage\ttitle\tmet')"
run crm-log -L -o li 1
is "-L takes no deals" "$rc" 2
crm-log -L --since 2026-11-20 | crm-set -n 2026-12-24 >/dev/null
is "crm-log -L pipes into crm-set: the deals, not the activities" \
    "$(sql "SELECT group_concat(id) FROM deal WHERE next_action = '2026-12-24'")" "1,2,3,4"
run crm-log -k call -o li 1
is "filters without -L: usage" "$rc" 2

like "activities are never changed" "$(sql "UPDATE activity SET note = 'x'" 2>&1)" \
    "activities are append-only"
n=$(sql 'SELECT count(*) FROM activity')
like "activities are never deleted" "$(sql "DELETE FROM activity" 2>&1)" \
    "activities are append-only"
is "all activities still there" "$(sql 'SELECT count(*) FROM activity')" "$n"

done_testing
