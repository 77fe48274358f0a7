/*
 * crm-stale: open deals that sit still.  A deal is stalled by stage
 * (longer in its stage than the stage's max_days), idle (no activity for
 * longer than stale.idle_days, counted from creation when none) or
 * overdue (its next_action date is before today).  The reasons are worked
 * out in one query, so sorting and the first-row-only -q happen in SQLite
 * and rows stream out.
 */
#include <err.h>
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

static const char *const reasons[] = { "stage", "idle", "overdue" };

int
crm_stale_reason(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(reasons) / sizeof(*reasons); i++)
		if (strcmp(s, reasons[i]) == 0)
			return (int)i + 1;
	return -1;
}

/* The stage limit of each deal: -d, else its stage's max_days (NULL: none). */
static void
maxdays_expr(struct crm *crm, const struct crm_stale *q, struct crm_buf *sql,
    struct crm_binds *b)
{
	const struct crm_pipeline *p;
	size_t i, j;

	if (q->days >= 0) {
		crm_buf_adds(sql, "?");
		crm_binds_int(b, q->days);
		return;
	}
	crm_buf_adds(sql, "CASE");
	for (i = 0; i < crm->cfg->npipes; i++) {
		p = &crm->cfg->pipes[i];
		for (j = 0; j < p->nstages; j++) {
			if (p->stages[j].max_days == 0)
				continue;
			crm_buf_adds(sql, " WHEN d.pipeline = ? AND d.stage = ? "
			    "THEN ?");
			crm_binds_text(b, p->name);
			crm_binds_text(b, p->stages[j].name);
			crm_binds_int(b, p->stages[j].max_days);
		}
	}
	crm_buf_adds(sql, " ELSE NULL END");
}

/* Sort keys only crm-stale has; the deal's own go to crm_deal_order(). */
static int
stale_order(const char *spec, struct crm_buf *sql)
{
	static const char *const keys[] = {
		"max_days", "days_idle", "days_overdue", "reason", "stalled",
	};
	const char *field = spec, *dir = "";
	size_t i;

	if (field[0] == '-') {
		field++;
		dir = " DESC";
	}
	for (i = 0; i < sizeof(keys) / sizeof(*keys); i++)
		if (strcmp(field, keys[i]) == 0) {
			crm_buf_printf(sql, " ORDER BY d.%s%s, d.id", keys[i],
			    dir);
			return 0;
		}
	return -1;
}

int
crm_stale(struct crm *crm, const struct crm_stale *q)
{
	struct crm_out *o = NULL;
	struct crm_buf sql = { 0 };
	struct crm_binds b = { 0 };
	struct crm_filter f = q->filter;
	struct crm_deal d;
	const struct crm_pipeline *p;
	sqlite3_stmt *st;
	char today[11], err[128];
	int n = 0, i, si;

	if (crm_date_parse("today", crm->now, today, err, sizeof(err)) == -1)
		errx(CRM_EXIT_USAGE, "today: %s", err);
	f.status = 0;
	/*
	 * The deal's own columns travel through the CTEs, so each open deal
	 * is read once (a join back to deal by id read the stalled ones
	 * twice).  The final FROM names the result d, so the deal columns
	 * and crm_deal_order()'s sort keys apply to it unchanged.
	 */
	crm_buf_adds(&sql, "WITH s AS (SELECT d.*, ");
	maxdays_expr(crm, q, &sql, &b);
	crm_buf_adds(&sql, " AS max_days, "
	    "max(0, (? - d.stage_entered) / 86400) AS days_in_stage, "
	    "max(0, (? - coalesce(d.last_activity, d.created)) / 86400) "
	    "AS days_idle, "
	    "CASE WHEN d.next_action < ? THEN CAST(julianday(?) - "
	    "julianday(d.next_action) AS INTEGER) ELSE 0 END AS days_overdue "
	    "FROM deal d LEFT JOIN account a ON a.id = d.account_id "
	    "WHERE d.status = 'open'");
	crm_binds_int(&b, crm->now);
	crm_binds_int(&b, crm->now);
	crm_binds_text(&b, today);
	crm_binds_text(&b, today);
	crm_filter_sql(crm, &f, "d.owner", &sql, &b);
	crm_buf_adds(&sql, "), t AS (SELECT s.*, "
	    "coalesce(days_in_stage > max_days, 0) AS r_stage, "
	    "days_idle > ? AS r_idle, days_overdue > 0 AS r_overdue FROM s), "
	    "r AS (SELECT t.*, max(r_stage * days_in_stage, r_idle * days_idle, "
	    "r_overdue * days_overdue) AS stalled, "
	    "substr(CASE WHEN r_stage THEN ',stage' ELSE '' END || "
	    "CASE WHEN r_idle THEN ',idle' ELSE '' END || "
	    "CASE WHEN r_overdue THEN ',overdue' ELSE '' END, 2) AS reason "
	    "FROM t WHERE r_stage OR r_idle OR r_overdue) ");
	crm_binds_int(&b, q->idle >= 0 ? q->idle : crm->cfg->idle_days);
	/* The deal's columns first, as crm_deal_read() wants them. */
	crm_buf_printf(&sql, "SELECT %s, d.reason, d.days_in_stage, "
	    "d.max_days, d.days_idle FROM r AS d LEFT JOIN account a ON "
	    "a.id = d.account_id", crm_deal_columns);
	if (q->reason > 0)
		crm_buf_printf(&sql, " WHERE d.r_%s", reasons[q->reason - 1]);
	if (q->sort == NULL)
		crm_buf_adds(&sql, " ORDER BY d.stalled DESC, d.id");
	else if (stale_order(q->sort, &sql) == -1 &&
	    crm_deal_order(crm, q->sort, &sql, &b) == -1)
		errx(CRM_EXIT_USAGE, "unknown sort field '%s' (a deal field, "
		    "or max_days, days_idle, days_overdue, reason, stalled)",
		    q->sort);
	if (q->quiet)
		crm_buf_adds(&sql, " LIMIT 1");
	st = crm_prepare(crm, sql.s);
	crm_binds_apply(st, &b);
	while (crm_step(crm, st) == SQLITE_ROW) {
		n++;
		if (q->quiet)
			break;
		/* Made at the first row: none, and not even a header. */
		if (o == NULL)
			o = crm_out_std(crm, crm_stale_cols, crm_stale_ncols);
		crm_deal_read(st, &d);
		p = crm_pipeline_find(crm->cfg, d.pipeline);
		si = p ? crm_stage_index(p, d.stage) : -1;
		i = CRM_DEAL_NCOLS;
		crm_out_int(o, d.id);
		crm_out_str(o, d.title);
		crm_out_str(o, d.account);
		crm_out_str(o, d.owner);
		crm_out_str(o, d.stage);
		crm_out_str(o, si >= 0 ? p->stages[si].label : d.stage);
		crm_out_money(o, d.amount);
		crm_out_str(o, crm_col_text(st, i));
		crm_out_int(o, sqlite3_column_int64(st, i + 1));
		if (sqlite3_column_type(st, i + 2) == SQLITE_NULL)
			crm_out_null(o);
		else
			crm_out_int(o, sqlite3_column_int64(st, i + 2));
		crm_out_int(o, sqlite3_column_int64(st, i + 3));
		crm_out_str(o, d.next_action);
		crm_out_str(o, si >= 0 ? crm_stage_hint(crm->cfg, p, si) : NULL);
		crm_out_end(o);
	}
	sqlite3_reset(st);
	crm_out_free(o);
	crm_buf_free(&sql);
	crm_binds_free(&b);
	return n;
}
