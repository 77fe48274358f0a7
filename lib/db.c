/*
 * The database: where it lives, how it is opened, and its migrations.
 */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "crm.h"

/* 'CRM1': marks the file as crm's, as PRAGMA application_id. */
#define CRM_APPLICATION_ID	0x43524d31

/*
 * Migration N takes a database from user_version N-1 to N.  Version 1 is
 * the schema itself.  Append to this array; never change a released entry.
 */
static const char *const migrations[] = {
	NULL,			/* 0: an empty file */
	crm_schema_sql,		/* 1 */
	/*
	 * 2: crm-funnel reads every deal's stage changes in order (time,
	 * then id for changes in the same second); with the order and the
	 * stage in the index it never touches the table nor sorts.
	 */
	"DROP INDEX stage_change_deal;"
	"CREATE INDEX stage_change_deal_at ON stage_change(deal_id, at, id, "
	"to_stage);"
	/*
	 * ...and a lost deal's reason is kept with the change that lost it,
	 * so reopening the deal (which clears the deal's) loses nothing.
	 * Filling it in for deals lost before is the one update a stage
	 * change ever gets, inside this migration's transaction.
	 */
	"ALTER TABLE stage_change ADD COLUMN reason TEXT;"
	"DROP TRIGGER stage_change_no_update;"
	"UPDATE stage_change SET reason = (SELECT lost_reason FROM deal "
	"WHERE deal.id = stage_change.deal_id) WHERE to_stage = 'lost' AND "
	"id = (SELECT max(id) FROM stage_change c WHERE c.deal_id = "
	"stage_change.deal_id AND c.to_stage = 'lost') AND EXISTS (SELECT 1 "
	"FROM deal WHERE deal.id = stage_change.deal_id AND "
	"deal.status = 'lost');"
	"CREATE TRIGGER stage_change_no_update BEFORE UPDATE ON stage_change "
	"BEGIN SELECT RAISE(ABORT, 'stage changes are append-only'); END;",
	/*
	 * 3: crm-stale reads the open deals and nothing else; this index
	 * holds every column it needs, so it reads an index a tenth the
	 * size of the table, in owner order (so -o and -T are ranges), and
	 * never the table.  Closed deals are not in it.
	 */
	"CREATE INDEX deal_open ON deal(owner, pipeline, stage, "
	"stage_entered, last_activity, created, next_action, amount, "
	"account_id, title) WHERE status = 'open';",
	/*
	 * 4: crm-log -L -o NAME, everything one person logged (what a
	 * handover reads), walked all the activities in time order: 13 s
	 * at a million deals and five million activities, 0.16 s with this
	 * index.  Making it there took 4 s, once.
	 */
	"CREATE INDEX activity_by_at ON activity(by, at);",
	/*
	 * 5: crm-ls --due and --closed-since read a range of these instead
	 * of every deal; each holds only the deals that have the date.
	 * crm-ls -q reads the notes deals were made with (from_stage is
	 * NULL) from the last, not the whole history; from_stage is in it
	 * so that SQLite, which checks that term again, needs no table.
	 */
	"CREATE INDEX deal_due ON deal(status, next_action) "
	"WHERE next_action IS NOT NULL;"
	"CREATE INDEX deal_closed ON deal(closed) WHERE closed IS NOT NULL;"
	"CREATE INDEX stage_change_note ON stage_change(from_stage, deal_id, "
	"note) WHERE from_stage IS NULL AND note IS NOT NULL;",
};
#define CRM_SCHEMA_VERSION \
	((int)(sizeof(migrations) / sizeof(*migrations)) - 1)

int
crm_db_is_uri(const char *path)
{
	return strncmp(path, "postgresql:", 11) == 0 ||
	    strncmp(path, "postgres:", 9) == 0;
}

int
crm_db_schema_version(void)
{
	return CRM_SCHEMA_VERSION;
}

