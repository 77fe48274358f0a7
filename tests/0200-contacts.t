#!/bin/sh
# Contacts (issue 18): contact_roles: in the config; crm-contact adds one
# with each option, refuses an unknown role with a "did you mean",
# imports all or nothing, lists with -a -r -q --current in every format,
# records each edit in contact_change and who left; the free-text contact
# of deals becomes contacts by migration; crm-admin copy keeps them.
. "$(dirname "$0")/lib.sh"

# --- the config ---------------------------------------------------------
pipes='pipelines:
  - name: p
    stages: [{name: a, probability: 10}]
'
printf '%scontact_roles: []\n' "$pipes" >empty.yaml
run crm-contact -C empty.yaml -L
is "contact_roles: empty: exit 2" "$rc" 2
is "contact_roles: empty: FILE:LINE:COL" "$errout" \
    "crm-contact: empty.yaml:4:16: contact_roles is empty"
printf '%scontact_roles: [boss, boss]\n' "$pipes" >twice.yaml
run crm-contact -C twice.yaml -L
is "a role listed twice: where" "$errout" \
    "crm-contact: twice.yaml:4:23: 'boss' is listed twice in contact_roles"
printf '%sdeal_roles: [presales, {a: b}]\n' "$pipes" >dr.yaml
run crm-contact -C dr.yaml -L
is "deal_roles: checked too: exit 2" "$rc" 2
is "deal_roles: checked too: where" "$errout" \
    "crm-contact: dr.yaml:4:24: deal_roles must be a scalar, not a mapping"
printf '%scontact_roles: [boss, user]\n' "$pipes" >own.yaml
run crm-contact -C own.yaml --list-roles
is "--list-roles: the config's, one a line" "$rc:$out" "0:boss
user"
run crm-contact -C own.yaml -r decision-maker X
is "a role of the config's own list only" "$rc:$errout" \
    "2:crm-contact: unknown role 'decision-maker' (contact_roles: boss, user)"

# --- adding ---------------------------------------------------------------
run crm-contact -a Acme -r decision-maker --title CTO --phone '+86 21 5555' \
    --email zhang@acme.example -m 'met at the fair' '  Zhang San '
is "add with every option: its id" "$rc:$out:$errout" "0:1:"
run crm-contact Ann
is "add with a name alone" "$rc:$out" "0:2"
run crm-contact -a Acme -r decison-maker Bob
is "a role not in contact_roles: exit 2" "$rc:$out" "2:"
is "a role not in contact_roles: did you mean" "$errout" \
    "crm-contact: unknown role 'decison-maker': did you mean 'decision-maker'? (contact_roles: decision-maker, influencer, user, technical, procurement)"
run crm-contact '  '
is "an empty name refused" "$rc:$errout" \
    "2:crm-contact: name: a contact needs a name"
run crm-contact --title 'a	b' Carl
is "a tab in a one-line field refused" "$rc:$errout" \
    "2:crm-contact: title: a tab is not allowed in a one-line field"
run crm-contact Two Names
is "two names: a usage error" "$rc" 2
is "nothing added by the refusals" "$(sql 'SELECT count(*) FROM contact')" 2
is "the row as stored: account made, created now by the user" \
    "$(sql "SELECT c.id, a.name, c.name, c.role, c.title, c.phone, c.email,
      c.note, c.created, c.created_by, c.left_at IS NULL FROM contact c
      LEFT JOIN account a ON a.id = c.account_id ORDER BY c.id")" \
"1|Acme|Zhang San|decision-maker|CTO|+86 21 5555|zhang@acme.example|met at the fair|1795510800|li|1
2||Ann||||||1795510800|li|1"

# --- importing ---------------------------------------------------------------
printf 'name\taccount\trole\ttitle\nLi Lei\tBeta\tuser\tengineer\nHan Mei\tBeta\tboss\t\n\tBeta\tuser\t\n' >bad.tsv
run crm-contact <bad.tsv
is "an import with bad lines: exit 1, nothing printed" "$rc:$out" "1:"
is "an import with bad lines: each named by its line" "$errout" \
"crm-contact: import: line 3: unknown role 'boss' (contact_roles: decision-maker, influencer, user, technical, procurement)
crm-contact: import: line 4: name: a contact needs a name
crm-contact: import: 2 bad lines; nothing imported"
is "an import with bad lines: nothing added" \
    "$(sql 'SELECT count(*) FROM contact'):$(sql "SELECT count(*) FROM account WHERE name = 'Beta'")" "2:0"
