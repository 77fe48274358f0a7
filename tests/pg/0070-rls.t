#!/bin/sh
# Who sees and changes what on a server (issue 17, lib/schema-pg-8.sql):
# jiang over li and wang, wang over zhao, and boss an admin, each signed
# in as themselves.  Through crm's commands and through psql as each of
# them: exactly the deals, history and funnel figures the rules give,
# every forbidden read empty and every forbidden write refused with
# nothing changed, and a change made with plain SQL either refused or
# on record as crm would record it.
. "$(dirname "$0")/lib.sh"

db=crm_rls_$$
pg_db "$db"
uri=postgresql:///$db
export CRM_DB=$uri
# The owner (the cluster's superuser, who ran init) adds the deals for
# each; on a server CRM_USER may only name the login.
unset CRM_USER
qd()
{
	q "$db" "$1"
}
# psql as person $1: SQL $2, its answer or its error, one line each.
as()
{
	PGUSER=$1 psql -X -q -At -d "$db" -c "$2" 2>&1 |
	    sed 's/^psql:[^ ]* //'
}

crm-admin init "$uri" >/dev/null
# The people: roles the cluster may have from another test (superusers
# there) are made ordinary ones, with the cluster's password.
for n in jiang li wang zhao boss; do
	q postgres "DO \$\$ BEGIN
	IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$n') THEN
		ALTER ROLE $n NOSUPERUSER LOGIN PASSWORD '${PGPASSWORD:-}';
	ELSE
		CREATE ROLE $n LOGIN PASSWORD '${PGPASSWORD:-}';
	END IF; END \$\$" >/dev/null
done
# The funnel of the built-in config, with this team, pushed into the
# database; each person let in by the owner.
crm-admin config show | sed '/^team:/,$d' >funnel.yaml
cat >>funnel.yaml <<'EOF'
team:
  jiang: [li, wang]
  wang: [zhao]
  boss: []
EOF
run crm-admin config push funnel.yaml
is "the team's config pushed" "$rc|$errout" "0|"
is "...its team links" "$(qd "SELECT string_agg(manager || '>' || report,
    ' ' ORDER BY manager, report) FROM team_link")" "jiang>li jiang>wang wang>zhao"
for n in jiang li wang zhao; do
	crm-admin grant "$n" >/dev/null
done
run crm-admin grant --admin boss
is "boss let in as an admin" "$rc|$out" "0|boss: may sign in, an admin"

crm-add -o li -a Acme -v 100 'L1' >/dev/null
crm-add -o wang -a Acme -v 200 'W1' >/dev/null
crm-add -o zhao -a Zed -v 300 'Z1' >/dev/null
crm-add -o jiang -v 400 'J1' >/dev/null
crm-add -o li -v 500 'L2' >/dev/null

# Identity: the login acts; CRM_USER may name only the login.
run env PGUSER=li CRM_USER=li crm-ls
is "CRM_USER naming the login: fine" "$rc" 0
run env PGUSER=li CRM_USER=wang crm-ls
is "CRM_USER naming someone else: exit 2, nothing read" "$rc|$out" "2|"
like "...saying the login acts" "$errout" \
    "^crm-ls: CRM_USER 'wang' is not who signed in to [^ ]*: on a server the database login acts, here 'li' \\(unset CRM_USER, or sign in as 'wang'\\)\$"

# Who sees which deals, through crm-ls and through psql.
for who in "jiang 1 2 3 4 5" "li 1 5" "wang 2 3" "zhao 3" \
    "boss 1 2 3 4 5"; do
	set -- $who
	n=$1
	shift
	is "$n sees deals $*: crm-ls" \
	    "$(PGUSER=$n crm-ls | cut -f1 | tr '\n' ' ')" "$* "
	is "$n sees deals $*: psql" \
	    "$(as "$n" "SELECT id FROM deal ORDER BY id" | tr '\n' ' ')" "$* "
done
is "li sees the accounts of their deals alone" \
    "$(as li "SELECT name FROM account ORDER BY name")" "Acme"
is "zhao: the same" "$(as zhao "SELECT name FROM account ORDER BY name")" \
    "Zed"
is "li sees the stage changes of their deals alone (1 and 5)" \
    "$(as li "SELECT deal_id FROM stage_change ORDER BY id" |
    tr '\n' ' ')" "1 5 "
is "forbidden read: wang's deal is not there for li" \
    "$(as li "SELECT count(*) FROM deal WHERE id = 2")" 0
run env PGUSER=li crm-show 2
is "...nor for crm-show: no such deal" "$rc|$errout" \
    "1|crm-show: deal 2: no such deal"

# The funnel counts what the person sees: lead (5%) holds every deal.
# wang: 200 + 300 = 500.00, weighted 25.00; li: 100 + 500 = 600.00,
# 30.00; jiang: 1,500.00, 75.00.
for who in "wang 2 500.00 25.00" "li 2 600.00 30.00" \
    "jiang 5 1500.00 75.00" "boss 5 1500.00 75.00" "zhao 1 300.00 15.00"; do
	set -- $who
	is "$1's funnel: lead $2 deals, $3, weighted $4" \
	    "$(PGUSER=$1 crm-funnel -f tsv | awk -F '\t' '$1 == "lead" {
	    print $4, $5, $6 }')" "$2 $3 $4"
