#!/bin/sh
# crm-ls: filters, status, sorting, columns; crm-set and the handover;
# crm-show.
. "$(dirname "$0")/lib.sh"

crm-add -o li -a 华东制造 -v 1,200,000 --at 2026-11-01 -e 2027-01-31 'ERP rollout' >/dev/null
crm-add -o li -a Acme -v 85000.50 --at 2026-11-10 -s needs 'Scanners' >/dev/null
crm-add -o wang -a Acme -v 230000 --at 2026-11-20 'Telematics' >/dev/null
crm-add -o zhao -v 2400000 --at 2026-10-01 -p product 'Data center' >/dev/null
crm-add -o chen -v 10 --at 2026-11-01 'Outside' >/dev/null
crm-advance -l price 5 >/dev/null

run crm-ls
is "open deals by id" "$(printf '%s\n' "$out" | cut -f1)" "1
2
3
4"
is "every deal column, in order" "$(printf '%s\n' "$out" | head -n 1)" \
    "$(printf '1\tERP rollout\t华东制造\t\tli\t1200000.00\tCNY\tproject\tlead\t建立联络\t5\topen\t2026-11-01T00:00:00Z\t2026-11-01T00:00:00Z\t23\t2027-01-31\t\t\t\t\t\t')"
run crm-ls --header
is "--header names the columns" "$(printf '%s\n' "$out" | head -n 1)" \
    "$(printf 'id\ttitle\taccount\tcontact\towner\tamount\tcurrency\tpipeline\tstage\tstage_label\tprobability\tstatus\tcreated\tstage_entered\tdays_in_stage\texpected_close\tnext_action\tlast_activity\tlost_reason\tpriority\tsource\tclosed')"
run crm-ls -o li
is "-o owner" "$(printf '%s\n' "$out" | cut -f1)" "1
2"
run crm-ls -T wang
is "-T: wang and zhao below" "$(printf '%s\n' "$out" | cut -f1)" "3
4"
run crm-ls -T jiang
is "-T jiang: the whole tree" "$(printf '%s\n' "$out" | cut -f1)" "1
2
3
4"
run crm-ls -a Acme
is "-a account" "$(printf '%s\n' "$out" | cut -f1)" "2
3"
run crm-ls -p product
is "-p pipeline" "$(printf '%s\n' "$out" | cut -f1)" 4
run crm-ls -s needs
is "-s stage" "$(printf '%s\n' "$out" | cut -f1)" 2
run crm-ls -s nowhere
is "-s unknown: exit 2" "$rc" 2
like "-s unknown: stages listed" "$errout" "unknown stage 'nowhere' \\(stages of project: lead, needs"
run crm-ls -p nowhere
is "-p unknown" "$errout" "crm-ls: unknown pipeline 'nowhere' (pipelines: project, product)"
run crm-ls --lost
is "--lost" "$(printf '%s\n' "$out" | cut -f1,9,12,19)" "$(printf '5\tlost\tlost\tprice')"
run crm-ls -s lost
is "-s lost" "$(printf '%s\n' "$out" | cut -f1)" 5
run crm-ls --all
is "--all" "$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ')" "1 2 3 4 5 "
run crm-ls --open --lost
is "--open --lost" "$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ')" "1 2 3 4 5 "

run crm-ls --sort -amount
is "--sort -amount" "$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ')" "4 1 3 2 "
run crm-ls --sort amount
is "--sort amount" "$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ')" "2 3 1 4 "
run crm-ls --sort days_in_stage
is "--sort days_in_stage" "$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ')" "3 2 1 4 "
run crm-ls --all --sort -probability
is "--sort -probability: lost counts 0" "$(printf '%s\n' "$out" | cut -f11,12 | tr '\t\n' ': ')" "10:open 10:open 5:open 5:open 0:lost "
p=$(newdb p)
crm-add -D "$p" -s negotiation Nego >/dev/null
crm-add -D "$p" Won >/dev/null
crm-advance -D "$p" -w 2 >/dev/null
run crm-ls -D "$p" --all --sort -probability
is "--sort -probability: won counts 100" "$(printf '%s\n' "$out" | cut -f1,11 | tr '\t\n' ': ')" "2:100 1:85 "
run crm-ls --sort stage
is "--sort stage: config order" "$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ')" "1 3 2 4 "
run crm-ls --sort expected_close
is "--sort: unset last" "$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ')" "1 2 3 4 "
run crm-ls --sort colour
is "--sort unknown: exit 2" "$rc" 2

