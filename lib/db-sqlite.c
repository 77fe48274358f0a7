/*
 * The SQLite driver: the one file of crm that speaks SQLite's C API.
 * Opening a file (its WAL mode, page size and foreign keys), the schema
 * and its migrations, statements, transactions, and the import's tuning
 * (crm_bulk_begin() in crm.h), all behind lib/db-private.h's table.
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

#include <sqlite3.h>

#include "db-private.h"

struct sdb {
	struct crm_db	 db;
	sqlite3		*h;
	/* The bulk load's: */
	int		 alone;		/* in the rollback journal */
	int		 dropped;	/* indexes dropped, to make again */
	struct crm_strv	 indexes;	/* the SQL that makes them */
	int		 found;		/* the schema version open found */
};

struct sst {
	struct crm_stmt	 st;
	sqlite3_stmt	*h;
	/*
	 * "INSERT ... RETURNING id" of one row is run without its
	 * RETURNING, and its row made from last_insert_rowid(): SQLite 3.40
	 * runs RETURNING as a trigger into a table of its own, which made
	 * an account's insert three times as slow (7 us more, a sixth of a
	 * 300,000-deal import with 69,000 accounts).
	 */
	int		 ret;		/* one of those */
	int		 row;		/* its row was given */
	long long	 id;		/* the row's id */
	char		 idtext[21];
	char		*sql;		/* the text asked for, with RETURNING */
};

