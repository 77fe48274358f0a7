#!/bin/sh
# Corrections: a void deal, a void activity and an undone stage change
# are as if never made.  Database A gets the same history as database B
# and the mistakes besides, then voids them; every report of A must then
# be B's, byte for byte.  Then undo on its own (days in stage, a loss, a
# reopening), every refusal (message, exit status, nothing changed),
# crm-show's marks, crm-admin check and copy.
. "$(dirname "$0")/lib.sh"

tab=$(printf '\t')
A=$CRM_DB
B=$(newdb never)

# The history both have.  Deal 1 won, deal 2 lost, deal 3 in needs with
# two calls logged there (needs wants a visit and two calls).
history()
{
	crm-add -D "$1" -o li -v 1000 --at 2026-10-01 'Alpha' &&
	crm-add -D "$1" -o wang -v 2000 --at 2026-10-02 'Beta' &&
	crm-add -D "$1" -o li -v 3000 --at 2026-10-03 'Gamma' &&
	crm-advance -D "$1" -F --at 2026-10-05 1 &&
	crm-advance -D "$1" -F --at 2026-10-10 1 &&
	crm-advance -D "$1" -F -w --at 2026-10-20 1 &&
	crm-advance -D "$1" -F --at 2026-10-06 2 &&
	crm-advance -D "$1" -l price --at 2026-10-15 2 &&
	crm-log -D "$1" -k call --at 2026-10-04 3 &&
	crm-advance -D "$1" -F --at 2026-10-08 3 &&
	crm-log -D "$1" -k call --at 2026-10-09 3 &&
	crm-log -D "$1" -k call --at 2026-10-10 3
}
history "$A" >/dev/null
is "the history in A" "$?" 0
history "$B" >/dev/null
is "the same history in B" "$?" 0

# A's mistakes: a deal entered twice and won (deal 4); a move of deal 3
# to proposal too soon; a visit logged on deal 3 that was on another.
crm-add -o li -v 99999 --at 2026-10-05 'Alpha again' >/dev/null
crm-advance -F --at 2026-10-06 4 >/dev/null
crm-log -k meeting --at 2026-10-07 4 >/dev/null		# activity 4
crm-advance -F -w --at 2026-10-08 4 >/dev/null
crm-advance -F --at 2026-11-01 3 >/dev/null
crm-log -k visit --at 2026-11-20 3 >/dev/null		# activity 5
is "A before the voids: deal 3 in proposal, idle 4 days" \
    "$(crm-ls | awk -F "$tab" '$1 == 3 { print $9, $15, $18 }')" \
    "proposal 23 2026-11-20T00:00:00Z"
ok "A before the voids: its funnel is not B's" \
    sh -c '! [ "$(crm-funnel)" = "$(crm-funnel -D "$1")" ]' sh "$B"

run crm-void -m 'entered twice' 4
is "crm-void: the deal, what, the void's id" "$rc|$out|$errout" \
    "0|4${tab}deal${tab}1|"
run crm-void --activity -m 'was on deal 2' 5
is "crm-void --activity: the activity, what, the void's id" \
    "$rc|$out|$errout" "0|5${tab}activity${tab}2|"
run crm-advance --undo -m 'too soon' 3
is "crm-advance --undo: the deal, the stage undone, the stage it is in" \
    "$rc|$out|$errout" "0|3${tab}proposal${tab}needs|"

# Every report, whole, as on B.
same_report()
{
	s_desc=$1
	shift
	is "$s_desc" "$("$@" 2>&1; echo "rc $?")" \
	    "$("$@" -D "$B" 2>&1; echo "rc $?")"
}
same_report "crm-funnel: as if never entered" crm-funnel
same_report "crm-funnel -f json" crm-funnel -f json
same_report "crm-funnel --as-of" crm-funnel --as-of 2026-10-31
same_report "crm-funnel --as-of before the mistakes" crm-funnel --as-of 2026-10-05
same_report "crm-funnel --calibrate" crm-funnel --calibrate
same_report "crm-funnel --by owner" crm-funnel --by owner
same_report "crm-funnel --forecast" crm-funnel --forecast
same_report "crm-stale" crm-stale
same_report "crm-stale -i 5" crm-stale -i 5
same_report "crm-ls" crm-ls
same_report "crm-ls --all -f json" crm-ls --all -f json
same_report "crm-ls --won" crm-ls --won
same_report "crm-log -L" crm-log -L
same_report "crm-log -L -o li --since 2026-10-01" crm-log -L -o li --since 2026-10-01
is "the gate: the void visit does not count, as on B" \
    "$(crm-advance 3 2>&1; echo "rc $?")" \
    "$(crm-advance -D "$B" 3 2>&1; echo "rc $?")"
is "...its message" "$(crm-advance 3 2>&1)" \
    "crm-advance: deal 3: stage needs requires 1 visit (0 logged); log them or use -F"

