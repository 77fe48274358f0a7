# fish completion for crm-advance: move deals to the next or a named stage, or close them.
# The helpers (__crm_list, ...) are in crm.fish beside this file.
functions -q __crm_list; or source (status dirname)/crm.fish

complete -c crm-advance -f
complete -c crm-advance -s C -l config -r -F -d 'read the config from this file'
complete -c crm-advance -s D -l db -r -F -d 'use this database file'
complete -c crm-advance -s f -l format -x -a 'table tsv csv json jsonl' -d 'output format'
complete -c crm-advance -l header -d 'add a header line to TSV'
complete -c crm-advance -s h -l help -d 'show usage'
complete -c crm-advance -l version -d 'show the version'
complete -c crm-advance -l at -x -a 'now today yesterday tomorrow' -d 'when it happened (default: now)'
complete -c crm-advance -s F -l force -d 'leave the stage though its required work is not logged'
complete -c crm-advance -s l -l lost -x -d 'close as lost for this reason'
complete -c crm-advance -s m -l note -x -d 'note on the stage change'
complete -c crm-advance -s s -l stage -x -a '(__crm_list stages)' -d 'move to this stage'
complete -c crm-advance -l undo -d 'void the last stage change, back where it was'
complete -c crm-advance -s w -l won -d 'close as won'
