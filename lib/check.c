/*
 * crm-admin check, crm's own part: the invariants every deal and every
 * history row keep, written once in standard SQL that both backends run
 * as it is (no SQLite-only function, no boolean in a result, NULLs
 * tested with IS NULL, never sorted).  Each query returns the rows that
 * break its rule, by id; each such row is one line.  The backend's own
 * checks (SQLite's integrity_check) are the driver's: crm_db_check().
 *
 * Each query is one statement, so it sees one snapshot of the database
 * on both backends: a writer at work meanwhile cannot make a rule seem
 * broken (a rule never spans two queries).
 */
#include <stdio.h>
#include <string.h>

#include "crm.h"

/*
 * Each deal with its last stage change (by time, then id: the order the
 * funnel and crm-show read them in) and its first, when it has any.
 * Void ones are as if never made (a void deal's history is void with it,
 * so it has none: it is left out).
 */
#define DEAL_ENDS \
	"SELECT d.id, d.stage, d.stage_entered, l.id, l.to_stage, l.at, " \
	"f.id, f.from_stage FROM deal d " \
	"LEFT JOIN stage_change l ON l.id = (SELECT c.id FROM stage_change c " \
	"WHERE c.deal_id = d.id AND c.void_id IS NULL " \
	"ORDER BY c.at DESC, c.id DESC LIMIT 1) " \
	"LEFT JOIN stage_change f ON f.id = (SELECT c.id FROM stage_change c " \
	"WHERE c.deal_id = d.id AND c.void_id IS NULL " \
	"ORDER BY c.at, c.id LIMIT 1) "

/*
 * Each void row's void_id must name a void of that row: of the row
 * itself, or, for history, of its deal (voiding a deal voids its
 * history with the same record); and a void deal's history is void.
 */
static const char *const voids[] = {
	"SELECT x.id, x.void_id FROM deal x WHERE x.void_id IS NOT NULL AND "
	"NOT EXISTS (SELECT 1 FROM void_record v WHERE v.id = x.void_id AND "
	"v.what = 'deal' AND v.target = x.id) ORDER BY x.id",
	"SELECT x.id, x.void_id FROM stage_change x WHERE "
	"(x.void_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM void_record v "
	"WHERE v.id = x.void_id AND ((v.what = 'stage_change' AND "
	"v.target = x.id) OR (v.what = 'deal' AND v.target = x.deal_id)))) "
	"OR (x.void_id IS NULL AND EXISTS (SELECT 1 FROM deal d WHERE "
	"d.id = x.deal_id AND d.void_id IS NOT NULL)) ORDER BY x.id",
	"SELECT x.id, x.void_id FROM activity x WHERE "
	"(x.void_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM void_record v "
	"WHERE v.id = x.void_id AND ((v.what = 'activity' AND "
	"v.target = x.id) OR (v.what = 'deal' AND v.target = x.deal_id)))) "
	"OR (x.void_id IS NULL AND EXISTS (SELECT 1 FROM deal d WHERE "
	"d.id = x.deal_id AND d.void_id IS NOT NULL)) ORDER BY x.id",
};
static const char *const void_names[] = {
	"deal", "stage_change", "activity"
};

/* The history tables whose deal_id must name a deal. */
static const char *const children[] = {
	"SELECT x.id, x.deal_id FROM stage_change x WHERE NOT EXISTS "
	"(SELECT 1 FROM deal d WHERE d.id = x.deal_id) ORDER BY x.id",
	"SELECT x.id, x.deal_id FROM activity x WHERE NOT EXISTS "
	"(SELECT 1 FROM deal d WHERE d.id = x.deal_id) ORDER BY x.id",
	"SELECT x.id, x.deal_id FROM field_change x WHERE NOT EXISTS "
	"(SELECT 1 FROM deal d WHERE d.id = x.deal_id) ORDER BY x.id",
};
static const char *const child_names[] = {
	"stage_change", "activity", "field_change"
};

/*
 * A text column that the schema makes NOT NULL, "" should a broken
 * database have NULL there anyway (writable_schema can): check reads
 * databases that are wrong by nature.
 */
static const char *
text(struct crm_stmt *st, int i)
{
	const char *s = crm_col_text(st, i);

	return s ? s : "";
}

/* Text for a line: a value in quotes, or "none" for NULL. */
static void
quoted(FILE *out, const char *s)
{
	if (s == NULL)
		fputs("none", out);
	else
		fprintf(out, "'%s'", s);
}

