#!/bin/sh
# An activity's stage, one rule everywhere (the gate, crm-log -L,
# crm-show): the stage the deal was in at its time by the stage history,
# events in the same second in the order entered.  Gates on the stages a
# -s move skips.  A backfilled activity leaves the deal's next action.
. "$(dirname "$0")/lib.sh"

tab=$(printf '\t')
# deal, activity id, kind, stage: from crm-log -L
stages()
{
	crm-log -L | awk -F "$tab" -v d="$1" '$1 == d { print $2, $3, $10 }'
}
# the same from crm-show -f json's activities
show_stages()
{
	crm-show -f json "$1" | tr '{' '\n' |
	    sed -n 's/.*"id":\([0-9]*\),"kind":"\([a-z]*\)".*"stage":"\([a-z]*\)".*/\1 \2 \3/p'
}

# --- Same second: every date-only --at is midnight, so the visit and
# the calls logged in needs share a second with the move out of it.
# Deal 1: lead, needs on 11-02; visit, call, call on 11-03; to proposal
# on 11-03; a meeting on 11-03 logged after the move; to approved.
crm-add -o li --at 2026-11-01 'Same second' >/dev/null
crm-advance --at 2026-11-02 1 >/dev/null
crm-log -k visit --at 2026-11-03 1 >/dev/null		# activity 1
crm-log -k call --at 2026-11-03 1 >/dev/null		# 2
crm-log -k call --at 2026-11-03 1 >/dev/null		# 3
run crm-advance --at 2026-11-03 1
is "same second: needs' work logged before the move lets it go" \
    "$rc|$out" "0|1${tab}needs${tab}proposal"
crm-log -k meeting --at 2026-11-03 1 >/dev/null	# 4, after the move
run crm-advance --at 2026-11-03 1
is "...the meeting entered after the move is proposal's: it may leave" \
    "$rc|$out" "0|1${tab}proposal${tab}approved"
run crm-advance --at 2026-11-03 1
is "...the visit of the same second stays needs': approved's gate holds" \
    "$rc|$errout" \
    "1|crm-advance: deal 1: stage approved requires 1 visit (0 logged); log them or use -F"
want="1 visit needs
2 call needs
3 call needs
4 meeting proposal"
is "...crm-log -L: the stage of each activity" "$(stages 1)" "$want"
is "...crm-show -f json: the same" "$(show_stages 1)" "$want"
is "...crm-show: the second's events in the order entered" \
    "$(crm-show -f tsv 1 | awk -F "$tab" '$2 ~ /2026-11-03/ { print $3, $5 $6 $7 }')" \
    "activity visit
activity call
activity call
stage needsproposal
activity meeting
stage proposalapproved"

# --- Backdated move.  Deal 2 in needs; visit and calls on 11-03, a
# meeting on 11-06; then, on the 24th, crm-advance --at 11-05: the
# meeting came after the move, so it is proposal work everywhere.
crm-add -o li --at 2026-11-01 'Backdated' >/dev/null
crm-advance --at 2026-11-02 2 >/dev/null
crm-log -k visit --at 2026-11-03 2 >/dev/null		# 5
crm-log -k call --at 2026-11-03 2 >/dev/null		# 6
crm-log -k call --at 2026-11-03T15:00 2 >/dev/null	# 7
crm-log -k meeting --at 2026-11-06 2 >/dev/null		# 8
is "before the move: all four in needs" "$(stages 2 | cut -d' ' -f3 | tr '\n' ' ')" \
    "needs needs needs needs "
run crm-advance --at 2026-11-05 2
is "backdated move: the gate counts needs' work up to 11-05" \
    "$rc|$out" "0|2${tab}needs${tab}proposal"
want="5 visit needs
6 call needs
7 call needs
8 meeting proposal"
is "...crm-log -L: the meeting is proposal's" "$(stages 2)" "$want"
is "...crm-show -f json: the same" "$(show_stages 2)" "$want"
is "...the history is not rewritten: the stored stage stays" \
    "$(sql 'SELECT stage FROM activity WHERE id = 8')" needs
