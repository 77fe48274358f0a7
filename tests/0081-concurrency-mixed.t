#!/bin/sh
# Eight writers at once, mixed writes, on one SQLite file: what is checked
# is in tests/concurrency-mixed.sh.  The issue's figure, 8 x 250
# (WRITES=250 prove tests/0081-concurrency-mixed.t), passed in 22 s on 2
# shared cores, about 11 ms a command; make check runs 8 x 120 (~11 s).
. "$(dirname "$0")/lib.sh"
WRITES=${WRITES:-120}
. "$top/tests/concurrency-mixed.sh"
is "integrity_check" "$(sql 'PRAGMA integrity_check')" ok
done_testing
