/* Unit tests of lib/deal.c's text rules: crm_trim() and crm_text_check(). */
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "tap.h"

static void
trim(const char *in, const char *want, const char *desc)
{
	char *s = crm_strdup(in);

	is(crm_trim(s), want, "trim: %s", desc);
	free(s);
}

static void
text(const char *s, int multi, const char *want, const char *desc)
{
	char why[256];

	if (crm_text_check("f", s, multi, why, sizeof(why)) == 0)
		is("ok", want, "text: %s", desc);
	else
		is(why, want, "text: %s", desc);
}

/* n copies of s */
static char *
rep(const char *s, size_t n)
{
	struct crm_buf b = { 0 };

	crm_buf_adds(&b, "");
	while (n-- > 0)
		crm_buf_adds(&b, s);
	return b.s;
}

int
main(void)
{
	char *s;

	trim("", "", "empty");
	trim("   ", "", "spaces alone");
	trim("  li ", "li", "ASCII spaces");
	trim("a  b", "a  b", "spaces inside stay");
	trim("\xc2\xa0" "Acme" "\xc2\xa0", "Acme", "U+00A0 no-break space");
	trim("\xe3\x80\x80" "王伟" "\xe3\x80\x80", "王伟",
	    "U+3000 ideographic space");
	trim("\xe1\x9a\x80" "x" "\xe2\x80\x80\xe2\x80\x8a\xe2\x80\xaf"
	    "\xe2\x81\x9f", "x", "U+1680, U+2000, U+200A, U+202F, U+205F");
	trim("x\xe2\x80\x8b", "x\xe2\x80\x8b",
	    "U+200B zero width space is not white space");
	trim("\tx\t", "\tx\t", "tabs are not trimmed (they are refused)");
	trim("x\n", "x\n", "nor line breaks");
	trim("x\xe2\x80\xa8", "x\xe2\x80\xa8", "nor U+2028");
	trim("\xe5\x80\x80 ", "\xe5\x80\x80",
	    "a character ending in 80 80 is not U+3000");
	trim("\xe3\x80", "\xe3\x80", "U+3000 cut short: left alone");
	trim("\xc2", "\xc2", "U+00A0 cut short: left alone");
	trim("a\xff ", "a\xff", "invalid UTF-8 before a space: only the space");
	trim(" \xe3\x80\x80 \xc2\xa0 ", "", "white space of every length alone");

	text("plain", 0, "ok", "plain");
	text("建立联络", 0, "ok", "Chinese");
	text("", 0, "ok", "empty");
	text("a\tb", 0, "f: a tab is not allowed in a one-line field", "tab");
	text("a\nb", 0, "f: a line break is not allowed in a one-line field",
	    "line break");
	text("a\rb", 0,
	    "f: a carriage return is not allowed in a one-line field", "CR");
	text("\x1b[31m", 0, "f: a control character (U+001B) is not allowed "
	    "in a one-line field", "escape");
	text("a\x7f", 0, "f: a control character (U+007F) is not allowed in "
	    "a one-line field", "DEL");
	text("a\xc2\x85", 0, "f: a control character (U+0085) is not allowed "
	    "in a one-line field", "C1 NEL");
	text("\xc2\xa0", 0, "ok", "U+00A0 is not C1");
	text("\xe2\x80\xa9", 0, "f: a paragraph separator (U+2029) is not "
	    "allowed in a one-line field", "U+2029");
	text("\xe2\x80\xa7\xe2\x80\xaa", 0, "ok", "U+2027, U+202A are not "
	    "separators");
	text("a\xffz", 0, "f: invalid UTF-8 at byte 2", "invalid UTF-8");
	text("a\tb\nc\r\n\xe2\x80\xa8", 1, "ok",
	    "a note: tab, line breaks, separators");
	text("a\x07", 1, "f: a control character (U+0007) is not allowed",
	    "a note: BEL");
	text("a\xc2\x9b", 1, "f: a control character (U+009B) is not allowed",
	    "a note: C1 CSI");

	s = rep("x", CRM_LINE_MAX);
	text(s, 0, "ok", "CRM_LINE_MAX characters");
	free(s);
	s = rep("项", CRM_LINE_MAX);
	text(s, 0, "ok", "CRM_LINE_MAX characters of three bytes");
	free(s);
	s = rep("\xf0\x9f\x98\x80", CRM_LINE_MAX + 1);
	text(s, 0, "f: 501 characters, at most 500",
	    "one more, of four bytes");
	text(s, 1, "ok", "a note may be longer");
	free(s);
	s = rep("x", CRM_NOTE_MAX + 1);
	text(s, 1, "f: 65537 characters, at most 65536",
	    "a note of CRM_NOTE_MAX + 1");
	free(s);
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}
