#!/bin/sh
# crm-admin migrate and check on a server: migrate reports the version
# and refuses what it cannot do (the mechanism itself: tests/unit/db.c);
# check passes a clean database and names each broken rule, the same
# lines as on SQLite (tests/0016-admin.t).
. "$(dirname "$0")/lib.sh"

db=crm_admin_$$
pg_db "$db"
uri=postgresql:///$db
# psql's answer in this test's database.
qd()
{
	q "$db" "$1"
}

crm-admin init "$uri"
run crm-admin migrate "$uri"
is "migrate at crm's version: exit 0" "$rc.$errout" "0."
like "...one line, naming the server: nothing to do" "$out" \
    "^[^ ]*@[^ ]*/$db: schema version 9, nothing to do\$"

qd "UPDATE crm_meta SET value = '3' WHERE key = 'schema_version'"
run crm-ls -D "$uri" --all
is "an older version: an ordinary command exits 3" "$rc" 3
like "...asking for crm-admin migrate" "$errout" \
    "has schema version 3, this crm uses 9: run crm-admin migrate"
run crm-admin migrate "$uri"
is "migrate from a version crm never made on a server: exit 3" \
    "$rc.$out" "3."
like "...saying there is no way from it" "$errout" \
    "^crm-admin: database [^ ]*/$db has schema version 3, which crm never made on PostgreSQL: no migration from it to 9\$"
is "...and changes nothing" "$(qd "SELECT value FROM crm_meta WHERE key = 'schema_version'")" 3
qd "UPDATE crm_meta SET value = '10' WHERE key = 'schema_version'"
run crm-admin migrate "$uri"
is "migrate of a newer database: exit 3" "$rc.$out" "3."
like "...upgrade crm" "$errout" \
    "has schema version 10, newer than this crm \\(9\\): upgrade crm\$"
qd "UPDATE crm_meta SET value = '9' WHERE key = 'schema_version'"

# A server database at version 7, made from one at 9: what migrations 9
# and 8 added (lib/schema-pg-9.sql, lib/schema-pg-8.sql), taken away again.
to7="DROP TABLE deal_member, deal_contact, activity_contact, contact_change,
    contact;
DROP FUNCTION crm_member_drop_only(); DROP FUNCTION crm_contact_id();
DROP FUNCTION crm_contact_recorded();
DROP FUNCTION crm_contact_change_id(); DROP FUNCTION crm_deal_member_id();
DROP POLICY deal_see ON deal; DROP POLICY deal_add ON deal;
DROP POLICY deal_edit ON deal; DROP POLICY account_see ON account;
DROP POLICY stage_change_see ON stage_change;
DROP POLICY stage_change_add ON stage_change;
DROP POLICY stage_change_void ON stage_change;
DROP POLICY activity_see ON activity; DROP POLICY activity_add ON activity;
DROP POLICY activity_void ON activity;
DROP POLICY field_change_see ON field_change;
DROP POLICY field_change_add ON field_change;
DROP POLICY void_record_see ON void_record;
DROP POLICY void_record_add ON void_record;
ALTER TABLE deal DISABLE ROW LEVEL SECURITY;
ALTER TABLE account DISABLE ROW LEVEL SECURITY;
ALTER TABLE stage_change DISABLE ROW LEVEL SECURITY;
ALTER TABLE activity DISABLE ROW LEVEL SECURITY;
ALTER TABLE field_change DISABLE ROW LEVEL SECURITY;
ALTER TABLE void_record DISABLE ROW LEVEL SECURITY;
DROP TRIGGER deal_handover ON deal; DROP TRIGGER deal_recorded ON deal;
DROP TRIGGER stage_change_recorded ON stage_change;
DROP TRIGGER field_change_recorded ON field_change;
DROP FUNCTION crm_handover(); DROP FUNCTION crm_deal_recorded();
DROP FUNCTION crm_stage_recorded(); DROP FUNCTION crm_field_recorded();
DROP FUNCTION crm_this_xact(xid);
DROP FUNCTION crm_handover_refusal(bigint, text, text, name);
DROP FUNCTION crm_grant(text, boolean, bigint);
DROP FUNCTION crm_revoke(text, bigint);
DROP FUNCTION crm_account_named(text, bigint); DROP FUNCTION crm_max_id(regclass);
DROP FUNCTION crm_member_deals(name);
DROP FUNCTION crm_below(name); DROP FUNCTION crm_admin(name);
DROP FUNCTION crm_owner(name);
DROP TABLE person, team_link, config_push;
DROP FUNCTION crm_config_push_id();
ALTER FUNCTION crm_account_id() SECURITY INVOKER;
ALTER FUNCTION crm_deal_id() SECURITY INVOKER;
ALTER FUNCTION crm_stage_change_id() SECURITY INVOKER;
ALTER FUNCTION crm_activity_id() SECURITY INVOKER;
ALTER FUNCTION crm_field_change_id() SECURITY INVOKER;
ALTER FUNCTION crm_void_record_id() SECURITY INVOKER;
UPDATE crm_meta SET value = '7' WHERE key = 'schema_version';"

