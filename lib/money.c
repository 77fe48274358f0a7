/* Money: integer minor units, never floating point; currency codes. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crm.h"

/* 3.5万, not in the character set of every compiler: \xe4\xb8\x87. */
#define FORM	"write it like 12000, 12,000.50 or 3.5\xe4\xb8\x87"

/*
 * Currency symbols before an amount and the ISO 4217 codes each stands
 * for.  Longer ones first: US$ before $.
 */
static const struct {
	const char	*sym;
	const char	*codes[2];
} symbols[] = {
	{ "US$", { "USD" } },
	{ "HK$", { "HKD" } },
	{ "NT$", { "TWD" } },
	{ "$", { "USD" } },
	{ "\xef\xbc\x84", { "USD" } },		/* ＄ fullwidth */
	{ "\xc2\xa5", { "CNY", "JPY" } },	/* ¥ */
	{ "\xef\xbf\xa5", { "CNY", "JPY" } },	/* ￥ fullwidth */
	{ "\xe2\x82\xac", { "EUR" } },		/* € */
	{ "\xc2\xa3", { "GBP" } },		/* £ */
	{ "\xef\xbf\xa1", { "GBP" } },		/* ￡ fullwidth */
};

/* Units after an amount: the power of ten each multiplies it by. */
static const struct {
	const char	*name;
	int		 exp;
} units[] = {
	{ "\xe4\xb8\x87", 4 },		/* 万 */
	{ "\xe8\x90\xac", 4 },		/* 萬 */
	{ "\xe4\xba\xbf", 8 },		/* 亿 */
	{ "\xe5\x84\x84", 8 },		/* 億 */
};

#define NSYMBOLS	(sizeof(symbols) / sizeof(*symbols))
#define NUNITS		(sizeof(units) / sizeof(*units))
#define MAXDEC		10	/* decimals before 亿: down to a cent */

static int
symbol_at(const char *s)
{
	size_t i;

	for (i = 0; i < NSYMBOLS; i++)
		if (strncmp(s, symbols[i].sym, strlen(symbols[i].sym)) == 0)
			return (int)i;
	return -1;
}

static int
unit_at(const char *s)
{
	size_t i;

	for (i = 0; i < NUNITS; i++)
		if (strncmp(s, units[i].name, strlen(units[i].name)) == 0)
			return (int)i;
	return -1;
}

/* The character at s, fullwidth digits and signs read as ASCII. */
static size_t
next(const char *s, uint32_t *c)
{
	size_t n = crm_utf8_next(s, c);

	*c = crm_fullwidth_ascii(*c);
	return n;
}

/* "'x' does not belong ...", quoting the whole character x. */
static int
badchar(const char *p, size_t n, uint32_t c, char *err, size_t errlen)
{
	if (c == CRM_UTF8_BAD)
		snprintf(err, errlen, "byte \\x%02x does not belong in an "
		    "amount (not UTF-8)", (unsigned char)*p);
	else
		snprintf(err, errlen, "'%.*s' does not belong in an amount; "
		    FORM, (int)n, p);
	return -1;
}

/* 0 when the symbol stands for currency; else -1 naming both. */
static int
symbol_check(int i, const char *currency, char *err, size_t errlen)
{
	const char *const *c = symbols[i].codes;

	if (strcasecmp(c[0], currency) == 0 ||
	    (c[1] != NULL && strcasecmp(c[1], currency) == 0))
		return 0;
	if (c[1] != NULL)
		snprintf(err, errlen, "'%s' is %s or %s but the deal's "
		    "currency is %s", symbols[i].sym, c[0], c[1], currency);
	else
		snprintf(err, errlen, "'%s' is %s but the deal's currency "
		    "is %s", symbols[i].sym, c[0], currency);
	return -1;
}

