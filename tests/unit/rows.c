/* Unit tests of lib/rows.c (TSV and CSV records) and lib/ids.c (id lines). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "tap.h"

static char err[256];

/*
 * Reads every record of in; returns them as "line:f1|f2|..." joined by
 * "/", bad records as "line:!error".
 */
static char *
readall(const char *in, size_t len, enum crm_rows_kind kind)
{
	struct crm_buf b = { 0 };
	struct crm_rows *r;
	char **f;
	size_t n, i;
	FILE *fp;
	int rc;

	fp = fmemopen((void *)in, len, "r");
	r = crm_rows_open(fp, kind);
	crm_buf_adds(&b, "");
	while ((rc = crm_rows_next(r, &f, &n, err, sizeof(err))) != 0) {
		if (b.len > 0)
			crm_buf_addc(&b, '/');
		crm_buf_printf(&b, "%ld:", crm_rows_line(r));
		if (rc == -1) {
			crm_buf_printf(&b, "!%s", err);
			continue;
		}
		for (i = 0; i < n; i++)
			crm_buf_printf(&b, "%s%s", i ? "|" : "", f[i]);
	}
	crm_rows_close(r);
	fclose(fp);
	return b.s;
}

static void
rows(const char *in, enum crm_rows_kind kind, const char *want,
    const char *desc)
{
	char *got = readall(in, strlen(in), kind);

	is(got, want, "%s", desc);
	free(got);
}

/* The first line not UTF-8 after reading all of in (len bytes). */
static void
notutf8(const char *in, size_t len, long want, const char *desc)
{
	struct crm_rows *r;
	char **f;
	size_t n;
	FILE *fp;

	fp = fmemopen((void *)in, len, "r");
	r = crm_rows_open(fp, CRM_ROWS_TSV);
	while (crm_rows_next(r, &f, &n, err, sizeof(err)) != 0)
		continue;
	is_int(crm_rows_notutf8(r), want, "%s", desc);
	crm_rows_close(r);
	fclose(fp);
}

/* A string literal with its NUL bytes, but not the last. */
#define NOTUTF8(s, want, desc)	notutf8((s), sizeof(s) - 1, (want), (desc))

static void
idline(const char *line, int want, long long wantid, const char *wanterr)
{
	long long id = 0;

	err[0] = '\0';
	is_int(crm_id_line(line, &id, err, sizeof(err)), want, "id line '%s'",
	    line);
	if (want == 1)
		is_int(id, wantid, "id line '%s': id", line);
	if (want == -1)
		is(err, wanterr, "id line '%s': message", line);
}