# A server database at version 6, made from one at 7 with its rows: what
# migration 7 added, taken away again (dropping void_id drops the two
# indexes that hold it; they are made again as version 6 had them).
to6="$to7
DROP TRIGGER stage_change_no_update ON stage_change;
DROP TRIGGER activity_no_update ON activity;
DROP TRIGGER deal_void_final ON deal;
ALTER TABLE deal DROP COLUMN void_id;
ALTER TABLE stage_change DROP COLUMN void_id;
ALTER TABLE activity DROP COLUMN void_id;
DROP TABLE void_record;
DROP FUNCTION crm_void_only(); DROP FUNCTION crm_void_final();
DROP FUNCTION crm_void_record_id();
CREATE INDEX deal_open ON deal(owner, pipeline, stage)
	INCLUDE (stage_entered, last_activity, created, next_action, amount,
	account_id, title) WHERE status = 'open';
CREATE INDEX stage_change_deal_at ON stage_change(deal_id, at, id, to_stage);
CREATE TRIGGER stage_change_no_update BEFORE UPDATE OR DELETE ON stage_change
FOR EACH ROW EXECUTE FUNCTION crm_refuse('stage changes are append-only');
CREATE TRIGGER activity_no_update BEFORE UPDATE OR DELETE ON activity
FOR EACH ROW EXECUTE FUNCTION crm_refuse('activities are append-only');
UPDATE crm_meta SET value = '6' WHERE key = 'schema_version';"

# Version 7 on a server made at 6: every row kept, none void; then a
# void and an undo work there, and check passes.
pg_db "${db}_6"
crm-admin init "$uri"_6 >/dev/null
crm-add -D "$uri"_6 -o li 'Kept' >/dev/null
crm-add -D "$uri"_6 -o li 'Mistake' >/dev/null
crm-advance -D "$uri"_6 -F 1 >/dev/null
crm-log -D "$uri"_6 -k call 1 >/dev/null
crm-set -D "$uri"_6 -v 100 2 >/dev/null
rows="SELECT (SELECT count(*) FROM deal) || ' ' ||
    (SELECT count(*) FROM stage_change) || ' ' ||
    (SELECT count(*) FROM activity) || ' ' ||
    (SELECT count(*) FROM field_change)"
q "${db}_6" "$to6"
before=$(q "${db}_6" "$rows")
run crm-admin migrate "$uri"_6
like "migrate from 6: exit 0, one line" "$rc|$out" \
    "^0\|[^ ]*@[^ ]*/${db}_6: schema version 6 -> 9\$"
is "...the rules of who sees what are there (migration 8)" \
    "$(q "${db}_6" "SELECT count(*) FROM pg_policies WHERE tablename IN
    ('deal', 'account', 'stage_change', 'activity', 'field_change',
    'void_record')")" 14
is "...every row is there, none void" \
    "$(q "${db}_6" "$rows"; q "${db}_6" "SELECT count(*) FROM deal
    WHERE void_id IS NOT NULL")" "$before
0"
run crm-void -D "$uri"_6 -m 'a test' 2
is "...a deal is voided there" "$rc|$out|$errout" "$(printf '0|2\tdeal\t1|')"
run crm-advance -D "$uri"_6 --undo -m 'too soon' 1
is "...a move is undone there" "$rc|$out|$errout" \
    "$(printf '0|1\tneeds\tlead|')"
run crm-admin check "$uri"_6
is "...and check passes" "$rc|$out|$errout" "0||"
is "...the void rows cannot be changed" \
    "$(q "${db}_6" "UPDATE stage_change SET note = 'x' WHERE id = 2" 2>&1 |
    sed -n 's/^ERROR: *//p')" "stage changes are append-only"

