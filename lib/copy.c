/*
 * crm-admin copy: a whole database into an empty one, on any two
 * backends, every row with its id, then both compared row by row.
 *
 * Each table is read in id order through the step interface (a cursor
 * on PostgreSQL), so memory stays bounded whatever the size, and written
 * in prepared INSERTs of many rows each with every id given (PostgreSQL's
 * id triggers keep a given one).  Parents come before children (account,
 * deal, then the history), so the foreign keys hold throughout.
 *
 * The source is read in one transaction that only reads
 * (crm_begin_read()), so that its tables are one state and the
 * comparison after the copy reads the same rows, while its users go on
 * writing (they would wait for a writer's lock, and give up after a
 * minute), and a hot standby can be the source; the destination is written in one transaction, checked for
 * emptiness inside it, and compared with the source before its commit:
 * any failure, a difference among them, leaves it as it was.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crm.h"

/* A column: its name, and whether it holds an integer ('i') or text. */
struct ccol {
	const char	*name;
	char		 type;
};

struct ctable {
	const char	*name;
	const char	*one;		/* in words, for messages */
	const char	*many;
	const struct ccol *cols;
	int		 ncols;
	/* the columns that order its rows, as the first names the row */
	const char	*key;
};

/*
 * Every column of schema version 9 (lib/schema.sql and db-sqlite.c's
 * migrations; lib/schema-pg.sql, lib/schema-pg-8.sql, -9.sql): a new column
 * must be added here, and
 * tests/0016-admin.t's .dump comparison fails until it is.
 */
static const struct ccol account_cols[] = {
	{ "id", 'i' }, { "name", 't' }, { "created", 'i' },
};
static const struct ccol deal_cols[] = {
	{ "id", 'i' }, { "title", 't' }, { "account_id", 'i' },
	{ "contact", 't' }, { "owner", 't' }, { "amount", 'i' },
	{ "currency", 't' }, { "pipeline", 't' }, { "stage", 't' },
	{ "status", 't' }, { "created", 'i' }, { "created_by", 't' },
	{ "stage_entered", 'i' }, { "closed", 'i' },
	{ "expected_close", 't' }, { "next_action", 't' },
	{ "last_activity", 'i' }, { "lost_reason", 't' },
	{ "priority", 'i' }, { "source", 't' }, { "void_id", 'i' },
};
static const struct ccol stage_change_cols[] = {
	{ "id", 'i' }, { "deal_id", 'i' }, { "from_stage", 't' },
	{ "to_stage", 't' }, { "at", 'i' }, { "by", 't' }, { "forced", 'i' },
	{ "note", 't' }, { "reason", 't' }, { "void_id", 'i' },
};
static const struct ccol activity_cols[] = {
	{ "id", 'i' }, { "deal_id", 'i' }, { "kind", 't' }, { "at", 'i' },
	{ "by", 't' }, { "stage", 't' }, { "purpose", 't' }, { "note", 't' },
	{ "outcome", 't' }, { "next_action", 't' }, { "after_change", 'i' },
	{ "void_id", 'i' },
};
static const struct ccol void_record_cols[] = {
	{ "id", 'i' }, { "what", 't' }, { "target", 'i' }, { "at", 'i' },
	{ "by", 't' }, { "note", 't' },
};
static const struct ccol field_change_cols[] = {
	{ "id", 'i' }, { "deal_id", 'i' }, { "field", 't' }, { "old", 't' },
	{ "new", 't' }, { "at", 'i' }, { "by", 't' }, { "note", 't' },
};

/* Schema version 8: people, the team in force, every config pushed. */
static const struct ccol person_cols[] = {
	{ "name", 't' }, { "admin", 'i' }, { "granted", 'i' },
	{ "granted_by", 't' }, { "left_at", 'i' }, { "left_by", 't' },
};
static const struct ccol team_link_cols[] = {
	{ "manager", 't' }, { "report", 't' },
};
static const struct ccol config_push_cols[] = {
	{ "id", 'i' }, { "at", 'i' }, { "by", 't' }, { "text", 't' },
};