#define SDB(d)	((struct sdb *)(d))
#define SST(s)	(((struct sst *)(s))->h)
#define SSTP(s)	((struct sst *)(s))
#define RETURNING_ID	" RETURNING id"

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
	/*
	 * 6: an activity's place among its deal's stage changes in the
	 * same second.  Its stage is worked out when read, by one rule
	 * (crm_act_stage_sql, activity.c): the stage change at or before it
	 * in time, and in the same second the changes entered before it.
	 * Ids order each table alone, so the activity keeps the id of the
	 * deal's last stage change when it was logged.  Activities from
	 * before have none (NULL): they count after every change of their
	 * second, as the gate and the stored stage counted them then.
	 */
	"ALTER TABLE activity ADD COLUMN after_change INTEGER;",
	/*
	 * 7: corrections (crm-void, crm-advance --undo).  Nothing is
	 * deleted: a void is a record of its own (who, when, why), and the
	 * row it voids names it in void_id, so that every report filters
	 * with x.void_id IS NULL and needs no join.  Voiding is the one
	 * UPDATE a stage change or an activity may get: void_id from NULL
	 * to a value, every other column as it was (IS: they may be NULL).
	 * A void is final, as the history is.
	 */
	"CREATE TABLE void_record ("
	"id INTEGER PRIMARY KEY, "
	"what TEXT NOT NULL CHECK (what IN ('deal', 'activity', "
	"'stage_change')), "
	"target INTEGER NOT NULL, "
	"at INTEGER NOT NULL, "
	"by TEXT NOT NULL, "
	"note TEXT NOT NULL, "
	"UNIQUE (what, target));"
	"CREATE TRIGGER void_record_no_update BEFORE UPDATE ON void_record "
	"BEGIN SELECT RAISE(ABORT, 'voids are append-only'); END;"
	"CREATE TRIGGER void_record_no_delete BEFORE DELETE ON void_record "
	"BEGIN SELECT RAISE(ABORT, 'voids are append-only'); END;"
	"ALTER TABLE deal ADD COLUMN void_id INTEGER REFERENCES "
	"void_record(id);"
	"ALTER TABLE stage_change ADD COLUMN void_id INTEGER REFERENCES "
	"void_record(id);"
	"ALTER TABLE activity ADD COLUMN void_id INTEGER REFERENCES "
	"void_record(id);"
	"CREATE TRIGGER deal_void_final BEFORE UPDATE OF void_id ON deal "
	"WHEN OLD.void_id IS NOT NULL AND NEW.void_id IS NOT OLD.void_id "
	"BEGIN SELECT RAISE(ABORT, 'voids are final'); END;"
	"DROP TRIGGER stage_change_no_update;"
	"CREATE TRIGGER stage_change_no_update BEFORE UPDATE ON stage_change "
	"WHEN NOT (OLD.void_id IS NULL AND NEW.void_id IS NOT NULL AND "
	"NEW.id IS OLD.id AND NEW.deal_id IS OLD.deal_id AND "
	"NEW.from_stage IS OLD.from_stage AND NEW.to_stage IS OLD.to_stage "
	"AND NEW.at IS OLD.at AND NEW.by IS OLD.by AND "
	"NEW.forced IS OLD.forced AND NEW.note IS OLD.note AND "
	"NEW.reason IS OLD.reason) "
	"BEGIN SELECT RAISE(ABORT, 'stage changes are append-only'); END;"
	"DROP TRIGGER activity_no_update;"
	"CREATE TRIGGER activity_no_update BEFORE UPDATE ON activity "
	"WHEN NOT (OLD.void_id IS NULL AND NEW.void_id IS NOT NULL AND "
	"NEW.id IS OLD.id AND NEW.deal_id IS OLD.deal_id AND "
	"NEW.kind IS OLD.kind AND NEW.at IS OLD.at AND NEW.by IS OLD.by AND "
	"NEW.stage IS OLD.stage AND NEW.purpose IS OLD.purpose AND "
	"NEW.note IS OLD.note AND NEW.outcome IS OLD.outcome AND "
	"NEW.next_action IS OLD.next_action AND "
	"NEW.after_change IS OLD.after_change) "
	"BEGIN SELECT RAISE(ABORT, 'activities are append-only'); END;"
	/*
	 * crm-stale's covering index holds the deals it reports: open and
	 * not void (the queries say both, so SQLite still takes it).  The
	 * funnel's reads void_id from its index, as it reads to_stage, and
	 * so still never touches the table; void_id last, so that the order
	 * it is read in stays (deal, at, id).
	 */
	"DROP INDEX deal_open;"
	"CREATE INDEX deal_open ON deal(owner, pipeline, stage, "
	"stage_entered, last_activity, created, next_action, amount, "
	"account_id, title) WHERE status = 'open' AND void_id IS NULL;"
	"DROP INDEX stage_change_deal_at;"
	"CREATE INDEX stage_change_deal_at ON stage_change(deal_id, at, id, "
	"to_stage, void_id);",
	/*
	 * 8: the people (crm-admin grant, revoke), the team of the config
	 * in force and every config pushed (crm-admin config push), as on
	 * PostgreSQL (lib/schema-pg-8.sql), where they also decide who sees
	 * what; a file has no roles, and its tables only record.
	 */
	"CREATE TABLE person ("
	"name TEXT PRIMARY KEY, "
	"admin INTEGER NOT NULL DEFAULT 0 CHECK (admin IN (0, 1)), "
	"granted INTEGER NOT NULL, "
	"granted_by TEXT NOT NULL, "
	"left_at INTEGER, "
	"left_by TEXT);"
	"CREATE TABLE team_link ("
	"manager TEXT NOT NULL, "
	"report TEXT NOT NULL, "
	"PRIMARY KEY (manager, report));"
	"CREATE INDEX team_link_report ON team_link(report);"
	"CREATE TABLE config_push ("
	"id INTEGER PRIMARY KEY, "
	"at INTEGER NOT NULL, "
	"by TEXT NOT NULL, "
	"text TEXT NOT NULL);"
	"CREATE TRIGGER config_push_no_update BEFORE UPDATE ON config_push "
	"BEGIN SELECT RAISE(ABORT, 'config pushes are append-only'); END;"
	"CREATE TRIGGER config_push_no_delete BEFORE DELETE ON config_push "
	"BEGIN SELECT RAISE(ABORT, 'config pushes are append-only'); END;",
	/*
	 * 9: the customer's people and ours (issue 18), as on PostgreSQL
	 * (lib/schema-pg-9.sql, which says what each table is), with the
	 * free-text contact of every deal made a contact of its account,
	 * one per (account, name), and put in the deal's buying group; the
	 * deal's contact column stays as it was.
	 */
	"CREATE TABLE contact ("
	"id INTEGER PRIMARY KEY, "
	"account_id INTEGER REFERENCES account(id), "
	"name TEXT NOT NULL, "
	"role TEXT, title TEXT, phone TEXT, email TEXT, note TEXT, "
	"created INTEGER NOT NULL, "
	"created_by TEXT NOT NULL, "
	"left_at INTEGER, left_by TEXT, left_note TEXT);"
	"CREATE INDEX contact_account ON contact(account_id, name);"
	"CREATE INDEX contact_role ON contact(role, id);"
	"CREATE INDEX contact_left ON contact(left_at) "
	"WHERE left_at IS NOT NULL;"
	"CREATE TABLE contact_change ("
	"id INTEGER PRIMARY KEY, "
	"contact_id INTEGER NOT NULL REFERENCES contact(id), "
	"field TEXT NOT NULL, old TEXT, new TEXT, "
	"at INTEGER NOT NULL, by TEXT NOT NULL, note TEXT);"
	"CREATE INDEX contact_change_contact ON contact_change(contact_id, at);"
	"CREATE TABLE activity_contact ("
	"activity_id INTEGER NOT NULL REFERENCES activity(id), "
	"contact_id INTEGER NOT NULL REFERENCES contact(id), "
	"PRIMARY KEY (activity_id, contact_id));"
	"CREATE INDEX activity_contact_contact ON activity_contact(contact_id);"
	"CREATE TABLE deal_contact ("
	"deal_id INTEGER NOT NULL REFERENCES deal(id), "
	"contact_id INTEGER NOT NULL REFERENCES contact(id), "
	"at INTEGER NOT NULL, by TEXT NOT NULL, "
	"PRIMARY KEY (deal_id, contact_id));"
	"CREATE INDEX deal_contact_contact ON deal_contact(contact_id);"
	"CREATE TABLE deal_member ("
	"id INTEGER PRIMARY KEY, "
	"deal_id INTEGER NOT NULL REFERENCES deal(id), "
	"name TEXT NOT NULL, role TEXT NOT NULL, "
	"added INTEGER NOT NULL, added_by TEXT NOT NULL, "
	"dropped INTEGER, dropped_by TEXT);"
	"CREATE INDEX deal_member_deal ON deal_member(deal_id, name);"
	"CREATE INDEX deal_member_name ON deal_member(name, deal_id) "
	"WHERE dropped IS NULL;"
	"CREATE TRIGGER contact_no_delete BEFORE DELETE ON contact "
	"BEGIN SELECT RAISE(ABORT, 'contacts are never deleted'); END;"
	"CREATE TRIGGER contact_change_no_update BEFORE UPDATE ON contact_change "
	"BEGIN SELECT RAISE(ABORT, 'contact changes are append-only'); END;"
	"CREATE TRIGGER contact_change_no_delete BEFORE DELETE ON contact_change "
	"BEGIN SELECT RAISE(ABORT, 'contact changes are append-only'); END;"
	"CREATE TRIGGER activity_contact_no_update BEFORE UPDATE ON "
	"activity_contact BEGIN SELECT RAISE(ABORT, "
	"'who took part is append-only'); END;"
	"CREATE TRIGGER activity_contact_no_delete BEFORE DELETE ON "
	"activity_contact BEGIN SELECT RAISE(ABORT, "
	"'who took part is append-only'); END;"
	"CREATE TRIGGER deal_contact_no_update BEFORE UPDATE ON deal_contact "
	"BEGIN SELECT RAISE(ABORT, 'buying groups are append-only'); END;"
	"CREATE TRIGGER deal_contact_no_delete BEFORE DELETE ON deal_contact "
	"BEGIN SELECT RAISE(ABORT, 'buying groups are append-only'); END;"
	"CREATE TRIGGER deal_member_no_update BEFORE UPDATE ON deal_member "
	"WHEN NOT (OLD.dropped IS NULL AND NEW.dropped IS NOT NULL AND "
	"NEW.id IS OLD.id AND NEW.deal_id IS OLD.deal_id AND "
	"NEW.name IS OLD.name AND NEW.role IS OLD.role AND "
	"NEW.added IS OLD.added AND NEW.added_by IS OLD.added_by) "
	"BEGIN SELECT RAISE(ABORT, 'deal teams are append-only (a member is "
	"dropped, never changed)'); END;"
	"CREATE TRIGGER deal_member_no_delete BEFORE DELETE ON deal_member "
	"BEGIN SELECT RAISE(ABORT, 'deal teams are append-only'); END;"
	"INSERT INTO contact (account_id, name, created, created_by) "
	"SELECT d.account_id, trim(d.contact), d.created, d.created_by "
	"FROM deal d WHERE d.contact IS NOT NULL AND trim(d.contact) <> '' "
	"AND d.id = (SELECT e.id FROM deal e WHERE e.account_id IS "
	"d.account_id AND trim(e.contact) = trim(d.contact) "
	"ORDER BY e.created, e.id LIMIT 1) ORDER BY d.id;"
	"INSERT INTO deal_contact (deal_id, contact_id, at, by) "
	"SELECT d.id, c.id, d.created, d.created_by FROM deal d "
	"JOIN contact c ON c.account_id IS d.account_id AND "
	"c.name = trim(d.contact) "
	"WHERE d.contact IS NOT NULL AND trim(d.contact) <> '' ORDER BY d.id;",
};
#define CRM_SCHEMA_VERSION \
	((int)(sizeof(migrations) / sizeof(*migrations)) - 1)

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

