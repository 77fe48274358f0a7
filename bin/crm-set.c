/*
 * crm-set: change fields of deals, recording who changed what.  The
 * handover when someone leaves: crm-ls -o li | crm-set -o wang -m "li left"
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

enum {
	OPT_PRIORITY = CRM_OPT_FIRST_LOCAL,
	OPT_SOURCE,
	OPT_CURRENCY,
	OPT_MEMBER,
	OPT_DROP_MEMBER
};

static const struct option longopts[] = {
	{ "account", required_argument, NULL, 'a' },
	{ "close", required_argument, NULL, 'e' },
	{ "config", required_argument, NULL, 'C' },
	{ "contact", required_argument, NULL, 'c' },
	{ "currency", required_argument, NULL, OPT_CURRENCY },
	{ "db", required_argument, NULL, 'D' },
	{ "drop-member", required_argument, NULL, OPT_DROP_MEMBER },
	{ "format", required_argument, NULL, 'f' },
	{ "header", no_argument, NULL, CRM_OPT_HEADER },
	{ "help", no_argument, NULL, 'h' },
	{ "member", required_argument, NULL, OPT_MEMBER },
	{ "next", required_argument, NULL, 'n' },
	{ "note", required_argument, NULL, 'm' },
	{ "owner", required_argument, NULL, 'o' },
	{ "priority", required_argument, NULL, OPT_PRIORITY },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "stage", required_argument, NULL, 's' },
	{ "title", required_argument, NULL, 't' },
	{ "amount", required_argument, NULL, 'v' },
	{ "version", no_argument, NULL, CRM_OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

/* -h: one line an option; the man page has the detail. */
static const struct crm_help help[] = {
	{ "-a, --account=account",
	    "move the deal to this account, made when new" },
	{ "-c, --contact=contact", "the person; a number: attach that "
	    "contact" },
	{ "    --currency=code", "its currency, ISO 4217" },
	{ "    --drop-member=name", "take name off our deal team" },
	{ "-e, --close=close_date", "the date it is expected to close" },
	{ "-m, --note=note", "why: kept with each field changed" },
	{ "    --member=member", "NAME:ROLE: put NAME on our deal team as "
	    "ROLE" },
	{ "-n, --next=next_action", "the date of the next planned step" },
	{ "-o, --owner=owner", "who sells it from now on (the handover)" },
	{ "    --priority=n", "a priority, 0-99" },
	{ "-s, --stage=stage", "not here: stages change with crm-advance -s" },
	{ "    --source=text", "where the lead came from" },
	{ "-t, --title=title", "what is being sold" },
	{ "-v, --amount=amount", "its value: 12000, 12,000.50, 3.5万, ¥120万" },
	{ NULL, NULL }
};

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: crm-set [-a account] [-c contact] [-e close_date] "
	    "[-m note]\n"
	    "               [-n next_action] [-o owner] [-t title] "
	    "[-v amount]\n"
	    "               [--currency code] [--drop-member name] "
	    "[--member name:role]\n"
	    "               [--priority n] [--source text] [-C config] "
	    "[-D db] [-f format]\n"
	    "               [--header] [deal ...]\n");
	crm_help_exit(status, help, crm_help_common, NULL);
}

static int
setone(struct crm *crm, long long id, void *arg)
{
	void **a = arg;

	return crm_deal_set(crm, id, a[0], a[1]);
}

int
main(int argc, char *argv[])
{
	struct crm crm;
	struct crm_dealvals v;
	struct crm_deal_people people = { 0 };
	struct crm_out *o;
	char *in[CRM_DF_COUNT] = { 0 };
	char why[1024];
	void *arg[2];
	int ch, i, failed, any = 0;

	crm_init(&crm, "crm-set");
	while ((ch = getopt_long(argc, argv, "a:C:c:D:e:f:hm:n:o:s:t:v:",
	    longopts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			in[CRM_DF_ACCOUNT] = optarg;
			break;
		case 'c':
			/*
			 * A number is a contact of the deal's account, for
			 * its buying group; words, the free-text contact.
			 */
			if (optarg[0] >= '0' && optarg[0] <= '9' &&
			    strspn(optarg, "0123456789") == strlen(optarg)) {
				long long cid;

				if (crm_strtonum(optarg, 1, INT64_MAX, &cid,
				    why, sizeof(why)) == -1)
					errx(CRM_EXIT_USAGE, "--contact '%s': "
					    "a contact id must be 1 or more",
					    optarg);
				people.contacts = crm_reallocarray(
				    people.contacts, people.ncontacts + 1,
				    sizeof(*people.contacts));
				people.contacts[people.ncontacts++] = cid;
			} else
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
		case 's':
			/* A move has a gate and a history of its own. */
			errx(CRM_EXIT_USAGE, "-s: stages change with "
			    "crm-advance (crm-advance -s STAGE ID)");
		case 't':
			in[CRM_DF_TITLE] = optarg;
			break;
		case 'v':
			in[CRM_DF_AMOUNT] = optarg;
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
		case OPT_MEMBER:
			crm_strv_add(&people.member, optarg);
			break;
		case OPT_DROP_MEMBER:
			crm_strv_add(&people.drop, optarg);
			break;
		default:
			if (!crm_common_opt(&crm, ch, optarg))
				usage(CRM_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	for (i = 0; i < CRM_DF_COUNT; i++)
		if (i != CRM_DF_NOTE && in[i] != NULL)
			any = 1;
	if (crm_deal_people_given(&people))
		any = 1;
	if (!any) {
		warnx("nothing to change: give -o, -a, -c, -t, -v, -e, -n, "
		    "--currency, --priority, --source, --member or "
		    "--drop-member");
		usage(CRM_EXIT_USAGE);
	}
	if (argc == 0 && isatty(STDIN_FILENO))
		usage(CRM_EXIT_USAGE);

	crm_open_config(&crm);
	if (crm_deal_changes(&crm, in, &v, why, sizeof(why)) == -1) {
		crm_why_warn("", why);
		exit(CRM_EXIT_USAGE);
	}
	if (crm_deal_people_check(&crm, &people, why, sizeof(why)) == -1)
		errx(CRM_EXIT_USAGE, "%s", why);
	v.people = &people;
	crm_open_db(&crm);
	o = crm_out_std(&crm, crm_set_cols, crm_set_ncols);
	arg[0] = &v;
	arg[1] = o;
	failed = crm_ids_each(&crm, argc, argv, setone, arg);
	crm_out_free(o);
	crm_deal_people_free(&people);
	if (failed == -1)
		usage(CRM_EXIT_USAGE);
	return crm_finish(&crm, failed ? CRM_EXIT_PARTIAL : 0);
}
