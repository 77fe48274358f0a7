# fish completion for crm-void: void deals or activities entered by mistake.
# The helpers (__crm_list, ...) are in crm.fish beside this file.
functions -q __crm_list; or source (status dirname)/crm.fish

complete -c crm-void -f
complete -c crm-void -s C -l config -r -F -d 'read the config from this file'
complete -c crm-void -s D -l db -r -F -d 'use this database file'
complete -c crm-void -s f -l format -x -a 'table tsv csv json jsonl' -d 'output format'
complete -c crm-void -l header -d 'add a header line to TSV'
complete -c crm-void -s h -l help -d 'show usage'
complete -c crm-void -l version -d 'show the version'
complete -c crm-void -l activity -d "the ids are activities', not deals'"
complete -c crm-void -s m -l note -x -d 'why: required, kept with the void'
