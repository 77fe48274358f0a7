/*
 * crm-show: one deal in full, with its timeline of stage changes,
 * activities and field changes.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static const struct crm_col history_cols[] = {
	{ "deal", 0 }, { "from", 0 }, { "to", 0 }, { "at", 0 }, { "by", 0 },
	{ "forced", 0 }, { "note", 0 }, { "reason", 0 }, { "void_at", 0 },
	{ "void_by", 0 }, { "void_note", 0 },
};

/* An activity in crm-show's JSON: crm-log -L's fields, and its void. */
static const struct crm_col act_cols[] = {
	{ "deal", 0 }, { "id", 0 }, { "kind", 0 }, { "at", 0 }, { "by", 0 },
	{ "purpose", 0 }, { "note", 0 }, { "outcome", 0 },
	{ "next_action", 0 }, { "stage", 0 }, { "title", 0 },
	{ "void_at", 0 }, { "void_by", 0 }, { "void_note", 0 },
};

/* The deal's own void in JSON: none, or one. */
static const struct crm_col void_cols[] = {
	{ "at", 0 }, { "by", 0 }, { "note", 0 },
};

static const struct crm_col change_cols[] = {
	{ "deal", 0 }, { "field", 0 }, { "old", 0 }, { "new", 0 },
	{ "at", 0 }, { "by", 0 }, { "note", 0 },
};

/* The timeline, one event a row, for TSV, CSV and tables. */
static const struct crm_col timeline_cols[] = {
	{ "deal", CRM_COL_RIGHT | CRM_COL_HIDE },
	{ "at", 0 },
	{ "event", 0 },
	{ "by", 0 },
	{ "from", 0 },
	{ "to", 0 },
	{ "kind", 0 },
	{ "purpose", 0 },
	{ "note", 0 },
	{ "outcome", 0 },
	{ "reason", 0 },
	/* a void record: when, who, why (crm-void, crm-advance --undo) */
	{ "void_at", 0 },
	{ "void_by", 0 },
	{ "void_note", 0 },
};

#define N(a)	(sizeof(a) / sizeof(*(a)))

/*
 * The buying group: the contacts attached to the deal (crm-set
 * --contact) and those met in its unvoided activities (crm-log -w), by
 * name; how: "attached" when attached (met or not), else "met".
 * last_met: the latest unvoided activity of the deal with them (null:
 * never); left: when they left the customer (null: they have not).
 */
static const struct crm_col contact_cols[] = {
	{ "id", CRM_COL_RIGHT }, { "name", 0 }, { "role", 0 },
	{ "last_met", 0 }, { "left", 0 }, { "how", 0 },
};

/* Our deal team as it is: each current member, their role, since when. */
static const struct crm_col member_cols[] = {
	{ "name", 0 }, { "role", 0 }, { "since", 0 },
};

/* The deal's id is bound four times. */
static const char group_sql[] =
    "SELECT c.id, c.name, c.role, (SELECT max(x.at) FROM activity x "
    "JOIN activity_contact ac ON ac.activity_id = x.id WHERE "
    "x.deal_id = ? AND x.void_id IS NULL AND ac.contact_id = c.id), "
    "c.left_at, CASE WHEN EXISTS (SELECT 1 FROM deal_contact dc WHERE "
    "dc.deal_id = ? AND dc.contact_id = c.id) THEN 1 ELSE 0 END "
    "FROM contact c WHERE c.id IN (SELECT contact_id FROM deal_contact "
    "WHERE deal_id = ? UNION SELECT ac.contact_id FROM activity_contact ac "
    "JOIN activity x ON x.id = ac.activity_id WHERE x.deal_id = ? AND "
    "x.void_id IS NULL) ORDER BY c.name, c.id";

/*
 * The buying group into o (JSON: its array) or, for a person (o NULL),
 * as a section under its heading after the card; nothing when empty.
 */