# Version 9 on a server made at 8 with free-text contacts: each (account,
# name) one contact, made when and by whom its first deal was, and each
# deal's buying group holding its own (lib/schema-pg-9.sql); the deals'
# text as it was.
to8="DROP TABLE deal_member, deal_contact, activity_contact, contact_change,
    contact;
DROP FUNCTION crm_member_drop_only(); DROP FUNCTION crm_contact_id();
DROP FUNCTION crm_contact_recorded();
DROP FUNCTION crm_contact_change_id(); DROP FUNCTION crm_deal_member_id();
DROP POLICY deal_see ON deal; DROP POLICY deal_edit ON deal;
CREATE POLICY deal_see ON deal FOR SELECT
	USING ((SELECT crm_admin(current_user)) OR
	    owner IN (SELECT unnest(crm_below(current_user))));
CREATE POLICY deal_edit ON deal FOR UPDATE
	USING ((SELECT crm_admin(current_user)) OR
	    owner IN (SELECT unnest(crm_below(current_user))))
	WITH CHECK ((SELECT crm_admin(current_user)) OR
	    owner IN (SELECT unnest(crm_below(current_user))));
DROP FUNCTION crm_member_deals(name);
UPDATE crm_meta SET value = '8' WHERE key = 'schema_version';"
pg_db "${db}_8"
crm-admin init "$uri"_8 >/dev/null
crm-add -D "$uri"_8 -o li -a Acme -c Bob One >/dev/null
crm-add -D "$uri"_8 -o li -a Acme -c ' Bob ' Two >/dev/null
crm-add -D "$uri"_8 -o li -a Acme -c Ann Three >/dev/null
crm-add -D "$uri"_8 -o li -c Zed Four >/dev/null
crm-add -D "$uri"_8 -o li -a Acme Five >/dev/null
q "${db}_8" "$to8"
run crm-admin migrate "$uri"_8
like "migrate from 8: exit 0, one line" "$rc|$out" \
    "^0\|[^ ]*@[^ ]*/${db}_8: schema version 8 -> 9\$"
is "...Bob (twice), Ann and Zed made contacts, of their accounts" \
    "$(q "${db}_8" "SELECT id, coalesce(account_id, 0), name, created_by
    FROM contact ORDER BY id")" "1|1|Bob|$CRM_USER
2|1|Ann|$CRM_USER
3|0|Zed|$CRM_USER"
is "...each deal's buying group holds its own" \
    "$(q "${db}_8" "SELECT deal_id || '>' || contact_id FROM deal_contact
    ORDER BY deal_id" | tr '\n' ' ')" "1>1 2>1 3>2 4>3 "
is "...the deals' text as it was" \
    "$(q "${db}_8" "SELECT string_agg(coalesce(contact, '-'), '|' ORDER BY id)
    FROM deal")" "Bob|Bob|Ann|Zed|-"

# Version 6 on a server made at 5: activity.after_change, the activities
# there kept (they count after the changes of their second: NULL).
pg_db "${db}_5"
crm-admin init "$uri"_5 >/dev/null
crm-add -D "$uri"_5 -o li 'Before 6' >/dev/null
crm-log -D "$uri"_5 -k call 1 >/dev/null
q "${db}_5" "$to6"
q "${db}_5" "ALTER TABLE activity DROP COLUMN after_change"
q "${db}_5" "UPDATE crm_meta SET value = '5' WHERE key = 'schema_version'"
run crm-admin migrate "$uri"_5
like "migrate from 5: exit 0, one line" "$rc|$out" \
    "^0\|[^ ]*@[^ ]*/${db}_5: schema version 5 -> 9\$"
is "...the activity is there, its after_change NULL" \
    "$(q "${db}_5" "SELECT id, after_change IS NULL FROM activity")" "1|t"
is "...and its stage is the deal's" "$(crm-log -D "$uri"_5 -L | cut -f2,10)" \
    "$(printf '1\tlead')"

# migrate takes the writers' lock: it waits for a writer to finish.
psql -X -q -d "$db" -c "BEGIN" \
    -c "SELECT pg_advisory_xact_lock(1129467185)" \
    -c '\! touch locked' -c "SELECT pg_sleep(2)" -c "COMMIT" >/dev/null &
