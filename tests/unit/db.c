/*
 * Unit tests of the database interface (crm.h's db.c and common.c parts):
 * prepare, bind, step, read columns and nulls, INSERT ... RETURNING, the
 * statement cache, transactions.  Through the crm_* calls alone, so that
 * every driver passes the same test: $CRM_TEST_DB names the database
 * (a PostgreSQL URI: make check-pg); else a new SQLite file.  It must
 * have crm's schema and no account named "unit ...".
 */
#include <sys/wait.h>

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"
#include "tap.h"

/* Opening uri in a child: its exit status, its stderr into buf. */
static int
open_fails(const char *uri, char *buf, size_t size)
{
	int fd[2], status;
	ssize_t n;
	size_t len = 0;
	pid_t pid;

	fflush(stdout);
	if (pipe(fd) == -1 || (pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], STDERR_FILENO);
		crm_db_open(uri, 1);
		_exit(0);
	}
	close(fd[1]);
	while (len + 1 < size && (n = read(fd[0], buf + len,
	    size - 1 - len)) > 0)
		len += n;
	buf[len] = '\0';
	close(fd[0]);
	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) ?
	    WEXITSTATUS(status) : -1;
}

#ifdef CRM_PGSQL
/* db-pgsql.c's, not in crm.h: the migrations run with a list given. */
void	crm_pgsql_migrate_with(struct crm_db *, const char *const *, int,
	    int *);

/* One integer from sql on crm's database. */
static long long
one(struct crm *crm, const char *sql)
{
	struct crm_stmt *st = crm_prepare(crm, sql);
	long long v;

	crm_step(crm, st);
	v = crm_col_int(st, 0);
	crm_reset(st);
	return v;
}

