/*
 * crm: the dispatcher.  "crm add ..." runs crm-add from crm's own
 * directory first, then from PATH, as git does.
 */
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

/* The commands and what each does: one registry for help and checks. */
static const struct {
	const char	*name;
	const char	*what;
} commands[] = {
	{ .name = "add",
	    .what = "add a deal, or import many from TSV/CSV on stdin" },
	{ .name = "admin",
	    .what = "a database's life: init" },
	{ .name = "advance",
	    .what = "move deals to the next or a named stage, or close them" },
	{ .name = "funnel",
	    .what = "the funnel: value, forecast, conversion per stage" },
	{ .name = "log",
	    .what = "record a visit, call, email...; -L lists them" },
	{ .name = "ls",
	    .what = "list deals, filtered and sorted" },
	{ .name = "set",
	    .what = "change fields of deals: owner, amount, dates..." },
	{ .name = "show",
	    .what = "one deal in full, with its history" },
	{ .name = "stale",
	    .what = "deals stalled in their stage, idle, or overdue" },
};

static void
usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: crm command [argument ...]\n"
	    "       crm help | --help | --version\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		fprintf(fp, "  %-9s %s\n", commands[i].name, commands[i].what);
	fprintf(fp, "\n'crm command -h' shows a command's options; "
	    "see crm(7) for a tour.\n");
}

int
main(int argc, char *argv[])
{
	char self[PATH_MAX], *dir, *path, *prog;
	ssize_t n;

	if (argc < 2) {
		usage(stdout);
		return fflush(stdout) == 0 ? 0 : CRM_EXIT_DB;
	}
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return fflush(stdout) == 0 ? 0 : CRM_EXIT_DB;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("crm %s\n", CRM_VERSION);
		return fflush(stdout) == 0 ? 0 : CRM_EXIT_DB;
	}
	if (argv[1][0] == '-' || strchr(argv[1], '/') != NULL) {
		warnx("unknown command '%s'", argv[1]);
		usage(stderr);
		return CRM_EXIT_USAGE;
	}
	prog = crm_asprintf("crm-%s", argv[1]);
	argv[1] = prog;
	/* Our own directory first, so bin/crm runs bin/crm-add in place. */
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) > 0) {
		self[n] = '\0';
		if ((dir = strrchr(self, '/')) != NULL) {
			*dir = '\0';
			path = crm_asprintf("%s/%s", self, prog);
			execv(path, argv + 1);
			free(path);
		}
	}
	execvp(prog, argv + 1);
	if (errno == ENOENT) {
		warnx("'%s' is not a crm command", argv[1] + 4);
		usage(stderr);
		return CRM_EXIT_USAGE;
	}
	err(126, "%s", prog);
}
