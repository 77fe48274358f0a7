/*
 * crm-log: record an activity on deals; with -L, list activities.
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
	OPT_PURPOSE,
	OPT_OUTCOME,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_LIST_KINDS,
	OPT_VOID
};

static const struct option longopts[] = {
	{ "account", required_argument, NULL, 'a' },
	{ "at", required_argument, NULL, OPT_AT },
	{ "config", required_argument, NULL, 'C' },
	{ "db", required_argument, NULL, 'D' },
	{ "format", required_argument, NULL, 'f' },
	{ "header", no_argument, NULL, CRM_OPT_HEADER },
	{ "help", no_argument, NULL, 'h' },
	{ "kind", required_argument, NULL, 'k' },
	{ "list", no_argument, NULL, 'L' },
	{ "list-kinds", no_argument, NULL, OPT_LIST_KINDS },
	{ "message", required_argument, NULL, 'm' },
	{ "next", required_argument, NULL, 'n' },
	{ "outcome", required_argument, NULL, OPT_OUTCOME },
	{ "owner", required_argument, NULL, 'o' },
	{ "pipeline", required_argument, NULL, 'p' },
	{ "purpose", required_argument, NULL, OPT_PURPOSE },
	{ "query", required_argument, NULL, 'q' },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "stage", required_argument, NULL, 's' },
	{ "team", required_argument, NULL, 'T' },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "version", no_argument, NULL, CRM_OPT_VERSION },
	{ "void", no_argument, NULL, OPT_VOID },
	{ "with", required_argument, NULL, 'w' },
	{ NULL, 0, NULL, 0 }
};

/* -h: one line an option; the man page has the detail. */
static const struct crm_help help[] = {
	{ "    --at=date", "when it happened (default: now)" },
	{ "-k, --kind=kind", "what it was: one of the config's "
	    "activity_kinds" },
	{ "-L, --list", "list activities instead of logging one" },
	{ "    --list-kinds", "print the config's activity kinds and exit" },
	{ "-m, --message=text",
	    "what was said or done; - reads it from stdin" },
	{ "-n, --next=next_action", "the date of the next step agreed" },
	{ "    --outcome=text", "the customer's response" },
	{ "    --purpose=text", "what it was for" },
	{ "-q, --query=text", "-L: activities or deals that mention text" },
	{ "    --since=date", "-L: activities at or after this date" },
	{ "    --until=date", "-L: activities before this date" },
	{ "    --void", "-L: void activities alone" },
	{ "-w, --with=contact", "who took part: a contact's id or name" },
	{ NULL, NULL }
};

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: crm-log -k kind [-m text | -m -] [-n next_action] "
	    "[-w contact]\n"
	    "               [--at date] [--outcome text] [--purpose text] "
	    "[-C config]\n"
	    "               [-D db] [-f format] [--header] [deal ...]\n"
	    "       crm-log -L [-a account] [-o owner] [-p pipeline] "
	    "[-q text] [-s stage]\n"
	    "               [-T name] [--since date] [--until date] "
	    "[--void] [-C config]\n"
	    "               [-D db] [-f format] [--header]\n");
	crm_help_exit(status, help, crm_help_filter, crm_help_common, NULL);
}

static char *
read_all(FILE *fp)
{
	struct crm_buf b = { 0 };
	char chunk[8192];
	size_t n;

	crm_buf_adds(&b, "");
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		crm_buf_add(&b, chunk, n);
	if (ferror(fp))
		err(CRM_EXIT_DB, "stdin");
	if (strlen(b.s) != b.len)
		errx(CRM_EXIT_USAGE, "-m -: NUL byte in the text on stdin");
	/* A text ends without its last newline, as echo gives it. */
	while (b.len > 0 && (b.s[b.len - 1] == '\n' || b.s[b.len - 1] == '\r'))
		b.s[--b.len] = '\0';
	return b.s;
}

static int
logone(struct crm *crm, long long id, void *arg)
{
	void **a = arg;

	return crm_activity_log(crm, id, a[0], a[1]);
}

/* The deals, gathered to check -w on each before anything is written. */
struct deals {
	long long	*v;
	size_t		 n;
};

static int
gather(struct crm *crm, long long id, void *arg)
{
	struct deals *d = arg;

	(void)crm;
	d->v = crm_reallocarray(d->v, d->n + 1, sizeof(*d->v));
	d->v[d->n++] = id;
	return 0;
}

/*
 * -w: every name on every deal found, else exit 2 with nothing logged
 * (a deal that is not there is left to crm_activity_log() to report).
 */
