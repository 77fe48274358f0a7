/*
 * crm-add's import: many deals from TSV or CSV, all or nothing.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

#define IMPORT_SHOW_ERRORS	10
#define IMPORT_FIELD_MAX	65536	/* bytes in one cell */
#define IMPORT_PROGRESS_EVERY	10000
/*
 * A big import into few deals builds the indexes of deal and stage_change
 * after the rows: once the import has made this many deals, and more than
 * there were, they are dropped (inside the import's
 * transaction, so a failed import still leaves them as they were) and
 * made again at the end, each in one sorted pass instead of a million
 * inserts at random places.
 */
#define IMPORT_BULK_MIN		20000
/*
 * The accounts met so far, by name, are kept in memory (crm_account_id()
 * looks there first): a million lookups in the accounts' index were a
 * quarter of an import.  Bounded, so a file of millions of different
 * accounts still fits; past the bound the rest are looked up as before.
 */
#define IMPORT_ACCOUNTS_MAX	(16 << 20)	/* bytes */

/*
 * Columns crm-ls prints but that crm computes: accepted in a header so
 * that crm's own output can be imported again, and ignored.
 */
static const char *const computed[] = {
	"id", "stage_label", "probability", "status", "stage_entered",
	"days_in_stage", "last_activity", NULL
};

#define COL_IGNORED	-1

static int
column(const char *name)
{
	int i;

	for (i = 0; i < CRM_DF_COUNT; i++)
		if (i != CRM_DF_NOTE && strcmp(crm_df_names[i], name) == 0)
			return i;
	for (i = 0; computed[i] != NULL; i++)
		if (strcmp(computed[i], name) == 0)
			return COL_IGNORED;
	return -2;
}

static void
bad_header(const char *fmt, const char *name)
{
	struct crm_buf b = { 0 };
	int i;

	for (i = 0; i < CRM_DF_COUNT; i++) {
		if (i == CRM_DF_NOTE)
			continue;
		if (b.len)
			crm_buf_adds(&b, ", ");
		crm_buf_adds(&b, crm_df_names[i]);
	}
	warnx(fmt, name);
	errx(CRM_EXIT_USAGE, "import columns: %s", b.s);
}

/*
 * Drops the indexes of the tables an import fills, keeping how to make
 * them again in *sql.  Only plain ones: a UNIQUE index (none of crm's,
 * maybe someone's) keeps checking every row as it comes.
 */
static void
drop_indexes(struct crm *crm, struct crm_strv *sql)
{
	struct crm_strv names = { 0 };
	sqlite3_stmt *st;
	size_t i;
	char *drop;

	st = crm_prepare(crm, "SELECT m.name, m.sql FROM sqlite_master m "
	    "JOIN (SELECT name, \"unique\" AS u FROM pragma_index_list('deal') "
	    "UNION ALL SELECT name, \"unique\" FROM "
	    "pragma_index_list('stage_change')) l ON l.name = m.name "
	    "WHERE m.type = 'index' AND m.sql IS NOT NULL AND l.u = 0 "
	    "ORDER BY m.name");
	while (crm_step(crm, st) == SQLITE_ROW) {
		crm_strv_add(&names, crm_col_text(st, 0));
		crm_strv_add(sql, crm_col_text(st, 1));
	}
	sqlite3_reset(st);
	for (i = 0; i < names.n; i++) {
		if ((drop = sqlite3_mprintf("DROP INDEX \"%w\"",
		    names.v[i])) == NULL)
			errx(CRM_EXIT_DB, "out of memory");
		crm_exec(crm, drop);
		sqlite3_free(drop);
	}
	crm_strv_free(&names);
}

/*
 * Makes them again, with a small page cache: SQLite sorts each index in
 * memory of the cache's size, and the import's pages are in the cache
 * already (4 MB was as fast as 32 at a million deals, and keeps the peak
 * under 64 MB).  The planner's statistics, if someone made them with
 * ANALYZE, went with the dropped indexes: they are made again too.
 */
