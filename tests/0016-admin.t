#!/bin/sh
# crm-admin: init makes a new, empty database; an existing one is refused.
# migrate says what version a file was at (opening upgrades it); check runs
# SQLite's checks and crm's rules (the same rules on a server:
# tests/pg/0030-admin.t).
. "$(dirname "$0")/lib.sh"

run crm-admin init new/sub/crm.db
is "init: exit 0, silent" "$rc|$out|$errout" "0||"
is "init: mode 0600, directories 0700" \
    "$(stat -c %a new/sub/crm.db) $(stat -c %a new/sub)" "600 700"
is "init: the current schema, crm's, WAL, nothing in it" \
    "$(sqlite3 new/sub/crm.db 'PRAGMA user_version; PRAGMA application_id;
    PRAGMA journal_mode; SELECT count(*) FROM deal' | tr '\n' ' ')" \
    "9 1129467185 wal 0 "
run crm-ls -D new/sub/crm.db --all
is "a reader reads it: nothing" "$rc|$out|$errout" "0||"
run crm-admin init new/sub/crm.db
is "init again: refused, exit 3" "$rc|$errout" \
    "3|crm-admin: database new/sub/crm.db: already exists; init makes a new one only"
crm-add -D new/sub/crm.db 'One deal' >/dev/null
cp new/sub/crm.db before.db
run crm-admin init new/sub/crm.db
is "init over a database with deals: refused, and it is untouched" \
    "$rc $(cmp before.db new/sub/crm.db && echo same)" "3 same"
: >empty.db
run crm-admin init empty.db
is "an empty file becomes the database" \
    "$rc $(sqlite3 empty.db 'PRAGMA user_version')" "0 9"
run crm-admin -D byopt.db init
is "init takes -D" "$rc $(sqlite3 byopt.db 'PRAGMA user_version')" "0 9"
CRM_DB=$tmp/byenv.db crm-admin init
is "init takes CRM_DB" "$(sqlite3 byenv.db 'PRAGMA user_version')" "9"

# migrate: opening upgraded it; migrate says from what.
sqlite3 v1.db <"$top/tests/fixtures/schema-v1.sql"
run crm-admin migrate v1.db
is "migrate of a version 1 file: exit 0, one line" "$rc|$out|$errout" \
    "0|v1.db: schema version 1 -> 9|"
is "...it is version 9" "$(sqlite3 v1.db 'PRAGMA user_version')" 9
run crm-admin -D v1.db migrate
is "migrate again: nothing to do" "$rc|$out|$errout" \
    "0|v1.db: schema version 9, nothing to do|"
run crm-admin check v1.db
is "the upgraded fixture keeps crm's rules" "$rc|$out|$errout" "0||"
run crm-admin migrate nosuch.db
is "migrate of no file: exit 3, and makes none" "$rc $(ls nosuch.db 2>&1 |
    grep -c 'No such')" "3 1"
cp new/sub/crm.db newer.db
sqlite3 newer.db 'PRAGMA user_version = 10'
run crm-admin migrate newer.db
is "migrate of a newer file: exit 3, upgrade crm" "$rc|$out|$errout" \
    "3||crm-admin: database newer.db has schema version 10, newer than this crm (9): upgrade crm"
sqlite3 notcrm.db 'CREATE TABLE t (x)'
run crm-admin migrate notcrm.db
is "migrate of another program's file: exit 3" "$rc|$errout" \
    "3|crm-admin: database notcrm.db is an SQLite file, but not crm's"

# check: silent and 0 on a clean database.
run crm-admin check empty.db
is "check of an empty database: exit 0, silent" "$rc|$out|$errout" "0||"
export CRM_DB=$tmp/c.db
crm-add -v 100 'One' >/dev/null
crm-add -s negotiation 'Two' >/dev/null
crm-add -a Acme 'Three' >/dev/null
crm-log -k call 1 >/dev/null
crm-set -v 5 1 >/dev/null
crm-advance -w 2 >/dev/null
run crm-admin check
is "check of a clean database: exit 0, silent" "$rc|$out|$errout" "0||"
run crm admin check
is "...through crm too" "$rc|$out|$errout" "0||"

