/*
 * crm-admin: a database's life.  init makes an empty crm database,
 * migrate brings one to this crm's schema, check verifies it, copy
 * moves one to another backend (lib/copy.c), config pushes the funnel
 * config into it and shows the one in force (lib/cfgpush.c), grant and
 * revoke say who may sign in (lib/person.c).
 */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

/* Options of one command alone, numbered past the shared ones. */
enum {
	OPT_ADMIN = CRM_OPT_FIRST_LOCAL
};

static const struct option longopts[] = {
	{ "admin", no_argument, NULL, OPT_ADMIN },
	{ "config", required_argument, NULL, 'C' },
	{ "db", required_argument, NULL, 'D' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, CRM_OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

static const struct crm_help help[] = {
	{ "init [db]", "make a new, empty database" },
	{ "migrate [db]", "bring a database to this crm's schema version" },
	{ "check [db]", "verify a database's integrity and crm's rules" },
	{ "copy src dst", "copy a whole database into an empty one" },
	{ "config push file", "make file the config of every command on db" },
	{ "config show", "print the config in force" },
	{ "grant name", "let a person of team: sign in" },
	{ "revoke name", "record that a person left; they sign in no more" },
	{ NULL, NULL }
};

/* Not crm_help_common: crm-admin prints nothing that -f would format. */
static const struct crm_help options[] = {
	{ "    --admin", "grant: an admin, who sees every deal" },
	{ "-C, --config=config", "read the config (its database:, team:) from "
	    "this file" },
	{ "-D, --db=db", "use this database" },
	{ "-h, --help", "print this help and exit" },
	{ "    --version", "print the version and exit" },
	{ NULL, NULL }
};

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: crm-admin [-C config] [-D db] init [db]\n"
	    "       crm-admin [-C config] [-D db] migrate [db]\n"
	    "       crm-admin [-C config] [-D db] check [db]\n"
	    "       crm-admin copy src dst\n"
	    "       crm-admin [-C config] [-D db] config push file\n"
	    "       crm-admin [-C config] [-D db] config show\n"
	    "       crm-admin [-C config] [-D db] grant [--admin] name\n"
	    "       crm-admin [-C config] [-D db] revoke name\n");
	crm_help_exit(status, help, options, NULL);
}

/* init: a new, empty database with the current schema. */
static int
init(struct crm *crm)
{
	struct stat sb;

	crm_open_config_local(crm);
	crm->dbpath = crm_db_path(crm->opt_db, crm->cfg);
	if (!crm_db_is_uri(crm->dbpath) && stat(crm->dbpath, &sb) == 0 &&
	    sb.st_size > 0)
		errx(CRM_EXIT_DB, "database %s: already exists; init makes "
		    "a new one only", crm->dbpath);
	/* On a server, the one open that makes the schema. */
	crm->db = crm_db_open(crm->dbpath, CRM_DB_INIT);
	return crm_finish(crm, 0);
}

/*
 * migrate: the schema up to date, one line saying from what.  SQLite's
 * open upgrades already; a server's needs this.
 */
static int
migrate(struct crm *crm)
{
	int from, to = crm_db_schema_version();

	crm_open_config_local(crm);
	crm->dbpath = crm_db_path(crm->opt_db, crm->cfg);
	crm->db = crm_db_open(crm->dbpath, CRM_DB_MIGRATE);
	from = crm_db_migrate(crm->db);
	if (from == to)
		printf("%s: schema version %d, nothing to do\n",
		    crm_db_name(crm->db), to);
	else
		printf("%s: schema version %d -> %d\n", crm_db_name(crm->db),
		    from, to);
	return crm_finish(crm, 0);
}

/* check: a line per problem; 1 when there is any. */
static int
check(struct crm *crm)
{
	int n;

	crm_open_db_read(crm);
	n = crm_check(crm, stdout);
	return crm_finish(crm, n > 0 ? CRM_EXIT_PARTIAL : 0);
}

/*
 * on_exit(3) for a destination file that copy made: a failed copy (any
 * exit but 0, from wherever it came) leaves no empty database behind,
 * which a second try would refuse as "not empty" or a user mistake for
 * a backup.  arg: the path, allocated.
 */
static void
unmake(int status, void *arg)
{
	if (status != 0)
		crm_db_unlink(arg);
	free(arg);
}

/*
 * copy: src, read in one snapshot, into dst, an empty database
 * (an SQLite file is made when there is none, and removed again when
 * the copy fails; a server's must have been made by init); one line of
 * what it copied.
 */