/* Brings the schema up to date: the version it found. */
static int
migrate(sqlite3 *db, const char *path)
{
	char sql[64];
	int version, appid, i, tables;

	if (pragma_int(db, "PRAGMA user_version", &version) == -1)
		dbfail(db, path, "cannot read");
	if (version == CRM_SCHEMA_VERSION)
		return version;
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
	return version;
}

/*
 * PRAGMA journal_mode = mode (SQLite's result code), tried again every
 * CRM_DB_RETRY_MS for up to wait_ms in all while another connection holds
 * a lock.  A change into or
 * out of WAL needs an exclusive lock that SQLite takes without calling the
 * busy handler (waiting could deadlock two readers that both want it), so
 * the busy timeout does not cover it; it is off during the tries, so that
 * no one try waits a minute of its own.
 */
int
crm_sqlite_journal(sqlite3 *db, const char *mode, int wait_ms)
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

/*
 * Whether the journal mode is mode ("wal", "delete").  This and
 * crm_sqlite_journal() are not static for tests/unit/db-sqlite.c alone,
 * which declares them: crm.h names no SQLite type.
 */
int
crm_sqlite_journal_is(sqlite3 *db, const char *mode)
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

static struct crm_db *
sopen(const char *path, int create)
{
	static const char waited[] = "waited a minute for another process";
	struct sdb *s;
	sqlite3 *db;
	struct stat sb;
	mode_t old;
	int fd, rc, saved, fresh, found;

	/*
	 * A typo in -D under cron must not read as "nothing there" for
	 * ever, nor leave an empty database behind.
	 */
	if (create != 1 && create != CRM_DB_INIT && access(path, F_OK) ==
	    -1 && errno == ENOENT)
		errx(CRM_EXIT_DB, "database %s: no such file (give an "
		    "existing one with -D, $CRM_DB or database: in the config; "
		    "commands that write create it)", path);
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
		rc = crm_sqlite_journal(db, "WAL", CRM_DB_WAIT_MS);
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
	found = migrate(db, path);
	umask(old);
	s = crm_calloc(1, sizeof(*s));
	s->found = found;
	s->db.drv = &crm_db_sqlite;
	s->db.path = crm_strdup(path);
	s->h = db;
	return &s->db;
}

