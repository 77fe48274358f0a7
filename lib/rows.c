/* Reading TSV and CSV records, for import. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

struct crm_rows {
	FILE		*fp;
	enum crm_rows_kind kind;
	char		*line;		/* getline's buffer */
	size_t		 linecap;
	ssize_t		 linelen;
	int		 cr;		/* the line ended in CR LF */
	long		 lineno;	/* lines read so far */
	long		 start;		/* where the last record began */
	long		 notutf8;	/* the first line that was not UTF-8 */
	struct crm_buf	 rec;		/* the fields, NUL-separated */
	size_t		*offs;
	size_t		 noffs, capoffs;
	char		**fields;
	size_t		 capfields;
};

struct crm_rows *
crm_rows_open(FILE *fp, enum crm_rows_kind kind)
{
	struct crm_rows *r = crm_calloc(1, sizeof(*r));

	r->fp = fp;
	r->kind = kind;
	return r;
}

void
crm_rows_close(struct crm_rows *r)
{
	if (r == NULL)
		return;
	free(r->line);
	crm_buf_free(&r->rec);
	free(r->offs);
	free(r->fields);
	free(r);
}

long
crm_rows_line(const struct crm_rows *r)
{
	return r->start;
}

long
crm_rows_notutf8(const struct crm_rows *r)
{
	return r->notutf8;
}

/*
 * The start of the input: a UTF-8 byte order mark, which spreadsheets
 * and PowerShell's Export-Csv write before the header, is dropped (so a
 * quoted first field still starts the line).  One of UTF-16, Excel's
 * "Unicode text", is an error that says so: every other byte of its
 * lines is a NUL.
 */
static int
bom(struct crm_rows *r, char *err, size_t errlen)
{
	const unsigned char *u = (const unsigned char *)r->line;

	if (r->linelen >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
		memmove(r->line, r->line + 3, (size_t)r->linelen - 2);
		r->linelen -= 3;
	} else if (r->linelen >= 2 && ((u[0] == 0xff && u[1] == 0xfe) ||
	    (u[0] == 0xfe && u[1] == 0xff))) {
		snprintf(err, errlen, "the input is UTF-16, not UTF-8; "
		    "convert it first: iconv -f UTF-16 -t UTF-8");
		return -1;
	}
	return 0;
}

/*
 * Reads one line without its LF (and a CR before it).  Returns 1, or 0
 * at the end, or -1 on a read error, a NUL byte or invalid UTF-8.
 */
static int
readline(struct crm_rows *r, char *err, size_t errlen)
{
	size_t bad;

	errno = 0;
	if ((r->linelen = getline(&r->line, &r->linecap, r->fp)) == -1) {
		if (ferror(r->fp)) {
			snprintf(err, errlen, "read error: %s",
			    strerror(errno));
			return -1;
		}
		return 0;
	}
	r->lineno++;
	if (r->linelen > 0 && r->line[r->linelen - 1] == '\n')
		r->line[--r->linelen] = '\0';
	r->cr = 0;
	if (r->linelen > 0 && r->line[r->linelen - 1] == '\r') {
		r->line[--r->linelen] = '\0';
		r->cr = 1;
	}
	if (r->lineno == 1 && bom(r, err, errlen) == -1)
		return -1;
	if (crm_utf8_check(r->line, (size_t)r->linelen, &bad) == -1) {
		if (r->line[bad] == '\0')
			snprintf(err, errlen, "NUL byte at byte %zu", bad + 1);
		else {
			snprintf(err, errlen, "invalid UTF-8 at byte %zu",
			    bad + 1);
			if (r->notutf8 == 0)
				r->notutf8 = r->lineno;
		}
		return -1;
	}
	return 1;
}

static void
field_end(struct crm_rows *r)
{
	crm_buf_addc(&r->rec, '\0');
}

static void
field_start(struct crm_rows *r)
{
	if (r->noffs == r->capoffs) {
		r->capoffs = r->capoffs ? r->capoffs * 2 : 16;
		r->offs = crm_reallocarray(r->offs, r->capoffs,
		    sizeof(*r->offs));
	}
	r->offs[r->noffs++] = r->rec.len;
}

