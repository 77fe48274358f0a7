# fish completion for crm-admin: a database's life.
# The helpers (__crm_list, ...) are in crm.fish beside this file.
functions -q __crm_list; or source (status dirname)/crm.fish

complete -c crm-admin -f
complete -c crm-admin -s C -l config -r -F -d 'read the config from this file'
complete -c crm-admin -s D -l db -r -F -d 'use this database file'
complete -c crm-admin -s h -l help -d 'show usage'
complete -c crm-admin -l version -d 'show the version'
complete -c crm-admin -l admin -d 'grant: an admin, who sees every deal'
complete -c crm-admin -n '__fish_use_subcommand' -a init -d 'make a new, empty database'
complete -c crm-admin -n '__fish_use_subcommand' -a migrate -d "bring a database to this crm's schema version"
complete -c crm-admin -n '__fish_use_subcommand' -a check -d "verify a database's integrity and crm's rules"
complete -c crm-admin -n '__fish_use_subcommand' -a copy -d 'copy a whole database into an empty one'
complete -c crm-admin -n '__fish_use_subcommand' -a config -d 'push or show the config in force'
complete -c crm-admin -n '__fish_use_subcommand' -a grant -d 'let a person of team: sign in'
complete -c crm-admin -n '__fish_use_subcommand' -a revoke -d 'record that a person left; they sign in no more'
complete -c crm-admin -n '__fish_seen_subcommand_from init migrate check copy' -F
complete -c crm-admin -n '__fish_seen_subcommand_from config; and not __fish_seen_subcommand_from push show' -a push -d 'make a file the config of every command'
complete -c crm-admin -n '__fish_seen_subcommand_from config; and not __fish_seen_subcommand_from push show' -a show -d 'print the config in force'
complete -c crm-admin -n '__fish_seen_subcommand_from push' -F
