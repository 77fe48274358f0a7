/*
 * Fuzz target: the JSON string writer (crm_json_str).  For any C string
 * its output must be exactly one JSON string under a strict reading of
 * RFC 8259 (valid UTF-8, no raw control characters, known escapes only,
 * surrogates paired), and, when the input was valid UTF-8, one that
 * decodes to the input byte for byte.
 */
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "fuzz.h"

/*
 * Length of the strictly valid UTF-8 character at s (n bytes left), or 0.
 * Written here rather than borrowed from lib/, to check the library.
 */
static size_t
u8(const unsigned char *s, size_t n)
{
	uint32_t c;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (n < len)
		return 0;
	c = s[0] & (0xff >> (len + 1));
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	return len;
}

static void
put8(struct crm_buf *b, uint32_t c)
{
	if (c < 0x80)
		crm_buf_addc(b, (int)c);
	else if (c < 0x800) {
		crm_buf_addc(b, (int)(0xc0 | c >> 6));
		crm_buf_addc(b, (int)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		crm_buf_addc(b, (int)(0xe0 | c >> 12));
		crm_buf_addc(b, (int)(0x80 | (c >> 6 & 0x3f)));
		crm_buf_addc(b, (int)(0x80 | (c & 0x3f)));
	} else {
		crm_buf_addc(b, (int)(0xf0 | c >> 18));
		crm_buf_addc(b, (int)(0x80 | (c >> 12 & 0x3f)));
		crm_buf_addc(b, (int)(0x80 | (c >> 6 & 0x3f)));
		crm_buf_addc(b, (int)(0x80 | (c & 0x3f)));
	}
}

/* Four hex digits at s (n bytes left) into *c. */
static int
hex4(const char *s, size_t n, uint32_t *c)
{
	int i, d;

	if (n < 4)
		return -1;
	*c = 0;
	for (i = 0; i < 4; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (s[i] >= 'a' && s[i] <= 'f')
			d = s[i] - 'a' + 10;
		else if (s[i] >= 'A' && s[i] <= 'F')
			d = s[i] - 'A' + 10;
		else
			return -1;
		*c = *c << 4 | (uint32_t)d;
	}
	return 0;
}

/*
 * Decodes s[0..len), which must be one JSON string and nothing else, into
 * out; returns NULL or what is wrong.
 */
static const char *
json_string(const char *s, size_t len, struct crm_buf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c, lo;
	size_t i = 1, n;

	crm_buf_adds(out, "");
	if (len == 0 || s[0] != '"')
		return "does not start with a quote";
	for (;;) {
		if (i >= len)
			return "no closing quote";
		if (u[i] == '"')
			break;
		if (u[i] < 0x20)
			return "a raw control character";
		if (u[i] != '\\') {
			if ((n = u8(u + i, len - i)) == 0)
				return "invalid UTF-8";
			crm_buf_add(out, s + i, n);
			i += n;
			continue;
		}
		if (++i >= len)
			return "a backslash at the end";
		switch (s[i++]) {
		case '"':
			crm_buf_addc(out, '"');
			break;
		case '\\':
			crm_buf_addc(out, '\\');
			break;
		case '/':
			crm_buf_addc(out, '/');
			break;
		case 'b':
			crm_buf_addc(out, '\b');
			break;
		case 'f':
			crm_buf_addc(out, '\f');
			break;
		case 'n':
			crm_buf_addc(out, '\n');
			break;
		case 'r':
			crm_buf_addc(out, '\r');
			break;
		case 't':
			crm_buf_addc(out, '\t');
			break;
		case 'u':
			if (hex4(s + i, len - i, &c) == -1)
				return "a bad \\u escape";
			i += 4;
			if (c >= 0xdc00 && c <= 0xdfff)
				return "a lone low surrogate";
			if (c >= 0xd800 && c <= 0xdbff) {
				if (len - i < 6 || s[i] != '\\' ||
				    s[i + 1] != 'u' ||
				    hex4(s + i + 2, len - i - 2, &lo) == -1 ||
				    lo < 0xdc00 || lo > 0xdfff)
					return "a lone high surrogate";
				i += 6;
				c = 0x10000 + ((c - 0xd800) << 10) +
				    (lo - 0xdc00);
			}
			put8(out, c);
			break;
		default:
			return "an unknown escape";
		}
	}
	if (i + 1 != len)
		return "something after the closing quote";
	return NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crm_buf dec = { 0 };
	char *s = fuzz_str(data, size), *json = NULL;
	const char *why;
	size_t len = 0, slen = strlen(s), bad;
	FILE *fp;

	if ((fp = open_memstream(&json, &len)) == NULL)
		abort();
	crm_json_str(fp, s);
	fuzz_check(fclose(fp) == 0, "memory stream");
	why = json_string(json, len, &dec);
	fuzz_check(why == NULL, "output is not one JSON string: %s: %s",
	    why, json);
	if (crm_utf8_check(s, slen, &bad) == 0)
		fuzz_check(dec.len == slen && memcmp(dec.s, s, slen) == 0,
		    "'%s' is written %s, which decodes differently", s,
		    json);
	crm_buf_free(&dec);
	free(json);
	free(s);
	return 0;
}