static int
parse(const char *s, const char *currency, int64_t *out, char *err,
    size_t errlen)
{
	const char *p = s;
	int64_t v = 0, d;
	uint32_t c;
	size_t n;
	int dec[MAXDEC] = { 0 }, ndig = 0, group = -1, ndec = -1, unit = -1;
	int exp, i, sym;

	if (next(p, &c) != 0 && c == '-') {
		snprintf(err, errlen, "amount must not be negative");
		return -1;
	}
	if (currency != NULL && (sym = symbol_at(p)) != -1) {
		if (symbol_check(sym, currency, err, errlen) == -1)
			return -1;
		p += strlen(symbols[sym].sym);
		if (next(p, &c) != 0 && c == '-') {
			snprintf(err, errlen, "amount must not be negative");
			return -1;
		}
	}
	n = next(p, &c);
	if (p != s && n != 0 && (c < '0' || c > '9'))
		return badchar(p, n, c, err, errlen);
	if (n == 0 || c < '0' || c > '9') {
		snprintf(err, errlen, "not an amount; " FORM);
		return -1;
	}
	/*
	 * The whole part into v, the decimals into dec[]; group counts
	 * digits since the last comma, ndec the decimals (-1: no point).
	 */
	for (; (n = next(p, &c)) != 0; p += n) {
		if ((unit = unit_at(p)) != -1)
			break;
		if (c == ',' && ndec == -1) {
			if (ndig == 0 || (group != -1 && group != 3) ||
			    (group == -1 && ndig > 3)) {
				snprintf(err, errlen, "digits before a comma "
				    "must come in groups of three");
				return -1;
			}
			group = 0;
			continue;
		}
		if (c == '.' && ndec == -1) {
			if (group != -1 && group != 3) {
				snprintf(err, errlen, "digits after a comma "
				    "must come in groups of three");
				return -1;
			}
			ndec = 0;
			continue;
		}
		if ((c < '0' || c > '9') && currency != NULL &&
		    (sym = symbol_at(p)) != -1) {
			snprintf(err, errlen, "'%s' goes before the number, as "
			    "in %s100", symbols[sym].sym, symbols[sym].sym);
			return -1;
		}
		if (c < '0' || c > '9')
			return badchar(p, n, c, err, errlen);
		if (ndec >= 0) {
			if (ndec < MAXDEC)
				dec[ndec] = (int)(c - '0');
			ndec++;
			continue;
		}
		if (__builtin_mul_overflow(v, 10, &v) ||
		    __builtin_add_overflow(v, (int64_t)(c - '0'), &v)) {
			snprintf(err, errlen, "amount is too large");
			return -1;
		}
		ndig++;
		if (group != -1)
			group++;
	}
	if (ndec == -1 && group != -1 && group != 3) {
		snprintf(err, errlen,
		    "digits after a comma must come in groups of three");
		return -1;
	}
	if (ndec == 0) {
		snprintf(err, errlen, "no digits after the decimal point");
		return -1;
	}
	exp = 2;
	if (unit != -1) {
		exp += units[unit].exp;
		p += strlen(units[unit].name);
		if ((n = next(p, &c)) != 0) {
			if (c == CRM_UTF8_BAD)
				return badchar(p, n, c, err, errlen);
			snprintf(err, errlen, "nothing may follow '%s' (here "
			    "'%.*s'); write it like 3.5%s", units[unit].name,
			    (int)n, p, units[unit].name);
			return -1;
		}
	}
	/* No more decimals than a cent needs. */
	if (unit == -1 && ndec > 2) {
		snprintf(err, errlen,
		    "at most two digits after the decimal point");
		return -1;
	}
	if (ndec > exp) {
		snprintf(err, errlen, "at most %d digits after the decimal "
		    "point before '%s' (a cent is 0.%0*d%s)", exp,
		    units[unit].name, exp, 1, units[unit].name);
		return -1;
	}
	/* v * 10^exp + the decimals, each at its place. */
	for (i = 0; i < exp; i++) {
		d = i < ndec ? dec[i] : 0;
		if (__builtin_mul_overflow(v, 10, &v) ||
		    __builtin_add_overflow(v, d, &v)) {
			snprintf(err, errlen, "amount is too large");
			return -1;
		}
	}
	*out = v;
	return 0;
}

