/* Money: integer minor units, never floating point; currency codes. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

int
crm_money_parse(const char *s, int64_t *out, char *err, size_t errlen)
{
	const char *p = s;
	int64_t v = 0;
	int ndig = 0, group = -1, ndec = 0;

	if (*p == '-') {
		snprintf(err, errlen, "amount must not be negative");
		return -1;
	}
	if (!isdigit((unsigned char)*p)) {
		snprintf(err, errlen, "not an amount; write it like 12000, "
		    "12000.50 or 12,000.50");
		return -1;
	}
	/* The whole part; group counts digits since the last comma. */
	for (; *p != '\0' && *p != '.'; p++) {
		if (*p == ',') {
			if (ndig == 0 || (group != -1 && group != 3) ||
			    (group == -1 && ndig > 3)) {
				snprintf(err, errlen, "digits before a comma "
				    "must come in groups of three");
				return -1;
			}
			group = 0;
			continue;
		}
		if (!isdigit((unsigned char)*p)) {
			snprintf(err, errlen, "'%c' does not belong in an "
			    "amount; write it like 12000, 12000.50 or "
			    "12,000.50", *p);
			return -1;
		}
		/* The whole part may be at most INT64_MAX / 100. */
		if (v > (INT64_MAX / 100 - (*p - '0')) / 10) {
			snprintf(err, errlen, "amount is too large");
			return -1;
		}
		v = v * 10 + (*p - '0');
		ndig++;
		if (group != -1)
			group++;
	}
	if (group != -1 && group != 3) {
		snprintf(err, errlen,
		    "digits after a comma must come in groups of three");
		return -1;
	}
	v *= 100;
	if (*p == '.') {
		p++;
		if (*p == '\0') {
			snprintf(err, errlen, "no digits after the decimal "
			    "point");
			return -1;
		}
		for (; *p != '\0'; p++) {
			if (!isdigit((unsigned char)*p)) {
				snprintf(err, errlen, "'%c' does not belong in "
				    "an amount; write it like 12000, 12000.50 "
				    "or 12,000.50", *p);
				return -1;
			}
			if (++ndec > 2) {
				snprintf(err, errlen,
				    "at most two digits after the decimal "
				    "point");
				return -1;
			}
			if (__builtin_add_overflow(v, (*p - '0') *
			    (ndec == 1 ? 10 : 1), &v)) {
				snprintf(err, errlen, "amount is too large");
				return -1;
			}
		}
	}
	*out = v;
	return 0;
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
