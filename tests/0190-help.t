#!/bin/sh
# Help: -h is the man page's synopsis and a line on each option, for every
# command and every option of its getopt table; crm help COMMAND; unknown
# commands, stages, pipelines, lost reasons and activity kinds with a
# "did you mean"; a stage named by its label; crm-set -s.
. "$(dirname "$0")/lib.sh"

cmds='crm-add crm-admin crm-advance crm-contact crm-log crm-ls crm-show crm-set crm-funnel crm-stale crm-void'

# The SYNOPSIS of man page $1 as text, each synopsis on a line of its own:
# the mdoc macros the pages use there (Nm Op Oo Oc Fl Ar Cm No Ns).
mansyn()
{
	awk '
	/^\.Sh NAME/ { inname = 1; next }
	inname && /^\.Nm / { name = $2; inname = 0 }
	/^\.Sh SYNOPSIS/ { on = 1; next }
	/^\.Sh/ { on = 0 }
	!on || !/^\./ { next }
	{
		n = split(substr($0, 2), t, /[ \t]+/)
		if (t[1] == "Nm") {
			if (syn != "")
				print syn
			syn = name
			next
		}
		s = ""; glue = 0; op = 0; i = 1
		if (t[1] == "Op") {
			s = "["; glue = 1; op = 1; i = 2
		}
		for (; i <= n; i++) {
			w = t[i]
			if (w ~ /^(Ar|Cm|No)$/)
				continue
			if (w == "Ns") {
				glue = 1
				continue
			}
			if (w == "Oc") {
				s = s "]"
				continue
			}
			if (w == "Oo")
				w = "["
			else if (w == "Fl") {
				w = "-"
				if (i < n && t[i + 1] !~ /^(Fl|Ar|Oc|Ns|\|)$/)
					w = "-" t[++i]
			}
			s = s (glue ? "" : " ") w
			glue = (w == "[")
		}
		sub(/^ /, "", s)
		syn = syn " " s (op ? "]" : "")
	}
	END { print syn }' "$1"
}

# The synopsis that -h printed (up to the first blank line), a synopsis a
# line, as mansyn gives it.
helpsyn()
{
	sed '/^$/q' | sed 's/^usage: //' | awk '
	/^$/ { next }
	/^ *crm[a-z-]*( |$)/ { if (s != "") print s; s = $0; next }
	{ s = s " " $0 }
	END { print s }' | sed -E 's/[ \t]+/ /g; s/^ //; s/ $//'
}

for c in crm $cmds; do
	sec=1
	[ $c = crm-admin ] && sec=8
	run $c -h
	is "$c -h: exit 0, nothing on stderr" "$rc:$errout" "0:"
	help=$out
	is "$c -h: the synopsis is the man page's SYNOPSIS" \
	    "$(printf '%s\n' "$help" | helpsyn)" \
	    "$(mansyn "$top/man/$c.$sec" | sed -E 's/ +/ /g')"
	long=$(printf '%s\n' "$help" | sed '1,/^$/d' | awk 'length($0) > 80')
	is "$c -h: no option line over 80 columns" "$long" ""
	# Each option line names an option and says what it does.
	bad=$(printf '%s\n' "$help" | grep -E '^  +-' |
	    grep -vE '^  (-[A-Za-z], |    )--[a-z][a-z0-9-]*(=[a-z_]+)? +[^ ]' |
	    grep -vE '^  -[A-Za-z] +[^ ]')
	is "$c -h: option lines are '-x, --long=arg  what it does'" "$bad" ""
	[ $c = crm ] && continue

	missing=
	for o in $(longopts $c); do
		printf '%s\n' "$help" | grep -qE -- "^  (-[A-Za-z], |    )--$o(=| |\$)" ||
		    missing="$missing --$o"
	done
	is "$c -h: a line for every long option of its getopt table" \
	    "$missing" ""
	missing=
	for o in $(longopts $c); do
		grep -qE -- "Fl -$o( |\$)" "$top/man/$c.$sec" ||
		    missing="$missing --$o"
	done
	is "$c(1) has every long option of its getopt table" "$missing" ""
	missing=
	for o in $(shortopts $c); do
		printf '%s\n' "$help" | grep -qE -- "^  -$o, --" ||
		    missing="$missing -$o"
		grep -qE -- "^\\.It Fl $o( |\$)" "$top/man/$c.$sec" ||
		    missing="$missing $c.1:-$o"
	done
	is "$c: every short option in -h and in the man page" "$missing" ""
	# And nothing in -h that the command does not take.
	extra=
	for o in $(printf '%s\n' "$help" |
	    sed -nE 's/^  (-[A-Za-z], |    )--([a-z][a-z0-9-]*).*/\2/p'); do
		longopts $c | grep -qx -- "$o" || extra="$extra --$o"
	done
	is "$c -h: only options of its getopt table" "$extra" ""
	like "$c -h: points to the man page" "$help" "The details are in $c\\($sec\\)\\.\$"

	# A usage error: the synopsis alone, on stderr.
	run $c --no-such-option
	is "$c: usage error: exit 2, nothing on stdout" "$rc:$out" "2:"
	like "$c: usage error: getopt's message" \
	    "$(printf '%s\n' "$errout" | sed 1q)" \
	    "$c: unrecognized option '--no-such-option'\$"
	is "$c: usage error: then the synopsis alone" \
	    "$(printf '%s\n' "$errout" | sed 1d)" \
	    "$(printf '%s\n' "$help" | sed '/^$/,$d')"
