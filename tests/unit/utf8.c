/* Unit tests of lib/utf8.c: validity and display width. */
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "tap.h"

static void
valid(const char *s, size_t len, int want, size_t wantoff, const char *desc)
{
	size_t off = 999;
	int rc = crm_utf8_check(s, len, &off);

	is_int(rc, want, "%s", desc);
	if (want == -1)
		is_int(off, wantoff, "%s: offset of the bad byte", desc);
}

int
main(void)
{
	valid("plain ascii", 11, 0, 0, "ASCII");
	valid("建立联络", 12, 0, 0, "Chinese");
	valid("\xf0\x9f\x98\x80", 4, 0, 0, "an emoji (4 bytes)");
	valid("ab\xffz", 4, -1, 2, "0xff");
	valid("ab\0cd", 5, -1, 2, "a NUL byte");
	valid("\xc0\xaf", 2, -1, 0, "overlong '/'");
	valid("\xe0\x80\xaf", 3, -1, 0, "overlong in three bytes");
	valid("\xed\xa0\x80", 3, -1, 0, "a surrogate");
	valid("\xf4\x90\x80\x80", 4, -1, 0, "past U+10FFFF");
	valid("x\xe5\xbb", 3, -1, 1, "cut short at the end");
	valid("\xe5\x41\x41", 3, -1, 0, "a continuation byte missing");
	valid("\x80", 1, -1, 0, "a lone continuation byte");
	/* ASCII is skipped without decoding: the edges of that. */
	valid("", 0, 0, 0, "empty");
	valid("a\x7f", 2, 0, 0, "DEL is ASCII");
	valid("ab建x联cd", 10, 0, 0, "ASCII around Chinese");
	valid("建ab\xffz", 6, -1, 5, "a bad byte after Chinese and ASCII");
	valid("\0ab", 3, -1, 0, "a NUL first");
	valid("ab\0", 3, -1, 2, "a NUL last");
	valid("建\0", 4, -1, 3, "a NUL after Chinese");
	valid("ab\xe5", 3, -1, 2, "a lead byte last, after ASCII");

	is_int(crm_width(""), 0, "empty: 0 columns");
	is_int(crm_width("lead"), 4, "ASCII: one column each");
	is_int(crm_width("建立联络"), 8, "CJK: two columns each");
	is_int(crm_width("华东 ERP"), 8, "mixed");
	is_int(crm_width("ＡＢ"), 4, "fullwidth Latin");
	is_int(crm_width("e\xcc\x81"), 1, "e and a combining acute");
	is_int(crm_width("a\xe2\x80\x8b" "b"), 2, "zero-width space");
	is_int(crm_width("한국"), 4, "Hangul");
	is_int(crm_width("Müller"), 6, "Latin-1 letters are one column");
	is_int(crm_width("\xf0\x9f\x98\x80"), 2, "an emoji is wide");
	is_int(crm_width("a\tb"), 2, "control characters take none");
	is_int(crm_width("a\xffz"), 3, "a bad byte counts one");

	{
		/* One character at a time, for errors that quote one. */
		uint32_t cp;
		char *f;

		is_int(crm_utf8_next("万x", &cp), 3, "next: 万 is 3 bytes");
		is_int(cp, 0x4e07, "next: U+4E07");
		is_int(crm_utf8_next("x", &cp), 1, "next: ASCII");
		is_int(cp, 'x', "next: x");
		is_int(crm_utf8_next("\xf0\x9f\x98\x80", &cp), 4,
		    "next: 4 bytes");
		is_int(cp, 0x1f600, "next: U+1F600");
		is_int(crm_utf8_next("", &cp), 0, "next: 0 at the end");
		is_int(crm_utf8_next("\xe4x", &cp), 1,
		    "next: a bad byte is one");
		ok(cp == CRM_UTF8_BAD, "next: a bad byte is CRM_UTF8_BAD");
		is_int(crm_utf8_next("\xe4\xb8", &cp), 1,
		    "next: a character cut short is one bad byte");
		ok(cp == CRM_UTF8_BAD, "next: cut short is CRM_UTF8_BAD");

		is_int(crm_fullwidth_ascii(0xff10), '0', "fullwidth ０ is 0");
		is_int(crm_fullwidth_ascii(0xff19), '9', "fullwidth ９ is 9");
		is_int(crm_fullwidth_ascii(0xff01), '!', "U+FF01 is !");
		is_int(crm_fullwidth_ascii(0xff5e), '~', "U+FF5E is ~");
		is_int(crm_fullwidth_ascii(0xff00), 0xff00, "U+FF00 stays");
		is_int(crm_fullwidth_ascii(0xff5f), 0xff5f, "U+FF5F stays");
		is_int(crm_fullwidth_ascii(0xffe5), 0xffe5, "￥ stays");
		is_int(crm_fullwidth_ascii('a'), 'a', "ASCII stays");

		f = crm_fullwidth_fold("２０２６／１２／１ ０９：３０");
		is(f, "2026/12/1 09:30", "fold: digits, slash, colon");
		free(f);
		f = crm_fullwidth_fold("Ｔｏｄａｙ建");
		is(f, "Today建", "fold: letters; others stay");
		free(f);
		ok(crm_fullwidth_fold("2026-12-01 建立") == NULL,
		    "fold: nothing to fold is NULL");
		ok(crm_fullwidth_fold("￥5") == NULL,
		    "fold: ￥ is not a form of ASCII");
	}
	return tap_done();
}
