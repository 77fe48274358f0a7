/*
 * Fuzz target: date input (crm_when_parse, crm_date_parse) with a fixed
 * now, in three time zones: UTC, one west of it with daylight saving
 * time, one east of it.  A time accepted must print (crm_time_iso) as a
 * time that parses back to the same second, and be a date too; a date
 * accepted must parse back as itself, and YYYY-MM-DD is its own date.
 * An error quotes whole characters: it is UTF-8 when the input was.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crm.h"
#include "fuzz.h"

#define NOW	((time_t)1795510800)	/* 2026-11-24T09:00:00Z */

static const char *const zones[] = {
	"UTC0", "EST5EDT,M3.2.0,M11.1.0", "CST-8"
};

static int
isdate(const char *d)
{
	static const char form[] = "dddd-dd-dd";
	int i;

	for (i = 0; i < 10; i++)
		if (form[i] == 'd' ? d[i] < '0' || d[i] > '9' : d[i] != '-')
			return 0;
	return d[10] == '\0';
}

static void
one(const char *s)
{
	char err[256], err2[256], iso[21], date[11], date2[11];
	time_t t, t2;
	int rc;

	err[0] = '\0';
	rc = crm_when_parse(s, NOW, &t, err, sizeof(err));
	if (rc == -1) {
		fuzz_check(err[0] != '\0', "an error without a reason");
		fuzz_check(crm_utf8_check(s, strlen(s), NULL) == -1 ||
		    crm_utf8_check(err, strlen(err), NULL) == 0, "'%s': the "
		    "error quotes part of a character: %s", s, err);
		/* It may still be a date (1970-01-01 east of UTC). */
		if (crm_date_parse(s, NOW, date, err2, sizeof(err2)) == 0)
			fuzz_check(isdate(date) && crm_date_parse(date, NOW,
			    date2, err2, sizeof(err2)) == 0 &&
			    strcmp(date, date2) == 0, "'%s' gives the date "
			    "'%s', which does not parse back", s, date);
		return;
	}
	fuzz_check(rc == 0, "rc %d", rc);
	crm_time_iso(t, iso);
	fuzz_check(crm_when_parse(iso, NOW, &t2, err, sizeof(err)) == 0,
	    "'%s' gives %lld, printed '%s', which does not parse: %s", s,
	    (long long)t, iso, err);
	fuzz_check(t2 == t, "'%s' gives %lld, printed '%s', which parses "
	    "as %lld", s, (long long)t, iso, (long long)t2);
	fuzz_check(crm_date_parse(s, NOW, date, err, sizeof(err)) == 0,
	    "'%s' is a time but not a date: %s", s, err);
	fuzz_check(isdate(date), "'%s' gives the date '%s'", s, date);
	fuzz_check(crm_date_parse(date, NOW, date2, err, sizeof(err)) == 0 &&
	    strcmp(date, date2) == 0, "'%s' gives the date '%s', which "
	    "does not parse back", s, date);
	if (isdate(s))
		fuzz_check(strcmp(s, date) == 0, "'%s' gives the date '%s'", s,
		    date);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	size_t i;

	for (i = 0; i < sizeof(zones) / sizeof(*zones); i++) {
		setenv("TZ", zones[i], 1);
		tzset();
		one(s);
	}
	free(s);
	return 0;
}