/* Schema version 9: the customer's people and ours (issue 18). */
static const struct ccol contact_cols[] = {
	{ "id", 'i' }, { "account_id", 'i' }, { "name", 't' },
	{ "role", 't' }, { "title", 't' }, { "phone", 't' }, { "email", 't' },
	{ "note", 't' }, { "created", 'i' }, { "created_by", 't' },
	{ "left_at", 'i' }, { "left_by", 't' }, { "left_note", 't' },
};
static const struct ccol contact_change_cols[] = {
	{ "id", 'i' }, { "contact_id", 'i' }, { "field", 't' },
	{ "old", 't' }, { "new", 't' }, { "at", 'i' }, { "by", 't' },
	{ "note", 't' },
};
static const struct ccol activity_contact_cols[] = {
	{ "activity_id", 'i' }, { "contact_id", 'i' },
};
static const struct ccol deal_contact_cols[] = {
	{ "deal_id", 'i' }, { "contact_id", 'i' }, { "at", 'i' },
	{ "by", 't' },
};
static const struct ccol deal_member_cols[] = {
	{ "id", 'i' }, { "deal_id", 'i' }, { "name", 't' }, { "role", 't' },
	{ "added", 'i' }, { "added_by", 't' }, { "dropped", 'i' },
	{ "dropped_by", 't' },
};

#define NCOLS(a)	((int)(sizeof(a) / sizeof((a)[0])))

/* In the order of CRM_COPY_* (crm.h): parents first. */
static const struct ctable tables[CRM_COPY_TABLES] = {
	{ "account", "account", "accounts", account_cols,
	    NCOLS(account_cols), "id" },
	/* Before the rows that name one in void_id. */
	{ "void_record", "void", "voids", void_record_cols,
	    NCOLS(void_record_cols), "id" },
	{ "deal", "deal", "deals", deal_cols, NCOLS(deal_cols), "id" },
	{ "stage_change", "stage change", "stage changes", stage_change_cols,
	    NCOLS(stage_change_cols), "id" },
	{ "activity", "activity", "activities", activity_cols,
	    NCOLS(activity_cols), "id" },
	{ "field_change", "field change", "field changes", field_change_cols,
	    NCOLS(field_change_cols), "id" },
	/* Names in text ordered in bytes: COLLATE "C" on a server. */
	{ "person", "person", "people", person_cols, NCOLS(person_cols),
	    "name" },
	{ "team_link", "team link", "team links", team_link_cols,
	    NCOLS(team_link_cols), "manager, report" },
	{ "config_push", "config push", "config pushes", config_push_cols,
	    NCOLS(config_push_cols), "id" },
	/* After account, activity and deal, which they name. */
	{ "contact", "contact", "contacts", contact_cols, NCOLS(contact_cols),
	    "id" },
	{ "contact_change", "contact change", "contact changes",
	    contact_change_cols, NCOLS(contact_change_cols), "id" },
	{ "activity_contact", "activity contact", "activity contacts",
	    activity_contact_cols, NCOLS(activity_contact_cols),
	    "activity_id, contact_id" },
	{ "deal_contact", "deal contact", "deal contacts", deal_contact_cols,
	    NCOLS(deal_contact_cols), "deal_id, contact_id" },
	{ "deal_member", "deal member", "deal members", deal_member_cols,
	    NCOLS(deal_member_cols), "id" },
};

/*
 * Parameters per INSERT at most: SQLite before 3.32 allowed 999.  A deal
 * of 20 columns goes 45 to a statement, a field change 112.
 */
#define MAXPARAMS	900

const char *
crm_copy_what(int table, long long n)
{
	return n == 1 ? tables[table].one : tables[table].many;
}

