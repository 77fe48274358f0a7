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
	OPT_LIST_PIPELINES,
	OPT_DUE,
	OPT_CREATED_SINCE,
	OPT_CREATED_UNTIL,
	OPT_CLOSED_SINCE,
	OPT_CLOSED_UNTIL,
	OPT_VOID
};

static const struct option longopts[] = {
	{ "account", required_argument, NULL, 'a' },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "closed-since", required_argument, NULL, OPT_CLOSED_SINCE },
	{ "closed-until", required_argument, NULL, OPT_CLOSED_UNTIL },
	{ "config", required_argument, NULL, 'C' },
	{ "created-since", required_argument, NULL, OPT_CREATED_SINCE },
	{ "created-until", required_argument, NULL, OPT_CREATED_UNTIL },
	{ "db", required_argument, NULL, 'D' },
	{ "due", required_argument, NULL, OPT_DUE },
	{ "format", required_argument, NULL, 'f' },
	{ "header", no_argument, NULL, CRM_OPT_HEADER },
	{ "help", no_argument, NULL, 'h' },
	{ "list-pipelines", no_argument, NULL, OPT_LIST_PIPELINES },
	{ "list-stages", no_argument, NULL, OPT_LIST_STAGES },
	{ "lost", no_argument, NULL, OPT_LOST },
	{ "open", no_argument, NULL, OPT_OPEN },
	{ "owner", required_argument, NULL, 'o' },
	{ "pipeline", required_argument, NULL, 'p' },
	{ "query", required_argument, NULL, 'q' },
	{ "sort", required_argument, NULL, OPT_SORT },
	{ "stage", required_argument, NULL, 's' },
	{ "team", required_argument, NULL, 'T' },
	{ "version", no_argument, NULL, CRM_OPT_VERSION },
	{ "void", no_argument, NULL, OPT_VOID },
	{ "won", no_argument, NULL, OPT_WON },
	{ NULL, 0, NULL, 0 }
};

/* -h: one line an option; the man page has the detail. */
static const struct crm_help help[] = {
	{ "    --all", "open, won and lost deals" },
	{ "    --closed-since=date", "won or lost at or after this date" },
	{ "    --closed-until=date", "won or lost before this date" },
	{ "    --created-since=date", "created at or after this date" },
	{ "    --created-until=date", "created before this date" },
	{ "    --due=date", "next action due on or before this date" },
	{ "    --list-pipelines", "print the config's pipelines and exit" },
	{ "    --list-stages",
	    "print the stage names (of -p's pipeline) and exit" },
	{ "    --lost", "lost deals" },
	{ "    --open", "open deals (the default)" },
	{ "-q, --query=text", "title, account, contact or note holds text" },
	{ "    --sort=field", "sort by this column; -field: descending" },
	{ "    --void", "void deals alone, of any status unless one is given" },
	{ "    --won", "won deals" },
	{ NULL, NULL }
};

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: crm-ls [--open] [--won] [--lost] [--all] [-a account] "
	    "[-o owner]\n"
	    "              [-p pipeline] [-q text] [-s stage] [-T name] "
	    "[--due date]\n"
	    "              [--created-since date] [--created-until date]\n"
	    "              [--closed-since date] [--closed-until date] "
	    "[--sort field]\n"
	    "              [--void] [-C config] [-D db] [-f format] "
	    "[--header]\n");
	crm_help_exit(status, help, crm_help_filter, crm_help_common, NULL);
}

/*
 * For the shell completions: names from the config, one a line.  Stage
 * names of every pipeline (each once) unless some are named.
 */
