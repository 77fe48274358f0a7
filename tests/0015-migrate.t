#!/bin/sh
# Migrations: a database of schema version 1 (built from that version's
# schema, as crm 0.1's first code wrote it) is upgraded in place, and
# everything in it is still there.
. "$(dirname "$0")/lib.sh"

# Version 1's schema is lib/schema.sql as released: never edited since.
sqlite3 v1.db <"$top/lib/schema.sql"
sqlite3 v1.db "PRAGMA user_version = 1; PRAGMA application_id = 1129467185;
INSERT INTO account (id, name, created) VALUES (1, '华东制造', 1790000000);
INSERT INTO deal (id, title, account_id, owner, amount, currency, pipeline,
    stage, status, created, created_by, stage_entered, closed, lost_reason)
  VALUES (1, 'Won one', 1, 'li', 100000, 'CNY', 'project', 'won', 'won',
    1790000000, 'li', 1791000000, 1791000000, NULL),
  (2, 'Lost one', NULL, 'wang', 200000, 'CNY', 'project', 'lost', 'lost',
    1790000000, 'wang', 1792000000, 1792000000, 'price'),
  (3, 'Open one', NULL, 'li', 300000, 'CNY', 'project', 'needs', 'open',
    1790000000, 'li', 1790500000, NULL, NULL);
INSERT INTO stage_change (deal_id, from_stage, to_stage, at, by, forced, note)
  VALUES (1, NULL, 'lead', 1790000000, 'li', 0, NULL),
  (1, 'lead', 'won', 1791000000, 'li', 0, NULL),
  (2, NULL, 'lead', 1790000000, 'wang', 0, NULL),
  (2, 'lead', 'lost', 1791500000, 'wang', 0, 'price'),
  (2, 'lost', 'lead', 1791600000, 'wang', 0, 'reopened'),
  (2, 'lead', 'lost', 1792000000, 'wang', 0, 'price'),
  (3, NULL, 'lead', 1790000000, 'li', 0, NULL),
  (3, 'lead', 'needs', 1790500000, 'li', 1, 'early');
INSERT INTO activity (deal_id, kind, at, by, stage, note)
  VALUES (3, 'visit', 1790100000, 'li', 'lead', 'met them');
INSERT INTO field_change (deal_id, field, old, new, at, by)
  VALUES (3, 'amount', '2000.00', '3000.00', 1790200000, 'li');"

run crm-ls -D v1.db --all
is "an old database opens" "$rc" 0
is "every deal is there" "$(printf '%s\n' "$out" | cut -f1,2 | tr '\t\n' ': ')" \
    "1:Won one 2:Lost one 3:Open one "
is "upgraded to the current version" "$(sqlite3 v1.db 'PRAGMA user_version')" 9
is "every stage change, activity and field change is there" \
    "$(sqlite3 v1.db 'SELECT (SELECT count(*) FROM stage_change), (SELECT count(*) FROM activity), (SELECT count(*) FROM field_change)')" "8|1|1"
is "the stage changes are unchanged" \
    "$(sqlite3 v1.db 'SELECT group_concat(coalesce(from_stage, "-") || ">" || to_stage || "@" || at, " ") FROM stage_change')" \
    "->lead@1790000000 lead>won@1791000000 ->lead@1790000000 lead>lost@1791500000 lost>lead@1791600000 lead>lost@1792000000 ->lead@1790000000 lead>needs@1790500000"
is "the last loss of a lost deal gets the deal's reason" \
    "$(sqlite3 v1.db 'SELECT id, reason FROM stage_change WHERE reason IS NOT NULL')" "6|price"
is "the new index is there, the old one gone" \
    "$(sqlite3 v1.db "SELECT group_concat(name, ' ') FROM sqlite_master WHERE type = 'index' AND tbl_name = 'stage_change' AND name != 'stage_change_note'")" \
    stage_change_deal_at
is "version 3: the open deals' index holds the open deal, no other" \
    "$(sqlite3 v1.db "SELECT id FROM deal INDEXED BY deal_open WHERE status = 'open' AND void_id IS NULL")" 3
is "version 4: crm-log -L -o reads the activities by who logged them" \
    "$(sqlite3 v1.db "EXPLAIN QUERY PLAN SELECT id FROM activity WHERE by = 'li' ORDER BY at" | grep -c 'INDEX activity_by_at (by=?)')" 1
is "version 5: the deals with a close date, and no other" \
    "$(sqlite3 v1.db "SELECT group_concat(id) FROM deal INDEXED BY deal_closed WHERE closed > 0")" 1,2
is "version 5: crm-ls --due reads a range of the deals with a next action" \
    "$(sqlite3 v1.db "EXPLAIN QUERY PLAN SELECT id FROM deal WHERE status = 'open' AND next_action <= '2026-11-24'" | grep -c 'INDEX deal_due (status=? AND next_action<?)')" 1
is "version 5: crm-ls -q reads the notes deals were made with from their index" \
    "$(sqlite3 v1.db "EXPLAIN QUERY PLAN SELECT deal_id FROM stage_change WHERE from_stage IS NULL AND note IS NOT NULL AND instr(note, 'x') > 0" | grep -c "COVERING INDEX stage_change_note (from_stage=?)")" 1
like "stage changes are still append-only" \
    "$(sqlite3 v1.db "UPDATE stage_change SET note = 'x'" 2>&1)" "append-only"
