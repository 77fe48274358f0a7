/*
 * crm-show: one deal in full: its fields and its whole history.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "crm.h"

static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'C' },
	{ "db", required_argument, NULL, 'D' },
	{ "format", required_argument, NULL, 'f' },
	{ "header", no_argument, NULL, CRM_OPT_HEADER },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, CRM_OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: crm-show [-C config] [-D db] [-f format] [--header] deal\n");
	crm_help_exit(status, crm_help_common, NULL);
}

int
main(int argc, char *argv[])
{
	struct crm crm;
	char why[128], *line = NULL;
	size_t cap = 0;
	long long id;
	int ch, rc;

	crm_init(&crm, "crm-show");
	while ((ch = getopt_long(argc, argv, "C:D:f:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(0);
			break;
		default:
			if (!crm_common_opt(&crm, ch, optarg))
				usage(CRM_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1) {
		warnx("one deal at a time: 'crm-show %s'; for more, "
		    "crm-ls or crm-log -L", argv[0]);
		usage(CRM_EXIT_USAGE);
	}
	if (argc == 1) {
		if (crm_id_parse(argv[0], &id, why, sizeof(why)) == -1)
			errx(CRM_EXIT_USAGE, "'%s': %s", argv[0], why);
	} else {
		/* The first deal on stdin, so 'crm-ls ... | crm-show' works. */
		if (isatty(STDIN_FILENO))
			usage(CRM_EXIT_USAGE);
		rc = 0;
		while (getline(&line, &cap, stdin) != -1)
			if ((rc = crm_id_line(line, &id, why, sizeof(why))) != 0)
				break;
		if (rc == 0)
			errx(CRM_EXIT_USAGE, "no deal id on stdin");
		if (rc == -1)
			errx(CRM_EXIT_USAGE, "stdin: %s", why);
		free(line);
	}
	crm_open_db_read(&crm);
	return crm_finish(&crm, crm_show(&crm, id) == 0 ? 0 : CRM_EXIT_PARTIAL);
}
