#!/bin/sh
# Contacts on a server (issue 18, lib/schema-pg-9.sql): a person sees the
# contacts of the accounts of the deals they see and those they added;
# any other contact does not exist for them (crm-contact --set, --left),
# and what they add and change is on record under their login.
. "$(dirname "$0")/lib.sh"

db=crm_contact_rls_$$
pg_db "$db"
uri=postgresql:///$db
export CRM_DB=$uri
unset CRM_USER

crm-admin init "$uri" >/dev/null
# Ordinary roles, as tests/pg/0070-rls.t makes them.
for n in li zhao; do
	q postgres "DO \$\$ BEGIN
	IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$n') THEN
		ALTER ROLE $n NOSUPERUSER LOGIN PASSWORD '${PGPASSWORD:-}';
	ELSE
		CREATE ROLE $n LOGIN PASSWORD '${PGPASSWORD:-}';
	END IF; END \$\$" >/dev/null
done
crm-admin config show | sed '/^team:/,$d' >funnel.yaml
cat >>funnel.yaml <<'EOF'
team:
  jiang: [li, zhao]
EOF
crm-admin config push funnel.yaml >/dev/null
crm-admin grant li >/dev/null
crm-admin grant zhao >/dev/null
crm-add -o li -a Acme 'L1' >/dev/null
crm-add -o zhao -a Zeta 'Z1' >/dev/null

run env PGUSER=li crm-contact -a Acme -r decision-maker Bob
is "li adds a contact of an account of theirs" "$rc:$out:$errout" "0:1:"
run env PGUSER=zhao crm-contact -a Zeta Zed
is "zhao adds one of theirs" "$rc:$out:$errout" "0:2:"
run env PGUSER=li crm-contact -a Newco Nina
is "li adds one of an account without deals: theirs, as they made it" \
    "$rc:$out" "0:3"
# The account itself is seen through deals (lib/schema-pg-8.sql): one
# with none of li's is not named to them.
run env PGUSER=li crm-contact -L
is "li sees Acme's and their own" "$(printf '%s\n' "$out" | cut -f1-3)" \
"1	Bob	Acme
3	Nina	"
run env PGUSER=zhao crm-contact -L
is "zhao sees Zeta's alone" "$(printf '%s\n' "$out" | cut -f1-3)" "2	Zed	Zeta"
run env PGUSER=zhao crm-contact --set 1 --title CEO
is "zhao cannot change li's contact: no such contact" "$rc:$out:$errout" \
    "1::crm-contact: contact 1: no such contact"
run env PGUSER=zhao crm-contact --left 1 -m gone
is "nor record that they left" "$rc:$out:$errout" \
    "1::crm-contact: contact 1: no such contact"
run env PGUSER=li crm-contact --set 1 --title CEO -m promoted
is "li changes their own" "$rc:$out:$errout" "0:1	title:"
run env PGUSER=li crm-contact --left 1 -m 'moved on'
is "li records that they left" "$rc:$out:$errout" "0:1	left:"
is "on record under li's login" \
    "$(q "$db" "SELECT contact_id, field, old, new, by, note FROM contact_change ORDER BY id")" \
"1|title||CEO|li|promoted
1|left||2026-11-24T09:00:00Z|li|moved on"
is "the contacts as stored" \
    "$(q "$db" "SELECT id, name, title, created_by, left_by, left_note FROM contact ORDER BY id")" \
"1|Bob|CEO|li|li|moved on
2|Zed||zhao||
3|Nina||li||"

# Plain SQL as li: an edit with no contact change on record is refused at
# commit, and nothing changes.
like "psql: a title changed with no contact change: refused" \
    "$(PGUSER=li psql -X -q -At -d "$db" \
    -c "UPDATE contact SET title = 'CTO' WHERE id = 1" 2>&1)" \
    "contact 1: title changes only with a contact change on record"
like "psql: nor can a contact be deleted" \
    "$(PGUSER=li psql -X -q -At -d "$db" \
    -c "DELETE FROM contact WHERE id = 3" 2>&1)" \
    "permission denied for table contact"
is "...Bob is still the CEO, Nina still there" \
    "$(q "$db" "SELECT string_agg(id || coalesce(title, ''), ' ' ORDER BY id) FROM contact")" \
    "1CEO 2 3"

done_testing