run crm-contact <<'EOF'
Name	Account	Role	Title	Phone	Email	Note
Li Lei	Beta	user	engineer			
Han Mei	Beta	influencer		010-1		likes \t tabs
Wu	Acme	technical
EOF
is "a TSV import: one id a line" "$rc:$out:$errout" "0:3
4
5:"
run crm-contact --csv -r procurement <<'EOF'
name,account,email
"Zhou, Jr.",Gamma,zhou@gamma.example
Qian,Gamma,
EOF
is "a CSV import, -r filling the cells" "$rc:$out:$errout" "0:6
7:"
run crm-contact <<'EOF'
name	boss
x	y
EOF
is "an unknown column: exit 2" "$rc" 2
is "an unknown column: the columns" "$errout" \
    "crm-contact: import: unknown column 'boss' (import columns: name, account, role, title, phone, email, note)"
run crm-contact <<'EOF'
account
Acme
EOF
is "no name column" "$rc:$errout" \
    "2:crm-contact: import: the header has no 'name' column (import columns: name, account, role, title, phone, email, note)"

# --- listing ---------------------------------------------------------------
run crm-contact -L --header
is "-L: TSV with --header" "$out" \
"id	name	account	role	title	phone	email	note	created	left
1	Zhang San	Acme	decision-maker	CTO	+86 21 5555	zhang@acme.example	met at the fair	2026-11-24T09:00:00Z	
2	Ann							2026-11-24T09:00:00Z	
3	Li Lei	Beta	user	engineer				2026-11-24T09:00:00Z	
4	Han Mei	Beta	influencer		010-1		likes \\t tabs	2026-11-24T09:00:00Z	
5	Wu	Acme	technical					2026-11-24T09:00:00Z	
6	Zhou, Jr.	Gamma	procurement			zhou@gamma.example		2026-11-24T09:00:00Z	
7	Qian	Gamma	procurement					2026-11-24T09:00:00Z	"
run crm-contact -L -a Acme -a Gamma -r procurement -r technical
is "-L -a -r: either value of each, both filters" "$(printf '%s\n' "$out" | cut -f1,2)" \
"5	Wu
6	Zhou, Jr.
7	Qian"
run crm-contact -L -q ZHOU -q engin
is "-L -q: in any field, ASCII case ignored" "$(printf '%s\n' "$out" | cut -f1)" "3
6"
run crm-contact -L -a Acme -f json
is "-L -f json" "$out" \
'[
{"id":1,"name":"Zhang San","account":"Acme","role":"decision-maker","title":"CTO","phone":"+86 21 5555","email":"zhang@acme.example","note":"met at the fair","created":"2026-11-24T09:00:00Z","left":null},
{"id":5,"name":"Wu","account":"Acme","role":"technical","title":null,"phone":null,"email":null,"note":null,"created":"2026-11-24T09:00:00Z","left":null}
]'
run crm-contact -L -a Gamma -f csv
is "-L -f csv" "$out" "$(printf '%s\r\n' 'id,name,account,role,title,phone,email,note,created,left' \
    '6,"Zhou, Jr.",Gamma,procurement,,,zhou@gamma.example,,2026-11-24T09:00:00Z,' \
    '7,Qian,Gamma,procurement,,,,,2026-11-24T09:00:00Z,')"
run crm-contact -L -r boss
is "-L -r: an unknown role, exit 2" "$rc:$errout" \
    "2:crm-contact: -r: unknown role 'boss' (contact_roles: decision-maker, influencer, user, technical, procurement)"
run crm-contact -q x Someone
is "-q outside -L: a usage error" "$rc" 2

# --- editing ---------------------------------------------------------------
run env CRM_NOW=2026-11-25T10:00:00Z crm-contact --set 1 --title CEO \
    -a 'Acme Holding' -r decision-maker --email '' -m 'promoted'
is "--set: the id and the fields changed (a field as it was is not)" \
    "$rc:$out:$errout" "0:1	account,title,email:"