wait_for locked
t0=$(date +%s)
run crm-admin migrate "$uri"
t1=$(date +%s)
wait
ok "migrate waits for the writers' lock ($((t1 - t0)) s)" [ $((t1 - t0)) -ge 1 ]
is "...then finds nothing to do" "$rc" 0

run crm-admin check "$uri"
is "check of an empty database: exit 0, silent" "$rc|$out|$errout" "0||"
export CRM_DB=$uri
crm-add -v 100 'One' >/dev/null
crm-add -s negotiation 'Two' >/dev/null
crm-add -a Acme 'Three' >/dev/null
crm-log -k call 1 >/dev/null
crm-set -v 5 1 >/dev/null
crm-advance -w 2 >/dev/null
run crm-admin check
is "check of a clean database: exit 0, silent" "$rc|$out|$errout" "0||"

# Broken on purpose, as only plain SQL with crm's rules switched off can.
qd "ALTER TABLE deal DROP CONSTRAINT deal_amount_check;
ALTER TABLE stage_change DISABLE TRIGGER stage_change_no_update;
ALTER TABLE stage_change DROP CONSTRAINT stage_change_deal_id_fkey;
ALTER TABLE activity DROP CONSTRAINT activity_deal_id_fkey;
ALTER TABLE field_change DROP CONSTRAINT field_change_deal_id_fkey;
ALTER TABLE deal DROP CONSTRAINT deal_account_id_fkey;
UPDATE deal SET stage = 'proposal', amount = -5, currency = 'usd',
    closed = 7 WHERE id = 1;
UPDATE deal SET stage = 'negotiation', closed = NULL,
    stage_entered = 1 WHERE id = 2;
DELETE FROM stage_change WHERE deal_id = 3;
INSERT INTO activity (id, deal_id, kind, at, by)
    VALUES (90, 42, 'call', 1, 'li');
INSERT INTO activity (id, deal_id, kind, at, by, after_change)
    VALUES (94, 2, 'call', 1, 'li', 1);
INSERT INTO activity (id, deal_id, kind, at, by, after_change)
    VALUES (95, 1, 'call', 1, 'li', 999);
INSERT INTO activity (id, deal_id, kind, at, by, after_change)
    VALUES (96, 1, 'call', 1, 'li', 1);
INSERT INTO field_change (id, deal_id, field, at, by)
    VALUES (91, 43, 'amount', 1, 'li');
INSERT INTO stage_change (id, deal_id, from_stage, to_stage, at, by)
    VALUES (92, 44, NULL, 'lead', 1, 'li');
INSERT INTO stage_change (id, deal_id, from_stage, to_stage, at, by)
    VALUES (93, 1, 'x', 'lead', 1, 'li');
UPDATE deal SET account_id = 99 WHERE id = 3;"
at2=$(qd "SELECT at FROM stage_change WHERE deal_id = 2 ORDER BY at DESC, id DESC LIMIT 1")
last1=$(qd "SELECT id FROM stage_change WHERE deal_id = 1 ORDER BY at DESC, id DESC LIMIT 1")
last2=$(qd "SELECT id FROM stage_change WHERE deal_id = 2 ORDER BY at DESC, id DESC LIMIT 1")
run crm-admin check
is "check of a broken database: exit 1" "$rc.$errout" "1."
is "...a line per broken rule" "$out" "deal 3: account 99 does not exist
stage_change 92: deal 44 does not exist
activity 90: deal 42 does not exist
field_change 91: deal 43 does not exist
deal 1: open, but closed is set (7)
deal 1: amount -5 is negative
deal 1: currency 'usd' is not three upper-case letters
deal 2: status 'won', but stage 'negotiation'
deal 2: status 'won', but closed is not set
deal 1: stage 'proposal', but its last stage change ($last1) is to 'lead'
deal 1: its first stage change (93) is from 'x', not from none
deal 2: stage 'negotiation', but its last stage change ($last2) is to 'won'
deal 2: stage_entered 1, but its last stage change ($last2) is at $at2
deal 3: no stage change
deal 1: stage change 1 is from none, but the one before it (93) is to 'lead'
activity 94: after_change 1 is a stage change of deal 1, not of deal 2
activity 95: after_change 999: no such stage change"

run crm-admin check "postgresql:///${db}_none"
is "check of a database that is not there: exit 3" "$rc" 3

done_testing
