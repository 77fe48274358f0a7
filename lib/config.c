/*
 * The funnel config: YAML read with libyaml's event parser into a small
 * tree (so aliases can be refused before they are expanded), then checked
 * strictly against what crm-config(5) allows.  Every error carries the
 * FILE:LINE:COLUMN of the node at fault.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <yaml.h>

#include "crm.h"

#define CONFIG_MAX_BYTES	(1024 * 1024)
#define CONFIG_MAX_DEPTH	32
#define CONFIG_MAX_STAGES	64
#define CONFIG_MAX_LIST		1000

enum ntype { N_SCALAR, N_SEQ, N_MAP };

struct node {
	enum ntype	 type;
	char		*value;		/* scalars */
	struct node	**kids;		/* seq items; map key, value, ... */
	size_t		 nkids;
	size_t		 line, col;	/* 1-based */
};

struct cparse {
	const char	*file;
	char		*err;
	size_t		 errlen;
	int		 failed;
};

static const char *default_kinds[] = {
	"visit", "call", "email", "meeting", "quote", "note"
};

/* The customer's people and ours (issue 18). */
static const char *default_contact_roles[] = {
	"decision-maker", "influencer", "user", "technical", "procurement"
};
static const char *default_deal_roles[] = {
	"presales", "consultant", "executive", "finance", "legal"
};

static const char *default_hints[3] = {
	"customer has not decided, or nobody followed up",
	"customer is torn, or quietly chose a competitor",
	"disagreement inside the customer; find the decision maker"
};

static int
fail(struct cparse *cp, size_t line, size_t col, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (cp->failed)
		return -1;
	cp->failed = 1;
	n = snprintf(cp->err, cp->errlen, "%s:%zu:%zu: ", cp->file, line, col);
	if (n < 0 || (size_t)n >= cp->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(cp->err + n, cp->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static int
nfail(struct cparse *cp, const struct node *n, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return fail(cp, n->line, n->col, "%s", msg);
}

static void
node_free(struct node *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	free(n->value);
	free(n);
}

static void
node_add(struct node *parent, struct node *kid)
{
	parent->kids = crm_reallocarray(parent->kids, parent->nkids + 1,
	    sizeof(*parent->kids));
	parent->kids[parent->nkids++] = kid;
}

static struct node *
node_new(enum ntype type, const yaml_mark_t *m)
{
	struct node *n;

	n = crm_calloc(1, sizeof(*n));
	n->type = type;
	n->line = m->line + 1;
	n->col = m->column + 1;
	return n;
}

/*
 * Builds the tree of one node whose first event is ev.  Returns NULL on
 * error (reported through cp).
 */
static struct node *
build(struct cparse *cp, yaml_parser_t *p, yaml_event_t *ev, int depth)
{
	struct node *n, *kid;
	yaml_event_t kev;
	yaml_event_type_t end;

	if (depth > CONFIG_MAX_DEPTH) {
		fail(cp, ev->start_mark.line + 1, ev->start_mark.column + 1,
		    "nested deeper than %d levels", CONFIG_MAX_DEPTH);
		return NULL;
	}
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		fail(cp, ev->start_mark.line + 1, ev->start_mark.column + 1,
		    "YAML aliases (*%s) are not allowed in the config",
		    (char *)ev->data.alias.anchor);
		return NULL;
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.anchor != NULL) {
			fail(cp, ev->start_mark.line + 1,
			    ev->start_mark.column + 1,
			    "YAML anchors (&%s) are not allowed in the config",
			    (char *)ev->data.scalar.anchor);
			return NULL;
		}
		n = node_new(N_SCALAR, &ev->start_mark);
		n->value = crm_strndup((char *)ev->data.scalar.value,
		    ev->data.scalar.length);
		if (strlen(n->value) != ev->data.scalar.length) {
			nfail(cp, n, "NUL character in a value");
			node_free(n);
			return NULL;
		}
		return n;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if ((ev->type == YAML_SEQUENCE_START_EVENT ?
		    ev->data.sequence_start.anchor :
		    ev->data.mapping_start.anchor) != NULL) {
			fail(cp, ev->start_mark.line + 1,
			    ev->start_mark.column + 1,
			    "YAML anchors are not allowed in the config");
			return NULL;
		}
		if (ev->type == YAML_SEQUENCE_START_EVENT) {
			n = node_new(N_SEQ, &ev->start_mark);
			end = YAML_SEQUENCE_END_EVENT;
		} else {
			n = node_new(N_MAP, &ev->start_mark);
			end = YAML_MAPPING_END_EVENT;
		}
		for (;;) {
			if (!yaml_parser_parse(p, &kev)) {
				fail(cp, p->problem_mark.line + 1,
				    p->problem_mark.column + 1, "%s",
				    p->problem ? p->problem : "bad YAML");
				node_free(n);
				return NULL;
			}
			if (kev.type == end) {
				yaml_event_delete(&kev);
				return n;
			}
			kid = build(cp, p, &kev, depth + 1);
			yaml_event_delete(&kev);
			if (kid == NULL) {
				node_free(n);
				return NULL;
			}
			node_add(n, kid);
		}
	default:
		fail(cp, ev->start_mark.line + 1, ev->start_mark.column + 1,
		    "unexpected YAML event");
		return NULL;
	}
}

/* Parses the whole buffer into one tree; an empty file is an error. */
static struct node *
parse_tree(struct cparse *cp, const char *buf, size_t len)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct node *root = NULL;
	int done = 0, ndocs = 0;

	if (!yaml_parser_initialize(&p))
		errx(CRM_EXIT_DB, "yaml_parser_initialize failed");
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			fail(cp, p.problem_mark.line + 1,
			    p.problem_mark.column + 1, "%s",
			    p.problem ? p.problem : "bad YAML");
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++ndocs > 1) {
				fail(cp, ev.start_mark.line + 1,
				    ev.start_mark.column + 1,
				    "only one YAML document is allowed");
				done = 1;
			}
			break;
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			break;
		default:
			if ((root = build(cp, &p, &ev, 0)) == NULL)
				done = 1;
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	if (cp->failed) {
		node_free(root);
		return NULL;
	}
	if (root == NULL) {
		fail(cp, 1, 1, "the config is empty: it must be a mapping "
		    "with at least 'pipelines'");
		return NULL;
	}
	return root;
}

