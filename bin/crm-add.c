/*
 * crm-add: add a deal from options, or many from TSV/CSV on stdin.
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
	OPT_AT,
	OPT_CSV,
	OPT_CURRENCY
};

static const struct option longopts[] = {
	{ "account", required_argument, NULL, 'a' },
	{ "at", required_argument, NULL, OPT_AT },
	{ "config", required_argument, NULL, 'C' },
	{ "contact", required_argument, NULL, 'c' },
	{ "csv", no_argument, NULL, OPT_CSV },
	{ "currency", required_argument, NULL, OPT_CURRENCY },
	{ "db", required_argument, NULL, 'D' },
	{ "close", required_argument, NULL, 'e' },
	{ "format", required_argument, NULL, 'f' },
	{ "header", no_argument, NULL, CRM_OPT_HEADER },
	{ "help", no_argument, NULL, 'h' },
	{ "note", required_argument, NULL, 'm' },
	{ "next", required_argument, NULL, 'n' },
	{ "owner", required_argument, NULL, 'o' },
	{ "pipeline", required_argument, NULL, 'p' },
	{ "priority", required_argument, NULL, OPT_PRIORITY },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "stage", required_argument, NULL, 's' },
	{ "amount", required_argument, NULL, 'v' },
	{ "version", no_argument, NULL, CRM_OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

/* -h: one line an option; the man page has the detail. */
static const struct crm_help help[] = {
	{ "-a, --account=account", "the customer, made when new" },
	{ "    --at=date", "when the deal was created (default: now)" },
	{ "-c, --contact=contact", "the person at the customer" },
	{ "    --csv", "import CSV, not TSV, from stdin" },
	{ "    --currency=code", "its currency, ISO 4217 (default: the "
	    "config's)" },
	{ "-e, --close=close_date", "the date it is expected to close" },
	{ "-m, --note=note", "a note on its first stage change" },
	{ "-n, --next=next_action", "the date of the next planned step" },
	{ "-o, --owner=owner", "who sells it (default: $CRM_USER)" },
	{ "-p, --pipeline=pipeline",
	    "its pipeline (default: the config's first)" },
	{ "    --priority=n", "a priority, 0-99" },
	{ "-s, --stage=stage", "the stage it starts in, by name or label" },
	{ "    --source=text", "where the lead came from" },
	{ "-v, --amount=amount", "its value: 12000, 12,000.50, 3.5万, ¥120万" },
	{ NULL, NULL }
};

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: crm-add [-a account] [-c contact] [-e close_date] "
	    "[-m note] [-n next_action]\n"
	    "               [-o owner] [-p pipeline] [-s stage] [-v amount] "
	    "[--at date]\n"
	    "               [--currency code] [--priority n] [--source text] "
	    "[-C config]\n"
	    "               [-D db] [-f format] [--header] title\n"
	    "       crm-add [--csv] [-a account] [-c contact] [-e close_date] "
	    "[-m note]\n"
	    "               [-n next_action] [-o owner] [-p pipeline] "
	    "[-s stage] [-v amount]\n"
	    "               [--at date] [--currency code] [--priority n] "
	    "[--source text]\n"
	    "               [-C config] [-D db] [-f format] [--header] "
	    "< deals.tsv\n");
	crm_help_exit(status, help, crm_help_common, NULL);
}

int
main(int argc, char *argv[])
{
	struct crm crm;
	struct crm_dealvals v;
	struct crm_out *o;
	char *in[CRM_DF_COUNT] = { 0 };
	char why[1024], code[4];
	long long id;
	int ch, csv = 0, status;

	crm_init(&crm, "crm-add");
	while ((ch = getopt_long(argc, argv, "a:C:c:D:e:f:hm:n:o:p:s:v:",
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
		case 'p':
			in[CRM_DF_PIPELINE] = optarg;
			break;
		case 's':
			in[CRM_DF_STAGE] = optarg;
			break;
		case 'v':
			in[CRM_DF_AMOUNT] = optarg;
			break;
		case OPT_AT:
			in[CRM_DF_CREATED] = optarg;
			break;
		case OPT_CSV:
			csv = 1;
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
	if (argc > 1) {
		warnx("one title, in quotes: crm-add 'New ERP for ACME'");
		usage(CRM_EXIT_USAGE);
	}
	if (argc == 0 && isatty(STDIN_FILENO))
		usage(CRM_EXIT_USAGE);
	/* Before an import too, where it would fail on every line. */
	if (in[CRM_DF_CURRENCY] != NULL && crm_currency_parse(
	    in[CRM_DF_CURRENCY], code, why, sizeof(why)) == -1)
		errx(CRM_EXIT_USAGE, "currency '%s': %s", in[CRM_DF_CURRENCY],
		    why);

	crm_open_db(&crm);
	/* On a terminal the bare id, as into a pipe. */
	o = crm_out_new(stdout, crm.fmt, crm_id_cols, 1, crm.outflags |
	    (crm.fmt == CRM_FMT_TABLE ? CRM_OUT_NOHEAD : 0));
	if (argc == 0) {
		/* The options give the cells a line leaves empty. */
		status = crm_import(&crm, stdin, csv ? CRM_ROWS_CSV :
		    CRM_ROWS_TSV, in, o);
		crm_out_free(o);
		return crm_finish(&crm, status);
	}
	in[CRM_DF_TITLE] = argv[0];
	if (crm_deal_values(&crm, in, &v, why, sizeof(why)) == -1) {
		crm_why_warn("", why);
		exit(CRM_EXIT_USAGE);
	}
	crm_begin(&crm);
	id = crm_deal_insert(&crm, &v);
	crm_commit(&crm);
	crm_out_int(o, id);
	crm_out_end(o);
	crm_out_free(o);
	return crm_finish(&crm, 0);
}
