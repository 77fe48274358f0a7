#!/bin/sh
# crm-stale's reasons by the customer's people (issue 18): single-threaded,
# contact-left and no-decision-maker, each with its hint, each clearing
# when its cause is fixed, never on a closed or void deal, nor by a void
# activity.  Contacts, buying groups and who took part are inserted by
# hand (sql); deals and activities through the commands.
. "$(dirname "$0")/lib.sh"

cat >cfg.yaml <<'YAML'
stale:
  idle_days: 30
  single_threaded_from: c
pipelines:
  - name: sales
    stages:
      - { name: a, probability: 10 }
      - { name: b, probability: 20 }
      - { name: c, probability: 30 }
      - { name: d, probability: 50 }
      - { name: e, probability: 70 }
      - { name: f, probability: 90 }
activity_kinds: [visit, call]
YAML
export CRM_CONFIG=$tmp/cfg.yaml
T='	'

# Seconds since the epoch of noon (UTC, as TZ) on a day.
at() { date -u -d "$1 12:00" +%s; }

# logw DEAL DAY [CONTACT...]: a visit on DEAL that DAY, which the
# contacts (ids) took part in.
logw()
{
	l_deal=$1 l_day=$2
	shift 2
	crm-log -k visit --at "$l_day" "$l_deal" >/dev/null ||
	    echo "Bail out! crm-log $l_deal"
	l_act=$(sql "SELECT max(id) FROM activity")
	for l_c; do
		sql "INSERT INTO activity_contact (activity_id, contact_id) VALUES ($l_act, $l_c)"
	done
}

# Now is 2026-11-24; idle_days 30; single-threaded from stage c; the last
# third of the six open stages a-f is e and f (index 4 and 5 >= ceil(12/3)).
#  1 Single     in c: Li Ming twice in the last 30 days, Zhao Lei on 10-01,
#               54 days ago (out of the window): single-threaded
#  2 Leaver     in b: Wang Wei attached; met with Li Ming on 11-01; Wang
#               Wei left on 11-20: contact-left
#  3 Late       in e: Li Ming on 11-15: no-decision-maker (and
#               single-threaded; the hint is no-decision-maker's)
#  4 Last       in f, nothing logged: no-decision-maker, before closing
#  5 Won        in e, then won: closed, never listed
#  6 Void       in e, voided: never listed
#  7 VoidMet    in f: Chen Jing (a decision maker) met in a void activity,
#               Li Ming in another: no-decision-maker, and single-threaded
#               (neither would hold if the void activity counted)
#  8 Nobody     in d: a call on 11-21 with nobody recorded: single-threaded
#  9 Early      in a, nothing logged, nobody: fine
crm-add -a Acme --at 2026-10-01 -s c Single >/dev/null
crm-add -a Acme --at 2026-10-01 -s b Leaver >/dev/null
crm-add -a Acme --at 2026-10-01 -s e Late >/dev/null
crm-add -a Acme --at 2026-11-20 -s f Last >/dev/null
crm-add -a Acme --at 2026-10-01 -s e Won >/dev/null
crm-add -a Acme --at 2026-10-01 -s e Void >/dev/null
crm-add -a Acme --at 2026-10-01 -s f VoidMet >/dev/null
crm-add -a Acme --at 2026-10-01 -s d Nobody >/dev/null
crm-add -a Acme --at 2026-11-20 Early >/dev/null
acme=$(sql "SELECT id FROM account WHERE name = 'Acme'")
now=$(at 2026-10-01)
for c in "1, 'Li Ming', 'influencer'" "2, 'Wang Wei', 'decision-maker'" \
    "3, 'Zhao Lei', 'technical'" "4, 'Chen Jing', 'decision-maker'"; do
	sql "INSERT INTO contact (id, name, role, account_id, created, created_by) VALUES ($c, $acme, $now, 'li')"
done
sql "INSERT INTO deal_contact (deal_id, contact_id, at, by) VALUES (2, 2, $now, 'li')"
logw 1 2026-10-01 3
logw 1 2026-11-10 1
logw 1 2026-11-20 1
logw 2 2026-11-01 2 1
logw 3 2026-11-15 1
logw 5 2026-11-15 1
logw 6 2026-11-15 1
logw 7 2026-11-10 4
void_act=$l_act
logw 7 2026-11-12 1
crm-log -k call --at 2026-11-21 8 >/dev/null
crm-advance -w 5 >/dev/null
crm-void -m 'entered twice' 6 >/dev/null
crm-void --activity -m 'not at that meeting' "$void_act" >/dev/null
sql "UPDATE contact SET left_at = $(at 2026-11-20), left_by = 'li', left_note = 'moved' WHERE id = 2"