static void
make_indexes(struct crm *crm, const struct crm_strv *sql)
{
	sqlite3_stmt *st;
	long long cache = 0;
	size_t i;
	int stats;
	char *restore;

	st = crm_prepare(crm, "PRAGMA cache_size");
	if (crm_step(crm, st) == SQLITE_ROW)
		cache = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	crm_exec(crm, "PRAGMA cache_size = -4096");
	/*
	 * One helper thread sorts while the main one reads the table: the
	 * index builds at a million deals went 2.4 -> 1.9 s, with the same
	 * peak memory.  (Two helpers were no faster on two cores.)
	 */
	crm_exec(crm, "PRAGMA threads = 1");
	for (i = 0; i < sql->n; i++)
		crm_exec(crm, sql->v[i]);
	crm_exec(crm, "PRAGMA threads = 0");
	st = crm_prepare(crm, "SELECT 1 FROM sqlite_master WHERE "
	    "name = 'sqlite_stat1'");
	stats = crm_step(crm, st) == SQLITE_ROW;
	sqlite3_reset(st);
	if (stats)
		crm_exec(crm, "ANALYZE deal; ANALYZE stage_change");
	if ((restore = sqlite3_mprintf("PRAGMA cache_size = %lld",
	    cache)) == NULL)
		errx(CRM_EXIT_DB, "out of memory");
	crm_exec(crm, restore);
	sqlite3_free(restore);
}

