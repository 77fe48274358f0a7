/* Dates and times: parsing user input, printing. */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
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
	    "YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM], now, today, yesterday, "
	    "tomorrow, or +/-N with d, w, m or y");
	return -1;
}

/* A date, and perhaps a time, as written. */
struct stamp {
	int	y, m, d, hh, mm, ss;
	int	zone;		/* Z or an offset was given */
	int	off;		/* the offset in minutes east of UTC */
};

/* One or two digits at *s into *v; *s moves past them. */
static int
digits12(const char **s, int *v)
{
	const char *p = *s;

	if (!isdigit((unsigned char)p[0]))
		return -1;
	*v = p[0] - '0';
	if (isdigit((unsigned char)p[1])) {
		*v = *v * 10 + (p[1] - '0');
		*s = p + 2;
	} else
		*s = p + 1;
	return 0;
}

/*
 * YYYY-MM-DD, or YYYY/MM/DD, each with a month and day of one or two
 * digits; then perhaps (T| )HH:MM[:SS[.fraction]] and Z or an offset,
 * +HH:MM, +HHMM or +HH (or -).  A fraction of a second is dropped: times
 * are whole seconds.  Checks that the date, time and offset exist.
 */
static int
stamp(const char *s, struct stamp *t, char *err, size_t errlen)
{
	int sign, oh = 0, om = 0;
	char sep;

	memset(t, 0, sizeof(*t));
	if (digits(s, 4, &t->y) || (s[4] != '-' && s[4] != '/'))
		return badform(err, errlen);
	sep = s[4];
	s += 5;
	if (digits12(&s, &t->m) || *s++ != sep || digits12(&s, &t->d))
		return badform(err, errlen);
	if (*s == 'T' || *s == ' ') {
		if (digits(s + 1, 2, &t->hh) || s[3] != ':' ||
		    digits(s + 4, 2, &t->mm))
			return badform(err, errlen);
		s += 6;
		if (*s == ':') {
			if (digits(s + 1, 2, &t->ss))
				return badform(err, errlen);
			s += 3;
			if (*s == '.') {
				if (!isdigit((unsigned char)s[1]))
					return badform(err, errlen);
				for (s++; isdigit((unsigned char)*s); s++)
					continue;
			}
		}
		if (*s == 'Z') {
			t->zone = 1;
			s++;
		} else if (*s == '+' || *s == '-') {
			sign = *s == '-' ? -1 : 1;
			if (digits(s + 1, 2, &oh))
				return badform(err, errlen);
			s += 3;
			if (*s == ':' && !digits(s + 1, 2, &om))
				s += 3;
			else if (isdigit((unsigned char)*s) &&
			    !digits(s, 2, &om))
				s += 2;
			t->zone = 1;
			t->off = sign * (oh * 60 + om);
		}
	}
	if (*s != '\0')
		return badform(err, errlen);
	if (t->y < 1970) {
		snprintf(err, errlen, "year %d is before 1970", t->y);
		return -1;
	}
	if (t->m < 1 || t->m > 12) {
		snprintf(err, errlen, "month %02d does not exist", t->m);
		return -1;
	}
	if (t->d < 1 || t->d > mdays(t->y, t->m)) {
		if (t->d < 1)
			snprintf(err, errlen, "day %02d does not exist", t->d);
		else
			snprintf(err, errlen, "day %d is past the end of %s %d",
			    t->d, months[t->m - 1], t->y);
		return -1;
	}
	if (t->hh > 23 || t->mm > 59 || t->ss > 59) {
		snprintf(err, errlen, "time %02d:%02d:%02d does not exist",
		    t->hh, t->mm, t->ss);
		return -1;
	}
	/* Zones run from -12:00 (Baker Island) to +14:00 (Kiribati). */
	if (om > 59 || t->off < -12 * 60 || t->off > 14 * 60) {
		snprintf(err, errlen, "offset %c%02d:%02d %s", t->off < 0 ?
		    '-' : '+', oh, om, om > 59 ? "does not exist" :
		    "is outside -12:00 to +14:00");
		return -1;
	}
	return 0;
}

/*
 * A date and time written out, as a time: in the zone it names, else in
 * UTC when utc is set (a check that it exists, with no mktime(), which
 * with TZ unset reads /etc/localtime on every call), else local time.
 */