static int
want(struct cparse *cp, const struct node *n, enum ntype t, const char *what)
{
	static const char *names[] = { "a scalar", "a list", "a mapping" };

	if (n->type == t)
		return 0;
	return nfail(cp, n, "%s must be %s, not %s", what, names[t],
	    names[n->type]);
}

static int
get_int(struct cparse *cp, const struct node *n, const char *what,
    long long min, long long max, int *out)
{
	char why[128];
	long long v;

	if (want(cp, n, N_SCALAR, what) == -1)
		return -1;
	if (crm_strtonum(n->value, min, max, &v, why, sizeof(why)) == -1)
		return nfail(cp, n, "%s must be %lld-%lld, not '%s'", what,
		    min, max, n->value);
	*out = (int)v;
	return 0;
}

static int
get_str(struct cparse *cp, const struct node *n, const char *what,
    char **out)
{
	size_t bad;

	if (want(cp, n, N_SCALAR, what) == -1)
		return -1;
	if (n->value[0] == '\0')
		return nfail(cp, n, "%s must not be empty", what);
	if (crm_utf8_check(n->value, strlen(n->value), &bad) == -1)
		return nfail(cp, n, "%s is not valid UTF-8", what);
	free(*out);
	*out = crm_strdup(n->value);
	return 0;
}

/* Names of stages, pipelines, kinds, people: no spaces or tabs or commas. */
static int
get_name(struct cparse *cp, const struct node *n, const char *what,
    char **out)
{
	const unsigned char *s;

	if (get_str(cp, n, what, out) == -1)
		return -1;
	for (s = (const unsigned char *)*out; *s; s++)
		if (*s <= ' ' || *s == ',' || *s == '\x7f') {
			nfail(cp, n, "%s '%s' must not contain spaces, "
			    "commas or control characters", what, *out);
			/* Not left behind: the caller may not count it yet. */
			free(*out);
			*out = NULL;
			return -1;
		}
	return 0;
}

/* A currency code, upper case, as every other entry point takes it. */
static int
get_currency(struct cparse *cp, const struct node *n, char **out)
{
	char code[4], why[128];

	if (want(cp, n, N_SCALAR, "currency") == -1)
		return -1;
	if (crm_currency_parse(n->value, code, why, sizeof(why)) == -1)
		return nfail(cp, n, "currency '%s': %s", n->value, why);
	free(*out);
	*out = crm_strdup(code);
	return 0;
}

/* Checks a mapping's keys are distinct and among the allowed ones. */
static int
check_keys(struct cparse *cp, const struct node *map, const char *where,
    const char **allowed)
{
	struct crm_buf b = { 0 };
	size_t i, j;
	const char **a;

	for (i = 0; i < map->nkids; i += 2) {
		const struct node *k = map->kids[i];

		if (want(cp, k, N_SCALAR, "a key") == -1)
			return -1;
		for (a = allowed; *a; a++)
			if (strcmp(*a, k->value) == 0)
				break;
		if (*a == NULL) {
			for (a = allowed; *a; a++) {
				if (b.len)
					crm_buf_adds(&b, ", ");
				crm_buf_adds(&b, *a);
			}
			nfail(cp, k, "unknown key '%s' in %s (known: %s)",
			    k->value, where, b.s);
			crm_buf_free(&b);
			return -1;
		}
		for (j = 0; j < i; j += 2)
			if (strcmp(map->kids[j]->value, k->value) == 0)
				return nfail(cp, k, "duplicate key '%s' in %s",
				    k->value, where);
	}
	return 0;
}

static int
get_strv(struct cparse *cp, const struct node *n, const char *what,
    struct crm_strv *v)
{
	char *s = NULL;
	size_t i;

	if (want(cp, n, N_SEQ, what) == -1)
		return -1;
	if (n->nkids > CONFIG_MAX_LIST)
		return nfail(cp, n, "%s has %zu entries, at most %d", what,
		    n->nkids, CONFIG_MAX_LIST);
	crm_strv_free(v);
	for (i = 0; i < n->nkids; i++) {
		if (get_name(cp, n->kids[i], what, &s) == -1) {
			free(s);
			return -1;
		}
		if (crm_strv_has(v, s)) {
			nfail(cp, n->kids[i], "'%s' is listed twice in %s", s,
			    what);
			free(s);
			return -1;
		}
		crm_strv_add(v, s);
	}
	free(s);
	return 0;
}