# Broken on purpose, with crm's triggers and SQLite's checks off.
sqlite3 c.db "PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON;
DROP TRIGGER stage_change_no_delete;
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
at2=$(sqlite3 c.db "SELECT at FROM stage_change WHERE deal_id = 2 ORDER BY at DESC, id DESC LIMIT 1")
last1=$(sqlite3 c.db "SELECT id FROM stage_change WHERE deal_id = 1 ORDER BY at DESC, id DESC LIMIT 1")
last2=$(sqlite3 c.db "SELECT id FROM stage_change WHERE deal_id = 2 ORDER BY at DESC, id DESC LIMIT 1")
run crm-admin check
is "check of a broken database: exit 1" "$rc|$errout" "1|"
# (foreign_key_check's lines sorted by table, then row.)
is "...SQLite's checks, then a line per broken rule" "$out" \
    "integrity_check: CHECK constraint failed in deal
foreign_key_check: activity 90: no such deal
foreign_key_check: deal 3: no such account
foreign_key_check: field_change 91: no such deal
foreign_key_check: stage_change 92: no such deal
deal 3: account 99 does not exist
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
unset CRM_DB

# An index that no longer matches its table: SQLite's integrity_check.
crm-add -D idx.db 'One' >/dev/null
crm-set -D idx.db -v 5 1 >/dev/null
sqlite3 idx.db "PRAGMA writable_schema = ON; UPDATE sqlite_master SET
    sql = replace(sql, '(deal_id, at)', '(deal_id, by)')
    WHERE name = 'field_change_deal'"
run crm-admin check idx.db
is "a broken index: exit 1, SQLite's message" "$rc|$out" \
    "1|integrity_check: row 1 missing from index field_change_deal"
run crm-admin check nosuch.db
is "check of no file: exit 3" "$rc" 3

# A NULL where the schema says NOT NULL (writable_schema can): named too.
crm-add -D null.db 'One' >/dev/null
sqlite3 null.db "PRAGMA writable_schema = ON; UPDATE sqlite_master SET
    sql = replace(sql, 'currency	TEXT NOT NULL', 'currency TEXT')
    WHERE name = 'deal'"
sqlite3 null.db "UPDATE deal SET currency = NULL"
run crm-admin check null.db
is "a NULL currency: exit 1, named" "$rc|$out" \
    "1|deal 1: currency none is not three upper-case letters"

# Usage.
run crm-admin
is "no command: usage, exit 2" "$rc|$errout" \
    "2|usage: crm-admin [-C config] [-D db] init [db]
       crm-admin [-C config] [-D db] migrate [db]
       crm-admin [-C config] [-D db] check [db]
       crm-admin copy src dst
       crm-admin [-C config] [-D db] config push file
       crm-admin [-C config] [-D db] config show
       crm-admin [-C config] [-D db] grant [--admin] name
       crm-admin [-C config] [-D db] revoke name"
run crm-admin nosuch
is "unknown command: exit 2, the commands named" "$rc|$errout" \
    "2|crm-admin: unknown command 'nosuch' (commands: init, migrate, check, copy, config, grant, revoke)
usage: crm-admin [-C config] [-D db] init [db]
       crm-admin [-C config] [-D db] migrate [db]
       crm-admin [-C config] [-D db] check [db]
       crm-admin copy src dst
       crm-admin [-C config] [-D db] config push file
       crm-admin [-C config] [-D db] config show
       crm-admin [-C config] [-D db] grant [--admin] name
       crm-admin [-C config] [-D db] revoke name"
