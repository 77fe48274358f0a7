# fish completion for crm-stale: deals stalled in their stage, idle, or overdue.
# The helpers (__crm_list, ...) are in crm.fish beside this file.
functions -q __crm_list; or source (status dirname)/crm.fish

complete -c crm-stale -f
complete -c crm-stale -s C -l config -r -F -d 'read the config from this file'
complete -c crm-stale -s D -l db -r -F -d 'use this database file'
complete -c crm-stale -s f -l format -x -a 'table tsv csv json jsonl' -d 'output format'
complete -c crm-stale -l header -d 'add a header line to TSV'
complete -c crm-stale -s h -l help -d 'show usage'
complete -c crm-stale -l version -d 'show the version'
complete -c crm-stale -s a -l account -x -d 'only deals of this account'
complete -c crm-stale -s o -l owner -x -d 'only deals of this owner'
complete -c crm-stale -s p -l pipeline -x -a '(__crm_list pipelines)' -d 'only deals in this pipeline'
complete -c crm-stale -s s -l stage -x -a '(__crm_list stages)' -d 'only deals in this stage'
complete -c crm-stale -s T -l team -x -d 'deals of this person and everyone below them'
complete -c crm-stale -s d -l days -x -d 'stalled: longer than this in the stage'
complete -c crm-stale -s i -l idle -x -d 'idle: no activity for this many days'
complete -c crm-stale -s q -l quiet -d 'print nothing; the exit status tells'
complete -c crm-stale -l reason -x -a 'stage idle overdue left single-threaded contact-left no-decision-maker' -d 'only deals stale for this reason'
complete -c crm-stale -l sort -x -a '(__crm_sort_fields reason max_days days_idle days_overdue stalled)' -d 'sort by this field (-field: descending)'
