/*
 * "Did you mean": the closest of a list of known names to a name that was
 * not found.  No Debian library offers this for C (git, systemd and
 * bash each carry their own few lines for it), so crm does too.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crm.h"

/* Decodes s into code points (at most max); returns how many. */
static size_t
codepoints(const char *s, unsigned *cp, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	unsigned c;
	int more;

	while (*p != '\0' && n < max) {
		c = *p++;
		more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
		if (more)
			c &= 0x3f >> more;
		for (; more > 0 && (*p & 0xc0) == 0x80; more--)
			c = c << 6 | (*p++ & 0x3f);
		/* ASCII letters compare without regard to case. */
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		cp[n++] = c;
	}
	return n;
}

#define SUGGEST_MAX	64	/* longer names are not compared */

int
crm_edit_distance(const char *a, const char *b)
{
	unsigned ca[SUGGEST_MAX + 1], cb[SUGGEST_MAX + 1];
	int d[SUGGEST_MAX + 1][SUGGEST_MAX + 1];
	size_t na, nb, i, j;
	int v;

	na = codepoints(a, ca, SUGGEST_MAX + 1);
	nb = codepoints(b, cb, SUGGEST_MAX + 1);
	if (na > SUGGEST_MAX || nb > SUGGEST_MAX)
		return -1;
	for (i = 0; i <= na; i++)
		d[i][0] = (int)i;
	for (j = 0; j <= nb; j++)
		d[0][j] = (int)j;
	for (i = 1; i <= na; i++)
		for (j = 1; j <= nb; j++) {
			v = d[i - 1][j - 1] + (ca[i - 1] != cb[j - 1]);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			/* Two neighbours swapped count as one edit. */
			if (i > 1 && j > 1 && ca[i - 1] == cb[j - 2] &&
			    ca[i - 2] == cb[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[na][nb];
}

const char *
crm_suggest(const char *word, const struct crm_strv *names)
{
	const char *best = NULL;
	size_t i, len;
	int d, bestd = 0, limit;

	/* Up to one edit in three characters, at least one, at most 3. */
	len = strlen(word);
	limit = len < 3 ? 1 : len >= 9 ? 3 : (int)(len / 3);
	for (i = 0; i < names->n; i++) {
		d = crm_edit_distance(word, names->v[i]);
		if (d < 0 || d > limit || strcmp(word, names->v[i]) == 0)
			continue;
		/* A name the word begins or is the start of: close. */
		if (best == NULL || d < bestd) {
			best = names->v[i];
			bestd = d;
		}
	}
	if (best == NULL)
		for (i = 0; i < names->n; i++)
			if (len >= 3 && strncasecmp(names->v[i], word,
			    len) == 0) {
				best = names->v[i];
				break;
			}
	return best;
}

char *
crm_unknown(const char *what, const char *word, const struct crm_strv *names,
    const char *listname)
{
	const char *near = crm_suggest(word, names);
	char *list, *msg;

	list = crm_strv_join(names, ", ");
	if (near != NULL)
		msg = crm_asprintf("unknown %s '%s': did you mean '%s'? "
		    "(%s: %s)", what, word, near, listname, list);
	else
		msg = crm_asprintf("unknown %s '%s' (%s: %s)", what, word,
		    listname, list);
	free(list);
	return msg;
}
