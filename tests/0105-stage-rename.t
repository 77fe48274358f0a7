#!/bin/sh
# Renaming or removing a stage in the config loses no deal: renamed_from
# keeps every figure, a removed stage with open deals is warned of by
# every command that reads deals and refused by crm-funnel.
. "$(dirname "$0")/lib.sh"

T='	'

# The same funnel three ways: stage b as it was, renamed bee (the rows
# keep b), and bee from the start.
cat >old.yaml <<'YAML'
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
YAML
sed 's/name: b,/name: bee,/' old.yaml >direct.yaml
sed 's/name: b,/name: bee, renamed_from: b,/' old.yaml >renamed.yaml

# The history of tests/0100-funnel.t, stage b named $1, with activities
# and field changes; -D $2.
history()
{
	B=$1
	D="-D $2"
	{
		crm-add $D -o li -v 1000 --at 2026-09-01 -e 2026-12-01 D1
		crm-add $D -o li -v 2000 --at 2026-09-01 D2
		crm-add $D -o wang -v 3000 --at 2026-10-01 -e 2026-12-15 D3
		crm-add $D -o wang -v 4000 --at 2026-10-01 -e 2026-11-10 D4
		crm-add $D -o zhao -v 5000 --at 2026-10-14 D5
		crm-add $D -o li -v 6000 --at 2026-11-01 D6
		crm-add $D -o li -v 7000 --at 2026-09-01 D7
		crm-add $D -o li -v 9 -p other --at 2026-09-01 'Other pipeline'
		crm-add $D -o wang -v 800 --at 2026-11-01 -s $B D9
		crm-advance $D --at 2026-09-11 1
		crm-log $D -k visit -m 'in b' --at 2026-09-12 1
		crm-advance $D --at 2026-09-21 1
		crm-advance $D -w --at 2026-10-01 1
		crm-advance $D --at 2026-09-06 2
		crm-advance $D -l price --at 2026-09-16 2
		crm-advance $D -s c --at 2026-10-11 3
		crm-advance $D --at 2026-10-20 5
		crm-log $D -k call -m 'still b' --at 2026-10-21 5
		crm-set $D -v 5500 5
		crm-advance $D -s a --at 2026-10-27 5
		crm-advance $D -s $B --at 2026-11-04 5
		crm-advance $D -l other --at 2026-11-11 6
		crm-advance $D --at 2026-09-04 7
		crm-advance $D -w --at 2026-09-15 7
		crm-advance $D -s c --at 2026-10-01 7
		crm-advance $D -w --at 2026-10-11 7
	} >/dev/null
}

old=$CRM_DB
new=$(newdb direct)
CRM_CONFIG=old.yaml history b "$old"
CRM_CONFIG=direct.yaml history bee "$new"

# Every report of the renamed config on the old rows is the report of
# the direct config on rows written as bee: whole outputs, and stderr.
same()
{
	desc=$1
	shift
	run env CRM_CONFIG=renamed.yaml "$@" -D "$old"
	got=$out got_err=$errout got_rc=$rc
	run env CRM_CONFIG=direct.yaml "$@" -D "$new"
	is "$desc" "$got" "$out"
	is "$desc: no warning, same status" "$got_rc $got_err" "$rc $errout"
}

run env CRM_CONFIG=renamed.yaml crm-funnel -D "$old"
like "the funnel of the renamed stage counts its deals" "$out" \
    "^bee${T}乙${T}50${T}2${T}6300.00${T}"
same "crm-funnel" crm-funnel --header
same "crm-funnel JSON" crm-funnel -f json
same "crm-funnel table" crm-funnel -f table
for d in 2026-09-30 2026-10-12 2026-10-25 2026-11-05; do
	same "crm-funnel --as-of $d" crm-funnel --as-of $d -f json
done
same "crm-funnel --totals" crm-funnel --totals
same "crm-funnel --by owner" crm-funnel --by owner --header
same "crm-funnel --by pipeline" crm-funnel --by pipeline -f json
same "crm-funnel --forecast" crm-funnel --forecast
same "crm-funnel --calibrate" crm-funnel --calibrate
same "crm-funnel -s bee" crm-funnel -s bee
same "crm-funnel -o zhao" crm-funnel -o zhao -f json
same "crm-ls --all" crm-ls --all --header
same "crm-ls JSON" crm-ls --all -f json
same "crm-ls -s bee" crm-ls -s bee
same "crm-ls -s 乙 (the label)" crm-ls -s 乙
same "crm-ls --sort stage" crm-ls --all --sort stage
same "crm-ls --sort -probability" crm-ls --all --sort -probability
for id in 1 5 9; do
	same "crm-show $id" crm-show $id
	same "crm-show $id JSON" crm-show -f json $id
	same "crm-show $id table" crm-show -f table $id
