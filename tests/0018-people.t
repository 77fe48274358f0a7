#!/bin/sh
# crm-admin grant and revoke (issue 17): only a person of team: is let in;
# the person rows on both backends (on PostgreSQL also the role and its
# right to connect); a revoke keeps every record, and crm-stale names the
# open deals of who left, with reason left, until they are handed over.
. "$(dirname "$0")/lib.sh"

cat >cfg.yaml <<'YAML'
stale:
  idle_days: 15
pipelines:
  - name: sales
    stages:
      - { name: a, probability: 10, max_days: 10 }
      - { name: b, probability: 50, max_days: 20 }
      - { name: c, probability: 80 }
team:
  boss: [li, wang]
  zhao: []
  crm0018: []     # a login of its own on PostgreSQL, below
YAML
export CRM_CONFIG=$tmp/cfg.yaml

# Who acts: on a server the login (the cluster's superuser here: the
# database's administrator), on a file $CRM_USER.
if [ "$backend" = pg ]; then
	me=$(psql -X -At -d "$CRM_DB" -c 'SELECT current_user')
else
	me=boss
fi
export CRM_USER=$me

# The person rows, straight from the database: on PostgreSQL by psql, as
# crm-admin copy carries deals and their history, not the people.
people()
{
	p_q="SELECT name, admin, granted, granted_by, coalesce(left_at, -1),
	    coalesce(left_by, '') FROM person ORDER BY name"
	if [ "$backend" = pg ]; then
		psql -X -q -At -d "$CRM_DB" -c "$p_q"
	elif [ -e "$CRM_DB" ]; then
		sql "$p_q"
	fi	# else no database yet: a refused grant made none
}
role()
{
	psql -X -q -At -d "$CRM_DB" -c "SELECT rolcanlogin,
	    has_database_privilege(rolname, current_database(), 'CONNECT')
	    FROM pg_roles WHERE rolname = '$1'"
}

# Not in team: refused, naming them and who is there; nothing changes.
run crm-admin grant zz
is "grant of someone not in team: exit 2, nothing on stdout" "$rc|$out" "2|"
is "...names them and who is in team:" "$errout" \
    "crm-admin: grant: 'zz' is not in team: (people in team: boss, li, wang, zhao, crm0018): add them there first"
run crm-admin grant lii
is "a near name: did you mean" "$rc|$errout" \
    "2|crm-admin: grant: 'lii' is not in team:, did you mean 'li'? (people in team: boss, li, wang, zhao, crm0018): add them there first"
is "...and no person row" "$(people)" ""
if [ "$backend" = pg ]; then
	is "...and no role made" "$(role zz)" ""
fi
run env -u CRM_CONFIG crm-admin grant li
is "the built-in config's team: is an example: refused" "$rc|$errout" \
    "2|crm-admin: grant: 'li' is not in team: (the config (built-in) has the built-in example's): add them there first"
is "...and still no person row" "$(people)" ""
run crm-admin grant
is "grant without a name: usage, exit 2" "$rc|$out" "2|"
run crm-admin grant li wang
is "grant of two: usage, exit 2" "$rc|$out" "2|"

# Granted on 2026-11-01 09:00 UTC, epoch 1793523600.
run env CRM_NOW=2026-11-01T09:00:00Z crm-admin grant li
is "grant: exit 0, one line" "$rc|$out|$errout" "0|li: may sign in|"
run env CRM_NOW=2026-11-01T09:00:00Z crm-admin grant --admin boss
is "grant --admin: exit 0, one line" "$rc|$out|$errout" \
    "0|boss: may sign in, an admin|"
run env CRM_NOW=2026-11-01T09:00:00Z crm-admin grant wang --admin
is "--admin after the name too" "$rc|$out" "0|wang: may sign in, an admin"
run env CRM_NOW=2026-11-01T09:00:00Z crm-admin grant wang
is "granting again sets admin as given" "$rc|$out" "0|wang: may sign in"
is "the person rows" "$(people)" \
"boss|1|1793523600|$me|-1|
li|0|1793523600|$me|-1|
wang|0|1793523600|$me|-1|"
if [ "$backend" = pg ]; then
	is "pg: li's role may sign in and connect" "$(role li)" "t|t"
	# A person signed in (ruled by row-level security) may not grant:
	# crm says so before the server would refuse.  The name is this
	# test's own, as roles are the cluster's, and it gets a password to
	# sign in with (crm sets none).
	crm-admin grant crm0018 >/dev/null
	psql -X -q -d "$CRM_DB" -c "ALTER ROLE crm0018 PASSWORD 'pw0018'"
	run env PGUSER=crm0018 PGPASSWORD=pw0018 CRM_USER=crm0018 \
	    crm-admin grant zhao
	like "pg: a ruled login may not grant: exit 2" "$rc|$errout" \
	    "^2\|crm-admin: grant: 'crm0018' signed in to .* is not its owner: only the database's owner \(or a superuser\) may grant and revoke\$"
	run env PGUSER=crm0018 PGPASSWORD=pw0018 CRM_USER=crm0018 \
	    crm-admin revoke li
	is "pg: nor revoke" "$rc" 2
	is "...and nothing changed" "$(people | cut -d'|' -f1,5 | tr '\n' ' ')" \
	    "boss|-1 crm0018|-1 li|-1 wang|-1 "
	crm-admin revoke crm0018 >/dev/null
	is "pg: a revoked role stays, but may not connect" "$(role crm0018)" \
	    "t|f"
	run env PGUSER=crm0018 PGPASSWORD=pw0018 CRM_USER=crm0018 crm-ls
	like "...and signs in no more: exit 3, the server's reason" \
	    "$rc|$errout" "^3\|.*permission denied for database"
	psql -X -q -d "$CRM_DB" -c "ALTER ROLE crm0018 PASSWORD NULL"
	sql "DELETE FROM person WHERE name = 'crm0018'"