# Longest stalled first: contact-left counts the days since the contact
# left (3: 11-20 noon to 11-24 9:00), the others the days in the stage
# (54, or 4 for deal 4).
run crm-stale -f tsv
is "found: exit 0" "$rc" 0
is "each reason, with its hint" "$(printf '%s\n' "$out" | cut -f1,8,13)" \
"1${T}single-threaded${T}only Li Ming met in 30 days: meet others of the buying group
3${T}single-threaded,no-decision-maker${T}no decision-maker met: meet one before stage f
7${T}single-threaded,no-decision-maker${T}no decision-maker met: meet one before closing
8${T}single-threaded${T}nobody met in 30 days: meet the buying group (crm-log -w)
4${T}no-decision-maker${T}no decision-maker met: meet one before closing
2${T}contact-left${T}Wang Wei left on 2026-11-20: re-map who decides"
is "nothing on stderr" "$errout" ""

run crm-stale --reason single-threaded
is "--reason single-threaded" "$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ')" "1 3 7 8 "
run crm-stale --reason contact-left
is "--reason contact-left" "$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ')" "2 "
run crm-stale --reason no-decision-maker
is "--reason no-decision-maker" "$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ')" "3 7 4 "
run crm-stale --sort reason
is "--sort reason: as text" "$(printf '%s\n' "$out" | cut -f1,8 | tr '\t\n' ': ')" \
    "2:contact-left 4:no-decision-maker 1:single-threaded 8:single-threaded 3:single-threaded,no-decision-maker 7:single-threaded,no-decision-maker "
run crm-stale -f json
is "JSON: the reason and hint" "$(printf '%s' "$out" | jq -c '.[5] | [.id, .reason, .hint]')" \
    '[2,"contact-left","Wang Wei left on 2026-11-20: re-map who decides"]'

# -i 7: the window is the last 7 days, as idle counts them (whole days):
# deal 1's visit of 11-20 (3 days) and deal 8's call of 11-21 are in it;
# deal 3's of 11-15 (8 days) and deal 7's of 11-12 are not.
run crm-stale -i 7 --reason single-threaded
is "-i 7: the window shrinks with idle_days" \
    "$(printf '%s\n' "$out" | cut -f1,8,13)" \
"1${T}single-threaded${T}only Li Ming met in 7 days: meet others of the buying group
8${T}single-threaded${T}nobody met in 7 days: meet the buying group (crm-log -w)"

# The causes fixed: Zhao Lei met on deal 1 (a second contact); on deal 2,
# Zhao Lei, the successor, met after Wang Wei left; on deal 3, Chen Jing,
# a decision maker (a second contact too); on deal 8, Li Ming and Zhao Lei.
logw 1 2026-11-23 3
logw 2 2026-11-22 3
logw 3 2026-11-23 4
logw 8 2026-11-23 1 3
run crm-stale -f tsv
is "fixed: only deals 7 and 4, untouched, are left" \
    "$(printf '%s\n' "$out" | cut -f1,8 | tr '\t\n' ': ')" \
    "7:single-threaded,no-decision-maker 4:no-decision-maker "
run crm-stale --reason contact-left
is "contact-left cleared: exit 1" "$rc|$out" "1|"

# A meeting with Wang Wei alone after he left does not clear it: the
# activity with anyone else is what counts.
crm-add -a Acme --at 2026-11-01 -s b Alone >/dev/null
sql "INSERT INTO deal_contact (deal_id, contact_id, at, by) VALUES (10, 2, $now, 'li')"
logw 10 2026-11-02 1
logw 10 2026-11-21 2
run crm-stale --reason contact-left
is "met alone after leaving: still contact-left" "$(printf '%s\n' "$out" | cut -f1,13)" \
    "10${T}Wang Wei left on 2026-11-20: re-map who decides"

# Without single_threaded_from, the reason never holds.
sed '/single_threaded_from/d' cfg.yaml >plain.yaml
crm-add -a Acme --at 2026-11-01 -s c Again >/dev/null
logw 11 2026-11-20 1
run crm-stale -C plain.yaml --reason single-threaded
is "no single_threaded_from: never single-threaded" "$rc|$out" "1|"
run crm-stale --reason single-threaded
is "with it: deal 11 (and 7)" "$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ')" "7 11 "

# The config: an unknown stage, and two of one pipeline.
printf 'stale: { single_threaded_from: zz }\npipelines: [ { name: p, stages: [ { name: a, probability: 1 } ] } ]\n' >bad.yaml
run crm-stale -C bad.yaml
is "unknown stage: exit 2" "$rc" 2
like "unknown stage named" "$errout" "single_threaded_from: no pipeline has a stage zz"
printf 'stale: { single_threaded_from: [a, b] }\npipelines: [ { name: p, stages: [ { name: a, probability: 1 }, { name: b, probability: 2 } ] } ]\n' >bad.yaml
run crm-stale -C bad.yaml
is "two stages of a pipeline: exit 2" "$rc" 2
like "two stages named" "$errout" "single_threaded_from names two stages of pipeline p, a and b"
printf 'stale: { single_threaded_from: [a, x] }\npipelines: [ { name: p, stages: [ { name: a, probability: 1 } ] }, { name: q, stages: [ { name: x, probability: 1 } ] } ]\n' >good.yaml
run crm-stale -C good.yaml -q
ok "a stage of each pipeline: fine" [ "$rc" -ne 2 ]

done_testing
