/* Unit tests of lib/when.c: date input and date output. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crm.h"
#include "tap.h"

/* 2026-11-24T09:00:00Z, worked out as 20781 days * 86400 + 9 h */
#define NOW	((time_t)1795510800)

static char err[256];

#define FORM	"not a date; use YYYY-MM-DD, " \
	"YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM], now, today, yesterday, tomorrow, " \
	"or +/-N with d, w, m or y"
/* Days since 1970-01-01 (2026-12-01 is 7 days after 2026-11-24). */
#define DEC1	(20788LL * 86400)
#define JAN1	(20454LL * 86400)	/* 2026-01-01 */

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
	bad("26-11-24", FORM);
	bad("2026-11-24T9:30", FORM);
	bad("2026-11-24x", FORM);
	bad("+3", FORM);
	bad("+3x", FORM);
	bad("+d", FORM);
	bad("Today", FORM);
	bad("-100y", "-100y is outside the years 1970-9999");
	bad("+999999d", "+999999d is too far away");
	/* As Chinese teams write dates: slashes, months and days of one
	 * digit, the same with a time. */
	good("2026/12/01", DEC1, "slashes");
	good("2026-12-1", DEC1, "a day of one digit");
	good("2026/1/5", JAN1 + 4 * 86400, "slashes, one-digit month and day");
	good("2026-1-05", JAN1 + 4 * 86400, "a month of one digit");
	good("2026/12/1 09:30", DEC1 + 34200, "slashes and a time");
	good("2026/12/1T09:30:15Z", DEC1 + 34215, "slashes, T and Z");
	/* Fullwidth digits and signs, as an input method types them. */
	good("２０２６／１２／１", DEC1, "fullwidth");
	good("２０２６－１２－０１Ｔ０９：００", DEC1 + 9 * 3600,
	    "fullwidth with a time");
	/* now: this second. */
	good("now", NOW, "now");
	/* An offset: the time is in that zone.  09:00 at +08:00 is 01:00Z. */
	good("2026-12-01T09:00+08:00", DEC1 + 3600, "+08:00");
	good("2026-12-01T09:00:00-0530", DEC1 + 14 * 3600 + 1800,
	    "-0530: 09:00 + 5:30 is 14:30Z");
	good("2026-12-01 09:00:00+08", DEC1 + 3600, "+08 (PostgreSQL's form)");
	good("2026-12-01T09:00+00:00", DEC1 + 9 * 3600, "+00:00 is UTC");
	good("2026-12-01T09:00-00:00", DEC1 + 9 * 3600, "-00:00 is UTC");
	good("2026-12-01T00:30+01:00", DEC1 - 1800,
	    "an offset into the day before: 2026-11-30T23:30Z");
	good("2026-12-01T23:00-05:00", DEC1 + 86400 + 4 * 3600,
	    "an offset into the day after: 2026-12-02T04:00Z");
	good("2026-12-01T12:00+14:00", DEC1 - 2 * 3600, "+14:00, the most");
	good("2026-12-01T12:00-12:00", DEC1 + 86400, "-12:00, the least");
	good("1970-01-01T08:00+08:00", 0, "the epoch at +08:00");
	/* A fraction of a second is dropped, not rounded. */
	good("2026-12-01T01:00:00.000Z", DEC1 + 3600, "a fraction .000");
	good("2026-12-01T01:00:00.5Z", DEC1 + 3600, "a fraction .5");
	good("2026-12-01T01:00:59.999999999Z", DEC1 + 3659,
	    "a fraction .999999999 is dropped");
	good("2026-12-01T09:00:00.123+08:00", DEC1 + 3600,
	    "a fraction and an offset");
	good("2026-12-01T01:00:00.5", DEC1 + 3600, "a fraction, local time");

	bad("2026/12-01", FORM);
	bad("2026-12/01", FORM);
	bad("2026-123-01", FORM);
	bad("2026-12-001", FORM);
	bad("2026/2/30", "day 30 is past the end of February 2026");
	bad("2026/13/1", "month 13 does not exist");
	bad("2026/0/1", "month 00 does not exist");
	bad("2026-12-0", "day 00 does not exist");
	bad("Now", FORM);
	bad("now ", FORM);
	bad("+now", FORM);
	bad("2026-12-01T09:00+15:00", "offset +15:00 is outside -12:00 to "
	    "+14:00");
	bad("2026-12-01T09:00-1230", "offset -12:30 is outside -12:00 to "
	    "+14:00");
	bad("2026-12-01T09:00+08:60", "offset +08:60 does not exist");
	bad("2026-12-01T09:00+8:00", FORM);
	bad("2026-12-01T09:00+08:0", FORM);
	bad("2026-12-01T09:00+080", FORM);
	bad("2026-12-01T09:00+08:00Z", FORM);
	bad("2026-12-01T09:00 +08:00", FORM);
	bad("2026-12-01+08:00", FORM);
	bad("2026-12-01Z", FORM);
	bad("2026-12-01T01:00:00.Z", FORM);
	bad("2026-12-01T01:00.5Z", FORM);
	bad("2026-12-01T01:00:00,5Z", FORM);
	/* An offset can move a time out of the years crm prints. */
	bad("1970-01-01T07:00+08:00", "1970-01-01T07:00+08:00 is outside "
	    "1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z");
	bad("9999-12-31T23:00-05:00", "9999-12-31T23:00-05:00 is outside "
	    "1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z");
	/* Days and weeks are held to the years as well (the date fuzzer). */
	bad("-100000d", "-100000d is outside 1970-01-01T00:00:00Z to "
	    "9999-12-31T23:59:59Z");

	date("2026-12-01", "2026-12-01");
	date("tomorrow", "2026-11-25");
	date("+1w", "2026-12-01");
	date("2027-01-31T23:59Z", "2027-01-31");
	date("1970-01-01", "1970-01-01");
	date("2026/12/1", "2026-12-01");
	date("2026-1-5", "2026-01-05");
	date("２０２６／１２／１", "2026-12-01");
	date("now", "2026-11-24");
	/* A date written out is the date as written, whatever the offset. */
	date("2026-12-01T23:00-05:00", "2026-12-01");
	date("2026-12-01T01:00:00.5Z", "2026-12-01");
	date("1970-01-01T07:00+08:00", "1970-01-01");
	{
		/* A date written out is checked without mktime(). */
		char out[11];

		ok(crm_date_parse("2026-02-30", NOW, out, err,
		    sizeof(err)) == -1, "date '2026-02-30' refused");
		is(err, "day 30 is past the end of February 2026",
		    "date '2026-02-30': message");
		ok(crm_date_parse("2026-11-24T25:00", NOW, out, err,
		    sizeof(err)) == -1, "date with hour 25 refused");
		ok(crm_date_parse("2026/2/30", NOW, out, err,
		    sizeof(err)) == -1, "date '2026/2/30' refused");
		is(err, "day 30 is past the end of February 2026",
		    "date '2026/2/30': message");
		ok(crm_date_parse("2026-12-01T09:00+15:00", NOW, out, err,
		    sizeof(err)) == -1, "date with offset +15:00 refused");
		is(err, "offset +15:00 is outside -12:00 to +14:00",
		    "date with offset +15:00: message");
		ok(crm_date_parse("2026-11-2x", NOW, out, err,
		    sizeof(err)) == -1, "date '2026-11-2x' refused");
	}

	crm_time_iso(NOW, iso);
	is(iso, "2026-11-24T09:00:00Z", "ISO 8601 in UTC");
	crm_time_local(NOW, local);
	is(local, "2026-11-24 09:00", "local time for tables (TZ=UTC)");
	is_int(crm_days(NOW - 86400, NOW), 1, "exactly one day");
	is_int(crm_days(NOW - 86399, NOW), 0, "a second short of a day is 0");
	is_int(crm_days(NOW + 50, NOW), 0, "never negative");

	/* crm_date_ms(): as SQLite's julianday() reads them (crm-stale). */
	is_int(crm_date_ms("2026-11-24"), 20781LL * 86400000, "a date");
	is_int(crm_date_ms("1970-01-01"), 0, "the epoch");
	is_int(crm_date_ms("2026-02-30"), crm_date_ms("2026-03-02"),
	    "Feb 30 runs into March");
	is_int(crm_date_ms("2026-11-20T10:00"),
	    crm_date_ms("2026-11-20") + 10 * 3600000LL, "with a time");
	is_int(crm_date_ms("2026-11-20 10:00:30.5"),
	    crm_date_ms("2026-11-20") + 36030500LL, "seconds and a fraction");
	is_int(crm_date_ms("2026-11-20T10:00+08:00"),
	    crm_date_ms("2026-11-20") + 2 * 3600000LL, "an offset");
	is_int(crm_date_ms("2026-11-20T10:00Z"),
	    crm_date_ms("2026-11-20T10:00"), "Z");
	is_int(crm_date_ms("0000-03-01") - crm_date_ms("0000-02-28"),
	    2 * 86400000LL, "year 0 is a leap year");
	is_int(crm_date_ms("2026-13-01"), LLONG_MIN, "month 13: no date");
	is_int(crm_date_ms("2026-11-32"), LLONG_MIN, "day 32: no date");
	is_int(crm_date_ms("2026-11-20x"), LLONG_MIN, "junk after: no date");
	is_int(crm_date_ms("10:00"), LLONG_MIN, "a bare time: none");
	is_int(crm_date_ms(NULL), LLONG_MIN, "NULL: none");

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
	good("2026-11-24T09:30+08:00", 20781LL * 86400 + 5400,
	    "an offset is that zone whatever TZ says");
	good("now", NOW, "now is now in any zone");
	{
		/* 2026-11-24T23:30Z is 00:30 on the 25th in CET. */
		char out[11];
		time_t late = 20781LL * 86400 + 23 * 3600 + 1800;

		ok(crm_date_parse("now", late, out, err, sizeof(err)) == 0,
		    "date 'now' in CET");
		is(out, "2026-11-25", "now as a date is the local date");
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
