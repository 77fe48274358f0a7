/*
 * What every command shares: the common options, opening the config and
 * the database, the statement cache, transactions, and a clean exit.
 */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db-private.h"

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
crm_open_config_local(struct crm *crm)
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

/*
 * On a server the login acts (lib/schema-pg-8.sql): $CRM_USER may only
 * name the same person, trimmed as resolve_user() trims it.
 */
static void
identify(struct crm *crm)
{
	const char *login = crm_db_login(crm->db), *u;

	if (login == NULL)
		return;
	/* A blank CRM_USER is none (as resolve_user() trims it). */
	if ((u = getenv("CRM_USER")) != NULL && u[0] != '\0' &&
	    crm->user[0] != '\0' && strcmp(crm->user, login) != 0)
		errx(CRM_EXIT_USAGE, "CRM_USER '%s' is not who signed in to "
		    "%s: on a server the database login acts, here '%s' "
		    "(unset CRM_USER, or sign in as '%s')", u,
		    crm_db_name(crm->db), login, crm->user);
	free(crm->user);
	crm->user = crm_strdup(login);
}

void
crm_open_config_nopush(struct crm *crm)
{
	struct stat sb;

	crm_open_config_local(crm);
	crm->dbpath = crm_db_path(crm->opt_db, crm->cfg);
	/*
	 * A file that is not there yet, or empty (crm_db_claim()), has no
	 * pushed config: it is made by the first command that writes, as
	 * before, with the local file's funnel.  One that is there is
	 * opened as a command that reads opens it, and kept.
	 */
	if (!crm_db_is_uri(crm->dbpath) && (stat(crm->dbpath, &sb) == -1 ||
	    sb.st_size == 0))
		return;
	crm->db = crm_db_open(crm->dbpath, 0);
	identify(crm);
}

void
crm_open_config(struct crm *crm)
{
	crm_open_config_nopush(crm);
	if (crm->db != NULL)
		crm_config_in_force(crm);
}

/* The database of -D and the rest; create: a command that writes. */
static void
open_db(struct crm *crm, int create)
{
	if (crm->cfg == NULL)
		crm_open_config(crm);
	if (crm->db != NULL) {
		if (create && crm->db->drv->writes != NULL)
			crm->db->drv->writes(crm->db);
		return;
	}
	/* crm_open_config() found it already, for a file not made yet. */
	if (crm->dbpath == NULL)
		crm->dbpath = crm_db_path(crm->opt_db, crm->cfg);
	crm->db = crm_db_open(crm->dbpath, create);
}

void
crm_open_db(struct crm *crm)
{
	open_db(crm, 1);
}

void
crm_open_db_read(struct crm *crm)
{
	open_db(crm, 0);
}

/* Finalizes the statements and closes the database. */
static void
close_db(struct crm *crm)
{
	size_t i;

	for (i = 0; i < crm->nstmts; i++)
		crm->stmts[i]->drv->finalize(crm->stmts[i]);
	free(crm->stmts);
	crm->stmts = NULL;
	crm->nstmts = 0;
	crm_db_close(crm->db);
	crm->db = NULL;
}

void
crm_reopen_db(struct crm *crm)
{
	close_db(crm);
	crm->db = crm_db_open(crm->dbpath, 1);
}

int
crm_finish(struct crm *crm, int status)
{
	crm_stage_orphans_free(crm);
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
	/* The driver's name for it: a URI's password never shows. */
	if (crm->db != NULL)
		crm_db_fail(crm->db, what);
	errx(CRM_EXIT_DB, "database %s: %s: not open", crm->dbpath &&
	    !crm_db_is_uri(crm->dbpath) ? crm->dbpath : "", what);
}

