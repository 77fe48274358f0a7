/* One writer for every output format: table, TSV, CSV, JSON, JSONL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

struct crm_out {
	FILE		*fp;
	enum crm_fmt	 fmt;
	const struct crm_col *cols;
	size_t		 ncols;
	int		 flags;
	size_t		 col;		/* next cell of the current row */
	size_t		 nrows;		/* rows ended so far */
	int		 headed;	/* TSV/CSV header written */
	/* tables: every cell kept until crm_out_free() */
	char		**cells;
	size_t		 ncells, capcells;
};

static const char *const fmtnames[] = {
	[CRM_FMT_AUTO] = "auto",
	[CRM_FMT_TABLE] = "table",
	[CRM_FMT_TSV] = "tsv",
	[CRM_FMT_CSV] = "csv",
	[CRM_FMT_JSON] = "json",
	[CRM_FMT_JSONL] = "jsonl",
};

int
crm_fmt_parse(const char *s, enum crm_fmt *fmt)
{
	size_t i;

	for (i = 0; i < sizeof(fmtnames) / sizeof(*fmtnames); i++)
		if (strcmp(s, fmtnames[i]) == 0) {
			*fmt = (enum crm_fmt)i;
			return 0;
		}
	return -1;
}

struct crm_out *
crm_out_new(FILE *fp, enum crm_fmt fmt, const struct crm_col *cols,
    size_t ncols, int flags)
{
	struct crm_out *o = crm_calloc(1, sizeof(*o));

	o->fp = fp;
	o->fmt = fmt == CRM_FMT_AUTO ? CRM_FMT_TSV : fmt;
	o->cols = cols;
	o->ncols = ncols;
	o->flags = flags;
	return o;
}

FILE *
crm_out_file(struct crm_out *o)
{
	return o->fp;
}

enum crm_fmt
crm_out_fmt(const struct crm_out *o)
{
	return o->fmt;
}

/*
 * Decodes the UTF-8 character at s; returns its length, or 0 when the
 * bytes there are not valid UTF-8.
 */
static size_t
u8len(const unsigned char *s)
{
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	n = s[0] >= 0xc2 && s[0] <= 0xdf ? 2 : s[0] >= 0xe0 && s[0] <= 0xef ?
	    3 : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0;
	for (i = 1; i < n; i++)
		if (s[i] == '\0')
			return 0;
	if (n == 0 || crm_utf8_check((const char *)s, n, NULL) == -1)
		return 0;
	return n;
}

void
crm_json_str(FILE *fp, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n;

	putc('"', fp);
	while (*u != '\0') {
		switch (*u) {
		case '"':
			fputs("\\\"", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		case '\t':
			fputs("\\t", fp);
			break;
		case '\b':
			fputs("\\b", fp);
			break;
		case '\f':
			fputs("\\f", fp);
			break;
		default:
			if (*u < 0x20 || *u == 0x7f) {
				fprintf(fp, "\\u%04x", *u);
				break;
			}
			if ((n = u8len(u)) == 0) {
				fputs("\\ufffd", fp);	/* never invalid JSON */
				break;
			}
			fwrite(u, 1, n, fp);
			u += n;
			continue;
		}
		u++;
	}
	putc('"', fp);
}

void
crm_tsv_str(FILE *fp, const char *s)
{
	size_t n;

	/* Runs of plain bytes at once: most cells are nothing else. */
	for (;;) {
		n = strcspn(s, "\\\t\n\r");
		fwrite(s, 1, n, fp);
		s += n;
		switch (*s) {
		case '\0':
			return;
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\t':
			fputs("\\t", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		default:
			fputs("\\r", fp);
			break;
		}
		s++;
	}
}

void
crm_csv_str(FILE *fp, const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || (strpbrk(s, ",\"\r\n") == NULL && s[0] != ' ' &&
	    s[len - 1] != ' ')) {
		fputs(s, fp);
		return;
	}
	putc('"', fp);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			putc('"', fp);
		putc(*s, fp);
	}
	putc('"', fp);
}