run crm-admin init a.db b.db
is "init takes one database" "$rc" 2
ok "...and makes none" [ ! -e a.db ] && [ ! -e b.db ]
run crm-admin -f json init x.db
is "no -f: crm-admin prints nothing to format" "$rc" 2
run crm-admin -h
is "-h: usage, the commands and the options on stdout, exit 0" "$rc|$out" \
    "0|usage: crm-admin [-C config] [-D db] init [db]
       crm-admin [-C config] [-D db] migrate [db]
       crm-admin [-C config] [-D db] check [db]
       crm-admin copy src dst
       crm-admin [-C config] [-D db] config push file
       crm-admin [-C config] [-D db] config show
       crm-admin [-C config] [-D db] grant [--admin] name
       crm-admin [-C config] [-D db] revoke name

  init [db]                make a new, empty database
  migrate [db]             bring a database to this crm's schema version
  check [db]               verify a database's integrity and crm's rules
  copy src dst             copy a whole database into an empty one
  config push file         make file the config of every command on db
  config show              print the config in force
  grant name               let a person of team: sign in
  revoke name              record that a person left; they sign in no more

      --admin              grant: an admin, who sees every deal
  -C, --config=config      read the config (its database:, team:) from this file
  -D, --db=db              use this database
  -h, --help               print this help and exit
      --version            print the version and exit

The details are in crm-admin(8)."
run crm admin init viacrm.db
is "crm admin init works through the dispatcher" \
    "$rc $(sqlite3 viacrm.db 'PRAGMA user_version')" "0 9"

# copy: a whole database into an empty one, every row with its id.
(export CRM_DB="$tmp/orig.db"; . "$top/tests/copy-fixture.sh") 2>/dev/null
cp orig.db orig-before.db
run crm-admin copy orig.db copy.db
is "copy into a new file: exit 0, one line" "$rc|$out|$errout" \
    "0|orig.db -> copy.db: 12 deals, 7 accounts, 17 stage changes, 5 activities, 3 field changes, 0 voids|"
is "...a crm database of the current schema, mode 0600" \
    "$(sqlite3 copy.db 'PRAGMA user_version; PRAGMA application_id' |
    tr '\n' ' ')$(stat -c %a copy.db)" "9 1129467185 600"
for t in account deal stage_change activity field_change person team_link \
    config_push; do
	is "...$t: the same rows, the same .dump" \
	    "$(sqlite3 copy.db ".dump $t")" "$(sqlite3 orig.db ".dump $t")"
done
is "...and the source is untouched" "$(sqlite3 orig.db .dump)" "$(sqlite3 orig-before.db .dump)"
# same DESC ARGS...: the command's output on the copy is the original's.
same()
{
	d=$1
	shift
	CRM_DB=$tmp/orig.db "$@" >want.out 2>&1
	CRM_DB=$tmp/copy.db "$@" >got.out 2>&1
	ok "$d: the same on the copy" cmp want.out got.out
}
same "crm-ls --all" crm-ls --all -f tsv
same "crm-ls --all -f json" crm-ls --all -f json
same "crm-ls -q" crm-ls --all -q 'tab' -f tsv
for id in 1 2 3 5 6 7 11 12; do
	same "crm-show $id" crm-show -f json $id
done
same "crm-funnel" crm-funnel -f tsv
same "crm-funnel -p product" crm-funnel -p product -f json
same "crm-funnel --as-of" crm-funnel --as-of 2026-11-14 -f json
same "crm-log -L" crm-log -L -f tsv
same "crm-log -L -f json" crm-log -L -f json
same "crm-stale" crm-stale -d 0 -f tsv
run crm-admin check copy.db
is "...check finds the copy clean" "$rc|$out|$errout" "0||"
run crm-add -D copy.db 'After the copy'
is "...crm-add on the copy gets the next id" "$rc|$out" "0|13"

cp copy.db copy-before.db
run crm-admin copy orig.db copy.db
is "copy into a database with rows: exit 3, named" "$rc|$out|$errout" \
    "3||crm-admin: database copy.db holds accounts already: copy writes into an empty database only (crm-admin init makes one)"
