/*
 * The filters shared by every command that selects deals (-o -T -p -a -s),
 * turned into SQL conditions whose values are always bound, never pasted.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

int
crm_filter_opt(struct crm_filter *f, int ch, const char *arg)
{
	switch (ch) {
	case 'o':
		f->owner = arg;
		return 1;
	case 'T':
		f->team = arg;
		return 1;
	case 'p':
		f->pipeline = arg;
		return 1;
	case 'a':
		f->account = arg;
		return 1;
	case 's':
		f->stage = arg;
		return 1;
	}
	return 0;
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
crm_binds_apply(sqlite3_stmt *st, const struct crm_binds *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		if (b->v[i].isint)
			sqlite3_bind_int64(st, (int)i + 1, b->v[i].i);
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

/* Exits 2 when the stage is in no pipeline the filter allows. */
static void
check_stage(struct crm *crm, const struct crm_filter *f)
{
	const struct crm_pipeline *p;
	char *list;
	size_t i;

	if (strcmp(f->stage, "won") == 0 || strcmp(f->stage, "lost") == 0)
		return;
	if (f->pipeline != NULL) {
		p = crm_pipeline_find(crm->cfg, f->pipeline);
		if (crm_stage_index(p, f->stage) >= 0)
			return;
		list = crm_stage_list(p);
		errx(CRM_EXIT_USAGE, "unknown stage '%s' in pipeline %s "
		    "(stages: %s)", f->stage, p->name, list);
	}
	for (i = 0; i < crm->cfg->npipes; i++)
		if (crm_stage_index(&crm->cfg->pipes[i], f->stage) >= 0)
			return;
	list = crm_stage_list(&crm->cfg->pipes[0]);
	errx(CRM_EXIT_USAGE, "unknown stage '%s' (stages of %s: %s)",
	    f->stage, crm->cfg->pipes[0].name, list);
}

void
crm_pipeline_check(struct crm *crm, const char *name)
{
	struct crm_buf b = { 0 };
	size_t i;

	if (name == NULL || crm_pipeline_find(crm->cfg, name) != NULL)
		return;
	for (i = 0; i < crm->cfg->npipes; i++) {
		if (i > 0)
			crm_buf_adds(&b, ", ");
		crm_buf_adds(&b, crm->cfg->pipes[i].name);
	}
	errx(CRM_EXIT_USAGE, "unknown pipeline '%s' (pipelines: %s)", name,
	    b.s);
}

void
crm_filter_sql(struct crm *crm, const struct crm_filter *f,
    const char *owner_col, struct crm_buf *sql, struct crm_binds *b)
{
	struct crm_strv team = { 0 };
	size_t i;
	int first;

	crm_pipeline_check(crm, f->pipeline);
	if (f->owner != NULL) {
		crm_buf_printf(sql, " AND %s = ?", owner_col);
		crm_binds_text(b, f->owner);
	}
	if (f->team != NULL) {
		crm_team_members(crm->cfg, f->team, &team);
		crm_buf_printf(sql, " AND %s IN (", owner_col);
		for (i = 0; i < team.n; i++) {
			crm_buf_adds(sql, i ? ", ?" : "?");
			crm_binds_text(b, team.v[i]);
		}
		crm_buf_adds(sql, ")");
		crm_strv_free(&team);
	}
	if (f->pipeline != NULL) {
		crm_buf_adds(sql, " AND d.pipeline = ?");
		crm_binds_text(b, f->pipeline);
	}
	if (f->account != NULL) {
		crm_buf_adds(sql, " AND a.name = ?");
		crm_binds_text(b, f->account);
	}
	if (f->stage != NULL) {
		check_stage(crm, f);
		crm_buf_adds(sql, " AND d.stage = ?");
		crm_binds_text(b, f->stage);
	}
	/* -s won or -s lost says which closed deals; no status needed. */
	if (f->stage != NULL && (strcmp(f->stage, "won") == 0 ||
	    strcmp(f->stage, "lost") == 0))
		return;
	if (f->status != 0 && f->status != (CRM_ST_OPEN | CRM_ST_WON |
	    CRM_ST_LOST)) {
		crm_buf_adds(sql, " AND d.status IN (");
		first = 1;
		if (f->status & CRM_ST_OPEN) {
			crm_buf_adds(sql, "'open'");
			first = 0;
		}
		if (f->status & CRM_ST_WON) {
			crm_buf_adds(sql, first ? "'won'" : ", 'won'");
			first = 0;
		}
		if (f->status & CRM_ST_LOST)
			crm_buf_adds(sql, first ? "'lost'" : ", 'lost'");
		crm_buf_adds(sql, ")");
	}
}