static void
sclose(struct crm_db *d)
{
	struct sdb *s = SDB(d);

	if (sqlite3_close(s->h) != SQLITE_OK)
		warnx("database: %s", sqlite3_errmsg(s->h));
	crm_strv_free(&s->indexes);
	free(s->db.path);
	free(s);
}

static const char *
serrmsg(struct crm_db *d)
{
	return sqlite3_errmsg(SDB(d)->h);
}

static int
sexec(struct crm_db *d, const char *sql)
{
	return sqlite3_exec(SDB(d)->h, sql, NULL, NULL, NULL) == SQLITE_OK ?
	    0 : -1;
}

/* crm_exec()'s: the statement's text is what failed. */
static void
sexec_or_fail(struct crm_db *d, const char *sql)
{
	if (sexec(d, sql) == -1)
		crm_db_fail(d, sql);
}

static struct crm_stmt *
sprepare(struct crm_db *d, const char *sql)
{
	struct sst *s;
	sqlite3_stmt *h;
	size_t len = strlen(sql), rlen = strlen(RETURNING_ID);
	int ret;

	ret = strncmp(sql, "INSERT ", 7) == 0 && len > rlen &&
	    strcmp(sql + len - rlen, RETURNING_ID) == 0;
	/* Each is prepared once per run and kept: persistent. */
	if (sqlite3_prepare_v3(SDB(d)->h, sql, ret ? (int)(len - rlen) : -1,
	    SQLITE_PREPARE_PERSISTENT, &h, NULL) != SQLITE_OK)
		return NULL;
	s = crm_calloc(1, sizeof(*s));
	s->st.drv = &crm_db_sqlite;
	s->h = h;
	s->ret = ret;
	/* The SQL text lives as long as its statement. */
	if (ret)
		s->st.sql = s->sql = crm_strdup(sql);
	else
		s->st.sql = sqlite3_sql(h);
	return &s->st;
}

