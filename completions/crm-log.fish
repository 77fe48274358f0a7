# fish completion for crm-log: record a visit, call, email...; -L lists them.
# The helpers (__crm_list, ...) are in crm.fish beside this file.
functions -q __crm_list; or source (status dirname)/crm.fish

complete -c crm-log -f
complete -c crm-log -s C -l config -r -F -d 'read the config from this file'
complete -c crm-log -s D -l db -r -F -d 'use this database file'
complete -c crm-log -s f -l format -x -a 'table tsv csv json jsonl' -d 'output format'
complete -c crm-log -l header -d 'add a header line to TSV'
complete -c crm-log -s h -l help -d 'show usage'
complete -c crm-log -l version -d 'show the version'
complete -c crm-log -s a -l account -x -d 'only deals of this account'
complete -c crm-log -s o -l owner -x -d 'only deals of this owner'
complete -c crm-log -s p -l pipeline -x -a '(__crm_list pipelines)' -d 'only deals in this pipeline'
complete -c crm-log -s s -l stage -x -a '(__crm_list stages)' -d 'only deals in this stage'
complete -c crm-log -s T -l team -x -d 'deals of this person and everyone below them'
complete -c crm-log -l at -x -a 'now today yesterday tomorrow' -d 'when it happened (default: now)'
complete -c crm-log -s k -l kind -x -a '(__crm_list kinds)' -d 'activity kind'
complete -c crm-log -s L -l list -d 'list activities instead of logging one'
complete -c crm-log -l list-kinds -d 'print the activity kinds'
complete -c crm-log -s m -l message -x -d 'what was said (- reads stdin)'
complete -c crm-log -s n -l next -x -a 'now today yesterday tomorrow' -d 'date of the next action'
complete -c crm-log -l outcome -x -d 'the customer'\''s response'
complete -c crm-log -l purpose -x -d 'purpose of the activity'
complete -c crm-log -s q -l query -x -d 'only activities that mention this text'
complete -c crm-log -l since -x -a 'now today yesterday tomorrow' -d 'list activities from this date'
complete -c crm-log -l until -x -a 'now today yesterday tomorrow' -d 'list activities until this date'
complete -c crm-log -l void -d 'list void activities alone'
complete -c crm-log -s w -l with -x -d 'who took part: a contact id or a name at the account'
