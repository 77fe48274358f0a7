/*
 * crm-set: change fields of deals, recording who changed what.  The
 * handover when someone leaves: crm-ls -o li | crm-set -o wang -m "li left"
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "crm.h"

enum {
	OPT_PRIORITY = CRM_OPT_FIRST_LOCAL,
	OPT_SOURCE,
	OPT_CURRENCY
};

static const struct option longopts[] = {
	{ "account", required_argument, NULL, 'a' },
	{ "close", required_argument, NULL, 'e' },
	{ "config", required_argument, NULL, 'C' },
	{ "contact", required_argument, NULL, 'c' },
	{ "currency", required_argument, NULL, OPT_CURRENCY },
	{ "db", required_argument, NULL, 'D' },
	{ "format", required_argument, NULL, 'f' },
	{ "header", no_argument, NULL, CRM_OPT_HEADER },
	{ "help", no_argument, NULL, 'h' },
	{ "next", required_argument, NULL, 'n' },
	{ "note", required_argument, NULL, 'm' },
	{ "owner", required_argument, NULL, 'o' },
	{ "priority", required_argument, NULL, OPT_PRIORITY },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "stage", required_argument, NULL, 's' },
	{ "title", required_argument, NULL, 't' },
	{ "amount", required_argument, NULL, 'v' },
	{ "version", no_argument, NULL, CRM_OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

/* -h: one line an option; the man page has the detail. */
static const struct crm_help help[] = {
	{ "-a, --account=account",
	    "move the deal to this account, made when new" },
	{ "-c, --contact=contact", "the person at the customer" },
	{ "    --currency=code", "its currency, ISO 4217" },
	{ "-e, --close=close_date", "the date it is expected to close" },
	{ "-m, --note=note", "why: kept with each field changed" },
	{ "-n, --next=next_action", "the date of the next planned step" },
	{ "-o, --owner=owner", "who sells it from now on (the handover)" },
	{ "    --priority=n", "a priority, 0-99" },
	{ "-s, --stage=stage", "not here: stages change with crm-advance -s" },
	{ "    --source=text", "where the lead came from" },
	{ "-t, --title=title", "what is being sold" },
	{ "-v, --amount=amount", "its value: 12000, 12,000.50, 3.5万, ¥120万" },
	{ NULL, NULL }
};

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: crm-set [-a account] [-c contact] [-e close_date] "
	    "[-m note]\n"
	    "               [-n next_action] [-o owner] [-t title] "
	    "[-v amount]\n"
	    "               [--currency code] [--priority n] [--source text] "
	    "[-C config]\n"
	    "               [-D db] [-f format] [--header] [deal ...]\n");
	crm_help_exit(status, help, crm_help_common, NULL);
}

static int
setone(struct crm *crm, long long id, void *arg)
{
	void **a = arg;

	return crm_deal_set(crm, id, a[0], a[1]);
}

int
main(int argc, char *argv[])
{
	struct crm crm;
	struct crm_dealvals v;
	struct crm_out *o;
	char *in[CRM_DF_COUNT] = { 0 };
	char why[1024];
	void *arg[2];
	int ch, i, failed, any = 0;

	crm_init(&crm, "crm-set");
	while ((ch = getopt_long(argc, argv, "a:C:c:D:e:f:hm:n:o:s:t:v:",
	    longopts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			in[CRM_DF_ACCOUNT] = optarg;
			break;
		case 'c':
			in[CRM_DF_CONTACT] = optarg;
			break;
		case 'e':
			in[CRM_DF_EXPECTED_CLOSE] = optarg;
			break;
		case 'h':
			usage(0);
			break;
		case 'm':
			in[CRM_DF_NOTE] = optarg;
			break;
		case 'n':
			in[CRM_DF_NEXT_ACTION] = optarg;
			break;
		case 'o':
			in[CRM_DF_OWNER] = optarg;
			break;
		case 's':
			/* A move has a gate and a history of its own. */
			errx(CRM_EXIT_USAGE, "-s: stages change with "
			    "crm-advance (crm-advance -s STAGE ID)");
		case 't':
			in[CRM_DF_TITLE] = optarg;
			break;
		case 'v':
			in[CRM_DF_AMOUNT] = optarg;
			break;
		case OPT_CURRENCY:
			in[CRM_DF_CURRENCY] = optarg;
			break;
		case OPT_PRIORITY:
			in[CRM_DF_PRIORITY] = optarg;
			break;
		case OPT_SOURCE:
			in[CRM_DF_SOURCE] = optarg;
			break;
		default:
			if (!crm_common_opt(&crm, ch, optarg))
				usage(CRM_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	for (i = 0; i < CRM_DF_COUNT; i++)
		if (i != CRM_DF_NOTE && in[i] != NULL)
			any = 1;
	if (!any) {
		warnx("nothing to change: give -o, -a, -c, -t, -v, -e, -n, "
		    "--currency, --priority or --source");
		usage(CRM_EXIT_USAGE);
	}
	if (argc == 0 && isatty(STDIN_FILENO))
		usage(CRM_EXIT_USAGE);

	crm_open_config(&crm);
	if (crm_deal_changes(&crm, in, &v, why, sizeof(why)) == -1) {
		crm_why_warn("", why);
		exit(CRM_EXIT_USAGE);
	}
	crm_open_db(&crm);
	o = crm_out_std(&crm, crm_set_cols, crm_set_ncols);
	arg[0] = &v;
	arg[1] = o;
	failed = crm_ids_each(&crm, argc, argv, setone, arg);
	crm_out_free(o);
	if (failed == -1)
		usage(CRM_EXIT_USAGE);
	return crm_finish(&crm, failed ? CRM_EXIT_PARTIAL : 0);
}
