/*
 * Activities: "nothing happened unless it was recorded".  Logging one on
 * a deal, and listing them for the daily and weekly review.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

const struct crm_col crm_logged_cols[] = {
	{ "deal", CRM_COL_RIGHT },
	{ "id", CRM_COL_RIGHT },
	{ "kind", 0 },
	{ "at", 0 },
};
const size_t crm_logged_ncols = sizeof(crm_logged_cols) /
    sizeof(*crm_logged_cols);

/* The deal first, as in every listing, so a list pipes into actions. */
const struct crm_col crm_activity_cols[] = {
	{ "deal", CRM_COL_RIGHT },
	{ "id", CRM_COL_RIGHT },
	{ "kind", 0 },
	{ "at", 0 },
	{ "by", 0 },
	{ "purpose", 0 },
	{ "note", 0 },
	{ "outcome", 0 },
	{ "next_action", CRM_COL_HIDE },
	{ "stage", CRM_COL_HIDE },
	{ "title", 0 },
	/* who took part (crm-log -w): names, ", " between */
	{ "met", 0 },
};
const size_t crm_activity_ncols = sizeof(crm_activity_cols) /
    sizeof(*crm_activity_cols);

/*
 * An activity's stage is worked out when it is read, never trusted from
 * activity.stage: the history is append-only, so a stage change entered
 * later (crm-advance --at back to before activities already logged)
 * could not correct the stage stored with them, and a stored stage
 * would disagree with the gate.  The order of events is time first;
 * within one second, the order they were entered.  Ids give that order
 * within a table only, so an activity keeps after_change, the id of its
 * deal's last stage change when it was logged: the changes of its
 * second entered before it are those with an id up to that (NULL, from
 * before schema version 6: after all of them, as counted then).
 *
 * One correlated probe of stage_change_deal_at (deal_id, at, id,
 * to_stage, void_id) per activity, read backwards from (deal, x.at): no
 * table row, no sort.  A void change is as if never made: the filter
 * goes here, in ACT_CHANGE, and nowhere else (the deal row the shortcut
 * below reads follows its last unvoided change, as crm-ls shows it).
 */
#define ACT_CHANGE "FROM stage_change c WHERE c.deal_id = x.deal_id " \
	"AND c.void_id IS NULL " \
	"AND c.at <= x.at AND (c.at < x.at OR c.id <= " \
	"coalesce(x.after_change, c.id)) ORDER BY c.at DESC, c.id DESC LIMIT 1)"
const char crm_act_change_sql[] = "(SELECT c.id " ACT_CHANGE;
/*
 * An activity after the deal's last stage change in time is in the
 * deal's stage: the deal row says what its last change says (crm-admin
 * check holds it to that), so most of a week's activities need no probe
 * (crm-log -L --since a week at 100,000 deals: three in four).
 */
const char crm_act_stage_sql[] = "(CASE WHEN x.at > d.stage_entered "
	"THEN d.stage ELSE (SELECT c.to_stage " ACT_CHANGE " END)";

int
crm_act_check(struct crm *crm, struct crm_act *a, char *why, size_t whylen)
{
	char w2[256], *list;
	const char *fields[] = { a->text, a->purpose, a->outcome };
	const char *names[] = { "note", "purpose", "outcome" };
	size_t i;

	if (a->kind == NULL) {
		snprintf(why, whylen, "no activity kind: use -k KIND");
		return -1;
	}
	if (crm_text_check("kind", a->kind, 0, why, whylen) == -1)
		return -1;
	if (!crm_strv_has(&crm->cfg->kinds, a->kind)) {
		list = crm_unknown("activity kind", a->kind, &crm->cfg->kinds,
		    "kinds");
		snprintf(why, whylen, "%s", list);
		free(list);
		return -1;
	}
	/* The note may span lines; purpose and outcome are one line. */
	for (i = 0; i < sizeof(fields) / sizeof(*fields); i++)
		if (fields[i] != NULL && crm_text_check(names[i], fields[i],
		    i == 0, why, whylen) == -1)
			return -1;
	a->next_action[0] = '\0';
	if (a->next_in != NULL && crm_date_parse(a->next_in, crm->now,
	    a->next_action, w2, sizeof(w2)) == -1) {
		snprintf(why, whylen, "next action '%s': %s", a->next_in, w2);
		return -1;
	}
	a->at = crm->now;
	if (a->at_in != NULL) {
		if (crm_when_parse(a->at_in, crm->now, &a->at, w2,
		    sizeof(w2)) == -1) {
			snprintf(why, whylen, "--at '%s': %s", a->at_in, w2);
			return -1;
		}
		if (a->at > crm->now) {
			snprintf(why, whylen, "--at '%s' is in the future",
			    a->at_in);
			return -1;
		}
	}
	return 0;
}