static void
sfinalize(struct crm_stmt *st)
{
	sqlite3_finalize(SST(st));
	free(SSTP(st)->sql);
	free(st);
}

static void
sbind_int(struct crm_stmt *st, int i, long long v)
{
	sqlite3_bind_int64(SST(st), i, v);
}

static void
sbind_text(struct crm_stmt *st, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(SST(st), i);
	else
		sqlite3_bind_text(SST(st), i, v, -1, SQLITE_TRANSIENT);
}

static void
sbind_ref(struct crm_stmt *st, int i, const char *v)
{
	sqlite3_bind_text(SST(st), i, v, -1, SQLITE_STATIC); /* NULL: null */
}

static void
sbind_null(struct crm_stmt *st, int i)
{
	sqlite3_bind_null(SST(st), i);
}

static int
sstep(struct crm_stmt *st)
{
	struct sst *s = SSTP(st);
	sqlite3 *db;

	if (s->row) {
		s->row = 0;	/* RETURNING's one row was read */
		return CRM_DONE;
	}
	switch (sqlite3_step(s->h)) {
	case SQLITE_ROW:
		return CRM_ROW;
	case SQLITE_DONE:
		/* None when ON CONFLICT DO NOTHING did nothing. */
		if (s->ret && sqlite3_changes(db = sqlite3_db_handle(s->h)) >
		    0) {
			s->id = sqlite3_last_insert_rowid(db);
			s->row = 1;
			return CRM_ROW;
		}
		return CRM_DONE;
	}
	return -1;
}

static long long
scol_int(struct crm_stmt *st, int i)
{
	if (SSTP(st)->ret)
		return SSTP(st)->id;
	return sqlite3_column_int64(SST(st), i);
}

static const char *
scol_text(struct crm_stmt *st, int i)
{
	struct sst *s = SSTP(st);

	if (s->ret) {
		crm_fmt_int(s->id, s->idtext);
		return s->idtext;
	}
	return (const char *)sqlite3_column_text(s->h, i);
}

static int
scol_null(struct crm_stmt *st, int i)
{
	if (SSTP(st)->ret)
		return 0;
	return sqlite3_column_type(SST(st), i) == SQLITE_NULL;
}

static void
sreset(struct crm_stmt *st)
{
	SSTP(st)->row = 0;
	sqlite3_reset(SST(st));
}

static void
sclear(struct crm_stmt *st)
{
	sqlite3_clear_bindings(SST(st));
}

/* IMMEDIATE: the write lock now, not at the first write. */
static void
sbegin(struct crm_db *d)
{
	sexec_or_fail(d, "BEGIN IMMEDIATE");
}

/*
 * DEFERRED: no lock until the first read, which then holds its WAL
 * snapshot (a read mark, which writers pass) to the end.
 */
static void
sbegin_read(struct crm_db *d)
{
	sexec_or_fail(d, "BEGIN DEFERRED");
}

static void
scommit(struct crm_db *d)
{
	sexec_or_fail(d, "COMMIT");
}

