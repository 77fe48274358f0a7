/*
 * Fuzz target: amounts (crm_money_parse, crm_money_parse_in).  What is
 * accepted is not negative, has the value its digits and unit say (worked
 * out here another way), and crm_money_fmt of it parses back to the same
 * minor units.  With a currency, what has no symbol is read as without
 * one, and a symbol is taken only for its own currencies.  Every error
 * says why, and quotes whole characters: it is UTF-8 when the input was.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "fuzz.h"

/*
 * The minor units of an accepted amount: the digits from the first one
 * on (fullwidth ones are EF BC 90-99), commas skipped, the decimals
 * counted, times 10^4 for 万 萬 or 10^8 for 亿 億 at the end.
 */
static int64_t
expect(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned __int128 v = 0;
	int ndec = -1, exp = 2, d;

	while (*p != '\0' && !(*p >= '0' && *p <= '9') &&
	    !(p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x90 && p[2] <= 0x99))
		p++;
	while (*p != '\0') {
		d = -1;
		if (*p >= '0' && *p <= '9') {
			d = *p - '0';
			p++;
		} else if (p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x90 &&
		    p[2] <= 0x99) {
			d = p[2] - 0x90;
			p += 3;
		} else if (*p == '.' || memcmp(p, "\xef\xbc\x8e", 3) == 0) {
			ndec = 0;
			p += *p == '.' ? 1 : 3;
		} else if (*p == ',' || memcmp(p, "\xef\xbc\x8c", 3) == 0)
			p += *p == ',' ? 1 : 3;
		else {
			exp += memcmp(p, "\xe4\xb8\x87", 3) == 0 ||
			    memcmp(p, "\xe8\x90\xac", 3) == 0 ? 4 : 8;
			break;
		}
		if (d >= 0) {
			v = v * 10 + (unsigned)d;
			if (ndec >= 0)
				ndec++;
			fuzz_check(v <= INT64_MAX, "past int64");
		}
	}
	if (ndec < 0)
		ndec = 0;
	fuzz_check(ndec <= exp, "'%s': %d decimals, unit 10^%d", s, ndec,
	    exp - 2);
	for (; ndec < exp; ndec++)
		v *= 10;
	fuzz_check(v <= INT64_MAX, "past int64");
	return (int64_t)v;
}

/* An error is there, and UTF-8 when s is. */
static void
errok(const char *s, const char *err)
{
	fuzz_check(err[0] != '\0', "an error without a reason");
	fuzz_check(crm_utf8_check(s, strlen(s), NULL) == -1 ||
	    crm_utf8_check(err, strlen(err), NULL) == 0,
	    "'%s': the error quotes part of a character: %s", s, err);
}

/* Parses s in currency (NULL: none); returns 1 with *v when accepted. */
static int
one(const char *s, const char *currency, int64_t *v)
{
	char err[256], buf[32];
	int64_t v2;
	int rc;

	err[0] = '\0';
	rc = crm_money_parse_in(s, currency, v, err, sizeof(err));
	if (rc == -1) {
		errok(s, err);
		return 0;
	}
	fuzz_check(rc == 0, "rc %d", rc);
	fuzz_check(*v >= 0, "'%s' is %" PRId64, s, *v);
	fuzz_check(*v == expect(s), "'%s' is %" PRId64 ", not %" PRId64, s,
	    *v, expect(s));
	crm_money_fmt(*v, buf);
	fuzz_check(crm_money_parse(buf, &v2, err, sizeof(err)) == 0,
	    "'%s' is %" PRId64 ", printed '%s', which does not parse: %s", s,
	    *v, buf, err);
	fuzz_check(v2 == *v, "'%s' is %" PRId64 ", printed '%s', which "
	    "parses as %" PRId64, s, *v, buf, v2);
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), err[256];
	const char *sym = crm_money_symbol(s);
	int64_t v, vc, vj, vu;
	int plain, cny, jpy, usd;

	plain = one(s, NULL, &v);
	err[0] = '\0';
	fuzz_check((crm_money_parse(s, &vc, err, sizeof(err)) == 0) == plain,
	    "'%s': crm_money_parse is not crm_money_parse_in NULL", s);
	cny = one(s, "CNY", &vc);
	jpy = one(s, "JPY", &vj);
	usd = one(s, "usd", &vu);
	if (sym == NULL) {
		/* No symbol: every currency reads it the same. */
		fuzz_check(cny == plain && jpy == plain && usd == plain,
		    "'%s': %d without a currency, %d %d %d with", s, plain,
		    cny, jpy, usd);
		fuzz_check(!plain || (vc == v && vj == v && vu == v),
		    "'%s': a value that depends on the currency", s);
	} else {
		fuzz_check(!plain, "'%s' has a symbol, taken without a "
		    "currency", s);
		/* ¥ is CNY and JPY, $ USD: never both. */
		fuzz_check(!(cny && usd) && cny == jpy, "'%s' is taken as "
		    "CNY %d, JPY %d, USD %d", s, cny, jpy, usd);
		fuzz_check(!cny || strcmp(sym, "CNY") == 0, "'%s' taken as "
		    "CNY", s);
		fuzz_check(!usd || strcmp(sym, "USD") == 0, "'%s' taken as "
		    "USD", s);
	}
	free(s);
	return 0;
}
