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
	OPT_CSV
};

static const struct option longopts[] = {
	{ "account", required_argument, NULL, 'a' },
	{ "at", required_argument, NULL, OPT_AT },
	{ "config", required_argument, NULL, 'C' },
	{ "contact", required_argument, NULL, 'c' },
	{ "csv", no_argument, NULL, OPT_CSV },
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

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: crm-add [-a account] [-c contact] [-e close_date] "
	    "[-m note] [-n next_action]\n"
	    "               [-o owner] [-p pipeline] [-s stage] [-v amount] "
	    "[--at date]\n"
	    "               [--priority n] [--source text] [-C config] "
	    "[-D db] [-f format]\n"
	    "               [--header] title\n"
	    "       crm-add [--csv] [-a account] [-c contact] [-e close_date] "
	    "[-m note]\n"
	    "               [-n next_action] [-o owner] [-p pipeline] "
	    "[-s stage] [-v amount]\n"
	    "               [--at date] [--priority n] [--source text] "
	    "[-C config] [-D db]\n"
	    "               [-f format] [--header] < deals.tsv\n");
	exit(status);
}

int
main(int argc, char *argv[])
{
	struct crm crm;
	struct crm_dealvals v;
	struct crm_out *o;
	char *in[CRM_DF_COUNT] = { 0 };
	char why[1024];
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
	if (crm_deal_values(&crm, in, &v, why, sizeof(why)) == -1)
		errx(CRM_EXIT_USAGE, "%s", why);
	crm_begin(&crm);
	id = crm_deal_insert(&crm, &v);
	crm_commit(&crm);
	crm_out_int(o, id);
	crm_out_end(o);
	crm_out_free(o);
	return crm_finish(&crm, 0);
}