static void
list_names(const struct crm_config *cfg, const struct crm_strv *pipelines,
    int stages)
{
	const struct crm_pipeline *p;
	struct crm_strv seen = { 0 };
	size_t i, j;

	for (i = 0; i < cfg->npipes; i++) {
		p = &cfg->pipes[i];
		if (pipelines->n > 0 && !crm_strv_has(pipelines, p->name))
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

/* A date bound: two of the same would leave one unsaid. */
static void
once(const char **slot, const char *opt, const char *arg)
{
	if (*slot != NULL)
		errx(CRM_EXIT_USAGE, "%s '%s' and %s '%s': give %s once", opt,
		    *slot, opt, arg, opt);
	*slot = arg;
}

int
main(int argc, char *argv[])
{
	struct crm crm;
	struct crm_ls q = { 0 };
	struct crm_filter *f = &q.filter;
	struct crm_out *o;
	const char *due = NULL, *created_since = NULL, *created_until = NULL;
	const char *closed_since = NULL, *closed_until = NULL;
	char why[256];
	size_t i;
	int ch, names = 0;

	crm_init(&crm, "crm-ls");
	while ((ch = getopt_long(argc, argv, "a:C:D:f:ho:p:q:s:T:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(0);
			break;
		case 'q':
			if (!crm_strv_has(&q.text, optarg))
				crm_strv_add(&q.text, optarg);
			break;
		case OPT_ALL:
			f->status = CRM_ST_OPEN | CRM_ST_WON | CRM_ST_LOST;
			break;
		case OPT_CLOSED_SINCE:
			once(&closed_since, "--closed-since", optarg);
			break;
		case OPT_CLOSED_UNTIL:
			once(&closed_until, "--closed-until", optarg);
			break;
		case OPT_CREATED_SINCE:
			once(&created_since, "--created-since", optarg);
			break;
		case OPT_CREATED_UNTIL:
			once(&created_until, "--created-until", optarg);
			break;
		case OPT_DUE:
			once(&due, "--due", optarg);
			break;
		case OPT_LIST_PIPELINES:
			names = 1;
			break;
		case OPT_LIST_STAGES:
			names = 2;
			break;
		case OPT_LOST:
			f->status |= CRM_ST_LOST;
			break;
		case OPT_OPEN:
			f->status |= CRM_ST_OPEN;
			break;
		case OPT_SORT:
			q.sort = optarg;
			break;
		case OPT_VOID:
			q.voided = 1;
			break;
		case OPT_WON:
			f->status |= CRM_ST_WON;
			break;
		default:
			if (!crm_filter_opt(f, ch, optarg) &&
			    !crm_common_opt(&crm, ch, optarg))
				usage(CRM_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	/* A void deal is sought whatever became of it. */
	if (q.voided && f->status == 0)
		f->status = CRM_ST_OPEN | CRM_ST_WON | CRM_ST_LOST;
	if (argc > 0) {
		warnx("'%s': crm-ls takes no arguments; select deals with "
		    "options such as -o, -s, -T", argv[0]);
		usage(CRM_EXIT_USAGE);
	}
	/* What closed when is asked of closed deals, unless told otherwise. */
	if (f->status == 0)
		f->status = closed_since || closed_until ?
		    CRM_ST_WON | CRM_ST_LOST : CRM_ST_OPEN;

	crm_open_config(&crm);
	if (names) {
		for (i = 0; i < f->pipeline.n; i++)
			crm_pipeline_check(&crm, f->pipeline.v[i]);
		list_names(crm.cfg, &f->pipeline, names == 2);
		crm_filter_free(f);
		crm_strv_free(&q.text);
		return crm_finish(&crm, 0);
	}
	if (due != NULL && crm_date_parse(due, crm.now, q.due, why,
	    sizeof(why)) == -1)
		errx(CRM_EXIT_USAGE, "--due '%s': %s", due, why);
	q.created_since = crm_when_opt(&crm, "--created-since", created_since);
	q.created_until = crm_when_opt(&crm, "--created-until", created_until);
	q.closed_since = crm_when_opt(&crm, "--closed-since", closed_since);
	q.closed_until = crm_when_opt(&crm, "--closed-until", closed_until);
	crm_open_db_read(&crm);
	o = crm_out_std(&crm, crm_deal_cols, crm_deal_ncols);
	crm_deal_list(&crm, &q, o);
	crm_out_free(o);
	crm_filter_free(f);
	crm_strv_free(&q.text);
	return crm_finish(&crm, 0);
}
