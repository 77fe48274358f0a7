/* Unit tests of lib/money.c and lib/num.c: amounts and whole numbers. */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "crm.h"
#include "tap.h"

static char err[256];

static void
good(const char *in, int64_t want)
{
	int64_t v = -1;

	err[0] = '\0';
	if (!ok(crm_money_parse(in, &v, err, sizeof(err)) == 0,
	    "'%s' accepted", in))
		printf("#   error: %s\n", err);
	is_int(v, want, "'%s' in minor units", in);
}

static void
bad(const char *in, const char *want)
{
	int64_t v;

	err[0] = '\0';
	ok(crm_money_parse(in, &v, err, sizeof(err)) == -1, "'%s' refused", in);
	is(err, want, "'%s': message", in);
}

static void
fmt(int64_t v, const char *want)
{
	char out[32];

	crm_money_fmt(v, out);
	is(out, want, "%lld printed", (long long)v);
}

static void
num(const char *in, long long min, long long max, int rc, long long want,
    const char *wanterr)
{
	long long v = -12345;

	err[0] = '\0';
	is_int(crm_strtonum(in, min, max, &v, err, sizeof(err)), rc,
	    "strtonum '%s' in %lld..%lld", in, min, max);
	if (rc == 0)
		is_int(v, want, "strtonum '%s' value", in);
	else
		is(err, wanterr, "strtonum '%s' message", in);
}

int
main(void)
{
	static const char form[] = "not an amount; write it like 12000, "
	    "12000.50 or 12,000.50";

	good("0", 0);
	good("92233720368547758.07", INT64_MAX);
	good("92233720368547758", INT64_MAX - 7);
	good("12000", 1200000);
	good("12000.5", 1200050);
	good("12000.50", 1200050);
	good("12,000.50", 1200050);
	good("1,234,567.89", 123456789);
	good("0.05", 5);
	good("007", 700);
	good("999", 99900);
	/* Ten quadrillion fits in int64 minor units (10^18 < 2^63). */
	good("10000000000000000", 1000000000000000000LL);

	bad("", form);
	bad("-5", "amount must not be negative");
	bad("abc", form);
	bad(".5", form);
	bad("+5", form);
	bad(" 5", form);
	bad("12.345", "at most two digits after the decimal point");
	bad("12.", "no digits after the decimal point");
	bad("12,00", "digits after a comma must come in groups of three");
	bad("1,2345", "digits after a comma must come in groups of three");
	bad("1234,567", "digits before a comma must come in groups of three");
	bad("1,,000", "digits before a comma must come in groups of three");
	bad("12,000,", "digits after a comma must come in groups of three");
	bad(",000", form);
	bad("12 000", "' ' does not belong in an amount; write it like "
	    "12000, 12000.50 or 12,000.50");
	bad("12e3", "'e' does not belong in an amount; write it like "
	    "12000, 12000.50 or 12,000.50");
	bad("1.2.3", "'.' does not belong in an amount; write it like "
	    "12000, 12000.50 or 12,000.50");
	bad("100000000000000000000", "amount is too large");
	bad("92233720368547759", "amount is too large");
	bad("92233720368547758.08", "amount is too large");
	bad("92,233,720,368,547,758.08", "amount is too large");

	fmt(0, "0.00");
	fmt(5, "0.05");
	fmt(1200050, "12000.50");
	fmt(-1200050, "-12000.50");
	fmt(INT64_MAX, "92233720368547758.07");
	fmt(INT64_MIN, "-92233720368547758.08");
	fmt(100, "1.00");
	fmt(-7, "-0.07");
	{
		/* crm_fmt_int() (num.c), which crm_money_fmt() uses */
		char buf[32];
		size_t n;

		n = crm_fmt_int(0, buf);
		ok(n == 1 && strcmp(buf, "0") == 0, "fmt_int 0");
		n = crm_fmt_int(-42, buf);
		ok(n == 3 && strcmp(buf, "-42") == 0, "fmt_int -42");
		n = crm_fmt_int(LLONG_MAX, buf);
		ok(n == 19 && strcmp(buf, "9223372036854775807") == 0,
		    "fmt_int LLONG_MAX");
		n = crm_fmt_int(LLONG_MIN, buf);
		ok(n == 20 && strcmp(buf, "-9223372036854775808") == 0,
		    "fmt_int LLONG_MIN");
	}

	num("0", 0, 99, 0, 0, NULL);
	num("99", 0, 99, 0, 99, NULL);
	num("-3", -5, 5, 0, -3, NULL);
	num("100", 0, 99, -1, 0, "must be from 0 to 99");
	num("-1", 0, 99, -1, 0, "must be from 0 to 99");
	num("", 0, 99, -1, 0, "not a whole number");
	num("+1", 0, 99, -1, 0, "not a whole number");
	num(" 1", 0, 99, -1, 0, "not a whole number");
	num("1x", 0, 99, -1, 0, "not a whole number");
	num("-", 0, 99, -1, 0, "not a whole number");
	num("99999999999999999999", 0, 99, -1, 0, "must be from 0 to 99");
	return tap_done();
}
