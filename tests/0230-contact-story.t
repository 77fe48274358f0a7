#!/bin/sh
# The field's first story, through the commands alone (issue 18): one
# account; the rep meets only an influencer; the gate of proposal holds
# until the decision maker is met there and presales joins the deal team;
# the decision maker leaves and a successor takes over; each of crm-stale's
# people reasons appears and clears when its cause is fixed; the handover
# keeps the buying group.  Both backends.
. "$(dirname "$0")/lib.sh"

cat >cfg.yaml <<'YAML'
stale:
  idle_days: 30
  single_threaded_from: proposal
pipelines:
  - name: sales
    stages:
      - { name: lead, probability: 10 }
      - name: proposal
        probability: 30
        requires: { meet: [decision-maker], member: [presales] }
      - { name: shortlist, probability: 60 }
      - { name: negotiation, probability: 80 }
activity_kinds: [visit, call]
YAML
export CRM_CONFIG=$tmp/cfg.yaml
T='	'
# crm-stale's deals and reasons, "id:reasons" a deal, on the day given.
stale()
{
	env CRM_NOW="$1T09:00:00Z" crm-stale --header -f tsv | awk -F '\t' '
	    NR == 1 { for (i = 1; i <= NF; i++) if ($i == "reason") r = i; next }
	    { printf "%s:%s ", $1, $r }'
}
# The hint crm-stale gives deal $2 on day $1.
hint()
{
	env CRM_NOW="$1T09:00:00Z" crm-stale --header -f tsv | awk -F '\t' -v d="$2" '
	    NR == 1 { for (i = 1; i <= NF; i++) if ($i == "hint") h = i; next }
	    $1 == d { print $h }'
}

# on DAY CMD...: CMD at 10:00 UTC that day.
on()
{
	o_day=$1
	shift
	env CRM_NOW="${o_day}T10:00:00Z" "$@"
}

export CRM_NOW=2026-11-01T09:00:00Z
is "contacts belong to the account: Li Ming, an influencer" \
    "$(crm-contact -a Acme -r influencer 'Li Ming')" 1
is "...Wang Wei, who decides" "$(crm-contact -a Acme -r decision-maker 'Wang Wei')" 2
is "a deal at Acme, in proposal" "$(crm-add -a Acme -s proposal ERP)" 1
is "a second, in negotiation" "$(crm-add -a Acme -s negotiation Support)" 2

# The rep meets Li Ming alone, twice.
on 2026-11-05 crm-log -k visit -w 'Li Ming' 1 >/dev/null
on 2026-11-12 crm-log -k visit -w 1 1 >/dev/null
on 2026-11-12 crm-log -k call -w 'Li Ming' 2 >/dev/null
# Both from proposal on, so single-threaded; deal 2 in the last third
# (negotiation: index 3 >= ceil(2 * 4 / 3)) with no decision maker met.
# Both in their stage since 11-01: by id.
is "11-24: both single-threaded, deal 2 with no decision maker met" \
    "$(stale 2026-11-24)" "1:single-threaded 2:single-threaded,no-decision-maker "
is "...deal 1's hint names the one met" "$(hint 2026-11-24 1)" \
    "only Li Ming met in 30 days: meet others of the buying group"
is "...deal 2's" "$(hint 2026-11-24 2)" \
    "no decision-maker met: meet one before closing"

# The gate of proposal: a decision maker met there, presales on the team.
run env CRM_NOW=2026-11-13T09:00:00Z crm-advance -s shortlist 1
is "the gate holds: exit 1, both missing named" "$rc|$out|$errout" \
    "1||crm-advance: deal 1: stage proposal requires meeting a decision-maker (none met in this stage), a presales on the deal team (none); log them or use -F"
on 2026-11-14 crm-log -k visit -w 'Wang Wei' -w 'Li Ming' 1 >/dev/null
run env CRM_NOW=2026-11-14T10:00:00Z crm-advance -s shortlist 1
is "the decision maker met: presales still missing" "$rc|$errout" \
    "1|crm-advance: deal 1: stage proposal requires a presales on the deal team (none); log them or use -F"
run env CRM_NOW=2026-11-14T10:00:00Z crm-set --member zhang:presales 1
is "zhang joins as presales" "$rc|$out" "0|1${T}member"
run env CRM_NOW=2026-11-14T11:00:00Z crm-advance -s shortlist 1
is "...and the deal moves on" "$rc|$out" "0|1${T}proposal${T}shortlist"
is "11-24: deal 1 met two people: no longer single-threaded" \
    "$(stale 2026-11-24)" "2:single-threaded,no-decision-maker "

# Wang Wei moves to another department; nobody else met since.
run env CRM_NOW=2026-11-20T09:00:00Z crm-contact --left 2 \
    -m 'moved to another department'
is "Wang Wei leaves the project" "$rc" 0
# contact-left ranks by the days since (4), the others by the days in
# the stage (23): deal 2 first.
is "11-24: deal 1's decision maker left after its last activity" \
    "$(stale 2026-11-24)" "2:single-threaded,no-decision-maker 1:contact-left "
is "...with the hint" "$(hint 2026-11-24 1)" \
    "Wang Wei left on 2026-11-20: re-map who decides"

# A successor takes over; the rep meets them on both deals.
is "Zhou Min succeeds him" \
    "$(env CRM_NOW=2026-11-21T09:00:00Z crm-contact -a Acme -r decision-maker 'Zhou Min')" 3
on 2026-11-22 crm-log -k visit -w 'Zhou Min' 1 >/dev/null
on 2026-11-22 crm-log -k visit -w 'Zhou Min' 2 >/dev/null
is "11-24: nothing stale" "$(stale 2026-11-24)" ""
is "crm-log -L: who was met, each time" \
    "$(crm-log -L -f tsv --header | awk -F '\t' '
    NR == 1 { for (i = 1; i <= NF; i++) if ($i == "met") m = i; next }
    { print $1, $m }')" "1 Li Ming
1 Li Ming
2 Li Ming
1 Li Ming, Wang Wei
1 Zhou Min
2 Zhou Min"

# The handover keeps the buying group and the team: they are the deal's.
run crm-set -o wang 1
is "deal 1 handed to wang" "$rc" 0
is "...its buying group and team stay" \
    "$(crm-show -f json 1 | jq -c '[[.contacts[].name], [.members[] | .name + ":" + .role]]')" \
    '[["Li Ming","Wang Wei","Zhou Min"],["zhang:presales"]]'
is "...and Wang Wei is marked as having left" \
    "$(crm-show -f json 1 | jq -r '.contacts[] | select(.name == "Wang Wei") | .left')" \
    "2026-11-20T09:00:00Z"

done_testing
