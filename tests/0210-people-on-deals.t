#!/bin/sh
# People on deals (issue 18): crm-log -w (by id, by name; unknown,
# ambiguous and another account's refused before anything is written),
# -L's met column; crm-set --contact ID, --member, --drop-member;
# crm-show's buying group and deal team; a gate with meet: and member:.
# A hand-built story: the ERP deal at ACME, its decision maker Wang Wei,
# the influencer Zhao Min, two contacts named Li Na.
. "$(dirname "$0")/lib.sh"

cat >people.yaml <<'EOF'
team:
  li: [zhang, wang]
pipelines:
  - name: project
    stages:
      - name: lead
        probability: 10
      - name: shortlist
        probability: 50
        requires: { visit: 1, meet: [decision-maker], member: [presales] }
      - name: negotiation
        probability: 80
EOF
export CRM_CONFIG=$tmp/people.yaml

crm-add -a ACME --at 2026-11-01 'ERP' >/dev/null
crm-add -a ACME --at 2026-11-01 'Scanners' >/dev/null
crm-add -a 'Other Co' --at 2026-11-01 'Telematics' >/dev/null
# crm-contact is not on this branch: the contacts as rows, the same SQL on
# both backends.  Accounts 1 ACME, 2 Other Co.
sql "INSERT INTO contact (id, account_id, name, role, created, created_by)
    VALUES (1, 1, 'Wang Wei', 'decision-maker', 1761955200, 'li'),
    (2, 1, 'Zhao Min', 'influencer', 1761955200, 'li'),
    (3, 1, 'Li Na', 'user', 1761955200, 'li'),
    (4, 1, 'Li Na', 'technical', 1761955200, 'li'),
    (5, 2, 'Chen Jie', 'procurement', 1761955200, 'li')" >/dev/null
acts() { sql 'SELECT count(*) FROM activity'; }

run crm-advance --at 2026-11-02 -s shortlist 1
is "deal 1 into shortlist" "$out" "$(printf '1\tlead\tshortlist')"

# Who took part: by name, trimmed.
run crm-log -k call --at 2026-11-03 -w ' Zhao Min ' 1
is "-w by name" "$out" "$(printf '1\t1\tcall\t2026-11-03T00:00:00Z')"
is "...exit 0" "$rc" 0

# Refused before anything is written: exit 2, naming the deal.
run crm-log -k visit -w 'Wang We' 1
is "unknown name: did you mean, and the account's contacts" "$errout" \
    "crm-log: deal 1: unknown contact 'Wang We': did you mean 'Wang Wei'? (contacts of account ACME: Li Na, Wang Wei, Zhao Min)"
is "...exit 2" "$rc" 2
run crm-log -k visit -w 'Li Na' 1
is "a name two contacts share: their ids" "$errout" \
    "crm-log: deal 1: 'Li Na' is 2 contacts of account ACME (ids 3, 4): name one by its id"
is "...exit 2" "$rc" 2
run crm-log -k visit -w 5 1
is "an id of another account's contact" "$errout" \
    "crm-log: deal 1: contact 5 (Chen Jie) is of account Other Co, not of the deal's account ACME"
run crm-log -k visit -w 99 1
is "an id of no contact" "$errout" "crm-log: deal 1: no contact 99"
is "...exit 2" "$rc" 2
run crm-log -k visit -w 'Wang Wei' 1 3
is "every deal is checked first: deal 3 is at Other Co" "$errout" \
    "crm-log: deal 3: unknown contact 'Wang Wei' (contacts of account Other Co: Chen Jie)"
is "...exit 2, and nothing was logged on deal 1 either" "$rc $out $(acts)" "2  1"

run crm-advance --at 2026-11-04 1
is "the gate asks for the work and the people" "$errout" \
    "crm-advance: deal 1: stage shortlist requires 1 visit (0 logged), meeting a decision-maker (none met in this stage), a presales on the deal team (none); log them or use -F"
is "...exit 1" "$rc" 1

