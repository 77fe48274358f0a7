#!/bin/sh
# crm-advance: next stage, the gate, -F, back, won, lost, reopen, stdin.
. "$(dirname "$0")/lib.sh"

crm-add -o li --at 2026-11-01 'ERP rollout' >/dev/null
crm-add -o li --at 2026-11-01 'Scanners' >/dev/null
crm-add -o wang --at 2026-11-01 -s negotiation 'Telematics' >/dev/null

run crm-advance --at 2026-11-02 1
is "lead -> needs" "$out" "$(printf '1\tlead\tneeds')"
is "exit 0" "$rc" 0

run crm-advance --at 2026-11-03 1
is "the gate refuses to leave needs" "$errout" \
    "crm-advance: deal 1: stage needs requires 1 visit (0 logged), 2 call (0 logged); log them or use -F"
is "refused: exit 1" "$rc" 1
is "refused: nothing printed" "$out" ""
is "refused: deal still in needs" "$(sql 'SELECT stage FROM deal WHERE id = 1')" needs
is "refused: no stage change recorded" \
    "$(sql 'SELECT count(*) FROM stage_change WHERE deal_id = 1')" 2

crm-log -k call --at 2026-11-01T12:00 1 >/dev/null	# logged in lead: does not count
crm-log -k call --at 2026-11-03 1 >/dev/null
crm-log -k visit --at 2026-11-03 1 >/dev/null
run crm-advance --at 2026-11-04 1
is "one call short" "$errout" \
    "crm-advance: deal 1: stage needs requires 2 call (1 logged); log them or use -F"
crm-log -k call --at 2026-11-04 1 >/dev/null
run crm-advance --at 2026-11-05 -m 'scope agreed' 1
is "the gate lets it go once the work is logged" "$out" "$(printf '1\tneeds\tproposal')"
is "exit 0" "$rc" 0

run crm-advance -F -m 'customer in a hurry' --at 2026-11-06 1
is "-F overrides the gate (proposal requires a meeting)" "$out" \
    "$(printf '1\tproposal\tapproved')"
is "the override is recorded as forced" \
    "$(sql "SELECT from_stage, to_stage, forced, note, by FROM stage_change WHERE deal_id = 1 ORDER BY id DESC LIMIT 1")" \
    "proposal|approved|1|customer in a hurry|li"

run crm-advance -s lead --at 2026-11-07 1
is "moving back is allowed" "$out" "$(printf '1\tapproved\tlead')"
run crm-advance -s bogus 1
is "unknown stage names the valid ones" "$errout" \
    "crm-advance: unknown stage 'bogus' (stages: lead, needs, proposal, approved, shortlist, selected, negotiation, demo, quote, won, lost)"
is "a stage no pipeline has: exit 2" "$rc" 2
run crm-advance -s demo 1
is "a stage of another pipeline: the deal's are named" "$errout" \
    "crm-advance: deal 1: unknown stage 'demo' (stages of project: lead, needs, proposal, approved, shortlist, selected, negotiation, won, lost)"
is "a stage of another pipeline: exit 1" "$rc" 1
run crm-advance -s lead 1
is "already there" "$errout" "crm-advance: deal 1: deal is already in stage lead"

run crm-advance 3
is "last stage: says how to close" "$errout" \
    "crm-advance: deal 3: negotiation is the last stage; close it with -w or -l REASON"
run crm-advance -w 3
is "won" "$out" "$(printf '3\tnegotiation\twon')"
is "won: status and closed time" "$(sql 'SELECT status, stage, closed FROM deal WHERE id = 3')" \
    "won|won|$(date -d 2026-11-24T09:00:00Z +%s)"
run crm-advance 3
is "a closed deal does not advance" "$errout" \
    "crm-advance: deal 3: deal is won; reopen it with -s STAGE"
run crm-advance -s negotiation -m 'contract fell through' 3
is "reopen a won deal" "$out" "$(printf '3\twon\tnegotiation')"
is "reopened: open again, closed cleared" \
    "$(sql "SELECT status, closed IS NULL FROM deal WHERE id = 3")" "open|1"

