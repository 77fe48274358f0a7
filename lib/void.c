/*
 * Corrections: a deal or an activity entered by mistake is voided, a
 * move to the wrong stage undone.  Nothing is deleted: a void is a
 * record of its own (who, when, why) that the voided rows name in
 * void_id, and every report reads void_id IS NULL (schema version 7).
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

const struct crm_col crm_void_cols[] = {
	{ "id", CRM_COL_RIGHT },
	{ "what", 0 },
	{ "void", CRM_COL_RIGHT },
};
const size_t crm_void_ncols = sizeof(crm_void_cols) /
    sizeof(*crm_void_cols);

/*
 * "voided by WHO on DATE: WHY" of void vid into b; "voided with deal N
 * by ..." when that void is deal N's and N is not self (a deal's own
 * message names it already).  A void's note is text and may span
 * lines: as it is, as other notes in messages.
 */
static void
voided_by(struct crm *crm, long long vid, long long self, struct crm_buf *b)
{
	struct crm_stmt *st;
	char iso[21];

	st = crm_prepare(crm, "SELECT by, at, note, what, target FROM "
	    "void_record WHERE id = ?");
	crm_bind_int(st, 1, vid);
	if (crm_step(crm, st) != CRM_ROW) {
		/* crm-admin check names such a row; say what there is. */
		crm_buf_printf(b, "void %lld, which is missing", vid);
		crm_reset(st);
		return;
	}
	crm_time_iso((time_t)crm_col_int(st, 1), iso);
	if (strcmp(crm_col_text(st, 3), "deal") == 0 &&
	    crm_col_int(st, 4) != self)
		crm_buf_printf(b, "voided with deal %lld ",
		    crm_col_int(st, 4));
	else
		crm_buf_adds(b, "voided ");
	crm_buf_printf(b, "by %s on %s: %s", crm_col_text(st, 0), iso,
	    crm_col_text(st, 2));
	crm_reset(st);
}

void
crm_void_refuse(struct crm *crm, long long id)
{
	struct crm_buf b = { 0 };
	struct crm_stmt *st;
	long long vid = 0;

	st = crm_prepare(crm, "SELECT void_id FROM deal WHERE id = ?");
	crm_bind_int(st, 1, id);
	if (crm_step(crm, st) == CRM_ROW)
		vid = crm_col_int(st, 0);
	crm_reset(st);
	voided_by(crm, vid, id, &b);
	warnx("deal %lld is void: %s", id, b.s);
	crm_buf_free(&b);
}

/* A new void_record: its id. */
static long long
void_record(struct crm *crm, const char *what, long long target,
    const char *why)
{
	struct crm_stmt *st;

	st = crm_prepare(crm, "INSERT INTO void_record (what, target, at, "
	    "by, note) VALUES (?, ?, ?, ?, ?) RETURNING id");
	crm_bind_text(st, 1, what);
	crm_bind_int(st, 2, target);
	crm_bind_int(st, 3, crm->now);
	crm_bind_text(st, 4, crm->user);
	crm_bind_text(st, 5, why);
	return crm_step_id(crm, st);
}

/* UPDATE sql with (vid, id) bound, sql's two parameters. */
static void
set_void(struct crm *crm, const char *sql, long long vid, long long id)
{
	struct crm_stmt *st;

	st = crm_prepare(crm, sql);
	crm_bind_int(st, 1, vid);
	crm_bind_int(st, 2, id);
	crm_step(crm, st);
}

/*
 * Loads deal id for a correction: 0 with its pipeline in *pipe (the
 * caller's to free), or -1 warned and rolled back.
 */
static int
deal_ok(struct crm *crm, long long id, char **pipe)
{
	struct crm_deal d;
	struct crm_stmt *st;

	if ((st = crm_deal_load(crm, id, &d)) == NULL) {
		crm_rollback(crm);
		warnx("deal %lld: no such deal", id);
		return -1;
	}
	*pipe = crm_strdup(d.pipeline);
	crm_reset(st);
	if (d.void_id != 0) {
		free(*pipe);
		*pipe = NULL;
		crm_void_refuse(crm, id);
		crm_rollback(crm);
		return -1;
	}
	return 0;
}

int
crm_void_deal(struct crm *crm, long long id, const char *why,
    struct crm_out *o)
{
	char *pipe;
	long long vid;

