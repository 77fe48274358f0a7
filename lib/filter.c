/*
 * The filters shared by every command that selects deals (-o -T -p -a -s),
 * turned into SQL conditions whose values are always bound, never pasted;
 * and -q, the search of crm-ls and crm-log -L.
 *
 * A filter given more than once means any of its values (IN), different
 * filters all apply (AND).  One value is still "= ?", so the plans of the
 * single-value case (bench/RESULTS.md) stay as they were.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

/* 9999-12-31T23:59:59Z, the last time crm_when_parse() takes. */
#define TIME_MAX	253402300799LL

int
crm_filter_opt(struct crm_filter *f, int ch, const char *arg)
{
	struct crm_strv *v;

	switch (ch) {
	case 'o':
		v = &f->owner;
		break;
	case 'T':
		v = &f->team;
		break;
	case 'p':
		v = &f->pipeline;
		break;
	case 'a':
		v = &f->account;
		break;
	case 's':
		v = &f->stage;
		break;
	default:
		return 0;
	}
	/* -o li -o li is -o li. */
	if (!crm_strv_has(v, arg))
		crm_strv_add(v, arg);
	return 1;
}

int
crm_filter_given(const struct crm_filter *f)
{
	return f->owner.n > 0 || f->team.n > 0 || f->pipeline.n > 0 ||
	    f->account.n > 0 || f->stage.n > 0;
}

void
crm_filter_free(struct crm_filter *f)
{
	crm_strv_free(&f->owner);
	crm_strv_free(&f->team);
	crm_strv_free(&f->pipeline);
	crm_strv_free(&f->account);
	crm_strv_free(&f->stage);
}

void
crm_binds_text(struct crm_binds *b, const char *s)
{
	b->v = crm_reallocarray(b->v, b->n + 1, sizeof(*b->v));
	b->v[b->n].s = s ? crm_strdup(s) : NULL;
	b->v[b->n].i = 0;
	b->v[b->n].isint = 0;
	b->n++;
}

void
crm_binds_int(struct crm_binds *b, long long i)
{
	b->v = crm_reallocarray(b->v, b->n + 1, sizeof(*b->v));
	b->v[b->n].s = NULL;
	b->v[b->n].i = i;
	b->v[b->n].isint = 1;
	b->n++;
}

void
crm_binds_apply(struct crm_stmt *st, const struct crm_binds *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		if (b->v[i].isint)
			crm_bind_int(st, (int)i + 1, b->v[i].i);
		else
			crm_bind_text(st, (int)i + 1, b->v[i].s);
	}
}

void
crm_binds_free(struct crm_binds *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		free(b->v[i].s);
	free(b->v);
	b->v = NULL;
	b->n = 0;
}

/* " AND col = ?" for one value, " AND col IN (?, ...)" for more. */
static void
in_sql(const char *col, const struct crm_strv *v, struct crm_buf *sql,
    struct crm_binds *b)
{
	size_t i;

	if (v->n == 0)
		return;
	if (v->n == 1) {
		crm_buf_printf(sql, " AND %s = ?", col);
		crm_binds_text(b, v->v[0]);
		return;
	}
	crm_buf_printf(sql, " AND %s IN (", col);
	for (i = 0; i < v->n; i++) {
		crm_buf_adds(sql, i ? ", ?" : "?");
		crm_binds_text(b, v->v[i]);
	}
	crm_buf_adds(sql, ")");
}

void
crm_pipeline_check(struct crm *crm, const char *name)
{
	struct crm_strv names = { 0 };
	size_t i;

	if (name == NULL || crm_pipeline_find(crm->cfg, name) != NULL)
		return;
	for (i = 0; i < crm->cfg->npipes; i++)
		crm_strv_add(&names, crm->cfg->pipes[i].name);
	errx(CRM_EXIT_USAGE, "%s", crm_unknown("pipeline", name, &names,
	    "pipelines"));
}

/*
 * Whether name owns a deal or logged an activity.  Someone who left
 * team: still has a history to read and deals to hand over.
 */