/* Migrating migs in a child: its exit status, its stderr into buf. */
static int
migrate_fails(const char *uri, const char *const *migs, int n, char *buf,
    size_t size)
{
	int fd[2], status, from;
	ssize_t r;
	size_t len = 0;
	pid_t pid;

	fflush(stdout);
	if (pipe(fd) == -1 || (pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], STDERR_FILENO);
		crm_pgsql_migrate_with(crm_db_open(uri, CRM_DB_MIGRATE), migs,
		    n, &from);
		_exit(0);
	}
	close(fd[1]);
	while (len + 1 < size && (r = read(fd[0], buf + len,
	    size - 1 - len)) > 0)
		len += r;
	/* One line, for the tests' descriptions. */
	if (len > 0 && buf[len - 1] == '\n')
		len--;
	buf[len] = '\0';
	close(fd[0]);
	if (waitpid(pid, &status, 0) == -1 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

#define VERSION_SQL	"SELECT CAST(value AS bigint) FROM crm_meta " \
	"WHERE key = 'schema_version'"
/* Room for the test's migrations past crm's own. */
#define CRM_MAX_TEST_MIGS	64
#define HAS_TABLE_SQL	"SELECT CASE WHEN to_regclass('unit_mig') IS NULL " \
	"THEN 0 ELSE 1 END"

/*
 * The server's migrations (crm-admin migrate), with two of the test's
 * own past crm's version V: each runs once, in order, with the version
 * set in the same transaction; a failing one leaves nothing behind; a
 * version no crm made on a server has no way forward.  The database is
 * left at version V, as it was.
 */
static void
pg_migrations(const char *uri)
{
	const char *good[CRM_MAX_TEST_MIGS], *bad[CRM_MAX_TEST_MIGS];
	int v = crm_db_schema_version(), n = v + 3, i;
	struct crm crm;
	char buf[1024], sql[128], want[64];
	int from, rc;

	if (n > CRM_MAX_TEST_MIGS)
		errx(1, "schema version %d: raise CRM_MAX_TEST_MIGS", v);
	for (i = 0; i <= v; i++)
		good[i] = bad[i] = NULL;
	good[v + 1] = bad[v + 1] = "CREATE TABLE unit_mig (x bigint)";
	good[v + 2] = "INSERT INTO unit_mig VALUES (7)";
	bad[v + 2] = "INSERT INTO no_such_table VALUES (7)";
	snprintf(sql, sizeof(sql), "UPDATE crm_meta SET value = '%d' WHERE "
	    "key = 'schema_version'", v);
	crm_init(&crm, "db");
	crm.db = crm_db_open(uri, CRM_DB_MIGRATE);
	crm_pgsql_migrate_with(crm.db, good, n, &from);
	is_int(from, v, "migrating: the version found");
	is_int(one(&crm, VERSION_SQL), v + 2,
	    "...the version is the last one's");
	is_int(one(&crm, "SELECT sum(x) FROM unit_mig"), 7,
	    "...both migrations ran, in order");
	crm_pgsql_migrate_with(crm.db, good, n, &from);
	is_int(from, v + 2, "again: found the new version");
	is_int(one(&crm, "SELECT count(*) FROM unit_mig"), 1,
	    "...and ran nothing");

	crm_begin(&crm);
	crm_exec(&crm, "DROP TABLE unit_mig");
	crm_exec(&crm, sql);
	crm_commit(&crm);
	rc = migrate_fails(uri, bad, n, buf, sizeof(buf));
	is_int(rc, CRM_EXIT_DB, "a migration that fails: exit 3");
	snprintf(want, sizeof(want), "migration to version %d", v + 2);
	ok(strstr(buf, want) != NULL, "...naming it (%s)", buf);
	is_int(one(&crm, VERSION_SQL), v, "...the version as it was");
	is_int(one(&crm, HAS_TABLE_SQL), 0,
	    "...and the one before it undone: one transaction");

	crm_begin(&crm);
	crm_exec(&crm, "UPDATE crm_meta SET value = '3' WHERE "
	    "key = 'schema_version'");
	crm_commit(&crm);
	rc = migrate_fails(uri, good, n, buf, sizeof(buf));
	is_int(rc, CRM_EXIT_DB, "a version crm never made on a server: exit 3");
	ok(strstr(buf, "no migration from it") != NULL, "...saying so (%s)",
	    buf);
	is_int(one(&crm, HAS_TABLE_SQL), 0, "...having run nothing");
	crm_begin(&crm);
	crm_exec(&crm, sql);
	crm_commit(&crm);
	crm_finish(&crm, 0);
}
#endif

int
main(void)
{
	char dir[] = "/tmp/crm-unit-db.XXXXXX", buf[32], buf2[1024];
	struct crm crm;
	struct crm_stmt *st, *st2, *st3;
	const char *env;
	char *s;
	long long a, b, n;
	int rc;

	crm_init(&crm, "db");
	if ((env = getenv("CRM_TEST_DB")) != NULL && env[0] != '\0')
		crm.dbpath = crm_strdup(env);
	else {
		if (mkdtemp(dir) == NULL)
			return 1;
		crm.dbpath = crm_asprintf("%s/crm.db", dir);
	}
	crm.db = crm_db_open(crm.dbpath, 1);
	ok(crm.db != NULL, "a database opens, with crm's schema");

	/* INSERT ... RETURNING id: what last_insert_rowid() was. */
	crm_begin(&crm);
	st = crm_prepare(&crm, "INSERT INTO account (name, created) "
	    "VALUES (?, ?) RETURNING id");
	crm_bind_text(st, 1, "unit one");
	crm_bind_int(st, 2, 1795510800LL);
	a = crm_step_id(&crm, st);
	ok(a > 0, "INSERT ... RETURNING gives the new id (%lld)", a);
	st2 = crm_prepare(&crm, "INSERT INTO account (name, created) "
	    "VALUES (?, ?) RETURNING id");
	ok(st2 == st, "the same SQL gives the same statement, prepared once");
	/* Copied: the buffer changes after the bind, the value does not. */
	strcpy(buf, "unit two");
	crm_bind_text(st, 1, buf);
	strcpy(buf, "changed");
	crm_bind_int(st, 2, 0);
	b = crm_step_id(&crm, st);
	ok(b > a, "a second insert, a higher id (%lld)", b);
	st = crm_prepare(&crm, "INSERT INTO account (name, created) "
	    "VALUES (?, ?) ON CONFLICT (name) DO NOTHING RETURNING id");
	crm_bind_ref(st, 1, "unit one");
	crm_bind_int(st, 2, 0);
	is_int(crm_step_id(&crm, st), 0,
	    "ON CONFLICT DO NOTHING RETURNING: no row, id 0");
	crm_commit(&crm);

	/* Reading: text, integers, large ones, and a null. */
	st = crm_prepare(&crm, "SELECT a.id, a.name, a.created, d.title "
	    "FROM account a LEFT JOIN deal d ON d.account_id = a.id "
	    "WHERE a.id = ?");
	crm_bind_int(st, 1, b);
	is_int(crm_step(&crm, st), CRM_ROW, "a row");
	is_int(crm_col_int(st, 0), b, "...its id");
	is(crm_col_text(st, 1), "unit two", "...its name, as bound then");
	is_int(crm_col_int(st, 2), 0, "...an integer 0");
	ok(!crm_col_null(st, 2), "...which is not null");
	ok(crm_col_null(st, 3), "a null column is null");
	ok(crm_col_text(st, 3) == NULL, "...NULL as text");
	is_int(crm_col_int(st, 3), 0, "...0 as an integer");
	s = crm_col_strdup(st, 1);
	is_int(crm_step(&crm, st), CRM_DONE, "then the end");
	is(s, "unit two", "a column copied outlives its row");
	free(s);

	/* Every parameter is null again when the statement comes back. */
	st = crm_prepare(&crm, "SELECT count(*) FROM account WHERE "
	    "name = ? OR (? IS NULL AND created = ?)");
	crm_bind_text(st, 1, "unit one");
	crm_bind_null(st, 2);
	crm_bind_int(st, 3, 0);
	crm_step(&crm, st);
	n = crm_col_int(st, 0);
	is_int(n, 2, "text, null and an integer bound: both accounts");
	crm_reset(st);
	st = crm_prepare(&crm, "SELECT count(*) FROM account WHERE "
	    "name = ? OR (? IS NULL AND created = ?)");
	crm_step(&crm, st);
	is_int(crm_col_int(st, 0), 0,
	    "prepared again: the parameters are null, nothing matches");
	crm_reset(st);
	st = crm_prepare(&crm, "SELECT count(*) FROM account WHERE "
	    "created = ?");
	crm_bind_int(st, 1, 9223372036854775807LL);
	crm_step(&crm, st);
	is_int(crm_col_int(st, 0), 0, "the largest integer binds");
	crm_reset(st);

	/* ? in a string is text; ?NNN names a parameter used twice. */
	st = crm_prepare(&crm, "SELECT '?', count(*) FROM account WHERE "
	    "(created = ?2 OR id = ?2) AND name <> '?' AND name <> ?1");
	crm_bind_text(st, 1, "unit one");
	crm_bind_int(st, 2, b);
	is_int(crm_step(&crm, st), CRM_ROW, "?NNN and a '?' in a string");
	is(crm_col_text(st, 0), "?", "...the string as it was");
	is_int(crm_col_int(st, 1), 1, "...?2 twice, ?1 once");
	crm_reset(st);

	/* A rollback undoes, and resets the statements first. */
	crm_begin(&crm);
	st = crm_prepare(&crm, "INSERT INTO account (name, created) "
	    "VALUES (?, ?) RETURNING id");
	crm_bind_ref(st, 1, "unit three");
	crm_bind_int(st, 2, 0);
	ok(crm_step_id(&crm, st) > b, "inside a transaction, a third");
	st = crm_prepare(&crm, "SELECT name FROM account WHERE name LIKE "
	    "'unit %' ORDER BY id");
	is_int(crm_step(&crm, st), CRM_ROW, "a statement left on its row");
	crm_rollback(&crm);
	crm_rollback(&crm);	/* outside a transaction: nothing */
	st = crm_prepare(&crm, "SELECT count(*) FROM account WHERE name LIKE "
	    "'unit %'");
	crm_step(&crm, st);
	is_int(crm_col_int(st, 0), 2, "rolled back: two accounts again");
	crm_reset(st);

	/*
	 * Statements stepped in turn, with others run in between, each
	 * past a PostgreSQL driver's batch of rows (1000): the funnel's
	 * merge, a deal's row kept while the gate's queries run.
	 */
	st = crm_prepare(&crm, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
	    "SELECT i + 1 FROM n WHERE i < 2500) SELECT i, 'a' || i FROM n");
	st2 = crm_prepare(&crm, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
	    "SELECT i + 1 FROM n WHERE i < ?) SELECT i * 2 FROM n");
	crm_bind_int(st2, 1, 2100);
	for (n = 0, rc = 0; crm_step(&crm, st) == CRM_ROW; n++) {
		s = crm_col_strdup(st, 1);
		if (crm_step(&crm, st2) != CRM_ROW ||
		    crm_col_int(st2, 0) != 2 * (n % 2100 + 1))
			rc++;
		if (n % 2100 == 2099) {
			is_int(crm_step(&crm, st2), CRM_DONE,
			    "the second query ends after its 2100 rows");
			crm_reset(st2);
		}
		/* A one-row query in the middle of both. */
		st3 = crm_prepare(&crm, "SELECT count(*) FROM account WHERE "
		    "name LIKE 'unit %'");
		if (crm_step(&crm, st3) != CRM_ROW || crm_col_int(st3, 0) != 2)
			rc++;
		crm_reset(st3);
		if (strcmp(crm_col_text(st, 1), s) != 0 ||
		    crm_col_int(st, 0) != n + 1)
			rc++;
		free(s);
	}
	is_int(n, 2500, "two queries stepped in turn: every row of the first");
	is_int(rc, 0, "...the second's and a third's rows all right, and the "
	    "first's row intact after them");
	crm_reset(st2);

	/* A write between the rows of a query, then a transaction. */
	st = crm_prepare(&crm, "SELECT id, name FROM account WHERE name "
	    "LIKE 'unit %' ORDER BY id");
	is_int(crm_step(&crm, st), CRM_ROW, "a query on its first row");
	st2 = crm_prepare(&crm, "UPDATE account SET created = ? WHERE id = ?");
	crm_bind_int(st2, 1, 7);
	crm_bind_int(st2, 2, crm_col_int(st, 0));
	is_int(crm_step(&crm, st2), CRM_DONE, "an UPDATE in the middle");
	is(crm_col_text(st, 1), "unit one", "...the query's row still there");
	is_int(crm_step(&crm, st), CRM_ROW, "...and its next row");
	is(crm_col_text(st, 1), "unit two", "...the right one");
	crm_reset(st);
	crm_begin(&crm);
	st = crm_prepare(&crm, "SELECT created FROM account WHERE id = ?");
	crm_bind_int(st, 1, a);
	crm_step(&crm, st);
	is_int(crm_col_int(st, 0), 7, "the UPDATE was kept");
	crm_reset(st);
	crm_commit(&crm);

	/*
	 * A database URI: with PostgreSQL built in, a server that is not
	 * there (exit 3), named without the password, also when libpq
	 * cannot read the URI; without it, exit 2 whatever the URI.
	 */
#ifdef CRM_PGSQL
	rc = open_fails("postgresql://unit:s3cret@127.0.0.1:1/crm", buf2,
	    sizeof(buf2));
	is_int(rc, CRM_EXIT_DB, "no server: exit 3");
	ok(strstr(buf2, "127.0.0.1") != NULL, "...naming the server (%s)",
	    buf2);
	ok(strstr(buf2, "s3cret") == NULL, "...never the password");
	ok(strchr(buf2, '\n') == strrchr(buf2, '\n'), "...in one line");
	rc = open_fails("postgresql://unit:s3cret@[::1/crm", buf2,
	    sizeof(buf2));
	is_int(rc, CRM_EXIT_DB, "a URI libpq cannot read: exit 3");
	ok(strstr(buf2, "s3cret") == NULL, "...never the password (%s)",
	    buf2);
	rc = open_fails("postgres://unit:s3%zzcret@localhost:1/crm", buf2,
	    sizeof(buf2));
	ok(strstr(buf2, "s3") == NULL && strstr(buf2, "zzcret") == NULL,
	    "a bad %%-escape in the password: not shown (%s)", buf2);
	rc = open_fails("postgresql://localhost:1/crm?password=s3cret&"
	    "connect_timeout=x", buf2, sizeof(buf2));
	ok(strstr(buf2, "s3cret") == NULL, "password=: not shown (%s)", buf2);
#else
	rc = open_fails("postgresql://unit:s3cret@localhost/crm", buf2,
	    sizeof(buf2));
	is_int(rc, CRM_EXIT_USAGE, "built without PostgreSQL: a URI exits 2");
	ok(strstr(buf2, "without PostgreSQL") != NULL, "...saying so");
	ok(strstr(buf2, "s3cret") == NULL, "...never the password");
#endif

	s = crm_strdup(crm.dbpath);
	is_int(crm_finish(&crm, 0), 0, "every statement finalized, closed");
#ifdef CRM_PGSQL
	if (crm_db_is_uri(s))
		pg_migrations(s);
#endif
	if (env == NULL || env[0] == '\0') {
		unlink(s);
		rmdir(dir);
	}
	free(s);
	return tap_done();
}
