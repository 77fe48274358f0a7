/*
 * crm-contact: the customer's people.  Adds a contact of an account, or
 * many from TSV/CSV on stdin; lists them (-L); edits one (--set); records
 * that one left (--left).
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
	OPT_CSV,
	OPT_CURRENT,
	OPT_EMAIL,
	OPT_LEFT,
	OPT_LIST_ROLES,
	OPT_NAME,
	OPT_PHONE,
	OPT_SET,
	OPT_TITLE
};

static const struct option longopts[] = {
	{ "account", required_argument, NULL, 'a' },
	{ "at", required_argument, NULL, OPT_AT },
	{ "config", required_argument, NULL, 'C' },
	{ "csv", no_argument, NULL, OPT_CSV },
	{ "current", no_argument, NULL, OPT_CURRENT },
	{ "db", required_argument, NULL, 'D' },
	{ "email", required_argument, NULL, OPT_EMAIL },
	{ "format", required_argument, NULL, 'f' },
	{ "header", no_argument, NULL, CRM_OPT_HEADER },
	{ "help", no_argument, NULL, 'h' },
	{ "left", required_argument, NULL, OPT_LEFT },
	{ "list", no_argument, NULL, 'L' },
	{ "list-roles", no_argument, NULL, OPT_LIST_ROLES },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "note", required_argument, NULL, 'm' },
	{ "phone", required_argument, NULL, OPT_PHONE },
	{ "query", required_argument, NULL, 'q' },
	{ "role", required_argument, NULL, 'r' },
	{ "set", required_argument, NULL, OPT_SET },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "version", no_argument, NULL, CRM_OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

/* -h: one line an option; the man page has the detail. */
static const struct crm_help help[] = {
	{ "-a, --account=account",
	    "the customer, made when new (-L: only its contacts)" },
	{ "    --at=date", "--left: when they left (default: now)" },
	{ "    --csv", "import CSV, not TSV, from stdin" },
	{ "    --current", "-L: not those who left" },
	{ "    --email=text", "their email address" },
	{ "-L, --list", "list the contacts" },
	{ "    --left=id", "record that contact id left; -m says why" },
	{ "    --list-roles", "print the config's contact roles and exit" },
	{ "-m, --note=note", "a note on them; with --set or --left: why" },
	{ "    --name=name", "--set: their name" },
	{ "    --phone=text", "their phone number" },
	{ "-q, --query=text", "-L: only those with text in a field" },
	{ "-r, --role=role", "their role, of contact_roles: (-L: only it)" },
	{ "    --set=id", "change fields of contact id" },
	{ "    --title=text", "their job title" },
	{ NULL, NULL }
};

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: crm-contact [-a account] [-m note] [-r role] "
	    "[--email text] [--phone text]\n"
	    "               [--title text] [-C config] [-D db] [-f format] "
	    "[--header] name\n"
	    "       crm-contact [--csv] [-a account] [-m note] [-r role] "
	    "[--email text]\n"
	    "               [--phone text] [--title text] [-C config] [-D db] "
	    "[-f format]\n"
	    "               [--header] < file\n"
	    "       crm-contact -L [--current] [-a account] [-q text] "
	    "[-r role] [-C config]\n"
	    "               [-D db] [-f format] [--header]\n"
	    "       crm-contact --set id [-a account] [-m note] [-r role] "
	    "[--email text]\n"
	    "               [--name name] [--phone text] [--title text] "
	    "[-C config] [-D db]\n"
	    "               [-f format] [--header]\n"
	    "       crm-contact --left id -m note [--at date] [-C config] "
	    "[-D db] [-f format]\n"
	    "               [--header]\n");
	crm_help_exit(status, help, crm_help_common, NULL);
}

/* An option that only one way of running takes. */
static void
only(const char *opt, const char *mode)
{
	warnx("%s: only with %s", opt, mode);
	usage(CRM_EXIT_USAGE);
}

static long long
id_opt(const char *opt, const char *s)
{
	long long id;
	char why[256];

	if (crm_id_parse(s, &id, why, sizeof(why)) == -1)
		errx(CRM_EXIT_USAGE, "%s '%s': %s", opt, s, why);
	return id;
}