static int
in_history(struct crm *crm, const char *name)
{
	struct crm_stmt *st;
	int found;

	/* A number, not a truth value, which PostgreSQL gives as t or f. */
	st = crm_prepare(crm, "SELECT CASE WHEN EXISTS (SELECT 1 FROM deal "
	    "WHERE status IN ('open', 'won', 'lost') AND owner = ?) OR EXISTS "
	    "(SELECT 1 FROM activity WHERE by = ?) THEN 1 ELSE 0 END");
	crm_bind_text(st, 1, name);
	crm_bind_text(st, 2, name);
	found = crm_step(crm, st) == CRM_ROW &&
	    crm_col_int(st, 0) != 0;
	crm_reset(st);
	return found;
}

/*
 * Exits 2 on a name that is neither in team: nor in the history.  team:
 * -T, whose name is looked up in team: even in the built-in example.
 */
static void
person_check(struct crm *crm, const struct crm_strv *v, int team)
{
	char why[1024];
	size_t i;

	for (i = 0; i < v->n; i++)
		if ((team ? crm_team_check(crm->cfg, v->v[i], why,
		    sizeof(why)) : crm_person_check(crm->cfg, v->v[i], why,
		    sizeof(why))) == -1 && !in_history(crm, v->v[i]))
			errx(CRM_EXIT_USAGE, "%s", why);
}

/* The i-th pipeline the filter allows: its -p, else the config's. */
static const struct crm_pipeline *
allowed(const struct crm *crm, const struct crm_filter *f, size_t i)
{
	return f->pipeline.n ? crm_pipeline_find(crm->cfg, f->pipeline.v[i]) :
	    &crm->cfg->pipes[i];
}

/*
 * Exits 2 on a -s that none of the np pipelines allowed has: "did you
 * mean" from the first of them with a stage close to it.  Before
 * stage_sql() allocates anything, so nothing is left behind.
 */
static void
stage_check(struct crm *crm, const struct crm_filter *f, size_t np)
{
	struct crm_strv names;
	const char *s, *near;
	size_t i, j, k, pick;

	for (k = 0; k < f->stage.n; k++) {
		s = f->stage.v[k];
		/* A stage removed with deals in it: to find and move them. */
		for (i = 0; i < np; i++)
			if (crm_stage_name(allowed(crm, f, i), s) != NULL ||
			    crm_stage_orphan(crm, allowed(crm, f, i)->name, s))
				break;
		if (i < np)
			continue;
		for (pick = 0, i = 0; i < np; i++) {
			memset(&names, 0, sizeof(names));
			for (j = 0; j < allowed(crm, f, i)->nstages; j++)
				crm_strv_add(&names,
				    allowed(crm, f, i)->stages[j].name);
			near = crm_suggest(s, &names);
			crm_strv_free(&names);
			if (near != NULL) {
				pick = i;
				break;
			}
		}
		errx(CRM_EXIT_USAGE, "%s",
		    crm_stage_unknown(allowed(crm, f, pick), s));
	}
}

/*
 * -s: each value is a stage's name or label in any of the pipelines the
 * filter allows (-p, else all).  A label means that pipeline's stage, and
 * a label may stand for different names in different pipelines; when a
 * name it stands for in one is also a stage of another where no -s named
 * it (product's lead labelled 线索 beside project's lead), the condition
 * pairs each pipeline with its stages.  Otherwise it is on the stage
 * alone, as it always was.  Returns the CRM_ST_* of the stages named:
 * open for an open stage, won, lost.
 */
static int
stage_sql(struct crm *crm, const struct crm_filter *f, struct crm_buf *sql,
    struct crm_binds *b)
{
	const struct crm_pipeline *p;
	struct crm_strv *named, all = { 0 };
	const struct crm_strv *old;
	const char *n;
	size_t np, i, j, m;
	int exact = 1, status = 0, first, k;

