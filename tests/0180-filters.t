#!/bin/sh
# Filters that repeat (either value), names checked against team: with a
# "did you mean", stages by label, and crm-ls's search and dates: -q,
# --due, --created-since/-until, --closed-since/-until; crm-log -L -q.
. "$(dirname "$0")/lib.sh"

cat >cfg.yaml <<'YAML'
pipelines:
  - name: project
    stages:
      - { name: lead, label: 建立联络, probability: 5 }
      - { name: needs, label: 确定需求, probability: 10 }
      - { name: proposal, label: 提交方案, probability: 25 }
  - name: product
    stages:
      - { name: lead, label: 线索, probability: 10 }
      - { name: demo, label: 演示, probability: 30 }
      - { name: quote, label: 报价, probability: 60 }
activity_kinds: [visit, call, email]
team:
  jiang: [li, wang]
  wang: [zhao]
YAML
cat >noteam.yaml <<'YAML'
pipelines:
  - name: project
    stages:
      - { name: lead, probability: 5 }
activity_kinds: [call]
YAML
export CRM_CONFIG=$tmp/cfg.yaml
# chen was in the team when deal 5 was added, and has left since.
sed 's/^  wang: \[zhao\]$/  wang: [zhao, chen]/' cfg.yaml >then.yaml

# Now is 2026-11-24T09:00:00Z, TZ=UTC.
#  1 li    project lead      Acme Corp, Ms. Garcia   created 11-01  next 11-20
#  2 wang  project needs     华东制造                  created 11-10  next 11-24
#  3 zhao  product lead      Acme Corp               created 10-01  next 11-25
#  4 li    product demo      no account, 王经理      created 09-01  note EXPO
#  5 chen  project proposal  (chen is not in team:) created 11-20
#  6 wang  project           won 11-05               created 08-01
#  7 li    project           lost 10-31T23:00        created 07-01  next 10-15
#  8 zhao  product           won 11-24T08:00         created 06-01
#  9 wang  project lead      Café POS                created 11-15
# 10 li    project lead      lost 11-02, reopened    created 10-20
crm-add -o li -a 'Acme Corp' -c 'Ms. Garcia' --at 2026-11-01 -n 2026-11-20 'ERP rollout' >/dev/null
crm-add -o wang -a 华东制造 -s needs --at 2026-11-10 -n 2026-11-24 'Scanners 50%_off' >/dev/null
crm-add -o zhao -a 'Acme Corp' -p product --at 2026-10-01 -n 2026-11-25 'Data center' >/dev/null
crm-add -o li -p product -s demo -c 王经理 -m 'met at the EXPO' --at 2026-09-01 Fleet >/dev/null
crm-add -C then.yaml -o chen -s proposal --at 2026-11-20 'Outside 100%' >/dev/null
crm-add -o wang --at 2026-08-01 'Won deal' >/dev/null
crm-add -o li --at 2026-07-01 -n 2026-10-15 'Lost deal' >/dev/null
crm-add -o zhao -p product -s quote --at 2026-06-01 'Won late' >/dev/null
crm-add -o wang --at 2026-11-15 'Café POS' >/dev/null
crm-add -o li --at 2026-10-20 'Came back' >/dev/null
crm-advance -w --at 2026-11-05 6 >/dev/null
crm-advance -l price --at 2026-10-31T23:00Z 7 >/dev/null
crm-advance -w --at 2026-11-24T08:00Z 8 >/dev/null
crm-advance -l price --at 2026-11-02 10 >/dev/null
crm-advance -s lead --at 2026-11-03 10 >/dev/null

ids()
{
	printf '%s\n' "$out" | cut -f1 | tr '\n' ' '
}

# ---- A repeated filter means either value; different filters all apply.
run crm-ls -o li -o wang
is "-o li -o wang: either owner" "$(ids)" "1 2 4 9 10 "
run crm-ls -o li -o li
is "-o li -o li: li once" "$(ids)" "1 4 10 "
run crm-ls -T wang
is "-T wang: wang and zhao below" "$(ids)" "2 3 9 "
run crm-ls -T li -T wang
is "-T li -T wang: both teams" "$(ids)" "1 2 3 4 9 10 "
run crm-ls -T jiang -T wang
is "-T jiang -T wang: wang's team inside jiang's, each once" "$(ids)" \
    "1 2 3 4 9 10 "