crm-log -k call --at 2026-11-04 2 >/dev/null		# 9, backfilled
is "...a call backfilled to 11-04 is needs'" "$(stages 2 | grep '^9 ')" "9 call needs"
run crm-advance 2
is "...the gate: the meeting counts for proposal" \
    "$rc|$out" "0|2${tab}proposal${tab}approved"

# A move put before the stage change it follows would reorder history.
run crm-advance --at 2026-11-19 2
is "a move before the last stage change: refused, saying why" "$rc|$out|$errout" \
    "1||crm-advance: deal 2: --at is before the deal entered approved on 2026-11-24T09:00:00Z; a move cannot go before the stage change it follows"
is "...nothing changed" \
    "$(sql 'SELECT stage, (SELECT count(*) FROM stage_change WHERE deal_id = 2) FROM deal WHERE id = 2')" \
    "approved|4"

# An activity from before schema version 6 has no after_change: it
# counts after every stage change of its second, as it was counted then.
crm-add -o li --at 2026-11-01 'Old activity' >/dev/null	# deal 3
crm-advance --at 2026-11-02 3 >/dev/null
sql "INSERT INTO activity (deal_id, kind, at, by, stage) VALUES (3, 'call', $(date -d 2026-11-02 +%s), 'li', 'needs')"
is "an activity with no after_change: after the changes of its second" \
    "$(stages 3)" "10 call needs"

# --- Gates on skipped stages (-s past needs, whose work is a visit and
# two calls).
crm-add -o li --at 2026-11-01 'Skipper' >/dev/null		# deal 4
crm-log -k visit --at 2026-11-02 4 >/dev/null		# in lead: not needs'
run crm-advance -s proposal --at 2026-11-03 4
is "skipping a stage whose work was never logged: refused, naming it" \
    "$rc|$out|$errout" \
    "1||crm-advance: deal 4: stage needs, which this move skips, requires 1 visit (0 logged), 2 call (0 logged); move through it or use -F"
is "...nothing changed" \
    "$(sql 'SELECT stage, (SELECT count(*) FROM stage_change WHERE deal_id = 4) FROM deal WHERE id = 4')" \
    "lead|1"
run crm-advance -s approved --at 2026-11-03 4
is "skipping two: the first short is named" "$rc|$errout" \
    "1|crm-advance: deal 4: stage needs, which this move skips, requires 1 visit (0 logged), 2 call (0 logged); move through it or use -F"
run crm-advance -s needs --at 2026-11-03 4
is "to the next stage: nothing skipped" "$rc|$out" "0|4${tab}lead${tab}needs"
crm-log -k visit --at 2026-11-04 4 >/dev/null
crm-log -k call --at 2026-11-04 4 >/dev/null
crm-advance -s lead --at 2026-11-05 4 >/dev/null
run crm-advance -s approved --at 2026-11-06 4
is "skipping needs, half done while the deal was in it: the count" \
    "$rc|$errout" \
    "1|crm-advance: deal 4: stage needs, which this move skips, requires 2 call (1 logged); move through it or use -F"
crm-advance -s needs --at 2026-11-06 4 >/dev/null
crm-log -k call --at 2026-11-07 4 >/dev/null
crm-advance -s lead -F --at 2026-11-08 4 >/dev/null
run crm-advance -s approved --at 2026-11-09 4
is "...done over two stays in needs, skipping it again: the next short" \
    "$rc|$errout" \
    "1|crm-advance: deal 4: stage proposal, which this move skips, requires 1 meeting (0 logged); move through it or use -F"
run crm-advance -s proposal --at 2026-11-09 4
is "...and skipping needs alone passes" "$rc|$out" "0|4${tab}lead${tab}proposal"
crm-add -o li --at 2026-11-01 'Forced skip' >/dev/null	# deal 5
run crm-advance -s approved -F -m 'signed the framework' --at 2026-11-02 5
is "-F skips the gates" "$rc|$out" "0|5${tab}lead${tab}approved"
is "...recorded as forced" \
    "$(sql 'SELECT from_stage, to_stage, forced FROM stage_change WHERE deal_id = 5 ORDER BY id DESC LIMIT 1')" \
    "lead|approved|1"
