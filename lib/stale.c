/*
 * crm-stale: open deals that sit still.  A deal is stalled by stage
 * (longer in its stage than the stage's max_days), idle (no activity for
 * longer than stale.idle_days, counted from creation when none) or
 * overdue (its next_action date is before today), or left (its owner is
 * a person crm-admin revoke marked as gone: it needs a new owner), or
 * by its people (issue 18): single-threaded (from the stage
 * stale.single_threaded_from names on, the activities of the last
 * idle_days met one contact at most), contact-left (someone of its buying
 * group left after its last activity with anyone else) or
 * no-decision-maker (in the last third of its pipeline, and no decision
 * maker ever met).
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
 *
 * The people: single-threaded and no-decision-maker are subqueries of
 * the one pass, each behind a CASE that asks first whether the deal's
 * stage (and, for single-threaded, its last activity) can have it at
 * all, so that only those deals probe their activities (by
 * activity_deal) and who took part in each.  contact-left is read
 * before, from the contacts who left (a scan of contact, whose rows are
 * short: no index holds left_at) and the deals of their buying groups,
 * into a table of deal ids looked up in memory, as the person table is.
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

static const char *const reasons[] = {
	"stage", "idle", "overdue", "left", "single-threaded", "contact-left",
	"no-decision-maker",
};
#define NREASONS	(sizeof(reasons) / sizeof(*reasons))

int
crm_stale_reason(const char *s)
{
	size_t i;

	for (i = 0; i < NREASONS; i++)
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
	const char	*met;		/* WHY_SINGLE: who, "" for nobody */
	const struct gone *gone;	/* WHY_CLEFT: who left */
};
#define WHY_STAGE	1u
#define WHY_IDLE	2u
#define WHY_OVERDUE	4u
#define WHY_LEFT	8u
#define WHY_SINGLE	16u
#define WHY_CLEFT	32u
#define WHY_NODM	64u
#define NWHY		128

/* A contact of an open deal's buying group who left after its last
 * activity with anyone else: the latest to leave, of each such deal. */
struct gone {
	long long	 deal;
	char		*name;
	time_t		 at;
};

/* The query's columns. */
enum {
	C_ID, C_TITLE, C_ACCOUNT, C_OWNER, C_PIPELINE, C_STAGE, C_AMOUNT,
	C_NEXT, C_ENTERED, C_SEEN, C_MET, C_DM
};

/* The sort keys only crm-stale has; the deal's own go to SQL. */
enum key { K_STALLED, K_MAX_DAYS, K_IDLE, K_OVERDUE, K_REASON, K_SQL };
static const char *const keynames[] = {
	"stalled", "max_days", "days_idle", "days_overdue", "reason",
};

/*
 * reason's text for each set of reasons, and where it sorts as text:
 * made once, by whytexts().
 */
static char whytext[NWHY][96];
static int whyrank[NWHY];

static int
cmp_why(const void *a, const void *b)
{
	return strcmp(whytext[*(const int *)a], whytext[*(const int *)b]);
}

static void
whytexts(void)
{
	int order[NWHY], m;
	size_t i;

	if (whytext[1][0] != '\0')
		return;
	for (m = 0; m < NWHY; m++) {
		order[m] = m;
		for (i = 0; i < NREASONS; i++) {
			if (!(m & (1 << i)))
				continue;
			if (whytext[m][0] != '\0')
				strcat(whytext[m], ",");
			strcat(whytext[m], reasons[i]);
		}
	}
	qsort(order, NWHY, sizeof(*order), cmp_why);
	for (m = 0; m < NWHY; m++)
		whyrank[order[m]] = m;
}