run crm-ls -o li -T wang
is "-o li -T wang: both apply, li is not in wang's team" "$rc:$out" "0:"
run crm-ls -o li -o zhao -T wang
is "-o li -o zhao -T wang: zhao only" "$(ids)" "3 "
run crm-ls -a 'Acme Corp' -a 华东制造
is "-a twice: either account" "$(ids)" "1 2 3 "
run crm-ls -a 'Acme Corp' -o zhao
is "-a and -o: both apply" "$(ids)" "3 "
run crm-ls -p project -p product
is "-p twice: either pipeline" "$(ids)" "1 2 3 4 5 9 10 "
run crm-ls -p product -p product
is "-p product twice: product" "$(ids)" "3 4 "
run crm-ls -s lead -s needs
is "-s twice: either stage, lead in both pipelines" "$(ids)" "1 2 3 9 10 "
run crm-ls -s needs -s demo
is "-s from two pipelines" "$(ids)" "2 4 "
run crm-ls -s lead -s won
is "-s lead -s won: the open leads and the won deals" "$(ids)" \
    "1 3 6 8 9 10 "
run crm-ls -s won -s lost
is "-s won -s lost: the closed deals" "$(ids)" "6 7 8 "
run crm-ls --won -s lost
is "--won -s lost: both apply, the lost ones" "$(ids)" "7 "
run crm-ls --list-stages -p project -p product
is "--list-stages of two pipelines: each name once" \
    "$(printf '%s\n' "$out" | tr '\n' ' ')" \
    "lead needs proposal demo quote won lost "

# ---- Stages by label: a label is its own pipeline's stage.
run crm-ls -s 确定需求
is "-s a label: that stage" "$(ids)" "2 "
run crm-ls -s 线索
is "-s 线索: product's lead, not project's" "$(ids)" "3 "
run crm-ls -s 建立联络
is "-s 建立联络: project's lead, not product's" "$(ids)" "1 9 10 "
run crm-ls -s 线索 -s 建立联络
is "-s both labels: both leads" "$(ids)" "1 3 9 10 "
run crm-ls -s 线索 -s needs
is "-s a label and a name" "$(ids)" "2 3 "
run crm-ls -s 建立联络 -p project -p product
is "-s a label with -p twice: only its pipeline's stage" "$(ids)" "1 9 10 "
run crm-ls -s 线索 -p project
is "-s a label of another pipeline: exit 2" "$rc" 2
is "-s a label of another pipeline: the stages of -p" "$errout" \
    "crm-ls: unknown stage '线索' (stages of project: lead, needs, proposal, won, lost)"
run crm-stale -s 确定需求 -d 0 -i 0
is "crm-stale -s a label" "$(ids)" "2 "
run crm-log -L -s 演示
is "crm-log -L -s a label: no activities yet" "$rc:$out" "0:"
run crm-funnel -p product -s 线索 --totals -f json
is "crm-funnel -s a label" "$(printf '%s' "$out" | jq -c '[.open]')" "[1]"

# ---- Unknown names: exit 2, a "did you mean", nothing on stdout.
run crm-ls -o jaing
is "-o jaing: exit 2" "$rc" 2
is "-o jaing: did you mean jiang" "$errout" \
    "crm-ls: unknown person 'jaing': did you mean 'jiang'? (people in team: jiang, li, wang, zhao)"
is "-o jaing: nothing on stdout" "$out" ""
run crm-stale -T jaing
is "crm-stale -T jaing (cron): not silent, exit 2" "$rc" 2
is "crm-stale -T jaing: the message" "$errout" \
    "crm-stale: unknown person 'jaing': did you mean 'jiang'? (people in team: jiang, li, wang, zhao)"
run crm-funnel -o wnag
is "crm-funnel -o wnag: did you mean wang" "$rc:$errout" \
    "2:crm-funnel: unknown person 'wnag': did you mean 'wang'? (people in team: jiang, li, wang, zhao)"
run crm-log -L -T zaho
is "crm-log -L -T zaho: did you mean zhao" "$rc:$errout" \
    "2:crm-log: unknown person 'zaho': did you mean 'zhao'? (people in team: jiang, li, wang, zhao)"
