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
	    .what = "a database's life: init, migrate, check, copy" },
	{ .name = "advance",
	    .what = "move deals to the next or a named stage, or close them" },
	{ .name = "contact",
	    .what = "the customer's people: add, list, edit, who left" },
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
	{ .name = "void",
	    .what = "void deals or activities entered by mistake" },
};

/* -h: crm's own options; the commands' are theirs. */
static const struct crm_help help[] = {
	{ "-h, --help", "print this help and exit" },
	{ "    --version", "print the version and exit" },
	{ NULL, NULL }
};

static void
usage(int status)
{
	FILE *fp = status ? stderr : stdout;
	size_t i;

	fprintf(fp, "usage: crm command [argument ...]\n"
	    "       crm help [command]\n"
	    "       crm --help | --version\n");
	if (status == 0) {
		fprintf(fp, "\ncommands:\n");
		for (i = 0; i < sizeof(commands) / sizeof(*commands); i++)
			fprintf(fp, "  %-9s %s\n", commands[i].name,
			    commands[i].what);
		fprintf(fp, "\n'crm help command' shows a command's options; "
		    "crm(7) is the tour.\n");
	}
	crm_help_exit(status, help, NULL);
}

/* An unknown command: the nearest known one, and the synopsis. */
static void
unknown(const char *name)
{
	struct crm_strv names = { 0 };
	char *msg;
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		crm_strv_add(&names, commands[i].name);
	crm_strv_add(&names, "help");
	msg = crm_unknown("command", name, &names, "commands");
	warnx("%s", msg);
	free(msg);
	crm_strv_free(&names);
	usage(CRM_EXIT_USAGE);
}

/*
 * Runs crm-NAME with args (args[0] is replaced): from crm's own directory
 * first, so bin/crm runs bin/crm-add in place, then from PATH.
 */
static void
run(const char *name, char *args[])
{
	char self[PATH_MAX], *dir, *path, *prog;
	ssize_t n;
	size_t i;

	if (name[0] == '-' || name[0] == '\0' || strchr(name, '/') != NULL)
		unknown(name);
	prog = crm_asprintf("crm-%s", name);
	args[0] = prog;
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) > 0) {
		self[n] = '\0';
		if ((dir = strrchr(self, '/')) != NULL) {
			*dir = '\0';
			path = crm_asprintf("%s/%s", self, prog);
			execv(path, args);
			free(path);
		}
	}
	execvp(prog, args);
	if (errno != ENOENT)
		err(126, "%s", prog);
	free(prog);
	for (i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		if (strcmp(name, commands[i].name) == 0)
			errx(127, "crm-%s is neither beside crm nor in PATH: "
			    "is crm installed whole?", name);
	unknown(name);
}

int
main(int argc, char *argv[])
{
	char *args[3];

	if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0)
		usage(0);
	if (strcmp(argv[1], "--version") == 0) {
		printf("crm %s\n", CRM_VERSION);
		return fflush(stdout) == 0 ? 0 : CRM_EXIT_DB;
	}
	if (strcmp(argv[1], "help") != 0) {
		run(argv[1], argv + 1);
		return 126;	/* not reached */
	}
	/* crm help add: what crm add -h shows, which needs no man(1). */
	if (argc == 2 || strcmp(argv[2], "help") == 0)
		usage(0);
	if (argc > 3) {
		warnx("help takes one command: crm help %s", argv[2]);
		usage(CRM_EXIT_USAGE);
	}
	args[0] = NULL;
	args[1] = "--help";
	args[2] = NULL;
	run(argv[2], args);
	return 126;	/* not reached */
}