static void
srollback(struct crm_db *d)
{
	if (sqlite3_get_autocommit(SDB(d)->h) == 0)
		sexec_or_fail(d, "ROLLBACK");
}

static void
scache(struct crm_db *d, int mb)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%d", mb * 1024);
	sexec_or_fail(d, sql);
}

/*
 * SQLite's text for the places crm_dialect() names.  OR FAIL: see
 * crm_deal_rows() (an import of a million deals, 5.0 -> 4.5 s).  INDEXED
 * BY deal_open: with no statistics (sqlite_stat1 is only made by an
 * import), SQLite takes any index that starts with an equal, here
 * deal_status_pipeline_stage's status = 'open', and then reads the table
 * at random for each open deal, instead of the covering index of them
 * alone (crm_stale()); and the clause is an error when the index is not
 * there (someone dropped it by hand), so it is looked for first.
 */
static const char *
sdialect(struct crm_db *d, enum crm_dialect where)
{
	sqlite3_stmt *st;
	int rc;

	switch (where) {
	case CRM_DIALECT_INSERT_ROWS:
		return " OR FAIL";
	case CRM_DIALECT_DEAL_OPEN:
		if (sqlite3_prepare_v2(SDB(d)->h, "SELECT 1 FROM sqlite_master "
		    "WHERE type = 'index' AND name = 'deal_open'", -1, &st,
		    NULL) != SQLITE_OK)
			crm_db_fail(d, "prepare");
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			crm_db_fail(d, "query");
		return rc == SQLITE_ROW ? " INDEXED BY deal_open" : "";
	case CRM_DIALECT_MAX_ID:
		return "SELECT max(id) FROM %s";
	case CRM_DIALECT_JOIN:
		return "(SELECT group_concat(%s, ', ')";
	default:
		return "";
	}
}

/*
 * The first import into a database with no deals (from the spreadsheet or
 * the system before crm), read from a file, writes each page once, in
 * SQLite's rollback-journal mode, instead of twice, to the WAL and then
 * the database: a million deals went 4.6 -> 3.8 s.  It holds the database
 * to itself throughout, so no reader can get in and hold the commit up (in
 * WAL mode readers never do).  Its commit survives a power cut as in WAL
 * mode: holding the lock, SQLite zeroes the journal's header and syncs it
 * (strace) rather than deleting the journal, whose return after a power
 * cut would undo the commit.  A failed or killed import is undone from
 * the journal.  The price: other commands wait for the import to end
 * (sopen()), up to a minute as for any lock, instead of reading an
 * empty database.  crm_import() decides when (not from a pipe, which may
 * take as long as it likes).
 *
 * Leaving WAL needs the database to itself, so when another process has
 * it open (or anything else stops it, such as a directory crm may not
 * write in) the import stays in WAL mode.  Returns 1 when it left.
 */
static int
sbulk_alone(struct crm_db *d)
{
	struct sdb *s = SDB(d);

	/*
	 * The exclusive lock that leaving WAL takes is kept from then on,
	 * through the import, until the database is back in WAL mode: no
	 * one gets in between to hold up BEGIN, the commit or the way back
	 * (a reader's lock would, for as long as it liked).
	 */
	sexec_or_fail(d, "PRAGMA locking_mode = EXCLUSIVE");
	if (crm_sqlite_journal(s->h, "DELETE", 0) == SQLITE_OK &&
	    crm_sqlite_journal_is(s->h, "delete")) {
		s->alone = 1;
		return 1;
	}
	/*
	 * Failing after it took the exclusive lock (no journal could be
	 * made), the change leaves it held, and a connection in WAL mode
	 * never lowers its lock: readers would wait for the whole import.
	 * A new connection holds none.
	 */
	return -1;
}