run crm-ls -o li -o jaing
is "every value is checked: -o li -o jaing" "$rc:$out" "2:"
run crm-ls -o xiaoming
is "a name like none: the people, no question" "$rc:$errout" \
    "2:crm-ls: unknown person 'xiaoming' (people in team: jiang, li, wang, zhao)"
run crm-ls -o chen
is "-o chen: not in team: but owns a deal, so known" "$rc:$(ids)" "0:5 "
run crm-ls -T chen
is "-T chen: likewise, chen alone" "$rc:$(ids)" "0:5 "
run crm-ls -C noteam.yaml -o anyone
is "no team: in the config: any name" "$rc:$out" "0:"
run crm-ls -s neds
is "-s neds: exit 2" "$rc" 2
is "-s neds: did you mean needs" "$errout" \
    "crm-ls: unknown stage 'neds': did you mean 'needs'? (stages of project: lead, needs, proposal, won, lost)"
run crm-stale -s dmeo
is "-s dmeo: the pipeline that has a stage like it" "$rc:$errout" \
    "2:crm-stale: unknown stage 'dmeo': did you mean 'demo'? (stages of product: lead, demo, quote, won, lost)"
run crm-ls -s needs -s nowhere
is "every -s is checked" "$rc:$out" "2:"
run crm-ls -p prodcut
is "-p prodcut: did you mean product" "$rc:$errout" \
    "2:crm-ls: unknown pipeline 'prodcut': did you mean 'product'? (pipelines: project, product)"
run crm-ls -p project -p nowhere
is "every -p is checked" "$rc:$errout" \
    "2:crm-ls: unknown pipeline 'nowhere' (pipelines: project, product)"
run crm-funnel -p prodcut
is "crm-funnel -p prodcut: did you mean" "$rc:$errout" \
    "2:crm-funnel: unknown pipeline 'prodcut': did you mean 'product'? (pipelines: project, product)"

# ---- The other commands take repeated filters the same way.
run crm-stale -o li -o wang -d 0 -i 0 --sort id
is "crm-stale -o li -o wang" "$(ids)" "1 2 4 9 10 "
run crm-stale -T wang -s lead -s needs -d 0 -i 0 --sort id
is "crm-stale -T and -s twice" "$(ids)" "2 3 9 "
run crm-funnel -o li -o wang -f json
is "crm-funnel -o li -o wang: open deals of both in project" \
    "$(printf '%s' "$out" | jq -c '[.totals.open, .totals.won, .totals.lost]')" \
    "[4,1,1]"
run crm-funnel -p project -p product
is "crm-funnel -p twice: exit 2" "$rc" 2
is "crm-funnel -p twice: one pipeline, or --by pipeline" "$errout" \
    "crm-funnel: -p 'project' and -p 'product': a funnel is the stages of one pipeline (give one -p, or --by pipeline to compare them)"
run crm-funnel --by pipeline -p project -p product -f json
is "crm-funnel --by pipeline -p twice: a row each" \
    "$(printf '%s' "$out" | jq -c '[.rows[] | [.pipeline, .open, .won]]')" \
    '[["product",2,1],["project",5,1],[null,7,2]]'
run crm-funnel --by pipeline -p product -f json
is "crm-funnel --by pipeline -p once" \
    "$(printf '%s' "$out" | jq -c '[.rows[] | [.pipeline, .open]]')" \
    '[["product",2],[null,2]]'

# ---- Activities, for crm-log -L and its -q.
crm-log -k call -m 'discussed PRICE' --purpose 'follow up' --outcome ok \
    --at 2026-11-21 1 >/dev/null
CRM_USER=wang crm-log -k email -m '50% discount asked' --at 2026-11-23 2 >/dev/null
crm-log -k visit -m 'demo' --outcome 'Liked it' --at 2026-11-22 3 >/dev/null
crm-log -k visit -m 'on site' --at 2026-11-22T10:00 4 >/dev/null
CRM_USER=presales crm-log -k call -m 'tech talk' --at 2026-11-23T10:00 1 >/dev/null

aids()
{
	printf '%s\n' "$out" | cut -f1,2 | tr '\t\n' ': '
}

run crm-log -L -o li -o wang
is "crm-log -L -o li -o wang: logged by either" "$(aids)" "1:1 3:3 4:4 2:2 "
run crm-log -L -o presales
is "crm-log -L -o presales: not in team: but logged, so known" \
    "$rc:$(aids)" "0:1:5 "
