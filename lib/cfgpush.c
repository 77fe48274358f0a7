/*
 * The funnel config stored in the database (issue 17): crm-admin config
 * push appends the text of a config to config_push and rewrites
 * team_link from its team:; the one with the greatest id is in force,
 * and every command reads it in place of the local file's (all but
 * database:, which says where the database is).  So a team sharing one
 * database shares one funnel, and on a server the rows' visibility
 * (crm_below() over team_link) follows the same team: that the commands
 * use.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

char *
crm_config_pushed(struct crm *crm, long long *id)
{
	struct crm_stmt *st;
	char *text = NULL;

	/* One probe of config_push's primary key. */
	st = crm_prepare(crm, "SELECT id, text FROM config_push "
	    "ORDER BY id DESC LIMIT 1");
	if (crm_step(crm, st) == CRM_ROW) {
		*id = crm_col_int(st, 0);
		text = crm_col_strdup(st, 1);
	}
	crm_reset(st);
	return text;
}

void
crm_config_in_force(struct crm *crm)
{
	struct crm_config *cfg;
	char err[1024], *text, *name;
	long long id;

	if ((text = crm_config_pushed(crm, &id)) == NULL)
		return;
	name = crm_asprintf("pushed config %lld", id);
	cfg = crm_config_parse(text, strlen(text), name, err, sizeof(err));
	free(text);
	free(name);
	/* Pushed by another crm, which read it otherwise. */
	if (cfg == NULL)
		errx(CRM_EXIT_USAGE, "%s (crm-admin config push a config "
		    "this crm reads)", err);
	/* Where the database is stays the local file's to say. */
	free(cfg->database);
	cfg->database = crm->cfg->database;
	crm->cfg->database = NULL;
	crm_config_free(crm->cfg);
	crm->cfg = cfg;
}

/*
 * The open deals that cfg would leave in a stage or pipeline it has not:
 * a line on stderr for each, and how many such places.  crm->cfg is cfg
 * meanwhile (lib/stages.c reads it).
 */
static size_t
orphans(struct crm *crm, struct crm_config *cfg)
{
	const struct crm_orphan *o;
	struct crm_config *was = crm->cfg;
	size_t i, n;

	crm_stage_orphans_free(crm);
	crm->cfg = cfg;
	o = crm_stage_orphans(crm, &n);
	for (i = 0; i < n; i++) {
		if (o[i].stage == NULL)
			warnx("%s: %lld open deal%s in pipeline %s, which it "
			    "has not: keep the pipeline", cfg->file, o[i].n,
			    o[i].n == 1 ? "" : "s", o[i].pipeline);
		else
			warnx("%s: %lld open deal%s in stage '%s' of "
			    "pipeline %s, which it has not: move %s with "
			    "crm-advance first (crm-ls -p %s -s %s lists %s), "
			    "or add renamed_from: %s to the stage it became",
			    cfg->file, o[i].n, o[i].n == 1 ? "" : "s",
			    o[i].stage, o[i].pipeline,
			    o[i].n == 1 ? "it" : "them", o[i].pipeline,
			    o[i].stage, o[i].n == 1 ? "it" : "them",
			    o[i].stage);
	}
	crm_stage_orphans_free(crm);
	crm->cfg = was;
	return n;
}

long long
crm_config_push(struct crm *crm, struct crm_config *cfg, const char *text,
    size_t len, long long *nlinks)
{
	struct crm_stmt *st;
	long long id;
	size_t i, j;

	/* The server would refuse the INSERT: no role crm grants may. */
	if (crm_db_ruled(crm->db))
		errx(CRM_EXIT_DB, "config push: only an administrator of %s "
		    "(the owner of its tables) pushes the config, and %s is "
		    "not one", crm_db_name(crm->db), crm->user);
	/* config_push keeps text; the parser refused a NUL already. */
	if (strlen(text) != len)
		errx(CRM_EXIT_USAGE, "%s: NUL byte in the config", cfg->file);
	crm_begin(crm);
	/* Under the write lock: no deal moves between check and push. */
	if (orphans(crm, cfg) > 0) {
		crm_rollback(crm);
		errx(CRM_EXIT_USAGE, "config push: %s would leave open deals "
		    "where no stage is; nothing pushed", cfg->file);
	}
	st = crm_prepare(crm, "INSERT INTO config_push (at, by, text) "
	    "VALUES (?, ?, ?) RETURNING id");
	crm_bind_int(st, 1, (long long)crm->now);
	crm_bind_text(st, 2, crm->user);
	crm_bind_ref(st, 3, text);
	id = crm_step_id(crm, st);
	st = crm_prepare(crm, "DELETE FROM team_link");
	crm_step(crm, st);
	crm_reset(st);
	*nlinks = 0;
	/* The parser refused a report listed twice under one manager. */
	st = crm_prepare(crm, "INSERT INTO team_link (manager, report) "
	    "VALUES (?, ?)");
	for (i = 0; i < cfg->nteam; i++)
		for (j = 0; j < cfg->team[i].reports.n; j++) {
			crm_bind_text(st, 1, cfg->team[i].manager);
			crm_bind_text(st, 2, cfg->team[i].reports.v[j]);
			crm_step(crm, st);
			crm_reset(st);
			(*nlinks)++;
		}
	crm_commit(crm);
	return id;
}
