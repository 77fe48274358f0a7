#!/bin/sh
# Reads scale out: the read-only commands on a hot standby, a second
# server that replays the first's WAL and refuses every write.  Opening
# must write nothing (no SET that needs a write, no lock a standby
# refuses); each command's output there is the primary's, byte for byte;
# crm-admin copy reads a standby (a backup from the replica); a write
# there exits 3 saying why.  The standby is made with pg_basebackup -R
# from the cluster of tests/pg/run.sh and started with pg_ctl, as the
# cluster's owner (postgres when the tests run as root).
. "$(dirname "$0")/lib.sh"

db=crm_standby_$$
pg_db "$db"
uri=postgresql:///$db
export CRM_DB=$uri
crm-admin init "$uri"
(. "$top/tests/copy-fixture.sh") 2>/dev/null

bindir=$("${PG_CONFIG:-pg_config}" --bindir)
datadir=$(q postgres 'SHOW data_directory')
owner=$(stat -c %U "$datadir")
as_owner()
{
	if [ "$(id -u)" -eq 0 ] && [ "$owner" != root ]; then
		(cd "$sdir" && setpriv --reuid="$owner" \
		    --regid="$(id -g "$owner")" --init-groups "$@")
	else
		"$@"
	fi
}

# A directory the owner can enter wherever $tmp lies (a 0700 one as root).
sdir=$(mktemp -d "${TMPDIR:-/tmp}/crm-standby.XXXXXX")
spid=
trap 'as_owner "$bindir/pg_ctl" -D "$sdir/data" -m immediate stop \
    >/dev/null 2>&1; rm -rf "$sdir"
    for d in $pg_dbs; do dropdb --if-exists "$d"; done; rm -rf "$tmp"' EXIT
chmod 0755 "$sdir"
chown "$owner" "$sdir" 2>/dev/null || true
if ! as_owner "$bindir/pg_basebackup" -D "$sdir/data" -R -X stream -c fast \
    -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" 2>"$sdir/basebackup.err"; then
	cat "$sdir/basebackup.err" | sed 's/^/# /'
	echo "Bail out! pg_basebackup failed"
	exit 1
fi
# Debian keeps a cluster's config outside its data directory: the
# standby's own, a port of its own, connections from here trusted.
sport=$((PGPORT + 1000))
while pg_isready -q -h localhost -p $sport; do
	sport=$((sport + 1))
done
as_owner sh -c "cat >'$sdir/data/postgresql.conf'" <<EOF
port = $sport
listen_addresses = 'localhost'
unix_socket_directories = '$sdir'
hot_standby = on
timezone = 'Pacific/Chatham'
EOF
as_owner sh -c "printf '%s\n' 'local all all trust' \
    'host all all 127.0.0.1/32 trust' 'host all all ::1/128 trust' \
    >'$sdir/data/pg_hba.conf'; : >'$sdir/data/pg_ident.conf'"
if ! as_owner "$bindir/pg_ctl" -D "$sdir/data" -l "$sdir/log" -w start \
    >/dev/null; then
	sed 's/^/# /' "$sdir/log"
	echo "Bail out! the standby did not start"
	exit 1
fi
suri=postgresql://localhost:$sport/$db
is "the standby is one" "$(psql -X -At -d "$suri" -c 'SELECT pg_is_in_recovery()')" t

# Every read-only command: the standby's output is the primary's.
same()
{
	s_desc=$1
	shift
	run env CRM_DB="$uri" "$@"
	s_out=$out s_err=$errout s_rc=$rc
	run env CRM_DB="$suri" "$@"
	is "$s_desc: the same on the standby" "$rc|$out|$errout" \
	    "$s_rc|$s_out|$s_err"
}
same "crm-ls" crm-ls --all
same "crm-ls -f json" crm-ls --all -f json
same "crm-show" crm-show 1 2
same "crm-funnel" crm-funnel
same "crm-funnel --by owner" crm-funnel --by owner -f tsv
same "crm-funnel --as-of" crm-funnel --as-of 2026-11-10
same "crm-stale" crm-stale
same "crm-log -L" crm-log -L
same "crm-admin check" crm-admin check
ok "...and the output is not empty" [ -n "$(crm-ls --all -D "$suri")" ]

run crm-admin copy "$suri" copy.db
like "crm-admin copy from the standby: exit 0" "$rc|$errout" "^0\|$"
run crm-ls --all -D copy.db
is "...the copy holds what the primary holds" "$out" \
    "$(crm-ls --all -D "$uri")"

run crm-add -D "$suri" -o li 'On the standby'
[ -z "${PG_SMOKE_SHOW:-}" ] || printf '# %s\n' "$errout"
like "a write on the standby: exit 3, the server's reason" "$rc|$errout" \
    "^3\|crm-add: database .*: .*read-only transaction \(the server only reads, as a standby does: give the primary to write\)$"
run crm-ls --all -D "$uri" -f tsv
ok "...and nothing changed" sh -c '! printf "%s\n" "$1" | grep -q "On the standby"' sh "$out"

done_testing