void
crm_pad(FILE *fp, const char *s, size_t w, int right)
{
	size_t sw = crm_width(s);

	if (right)
		for (; sw < w; sw++)
			putc(' ', fp);
	fputs(s, fp);
	if (!right)
		for (; sw < w; sw++)
			putc(' ', fp);
}

/* A table cell as a person should see it: control characters escaped. */
char *
crm_table_text(const char *s)
{
	struct crm_buf b = { 0 };

	crm_buf_adds(&b, "");
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n')
			crm_buf_adds(&b, "\\n");
		else if (c == '\t')
			crm_buf_adds(&b, "\\t");
		else if (c == '\r')
			crm_buf_adds(&b, "\\r");
		else if (c < 0x20 || c == 0x7f)
			crm_buf_printf(&b, "\\x%02x", c);
		else
			crm_buf_addc(&b, c);
	}
	return b.s;
}

static void
header(struct crm_out *o)
{
	size_t i;

	if (o->headed)
		return;
	o->headed = 1;
	if (o->fmt == CRM_FMT_TSV && (o->flags & CRM_OUT_HEADER)) {
		for (i = 0; i < o->ncols; i++) {
			if (i > 0)
				putc('\t', o->fp);
			crm_tsv_str(o->fp, o->cols[i].name);
		}
		putc('\n', o->fp);
	} else if (o->fmt == CRM_FMT_CSV && !(o->flags & CRM_OUT_NOHEAD)) {
		for (i = 0; i < o->ncols; i++) {
			if (i > 0)
				putc(',', o->fp);
			crm_csv_str(o->fp, o->cols[i].name);
		}
		fputs("\r\n", o->fp);
	}
}

static int
isjson(const struct crm_out *o)
{
	return o->fmt == CRM_FMT_JSON || o->fmt == CRM_FMT_JSONL;
}

/*
 * Starts the next cell.  JSON: writes the separator and the key.
 * TSV/CSV: the separator.  Returns 0 when the cell is to be skipped
 * (more cells than columns: a programming error, kept harmless).
 */
static int
cell(struct crm_out *o)
{
	if (o->col >= o->ncols)
		return 0;
	if (o->col == 0)
		header(o);
	switch (o->fmt) {
	case CRM_FMT_JSON:
	case CRM_FMT_JSONL:
		if (o->col == 0) {
			if (o->fmt == CRM_FMT_JSON &&
			    !(o->flags & CRM_OUT_SINGLE)) {
				if (o->nrows == 0)
					fputs((o->flags & CRM_OUT_INLINE) ?
					    "[" : "[\n", o->fp);
				else
					fputs((o->flags & CRM_OUT_INLINE) ?
					    "," : ",\n", o->fp);
			}
			putc('{', o->fp);
		} else
			putc(',', o->fp);
		crm_json_str(o->fp, o->cols[o->col].name);
		putc(':', o->fp);
		break;
	case CRM_FMT_TSV:
		if (o->col > 0)
			putc('\t', o->fp);
		break;
	case CRM_FMT_CSV:
		if (o->col > 0)
			putc(',', o->fp);
		break;
	default:
		break;
	}
	o->col++;
	return 1;
}

static void
keep(struct crm_out *o, char *s)
{
	if (o->ncells == o->capcells) {
		o->capcells = o->capcells ? o->capcells * 2 : 64;
		o->cells = crm_reallocarray(o->cells, o->capcells,
		    sizeof(*o->cells));
	}
	o->cells[o->ncells++] = s;
}