int
crm_import(struct crm *crm, FILE *in, enum crm_rows_kind kind,
    const char *const def[CRM_DF_COUNT], struct crm_out *o)
{
	struct crm_rows *rows;
	struct crm_strv hdr = { 0 }, indexes = { 0 };
	struct crm_strmap accounts = { 0 };
	struct crm_dealvals v;
	const char *vals[CRM_DF_COUNT];
	char **f, why[1024];
	size_t nf, ncols, i, j;
	int *map, rc, progress;
	long long first = 0, last = 0, n = 0, bad = 0, line = 0, had;
	int dropped = 0;

	progress = isatty(STDERR_FILENO);
	rows = crm_rows_open(in, kind);
	rc = crm_rows_next(rows, &f, &nf, why, sizeof(why));
	if (rc == 0)
		errx(CRM_EXIT_USAGE, "import: no header line on stdin (it "
		    "names the columns, e.g. title, account, owner, amount)");
	if (rc == -1)
		errx(CRM_EXIT_USAGE, "import: line %ld: %s",
		    crm_rows_line(rows), why);
	/* Spreadsheets start UTF-8 CSV with a byte order mark. */
	if (strncmp(f[0], "\xef\xbb\xbf", 3) == 0)
		memmove(f[0], f[0] + 3, strlen(f[0] + 3) + 1);
	ncols = nf;
	map = crm_calloc(ncols, sizeof(*map));
	for (i = 0; i < ncols; i++)
		crm_strv_add(&hdr, f[i]);
	for (i = 0; i < ncols; i++) {
		if ((map[i] = column(f[i])) == -2)
			bad_header("import: unknown column '%s' in the header",
			    f[i]);
		for (j = 0; j < i; j++)
			if (strcmp(f[i], f[j]) == 0)
				bad_header("import: column '%s' appears twice "
				    "in the header", f[i]);
	}
	for (i = 0; i < ncols && map[i] != CRM_DF_TITLE; i++)
		continue;
	if (i == ncols)
		bad_header("import: the header has no '%s' column", "title");

	/*
	 * deal's CHECK (status IN ('open', 'won', 'lost')) makes SQLite
	 * build a temporary table of the three names for every row: 14% of
	 * an import (perf).  crm_deal_insert() only writes those three, and
	 * crm_deal_values() refuses a negative amount, so the checks cannot
	 * fail here; they stay on for everything else.
	 */
	crm_exec(crm, "PRAGMA ignore_check_constraints = ON");
	/*
	 * Foreign keys are not looked up either (one lookup in account for
	 * each deal, one in deal for each stage change: 1.1 of 5 s of
	 * rows).  They hold by construction: a deal's account_id comes from
	 * crm_account_id() inside this transaction, which holds the write
	 * lock, and its stage change names the id the deal was just given.
	 * PRAGMA foreign_keys does nothing inside a transaction, hence here.
	 */
	crm_exec(crm, "PRAGMA foreign_keys = OFF");
	/* The accounts' index and the tables' last pages stay in memory. */
	crm_cache_mb(crm, 32);
	crm_begin(crm);
	accounts.max = IMPORT_ACCOUNTS_MAX;
	crm->accounts = &accounts;
	had = crm_deal_last_id(crm);
	for (;;) {
		rc = crm_rows_next(rows, &f, &nf, why, sizeof(why));
		if (rc == 0)
			break;
		line = crm_rows_line(rows);
		if (progress && line % IMPORT_PROGRESS_EVERY == 0)
			fprintf(stderr, "\r%s: line %lld", crm->prog, line);
		if (rc == 1 && nf == 1 && f[0][0] == '\0')
			continue;	/* a blank line */
		/* Missing cells at the end are empty; extra ones are not. */
		if (rc == 1 && nf > ncols) {
			snprintf(why, sizeof(why), "%zu fields, but the header "
			    "has %zu", nf, ncols);
			rc = -1;
		}
		for (i = 0; rc == 1 && i < nf && i < ncols; i++)
			if (strlen(f[i]) > IMPORT_FIELD_MAX) {
				snprintf(why, sizeof(why), "column %s: %zu "
				    "bytes, at most %d", hdr.v[i], strlen(f[i]),
				    IMPORT_FIELD_MAX);
				rc = -1;
			}
		if (rc == 1) {
			/* An empty cell is not set: the option's, or none. */
			memcpy(vals, def, sizeof(vals));
			for (i = 0; i < ncols && i < nf; i++)
				if (map[i] >= 0 && f[i][0] != '\0')
					vals[map[i]] = f[i];
			if (vals[CRM_DF_TITLE] == NULL ||
			    vals[CRM_DF_TITLE][0] == '\0') {
				snprintf(why, sizeof(why), "title is empty");
				rc = -1;
			} else if (crm_deal_values(crm, vals, &v, why,
			    sizeof(why)) == -1)
				rc = -1;
		}
		if (rc == -1) {
			if (bad++ < IMPORT_SHOW_ERRORS)
				warnx("line %lld: %s", line, why);
			continue;
		}
		n++;
		/* After one bad line, only check the rest. */
		if (bad == 0) {
			last = crm_deal_insert(crm, &v);
			if (first == 0)
				first = last;
			if (!dropped && n >= IMPORT_BULK_MIN && n > had) {
				drop_indexes(crm, &indexes);
				dropped = 1;
			}
		}
	}
	if (progress && line >= IMPORT_PROGRESS_EVERY)
		fprintf(stderr, "\r%s: %lld deals read\n", crm->prog, n);
	crm->accounts = NULL;
	crm_strmap_free(&accounts);
	crm_rows_close(rows);
	crm_strv_free(&hdr);
	free(map);
	if (bad > IMPORT_SHOW_ERRORS)
		warnx("... and %lld more bad lines", bad - IMPORT_SHOW_ERRORS);
	if (bad > 0 || n == 0) {
		crm_strv_free(&indexes);
		crm_rollback(crm);
		crm_exec(crm, "PRAGMA ignore_check_constraints = OFF");
		crm_exec(crm, "PRAGMA foreign_keys = ON");
		if (n == 0 && bad == 0)
			warnx("import: no deals after the header");
		else
			warnx("import: %lld bad line%s; nothing imported", bad,
			    bad == 1 ? "" : "s");
		return 1;
	}
	if (dropped) {
		if (progress)
			fprintf(stderr, "%s: indexing\n", crm->prog);
		make_indexes(crm, &indexes);
	}
	crm_strv_free(&indexes);
	crm_commit(crm);
	crm_exec(crm, "PRAGMA ignore_check_constraints = OFF");
	crm_exec(crm, "PRAGMA foreign_keys = ON");
	/*
	 * The write lock was held throughout, so the new rows have
	 * consecutive ids.
	 */
	for (; first <= last; first++) {
		crm_out_int(o, first);
		crm_out_end(o);
	}
	return 0;
}