int
crm_money_parse(const char *s, int64_t *out, char *err, size_t errlen)
{
	return parse(s, NULL, out, err, errlen);
}

int
crm_money_parse_in(const char *s, const char *currency, int64_t *out,
    char *err, size_t errlen)
{
	return parse(s, currency, out, err, errlen);
}

const char *
crm_money_symbol(const char *s)
{
	int i;

	return (i = symbol_at(s)) == -1 ? NULL : symbols[i].codes[0];
}

void
crm_money_fmt(int64_t v, char out[32])
{
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	size_t len = 0;

	/* No snprintf: a report prints an amount on every line. */
	if (v < 0)
		out[len++] = '-';
	len += crm_fmt_int((long long)(u / 100), out + len);
	out[len++] = '.';
	out[len++] = (char)('0' + u % 100 / 10);
	out[len++] = (char)('0' + u % 10);
	out[len] = '\0';
}

/*
 * The codes of ISO 4217, sorted, three letters each: Debian's iso-codes
 * 4.15 (jq -r '."4217"[].alpha_3' iso_4217.json), which keeps some
 * withdrawn ones (HRK, SLL) that old deals may still carry, and the two
 * added since, ZWG (2024) and XCG (2025).
 */
static const char iso4217[] =
	"AEDAFNALLAMDANGAOAARSAUDAWGAZNBAMBBDBDTBGNBHDBIFBMDBNDBOBBOVBRLBSDBTN"
	"BWPBYNBZDCADCDFCHECHFCHWCLFCLPCNYCOPCOUCRCCUCCUPCVECZKDJFDKKDOPDZDEGP"
	"ERNETBEURFJDFKPGBPGELGHSGIPGMDGNFGTQGYDHKDHNLHRKHTGHUFIDRILSINRIQDIRR"
	"ISKJMDJODJPYKESKGSKHRKMFKPWKRWKWDKYDKZTLAKLBPLKRLRDLSLLYDMADMDLMGAMKD"
	"MMKMNTMOPMRUMURMVRMWKMXNMXVMYRMZNNADNGNNIONOKNPRNZDOMRPABPENPGKPHPPKR"
	"PLNPYGQARRONRSDRUBRWFSARSBDSCRSDGSEKSGDSHPSLESLLSOSSRDSSPSTNSVCSYPSZL"
	"THBTJSTMTTNDTOPTRYTTDTWDTZSUAHUGXUSDUSNUYIUYUUYWUZSVEDVESVNDVUVWSTXAF"
	"XAGXAUXBAXBBXBCXBDXCDXCGXDRXOFXPDXPFXPTXSUXTSXUAXXXYERZARZMWZWGZWL";

/* Names people write for a code, which are not codes: a hint. */
static const char *const aliases[][2] = {
	{ "NTD", "TWD" }, { "RMB", "CNY" }, { "YEN", "JPY" },
};

static int
cmp3(const void *a, const void *b)
{
	return memcmp(a, b, 3);
}

int
crm_currency_parse(const char *s, char out[4], char *err, size_t errlen)
{
	char up[4];
	size_t i;

	for (i = 0; i < 3; i++) {
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z')))
			break;
		up[i] = (char)(s[i] & ~0x20);	/* ASCII upper case */
	}
	up[i] = '\0';
	if (i == 3 && s[3] == '\0') {
		if (bsearch(up, iso4217, (sizeof(iso4217) - 1) / 3, 3,
		    cmp3) != NULL) {
			memcpy(out, up, 4);
			return 0;
		}
		for (i = 0; i < sizeof(aliases) / sizeof(*aliases); i++)
			if (strcmp(up, aliases[i][0]) == 0) {
				snprintf(err, errlen, "not an ISO 4217 currency "
				    "code: did you mean '%s'?", aliases[i][1]);
				return -1;
			}
	}
	snprintf(err, errlen, "not an ISO 4217 currency code (such as CNY, "
	    "USD, EUR, JPY)");
	return -1;
}