# crm-set, and the handover when li leaves.
run crm-set -v 90,000 -n +7d --priority 1 2
is "crm-set prints the deal and what changed" "$out" "$(printf '2\tamount,next_action,priority')"
is "crm-set: values" "$(sql 'SELECT amount, next_action, priority FROM deal WHERE id = 2')" "9000000|2026-12-01|1"
run crm-set -v 90000 2
is "setting the same value changes nothing" "$out" "$(printf '2\t')"
run sh -c 'crm-ls -o li | crm-set -o wang -m "li left; handed over"'
is "handover: each of li's deals" "$out" "$(printf '1\towner\n2\towner')"
run crm-ls -o li
is "li has no deals left" "$out" ""
is "who changed what, when and why" \
    "$(sql "SELECT deal_id, field, old, new, at, by, note FROM field_change WHERE field = 'owner' ORDER BY id")" \
    "1|owner|li|wang|$(date -d 2026-11-24T09:00Z +%s)|li|li left; handed over
2|owner|li|wang|$(date -d 2026-11-24T09:00Z +%s)|li|li left; handed over"
run crm-set -e '' 1
is "an empty value clears an optional field" "$(sql 'SELECT expected_close IS NULL FROM deal WHERE id = 1')" 1
run crm-set -o '' 1
is "owner may not be cleared" "$errout" "crm-set: owner must not be empty"
run crm-set -v 12.345 1
is "bad amount: exit 2" "$rc" 2
like "bad amount named" "$errout" "amount '12.345'"
run crm-set 1
is "nothing to change: exit 2" "$rc" 2
run crm-set -a 'New Co' 1 77
is "unknown deal: exit 1" "$rc" 1
is "the known one changed" "$(sql 'SELECT a.name FROM deal d JOIN account a ON a.id = d.account_id WHERE d.id = 1')" "New Co"

# crm-show: the timeline.
crm-log -k visit -m 'site visit' --at 2026-11-02 1 >/dev/null
crm-advance --at 2026-11-03 1 >/dev/null
run crm-show 1
is "crm-show: the timeline in TSV" "$out" "$(printf '1\t2026-11-01T00:00:00Z\tcreated\tli\t\tlead\t\t\t\t\t\t\t\t
1\t2026-11-02T00:00:00Z\tactivity\tli\t\t\tvisit\t\tsite visit\t\t\t\t\t
1\t2026-11-03T00:00:00Z\tstage\tli\tlead\tneeds\t\t\t\t\t\t\t\t
1\t2026-11-24T09:00:00Z\tset\tli\tli\twang\towner\t\tli left; handed over\t\t\t\t\t
1\t2026-11-24T09:00:00Z\tset\tli\t2027-01-31\t\texpected_close\t\t\t\t\t\t\t
1\t2026-11-24T09:00:00Z\tset\tli\t华东制造\tNew Co\taccount\t\t\t\t\t\t\t')"
run crm-show -f json 1
is "crm-show -f json is valid JSON" "$(printf '%s' "$out" | jq -r '.id, .owner, (.history | length), .history[1].to, .activities[0].kind, .changes[0].new')" "1
wang
2
needs
visit
wang"
run crm-show 99
is "unknown deal: exit 1" "$rc:$errout" "1:crm-show: deal 99: no such deal"
run crm-show 1 2
is "one deal only" "$rc" 2

done_testing
