/* Unit tests of lib/utf8.c: validity and display width. */
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
	return tap_done();
}
