/*
 * The customer's people (issue 18): contacts of an account, with a role
 * of contact_roles:.  A contact belongs to the account, not to the rep
 * who met them: nothing here names an owner.  Edited in place, each
 * edit on record in contact_change; who left is marked, never deleted.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

/* The most bad lines an import names, as crm-add's. */
#define CONTACT_SHOW_ERRORS	10

const char *const crm_cf_names[CRM_CF_COUNT] = {
	"name", "account", "role", "title", "phone", "email", "note"
};

const struct crm_col crm_contact_cols[] = {
	{ "id", CRM_COL_RIGHT },
	{ "name", 0 },
	{ "account", 0 },
	{ "role", 0 },
	{ "title", 0 },
	{ "phone", 0 },
	{ "email", 0 },
	{ "note", CRM_COL_HIDE },
	{ "created", 0 },
	{ "left", 0 },
};
const size_t crm_contact_ncols = sizeof(crm_contact_cols) /
    sizeof(*crm_contact_cols);

const struct crm_col crm_contact_set_cols[] = {
	{ "contact", CRM_COL_RIGHT },
	{ "changed", 0 },
};
const size_t crm_contact_set_ncols = sizeof(crm_contact_set_cols) /
    sizeof(*crm_contact_set_cols);

/* The columns each field is kept in (account: its id). */
static const char *const cf_cols[CRM_CF_COUNT] = {
	"name", "account_id", "role", "title", "phone", "email", "note"
};

int
crm_contact_field(struct crm *crm, int cf, char **s, char *why,
    size_t whylen)
{
	char *msg;

	if (*s == NULL)
		return 0;
	if (cf != CRM_CF_NOTE)
		*s = crm_trim(*s);
	if (crm_text_check(crm_cf_names[cf], *s, cf == CRM_CF_NOTE, why,
	    whylen) == -1)
		return -1;
	if (cf == CRM_CF_NAME && (*s)[0] == '\0') {
		snprintf(why, whylen, "name: a contact needs a name");
		return -1;
	}
	if (cf == CRM_CF_ROLE && (*s)[0] != '\0' &&
	    !crm_strv_has(&crm->cfg->contact_roles, *s)) {
		msg = crm_unknown("role", *s, &crm->cfg->contact_roles,
		    "contact_roles");
		snprintf(why, whylen, "%s", msg);
		free(msg);
		return -1;
	}
	return 0;
}

int
crm_contact_values(struct crm *crm, char *in[CRM_CF_COUNT], int forset,
    char *why, size_t whylen)
{
	char one[512];
	int cf, rc = 0;

	why[0] = '\0';
	for (cf = 0; cf < CRM_CF_COUNT; cf++)
		if (crm_contact_field(crm, cf, &in[cf], one,
		    sizeof(one)) == -1) {
			crm_why_add(why, whylen, "%s", one);
			rc = -1;
		}
	if (!forset && in[CRM_CF_NAME] == NULL) {
		crm_why_add(why, whylen, "name: a contact needs a name");
		rc = -1;
	}
	return rc;
}

/* NULL for an empty or absent value: what is stored for none. */
static const char *
stored(const char *s)
{
	return s == NULL || s[0] == '\0' ? NULL : s;
}