run crm-log -L -a 'Acme Corp' -a 华东制造
is "crm-log -L -a twice" "$(aids)" "1:1 3:3 2:2 1:5 "
run crm-log -L -q price
is "-q: the activity's note" "$(aids)" "1:1 "
run crm-log -L -q LIKED
is "-q: the outcome, either case" "$(aids)" "3:3 "
run crm-log -L -q 'follow'
is "-q: the purpose" "$(aids)" "1:1 "
run crm-log -L -q acme
is "-q: the deal's account" "$(aids)" "1:1 3:3 1:5 "
run crm-log -L -q expo
is "-q: the note the deal was made with" "$(aids)" "4:4 "
run crm-log -L -q 'ERP'
is "-q: the deal's title" "$(aids)" "1:1 1:5 "
run crm-log -L -q garcia
is "-q: the deal's contact" "$(aids)" "1:1 1:5 "
run crm-log -L -q '%'
is "-q %: literal, the deal's title and the note" "$(aids)" "2:2 "
run crm-log -L -q liked -q expo
is "-q twice: either text" "$(aids)" "3:3 4:4 "
run crm-log -L -q acme -o presales
is "-q and -o: both apply" "$(aids)" "1:5 "
run crm-log -q acme 1
is "-q without -L: exit 2" "$rc" 2
like "-q without -L: says why" "$errout" "filters are for -L"

# ---- crm-ls -q: title, account, contact, the deal's note; literal text.
run crm-ls -q acme
is "-q acme: the account" "$(ids)" "1 3 "
run crm-ls -q ACME
is "-q ACME: ASCII letters in either case" "$(ids)" "1 3 "
run crm-ls -q 'acme corp'
is "-q with a space" "$(ids)" "1 3 "
run crm-ls -q garcia
is "-q garcia: the contact" "$(ids)" "1 "
run crm-ls -q expo
is "-q expo: the note the deal was made with" "$(ids)" "4 "
run crm-ls -q rollout
is "-q rollout: the title" "$(ids)" "1 "
run crm-ls -q 华东
is "-q 华东: Chinese, exactly" "$(ids)" "2 "
run crm-ls -q 王经理
is "-q 王经理: a Chinese contact" "$(ids)" "4 "
run crm-ls -q '%'
is "-q %: a percent sign, not a wildcard" "$(ids)" "2 5 "
run crm-ls -q '50%'
is "-q 50%: literal" "$(ids)" "2 "
run crm-ls -q '_'
is "-q _: an underscore, not a wildcard" "$(ids)" "2 "
run crm-ls -q 's 50%_o'
is "-q 's 50%_o': the middle of a title" "$(ids)" "2 "
run crm-ls -q '!'
is "-q !: the pattern's escape, literal (no title has one)" "$rc:$out" "0:"
run crm-ls -q '!_'
is "-q !_: literal, not an escaped underscore" "$rc:$out" "0:"
run crm-ls -q café
is "-q café: as written" "$(ids)" "9 "
run crm-ls -q CAFé
is "-q CAFé: the ASCII letters in either case" "$(ids)" "9 "
run crm-ls -q CAFÉ
is "-q CAFÉ: É is not é (only ASCII letters fold)" "$rc:$out" "0:"
run crm-ls -q acme -q fleet
is "-q twice: either text" "$(ids)" "1 3 4 "
run crm-ls -q acme -o li
is "-q and -o: both apply" "$(ids)" "1 "
run crm-ls -q deal
is "-q deal: open deals only by default" "$rc:$out" "0:"
run crm-ls -q deal --all
is "-q deal --all: the closed ones too" "$(ids)" "6 7 "
run crm-ls -q nothing-like-it
is "-q: no match, empty, exit 0" "$rc:$out" "0:"
run crm-ls -q ''
is "-q '': exit 2" "$rc:$errout" "2:crm-ls: -q '': no text to search for"
run crm-ls -q "$(printf 'a\377b')"
is "-q: invalid UTF-8, exit 2" "$rc:$errout" \
    "2:crm-ls: -q: invalid UTF-8 at byte 2 of the text"
