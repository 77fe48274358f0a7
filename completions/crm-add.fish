# fish completion for crm-add: add a deal, or import many from TSV/CSV on stdin.
# The helpers (__crm_list, ...) are in crm.fish beside this file.
functions -q __crm_list; or source (status dirname)/crm.fish

complete -c crm-add -f
complete -c crm-add -s C -l config -r -F -d 'read the config from this file'
complete -c crm-add -s D -l db -r -F -d 'use this database file'
complete -c crm-add -s f -l format -x -a 'table tsv csv json jsonl' -d 'output format'
complete -c crm-add -l header -d 'add a header line to TSV'
complete -c crm-add -s h -l help -d 'show usage'
complete -c crm-add -l version -d 'show the version'
complete -c crm-add -s a -l account -x -d 'account (the customer)'
complete -c crm-add -l at -x -a 'now today yesterday tomorrow' -d 'when the deal was created'
complete -c crm-add -s c -l contact -x -d 'contact person'
complete -c crm-add -l csv -d 'read CSV, not TSV, from stdin'
complete -c crm-add -l currency -x -d 'ISO 4217 code, e.g. USD (default: the config'\''s)'
complete -c crm-add -s e -l close -x -a 'now today yesterday tomorrow' -d 'expected close date'
complete -c crm-add -s m -l note -x -d 'note on the new deal'
complete -c crm-add -s n -l next -x -a 'now today yesterday tomorrow' -d 'date of the next action'
complete -c crm-add -s o -l owner -x -d 'owner (default: $CRM_USER)'
complete -c crm-add -s p -l pipeline -x -a '(__crm_list pipelines)' -d 'pipeline (default: the first)'
complete -c crm-add -l priority -x -d 'priority'
complete -c crm-add -l source -x -d 'where the deal came from'
complete -c crm-add -s s -l stage -x -a '(__crm_list stages)' -d 'first stage (default: the pipeline'\''s first)'
complete -c crm-add -s v -l amount -x -d 'amount, e.g. 12000.50'