static int
parse_stage(struct cparse *cp, const struct node *n, struct crm_stage *st,
    struct crm_pipeline *p, size_t idx)
{
	static const char *keys[] = { "name", "label", "probability",
	    "max_days", "requires", "hint", "renamed_from", NULL };
	const struct node *k, *v, *name = NULL, *prob = NULL;
	size_t i, j, m;

	if (want(cp, n, N_MAP, "a stage") == -1 ||
	    check_keys(cp, n, "a stage", keys) == -1)
		return -1;
	for (i = 0; i < n->nkids; i += 2) {
		k = n->kids[i];
		v = n->kids[i + 1];
		if (strcmp(k->value, "name") == 0) {
			name = v;
			if (get_name(cp, v, "a stage name", &st->name) == -1)
				return -1;
		} else if (strcmp(k->value, "label") == 0) {
			if (get_str(cp, v, "label", &st->label) == -1)
				return -1;
		} else if (strcmp(k->value, "hint") == 0) {
			if (get_str(cp, v, "hint", &st->hint) == -1)
				return -1;
		} else if (strcmp(k->value, "renamed_from") == 0) {
			/* One old name, or a list: a chain of renames. */
			if (v->type == N_SCALAR) {
				char *old = NULL;

				if (get_name(cp, v, "renamed_from", &old) == -1)
					return -1;
				crm_strv_add(&st->renamed_from, old);
				free(old);
			} else if (get_strv(cp, v, "renamed_from",
			    &st->renamed_from) == -1)
				return -1;
			p->nrenamed += st->renamed_from.n;
		} else if (strcmp(k->value, "probability") == 0) {
			prob = v;
			if (get_int(cp, v, "probability", 0, 100,
			    &st->probability) == -1)
				return -1;
		} else if (strcmp(k->value, "max_days") == 0) {
			if (get_int(cp, v, "max_days", 1, 36500,
			    &st->max_days) == -1)
				return -1;
		} else if (strcmp(k->value, "requires") == 0) {
			if (want(cp, v, N_MAP, "requires") == -1)
				return -1;
			st->req = crm_calloc(v->nkids / 2 + 1, sizeof(*st->req));
			for (j = 0; j < v->nkids; j += 2) {
				struct crm_req *r = &st->req[st->nreq];
				const struct node *kk = v->kids[j];

				/*
				 * People (issue 18): meet: and member: with a
				 * list of roles; an activity kind of that name
				 * still takes a count.
				 */
				if (kk->type == N_SCALAR &&
				    v->kids[j + 1]->type == N_SEQ &&
				    (strcmp(kk->value, "meet") == 0 ||
				    strcmp(kk->value, "member") == 0)) {
					struct crm_strv *rv = strcmp(kk->value,
					    "meet") == 0 ? &st->meet : &st->member;

					if (rv->n > 0)
						return nfail(cp, kk, "duplicate "
						    "key '%s' in requires",
						    kk->value);
					if (get_strv(cp, v->kids[j + 1],
					    kk->value, rv) == -1)
						return -1;
					if (rv->n == 0)
						return nfail(cp, v->kids[j + 1],
						    "requires %s: is empty",
						    kk->value);
					continue;
				}
				if (want(cp, v->kids[j], N_SCALAR,
				    "an activity kind") == -1)
					return -1;
				if (get_name(cp, v->kids[j], "an activity kind",
				    &r->kind) == -1)
					return -1;
				st->nreq++;
				for (m = 0; m + 1 < st->nreq; m++)
					if (strcmp(st->req[m].kind,
					    r->kind) == 0)
						return nfail(cp, v->kids[j],
						    "duplicate key '%s' in "
						    "requires", r->kind);
				if (get_int(cp, v->kids[j + 1], "a required count",
				    0, 1000, &r->n) == -1)
					return -1;
			}
		}
	}
	if (name == NULL)
		return nfail(cp, n, "a stage needs a name");
	if (strcmp(st->name, "won") == 0 || strcmp(st->name, "lost") == 0)
		return nfail(cp, name, "'%s' is a closed state of every "
		    "pipeline, not an open stage", st->name);
	for (i = 0; i < idx; i++)
		if (strcmp(p->stages[i].name, st->name) == 0)
			return nfail(cp, name, "duplicate stage '%s' in "
			    "pipeline %s", st->name, p->name ? p->name : "");
	if (prob == NULL)
		return nfail(cp, n, "stage %s needs a probability (0-100)",
		    st->name);
	if (st->label == NULL)
		st->label = crm_strdup(st->name);
	return 0;
}

/* The node of old name j of a stage's renamed_from (v: its value). */
static const struct node *
renamed_node(const struct node *v, size_t j)
{
	return v->type == N_SCALAR ? v : v->kids[j];
}

/*
 * Once the pipeline's stages are all read: an old name must not be a
 * stage (or a label, which -s would take for it) of the pipeline now,
 * nor won or lost, nor the old name of two stages, so that every name a
 * row holds stands for one stage.
 */