# Wang Wei met while the deal was in lead: not in this stage.
run crm-log -k visit --at 2026-11-01T12:00 -w 1 1
is "-w by id" "$out" "$(printf '1\t2\tvisit\t2026-11-01T12:00:00Z')"
# Two at once, one by name and one by id; the same one twice counts once.
run crm-log -k visit --at 2026-11-05 -w 'Zhao Min' -w 4 -w 2 1
is "-w twice, by name and by id" "$out" \
    "$(printf '1\t3\tvisit\t2026-11-05T00:00:00Z')"
run crm-advance --at 2026-11-06 1
is "a visit in the stage, but no decision maker in it, no presales" "$errout" \
    "crm-advance: deal 1: stage shortlist requires meeting a decision-maker (none met in this stage), a presales on the deal team (none); log them or use -F"

# Our deal team.
run crm-set --member zhang:presales 1
is "--member" "$out" "$(printf '1\tmember')"
run crm-set --member zhang:legal --contact 3 1
is "another role and a contact attached" "$out" "$(printf '1\tcontact,member')"
run crm-set --member zhang:legal --contact 3 1
is "the same again: nothing changed" "$out" "$(printf '1\t')"
run crm-set --member zhang:finance --contact 5 1
is "another account's contact: refused" "$errout" \
    "crm-set: deal 1: contact 5 (Chen Jie) is of account Other Co, not of the deal's account ACME"
is "...exit 1" "$rc" 1
run crm-set --member bob:presales 1
is "a member must be in team:" "$errout" \
    "crm-set: unknown person 'bob' (people in team: li, zhang, wang)"
is "...exit 2" "$rc" 2
run crm-set --member zhang:boss 1
is "a role must be in deal_roles:" "$errout" \
    "crm-set: --member 'zhang:boss': unknown deal role 'boss' (deal_roles: presales, consultant, executive, finance, legal)"
is "...exit 2" "$rc" 2
run crm-set --member zhang 1
is "NAME:ROLE" "$errout" \
    "crm-set: --member 'zhang': give NAME:ROLE, e.g. zhang:presales"
run crm-set --drop-member wang 1
is "--drop-member of someone not on it" "$errout" \
    "crm-set: deal 1: wang is not on its team"
is "...exit 1" "$rc" 1
run crm-advance --at 2026-11-07 1
is "zhang is legal now: still no presales" "$errout" \
    "crm-advance: deal 1: stage shortlist requires meeting a decision-maker (none met in this stage), a presales on the deal team (none); log them or use -F"
crm-set --member wang:presales 1 >/dev/null
run crm-set --drop-member zhang 1
is "--drop-member" "$out" "$(printf '1\tmember')"
run crm-advance --at 2026-11-08 1
is "presales joined: the decision maker is missing" "$errout" \
    "crm-advance: deal 1: stage shortlist requires meeting a decision-maker (none met in this stage); log them or use -F"
crm-log -k meeting --at 2026-11-08T10:00 -w 'Wang Wei' 1 >/dev/null
run crm-advance --at 2026-11-09 1
is "met and joined: the gate lets it go" "$out" \
    "$(printf '1\tshortlist\tnegotiation')"
is "...not forced" "$(sql 'SELECT forced FROM stage_change WHERE deal_id = 1 ORDER BY id DESC LIMIT 1')" 0

# -F past the same gate, recorded as forced, as ever.
crm-advance --at 2026-11-02 -s shortlist 2 >/dev/null
run crm-advance --at 2026-11-03 2
is "deal 2: refused" "$rc" 1
run crm-advance -F --at 2026-11-03 2
is "-F forces past it" "$out" "$(printf '2\tshortlist\tnegotiation')"
is "...recorded as forced" "$(sql 'SELECT forced FROM stage_change WHERE deal_id = 2 ORDER BY id DESC LIMIT 1')" 1

# A contact who left may still be met: a goodbye visit.
sql "UPDATE contact SET left_at = 1795132800, left_by = 'li' WHERE id = 2" >/dev/null
run crm-log -k visit -m 'goodbye' -w 'Zhao Min' 1
is "a contact who left, met" "$out" \
    "$(printf '1\t5\tvisit\t2026-11-24T09:00:00Z')"

