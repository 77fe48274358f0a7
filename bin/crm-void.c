/*
 * crm-void: mark deals, or activities, entered by mistake.  Nothing is
 * deleted; reports act as if a void record had never been made.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

enum {
	OPT_ACTIVITY = CRM_OPT_FIRST_LOCAL
};

static const struct option longopts[] = {
	{ "activity", no_argument, NULL, OPT_ACTIVITY },
	{ "config", required_argument, NULL, 'C' },
	{ "db", required_argument, NULL, 'D' },
	{ "format", required_argument, NULL, 'f' },
	{ "header", no_argument, NULL, CRM_OPT_HEADER },
	{ "help", no_argument, NULL, 'h' },
	{ "note", required_argument, NULL, 'm' },
	{ "version", no_argument, NULL, CRM_OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

/* -h: one line an option; the man page has the detail. */
static const struct crm_help help[] = {
	{ "    --activity",
	    "the ids are activities' (crm-log -L), not deals'" },
	{ "-m, --note=note", "why: required, kept with the void" },
	{ NULL, NULL }
};

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: crm-void -m note [--activity] [-C config] [-D db] "
	    "[-f format] [--header]\n"
	    "                [id ...]\n");
	crm_help_exit(status, help, crm_help_common, NULL);
}

static int
voiddeal(struct crm *crm, long long id, void *arg)
{
	void **a = arg;

	return crm_void_deal(crm, id, a[0], a[1]);
}

static int
voidact(struct crm *crm, long long id, void *arg)
{
	void **a = arg;

	return crm_void_activity(crm, id, a[0], a[1]);
}

int
main(int argc, char *argv[])
{
	struct crm crm;
	struct crm_out *o;
	const char *note = NULL;
	char why[1024];
	void *arg[2];
	int ch, failed, activity = 0;

	crm_init(&crm, "crm-void");
	while ((ch = getopt_long(argc, argv, "C:D:f:hm:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(0);
			break;
		case 'm':
			note = optarg;
			break;
		case OPT_ACTIVITY:
			activity = 1;
			break;
		default:
			if (!crm_common_opt(&crm, ch, optarg))
				usage(CRM_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	/* A void says why: the history it leaves must explain itself. */
	if (note == NULL || note[0] == '\0') {
		warnx("-m is required: why the record is a mistake");
		usage(CRM_EXIT_USAGE);
	}
	if (crm_text_check("note", note, 1, why, sizeof(why)) == -1)
		errx(CRM_EXIT_USAGE, "%s", why);
	if (argc == 0 && isatty(STDIN_FILENO))
		usage(CRM_EXIT_USAGE);

	crm_open_config(&crm);
	crm_open_db(&crm);
	o = crm_out_std(&crm, crm_void_cols, crm_void_ncols);
	arg[0] = (void *)note;
	arg[1] = o;
	failed = crm_ids_each(&crm, argc, argv, activity ? voidact : voiddeal,
	    arg);
	crm_out_free(o);
	if (failed == -1)
		usage(CRM_EXIT_USAGE);
	return crm_finish(&crm, failed ? CRM_EXIT_PARTIAL : 0);
}