done
same "crm-stale" crm-stale --header
same "crm-stale -s bee" crm-stale -s bee
same "crm-log -L" crm-log -L
same "crm-log -L -s bee" crm-log -L -s bee

run env CRM_CONFIG=renamed.yaml crm-ls -D "$old" -s b
is "the old name still names the stage" "$(printf '%s\n' "$out" | cut -f1,9 | tr '\t\n' ': ')" "5:bee 9:bee "
run env CRM_CONFIG=renamed.yaml crm-advance -D "$old" -s bee 5
is "a deal in the stage by its old name is already there" "$rc $errout" \
    "1 crm-advance: deal 5: deal is already in stage bee"
is "the rows keep the name they were written with" \
    "$(sql "SELECT stage FROM deal WHERE id IN (5, 9) ORDER BY id" | tr '\n' ' ')" "b b "

# Moving on from the old name: the gate counts the deal's time in it.
same "crm-advance out of the renamed stage" crm-advance --at 2026-11-20 -F 5
same "crm-advance to the renamed stage" crm-advance -s a --at 2026-11-21 9
same "crm-show after the moves" crm-show 5
same "crm-funnel after the moves" crm-funnel -f json
is "the history chains: from is the name the row before wrote" \
    "$(sql "SELECT from_stage || '>' || to_stage FROM stage_change WHERE deal_id = 5 AND at >= 1795132800 ORDER BY id" | tr '\n' ' ')" \
    "b>c "
is "crm-admin check passes" "$(CRM_CONFIG=renamed.yaml db_check)" ok

# A chain of renames: b became bee, then bee became bees; each stage
# names every name it had.
cat >chain.yaml <<'YAML'
pipelines:
  - name: sales
    stages:
      - { name: a, label: 甲, probability: 10, max_days: 10 }
      - { name: bees, label: 乙, probability: 50, max_days: 10, renamed_from: [bee, b] }
      - { name: c, label: 丙, probability: 80, max_days: 10 }
    lost_reasons: [price, other]
  - name: other
    stages:
      - { name: x, probability: 50 }
activity_kinds: [visit, call]
YAML
chain=$(newdb chain)
CRM_CONFIG=old.yaml crm-add -D "$chain" -o li 'Was b' >/dev/null
CRM_CONFIG=old.yaml crm-advance -D "$chain" 1 >/dev/null
CRM_CONFIG=renamed.yaml crm-add -D "$chain" -o li -s bee 'Was bee' >/dev/null
run env CRM_CONFIG=chain.yaml crm-ls -D "$chain" -s bees
is "a chain of renames: both old names are the stage" \
    "$(printf '%s\n' "$out" | cut -f1,9,10 | tr '\t\n' ': ')" "1:bees:乙 2:bees:乙 "
run env CRM_CONFIG=chain.yaml crm-funnel -D "$chain" -f json
is "a chain of renames: the funnel counts both" \
    "$(printf '%s' "$out" | jq -c '[.stages[] | [.stage, .open, .reached]]')" \
    '[["a",0,2],["bees",2,2],["c",0,0]]'
is "...and nothing on stderr" "$rc$errout" 0

# The history again, deals 5 and 9 in b.
rm=$(newdb removed)
CRM_CONFIG=old.yaml history b "$rm"

# Renames are per pipeline: sales's bee was x, while other still has x.
sed 's/renamed_from: b,/renamed_from: [b, x],/' renamed.yaml >perpipe.yaml
run env CRM_CONFIG=perpipe.yaml crm-ls -D "$rm" -p other
is "another pipeline's stage of the old name stays its own" \
    "$(printf '%s\n' "$out" | cut -f1,8,9 | tr '\t\n' ': ')" "8:other:x "
run env CRM_CONFIG=perpipe.yaml crm-ls -D "$rm" -s bee
is "-s bee is not other's x" "$(printf '%s\n' "$out" | cut -f1,9 | tr '\t\n' ': ')" "5:bee 9:bee "

