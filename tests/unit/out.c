/* Unit tests of lib/out.c: every output format from the same cells. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "tap.h"

static const struct crm_col cols[] = {
	{ "id", CRM_COL_RIGHT },
	{ "title", 0 },
	{ "amount", CRM_COL_RIGHT },
	{ "secret", CRM_COL_HIDE },
	{ "when", 0 },
	{ "ok", 0 },
};

/* 2026-11-24T09:00:00Z */
#define NOW	((time_t)1795510800)

/* Two rows, with hostile text, written in fmt; the output as a string. */
static char *
render(enum crm_fmt fmt, int flags, int nrows)
{
	struct crm_out *o;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	o = crm_out_new(fp, fmt, cols, 6, flags);
	if (nrows > 0) {
		crm_out_int(o, 1);
		crm_out_str(o, "建立 \"x\", y");
		crm_out_money(o, 1200050);
		crm_out_str(o, "s");
		crm_out_time(o, NOW);
		crm_out_bool(o, 1);
		crm_out_end(o);
	}
	if (nrows > 1) {
		crm_out_int(o, 22);
		crm_out_str(o, "tab\there\nnew\\line\x01");
		crm_out_money(o, 5);
		crm_out_null(o);
		crm_out_time(o, 0);
		crm_out_bool(o, 0);
		crm_out_end(o);
	}
	crm_out_free(o);
	fclose(fp);
	return buf;
}

static void
check(enum crm_fmt fmt, int flags, int nrows, const char *want,
    const char *desc)
{
	char *got = render(fmt, flags, nrows);

	is(got, want, "%s", desc);
	free(got);
}

