/* Whole numbers from user input. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "crm.h"

int
crm_strtonum(const char *s, long long min, long long max, long long *out,
    char *err, size_t errlen)
{
	const char *p = s;
	long long v;
	char *end;

	if (*p == '-')
		p++;
	if (*p < '0' || *p > '9') {
		snprintf(err, errlen, "not a whole number");
		return -1;
	}
	for (; *p != '\0'; p++)
		if (*p < '0' || *p > '9') {
			snprintf(err, errlen, "not a whole number");
			return -1;
		}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno == ERANGE || v < min || v > max) {
		snprintf(err, errlen, "must be from %lld to %lld", min, max);
		return -1;
	}
	*out = v;
	return 0;
}

/*
 * v in decimal, into out (at least 21 bytes); returns its length.  The
 * reports print a number per cell, and snprintf's format parsing was a
 * tenth of crm-stale's time at a million deals.
 */
size_t
crm_fmt_int(long long v, char *out)
{
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v;
	char tmp[21];
	size_t n = 0, len = 0;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		out[len++] = '-';
	while (n > 0)
		out[len++] = tmp[--n];
	out[len] = '\0';
	return len;
}