	np = f->pipeline.n ? f->pipeline.n : crm->cfg->npipes;
	stage_check(crm, f, np);
	named = crm_calloc(np, sizeof(*named));
	for (j = 0; j < f->stage.n; j++)
		for (i = 0; i < np; i++) {
			p = allowed(crm, f, i);
			n = crm_stage_name(p, f->stage.v[j]);
			if (n == NULL && crm_stage_orphan(crm, p->name,
			    f->stage.v[j])) {
				n = f->stage.v[j];
				exact = 0;
			}
			if (n == NULL)
				continue;
			if (!crm_strv_has(&named[i], n))
				crm_strv_add(&named[i], n);
			if (!crm_strv_has(&all, n))
				crm_strv_add(&all, n);
			/*
			 * Deals in it by an old name: only of this pipeline,
			 * where another may have a stage of that name.
			 */
			if ((k = crm_stage_index(p, n)) < 0)
				continue;
			old = &p->stages[k].renamed_from;
			for (m = 0; m < old->n; m++)
				if (!crm_strv_has(&named[i], old->v[m])) {
					crm_strv_add(&named[i], old->v[m]);
					exact = 0;
				}
		}
	for (i = 0; i < np; i++) {
		p = allowed(crm, f, i);
		for (j = 0; j < all.n; j++)
			if (crm_stage_index(p, all.v[j]) >= 0 &&
			    !crm_strv_has(&named[i], all.v[j]))
				exact = 0;
	}
	if (exact)
		in_sql("d.stage", &all, sql, b);
	else {
		crm_buf_adds(sql, " AND (");
		first = 1;
		for (i = 0; i < np; i++) {
			if (named[i].n == 0)
				continue;
			p = allowed(crm, f, i);
			crm_buf_adds(sql, first ? "(d.pipeline = ?" :
			    " OR (d.pipeline = ?");
			crm_binds_text(b, p->name);
			in_sql("d.stage", &named[i], sql, b);
			crm_buf_adds(sql, ")");
			first = 0;
		}
		crm_buf_adds(sql, ")");
	}
	for (j = 0; j < all.n; j++)
		status |= strcmp(all.v[j], "won") == 0 ? CRM_ST_WON :
		    strcmp(all.v[j], "lost") == 0 ? CRM_ST_LOST : CRM_ST_OPEN;
	for (i = 0; i < np; i++)
		crm_strv_free(&named[i]);
	free(named);
	crm_strv_free(&all);
	return status;
}

/*
 * How the status condition is written: as it is; always, even when it
 * allows every status (so an index that starts with the status can be
 * read, deal_due); or unindexed (coalesce(d.status, ''), never null, so
 * that SQLite reads another index, or the table in order, not every deal
 * of that status).
 */
enum status_how { STATUS_PLAIN, STATUS_ALWAYS, STATUS_UNINDEXED };

static void
filter_sql(struct crm *crm, const struct crm_filter *f,
    const char *owner_col, enum status_how how, struct crm_buf *sql,
    struct crm_binds *b)
{
	static const struct {
		int		 bit;
		const char	*sql;
	} names[] = {
		{ CRM_ST_OPEN, "'open'" },
		{ CRM_ST_WON, "'won'" },
		{ CRM_ST_LOST, "'lost'" },
	};
	struct crm_strv team = { 0 };
	size_t i;
	int status = f->status, all = CRM_ST_OPEN | CRM_ST_WON | CRM_ST_LOST;
	int first, named;

	for (i = 0; i < f->pipeline.n; i++)
		crm_pipeline_check(crm, f->pipeline.v[i]);
	person_check(crm, &f->owner, 0);
	person_check(crm, &f->team, 1);
	in_sql(owner_col, &f->owner, sql, b);
	/* -T a -T b: everyone below a or b, each once. */
	for (i = 0; i < f->team.n; i++)
		crm_team_members(crm->cfg, f->team.v[i], &team);
	if (team.n > 0) {
		crm_buf_printf(sql, " AND %s IN (", owner_col);
		for (i = 0; i < team.n; i++) {
			crm_buf_adds(sql, i ? ", ?" : "?");
			crm_binds_text(b, team.v[i]);
		}
		crm_buf_adds(sql, ")");
		crm_strv_free(&team);
	}
	in_sql("d.pipeline", &f->pipeline, sql, b);
	in_sql("a.name", &f->account, sql, b);
	/*
	 * -s won or -s lost says which closed deals, whatever the status
	 * options say; beside an open stage, it adds them to the status.
	 */
	if (f->stage.n > 0) {
		named = stage_sql(crm, f, sql, b);
		if (!(named & CRM_ST_OPEN))
			status = 0;
		else if (status != 0)
			status |= named;
	}
	if (status == 0)
		status = all;
	if (status == all && how != STATUS_ALWAYS)
		return;
	crm_buf_adds(sql, how == STATUS_UNINDEXED ?
	    " AND coalesce(d.status, '') IN (" : " AND d.status IN (");
	for (first = 1, i = 0; i < sizeof(names) / sizeof(*names); i++) {
		if (!(status & names[i].bit))
			continue;
		crm_buf_adds(sql, first ? "" : ", ");
		crm_buf_adds(sql, names[i].sql);
		first = 0;
	}
	crm_buf_adds(sql, ")");
}