int
main(int argc, char *argv[])
{
	struct crm crm;
	struct crm_contact_q q;
	struct crm_out *o;
	char *in[CRM_CF_COUNT] = { 0 }, why[2048];
	const char *at_in = NULL, *set_in = NULL, *left_in = NULL;
	int ch, list = 0, csv = 0, ret = 0, k, given = 0, roles = 0;
	size_t i;
	long long id;
	time_t at;

	memset(&q, 0, sizeof(q));
	crm_init(&crm, "crm-contact");
	while ((ch = getopt_long(argc, argv, "a:C:D:f:hLm:q:r:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'a':
			crm_strv_add(&q.account, optarg);
			in[CRM_CF_ACCOUNT] = optarg;
			break;
		case 'h':
			usage(0);
			break;
		case 'L':
			list = 1;
			break;
		case 'm':
			in[CRM_CF_NOTE] = optarg;
			break;
		case 'q':
			crm_strv_add(&q.text, optarg);
			break;
		case 'r':
			crm_strv_add(&q.role, optarg);
			in[CRM_CF_ROLE] = optarg;
			break;
		case OPT_AT:
			at_in = optarg;
			break;
		case OPT_CSV:
			csv = 1;
			break;
		case OPT_CURRENT:
			q.current = 1;
			break;
		case OPT_EMAIL:
			in[CRM_CF_EMAIL] = optarg;
			break;
		case OPT_LEFT:
			left_in = optarg;
			break;
		case OPT_LIST_ROLES:
			roles = 1;
			break;
		case OPT_NAME:
			in[CRM_CF_NAME] = optarg;
			break;
		case OPT_PHONE:
			in[CRM_CF_PHONE] = optarg;
			break;
		case OPT_SET:
			set_in = optarg;
			break;
		case OPT_TITLE:
			in[CRM_CF_TITLE] = optarg;
			break;
		default:
			if (!crm_common_opt(&crm, ch, optarg))
				usage(CRM_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;

	if (roles) {
		/* For the shell completions. */
		crm_open_config(&crm);
		for (i = 0; i < crm.cfg->contact_roles.n; i++)
			printf("%s\n", crm.cfg->contact_roles.v[i]);
		return crm_finish(&crm, 0);
	}
	/* One way of running at a time, and only its options. */
	if (list + (set_in != NULL) + (left_in != NULL) > 1) {
		warnx("-L, --set and --left: one at a time");
		usage(CRM_EXIT_USAGE);
	}
	if (!list && (q.text.n > 0 || q.current))
		only(q.text.n > 0 ? "-q" : "--current", "-L");
	if (!list && (q.account.n > 1 || q.role.n > 1))
		only(q.account.n > 1 ? "-a given twice" : "-r given twice",
		    "-L");
	if (left_in == NULL && at_in != NULL)
		only("--at", "--left");
	if (set_in == NULL && in[CRM_CF_NAME] != NULL)
		only("--name", "--set (a new contact's name is the argument)");
	if (csv && (list || set_in != NULL || left_in != NULL || argc > 0))
		only("--csv", "an import (no name, contacts on stdin)");
	if ((list || set_in != NULL || left_in != NULL) && argc > 0) {
		warnx("unexpected argument '%s'", argv[0]);
		usage(CRM_EXIT_USAGE);
	}
	if (!list && set_in == NULL && left_in == NULL && argc > 1) {
		warnx("one name at a time (quote a name with spaces: "
		    "crm-contact \"%s %s\")", argv[0], argv[1]);
		usage(CRM_EXIT_USAGE);
	}
	for (k = 0; k < CRM_CF_COUNT; k++)
		if (k != CRM_CF_NOTE && in[k] != NULL)
			given = 1;
	if (left_in != NULL && given)
		only("-a, -r, --email, --name, --phone and --title", "--set");
	if (list && (in[CRM_CF_NOTE] != NULL || in[CRM_CF_EMAIL] != NULL ||
	    in[CRM_CF_PHONE] != NULL || in[CRM_CF_TITLE] != NULL))
		only("-m, --email, --phone and --title", "a new contact, "
		    "--set or --left");
	if (!list && set_in == NULL && left_in == NULL && argc == 0 &&
	    isatty(STDIN_FILENO))
		usage(CRM_EXIT_USAGE);

	crm_open_config(&crm);
	if (list) {
		crm_open_db_read(&crm);
		o = crm_out_std(&crm, crm_contact_cols, crm_contact_ncols);
		crm_contact_list(&crm, &q, o);
	} else if (left_in != NULL) {
		id = id_opt("--left", left_in);
		if (in[CRM_CF_NOTE] == NULL)
			errx(CRM_EXIT_USAGE, "--left: -m says why they left "
			    "(crm-contact --left %lld -m \"moved to ...\")",
			    id);
		if (crm_text_check("-m", in[CRM_CF_NOTE], 1, why,
		    sizeof(why)) == -1)
			errx(CRM_EXIT_USAGE, "%s", why);
		if ((at = crm_when_opt(&crm, "--at", at_in)) > crm.now)
			errx(CRM_EXIT_USAGE, "--at '%s' is in the future",
			    at_in);
		crm_open_db(&crm);
		o = crm_out_std(&crm, crm_contact_set_cols,
		    crm_contact_set_ncols);
		if (crm_contact_left(&crm, id, in[CRM_CF_NOTE], at, o) == -1)
			ret = CRM_EXIT_PARTIAL;
	} else if (set_in != NULL) {
		id = id_opt("--set", set_in);
		if (!given) {
			warnx("nothing to change: give -a, -r, --email, "
			    "--name, --phone or --title");
			usage(CRM_EXIT_USAGE);
		}
		if (crm_contact_values(&crm, in, 1, why, sizeof(why)) == -1) {
			crm_why_warn("", why);
			exit(CRM_EXIT_USAGE);
		}
		crm_open_db(&crm);
		o = crm_out_std(&crm, crm_contact_set_cols,
		    crm_contact_set_ncols);
		if (crm_contact_set(&crm, id, in, o) == -1)
			ret = CRM_EXIT_PARTIAL;
	} else if (argc == 1) {
		in[CRM_CF_NAME] = argv[0];
		if (crm_contact_values(&crm, in, 0, why, sizeof(why)) == -1) {
			crm_why_warn("", why);
			exit(CRM_EXIT_USAGE);
		}
		crm_open_db(&crm);
		o = crm_out_std(&crm, crm_id_cols, 1);
		crm_contact_add(&crm, in, o);
	} else {
		/* The options fill what a line leaves empty: check them once. */
		if (crm_contact_values(&crm, in, 1, why, sizeof(why)) == -1) {
			crm_why_warn("", why);
			exit(CRM_EXIT_USAGE);
		}
		crm_open_db(&crm);
		o = crm_out_std(&crm, crm_id_cols, 1);
		ret = crm_contact_import(&crm, stdin, csv ? CRM_ROWS_CSV :
		    CRM_ROWS_TSV, in, o);
	}
	crm_out_free(o);
	crm_strv_free(&q.account);
	crm_strv_free(&q.role);
	crm_strv_free(&q.text);
	return crm_finish(&crm, ret);
}
