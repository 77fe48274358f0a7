/*
 * What every command shares: the common options, opening the config and
 * the database, the statement cache, transactions, and a clean exit.
 */
#include <err.h>
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

void
crm_init(struct crm *crm, const char *prog)
{
	memset(crm, 0, sizeof(*crm));
	crm->prog = prog;
	crm->fmt = CRM_FMT_AUTO;
}

int
crm_common_opt(struct crm *crm, int ch, const char *arg)
{
	switch (ch) {
	case 'C':
		crm->opt_config = arg;
		return 1;
	case 'D':
		crm->opt_db = arg;
		return 1;
	case 'f':
		if (crm_fmt_parse(arg, &crm->fmt) == -1 ||
		    crm->fmt == CRM_FMT_AUTO)
			errx(CRM_EXIT_USAGE, "unknown format '%s' (formats: "
			    "table, tsv, csv, json, jsonl)", arg);
		return 1;
	case CRM_OPT_HEADER:
		crm->opt_header = 1;
		return 1;
	case CRM_OPT_VERSION:
		printf("%s %s\n", crm->prog, CRM_VERSION);
		exit(crm_finish(crm, 0));
	}
	return 0;
}

static void
resolve_now(struct crm *crm)
{
	const char *env;
	char why[256];
	time_t real = time(NULL);

	crm->now = real;
	if ((env = getenv("CRM_NOW")) == NULL || env[0] == '\0')
		return;
	if (crm_when_parse(env, real, &crm->now, why, sizeof(why)) == -1)
		errx(CRM_EXIT_USAGE, "CRM_NOW '%s': %s", env, why);
}

static void
resolve_user(struct crm *crm)
{
	const char *u;
	struct passwd *pw;

	if ((u = getenv("CRM_USER")) != NULL && u[0] != '\0')
		crm->user = crm_strdup(u);
	else if ((u = getenv("USER")) != NULL && u[0] != '\0')
		crm->user = crm_strdup(u);
	else if ((pw = getpwuid(getuid())) != NULL)
		crm->user = crm_strdup(pw->pw_name);
	else
		crm->user = crm_asprintf("uid%ld", (long)getuid());
	/* The default owner: trimmed as a given owner is (crm_trim()). */
	u = crm_trim(crm->user);
	memmove(crm->user, u, strlen(u) + 1);
}

void
crm_open_config(struct crm *crm)
{
	const char *t;

	resolve_now(crm);
	resolve_user(crm);
	crm->cfg = crm_config_load(crm->opt_config);
	if (crm->fmt == CRM_FMT_AUTO)
		crm->fmt = isatty(STDOUT_FILENO) ? CRM_FMT_TABLE : CRM_FMT_TSV;
	if (crm->opt_header)
		crm->outflags |= CRM_OUT_HEADER;
	t = getenv("TERM");
	if (crm->fmt == CRM_FMT_TABLE && isatty(STDOUT_FILENO) &&
	    getenv("NO_COLOR") == NULL && (t == NULL || strcmp(t, "dumb") != 0))
		crm->outflags |= CRM_OUT_COLOR;
}

void
crm_open_db(struct crm *crm)
{
	char *path;

	if (crm->cfg == NULL)
		crm_open_config(crm);
	path = crm_db_path(crm->opt_db, crm->cfg);
	crm->db = crm_db_open(path);
	crm->dbpath = path;
}

void
crm_open_db_read(struct crm *crm)
{
	char *path;

	if (crm->cfg == NULL)
		crm_open_config(crm);
	path = crm_db_path(crm->opt_db, crm->cfg);
	/*
	 * A typo in -D under cron must not read as "nothing there" for
	 * ever, nor leave an empty database behind.
	 */
	if (!crm_db_is_uri(path) && access(path, F_OK) == -1 &&
	    errno == ENOENT)
		errx(CRM_EXIT_DB, "database %s: no such file (give an "
		    "existing one with -D, $CRM_DB or database: in the config; "
		    "commands that write create it)", path);
	crm->db = crm_db_open(path);
	crm->dbpath = path;
}

/* Finalizes the statements and closes the database. */
static void
close_db(struct crm *crm)
{
	size_t i;

	for (i = 0; i < crm->nstmts; i++)
		sqlite3_finalize(crm->stmts[i].st);
	free(crm->stmts);
	crm->stmts = NULL;
	crm->nstmts = 0;
	if (crm->db != NULL && sqlite3_close(crm->db) != SQLITE_OK)
		warnx("database: %s", sqlite3_errmsg(crm->db));
	crm->db = NULL;
}

