/*
 * Fuzz target: the config loader.  Any bytes either give a config that
 * keeps crm-config(5)'s promises or an error "FILE:LINE:COL: why"; never
 * a crash, a leak or a hang.
 */
#include <ctype.h>
#include <string.h>

#include "crm.h"
#include "fuzz.h"

/* "fuzz.yaml:LINE:COL: something" */
static int
located(const char *err)
{
	const char *p = err + strlen("fuzz.yaml:");
	int part;

	if (strncmp(err, "fuzz.yaml:", strlen("fuzz.yaml:")) != 0)
		return 0;
	for (part = 0; part < 2; part++) {
		if (*p < '1' || *p > '9')
			return 0;
		while (isdigit((unsigned char)*p))
			p++;
		if (*p++ != ':')
			return 0;
	}
	return p[0] == ' ' && p[1] != '\0';
}

static void
check_pipeline(const struct crm_config *cfg, const struct crm_pipeline *p)
{
	struct crm_strv members = { 0 };
	size_t i, j;
	char *list;

	fuzz_check(p->name != NULL && p->name[0] != '\0', "pipeline name");
	fuzz_check(crm_pipeline_find(cfg, p->name) == p,
	    "pipeline %s not found by name", p->name);
	fuzz_check(p->nstages >= 1 && p->nstages <= 64,
	    "%zu stages", p->nstages);
	for (i = 0; i < p->nstages; i++) {
		const struct crm_stage *st = &p->stages[i];

		fuzz_check(st->name != NULL && st->label != NULL,
		    "stage %zu has no name or label", i);
		fuzz_check(strcmp(st->name, "won") != 0 &&
		    strcmp(st->name, "lost") != 0, "stage %s", st->name);
		fuzz_check(crm_stage_index(p, st->name) == (int)i,
		    "stage %s is not unique", st->name);
		fuzz_check(st->probability >= 0 && st->probability <= 100,
		    "probability %d", st->probability);
		fuzz_check(st->max_days >= 0 && st->max_days <= 36500,
		    "max_days %d", st->max_days);
		fuzz_check(crm_stage_hint(cfg, p, (int)i) != NULL,
		    "stage %s has no hint", st->name);
		for (j = 0; j < st->nreq; j++)
			fuzz_check(crm_strv_has(&cfg->kinds, st->req[j].kind),
			    "stage %s requires unknown kind %s", st->name,
			    st->req[j].kind);
	}
	fuzz_check(crm_stage_hint(cfg, p, (int)p->nstages) == NULL,
	    "a hint past the last stage");
	list = crm_stage_list(p);
	fuzz_check(strstr(list, "won, lost") != NULL, "stage list %s", list);
	free(list);
	for (i = 0; i < cfg->nteam; i++) {
		crm_team_members(cfg, cfg->team[i].manager, &members);
		fuzz_check(members.n >= 1 &&
		    strcmp(members.v[0], cfg->team[i].manager) == 0,
		    "team of %s", cfg->team[i].manager);
		crm_strv_free(&members);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crm_config *cfg;
	char err[1024];
	size_t i;

	err[0] = '\0';
	cfg = crm_config_parse((const char *)data, size, "fuzz.yaml", err,
	    sizeof(err));
	if (cfg == NULL) {
		fuzz_check(located(err), "error without a place: '%s'", err);
		return 0;
	}
	fuzz_check(cfg->npipes >= 1, "no pipelines");
	fuzz_check(crm_pipeline_find(cfg, NULL) == &cfg->pipes[0],
	    "the first pipeline is not the default");
	fuzz_check(cfg->currency != NULL && cfg->kinds.n > 0 &&
	    cfg->idle_days >= 1, "defaults missing");
	for (i = 0; i < 3; i++)
		fuzz_check(cfg->hints[i] != NULL, "hint %zu", i);
	for (i = 0; i < cfg->npipes; i++)
		check_pipeline(cfg, &cfg->pipes[i]);
	crm_config_free(cfg);
	return 0;
}
