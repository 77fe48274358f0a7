/*
 * crm-funnel: the funnel report managers read every week.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "crm.h"

enum {
	OPT_AS_OF = CRM_OPT_FIRST_LOCAL,
	OPT_BY,
	OPT_CALIBRATE,
	OPT_CURRENCY,
	OPT_FORECAST,
	OPT_MONTHS,
	OPT_NO_CHART,
	OPT_SINCE,
	OPT_TOTALS,
	OPT_UNTIL
};

static const struct option longopts[] = {
	{ "account", required_argument, NULL, 'a' },
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "by", required_argument, NULL, OPT_BY },
	{ "calibrate", no_argument, NULL, OPT_CALIBRATE },
	{ "config", required_argument, NULL, 'C' },
	{ "currency", required_argument, NULL, OPT_CURRENCY },
	{ "db", required_argument, NULL, 'D' },
	{ "forecast", no_argument, NULL, OPT_FORECAST },
	{ "format", required_argument, NULL, 'f' },
	{ "header", no_argument, NULL, CRM_OPT_HEADER },
	{ "help", no_argument, NULL, 'h' },
	{ "months", required_argument, NULL, OPT_MONTHS },
	{ "no-chart", no_argument, NULL, OPT_NO_CHART },
	{ "owner", required_argument, NULL, 'o' },
	{ "pipeline", required_argument, NULL, 'p' },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "stage", required_argument, NULL, 's' },
	{ "team", required_argument, NULL, 'T' },
	{ "totals", no_argument, NULL, OPT_TOTALS },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "version", no_argument, NULL, CRM_OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

/* -h: one line an option; the man page has the detail. */
static const struct crm_help help[] = {
	{ "    --as-of=date", "the funnel as it stood on this date" },
	{ "    --by=field", "one row per owner, account or pipeline" },
	{ "    --calibrate",
	    "configured probabilities beside those observed" },
	{ "    --currency=code", "only deals in this currency" },
	{ "    --forecast", "open deals by the month they should close" },
	{ "    --months=n", "months in the forecast (default: 3)" },
	{ "    --no-chart", "no bar chart under the table" },
	{ "    --since=date", "only deals created at or after this date" },
	{ "    --totals", "the totals alone" },
	{ "    --until=date", "only deals created before this date" },
	{ NULL, NULL }
};

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: crm-funnel [--by field | --forecast [--months n] | "
	    "--calibrate | --totals]\n"
	    "                  [--as-of date] [--currency code] "
	    "[--since date] [--until date]\n"
	    "                  [--no-chart] [-a account] [-o owner] "
	    "[-p pipeline] [-s stage]\n"
	    "                  [-T name] [-C config] [-D db] [-f format] "
	    "[--header]\n");
	crm_help_exit(status, help, crm_help_filter, crm_help_common, NULL);
}

static void
mode(struct crm_funnel_q *q, enum crm_funnel_mode m)
{
	if (q->mode != CRM_FUNNEL_STAGES && q->mode != m)
		errx(CRM_EXIT_USAGE, "--by, --forecast, --calibrate and "
		    "--totals are different reports: give one");
	q->mode = m;
}

int
main(int argc, char *argv[])
{
	struct crm crm;
	struct crm_funnel_q q = { .months = 3, .chart = 1 };
	const char *as_of = NULL, *since = NULL, *until = NULL;
	char why[128], code[4];
	long long n;
	int ch, months = 0;

	crm_init(&crm, "crm-funnel");
	while ((ch = getopt_long(argc, argv, "a:C:D:f:ho:p:s:T:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(0);
			break;
		case OPT_AS_OF:
			as_of = optarg;
			break;
		case OPT_BY:
			mode(&q, CRM_FUNNEL_BY);
			if ((q.by = crm_funnel_by(optarg)) == -1)
				errx(CRM_EXIT_USAGE, "--by '%s': not a field to "
				    "group by (owner, account, pipeline)",
				    optarg);
			break;
		case OPT_CALIBRATE:
			mode(&q, CRM_FUNNEL_CALIBRATE);
			break;
		case OPT_CURRENCY:
			if (crm_currency_parse(optarg, code, why,
			    sizeof(why)) == -1)
				errx(CRM_EXIT_USAGE, "--currency '%s': %s",
				    optarg, why);
			q.currency = code;
			break;
		case OPT_FORECAST:
			mode(&q, CRM_FUNNEL_FORECAST);
			break;
		case OPT_MONTHS:
			if (crm_strtonum(optarg, 1, 120, &n, why,
			    sizeof(why)) == -1)
				errx(CRM_EXIT_USAGE, "--months '%s': %s", optarg,
				    why);
			q.months = (int)n;
			months = 1;
			break;
		case OPT_NO_CHART:
			q.chart = 0;
			break;
		case OPT_SINCE:
			since = optarg;
			break;
		case OPT_TOTALS:
			mode(&q, CRM_FUNNEL_TOTALS);
			break;
		case OPT_UNTIL:
			until = optarg;
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
		warnx("'%s': crm-funnel takes no arguments; select deals with "
		    "options such as -o, -p, -T", argv[0]);
		usage(CRM_EXIT_USAGE);
	}
	if (months && q.mode != CRM_FUNNEL_FORECAST)
		errx(CRM_EXIT_USAGE, "--months goes with --forecast");

	crm_open_db_read(&crm);
	q.as_of = crm_when_opt(&crm, "--as-of", as_of);
	q.since = crm_when_opt(&crm, "--since", since);
	q.until = crm_when_opt(&crm, "--until", until);
	crm_funnel(&crm, &q);
	crm_filter_free(&q.filter);
	return crm_finish(&crm, 0);
}