static int
copy(struct crm *src, const char *from, const char *to)
{
	struct crm dst;
	long long n[CRM_COPY_TABLES];
	static const int order[] = {
		CRM_COPY_DEAL, CRM_COPY_ACCOUNT, CRM_COPY_STAGE_CHANGE,
		CRM_COPY_ACTIVITY, CRM_COPY_FIELD_CHANGE, CRM_COPY_VOID
	};
	size_t i;

	crm_init(&dst, src->prog);
	/* Neither reads a config: both databases are named. */
	src->dbpath = crm_strdup(from);
	dst.dbpath = crm_strdup(to);
	src->db = crm_db_open(src->dbpath, 0);
	if (crm_db_claim(to) && on_exit(unmake, crm_strdup(to)) != 0)
		err(CRM_EXIT_DB, "on_exit");
	dst.db = crm_db_open(dst.dbpath, 1);
	crm_copy(src, &dst, n);
	printf("%s -> %s:", crm_db_name(src->db), crm_db_name(dst.db));
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		printf("%s %lld %s", i ? "," : "", n[order[i]],
		    crm_copy_what(order[i], n[order[i]]));
	putchar('\n');
	crm_finish(&dst, 0);
	return crm_finish(src, 0);
}

/*
 * config push FILE: FILE ("-": standard input), parsed as a local config
 * is, becomes the config in force; one line saying which push it is.
 */
static int
config_push(struct crm *crm, const char *file)
{
	struct crm_config *cfg;
	char err[1024], *text;
	long long id, links;
	size_t len;

	crm_open_config_nopush(crm);
	text = crm_config_read(file, &len);
	cfg = crm_config_parse(text, len, strcmp(file, "-") == 0 ?
	    "(stdin)" : file, err, sizeof(err));
	if (cfg == NULL)
		errx(CRM_EXIT_USAGE, "%s", err);
	crm_open_db(crm);
	id = crm_config_push(crm, cfg, text, len, &links);
	printf("%s: pushed config %lld, %lld team link%s\n",
	    crm_db_name(crm->db), id, links, links == 1 ? "" : "s");
	crm_config_free(cfg);
	free(text);
	return crm_finish(crm, 0);
}

/*
 * config show: the text of the config in force, verbatim, so that what
 * it prints may be edited and pushed again.  A database file not there
 * yet is not made.
 */
static int
config_show(struct crm *crm)
{
	char *text, *name = NULL;
	long long id;
	size_t len;

	crm_open_config_nopush(crm);
	text = crm->db != NULL ? crm_config_pushed(crm, &id) : NULL;
	if (text != NULL)
		len = strlen(text);
	else
		text = crm_config_text(crm->opt_config, &len, &name);
	fwrite(text, 1, len, stdout);
	free(text);
	free(name);
	return crm_finish(crm, 0);
}

static int
config(struct crm *crm, int argc, char *argv[])
{
	if (argc == 3 && strcmp(argv[1], "push") == 0)
		return config_push(crm, argv[2]);
	if (argc == 2 && strcmp(argv[1], "show") == 0)
		return config_show(crm);
	if (argc >= 2 && strcmp(argv[1], "push") != 0 &&
	    strcmp(argv[1], "show") != 0)
		warnx("unknown config command '%s' (config commands: push, "
		    "show)", argv[1]);
	usage(CRM_EXIT_USAGE);
	return CRM_EXIT_USAGE;
}

/*
 * grant and revoke: name may sign in, or has left (lib/person.c); --admin
 * belongs to grant alone.
 */
static int
people(struct crm *crm, int argc, char *argv[], int admin)
{
	int grant = strcmp(argv[0], "grant") == 0;

	if (argc != 2)
		usage(CRM_EXIT_USAGE);
	if (admin && !grant)
		errx(CRM_EXIT_USAGE, "--admin is for grant alone");
	if (grant)
		crm_person_grant(crm, argv[1], admin);
	else
		crm_person_revoke(crm, argv[1]);
	return crm_finish(crm, 0);
}

int
main(int argc, char *argv[])
{
	struct crm crm;
	int ch, admin = 0;

	crm_init(&crm, "crm-admin");
	while ((ch = getopt_long(argc, argv, "C:D:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(0);
			break;
		case OPT_ADMIN:
			admin = 1;
			break;
		default:
			if (!crm_common_opt(&crm, ch, optarg))
				usage(CRM_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		usage(CRM_EXIT_USAGE);
	if (strcmp(argv[0], "grant") == 0 || strcmp(argv[0], "revoke") == 0)
		return people(&crm, argc, argv, admin);
	if (admin)
		errx(CRM_EXIT_USAGE, "--admin is for grant alone");
	if (strcmp(argv[0], "init") == 0 || strcmp(argv[0], "migrate") == 0 ||
	    strcmp(argv[0], "check") == 0) {
		if (argc > 2)
			usage(CRM_EXIT_USAGE);
		if (argc == 2)
			crm.opt_db = argv[1];
		if (strcmp(argv[0], "init") == 0)
			return init(&crm);
		if (strcmp(argv[0], "migrate") == 0)
			return migrate(&crm);
		return check(&crm);
	}
	if (strcmp(argv[0], "copy") == 0) {
		if (argc != 3)
			usage(CRM_EXIT_USAGE);
		return copy(&crm, argv[1], argv[2]);
	}
	if (strcmp(argv[0], "config") == 0)
		return config(&crm, argc, argv);
	warnx("unknown command '%s' (commands: init, migrate, check, copy, "
	    "config, grant, revoke)", argv[0]);
	usage(CRM_EXIT_USAGE);
	return CRM_EXIT_USAGE;
}
