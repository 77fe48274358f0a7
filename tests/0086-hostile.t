#!/bin/sh
# Bad input: each gets a clear error, and nothing changes.
. "$(dirname "$0")/lib.sh"

crm-add -o li 'Existing' >/dev/null
count() { sql 'SELECT (SELECT count(*) FROM deal) || "/" || (SELECT count(*) FROM stage_change)'; }
before=$(count)

# Configs.
cat >bomb.yaml <<'YAML'
a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: [*c,*c,*c,*c,*c,*c,*c,*c,*c]
YAML
run crm-ls -C bomb.yaml
is "alias bomb: exit 2" "$rc" 2
like "alias bomb: refused with its place" "$errout" "^crm-ls: bomb.yaml:1:4: "
awk 'BEGIN { print "currency: CNY"; for (i = 0; i < 400000; i++) printf "# padding line %d of a config that is far too long\n", i }' >big.yaml
run crm-ls -C big.yaml
is "a 10 MB config: an error, exit 2" "$rc" 2
like "a 10 MB config: says it is too large" "$errout" "big.yaml:1:1: the config is [0-9]+ bytes, at most 1048576"
printf -- '- just\n- a list\n' >list.yaml
run crm-ls -C list.yaml
is "a config that is not a mapping: exit 2" "$rc" 2
like "not a mapping: says so at 1:1" "$errout" "list.yaml:1:1: "
{ echo 'pipelines:'; echo '  - name: huge'; echo '    stages:'
  awk 'BEGIN { for (i = 0; i < 10000; i++) printf "      - { name: s%d, probability: 50 }\n", i }'; } >many.yaml
run crm-ls -C many.yaml --list-stages
is "10,000 stages: a clear answer, exit 0 or 2" "$(case $rc in 0|2) echo fine;; *) echo "$rc";; esac)" fine

# Imports: each all or nothing.
awk 'BEGIN { printf "title\tsource\n"; printf "Big\t"; for (i = 0; i < 1048576; i++) printf "x"; printf "\n" }' >bigfield.tsv
run sh -c 'crm-add <bigfield.tsv'
is "a 1 MB field: exit 1" "$rc" 1
like "a 1 MB field: the line and field named" "$errout" "line 2: source: 1048576 characters, at most 500"
printf 'title\nA\000B\n' >nul.tsv
run sh -c 'crm-add <nul.tsv'
is "a NUL byte: exit 1" "$rc" 1
like "a NUL byte: named" "$errout" "line 2: .*NUL"
printf 'title\nbad \377 byte\n' >utf.tsv
run sh -c 'crm-add <utf.tsv'
is "invalid UTF-8: exit 1" "$rc" 1
like "invalid UTF-8: the line named" "$errout" "line 2: .*UTF-8"
printf 'title\ttitle\nA\tB\n' >dup.tsv
run sh -c 'crm-add <dup.tsv'
is "duplicate columns: exit 2" "$rc" 2
like "duplicate columns: named" "$errout" "column 'title' appears twice"
printf 'title\n' >empty.tsv
run sh -c 'crm-add <empty.tsv'
is "no data lines: exit 1" "$rc" 1
like "no data lines: says so" "$errout" "no deals after the header"
is "nothing changed by any bad import" "$(count)" "$before"
printf 'title\tamount\r\nCRLF deal\t5\r\n' >crlf.tsv
run sh -c 'crm-add <crlf.tsv'
is "CRLF line ends are accepted" "$rc" 0
is "CRLF: no CR kept" "$(sql "SELECT count(*) FROM deal WHERE title = 'CRLF deal' AND amount = 500")" 1
before=$(count)

# Values.
run crm-add -v 92233720368547758.08 'Too much'
is "amount past 64-bit minor units: exit 2" "$rc" 2
like "amount too large: named" "$errout" "amount '92233720368547758.08'"
run crm-add -v -5 'Negative'
is "negative amount: exit 2" "$rc" 2
like "negative amount: named" "$errout" "amount '-5'"
run crm-add -e 2026-02-30 'No such day'
like "2026-02-30: named" "$rc $errout" "^2 .*2026-02-30"
run crm-add --at 0000-01-01 'Year zero'
like "year 0: named" "$rc $errout" "^2 .*0000-01-01"
run crm-advance abc
is "an id that is not a number: exit 1" "$rc" 1
like "an id that is not a number: named" "$errout" "'abc': not a deal id"
run crm-advance 99999999999999999999
like "an id that overflows: named" "$rc $errout" "^1 .*'99999999999999999999': not a deal id"
run crm-show abc
is "crm-show abc: exit 2" "$rc" 2
is "nothing changed by any bad value" "$(count)" "$before"

