# fish completion for crm-show: one deal in full, with its history.
# The helpers (__crm_list, ...) are in crm.fish beside this file.
functions -q __crm_list; or source (status dirname)/crm.fish

complete -c crm-show -f
complete -c crm-show -s C -l config -r -F -d 'read the config from this file'
complete -c crm-show -s D -l db -r -F -d 'use this database file'
complete -c crm-show -s f -l format -x -a 'table tsv csv json jsonl' -d 'output format'
complete -c crm-show -l header -d 'add a header line to TSV'
complete -c crm-show -s h -l help -d 'show usage'
complete -c crm-show -l version -d 'show the version'
