# fish completion for crm-set: change fields of deals: owner, amount, dates....
# The helpers (__crm_list, ...) are in crm.fish beside this file.
functions -q __crm_list; or source (status dirname)/crm.fish

complete -c crm-set -f
complete -c crm-set -s C -l config -r -F -d 'read the config from this file'
complete -c crm-set -s D -l db -r -F -d 'use this database file'
complete -c crm-set -s f -l format -x -a 'table tsv csv json jsonl' -d 'output format'
complete -c crm-set -l header -d 'add a header line to TSV'
complete -c crm-set -s h -l help -d 'show usage'
complete -c crm-set -l version -d 'show the version'
complete -c crm-set -s a -l account -x -d 'account (the customer)'
complete -c crm-set -s c -l contact -x -d 'contact person; a number: attach that contact to the buying group'
complete -c crm-set -l currency -x -d 'ISO 4217 code, e.g. USD (the amount is not converted)'
complete -c crm-set -s e -l close -x -a 'now today yesterday tomorrow' -d 'expected close date'
complete -c crm-set -s m -l note -x -d 'note on the change'
complete -c crm-set -s n -l next -x -a 'now today yesterday tomorrow' -d 'date of the next action'
complete -c crm-set -s o -l owner -x -d 'hand the deals over to this owner'
complete -c crm-set -l priority -x -d 'priority'
complete -c crm-set -s s -l stage -x -d 'not here: stages change with crm-advance -s'
complete -c crm-set -l source -x -d 'where the deal came from'
complete -c crm-set -s t -l title -x -d 'title'
complete -c crm-set -s v -l amount -x -d 'amount, e.g. 12000.50'
complete -c crm-set -l member -x -d 'put NAME:ROLE on the deal team'
complete -c crm-set -l drop-member -x -d 'take NAME off the deal team'
