/*
 * The database layer's common part: where the database is, which driver
 * opens it, and the calls every driver answers (lib/db-private.h).  The
 * drivers are lib/db-*.c; this file names no backend's API.
 */
#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db-private.h"

int
crm_db_is_uri(const char *path)
{
	return strncmp(path, "postgresql:", 11) == 0 ||
	    strncmp(path, "postgres:", 9) == 0;
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

struct crm_db *
crm_db_open(const char *path, int create)
{
	if (!crm_db_is_uri(path))
		return crm_db_sqlite.open(path, create);
#ifdef CRM_PGSQL
	return crm_db_pgsql.open(path, create);
#else
	/* A usage error: this crm cannot, whatever the server does. */
	errx(CRM_EXIT_USAGE, "database URI given, but crm was built without "
	    "PostgreSQL support (libpq-dev)");
#endif
}

int
crm_db_claim(const char *path)
{
	int fd;

	if (crm_db_is_uri(path))
		return 0;
	/* 0600, as the SQLite driver makes a new database. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1)
		return 0;
	close(fd);
	return 1;
}

void
crm_db_unlink(const char *path)
{
	static const char *const beside[] = { "-wal", "-shm", "-journal" };
	size_t i;
	char *p;

	unlink(path);
	for (i = 0; i < sizeof(beside) / sizeof(beside[0]); i++) {
		p = crm_asprintf("%s%s", path, beside[i]);
		unlink(p);
		free(p);
	}
}

void
crm_db_close(struct crm_db *db)
{
	if (db != NULL)
		db->drv->close(db);
}

const char *
crm_db_login(const struct crm_db *db)
{
	return db->login;
}

int
crm_db_ruled(const struct crm_db *db)
{
	return db->ruled;
}

int
crm_db_migrate(struct crm_db *db)
{
	int from;

	db->drv->migrate(db, &from);
	return from;
}

const char *
crm_db_name(const struct crm_db *db)
{
	return db->path;
}

int
crm_db_check(struct crm_db *db, FILE *out)
{
	int n;

	if ((n = db->drv->check(db, out)) == -1)
		crm_db_fail(db, "cannot check");
	return n;
}

void
crm_db_fail(struct crm_db *db, const char *what)
{
	errx(CRM_EXIT_DB, "database %s: %s: %s", db->path, what,
	    db->drv->errmsg(db));
}

/*
 * The calls on a statement: one call through its driver's table each, so
 * a bind in the import's loop costs what it did plus that one call.
 */
void
crm_bind_int(struct crm_stmt *st, int i, long long v)
{
	st->drv->bind_int(st, i, v);
}

void
crm_bind_text(struct crm_stmt *st, int i, const char *s)
{
	st->drv->bind_text(st, i, s);
}

void
crm_bind_ref(struct crm_stmt *st, int i, const char *s)
{
	st->drv->bind_ref(st, i, s);
}

void
crm_bind_null(struct crm_stmt *st, int i)
{
	st->drv->bind_null(st, i);
}

long long
crm_col_int(struct crm_stmt *st, int i)
{
	return st->drv->col_int(st, i);
}

const char *
crm_col_text(struct crm_stmt *st, int i)
{
	return st->drv->col_text(st, i);
}

int
crm_col_null(struct crm_stmt *st, int i)
{
	return st->drv->col_null(st, i);
}

char *
crm_col_strdup(struct crm_stmt *st, int i)
{
	const char *s = crm_col_text(st, i);

	return s ? crm_strdup(s) : NULL;
}

void
crm_reset(struct crm_stmt *st)
{
	st->drv->reset(st);
}
