/*
 * Open deals in a stage the config no longer has: a stage removed, or
 * renamed without renamed_from.  The funnel cannot place them, so every
 * command that reads deals says so, and crm-funnel refuses to leave them
 * out (crm-config(5)).  Rows are never rewritten: moving the deals with
 * crm-advance, or naming the old stage in renamed_from, ends it.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static int
cmporphan(const void *a, const void *b)
{
	const struct crm_orphan *x = a, *y = b;
	int c;

	if ((c = strcmp(x->pipeline, y->pipeline)) != 0)
		return c;
	/* A whole pipeline (stage NULL) comes once, alone. */
	if (x->stage == NULL || y->stage == NULL)
		return (x->stage != NULL) - (y->stage != NULL);
	return strcmp(x->stage, y->stage);
}

/*
 * Every (pipeline, stage) of the open deals, in order, by one statement:
 * a loose index scan, each step one probe of the index
 * deal_status_pipeline_stage whatever the number of deals (the next stage
 * in the pipeline, else the first of the next pipeline), which neither
 * backend does by itself for DISTINCT.  One statement, not one per pair:
 * on a server each is a round trip and a plan of its own.
 */
static const char pairs_sql[] =
    "WITH RECURSIVE pair(pipeline, stage) AS ("
    "SELECT f.pipeline, f.stage FROM (SELECT pipeline, stage FROM deal "
    "WHERE status = 'open' AND void_id IS NULL "
    "ORDER BY pipeline, stage LIMIT 1) AS f "
    "UNION ALL "
    "SELECT d.pipeline, d.stage FROM pair p JOIN deal d ON d.id = coalesce("
    "(SELECT e.id FROM deal e WHERE e.status = 'open' AND "
    "e.void_id IS NULL AND e.pipeline = p.pipeline AND e.stage > p.stage "
    "ORDER BY e.stage LIMIT 1), "
    "(SELECT e.id FROM deal e WHERE e.status = 'open' AND "
    "e.void_id IS NULL AND e.pipeline > p.pipeline "
    "ORDER BY e.pipeline, e.stage LIMIT 1))) "
    "SELECT pipeline, stage FROM pair";

const struct crm_orphan *
crm_stage_orphans(struct crm *crm, size_t *n)
{
	const struct crm_pipeline *p;
	struct crm_orphan *o;
	struct crm_stmt *st;
	const char *pipe, *stage;
	size_t cap = 0, i;

	if (!crm->orphans_read) {
		crm->orphans_read = 1;
		st = crm_prepare(crm, pairs_sql);
		while (crm_step(crm, st) == CRM_ROW) {
			pipe = crm_col_text(st, 0);
			stage = crm_col_text(st, 1);
			p = crm_pipeline_find(crm->cfg, pipe);
			if (p != NULL && crm_stage_index(p, stage) >= 0)
				continue;
			/* A pipeline the config does not have comes once. */
			if (p == NULL && crm->norphans > 0 &&
			    crm->orphans[crm->norphans - 1].stage == NULL &&
			    strcmp(crm->orphans[crm->norphans - 1].pipeline,
			    pipe) == 0)
				continue;
			if (crm->norphans == cap) {
				cap = cap ? cap * 2 : 4;
				crm->orphans = crm_reallocarray(crm->orphans,
				    cap, sizeof(*crm->orphans));
			}
			o = &crm->orphans[crm->norphans++];
			o->pipeline = crm_strdup(pipe);
			o->stage = p != NULL ? crm_strdup(stage) : NULL;
		}
		crm_reset(st);
		for (i = 0; i < crm->norphans; i++) {
			o = &crm->orphans[i];
			/*
			 * Not "? IS NULL": inside a transaction PostgreSQL
			 * declares a cursor, which cannot tell that
			 * parameter's type (crm-admin config push).
			 */
			st = crm_prepare(crm, "SELECT count(*) FROM deal WHERE "
			    "status = 'open' AND void_id IS NULL AND "
			    "pipeline = ? AND stage = coalesce(?, stage)");
			crm_bind_text(st, 1, o->pipeline);
			crm_bind_text(st, 2, o->stage);
			o->n = crm_step(crm, st) == CRM_ROW ?
			    crm_col_int(st, 0) : 0;
			crm_reset(st);
		}
		/* In bytes, whatever the server's collation: one order. */
		if (crm->norphans > 1)
			qsort(crm->orphans, crm->norphans,
			    sizeof(*crm->orphans), cmporphan);
	}
	*n = crm->norphans;
	return crm->orphans;
}

int
crm_stage_orphan(struct crm *crm, const char *pipe, const char *stage)
{
	const struct crm_orphan *o;
	size_t i, n;

	o = crm_stage_orphans(crm, &n);
	for (i = 0; i < n; i++)
		if (o[i].stage != NULL && strcmp(o[i].pipeline, pipe) == 0 &&
		    strcmp(o[i].stage, stage) == 0)
			return 1;
	return 0;
}

size_t
crm_stage_warn(struct crm *crm, const char *only)
{
	const struct crm_orphan *o;
	size_t i, n, hit = 0;

	o = crm_stage_orphans(crm, &n);
	for (i = 0; i < n; i++) {
		if (only != NULL && strcmp(o[i].pipeline, only) == 0)
			hit++;
		if (crm->orphans_read == 2)
			continue;
		if (o[i].stage == NULL) {
			/* No command moves a deal to another pipeline. */
			warnx("%lld open deal%s in pipeline %s, which the "
			    "config no longer has: no report counts %s until "
			    "the pipeline is back in the config", o[i].n,
			    o[i].n == 1 ? "" : "s", o[i].pipeline,
			    o[i].n == 1 ? "it" : "them");
			continue;
		}
		warnx("%lld open deal%s in stage '%s', which pipeline %s no "
		    "longer has: move %s with crm-advance -s STAGE (crm-ls "
		    "-p %s -s %s lists %s), or add renamed_from: %s to the "
		    "stage it became", o[i].n, o[i].n == 1 ? "" : "s",
		    o[i].stage, o[i].pipeline, o[i].n == 1 ? "it" : "them",
		    o[i].pipeline, o[i].stage, o[i].n == 1 ? "it" : "them",
		    o[i].stage);
	}
	crm->orphans_read = 2;
	return hit;
}

void
crm_stage_orphans_free(struct crm *crm)
{
	size_t i;

	for (i = 0; i < crm->norphans; i++) {
		free(crm->orphans[i].pipeline);
		free(crm->orphans[i].stage);
	}
	free(crm->orphans);
	crm->orphans = NULL;
	crm->norphans = 0;
	crm->orphans_read = 0;
}
