/*
 * crm-advance: move deals to the next or a named stage, or close them.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

enum {
	OPT_AT = CRM_OPT_FIRST_LOCAL,
	OPT_UNDO
};

static const struct option longopts[] = {
	{ "at", required_argument, NULL, OPT_AT },
	{ "config", required_argument, NULL, 'C' },
	{ "db", required_argument, NULL, 'D' },
	{ "force", no_argument, NULL, 'F' },
	{ "format", required_argument, NULL, 'f' },
	{ "header", no_argument, NULL, CRM_OPT_HEADER },
	{ "help", no_argument, NULL, 'h' },
	{ "lost", required_argument, NULL, 'l' },
	{ "note", required_argument, NULL, 'm' },
	{ "stage", required_argument, NULL, 's' },
	{ "undo", no_argument, NULL, OPT_UNDO },
	{ "version", no_argument, NULL, CRM_OPT_VERSION },
	{ "won", no_argument, NULL, 'w' },
	{ NULL, 0, NULL, 0 }
};

/* -h: one line an option; the man page has the detail. */
static const struct crm_help help[] = {
	{ "    --at=date", "when it happened (default: now)" },
	{ "-F, --force",
	    "move though the stage's required work is not logged" },
	{ "-l, --lost=reason", "close as lost, for one of the lost reasons" },
	{ "-m, --note=note", "why: kept with the stage change" },
	{ "-s, --stage=stage", "move to this stage, by name or label" },
	{ "    --undo", "void the last stage change, back where it was" },
	{ "-w, --won", "close as won" },
	{ NULL, NULL }
};

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: crm-advance [-s stage | -w | -l reason] [-F] [-m note] "
	    "[--at date]\n"
	    "                   [-C config] [-D db] [-f format] [--header] "
	    "[deal ...]\n"
	    "       crm-advance --undo -m note [-C config] [-D db] "
	    "[-f format] [--header]\n"
	    "                   [deal ...]\n");
	crm_help_exit(status, help, crm_help_common, NULL);
}

static int
advance(struct crm *crm, long long id, void *arg)
{
	void **a = arg;

	return crm_deal_advance(crm, id, a[0], a[1]);
}

static int
undo(struct crm *crm, long long id, void *arg)
{
	void **a = arg;
	const struct crm_move *mv = a[0];

	return crm_deal_undo(crm, id, mv->note, a[1]);
}

int
main(int argc, char *argv[])
{
	struct crm crm;
	struct crm_move mv = { 0 };
	struct crm_out *o;
	const char *at = NULL;
	char why[1024];
	void *arg[2];
	int ch, failed, targets = 0, undoing = 0;

	crm_init(&crm, "crm-advance");
	while ((ch = getopt_long(argc, argv, "C:D:Ff:hl:m:s:w", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'F':
			mv.force = 1;
			break;
		case 'h':
			usage(0);
			break;
		case 'l':
			mv.lost = optarg;
			targets++;
			break;
		case 'm':
			mv.note = optarg;
			break;
		case 's':
			mv.stage = optarg;
			targets++;
			break;
		case 'w':
			mv.won = 1;
			targets++;
			break;
		case OPT_AT:
			at = optarg;
			break;
		case OPT_UNDO:
			undoing = 1;
			break;
		default:
			if (!crm_common_opt(&crm, ch, optarg))
				usage(CRM_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (targets > 1) {
		warnx("-s, -w and -l say where to move; give one");
		usage(CRM_EXIT_USAGE);
	}
	if (undoing && (targets > 0 || mv.force || at != NULL)) {
		warnx("--undo goes back to the stage before; it takes no "
		    "-s, -w, -l, -F or --at");
		usage(CRM_EXIT_USAGE);
	}
	/* A correction says why, as every void does. */
	if (undoing && (mv.note == NULL || mv.note[0] == '\0')) {
		warnx("--undo needs -m: why the stage change was a mistake");
		usage(CRM_EXIT_USAGE);
	}
	if (argc == 0 && isatty(STDIN_FILENO))
		usage(CRM_EXIT_USAGE);

	crm_open_config(&crm);
	/*
	 * A stage or reason no pipeline has, or a bad text: once, before
	 * any deal.
	 */
	if (crm_move_check(&crm, &mv, why, sizeof(why)) == -1)
		errx(CRM_EXIT_USAGE, "%s", why);
	if (at != NULL) {
		if (crm_when_parse(at, crm.now, &mv.at, why, sizeof(why)) == -1)
			errx(CRM_EXIT_USAGE, "--at '%s': %s", at, why);
		if (mv.at > crm.now)
			errx(CRM_EXIT_USAGE, "--at '%s' is in the future", at);
	}
	crm_open_db(&crm);
	o = crm_out_std(&crm, crm_move_cols, crm_move_ncols);
	arg[0] = &mv;
	arg[1] = o;
	failed = crm_ids_each(&crm, argc, argv, undoing ? undo : advance,
	    arg);
	crm_out_free(o);
	if (failed == -1)
		usage(CRM_EXIT_USAGE);
	return crm_finish(&crm, failed ? CRM_EXIT_PARTIAL : 0);
}