int
main(void)
{
	char *got;

	rows("title\tamount\nERP\t12,000\n", CRM_ROWS_TSV,
	    "1:title|amount/2:ERP|12,000", "TSV: two records");
	rows("a\tb\r\nc\td\r\n", CRM_ROWS_TSV, "1:a|b/2:c|d",
	    "TSV: CRLF line ends");
	rows("a\\tb\\nc\\\\d\\re\t\n", CRM_ROWS_TSV, "1:a\tb\nc\\d\re|",
	    "TSV: escapes undone, an empty last field kept");
	rows("a\n\nb", CRM_ROWS_TSV, "1:a/2:/3:b",
	    "TSV: a blank line is one empty field; no final newline");
	rows("a\\xb\nc\n", CRM_ROWS_TSV,
	    "1:!unknown escape '\\x' at byte 2; only \\\\, \\t, \\n and \\r "
	    "are known/2:c", "TSV: unknown escape, then the next line");
	rows("ab\\\n", CRM_ROWS_TSV,
	    "1:!a backslash ends the line; write \\\\ for a backslash",
	    "TSV: backslash at the end");
	rows("ok\nb\xff\xfe\nok2\n", CRM_ROWS_TSV,
	    "1:ok/2:!invalid UTF-8 at byte 2/3:ok2", "TSV: invalid UTF-8");
	got = readall("a\nb\0c\nd\n", 8, CRM_ROWS_TSV);
	is(got, "1:a/2:!NUL byte at byte 2/3:d", "TSV: a NUL byte");
	free(got);
	rows("", CRM_ROWS_TSV, "", "TSV: empty input, no records");

	rows("a,b,c\r\n1,,3\r\n", CRM_ROWS_CSV, "1:a|b|c/2:1||3",
	    "CSV: plain, CRLF");
	rows("\"x, y\",\"say \"\"hi\"\"\",z\n", CRM_ROWS_CSV,
	    "1:x, y|say \"hi\"|z", "CSV: commas and quotes inside quotes");
	rows("\"two\nlines\",b\nnext\n", CRM_ROWS_CSV, "1:two\nlines|b/3:next",
	    "CSV: a line break inside quotes; the next record's line");
	rows("\"two\r\nlines\"\r\n", CRM_ROWS_CSV, "1:two\r\nlines",
	    "CSV: a CRLF inside quotes is kept as written");
	rows("\"\",\"\"\n", CRM_ROWS_CSV, "1:|", "CSV: empty quoted fields");
	rows("a,\n", CRM_ROWS_CSV, "1:a|", "CSV: a trailing comma");
	rows("\"open\nnever closed\n", CRM_ROWS_CSV,
	    "1:!a quoted field is not closed", "CSV: unterminated quote");
	rows("\"a\"b,c\nd\n", CRM_ROWS_CSV,
	    "1:!'b' after a closing quote; a quote inside a field is written "
	    "\"\"/2:d", "CSV: text after the closing quote");
	rows("a\"b\n", CRM_ROWS_CSV,
	    "1:!a quote inside an unquoted field; quote the field and write "
	    "the quote as \"\"", "CSV: a bare quote");
	rows("\"ok\",\"\xc3\x28\"\n", CRM_ROWS_CSV,
	    "1:!invalid UTF-8 at byte 7", "CSV: invalid UTF-8");
	rows("\"x\ny\xff\"\nz\n", CRM_ROWS_CSV,
	    "1:!in the quoted field's line 2: invalid UTF-8 at byte 2/3:z",
	    "CSV: invalid UTF-8 on a continued line names the record's line");

	/* What spreadsheets write: a byte order mark, quoted names, CRLF. */
	rows("\xef\xbb\xbf\"title\",\"account\"\r\n\"A\",\"B\"\r\n",
	    CRM_ROWS_CSV, "1:title|account/2:A|B",
	    "CSV: a byte order mark before a quoted header is dropped");
	rows("\xef\xbb\xbftitle\towner\nx\ty\n", CRM_ROWS_TSV,
	    "1:title|owner/2:x|y", "TSV: a byte order mark is dropped");
	rows("\xef\xbb\xbf\xef\xbb\xbftitle\n", CRM_ROWS_TSV,
	    "1:\xef\xbb\xbftitle", "only one byte order mark is dropped");
	rows("title\n\xef\xbb\xbfx\n", CRM_ROWS_TSV,
	    "1:title/2:\xef\xbb\xbfx",
	    "one on a later line is the field's (U+FEFF)");
	rows("\xef\xbb\xbf", CRM_ROWS_CSV, "1:",
	    "a byte order mark alone is a blank line");
	got = readall("\xff\xfet\0i\0\n\0", 9, CRM_ROWS_CSV);
	is(got, "1:!the input is UTF-16, not UTF-8; convert it first: "
	    "iconv -f UTF-16 -t UTF-8/2:!NUL byte at byte 1",
	    "UTF-16 (little-endian) says so");
	free(got);
	got = readall("\xfe\xff\0t\0i\n", 7, CRM_ROWS_TSV);
	is(got, "1:!the input is UTF-16, not UTF-8; convert it first: "
	    "iconv -f UTF-16 -t UTF-8", "UTF-16 (big-endian) says so");
	free(got);
	NOTUTF8("title\nok\n", 0, "all UTF-8: no line is not");
	/* 华东 and 制造 in GBK. */
	NOTUTF8("title\n\xbb\xaa\xb6\xab\n\xd6\xc6\xd4\xec\n", 2,
	    "GBK: the first line that is not UTF-8");
	NOTUTF8("title\nx\0y\n", 0, "a NUL byte is not another encoding");
	NOTUTF8("\xff\xfet\0\n", 0, "nor is UTF-16, which says so itself");

	idline("42", 1, 42, NULL);
	idline("42\tERP rollout\tli\n", 1, 42, NULL);
	idline("7\r\n", 1, 7, NULL);
	idline("", 0, 0, NULL);
	idline("\n", 0, 0, NULL);
	idline("  \t \n", 0, 0, NULL);
	idline("# id\ttitle\n", 0, 0, NULL);
	idline("id\ttitle\n", -1, 0, "not a deal id (a whole number from 1)");
	idline("0\n", -1, 0, "not a deal id (a whole number from 1)");
	idline("-3\n", -1, 0, "not a deal id (a whole number from 1)");
	idline(" 3\n", -1, 0, "not a deal id (a whole number from 1)");
	idline("\tERP\n", -1, 0, "the first field is empty; it must be a deal "
	    "id");
	idline("99999999999999999999\n", -1, 0,
	    "not a deal id (a whole number from 1)");
	return tap_done();
}