static int
absolute(const char *s, int utc, time_t *out, char *err, size_t errlen)
{
	struct stamp t;
	struct tm tm;

	if (stamp(s, &t, err, errlen) == -1)
		return -1;
	if (t.zone || utc) {
		*out = (time_t)(daynum(t.y, t.m, t.d) * 86400 + t.hh * 3600 +
		    t.mm * 60 + t.ss - t.off * 60);
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = t.y - 1900;
	tm.tm_mon = t.m - 1;
	tm.tm_mday = t.d;
	tm.tm_hour = t.hh;
	tm.tm_min = t.mm;
	tm.tm_sec = t.ss;
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
	if (strcmp(s, "now") == 0) {
		*out = now;
		return 0;
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

static int
when_parse(const char *s, time_t now, time_t *out, char *err,
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

static int
date_parse(const char *s, time_t now, char out[11], char *err,
    size_t errlen)
{
	struct stamp st;
	struct tm tm;
	time_t t;
	char buf[64];

	/*
	 * Not crm_when_parse(): a date is no time, and 1970-01-01 is a date
	 * even where its midnight falls before the epoch.  One written out
	 * is taken as written, even with a time, Z or an offset after it: it
	 * need only exist.
	 */
	if (isdigit((unsigned char)s[0])) {
		if (stamp(s, &st, err, errlen) == -1)
			return -1;
		snprintf(buf, sizeof(buf), "%04d-%02d-%02d", st.y, st.m,
		    st.d);
		memcpy(out, buf, 10);
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

/* Fullwidth digits and signs, as an input method types them, read as ASCII. */
int
crm_when_parse(const char *s, time_t now, time_t *out, char *err,
    size_t errlen)
{
	char *f = crm_fullwidth_fold(s);
	int rc;

	rc = when_parse(f != NULL ? f : s, now, out, err, errlen);
	free(f);
	return rc;
}

int
crm_date_parse(const char *s, time_t now, char out[11], char *err,
    size_t errlen)
{
	char *f = crm_fullwidth_fold(s);
	int rc;

	rc = date_parse(f != NULL ? f : s, now, out, err, errlen);
	free(f);
	return rc;
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

/* *v is n digits at *s, at most max; *s moves past them. */
static int
digits_max(const char **s, int n, int max, int *v)
{
	if (digits(*s, n, v) == -1 || *v > max)
		return -1;
	*s += n;
	return 0;
}

long long
crm_date_ms(const char *s)
{
	long long ms;
	int y, mo, d, h, mi, sec = 0, sign, tzh, tzm;
	double frac = 0, scale = 1;

	if (s == NULL || digits_max(&s, 4, 9999, &y) == -1 || *s++ != '-' ||
	    digits_max(&s, 2, 12, &mo) == -1 || *s++ != '-' ||
	    digits_max(&s, 2, 31, &d) == -1 || mo < 1 || d < 1)
		return LLONG_MIN;
	/* Year 0 runs through 1 BC's era: daynum() wants it past 0. */
	ms = (daynum(y + 400, mo, d) - 146097) * 86400000LL;
	while (isspace((unsigned char)*s) || *s == 'T')
		s++;
	if (*s == '\0')
		return ms;
	if (digits_max(&s, 2, 24, &h) == -1 || *s++ != ':' ||
	    digits_max(&s, 2, 59, &mi) == -1)
		return LLONG_MIN;
	if (*s == ':') {
		s++;
		if (digits_max(&s, 2, 59, &sec) == -1)
			return LLONG_MIN;
		if (*s == '.' && isdigit((unsigned char)s[1]))
			for (s++; isdigit((unsigned char)*s); s++) {
				frac = frac * 10 + (*s - '0');
				scale *= 10;
			}
	}
	ms += h * 3600000LL + mi * 60000LL +
	    (long long)((sec + frac / scale) * 1000 + 0.5);
	while (isspace((unsigned char)*s))
		s++;
	if (*s == 'Z' || *s == 'z')
		s++;
	else if (*s == '+' || *s == '-') {
		sign = *s++ == '-' ? -1 : 1;
		if (digits_max(&s, 2, 14, &tzh) == -1 || *s++ != ':' ||
		    digits_max(&s, 2, 59, &tzm) == -1)
			return LLONG_MIN;
		ms -= sign * (tzh * 60 + tzm) * 60000LL;
	}
	while (isspace((unsigned char)*s))
		s++;
	return *s == '\0' ? ms : LLONG_MIN;
}