# -L: who took part, the last column.
run crm-log -L -p project -a ACME
is "-L: met, by name" "$(printf '%s\n' "$out" | cut -f1,2,3,12)" \
    "1	2	visit	Wang Wei
1	1	call	Zhao Min
1	3	visit	Li Na, Zhao Min
1	4	meeting	Wang Wei
1	5	visit	Zhao Min"
is "-L -f json: met, the names joined" \
    "$(crm-log -L -f json --since 2026-11-05 --until 2026-11-06 | sed -n 2p | sed 's/.*"title"/"title"/')" \
    '"title":"ERP","met":"Li Na, Zhao Min"}'

# crm-show: the buying group and the deal team.
is "crm-show -f json: contacts and members" \
    "$(crm-show -f json 1 | sed 's/.*"void":\[\],//')" \
    '"contacts":[{"id":3,"name":"Li Na","role":"user","last_met":null,"left":null,"how":"attached"},{"id":4,"name":"Li Na","role":"technical","last_met":"2026-11-05T00:00:00Z","left":null,"how":"met"},{"id":1,"name":"Wang Wei","role":"decision-maker","last_met":"2026-11-08T10:00:00Z","left":null,"how":"met"},{"id":2,"name":"Zhao Min","role":"influencer","last_met":"2026-11-24T09:00:00Z","left":"2026-11-20T00:00:00Z","how":"met"}],"members":[{"name":"wang","role":"presales","since":"2026-11-24T09:00:00Z"}]}'
is "crm-show: the sections between the card and the timeline" \
    "$(crm-show -f table 1 | sed -n '/^buying group$/,/^at /p')" \
    "buying group
id  name      role            last_met          left              how
 3  Li Na     user            never                               attached
 4  Li Na     technical       2026-11-05 00:00                    met
 1  Wang Wei  decision-maker  2026-11-08 10:00                    met
 2  Zhao Min  influencer      2026-11-24 09:00  2026-11-20 00:00  met

deal team
name  role      since
wang  presales  2026-11-24 09:00

at                event     by  from       to           kind     purpose  note     outcome  reason  void_at  void_by  void_note"
is "crm-show of a deal with none: no sections, no arrays' content" \
    "$(crm-show -f table 3 | grep -c -e '^buying group' -e '^deal team'; crm-show -f json 3 | sed 's/.*"void":\[\],//')" \
    '0
"contacts":[],"members":[]}'
is "crm-show -f tsv: the timeline, as before" \
    "$(crm-show 1 | cut -f3 | sort | uniq -c | tr -s ' ')" \
    " 5 activity
 1 created
 2 stage"

# A void activity is as if never made: Li Na (4) was met only there.
crm-void --activity -m 'wrong deal' 3 >/dev/null
is "the buying group without the void activity" \
    "$(crm-show -f json 1 | sed 's/.*"contacts"://' | tr '{' '\n' | grep -o '"name":"[^"]*","role":"[a-z-]*","last_met":[^,]*' )" \
    '"name":"Li Na","role":"user","last_met":null
"name":"Wang Wei","role":"decision-maker","last_met":"2026-11-08T10:00:00Z"
"name":"Zhao Min","role":"influencer","last_met":"2026-11-24T09:00:00Z"'

# Config: roles are checked, with the line.
cat >bad.yaml <<'EOF'
pipelines:
  - name: p
    stages:
      - name: a
        probability: 10
        requires: { meet: [decider] }
EOF
run crm-ls -C bad.yaml
is "meet: an unknown contact role" "$errout" \
    "crm-ls: bad.yaml:6:28: stage a requires meet: unknown role 'decider' (contact_roles: decision-maker, influencer, user, technical, procurement)"
is "...exit 2" "$rc" 2
sed 's/meet: \[decider\]/member: [presales, cfo]/' bad.yaml >bad2.yaml
run crm-ls -C bad2.yaml
is "member: an unknown deal role" "$errout" \
    "crm-ls: bad2.yaml:6:40: stage a requires member: unknown role 'cfo' (deal_roles: presales, consultant, executive, finance, legal)"

is "crm-admin check passes" "$(db_check)" ok
done_testing