struct crm_stmt *
crm_prepare(struct crm *crm, const char *sql)
{
	struct crm_stmt *st;
	size_t i;

	/* Each statement is prepared once per run and reused. */
	for (i = 0; i < crm->nstmts; i++) {
		st = crm->stmts[i];
		if (st->sql == sql || strcmp(st->sql, sql) == 0) {
			st->drv->reset(st);
			st->drv->clear(st);
			return st;
		}
	}
	if ((st = crm->db->drv->prepare(crm->db, sql)) == NULL)
		crm_dbfail(crm, "prepare");
	crm->stmts = crm_reallocarray(crm->stmts, crm->nstmts + 1,
	    sizeof(*crm->stmts));
	crm->stmts[crm->nstmts++] = st;
	return st;
}

int
crm_step(struct crm *crm, struct crm_stmt *st)
{
	int rc;

	rc = st->drv->step(st);
	if (rc == CRM_ROW || rc == CRM_DONE)
		return rc;
	crm_dbfail(crm, "query");
}

long long
crm_step_id(struct crm *crm, struct crm_stmt *st)
{
	long long id = 0;

	if (crm_step(crm, st) == CRM_ROW)
		id = crm_col_int(st, 0);
	/* Done with it: a statement that gave a row would still be open. */
	st->drv->reset(st);
	return id;
}

void
crm_exec(struct crm *crm, const char *sql)
{
	if (crm->db->drv->exec(crm->db, sql) == -1)
		crm_dbfail(crm, sql);
}

void
crm_cache_mb(struct crm *crm, int mb)
{
	crm->db->drv->cache(crm->db, mb);
}

const char *
crm_dialect(struct crm *crm, enum crm_dialect where)
{
	return crm->db->drv->dialect(crm->db, where);
}

void
crm_begin(struct crm *crm)
{
	crm->db->drv->begin(crm->db);
}

void
crm_begin_read(struct crm *crm)
{
	crm->db->drv->begin_read(crm->db);
}

void
crm_commit(struct crm *crm)
{
	crm->db->drv->commit(crm->db);
}

/* Resets every statement, so that none holds the transaction open. */
static void
reset_all(struct crm *crm)
{
	size_t i;

	for (i = 0; i < crm->nstmts; i++)
		crm->stmts[i]->drv->reset(crm->stmts[i]);
}

void
crm_rollback(struct crm *crm)
{
	reset_all(crm);
	crm->db->drv->rollback(crm->db);
}

void
crm_bulk_begin(struct crm *crm, int alone)
{
	/* A connection that must be opened again loses its statements. */
	if (alone && crm->db->drv->bulk_alone(crm->db) == -1)
		crm_reopen_db(crm);
	crm->db->drv->bulk_begin(crm->db);
}

int
crm_bulk_grown(struct crm *crm)
{
	return crm->db->drv->bulk_grown(crm->db);
}

void
crm_bulk_end(struct crm *crm, int commit)
{
	if (!commit)
		reset_all(crm);
	crm->db->drv->bulk_end(crm->db, commit);
}

int
crm_copy_can(struct crm *crm)
{
	/* COPY FROM does not take row-level security: INSERT, for those. */
	return crm->db->drv->copy_begin != NULL && !crm_db_ruled(crm->db);
}

/*
 * A failed COPY says "query", as a failed INSERT does: the same import
 * must fail in the same words whichever backend writes it.
 */
int
crm_copy_begin(struct crm *crm, const char *into)
{
	const struct crm_db_driver *drv = crm->db->drv;

	if (drv->copy_begin == NULL)
		return 0;
	if (drv->copy_begin(crm->db, into) == -1)
		crm_dbfail(crm, "query");
	return 1;
}

void
crm_copy_row(struct crm *crm, const char *const *v, int n)
{
	if (crm->db->drv->copy_row(crm->db, v, n) == -1)
		crm_dbfail(crm, "query");
}

void
crm_copy_end(struct crm *crm)
{
	if (crm->db->drv->copy_end(crm->db) == -1)
		crm_dbfail(crm, "query");
}

struct crm_out *
crm_out_std(struct crm *crm, const struct crm_col *cols, size_t ncols)
{
	return crm_out_new(stdout, crm->fmt, cols, ncols, crm->outflags);
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