done

# Logging, advancing and editing what one sees; not what one does not.
run env PGUSER=li crm-log -k call -m 'first call' 1
is "li logs a call on deal 1" "$rc" 0
is "...by li, the login" "$(qd "SELECT by FROM activity WHERE deal_id = 1")" li
run env PGUSER=wang crm-advance -F -s needs 2
is "wang's call on deal 2" "$(PGUSER=wang crm-log -k call -m 'w call' 2 |
    cut -f1,2)" "2	2"
for who in "jiang 1 2" "li 1" "wang 2" "zhao " "boss 1 2"; do
	set -- $who
	n=$1
	shift
	is "$n's crm-log -L: the activities of deals $*" \
	    "$(PGUSER=$n crm-log -L -f tsv | cut -f1 | sort -n | tr '\n' ' ')" \
	    "$(for x in "$@"; do printf '%s ' "$x"; done)"
	is "$n's activities through psql: the same" \
	    "$(as "$n" "SELECT deal_id FROM activity ORDER BY deal_id" |
	    tr '\n' ' ')" "$(for x in "$@"; do printf '%s ' "$x"; done)"
done
before=$(qd "SELECT count(*) FROM activity")
run env PGUSER=li crm-log -k call 2
is "li cannot log on wang's deal: exit 1, no such deal" "$rc|$errout" \
    "1|crm-log: deal 2: no such deal"
is "...nothing logged" "$(qd "SELECT count(*) FROM activity")" "$before"
run env PGUSER=wang crm-advance -F -s needs 3
is "wang advances zhao's deal (below him)" "$rc|$out" "0|3	lead	needs"
is "...on record by wang" \
    "$(qd "SELECT by FROM stage_change WHERE deal_id = 3 AND to_stage = 'needs'")" \
    wang
run env PGUSER=zhao crm-set -v 350 3
is "zhao edits their deal" "$rc" 0

# Handover: the one who hands over is above the owner, the new owner below
# the one who hands over.
run env PGUSER=li crm-set -o wang 1
is "li cannot give their deal away: exit 1" "$rc|$out|$errout" \
    "1||crm-set: deal 1 belongs to li, who is not below li"
run env PGUSER=wang crm-set -o li 3
is "wang cannot hand zhao's deal to li, not below wang" "$rc|$errout" \
    "1|crm-set: deal 3 cannot go to li, who is not below wang"
run env PGUSER=zhao crm-set -o wang 3
is "zhao cannot give it up to wang either" "$rc|$errout" \
    "1|crm-set: deal 3 belongs to zhao, who is not below zhao"
is "...deal 1 and 3 keep their owners" \
    "$(qd "SELECT owner FROM deal WHERE id IN (1, 3) ORDER BY id" |
    tr '\n' ' ')" "li zhao "
run env PGUSER=jiang crm-set -o wang 1
is "jiang hands li's deal to wang (both below him)" "$rc|$out" \
    "0|1	owner"
is "...on record by jiang" "$(qd "SELECT old || ' ' || new || ' ' || by
    FROM field_change WHERE deal_id = 1 AND field = 'owner'")" "li wang jiang"
is "...and li sees it no more" "$(as li "SELECT count(*) FROM deal
    WHERE id = 1")" 0
run env PGUSER=li crm-add -o wang 'For wang'
is "li cannot add a deal for wang: exit 2, nothing added" \
    "$rc|$(qd "SELECT count(*) FROM deal WHERE title = 'For wang'")" "2|0"
like "...saying why" "$errout" "owner 'wang' is not below li"
run env PGUSER=wang crm-add -o zhao -a Acme 'For zhao'
is "wang adds one for zhao, on an account he sees already" "$rc|$out" "0|6"
run env PGUSER=zhao crm-add -a 'Acme' 'Zhao at Acme'
is "zhao adds one at Acme, whose other deals are not his to see" \
    "$rc|$out|$(qd "SELECT count(*) FROM account WHERE name = 'Acme'")" \
    "0|7|1"

# Plain SQL as a person: no deletes, no rewrites, no unrecorded change.
snap="SELECT string_agg(id || owner || amount || stage || status, ',' ORDER BY id) FROM deal"
snaph="SELECT (SELECT count(*) FROM stage_change) || ' ' ||
    (SELECT count(*) FROM activity) || ' ' || (SELECT count(*) FROM field_change)"
before=$(qd "$snap")$(qd "$snaph")
like "psql: li cannot delete a deal" \
    "$(as li "DELETE FROM deal WHERE id = 5")" "permission denied for table deal"
like "psql: nor rewrite a stage change" \
    "$(as li "UPDATE stage_change SET note = 'x' WHERE deal_id = 5")" \
    "permission denied for table stage_change"