static void
sbulk_begin(struct crm_db *d)
{
	/*
	 * deal's CHECK (status IN ('open', 'won', 'lost')) makes SQLite
	 * build a temporary table of the three names for every row: 14% of
	 * an import (perf).  crm_deal_row() only writes those three, and
	 * crm_deal_values() refuses a negative amount, so the checks cannot
	 * fail here; they stay on for everything else.
	 */
	sexec_or_fail(d, "PRAGMA ignore_check_constraints = ON");
	/*
	 * Foreign keys are not looked up either (one lookup in account for
	 * each deal, one in deal for each stage change: 1.1 of 5 s of
	 * rows).  They hold by construction: a deal's account_id comes from
	 * crm_account_id() inside this transaction, which holds the write
	 * lock, and its stage change names the id the deal was just given.
	 * PRAGMA foreign_keys does nothing inside a transaction, hence here.
	 */
	sexec_or_fail(d, "PRAGMA foreign_keys = OFF");
	/* The accounts' index and the tables' last pages stay in memory. */
	scache(d, 32);
	if (SDB(d)->alone)
		sexec_or_fail(d, "BEGIN EXCLUSIVE");
	else
		sbegin(d);
}

/*
 * Drops the indexes of the tables an import fills (inside the import's
 * transaction, so a failed import still leaves them as they were),
 * keeping how to make them again: made at the end, each in one sorted
 * pass instead of a million inserts at random places.  Only plain ones:
 * a UNIQUE index (none of crm's, maybe someone's) keeps checking every
 * row as it comes.
 */
