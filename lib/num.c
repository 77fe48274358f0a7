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