run env CRM_USER=wang crm-contact --set 3 --name 'Li  Lei' --phone 139
is "--set --name and --phone by another person" "$out" "3	name,phone"
run crm-contact --set 3 --phone 139
is "--set with nothing different: no field" "$rc:$out" "0:3	"
is "each change in contact_change: field, old, new, at, by, note" \
    "$(sql 'SELECT contact_id, field, old, new, at, by, note FROM contact_change ORDER BY id')" \
"1|account|Acme|Acme Holding|1795600800|li|promoted
1|title|CTO|CEO|1795600800|li|promoted
1|email|zhang@acme.example||1795600800|li|promoted
3|name|Li Lei|Li  Lei|1795510800|wang|
3|phone||139|1795510800|wang|"
is "the contact as it is now" \
    "$(sql "SELECT a.name, c.title, c.email IS NULL FROM contact c JOIN account a ON a.id = c.account_id WHERE c.id = 1")" \
    "Acme Holding|CEO|1"
run crm-contact --set 3 -r boss
is "--set: an unknown role, exit 2" "$rc:$errout" \
    "2:crm-contact: unknown role 'boss' (contact_roles: decision-maker, influencer, user, technical, procurement)"
run crm-contact --set 3 --name ''
is "--set: a name cannot be emptied" "$rc:$errout" \
    "2:crm-contact: name: a contact needs a name"
run crm-contact --set 3 -m why
is "--set with nothing to change: usage" "$rc" 2
run crm-contact --set 99 --title x
is "--set: no such contact, exit 1" "$rc:$out:$errout" \
    "1::crm-contact: contact 99: no such contact"
run crm-contact --set x1 --title x
is "--set: a bad id, exit 2" "$rc" 2

# --- who left ---------------------------------------------------------------
run crm-contact --left 1
is "--left without -m: exit 2" "$rc:$errout" \
    "2:crm-contact: --left: -m says why they left (crm-contact --left 1 -m \"moved to ...\")"
run crm-contact --left 1 -m x --at 2026-12-01
is "--left --at in the future: exit 2" "$rc:$errout" \
    "2:crm-contact: --at '2026-12-01' is in the future"
run crm-contact --left 1 -m x --at 2026-13-01
is "--left --at not a date: exit 2" "$rc" 2
run crm-contact --left 1 -m 'moved to the Shanghai branch' --at 2026-11-20
is "--left: the id and left" "$rc:$out:$errout" "0:1	left:"
run env CRM_USER=wang crm-contact --left 1 -m again
is "a second --left: refused, saying when" "$rc:$out:$errout" \
    "1::crm-contact: contact 1: left already, on 2026-11-20T00:00:00Z (recorded by li: moved to the Shanghai branch)"
run crm-contact --left 99 -m x
is "--left: no such contact" "$rc:$errout" "1:crm-contact: contact 99: no such contact"
run crm-contact --left 2 -m x --title y
is "--left takes no field" "$rc" 2
is "left: the row and its change" \
    "$(sql "SELECT c.left_at, c.left_by, c.left_note FROM contact c WHERE c.id = 1;
      SELECT field, old IS NULL, new, at, by, note FROM contact_change WHERE field = 'left'")" \
"1795132800|li|moved to the Shanghai branch
left|1|2026-11-20T00:00:00Z|1795510800|li|moved to the Shanghai branch"
run crm-contact -L -a 'Acme Holding' -a Acme
is "-L: who left shows when" "$out" \
"1	Zhang San	Acme Holding	decision-maker	CEO	+86 21 5555		met at the fair	2026-11-24T09:00:00Z	2026-11-20T00:00:00Z
5	Wu	Acme	technical					2026-11-24T09:00:00Z	"
run crm-contact -L --current -a 'Acme Holding' -a Acme
is "-L --current: not those who left" "$(printf '%s\n' "$out" | cut -f1)" "5"

# --- crm-admin copy keeps them ---------------------------------------------------------------
# Who took part, buying groups and deal teams, written here as the
# commands of issue 18 will write them.
crm-add -a Acme -c Wu 'A deal' >/dev/null
crm-log -k visit -m 'met' 1 >/dev/null
sql "INSERT INTO activity_contact (activity_id, contact_id) VALUES (1, 5);
    INSERT INTO deal_contact (deal_id, contact_id, at, by)
    VALUES (1, 1, 1795510800, 'li'), (1, 5, 1795510801, 'li');
    INSERT INTO deal_member (id, deal_id, name, role, added, added_by,
    dropped, dropped_by) VALUES (1, 1, 'wang', 'presales', 1795510800,
    'li', NULL, NULL), (2, 1, 'zhao', 'finance', 1795510800, 'li',
    1795510900, 'li')"