void
crm_reopen_db(struct crm *crm)
{
	close_db(crm);
	crm->db = crm_db_open(crm->dbpath);
}

int
crm_finish(struct crm *crm, int status)
{
	close_db(crm);
	free(crm->dbpath);
	crm->dbpath = NULL;
	crm_config_free(crm->cfg);
	crm->cfg = NULL;
	free(crm->user);
	crm->user = NULL;
	/* A full disk or a closed pipe is an error, not silence. */
	if (fflush(stdout) == EOF || ferror(stdout)) {
		warn("stdout");
		return CRM_EXIT_DB;
	}
	return status;
}

void
crm_dbfail(struct crm *crm, const char *what)
{
	errx(CRM_EXIT_DB, "database %s: %s: %s", crm->dbpath ? crm->dbpath :
	    "", what, crm->db ? sqlite3_errmsg(crm->db) : "not open");
}

sqlite3_stmt *
crm_prepare(struct crm *crm, const char *sql)
{
	sqlite3_stmt *st;
	size_t i;

	/* Each statement is prepared once per run and reused. */
	for (i = 0; i < crm->nstmts; i++) {
		if (crm->stmts[i].sql == sql ||
		    strcmp(crm->stmts[i].sql, sql) == 0) {
			st = crm->stmts[i].st;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	if (sqlite3_prepare_v3(crm->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &st, NULL) != SQLITE_OK)
		crm_dbfail(crm, "prepare");
	crm->stmts = crm_reallocarray(crm->stmts, crm->nstmts + 1,
	    sizeof(*crm->stmts));
	/* The SQL text lives as long as its statement. */
	crm->stmts[crm->nstmts].sql = sqlite3_sql(st);
	crm->stmts[crm->nstmts].st = st;
	crm->nstmts++;
	return st;
}

int
crm_step(struct crm *crm, sqlite3_stmt *st)
{
	int rc;

	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc;
	crm_dbfail(crm, "query");
}

void
crm_exec(struct crm *crm, const char *sql)
{
	if (sqlite3_exec(crm->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		crm_dbfail(crm, sql);
}

void
crm_cache_mb(struct crm *crm, int mb)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%d", mb * 1024);
	crm_exec(crm, sql);
}

void
crm_begin(struct crm *crm)
{
	crm_exec(crm, "BEGIN IMMEDIATE");
}

void
crm_commit(struct crm *crm)
{
	crm_exec(crm, "COMMIT");
}

void
crm_rollback(struct crm *crm)
{
	size_t i;

	/* Reset statements first, so none holds the transaction open. */
	for (i = 0; i < crm->nstmts; i++)
		sqlite3_reset(crm->stmts[i].st);
	if (sqlite3_get_autocommit(crm->db) == 0)
		crm_exec(crm, "ROLLBACK");
}

struct crm_out *
crm_out_std(struct crm *crm, const struct crm_col *cols, size_t ncols)
{
	return crm_out_new(stdout, crm->fmt, cols, ncols, crm->outflags);
}

void
crm_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

void
crm_bind_ref(sqlite3_stmt *st, int i, const char *s)
{
	sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);	/* NULL: null */
}

const char *
crm_col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

char *
crm_col_strdup(sqlite3_stmt *st, int i)
{
	const char *s = crm_col_text(st, i);

	return s ? crm_strdup(s) : NULL;
}

time_t
crm_when_opt(struct crm *crm, const char *opt, const char *s)
{
	char why[256];
	time_t t;

	if (s == NULL)
		return 0;
	if (crm_when_parse(s, crm->now, &t, why, sizeof(why)) == -1)
		errx(CRM_EXIT_USAGE, "%s '%s': %s", opt, s, why);
	return t;
}

long long
crm_days_opt(const char *opt, const char *s)
{
	char why[128];
	long long n;

	if (crm_strtonum(s, 0, 36500, &n, why, sizeof(why)) == -1)
		errx(CRM_EXIT_USAGE, "%s '%s': a number of days %s", opt, s,
		    strcmp(why, "not a whole number") == 0 ?
		    "is a whole number from 0 to 36500" : why);
	return n;
}
