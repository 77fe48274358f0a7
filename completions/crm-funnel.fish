# fish completion for crm-funnel: the funnel: value, forecast, conversion per stage.
# The helpers (__crm_list, ...) are in crm.fish beside this file.
functions -q __crm_list; or source (status dirname)/crm.fish

complete -c crm-funnel -f
complete -c crm-funnel -s C -l config -r -F -d 'read the config from this file'
complete -c crm-funnel -s D -l db -r -F -d 'use this database file'
complete -c crm-funnel -s f -l format -x -a 'table tsv csv json jsonl' -d 'output format'
complete -c crm-funnel -l header -d 'add a header line to TSV'
complete -c crm-funnel -s h -l help -d 'show usage'
complete -c crm-funnel -l version -d 'show the version'
complete -c crm-funnel -s a -l account -x -d 'only deals of this account'
complete -c crm-funnel -s o -l owner -x -d 'only deals of this owner'
complete -c crm-funnel -s p -l pipeline -x -a '(__crm_list pipelines)' -d 'only deals in this pipeline'
complete -c crm-funnel -s s -l stage -x -a '(__crm_list stages)' -d 'only deals in this stage'
complete -c crm-funnel -s T -l team -x -d 'deals of this person and everyone below them'
complete -c crm-funnel -l as-of -x -a 'now today yesterday tomorrow' -d 'the funnel as it stood on this date'
complete -c crm-funnel -l by -x -a 'owner account pipeline' -d 'one row per owner, account or pipeline'
complete -c crm-funnel -l calibrate -d 'configured probabilities beside those observed'
complete -c crm-funnel -l currency -x -d 'only deals in this currency (ISO 4217 code)'
complete -c crm-funnel -l forecast -d 'open deals by the month they are expected to close'
complete -c crm-funnel -l months -x -d 'months in the forecast (default 3)'
complete -c crm-funnel -l no-chart -d 'no bar chart under the table'
complete -c crm-funnel -l since -x -a 'now today yesterday tomorrow' -d 'only deals created since this date'
complete -c crm-funnel -l totals -d 'the totals alone'
complete -c crm-funnel -l until -x -a 'now today yesterday tomorrow' -d 'only deals created before this date'
