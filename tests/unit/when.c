/* Unit tests of lib/when.c: date input and date output. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crm.h"
#include "tap.h"

/* 2026-11-24T09:00:00Z, worked out as 20781 days * 86400 + 9 h */
#define NOW	((time_t)1795510800)

static char err[256];

static void
good(const char *in, long long want, const char *desc)
{
	time_t t = -1;

	err[0] = '\0';
	if (!ok(crm_when_parse(in, NOW, &t, err, sizeof(err)) == 0,
	    "%s: '%s' accepted", desc, in))
		printf("#   error: %s\n", err);
	is_int(t, want, "%s: value", desc);
}

static void
bad(const char *in, const char *want)
{
	time_t t;

	err[0] = '\0';
	ok(crm_when_parse(in, NOW, &t, err, sizeof(err)) == -1,
	    "'%s' refused", in);
	is(err, want, "'%s': message", in);
}

static void
date(const char *in, const char *want)
{
	char out[11] = "";

	err[0] = '\0';
	ok(crm_date_parse(in, NOW, out, err, sizeof(err)) == 0,
	    "date '%s' accepted", in);
	is(out, want, "date '%s'", in);
}

int
main(void)
{
	char iso[21], local[17];

	setenv("TZ", "UTC", 1);
	tzset();
	/* 2026-11-24 is day 20781 since 1970-01-01: 56 years of 365 days
	 * plus 14 leap days = 20454, plus 327 days to Nov 24 (Jan..Oct is
	 * 304 days, then 23). */
	good("2026-11-24", 20781LL * 86400, "a date is midnight");
	good("2026-11-24T09:30", 20781LL * 86400 + 9 * 3600 + 30 * 60,
	    "date and time");
	good("2026-11-24 09:30:15", 20781LL * 86400 + 34215,
	    "a space for the T, seconds");
	good("2026-11-24T09:30:15Z", 20781LL * 86400 + 34215, "UTC with Z");
	good("1970-01-01", 0, "the epoch");
	good("2024-02-29", 19782LL * 86400, "a leap day");
	good("today", 20781LL * 86400, "today");
	good("yesterday", 20780LL * 86400, "yesterday");
	good("tomorrow", 20782LL * 86400, "tomorrow");
	good("+3d", NOW + 3 * 86400, "+3d keeps the time of day");
	good("-2w", NOW - 14 * 86400, "-2w");
	good("+0d", NOW, "+0d is now");
	good("+1m", NOW + 30LL * 86400, "+1m: Nov 24 to Dec 24");
	good("-1y", NOW - 365LL * 86400, "-1y");
	good("+12m", NOW + 365LL * 86400, "+12m is a year");
	/* Jan 31 + 1 month clamps to Feb 28 (2027 is not a leap year). */
	{
		time_t t, jan31 = 20849LL * 86400;	/* 2027-01-31 */

		ok(crm_when_parse("+1m", jan31, &t, err, sizeof(err)) == 0,
		    "+1m from Jan 31");
		is_int(t, 20877LL * 86400, "Jan 31 +1m is Feb 28");
		ok(crm_when_parse("-3m", jan31, &t, err, sizeof(err)) == 0,
		    "-3m from Jan 31");
		is_int(t, 20757LL * 86400, "Jan 31 -3m is Oct 31 (Nov 1 is day 20758)");
	}

	bad("", "empty date");
	bad("2026-02-30", "day 30 is past the end of February 2026");
	bad("2025-02-29", "day 29 is past the end of February 2025");
	bad("2026-13-01", "month 13 does not exist");
	bad("2026-00-10", "month 00 does not exist");
	bad("2026-01-00", "day 00 does not exist");
	bad("1969-12-31", "year 1969 is before 1970");
	bad("2026-11-24T24:00", "time 24:00:00 does not exist");
	bad("2026-11-24T09:60", "time 09:60:00 does not exist");
	bad("26-11-24", "not a date; use YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS], "
	    "today, yesterday, tomorrow, or +/-N with d, w, m or y");
	bad("2026/11/24", "not a date; use YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS], "
	    "today, yesterday, tomorrow, or +/-N with d, w, m or y");
	bad("2026-11-24T9:30", "not a date; use YYYY-MM-DD, "
	    "YYYY-MM-DDTHH:MM[:SS], today, yesterday, tomorrow, or +/-N with "
	    "d, w, m or y");
	bad("2026-11-24x", "not a date; use YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS], "
	    "today, yesterday, tomorrow, or +/-N with d, w, m or y");
	bad("+3", "not a date; use YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS], "
	    "today, yesterday, tomorrow, or +/-N with d, w, m or y");
	bad("+3x", "not a date; use YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS], "
	    "today, yesterday, tomorrow, or +/-N with d, w, m or y");
	bad("+d", "not a date; use YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS], "
	    "today, yesterday, tomorrow, or +/-N with d, w, m or y");
	bad("Today", "not a date; use YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS], "
	    "today, yesterday, tomorrow, or +/-N with d, w, m or y");
	bad("-100y", "-100y is outside the years 1970-9999");
	bad("+999999d", "+999999d is too far away");
	/* Days and weeks are held to the years as well (the date fuzzer). */
	bad("-100000d", "-100000d is outside 1970-01-01T00:00:00Z to "
	    "9999-12-31T23:59:59Z");

	date("2026-12-01", "2026-12-01");
	date("tomorrow", "2026-11-25");
	date("+1w", "2026-12-01");
	date("2027-01-31T23:59Z", "2027-01-31");
	date("1970-01-01", "1970-01-01");
	{
		/* A date written out is checked without mktime(). */
		char out[11];

		ok(crm_date_parse("2026-02-30", NOW, out, err,
		    sizeof(err)) == -1, "date '2026-02-30' refused");
		is(err, "day 30 is past the end of February 2026",
		    "date '2026-02-30': message");
		ok(crm_date_parse("2026-11-24T25:00", NOW, out, err,
		    sizeof(err)) == -1, "date with hour 25 refused");
		ok(crm_date_parse("2026-11-2", NOW, out, err,
		    sizeof(err)) == -1, "date '2026-11-2' refused");
	}

	crm_time_iso(NOW, iso);
	is(iso, "2026-11-24T09:00:00Z", "ISO 8601 in UTC");
	crm_time_local(NOW, local);
	is(local, "2026-11-24 09:00", "local time for tables (TZ=UTC)");
	is_int(crm_days(NOW - 86400, NOW), 1, "exactly one day");
	is_int(crm_days(NOW - 86399, NOW), 0, "a second short of a day is 0");
	is_int(crm_days(NOW + 50, NOW), 0, "never negative");

	/* Local time: a date is local midnight; +1d crosses a DST change as
	 * a calendar day (23 hours), not 24 hours.  A POSIX TZ rule, so no
	 * tzdata is needed: Central Europe, summer time from the last
	 * Sunday of March (2026-03-29). */
	setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
	tzset();
	good("2026-11-24", 20781LL * 86400 - 3600, "local midnight in CET");
	good("2026-11-24T09:30Z", 20781LL * 86400 + 34200,
	    "Z is UTC whatever TZ says");
	{
		/* 2026-03-28 12:00 CET is 11:00Z: day 20540 */
		time_t t, sat = 20540LL * 86400 + 11 * 3600;

		ok(crm_when_parse("+1d", sat, &t, err, sizeof(err)) == 0,
		    "+1d over the DST change");
		is_int(t - sat, 23 * 3600, "that day has 23 hours");
	}
	crm_time_local(20781LL * 86400, local);
	is(local, "2026-11-24 01:00", "tables show local time");
	/* Its midnight is 1969-12-31T23:00Z: not a time crm can print, but
	 * a date. */
	bad("1970-01-01", "1970-01-01 is outside 1970-01-01T00:00:00Z to "
	    "9999-12-31T23:59:59Z");
	date("1970-01-01", "1970-01-01");
	return tap_done();
}
