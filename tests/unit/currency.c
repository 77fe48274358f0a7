/* Unit tests of crm_currency_parse() (lib/money.c): ISO 4217 codes. */
#include <string.h>

#include "crm.h"
#include "tap.h"

static char err[256];

static void
good(const char *in, const char *want)
{
	char out[4] = "?";

	err[0] = '\0';
	if (!ok(crm_currency_parse(in, out, err, sizeof(err)) == 0,
	    "'%s' accepted", in))
		printf("#   error: %s\n", err);
	is(out, want, "'%s' is %s", in, want);
}

static void
bad(const char *in, const char *want)
{
	char out[4] = "old";

	err[0] = '\0';
	ok(crm_currency_parse(in, out, err, sizeof(err)) == -1, "'%s' refused",
	    in);
	is(err, want, "'%s': message", in);
	is(out, "old", "'%s': out untouched", in);
}

int
main(void)
{
	static const char no[] = "not an ISO 4217 currency code (such as "
	    "CNY, USD, EUR, JPY)";
	char c[4] = "", out[4];
	int n;

	good("CNY", "CNY");
	good("jpy", "JPY");
	good("uSd", "USD");
	/* The ends of the list, a fund and a code newer than iso-codes. */
	good("AED", "AED");
	good("ZWL", "ZWL");
	good("CLF", "CLF");
	good("ZWG", "ZWG");
	good("xcg", "XCG");
	bad("", no);
	bad("US", no);
	bad("USDT", no);
	bad("US$", no);
	bad("12", no);
	bad("123", no);
	bad("ABC", no);
	bad("US ", no);
	bad(" USD", no);
	bad("USD\n", no);
	bad("\xc2\xa5", no);		/* ¥ */
	bad("元", no);
	bad("yen", "not an ISO 4217 currency code: did you mean 'JPY'?");
	bad("RMB", "not an ISO 4217 currency code: did you mean 'CNY'?");
	bad("ntd", "not an ISO 4217 currency code: did you mean 'TWD'?");
	/* Letters next to A-Z in ASCII are not letters. */
	bad("@SD", no);
	bad("US[", no);
	bad("us`", no);
	bad("us{", no);

	/* How many of AAA-ZZZ are codes: the built-in list's 183. */
	n = 0;
	for (c[0] = 'A'; c[0] <= 'Z'; c[0]++)
		for (c[1] = 'A'; c[1] <= 'Z'; c[1]++)
			for (c[2] = 'A'; c[2] <= 'Z'; c[2]++)
				n += crm_currency_parse(c, out, err,
				    sizeof(err)) == 0;
	is_int(n, 183, "183 codes of AAA-ZZZ are ISO 4217's");
	return tap_done();
}