is "integrity_check" "$(sqlite3 v1.db 'PRAGMA integrity_check')" ok
is "an old database keeps its pages of 4 KB" "$(sqlite3 v1.db 'PRAGMA page_size')" 4096
run crm-show -D v1.db -f json 2
is "the history reads back" "$(printf '%s' "$out" | jq -c '[.history[] | .reason]')" '[null,null,null,"price"]'
run crm-advance -D v1.db 3
like "the next write works (the gate still applies)" "$errout" "stage needs requires"
run crm-ls -D v1.db --all
is "a second open changes nothing" "$(sqlite3 v1.db 'PRAGMA user_version')" 9

# The same from a database the version-1 code itself wrote (dumped as
# text in tests/fixtures): every deal, change and activity survives.
sqlite3 fx.db <"$top/tests/fixtures/schema-v1.sql"
is "the fixture is version 1" "$(sqlite3 fx.db 'PRAGMA user_version')" 1
want=$(sqlite3 fx.db "SELECT group_concat(x, ' ') FROM (SELECT id || ':' || title || ':' || owner || ':' || amount || ':' || stage AS x FROM deal ORDER BY id)")
run crm-ls -D fx.db --all -f json
is "the fixture opens and lists its deals" "$(printf '%s' "$out" | jq -r '[.[] | "\(.id):\(.title):\(.owner):\(.amount):\(.stage)"] | length')" 3
is "upgraded: version 9" "$(sqlite3 fx.db 'PRAGMA user_version')" 9
is "upgraded: every deal as it was" \
    "$(sqlite3 fx.db "SELECT group_concat(x, ' ') FROM (SELECT id || ':' || title || ':' || owner || ':' || amount || ':' || stage AS x FROM deal ORDER BY id)")" "$want"
is "upgraded: 7 stage changes, 3 activities, 1 field change" \
    "$(sqlite3 fx.db 'SELECT (SELECT count(*) FROM stage_change), (SELECT count(*) FROM activity), (SELECT count(*) FROM field_change)')" "7|3|1"
is "upgraded: the lost deal's reason is in its history" \
    "$(crm-show -D fx.db -f json 2 | jq -c '[.history[-1].to, .history[-1].reason, .history[-1].note]')" '["lost","price","too dear"]'
is "upgraded: integrity_check" "$(sqlite3 fx.db 'PRAGMA integrity_check')" ok
is "upgraded (7): no row is void, no void made" \
    "$(sqlite3 fx.db 'SELECT (SELECT count(*) FROM deal WHERE void_id IS NOT NULL) + (SELECT count(*) FROM stage_change WHERE void_id IS NOT NULL) + (SELECT count(*) FROM activity WHERE void_id IS NOT NULL), (SELECT count(*) FROM void_record)')" "0|0"
is "upgraded (7): crm-admin check passes" \
    "$(crm-admin check fx.db 2>&1; echo "rc $?")" "rc 0"
# Open: 1 in proposal, 1,200,000 x 25%; won: 3, 300 after 22 days
# (09-03 to 09-25); lost: 2.  Velocity 1 x 50% x 300 / 22 = 6.82.
run crm-funnel -D fx.db --totals
is "upgraded: the funnel reads the old history" "$out" "1	1200000.00	300000.00	1	300.00	1	50.0	22.0	6.82	CNY"

# Version 7 on the old rows: a deal voided, an old move undone, and the
# funnel as if they never were (a copy: the tests below read fx.db).
cp fx.db fx7.db
run crm-void -D fx7.db -m 'a test' 3
is "upgraded (7): an old deal is voided" "$rc|$out|$errout" "0|3	deal	1|"
run crm-funnel -D fx7.db --totals
is "...the funnel: the won deal gone" "$out" "1	1200000.00	300000.00	0	0.00	1	0.0			CNY"
run crm-advance -D fx7.db --undo -m 'a test' 1
is "...an old move undone" "$rc|$errout" "0|"
is "...crm-admin check passes" "$(crm-admin check fx7.db 2>&1; echo "rc $?")" "rc 0"

# The stage the old rows name, renamed in the config (renamed_from):
# every row is still there as it was written, and reads as the new name.
rows=$(sqlite3 fx.db "SELECT group_concat(x, ' ') FROM (SELECT deal_id || ':' || coalesce(from_stage, '-') || '>' || to_stage AS x FROM stage_change ORDER BY id)")
sed 's/      - name: proposal/      - name: offer\
        renamed_from: proposal/' "$top/config.example.yaml" >renamed.yaml
run crm-ls -D fx.db -C renamed.yaml -f json
is "renamed: the deal in the old stage is in the new one" \
    "$(printf '%s' "$out" | jq -r '.[] | "\(.id):\(.stage):\(.probability)"')" "1:offer:25"
is "renamed: no warning" "$rc$errout" 0
run crm-funnel -D fx.db -C renamed.yaml --totals
is "renamed: the same totals" "$out" "1	1200000.00	300000.00	1	300.00	1	50.0	22.0	6.82	CNY"
is "renamed: every stage change as it was written" \
    "$(sqlite3 fx.db "SELECT group_concat(x, ' ') FROM (SELECT deal_id || ':' || coalesce(from_stage, '-') || '>' || to_stage AS x FROM stage_change ORDER BY id)")" "$rows"
is "renamed: every deal as it was written" \
    "$(sqlite3 fx.db "SELECT group_concat(x, ' ') FROM (SELECT id || ':' || title || ':' || owner || ':' || amount || ':' || stage AS x FROM deal ORDER BY id)")" "$want"

done_testing
