# bash completion for crm and its commands		-*- shell-script -*-
#
# One file for all of them: installed under each command's name in
# bash-completion's directory, it registers _crm for every command.  Stage
# names, pipelines and activity kinds are asked of the tools themselves
# (crm-ls --list-stages, crm-ls --list-pipelines, crm-log --list-kinds) with
# the -C and -D given on the line, so they always follow the config in use.
# Works with bash-completion and, more plainly, without it.

_crm_commands='add admin advance contact funnel log ls set show stale void'
_crm_formats='table tsv csv json jsonl'
_crm_deal_fields='id title account contact owner amount currency pipeline
    stage stage_label probability status created stage_entered days_in_stage
    expected_close next_action last_activity lost_reason priority source'

# The options of command $1 as its getopt_long table has them, into the
# caller's $spec: "-s|--long=KIND" takes an argument completed as KIND,
# "-s|--long" and "--long" are flags.
_crm_spec()
{
	local common='-C|--config=file -D|--db=file -f|--format=format
	    --header -h|--help --version'
	local filters='-a|--account=text -o|--owner=text -p|--pipeline=pipeline
	    -s|--stage=stage -T|--team=text'

	case $1 in
	crm-add)
		spec="$common -a|--account=text --at=date -c|--contact=text
		    --csv --currency=text -e|--close=date -m|--note=text
		    -n|--next=date
		    -o|--owner=text -p|--pipeline=pipeline --priority=text
		    --source=text -s|--stage=stage -v|--amount=text"
		;;
	crm-admin)
		spec="-C|--config=file -D|--db=file -h|--help --version
		    --admin"
		;;
	crm-advance)
		spec="$common --at=date -F|--force -l|--lost=text
		    -m|--note=text -s|--stage=stage --undo -w|--won"
		;;
	crm-contact)
		# The customer's people; -L's -a and -r are filters too.
		spec="$common -a|--account=text --at=date --csv --current
		    --email=text -L|--list --left=text --list-roles
		    -m|--note=text --name=text --phone=text -q|--query=text
		    -r|--role=role
		    --set=text --title=text"
		;;
	crm-funnel)
		spec="$common $filters --as-of=date --by=by --calibrate
		    --currency=text --forecast --months=text --no-chart --since=date
		    --totals --until=date"
		;;
	crm-log)
		spec="$common $filters --at=date -k|--kind=kind -L|--list
		    --list-kinds -m|--message=text -n|--next=date
		    --outcome=text --purpose=text -q|--query=text
		    --since=date --until=date --void -w|--with=text"
		;;
	crm-ls)
		spec="$common $filters --all --closed-since=date
		    --closed-until=date --created-since=date
		    --created-until=date --due=date --list-pipelines
		    --list-stages --lost --open -q|--query=text --sort=sort
		    --void --won"
		;;
	crm-set)
		# -s only says to use crm-advance: nothing to offer for it.
		spec="$common -a|--account=text -c|--contact=text
		    --currency=text -e|--close=date -m|--note=text
		    -n|--next=date -o|--owner=text --priority=text
		    -s|--stage=text --source=text -t|--title=text
		    -v|--amount=text --member=text --drop-member=text"
		;;
	crm-show)
		spec=$common
		;;
	crm-stale)
		spec="$common $filters -d|--days=text -i|--idle=text
		    -q|--quiet --reason=reason --sort=stalesort"
		;;
	crm-void)
		spec="$common --activity -m|--note=text"
		;;
	*)
		return 1
	esac
}

# The kind of argument option $1 takes per $spec: "file", "stage"...; the
# empty string for a flag; status 1 for an option not in $spec.
_crm_optkind()
{
	local s names
	for s in $spec; do
		names=${s%%=*}
		case "|$names|" in
		*"|$1|"*)
			[[ $s == *=* ]] && kind=${s#*=} || kind=
			return 0
		esac
	done
	return 1
}

# Print the names a lister gives: "stages", "pipelines" or "kinds", with
# the config and database named on the line ($_crm_pass) and, for stages,
# the pipelines ($_crm_pipes).
_crm_names()
{
	case $1 in
	stages)
		crm-ls "${_crm_pass[@]}" "${_crm_pipes[@]}" --list-stages ;;
	pipelines)
		crm-ls "${_crm_pass[@]}" --list-pipelines ;;
	kinds)
		crm-log "${_crm_pass[@]}" --list-kinds ;;
	roles)
		crm-contact "${_crm_pass[@]}" --list-roles ;;
	esac 2>/dev/null
}