run crm-ls -q "$(printf '%024000d' 0)"
is "-q of 24,000 bytes: searched" "$rc:$out" "0:"
run crm-ls -q "$(printf '%024000d' 0 | tr 0 %)"
is "-q of 24,000 percent signs: its pattern fits SQLite's limit" "$rc:$out" "0:"
run crm-ls -q "$(printf '%024001d' 0)"
is "-q of 24,001 bytes: exit 2" "$rc:$errout" \
    "2:crm-ls: -q: 24001 bytes of text, at most 24000"
run crm-ls -q
is "-q without text: usage, exit 2" "$rc" 2
like "-q without text: usage on stderr" "$errout" "usage: crm-ls"

# ---- --due DATE: the next action on or before DATE, overdue included.
run crm-ls --due today
is "--due today: overdue and today" "$(ids)" "1 2 "
run crm-ls --due tomorrow
is "--due tomorrow" "$(ids)" "1 2 3 "
run crm-ls --due +1d
is "--due +1d: the date a day from now" "$(ids)" "1 2 3 "
run crm-ls --due yesterday
is "--due yesterday" "$(ids)" "1 "
run crm-ls --due 2026-11-19
is "--due before every next action: none" "$rc:$out" "0:"
run crm-ls --due 2026-11-24T23:59
is "--due a time: its date" "$(ids)" "1 2 "
run crm-ls --due today --all
is "--due --all: a lost deal's old next action too" "$(ids)" "1 2 7 "
run crm-ls --due today --lost
is "--due --lost" "$(ids)" "7 "
run crm-ls --due today -o li
is "--due -o li" "$(ids)" "1 "
run crm-ls --due today -T jiang --all
is "--due -T jiang --all" "$(ids)" "1 2 7 "
run crm-ls --due today -q acme
is "--due and -q" "$(ids)" "1 "
run crm-ls --due soon
is "--due soon: exit 2" "$rc" 2
like "--due soon: names the value" "$errout" "^crm-ls: --due 'soon': "
run crm-ls --due 2026-02-30
is "--due a day that does not exist" "$rc" 2
run crm-ls --due today --due tomorrow
is "--due twice: exit 2" "$rc:$errout" \
    "2:crm-ls: --due 'today' and --due 'tomorrow': give --due once"

# ---- --created-since/--created-until: [since, until), local dates.
run crm-ls --created-since 2026-11-01
is "--created-since: at or after" "$(ids)" "1 2 5 9 "
run crm-ls --created-until 2026-11-01
is "--created-until: before, not on" "$(ids)" "3 4 10 "
run crm-ls --created-since 2026-11-01 --created-until 2026-11-15
is "--created-since and --created-until" "$(ids)" "1 2 "
run crm-ls --created-since 2026-11-15 --created-until 2026-11-15
is "an empty range: nothing" "$rc:$out" "0:"
run crm-ls --all --created-until 2026-08-15
is "--all --created-until" "$(ids)" "6 7 8 "
run crm-ls --created-since 2026-11-10T12:00
is "--created-since a time" "$(ids)" "5 9 "
run crm-ls --created-since -10d
is "--created-since -10d: 11-14T09:00 on" "$(ids)" "5 9 "
run crm-ls --created-since 2026-11-01 -T wang
is "--created-since -T wang" "$(ids)" "2 9 "
run crm-ls --created-since someday
is "--created-since someday: exit 2" "$rc" 2
like "--created-since someday: names the option and value" "$errout" \
    "^crm-ls: --created-since 'someday': "
run crm-ls --created-until 2026-11-01 --created-until 2026-12-01
is "--created-until twice: exit 2" "$rc" 2

