/*
 * Fuzz target: amounts (crm_money_parse).  What is accepted is not
 * negative, has the value its digits say (worked out here another way),
 * and crm_money_fmt of it parses back to the same minor units.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "fuzz.h"

/* The minor units of an accepted amount: its digits, commas skipped. */
static int64_t
expect(const char *s)
{
	unsigned __int128 v = 0;
	const char *dot = strchr(s, '.');
	int ndec = 0;

	for (; *s != '\0' && s != dot; s++)
		if (*s != ',')
			v = v * 10 + (unsigned)(*s - '0');
	v *= 100;
	if (dot != NULL)
		for (s = dot + 1; *s != '\0'; s++)
			v += (unsigned)(*s - '0') * (++ndec == 1 ? 10 : 1);
	fuzz_check(v <= INT64_MAX, "past int64");
	return (int64_t)v;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), err[256], buf[32];
	int64_t v, v2;
	int rc;

	err[0] = '\0';
	rc = crm_money_parse(s, &v, err, sizeof(err));
	if (rc == -1)
		fuzz_check(err[0] != '\0', "an error without a reason");
	else {
		fuzz_check(rc == 0, "rc %d", rc);
		fuzz_check(v >= 0, "'%s' is %" PRId64, s, v);
		fuzz_check(v == expect(s), "'%s' is %" PRId64 ", not %" PRId64,
		    s, v, expect(s));
		crm_money_fmt(v, buf);
		fuzz_check(crm_money_parse(buf, &v2, err, sizeof(err)) == 0,
		    "'%s' is %" PRId64 ", printed '%s', which does not "
		    "parse: %s", s, v, buf, err);
		fuzz_check(v2 == v, "'%s' is %" PRId64 ", printed '%s', "
		    "which parses as %" PRId64, s, v, buf, v2);
	}
	free(s);
	return 0;
}