/* mkdir -p with mode 0700 for every directory it makes. */
static void
mkdirs(const char *path)
{
	char *p, *s;

	p = crm_strdup(path);
	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) == -1 && errno != EEXIST)
			err(CRM_EXIT_DB, "database directory %s", p);
		*s = '/';
	}
	free(p);
}

char *
crm_db_path(const char *opt, const struct crm_config *cfg)
{
	const char *env, *home;

	if (opt != NULL)
		return crm_strdup(opt);
	if ((env = getenv("CRM_DB")) != NULL && env[0] != '\0')
		return crm_strdup(env);
	if (cfg != NULL && cfg->database != NULL) {
		if (strncmp(cfg->database, "~/", 2) == 0 &&
		    (home = getenv("HOME")) != NULL)
			return crm_asprintf("%s%s", home, cfg->database + 1);
		return crm_strdup(cfg->database);
	}
	if ((env = getenv("XDG_DATA_HOME")) != NULL && env[0] == '/')
		return crm_asprintf("%s/crm/crm.db", env);
	if ((home = getenv("HOME")) == NULL || home[0] == '\0')
		errx(CRM_EXIT_DB, "no database: set CRM_DB, HOME or use -D FILE");
	return crm_asprintf("%s/.local/share/crm/crm.db", home);
}

static int
pragma_int(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

static void
dbfail(sqlite3 *db, const char *path, const char *what)
{
	errx(CRM_EXIT_DB, "database %s: %s: %s", path, what,
	    sqlite3_errmsg(db));
}

static void
migrate(sqlite3 *db, const char *path)
{
	char sql[64];
	int version, appid, i, tables;

	if (pragma_int(db, "PRAGMA user_version", &version) == -1)
		dbfail(db, path, "cannot read");
	if (version == CRM_SCHEMA_VERSION)
		return;
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		dbfail(db, path, "cannot lock for upgrade");
	/* Read again under the lock: another process may have done it. */
	if (pragma_int(db, "PRAGMA user_version", &version) == -1 ||
	    pragma_int(db, "PRAGMA application_id", &appid) == -1 ||
	    pragma_int(db, "SELECT count(*) FROM sqlite_master", &tables) == -1)
		dbfail(db, path, "cannot read");
	if (version > CRM_SCHEMA_VERSION)
		errx(CRM_EXIT_DB, "database %s has schema version %d, newer "
		    "than this crm (%d): upgrade crm", path, version,
		    CRM_SCHEMA_VERSION);
	if (appid != CRM_APPLICATION_ID && (appid != 0 || tables > 0))
		errx(CRM_EXIT_DB, "database %s is an SQLite file, but not "
		    "crm's", path);
	for (i = version + 1; i <= CRM_SCHEMA_VERSION; i++) {
		if (sqlite3_exec(db, migrations[i], NULL, NULL, NULL) !=
		    SQLITE_OK) {
			snprintf(sql, sizeof(sql), "migration to version %d", i);
			dbfail(db, path, sql);
		}
	}
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
	    CRM_SCHEMA_VERSION);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		dbfail(db, path, "cannot set the version");
	snprintf(sql, sizeof(sql), "PRAGMA application_id = %d",
	    CRM_APPLICATION_ID);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		dbfail(db, path, "cannot upgrade");
}

/*
 * PRAGMA journal_mode = mode, tried again every CRM_DB_RETRY_MS for up to
 * wait_ms in all while another connection holds a lock.  A change into or
 * out of WAL needs an exclusive lock that SQLite takes without calling the
 * busy handler (waiting could deadlock two readers that both want it), so
 * the busy timeout does not cover it; it is off during the tries, so that
 * no one try waits a minute of its own.
 */