/* What every row is judged by, worked out once. */
struct ctx {
	const struct crm_stale	*q;
	struct crm		*crm;
	long long		 idle_days;
	const char		*today;		/* YYYY-MM-DD */
	long long		 today_ms;	/* crm_date_ms(today) */
	struct crm_leavers	 left;		/* who left, by name */
	struct gone		*gone;		/* by deal id */
	size_t			 ngone;
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

static int
cmp_gone(const void *a, const void *b)
{
	const struct gone *x = a, *y = b;

	return x->deal < y->deal ? -1 : x->deal > y->deal;
}

/* The contact of deal id's buying group who left, or NULL. */
static const struct gone *
gone_find(const struct ctx *c, long long id)
{
	struct gone key;

	if (c->ngone == 0)
		return NULL;
	key.deal = id;
	return bsearch(&key, c->gone, c->ngone, sizeof(*c->gone), cmp_gone);
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
	/* The people's: single-threaded and no-decision-maker count the
	 * days in the stage, contact-left those since they left. */
	r->met = crm_col_text(st, C_MET);
	if (r->met != NULL) {
		r->why |= WHY_SINGLE;
		if (r->in_stage > r->stalled)
			r->stalled = r->in_stage;
	}
	if (!crm_col_null(st, C_DM) && crm_col_int(st, C_DM) == 0) {
		r->why |= WHY_NODM;
		if (r->in_stage > r->stalled)
			r->stalled = r->in_stage;
	}
	if ((r->gone = gone_find(c, crm_col_int(st, C_ID))) != NULL) {
		r->why |= WHY_CLEFT;
		days = crm_days(r->gone->at, c->crm->now);
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
 * of all: nobody follows it up); else the people's, the most pressing
 * first (a contact left, no decision maker this late, one thread); else
 * the stage's.
 */
static void
print(struct crm_out *o, const struct ctx *c, const struct row *r)
{
	const struct crm_config *cfg = c->crm->cfg;
	char date[17], left[512];

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
	} else if (r->why & WHY_CLEFT) {
		crm_time_local(r->gone->at, date);
		date[10] = '\0';
		snprintf(left, sizeof(left), "%s left on %s: re-map who "
		    "decides", r->gone->name, date);
		crm_out_str(o, left);
	} else if (r->why & WHY_NODM) {
		if (r->si >= 0 && (size_t)r->si + 1 < r->p->nstages)
			snprintf(left, sizeof(left), "no decision-maker met: "
			    "meet one before stage %s",
			    r->p->stages[r->si + 1].name);
		else
			snprintf(left, sizeof(left), "no decision-maker met: "
			    "meet one before closing");
		crm_out_str(o, left);
	} else if (r->why & WHY_SINGLE) {
		if (r->met[0] != '\0')
			snprintf(left, sizeof(left), "only %s met in %lld "
			    "days: meet others of the buying group", r->met,
			    c->idle_days);
		else
			snprintf(left, sizeof(left), "nobody met in %lld "
			    "days: meet the buying group (crm-log -w)",
			    c->idle_days);
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
	    size(r->next) + size(r->met));
	*k = *r;
	s = (char *)(k + 1);
	k->title = copy(&s, r->title);
	k->account = copy(&s, r->account);
	k->owner = copy(&s, r->owner);
	k->stage = copy(&s, r->stage);
	k->next = copy(&s, r->next);
	k->met = copy(&s, r->met);
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

/*
 * The role of a decision maker, or NULL when the config's contact_roles
 * has none (then no-decision-maker never holds).
 */
static const char *
dm_role(const struct crm_config *cfg)
{
	/* A config whose contact_roles: has none: the reason never fires. */
	return crm_strv_has(&cfg->contact_roles, "decision-maker") ?
	    "decision-maker" : NULL;
}

/*
 * Whether any contact left (*left), and whether any has role (*held;
 * 0 for no role): in one statement, which stops at the first of each,
 * but reads all of contact when there is none (no index holds left_at or
 * role: 8 ms at 100,000 deals, 41,000 contacts).
 */
static void
contacts_any(struct crm *crm, const char *role, int *left, int *held)
{
	struct crm_stmt *st;

	st = crm_prepare(crm, "SELECT CASE WHEN EXISTS (SELECT 1 FROM "
	    "contact WHERE left_at IS NOT NULL) THEN 1 ELSE 0 END, "
	    "CASE WHEN EXISTS (SELECT 1 FROM contact WHERE role = ?) "
	    "THEN 1 ELSE 0 END");
	crm_bind_text(st, 1, role != NULL ? role : "");
	*left = *held = 0;
	if (crm_step(crm, st) == CRM_ROW) {
		*left = crm_col_int(st, 0) != 0;
		*held = role != NULL && crm_col_int(st, 1) != 0;
	}
	crm_reset(st);
}

/*
 * Appends an SQL condition on deal d: its stage is one of each
 * pipeline's from stage single_threaded_from names on (late == 0), or in
 * the pipeline's last third (late: index >= ceil(2n / 3) of n open
 * stages, where crm_stage_hint() has its late hint).  Old names count
 * as the stage they became.  "1 = 0" when no stage is.
 */
static void
stages_sql(const struct crm_config *cfg, int late, struct crm_buf *sql,
    struct crm_binds *b)
{
	const struct crm_pipeline *p;
	size_t i, j, k, from;
	int any = 0, idx;

	crm_buf_printf(sql, "(");
	for (i = 0; i < cfg->npipes; i++) {
		p = &cfg->pipes[i];
		from = p->nstages;
		if (late)
			from = (2 * p->nstages + 2) / 3;
		else
			for (j = 0; j < cfg->single_from.n; j++)
				if ((idx = crm_stage_index(p,
				    cfg->single_from.v[j])) >= 0)
					from = (size_t)idx;
		if (from >= p->nstages)
			continue;
		crm_buf_printf(sql, "%s(d.pipeline = ? AND d.stage IN (",
		    any ? " OR " : "");
		crm_binds_text(b, p->name);
		for (j = from; j < p->nstages; j++) {
			crm_buf_printf(sql, "%s?", j > from ? ", " : "");
			crm_binds_text(b, p->stages[j].name);
			for (k = 0; k < p->stages[j].renamed_from.n; k++) {
				crm_buf_printf(sql, ", ?");
				crm_binds_text(b,
				    p->stages[j].renamed_from.v[k]);
			}
		}
		crm_buf_printf(sql, "))");
		any = 1;
	}
	crm_buf_printf(sql, "%s)", any ? "" : "1 = 0");
}

/*
 * Who of an open deal's buying group (attached to it, or met on it) left
 * after its last activity with anyone else: one query, from the few who
 * left, into c->gone by deal id, the latest to leave of each deal.
 */
static void
gone_read(struct crm *crm, struct ctx *c)
{
	struct crm_stmt *st;
	size_t cap = 0;
	long long id;

	c->gone = NULL;
	c->ngone = 0;
	/*
	 * From those who left (read once: a CTE named twice is made once,
	 * on both backends) to their deals, by deal_contact_contact and
	 * activity_contact_contact; CROSS JOIN keeps that order in SQLite,
	 * which, knowing nothing of how few left, read every deal_contact
	 * and activity_contact row without it.
	 */
	st = crm_prepare(crm, "WITH c AS (SELECT id, name, left_at "
	    "FROM contact WHERE left_at IS NOT NULL) "
	    "SELECT g.deal_id, g.name, g.left_at FROM ("
	    "SELECT x.deal_id, c.id AS cid, c.name, c.left_at FROM c "
	    "CROSS JOIN deal_contact x WHERE x.contact_id = c.id "
	    "UNION SELECT a.deal_id, c.id, c.name, c.left_at FROM c "
	    "CROSS JOIN activity_contact x CROSS JOIN activity a "
	    "WHERE x.contact_id = c.id AND a.id = x.activity_id "
	    "AND a.void_id IS NULL) g "
	    "CROSS JOIN deal d WHERE d.id = g.deal_id "
	    "AND d.status = 'open' AND d.void_id IS NULL AND NOT EXISTS ("
	    "SELECT 1 FROM activity a JOIN activity_contact x "
	    "ON x.activity_id = a.id WHERE a.deal_id = g.deal_id "
	    "AND a.void_id IS NULL AND a.at >= g.left_at "
	    "AND x.contact_id <> g.cid) "
	    "ORDER BY g.deal_id, g.left_at DESC, g.name");
	while (crm_step(crm, st) == CRM_ROW) {
		id = crm_col_int(st, 0);
		if (c->ngone > 0 && c->gone[c->ngone - 1].deal == id)
			continue;
		if (c->ngone == cap) {
			cap = cap ? cap * 2 : 64;
			c->gone = crm_reallocarray(c->gone, cap,
			    sizeof(*c->gone));
		}
		c->gone[c->ngone].deal = id;
		c->gone[c->ngone].name = crm_col_strdup(st, 1);
		c->gone[c->ngone].at = (time_t)crm_col_int(st, 2);
		c->ngone++;
	}
	crm_reset(st);
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
	const char *role;
	long long since;
	int n = 0, down = 1, anyleft, held;

	crm_stage_warn(crm, NULL);
	whytexts();
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
	role = dm_role(crm->cfg);
	contacts_any(crm, role, &anyleft, &held);
	c.gone = NULL;
	c.ngone = 0;
	if (anyleft)
		gone_read(crm, &c);
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
	    "coalesce(d.last_activity, d.created), ");
	/*
	 * Single-threaded: who was met in the activities of the last
	 * idle_days (as idle counts them: whole days, so from the start of
	 * idle_days + 1 days ago, exclusive), when at most one was: a name,
	 * "" for nobody, NULL for two or more or no activity.  No-decision-
	 * maker: 1 when one was met, 0 when none, NULL when the stage is
	 * early.
	 */
	since = (long long)crm->now - (c.idle_days + 1) * 86400 + 1;
	crm_buf_printf(&sql, "CASE WHEN d.last_activity >= ? AND ");
	crm_binds_int(&b, since);
	stages_sql(crm->cfg, 0, &sql, &b);
	crm_buf_printf(&sql, " THEN (SELECT CASE WHEN count(v.id) = 0 "
	    "THEN NULL WHEN count(DISTINCT x.contact_id) <= 1 "
	    "THEN coalesce(min(p.name), '') END FROM activity v "
	    "LEFT JOIN activity_contact x ON x.activity_id = v.id "
	    "LEFT JOIN contact p ON p.id = x.contact_id "
	    "WHERE v.deal_id = d.id AND v.void_id IS NULL AND v.at >= ?) END, ");
	crm_binds_int(&b, since);
	/*
	 * When no contact has the role at all (as after the migration of
	 * free-text contacts), none was met: no deal's activities need
	 * reading.  (At 100,000 deals, 2,000 of them open in a late stage,
	 * reading them took crm-stale from 43 to 120 ms of CPU.)
	 */
	if (role != NULL && !held) {
		crm_buf_printf(&sql, "CASE WHEN ");
		stages_sql(crm->cfg, 1, &sql, &b);
		crm_buf_printf(&sql, " THEN 0 END");
	} else if (role != NULL) {
		crm_buf_printf(&sql, "CASE WHEN ");
		stages_sql(crm->cfg, 1, &sql, &b);
		crm_buf_printf(&sql, " THEN CASE WHEN EXISTS (SELECT 1 "
		    "FROM activity v JOIN activity_contact x "
		    "ON x.activity_id = v.id JOIN contact p "
		    "ON p.id = x.contact_id WHERE v.deal_id = d.id "
		    "AND v.void_id IS NULL AND p.role = ?) THEN 1 ELSE 0 END "
		    "END");
		crm_binds_text(&b, role);
	} else
		crm_buf_printf(&sql, "NULL");
	crm_buf_printf(&sql, " FROM deal d%s LEFT JOIN "
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
			print(o, &c, &r);
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
			print(o, &c, rows[i]);
	}
	crm_out_free(o);
	free(rows);
	crm_arena_free(&arena);
	crm_person_leavers_free(&c.left);
	for (i = 0; i < c.ngone; i++)
		free(c.gone[i].name);
	free(c.gone);
	crm_buf_free(&sql);
	crm_binds_free(&b);
	return n;
}
