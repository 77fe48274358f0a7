/*
 * crm-stale: open deals stalled in their stage, idle, past their next
 * action, whose owner left, or short of people at the customer.  Exits like grep: 0 when some were found,
 * 1 when none.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "crm.h"

enum {
	OPT_REASON = CRM_OPT_FIRST_LOCAL,
	OPT_SORT
};

static const struct option longopts[] = {
	{ "account", required_argument, NULL, 'a' },
	{ "config", required_argument, NULL, 'C' },
	{ "days", required_argument, NULL, 'd' },
	{ "db", required_argument, NULL, 'D' },
	{ "format", required_argument, NULL, 'f' },
	{ "header", no_argument, NULL, CRM_OPT_HEADER },
	{ "help", no_argument, NULL, 'h' },
	{ "idle", required_argument, NULL, 'i' },
	{ "owner", required_argument, NULL, 'o' },
	{ "pipeline", required_argument, NULL, 'p' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "sort", required_argument, NULL, OPT_SORT },
	{ "stage", required_argument, NULL, 's' },
	{ "team", required_argument, NULL, 'T' },
	{ "version", no_argument, NULL, CRM_OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

/* -h: one line an option; the man page has the detail. */
static const struct crm_help help[] = {
	{ "-d, --days=days", "stalled: longer than this in the stage" },
	{ "-i, --idle=days", "idle: no activity for this many days" },
	{ "-q, --quiet", "print nothing; the exit status tells" },
	{ "    --reason=reason",
	    "only those stale for this reason (see crm-stale(1))" },
	{ "    --sort=field", "sort by this column; -field: descending" },
	{ NULL, NULL }
};

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: crm-stale [-q] [-d days] [-i days] [--reason reason] "
	    "[-a account]\n"
	    "                 [-o owner] [-p pipeline] [-s stage] [-T name] "
	    "[--sort field]\n"
	    "                 [-C config] [-D db] [-f format] [--header]\n");
	crm_help_exit(status, help, crm_help_filter, crm_help_common, NULL);
}

int
main(int argc, char *argv[])
{
	struct crm crm;
	struct crm_stale q = { .days = -1, .idle = -1 };
	int ch, n;

	crm_init(&crm, "crm-stale");
	while ((ch = getopt_long(argc, argv, "a:C:D:d:f:hi:o:p:qs:T:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'd':
			q.days = crm_days_opt("-d", optarg);
			break;
		case 'h':
			usage(0);
			break;
		case 'i':
			q.idle = crm_days_opt("-i", optarg);
			break;
		case 'q':
			q.quiet = 1;
			break;
		case OPT_REASON:
			if ((q.reason = crm_stale_reason(optarg)) == -1)
				errx(CRM_EXIT_USAGE, "unknown reason '%s' "
				    "(reasons: stage, idle, overdue, left, "
				    "single-threaded, contact-left, "
				    "no-decision-maker)", optarg);
			break;
		case OPT_SORT:
			q.sort = optarg;
			break;
		default:
			if (!crm_filter_opt(&q.filter, ch, optarg) &&
			    !crm_common_opt(&crm, ch, optarg))
				usage(CRM_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 0) {
		warnx("'%s': crm-stale takes no arguments; select deals with "
		    "options such as -o, -s, -T", argv[0]);
		usage(CRM_EXIT_USAGE);
	}

	crm_open_db_read(&crm);
	n = crm_stale(&crm, &q);
	crm_filter_free(&q.filter);
	return crm_finish(&crm, n > 0 ? CRM_EXIT_OK : CRM_EXIT_PARTIAL);
}