/* A cell whose text is the same in every format but JSON. */
static void
text(struct crm_out *o, const char *s, int jsonraw)
{
	if (o->fmt == CRM_FMT_TABLE) {
		if (o->col < o->ncols) {
			o->col++;
			keep(o, crm_table_text(s ? s : ""));
		}
		return;
	}
	if (!cell(o))
		return;
	switch (o->fmt) {
	case CRM_FMT_JSON:
	case CRM_FMT_JSONL:
		if (s == NULL)
			fputs("null", o->fp);
		else if (jsonraw)
			fputs(s, o->fp);
		else
			crm_json_str(o->fp, s);
		break;
	case CRM_FMT_TSV:
		if (s != NULL)
			crm_tsv_str(o->fp, s);
		break;
	case CRM_FMT_CSV:
		if (s != NULL)
			crm_csv_str(o->fp, s);
		break;
	default:
		break;
	}
}

void
crm_out_str(struct crm_out *o, const char *s)
{
	text(o, s, 0);
}

void
crm_out_null(struct crm_out *o)
{
	text(o, NULL, 0);
}

void
crm_out_int(struct crm_out *o, long long v)
{
	char buf[32];

	crm_fmt_int(v, buf);
	text(o, buf, 1);
}

void
crm_out_money(struct crm_out *o, int64_t v)
{
	char buf[32];

	crm_money_fmt(v, buf);
	text(o, buf, 1);
}

void
crm_out_time(struct crm_out *o, time_t t)
{
	char buf[21];

	if (t == 0) {
		text(o, NULL, 0);
		return;
	}
	if (o->fmt == CRM_FMT_TABLE)
		crm_time_local(t, buf);
	else
		crm_time_iso(t, buf);
	text(o, buf, 0);
}

void
crm_out_bool(struct crm_out *o, int v)
{
	if (isjson(o))
		text(o, v ? "true" : "false", 1);
	else if (o->fmt == CRM_FMT_TABLE)
		text(o, v ? "yes" : "no", 0);
	else
		text(o, v ? "1" : "0", 0);
}

void
crm_out_pct(struct crm_out *o, double v)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%.1f", v);
	text(o, buf, 1);
}

/* Fills a short row with nulls so every record has every column. */
static void
fill(struct crm_out *o)
{
	while (o->col < o->ncols)
		text(o, NULL, 0);
}

void
crm_out_end(struct crm_out *o)
{
	fill(o);
	o->col = 0;
	o->nrows++;
	switch (o->fmt) {
	case CRM_FMT_JSON:
	case CRM_FMT_JSONL:
		putc('}', o->fp);
		if (o->flags & CRM_OUT_INLINE)
			break;
		if (o->fmt == CRM_FMT_JSONL || (o->flags & CRM_OUT_SINGLE))
			putc('\n', o->fp);
		break;
	case CRM_FMT_TSV:
		putc('\n', o->fp);
		break;
	case CRM_FMT_CSV:
		fputs("\r\n", o->fp);
		break;
	default:
		break;
	}
}

void
crm_out_gap(struct crm_out *o)
{
	size_t i;

	if (o->fmt != CRM_FMT_TABLE)
		return;
	if (o->col > 0)
		crm_out_end(o);
	/* A row of empty cells: tableline() drops the blanks at its end. */
	for (i = 0; i < o->ncols; i++)
		keep(o, crm_strdup(""));
	o->nrows++;
}

void
crm_out_end_open(struct crm_out *o)
{
	fill(o);
	o->col = 0;
	o->nrows++;
}

void
crm_out_json_key(struct crm_out *o, const char *key)
{
	putc(',', o->fp);
	crm_json_str(o->fp, key);
	putc(':', o->fp);
}

void
crm_out_json_close(struct crm_out *o)
{
	putc('}', o->fp);
	if (o->fmt == CRM_FMT_JSONL || (o->flags & CRM_OUT_SINGLE))
		putc('\n', o->fp);
}

/* s padded to w display columns, into a line being built. */
static void
bufpad(struct crm_buf *b, const char *s, size_t w, int right)
{
	size_t sw = crm_width(s);

	if (right)
		for (; sw < w; sw++)
			crm_buf_addc(b, ' ');
	crm_buf_adds(b, s);
	if (!right)
		for (; sw < w; sw++)
			crm_buf_addc(b, ' ');
}