/* "SELECT every column FROM t ORDER BY its key" into b. */
static void
select_sql(const struct ctable *t, struct crm_buf *b)
{
	int i;

	crm_buf_reset(b);
	crm_buf_adds(b, "SELECT ");
	for (i = 0; i < t->ncols; i++)
		crm_buf_printf(b, "%s%s", i ? ", " : "", t->cols[i].name);
	crm_buf_printf(b, " FROM %s ORDER BY %s", t->name, t->key);
}

/* An INSERT of rows rows of every column into b. */
static void
insert_sql(struct crm *dst, const struct ctable *t, int rows,
    struct crm_buf *b)
{
	int i, r;

	crm_buf_reset(b);
	crm_buf_printf(b, "INSERT%s INTO %s (",
	    rows > 1 ? crm_dialect(dst, CRM_DIALECT_INSERT_ROWS) : "",
	    t->name);
	for (i = 0; i < t->ncols; i++)
		crm_buf_printf(b, "%s%s", i ? ", " : "", t->cols[i].name);
	crm_buf_adds(b, ") VALUES ");
	for (r = 0; r < rows; r++) {
		crm_buf_adds(b, r ? ", (" : "(");
		for (i = 0; i < t->ncols; i++)
			crm_buf_adds(b, i ? ", ?" : "?");
		crm_buf_addc(b, ')');
	}
}

/* The source's current row into parameters from base + 1 of ins. */
static void
bind_row(const struct ctable *t, struct crm_stmt *row, struct crm_stmt *ins,
    int base)
{
	int i;

	for (i = 0; i < t->ncols; i++) {
		if (crm_col_null(row, i))
			crm_bind_null(ins, base + i + 1);
		else if (t->cols[i].type == 'i')
			crm_bind_int(ins, base + i + 1, crm_col_int(row, i));
		else
			crm_bind_text(ins, base + i + 1, crm_col_text(row, i));
	}
}

/* 1 when table t of crm holds a row. */
static int
has_rows(struct crm *crm, const struct ctable *t)
{
	struct crm_buf b = { 0 };
	struct crm_stmt *st;
	int rc;

	crm_buf_printf(&b, "SELECT 1 FROM %s LIMIT 1", t->name);
	st = crm_prepare(crm, b.s);
	rc = crm_step(crm, st);
	crm_reset(st);
	crm_buf_free(&b);
	return rc == CRM_ROW;
}

static long long
count_rows(struct crm *crm, const struct ctable *t)
{
	struct crm_buf b = { 0 };
	struct crm_stmt *st;
	long long n = 0;

	crm_buf_printf(&b, "SELECT count(*) FROM %s", t->name);
	st = crm_prepare(crm, b.s);
	if (crm_step(crm, st) == CRM_ROW)
		n = crm_col_int(st, 0);
	crm_reset(st);
	crm_buf_free(&b);
	return n;
}

/* Table t, n rows, from src to dst, in batches. */
static void
copy_table(struct crm *src, struct crm *dst, const struct ctable *t,
    long long n)
{
	struct crm_buf b = { 0 };
	struct crm_stmt *rows, *many = NULL, *one, *ins;
	long long done = 0;
	int batch = MAXPARAMS / t->ncols, k, take;

	select_sql(t, &b);
	rows = crm_prepare(src, b.s);
	if (n >= batch) {
		insert_sql(dst, t, batch, &b);
		many = crm_prepare(dst, b.s);
	}
	insert_sql(dst, t, 1, &b);
	one = crm_prepare(dst, b.s);
	crm_buf_free(&b);
	while (done < n) {
		take = n - done >= batch ? batch : 1;
		ins = take == batch ? many : one;
		for (k = 0; k < take; k++) {
			if (crm_step(src, rows) != CRM_ROW)
				errx(CRM_EXIT_DB, "database %s: %s: fewer "
				    "rows than counted", crm_db_name(src->db),
				    t->name);
			bind_row(t, rows, ins, k * t->ncols);
		}
		if (crm_step(dst, ins) != CRM_DONE)
			crm_dbfail(dst, "copy");
		crm_reset(ins);
		done += take;
	}
	if (crm_step(src, rows) != CRM_DONE)
		errx(CRM_EXIT_DB, "database %s: %s: more rows than counted",
		    crm_db_name(src->db), t->name);
	crm_reset(rows);
}