static int
check_renames(struct cparse *cp, const struct node *stages,
    const struct crm_pipeline *p)
{
	const struct crm_stage *st;
	const struct node *v, *at;
	const char *old;
	size_t i, j, k, m;

	for (i = 0; i < p->nstages; i++) {
		st = &p->stages[i];
		if (st->renamed_from.n == 0)
			continue;
		v = NULL;
		for (k = 0; k < stages->kids[i]->nkids; k += 2)
			if (strcmp(stages->kids[i]->kids[k]->value,
			    "renamed_from") == 0)
				v = stages->kids[i]->kids[k + 1];
		for (j = 0; j < st->renamed_from.n; j++) {
			old = st->renamed_from.v[j];
			at = renamed_node(v, j);
			if (strcmp(old, "won") == 0 || strcmp(old, "lost") == 0)
				return nfail(cp, at, "stage %s: renamed_from "
				    "'%s': %s is a closed state of every "
				    "pipeline, never an open stage", st->name,
				    old, old);
			for (k = 0; k < p->nstages; k++) {
				if (strcmp(p->stages[k].name, old) == 0)
					return nfail(cp, at, "stage %s: "
					    "renamed_from '%s', but pipeline "
					    "%s still has a stage %s (a stage "
					    "that exists is not an old name)",
					    st->name, old, p->name, old);
				if (strcmp(p->stages[k].label, old) == 0)
					return nfail(cp, at, "stage %s: "
					    "renamed_from '%s' is the label of "
					    "stage %s in pipeline %s", st->name,
					    old, p->stages[k].name, p->name);
			}
			for (k = 0; k < i; k++)
				for (m = 0; m < p->stages[k].renamed_from.n;
				    m++)
					if (strcmp(p->stages[k].renamed_from.v[m],
					    old) == 0)
						return nfail(cp, at, "stage %s: "
						    "renamed_from '%s' is "
						    "already stage %s's old "
						    "name in pipeline %s",
						    st->name, old,
						    p->stages[k].name, p->name);
		}
	}
	return 0;
}

static int
parse_pipeline(struct cparse *cp, const struct node *n,
    struct crm_pipeline *p, const struct crm_config *cfg, size_t idx)
{
	static const char *keys[] = { "name", "stages", "lost_reasons",
	    NULL };
	const struct node *k, *v, *name = NULL, *stages = NULL;
	size_t i;

	if (want(cp, n, N_MAP, "a pipeline") == -1 ||
	    check_keys(cp, n, "a pipeline", keys) == -1)
		return -1;
	for (i = 0; i < n->nkids; i += 2) {
		k = n->kids[i];
		v = n->kids[i + 1];
		if (strcmp(k->value, "name") == 0) {
			name = v;
			if (get_name(cp, v, "a pipeline name", &p->name) == -1)
				return -1;
		} else if (strcmp(k->value, "stages") == 0)
			stages = v;
		else if (strcmp(k->value, "lost_reasons") == 0) {
			if (get_strv(cp, v, "lost_reasons",
			    &p->lost_reasons) == -1)
				return -1;
		}
	}
	if (name == NULL)
		return nfail(cp, n, "a pipeline needs a name");
	for (i = 0; i < idx; i++)
		if (strcmp(cfg->pipes[i].name, p->name) == 0)
			return nfail(cp, name, "duplicate pipeline '%s'",
			    p->name);
	if (stages == NULL)
		return nfail(cp, n, "pipeline %s needs stages", p->name);
	if (want(cp, stages, N_SEQ, "stages") == -1)
		return -1;
	if (stages->nkids == 0)
		return nfail(cp, stages, "pipeline %s has no stages", p->name);
	if (stages->nkids > CONFIG_MAX_STAGES)
		return nfail(cp, stages, "pipeline %s has %zu stages, at "
		    "most %d", p->name, stages->nkids, CONFIG_MAX_STAGES);
	p->stages = crm_calloc(stages->nkids, sizeof(*p->stages));
	for (i = 0; i < stages->nkids; i++) {
		p->nstages++;
		if (parse_stage(cp, stages->kids[i], &p->stages[i], p, i) == -1)
			return -1;
	}
	return check_renames(cp, stages, p);
}

static int
parse_stale(struct cparse *cp, const struct node *n, struct crm_config *cfg)
{
	static const char *keys[] = { "idle_days", "hints",
	    "single_threaded_from", NULL };
	static const char *hkeys[] = { "early", "middle", "late", NULL };
	const struct node *k, *v;
	size_t i, j;
	int h;

	if (want(cp, n, N_MAP, "stale") == -1 ||
	    check_keys(cp, n, "stale", keys) == -1)
		return -1;
	for (i = 0; i < n->nkids; i += 2) {
		k = n->kids[i];
		v = n->kids[i + 1];
		if (strcmp(k->value, "idle_days") == 0) {
			if (get_int(cp, v, "idle_days", 1, 36500,
			    &cfg->idle_days) == -1)
				return -1;
			continue;
		}
		/* One stage name or a list; checked by check_stale(). */
		if (strcmp(k->value, "single_threaded_from") == 0) {
			if (v->type == N_SCALAR) {
				char *s = NULL;

				if (get_name(cp, v, "single_threaded_from",
				    &s) == -1) {
					free(s);
					return -1;
				}
				crm_strv_add(&cfg->single_from, s);
				free(s);
			} else if (get_strv(cp, v, "single_threaded_from",
			    &cfg->single_from) == -1)
				return -1;
			continue;
		}
		if (want(cp, v, N_MAP, "hints") == -1 ||
		    check_keys(cp, v, "hints", hkeys) == -1)
			return -1;
		for (j = 0; j < v->nkids; j += 2) {
			for (h = 0; h < 3; h++)
				if (strcmp(v->kids[j]->value, hkeys[h]) == 0)
					break;
			if (get_str(cp, v->kids[j + 1], "a hint",
			    &cfg->hints[h]) == -1)
				return -1;
		}
	}
	return 0;
}