int
crm_db_journal(sqlite3 *db, const char *mode, int wait_ms)
{
	struct timespec t0, t;
	char sql[64];
	int rc;

	snprintf(sql, sizeof(sql), "PRAGMA journal_mode = %s", mode);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	sqlite3_busy_timeout(db, 0);
	for (;;) {
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((rc & 0xff) != SQLITE_BUSY || (t.tv_sec - t0.tv_sec) *
		    1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 >= wait_ms)
			break;
		sqlite3_sleep(CRM_DB_RETRY_MS);
	}
	sqlite3_busy_timeout(db, CRM_DB_WAIT_MS);
	return rc;
}

/* Whether the journal mode is mode ("wal", "delete"). */
int
crm_db_journal_is(sqlite3 *db, const char *mode)
{
	sqlite3_stmt *st;
	int is = 0;

	if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st,
	    NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		is = strcasecmp((const char *)sqlite3_column_text(st, 0),
		    mode) == 0;
	sqlite3_finalize(st);
	return is;
}

sqlite3 *
crm_db_open(const char *path)
{
	static const char waited[] = "waited a minute for another process";
	sqlite3 *db;
	struct stat sb;
	mode_t old;
	int fd, rc, saved, fresh;

	if (crm_db_is_uri(path))
		errx(CRM_EXIT_DB, "database %s: PostgreSQL is not supported "
		    "yet; use an SQLite file", path);
	mkdirs(path);
	/*
	 * Create the file 0600 ourselves: SQLite gives its -wal and -shm
	 * files the mode of the database file.
	 */
	old = umask(077);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1 && (errno == EACCES || errno == EROFS)) {
		/* A read-only database can still be read. */
		saved = errno;
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
			errno = saved;
	}
	if (fd == -1)
		err(CRM_EXIT_DB, "database %s", path);
	fresh = fstat(fd, &sb) == 0 && sb.st_size == 0;
	close(fd);
	/* One thread per process: no mutex around every column read. */
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		errx(CRM_EXIT_DB, "database %s: %s", path, db ?
		    sqlite3_errmsg(db) : sqlite3_errstr(rc));
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, CRM_DB_WAIT_MS);
	/*
	 * A new database gets pages of 16 KB, not 4: at a million deals the
	 * funnel ran 17% faster and an import 8%, a single write took as
	 * long; what fetches rows at random reads more (crm-log -L of a
	 * month, 3.5 -> 4.6 s).  Only before anything is written; a
	 * database made before keeps its pages.
	 */
	if (fresh && sqlite3_exec(db, "PRAGMA page_size = 16384", NULL,
	    NULL, NULL) != SQLITE_OK)
		dbfail(db, path, "cannot set the page size");
	if (sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL,
	    NULL) != SQLITE_OK)
		dbfail(db, path, "cannot open");
	/* The first read tells whether the file is a database at all. */
	if ((rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", NULL,
	    NULL, NULL)) != SQLITE_OK)
		dbfail(db, path, (rc & 0xff) == SQLITE_BUSY ? waited :
		    "cannot read");
	/*
	 * A database is in WAL mode from its first use on; only the first
	 * import into one with no deals leaves it for a while (crm_import()),
	 * and then this waits for the import to end.
	 */
	if (!sqlite3_db_readonly(db, "main")) {
		rc = crm_db_journal(db, "WAL", CRM_DB_WAIT_MS);
		if ((rc & 0xff) == SQLITE_BUSY)
			dbfail(db, path, waited);
		if (rc != SQLITE_OK || sqlite3_exec(db,
		    "PRAGMA synchronous = FULL", NULL, NULL, NULL) != SQLITE_OK)
			dbfail(db, path, "cannot set WAL mode");
	}
	/*
	 * SQLite's page cache of 2 MB: most commands read a page once, and
	 * a bigger cache only costs fresh memory (crm-ls -o at a million
	 * deals: 17 ms with 32 MB, 10 with 2).  What comes back to the same
	 * pages, such as an account looked up for each of many deals, asks
	 * for more: crm_cache_mb().
	 */
	migrate(db, path);
	umask(old);
	return db;
}