/* A value for a message: quoted, or NULL. */
static void
value(struct crm_buf *b, const char *s)
{
	if (s == NULL)
		crm_buf_adds(b, "NULL");
	else
		crm_buf_printf(b, "'%s'", s);
}

/*
 * Both databases' table t, row by row in key order, every column as text
 * (an integer's digits are the same on both backends): exits 3 naming
 * the first difference.
 */
static void
compare_table(struct crm *src, struct crm *dst, const struct ctable *t)
{
	struct crm_buf b = { 0 };
	struct crm_stmt *a, *z;
	const char *x, *y;
	int ra, rz, i;

	select_sql(t, &b);
	a = crm_prepare(src, b.s);
	z = crm_prepare(dst, b.s);
	for (;;) {
		ra = crm_step(src, a);
		rz = crm_step(dst, z);
		if (ra == CRM_DONE && rz == CRM_DONE)
			break;
		crm_buf_reset(&b);
		if (ra == CRM_DONE || rz == CRM_DONE) {
			crm_buf_printf(&b, "%s %s is in %s only", t->one,
			    crm_col_text(ra == CRM_ROW ? a : z, 0),
			    crm_db_name(ra == CRM_ROW ? src->db : dst->db));
			errx(CRM_EXIT_DB, "copy differs: %s", b.s);
		}
		for (i = 0; i < t->ncols; i++) {
			x = crm_col_text(a, i);
			y = crm_col_text(z, i);
			if ((x == NULL) == (y == NULL) &&
			    (x == NULL || strcmp(x, y) == 0))
				continue;
			crm_buf_printf(&b, "%s %s: %s is ", t->one,
			    crm_col_text(a, 0), t->cols[i].name);
			value(&b, x);
			crm_buf_printf(&b, " in %s, ", crm_db_name(src->db));
			value(&b, y);
			crm_buf_printf(&b, " in %s", crm_db_name(dst->db));
			errx(CRM_EXIT_DB, "copy differs: %s", b.s);
		}
	}
	crm_reset(a);
	crm_reset(z);
	crm_buf_free(&b);
}

/* 1 when the two paths name the same database. */
static int
same_db(const char *a, const char *b)
{
	struct stat sa, sb;

	if (strcmp(a, b) == 0)
		return 1;
	return !crm_db_is_uri(a) && !crm_db_is_uri(b) &&
	    stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

void
crm_copy(struct crm *src, struct crm *dst, long long n[])
{
	int i;

	if (same_db(src->dbpath, dst->dbpath))
		errx(CRM_EXIT_USAGE, "copy: %s is both the source and the "
		    "destination", src->dbpath);
	/*
	 * Under the destination's lock: no writer can fill it meanwhile.
	 * Taken before the source is read, so that two names for one
	 * database with rows (URIs spelt two ways) are refused.
	 */
	crm_begin(dst);
	for (i = 0; i < CRM_COPY_TABLES; i++)
		if (has_rows(dst, &tables[i]))
			errx(CRM_EXIT_DB, "database %s holds %s already: copy "
			    "writes into an empty database only (crm-admin "
			    "init makes one)", crm_db_name(dst->db),
			    tables[i].many);
	crm_begin_read(src);
	for (i = 0; i < CRM_COPY_TABLES; i++) {
		n[i] = count_rows(src, &tables[i]);
		copy_table(src, dst, &tables[i], n[i]);
	}
	for (i = 0; i < CRM_COPY_TABLES; i++)
		compare_table(src, dst, &tables[i]);
	crm_commit(dst);
	/* The source was only read. */
	crm_rollback(src);
}
