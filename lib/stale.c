/*
 * crm-stale: open deals that sit still.  A deal is stalled by stage
 * (longer in its stage than the stage's max_days), idle (no activity for
 * longer than stale.idle_days, counted from creation when none) or
 * overdue (its next_action date is before today), or left (its owner is
 * a person crm-admin revoke marked as gone: it needs a new owner).
 *
 * One pass over the open deals' index (deal_open, schema 3) reads what
 * each reason needs; the reasons are worked out here, in C, once per
 * deal.  In the default order (longest stalled first), or by one of the
 * figures only crm-stale has, the stalled deals are kept in memory and
 * sorted at the end; by a deal field (--sort owner), SQLite sorts and the
 * rows stream out.  At a million deals this took crm-stale from 840 ms to
 * about 200 (bench/RESULTS.md): SQL with the reasons in CASE expressions,
 * sorted by SQLite, spent most of its time evaluating them again and
 * again and in the sorter.  Who left is read once, before, from the
 * small person table, and looked up in memory for each deal (a join
 * would probe an index per open deal, for a table that is mostly empty).
 */
#include <err.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

const struct crm_col crm_stale_cols[] = {
	{ "id", CRM_COL_RIGHT },
	{ "title", 0 },
	{ "account", 0 },
	{ "owner", 0 },
	{ "stage", CRM_COL_HIDE },
	{ "stage_label", 0 },
	{ "amount", CRM_COL_RIGHT },
	{ "reason", 0 },
	{ "days_in_stage", CRM_COL_RIGHT },
	{ "max_days", CRM_COL_RIGHT },
	{ "days_idle", CRM_COL_RIGHT },
	{ "next_action", 0 },
	{ "hint", 0 },
};
const size_t crm_stale_ncols = sizeof(crm_stale_cols) /
    sizeof(*crm_stale_cols);

static const char *const reasons[] = { "stage", "idle", "overdue", "left" };

int
crm_stale_reason(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(reasons) / sizeof(*reasons); i++)
		if (strcmp(s, reasons[i]) == 0)
			return (int)i + 1;
	return -1;
}

/* One stalled deal, kept for the sort, or read from the current row. */
struct row {
	long long	 id, amount;
	long long	 in_stage, max_days, idle, overdue, stalled;
	long long	 key;		/* the sort key: see sortkey() */
	time_t		 left_at;	/* when the owner left (WHY_LEFT) */
	unsigned	 why;		/* WHY_STAGE | WHY_IDLE | ... */
	int		 si;		/* stage index in p, or -1 */
	const struct crm_pipeline *p;
	const char	*title, *account, *owner, *stage, *next;
};
#define WHY_STAGE	1u
#define WHY_IDLE	2u
#define WHY_OVERDUE	4u
#define WHY_LEFT	8u

/* The query's columns. */
enum {
	C_ID, C_TITLE, C_ACCOUNT, C_OWNER, C_PIPELINE, C_STAGE, C_AMOUNT,
	C_NEXT, C_ENTERED, C_SEEN
};

/* The sort keys only crm-stale has; the deal's own go to SQL. */
enum key { K_STALLED, K_MAX_DAYS, K_IDLE, K_OVERDUE, K_REASON, K_SQL };
static const char *const keynames[] = {
	"stalled", "max_days", "days_idle", "days_overdue", "reason",
};

/* reason's text for each set of reasons, and where it sorts as text. */
static const char *const whytext[] = {
	"", "stage", "idle", "stage,idle", "overdue", "stage,overdue",
	"idle,overdue", "stage,idle,overdue", "left", "stage,left",
	"idle,left", "stage,idle,left", "overdue,left", "stage,overdue,left",
	"idle,overdue,left", "stage,idle,overdue,left",
};
static const int whyrank[] = {
	0, 8, 1, 9, 6, 14, 3, 11, 5, 13, 2, 10, 7, 15, 4, 12
};

/* What every row is judged by, worked out once. */
struct ctx {
	const struct crm_stale	*q;
	struct crm		*crm;
	long long		 idle_days;
	const char		*today;		/* YYYY-MM-DD */
	long long		 today_ms;	/* crm_date_ms(today) */
	struct crm_leavers	 left;		/* who left, by name */
};

/*
 * Whole days from next, a date "YYYY-MM-DD", to today when it is before
 * today, rounded towards zero; else 0 (no date, or not one).  Dates
 * compare as text (they sort as they are written).  Worked out here, so
 * that every backend gives the same figure: what SQLite's CASE WHEN
 * next < today THEN CAST(julianday(today) - julianday(next) AS INTEGER)
 * END gave, also for a next_action edited in by hand (crm_date_ms()).
 */
static long long
overdue(const struct ctx *c, const char *next)
{
	long long ms;

	if (next == NULL || strcmp(next, c->today) >= 0 ||
	    (ms = crm_date_ms(next)) == LLONG_MIN)
		return 0;
	return (c->today_ms - ms) / 86400000;
}

