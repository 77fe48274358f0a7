#!/bin/sh
# Shell completions: every option of every command, as its getopt_long table
# has it, in bash, zsh and fish; stage names, pipelines and activity kinds
# asked of the tools, with -C passed on.  The parts for a shell that is not
# installed are skipped.
. "$(dirname "$0")/lib.sh"

comp=$top/completions
cmds='crm-add crm-admin crm-advance crm-contact crm-log crm-ls crm-show crm-set crm-funnel crm-stale crm-void'
bashcompletion=/usr/share/bash-completion/bash_completion

skip()
{
	t_result 0 "# skip $1"
}

# The commands crm knows, from its own help.
subcommands()
{
	{ crm --help | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p'; echo help; } |
	    sort
}

# bashcomp [bc] LINE: what bash completion offers for LINE (the cursor at
# its end), one a line, sorted; with "bc", under bash-completion.  The words
# are split as bash splits them, "=" being a word of its own.
cat >"$tmp/bashcomp" <<'EOF'
[ -n "$1" ] && . "$1"
. "$2"
set -f
COMP_LINE=$3
COMP_POINT=${#COMP_LINE}
COMP_WORDS=()
for w in $COMP_LINE; do
	while [[ $w == *=* ]]; do
		COMP_WORDS+=("${w%%=*}" =)
		w=${w#*=}
	done
	[[ $w ]] && COMP_WORDS+=("$w")
done
[[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
# The function complete(1) registered for the command.
f=$(complete -p "${COMP_WORDS[0]}") || exit 1
f=${f#*-F }
${f%% *}
printf '%s\n' "${COMPREPLY[@]}"
EOF

bashcomp()
{
	if [ "$1" = bc ]; then
		shift
		bash "$tmp/bashcomp" "$bashcompletion" "$comp/crm.bash" "$1"
	else
		bash "$tmp/bashcomp" '' "$comp/crm.bash" "$1"
	fi | sed '/^$/d' | sort
}

# A config of its own, to see -C passed on to the listers.
cat >"$tmp/other.yaml" <<'EOF'
pipelines:
  - name: retail
    stages:
      - name: cold
        probability: 10
      - name: warm
        probability: 50
activity_kinds: [ring, knock]
EOF

# Three pipelines, to see every -p passed on.
cat >"$tmp/three.yaml" <<'EOF'
pipelines:
  - name: a
    stages: [{ name: x, probability: 10 }, { name: y, probability: 50 }]
  - name: b
    stages: [{ name: z, probability: 10 }]
  - name: c
    stages: [{ name: w, probability: 10 }]
EOF
ab=$(printf '%s\n' x y z won lost | sort)

stages=$(printf '%s\n' lead needs proposal approved shortlist selected \
    negotiation demo quote won lost | sort)
product=$(printf '%s\n' lead demo quote negotiation won lost | sort)
kinds=$(printf '%s\n' visit call email meeting quote note | sort)
roles=$(printf '%s\n' decision-maker influencer user technical procurement |
    sort)
other=$(printf '%s\n' cold warm won lost | sort)

is "the listers give the built-in config's stages" \
    "$(crm-ls --list-stages | sort)" "$stages"
is "the listers give the built-in config's kinds" \
    "$(crm-log --list-kinds | sort)" "$kinds"

run bash -n "$comp/crm.bash"
is "bash -n crm.bash" "$rc:$errout" "0:"
ok "the completion files name no stage or activity kind" \
    sh -c '! grep -nwE "proposal|shortlist|negotiation|approved|meeting" "$@"' \
    sh "$comp/crm.bash" "$comp/_crm" "$comp"/*.fish
is "_crm starts with #compdef and every command" "$(sed 1q "$comp/_crm")" \
    "#compdef crm $cmds"
run bash -c '. "$1"; shift; for c; do complete -p "$c" || exit 1; done' \
    sh "$comp/crm.bash" crm $cmds
is "crm.bash registers every command" "$rc:$errout" "0:"

# Each long option of each command appears in crm.bash, in _crm and in
# the command's own fish file.
for c in $cmds; do
	if [ ! -f "$top/bin/$c.c" ]; then
		skip "$c: no bin/$c.c yet"
		continue
	fi
	for f in crm.bash _crm $c.fish; do
		missing=
		for o in $(longopts $c); do
			case $f in
			*.fish)	pat="-l $o( |\$)" ;;
			*)	pat="--$o([^a-z0-9-]|\$)" ;;
			esac
			grep -qE -- "$pat" "$comp/$f" || missing="$missing --$o"
		done
		is "$c: every long option is in $f" "$missing" ""
	done
done

# bash, run: exactly the options of each command, alone and under crm.
for c in $cmds; do
	if [ ! -f "$top/bin/$c.c" ]; then
		skip "$c: no bin/$c.c yet"
		continue
	fi
	want=$(longopts $c | sed 's/^/--/')
	is "bash: $c -- gives its long options" "$(bashcomp "$c --")" "$want"
	is "bash: crm ${c#crm-} -- gives the same" \
	    "$(bashcomp "crm ${c#crm-} --")" "$want"
	is "bash: $c - gives its short options" \
	    "$(bashcomp "$c -" | grep -E '^-[^-]$')" \
	    "$(shortopts $c | sed 's/^/-/')"
done

bash_names()
{
	is "bash$2: crm <TAB> gives the commands" \
	    "$(bashcomp $1 'crm ' | grep -v '^-')" "$(subcommands)"
	is "bash$2: crm help <TAB> gives the commands" \
	    "$(bashcomp $1 'crm help ')" "$(subcommands)"
	is "bash$2: crm help add <TAB>: nothing more" \
	    "$(bashcomp $1 'crm help add ')" ""
	is "bash$2: crm-advance -s <TAB> asks crm-ls for the stages" \
	    "$(bashcomp $1 'crm-advance -s ')" "$stages"
	is "bash$2: -p narrows the stages to that pipeline" \
	    "$(bashcomp $1 'crm-add -p product -s ')" "$product"
	is "bash$2: --pipeline=product --stage=ne" \
	    "$(bashcomp $1 'crm-ls --pipeline=product --stage=ne')" negotiation
	is "bash$2: -C is passed on to the lister" \
	    "$(bashcomp $1 "crm-advance -C $tmp/other.yaml -Fs ")" "$other"
	is "bash$2: every -p is passed on" \
	    "$(bashcomp $1 "crm-ls -C $tmp/three.yaml -p a --pipeline=b -s ")" "$ab"
	is "bash$2: crm log -k <TAB> gives the activity kinds" \
	    "$(bashcomp $1 'crm log -k ')" "$kinds"
	is "bash$2: crm-contact -r <TAB> gives the contact roles" \
	    "$(bashcomp $1 'crm-contact -r ')" "$roles"
	is "bash$2: crm-ls -p <TAB> gives the pipelines" \
	    "$(bashcomp $1 'crm-ls -p ')" "$(printf 'product\nproject')"
	is "bash$2: the argument of -m is text, not an option" \
	    "$(bashcomp $1 'crm-log -m -k ')" ""
	is "bash$2: -f <TAB> gives the formats" \
	    "$(bashcomp $1 'crm-show -f ')" \
	    "$(printf '%s\n' csv json jsonl table tsv)"
	is "bash$2: --sort -da gives a descending field" \
	    "$(bashcomp $1 'crm-ls --sort -da')" -days_in_stage
	is "bash$2: -C <TAB> completes files" \
	    "$(bashcomp $1 "crm-ls -C $tmp/oth")" "$tmp/other.yaml"
}

bash_names '' ''
if [ -f "$bashcompletion" ]; then
	bash_names bc ' (bash-completion)'
else
	skip "bash-completion is not installed"
fi

is "bash: crm-admin <TAB> gives its commands" \
    "$(bashcomp 'crm-admin ' | sort)" "$(printf 'check\nconfig\ncopy\ngrant\ninit\nmigrate\nrevoke')"
is "bash: crm admin <TAB> gives the same" "$(bashcomp 'crm admin ' | sort)" \
    "$(printf 'check\nconfig\ncopy\ngrant\ninit\nmigrate\nrevoke')"
is "bash: crm-admin config <TAB>: push or show" \
    "$(bashcomp 'crm-admin config ')" "$(printf 'push\nshow')"
is "bash: crm-admin config show <TAB>: nothing more" \
    "$(bashcomp 'crm-admin config show ')" ""

# What is offered is what the tools accept.  (On PostgreSQL, tests/lib.sh
# made the database.)
[ "$backend" = pg ] || crm-admin init
bad=
for f in $(bashcomp 'crm-ls --sort ') -id; do
	crm-ls --sort "$f" >/dev/null 2>&1 || bad="$bad $f"
done
is "crm-ls takes every --sort field offered" "$bad" ""
for c in crm-stale crm-funnel; do
	if [ ! -x "$top/bin/$c" ]; then
		skip "$c is not built"
		continue
	fi
	case $c in
	crm-stale)	opts='--sort --reason' ;;
	crm-funnel)	opts='--by' ;;
	esac
	bad=
	for o in $opts -f; do
		for v in $(bashcomp "$c $o "); do
			run $c "$o" "$v"
			[ "$rc" -ne 2 ] || bad="$bad $o $v"
		done
	done
	is "$c takes every value offered" "$bad" ""
done

# zsh: what it offers, through a pseudo-terminal: an interactive zsh whose
# compadd prints what it is given, and a TAB after the line; what comes
# between two NULs is the answer.  (The shell is not made to exit after
# completing: on Linux its last output could be lost with the pty.)
zcomp()
{
	ZCOMP=$comp timeout 30 zsh -f "$tmp/zcomp" "$tmp/zinit" "$1" |
	    sed '/^$/d' | sort
}

zsh_checks()
{
	cat >"$tmp/zinit" <<'EOF'
PROMPT=
fpath=($ZCOMP $fpath)
autoload -Uz compinit
compinit -u -D
zstyle ':completion:*' matcher-list ''
compadd () {
  if (( ${@[(I)-[OAD]]} )); then
    builtin compadd "$@"
    return
  fi
  local -a hits
  builtin compadd -A hits "$@"
  (( $#hits )) && print -rl -- $hits
}
nul () { print -rn -- $'\0\n' }
compprefuncs=(nul)
comppostfuncs=(nul)
bindkey '^I' complete-word
EOF
	cat >"$tmp/zcomp" <<'EOF'
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z ". ${(q)1}"
zpty -n -w z "$2"$'\t'
integer n=0
local l
while zpty -r z l; do
  l=${l//$'\r'/}
  if [[ $l == *$'\0'* ]]; then
    (( n++ )) && break
    continue
  fi
  (( n )) && print -rn -- "$l"
done
zpty -d z
EOF
	for c in $cmds; do
		if [ ! -f "$top/bin/$c.c" ]; then
			skip "$c: no bin/$c.c yet"
			continue
		fi
		is "zsh: $c -- gives its long options" "$(zcomp "$c --")" \
		    "$(longopts $c | sed 's/^/--/')"
	done
	is "zsh: crm <TAB> gives the commands" "$(zcomp 'crm ')" \
	    "$(subcommands)"
	is "zsh: crm help <TAB> gives the commands" "$(zcomp 'crm help ')" \
	    "$(subcommands)"
	is "zsh: crm-advance -s <TAB> gives the stages" \
	    "$(zcomp 'crm-advance -s ')" "$stages"
	is "zsh: crm add -p product -s <TAB>" \
	    "$(zcomp 'crm add -p product -s ')" "$product"
	is "zsh: -C is passed on to the lister" \
	    "$(zcomp "crm-ls -C $tmp/other.yaml --stage=")" "$other"
	is "zsh: every -p is passed on" \
	    "$(zcomp "crm-ls -C $tmp/three.yaml -p a -p b -s ")" "$ab"
	is "zsh: crm-log -k <TAB> gives the activity kinds" \
	    "$(zcomp 'crm-log -k ')" "$kinds"
	is "zsh: crm-contact -r <TAB> gives the contact roles" \
	    "$(zcomp 'crm-contact -r ')" "$roles"
	is "zsh: crm-admin <TAB> gives its commands" \
	    "$(zcomp 'crm-admin ' | sort)" "$(printf 'check\nconfig\ncopy\ngrant\ninit\nmigrate\nrevoke')"
	is "zsh: crm-admin config <TAB>: push or show" \
	    "$(zcomp 'crm-admin config ')" "$(printf 'push\nshow')"
}

if ! command -v zsh >/dev/null 2>&1; then
	skip "zsh is not installed"
else
	run zsh -n "$comp/_crm"
	is "zsh -n _crm" "$rc:$errout" "0:"
	if zsh -fc 'zmodload zsh/zpty' 2>/dev/null; then
		zsh_checks
	else
		skip "zsh has no zpty module"
	fi
fi

# fish: the syntax, and what complete -C gives.
if command -v fish >/dev/null 2>&1; then
	for f in crm $cmds; do
		run fish -n "$comp/$f.fish"
		is "fish -n $f.fish" "$rc:$errout" "0:"
	done
	fcomp()
	{
		fish -c 'set -p fish_complete_path $argv[1]
		    complete -C $argv[2]' "$comp" "$1" | cut -f1 | sort
	}
	for c in $cmds; do
		if [ ! -f "$top/bin/$c.c" ]; then
			skip "$c: no bin/$c.c yet"
			continue
		fi
		is "fish: $c -- gives its long options" "$(fcomp "$c --")" \
		    "$(longopts $c | sed 's/^/--/')"
	done
	is "fish: crm-log -k <TAB> gives the activity kinds" \
	    "$(fcomp 'crm-log -k ')" "$kinds"
	is "fish: crm-contact -r <TAB> gives the contact roles" \
	    "$(fcomp 'crm-contact -r ')" "$roles"
	is "fish: crm <TAB> gives the commands" "$(fcomp 'crm ')" \
	    "$(subcommands)"
	is "fish: crm help <TAB> gives the commands" "$(fcomp 'crm help ')" \
	    "$(subcommands)"
	is "fish: crm help add <TAB>: nothing more" "$(fcomp 'crm help add ')" ""
	is "fish: crm-admin <TAB> gives its commands" "$(fcomp 'crm-admin ')" \
	    "$(printf 'check\nconfig\ncopy\ngrant\ninit\nmigrate\nrevoke')"
	is "fish: crm-admin config <TAB>: push or show" \
	    "$(fcomp 'crm-admin config ')" "$(printf 'push\nshow')"
	is "fish: crm-advance -s <TAB> gives the stages" \
	    "$(fcomp 'crm-advance -s ')" "$stages"
	is "fish: crm add -p product -s <TAB>" \
	    "$(fcomp 'crm add -p product -s ')" "$product"
	is "fish: -C is passed on to the lister" \
	    "$(fcomp "crm-log --config=$tmp/other.yaml -k ")" \
	    "$(printf 'knock\nring')"
	is "fish: every -p is passed on" \
	    "$(fcomp "crm-ls -C $tmp/three.yaml -p a --pipeline=b -s ")" "$ab"
	is "fish: --sort=-da gives a descending field" \
	    "$(fcomp 'crm-ls --sort=-da')" --sort=-days_in_stage
else
	skip "fish is not installed"
fi

done_testing