static void
group(struct crm *crm, long long id, struct crm_out *o)
{
	struct crm_out *t = o;
	struct crm_stmt *st;
	int i, n = 0;

	st = crm_prepare(crm, group_sql);
	for (i = 1; i <= 4; i++)
		crm_bind_int(st, i, id);
	while (crm_step(crm, st) == CRM_ROW) {
		if (o == NULL && n++ == 0) {
			printf("buying group\n");
			t = crm_out_new(stdout, CRM_FMT_TABLE, contact_cols,
			    N(contact_cols), crm->outflags);
		}
		crm_out_int(t, crm_col_int(st, 0));
		crm_out_str(t, crm_col_text(st, 1));
		crm_out_str(t, crm_col_text(st, 2));
		if (crm_col_null(st, 3))
			crm_out_str(t, o == NULL ? "never" : NULL);
		else
			crm_out_time(t, (time_t)crm_col_int(st, 3));
		crm_out_time(t, (time_t)crm_col_int(st, 4));
		crm_out_str(t, crm_col_int(st, 5) ? "attached" : "met");
		crm_out_end(t);
	}
	crm_reset(st);
	if (o == NULL && n > 0) {
		crm_out_free(t);
		printf("\n");
	}
}

/* Our deal team, the same way. */
static void
team(struct crm *crm, long long id, struct crm_out *o)
{
	struct crm_out *t = o;
	struct crm_stmt *st;
	int n = 0;

	st = crm_prepare(crm, "SELECT name, role, added FROM deal_member "
	    "WHERE deal_id = ? AND dropped IS NULL ORDER BY added, id");
	crm_bind_int(st, 1, id);
	while (crm_step(crm, st) == CRM_ROW) {
		if (o == NULL && n++ == 0) {
			printf("deal team\n");
			t = crm_out_new(stdout, CRM_FMT_TABLE, member_cols,
			    N(member_cols), crm->outflags);
		}
		crm_out_str(t, crm_col_text(st, 0));
		crm_out_str(t, crm_col_text(st, 1));
		crm_out_time(t, (time_t)crm_col_int(st, 2));
		crm_out_end(t);
	}
	crm_reset(st);
	if (o == NULL && n > 0) {
		crm_out_free(t);
		printf("\n");
	}
}

/*
 * The deal's id is bound three times: plain ? is every driver's.  In
 * one second, events in the order entered, as crm_act_stage_sql orders
 * them: an activity right after the stage change it was logged after
 * (its after_change; none: after them all), field changes last.  Void
 * rows are shown, with their void's time, person and note.
 */
static const char timeline_sql[] =
    "SELECT x.at, 0 AS k, x.id, x.by, x.from_stage, x.to_stage, NULL, "
    "NULL, x.note, NULL, x.forced, x.reason, x.id AS pos, v.at, v.by, "
    "v.note FROM stage_change x LEFT JOIN void_record v ON "
    "v.id = x.void_id WHERE x.deal_id = ? "
    "UNION ALL SELECT x.at, 1, x.id, x.by, NULL, NULL, x.kind, x.purpose, "
    "x.note, x.outcome, 0, NULL, "
    "coalesce(x.after_change, 9223372036854775807), v.at, v.by, v.note "
    "FROM activity x LEFT JOIN void_record v ON v.id = x.void_id "
    "WHERE x.deal_id = ? "
    "UNION ALL SELECT at, 2, id, by, old, new, field, NULL, note, NULL, 0, "
    "NULL, 9223372036854775807, NULL, NULL, NULL FROM field_change "
    "WHERE deal_id = ? "
    "ORDER BY 1, 13, 2, 3";

/* A void's at, by and note, from columns i, i+1, i+2 (NULL: none). */
static void
void_out(struct crm_out *o, struct crm_stmt *st, int i)
{
	if (crm_col_null(st, i))
		crm_out_null(o);
	else
		crm_out_time(o, (time_t)crm_col_int(st, i));
	crm_out_str(o, crm_col_text(st, i + 1));
	crm_out_str(o, crm_col_text(st, i + 2));
}

