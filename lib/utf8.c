/* UTF-8: validity and display width. */
#include <stdint.h>
#include <string.h>

#include "crm.h"

/*
 * Decodes one character at s (len bytes left).  Returns its length and
 * sets *cp, or 0 for an invalid sequence (overlong, surrogate, past
 * U+10FFFF, truncated).
 */
static size_t
decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c;
	size_t n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

int
crm_utf8_check(const char *s, size_t len, size_t *badoff)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;
	size_t i = 0, n;

	while (i < len) {
		/* ASCII, most of any import, without a call per byte. */
		if (u[i] != '\0' && u[i] < 0x80) {
			i++;
			continue;
		}
		if (u[i] == '\0' || (n = decode(u + i, len - i, &cp)) == 0) {
			if (badoff != NULL)
				*badoff = i;
			return -1;
		}
		i += n;
	}
	return 0;
}

struct range {
	uint32_t	lo, hi;
};

/* Combining marks and other characters that take no column. */
static const struct range zero[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
	{ 0x0610, 0x061a }, { 0x064b, 0x065f }, { 0x0e31, 0x0e31 },
	{ 0x0e34, 0x0e3a }, { 0x0e47, 0x0e4e }, { 0x1ab0, 0x1aff },
	{ 0x1dc0, 0x1dff }, { 0x200b, 0x200f }, { 0x202a, 0x202e },
	{ 0x2060, 0x2064 }, { 0x20d0, 0x20ff }, { 0x302a, 0x302d },
	{ 0x3099, 0x309a }, { 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f },
	{ 0xfeff, 0xfeff }, { 0xe0100, 0xe01ef },
};

/* East Asian Wide (W) and Fullwidth (F): two columns. */
static const struct range wide[] = {
	{ 0x1100, 0x115f }, { 0x231a, 0x231b }, { 0x2329, 0x232a },
	{ 0x23e9, 0x23ec }, { 0x23f0, 0x23f0 }, { 0x23f3, 0x23f3 },
	{ 0x25fd, 0x25fe }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 },
	{ 0x267f, 0x267f }, { 0x2693, 0x2693 }, { 0x26a1, 0x26a1 },
	{ 0x26aa, 0x26ab }, { 0x26bd, 0x26be }, { 0x26c4, 0x26c5 },
	{ 0x26ce, 0x26ce }, { 0x26d4, 0x26d4 }, { 0x26ea, 0x26ea },
	{ 0x26f2, 0x26f3 }, { 0x26f5, 0x26f5 }, { 0x26fa, 0x26fa },
	{ 0x26fd, 0x26fd }, { 0x2705, 0x2705 }, { 0x270a, 0x270b },
	{ 0x2728, 0x2728 }, { 0x274c, 0x274c }, { 0x274e, 0x274e },
	{ 0x2753, 0x2755 }, { 0x2757, 0x2757 }, { 0x2795, 0x2797 },
	{ 0x27b0, 0x27b0 }, { 0x27bf, 0x27bf }, { 0x2b1b, 0x2b1c },
	{ 0x2b50, 0x2b50 }, { 0x2b55, 0x2b55 }, { 0x2e80, 0x303e },
	{ 0x3041, 0x3247 }, { 0x3250, 0x4dbf }, { 0x4e00, 0xa4cf },
	{ 0xa960, 0xa97f }, { 0xac00, 0xd7a3 }, { 0xf900, 0xfaff },
	{ 0xfe10, 0xfe19 }, { 0xfe30, 0xfe6f }, { 0xff00, 0xff60 },
	{ 0xffe0, 0xffe6 }, { 0x16fe0, 0x16fe4 }, { 0x17000, 0x18cff },
	{ 0x1b000, 0x1b2ff }, { 0x1f004, 0x1f004 }, { 0x1f0cf, 0x1f0cf },
	{ 0x1f18e, 0x1f18e }, { 0x1f191, 0x1f19a }, { 0x1f200, 0x1f251 },
	{ 0x1f300, 0x1f320 }, { 0x1f32d, 0x1f335 }, { 0x1f337, 0x1f37c },
	{ 0x1f37e, 0x1f393 }, { 0x1f3a0, 0x1f3ca }, { 0x1f3cf, 0x1f3d3 },
	{ 0x1f3e0, 0x1f3f0 }, { 0x1f3f4, 0x1f3f4 }, { 0x1f3f8, 0x1f43e },
	{ 0x1f440, 0x1f440 }, { 0x1f442, 0x1f4fc }, { 0x1f4ff, 0x1f53d },
	{ 0x1f54b, 0x1f54e }, { 0x1f550, 0x1f567 }, { 0x1f57a, 0x1f57a },
	{ 0x1f595, 0x1f596 }, { 0x1f5a4, 0x1f5a4 }, { 0x1f5fb, 0x1f64f },
	{ 0x1f680, 0x1f6c5 }, { 0x1f6cc, 0x1f6cc }, { 0x1f6d0, 0x1f6d2 },
	{ 0x1f6d5, 0x1f6d7 }, { 0x1f6eb, 0x1f6ec }, { 0x1f6f4, 0x1f6fc },
	{ 0x1f7e0, 0x1f7eb }, { 0x1f90c, 0x1f93a }, { 0x1f93c, 0x1f945 },
	{ 0x1f947, 0x1f9ff }, { 0x1fa70, 0x1faff }, { 0x20000, 0x2fffd },
	{ 0x30000, 0x3fffd },
};

static int
inrange(const struct range *r, size_t n, uint32_t c)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c < r[mid].lo)
			hi = mid;
		else if (c > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

size_t
crm_width(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t w = 0, len, n;
	uint32_t c;

	for (len = 0; u[len] != '\0'; len++)
		;
	while (len > 0) {
		if ((n = decode(u, len, &c)) == 0) {
			w++;		/* shown as one replacement */
			u++;
			len--;
			continue;
		}
		u += n;
		len -= n;
		if (c < 0x20 || (c >= 0x7f && c < 0xa0))
			continue;
		if (inrange(zero, sizeof(zero) / sizeof(*zero), c))
			continue;
		w += inrange(wide, sizeof(wide) / sizeof(*wide), c) ? 2 : 1;
	}
	return w;
}

size_t
crm_utf8_next(const char *s, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len, n;

	if (u[0] == '\0') {
		*cp = 0;
		return 0;
	}
	for (len = 1; len < 4 && u[len] != '\0'; len++)
		continue;
	if ((n = decode(u, len, cp)) == 0) {
		*cp = CRM_UTF8_BAD;
		return 1;
	}
	return n;
}

uint32_t
crm_fullwidth_ascii(uint32_t cp)
{
	return cp >= 0xff01 && cp <= 0xff5e ? cp - 0xfee0 : cp;
}

char *
crm_fullwidth_fold(const char *s)
{
	const char *p;
	char *out, *q;
	uint32_t c;
	size_t n;

	/* U+FF01-FF5E are EF BC 81 to EF BD 9E: none, no copy. */
	if (strstr(s, "\xef\xbc") == NULL && strstr(s, "\xef\xbd") == NULL)
		return NULL;
	/* Each form folded is one byte for three: never longer. */
	q = out = crm_malloc(strlen(s) + 1);
	for (p = s; (n = crm_utf8_next(p, &c)) != 0; p += n) {
		if (crm_fullwidth_ascii(c) != c)
			*q++ = (char)crm_fullwidth_ascii(c);
		else {
			memcpy(q, p, n);
			q += n;
		}
	}
	*q = '\0';
	return out;
}