q="SELECT * FROM contact ORDER BY id; SELECT * FROM contact_change ORDER BY id;
SELECT * FROM activity_contact; SELECT * FROM deal_contact ORDER BY contact_id;
SELECT * FROM deal_member ORDER BY id"
want=$(sql "$q")
is "the rows to copy" "$(printf '%s\n' "$want" | tail -n 5)" \
"1|5
1|1|1795510800|li
1|5|1795510801|li
1|1|wang|presales|1795510800|li||
2|1|zhao|finance|1795510800|li|1795510900|li"
run crm-admin copy "$CRM_DB" copy.db
is "crm-admin copy: exit 0, its summary as before" "$rc:$errout" "0:"
like "crm-admin copy: its summary as before" "$out" \
    ": 1 deal, 4 accounts, 1 stage change, 1 activity, 0 field changes, 0 voids\$"
is "crm-admin copy: contacts, changes, who took part, buying groups, deal teams, ids and all" \
    "$(sql -D copy.db "$q")" "$want"

# --- the migration of free-text contacts (schema 9) ---------------------------
if [ "$backend" = sqlite ]; then
	sqlite3 v1.db <"$top/lib/schema.sql"
	sqlite3 v1.db "PRAGMA user_version = 1; PRAGMA application_id = 1129467185;
INSERT INTO account (id, name, created) VALUES (1, 'Acme', 1790000000),
    (2, 'Beta', 1790000000);
INSERT INTO deal (id, title, account_id, contact, owner, amount, currency,
    pipeline, stage, status, created, created_by, stage_entered)
  VALUES (1, 'one', 1, 'Bob', 'li', 1, 'CNY', 'project', 'lead', 'open',
    1790000300, 'li', 1790000300),
  (2, 'two', 1, ' Bob ', 'wang', 1, 'CNY', 'project', 'lead', 'open',
    1790000100, 'wang', 1790000100),
  (3, 'three', 1, 'Ann', 'li', 1, 'CNY', 'project', 'lead', 'open',
    1790000200, 'li', 1790000200),
  (4, 'four', NULL, 'Bob', 'zhao', 1, 'CNY', 'project', 'lead', 'open',
    1790000400, 'zhao', 1790000400),
  (5, 'five', 2, '  ', 'li', 1, 'CNY', 'project', 'lead', 'open',
    1790000500, 'li', 1790000500),
  (6, 'six', 2, NULL, 'li', 1, 'CNY', 'project', 'lead', 'open',
    1790000600, 'li', 1790000600);"
	run crm-ls -D v1.db
	is "schema 1 with free-text contacts opens" "$rc:$(sqlite3 v1.db 'PRAGMA user_version')" "0:9"
	# One contact per (account, trimmed name), made when and by whom its
	# first deal was, numbered in the order of that deal's id.
	is "migration: the contacts" \
	    "$(sqlite3 v1.db 'SELECT id, account_id, name, created, created_by, role IS NULL, left_at IS NULL FROM contact ORDER BY id')" \
"1|1|Bob|1790000100|wang|1|1
2|1|Ann|1790000200|li|1|1
3||Bob|1790000400|zhao|1|1"
	is "migration: each deal's buying group holds its contact" \
	    "$(sqlite3 v1.db 'SELECT deal_id, contact_id, at, by FROM deal_contact ORDER BY deal_id')" \
"1|1|1790000300|li
2|1|1790000100|wang
3|2|1790000200|li
4|3|1790000400|zhao"
	is "migration: the deals' contact text stays as it was" \
	    "$(sqlite3 v1.db "SELECT id, '[' || contact || ']' FROM deal ORDER BY id")" \
"1|[Bob]
2|[ Bob ]
3|[Ann]
4|[Bob]
5|[  ]
6|"
	run crm-contact -D v1.db -L
	is "migration: crm-contact -L lists them" "$(printf '%s\n' "$out" | cut -f1-3)" \
"1	Bob	Acme
2	Ann	Acme
3	Bob	"
else
	t_result 0 "# skip the migration from an SQLite file (tests/pg/0030)"
fi

done_testing