static int
sbulk_grown(struct crm_db *d)
{
	struct sdb *s = SDB(d);
	struct crm_strv names = { 0 };
	sqlite3_stmt *st;
	size_t i;
	char *drop;
	int rc;

	if (s->dropped)
		return 1;
	if (sqlite3_prepare_v2(s->h, "SELECT m.name, m.sql FROM "
	    "sqlite_master m JOIN (SELECT name, \"unique\" AS u FROM pragma_index_list('deal') "
	    "UNION ALL SELECT name, \"unique\" FROM "
	    "pragma_index_list('stage_change')) l ON l.name = m.name "
	    "WHERE m.type = 'index' AND m.sql IS NOT NULL AND l.u = 0 "
	    "ORDER BY m.name", -1, &st, NULL) != SQLITE_OK)
		crm_db_fail(d, "prepare");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		crm_strv_add(&names, (const char *)sqlite3_column_text(st, 0));
		crm_strv_add(&s->indexes,
		    (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		crm_db_fail(d, "query");
	for (i = 0; i < names.n; i++) {
		if ((drop = sqlite3_mprintf("DROP INDEX \"%w\"",
		    names.v[i])) == NULL)
			errx(CRM_EXIT_DB, "out of memory");
		sexec_or_fail(d, drop);
		sqlite3_free(drop);
	}
	crm_strv_free(&names);
	s->dropped = 1;
	return 1;
}

/* A one-number PRAGMA's or query's value; exits 3 when there is none. */
static long long
sint(struct crm_db *d, const char *sql)
{
	sqlite3_stmt *st;
	long long v = 0;
	int rc;

	if (sqlite3_prepare_v2(SDB(d)->h, sql, -1, &st, NULL) != SQLITE_OK)
		crm_db_fail(d, "prepare");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		crm_db_fail(d, "query");
	return v;
}

/*
 * Makes them again, with a small page cache: SQLite sorts each index in
 * memory of the cache's size, and the import's pages are in the cache
 * already (4 MB was as fast as 32 at a million deals, and keeps the peak
 * under 64 MB).  The planner's statistics, if someone made them with
 * ANALYZE, went with the dropped indexes: they are made again too.
 */
static void
make_indexes(struct crm_db *d)
{
	struct sdb *s = SDB(d);
	long long cache;
	size_t i;
	char *restore;

	cache = sint(d, "PRAGMA cache_size");
	sexec_or_fail(d, "PRAGMA cache_size = -4096");
	/*
	 * One helper thread sorts while the main one reads the table: the
	 * index builds at a million deals went 2.4 -> 1.9 s, with the same
	 * peak memory.  (Two helpers were no faster on two cores.)
	 */
	sexec_or_fail(d, "PRAGMA threads = 1");
	for (i = 0; i < s->indexes.n; i++)
		sexec_or_fail(d, s->indexes.v[i]);
	/* SQLite's default; crm sets it nowhere else. */
	sexec_or_fail(d, "PRAGMA threads = 0");
	if (sint(d, "SELECT count(*) FROM sqlite_master WHERE "
	    "name = 'sqlite_stat1'"))
		sexec_or_fail(d, "ANALYZE deal; ANALYZE stage_change");
	if ((restore = sqlite3_mprintf("PRAGMA cache_size = %lld",
	    cache)) == NULL)
		errx(CRM_EXIT_DB, "out of memory");
	sexec_or_fail(d, restore);
	sqlite3_free(restore);
}

/*
 * WAL again once the import has ended.  The import is committed (and on
 * disk) by then, so this only warns: the next command to open the
 * database puts it back in WAL mode.
 */
static void
wal(struct crm_db *d)
{
	struct sdb *s = SDB(d);

	/* Given up at the next access: the change of mode, still alone. */
	sexec_or_fail(d, "PRAGMA locking_mode = NORMAL");
	if (crm_sqlite_journal(s->h, "WAL", CRM_DB_WAIT_MS) != SQLITE_OK)
		warnx("database %s: not back in WAL mode (%s); the next "
		    "command puts it back", s->db.path, sqlite3_errmsg(s->h));
}

static void
sbulk_end(struct crm_db *d, int commit)
{
	struct sdb *s = SDB(d);

	if (commit) {
		if (s->dropped)
			make_indexes(d);
		crm_strv_free(&s->indexes);
		scommit(d);
	} else {
		crm_strv_free(&s->indexes);
		srollback(d);
	}
	s->dropped = 0;
	if (s->alone)
		wal(d);
	s->alone = 0;
	sexec_or_fail(d, "PRAGMA ignore_check_constraints = OFF");
	sexec_or_fail(d, "PRAGMA foreign_keys = ON");
}

/* Opening upgraded it already (DESIGN: any command does): what it found. */
static void
smigrate(struct crm_db *d, int *from)
{
	*from = SDB(d)->found;
}

/*
 * PRAGMA integrity_check (its one row "ok" when all is well), then
 * foreign_key_check (a row per child row whose parent is missing): a
 * line to out for each problem, how many; -1 on error.
 */
static int
scheck(struct crm_db *d, FILE *out)
{
	sqlite3 *h = SDB(d)->h;
	sqlite3_stmt *st;
	const char *t;
	int rc, n = 0;

	if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st,
	    NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		t = (const char *)sqlite3_column_text(st, 0);
		if (t != NULL && strcmp(t, "ok") == 0)
			continue;
		fprintf(out, "integrity_check: %s\n", t ? t : "");
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return -1;
	/* Sorted: the pragma's own order follows the schema's tables. */
	if (sqlite3_prepare_v2(h, "SELECT \"table\", rowid, parent FROM "
	    "pragma_foreign_key_check ORDER BY \"table\", rowid", -1, &st,
	    NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fprintf(out, "foreign_key_check: %s %lld: no such %s\n",
		    (const char *)sqlite3_column_text(st, 0),
		    (long long)sqlite3_column_int64(st, 1),
		    (const char *)sqlite3_column_text(st, 2));
		n++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? n : -1;
}

const struct crm_db_driver crm_db_sqlite = {
	.name = "sqlite",
	.open = sopen,
	.close = sclose,
	.errmsg = serrmsg,
	.exec = sexec,
	.prepare = sprepare,
	.finalize = sfinalize,
	.bind_int = sbind_int,
	.bind_text = sbind_text,
	.bind_ref = sbind_ref,
	.bind_null = sbind_null,
	.step = sstep,
	.col_int = scol_int,
	.col_text = scol_text,
	.col_null = scol_null,
	.reset = sreset,
	.clear = sclear,
	.begin = sbegin,
	.begin_read = sbegin_read,
	.commit = scommit,
	.rollback = srollback,
	.cache = scache,
	.dialect = sdialect,
	.migrate = smigrate,
	.check = scheck,
	.bulk_alone = sbulk_alone,
	.bulk_begin = sbulk_begin,
	.bulk_grown = sbulk_grown,
	.bulk_end = sbulk_end,
};

/* The connection's SQLite handle: for tests/unit/db-sqlite.c alone. */
sqlite3 *
crm_sqlite_handle(struct crm_db *d)
{
	return SDB(d)->h;
}