# Two old names merged into one stage: a move between them is no move.
cat >merged.yaml <<'YAML'
pipelines:
  - name: sales
    stages:
      - { name: a, probability: 10 }
      - { name: b, probability: 50 }
      - { name: c, probability: 80 }
YAML
sed 's/name: b,/name: bc, renamed_from: [b, c],/; /name: c,/d' merged.yaml >merge2.yaml
merge=$(newdb merge)
CRM_CONFIG=merged.yaml crm-add -D "$merge" --at 2026-11-01 M1 >/dev/null
CRM_CONFIG=merged.yaml crm-advance -D "$merge" --at 2026-11-02 1 >/dev/null
CRM_CONFIG=merged.yaml crm-advance -D "$merge" --at 2026-11-05 1 >/dev/null
CRM_CONFIG=merged.yaml crm-advance -D "$merge" -w --at 2026-11-12 1 >/dev/null
run env CRM_CONFIG=merge2.yaml crm-funnel -D "$merge"
is "two stages merged: one stage, its days from entering it to leaving" "$out" \
"a${T}a${T}10${T}0${T}0.00${T}0.00${T}1${T}100.0${T}0${T}1.0${T}CNY
bc${T}bc${T}50${T}0${T}0.00${T}0.00${T}1${T}100.0${T}0${T}10.0${T}CNY"

# A stage removed while deals are in it.
sed '/name: b,/d' old.yaml >removed.yaml
W="1 open deal in stage 'b', which pipeline sales no longer has: move it with crm-advance -s STAGE (crm-ls -p sales -s b lists it), or add renamed_from: b to the stage it became"
W2="2 open deals in stage 'b', which pipeline sales no longer has: move them with crm-advance -s STAGE (crm-ls -p sales -s b lists them), or add renamed_from: b to the stage it became"
export CRM_CONFIG=$tmp/removed.yaml
before=$(sql "SELECT (SELECT count(*) FROM deal), (SELECT count(*) FROM stage_change)")
for cmd in "crm-ls" "crm-ls --all" "crm-show 5" "crm-stale" "crm-log -L" \
    "crm-funnel -p other" "crm-funnel --by owner -p other"; do
	run $cmd -D "$rm"
	is "$cmd warns, naming the stage and the count" "$rc $errout" \
	    "0 ${cmd%% *}: $W2"
done
run crm-stale -D "$rm" -s c
is "crm-stale warns with nothing stale too" "$errout" "crm-stale: $W2"
run crm-ls -D "$rm" -s b
is "crm-ls -s finds the deals in the removed stage" \
    "$(printf '%s\n' "$out" | cut -f1,9,10,11 | tr '\t\n' ':/')" "5:b:b:/9:b:b:/"
run crm-funnel -D "$rm"
is "crm-funnel refuses the pipeline" "$rc" 2
is "...naming the stage and the count" "$errout" "crm-funnel: $W2
crm-funnel: no funnel of pipeline sales until its open deals are in stages it has"
is "...and prints nothing" "$out" ""
run crm-funnel -D "$rm" --by pipeline
is "crm-funnel --by pipeline refuses too" "$rc" 2
run crm-funnel -D "$rm" -o zhao --totals
is "whoever's funnel it is" "$rc" 2
run crm-advance -D "$rm" 5 9
is "crm-advance cannot guess the next stage" "$rc $errout" "1 crm-advance: $W2
crm-advance: deal 5: stage 'b' is not in pipeline sales; move it with -s STAGE
crm-advance: deal 9: stage 'b' is not in pipeline sales; move it with -s STAGE"
is "nothing changed" \
    "$(sql "SELECT (SELECT count(*) FROM deal), (SELECT count(*) FROM stage_change)")" "$before"
run crm-advance -D "$rm" -s c --at 2026-11-22 5
is "crm-advance -s moves one out, no -F needed" "$rc $out $errout" \
    "0 5${T}b${T}c crm-advance: $W2"
is "...not forced" "$(sql "SELECT forced FROM stage_change WHERE deal_id = 5 ORDER BY id DESC LIMIT 1")" 0
run crm-ls -D "$rm"
is "one left" "$errout" "crm-ls: $W"
run crm-set -D "$rm" -m 'handover' -o li 9
is "crm-set warns too" "$(printf '%s\n' "$errout" | head -1)" "crm-set: $W"
run crm-log -D "$rm" -k call -m x 9
is "crm-log warns too" "$(printf '%s\n' "$errout" | head -1)" "crm-log: $W"
run crm-advance -D "$rm" -l price 9
is "closing the last one" "$rc" 0
run crm-funnel -D "$rm" --totals
is "moved: the funnel is back" "$rc $errout" "0 "
is "no row was rewritten" \
    "$(sql "SELECT count(*) FROM stage_change WHERE to_stage = 'b' OR from_stage = 'b'")" 12