/* The rules of the stage history: the last change, the first. */
static int
check_history(struct crm *crm, FILE *out)
{
	struct crm_stmt *st;
	long long id;
	int n = 0;

	st = crm_prepare(crm, DEAL_ENDS "WHERE d.void_id IS NULL AND "
	    "(l.id IS NULL OR l.to_stage <> d.stage OR "
	    "l.at <> d.stage_entered OR f.from_stage IS NOT NULL) "
	    "ORDER BY d.id");
	while (crm_step(crm, st) == CRM_ROW) {
		id = crm_col_int(st, 0);
		if (crm_col_null(st, 3)) {
			fprintf(out, "deal %lld: no stage change\n", id);
			n++;
			continue;
		}
		if (strcmp(text(st, 1), text(st, 4)) != 0) {
			fprintf(out, "deal %lld: stage ", id);
			quoted(out, crm_col_text(st, 1));
			fprintf(out, ", but its last stage change (%lld) is to ",
			    crm_col_int(st, 3));
			quoted(out, crm_col_text(st, 4));
			fputc('\n', out);
			n++;
		}
		if (crm_col_int(st, 2) != crm_col_int(st, 5)) {
			fprintf(out, "deal %lld: stage_entered %lld, but its "
			    "last stage change (%lld) is at %lld\n", id,
			    crm_col_int(st, 2), crm_col_int(st, 3),
			    crm_col_int(st, 5));
			n++;
		}
		if (!crm_col_null(st, 7)) {
			fprintf(out, "deal %lld: its first stage change "
			    "(%lld) is from ", id, crm_col_int(st, 6));
			quoted(out, crm_col_text(st, 7));
			fputs(", not from none\n", out);
			n++;
		}
	}
	return n;
}

/*
 * The chain of each deal's stage history: every change but the first
 * (by time, then id) starts where the one before it ended, so that the
 * funnel's conversions, which read from_stage, and its days in stage,
 * which read the change before, tell one story.  LAG() is standard SQL
 * on both backends (SQLite has window functions since 3.25).
 */
static int
check_chain(struct crm *crm, FILE *out)
{
	struct crm_stmt *st;
	int n = 0;

	st = crm_prepare(crm, "SELECT deal_id, id, from_stage, prev_id, "
	    "prev_to FROM (SELECT deal_id, id, from_stage, "
	    "LAG(id) OVER (PARTITION BY deal_id ORDER BY at, id) AS prev_id, "
	    "LAG(to_stage) OVER (PARTITION BY deal_id ORDER BY at, id) "
	    "AS prev_to FROM stage_change WHERE void_id IS NULL) x "
	    "WHERE prev_id IS NOT NULL AND "
	    "(from_stage IS NULL OR from_stage <> prev_to) "
	    "ORDER BY deal_id, id");
	while (crm_step(crm, st) == CRM_ROW) {
		fprintf(out, "deal %lld: stage change %lld is from ",
		    crm_col_int(st, 0), crm_col_int(st, 1));
		quoted(out, crm_col_text(st, 2));
		fprintf(out, ", but the one before it (%lld) is to ",
		    crm_col_int(st, 3));
		quoted(out, crm_col_text(st, 4));
		fputc('\n', out);
		n++;
	}
	return n;
}

/*
 * An activity's place among its deal's stage changes (after_change, the
 * stage rule's tie-break in one second: activity.c) names a change of
 * its own deal; NULL (logged before schema 6) is no place and always
 * right.  It may be later in time than the activity: it is the deal's
 * last change when the activity was logged, and a backfilled activity
 * (crm-log --at in the past) was logged after it.
 */
static int
check_after_change(struct crm *crm, FILE *out)
{
	struct crm_stmt *st;
	int n = 0;

	st = crm_prepare(crm, "SELECT x.id, x.after_change, x.deal_id, "
	    "c.deal_id FROM activity x LEFT JOIN stage_change c ON "
	    "c.id = x.after_change WHERE x.after_change IS NOT NULL AND "
	    "(c.id IS NULL OR c.deal_id <> x.deal_id) ORDER BY x.id");
	while (crm_step(crm, st) == CRM_ROW) {
		if (crm_col_null(st, 3))
			fprintf(out, "activity %lld: after_change %lld: no "
			    "such stage change\n", crm_col_int(st, 0),
			    crm_col_int(st, 1));
		else
			fprintf(out, "activity %lld: after_change %lld is a "
			    "stage change of deal %lld, not of deal %lld\n",
			    crm_col_int(st, 0), crm_col_int(st, 1),
			    crm_col_int(st, 3), crm_col_int(st, 2));
		n++;
	}
	return n;
}

