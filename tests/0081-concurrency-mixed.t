#!/bin/sh
# Eight writers at once, 250 mixed writes each (the issue's figure), on one
# SQLite file or, under make check-pg, one PostgreSQL database: what is
# checked is in tests/concurrency-mixed.sh.  On SQLite it took 17 s on 2
# cores, 22 s while another build shared them: about 9-11 ms a command,
# mostly starting it; on PostgreSQL 34 s (a connection each).  WRITES=120
# halves it.
. "$(dirname "$0")/lib.sh"
. "$top/tests/concurrency-mixed.sh"
is "crm-admin check" "$(db_check)" ok
done_testing