/* Inside the caller's transaction: the new contact's id. */
static long long
contact_insert(struct crm *crm, char *const in[CRM_CF_COUNT])
{
	struct crm_stmt *st;
	long long aid;

	aid = crm_account_id(crm, stored(in[CRM_CF_ACCOUNT]), crm->now, 0);
	st = crm_prepare(crm, "INSERT INTO contact (account_id, name, role, "
	    "title, phone, email, note, created, created_by) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (aid != 0)
		crm_bind_int(st, 1, aid);
	crm_bind_text(st, 2, in[CRM_CF_NAME]);
	crm_bind_text(st, 3, stored(in[CRM_CF_ROLE]));
	crm_bind_text(st, 4, stored(in[CRM_CF_TITLE]));
	crm_bind_text(st, 5, stored(in[CRM_CF_PHONE]));
	crm_bind_text(st, 6, stored(in[CRM_CF_EMAIL]));
	crm_bind_text(st, 7, stored(in[CRM_CF_NOTE]));
	crm_bind_int(st, 8, crm->now);
	crm_bind_text(st, 9, crm->user);
	return crm_step_id(crm, st);
}

long long
crm_contact_add(struct crm *crm, char *const in[CRM_CF_COUNT],
    struct crm_out *o)
{
	long long id;

	crm_begin(crm);
	id = contact_insert(crm, in);
	crm_commit(crm);
	crm_out_int(o, id);
	crm_out_end(o);
	return id;
}

/*
 * The import's header: each column's field, -1 for one that is ignored
 * (what -L prints besides the fields), -2 for one with no name.
 */
static int
contact_column(const char *name)
{
	static const char *const ignored[] = { "id", "created", "left",
	    NULL };
	int i;

	if (name[0] == '\0')
		return -2;
	for (i = 0; i < CRM_CF_COUNT; i++)
		if (strcmp(crm_cf_names[i], name) == 0)
			return i;
	for (i = 0; ignored[i] != NULL; i++)
		if (strcmp(ignored[i], name) == 0)
			return -1;
	return -3;
}

/* A header name as spreadsheets write it: trimmed, ASCII lower case. */
static char *
header_name(const char *s)
{
	char *n, *p;
	size_t len;

	while (*s == ' ' || *s == '\t')
		s++;
	n = crm_strdup(s);
	len = strlen(n);
	while (len > 0 && (n[len - 1] == ' ' || n[len - 1] == '\t'))
		n[--len] = '\0';
	for (p = n; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 'a' - 'A';
	return n;
}

static void
contact_columns(struct crm_strv *names)
{
	int i;

	for (i = 0; i < CRM_CF_COUNT; i++)
		crm_strv_add(names, crm_cf_names[i]);
}

int
crm_contact_import(struct crm *crm, FILE *in, enum crm_rows_kind kind,
    char *const def[CRM_CF_COUNT], struct crm_out *o)
{
	struct crm_rows *rows;
	struct crm_strv names = { 0 }, cells = { 0 };
	char **f, why[1024], where[64], *vals[CRM_CF_COUNT], *h, *msg;
	size_t nf, ncols, i, j, n = 0;
	long long bad = 0, *ids;
	int *map, rc, k;

	rows = crm_rows_open(in, kind);
	rc = crm_rows_next(rows, &f, &nf, why, sizeof(why));
	if (rc == 0)
		errx(CRM_EXIT_USAGE, "import: no header line on stdin (it "
		    "names the columns, e.g. name, account, role)");
	if (rc == -1)
		errx(CRM_EXIT_USAGE, "import: line %ld: %s",
		    crm_rows_line(rows), why);
	ncols = nf;
	map = crm_calloc(ncols, sizeof(*map));
	contact_columns(&names);
	for (i = 0; i < ncols; i++) {
		h = header_name(f[i]);
		map[i] = contact_column(h);
		free(h);
		if (map[i] == -3) {
			if (kind == CRM_ROWS_TSV && strpbrk(f[i], ",\"") != NULL)
				errx(CRM_EXIT_USAGE, "import: unknown column "
				    "'%s' in the header; for CSV input use "
				    "--csv", f[i]);
			msg = crm_unknown("column", f[i], &names,
			    "import columns");
			errx(CRM_EXIT_USAGE, "import: %s", msg);
		}
		for (j = 0; j < i; j++)
			if (map[i] >= 0 && map[j] == map[i])
				errx(CRM_EXIT_USAGE, "import: column '%s' "
				    "appears twice in the header", f[i]);
	}
	for (i = 0; i < ncols && map[i] != CRM_CF_NAME; i++)
		continue;
	if (i == ncols)
		errx(CRM_EXIT_USAGE, "import: the header has no 'name' column "
		    "(import columns: name, account, role, title, phone, "
		    "email, note)");

	/*
	 * Every line is checked before anything is written: all or
	 * nothing.  The good lines' values are kept, CRM_CF_COUNT strings
	 * each ("" for none), for the one transaction after.
	 */
	for (;;) {
		rc = crm_rows_next(rows, &f, &nf, why, sizeof(why));
		if (rc == 0)
			break;
		if (rc == 1 && nf == 1 && f[0][0] == '\0')
			continue;	/* a blank line */
		if (rc == 1 && nf > ncols) {
			snprintf(why, sizeof(why), "%zu fields, but the "
			    "header has %zu", nf, ncols);
			rc = -1;
		}
		if (rc == 1) {
			memcpy(vals, def, sizeof(vals));
			for (i = 0; i < nf; i++)
				if (map[i] >= 0 && crm_trim(f[i])[0] != '\0')
					vals[map[i]] = f[i];
				else if (map[i] == -2 &&
				    crm_trim(f[i])[0] != '\0') {
					snprintf(why, sizeof(why), "column %zu "
					    "has no name in the header but is "
					    "not empty", i + 1);
					rc = -1;
				}
			if (rc == 1 && vals[CRM_CF_NAME] == NULL) {
				snprintf(why, sizeof(why), "name: a contact "
				    "needs a name");
				rc = -1;
			}
			if (rc == 1 && crm_contact_values(crm, vals, 0, why,
			    sizeof(why)) == -1)
				rc = -1;
		}
		if (rc == -1) {
			if (bad++ < CONTACT_SHOW_ERRORS) {
				snprintf(where, sizeof(where), "import: line "
				    "%ld: ", crm_rows_line(rows));
				crm_why_warn(where, why);
			}
			continue;
		}
		if (bad > 0)
			continue;
		for (k = 0; k < CRM_CF_COUNT; k++)
			crm_strv_add(&cells, vals[k] == NULL ? "" : vals[k]);
		n++;
	}
	crm_rows_close(rows);
	free(map);
	crm_strv_free(&names);
	if (bad > CONTACT_SHOW_ERRORS)
		warnx("... and %lld more bad lines", bad - CONTACT_SHOW_ERRORS);
	if (bad > 0 || n == 0) {
		if (bad == 0)
			warnx("import: no contacts after the header");
		else
			warnx("import: %lld bad line%s; nothing imported",
			    bad, bad == 1 ? "" : "s");
		crm_strv_free(&cells);
		return 1;
	}
	ids = crm_calloc(n, sizeof(*ids));
	crm_begin(crm);
	for (i = 0; i < n; i++)
		ids[i] = contact_insert(crm, &cells.v[i * CRM_CF_COUNT]);
	crm_commit(crm);
	for (i = 0; i < n; i++) {
		crm_out_int(o, ids[i]);
		crm_out_end(o);
	}
	free(ids);
	crm_strv_free(&cells);
	return 0;
}

/* " AND lower(col) LIKE ..." for -q, as crm_search_sql() does for deals. */
static void
contact_search(const struct crm_strv *texts, struct crm_buf *sql,
    struct crm_binds *b)
{
	static const char *const cols[] = { "c.name", "c.title", "c.email",
	    "c.phone", "c.note" };
	struct crm_buf like;
	size_t i, k;

	if (texts == NULL || texts->n == 0)
		return;
	crm_buf_adds(sql, " AND (");
	for (i = 0; i < texts->n; i++) {
		crm_search_like(texts->v[i], &like);
		for (k = 0; k < sizeof(cols) / sizeof(*cols); k++) {
			if (i > 0 || k > 0)
				crm_buf_adds(sql, " OR ");
			crm_buf_printf(sql, "lower(%s) LIKE ? ESCAPE '!'",
			    cols[k]);
			crm_binds_text(b, like.s);
		}
		crm_buf_free(&like);
	}
	crm_buf_adds(sql, ")");
}

/* " AND col IN (?, ...)" for the values of v, when there are any. */
static void
in_list(const char *col, const struct crm_strv *v, struct crm_buf *sql,
    struct crm_binds *b)
{
	size_t i;

	if (v->n == 0)
		return;
	crm_buf_printf(sql, " AND %s IN (", col);
	for (i = 0; i < v->n; i++) {
		crm_buf_adds(sql, i ? ", ?" : "?");
		crm_binds_text(b, v->v[i]);
	}
	crm_buf_adds(sql, ")");
}

void
crm_contact_list(struct crm *crm, const struct crm_contact_q *q,
    struct crm_out *o)
{
	struct crm_buf sql = { 0 };
	struct crm_binds b = { 0 };
	struct crm_stmt *st;
	char *msg;
	size_t i;

	for (i = 0; i < q->role.n; i++)
		if (!crm_strv_has(&crm->cfg->contact_roles, q->role.v[i])) {
			msg = crm_unknown("role", q->role.v[i],
			    &crm->cfg->contact_roles, "contact_roles");
			errx(CRM_EXIT_USAGE, "-r: %s", msg);
		}
	crm_buf_adds(&sql, "SELECT c.id, c.name, a.name, c.role, c.title, "
	    "c.phone, c.email, c.note, c.created, c.left_at FROM contact c "
	    "LEFT JOIN account a ON a.id = c.account_id WHERE 1 = 1");
	in_list("a.name", &q->account, &sql, &b);
	in_list("c.role", &q->role, &sql, &b);
	if (q->current)
		crm_buf_adds(&sql, " AND c.left_at IS NULL");
	contact_search(&q->text, &sql, &b);
	crm_buf_adds(&sql, " ORDER BY c.id");
	crm_begin_read(crm);
	st = crm_prepare(crm, sql.s);
	crm_binds_apply(st, &b);
	while (crm_step(crm, st) == CRM_ROW) {
		crm_out_int(o, crm_col_int(st, 0));
		for (i = 1; i <= 7; i++)
			crm_out_str(o, crm_col_text(st, (int)i));
		crm_out_time(o, (time_t)crm_col_int(st, 8));
		crm_out_time(o, (time_t)crm_col_int(st, 9));
		crm_out_end(o);
	}
	crm_rollback(crm);
	crm_buf_free(&sql);
	crm_binds_free(&b);
}

/*
 * Contact id's row, for an edit: its fields as stored (the account by
 * name) into old[] (the caller frees each), its left_at into *left.
 * -1 after the warning when there is no such contact the login sees.
 */
static int
contact_load(struct crm *crm, long long id, char *old[CRM_CF_COUNT],
    time_t *left, char **left_by, char **left_note)
{
	struct crm_stmt *st;
	int k;

	st = crm_prepare(crm, "SELECT c.name, a.name, c.role, c.title, "
	    "c.phone, c.email, c.note, c.left_at, c.left_by, c.left_note "
	    "FROM contact c LEFT JOIN account a ON a.id = c.account_id "
	    "WHERE c.id = ?");
	crm_bind_int(st, 1, id);
	if (crm_step(crm, st) != CRM_ROW) {
		warnx("contact %lld: no such contact", id);
		return -1;
	}
	for (k = 0; k < CRM_CF_COUNT; k++)
		old[k] = crm_col_strdup(st, k);
	*left = (time_t)crm_col_int(st, 7);
	*left_by = crm_col_strdup(st, 8);
	*left_note = crm_col_strdup(st, 9);
	crm_reset(st);
	return 0;
}

static void
change_row(struct crm *crm, long long id, const char *field, const char *old,
    const char *new, const char *note)
{
	struct crm_stmt *st;

	st = crm_prepare(crm, "INSERT INTO contact_change (contact_id, field, "
	    "old, new, at, by, note) VALUES (?, ?, ?, ?, ?, ?, ?)");
	crm_bind_int(st, 1, id);
	crm_bind_text(st, 2, field);
	crm_bind_text(st, 3, old);
	crm_bind_text(st, 4, new);
	crm_bind_int(st, 5, crm->now);
	crm_bind_text(st, 6, crm->user);
	crm_bind_text(st, 7, note);
	crm_step(crm, st);
}

static void
free_fields(char *v[CRM_CF_COUNT])
{
	int k;

	for (k = 0; k < CRM_CF_COUNT; k++)
		free(v[k]);
}

int
crm_contact_set(struct crm *crm, long long id, char *const in[CRM_CF_COUNT],
    struct crm_out *o)
{
	struct crm_buf changed = { 0 }, sql = { 0 };
	struct crm_stmt *st;
	char *old[CRM_CF_COUNT], *lby, *lnote;
	const char *new, *note = stored(in[CRM_CF_NOTE]);
	time_t left;
	long long aid;
	int k;

	crm_begin(crm);
	if (contact_load(crm, id, old, &left, &lby, &lnote) == -1) {
		crm_rollback(crm);
		return -1;
	}
	crm_buf_adds(&changed, "");
	/* -m is the note of the changes, not the contact's own note. */
	for (k = 0; k < CRM_CF_COUNT; k++) {
		if (k == CRM_CF_NOTE || in[k] == NULL)
			continue;
		new = stored(in[k]);
		if (old[k] == NULL ? new == NULL :
		    new != NULL && strcmp(old[k], new) == 0)
			continue;
		/* The account first: its lookup uses statements of its own. */
		aid = k == CRM_CF_ACCOUNT && new != NULL ?
		    crm_account_id(crm, new, crm->now, 0) : 0;
		crm_buf_reset(&sql);
		crm_buf_printf(&sql, "UPDATE contact SET %s = ? WHERE id = ?",
		    cf_cols[k]);
		st = crm_prepare(crm, sql.s);
		if (k == CRM_CF_ACCOUNT) {
			if (aid != 0)
				crm_bind_int(st, 1, aid);
		} else
			crm_bind_text(st, 1, new);
		crm_bind_int(st, 2, id);
		crm_step(crm, st);
		change_row(crm, id, crm_cf_names[k], old[k], new, note);
		if (changed.len)
			crm_buf_addc(&changed, ',');
		crm_buf_adds(&changed, crm_cf_names[k]);
	}
	crm_commit(crm);
	crm_out_int(o, id);
	crm_out_str(o, changed.s);
	crm_out_end(o);
	free_fields(old);
	free(lby);
	free(lnote);
	crm_buf_free(&changed);
	crm_buf_free(&sql);
	return 0;
}

int
crm_contact_left(struct crm *crm, long long id, const char *why, time_t at,
    struct crm_out *o)
{
	struct crm_stmt *st;
	char *old[CRM_CF_COUNT], *lby, *lnote, iso[21];
	time_t left;

	if (at == 0)
		at = crm->now;
	crm_begin(crm);
	if (contact_load(crm, id, old, &left, &lby, &lnote) == -1) {
		crm_rollback(crm);
		return -1;
	}
	free_fields(old);
	if (left != 0) {
		crm_rollback(crm);
		crm_time_iso(left, iso);
		warnx("contact %lld: left already, on %s (recorded by %s: %s)",
		    id, iso, lby != NULL ? lby : "?",
		    lnote != NULL ? lnote : "");
		free(lby);
		free(lnote);
		return -1;
	}
	free(lby);
	free(lnote);
	st = crm_prepare(crm, "UPDATE contact SET left_at = ?, left_by = ?, "
	    "left_note = ? WHERE id = ?");
	crm_bind_int(st, 1, at);
	crm_bind_text(st, 2, crm->user);
	crm_bind_text(st, 3, why);
	crm_bind_int(st, 4, id);
	crm_step(crm, st);
	crm_time_iso(at, iso);
	change_row(crm, id, "left", NULL, iso, why);
	crm_commit(crm);
	crm_out_int(o, id);
	crm_out_str(o, "left");
	crm_out_end(o);
	return 0;
}
