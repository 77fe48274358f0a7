/*
 * Fuzz target: the TSV and CSV record reader behind import.  The bytes
 * are read as TSV and as CSV to the end.  Every record read must be valid
 * UTF-8 without NUL, and must read back the same after it is written the
 * way crm writes TSV and CSV (crm_tsv_str, crm_csv_str), after a line.
 */
#include <string.h>

#include "crm.h"
#include "fuzz.h"

static const char *const kindname[] = { "tsv", "csv" };

/* Writes a record as crm does, reads it back, and compares. */
static void
roundtrip(enum crm_rows_kind kind, char **f, size_t n)
{
	struct crm_rows *r;
	char *buf = NULL, **g, err[256];
	size_t len = 0, m, i;
	FILE *fp;
	int rc;

	if ((fp = open_memstream(&buf, &len)) == NULL)
		abort();
	/*
	 * A line before it: a field that starts with a byte order mark is
	 * read as written, but not at the start of the input, where a
	 * byte order mark is dropped.
	 */
	fputs("-\n", fp);
	for (i = 0; i < n; i++) {
		if (i > 0)
			putc(kind == CRM_ROWS_TSV ? '\t' : ',', fp);
		(kind == CRM_ROWS_TSV ? crm_tsv_str : crm_csv_str)(fp, f[i]);
	}
	fputs(kind == CRM_ROWS_TSV ? "\n" : "\r\n", fp);
	fclose(fp);
	if ((fp = fmemopen(buf, len, "r")) == NULL)
		abort();
	r = crm_rows_open(fp, kind);
	rc = crm_rows_next(r, &g, &m, err, sizeof(err));
	fuzz_check(rc == 1 && m == 1 && strcmp(g[0], "-") == 0,
	    "%s: the line before the record does not read back",
	    kindname[kind]);
	rc = crm_rows_next(r, &g, &m, err, sizeof(err));
	fuzz_check(rc == 1, "%s: written record does not read back: %s",
	    kindname[kind], rc == -1 ? err : "end of input");
	fuzz_check(m == n, "%s: %zu fields written, %zu read",
	    kindname[kind], n, m);
	for (i = 0; i < n; i++)
		fuzz_check(strcmp(f[i], g[i]) == 0, "%s: field %zu "
		    "written as '%s' reads back as '%s'", kindname[kind], i,
		    f[i], g[i]);
	fuzz_check(g[m] == NULL, "fields not NULL-terminated");
	rc = crm_rows_next(r, &g, &m, err, sizeof(err));
	fuzz_check(rc == 0, "%s: one record written, more read",
	    kindname[kind]);
	crm_rows_close(r);
	fclose(fp);
	free(buf);
}

static void
readall(const uint8_t *data, size_t size, enum crm_rows_kind kind)
{
	struct crm_rows *r;
	char **f, err[256];
	size_t n, i, bad;
	long line = 0;
	FILE *fp;
	int rc;

	if ((fp = fmemopen((void *)data, size, "r")) == NULL)
		abort();
	r = crm_rows_open(fp, kind);
	while ((rc = crm_rows_next(r, &f, &n, err, sizeof(err))) != 0) {
		fuzz_check(crm_rows_line(r) > line, "line %ld after %ld",
		    crm_rows_line(r), line);
		line = crm_rows_line(r);
		if (rc == -1) {
			fuzz_check(err[0] != '\0', "an error without a reason");
			continue;
		}
		fuzz_check(rc == 1 && n >= 1, "rc %d, %zu fields", rc, n);
		for (i = 0; i < n; i++)
			fuzz_check(crm_utf8_check(f[i], strlen(f[i]),
			    &bad) == 0, "field %zu is not UTF-8", i);
		roundtrip(kind, f, n);
	}
	crm_rows_close(r);
	fclose(fp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	readall(data, size, CRM_ROWS_TSV);
	readall(data, size, CRM_ROWS_CSV);
	return 0;
}
