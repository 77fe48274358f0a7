#!/bin/sh
# make demo: the main job on a throwaway database.  A sample team (jiang
# manages li and wang) enters its deals, works them for a few weeks, and
# reads where everything stands.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
PATH=$top/bin:$PATH
dir=$(mktemp -d "${TMPDIR:-/tmp}/crm-demo.XXXXXX")
trap 'rm -rf "$dir"' EXIT
export CRM_DB=$dir/demo.db
unset CRM_CONFIG
export CRM_NOW=2026-11-24T09:00:00
export CRM_USER=jiang

# Prints a command as it would be typed, quoting words with blanks.
say()
{
	printf '\n$'
	for w in "$@"; do
		case $w in
		*[!A-Za-z0-9_./:,=+-]*) printf " '%s'" "$w" ;;
		*) printf ' %s' "$w" ;;
		esac
	done
	printf '\n'
}
step() { say "$@"; "$@"; }
# Prints a line as it is: a command with redirections or a comment.
show() { printf '\n$ %s\n' "$1"; }

show "crm-add < deals.tsv            # the team enters its pipeline"
printf 'title\taccount\towner\tamount\tstage\tcreated\texpected_close\tclosed\n' >"$dir/deals.tsv"
cat >>"$dir/deals.tsv" <<'TSV'
ERP rollout	华东制造	li	1,200,000	lead	2026-09-01	2027-01-31
Warehouse scanners	Acme Logistics	li	85,000.50	lead	2026-09-15	2026-12-20
CRM migration	北方银行	wang	560,000	lead	2026-10-02	2027-03-31
Fleet telematics	Acme Logistics	wang	230,000	lead	2026-10-20	2027-02-28
Data center move	南方电网	zhao	2,400,000	lead	2026-08-10	2026-12-31
Old tender	华东制造	li	90,000	lost	2026-06-01		2026-07-15
Pilot project	北方银行	wang	120,000	won	2026-05-10		2026-08-28
TSV
crm-add <"$dir/deals.tsv" | tr '\n' ' '
echo

step crm-log -k visit -m "met the CIO; budget confirmed" --at 2026-09-03 --outcome positive 1
step crm-log -k call -m "follow-up on scope" --at 2026-09-05 1
step crm-log -k call -m "sent reference list" --at 2026-09-08 1
CRM_USER=li step crm-advance --at 2026-09-04 1
show "crm-advance 1                  # the gate: needs requires 1 visit, 2 calls"
CRM_USER=li crm-advance 1 || true
CRM_USER=li step crm-log -k visit -m "workshop with IT" --at 2026-09-20 1
CRM_USER=li step crm-log -k call -m "agreed on requirements" --at 2026-09-22 1
CRM_USER=li step crm-log -k call -m "confirmed timeline" --at 2026-09-25 1
CRM_USER=li step crm-advance --at 2026-09-26 1
CRM_USER=wang step crm-advance --at 2026-10-10 3
CRM_USER=wang step crm-advance -F -m "customer asked for the proposal early" --at 2026-10-20 3
CRM_USER=li step crm-advance -l competitor --at 2026-11-02 2
step crm-set -n 2026-11-20 -v 2,500,000 5

step crm-ls -f table
step crm-ls -T wang -f table
step crm-show -f table 1
show "crm-ls -o li | crm-set -o wang -m 'li left; handed over'"
crm-ls -o li | crm-set -o wang -m "li left; handed over"
step crm-ls --all --sort -amount -f table
step crm-log -L -T jiang --since 2026-09-01 -f table

# The weekly review: the funnel (with its chart on a terminal), then what
# has stalled.
step crm-funnel -f table
step crm-funnel --by owner -f table
step crm-funnel --forecast -f table
show "crm-stale -f table"
crm-stale -f table || true
