/*
 * Unit tests of the database interface (crm.h's db.c and common.c parts):
 * prepare, bind, step, read columns and nulls, INSERT ... RETURNING, the
 * statement cache, transactions.  Through the crm_* calls alone, so that
 * every driver passes the same test: $CRM_TEST_DB names the database
 * (a PostgreSQL one, once there is a driver for it); else a new SQLite
 * file.  It must have crm's schema and no account named "unit ...".
 */
#include <sys/wait.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"
#include "tap.h"

int
main(void)
{
	char dir[] = "/tmp/crm-unit-db.XXXXXX", buf[32];
	struct crm crm;
	struct crm_stmt *st, *st2;
	const char *env;
	char *s;
	long long a, b, n;
	pid_t pid;
	int status, rc;

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

	/* A PostgreSQL URI fails, as it did before there was an interface. */
	fflush(stdout);
	if ((pid = fork()) == 0) {
		close(STDERR_FILENO);
		crm_db_open("postgresql://localhost/crm", 1);
		_exit(0);
	}
	rc = waitpid(pid, &status, 0) == pid && WIFEXITED(status) ?
	    WEXITSTATUS(status) : -1;
	is_int(rc, CRM_EXIT_DB, "a postgresql: URI: exit 3, no driver yet");

	s = crm_strdup(crm.dbpath);
	is_int(crm_finish(&crm, 0), 0, "every statement finalized, closed");
	if (env == NULL || env[0] == '\0') {
		unlink(s);
		rmdir(dir);
	}
	free(s);
	return tap_done();
}
