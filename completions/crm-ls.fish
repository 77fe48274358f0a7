# fish completion for crm-ls: list deals, filtered and sorted.
# The helpers (__crm_list, ...) are in crm.fish beside this file.
functions -q __crm_list; or source (status dirname)/crm.fish

complete -c crm-ls -f
complete -c crm-ls -s C -l config -r -F -d 'read the config from this file'
complete -c crm-ls -s D -l db -r -F -d 'use this database file'
complete -c crm-ls -s f -l format -x -a 'table tsv csv json jsonl' -d 'output format'
complete -c crm-ls -l header -d 'add a header line to TSV'
complete -c crm-ls -s h -l help -d 'show usage'
complete -c crm-ls -l version -d 'show the version'
complete -c crm-ls -s a -l account -x -d 'only deals of this account'
complete -c crm-ls -s o -l owner -x -d 'only deals of this owner'
complete -c crm-ls -s p -l pipeline -x -a '(__crm_list pipelines)' -d 'only deals in this pipeline'
complete -c crm-ls -s s -l stage -x -a '(__crm_list stages)' -d 'only deals in this stage'
complete -c crm-ls -s T -l team -x -d 'deals of this person and everyone below them'
complete -c crm-ls -l all -d 'open, won and lost deals'
complete -c crm-ls -l closed-since -x -a 'today yesterday tomorrow' -d 'only deals won or lost at or after this date'
complete -c crm-ls -l closed-until -x -a 'today yesterday tomorrow' -d 'only deals won or lost before this date'
complete -c crm-ls -l created-since -x -a 'today yesterday tomorrow' -d 'only deals created at or after this date'
complete -c crm-ls -l created-until -x -a 'today yesterday tomorrow' -d 'only deals created before this date'
complete -c crm-ls -l due -x -a 'today yesterday tomorrow' -d 'only deals whose next action is due by this date'
complete -c crm-ls -l list-pipelines -d 'print the pipeline names'
complete -c crm-ls -l list-stages -d 'print the stage names (of -p'\''s pipelines)'
complete -c crm-ls -l lost -d 'lost deals'
complete -c crm-ls -l open -d 'open deals (the default)'
complete -c crm-ls -s q -l query -x -d 'only deals whose title, account, contact or note holds this text'
complete -c crm-ls -l sort -x -a '(__crm_sort_fields)' -d 'sort by this field (-field: descending)'
complete -c crm-ls -l won -d 'won deals'
