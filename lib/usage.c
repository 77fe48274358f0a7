/*
 * What -h prints after the synopsis (which each command's usage() prints
 * as its man page's SYNOPSIS has it): one line for each option, the man
 * page keeping the detail.  The options every command shares, and the
 * filters of the commands that select deals, are written here once.
 */
#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

/* "Those": deals, or for crm-log -L the activities a person logged. */
const struct crm_help crm_help_filter[] = {
	{ "-a, --account=account", "only deals of this account" },
	{ "-o, --owner=owner", "only those of this person" },
	{ "-p, --pipeline=pipeline", "only deals in this pipeline" },
	{ "-s, --stage=stage", "only deals now in this stage" },
	{ "-T, --team=name", "as -o, for name and everyone below them in "
	    "team:" },
	{ NULL, NULL }
};

const struct crm_help crm_help_common[] = {
	{ "-C, --config=config", "read the funnel config from this file" },
	{ "-D, --db=db", "use this database file" },
	{ "-f, --format=format", "table, tsv, csv, json or jsonl" },
	{ "    --header", "a header line in TSV output" },
	{ "-h, --help", "print this help and exit" },
	{ "    --version", "print the version and exit" },
	{ NULL, NULL }
};

/* The width of the options' column; a longer one has a line of its own. */
#define HELP_OPTW	24

void
crm_help_exit(int status, ...)
{
	const struct crm_help *h;
	va_list ap;
	FILE *fp = status ? stderr : stdout;
	int first = 1;

	if (status == 0) {
		va_start(ap, status);
		while ((h = va_arg(ap, const struct crm_help *)) != NULL) {
			/* Each list is a group of its own. */
			fputc('\n', fp);
			for (; h->opt != NULL; h++)
				if (strlen(h->opt) > HELP_OPTW)
					fprintf(fp, "  %s\n  %-*s %s\n", h->opt,
					    HELP_OPTW, "", h->what);
				else
					fprintf(fp, "  %-*s %s\n", HELP_OPTW,
					    h->opt, h->what);
			first = 0;
		}
		va_end(ap);
		if (!first)
			fprintf(fp, "\nThe details are in %s(%d).\n",
			    program_invocation_short_name,
			    /* The one command for administrators. */
			    strcmp(program_invocation_short_name,
			    "crm-admin") == 0 ? 8 : 1);
	}
	/* A full disk or a closed pipe is an error, not silence. */
	if (status == 0 && (fflush(fp) == EOF || ferror(fp))) {
		warn("stdout");
		status = CRM_EXIT_DB;
	}
	exit(status);
}