ok "...it is untouched" cmp copy.db copy-before.db
crm-admin init noacct.db
crm-add -D noacct.db 'No account' >/dev/null
run crm-admin copy orig.db noacct.db
is "...deals without accounts count too" "$rc|$errout" \
    "3|crm-admin: database noacct.db holds deals already: copy writes into an empty database only (crm-admin init makes one)"
crm-admin init inited.db
: >emptyfile.db
for d in inited.db emptyfile.db; do
	run crm-admin copy orig.db $d
	is "copy into $d: done" "$rc|$errout" "0|"
	is "...the same deals" "$(sqlite3 $d '.dump deal')" \
	    "$(sqlite3 orig.db '.dump deal')"
done
run crm-admin copy nosuch.db never.db
is "a source that is not there: exit 3" "$rc|$out|$errout" \
    "3||crm-admin: database nosuch.db: no such file (give an existing one with -D, \$CRM_DB or database: in the config; commands that write create it)"
ok "...and no destination is made" [ ! -e never.db ]
run crm-admin copy notcrm.db never.db
is "a source that is not crm's: exit 3" "$rc|$out|$errout" \
    "3||crm-admin: database notcrm.db is an SQLite file, but not crm's"
ok "...and no destination is made" [ ! -e never.db ]
run crm-admin copy newer.db never.db
is "a source newer than crm: exit 3" "$rc|$errout" \
    "3|crm-admin: database newer.db has schema version 10, newer than this crm (9): upgrade crm"
run crm-admin copy orig.db ./orig.db
is "the same database twice: exit 2" "$rc|$out|$errout" \
    "2||crm-admin: copy: orig.db is both the source and the destination"
run crm-admin copy orig.db
is "copy without a destination: usage" "$rc" 2
run crm-admin -D orig.db copy x.db
is "...-D is not one" "$rc" 2
ok "...and makes none" [ ! -e x.db ]

# A destination whose trigger spoils a row: the comparison finds it, and
# the copy is undone.
crm-admin init spoil.db
sqlite3 spoil.db "CREATE TRIGGER spoil AFTER INSERT ON deal WHEN NEW.id = 5
BEGIN UPDATE deal SET title = 'spoilt' WHERE id = NEW.id; END;
CREATE TRIGGER spoil2 AFTER INSERT ON field_change WHEN NEW.id = 3
BEGIN INSERT INTO field_change (id, deal_id, field, at, by)
VALUES (4, 1, 'x', 0, 'x'); END;"
run crm-admin copy orig.db spoil.db
is "a difference after the copy: exit 3, the first named" "$rc|$out|$errout" \
    "3||crm-admin: copy differs: deal 5: title is '项目 shortlist' in orig.db, 'spoilt' in spoil.db"
is "...nothing of it stays" "$(sqlite3 spoil.db 'SELECT count(*) FROM account;
    SELECT count(*) FROM deal; SELECT count(*) FROM stage_change' |
    tr '\n' ' ')" "0 0 0 "
sqlite3 spoil.db "DROP TRIGGER spoil"
run crm-admin copy orig.db spoil.db
is "...a row the source lacks" "$rc|$out|$errout" \
    "3||crm-admin: copy differs: field change 4 is in spoil.db only"
ok "...and the destination, made before, is still there" [ -s spoil.db ]

# A failed copy into a file it made leaves no empty database behind: a
# source with a negative amount (put there by hand, checks off) that the
# new file's CHECK refuses.
cp orig.db badsrc.db
sqlite3 badsrc.db "PRAGMA ignore_check_constraints = ON;
    UPDATE deal SET amount = -1 WHERE id = 2" 2>/dev/null
run crm-admin copy badsrc.db made.db
like "a row the destination refuses: exit 3" "$rc|$out|$errout" \
    "^3\|\|crm-admin: database made.db: .*"
ok "...and the file it made is gone, -wal and -shm too" \
    sh -c '! ls made.db* 2>/dev/null'

done_testing