int
crm_activity_log(struct crm *crm, long long id, const struct crm_act *a,
    struct crm_out *o)
{
	struct crm_deal d;
	struct crm_stmt *st;
	char isob[21], why[1024];
	long long aid, *cids;
	size_t i;

	crm_begin(crm);
	if ((st = crm_deal_load(crm, id, &d)) == NULL) {
		crm_rollback(crm);
		warnx("deal %lld: no such deal", id);
		return -1;
	}
	if (d.void_id != 0) {
		crm_reset(st);
		crm_void_refuse(crm, id);
		crm_rollback(crm);
		return -1;
	}
	if (a->at < d.created) {
		crm_time_iso(d.created, isob);
		warnx("deal %lld: --at is before the deal was created (%s)",
		    id, isob);
		crm_rollback(crm);
		return -1;
	}
	crm_reset(st);
	/* Who took part, by the deal's account (crm-log checked them). */
	cids = crm_calloc(a->with.n + 1, sizeof(*cids));
	for (i = 0; i < a->with.n; i++)
		if (crm_contact_on_deal(crm, id, a->with.v[i], &cids[i], why,
		    sizeof(why)) != 0) {
			warnx("%s", why);
			free(cids);
			crm_rollback(crm);
			return -1;
		}
	/*
	 * after_change places it after every stage change entered so far
	 * (see crm_act_stage_sql); stage is kept as the rule gives it now,
	 * for readers of the table, but nothing in crm reads it back.
	 */
	st = crm_prepare(crm, "INSERT INTO activity (deal_id, kind, at, by, "
	    "stage, purpose, note, outcome, next_action, after_change) "
	    "VALUES (?, ?, ?, ?, (SELECT c.to_stage FROM stage_change c "
	    "WHERE c.deal_id = ? AND c.at <= ? AND c.void_id IS NULL "
	    "ORDER BY c.at DESC, c.id DESC "
	    "LIMIT 1), ?, ?, ?, ?, (SELECT max(id) FROM stage_change WHERE "
	    "deal_id = ?)) RETURNING id");
	crm_bind_int(st, 1, id);
	crm_bind_text(st, 2, a->kind);
	crm_bind_int(st, 3, a->at);
	crm_bind_text(st, 4, crm->user);
	crm_bind_int(st, 5, id);
	crm_bind_int(st, 6, a->at);
	crm_bind_text(st, 7, a->purpose);
	crm_bind_text(st, 8, a->text);
	crm_bind_text(st, 9, a->outcome);
	crm_bind_text(st, 10, a->next_action[0] ? a->next_action : NULL);
	crm_bind_int(st, 11, id);
	aid = crm_step_id(crm, st);
	crm_activity_met(crm, aid, cids, a->with.n);
	free(cids);
	/*
	 * The deal's last activity and next action are the latest
	 * activity's: a backfilled one (an earlier --at) changes neither.
	 * In the same second the one entered last is the latest.
	 */
	st = crm_prepare(crm, "UPDATE deal SET last_activity = ?, "
	    "next_action = coalesce(?, next_action) WHERE id = ? "
	    "AND (last_activity IS NULL OR last_activity <= ?)");
	crm_bind_int(st, 1, a->at);
	crm_bind_text(st, 2, a->next_action[0] ? a->next_action : NULL);
	crm_bind_int(st, 3, id);
	crm_bind_int(st, 4, a->at);
	crm_step(crm, st);
	crm_commit(crm);
	crm_out_int(o, id);
	crm_out_int(o, aid);
	crm_out_str(o, a->kind);
	crm_out_time(o, a->at);
	crm_out_end(o);
	return 0;
}

void
crm_activity_list(struct crm *crm, const struct crm_filter *f,
    const struct crm_strv *text, time_t since, time_t until, int voided,
    struct crm_out *o)
{
	struct crm_buf sql = { 0 };
	struct crm_binds b = { 0 };
	struct crm_stmt *st;