/*
 * Works out whether the current row is stalled, and why, into r; its
 * strings point into the statement.  Returns 0 when it is not (or not
 * for the --reason asked for).
 */
static int
judge(const struct ctx *c, struct crm_stmt *st, struct row *r)
{
	const struct crm_config *cfg = c->crm->cfg;
	const struct crm_leaver *who;
	long long days;

	r->p = crm_pipeline_find(cfg, crm_col_text(st, C_PIPELINE));
	r->stage = crm_col_text(st, C_STAGE);
	r->si = r->p != NULL ? crm_stage_index(r->p, r->stage) : -1;
	/* By an old name (renamed_from): shown by the one it has now. */
	if (r->si >= 0)
		r->stage = r->p->stages[r->si].name;
	if (c->q->days >= 0)
		r->max_days = c->q->days;
	else if (r->si >= 0 && r->p->stages[r->si].max_days > 0)
		r->max_days = r->p->stages[r->si].max_days;
	else
		r->max_days = -1;	/* no limit */
	r->in_stage = crm_days((time_t)crm_col_int(st, C_ENTERED),
	    c->crm->now);
	r->idle = crm_days((time_t)crm_col_int(st, C_SEEN),
	    c->crm->now);
	r->next = crm_col_text(st, C_NEXT);
	r->overdue = overdue(c, r->next);
	r->why = 0;
	r->stalled = 0;
	if (r->max_days >= 0 && r->in_stage > r->max_days) {
		r->why |= WHY_STAGE;
		r->stalled = r->in_stage;
	}
	if (r->idle > c->idle_days) {
		r->why |= WHY_IDLE;
		if (r->idle > r->stalled)
			r->stalled = r->idle;
	}
	if (r->overdue > 0) {
		r->why |= WHY_OVERDUE;
		if (r->overdue > r->stalled)
			r->stalled = r->overdue;
	}
	r->owner = crm_col_text(st, C_OWNER);
	if ((who = crm_person_left(&c->left, r->owner)) != NULL) {
		r->why |= WHY_LEFT;
		r->left_at = who->left_at;
		days = crm_days(who->left_at, c->crm->now);
		if (days > r->stalled)
			r->stalled = days;
	}
	if (r->why == 0 || (c->q->reason > 0 &&
	    !(r->why & (1u << (c->q->reason - 1)))))
		return 0;
	r->id = crm_col_int(st, C_ID);
	r->title = crm_col_text(st, C_TITLE);
	r->account = crm_col_text(st, C_ACCOUNT);
	r->amount = crm_col_int(st, C_AMOUNT);
	return 1;
}

/*
 * The hint: for a deal whose owner left, that it needs a new one (first
 * of all: nobody follows it up); else the stage's.
 */
static void
print(struct crm_out *o, const struct crm_config *cfg, const struct row *r)
{
	char date[17], left[80];

	crm_out_int(o, r->id);
	crm_out_str(o, r->title);
	crm_out_str(o, r->account);
	crm_out_str(o, r->owner);
	crm_out_str(o, r->stage);
	crm_out_str(o, r->si >= 0 ? r->p->stages[r->si].label : r->stage);
	crm_out_money(o, r->amount);
	crm_out_str(o, whytext[r->why]);
	crm_out_int(o, r->in_stage);
	if (r->max_days < 0)
		crm_out_null(o);
	else
		crm_out_int(o, r->max_days);
	crm_out_int(o, r->idle);
	crm_out_str(o, r->next);
	if (r->why & WHY_LEFT) {
		crm_time_local(r->left_at, date);
		date[10] = '\0';
		snprintf(left, sizeof(left), "owner left on %s: hand it over "
		    "(crm-set -o NAME)", date);
		crm_out_str(o, left);
	} else
		crm_out_str(o, r->si >= 0 ? crm_stage_hint(cfg, r->p, r->si) :
		    NULL);
	crm_out_end(o);
}

/* s copied to *to, which moves past it; NULL stays NULL. */
static const char *
copy(char **to, const char *s)
{
	size_t len;
	char *d = *to;

	if (s == NULL)
		return NULL;
	len = strlen(s) + 1;
	memcpy(d, s, len);
	*to += len;
	return d;
}

static size_t
size(const char *s)
{
	return s != NULL ? strlen(s) + 1 : 0;
}

/* A copy of r and its strings, in the arena, to outlive the row. */
static struct row *
keep(struct crm_arena *a, const struct row *r)
{
	struct row *k;
	char *s;

	k = crm_arena_alloc(a, sizeof(*k) + size(r->title) +
	    size(r->account) + size(r->owner) + size(r->stage) +
	    size(r->next));
	*k = *r;
	s = (char *)(k + 1);
	k->title = copy(&s, r->title);
	k->account = copy(&s, r->account);
	k->owner = copy(&s, r->owner);
	k->stage = copy(&s, r->stage);
	k->next = copy(&s, r->next);
	return k;
}

