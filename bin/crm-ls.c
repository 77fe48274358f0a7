/*
 * crm-ls: list deals, filtered and sorted.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

enum {
	OPT_OPEN = CRM_OPT_FIRST_LOCAL,
	OPT_WON,
	OPT_LOST,
	OPT_ALL,
	OPT_SORT,
	OPT_LIST_STAGES,
	OPT_LIST_PIPELINES
};

static const struct option longopts[] = {
	{ "account", required_argument, NULL, 'a' },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "config", required_argument, NULL, 'C' },
	{ "db", required_argument, NULL, 'D' },
	{ "format", required_argument, NULL, 'f' },
	{ "header", no_argument, NULL, CRM_OPT_HEADER },
	{ "help", no_argument, NULL, 'h' },
	{ "list-pipelines", no_argument, NULL, OPT_LIST_PIPELINES },
	{ "list-stages", no_argument, NULL, OPT_LIST_STAGES },
	{ "lost", no_argument, NULL, OPT_LOST },
	{ "open", no_argument, NULL, OPT_OPEN },
	{ "owner", required_argument, NULL, 'o' },
	{ "pipeline", required_argument, NULL, 'p' },
	{ "sort", required_argument, NULL, OPT_SORT },
	{ "stage", required_argument, NULL, 's' },
	{ "team", required_argument, NULL, 'T' },
	{ "version", no_argument, NULL, CRM_OPT_VERSION },
	{ "won", no_argument, NULL, OPT_WON },
	{ NULL, 0, NULL, 0 }
};

/* -h: one line an option; the man page has the detail. */
static const struct crm_help help[] = {
	{ "    --all", "open, won and lost deals" },
	{ "    --list-pipelines", "print the config's pipelines and exit" },
	{ "    --list-stages",
	    "print the stage names (of -p's pipeline) and exit" },
	{ "    --lost", "lost deals" },
	{ "    --open", "open deals (the default)" },
	{ "    --sort=field", "sort by this column; -field: descending" },
	{ "    --won", "won deals" },
	{ NULL, NULL }
};

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: crm-ls [--open] [--won] [--lost] [--all] [-a account] "
	    "[-o owner]\n"
	    "              [-p pipeline] [-s stage] [-T name] [--sort field] "
	    "[-C config]\n"
	    "              [-D db] [-f format] [--header]\n");
	crm_help_exit(status, help, crm_help_filter, crm_help_common, NULL);
}

/*
 * For the shell completions: names from the config, one a line.  Stage
 * names of every pipeline (each once) unless one is named.
 */
static void
list_names(const struct crm_config *cfg, const char *pipeline, int stages)
{
	const struct crm_pipeline *p;
	struct crm_strv seen = { 0 };
	size_t i, j;

	for (i = 0; i < cfg->npipes; i++) {
		p = &cfg->pipes[i];
		if (pipeline != NULL && strcmp(pipeline, p->name) != 0)
			continue;
		if (!stages) {
			printf("%s\n", p->name);
			continue;
		}
		for (j = 0; j < p->nstages; j++)
			if (!crm_strv_has(&seen, p->stages[j].name)) {
				crm_strv_add(&seen, p->stages[j].name);
				printf("%s\n", p->stages[j].name);
			}
	}
	if (stages)
		printf("won\nlost\n");
	crm_strv_free(&seen);
}

int
main(int argc, char *argv[])
{
	struct crm crm;
	struct crm_filter f = { 0 };
	struct crm_out *o;
	const char *sort = NULL;
	int ch, names = 0;

	crm_init(&crm, "crm-ls");
	while ((ch = getopt_long(argc, argv, "a:C:D:f:ho:p:s:T:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(0);
			break;
		case OPT_ALL:
			f.status = CRM_ST_OPEN | CRM_ST_WON | CRM_ST_LOST;
			break;
		case OPT_LIST_PIPELINES:
			names = 1;
			break;
		case OPT_LIST_STAGES:
			names = 2;
			break;
		case OPT_LOST:
			f.status |= CRM_ST_LOST;
			break;
		case OPT_OPEN:
			f.status |= CRM_ST_OPEN;
			break;
		case OPT_SORT:
			sort = optarg;
			break;
		case OPT_WON:
			f.status |= CRM_ST_WON;
			break;
		default:
			if (!crm_filter_opt(&f, ch, optarg) &&
			    !crm_common_opt(&crm, ch, optarg))
				usage(CRM_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 0) {
		warnx("'%s': crm-ls takes no arguments; select deals with "
		    "options such as -o, -s, -T", argv[0]);
		usage(CRM_EXIT_USAGE);
	}
	if (f.status == 0)
		f.status = CRM_ST_OPEN;

	crm_open_config(&crm);
	if (names) {
		crm_pipeline_check(&crm, f.pipeline);
		list_names(crm.cfg, f.pipeline, names == 2);
		return crm_finish(&crm, 0);
	}
	crm_open_db_read(&crm);
	o = crm_out_std(&crm, crm_deal_cols, crm_deal_ncols);
	crm_deal_list(&crm, &f, sort, o);
	crm_out_free(o);
	return crm_finish(&crm, 0);
}