run crm-advance -l cheaper 2
is "lost reason must be known" "$errout" \
    "crm-advance: unknown lost reason 'cheaper' (reasons: price, competitor, no-budget, no-decision, other)"
run crm-advance -l price 2
is "lost with a reason" "$out" "$(printf '2\tlead\tlost')"
is "lost reason stored" "$(sql 'SELECT lost_reason FROM deal WHERE id = 2')" price
run crm-advance -s lost 2
is "-s lost asks for -l" "$errout" "crm-advance: deal 2: to close as lost, use -l REASON"

run crm-advance -w -l price 1
is "two targets: usage error" "$rc" 2
run crm-advance --at 2026-10-01 1
like "--at before the stage was entered" "$errout" \
    "deal 1: --at is before the deal entered lead on 2026-11-07T00:00:00Z; a move cannot go before the stage change it follows\$"
run crm-advance --at tomorrow 1
is "--at in the future" "$errout" "crm-advance: --at 'tomorrow' is in the future"
is "--at in the future: exit 2" "$rc" 2

# Some deals fail, the others are acted on: exit 1.
run crm-advance 1 99 x3
is "good deal acted on" "$out" "$(printf '1\tlead\tneeds')"
is "unknown deal and bad id reported" "$errout" "crm-advance: deal 99: no such deal
crm-advance: 'x3': not a deal id (a whole number from 1)"
is "partial failure: exit 1" "$rc" 1

# Ids from stdin: first field of each line, '#' and blank lines skipped.
printf '# from a report\n\n3\tTelematics\twang\n' >ids
run sh -c 'crm-advance -w <ids'
is "ids from stdin" "$out" "$(printf '3\tnegotiation\twon')"
run sh -c 'printf "abc\n" | crm-advance'
is "bad id on stdin names the line" "$errout" "crm-advance: stdin:1: 'abc': not a deal id (a whole number from 1)"

is "history is never rewritten" "$(sql 'SELECT count(*) FROM stage_change')" 12
run sql "DELETE FROM stage_change"
like "the database refuses to delete history" "$errout" "append-only"

# History entered out of order: the work was logged before the stage
# change that precedes it was entered.  The gate goes by time.
id=$(crm-add --at 2026-11-01 'Entered late')
crm-log -k call --at 2026-11-03 "$id" >/dev/null
crm-log -k visit --at 2026-11-03T10:00 "$id" >/dev/null
crm-log -k call --at 2026-11-04 "$id" >/dev/null
crm-advance --at 2026-11-02 "$id" >/dev/null
run crm-advance --at 2026-11-05 "$id"
is "work logged after the stage began counts, whatever order it was entered in" "$out" "$(printf '%s\tneeds\tproposal' "$id")"

# A deal named twice (a list of activities names it once each) moves once.
twice=$(newdb twice)
id=$(crm-add -D "$twice" 'Twice')
run sh -c "printf '$id\tx\n$id\ty\n' | crm-advance -D '$twice'"
is "a deal named twice on stdin moves once" "$out" "$id	lead	needs"
run crm-advance -D "$twice" -F "$id" "$id"
is "a deal named twice as arguments moves once" "$out" "$id	needs	proposal"

# The lost reason stays in the history when the deal is reopened.
reasons=$(newdb reasons)
id=$(crm-add -D "$reasons" 'Reopened')
crm-advance -D "$reasons" -l price -m 'too dear' "$id" >/dev/null
crm-advance -D "$reasons" -s lead "$id" >/dev/null
is "reopened: the deal has no lost reason now" "$(sql -D "$reasons" "SELECT lost_reason IS NULL FROM deal WHERE id = $id")" 1
is "reopened: the history keeps reason and note" \
    "$(crm-show -D "$reasons" -f json "$id" | jq -c '[.history[1].to, .history[1].reason, .history[1].note]')" '["lost","price","too dear"]'
is "the timeline's last column is the reason" "$(crm-show -D "$reasons" "$id" | sed -n 2p | cut -f3,11)" "stage	price"

done_testing