void
crm_filter_sql(struct crm *crm, const struct crm_filter *f,
    const char *owner_col, struct crm_buf *sql, struct crm_binds *b)
{
	filter_sql(crm, f, owner_col, STATUS_PLAIN, sql, b);
}

/*
 * What -q looks for in a deal: its title, account, contact, and the note
 * it was made with (crm-add -m, an import's note column: a deal has no
 * note of its own, its first stage change keeps it).  The account and
 * the note are looked up once each, as the sets of accounts and deals
 * that have the text, not once a deal; the notes are read from an index
 * that holds only them (stage_change_note, schema 5).  like is the
 * pattern: see crm_search_sql().
 */
static void
deal_search(const char *like, struct crm_buf *sql, struct crm_binds *b)
{
	crm_buf_adds(sql, "lower(d.title) LIKE ? ESCAPE '!' OR "
	    "lower(d.contact) LIKE ? ESCAPE '!' OR "
	    "d.account_id IN (SELECT id FROM account WHERE "
	    "lower(name) LIKE ? ESCAPE '!') OR "
	    "d.id IN (SELECT deal_id FROM stage_change WHERE "
	    "from_stage IS NULL AND note IS NOT NULL AND "
	    "lower(note) LIKE ? ESCAPE '!')");
	crm_binds_text(b, like);
	crm_binds_text(b, like);
	crm_binds_text(b, like);
	crm_binds_text(b, like);
}

/*
 * The longest -q text: its pattern, at most twice as long and two bytes
 * more, must stay under SQLite's limit on a LIKE pattern (50,000 bytes,
 * SQLITE_MAX_LIKE_PATTERN_LENGTH, an error past it).  Far more than any
 * title, account or contact holds; only a long note could.
 */
#define SEARCH_MAX	24000

void
crm_search_like(const char *text, struct crm_buf *like)
{
	const char *p;
	size_t bad;

	if (text[0] == '\0')
		errx(CRM_EXIT_USAGE, "-q '': no text to search for");
	if (crm_utf8_check(text, strlen(text), &bad) == -1)
		errx(CRM_EXIT_USAGE, "-q: invalid UTF-8 at byte %zu "
		    "of the text", bad + 1);
	if (strlen(text) > SEARCH_MAX)
		errx(CRM_EXIT_USAGE, "-q: %zu bytes of text, at most "
		    "%d", strlen(text), SEARCH_MAX);
	/*
	 * lower(col) LIKE '%text%', with the text in lower case and its %,
	 * _ and the escape ! taken literally: the same on every backend,
	 * where SQLite's LIKE ignores the case of ASCII letters and
	 * PostgreSQL's does not.  SQLite's lower() folds ASCII letters only
	 * (as PostgreSQL's does on crm's COLLATE "C" text), so the text is
	 * folded the same way.  (SQLite's instr() was as fast, but
	 * PostgreSQL has none.)
	 */
	memset(like, 0, sizeof(*like));
	crm_buf_addc(like, '%');
	for (p = text; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '!')
			crm_buf_addc(like, '!');
		crm_buf_addc(like, *p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' :
		    *p);
	}
	crm_buf_addc(like, '%');
}

void
crm_search_sql(const struct crm_strv *texts, int activities,
    struct crm_buf *sql, struct crm_binds *b)
{
	struct crm_buf like;
	size_t i;

	if (texts == NULL || texts->n == 0)
		return;
	crm_buf_adds(sql, " AND (");
	for (i = 0; i < texts->n; i++) {
		crm_search_like(texts->v[i], &like);
		if (i > 0)
			crm_buf_adds(sql, " OR ");
		if (activities) {
			crm_buf_adds(sql, "lower(x.purpose) LIKE ? ESCAPE '!' OR "
			    "lower(x.note) LIKE ? ESCAPE '!' OR "
			    "lower(x.outcome) LIKE ? ESCAPE '!' OR ");
			crm_binds_text(b, like.s);
			crm_binds_text(b, like.s);
			crm_binds_text(b, like.s);
		}
		deal_search(like.s, sql, b);
		crm_buf_free(&like);
	}
	crm_buf_adds(sql, ")");
}