done

# -h into a full disk is an error, not silence.
if [ -w /dev/full ]; then
	run sh -c 'crm-ls -h >/dev/full'
	is "crm-ls -h >/dev/full: exit 3" "$rc" 3
	like "crm-ls -h >/dev/full: says so" "$errout" "^crm-ls: stdout: No space left on device\$"
	run sh -c 'crm help ls >/dev/full'
	is "crm help ls >/dev/full: exit 3" "$rc" 3
else
	t_result 0 "# skip no /dev/full"
fi

# crm -h: the commands, each with what it does, and crm's own options.
run crm -h
like "crm -h lists the commands" "$out" "^  stale +deals stalled"
like "crm -h lists its options" "$out" "^  -h, --help +print this help"
crmhelp=$out
run crm
is "crm alone is crm -h" "$rc:$out" "0:$crmhelp"
run crm help
is "crm help is crm -h" "$rc:$out" "0:$crmhelp"
run crm --help
is "crm --help is crm -h" "$rc:$out" "0:$crmhelp"
run crm help help
is "crm help help is crm -h" "$rc:$out" "0:$crmhelp"

# crm help COMMAND is crm COMMAND -h is crm-COMMAND -h, for every command.
for c in $cmds; do
	run $c -h
	want=$out
	run crm help ${c#crm-}
	is "crm help ${c#crm-} is $c -h" "$rc:$errout:$out" "0::$want"
	run crm ${c#crm-} -h
	is "crm ${c#crm-} -h is $c -h" "$rc:$errout:$out" "0::$want"
done
run crm help add
like "crm help add: options one a line" "$out" "^  -v, --amount=amount +its value"

# Unknown commands: the nearest, the list, the synopsis alone; exit 2.
list='(commands: add, admin, advance, contact, funnel, log, ls, set, show, stale, void, help)'
synopsis='usage: crm command [argument ...]
       crm help [command]
       crm --help | --version'
run crm help nosuch
is "crm help nosuch: exit 2, nothing on stdout" "$rc:$out" "2:"
is "crm help nosuch: the commands, then the synopsis" "$errout" \
    "crm: unknown command 'nosuch' $list
$synopsis"
run crm help lss
is "crm help lss: did you mean ls" "$rc:$errout" \
    "2:crm: unknown command 'lss': did you mean 'ls'? $list
$synopsis"
run crm lss -o li
is "crm lss: did you mean ls" "$rc:$errout" \
    "2:crm: unknown command 'lss': did you mean 'ls'? $list
$synopsis"
run crm advnace 1
like "crm advnace: two letters swapped" "$rc:$errout" \
    "^2:crm: unknown command 'advnace': did you mean 'advance'\\?"
run crm hlep
like "crm hlep: did you mean help" "$rc:$errout" \
    "^2:crm: unknown command 'hlep': did you mean 'help'\\?"
run crm help ADD
like "crm help ADD: did you mean add" "$rc:$errout" \
    "^2:crm: unknown command 'ADD': did you mean 'add'\\?"
run crm -x
is "crm -x: an unknown command" "$rc:$errout" \
    "2:crm: unknown command '-x' $list
$synopsis"
run crm help -h
like "crm help -h: not a command" "$rc:$errout" "^2:crm: unknown command '-h'"
run crm help ../bin/crm-add
like "crm help with a /: not a command" "$rc:$errout" \
    "^2:crm: unknown command '../bin/crm-add'"
run crm help ''
like "crm help '': not a command" "$rc:$errout" "^2:crm: unknown command ''"
run crm help add ls
is "crm help with two commands: exit 2" "$rc:$out" "2:"
is "crm help with two commands: says so" "$errout" \
    "crm: help takes one command: crm help add
$synopsis"
# A command of the list whose program is missing is not "unknown".
mkdir lone
cp "$top/bin/crm" lone/
if PATH=/usr/bin:/bin command -v crm-add >/dev/null 2>&1; then
	t_result 0 "# skip crm-add is installed in /usr/bin or /bin"
else
	run env PATH=/usr/bin:/bin lone/crm help add
	is "crm without crm-add: exit 127 and why" "$rc:$errout:$out" \
	    "127:crm: crm-add is neither beside crm nor in PATH: is crm installed whole?:"
	run env PATH=/usr/bin:/bin lone/crm help ad
	like "crm without crm-add: a typo is still a typo" "$rc:$errout" \
	    "^2:crm: unknown command 'ad': did you mean 'add'\\?"
fi

# Stages, pipelines, lost reasons: did you mean, and nothing changed.
stages='lead, needs, proposal, approved, shortlist, selected, negotiation, won, lost'
allstages='lead, needs, proposal, approved, shortlist, selected, negotiation, demo, quote, won, lost'
reasons='price, competitor, no-budget, no-decision, other'
ndeals()
{
	sql 'SELECT count(*) FROM deal'
}

run crm-add -s negotiaton 'Typo'
is "crm-add -s negotiaton: did you mean" "$rc:$errout:$out" \
    "2:crm-add: unknown stage 'negotiaton': did you mean 'negotiation'? (stages of project: $stages):"
is "crm-add -s negotiaton: nothing added" "$(ndeals)" 0
run crm-add -s bogus 'Typo'
is "crm-add -s bogus: nothing close: the stages alone" "$rc:$errout" \
    "2:crm-add: unknown stage 'bogus' (stages of project: $stages)"
run crm-add -p product -s proposal 'Typo'
is "crm-add -s of another pipeline: that pipeline's stages" "$rc:$errout" \
    "2:crm-add: unknown stage 'proposal' (stages of product: lead, demo, quote, negotiation, won, lost)"
run crm-add -s NEEDS 'Typo'
is "crm-add -s NEEDS: names are exact, the suggestion is not" "$rc:$errout" \
    "2:crm-add: unknown stage 'NEEDS': did you mean 'needs'? (stages of project: $stages)"
run crm-add -s ' nees' 'Typo'
is "crm-add -s ' nees': trimmed (crm-add(1)), then the nearest" "$rc:$errout" \
    "2:crm-add: unknown stage 'nees': did you mean 'needs'? (stages of project: $stages)"
run crm-add -p projet 'Typo'
is "crm-add -p projet: did you mean" "$rc:$errout" \
    "2:crm-add: unknown pipeline 'projet': did you mean 'project'? (pipelines: project, product)"
run crm-add -p sales 'Typo'
is "crm-add -p sales: the pipelines" "$rc:$errout" \
    "2:crm-add: unknown pipeline 'sales' (pipelines: project, product)"
is "bad -s and -p: nothing added" "$(ndeals)" 0

# A stage by its label; the name is what is kept.
run crm-add -o li -s 确定需求 'By label'
is "crm-add -s 确定需求: added" "$rc:$errout:$out" "0::1"
is "crm-add -s 确定需求: stored as needs, with its first stage change" \
    "$(sql "SELECT d.stage || '|' || c.to_stage FROM deal d JOIN stage_change c ON c.deal_id = d.id WHERE d.id = 1")" \
    "needs|needs"
run crm-add -o li -p product --stage=产品演示 'Product by label'
is "crm-add --stage=产品演示 -p product: demo" "$rc:$(sql 'SELECT stage FROM deal WHERE id = 2')" "0:demo"
run crm-add -o li -s 产品演示 'Label of another pipeline'
is "a label of another pipeline is not a stage of this one" "$rc:$errout" \
    "2:crm-add: unknown stage '产品演示' (stages of project: $stages)"

# crm-advance: -s by label; -s and -l that no pipeline has stop before any
# deal; those of another pipeline fail that deal.
run crm-advance -F -s 商务谈判 1
is "crm-advance -s 商务谈判: to negotiation" "$rc:$out" "0:$(printf '1\tneeds\tnegotiation')"
is "crm-advance -s label: the history has the name" \
    "$(sql 'SELECT to_stage FROM stage_change WHERE deal_id = 1 ORDER BY id DESC LIMIT 1')" \
    negotiation
run crm-advance -s 提交方案 2
is "crm-advance: a label of the deal's own pipeline only" "$rc:$errout" \
    "1:crm-advance: deal 2: unknown stage '提交方案' (stages of product: lead, demo, quote, negotiation, won, lost)"
run crm-advance -s negotiaton 1 2
is "crm-advance -s negotiaton: once, exit 2" "$rc:$errout:$out" \
    "2:crm-advance: unknown stage 'negotiaton': did you mean 'negotiation'? (stages: $allstages):"
printf '1\n2\n' >ids
run sh -c 'crm-advance -s laed <ids'
is "crm-advance -s lead typo, ids on stdin: once, exit 2" "$rc:$errout" \
    "2:crm-advance: unknown stage 'laed': did you mean 'lead'? (stages: $allstages)"
run crm-advance -l pirce 1
is "crm-advance -l pirce: did you mean price" "$rc:$errout:$out" \
    "2:crm-advance: unknown lost reason 'pirce': did you mean 'price'? (reasons: $reasons):"
run crm-advance --lost=competiter 1
is "crm-advance --lost=competiter: did you mean competitor" "$rc:$errout" \
    "2:crm-advance: unknown lost reason 'competiter': did you mean 'competitor'? (reasons: $reasons)"
is "bad -s and -l: nothing moved" \
    "$(sql "SELECT group_concat(stage) FROM (SELECT stage FROM deal ORDER BY id)")|$(sql 'SELECT count(*) FROM stage_change')" \
    "negotiation,demo|3"

# Pipelines with lost reasons of their own.
cat >two.yaml <<'EOF'
pipelines:
  - name: retail
    stages:
      - name: cold
        label: 冷
        probability: 10
      - name: warm
        probability: 50
    lost_reasons: [price, timing]
  - name: fleet
    stages:
      - name: tender
        probability: 20
    lost_reasons: [price, politics]
activity_kinds: [visit, call]
EOF
CRM_DB=$(newdb two)
export CRM_CONFIG=$tmp/two.yaml CRM_DB
crm-add -o li 'Retail' >/dev/null
crm-add -o li -p fleet 'Fleet' >/dev/null
run crm-advance -l politics 1 2
is "a reason of another pipeline fails that deal alone" "$rc:$errout:$out" \
    "1:crm-advance: deal 1: unknown lost reason 'politics' (reasons: price, timing):$(printf '2\ttender\tlost')"
run crm-advance -l timng 1
is "a reason no pipeline has: all of them" "$rc:$errout" \
    "2:crm-advance: unknown lost reason 'timng': did you mean 'timing'? (reasons: price, timing, politics)"
run crm-advance -s warn 1
is "a stage no pipeline has: every pipeline's stages" "$rc:$errout" \
    "2:crm-advance: unknown stage 'warn': did you mean 'warm'? (stages: cold, warm, tender, won, lost)"
run crm-advance -s 冷 -F 1
is "-s 冷 on a deal in cold: already there" "$rc:$errout" \
    "1:crm-advance: deal 1: deal is already in stage cold"

# An import: the stage, pipeline and lost_reason cells, TSV and CSV.
printf 'title\tpipeline\tstage\tlost_reason\n' >in.tsv
printf 'A\tretail\t冷\t\n' >>in.tsv
printf 'B\tretial\twarm\t\n' >>in.tsv
printf 'C\tretail\twram\t\n' >>in.tsv
printf 'D\tretail\tlost\ttimming\n' >>in.tsv
printf 'E\tfleet\tlost\ttiming\n' >>in.tsv
printf 'F\tfleet\ttendr\t\n' >>in.tsv
before=$(ndeals)
run sh -c 'crm-add <in.tsv'
is "import TSV: every bad line with its nearest name" "$rc:$errout" \
    "1:crm-add: line 3: unknown pipeline 'retial': did you mean 'retail'? (pipelines: retail, fleet)
crm-add: line 4: unknown stage 'wram': did you mean 'warm'? (stages of retail: cold, warm, won, lost)
crm-add: line 5: unknown lost reason 'timming': did you mean 'timing'? (reasons: price, timing)
crm-add: line 6: unknown lost reason 'timing' (reasons: price, politics)
crm-add: line 7: unknown stage 'tendr': did you mean 'tender'? (stages of fleet: tender, won, lost)
crm-add: import: 5 bad lines; nothing imported"
is "import TSV: nothing added" "$(ndeals)" "$before"
{
	echo 'title,pipeline,stage,lost_reason'
	echo 'A,retail,冷,'
	echo 'B,fleet,lsot,'
} >in.csv
run sh -c 'crm-add --csv <in.csv'
is "import CSV: the same" "$rc:$errout" \
    "1:crm-add: line 3: unknown stage 'lsot': did you mean 'lost'? (stages of fleet: tender, won, lost)
crm-add: import: 1 bad line; nothing imported"
{
	printf 'title\tstage\n'
	printf 'By label\t冷\n'
	printf 'By name\twarm\n'
} >ok.tsv
run sh -c 'crm-add <ok.tsv'
is "import: a stage by its label" "$rc:$errout:$out" "0::$(printf '3\n4')"
is "import: the label stored as the stage's name" \
    "$(sql 'SELECT group_concat(stage) FROM (SELECT stage FROM deal WHERE id >= 3 ORDER BY id)')" \
    "cold,warm"
run sh -c 'printf "title\n一\n" | crm-add -s 冷 -p retail'
is "import: -s by label fills the cells" "$rc:$(sql 'SELECT stage FROM deal WHERE id = 5')" "0:cold"

# crm-log -k: the kinds.
run crm-log -k vist 1
is "crm-log -k vist: did you mean" "$rc:$errout:$out" \
    "2:crm-log: unknown activity kind 'vist': did you mean 'visit'? (kinds: visit, call):"
run crm-log -k fax 1
is "crm-log -k fax: the kinds" "$rc:$errout" \
    "2:crm-log: unknown activity kind 'fax' (kinds: visit, call)"
is "nothing logged" "$(sql 'SELECT count(*) FROM activity')" 0

# crm-set does not move deals: -s says to use crm-advance.
want='crm-set: -s: stages change with crm-advance (crm-advance -s STAGE ID)'
run crm-set -s warm 1
is "crm-set -s: points to crm-advance, exit 2" "$rc:$errout:$out" "2:$want:"
run crm-set -o wang --stage=warm -m 'moved' 1
is "crm-set --stage with other changes: the same" "$rc:$errout:$out" "2:$want:"
run sh -c 'echo 1 | crm-set -s won -o wang'
is "crm-set -s, deals on stdin: the same" "$rc:$errout" "2:$want"
is "crm-set -s: nothing changed" \
    "$(sql "SELECT stage || '|' || owner FROM deal WHERE id = 1")|$(sql 'SELECT count(*) FROM field_change')" \
    "cold|li|0"

done_testing