/*
 * pipe: the deal's pipeline, whose stages by an old name (renamed_from)
 * are shown by the one they have now.
 */
static void
timeline(struct crm *crm, long long id, const char *pipe, struct crm_out *o)
{
	const struct crm_config *cfg = crm->cfg;
	struct crm_stmt *st;
	const char *ev;
	int k;

	st = crm_prepare(crm, timeline_sql);
	crm_bind_int(st, 1, id);
	crm_bind_int(st, 2, id);
	crm_bind_int(st, 3, id);
	while (crm_step(crm, st) == CRM_ROW) {
		k = crm_col_int(st, 1);
		if (k == 0)
			ev = crm_col_null(st, 4) ?
			    "created" : crm_col_int(st, 10) ?
			    "forced" : "stage";
		else
			ev = k == 1 ? "activity" : "set";
		crm_out_int(o, id);
		crm_out_time(o, (time_t)crm_col_int(st, 0));
		crm_out_str(o, ev);
		crm_out_str(o, crm_col_text(st, 3));
		/* a stage change's from and to; crm-set's old and new */
		crm_out_str(o, k != 0 ? crm_col_text(st, 4) :
		    crm_stage_shown(cfg, pipe, crm_col_text(st, 4)));
		crm_out_str(o, k != 0 ? crm_col_text(st, 5) :
		    crm_stage_shown(cfg, pipe, crm_col_text(st, 5)));
		crm_out_str(o, crm_col_text(st, 6));
		crm_out_str(o, crm_col_text(st, 7));
		crm_out_str(o, crm_col_text(st, 8));
		crm_out_str(o, crm_col_text(st, 9));
		crm_out_str(o, crm_col_text(st, 11));
		void_out(o, st, 13);
		crm_out_end(o);
	}
	crm_reset(st);
}

static void
json_arrays(struct crm *crm, long long id, const char *pipe,
    struct crm_out *o)
{
	const struct crm_config *cfg = crm->cfg;
	struct crm_out *sub;
	struct crm_stmt *st;
	FILE *fp = crm_out_file(o);
	char *sql;

	crm_out_json_key(o, "history");
	sub = crm_out_new(fp, CRM_FMT_JSON, history_cols, N(history_cols),
	    CRM_OUT_INLINE);
	st = crm_prepare(crm, "SELECT x.from_stage, x.to_stage, x.at, x.by, "
	    "x.forced, x.note, x.reason, v.at, v.by, v.note "
	    "FROM stage_change x LEFT JOIN void_record v ON v.id = x.void_id "
	    "WHERE x.deal_id = ? "
	    "ORDER BY x.at, x.id");
	crm_bind_int(st, 1, id);
	while (crm_step(crm, st) == CRM_ROW) {
		crm_out_int(sub, id);
		crm_out_str(sub, crm_stage_shown(cfg, pipe,
		    crm_col_text(st, 0)));
		crm_out_str(sub, crm_stage_shown(cfg, pipe,
		    crm_col_text(st, 1)));
		crm_out_time(sub, (time_t)crm_col_int(st, 2));
		crm_out_str(sub, crm_col_text(st, 3));
		crm_out_bool(sub, crm_col_int(st, 4));
		crm_out_str(sub, crm_col_text(st, 5));
		crm_out_str(sub, crm_col_text(st, 6));
		void_out(sub, st, 7);
		crm_out_end(sub);
	}
	crm_reset(st);
	crm_out_free(sub);

