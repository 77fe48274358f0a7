/*
 * crm-funnel: the funnel of a pipeline, rebuilt from the stage history.
 *
 * One query reads every selected deal with its stage changes in order
 * (deal, then time), or two merged where the backend would rather not
 * send a deal's columns with each change; each deal is replayed as its
 * rows go by, so the figures as of any date come from the same single
 * pass, and memory does not grow with the number of deals (only with
 * the number of groups for --by).  Money is added up in integer minor
 * units with overflow checked; only ratios and means are floating point.
 *
 * Money in one currency is never added to money in another: each
 * currency has a ledger of its own (stages, totals, groups, months), and
 * every row printed is of one currency, named in its currency column.
 * --calibrate, which counts deals and adds no money, has one ledger.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

#define N(a)	(sizeof(a) / sizeof(*(a)))

/* A deal's state at the as-of time, besides an open stage's index. */
enum { ST_NONE = -3, ST_LOST = -2, ST_WON = -1 };

/* One deal, replayed from its stage changes. */
struct fdeal {
	long long	 id;
	const struct crm_pipeline *p;
	struct crm_buf	 owner, account, close, currency;
	int		 has_account, has_close;
	int64_t		 amount;
	time_t		 created;
	int		 state;		/* open stage index or ST_* */
	int		 maxidx;	/* highest open stage entered; -1 none */
	int		 lost_from;	/* stage it was lost in; -1 unknown */
	time_t		 won_at, enter;
	double		*secs;		/* seconds in each stage, left stays */
	unsigned char	*left;		/* left each stage at least once */
	size_t		 cap;
};

/* Per stage of the pipeline. */
struct fstage {
	long long	 open, reached, lost, left, closed, won;
	int64_t		 amount, weighted;
	double		 secs;
};

/* Totals of a selection or of one --by group. */
struct ftot {
	char		*key;
	long long	 open, won, lost;
	int64_t		 amount, weighted, won_amount;
	double		 cycle;		/* seconds from created to won, added */
	long long	*reached;	/* per stage; NULL for --by pipeline */
};

/* The figures of one currency. */
struct ledger {
	char		*cur;		/* "" for --calibrate's one */
	struct fstage	*st;
	struct ftot	 tot;
	/* --by: groups in a hash table, open addressing */
	struct ftot	**groups;
	size_t		 ngroups, capgroups;
	/* --forecast */
	struct ftot	*buckets;	/* overdue, months..., later, none */
};

struct funnel {
	struct crm	*crm;
	const struct crm_funnel_q *q;
	const struct crm_pipeline *p;	/* NULL for --by pipeline */
	time_t		 as_of;
	struct ledger	**led;		/* sorted by currency to be printed */
	size_t		 nled, capled;
	struct ledger	*last;		/* the last deal's */
	/* --forecast */
	char		 today[11];
	char		(*months)[16];
	size_t		 nbuckets;
};

static int64_t
add64(int64_t a, int64_t b)
{
	int64_t r;

	if (__builtin_add_overflow(a, b, &r))
		errx(CRM_EXIT_DB, "amounts too large to add up in 64 bits");
	return r;
}

/*
 * A deal's amount x probability / 100, rounded to the minor unit.  Each
 * deal is rounded once, so stage rows, groups and totals add up exactly;
 * the split keeps any amount that fits in 64 bits from overflowing.
 */
static int64_t
weigh(int64_t amount, int prob)
{
	return amount / 100 * prob + (amount % 100 * prob + 50) / 100;
}