static int
parse_team(struct cparse *cp, const struct node *n, struct crm_config *cfg)
{
	size_t i;

	if (want(cp, n, N_MAP, "team") == -1)
		return -1;
	cfg->team = crm_calloc(n->nkids / 2 + 1, sizeof(*cfg->team));
	for (i = 0; i < n->nkids; i += 2) {
		struct crm_team *t = &cfg->team[cfg->nteam];
		size_t j;

		if (get_name(cp, n->kids[i], "a manager's name",
		    &t->manager) == -1)
			return -1;
		cfg->nteam++;
		for (j = 0; j + 1 < cfg->nteam; j++)
			if (strcmp(cfg->team[j].manager, t->manager) == 0)
				return nfail(cp, n->kids[i],
				    "duplicate key '%s' in team", t->manager);
		if (get_strv(cp, n->kids[i + 1], "a manager's reports",
		    &t->reports) == -1)
			return -1;
	}
	return 0;
}

static int
check_requires(struct cparse *cp, const struct node *root,
    const struct crm_config *cfg)
{
	const struct node *pipes = NULL, *stages, *req;
	size_t i, j, k, m;
	char *known;

	for (i = 0; i < root->nkids; i += 2)
		if (strcmp(root->kids[i]->value, "pipelines") == 0)
			pipes = root->kids[i + 1];
	if (pipes == NULL)
		return 0;
	for (i = 0; i < cfg->npipes; i++) {
		stages = NULL;
		for (j = 0; j < pipes->kids[i]->nkids; j += 2)
			if (strcmp(pipes->kids[i]->kids[j]->value,
			    "stages") == 0)
				stages = pipes->kids[i]->kids[j + 1];
		for (j = 0; j < cfg->pipes[i].nstages; j++) {
			const struct crm_stage *st = &cfg->pipes[i].stages[j];

			req = NULL;
			for (k = 0; k < stages->kids[j]->nkids; k += 2)
				if (strcmp(stages->kids[j]->kids[k]->value,
				    "requires") == 0)
					req = stages->kids[j]->kids[k + 1];
			for (m = 0; req != NULL && m < req->nkids; m += 2) {
				const struct node *kk = req->kids[m];
				const struct node *rv = req->kids[m + 1];
				const struct crm_strv *roles;
				size_t r;

				if (rv->type == N_SEQ) {
					/* meet: or member:, as parse_stage() */
					roles = strcmp(kk->value, "meet") == 0 ?
					    &cfg->contact_roles :
					    &cfg->deal_roles;
					for (r = 0; r < rv->nkids; r++) {
						if (crm_strv_has(roles,
						    rv->kids[r]->value))
							continue;
						known = crm_strv_join(roles,
						    ", ");
						nfail(cp, rv->kids[r], "stage %s "
						    "requires %s: unknown role "
						    "'%s' (%s: %s)", st->name,
						    kk->value,
						    rv->kids[r]->value,
						    roles == &cfg->deal_roles ?
						    "deal_roles" :
						    "contact_roles", known);
						free(known);
						return -1;
					}
					continue;
				}
				if (crm_strv_has(&cfg->kinds, kk->value))
					continue;
				known = crm_strv_join(&cfg->kinds, ", ");
				nfail(cp, kk, "stage %s requires "
				    "unknown activity kind '%s' (kinds: %s)",
				    st->name, kk->value, known);
				free(known);
				return -1;
			}
		}
	}
	return 0;
}

/*
 * stale.single_threaded_from, once the pipelines are read: each name a
 * stage (or an old name of one) of some pipeline, and no pipeline with
 * two of them, so that every pipeline has one stage it starts from, or
 * none.
 */
static int
check_stale(struct cparse *cp, const struct node *root,
    const struct crm_config *cfg)
{
	const struct node *st = NULL, *v = root;
	const char *s;
	size_t i, j, k;
	int found;

	for (i = 0; i < root->nkids; i += 2)
		if (strcmp(root->kids[i]->value, "stale") == 0)
			st = root->kids[i + 1];
	for (j = 0; st != NULL && j < st->nkids; j += 2)
		if (strcmp(st->kids[j]->value, "single_threaded_from") == 0)
			v = st->kids[j + 1];
	for (i = 0; i < cfg->single_from.n; i++) {
		s = cfg->single_from.v[i];
		for (j = found = 0; j < cfg->npipes; j++) {
			if (crm_stage_index(&cfg->pipes[j], s) < 0)
				continue;
			found = 1;
			for (k = 0; k < i; k++)
				if (crm_stage_index(&cfg->pipes[j],
				    cfg->single_from.v[k]) >= 0)
					return nfail(cp, v, "single_threaded_"
					    "from names two stages of pipeline "
					    "%s, %s and %s (one a pipeline)",
					    cfg->pipes[j].name,
					    cfg->single_from.v[k], s);
		}
		if (!found)
			return nfail(cp, v, "single_threaded_from: no pipeline "
			    "has a stage %s", s);
	}
	return 0;
}

