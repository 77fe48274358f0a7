#!/bin/sh
# crm-admin: init makes a new, empty database; an existing one is refused.
. "$(dirname "$0")/lib.sh"

run crm-admin init new/sub/crm.db
is "init: exit 0, silent" "$rc|$out|$errout" "0||"
is "init: mode 0600, directories 0700" \
    "$(stat -c %a new/sub/crm.db) $(stat -c %a new/sub)" "600 700"
is "init: the current schema, crm's, WAL, nothing in it" \
    "$(sqlite3 new/sub/crm.db 'PRAGMA user_version; PRAGMA application_id;
    PRAGMA journal_mode; SELECT count(*) FROM deal' | tr '\n' ' ')" \
    "5 1129467185 wal 0 "
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
    "$rc $(sqlite3 empty.db 'PRAGMA user_version')" "0 5"
run crm-admin -D byopt.db init
is "init takes -D" "$rc $(sqlite3 byopt.db 'PRAGMA user_version')" "0 5"
CRM_DB=$tmp/byenv.db crm-admin init
is "init takes CRM_DB" "$(sqlite3 byenv.db 'PRAGMA user_version')" "5"

# Usage.
run crm-admin
is "no command: usage, exit 2" "$rc|$errout" \
    "2|usage: crm-admin [-C config] [-D db] init [db]"
run crm-admin nosuch
is "unknown command: exit 2, the commands named" "$rc|$errout" \
    "2|crm-admin: unknown command 'nosuch' (commands: init)
usage: crm-admin [-C config] [-D db] init [db]"
run crm-admin init a.db b.db
is "init takes one database" "$rc" 2
ok "...and makes none" [ ! -e a.db ] && [ ! -e b.db ]
run crm-admin -f json init x.db
is "no -f: crm-admin prints nothing to format" "$rc" 2
run crm-admin -h
is "-h: usage, the commands and the options on stdout, exit 0" "$rc|$out" \
    "0|usage: crm-admin [-C config] [-D db] init [db]

  init [db]                make a new, empty database

  -C, --config=config      read the config (its database:) from this file
  -D, --db=db              use this database
  -h, --help               print this help and exit
      --version            print the version and exit

The details are in crm-admin(8)."
run crm admin init viacrm.db
is "crm admin init works through the dispatcher" \
    "$rc $(sqlite3 viacrm.db 'PRAGMA user_version')" "0 5"

done_testing