static int
tsv(struct crm_rows *r, char *err, size_t errlen)
{
	const char *p;
	size_t n;

	field_start(r);
	for (p = r->line; *p != '\0'; p++) {
		/* A run of plain bytes at once: most cells are only that. */
		n = strcspn(p, "\t\\");
		crm_buf_add(&r->rec, p, n);
		p += n;
		if (*p == '\0')
			break;
		if (*p == '\t') {
			field_end(r);
			field_start(r);
		} else if (*p == '\\') {
			switch (*++p) {
			case '\\':
				crm_buf_addc(&r->rec, '\\');
				break;
			case 't':
				crm_buf_addc(&r->rec, '\t');
				break;
			case 'n':
				crm_buf_addc(&r->rec, '\n');
				break;
			case 'r':
				crm_buf_addc(&r->rec, '\r');
				break;
			case '\0':
				snprintf(err, errlen, "a backslash ends the "
				    "line; write \\\\ for a backslash");
				return -1;
			default:
				snprintf(err, errlen, "unknown escape '\\%c' "
				    "at byte %zu; only \\\\, \\t, \\n and \\r "
				    "are known", *p, (size_t)(p - r->line));
				return -1;
			}
		}
	}
	field_end(r);
	return 0;
}

/* An error on a quoted field's later line says which line. */
static void
cont(const struct crm_rows *r, char *err, size_t errlen)
{
	char *why = crm_strdup(err);

	snprintf(err, errlen, "in the quoted field's line %ld: %s",
	    r->lineno, why);
	free(why);
}

static int
csv(struct crm_rows *r, char *err, size_t errlen)
{
	const char *p = r->line;
	size_t n;
	int rc;

	for (;;) {
		field_start(r);
		if (*p == '"') {
			/* Quoted: may run over several lines. */
			p++;
			for (;;) {
				if (*p == '\0') {
					/* The line break is the field's own. */
					crm_buf_adds(&r->rec, r->cr ? "\r\n" :
					    "\n");
					if ((rc = readline(r, err, errlen)) == -1) {
						cont(r, err, errlen);
						return -1;
					}
					if (rc == 0) {
						snprintf(err, errlen, "a quoted "
						    "field is not closed");
						return -1;
					}
					p = r->line;
					continue;
				}
				if (*p == '"') {
					if (p[1] == '"') {
						crm_buf_addc(&r->rec, '"');
						p += 2;
						continue;
					}
					p++;
					break;
				}
				crm_buf_addc(&r->rec, *p++);
			}
			if (*p != ',' && *p != '\0') {
				snprintf(err, errlen, "'%c' after a closing "
				    "quote; a quote inside a field is "
				    "written \"\"", *p);
				return -1;
			}
		} else {
			n = strcspn(p, ",\"");
			crm_buf_add(&r->rec, p, n);
			p += n;
			if (*p == '"') {
				snprintf(err, errlen, "a quote inside an "
				    "unquoted field; quote the field and "
				    "write the quote as \"\"");
				return -1;
			}
		}
		field_end(r);
		if (*p == '\0')
			return 0;
		p++;		/* the comma */
	}
}

int
crm_rows_next(struct crm_rows *r, char ***fields, size_t *nfields,
    char *err, size_t errlen)
{
	size_t i;
	int rc;

	crm_buf_reset(&r->rec);
	r->noffs = 0;
	rc = readline(r, err, errlen);
	r->start = r->lineno;
	if (rc <= 0)
		return rc;
	if ((r->kind == CRM_ROWS_TSV ? tsv(r, err, errlen) :
	    csv(r, err, errlen)) == -1)
		return -1;
	if (r->noffs + 1 > r->capfields) {
		r->capfields = r->noffs + 1;
		r->fields = crm_reallocarray(r->fields, r->capfields,
		    sizeof(*r->fields));
	}
	for (i = 0; i < r->noffs; i++)
		r->fields[i] = r->rec.s + r->offs[i];
	r->fields[r->noffs] = NULL;
	*fields = r->fields;
	*nfields = r->noffs;
	return 1;
}