/* The key a row sorts by; a missing max_days sorts first, as NULL does. */
static long long
sortkey(enum key k, const struct row *r)
{
	switch (k) {
	case K_MAX_DAYS:
		return r->max_days < 0 ? LLONG_MIN : r->max_days;
	case K_IDLE:
		return r->idle;
	case K_OVERDUE:
		return r->overdue;
	case K_REASON:
		return whyrank[r->why];
	default:
		return r->stalled;
	}
}

static int
cmp_up(const void *a, const void *b)
{
	const struct row *x = *(const struct row *const *)a;
	const struct row *y = *(const struct row *const *)b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Descending by key; the same key still by id, ascending. */
static int
cmp_down(const void *a, const void *b)
{
	const struct row *x = *(const struct row *const *)a;
	const struct row *y = *(const struct row *const *)b;

	if (x->key != y->key)
		return x->key > y->key ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

int
crm_stale(struct crm *crm, const struct crm_stale *q)
{
	struct crm_out *o = NULL;
	struct crm_buf sql = { 0 };
	struct crm_binds b = { 0 };
	struct crm_filter f = q->filter;
	struct crm_arena arena = { 0 };
	struct row r, **rows = NULL;
	struct ctx c;
	enum key key = K_STALLED;
	const char *field = q->sort;
	size_t nrows = 0, cap = 0, i;
	struct crm_stmt *st;
	char today[11], err[128];
	int n = 0, down = 1;

	crm_stage_warn(crm, NULL);
	c.q = q;
	c.crm = crm;
	c.idle_days = q->idle >= 0 ? q->idle : crm->cfg->idle_days;
	if (crm_date_parse("today", crm->now, today, err, sizeof(err)) == -1)
		errx(CRM_EXIT_USAGE, "today: %s", err);
	c.today = today;
	c.today_ms = crm_date_ms(today);
	if (field != NULL) {
		down = field[0] == '-';
		field += down;
		for (key = K_STALLED; key < K_SQL; key++)
			if (strcmp(field, keynames[key]) == 0)
				break;
	}
	f.status = 0;
	crm_person_leavers(crm, &c.left);
	/*
	 * The account of each open deal is looked up at random in a table
	 * of 10 MB at a million deals: with 2 MB of cache, pages were read
	 * again and again (196 -> 344 ms).
	 */
	crm_cache_mb(crm, 32);
	/*
	 * Only the open deals, from the index that holds them and the
	 * columns it has, unless --sort names a field it has not; it is in
	 * owner order, so -o and -T read a range of it.  (Without it, as
	 * when someone dropped it by hand, SQLite picks another way.)  That
	 * index is named in SQLite's own words (crm_dialect()).  The days
	 * overdue are worked out here from next_action, like the others.
	 */
	crm_buf_printf(&sql, "SELECT d.id, d.title, a.name, d.owner, "
	    "d.pipeline, d.stage, d.amount, d.next_action, d.stage_entered, "
	    "coalesce(d.last_activity, d.created) FROM deal d%s LEFT JOIN "
	    "account a ON a.id = d.account_id WHERE d.status = 'open' "
	    "AND d.void_id IS NULL",
	    crm_dialect(crm, CRM_DIALECT_DEAL_OPEN));
	crm_filter_sql(crm, &f, "d.owner", &sql, &b);
	if (key == K_SQL && crm_deal_order(crm, q->sort, &sql, &b) == -1)
		errx(CRM_EXIT_USAGE, "unknown sort field '%s' (a deal field, "
		    "or max_days, days_idle, days_overdue, reason, stalled)",
		    q->sort);
	st = crm_prepare(crm, sql.s);
	crm_binds_apply(st, &b);
	while (crm_step(crm, st) == CRM_ROW) {
		if (!judge(&c, st, &r))
			continue;
		n++;
		if (q->quiet)
			break;
		if (key == K_SQL) {
			/* Made at the first row: none, and not even a header. */
			if (o == NULL)
				o = crm_out_std(crm, crm_stale_cols,
				    crm_stale_ncols);
			print(o, crm->cfg, &r);
			continue;
		}
		if (nrows == cap) {
			cap = cap ? cap * 2 : 1024;
			rows = crm_reallocarray(rows, cap, sizeof(*rows));
		}
		rows[nrows] = keep(&arena, &r);
		rows[nrows]->key = sortkey(key, rows[nrows]);
		nrows++;
	}
	crm_reset(st);
	if (nrows > 0) {
		qsort(rows, nrows, sizeof(*rows), down ? cmp_down : cmp_up);
		o = crm_out_std(crm, crm_stale_cols, crm_stale_ncols);
		for (i = 0; i < nrows; i++)
			print(o, crm->cfg, rows[i]);
	}
	crm_out_free(o);
	free(rows);
	crm_arena_free(&arena);
	crm_person_leavers_free(&c.left);
	crm_buf_free(&sql);
	crm_binds_free(&b);
	return n;
}