	crm_out_json_key(o, "activities");
	sub = crm_out_new(fp, CRM_FMT_JSON, act_cols, N(act_cols),
	    CRM_OUT_INLINE);
	sql = crm_asprintf("SELECT x.id, x.kind, x.at, x.by, x.purpose, "
	    "x.note, x.outcome, x.next_action, %s, d.title, v.at, v.by, "
	    "v.note FROM activity x JOIN deal d ON d.id = x.deal_id "
	    "LEFT JOIN void_record v ON v.id = x.void_id WHERE x.deal_id = ? "
	    "ORDER BY x.at, x.id", crm_act_stage_sql);
	st = crm_prepare(crm, sql);
	free(sql);
	crm_bind_int(st, 1, id);
	while (crm_step(crm, st) == CRM_ROW) {
		crm_out_int(sub, id);
		crm_out_int(sub, crm_col_int(st, 0));
		crm_out_str(sub, crm_col_text(st, 1));
		crm_out_time(sub, (time_t)crm_col_int(st, 2));
		crm_out_str(sub, crm_col_text(st, 3));
		crm_out_str(sub, crm_col_text(st, 4));
		crm_out_str(sub, crm_col_text(st, 5));
		crm_out_str(sub, crm_col_text(st, 6));
		crm_out_str(sub, crm_col_text(st, 7));
		crm_out_str(sub, crm_stage_shown(cfg, pipe,
		    crm_col_text(st, 8)));
		crm_out_str(sub, crm_col_text(st, 9));
		void_out(sub, st, 10);
		crm_out_end(sub);
	}
	crm_reset(st);
	crm_out_free(sub);

	crm_out_json_key(o, "changes");
	sub = crm_out_new(fp, CRM_FMT_JSON, change_cols, N(change_cols), CRM_OUT_INLINE);
	st = crm_prepare(crm, "SELECT field, old, new, at, by, note "
	    "FROM field_change WHERE deal_id = ? ORDER BY at, id");
	crm_bind_int(st, 1, id);
	while (crm_step(crm, st) == CRM_ROW) {
		crm_out_int(sub, id);
		crm_out_str(sub, crm_col_text(st, 0));
		crm_out_str(sub, crm_col_text(st, 1));
		crm_out_str(sub, crm_col_text(st, 2));
		crm_out_time(sub, (time_t)crm_col_int(st, 3));
		crm_out_str(sub, crm_col_text(st, 4));
		crm_out_str(sub, crm_col_text(st, 5));
		crm_out_end(sub);
	}
	crm_reset(st);
	crm_out_free(sub);

	crm_out_json_key(o, "void");
	sub = crm_out_new(fp, CRM_FMT_JSON, void_cols, N(void_cols),
	    CRM_OUT_INLINE);
	st = crm_prepare(crm, "SELECT v.at, v.by, v.note FROM deal d "
	    "JOIN void_record v ON v.id = d.void_id WHERE d.id = ?");
	crm_bind_int(st, 1, id);
	while (crm_step(crm, st) == CRM_ROW) {
		void_out(sub, st, 0);
		crm_out_end(sub);
	}
	crm_reset(st);
	crm_out_free(sub);

	crm_out_json_key(o, "contacts");
	sub = crm_out_new(fp, CRM_FMT_JSON, contact_cols, N(contact_cols),
	    CRM_OUT_INLINE);
	group(crm, id, sub);
	crm_out_free(sub);
	crm_out_json_key(o, "members");
	sub = crm_out_new(fp, CRM_FMT_JSON, member_cols, N(member_cols),
	    CRM_OUT_INLINE);
	team(crm, id, sub);
	crm_out_free(sub);
	crm_out_json_close(o);
}

/* The card's line of a void deal: "void  by WHO on DATE: WHY". */
static void
voided(struct crm *crm, long long vid)
{
	struct crm_stmt *st;
	char t[17], *note;

	st = crm_prepare(crm, "SELECT at, by, note FROM void_record "
	    "WHERE id = ?");
	crm_bind_int(st, 1, vid);
	if (crm_step(crm, st) == CRM_ROW) {
		crm_time_local((time_t)crm_col_int(st, 0), t);
		note = crm_table_text(crm_col_text(st, 2));
		crm_pad(stdout, "void", 15, 0);
		printf("by %s on %s: ", crm_col_text(st, 1), t);
		crm_pad(stdout, note, 0, 0);
		putchar('\n');
		free(note);
	}
	crm_reset(st);
}

