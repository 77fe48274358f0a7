# fish completion for crm-contact: the customer's people: add, list, edit, who left.
# The helpers (__crm_list, ...) are in crm.fish beside this file.
functions -q __crm_list; or source (status dirname)/crm.fish

complete -c crm-contact -f
complete -c crm-contact -s C -l config -r -F -d 'read the config from this file'
complete -c crm-contact -s D -l db -r -F -d 'use this database file'
complete -c crm-contact -s f -l format -x -a 'table tsv csv json jsonl' -d 'output format'
complete -c crm-contact -l header -d 'add a header line to TSV'
complete -c crm-contact -s h -l help -d 'show usage'
complete -c crm-contact -l version -d 'show the version'
complete -c crm-contact -s a -l account -x -d 'the customer (-L: only its contacts)'
complete -c crm-contact -l at -x -a 'now today yesterday tomorrow' -d '--left: when they left'
complete -c crm-contact -l csv -d 'import CSV, not TSV, from stdin'
complete -c crm-contact -l current -d '-L: not those who left'
complete -c crm-contact -l email -x -d 'their email address'
complete -c crm-contact -s L -l list -d 'list the contacts'
complete -c crm-contact -l list-roles -d 'print the contact roles'
complete -c crm-contact -l left -x -d 'record that this contact left; -m says why'
complete -c crm-contact -s m -l note -x -d 'a note on them; with --set or --left: why'
complete -c crm-contact -l name -x -d '--set: their name'
complete -c crm-contact -l phone -x -d 'their phone number'
complete -c crm-contact -s q -l query -x -d '-L: only those with this text in a field'
complete -c crm-contact -s r -l role -x -a '(__crm_list roles)' -d 'their role, of contact_roles:'
complete -c crm-contact -l set -x -d 'change fields of this contact'
complete -c crm-contact -l title -x -d 'their job title'