/* The rules of a deal's own columns. */
static int
check_deals(struct crm *crm, FILE *out)
{
	struct crm_stmt *st;
	const char *stage, *status, *cur;
	long long id;
	int n = 0;

	/* Text compared with COLLATE "C" columns: by bytes on both. */
	st = crm_prepare(crm, "SELECT id, stage, status, closed, amount, "
	    "currency FROM deal WHERE "
	    "status <> CASE WHEN stage IN ('won', 'lost') THEN stage "
	    "ELSE 'open' END "
	    "OR (status = 'open' AND closed IS NOT NULL) "
	    "OR (status <> 'open' AND closed IS NULL) "
	    "OR amount < 0 "
	    "OR currency IS NULL OR length(currency) <> 3 "
	    "OR substr(currency, 1, 1) NOT BETWEEN 'A' AND 'Z' "
	    "OR substr(currency, 2, 1) NOT BETWEEN 'A' AND 'Z' "
	    "OR substr(currency, 3, 1) NOT BETWEEN 'A' AND 'Z' "
	    "ORDER BY id");
	while (crm_step(crm, st) == CRM_ROW) {
		id = crm_col_int(st, 0);
		stage = text(st, 1);
		status = text(st, 2);
		cur = text(st, 5);
		if (strcmp(status, strcmp(stage, "won") == 0 ||
		    strcmp(stage, "lost") == 0 ? stage : "open") != 0) {
			fprintf(out, "deal %lld: status ", id);
			quoted(out, status);
			fputs(", but stage ", out);
			quoted(out, stage);
			fputc('\n', out);
			n++;
		}
		if (strcmp(status, "open") == 0 && !crm_col_null(st, 3)) {
			fprintf(out, "deal %lld: open, but closed is set "
			    "(%lld)\n", id, crm_col_int(st, 3));
			n++;
		} else if (strcmp(status, "open") != 0 &&
		    crm_col_null(st, 3)) {
			fprintf(out, "deal %lld: status ", id);
			quoted(out, status);
			fputs(", but closed is not set\n", out);
			n++;
		}
		if (crm_col_int(st, 4) < 0) {
			fprintf(out, "deal %lld: amount %lld is negative\n",
			    id, crm_col_int(st, 4));
			n++;
		}
		if (strlen(cur) != 3 || cur[0] < 'A' || cur[0] > 'Z' ||
		    cur[1] < 'A' || cur[1] > 'Z' || cur[2] < 'A' ||
		    cur[2] > 'Z') {
			fprintf(out, "deal %lld: currency ", id);
			quoted(out, crm_col_text(st, 5));
			fputs(" is not three upper-case letters\n", out);
			n++;
		}
	}
	return n;
}

/* The foreign keys, as crm's rules: the same lines on every backend. */
static int
check_refs(struct crm *crm, FILE *out)
{
	struct crm_stmt *st;
	size_t i;
	int n = 0;

	st = crm_prepare(crm, "SELECT d.id, d.account_id FROM deal d WHERE "
	    "d.account_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
	    "account a WHERE a.id = d.account_id) ORDER BY d.id");
	while (crm_step(crm, st) == CRM_ROW) {
		fprintf(out, "deal %lld: account %lld does not exist\n",
		    crm_col_int(st, 0), crm_col_int(st, 1));
		n++;
	}
	for (i = 0; i < sizeof(children) / sizeof(*children); i++) {
		st = crm_prepare(crm, children[i]);
		while (crm_step(crm, st) == CRM_ROW) {
			fprintf(out, "%s %lld: deal %lld does not exist\n",
			    child_names[i], crm_col_int(st, 0),
			    crm_col_int(st, 1));
			n++;
		}
	}
	return n;
}

/* Voids: see voids[]. */
static int
check_voids(struct crm *crm, FILE *out)
{
	struct crm_stmt *st;
	size_t i;
	int n = 0;

	for (i = 0; i < sizeof(voids) / sizeof(*voids); i++) {
		st = crm_prepare(crm, voids[i]);
		while (crm_step(crm, st) == CRM_ROW) {
			if (crm_col_null(st, 1))
				fprintf(out, "%s %lld: its deal is void, it "
				    "is not\n", void_names[i],
				    crm_col_int(st, 0));
			else
				fprintf(out, "%s %lld: void %lld is not a "
				    "void of it\n", void_names[i],
				    crm_col_int(st, 0), crm_col_int(st, 1));
			n++;
		}
	}
	return n;
}

int
crm_check(struct crm *crm, FILE *out)
{
	int n;

	n = crm_db_check(crm->db, out);
	n += check_refs(crm, out);
	n += check_deals(crm, out);
	n += check_history(crm, out);
	n += check_chain(crm, out);
	n += check_voids(crm, out);
	n += check_after_change(crm, out);
	return n;
}