fi

# Deals, now 2026-11-24 09:00:
#  1 li    in a since 11-22 (2 days, limit 10), nothing logged: fine, but
#          li leaves: left; stalled 3 days (11-20 10:00 to 11-24 09:00)
#  2 li    in b since 10-01 (54 > 20), nothing logged (54 > 15): stage,
#          idle, left; stalled 54
#  3 li    won: closed, never stale
#  4 li    lost: closed, never stale
#  5 wang  in a since 11-23: fine
#  6 li    in a since 11-22, void: never stale
crm-add -o li -v 100 --at 2026-11-22 Small >/dev/null
crm-add -o li -v 200 --at 2026-10-01 -s b Big >/dev/null
crm-add -o li -v 300 --at 2026-10-01 -s c Won >/dev/null
crm-add -o li -v 400 --at 2026-10-01 -s c Lost >/dev/null
crm-add -o wang -v 500 --at 2026-11-23 Fine >/dev/null
crm-add -o li -v 600 --at 2026-11-22 Mistake >/dev/null
crm-advance -w --at 2026-11-10 3 >/dev/null
crm-advance -l price --at 2026-11-10 4 >/dev/null
crm-void -m 'entered by mistake' 6 >/dev/null

run crm-stale
is "before li leaves: only Big is stale, by stage and idle" \
    "$rc|$(printf '%s\n' "$out" | cut -f1,8)" "0|2	stage,idle"

# revoke
run crm-admin revoke zhao
is "revoke of someone never granted: exit 2" "$rc|$out|$errout" \
    "2||crm-admin: revoke: 'zhao' was never granted (crm-admin grant)"
run crm-admin revoke --admin li
is "revoke --admin: usage error, nothing done" "$rc|$errout" \
    "2|crm-admin: --admin is for grant alone"
run env CRM_NOW=2026-11-20T10:00:00Z crm-admin revoke li
is "revoke: exit 0, one line" "$rc|$out|$errout" \
    "0|li: left on 2026-11-20, may sign in no more; their records stay|"
is "revoke recorded: left_at 2026-11-20 10:00 UTC, by who ran it" \
    "$(people)" \
"boss|1|1793523600|$me|-1|
li|0|1793523600|$me|1795168800|$me
wang|0|1793523600|$me|-1|"
run crm-admin revoke li
is "revoke again: exit 0, says when they left" "$rc|$out|$errout" \
    "0|li: left on 2026-11-20 already|"
is "...and changes nothing" "$(people | grep '^li|')" \
    "li|0|1793523600|$me|1795168800|$me"
if [ "$backend" = pg ]; then
	# li is a superuser of the test cluster (tests/lib.sh), whom no
	# revoke keeps out; crm0018 above is the one that shows it.
	is "pg: li's role stays" "$(role li | cut -d'|' -f1)" "t"
fi
is "every deal of li's stays" "$(crm-ls -o li --all | cut -f1 | tr '\n' ' ')" \
    "1 2 3 4 "

# crm-stale: the open deals of li, reason left, with the hint.
T='	'
hint='owner left on 2026-11-20: hand it over (crm-set -o NAME)'
run crm-stale --header
is "crm-stale: li's open deals, reason left, and the hint" "$rc|$out" \
"0|id${T}title${T}account${T}owner${T}stage${T}stage_label${T}amount${T}reason${T}days_in_stage${T}max_days${T}days_idle${T}next_action${T}hint
2${T}Big${T}${T}li${T}b${T}b${T}200.00${T}stage,idle,left${T}54${T}20${T}54${T}${T}$hint
1${T}Small${T}${T}li${T}a${T}a${T}100.00${T}left${T}2${T}10${T}2${T}${T}$hint"
run crm-stale --reason left -f json
is "--reason left, as JSON" "$(printf '%s' "$out" | jq -c '[.[] | [.id, .reason]]')" \
    '[[2,"stage,idle,left"],[1,"left"]]'
run crm-stale --reason stage
is "--reason stage: Big alone, with all its reasons" \
    "$(printf '%s\n' "$out" | cut -f1,8)" "2${T}stage,idle,left"
run crm-stale --sort reason
is "--sort reason: left before stage,idle,left (as text)" \
    "$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ')" "1 2 "
run crm-stale -o wang
is "wang's deals: none stale" "$rc|$out" "1|"

# Handover: Small goes to wang, and is no longer left (nor stale at all).
run crm-set -o wang -m 'li left' 1
is "handover: exit 0" "$rc" 0
run crm-stale --reason left
is "after the handover, Big alone is left" "$(printf '%s\n' "$out" | cut -f1)" 2
run crm-stale
is "...and Small is not stale at all" "$(printf '%s\n' "$out" | cut -f1,4,8)" \
    "2${T}li${T}stage,idle,left"

# Granting again re-admits: left_at cleared, and no deal is left any more.
run env CRM_NOW=2026-11-24T09:00:00Z crm-admin grant li
is "grant after a revoke: exit 0" "$rc|$out" "0|li: may sign in"
is "...re-admitted: granted now, left cleared" "$(people | grep '^li|')" \
    "li|0|1795510800|$me|-1|"
run crm-stale --reason left
is "...and nothing is left" "$rc|$out" "1|"

done_testing
