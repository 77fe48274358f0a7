/* Unit tests of lib/config.c: the strict YAML funnel config. */
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "tap.h"

static char err[1024];

static struct crm_config *
parse(const char *yaml)
{
	err[0] = '\0';
	return crm_config_parse(yaml, strlen(yaml), "c.yaml", err,
	    sizeof(err));
}

/* The config must fail with exactly this message. */
static void
bad(const char *yaml, const char *want, const char *desc)
{
	struct crm_config *cfg = parse(yaml);

	ok(cfg == NULL, "%s: refused", desc);
	is(err, want, "%s: message", desc);
	crm_config_free(cfg);
}

static const char minimal[] =
    "pipelines:\n"
    "  - name: p\n"
    "    stages:\n"
    "      - {name: a, probability: 10}\n"
    "      - {name: b, probability: 50, max_days: 3,"
    " requires: {call: 2}}\n";

int
main(void)
{
	struct crm_config *cfg;
	struct crm_strv team = { 0 };
	char *list;

	cfg = crm_config_parse(crm_default_config, crm_default_config_len,
	    "(built-in)", err, sizeof(err));
	ok(cfg != NULL, "the built-in default parses: %s", err);
	is(cfg->pipes[0].name, "project", "first pipeline is project");
	is_int(cfg->pipes[0].nstages, 7, "project has 7 open stages");
	is(cfg->pipes[0].stages[1].label, "确定需求", "needs has its label");
	is_int(cfg->pipes[0].stages[1].nreq, 2, "needs requires two kinds");
	is(cfg->pipes[0].stages[1].req[0].kind, "visit", "first is visit");
	is_int(cfg->pipes[0].stages[1].req[1].n, 2, "two calls");
	is_int(cfg->idle_days, 15, "idle_days 15");
	is(cfg->currency, "CNY", "currency");
	list = crm_stage_list(&cfg->pipes[0]);
	is(list, "lead, needs, proposal, approved, shortlist, selected, "
	    "negotiation, won, lost", "stage list for messages");
	free(list);
	crm_team_members(cfg, "jiang", &team);
	list = crm_strv_join(&team, ",");
	is(list, "jiang,li,wang,zhao", "team below jiang, recursively");
	free(list);
	crm_strv_free(&team);
	is(crm_stage_hint(cfg, &cfg->pipes[0], 0), cfg->hints[0],
	    "first stage gets the early hint");
	is(crm_stage_hint(cfg, &cfg->pipes[0], 6), cfg->hints[2],
	    "last stage gets the late hint");
	crm_config_free(cfg);

	cfg = parse(minimal);
	ok(cfg != NULL, "a minimal config parses: %s", err);
	is_int(cfg->kinds.n, 6, "activity kinds default to six");
	is(cfg->pipes[0].stages[0].label, "a", "label defaults to the name");
	crm_config_free(cfg);

	/* Old names read as the stage; the config's names come first. */
	cfg = parse("pipelines:\n"
	    "  - name: p\n"
	    "    stages:\n"
	    "      - {name: a, probability: 10, renamed_from: x}\n"
	    "      - {name: b, probability: 50, renamed_from: [y, z]}\n"
	    "  - name: q\n"
	    "    stages:\n"
	    "      - {name: x, probability: 10}\n");
	ok(cfg != NULL, "renamed_from parses: %s", err);
	is_int(cfg->pipes[0].nrenamed, 3, "three old names in p");
	is_int(crm_stage_index(&cfg->pipes[0], "b"), 1, "a name is its stage");
	is_int(crm_stage_index(&cfg->pipes[0], "x"), 0, "an old name too");
	is_int(crm_stage_index(&cfg->pipes[0], "z"), 1, "each of a list");
	is_int(crm_stage_index(&cfg->pipes[0], "won"), -1, "won is none");
	is_int(crm_stage_index(&cfg->pipes[0], "w"), -1, "nor a name unknown");
	is_int(crm_stage_index(&cfg->pipes[1], "x"), 0, "renames are per "
	    "pipeline");
	is(crm_stage_shown(cfg, "p", "y"), "b", "shown by its name now");
	is(crm_stage_shown(cfg, "q", "x"), "x", "q's x is its own");
	is(crm_stage_shown(cfg, "p", "gone"), "gone", "a removed stage as "
	    "stored");
	is(crm_stage_shown(cfg, "r", "y"), "y", "a removed pipeline's too");
	is(crm_stage_name(&cfg->pipes[0], "y"), "b", "an old name names it");
	crm_config_free(cfg);

	bad("pipelines: [\n", "c.yaml:2:1: did not find expected node content",
	    "malformed YAML");
	bad("colour: red\npipelines: []\n",
	    "c.yaml:1:1: unknown key 'colour' in the config (known: currency, "
	    "database, stale, pipelines, activity_kinds, team, contact_roles, "
	    "deal_roles)", "unknown key");
	bad("pipelines:\n  - name: p\n    stages:\n"
	    "      - {name: a, probability: 10}\n"
	    "      - {name: a, probability: 20}\n",
	    "c.yaml:5:16: duplicate stage 'a' in pipeline p", "duplicate stage");
	bad("pipelines:\n  - name: p\n    stages:\n"
	    "      - {name: a, probability: 140}\n",
	    "c.yaml:4:32: probability must be 0-100, not '140'",
	    "probability out of range");
	bad("pipelines:\n  - name: p\n    stages:\n"
	    "      - {name: a, probability: 10, requires: {fax: 1}}\n",
	    "c.yaml:4:47: stage a requires unknown activity kind 'fax' "
	    "(kinds: visit, call, email, meeting, quote, note)",
	    "requires an unknown kind");
	bad("x: &a [1]\ny: *a\n",
	    "c.yaml:1:4: YAML anchors are not allowed in the config",
	    "anchors refused");
	bad("- a\n- b\n", "c.yaml:1:1: the config must be a mapping with at "
	    "least 'pipelines', not a list", "not a mapping");
	bad("", "c.yaml:1:1: the config is empty: it must be a mapping with "
	    "at least 'pipelines'", "empty");
	bad("currency: CNY\n", "c.yaml:1:1: the config has no 'pipelines'",
	    "no pipelines");
	bad("pipelines:\n  - name: p\n    stages:\n"
	    "      - {name: won, probability: 10}\n",
	    "c.yaml:4:16: 'won' is a closed state of every pipeline, not an "
	    "open stage", "won is not a stage");
	bad("pipelines:\n  - name: p\n    stages:\n      - {name: a}\n",
	    "c.yaml:4:9: stage a needs a probability (0-100)",
	    "probability required");
	bad("currency: CNY\ncurrency: USD\npipelines: []\n",
	    "c.yaml:2:1: duplicate key 'currency' in the config",
	    "duplicate key");
	bad("pipelines:\n  - name: p\n    stages: []\n",
	    "c.yaml:3:13: pipeline p has no stages", "no stages");
	bad("pipelines: \xff\n", "c.yaml:1:12: invalid UTF-8", "invalid UTF-8");
	bad("a: 1\n---\nb: 2\n", "c.yaml:2:1: only one YAML document is "
	    "allowed", "two documents");
	return tap_done();
}