static int
log_with(struct crm *crm, int argc, char **argv, const struct crm_act *act,
    struct crm_out *o)
{
	struct deals d = { 0 };
	char why[1024];
	long long cid;
	size_t i, j;
	int failed;

	if ((failed = crm_ids_each(crm, argc, argv, gather, &d)) == -1)
		return -1;
	for (i = 0; i < d.n; i++)
		for (j = 0; j < act->with.n; j++)
			if (crm_contact_on_deal(crm, d.v[i], act->with.v[j],
			    &cid, why, sizeof(why)) == -1)
				errx(CRM_EXIT_USAGE, "%s", why);
	for (i = 0; i < d.n; i++)
		if (crm_activity_log(crm, d.v[i], act, o) != 0)
			failed++;
	free(d.v);
	return failed;
}

int
main(int argc, char *argv[])
{
	struct crm crm;
	struct crm_act act = { 0 };
	struct crm_filter f = { 0 };
	struct crm_out *o;
	struct crm_strv query = { 0 };
	const char *since = NULL, *until = NULL;
	char why[1024], *text = NULL;
	void *arg[2];
	int ch, list = 0, kinds = 0, voided = 0, failed;
	size_t i;

	crm_init(&crm, "crm-log");
	while ((ch = getopt_long(argc, argv, "a:C:D:f:hk:Lm:n:o:p:q:s:T:w:",
	    longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(0);
			break;
		case 'k':
			act.kind = optarg;
			break;
		case 'L':
			list = 1;
			break;
		case 'm':
			act.text = optarg;
			break;
		case 'n':
			act.next_in = optarg;
			break;
		case 'q':
			if (!crm_strv_has(&query, optarg))
				crm_strv_add(&query, optarg);
			break;
		case 'w':
			crm_strv_add(&act.with, optarg);
			break;
		case OPT_AT:
			act.at_in = optarg;
			break;
		case OPT_LIST_KINDS:
			kinds = 1;
			break;
		case OPT_OUTCOME:
			act.outcome = optarg;
			break;
		case OPT_PURPOSE:
			act.purpose = optarg;
			break;
		case OPT_SINCE:
			since = optarg;
			break;
		case OPT_UNTIL:
			until = optarg;
			break;
		case OPT_VOID:
			voided = 1;
			break;
		default:
			if (!crm_filter_opt(&f, ch, optarg) &&
			    !crm_common_opt(&crm, ch, optarg))
				usage(CRM_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;

	crm_open_config(&crm);
	if (kinds) {
		/* For the shell completions. */
		for (i = 0; i < crm.cfg->kinds.n; i++)
			printf("%s\n", crm.cfg->kinds.v[i]);
		return crm_finish(&crm, 0);
	}
	if (list) {
		if (argc > 0 || act.kind || act.text || act.next_in ||
		    act.at_in || act.outcome || act.purpose || act.with.n) {
			warnx("-L lists activities; it takes only filters");
			usage(CRM_EXIT_USAGE);
		}
		crm_open_db_read(&crm);
		o = crm_out_std(&crm, crm_activity_cols, crm_activity_ncols);
		crm_activity_list(&crm, &f, &query, crm_when_opt(&crm,
		    "--since", since), crm_when_opt(&crm, "--until", until),
		    voided, o);
		crm_out_free(o);
		crm_filter_free(&f);
		crm_strv_free(&query);
		return crm_finish(&crm, 0);
	}
	if (crm_filter_given(&f) || query.n > 0 || since || until || voided) {
		warnx("filters are for -L; to log, name the deals");
		usage(CRM_EXIT_USAGE);
	}
	if (act.text != NULL && strcmp(act.text, "-") == 0) {
		if (argc == 0)
			errx(CRM_EXIT_USAGE, "-m - reads the text from stdin, "
			    "so the deals must be arguments");
		act.text = text = read_all(stdin);
	}
	if (argc == 0 && isatty(STDIN_FILENO))
		usage(CRM_EXIT_USAGE);
	if (crm_act_check(&crm, &act, why, sizeof(why)) == -1)
		errx(CRM_EXIT_USAGE, "%s", why);
	crm_open_db(&crm);
	o = crm_out_std(&crm, crm_logged_cols, crm_logged_ncols);
	arg[0] = &act;
	arg[1] = o;
	if (act.with.n > 0)
		failed = log_with(&crm, argc, argv, &act, o);
	else
		failed = crm_ids_each(&crm, argc, argv, logone, arg);
	crm_out_free(o);
	crm_strv_free(&act.with);
	free(text);
	if (failed == -1)
		usage(CRM_EXIT_USAGE);
	return crm_finish(&crm, failed ? CRM_EXIT_PARTIAL : 0);
}