int
main(void)
{
	enum crm_fmt f;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	setenv("TZ", "UTC", 1);
	ok(crm_fmt_parse("jsonl", &f) == 0 && f == CRM_FMT_JSONL,
	    "jsonl parses");
	ok(crm_fmt_parse("JSON", &f) == -1, "formats are lower case");
	ok(crm_fmt_parse("xml", &f) == -1, "xml is not a format");

	check(CRM_FMT_TSV, 0, 2,
	    "1\t建立 \"x\", y\t12000.50\ts\t2026-11-24T09:00:00Z\t1\n"
	    "22\ttab\\there\\nnew\\\\line\x01\t0.05\t\t\t0\n",
	    "TSV: no header, escapes, null is empty, bool 1/0");
	check(CRM_FMT_TSV, CRM_OUT_HEADER, 1,
	    "id\ttitle\tamount\tsecret\twhen\tok\n"
	    "1\t建立 \"x\", y\t12000.50\ts\t2026-11-24T09:00:00Z\t1\n",
	    "TSV --header");
	check(CRM_FMT_TSV, CRM_OUT_HEADER, 0, "id\ttitle\tamount\tsecret\twhen\tok\n",
	    "TSV --header with no rows: the header alone");
	check(CRM_FMT_TSV, 0, 0, "", "TSV with no rows: nothing");
	check(CRM_FMT_CSV, 0, 2,
	    "id,title,amount,secret,when,ok\r\n"
	    "1,\"建立 \"\"x\"\", y\",12000.50,s,2026-11-24T09:00:00Z,1\r\n"
	    "22,\"tab\there\nnew\\line\x01\",0.05,,,0\r\n",
	    "CSV: header, RFC 4180 quoting, CRLF");
	check(CRM_FMT_CSV, 0, 0, "id,title,amount,secret,when,ok\r\n",
	    "CSV with no rows: the header");
	check(CRM_FMT_JSON, 0, 2,
	    "[\n"
	    "{\"id\":1,\"title\":\"建立 \\\"x\\\", y\",\"amount\":12000.50,"
	    "\"secret\":\"s\",\"when\":\"2026-11-24T09:00:00Z\",\"ok\":true},\n"
	    "{\"id\":22,\"title\":\"tab\\there\\nnew\\\\line\\u0001\","
	    "\"amount\":0.05,\"secret\":null,\"when\":null,\"ok\":false}\n"
	    "]\n", "JSON: an array, escapes, null, numbers, booleans");
	check(CRM_FMT_JSON, 0, 0, "[]\n", "JSON with no rows: []");
	check(CRM_FMT_JSON, CRM_OUT_INLINE, 0, "[]", "inline JSON: []");
	check(CRM_FMT_JSONL, 0, 2,
	    "{\"id\":1,\"title\":\"建立 \\\"x\\\", y\",\"amount\":12000.50,"
	    "\"secret\":\"s\",\"when\":\"2026-11-24T09:00:00Z\",\"ok\":true}\n"
	    "{\"id\":22,\"title\":\"tab\\there\\nnew\\\\line\\u0001\","
	    "\"amount\":0.05,\"secret\":null,\"when\":null,\"ok\":false}\n",
	    "JSONL: one object a line");
	check(CRM_FMT_JSONL, 0, 0, "", "JSONL with no rows: nothing");
	/* Table: widths by display columns (建立 is 4), numbers right,
	 * the hidden column left out, control characters shown escaped,
	 * no blanks at the end of a line. */
	check(CRM_FMT_TABLE, 0, 2,
	    /* title is 23 columns wide (its second cell), amount 8 */
	    "id  title" "                  " "    amount  when"
	    "              ok\n"
	    " 1  建立 \"x\", y" "            " "  12000.50  2026-11-24 09:00"
	    "  yes\n"
	    "22  tab\\there\\nnew\\line\\x01" "      0.05" "  "
	    "                " "  no\n",
	    "table: aligned by display width");
	check(CRM_FMT_TABLE, CRM_OUT_NOHEAD, 1,
	    "1  建立 \"x\", y  12000.50  2026-11-24 09:00  yes\n",
	    "table without a header");
	check(CRM_FMT_TABLE, 0, 0, "", "empty table: nothing at all");
	check(CRM_FMT_TABLE, CRM_OUT_COLOR, 0, "", "empty coloured table");

	/*
	 * A CRM_COL_VARIES column is in a table only when its non-empty
	 * cells differ; every other format always has it.  A gap is a blank
	 * line in a table, the rows under it aligned with those above.
	 */
	{
		static const struct crm_col vc[] = {
			{ "name", 0 },
			{ "amount", CRM_COL_RIGHT },
			{ "currency", CRM_COL_VARIES },
		};
		static const char *const rows[][3] = {
			{ "li", "1.00", "USD" },
			{ "wang", "100000.00", "" },
			{ "(all)", "100001.00", "USD" },
		};
		struct crm_out *o;
		int k, r, c;

		for (k = 0; k < 4; k++) {
			buf = NULL;
			fp = open_memstream(&buf, &len);
			o = crm_out_new(fp, k < 3 ? CRM_FMT_TABLE : CRM_FMT_TSV,
			    vc, 3, 0);
			for (r = 0; r < 3; r++) {
				if (r == 2)
					crm_out_gap(o);
				for (c = 0; c < 3; c++)
					crm_out_str(o, k == 1 && r == 2 &&
					    c == 2 ? "JPY" : k == 2 && c == 2 ?
					    "" : rows[r][c]);
				crm_out_end(o);
			}
			crm_out_free(o);
			fclose(fp);
			if (k == 0)
				is(buf, "name      amount\n"
				    "li          1.00\n"
				    "wang   100000.00\n"
				    "\n"
				    "(all)  100001.00\n",
				    "table: one currency (and an empty cell) "
				    "hides it; a gap");
			else if (k == 1)
				is(buf, "name      amount  currency\n"
				    "li          1.00  USD\n"
				    "wang   100000.00\n"
				    "\n"
				    "(all)  100001.00  JPY\n",
				    "table: two currencies show it");
			else if (k == 2)
				is(buf, "name      amount\n"
				    "li          1.00\n"
				    "wang   100000.00\n"
				    "\n"
				    "(all)  100001.00\n",
				    "table: a column of empty cells hides");
			else
				is(buf, "li\t1.00\tUSD\nwang\t100000.00\t\n"
				    "(all)\t100001.00\tUSD\n",
				    "TSV: the column always, no gap");
			free(buf);
		}
	}

	/* One object with nested arrays, as crm-show writes it. */
	fp = open_memstream(&buf, &len);
	{
		static const struct crm_col one[] = { { "id", 0 } };
		struct crm_out *o = crm_out_new(fp, CRM_FMT_JSON, one, 1,
		    CRM_OUT_SINGLE), *sub;

		crm_out_int(o, 7);
		crm_out_end_open(o);
		crm_out_json_key(o, "history");
		sub = crm_out_new(fp, CRM_FMT_JSON, one, 1, CRM_OUT_INLINE);
		crm_out_int(sub, 1);
		crm_out_end(sub);
		crm_out_int(sub, 2);
		crm_out_end(sub);
		crm_out_free(sub);
		crm_out_json_key(o, "empty");
		sub = crm_out_new(fp, CRM_FMT_JSON, one, 1, CRM_OUT_INLINE);
		crm_out_free(sub);
		crm_out_json_close(o);
		crm_out_free(o);
	}
	fclose(fp);
	is(buf, "{\"id\":7,\"history\":[{\"id\":1},{\"id\":2}],\"empty\":[]}\n",
	    "one object with nested arrays, on one line");
	free(buf);

	/* Invalid UTF-8 never makes invalid JSON. */
	buf = NULL;
	fp = open_memstream(&buf, &len);
	crm_json_str(fp, "a\xff" "b\xe5\xbb");
	fclose(fp);
	is(buf, "\"a\\ufffdb\\ufffd\\ufffd\"", "invalid UTF-8 becomes U+FFFD");
	free(buf);

	buf = NULL;
	fp = open_memstream(&buf, &len);
	crm_csv_str(fp, " lead");
	putc('|', fp);
	crm_csv_str(fp, "");
	putc('|', fp);
	crm_csv_str(fp, "plain");
	fclose(fp);
	is(buf, "\" lead\"||plain", "CSV quotes leading blanks only when needed");
	free(buf);

	buf = NULL;
	fp = open_memstream(&buf, &len);
	crm_pad(fp, "联络", 6, 0);
	putc('|', fp);
	crm_pad(fp, "42", 4, 1);
	fclose(fp);
	is(buf, "联络  |  42", "crm_pad by display width");
	free(buf);
	return tap_done();
}