/* The deal's fields, one "name  value" line each, for a person. */
static void
card(struct crm *crm, const struct crm_deal *d)
{
	const char *label, *stage;
	char money[32], t1[17], t2[17], *title;
	long long days;
	int prob;

	crm_deal_stageinfo(crm, d, &label, &prob);
	stage = crm_stage_shown(crm->cfg, d->pipeline, d->stage);
	crm_money_fmt(d->amount, money);
	title = crm_table_text(d->title);
	printf("deal %lld: %s%s\n", d->id, title, d->void_id ? " (void)" : "");
	free(title);
#define LINE(name, val) do {						\
	if ((val) != NULL && (val)[0] != '\0') {			\
		crm_pad(stdout, name, 15, 0);				\
		crm_pad(stdout, val, 0, 0);				\
		putchar('\n');						\
	}								\
} while (0)
	LINE("account", d->account);
	LINE("contact", d->contact);
	LINE("owner", d->owner);
	crm_pad(stdout, "amount", 15, 0);
	printf("%s %s\n", money, d->currency);
	LINE("pipeline", d->pipeline);
	crm_pad(stdout, "stage", 15, 0);
	crm_pad(stdout, stage, 0, 0);
	if (strcmp(label, stage) != 0) {
		putchar(' ');
		crm_pad(stdout, label, 0, 0);
	}
	if (prob >= 0)
		printf(" (%d%%)", prob);
	crm_time_local(d->stage_entered, t1);
	days = crm_days(d->stage_entered, crm->now);
	printf(", since %s, %lld day%s\n", t1, days, days == 1 ? "" : "s");
	LINE("status", d->status);
	LINE("lost_reason", d->lost_reason);
	crm_time_local(d->created, t2);
	LINE("created", t2);
	LINE("expected_close", d->expected_close);
	LINE("next_action", d->next_action);
	if (d->last_activity) {
		crm_time_local(d->last_activity, t1);
		LINE("last_activity", t1);
	}
	if (d->has_priority)
		printf("%-15s%lld\n", "priority", d->priority);
	LINE("source", d->source);
#undef LINE
	if (d->void_id)
		voided(crm, d->void_id);
	printf("\n");
}

int
crm_show(struct crm *crm, long long id)
{
	struct crm_deal d;
	struct crm_out *o;
	struct crm_stmt *st;
	char *pipe;

	crm_stage_warn(crm, NULL);
	if ((st = crm_deal_load(crm, id, &d)) == NULL) {
		warnx("deal %lld: no such deal", id);
		return -1;
	}
	/* It outlives the row, which the history's queries end. */
	pipe = crm_strdup(d.pipeline);
	switch (crm->fmt) {
	case CRM_FMT_JSON:
	case CRM_FMT_JSONL:
		o = crm_out_new(stdout, crm->fmt, crm_deal_cols, crm_deal_ncols,
		    CRM_OUT_SINGLE);
		crm_deal_emit(crm, o, &d);
		crm_reset(st);
		crm_out_end_open(o);
		json_arrays(crm, id, pipe, o);
		crm_out_free(o);
		break;
	case CRM_FMT_TABLE:
		card(crm, &d);
		crm_reset(st);
		group(crm, id, NULL);
		team(crm, id, NULL);
		o = crm_out_std(crm, timeline_cols, N(timeline_cols));
		timeline(crm, id, pipe, o);
		crm_out_free(o);
		break;
	default:
		crm_reset(st);
		o = crm_out_std(crm, timeline_cols, N(timeline_cols));
		timeline(crm, id, pipe, o);
		crm_out_free(o);
		break;
	}
	free(pipe);
	return 0;
}