	crm_begin(crm);
	if (deal_ok(crm, id, &pipe) == -1)
		return -1;
	free(pipe);
	vid = void_record(crm, "deal", id, why);
	set_void(crm, "UPDATE deal SET void_id = ? WHERE id = ?", vid, id);
	/*
	 * Its history with it, by the same record, so that the history's
	 * readers need only their own row's void_id; what was voided
	 * before keeps the void it has.
	 */
	set_void(crm, "UPDATE stage_change SET void_id = ? WHERE deal_id = ? "
	    "AND void_id IS NULL", vid, id);
	set_void(crm, "UPDATE activity SET void_id = ? WHERE deal_id = ? "
	    "AND void_id IS NULL", vid, id);
	crm_commit(crm);
	crm_out_int(o, id);
	crm_out_str(o, "deal");
	crm_out_int(o, vid);
	crm_out_end(o);
	return 0;
}

int
crm_void_activity(struct crm *crm, long long id, const char *why,
    struct crm_out *o)
{
	struct crm_buf b = { 0 };
	struct crm_stmt *st;
	long long deal, vid;

	crm_begin(crm);
	st = crm_prepare(crm, "SELECT deal_id, void_id FROM activity "
	    "WHERE id = ?");
	crm_bind_int(st, 1, id);
	if (crm_step(crm, st) != CRM_ROW) {
		crm_reset(st);
		crm_rollback(crm);
		warnx("activity %lld: no such activity", id);
		return -1;
	}
	deal = crm_col_int(st, 0);
	vid = crm_col_int(st, 1);
	crm_reset(st);
	if (vid != 0) {
		voided_by(crm, vid, 0, &b);
		warnx("activity %lld is void: %s", id, b.s);
		crm_buf_free(&b);
		crm_rollback(crm);
		return -1;
	}
	vid = void_record(crm, "activity", id, why);
	set_void(crm, "UPDATE activity SET void_id = ? WHERE id = ?", vid, id);
	/* The deal's last activity is its latest unvoided one's. */
	set_void(crm, "UPDATE deal SET last_activity = (SELECT max(at) FROM "
	    "activity WHERE deal_id = ? AND void_id IS NULL) WHERE id = ?",
	    deal, deal);
	crm_commit(crm);
	crm_out_int(o, id);
	crm_out_str(o, "activity");
	crm_out_int(o, vid);
	crm_out_end(o);
	return 0;
}

int
crm_deal_undo(struct crm *crm, long long id, const char *why,
    struct crm_out *o)
{
	struct crm_stmt *st;
	char *pipe, *undone = NULL, *back = NULL, *reason = NULL;
	long long last = 0, vid;
	time_t at = 0;
	int n = 0;
	const char *status;

	crm_begin(crm);
	if (deal_ok(crm, id, &pipe) == -1)
		return -1;
	/* The last unvoided change, and the one before it. */
	st = crm_prepare(crm, "SELECT id, to_stage, at, reason FROM "
	    "stage_change WHERE deal_id = ? AND void_id IS NULL "
	    "ORDER BY at DESC, id DESC LIMIT 2");
	crm_bind_int(st, 1, id);
	while (crm_step(crm, st) == CRM_ROW) {
		if (n++ == 0) {
			last = crm_col_int(st, 0);
			undone = crm_col_strdup(st, 1);
		} else {
			back = crm_col_strdup(st, 1);
			at = (time_t)crm_col_int(st, 2);
			reason = crm_col_strdup(st, 3);
		}
	}
	crm_reset(st);
	if (back == NULL) {
		warnx("deal %lld: its first stage change cannot be undone "
		    "(there is no stage before it); void the deal instead "
		    "(crm-void)", id);
		crm_rollback(crm);
		free(pipe);
		free(undone);
		return -1;
	}
	vid = void_record(crm, "stage_change", last, why);
	set_void(crm, "UPDATE stage_change SET void_id = ? WHERE id = ?", vid,
	    last);
	status = strcmp(back, "won") == 0 || strcmp(back, "lost") == 0 ?
	    back : "open";
	st = crm_prepare(crm, "UPDATE deal SET stage = ?, status = ?, "
	    "stage_entered = ?, closed = ?, lost_reason = ? WHERE id = ?");
	crm_bind_text(st, 1, back);
	crm_bind_text(st, 2, status);
	crm_bind_int(st, 3, at);
	if (strcmp(status, "open") == 0)
		crm_bind_null(st, 4);
	else
		crm_bind_int(st, 4, at);
	crm_bind_text(st, 5, strcmp(status, "lost") == 0 ? reason : NULL);
	crm_bind_int(st, 6, id);
	crm_step(crm, st);
	crm_commit(crm);
	crm_out_int(o, id);
	crm_out_str(o, crm_stage_shown(crm->cfg, pipe, undone));
	crm_out_str(o, crm_stage_shown(crm->cfg, pipe, back));
	crm_out_end(o);
	free(pipe);
	free(undone);
	free(back);
	free(reason);
	return 0;
}