/*
 * Whether fewer than a tenth of the deals closed in [since, until): then
 * a range of deal_closed and a sort by id beat reading every deal in
 * order, and not otherwise (at a million deals, 6,000 closed in the
 * last four days: 0.10 s against 0.33; 870,000 closed since 2020: 11 s
 * against 3.9).  Counting stops at the tenth, in the index alone.
 */
static int
few_closed(struct crm *crm, time_t since, time_t until)
{
	struct crm_stmt *st;
	long long tenth, n = 0;

	tenth = crm_deal_last_id(crm) / 10;
	/* The subquery is named: PostgreSQL 15 wants it. */
	st = crm_prepare(crm, "SELECT count(*) FROM (SELECT 1 FROM deal "
	    "WHERE closed >= ? AND closed < ? LIMIT ?) AS few");
	crm_bind_int(st, 1, since);
	crm_bind_int(st, 2, until ? until : TIME_MAX + 1);
	crm_bind_int(st, 3, tenth);
	if (crm_step(crm, st) == CRM_ROW)
		n = crm_col_int(st, 0);
	crm_reset(st);
	return n < tenth;
}

void
crm_ls_sql(struct crm *crm, const struct crm_ls *q, struct crm_buf *sql,
    struct crm_binds *b)
{
	enum status_how how = STATUS_PLAIN;
	int person = q->filter.owner.n > 0 || q->filter.team.n > 0;
	int closed = q->closed_since || q->closed_until, byclosed = 0;

	/*
	 * SQLite has no statistics here, and without them it takes any
	 * index that starts with an equal (the status) over a range of
	 * dates, and a scan in id order over a range with one end.  So:
	 * one person's or team's deals are fewest, and go by
	 * deal_status_owner, the dates written so that no index of theirs
	 * is taken instead.  A few deals closed in the range are read from
	 * deal_closed, with two ends to it; many, in id order.  --due reads
	 * deal_due, which starts with the status, so the status is always
	 * there.  -q and a range of creation read every deal of the status
	 * asked for: through an index of the status that is a random read
	 * of the table for each (at a million deals, -q spent 0.33 s of 1.0
	 * in the kernel), where reading the table in order reads each page
	 * once.  A column written coalesce(col, ''), (col || '') or
	 * (col + 0) is one that no index has, in SQLite and PostgreSQL alike
	 * (SQLite's +col is not PostgreSQL's); the last two keep null null.
	 */
	if (person)
		how = STATUS_PLAIN;
	else if (closed) {
		how = STATUS_UNINDEXED;
		byclosed = few_closed(crm, q->closed_since, q->closed_until);
	} else if (q->due[0] != '\0')
		how = STATUS_ALWAYS;
	else if ((q->text.n > 0 || q->created_since || q->created_until) &&
	    q->filter.pipeline.n == 0 && q->filter.stage.n == 0)
		how = STATUS_UNINDEXED;
	filter_sql(crm, &q->filter, "d.owner", how, sql, b);
	crm_buf_adds(sql, q->voided ? " AND d.void_id IS NOT NULL" :
	    " AND d.void_id IS NULL");
	crm_search_sql(&q->text, 0, sql, b);
	/* Dates are text, YYYY-MM-DD: they compare as they sort. */
	if (q->due[0] != '\0') {
		crm_buf_adds(sql, person ? " AND (d.next_action || '') <= ?" :
		    " AND d.next_action <= ?");
		crm_binds_text(b, q->due);
	}
	if (q->created_since) {
		crm_buf_adds(sql, " AND d.created >= ?");
		crm_binds_int(b, q->created_since);
	}
	if (q->created_until) {
		crm_buf_adds(sql, " AND d.created < ?");
		crm_binds_int(b, q->created_until);
	}
	if (closed) {
		crm_buf_adds(sql, byclosed ? " AND d.closed >= ?" :
		    " AND (d.closed + 0) >= ?");
		crm_binds_int(b, q->closed_since);
		crm_buf_adds(sql, byclosed ? " AND d.closed < ?" :
		    " AND (d.closed + 0) < ?");
		crm_binds_int(b, q->closed_until ? q->closed_until :
		    TIME_MAX + 1);
	}
}