unset CRM_CONFIG

# A whole pipeline removed: its open deal (8, in other's x) is named;
# nothing else changes.  With a stage removed too (c: deals 3, 5 and the
# new one), both, by pipeline in byte order.
sed '/name: other/,$d' old.yaml >nopipe.yaml
echo 'activity_kinds: [visit, call]' >>nopipe.yaml
P="1 open deal in pipeline other, which the config no longer has: no report counts it until the pipeline is back in the config"
run env CRM_CONFIG=nopipe.yaml crm-ls -D "$rm"
is "a removed pipeline: crm-ls warns, naming it and the count" \
    "$rc|$errout" "0|crm-ls: $P"
run env CRM_CONFIG=nopipe.yaml crm-funnel -D "$rm" --totals
is "...crm-funnel too, and still gives the funnel it can" "$rc|$errout" \
    "0|crm-funnel: $P"
sed '/name: c,/d' nopipe.yaml >nopipe2.yaml
crm-add -D "$rm" -C old.yaml -s c --at 2026-11-23 'In c' >/dev/null
run env CRM_CONFIG=nopipe2.yaml crm-stale -D "$rm" -s a
is "...and with a removed stage, both, pipelines in byte order" \
    "$errout" "crm-stale: $P
crm-stale: 3 open deals in stage 'c', which pipeline sales no longer has: move them with crm-advance -s STAGE (crm-ls -p sales -s c lists them), or add renamed_from: c to the stage it became"

# Bad configs: FILE:LINE:COLUMN, exit 2, nothing done.
bad()
{
	printf '%s\n' "$2" >bad.yaml
	n=$(sql "SELECT count(*) FROM deal")
	run crm-add -C bad.yaml -D "$old" 'Not added'
	is "$1" "$rc $errout" "2 crm-add: $3"
	is "$1: nothing added" "$(sql "SELECT count(*) FROM deal")" "$n"
}
P='pipelines:
  - name: sales
    stages:
      - { name: a, probability: 10 }'
bad "renamed_from a stage that exists" "$P
      - { name: b, probability: 20, renamed_from: a }" \
    "bad.yaml:5:51: stage b: renamed_from 'a', but pipeline sales still has a stage a (a stage that exists is not an old name)"
bad "renamed_from its own name" "$P
      - { name: b, probability: 20, renamed_from: [x, b] }" \
    "bad.yaml:5:55: stage b: renamed_from 'b', but pipeline sales still has a stage b (a stage that exists is not an old name)"
bad "renamed_from won" "$P
      - { name: b, probability: 20, renamed_from: won }" \
    "bad.yaml:5:51: stage b: renamed_from 'won': won is a closed state of every pipeline, never an open stage"
bad "renamed_from a label" "pipelines:
  - name: sales
    stages:
      - { name: a, label: old, probability: 10 }
      - { name: b, probability: 20, renamed_from: old }" \
    "bad.yaml:5:51: stage b: renamed_from 'old' is the label of stage a in pipeline sales"
bad "one old name for two stages" "$P
      - { name: b, probability: 20, renamed_from: x }
      - name: c
        probability: 30
        renamed_from:
          - y
          - x" \
    "bad.yaml:10:13: stage c: renamed_from 'x' is already stage b's old name in pipeline sales"
bad "an old name twice" "$P
      - { name: b, probability: 20, renamed_from: [x, x] }" \
    "bad.yaml:5:55: 'x' is listed twice in renamed_from"
bad "an old name with a space" "$P
      - { name: b, probability: 20, renamed_from: 'x y' }" \
    "bad.yaml:5:51: renamed_from 'x y' must not contain spaces, commas or control characters"
bad "renamed_from a mapping" "$P
      - { name: b, probability: 20, renamed_from: { x: 1 } }" \
    "bad.yaml:5:51: renamed_from must be a list, not a mapping"
bad "renamed_from empty" "$P
      - { name: b, probability: 20, renamed_from: '' }" \
    "bad.yaml:5:51: renamed_from must not be empty"

done_testing