static int
parse_root(struct cparse *cp, const struct node *root, struct crm_config *cfg)
{
	static const char *keys[] = { "currency", "database", "stale",
	    "pipelines", "activity_kinds", "team", "contact_roles",
	    "deal_roles", NULL };
	const struct node *k, *v, *pipes = NULL;
	size_t i;

	if (root->type != N_MAP)
		return nfail(cp, root, "the config must be a mapping with at "
		    "least 'pipelines', not %s", root->type == N_SEQ ?
		    "a list" : "a scalar");
	if (check_keys(cp, root, "the config", keys) == -1)
		return -1;
	for (i = 0; i < root->nkids; i += 2) {
		k = root->kids[i];
		v = root->kids[i + 1];
		if (strcmp(k->value, "currency") == 0) {
			if (get_currency(cp, v, &cfg->currency) == -1)
				return -1;
		} else if (strcmp(k->value, "database") == 0) {
			if (get_str(cp, v, "database", &cfg->database) == -1)
				return -1;
		} else if (strcmp(k->value, "stale") == 0) {
			if (parse_stale(cp, v, cfg) == -1)
				return -1;
		} else if (strcmp(k->value, "activity_kinds") == 0) {
			if (get_strv(cp, v, "activity_kinds", &cfg->kinds) == -1)
				return -1;
			if (cfg->kinds.n == 0)
				return nfail(cp, v, "activity_kinds is empty");
		} else if (strcmp(k->value, "team") == 0) {
			if (parse_team(cp, v, cfg) == -1)
				return -1;
		} else if (strcmp(k->value, "contact_roles") == 0) {
			if (get_strv(cp, v, "contact_roles",
			    &cfg->contact_roles) == -1)
				return -1;
			if (cfg->contact_roles.n == 0)
				return nfail(cp, v, "contact_roles is empty");
		} else if (strcmp(k->value, "deal_roles") == 0) {
			if (get_strv(cp, v, "deal_roles",
			    &cfg->deal_roles) == -1)
				return -1;
			if (cfg->deal_roles.n == 0)
				return nfail(cp, v, "deal_roles is empty");
		} else if (strcmp(k->value, "pipelines") == 0)
			pipes = v;
	}
	if (pipes == NULL)
		return nfail(cp, root, "the config has no 'pipelines'");
	if (want(cp, pipes, N_SEQ, "pipelines") == -1)
		return -1;
	if (pipes->nkids == 0)
		return nfail(cp, pipes, "pipelines is empty");
	if (pipes->nkids > CONFIG_MAX_STAGES)
		return nfail(cp, pipes, "%zu pipelines, at most %d",
		    pipes->nkids, CONFIG_MAX_STAGES);
	cfg->pipes = crm_calloc(pipes->nkids, sizeof(*cfg->pipes));
	for (i = 0; i < pipes->nkids; i++) {
		cfg->npipes++;
		if (parse_pipeline(cp, pipes->kids[i], &cfg->pipes[i], cfg,
		    i) == -1)
			return -1;
	}
	if (cfg->kinds.n == 0)
		for (i = 0; i < sizeof(default_kinds) / sizeof(*default_kinds);
		    i++)
			crm_strv_add(&cfg->kinds, default_kinds[i]);
	if (cfg->contact_roles.n == 0)
		for (i = 0; i < sizeof(default_contact_roles) /
		    sizeof(*default_contact_roles); i++)
			crm_strv_add(&cfg->contact_roles,
			    default_contact_roles[i]);
	if (cfg->deal_roles.n == 0)
		for (i = 0; i < sizeof(default_deal_roles) /
		    sizeof(*default_deal_roles); i++)
			crm_strv_add(&cfg->deal_roles, default_deal_roles[i]);
	if (check_stale(cp, root, cfg) == -1)
		return -1;
	return check_requires(cp, root, cfg);
}

struct crm_config *
crm_config_parse(const char *buf, size_t len, const char *file, char *err,
    size_t errlen)
{
	struct cparse cp = { file, err, errlen, 0 };
	struct crm_config *cfg;
	struct node *root;
	size_t bad;
	int i;

	if (len > CONFIG_MAX_BYTES) {
		fail(&cp, 1, 1, "the config is %zu bytes, at most %d", len,
		    CONFIG_MAX_BYTES);
		return NULL;
	}
	if (crm_utf8_check(buf, len, &bad) == -1) {
		size_t line = 1, col = 1, i2;

		for (i2 = 0; i2 < bad; i2++) {
			if (buf[i2] == '\n') {
				line++;
				col = 1;
			} else
				col++;
		}
		fail(&cp, line, col, "%s", buf[bad] == '\0' ?
		    "NUL byte in the config" : "invalid UTF-8");
		return NULL;
	}
	if ((root = parse_tree(&cp, buf, len)) == NULL)
		return NULL;
	cfg = crm_calloc(1, sizeof(*cfg));
	cfg->file = crm_strdup(file);
	cfg->idle_days = 15;
	if (parse_root(&cp, root, cfg) == -1) {
		node_free(root);
		crm_config_free(cfg);
		return NULL;
	}
	node_free(root);
	if (cfg->currency == NULL)
		cfg->currency = crm_strdup("CNY");
	for (i = 0; i < 3; i++)
		if (cfg->hints[i] == NULL)
			cfg->hints[i] = crm_strdup(default_hints[i]);
	return cfg;
}