is "undo: deal 3 back in needs since 10-08, 47 days, idle since 10-10" \
    "$(crm-ls | awk -F "$tab" '$1 == 3 { print $9, $14, $15, $18 }')" \
    "needs 2026-10-08T00:00:00Z 47 2026-10-10T00:00:00Z"

# --void lists the void ones alone.
is "crm-ls --void: the void deal, of any status" \
    "$(crm-ls --void | cut -f1,2,12)" "4${tab}Alpha again${tab}won"
is "crm-ls --void on B: none" "$(crm-ls --void -D "$B")" ""
is "crm-log -L --void: the void visit and the void deal's meeting" \
    "$(crm-log -L --void | cut -f1-3)" \
    "4${tab}4${tab}meeting
3${tab}5${tab}visit"

# crm-show: every record, the void ones marked.
is "crm-show: the void stage change with who, when, why" \
    "$(crm-show 3 | awk -F "$tab" '$3 != "activity" { print $3, $5, $6, $12, $13, $14 }')" \
    "created  lead   
stage lead needs   
forced needs proposal 2026-11-24T09:00:00Z li too soon"
is "...and the void activity" \
    "$(crm-show 3 | awk -F "$tab" '$3 == "activity" { print $7, $12, $13, $14 }')" \
    "call   
call   
call   
visit 2026-11-24T09:00:00Z li was on deal 2"
is "crm-show -f json of a void deal: its void" \
    "$(crm-show -f json 4 | sed 's/.*"void":/"void":/')" \
    '"void":[{"at":"2026-11-24T09:00:00Z","by":"li","note":"entered twice"}],"contacts":[],"members":[]}'
is "...its history void with it" \
    "$(crm-show 4 | cut -f3,14 | sort -u)" \
    "activity${tab}entered twice
created${tab}entered twice
forced${tab}entered twice
stage${tab}entered twice"
is "crm-show of a void deal, for a person: marked" \
    "$(crm-show -f table 4 | sed -n '1p;/^void /p')" \
    "deal 4: Alpha again (void)
void           by li on 2026-11-24 09:00: entered twice"

is "crm-admin check passes" "$(db_check)" ok

# --- Refusals: the message, the exit status, and nothing changed.
state()
{
	sql 'SELECT count(*) FROM void_record'
	crm-show -f json 3
	crm-show -f json 4
}
before=$(state)
voided='voided by li on 2026-11-24T09:00:00Z: entered twice'
run crm-void -m again 4
is "void a void deal: exit 1" "$rc|$out|$errout" \
    "1||crm-void: deal 4 is void: $voided"
run crm-void --activity -m again 5
is "void a void activity: exit 1" "$rc|$out|$errout" \
    "1||crm-void: activity 5 is void: voided by li on 2026-11-24T09:00:00Z: was on deal 2"
run crm-void --activity -m again 4
is "void an activity of a void deal: exit 1, naming the deal" \
    "$rc|$out|$errout" \
    "1||crm-void: activity 4 is void: voided with deal 4 by li on 2026-11-24T09:00:00Z: entered twice"
run crm-advance -s needs 4
is "crm-advance of a void deal: exit 1" "$rc|$out|$errout" \
    "1||crm-advance: deal 4 is void: $voided"
run crm-advance --undo -m x 4
is "crm-advance --undo of a void deal: exit 1" "$rc|$out|$errout" \
    "1||crm-advance: deal 4 is void: $voided"
run crm-log -k call 4
is "crm-log on a void deal: exit 1" "$rc|$out|$errout" \
    "1||crm-log: deal 4 is void: $voided"
run crm-set -v 5 4
is "crm-set on a void deal: exit 1" "$rc|$out|$errout" \
    "1||crm-set: deal 4 is void: $voided"
run crm-void -m x 99
is "void no such deal: exit 1" "$rc|$out|$errout" \
    "1||crm-void: deal 99: no such deal"
run crm-void --activity -m x 99
is "void no such activity: exit 1" "$rc|$out|$errout" \
    "1||crm-void: activity 99: no such activity"
run crm-void 3
is "crm-void without -m: exit 2, why first" "$rc|$out|$(echo "$errout" | sed 1q)" \
    "2||crm-void: -m is required: why the record is a mistake"
run crm-void -m '' 3
is "crm-void -m '': exit 2" "$rc|$out|$(echo "$errout" | sed 1q)" \
    "2||crm-void: -m is required: why the record is a mistake"
run crm-advance --undo 3
is "crm-advance --undo without -m: exit 2" "$rc|$out|$(echo "$errout" | sed 1q)" \
    "2||crm-advance: --undo needs -m: why the stage change was a mistake"