# ---- --closed-since/--closed-until: when won or lost; closed deals.
run crm-ls --closed-since 2026-11-01
is "--closed-since: won and lost deals by default" "$(ids)" "6 8 "
run crm-ls --closed-since 2026-10-01
is "--closed-since 2026-10-01" "$(ids)" "6 7 8 "
run crm-ls --closed-until 2026-11-01
is "--closed-until: before" "$(ids)" "7 "
run crm-ls --closed-since 2026-11-01 --closed-until 2026-11-24
is "this month until today, today not included" "$(ids)" "6 "
run crm-ls --closed-since 2026-11-24 --closed-until 2026-11-25
is "closed today" "$(ids)" "8 "
run crm-ls --won --closed-since 2026-10-01
is "--won --closed-since" "$(ids)" "6 8 "
run crm-ls --lost --closed-since 2026-10-01
is "--lost --closed-since" "$(ids)" "7 "
run crm-ls --open --closed-since 2026-10-01
is "--open --closed-since: open deals have no close time" "$rc:$out" "0:"
run crm-ls --all --closed-since 2026-10-01
is "--all --closed-since: the same closed deals" "$(ids)" "6 7 8 "
run crm-ls -o wang --closed-since 2026-11-01
is "-o wang --closed-since" "$(ids)" "6 "
run crm-ls -T wang --closed-since 2026-11-01
is "-T wang --closed-since" "$(ids)" "6 8 "
run crm-ls -p product --closed-since 2026-11-01
is "-p product --closed-since" "$(ids)" "8 "
run crm-ls -s won --closed-since 2026-10-01
is "-s won --closed-since" "$(ids)" "6 8 "
run crm-ls --closed-since 2026-11-01 -q deal
is "--closed-since and -q" "$(ids)" "6 "
run crm-ls -o li --closed-since 2026-11-01 --all
is "a deal lost and reopened is not closed" "$rc:$out" "0:"
run crm-ls --closed-since 2026-11-01 --created-until 2026-07-15
is "--closed-since and --created-until" "$(ids)" "8 "
run env TZ=Asia/Shanghai crm-ls --closed-since 2026-11-01
is "dates are local: 10-31T23:00Z is 11-01 in Shanghai" "$(ids)" "6 7 8 "
run crm-ls --closed-since 2026-13-01
is "--closed-since a bad date: exit 2" "$rc" 2
like "--closed-since a bad date: names it" "$errout" \
    "^crm-ls: --closed-since '2026-13-01': "
run crm-ls --closed-until today --closed-until tomorrow
is "--closed-until twice: exit 2" "$rc:$errout" \
    "2:crm-ls: --closed-until 'today' and --closed-until 'tomorrow': give --closed-until once"

# With 30 deals, a range that holds fewer than a tenth of them (3) is
# read from the index of close times, a bigger one in id order: the same
# deals either way.
{
	printf 'title\towner\tcreated\n'
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		printf 'Bulk %d\twang\t2026-11-01\n' "$i"
	done
} >bulk.tsv
crm-add <bulk.tsv >/dev/null
run crm-ls --closed-since 2026-11-01
is "--closed-since, two of 30 deals: from the index" "$(ids)" "6 8 "
run crm-ls --closed-since 2026-11-01 --closed-until 2026-11-24
is "--closed-since and -until, one: from the index" "$(ids)" "6 "
run crm-ls --closed-since 2026-10-01
is "--closed-since, three of 30: in id order" "$(ids)" "6 7 8 "
run crm-ls --closed-until 2026-11-01
is "--closed-until, one of 30: from the index" "$(ids)" "7 "
run crm-ls --closed-since 2026-11-01 --sort -id
is "--closed-since --sort -id" "$(ids)" "8 6 "

# The whole row, in JSON, of a search: nothing else changes.
run crm-ls -q garcia -f json
is "-q -f json: the deal as always" \
    "$(printf '%s' "$out" | jq -c '[.[] | [.id, .title, .account, .contact, .next_action]]')" \
    '[[1,"ERP rollout","Acme Corp","Ms. Garcia","2026-11-20"]]'

# A read changes nothing.
before=$(sql 'SELECT count(*) FROM deal; SELECT count(*) FROM activity; SELECT count(*) FROM stage_change')
crm-ls -o jaing >/dev/null 2>&1 || true
crm-ls -q acme --due today --closed-since 2026-01-01 >/dev/null
is "nothing written" "$(sql 'SELECT count(*) FROM deal; SELECT count(*) FROM activity; SELECT count(*) FROM stage_change')" "$before"

# The built-in config's team is an example: -o takes anyone, but -T means
# "and everyone below them in team:", so its name is looked up there.
run env -u CRM_CONFIG crm-stale -T jaing
is "built-in config: crm-stale -T jaing is a typo, not silence" "$rc:$errout" \
    "2:crm-stale: unknown person 'jaing': did you mean 'jiang'? (people in team: jiang, li, wang, zhao)"
run env -u CRM_CONFIG crm-ls -o alice
is "built-in config: -o alice is anyone's own" "$rc:$errout" "0:"

done_testing
