#!/bin/sh
# crm-admin copy between a file and a server: a file copied to a server
# and back is the same file, row for row; every read command says the same
# on the server's copy as on the file; the ids go on from there; a server
# without crm's schema, one with rows, or at another version is refused.
# (File to file, and the refusals' details: tests/0016-admin.t.)
. "$(dirname "$0")/lib.sh"

db=crm_copy_$$
db2=crm_copy2_$$
pg_db "$db"
pg_db "$db2"
uri=postgresql:///$db
uri2=postgresql:///$db2
tables="account deal stage_change activity field_change config_push"

(export CRM_DB="$tmp/orig.db"; . "$top/tests/copy-fixture.sh") 2>/dev/null

run crm-admin copy orig.db "$uri"
is "to a server without crm's schema: exit 3" "$rc.$out" "3."
like "...saying so" "$errout" "crm-admin init"
crm-admin init "$uri"
run crm-admin copy orig.db "$uri"
is "to a server made by init: exit 0" "$rc.$errout" "0."
like "...one line, the counts" "$out" \
    "^orig.db -> [^ ]*/$db: 12 deals, 7 accounts, 17 stage changes, 5 activities, 3 field changes, 0 voids\$"
for t in $tables; do
	is "...$t: the file's rows, ids and all" \
	    "$(q "$db" "SELECT * FROM $t ORDER BY id")" \
	    "$(sqlite3 orig.db "SELECT * FROM $t ORDER BY id")"
done
for t in person team_link; do
	is "...$t: the file's rows" \
	    "$(q "$db" "SELECT * FROM $t ORDER BY 1, 2")" \
	    "$(sqlite3 orig.db "SELECT * FROM $t ORDER BY 1, 2")"
done

# same DESC ARGS...: the command's output on the server is the file's.
same()
{
	d=$1
	shift
	CRM_DB=$tmp/orig.db "$@" >want.out 2>&1
	CRM_DB=$uri "$@" >got.out 2>&1
	ok "$d: the same on the server" cmp want.out got.out
}
same "crm-ls --all" crm-ls --all -f tsv
same "crm-ls --all -f json" crm-ls --all -f json
for id in 1 2 3 6 7 11 12; do
	same "crm-show $id" crm-show -f json $id
done
same "crm-funnel" crm-funnel -f tsv
same "crm-funnel --as-of" crm-funnel --as-of 2026-11-14 -f json
same "crm-log -L" crm-log -L -f tsv
same "crm-stale" crm-stale -d 0 -f tsv
run crm-admin check "$uri"
is "check finds the server's copy clean" "$rc|$out|$errout" "0||"

run crm-admin copy "$uri" back.db
is "back to a new file: exit 0" "$rc.$errout" "0."
for t in $tables person team_link; do
	is "...$t: the same .dump as the original" \
	    "$(sqlite3 back.db ".dump $t")" "$(sqlite3 orig.db ".dump $t")"
done

run crm-admin copy "$uri" "$uri2"
is "server to server, empty: refused without init" "$rc" 3
crm-admin init "$uri2"
run crm-admin copy "$uri" "$uri2"
is "server to server after init: exit 0" "$rc.$errout" "0."
is "...the same deals" "$(q "$db2" "SELECT * FROM deal ORDER BY id")" \
    "$(q "$db" "SELECT * FROM deal ORDER BY id")"

run crm-admin copy orig.db "$uri"
is "to a server with rows: exit 3" "$rc.$out" "3."
like "...named" "$errout" \
    "^crm-admin: database [^ ]*/$db holds accounts already: copy writes into an empty database only"
is "...and nothing changed" "$(q "$db" "SELECT count(*) FROM deal")" 12

run crm-add -D "$uri" -o li 'After the copy'
is "crm-add on the server after the copy gets the next id" "$rc|$out" "0|13"
CRM_DB=$tmp/orig.db crm-add -o li 'After the copy' >/dev/null
same "...the same deal as on the file" crm-show -f json 13

q "$db2" "UPDATE crm_meta SET value = '4' WHERE key = 'schema_version'"
run crm-admin copy "$uri2" other.db
is "a server source at another version: exit 3" "$rc.$out" "3."
like "...run migrate" "$errout" "run crm-admin migrate"
q "$db2" "UPDATE crm_meta SET value = '7' WHERE key = 'schema_version'"

# A destination trigger that spoils a row: found, and the copy undone.
dropdb "$db2"
createdb "$db2"
crm-admin init "$uri2"
q "$db2" "CREATE FUNCTION spoil() RETURNS trigger LANGUAGE plpgsql AS
\$\$ BEGIN NEW.title := 'spoilt'; RETURN NEW; END \$\$;
CREATE TRIGGER spoil BEFORE INSERT ON deal FOR EACH ROW
WHEN (NEW.id = 5) EXECUTE FUNCTION spoil()"
run crm-admin copy orig.db "$uri2"
is "a difference after the copy: exit 3" "$rc.$out" "3."
like "...the first named" "$errout" \
    "^crm-admin: copy differs: deal 5: title is '项目 shortlist' in orig.db, 'spoilt' in [^ ]*/$db2\$"
is "...nothing of it stays" "$(q "$db2" "SELECT count(*) FROM account")" 0

done_testing
