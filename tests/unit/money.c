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

/* An amount for a deal in currency. */
static void
goodin(const char *in, const char *currency, int64_t want)
{
	int64_t v = -1;

	err[0] = '\0';
	if (!ok(crm_money_parse_in(in, currency, &v, err, sizeof(err)) == 0,
	    "'%s' accepted for %s", in, currency ? currency : "no currency"))
		printf("#   error: %s\n", err);
	is_int(v, want, "'%s' for %s in minor units", in,
	    currency ? currency : "no currency");
}

static void
badin(const char *in, const char *currency, const char *want)
{
	int64_t v;

	err[0] = '\0';
	ok(crm_money_parse_in(in, currency, &v, err, sizeof(err)) == -1,
	    "'%s' refused for %s", in, currency ? currency : "no currency");
	is(err, want, "'%s' for %s: message", in,
	    currency ? currency : "no currency");
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
	    "12,000.50 or 3.5万";
#define BELONG	"' does not belong in an amount; write it like 12000, " \
	    "12,000.50 or 3.5万"

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
	bad("12 000", "' " BELONG);
	bad("12e3", "'e" BELONG);
	bad("1.2.3", "'." BELONG);
	bad("100000000000000000000", "amount is too large");
	bad("92233720368547759", "amount is too large");
	bad("92233720368547758.08", "amount is too large");
	bad("92,233,720,368,547,758.08", "amount is too large");

	/*
	 * 万 is 10^4 and 亿 10^8 (萬 and 億 as written in Taiwan, Hong Kong
	 * and Japan); the minor units are a hundred times the amount.
	 */
	good("3.5万", 3500000);		/* 35,000 */
	good("120万", 120000000);		/* 1,200,000 */
	good("1.2亿", 12000000000LL);		/* 120,000,000 */
	good("12萬", 12000000);		/* 120,000 */
	good("1.5億", 15000000000LL);		/* 150,000,000 */
	good("1,200万", 1200000000);		/* 12,000,000 */
	good("0万", 0);
	/* Decimals down to a cent: 6 before 万, 10 before 亿. */
	good("1.23456万", 1234560);		/* 12,345.60 */
	good("1.234567万", 1234567);		/* 12,345.67 */
	good("0.000001万", 1);			/* 0.01 */
	good("0.0000000001亿", 1);		/* 0.01 */
	/* The largest: INT64_MAX minor units is 92233720368547758.07. */
	good("9223372036854.775807万", INT64_MAX);
	good("922337203.6854775807亿", INT64_MAX);
	/* Fullwidth digits, comma and point, as an input method types them. */
	good("１２０万", 120000000);
	good("１，２００．５", 120050);
	good("１２０００", 1200000);

	bad("1.2345678万", "at most 6 digits after the decimal point before "
	    "'万' (a cent is 0.000001万)");
	bad("1.23456700万", "at most 6 digits after the decimal point before "
	    "'万' (a cent is 0.000001万)");
	bad("1.23456789012亿", "at most 10 digits after the decimal point "
	    "before '亿' (a cent is 0.0000000001亿)");
	bad("3万5", "nothing may follow '万' (here '5'); write it like 3.5万");
	bad("3.5万元", "nothing may follow '万' (here '元'); write it like "
	    "3.5万");
	bad("1万亿", "nothing may follow '万' (here '亿'); write it like "
	    "3.5万");
	bad("2億円", "nothing may follow '億' (here '円'); write it like "
	    "3.5億");
	bad("12.万", "no digits after the decimal point");
	bad("1,2000万", "digits after a comma must come in groups of three");
	bad("12,万", "digits after a comma must come in groups of three");
	bad("万", form);
	bad("9223372036854.775808万", "amount is too large");
	bad("922337203.6854775808亿", "amount is too large");
	bad("10000000000000万", "amount is too large");	/* 10^19 fen */
	/* Errors quote whole characters, never one byte of one. */
	bad("3.5元", "'元" BELONG);
	bad("12ｘ", "'ｘ" BELONG);
	bad("1.5千", "'千" BELONG);
	bad("3.5\xe4", "byte \\xe4 does not belong in an amount (not UTF-8)");
	bad("3万\xe4", "byte \\xe4 does not belong in an amount (not UTF-8)");
	bad("－5", "amount must not be negative");
	/* No currency, no symbol. */
	bad("¥100", form);
	bad("$100", form);
	bad("100$", "'$" BELONG);

	/* A symbol before the number, for its own currency. */
	goodin("¥1,200,000", "CNY", 120000000);
	goodin("￥1,200,000", "CNY", 120000000);
	goodin("¥500", "JPY", 50000);
	goodin("￥3.5万", "JPY", 3500000);
	goodin("¥3.5万", "cny", 3500000);
	goodin("$100", "USD", 10000);
	goodin("＄100", "USD", 10000);
	goodin("US$1,000.50", "USD", 100050);
	goodin("HK$1,000", "HKD", 100000);
	goodin("NT$5", "TWD", 500);
	goodin("€9.99", "EUR", 999);
	goodin("£5", "GBP", 500);
	goodin("￡5", "GBP", 500);
	goodin("¥１２０万", "CNY", 120000000);
	/* No symbol: any currency, or none. */
	goodin("12,000.50", "USD", 1200050);
	goodin("3.5万", "CNY", 3500000);
	goodin("3.5万", NULL, 3500000);

	badin("$100", "CNY", "'$' is USD but the deal's currency is CNY");
	badin("¥100", "USD", "'¥' is CNY or JPY but the deal's currency is "
	    "USD");
	badin("￥100", "EUR", "'￥' is CNY or JPY but the deal's currency is "
	    "EUR");
	badin("HK$100", "USD", "'HK$' is HKD but the deal's currency is USD");
	badin("US$100", "HKD", "'US$' is USD but the deal's currency is HKD");
	badin("€1", "GBP", "'€' is EUR but the deal's currency is GBP");
	badin("¥100", NULL, form);
	badin("¥-5", "CNY", "amount must not be negative");
	badin("-¥5", "CNY", "amount must not be negative");
	badin("¥", "CNY", form);
	badin("¥ 100", "CNY", "' " BELONG);
	badin("¥元", "CNY", "'元" BELONG);
	badin("100¥", "CNY", "'¥' goes before the number, as in ¥100");
	badin("¥1$", "CNY", "'$' goes before the number, as in $100");
	badin("¥1.234", "CNY", "at most two digits after the decimal point");

	is(crm_money_symbol("¥1"), "CNY", "symbol ¥: CNY first");
	is(crm_money_symbol("￥1"), "CNY", "symbol ￥: CNY first");
	is(crm_money_symbol("$1"), "USD", "symbol $: USD");
	is(crm_money_symbol("HK$1"), "HKD", "symbol HK$: HKD");
	ok(crm_money_symbol("1$") == NULL, "no symbol first in '1$'");
	ok(crm_money_symbol("") == NULL, "no symbol in ''");

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