	crm_stage_warn(crm, NULL);
	/*
	 * In time order each activity's deal and its stage changes (the
	 * stage rule's probe) are pages at random: everyone's activities
	 * come back to the same pages, and want them kept (all of -L at
	 * 100,000 deals, 500,000 activities: 7.3 s of CPU with 2 MB, 5.2
	 * with 32, about what it took before the rule); one person's are
	 * few (-o: 20-30 ms either way).
	 */
	if (f->owner.n == 0)
		crm_cache_mb(crm, 32);
	crm_buf_adds(&sql, "SELECT x.id, x.deal_id, x.kind, x.at, x.by, "
	    "x.purpose, x.note, x.outcome, x.next_action, ");
	crm_buf_adds(&sql, crm_act_stage_sql);
	crm_buf_adds(&sql, ", d.title, d.pipeline, ");
	/* Their names in one cell, by name (people.c). */
	crm_buf_printf(&sql, crm_dialect(crm, CRM_DIALECT_JOIN), "n.name");
	crm_buf_adds(&sql, " FROM (SELECT c.name FROM activity_contact ac "
	    "JOIN contact c ON c.id = ac.contact_id WHERE ac.activity_id = "
	    "x.id ORDER BY c.name, c.id) n) ");
	crm_buf_adds(&sql, "FROM activity x JOIN deal d ON d.id = x.deal_id "
	    "LEFT JOIN account a ON a.id = d.account_id WHERE ");
	/* A void deal's activities are void with it (crm_void_deal()). */
	crm_buf_adds(&sql, voided ? "x.void_id IS NOT NULL" :
	    "x.void_id IS NULL");
	crm_filter_sql(crm, f, "x.by", &sql, &b);
	crm_search_sql(text, 1, &sql, &b);
	if (since) {
		crm_buf_adds(&sql, " AND x.at >= ?");
		crm_binds_int(&b, since);
	}
	if (until) {
		crm_buf_adds(&sql, " AND x.at < ?");
		crm_binds_int(&b, until);
	}
	crm_buf_adds(&sql, " ORDER BY x.at, x.id");
	st = crm_prepare(crm, sql.s);
	crm_binds_apply(st, &b);
	while (crm_step(crm, st) == CRM_ROW) {
		crm_out_int(o, crm_col_int(st, 1));
		crm_out_int(o, crm_col_int(st, 0));
		crm_out_str(o, crm_col_text(st, 2));
		crm_out_time(o, (time_t)crm_col_int(st, 3));
		crm_out_str(o, crm_col_text(st, 4));
		crm_out_str(o, crm_col_text(st, 5));
		crm_out_str(o, crm_col_text(st, 6));
		crm_out_str(o, crm_col_text(st, 7));
		crm_out_str(o, crm_col_text(st, 8));
		/* A stage by an old name (renamed_from): the one it is now. */
		crm_out_str(o, crm_stage_shown(crm->cfg, crm_col_text(st, 11),
		    crm_col_text(st, 9)));
		crm_out_str(o, crm_col_text(st, 10));
		crm_out_str(o, crm_col_text(st, 12));
		crm_out_end(o);
	}
	crm_reset(st);
	crm_buf_free(&sql);
	crm_binds_free(&b);
}

void
crm_deal_list(struct crm *crm, const struct crm_ls *q, struct crm_out *o)
{
	struct crm_buf sql = { 0 };
	struct crm_binds b = { 0 };
	struct crm_deal d;
	struct crm_stmt *st;

	crm_stage_warn(crm, NULL);
	/*
	 * Each deal's account is looked up at random: more than one owner's
	 * deals want the accounts' pages kept (crm-ls --all at a million
	 * deals: 2.5 s with 32 MB, 3.3-4.2 with 2); one owner's are few, and
	 * a big cache only costs them fresh memory (-o: 17 ms against 9).
	 */
	if (q->filter.owner.n == 0)
		crm_cache_mb(crm, 32);
	crm_buf_adds(&sql, crm_deal_select);
	crm_buf_adds(&sql, " WHERE 1 = 1");
	crm_ls_sql(crm, q, &sql, &b);
	if (crm_deal_order(crm, q->sort, &sql, &b) == -1)
		errx(CRM_EXIT_USAGE, "unknown sort field '%s' (a deal field, "
		    "e.g. amount, -amount, stage, days_in_stage, next_action)",
		    q->sort);
	st = crm_prepare(crm, sql.s);
	crm_binds_apply(st, &b);
	while (crm_step(crm, st) == CRM_ROW) {
		crm_deal_read(st, &d);
		crm_deal_emit(crm, o, &d);
		crm_out_end(o);
	}
	crm_reset(st);
	crm_buf_free(&sql);
	crm_binds_free(&b);
}
