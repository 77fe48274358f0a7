# fish completion for crm, and the helpers every crm-*.fish uses.
#
# Stage names, pipelines and activity kinds are asked of the tools
# themselves (crm-ls --list-stages, crm-ls --list-pipelines, crm-log
# --list-kinds) with the -C and -D given on the line, so they always follow
# the config in use.

# Print what lister $argv[1] (stages, pipelines, kinds) gives, passing on
# the -C and -D on the line, and every -p for stages.
function __crm_list -a what
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l pass
    set -l pipeline
    while set -q tokens[1]
        set -l opt
        set -l val
        switch $tokens[1]
            case --
                break
            case -C --config -D --db -p --pipeline
                set opt $tokens[1]
                set -e tokens[1]
                set -q tokens[1]; or break
                set val $tokens[1]
            case '--config=*' '--db=*' '--pipeline=*'
                set -l kv (string split -m 1 = -- $tokens[1])
                set opt $kv[1]
                set val $kv[2]
            case '-C?*' '-D?*' '-p?*'
                set opt (string sub -l 2 -- $tokens[1])
                set val (string sub -s 3 -- $tokens[1])
        end
        set -e tokens[1]
        set val (string replace -r -- '^~(?=/|$)' $HOME $val)
        switch "$opt"
            case -C --config
                set -a pass -C $val
            case -D --db
                set -a pass -D $val
            case -p --pipeline
                set -a pipeline -p $val
        end
    end
    switch $what
        case stages
            crm-ls $pass $pipeline --list-stages 2>/dev/null
        case pipelines
            crm-ls $pass --list-pipelines 2>/dev/null
        case kinds
            crm-log $pass --list-kinds 2>/dev/null
        case roles
            crm-contact $pass --list-roles 2>/dev/null
    end
end

# Fields for --sort, and any given as arguments; a leading '-' on the
# word being completed sorts descending.  (fish completes "--sort=-da" but
# takes "--sort -da" for an option.)
function __crm_sort_fields
    set -l fields id title account contact owner amount currency pipeline \
        stage stage_label probability status created stage_entered \
        days_in_stage expected_close next_action last_activity lost_reason \
        priority source $argv
    set -l cur (string replace -r -- '^--sort=' '' (commandline -ct))
    if string match -q -- '-*' $cur
        # fish's printf takes no "--": the format must not start with '-'.
        printf '%s\tdescending\n' -$fields
    else
        printf '%s\n' $fields
    end
end

# "crm add ..." completes as "crm-add ..." does; "crm help" takes one
# command.
function __crm_subcommand
    set -l args (commandline -opc)
    if test "$args[2]" = help
        # The commands with what each does, as "crm " offers them.
        test (count $args) -eq 2; and complete -C 'crm ' | string match -v -- '-*'
        return
    end
    # Files are never an answer.
    contains -- $args[2] add admin advance contact funnel log ls set show stale void; or return
    set -l cmd crm-$args[2]
    set -e args[1..2]
    complete -C (string join ' ' -- $cmd (string escape -- $args) (commandline -ct))
end

# This file is also sourced by the crm-*.fish files for their helpers, so
# start afresh rather than add the same completions twice.
complete -e -c crm
complete -c crm -f
complete -c crm -n __fish_use_subcommand -s h -l help -d 'list the commands'
complete -c crm -n __fish_use_subcommand -l version -d 'show the version'
complete -c crm -n __fish_use_subcommand -a add -d 'add a deal, or import many from TSV/CSV on stdin'
complete -c crm -n __fish_use_subcommand -a admin -d "a database's life: init, migrate, check, copy, its config"
complete -c crm -n __fish_use_subcommand -a advance -d 'move deals to the next or a named stage, or close them'
complete -c crm -n __fish_use_subcommand -a contact -d "the customer's people: add, list, edit, who left"
complete -c crm -n __fish_use_subcommand -a funnel -d 'the funnel: value, forecast, conversion per stage'
complete -c crm -n __fish_use_subcommand -a help -d 'list the commands, or show one\'s options'
complete -c crm -n __fish_use_subcommand -a log -d 'record a visit, call, email...; -L lists them'
complete -c crm -n __fish_use_subcommand -a ls -d 'list deals, filtered and sorted'
complete -c crm -n __fish_use_subcommand -a set -d 'change fields of deals: owner, amount, dates...'
complete -c crm -n __fish_use_subcommand -a show -d 'one deal in full, with its history'
complete -c crm -n __fish_use_subcommand -a stale -d 'deals stalled in their stage, idle, or overdue'
complete -c crm -n __fish_use_subcommand -a void -d 'void deals or activities entered by mistake'
complete -c crm -n 'not __fish_use_subcommand' -a '(__crm_subcommand)'
