#!/bin/sh
# Eight writers at once, 250 mixed writes each (the issue's figure), on one
# SQLite file: what is checked is in tests/concurrency-mixed.sh.  It took
# 17 s on 2 cores, 22 s while another build shared them: about 9-11 ms a
# command, mostly starting it.  WRITES=120 halves it.
. "$(dirname "$0")/lib.sh"
. "$top/tests/concurrency-mixed.sh"
is "integrity_check" "$(sql 'PRAGMA integrity_check')" ok
done_testing
