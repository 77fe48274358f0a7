/*
 * Who may sign in: crm-admin grant and revoke, over the person table of
 * schema version 8.  On a server the SQL functions crm_grant() and
 * crm_revoke() (lib/schema-pg-8.sql) also make the role and give or take
 * its privileges; a file has no roles, and its person rows only record
 * (crm_dialect()'s GRANT and REVOKE are "" there, and the row is written
 * here).  Nothing of a person who left is deleted: their deals, history
 * and the row itself stay, and crm-stale names their open deals (stale.c).
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

/* Only an administrator changes who signs in; the server would refuse. */
static void
need_owner(struct crm *crm, const char *what)
{
	if (crm_db_ruled(crm->db))
		errx(CRM_EXIT_USAGE, "%s: '%s' signed in to %s is not its "
		    "owner: only the database's owner (or a superuser) may "
		    "grant and revoke", what, crm->user, crm_db_name(crm->db));
}

/*
 * name must be a person of team: in the config in force, and that team
 * one of the config's own (the built-in one's is an example).
 */
static void
in_team(struct crm *crm, const char *name)
{
	struct crm_strv people = { 0 };
	const char *near;
	char *list;

	crm_team_people(crm->cfg, &people);
	if (people.n == 0 || strcmp(crm->cfg->file, "(built-in)") == 0)
		errx(CRM_EXIT_USAGE, "grant: '%s' is not in team: (the config "
		    "%s has %s): add them there first", name,
		    crm->cfg->file, people.n == 0 ? "no team: at all" :
		    "the built-in example's");
	if (crm_strv_has(&people, name)) {
		crm_strv_free(&people);
		return;
	}
	near = crm_suggest(name, &people);
	list = crm_strv_join(&people, ", ");
	errx(CRM_EXIT_USAGE, "grant: '%s' is not in team:%s%s%s (people in "
	    "team: %s): add them there first", name,
	    near != NULL ? ", did you mean '" : "", near != NULL ? near : "",
	    near != NULL ? "'?" : "", list);
}

/* t as a local date, "YYYY-MM-DD". */
static void
day(time_t t, char out[17])
{
	crm_time_local(t, out);
	out[10] = '\0';
}

int
crm_person_grant(struct crm *crm, const char *name, int admin)
{
	struct crm_stmt *st;
	const char *sql;

	crm_open_config(crm);
	in_team(crm, name);
	crm_open_db(crm);
	need_owner(crm, "grant");
	crm_begin(crm);
	sql = crm_dialect(crm, CRM_DIALECT_GRANT);
	if (sql[0] != '\0') {
		st = crm_prepare(crm, sql);
		crm_bind_text(st, 1, name);
		crm_bind_int(st, 2, admin != 0);
		crm_bind_int(st, 3, (long long)crm->now);
	} else {
		/* What crm_grant() does to the row, the same columns. */
		st = crm_prepare(crm, "INSERT INTO person (name, admin, "
		    "granted, granted_by) VALUES (?, ?, ?, ?) ON CONFLICT "
		    "(name) DO UPDATE SET admin = excluded.admin, granted = "
		    "excluded.granted, granted_by = excluded.granted_by, "
		    "left_at = NULL, left_by = NULL");
		crm_bind_text(st, 1, name);
		crm_bind_int(st, 2, admin != 0);
		crm_bind_int(st, 3, (long long)crm->now);
		crm_bind_text(st, 4, crm->user);
	}
	while (crm_step(crm, st) == CRM_ROW)
		;
	crm_commit(crm);
	printf("%s: may sign in%s\n", name, admin ? ", an admin" : "");
	return 0;
}

int
crm_person_revoke(struct crm *crm, const char *name)
{
	struct crm_stmt *st;
	const char *sql;
	char date[17];
	time_t left;

	crm_open_db(crm);
	need_owner(crm, "revoke");
	crm_begin(crm);
	st = crm_prepare(crm, "SELECT left_at FROM person WHERE name = ?");
	crm_bind_text(st, 1, name);
	if (crm_step(crm, st) != CRM_ROW) {
		crm_rollback(crm);
		errx(CRM_EXIT_USAGE, "revoke: '%s' was never granted "
		    "(crm-admin grant)", name);
	}
	if (!crm_col_null(st, 0)) {
		/* Revoking twice is no error: they are out, as asked. */
		left = (time_t)crm_col_int(st, 0);
		crm_reset(st);
		crm_rollback(crm);
		day(left, date);
		printf("%s: left on %s already\n", name, date);
		return 0;
	}
	crm_reset(st);
	sql = crm_dialect(crm, CRM_DIALECT_REVOKE);
	if (sql[0] != '\0') {
		st = crm_prepare(crm, sql);
		crm_bind_text(st, 1, name);
		crm_bind_int(st, 2, (long long)crm->now);
	} else {
		st = crm_prepare(crm, "UPDATE person SET left_at = ?, "
		    "left_by = ? WHERE name = ? AND left_at IS NULL");
		crm_bind_int(st, 1, (long long)crm->now);
		crm_bind_text(st, 2, crm->user);
		crm_bind_text(st, 3, name);
	}
	while (crm_step(crm, st) == CRM_ROW)
		;
	crm_commit(crm);
	day(crm->now, date);
	printf("%s: left on %s, may sign in no more; their records stay\n",
	    name, date);
	return 0;
}

void
crm_person_leavers(struct crm *crm, struct crm_leavers *l)
{
	struct crm_stmt *st;
	const char *name;
	size_t cap = 0;

	memset(l, 0, sizeof(*l));
	/* Byte order on both backends (PostgreSQL's column is COLLATE "C"). */
	st = crm_prepare(crm, "SELECT name, left_at FROM person WHERE "
	    "left_at IS NOT NULL ORDER BY name");
	while (crm_step(crm, st) == CRM_ROW) {
		if (l->n == cap) {
			cap = cap ? cap * 2 : 16;
			l->v = crm_reallocarray(l->v, cap, sizeof(*l->v));
		}
		name = crm_col_text(st, 0);
		l->v[l->n].name = crm_strdup(name);
		l->v[l->n].left_at = (time_t)crm_col_int(st, 1);
		l->n++;
	}
	crm_reset(st);
}

static int
cmp_leaver(const void *key, const void *elt)
{
	return strcmp(key, ((const struct crm_leaver *)elt)->name);
}

const struct crm_leaver *
crm_person_left(const struct crm_leavers *l, const char *name)
{
	if (l->n == 0 || name == NULL)
		return NULL;
	return bsearch(name, l->v, l->n, sizeof(*l->v), cmp_leaver);
}

void
crm_person_leavers_free(struct crm_leavers *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].name);
	free(l->v);
	memset(l, 0, sizeof(*l));
}