void
crm_config_free(struct crm_config *cfg)
{
	size_t i, j, k;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->npipes; i++) {
		struct crm_pipeline *p = &cfg->pipes[i];

		for (j = 0; j < p->nstages; j++) {
			free(p->stages[j].name);
			free(p->stages[j].label);
			free(p->stages[j].hint);
			for (k = 0; k < p->stages[j].nreq; k++)
				free(p->stages[j].req[k].kind);
			free(p->stages[j].req);
			crm_strv_free(&p->stages[j].meet);
			crm_strv_free(&p->stages[j].member);
			crm_strv_free(&p->stages[j].renamed_from);
		}
		free(p->stages);
		free(p->name);
		crm_strv_free(&p->lost_reasons);
	}
	free(cfg->pipes);
	for (i = 0; i < cfg->nteam; i++) {
		free(cfg->team[i].manager);
		crm_strv_free(&cfg->team[i].reports);
	}
	free(cfg->team);
	crm_strv_free(&cfg->kinds);
	crm_strv_free(&cfg->contact_roles);
	crm_strv_free(&cfg->deal_roles);
	crm_strv_free(&cfg->single_from);
	for (i = 0; i < 3; i++)
		free(cfg->hints[i]);
	free(cfg->file);
	free(cfg->currency);
	free(cfg->database);
	free(cfg);
}

/* path "-" (crm-admin config push -): standard input. */
static char *
slurp(const char *path, size_t *lenp)
{
	struct crm_buf b = { 0 };
	struct stat st;
	char chunk[65536];
	size_t n;
	FILE *fp;

	if (strcmp(path, "-") == 0)
		fp = stdin;
	else if ((fp = fopen(path, "r")) == NULL)
		err(CRM_EXIT_USAGE, "config %s", path);
	if (fstat(fileno(fp), &st) == -1)
		err(CRM_EXIT_USAGE, "config %s", path);
	if (S_ISDIR(st.st_mode))
		errx(CRM_EXIT_USAGE, "config %s: is a directory", path);
	/* It decides what counts as won: others must not rewrite it. */
	if (S_ISREG(st.st_mode) && (st.st_mode & S_IWOTH))
		errx(CRM_EXIT_USAGE, "config %s is writable by other users; "
		    "chmod o-w %s", path, path);
	crm_buf_adds(&b, "");
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		crm_buf_add(&b, chunk, n);
		if (b.len > CONFIG_MAX_BYTES)
			break;
	}
	if (ferror(fp))
		err(CRM_EXIT_USAGE, "config %s", path);
	if (fp != stdin)
		fclose(fp);
	*lenp = b.len;
	return b.s;
}

char *
crm_config_read(const char *path, size_t *lenp)
{
	return slurp(path, lenp);
}

char *
crm_config_text(const char *path, size_t *lenp, char **name)
{
	char *buf, *def = NULL;
	const char *env, *home;

	if (path == NULL && (env = getenv("CRM_CONFIG")) != NULL &&
	    env[0] != '\0')
		path = env;
	if (path == NULL) {
		if ((env = getenv("XDG_CONFIG_HOME")) != NULL &&
		    env[0] == '/')
			def = crm_asprintf("%s/crm/config.yaml", env);
		else if ((home = getenv("HOME")) != NULL && home[0] != '\0')
			def = crm_asprintf("%s/.config/crm/config.yaml", home);
		/* A missing default file is not an error; a named one is. */
		if (def != NULL && access(def, F_OK) == 0)
			path = def;
	}
	if (path == NULL) {
		free(def);
		*name = crm_strdup("(built-in)");
		*lenp = crm_default_config_len;
		buf = crm_malloc(crm_default_config_len + 1);
		memcpy(buf, crm_default_config, crm_default_config_len);
		buf[crm_default_config_len] = '\0';
		return buf;
	}
	buf = slurp(path, lenp);
	*name = crm_strdup(path);
	free(def);
	return buf;
}

struct crm_config *
crm_config_load(const char *path)
{
	struct crm_config *cfg;
	char err[1024], *buf, *name;
	size_t len;

	buf = crm_config_text(path, &len, &name);
	cfg = crm_config_parse(buf, len, name, err, sizeof(err));
	free(buf);
	free(name);
	if (cfg == NULL)
		errx(CRM_EXIT_USAGE, "%s", err);
	return cfg;
}

struct crm_pipeline *
crm_pipeline_find(const struct crm_config *cfg, const char *name)
{
	size_t i;

	if (name == NULL)
		return &cfg->pipes[0];
	for (i = 0; i < cfg->npipes; i++)
		if (strcmp(cfg->pipes[i].name, name) == 0)
			return &cfg->pipes[i];
	return NULL;
}

int
crm_stage_index(const struct crm_pipeline *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nstages; i++)
		if (strcmp(p->stages[i].name, name) == 0)
			return (int)i;
	/* The funnel asks for every stage change: most configs rename none. */
	if (p->nrenamed == 0)
		return -1;
	for (i = 0; i < p->nstages; i++)
		if (crm_strv_has(&p->stages[i].renamed_from, name))
			return (int)i;
	return -1;
}

const char *
crm_stage_shown(const struct crm_config *cfg, const char *pipe,
    const char *stored)
{
	const struct crm_pipeline *p;
	int i;

	if (pipe == NULL || stored == NULL ||
	    (p = crm_pipeline_find(cfg, pipe)) == NULL ||
	    (i = crm_stage_index(p, stored)) < 0)
		return stored;
	return p->stages[i].name;
}

