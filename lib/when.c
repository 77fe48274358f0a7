/* Dates and times: parsing user input, printing. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "crm.h"

static const char *const months[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
mdays(int y, int m)
{
	static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	return m == 2 && leap(y) ? 29 : n[m - 1];
}

/* Exactly n digits at s into *v. */
static int
digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long long
daynum(int y, int m, int d)
{
	long long yy = y - (m <= 2), era, yoe, doy, doe;

	era = yy / 400;
	yoe = yy - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
tolocal(struct tm *tm, time_t *out, char *err, size_t errlen)
{
	time_t t;

	tm->tm_isdst = -1;
	if ((t = mktime(tm)) == (time_t)-1) {
		snprintf(err, errlen, "time cannot be represented");
		return -1;
	}
	*out = t;
	return 0;
}

static int
badform(char *err, size_t errlen)
{
	snprintf(err, errlen, "not a date; use YYYY-MM-DD, "
	    "YYYY-MM-DDTHH:MM[:SS], today, yesterday, tomorrow, or +/-N "
	    "with d, w, m or y");
	return -1;
}

/*
 * YYYY-MM-DD[(T| )HH:MM[:SS][Z]]; with utc set, read as UTC even without
 * the Z (a check that the date exists, with no mktime(), which with TZ
 * unset reads /etc/localtime on every call).
 */
static int
absolute(const char *s, int utc, time_t *out, char *err, size_t errlen)
{
	struct tm tm;
	int y, m, d, hh = 0, mm = 0, ss = 0;
	size_t len = strlen(s);

	if (len < 10 || digits(s, 4, &y) || s[4] != '-' ||
	    digits(s + 5, 2, &m) || s[7] != '-' || digits(s + 8, 2, &d))
		return badform(err, errlen);
	s += 10;
	if (*s == 'T' || *s == ' ') {
		if (digits(s + 1, 2, &hh) || s[3] != ':' ||
		    digits(s + 4, 2, &mm))
			return badform(err, errlen);
		s += 6;
		if (*s == ':') {
			if (digits(s + 1, 2, &ss))
				return badform(err, errlen);
			s += 3;
		}
		if (*s == 'Z') {
			utc = 1;
			s++;
		}
	}
	if (*s != '\0')
		return badform(err, errlen);
	if (y < 1970) {
		snprintf(err, errlen, "year %d is before 1970", y);
		return -1;
	}
	if (m < 1 || m > 12) {
		snprintf(err, errlen, "month %02d does not exist", m);
		return -1;
	}
	if (d < 1 || d > mdays(y, m)) {
		if (d < 1)
			snprintf(err, errlen, "day %02d does not exist", d);
		else
			snprintf(err, errlen, "day %d is past the end of %s %d",
			    d, months[m - 1], y);
		return -1;
	}
	if (hh > 23 || mm > 59 || ss > 59) {
		snprintf(err, errlen, "time %02d:%02d:%02d does not exist",
		    hh, mm, ss);
		return -1;
	}
	if (utc) {
		*out = (time_t)(daynum(y, m, d) * 86400 + hh * 3600 +
		    mm * 60 + ss);
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_sec = ss;
	return tolocal(&tm, out, err, errlen);
}

/* [+-]N(d|w|m|y) from now */
static int
relative(const char *s, time_t now, time_t *out, char *err, size_t errlen)
{
	struct tm tm;
	long long n = 0;
	int sign = *s == '-' ? -1 : 1, y, m, dim;
	const char *p = s + 1;

	if (!isdigit((unsigned char)*p))
		return badform(err, errlen);
	for (; isdigit((unsigned char)*p); p++) {
		n = n * 10 + (*p - '0');
		if (n > 100000) {
			snprintf(err, errlen, "%s is too far away", s);
			return -1;
		}
	}
	if (p[0] == '\0' || p[1] != '\0' || strchr("dwmy", p[0]) == NULL)
		return badform(err, errlen);
	n *= sign;
	if (localtime_r(&now, &tm) == NULL) {
		snprintf(err, errlen, "time cannot be represented");
		return -1;
	}
	switch (p[0]) {
	case 'd':
		tm.tm_mday += (int)n;
		break;
	case 'w':
		tm.tm_mday += (int)n * 7;
		break;
	case 'm':
	case 'y':
		if (p[0] == 'y')
			n *= 12;
		m = tm.tm_mon + (int)n;
		y = tm.tm_year + 1900 + (m >= 0 ? m / 12 : -((11 - m) / 12));
		m = ((m % 12) + 12) % 12;
		dim = mdays(y, m + 1);
		tm.tm_year = y - 1900;
		tm.tm_mon = m;
		if (tm.tm_mday > dim)
			tm.tm_mday = dim;
		break;
	}
	if (tm.tm_year + 1900 < 1970 || tm.tm_year + 1900 > 9999) {
		snprintf(err, errlen, "%s is outside the years 1970-9999", s);
		return -1;
	}
	return tolocal(&tm, out, err, errlen);
}

static int
when(const char *s, time_t now, time_t *out, char *err, size_t errlen)
{
	struct tm tm;
	int off;

	if (*s == '\0') {
		snprintf(err, errlen, "empty date");
		return -1;
	}
	off = strcmp(s, "today") == 0 ? 0 : strcmp(s, "yesterday") == 0 ?
	    -1 : strcmp(s, "tomorrow") == 0 ? 1 : 2;
	if (off != 2) {
		if (localtime_r(&now, &tm) == NULL) {
			snprintf(err, errlen, "time cannot be represented");
			return -1;
		}
		tm.tm_mday += off;
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
		return tolocal(&tm, out, err, errlen);
	}
	if (*s == '+' || *s == '-')
		return relative(s, now, out, err, errlen);
	return absolute(s, 0, out, err, errlen);
}

int
crm_when_parse(const char *s, time_t now, time_t *out, char *err,
    size_t errlen)
{
	if (when(s, now, out, err, errlen) == -1)
		return -1;
	/*
	 * A local time at either end of the years, or days counted from now,
	 * can fall outside what crm_time_iso() prints and this reads back.
	 */
	if (*out < 0 || *out > (time_t)253402300799) {
		snprintf(err, errlen, "%s is outside 1970-01-01T00:00:00Z to "
		    "9999-12-31T23:59:59Z", s);
		return -1;
	}
	return 0;
}

int
crm_date_parse(const char *s, time_t now, char out[11], char *err,
    size_t errlen)
{
	struct tm tm;
	time_t t;
	char buf[64];

	/*
	 * Not crm_when_parse(): a date is no time, and 1970-01-01 is a date
	 * even where its midnight falls before the epoch.  One written out
	 * is taken as written, even with a time or Z after it: it need only
	 * exist.
	 */
	if (isdigit((unsigned char)s[0])) {
		if (absolute(s, 1, &t, err, errlen) == -1)
			return -1;
		memcpy(out, s, 10);
		out[10] = '\0';
		return 0;
	}
	if (when(s, now, &t, err, errlen) == -1)
		return -1;
	if (localtime_r(&t, &tm) == NULL) {
		snprintf(err, errlen, "time cannot be represented");
		return -1;
	}
	if (tm.tm_year + 1900 < 1970 || tm.tm_year + 1900 > 9999) {
		snprintf(err, errlen, "%s is outside the years 1970-9999", s);
		return -1;
	}
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday);
	memcpy(out, buf, 10);
	out[10] = '\0';
	return 0;
}

void
crm_time_iso(time_t t, char out[21])
{
	struct tm tm;
	char buf[96];

	if (gmtime_r(&t, &tm) == NULL || tm.tm_year + 1900 > 9999 ||
	    tm.tm_year + 1900 < 0) {
		snprintf(out, 21, "0000-00-00T00:00:00Z");
		return;
	}
	snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
	memcpy(out, buf, 20);
	out[20] = '\0';
}

void
crm_time_local(time_t t, char out[17])
{
	struct tm tm;
	char buf[96];

	if (localtime_r(&t, &tm) == NULL || tm.tm_year + 1900 > 9999 ||
	    tm.tm_year + 1900 < 0) {
		snprintf(out, 17, "0000-00-00 00:00");
		return;
	}
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d %02d:%02d",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min);
	memcpy(out, buf, 16);
	out[16] = '\0';
}

long long
crm_days(time_t since, time_t now)
{
	long long d;

	if (now <= since)
		return 0;
	d = ((long long)now - (long long)since) / 86400;
	return d;
}
