/*
 * Unit tests of the SQLite driver, lib/db-sqlite.c: changing the journal
 * mode while another connection holds a lock waits as long as it is told
 * to, and no longer.  The interface's own test, for every driver, is
 * tests/unit/db.c.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "crm.h"
#include "tap.h"

/* db-sqlite.c's, not in crm.h, which names no SQLite type. */
sqlite3	*crm_sqlite_handle(struct crm_db *);
int	 crm_sqlite_journal(sqlite3 *, const char *, int);
int	 crm_sqlite_journal_is(sqlite3 *, const char *);
#define crm_db_journal		crm_sqlite_journal
#define crm_db_journal_is	crm_sqlite_journal_is

/* crm_db_journal(), and how long it took in *ms. */
static int
journal(sqlite3 *db, const char *mode, int wait_ms, long *ms)
{
	struct timespec t0, t;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = crm_db_journal(db, mode, wait_ms);
	clock_gettime(CLOCK_MONOTONIC, &t);
	*ms = (t.tv_sec - t0.tv_sec) * 1000 +
	    (t.tv_nsec - t0.tv_nsec) / 1000000;
	return rc;
}

static int
exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

int
main(void)
{
	char dir[] = "/tmp/crm-unit-db.XXXXXX", *path;
	struct crm_db *da, *db;
	sqlite3 *a, *b;
	long ms;
	int rc;

	if (mkdtemp(dir) == NULL)
		return 1;
	path = crm_asprintf("%s/crm.db", dir);
	da = crm_db_open(path, 1);
	db = crm_db_open(path, 1);
	a = crm_sqlite_handle(da);
	b = crm_sqlite_handle(db);
	ok(crm_db_journal_is(a, "wal") && crm_db_journal_is(b, "wal"),
	    "a database opens in WAL mode");

	/* b reads: a may not leave WAL, and says so when told not to wait. */
	exec(b, "BEGIN; SELECT count(*) FROM deal");
	rc = journal(a, "DELETE", 0, &ms);
	is_int(rc & 0xff, SQLITE_BUSY, "leaving WAL while another reads: busy");
	ok(ms < 1000, "...at once when told not to wait (%ld ms)", ms);
	ok(crm_db_journal_is(a, "wal"), "...and still in WAL mode");
	rc = journal(a, "DELETE", 300, &ms);
	is_int(rc & 0xff, SQLITE_BUSY, "busy after waiting 300 ms");
	ok(ms >= 300 && ms < 1500, "...which took 300 ms, not more (%ld ms)",
	    ms);
	exec(b, "COMMIT");
	/* b still has the database open in WAL mode. */
	is_int(crm_db_journal(a, "DELETE", 0) & 0xff, SQLITE_BUSY,
	    "leaving WAL while another has it open: busy");
	crm_db_close(db);
	is_int(crm_db_journal(a, "DELETE", 0), SQLITE_OK,
	    "alone, a leaves WAL");
	ok(crm_db_journal_is(a, "delete"), "...for the rollback journal");

	/*
	 * a holds the database exclusively: b, opening it, waits to turn it
	 * back to WAL for as long as it is told, not the busy timeout's
	 * minute (the busy handler would wait that long on each try).
	 */
	b = NULL;
	if (sqlite3_open_v2(path, &b, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK)
		return 1;
	exec(a, "BEGIN EXCLUSIVE; INSERT INTO account (name, created) "
	    "VALUES ('x', 0)");
	sqlite3_busy_timeout(b, CRM_DB_WAIT_MS);
	rc = journal(b, "WAL", 300, &ms);
	is_int(rc & 0xff, SQLITE_BUSY, "into WAL while another writes: busy");
	ok(ms >= 300 && ms < 1500, "...after 300 ms, not a minute (%ld ms)",
	    ms);
	exec(a, "COMMIT");
	is_int(crm_db_journal(b, "WAL", 300), SQLITE_OK,
	    "once it commits, WAL again");
	/* a sees it at its next read. */
	exec(a, "SELECT count(*) FROM deal");
	ok(crm_db_journal_is(a, "wal") && crm_db_journal_is(b, "wal"),
	    "...for both");
	crm_db_close(da);
	sqlite3_close(b);
	unlink(path);
	free(path);
	rmdir(dir);
	return tap_done();
}