char *
crm_stage_list(const struct crm_pipeline *p)
{
	struct crm_buf b = { 0 };
	size_t i;

	for (i = 0; i < p->nstages; i++) {
		crm_buf_adds(&b, p->stages[i].name);
		crm_buf_adds(&b, ", ");
	}
	crm_buf_adds(&b, "won, lost");
	return b.s;
}

static void
team_walk(const struct crm_config *cfg, const char *name,
    struct crm_strv *out)
{
	size_t i, j;

	/* Seen names are not walked again, so a cycle in team: ends. */
	if (crm_strv_has(out, name))
		return;
	crm_strv_add(out, name);
	for (i = 0; i < cfg->nteam; i++) {
		if (strcmp(cfg->team[i].manager, name) != 0)
			continue;
		for (j = 0; j < cfg->team[i].reports.n; j++)
			team_walk(cfg, cfg->team[i].reports.v[j], out);
	}
}

void
crm_team_members(const struct crm_config *cfg, const char *name,
    struct crm_strv *out)
{
	team_walk(cfg, name, out);
}

const char *
crm_stage_hint(const struct crm_config *cfg, const struct crm_pipeline *p,
    int stage)
{
	size_t third;

	if (stage < 0 || (size_t)stage >= p->nstages)
		return NULL;
	if (p->stages[stage].hint != NULL)
		return p->stages[stage].hint;
	/* Early, middle or last third of the open stages. */
	third = (size_t)stage * 3 / p->nstages;
	return cfg->hints[third > 2 ? 2 : third];
}

const char *
crm_stage_name(const struct crm_pipeline *p, const char *s)
{
	size_t i;

	if (strcmp(s, "won") == 0)
		return "won";
	if (strcmp(s, "lost") == 0)
		return "lost";
	if ((i = (size_t)crm_stage_index(p, s)) != (size_t)-1)
		return p->stages[i].name;
	for (i = 0; i < p->nstages; i++)
		if (strcmp(p->stages[i].label, s) == 0)
			return p->stages[i].name;
	return NULL;
}

char *
crm_stage_unknown(const struct crm_pipeline *p, const char *s)
{
	struct crm_strv names = { 0 };
	char *msg, *list;
	size_t i;

	for (i = 0; i < p->nstages; i++)
		crm_strv_add(&names, p->stages[i].name);
	crm_strv_add(&names, "won");
	crm_strv_add(&names, "lost");
	list = crm_asprintf("stages of %s", p->name);
	msg = crm_unknown("stage", s, &names, list);
	crm_strv_free(&names);
	free(list);
	return msg;
}

char *
crm_pipeline_unknown(const struct crm_config *cfg, const char *s)
{
	struct crm_strv names = { 0 };
	char *msg;
	size_t i;

	for (i = 0; i < cfg->npipes; i++)
		crm_strv_add(&names, cfg->pipes[i].name);
	msg = crm_unknown("pipeline", s, &names, "pipelines");
	crm_strv_free(&names);
	return msg;
}

void
crm_team_people(const struct crm_config *cfg, struct crm_strv *out)
{
	size_t i, j;

	for (i = 0; i < cfg->nteam; i++) {
		if (!crm_strv_has(out, cfg->team[i].manager))
			crm_strv_add(out, cfg->team[i].manager);
		for (j = 0; j < cfg->team[i].reports.n; j++)
			if (!crm_strv_has(out, cfg->team[i].reports.v[j]))
				crm_strv_add(out, cfg->team[i].reports.v[j]);
	}
}

/*
 * Whether name is in team:, looked for where it is, with no list made.
 * The first bytes are compared before a call: an import asks this of
 * every line, and a team may have hundreds of people.
 */
static int
in_team(const struct crm_config *cfg, const char *name)
{
	const struct crm_strv *r;
	size_t i, j;

	for (i = 0; i < cfg->nteam; i++) {
		if (cfg->team[i].manager[0] == name[0] &&
		    strcmp(cfg->team[i].manager, name) == 0)
			return 1;
		r = &cfg->team[i].reports;
		for (j = 0; j < r->n; j++)
			if (r->v[j][0] == name[0] && strcmp(r->v[j], name) == 0)
				return 1;
	}
	return 0;
}

/*
 * The built-in config's team is an example: a user with no config of
 * their own may give any name (crm-config(5)).
 */
int
crm_team_checked(const struct crm_config *cfg)
{
	return cfg->nteam > 0 && strcmp(cfg->file, "(built-in)") != 0;
}

int
crm_team_check(const struct crm_config *cfg, const char *name, char *why,
    size_t whylen)
{
	struct crm_strv people = { 0 };
	char *msg;

	if (cfg->nteam == 0 || in_team(cfg, name))
		return 0;
	crm_team_people(cfg, &people);
	msg = crm_unknown("person", name, &people, "people in team");
	snprintf(why, whylen, "%s", msg);
	free(msg);
	crm_strv_free(&people);
	return -1;
}

int
crm_person_check(const struct crm_config *cfg, const char *name,
    char *why, size_t whylen)
{
	if (!crm_team_checked(cfg))
		return 0;
	return crm_team_check(cfg, name, why, whylen);
}