crm-add -o li --at 2026-11-01 'Won early' >/dev/null	# deal 6
run crm-advance -w --at 2026-11-02 6
is "a win skips no gate (lead has none)" "$rc|$out" "0|6${tab}lead${tab}won"
run crm-advance -s selected 99
is "no such deal: exit 1" "$rc|$errout" "1|crm-advance: deal 99: no such deal"

# --- A backfilled activity does not overwrite newer facts.
crm-add -o li --at 2026-11-01 'Backfill' >/dev/null		# deal 7
crm-log -k call --at 2026-11-20 -n 2026-12-01 7 >/dev/null
is "the latest activity sets next action and last activity" \
    "$(sql 'SELECT next_action, last_activity FROM deal WHERE id = 7')" \
    "2026-12-01|$(date -d 2026-11-20 +%s)"
run crm-log -k email --at 2026-11-10 -n 2026-11-15 7
is "a backfilled one is logged" "$rc" 0
is "...the deal keeps the newer next action and last activity" \
    "$(sql 'SELECT next_action, last_activity FROM deal WHERE id = 7')" \
    "2026-12-01|$(date -d 2026-11-20 +%s)"
is "...its next action is on the activity alone" \
    "$(sql "SELECT next_action FROM activity WHERE deal_id = 7 AND kind = 'email'")" \
    2026-11-15
crm-log -k visit --at 2026-11-20 -n 2026-12-05 7 >/dev/null
is "in the latest second, the one entered last is the latest" \
    "$(sql 'SELECT next_action FROM deal WHERE id = 7')" 2026-12-05
crm-log -k note 7 >/dev/null
is "the latest without -n leaves the next action" \
    "$(sql 'SELECT next_action, last_activity FROM deal WHERE id = 7')" \
    "2026-12-05|$(date -d 2026-11-24T09:00:00Z +%s)"
run crm-log -k call --at 2026-11-10 -n 2026-13-01 7
is "a bad -n: exit 2, the value named" "$rc|$out" "2|"
like "...in the message" "$errout" "^crm-log: next action '2026-13-01': "
is "...nothing logged" "$(sql 'SELECT count(*) FROM activity WHERE deal_id = 7')" 4

ok "the database checks clean" [ "$(db_check)" = ok ]

# --- A skipped stage renamed (renamed_from): its work logged under the
# old name counts.  Stage b requires a visit; deal by the old config
# visited in b, went back to a; the new config calls b "bee".
cat >skip-old.yaml <<'YAML'
pipelines:
  - name: sales
    stages:
      - { name: a, probability: 10 }
      - { name: b, probability: 50, requires: { visit: 1 } }
      - { name: c, probability: 80 }
    lost_reasons: [price]
activity_kinds: [visit, call]
YAML
sed 's/name: b,/name: bee, renamed_from: b,/' skip-old.yaml >skip-new.yaml
sk=$(newdb skip)
crm-add -D "$sk" -C skip-old.yaml --at 2026-11-01 'Visited in b' >/dev/null
crm-advance -D "$sk" -C skip-old.yaml --at 2026-11-02 1 >/dev/null
crm-log -D "$sk" -C skip-old.yaml -k visit --at 2026-11-03 1 >/dev/null
crm-advance -D "$sk" -C skip-old.yaml -s a --at 2026-11-04 1 >/dev/null
crm-add -D "$sk" -C skip-old.yaml --at 2026-11-01 'Never in b' >/dev/null
run crm-advance -D "$sk" -C skip-new.yaml -s c 1
is "skipping a renamed stage: its work under the old name counts" \
    "$rc|$out|$errout" "0|1${tab}a${tab}c|"
run crm-advance -D "$sk" -C skip-new.yaml -s c 2
is "...and a deal that never did it is held, by the new name" \
    "$rc|$errout" \
    "1|crm-advance: deal 2: stage bee, which this move skips, requires 1 visit (0 logged); move through it or use -F"
done_testing