# Complete $cur as the argument of an option of kind $1.
_crm_optarg()
{
	local fields=$_crm_deal_fields dash=

	case $1 in
	file)
		if declare -F _filedir >/dev/null; then
			_filedir
		else
			compopt -o filenames 2>/dev/null
			COMPREPLY=($(compgen -f -- "$cur"))
		fi
		;;
	format)
		COMPREPLY=($(compgen -W "$_crm_formats" -- "$cur")) ;;
	stage)
		COMPREPLY=($(compgen -W "$(_crm_names stages)" -- "$cur")) ;;
	pipeline)
		COMPREPLY=($(compgen -W "$(_crm_names pipelines)" -- "$cur")) ;;
	kind)
		COMPREPLY=($(compgen -W "$(_crm_names kinds)" -- "$cur")) ;;
	role)
		COMPREPLY=($(compgen -W "$(_crm_names roles)" -- "$cur")) ;;
	date)
		COMPREPLY=($(compgen -W 'now today yesterday tomorrow' \
		    -- "$cur")) ;;
	by)
		COMPREPLY=($(compgen -W 'owner account pipeline' -- "$cur")) ;;
	reason)
		COMPREPLY=($(compgen -W 'stage idle overdue left single-threaded contact-left no-decision-maker' -- "$cur")) ;;
	sort|stalesort)
		[[ $1 == stalesort ]] &&
		    fields+=' reason max_days days_idle days_overdue stalled'
		# A leading '-' sorts in descending order.
		[[ $cur == -* ]] && dash=-
		COMPREPLY=($(compgen -P "$dash" -W "$fields" -- "${cur#-}"))
		;;
	esac
}

_crm()
{
	local cur words cword

	if declare -F _init_completion >/dev/null; then
		local prev
		_init_completion -n = || return
	else
		# Without bash-completion: split the line on blanks, which
		# is wrong only inside quotes.
		read -ra words <<<"${COMP_LINE:0:COMP_POINT}"
		[[ ${COMP_LINE:0:COMP_POINT} == *[[:blank:]] ]] && words+=('')
		cword=$((${#words[@]} - 1))
		cur=${words[cword]}
	fi

	local cmd=${words[0]##*/}
	if [[ $cmd == crm ]]; then
		if ((cword == 1)); then
			COMPREPLY=($(compgen -W "$_crm_commands help
			    -h --help --version" -- "$cur"))
			return
		fi
		if [[ ${words[1]} == help ]]; then
			# crm help COMMAND: one command, and nothing after it.
			((cword == 2)) && COMPREPLY=($(compgen -W \
			    "$_crm_commands help" -- "$cur"))
			return
		fi
		cmd=crm-${words[1]}
		words=("$cmd" "${words[@]:2}")
		((cword--))
	fi

	local spec kind
	_crm_spec "$cmd" || return

	# Walk the words before the cursor as getopt_long would, keeping
	# -C, -D and every -p for the listers and noting whether the word under
	# the cursor is an option's argument.
	local -a _crm_pass=() _crm_pipes=()
	local want= i=1 j w o v
	while ((i < cword)); do
		w=${words[i]}
		o= v=
		case $w in
		--)
			return ;;
		--*=*)
			o=${w%%=*} v=${w#*=}
			_crm_optkind "$o" || o=
			;;
		--?*)
			if _crm_optkind "$w" && [[ $kind ]]; then
				o=$w
				((++i == cword)) && want=$kind
				v=${words[i]}
			fi
			;;
		-?*)
			for ((j = 1; j < ${#w}; j++)); do
				_crm_optkind "-${w:j:1}" || break
				[[ $kind ]] || continue
				o=-${w:j:1} v=${w:j+1}
				if [[ -z $v ]]; then
					((++i == cword)) && want=$kind
					v=${words[i]}
				fi
				break
			done
			;;
		esac
		v=${v/#\~/$HOME}
		case $o in
		-C|--config) _crm_pass+=(-C "$v") ;;
		-D|--db) _crm_pass+=(-D "$v") ;;
		-p|--pipeline) _crm_pipes+=(-p "$v") ;;
		esac
		((i++))
	done

	if [[ $want ]]; then
		_crm_optarg "$want"
	elif [[ $cur == --*=* ]]; then
		o=${cur%%=*}
		cur=${cur#*=}
		_crm_optkind "$o" && [[ $kind ]] && _crm_optarg "$kind"
	elif [[ $cur == -* ]]; then
		local opts=
		for w in $spec; do
			w=${w%%=*}
			opts+=" ${w//|/ }"
		done
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	elif [[ $cmd == crm-admin ]]; then
		# The command, then its database.
		for ((j = 1, v = 0; j < cword; j++)); do
			[[ ${words[j]} == init || ${words[j]} == migrate ||
			    ${words[j]} == check ]] && v=1
			# copy takes two: a file or URI each.
			[[ ${words[j]} == copy ]] && v=1
			# config push FILE, config show.
			[[ ${words[j]} == config ]] && v=2
			[[ $v == 2 && ${words[j]} == push ]] && v=1
			[[ $v == 2 && ${words[j]} == show ]] && v=3
			# grant and revoke take a person's name: nothing to offer.
			[[ ${words[j]} == grant || ${words[j]} == revoke ]] && v=3
		done
		if ((v == 1)); then
			_crm_optarg file
		elif ((v == 2)); then
			COMPREPLY=($(compgen -W 'push show' -- "$cur"))
		elif ((v == 0)); then
			COMPREPLY=($(compgen -W 'init migrate check copy config grant revoke' \
			    -- "$cur"))
		fi
	fi
	# Other words are deal ids or a title: nothing to offer.
} &&
	complete -F _crm crm crm-add crm-admin crm-advance crm-contact crm-funnel crm-log \
	    crm-ls crm-set crm-show crm-stale crm-void

# ex: filetype=sh
