/*
 * Deal ids in: from the arguments, or one per line on standard input, so
 * that every report pipes into every action.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

int
crm_id_parse(const char *s, long long *id, char *why, size_t whylen)
{
	if (crm_strtonum(s, 1, INT64_MAX, id, why, whylen) == -1) {
		snprintf(why, whylen, "not a deal id (a whole number from 1)");
		return -1;
	}
	return 0;
}

int
crm_id_line(const char *line, long long *id, char *why, size_t whylen)
{
	char *field;
	size_t n;
	int rc;

	if (line[0] == '#' || line[strspn(line, " \t\r\n")] == '\0')
		return 0;
	n = strcspn(line, "\t\r\n");
	if (n == 0) {
		snprintf(why, whylen, "the first field is empty; it must be "
		    "a deal id");
		return -1;
	}
	field = crm_strndup(line, n);
	rc = crm_id_parse(field, id, why, whylen);
	free(field);
	return rc == -1 ? -1 : 1;
}

/*
 * The ids seen so far, an open-addressing set: a list of activities names
 * a deal once per activity, and an action is meant once per deal.
 */
struct idset {
	long long	*v;	/* 0: empty slot */
	size_t		 n, cap;
};

/* Adds id; returns 0 when it was already there. */
static int
idset_add(struct idset *s, long long id)
{
	long long *old;
	size_t i, j, oldcap;

	if (s->n * 2 >= s->cap) {
		old = s->v;
		oldcap = s->cap;
		s->cap = oldcap ? oldcap * 2 : 256;
		s->v = crm_calloc(s->cap, sizeof(*s->v));
		for (i = 0; i < oldcap; i++) {
			if (old[i] == 0)
				continue;
			j = ((unsigned long long)old[i] * 0x9e3779b97f4a7c15ULL) &
			    (s->cap - 1);
			while (s->v[j] != 0)
				j = (j + 1) & (s->cap - 1);
			s->v[j] = old[i];
		}
		free(old);
	}
	i = ((unsigned long long)id * 0x9e3779b97f4a7c15ULL) & (s->cap - 1);
	for (; s->v[i] != 0; i = (i + 1) & (s->cap - 1))
		if (s->v[i] == id)
			return 0;
	s->v[i] = id;
	s->n++;
	return 1;
}

int
crm_ids_each(struct crm *crm, int argc, char **argv,
    int (*fn)(struct crm *, long long, void *), void *arg)
{
	struct idset seen = { 0 };
	char why[128], *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long long id, lineno = 0;
	int i, rc, failed = 0;

	crm_stage_warn(crm, NULL);
	if (argc > 0) {
		for (i = 0; i < argc; i++) {
			if (crm_id_parse(argv[i], &id, why, sizeof(why)) == -1) {
				warnx("'%s': %s", argv[i], why);
				failed++;
				continue;
			}
			if (idset_add(&seen, id) && fn(crm, id, arg) != 0)
				failed++;
		}
		free(seen.v);
		return failed;
	}
	if (isatty(STDIN_FILENO))
		return -1;
	while ((len = getline(&line, &cap, stdin)) != -1) {
		lineno++;
		if ((size_t)len != strlen(line)) {
			warnx("stdin:%lld: NUL byte in input", lineno);
			failed++;
			continue;
		}
		rc = crm_id_line(line, &id, why, sizeof(why));
		if (rc == 0)
			continue;
		if (rc == -1) {
			line[strcspn(line, "\t\r\n")] = '\0';
			warnx("stdin:%lld: '%s': %s", lineno, line, why);
			failed++;
			continue;
		}
		if (idset_add(&seen, id) && fn(crm, id, arg) != 0)
			failed++;
	}
	if (ferror(stdin))
		err(CRM_EXIT_DB, "stdin");
	free(seen.v);
	free(line);
	return failed;
}
