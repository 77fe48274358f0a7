#!/bin/sh
# Every command: -h, --version, usage errors, the dispatcher.
. "$(dirname "$0")/lib.sh"

for c in crm-add crm-advance crm-log crm-ls crm-show crm-set crm-funnel crm-stale; do
	run $c -h
	is "$c -h exits 0" "$rc" 0
	like "$c -h prints usage to stdout" "$out" "^usage: $c "
	is "$c -h prints nothing on stderr" "$errout" ""
	# The synopsis in the man page is the usage text.
	syn=$(sed -n '/^\.Sh SYNOPSIS/,/^\.Sh/p' "$top/man/$c.1" | grep -c '^\.Nm')
	ok "$c has a SYNOPSIS in its man page" [ "$syn" -ge 1 ]
	run $c --version
	is "$c --version" "$out" "$c 0.1.0"
	run $c --no-such-option
	is "$c: unknown option exits 2" "$rc" 2
	like "$c: unknown option names it" "$errout" "unrecognized option '--no-such-option'"
	like "$c: usage on stderr" "$errout" "^usage: $c"
	run $c -f xml
	is "$c -f xml: exit 2" "$rc" 2
	like "$c -f xml: names the formats" "$errout" "unknown format 'xml' \\(formats: table, tsv, csv, json, jsonl\\)"
done

run crm
is "crm alone lists the commands" "$rc" 0
like "crm alone: add" "$out" "^  add +add a deal"
like "crm alone: ls" "$out" "^  ls +list deals"
run crm help
like "crm help lists the commands" "$out" "^  advance +move deals"
run crm --version
is "crm --version" "$out" "crm 0.1.0"
run crm add -o li 'Via dispatcher'
is "crm add runs crm-add" "$out" 1
run crm ls -f tsv
like "crm ls runs crm-ls" "$out" "^1	Via dispatcher	"
run crm frobnicate
is "unknown command: exit 2" "$rc" 2
like "unknown command named" "$errout" "unknown command 'frobnicate' \\(commands: add, "

# Arguments for commands that read ids: none and stdin a terminal is usage.
run crm-ls extra
is "crm-ls takes no arguments" "$rc" 2
like "crm-ls extra: says why" "$errout" "^crm-ls: 'extra': crm-ls takes no arguments"
for c in crm-funnel crm-stale; do
	run $c extra
	like "$c extra: exit 2 and why" "$rc $errout" "^2 $c: 'extra': $c takes no arguments"
done
run crm-show 1 2
like "crm-show 1 2: one deal at a time" "$errout" "^crm-show: one deal at a time"

# The database is made on first use, private to its owner.
rm -f "$CRM_DB"
mkdir -p sub
CRM_DB=$tmp/sub/deep/er/crm.db crm-add first >/dev/null
is "database made with its directories" "$(stat -c %a sub/deep/er/crm.db)" 600
is "directories made 0700" "$(stat -c %a sub/deep)" 700
is "WAL mode" "$(sqlite3 sub/deep/er/crm.db 'PRAGMA journal_mode')" wal
is "schema version" "$(sqlite3 sub/deep/er/crm.db 'PRAGMA user_version')" 9
is "pages of 16 KB" "$(sqlite3 sub/deep/er/crm.db 'PRAGMA page_size')" 16384
ok "-wal is private too" sh -c '[ ! -e sub/deep/er/crm.db-wal ] || [ "$(stat -c %a sub/deep/er/crm.db-wal)" = 600 ]'

# Where the database comes from: -D, CRM_DB, config, XDG_DATA_HOME, HOME.
unset CRM_DB
crm-add first >/dev/null
ok "default database under ~/.local/share" [ -f "$HOME/.local/share/crm/crm.db" ]
XDG_DATA_HOME=$tmp/xdg crm-add first >/dev/null
ok "XDG_DATA_HOME honoured" [ -f "$tmp/xdg/crm/crm.db" ]
crm-add -D "$tmp/d.db" first >/dev/null
ok "-D honoured" [ -f "$tmp/d.db" ]
sed 's|^# database: .*|database: '"$tmp"'/fromconfig.db|' "$top/config.example.yaml" >cfg.yaml
crm-add -C cfg.yaml first >/dev/null
ok "database: in the config honoured" [ -f "$tmp/fromconfig.db" ]

# Commands that only read do not make a database: a typo in -D under cron
# is an error, not "nothing there" for ever.
for c in crm-ls crm-funnel crm-stale "crm-log -L" "crm-show 1"; do
	run $c -D typo.db
	is "$c on a missing database: exit 3 naming it" "$rc $errout" \
	    "3 ${c%% *}: database typo.db: no such file (give an existing one with -D, \$CRM_DB or database: in the config; commands that write create it)"
	ok "$c on a missing database: none made" [ ! -e typo.db ]
done
run env CRM_DB=$tmp/no/such/dir/crm.db crm-stale
is "...wherever it was named, and no directory made either" \
    "$rc $(ls -d no 2>&1 >/dev/null | wc -l)" "3 1"
: >empty.db
run crm-ls -D empty.db
is "an empty file is an empty database" "$rc $out" "0 "

# A file that is not a database, a newer schema, another program's file.
echo 'hello' >notdb
run crm-ls -D notdb
is "not a database: exit 3" "$rc" 3
like "not a database: says so" "$errout" "crm-ls: database notdb: cannot read: file is not a database"
sqlite3 newer.db 'PRAGMA application_id = 1129467185; PRAGMA user_version = 99; CREATE TABLE x(y);'
run crm-ls -D newer.db
is "newer schema: exit 3" "$rc" 3
like "newer schema: says upgrade" "$errout" "schema version 99, newer than this crm \\(9\\): upgrade crm"
sqlite3 other.db 'CREATE TABLE x(y);'
run crm-ls -D other.db
like "another program's SQLite file is refused" "$errout" "an SQLite file, but not crm's"
# A server that is not there (with libpq built in: exit 3), or a build
# without libpq (exit 2); the URI's password shows in neither.
run crm-ls -D postgresql://u:s3cret@127.0.0.1:1/crm
if [ "$rc" -eq 2 ]; then
	like "a URI without PostgreSQL built in" "$errout" \
	    "built without PostgreSQL support"
else
	is "a URI, no server there: exit 3" "$rc" 3
	like "...naming the server" "$errout" \
	    "^crm-ls: database u@127\\.0\\.0\\.1:1/crm: cannot connect: "
fi
ok "...never the password" test "${errout#*s3cret}" = "$errout"

done_testing