like "psql: nor delete an activity" \
    "$(as jiang "DELETE FROM activity")" "permission denied for table activity"
like "psql: nor truncate" "$(as boss "TRUNCATE field_change")" \
    "permission denied for table field_change"
like "psql: an amount changed with no field change: refused at commit" \
    "$(as li "UPDATE deal SET amount = 1 WHERE id = 5")" \
    "deal 5: amount changes only with a field change on record \\(crm-set\\)"
like "psql: a stage changed with no stage change: refused" \
    "$(as li "UPDATE deal SET stage = 'won', status = 'won' WHERE id = 5")" \
    "deal 5: its stage changes only with a stage change on record"
like "psql: a stage change that moves no deal: refused" \
    "$(as li "INSERT INTO stage_change (deal_id, from_stage, to_stage, at, by)
    VALUES (5, 'lead', 'needs', 1795514400, 'li')")" \
    "deal 5: a stage change must move the deal where it goes"
like "psql: an activity in someone else's name: refused" \
    "$(as li "INSERT INTO activity (deal_id, kind, at, by)
    VALUES (5, 'call', 1, 'wang')")" "violates row-level security policy"
like "psql: an activity on a deal li does not see: refused" \
    "$(as li "INSERT INTO activity (deal_id, kind, at, by)
    VALUES (2, 'call', 1, 'li')")" "violates row-level security policy"
is "psql: an update of a deal li does not see changes nothing" \
    "$(as li "UPDATE deal SET amount = 1 WHERE id = 2")" ""
like "psql: a last activity made up: refused" \
    "$(as li "UPDATE deal SET last_activity = 99 WHERE id = 5")" \
    "deal 5: its last activity is the time of its latest activity"
like "psql: an owner changed by hand: the handover rule holds" \
    "$(as li "UPDATE deal SET owner = 'jiang' WHERE id = 5")" \
    "deal 5 belongs to li, who is not below li"
like "psql: the config in force cannot be pushed by a person" \
    "$(as boss "INSERT INTO config_push (at, by, text) VALUES (1, 'boss', 'x')")" \
    "permission denied for table config_push"
is "...and none of it changed a thing" "$(qd "$snap")$(qd "$snaph")" "$before"

# A stage change made in plain SQL the way crm makes it stands, on record.
as li "BEGIN;
UPDATE deal SET stage = 'needs', stage_entered = 1795514400 WHERE id = 5;
INSERT INTO stage_change (deal_id, from_stage, to_stage, at, by)
VALUES (5, 'lead', 'needs', 1795514400, 'li');
COMMIT" >/dev/null
is "psql: a recorded stage change stands" \
    "$(qd "SELECT d.stage || ' ' || c.by FROM deal d JOIN stage_change c
    ON c.deal_id = d.id AND c.to_stage = d.stage WHERE d.id = 5")" "needs li"
run crm-admin check
is "...and the database keeps crm's rules" "$rc|$out|$errout" "0||"

# A member of a deal's team sees it and works on it, without owning it
# (issue 18): jiang puts zhao on li's deal 5 as presales.
run env PGUSER=jiang crm-set --member zhao:presales 5
is "jiang adds zhao to deal 5's team" "$rc|$out" "0|5	member"
is "zhao now sees deal 5 too" \
    "$(PGUSER=zhao crm-ls | cut -f1 | tr '\n' ' ')" "3 5 6 7 "
run env PGUSER=zhao crm-log -k call -m 'technical call' 5
is "...logs on it" "$rc" 0
run env PGUSER=zhao crm-set -o zhao 5
is "...but cannot take it over" "$rc|$errout" \
    "1|crm-set: deal 5 belongs to li, who is not below zhao"
run env PGUSER=jiang crm-set --drop-member zhao 5
is "dropped from the team" "$rc" 0
is "...zhao sees deal 5 no more" \
    "$(PGUSER=zhao crm-ls | cut -f1 | tr '\n' ' ')" "3 6 7 "

# zhao leaves: signs in no more; wang sees zhao's open deals (3, the one
# wang added, 6, and the one zhao added, 7) as left, until he hands them
# over.
run crm-admin revoke zhao
is "zhao is revoked" "$rc" 0
run env PGUSER=zhao crm-ls
is "...and cannot sign in" "$rc|$out" "3|"
like "...the server says why" "$errout" "permission denied for database"
is "wang's crm-stale: zhao's open deals, reason left" \
    "$(PGUSER=wang crm-stale --reason left -f tsv | cut -f1 | sort -n |
    tr '\n' ' ')" "3 6 7 "
is "...zhao's records all stay" \
    "$(qd "SELECT count(*) FROM deal WHERE owner = 'zhao'")" 3
run env PGUSER=wang crm-set -o wang 3
is "wang takes deal 3 over" "$rc" 0
is "...and it is left no more" \
    "$(PGUSER=wang crm-stale --reason left -f tsv | cut -f1 | sort -n | tr '\n' ' ')" \
    "6 7 "

done_testing