# Database files.
echo 'not a database' >notdb
run crm-ls -D notdb
like "not SQLite: exit 3, named" "$rc $errout" "^3 crm-ls: database notdb: "
db_file ro.db
chmod 0444 ro.db
awk 'BEGIN { print "title\taccount\towner\tamount"
	for (i = 1; i <= 200000; i++)
		printf "Deal %d\tacct %d\twang\t%d\n", i, i % 300, i }' >many.tsv
if [ "$(id -u)" -ne 0 ]; then
	run crm-add -D ro.db 'Into a read-only file'
	like "read-only database: exit 3, named" "$rc $errout" "^3 .*ro.db"
	run crm-ls -D ro.db
	is "read-only database: still readable" "$rc" 0
	t_result 0 "# read-only database unchanged: checked as root only"
	mkdir locked
	chmod 0555 locked
	run crm-ls -D locked/crm.db
	like "an unwritable directory: exit 3, named" "$rc $errout" "^3 .*locked"
	# A directory crm may not write in, the database and its -wal and
	# -shm files writable: the first import cannot make a rollback
	# journal, so it stays in WAL mode (crm-add(1)).
	mkdir w
	crm-admin init w/crm.db
	touch w/crm.db-wal w/crm.db-shm
	chmod 0555 w
	# It holds no lock that would keep readers out meanwhile.
	crm-add -D w/crm.db <many.tsv >/dev/null 2>many.err &
	pid=$!
	sleep 0.3
	run sqlite3 w/crm.db 'SELECT count(*) FROM deal'
	is "an import where no journal can be made: others read meanwhile" \
	    "$rc $errout" "0 "
	s1=0
	wait $pid || s1=$?
	is "...and it works, in WAL mode" "$s1 $(cat many.err) $(sqlite3 w/crm.db \
	    'SELECT count(*) FROM deal; PRAGMA journal_mode' | tr '\n' ' ')" \
	    "0  200000 wal "
	chmod 0755 w
elif command -v setpriv >/dev/null 2>&1 &&
    setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	# As root, permissions do not bind: run as nobody in a directory
	# nobody may enter and read but not write.
	# pub: nobody may not write there; open: anyone may.
	chmod 0711 "$tmp"
	mkdir pub open
	chmod 0755 pub
	chmod 0777 open
	cp ro.db open/ro.db
	chmod 0444 open/ro.db
	asnobody() { setpriv --reuid=65534 --regid=65534 --clear-groups \
	    env HOME="$tmp/open" "$@"; }
	# The checkout may lie where nobody cannot go (a 0700 directory,
	# /root): nobody runs copies of the programs, from here.
	mkdir nbin
	cp "$(command -v crm-add)" "$(command -v crm-ls)" nbin/
	chmod 0755 nbin nbin/*
	nb=$tmp/nbin
	run asnobody "$nb/crm-add" -D open/ro.db 'Into a read-only file'
	like "read-only database: exit 3, named" "$rc $errout" "^3 .*ro.db"
	run asnobody "$nb/crm-ls" -D open/ro.db
	is "read-only database: still readable" "$rc" 0
	is "read-only database: unchanged" "$(sqlite3 open/ro.db 'SELECT count(*) FROM deal')" \
	    "$(sql 'SELECT count(*) FROM deal')"
	run asnobody "$nb/crm-ls" -D pub/new/crm.db
	like "an unwritable directory: exit 3, named" "$rc $errout" "^3 .*pub/new"
	# A directory nobody may not write in, the database and its -wal and
	# -shm files writable: the first import cannot make a rollback
	# journal, so it stays in WAL mode (crm-add(1)).
	mkdir pub/w
	crm-admin init pub/w/crm.db
	touch pub/w/crm.db-wal pub/w/crm.db-shm
	chmod 0666 pub/w/crm.db pub/w/crm.db-wal pub/w/crm.db-shm
	# It holds no lock that would keep readers out meanwhile.
	asnobody "$nb/crm-add" -D pub/w/crm.db <many.tsv \
	    >/dev/null 2>many.err &
	pid=$!
	sleep 0.3
	run sqlite3 pub/w/crm.db 'SELECT count(*) FROM deal'
	is "an import where no journal can be made: others read meanwhile" \
	    "$rc $errout" "0 "
	s1=0
	wait $pid || s1=$?
	is "...and it works, in WAL mode" "$s1 $(cat many.err) $(sqlite3 \
	    pub/w/crm.db 'SELECT count(*) FROM deal; PRAGMA journal_mode' |
	    tr '\n' ' ')" "0  200000 wal "
	chmod 0700 "$tmp"
else
	for i in 1 2 3 4 5 6; do t_result 0 "# skip running as root without setpriv"; done
fi

done_testing