int
crm_funnel_by(const char *s)
{
	static const char *const names[] = { "owner", "account", "pipeline" };
	size_t i;

	for (i = 0; i < N(names); i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i + 1;
	return -1;
}

/*
 * The last stage the deal reached: a deal has reached a stage if it was
 * ever in it or in a later one, or was won.  -1: none.
 */
static int
reached_top(const struct fdeal *d)
{
	return d->state == ST_WON ? (int)d->p->nstages - 1 : d->maxidx;
}

static void
tot_init(struct ftot *t, size_t nstages, int reached)
{
	memset(t, 0, sizeof(*t));
	if (reached)
		t->reached = crm_calloc(nstages ? nstages : 1,
		    sizeof(*t->reached));
}

static void
tot_add(struct ftot *t, const struct fdeal *d)
{
	int i, top;

	if (d->state >= 0) {
		t->open++;
		t->amount = add64(t->amount, d->amount);
		t->weighted = add64(t->weighted, weigh(d->amount,
		    d->p->stages[d->state].probability));
	} else if (d->state == ST_WON) {
		t->won++;
		t->won_amount = add64(t->won_amount, d->amount);
		t->cycle += (double)(d->won_at - d->created);
	} else if (d->state == ST_LOST)
		t->lost++;
	if (t->reached == NULL)
		return;
	top = reached_top(d);
	for (i = 0; i <= top; i++)
		t->reached[i]++;
}

static void
stage_add(struct fstage *st, const struct fdeal *d)
{
	size_t i;
	int top;

	if (d->state >= 0) {
		st[d->state].open++;
		st[d->state].amount = add64(st[d->state].amount, d->amount);
		st[d->state].weighted = add64(st[d->state].weighted,
		    weigh(d->amount, d->p->stages[d->state].probability));
	}
	if (d->state == ST_LOST && d->lost_from >= 0)
		st[d->lost_from].lost++;
	for (i = 0; i < d->p->nstages; i++)
		if (d->left[i]) {
			st[i].left++;
			st[i].secs += d->secs[i];
		}
	top = reached_top(d);
	for (i = 0; (int)i <= top; i++) {
		st[i].reached++;
		if (d->state == ST_WON || d->state == ST_LOST) {
			st[i].closed++;
			st[i].won += d->state == ST_WON;
		}
	}
}

static size_t
hash(const char *s)
{
	size_t h = 5381;

	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

/* The --by group of key in l, made on first sight. */
static struct ftot *
group(struct funnel *fn, struct ledger *l, const char *key)
{
	struct ftot **old, *g;
	size_t i, j, oldcap;

	if (l->ngroups * 2 >= l->capgroups) {
		old = l->groups;
		oldcap = l->capgroups;
		l->capgroups = oldcap ? oldcap * 2 : 64;
		l->groups = crm_calloc(l->capgroups, sizeof(*l->groups));
		for (i = 0; i < oldcap; i++) {
			if (old[i] == NULL)
				continue;
			j = hash(old[i]->key) & (l->capgroups - 1);
			while (l->groups[j] != NULL)
				j = (j + 1) & (l->capgroups - 1);
			l->groups[j] = old[i];
		}
		free(old);
	}
	i = hash(key) & (l->capgroups - 1);
	for (; l->groups[i] != NULL; i = (i + 1) & (l->capgroups - 1))
		if (strcmp(l->groups[i]->key, key) == 0)
			return l->groups[i];
	g = crm_malloc(sizeof(*g));
	tot_init(g, fn->p ? fn->p->nstages : 0, fn->p != NULL);
	g->key = crm_strdup(key);
	l->groups[i] = g;
	l->ngroups++;
	return g;
}

/*
 * The ledger of currency cur, made on first sight.  There are few: the
 * last one is tried first, then each.
 */
static struct ledger *
ledger(struct funnel *fn, const char *cur)
{
	struct ledger *l;
	size_t i;

	if (fn->last != NULL && strcmp(fn->last->cur, cur) == 0)
		return fn->last;
	for (i = 0; i < fn->nled; i++)
		if (strcmp(fn->led[i]->cur, cur) == 0)
			return fn->last = fn->led[i];
	if (fn->nled == fn->capled) {
		fn->capled = fn->capled ? fn->capled * 2 : 4;
		fn->led = crm_reallocarray(fn->led, fn->capled,
		    sizeof(*fn->led));
	}
	l = crm_calloc(1, sizeof(*l));
	l->cur = crm_strdup(cur);
	if (fn->p != NULL)
		l->st = crm_calloc(fn->p->nstages ? fn->p->nstages : 1,
		    sizeof(*l->st));
	tot_init(&l->tot, fn->p ? fn->p->nstages : 0, fn->p != NULL);
	if (fn->nbuckets > 0)
		l->buckets = crm_calloc(fn->nbuckets, sizeof(*l->buckets));
	fn->led[fn->nled++] = l;
	return fn->last = l;
}

static void
ledger_free(struct ledger *l)
{
	size_t i;

	for (i = 0; i < l->capgroups; i++)
		if (l->groups[i] != NULL) {
			free(l->groups[i]->key);
			free(l->groups[i]->reached);
			free(l->groups[i]);
		}
	free(l->groups);
	free(l->buckets);
	free(l->tot.reached);
	free(l->st);
	free(l->cur);
	free(l);
}

static int
cmpledger(const void *a, const void *b)
{
	const struct ledger *const *x = a, *const *y = b;

	return strcmp((*x)->cur, (*y)->cur);
}

static void
forecast_add(struct funnel *fn, struct ledger *l, const struct fdeal *d)
{
	size_t b, m, nm = fn->nbuckets - 3;

	if (!d->has_close)
		b = fn->nbuckets - 1;			/* none */
	else if (strcmp(d->close.s, fn->today) < 0)
		b = 0;					/* overdue */
	else {
		b = fn->nbuckets - 2;			/* later */
		for (m = 0; m < nm; m++)
			if (strncmp(d->close.s, fn->months[m], 7) == 0) {
				b = m + 1;
				break;
			}
	}
	tot_add(&l->buckets[b], d);
}

/* A deal's replay is complete: add it where the report wants it. */
static void
deal_done(struct funnel *fn, const struct fdeal *d)
{
	const struct crm_funnel_q *q = fn->q;
	struct ledger *l;
	const char *key;

	if (d->p == NULL)
		return;
	/* Its currency of then: only C knows it (see then()). */
	if (q->currency != NULL && strcmp(d->currency.s, q->currency) != 0)
		return;
	/* A forecast is of open deals: a currency of closed ones has none. */
	if (q->mode == CRM_FUNNEL_FORECAST && d->state < 0)
		return;
	l = ledger(fn, q->mode == CRM_FUNNEL_CALIBRATE ? "" : d->currency.s);
	switch (q->mode) {
	case CRM_FUNNEL_BY:
		if (q->by == CRM_BY_OWNER)
			key = d->owner.s;
		else if (q->by == CRM_BY_ACCOUNT)
			key = d->has_account ? d->account.s : "";
		else
			key = d->p->name;
		tot_add(group(fn, l, key), d);
		tot_add(&l->tot, d);
		break;
	case CRM_FUNNEL_FORECAST:
		forecast_add(fn, l, d);
		break;
	default:
		stage_add(l->st, d);
		tot_add(&l->tot, d);
		break;
	}
}

/* Replays one stage change of the deal. */
static void
deal_change(struct fdeal *d, const char *to, time_t at)
{
	int next;

	if (strcmp(to, "won") == 0)
		next = ST_WON;
	else if (strcmp(to, "lost") == 0)
		next = ST_LOST;
	else if ((next = crm_stage_index(d->p, to)) < 0)
		next = ST_NONE;		/* a stage the config no longer has */
	/*
	 * A move between two old names of one stage (renamed_from: [a, b])
	 * does not leave it: its time runs on from when it was entered.
	 */
	if (next >= 0 && next == d->state)
		return;
	if (d->state >= 0) {
		d->secs[d->state] += (double)(at - d->enter);
		d->left[d->state] = 1;
	}
	if (next == ST_WON)
		d->won_at = at;
	else if (next == ST_LOST)
		d->lost_from = d->state >= 0 ? d->state : -1;
	if (next > d->maxidx)
		d->maxidx = next;
	d->state = next;
	d->enter = at;
}

static void
copy(struct crm_buf *b, const char *s)
{
	crm_buf_reset(b);
	crm_buf_adds(b, s ? s : "");
}

static void
deal_start(struct funnel *fn, struct fdeal *d, struct crm_stmt *st)
{
	const char *pipe = crm_col_text(st, 3);
	size_t n;

	d->id = crm_col_int(st, 0);
	if (d->p == NULL || strcmp(d->p->name, pipe) != 0)
		d->p = crm_pipeline_find(fn->crm->cfg, pipe);
	copy(&d->owner, crm_col_text(st, 1));
	d->has_account = !crm_col_null(st, 2);
	copy(&d->account, crm_col_text(st, 2));
	d->amount = crm_col_int(st, 4);
	d->created = (time_t)crm_col_int(st, 5);
	d->has_close = !crm_col_null(st, 6);
	copy(&d->close, crm_col_text(st, 6));
	copy(&d->currency, crm_col_text(st, 7));
	d->state = ST_NONE;
	d->maxidx = -1;
	d->lost_from = -1;
	d->won_at = d->enter = 0;
	n = d->p ? d->p->nstages : 0;
	if (n > d->cap) {
		free(d->secs);
		free(d->left);
		d->secs = crm_calloc(n, sizeof(*d->secs));
		d->left = crm_calloc(n, sizeof(*d->left));
		d->cap = n;
	}
	if (n > 0) {
		memset(d->secs, 0, n * sizeof(*d->secs));
		memset(d->left, 0, n * sizeof(*d->left));
	}
}

/*
 * --as-of: a deal's amount and currency then.  Changes made after the
 * as-of time come in deal order beside the main query; the earliest
 * one's old value of each field is what the deal had then.  Returns the
 * cursor's state: 1 on a row.
 */
static int
then(struct funnel *fn, struct crm_stmt *ch, int more, struct fdeal *d)
{
	const char *field, *old;
	char why[128];
	int64_t v;
	int amount = 0, cur = 0;

	while (more && crm_col_int(ch, 0) < d->id)
		more = crm_step(fn->crm, ch) == CRM_ROW;
	for (; more && crm_col_int(ch, 0) == d->id;
	    more = crm_step(fn->crm, ch) == CRM_ROW) {
		field = crm_col_text(ch, 1);
		old = crm_col_text(ch, 2);
		if (strcmp(field, "amount") == 0 && !amount) {
			amount = 1;
			if (crm_money_parse(old ? old : "0", &v, why,
			    sizeof(why)) == 0)
				d->amount = v;
		} else if (strcmp(field, "currency") == 0 && !cur &&
		    old != NULL) {
			cur = 1;
			copy(&d->currency, old);
		}
	}
	return more;
}

/*
 * The stage changes of the deal d, replayed: from the cursor ch in deal
 * order (1: on a row), its to_stage and at in columns k and k + 1.
 * Changes of deals not selected are passed over.  Returns the cursor's
 * state; *any is set when the deal had a change.
 */
static int
changes(struct funnel *fn, struct crm_stmt *ch, int more, int k,
    struct fdeal *d, int *any)
{
	*any = 0;
	while (more && crm_col_int(ch, 0) < d->id)
		more = crm_step(fn->crm, ch) == CRM_ROW;
	for (; more && crm_col_int(ch, 0) == d->id;
	    more = crm_step(fn->crm, ch) == CRM_ROW) {
		*any = 1;
		if (d->p != NULL)
			deal_change(d, crm_col_text(ch, k),
			    (time_t)crm_col_int(ch, k + 1));
	}
	return more;
}

static void
scan(struct funnel *fn)
{
	const struct crm_funnel_q *q = fn->q;
	struct crm_buf sql = { 0 }, where = { 0 };
	struct crm_binds b = { 0 };
	struct crm_filter f = q->filter;
	struct crm_strv one = { 0 };
	struct fdeal d;
	struct crm_stmt *st, *sc, *ch = NULL;
	const char *apart;
	int more = 0, mc, any, k;

	memset(&d, 0, sizeof(d));
	if (q->as_of) {
		ch = crm_prepare(fn->crm, "SELECT deal_id, field, old FROM "
		    "field_change WHERE field IN ('amount', 'currency') AND "
		    "at > ? ORDER BY deal_id, at, id");
		crm_bind_int(ch, 1, fn->as_of);
		more = crm_step(fn->crm, ch) == CRM_ROW;
	}
	f.status = 0;
	if (fn->p != NULL) {
		crm_strv_add(&one, fn->p->name);
		f.pipeline = one;
	}
	/*
	 * The stage changes come joined to their deals, one row each, or
	 * where the backend would rather (crm_dialect()) as a query of their
	 * own beside the deals', both in deal order, merged by changes().
	 */
	apart = crm_dialect(fn->crm, CRM_DIALECT_FUNNEL_CHANGES);
	crm_buf_adds(&sql, "SELECT d.id, d.owner, ");
	/*
	 * The account is looked up only when asked for: at a million deals
	 * the join costs more than the rest of the query.
	 */
	if (q->filter.account.n > 0 || (q->mode == CRM_FUNNEL_BY &&
	    q->by == CRM_BY_ACCOUNT)) {
		/* ...at random, so its pages are kept (1.94 s against 2.49). */
		crm_cache_mb(fn->crm, 32);
		crm_buf_adds(&where, "FROM ");
		crm_buf_adds(&where, crm_deal_from);
		crm_buf_adds(&sql, "a.name");
	} else {
		crm_buf_adds(&where, "FROM deal d");
		crm_buf_adds(&sql, "NULL");
	}
	crm_buf_adds(&sql, ", d.pipeline, d.amount, d.created, "
	    "d.expected_close, d.currency");
	/*
	 * A void record is as if never made: void stage changes are left
	 * out, and the index holds void_id beside to_stage, so no table row
	 * is read for it.  A void deal's changes are void with it
	 * (crm_void_deal()), so a deal with none is left out, and the void
	 * one with it; a test of d.void_id as well, the 20th column of each
	 * deal row, made the funnel 10-15% slower at 100,000 deals for
	 * nothing.
	 */
	if (*apart == '\0') {
		crm_buf_adds(&sql, ", c.to_stage, c.at");
		crm_buf_adds(&where, " JOIN stage_change c ON c.deal_id = d.id "
		    "AND c.void_id IS NULL WHERE d.created <= ? AND c.at <= ?");
		crm_binds_int(&b, fn->as_of);
	} else
		crm_buf_adds(&where, " WHERE d.created <= ?");
	crm_binds_int(&b, fn->as_of);
	crm_filter_sql(fn->crm, &f, "d.owner", &where, &b);
	if (q->since) {
		crm_buf_adds(&where, " AND d.created >= ?");
		crm_binds_int(&b, q->since);
	}
	if (q->until) {
		crm_buf_adds(&where, " AND d.created < ?");
		crm_binds_int(&b, q->until);
	}
	/* As of a date the currency may have been another: deal_done(). */
	if (q->currency != NULL && !q->as_of) {
		crm_buf_adds(&where, " AND d.currency = ?");
		crm_binds_text(&b, q->currency);
	}
	crm_buf_adds(&sql, " ");
	crm_buf_add(&sql, where.s, where.len);
	crm_buf_adds(&sql, *apart ? " ORDER BY d.id" :
	    " ORDER BY d.id, c.at, c.id");
	st = crm_prepare(fn->crm, sql.s);
	crm_binds_apply(st, &b);
	if (*apart) {
		crm_buf_reset(&sql);
		crm_buf_printf(&sql, apart, where.s);
		sc = crm_prepare(fn->crm, sql.s);
		crm_binds_apply(sc, &b);
		crm_bind_int(sc, (int)b.n + 1, fn->as_of);
		k = 1;
	} else {
		sc = st;
		k = 8;
	}
	mc = crm_step(fn->crm, sc) == CRM_ROW;
	while (mc && (sc == st || crm_step(fn->crm, st) == CRM_ROW)) {
		deal_start(fn, &d, st);
		mc = changes(fn, sc, mc, k, &d, &any);
		if (!any)
			continue;
		if (ch != NULL)
			more = then(fn, ch, more, &d);
		deal_done(fn, &d);
	}
	crm_reset(st);
	if (sc != st)
		crm_reset(sc);
	if (ch != NULL)
		crm_reset(ch);
	crm_buf_free(&d.owner);
	crm_buf_free(&d.account);
	crm_buf_free(&d.close);
	crm_buf_free(&d.currency);
	free(d.secs);
	free(d.left);
	crm_strv_free(&one);
	crm_buf_free(&where);
	crm_buf_free(&sql);
	crm_binds_free(&b);
}

/* A percent, or null when there is nothing to divide by. */
static void
out_ratio(struct crm_out *o, long long num, long long den)
{
	if (den == 0)
		crm_out_null(o);
	else
		crm_out_pct(o, 100.0 * (double)num / (double)den);
}

/* Mean days of total seconds over n, one decimal; null when n is 0. */
static void
out_days(struct crm_out *o, double secs, long long n)
{
	if (n == 0)
		crm_out_null(o);
	else
		crm_out_pct(o, secs / (double)n / 86400.0);
}

/* A row's group; the row of the whole selection has none (null). */
static void
out_key(struct crm_out *o, const char *key)
{
	if (key != NULL)
		crm_out_str(o, key);
	else if (crm_out_fmt(o) == CRM_FMT_TABLE)
		crm_out_str(o, "(all)");
	else
		crm_out_null(o);
}

static const struct crm_col stage_cols[] = {
	{ "stage", 0 },
	{ "label", 0 },
	{ "probability", CRM_COL_RIGHT },
	{ "open", CRM_COL_RIGHT },
	{ "amount", CRM_COL_RIGHT },
	{ "weighted", CRM_COL_RIGHT },
	{ "reached", CRM_COL_RIGHT },
	{ "conversion", CRM_COL_RIGHT },
	{ "lost", CRM_COL_RIGHT },
	{ "avg_days", CRM_COL_RIGHT },
	{ "currency", CRM_COL_VARIES },
};

/* The totals' figures, then their currency; --by puts more between. */
static const struct crm_col total_cols[] = {
	{ "open", CRM_COL_RIGHT },
	{ "amount", CRM_COL_RIGHT },
	{ "weighted", CRM_COL_RIGHT },
	{ "won", CRM_COL_RIGHT },
	{ "won_amount", CRM_COL_RIGHT },
	{ "lost", CRM_COL_RIGHT },
	{ "win_rate", CRM_COL_RIGHT },
	{ "avg_cycle_days", CRM_COL_RIGHT },
	{ "velocity", CRM_COL_RIGHT },
	{ "currency", CRM_COL_VARIES },
};
#define NFIGURES	(N(total_cols) - 1)

/* The last two columns of --by and --forecast. */
static const struct crm_col tail_cols[] = {
	{ "currency", CRM_COL_VARIES },
	{ "total", CRM_COL_HIDE },
};

static const struct crm_col calibrate_cols[] = {
	{ "stage", 0 },
	{ "label", 0 },
	{ "probability", CRM_COL_RIGHT },
	{ "observed", CRM_COL_RIGHT },
	{ "closed", CRM_COL_RIGHT },
};

static const struct crm_col forecast_cols[] = {
	{ "month", 0 },
	{ "open", CRM_COL_RIGHT },
	{ "amount", CRM_COL_RIGHT },
	{ "weighted", CRM_COL_RIGHT },
	{ "currency", CRM_COL_VARIES },
	{ "total", CRM_COL_HIDE },
};

static void
emit_stages(struct funnel *fn, const struct ledger *l, struct crm_out *o)
{
	const struct crm_pipeline *p = fn->p;
	size_t i;

	for (i = 0; i < p->nstages; i++) {
		const struct fstage *s = &l->st[i];

		crm_out_str(o, p->stages[i].name);
		crm_out_str(o, p->stages[i].label);
		crm_out_int(o, p->stages[i].probability);
		crm_out_int(o, s->open);
		crm_out_money(o, s->amount);
		crm_out_money(o, s->weighted);
		crm_out_int(o, s->reached);
		out_ratio(o, i + 1 < p->nstages ? l->st[i + 1].reached :
		    l->tot.won, s->reached);
		crm_out_int(o, s->lost);
		out_days(o, s->secs, s->left);
		crm_out_str(o, l->cur);
		crm_out_end(o);
	}
}

/*
 * The totals' nine figures.  Velocity: open deals x win rate x mean won
 * amount / mean cycle days, the value the pipeline turns into wins per
 * day.
 */
static void
emit_totals(const struct ftot *t, struct crm_out *o)
{
	double v;

	crm_out_int(o, t->open);
	crm_out_money(o, t->amount);
	crm_out_money(o, t->weighted);
	crm_out_int(o, t->won);
	crm_out_money(o, t->won_amount);
	crm_out_int(o, t->lost);
	out_ratio(o, t->won, t->won + t->lost);
	out_days(o, t->cycle, t->won);
	/* No win, or wins that took no time: no velocity to speak of. */
	if (t->won == 0 || t->cycle <= 0)
		crm_out_null(o);
	else {
		v = (double)t->open * ((double)t->won / (double)(t->won +
		    t->lost)) * ((double)t->won_amount / (double)t->won) /
		    (t->cycle / (double)t->won / 86400.0);
		crm_out_money(o, v >= 9.2e18 ? INT64_MAX : (int64_t)(v + 0.5));
	}
}

/* One totals record per currency. */
static void
emit_ledger_totals(struct funnel *fn, struct crm_out *o)
{
	size_t i;

	for (i = 0; i < fn->nled; i++) {
		emit_totals(&fn->led[i]->tot, o);
		crm_out_str(o, fn->led[i]->cur);
		crm_out_end(o);
	}
}

static void
emit_calibrate(struct funnel *fn, struct crm_out *o)
{
	const struct crm_pipeline *p = fn->p;
	const struct fstage *st = fn->led[0]->st;
	size_t i;

	for (i = 0; i < p->nstages; i++) {
		crm_out_str(o, p->stages[i].name);
		crm_out_str(o, p->stages[i].label);
		crm_out_int(o, p->stages[i].probability);
		out_ratio(o, st[i].won, st[i].closed);
		crm_out_int(o, st[i].closed);
		crm_out_end(o);
	}
}

static int
cmpgroup(const void *a, const void *b)
{
	const struct ftot *const *x = a, *const *y = b;

	return strcmp((*x)->key, (*y)->key);
}

/* A --by row: a group's, or (key NULL) the currency's total. */
static void
emit_group(struct funnel *fn, const struct ftot *g, const char *key,
    const char *cur, struct crm_out *o)
{
	size_t i, n = fn->p ? fn->p->nstages : 0;

	out_key(o, key);
	emit_totals(g, o);
	for (i = 0; i < n; i++)
		out_ratio(o, i + 1 < n ? g->reached[i + 1] : g->won,
		    g->reached[i]);
	crm_out_str(o, cur);
	crm_out_bool(o, key == NULL);
	crm_out_end(o);
}

/*
 * --by: each currency's groups, sorted, then (after a blank line in a
 * table) the total row of each currency, whose key is null and total
 * true.
 */
static void
emit_by(struct funnel *fn, struct crm_out *o)
{
	struct ledger *l;
	struct ftot **v = NULL;
	size_t i, k, n, cap = 0;

	for (k = 0; k < fn->nled; k++) {
		l = fn->led[k];
		if (l->ngroups > cap) {
			cap = l->ngroups;
			v = crm_reallocarray(v, cap, sizeof(*v));
		}
		for (i = n = 0; i < l->capgroups; i++)
			if (l->groups[i] != NULL)
				v[n++] = l->groups[i];
		if (n > 1)	/* v is NULL while no ledger had a group */
			qsort(v, n, sizeof(*v), cmpgroup);
		if (k > 0)
			crm_out_gap(o);
		for (i = 0; i < n; i++)
			emit_group(fn, v[i], v[i]->key, l->cur, o);
	}
	crm_out_gap(o);
	for (k = 0; k < fn->nled; k++)
		emit_group(fn, &fn->led[k]->tot, NULL, fn->led[k]->cur, o);
	free(v);
}

static void
emit_forecast(struct funnel *fn, struct crm_out *o)
{
	struct ftot *all;
	size_t i, k, nm = fn->nbuckets - 3;

	all = crm_calloc(fn->nled, sizeof(*all));
	for (k = 0; k < fn->nled; k++) {
		if (k > 0)
			crm_out_gap(o);
		for (i = 0; i < fn->nbuckets; i++) {
			const struct ftot *t = &fn->led[k]->buckets[i];

			if (i == 0)
				crm_out_str(o, "overdue");
			else if (i <= nm)
				crm_out_str(o, fn->months[i - 1]);
			else
				crm_out_str(o, i == nm + 1 ? "later" : "none");
			crm_out_int(o, t->open);
			crm_out_money(o, t->amount);
			crm_out_money(o, t->weighted);
			crm_out_str(o, fn->led[k]->cur);
			crm_out_bool(o, 0);
			crm_out_end(o);
			all[k].open += t->open;
			all[k].amount = add64(all[k].amount, t->amount);
			all[k].weighted = add64(all[k].weighted, t->weighted);
		}
	}
	crm_out_gap(o);
	for (k = 0; k < fn->nled; k++) {
		out_key(o, NULL);
		crm_out_int(o, all[k].open);
		crm_out_money(o, all[k].amount);
		crm_out_money(o, all[k].weighted);
		crm_out_str(o, fn->led[k]->cur);
		crm_out_bool(o, 1);
		crm_out_end(o);
	}
	free(all);
}

/*
 * The chart under the table on a terminal: one bar a stage, centred,
 * as wide as the share of deals that reached the stage; one chart per
 * currency, under its code when there are several.
 */
#define CHART_WIDTH	40

static void
chart(struct funnel *fn, const struct ledger *l)
{
	const struct crm_pipeline *p = fn->p;
	size_t i, j, lw = 0, w, pad;
	long long top = 0;
	char num[64];

	for (i = 0; i < p->nstages; i++) {
		if (crm_width(p->stages[i].label) > lw)
			lw = crm_width(p->stages[i].label);
		if (l->st[i].reached > top)
			top = l->st[i].reached;
	}
	putchar('\n');
	if (fn->nled > 1)
		printf("%s\n", l->cur);
	for (i = 0; i < p->nstages; i++) {
		long long r = l->st[i].reached;
		long long next = i + 1 < p->nstages ? l->st[i + 1].reached :
		    l->tot.won;

		w = top ? (size_t)((r * CHART_WIDTH + top / 2) / top) : 0;
		if (r > 0 && w == 0)
			w = 1;
		pad = (CHART_WIDTH - w) / 2;
		crm_pad(stdout, p->stages[i].label, lw, 0);
		fputs("  ", stdout);
		for (j = 0; j < pad; j++)
			putchar(' ');
		for (j = 0; j < w; j++)
			fputs("\xe2\x96\x88", stdout);		/* U+2588 */
		for (j = pad + w; j < CHART_WIDTH; j++)
			putchar(' ');
		if (r > 0)
			snprintf(num, sizeof(num), "  %lld  %.1f%%", r,
			    100.0 * (double)next / (double)r);
		else
			snprintf(num, sizeof(num), "  %lld", r);
		fputs(num, stdout);
		putchar('\n');
	}
}

static void
json_head(struct funnel *fn, FILE *fp)
{
	char iso[21];

	crm_time_iso(fn->as_of, iso);
	fputs("{\"pipeline\":", fp);
	if (fn->p != NULL)
		crm_json_str(fp, fn->p->name);
	else
		fputs("null", fp);
	fputs(",\"as_of\":", fp);
	crm_json_str(fp, iso);
}

/*
 * The writer of the totals records: one object in JSON when there is one
 * currency, an array of them when there are several.
 */
static struct crm_out *
totals_out(struct funnel *fn, enum crm_fmt fmt, int flags)
{
	if (fn->nled == 1)
		flags |= CRM_OUT_SINGLE;
	return crm_out_new(stdout, fmt, total_cols, N(total_cols), flags);
}

static void
report(struct funnel *fn)
{
	struct crm *crm = fn->crm;
	const struct crm_funnel_q *q = fn->q;
	struct crm_col *cols = NULL;
	struct crm_out *o;
	const struct crm_col *c;
	size_t nc = 0, i, k, nconv = 0;
	int json = crm->fmt == CRM_FMT_JSON || crm->fmt == CRM_FMT_JSONL;
	int flags = json ? CRM_OUT_INLINE : crm->outflags;
	const char *member = "rows";

	switch (q->mode) {
	case CRM_FUNNEL_TOTALS:
		o = totals_out(fn, crm->fmt, crm->outflags);
		emit_ledger_totals(fn, o);
		crm_out_free(o);
		return;
	case CRM_FUNNEL_BY:
		/* key, the nine figures, a conversion a stage, the tail */
		nconv = fn->p ? fn->p->nstages : 0;
		nc = 1 + NFIGURES + nconv + N(tail_cols);
		cols = crm_calloc(nc, sizeof(*cols));
		cols[0].name = q->by == CRM_BY_OWNER ? "owner" :
		    q->by == CRM_BY_ACCOUNT ? "account" : "pipeline";
		memcpy(cols + 1, total_cols, NFIGURES * sizeof(*cols));
		for (i = 0; i < nconv; i++) {
			cols[1 + NFIGURES + i].name = crm_asprintf(
			    "conversion_%s", fn->p->stages[i].name);
			cols[1 + NFIGURES + i].flags = CRM_COL_RIGHT;
		}
		memcpy(cols + 1 + NFIGURES + nconv, tail_cols,
		    sizeof(tail_cols));
		c = cols;
		break;
	case CRM_FUNNEL_FORECAST:
		c = forecast_cols;
		nc = N(forecast_cols);
		break;
	case CRM_FUNNEL_CALIBRATE:
		c = calibrate_cols;
		nc = N(calibrate_cols);
		member = "stages";
		break;
	default:
		c = stage_cols;
		nc = N(stage_cols);
		member = "stages";
		break;
	}
	if (json) {
		json_head(fn, stdout);
		printf(",\"%s\":", member);
	}
	o = crm_out_new(stdout, json ? CRM_FMT_JSON : crm->fmt, c, nc, flags);
	switch (q->mode) {
	case CRM_FUNNEL_BY:
		emit_by(fn, o);
		break;
	case CRM_FUNNEL_FORECAST:
		emit_forecast(fn, o);
		break;
	case CRM_FUNNEL_CALIBRATE:
		emit_calibrate(fn, o);
		break;
	default:
		for (k = 0; k < fn->nled; k++) {
			if (k > 0)
				crm_out_gap(o);
			emit_stages(fn, fn->led[k], o);
		}
		break;
	}
	crm_out_free(o);
	if (q->mode == CRM_FUNNEL_STAGES && (json ||
	    crm->fmt == CRM_FMT_TABLE)) {
		if (json)
			fputs(",\"totals\":", stdout);
		else
			putchar('\n');
		o = totals_out(fn, json ? CRM_FMT_JSON : crm->fmt, json ?
		    CRM_OUT_INLINE : crm->outflags);
		emit_ledger_totals(fn, o);
		crm_out_free(o);
		if (crm->fmt == CRM_FMT_TABLE && q->chart &&
		    isatty(STDOUT_FILENO))
			for (k = 0; k < fn->nled; k++)
				chart(fn, fn->led[k]);
	}
	if (json)
		fputs("}\n", stdout);
	if (cols != NULL) {
		for (i = 0; i < nconv; i++)
			free((char *)cols[1 + NFIGURES + i].name);
		free(cols);
	}
}

/* The month labels of --forecast, from the as-of month on. */
static void
forecast_init(struct funnel *fn)
{
	char err[128];
	int y, m;
	size_t i;

	if (crm_date_parse("today", fn->as_of, fn->today, err,
	    sizeof(err)) == -1)
		errx(CRM_EXIT_USAGE, "today: %s", err);
	y = atoi(fn->today);
	m = atoi(fn->today + 5);
	fn->months = crm_calloc((size_t)fn->q->months, sizeof(*fn->months));
	for (i = 0; i < (size_t)fn->q->months; i++) {
		snprintf(fn->months[i], sizeof(fn->months[i]), "%04d-%02d",
		    y % 10000, m);
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	fn->nbuckets = (size_t)fn->q->months + 3;
}

void
crm_funnel(struct crm *crm, const struct crm_funnel_q *q)
{
	struct funnel fn;
	const char *orphaned = NULL;
	size_t i;

	memset(&fn, 0, sizeof(fn));
	fn.crm = crm;
	fn.q = q;
	fn.as_of = q->as_of ? q->as_of : crm->now;
	for (i = 0; i < q->filter.pipeline.n; i++)
		crm_pipeline_check(crm, q->filter.pipeline.v[i]);
	/*
	 * The funnel is one pipeline's stages: -p names it; more than one
	 * -p is for --by pipeline, a row for each.
	 */
	if (q->mode != CRM_FUNNEL_BY || q->by != CRM_BY_PIPELINE) {
		if (q->filter.pipeline.n > 1)
			errx(CRM_EXIT_USAGE, "-p '%s' and -p '%s': a funnel "
			    "is the stages of one pipeline (give one -p, or "
			    "--by pipeline to compare them)",
			    q->filter.pipeline.v[0], q->filter.pipeline.v[1]);
		fn.p = q->filter.pipeline.n ? crm_pipeline_find(crm->cfg,
		    q->filter.pipeline.v[0]) : &crm->cfg->pipes[0];
	}
	/*
	 * Open deals in a stage the config no longer has would drop out of
	 * every figure unseen: the funnel of their pipeline waits until
	 * they are moved, or renamed_from names their stage.
	 */
	if (fn.p != NULL)
		orphaned = crm_stage_warn(crm, fn.p->name) ? fn.p->name : NULL;
	else
		for (i = 0; i < crm->cfg->npipes; i++)
			if ((q->filter.pipeline.n == 0 || crm_strv_has(
			    &q->filter.pipeline, crm->cfg->pipes[i].name)) &&
			    crm_stage_warn(crm, crm->cfg->pipes[i].name) &&
			    orphaned == NULL)
				orphaned = crm->cfg->pipes[i].name;
	crm_stage_warn(crm, NULL);
	if (orphaned != NULL)
		errx(CRM_EXIT_USAGE, "no funnel of pipeline %s until its open "
		    "deals are in stages it has", orphaned);
	if (q->mode == CRM_FUNNEL_FORECAST)
		forecast_init(&fn);
	scan(&fn);
	/*
	 * No deal counted: the report of the currency asked for, or of new
	 * deals', all zero.
	 */
	if (fn.nled == 0)
		ledger(&fn, q->mode == CRM_FUNNEL_CALIBRATE ? "" :
		    q->currency != NULL ? q->currency : crm->cfg->currency);
	qsort(fn.led, fn.nled, sizeof(*fn.led), cmpledger);
	report(&fn);

	for (i = 0; i < fn.nled; i++)
		ledger_free(fn.led[i]);
	free(fn.led);
	free(fn.months);
}