/* One table line, without trailing blanks. */
static void
tableline(struct crm_out *o, const struct crm_col *cols, char **cells,
    const size_t *w, int head)
{
	struct crm_buf b = { 0 };
	size_t c;
	int first = 1;

	crm_buf_adds(&b, "");
	for (c = 0; c < o->ncols; c++) {
		if (cols[c].flags & CRM_COL_HIDE)
			continue;
		if (!first)
			crm_buf_adds(&b, "  ");
		first = 0;
		if (head && (o->flags & CRM_OUT_COLOR))
			crm_buf_adds(&b, "\033[1m");
		bufpad(&b, head ? cols[c].name : cells[c], w[c],
		    cols[c].flags & CRM_COL_RIGHT);
		if (head && (o->flags & CRM_OUT_COLOR))
			crm_buf_adds(&b, "\033[0m");
	}
	while (b.len > 0 && b.s[b.len - 1] == ' ')
		b.len--;
	fwrite(b.s, 1, b.len, o->fp);
	putc('\n', o->fp);
	crm_buf_free(&b);
}

/* A CRM_COL_VARIES column whose non-empty cells are all the same. */
static int
same(const struct crm_out *o, size_t c, size_t nrows)
{
	const char *first = NULL, *s;
	size_t r;

	for (r = 0; r < nrows; r++) {
		s = o->cells[r * o->ncols + c];
		if (s[0] == '\0')
			continue;
		if (first == NULL)
			first = s;
		else if (strcmp(s, first) != 0)
			return 0;
	}
	return 1;
}

static void
table(struct crm_out *o)
{
	size_t *w, r, c, nrows = o->ncells / o->ncols;
	struct crm_col *cols;

	if (nrows == 0)
		return;
	/* The columns of this table: a VARIES one with one value hides. */
	cols = crm_calloc(o->ncols, sizeof(*cols));
	memcpy(cols, o->cols, o->ncols * sizeof(*cols));
	for (c = 0; c < o->ncols; c++)
		if ((cols[c].flags & CRM_COL_VARIES) && same(o, c, nrows))
			cols[c].flags |= CRM_COL_HIDE;
	w = crm_calloc(o->ncols, sizeof(*w));
	for (c = 0; c < o->ncols; c++) {
		if (cols[c].flags & CRM_COL_HIDE)
			continue;
		if (!(o->flags & CRM_OUT_NOHEAD))
			w[c] = crm_width(cols[c].name);
		for (r = 0; r < nrows; r++) {
			size_t cw = crm_width(o->cells[r * o->ncols + c]);

			if (cw > w[c])
				w[c] = cw;
		}
	}
	if (!(o->flags & CRM_OUT_NOHEAD))
		tableline(o, cols, NULL, w, 1);
	for (r = 0; r < nrows; r++)
		tableline(o, cols, o->cells + r * o->ncols, w, 0);
	free(w);
	free(cols);
}

void
crm_out_free(struct crm_out *o)
{
	size_t i;

	if (o == NULL)
		return;
	if (o->col > 0)
		crm_out_end(o);
	switch (o->fmt) {
	case CRM_FMT_TABLE:
		table(o);
		break;
	case CRM_FMT_JSON:
		if (o->flags & CRM_OUT_SINGLE)
			break;
		if (o->flags & CRM_OUT_INLINE)
			fputs(o->nrows ? "]" : "[]", o->fp);
		else
			fputs(o->nrows ? "\n]\n" : "[]\n", o->fp);
		break;
	case CRM_FMT_TSV:
	case CRM_FMT_CSV:
		header(o);	/* CSV: a header even with no rows */
		break;
	default:
		break;
	}
	for (i = 0; i < o->ncells; i++)
		free(o->cells[i]);
	free(o->cells);
	free(o);
}