run crm-advance --undo -s lead -m x 3
is "crm-advance --undo -s: exit 2" "$rc|$out|$(echo "$errout" | sed 1q)" \
    "2||crm-advance: --undo goes back to the stage before; it takes no -s, -w, -l, -F or --at"
is "...nothing changed" "$(state)" "$before"
run crm-advance --undo -m x 3 4 3
is "several deals: one undone, the void one refused; exit 1" \
    "$rc|$out|$errout" \
    "1|3${tab}needs${tab}lead|crm-advance: deal 4 is void: $voided"
before=$(state)
run crm-advance --undo -m x 3
is "undo of a deal's first stage change: refused, exit 1" \
    "$rc|$out|$errout" \
    "1||crm-advance: deal 3: its first stage change cannot be undone (there is no stage before it); void the deal instead (crm-void)"
is "...nothing changed" "$(state)" "$before"

# --- Undo on its own: days in stage, a loss, a reopening.
crm-add -o zhao --at 2026-11-01 'Delta' >/dev/null		# 5
crm-advance -F --at 2026-11-10 5 >/dev/null
is "deal 5: needs, 14 days" \
    "$(crm-ls -o zhao | cut -f9,14,15)" "needs${tab}2026-11-10T00:00:00Z${tab}14"
crm-advance -F --at 2026-11-20 5 >/dev/null
is "...proposal, 4 days" "$(crm-ls -o zhao | cut -f9,15)" "proposal${tab}4"
crm-advance --undo -m 'not yet' 5 >/dev/null
is "undo: needs again, since 11-10, 14 days" \
    "$(crm-ls -o zhao | cut -f9,14,15)" "needs${tab}2026-11-10T00:00:00Z${tab}14"
crm-advance -l no-budget --at 2026-11-21 5 >/dev/null
crm-advance --undo -m 'they found budget' 5 >/dev/null
is "undo of a loss: open in needs, no reason, no close" \
    "$(crm-ls -o zhao --all | cut -f9,12,15,19,22)" \
    "needs${tab}open${tab}14${tab}${tab}"
crm-advance -l price --at 2026-11-22 5 >/dev/null
crm-advance -s proposal --at 2026-11-23 5 >/dev/null
crm-advance --undo -m 'still lost' 5 >/dev/null
is "undo of a reopening: lost again, its reason and close time back" \
    "$(crm-ls -o zhao --all | cut -f9,12,19,22)" \
    "lost${tab}lost${tab}price${tab}2026-11-22T00:00:00Z"
is "crm-admin check still passes" "$(db_check)" ok

# --- The append-only history allows the void and nothing else.
if [ "$backend" = sqlite ]; then
	run sqlite3 "$A" "UPDATE stage_change SET note = 'x' WHERE id = 1"
	like "...an update of a stage change is refused" "$errout" \
	    "stage changes are append-only"
	run sqlite3 "$A" "UPDATE stage_change SET void_id = NULL WHERE void_id IS NOT NULL"
	like "...so is unvoiding one" "$errout" "stage changes are append-only"
	run sqlite3 "$A" "UPDATE activity SET void_id = 1 WHERE id = 5"
	like "...and voiding a void activity again" "$errout" \
	    "activities are append-only"
	run sqlite3 "$A" "UPDATE deal SET void_id = NULL WHERE id = 4"
	like "...and unvoiding a deal" "$errout" "voids are final"
	run sqlite3 "$A" "DELETE FROM void_record"
	like "...and deleting a void" "$errout" "voids are append-only"
	# check: a void that is not of its row, a void deal's live history.
	sqlite3 "$A" ".backup broken.db"
	sqlite3 broken.db "INSERT INTO void_record (what, target, at, by, note)
	    VALUES ('activity', 99, 0, 'x', 'y');
	    UPDATE activity SET void_id = last_insert_rowid() WHERE id = 1;
	    INSERT INTO stage_change (deal_id, from_stage, to_stage, at, by)
	    VALUES (4, 'won', 'lead', 1796000000, 'x')"
	run crm-admin check broken.db
	is "check names a wrong void and a void deal's live history" \
	    "$rc|$out" "1|stage_change 20: its deal is void, it is not
activity 1: void 8 is not a void of it"
fi

# --- crm-admin copy: the voids and the void_id columns go with the rows,
# and there and back is the same.
C=$(newdb back)
run crm-admin copy "$A" copy.db
like "copy: the voids too" "$rc|$out" \
    "^0\\|.*: 5 deals, 0 accounts, 19 stage changes, 5 activities, 0 field changes, 7 voids\$"
run crm-admin copy copy.db "$C"
is "...and back" "$rc" 0
for q in "crm-ls --void" "crm-log -L --void" "crm-show -f json 3" \
    "crm-show -f json 4" "crm-show -f json 5" "crm-funnel"; do
	is "...$q: the same there and back" "$($q -D "$C")" "$($q)"
done

done_testing
