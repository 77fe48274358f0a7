#!/bin/sh
# Run by tests/pg/run.sh inside pg_virtualenv, whose PGHOST, PGPORT,
# PGUSER, PGPASSWORD lead to the server: tests/unit/db.t on a database
# made by crm-admin init, in an ICU collation (sorting there differs from
# bytes: the schema's COLLATE "C" must hold), then tests/pg/*.t, each
# making databases of its own with createdb, then the whole end-to-end
# suite, tests/*.t, with $CRM_TEST_PG set: each file on a database of its
# own (tests/lib.sh).  $1: the build's prefix (O).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
o=${1:-}
createdb -T template0 --locale-provider=icu --icu-locale=en-US \
    --locale=C.UTF-8 crm_unit
# No password in the URI: libpq takes it from $PGPASSWORD.
export CRM_PG_URI=postgresql://
"${o}bin/crm-admin" init postgresql:///crm_unit
st=0
CRM_TEST_DB=postgresql:///crm_unit prove ${PROVEFLAGS:-} \
    "${o}tests/unit/db.t" tests/pg/*.t </dev/null || st=1
echo "The end-to-end tests on PostgreSQL:"
CRM_TEST_PG=1 prove ${PROVEFLAGS:-} tests/*.t </dev/null || st=1
exit $st
