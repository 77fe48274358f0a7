/*
 * crm-add's import: many deals from TSV or CSV, all or nothing.
 */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

#define IMPORT_SHOW_ERRORS	10
#define IMPORT_PROGRESS_EVERY	10000
/*
 * A big import into few deals builds the indexes of deal and stage_change
 * after the rows: once the import has made this many deals, and more than
 * there were, the backend is told (crm_bulk_grown()), and SQLite's drops
 * them to make them again at the end (db-sqlite.c says how).
 */
#define IMPORT_BULK_MIN		20000
/*
 * The reader numbers the account names it meets, in a map in memory, and
 * the writer keeps each number's id: a name is looked up in the database
 * once, not on every line (a million lookups in the accounts' index were
 * a quarter of an import).  Bounded, so a file of millions of different
 * accounts still fits; past the bound the rest are looked up each time.
 * 16 MB (what is allocated, slots and keys) holds bench/gen's 230k
 * names of 28 bytes from a million deals; a million different names
 * peaked at 59 MB of memory in all.
 */
#define IMPORT_ACCOUNTS_MAX	(16 << 20)	/* bytes */
/*
 * Two threads: a reader parses and checks the lines, the calling thread
 * writes the deals, and they hand lines over a batch at a time.  Parsing
 * and checking was a million deals' 0.9 s.
 */
#define IMPORT_BATCH		2048	/* lines in a batch, at most */
#define IMPORT_BATCH_BYTES	(1 << 20) /* its cells: one more line ends it */
#define IMPORT_BATCHES		4	/* batches between the two threads */

/*
 * Columns crm-ls prints but that crm computes: accepted in a header so
 * that crm's own output can be imported again, and ignored.  status is
 * not among them: it is checked against the stage (check_line()), as it
 * is the one a person may change in a spreadsheet to close a deal.
 */
static const char *const computed[] = {
	"id", "stage_label", "probability", "stage_entered",
	"days_in_stage", "last_activity", NULL
};

enum {
	COL_IGNORED = -1,	/* computed: ignored */
	COL_UNKNOWN = -2,
	COL_STATUS = -3,	/* checked against the stage */
	COL_UNNAMED = -4	/* an empty name: its cells must be empty */
};

/*
 * A header's name as spreadsheets write it: blanks around it dropped and
 * ASCII letters lower-cased, in place, so "Title" and " OWNER" match.
 */
static void
header_name(char *s)
{
	size_t n;
	char *p;

	for (p = s; *p == ' ' || *p == '\t'; p++)
		continue;
	n = strlen(p);
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	memmove(s, p, n);
	s[n] = '\0';
	for (p = s; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 'a' - 'A';
}

static int
column(const char *name)
{
	int i;

	if (name[0] == '\0')
		return COL_UNNAMED;
	if (strcmp(name, "status") == 0)
		return COL_STATUS;
	for (i = 0; i < CRM_DF_COUNT; i++)
		if (i != CRM_DF_NOTE && strcmp(crm_df_names[i], name) == 0)
			return i;
	for (i = 0; computed[i] != NULL; i++)
		if (strcmp(computed[i], name) == 0)
			return COL_IGNORED;
	return COL_UNKNOWN;
}

static void
import_columns(struct crm_strv *names)
{
	int i;

	for (i = 0; i < CRM_DF_COUNT; i++)
		if (i != CRM_DF_NOTE)
			crm_strv_add(names, crm_df_names[i]);
}

static void
bad_header(const char *fmt, const char *name)
{
	struct crm_strv names = { 0 };
	char *list;

	import_columns(&names);
	list = crm_strv_join(&names, ", ");
	warnx(fmt, name);
	errx(CRM_EXIT_USAGE, "import columns: %s", list);
}

/*
 * An unknown column, with a "did you mean".  A comma or a quote in a
 * name read as TSV says the input is CSV (-f csv is crm-add's output
 * format, an easy mistake for --csv); a tab in one read as CSV, TSV.
 */
static void
unknown_column(struct crm *crm, enum crm_rows_kind kind, const char *name)
{
	struct crm_strv names = { 0 };

	if (kind == CRM_ROWS_TSV && strpbrk(name, ",\"") != NULL)
		errx(CRM_EXIT_USAGE, "import: unknown column '%s' in the "
		    "header; for CSV input use --csv%s", name,
		    crm->fmt == CRM_FMT_CSV ? " (-f csv is the format of the "
		    "ids printed)" : "");
	if (kind == CRM_ROWS_CSV && strchr(name, '\t') != NULL)
		errx(CRM_EXIT_USAGE, "import: unknown column '%s' in the "
		    "header; for TSV input leave out --csv", name);
	import_columns(&names);
	errx(CRM_EXIT_USAGE, "import: %s",
	    crm_unknown("column", name, &names, "import columns"));
}

/*
 * Said once, after the bad lines, when some were not UTF-8: the whole
 * file is in another encoding, most often GBK (what Excel saves on
 * Chinese Windows), and a line-by-line fix would not do.
 */
static void
not_utf8(const struct crm_rows *rows)
{
	long line;

	if ((line = crm_rows_notutf8(rows)) != 0)
		warnx("import: the input is not UTF-8 (line %ld); convert it "
		    "first, e.g. from GBK: iconv -f GBK -t UTF-8 deals.csv > "
		    "deals-utf8.csv", line);
}

/* Checked lines, ready to write: the reader's or the writer's turn. */
struct import_batch {
	struct crm_dealvals	 v[IMPORT_BATCH];
	/* where each of v[].in is in text; (size_t)-1: an option's value */
	size_t			 off[IMPORT_BATCH][CRM_DF_COUNT];
	long long		 account[IMPORT_BATCH];	/* number; -1: none */
	size_t			 n;
	struct crm_buf		 text;	/* the lines' cells */
	int			 full;	/* the writer's turn */
	int			 last;	/* the reader has read everything */
};

/*
 * The writer's: account numbers to ids, 0 until looked up; next, the id
 * of the next new account when every name numbered is known new (see
 * crm_import()), else 0.
 */
struct import_ids {
	long long	*id;
	size_t		 n;
	long long	 next;
	/* accounts()'s, for a batch's new names */
	const char	*name[IMPORT_BATCH];
	time_t		 at[IMPORT_BATCH];
	long long	 got[IMPORT_BATCH], num[IMPORT_BATCH];
};

struct import {
	struct crm		*crm;
	struct crm_rows		*rows;
	char *const		*def;
	const int		*map;
	size_t			 ncols;
	int			 progress;
	/* The reader's, read by the writer once the reader has ended. */
	long long		 n, bad, line;
	struct crm_strmap	 names;	/* account names to their numbers */
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	struct import_batch	 b[IMPORT_BATCHES];
};

/* Waits for batch k to be the reader's (full 0) or the writer's (1). */
static struct import_batch *
batch_wait(struct import *im, size_t k, int full)
{
	struct import_batch *b = &im->b[k % IMPORT_BATCHES];

	pthread_mutex_lock(&im->mu);
	while (b->full != full)
		pthread_cond_wait(&im->cv, &im->mu);
	pthread_mutex_unlock(&im->mu);
	return b;
}

static void
batch_pass(struct import *im, struct import_batch *b, int full)
{
	pthread_mutex_lock(&im->mu);
	b->full = full;
	pthread_cond_broadcast(&im->cv);
	pthread_mutex_unlock(&im->mu);
}

/* The number of an account name, the same for each line naming it. */
static long long
account_number(struct import *im, const char *name)
{
	long long k;

	if (name == NULL || name[0] == '\0')
		return -1;
	if (crm_strmap_get(&im->names, name, &k))
		return k;
	k = (long long)im->names.n;
	return crm_strmap_put(&im->names, name, k) == 0 ? k : -1;
}

/*
 * A status cell must say what the stage does: a deal is won or lost by
 * its stage, and open in any other.  stage NULL: the line's stage was
 * bad (and said so), so only the word is checked.
 */
static int
check_status(const char *status, const char *stage, char *why,
    size_t whylen)
{
	const char *want;

	if (strcmp(status, "open") != 0 && strcmp(status, "won") != 0 &&
	    strcmp(status, "lost") != 0) {
		crm_why_add(why, whylen, "status '%s' must be open, won or "
		    "lost", status);
		return -1;
	}
	if (stage == NULL)
		return 0;
	want = strcmp(stage, "won") == 0 || strcmp(stage, "lost") == 0 ?
	    stage : "open";
	if (strcmp(status, want) == 0)
		return 0;
	crm_why_add(why, whylen, "status '%s' but stage '%s' (a deal is "
	    "closed by its stage: won or lost)", status, stage);
	return -1;
}

/*
 * One line: its values into b->v[b->n], its cells copied into b->text.
 * 1 when good, -1 with why when not.
 */
static int
check_line(struct import *im, struct import_batch *b, char **f, size_t nf,
    char *why, size_t whylen)
{
	struct crm_dealvals *v = &b->v[b->n];
	char *vals[CRM_DF_COUNT], *s;
	const char *status = NULL;
	size_t i, k, *off = b->off[b->n], unnamed = 0;
	unsigned cells = 0;	/* bit k: vals[k] is a cell */
	int col, rc;

	/* Missing cells at the end are empty; extra ones are not. */
	if (nf > im->ncols) {
		snprintf(why, whylen, "%zu fields, but the header has %zu", nf,
		    im->ncols);
		return -1;
	}
	/*
	 * An empty cell, or one of white space alone, is not set: the
	 * option's, or none.  The cells are trimmed here for that (as
	 * crm_deal_field() would), in the reader's buffer.
	 */
	memcpy(vals, im->def, sizeof(vals));
	for (k = 0; k < CRM_DF_COUNT; k++)
		off[k] = (size_t)-1;
	for (i = 0; i < nf; i++) {
		if ((s = crm_trim(f[i]))[0] == '\0')
			continue;
		if ((col = im->map[i]) >= 0) {
			vals[col] = s;
			cells |= 1u << col;
		} else if (col == COL_STATUS)
			status = s;
		else if (col == COL_UNNAMED && unnamed == 0)
			unnamed = i + 1;
	}
	rc = crm_deal_values(im->crm, vals, v, why, whylen);
	if (status != NULL && check_status(status, v->stage, why,
	    whylen) == -1)
		rc = -1;
	if (unnamed != 0) {
		crm_why_add(why, whylen, "column %zu has no name in the header "
		    "but is not empty", unnamed);
		rc = -1;
	}
	if (rc == -1)
		return -1;
	if (im->bad > 0)
		return 1;	/* only checked: nothing will be written */
	b->account[b->n] = account_number(im, v->in[CRM_DF_ACCOUNT]);
	/* The cells move with the batch; pointers are set when it is full. */
	for (k = 0; k < CRM_DF_COUNT; k++)
		if (cells & 1u << k) {
			off[k] = b->text.len;
			crm_buf_add(&b->text, v->in[k], strlen(v->in[k]) + 1);
		}
	b->n++;
	return 1;
}

static void
batch_seal(struct import_batch *b)
{
	size_t i, k;

	/* stage and pipeline point into the config, never into a cell. */
	for (i = 0; i < b->n; i++)
		for (k = 0; k < CRM_DF_COUNT; k++)
			if (b->off[i][k] != (size_t)-1)
				b->v[i].in[k] = b->text.s + b->off[i][k];
}

static void *
reader(void *arg)
{
	struct import *im = arg;
	struct import_batch *b;
	size_t k = 0, nf;
	char **f, why[2048], where[32];
	int rc;

	b = batch_wait(im, k, 0);
	for (;;) {
		rc = crm_rows_next(im->rows, &f, &nf, why, sizeof(why));
		if (rc == 0)
			break;
		im->line = crm_rows_line(im->rows);
		if (im->progress && im->line % IMPORT_PROGRESS_EVERY == 0)
			fprintf(stderr, "\r%s: line %lld", im->crm->prog,
			    im->line);
		if (rc == 1 && nf == 1 && f[0][0] == '\0')
			continue;	/* a blank line */
		if (rc == 1)
			rc = check_line(im, b, f, nf, why, sizeof(why));
		if (rc == -1) {
			if (im->bad++ < IMPORT_SHOW_ERRORS) {
				snprintf(where, sizeof(where), "line %lld: ",
				    im->line);
				crm_why_warn(where, why);
			}
			continue;
		}
		im->n++;
		if (b->n == IMPORT_BATCH || b->text.len >= IMPORT_BATCH_BYTES) {
			batch_seal(b);
			batch_pass(im, b, 1);
			b = batch_wait(im, ++k, 0);
			b->n = 0;
			b->text.len = 0;
			/* What a run of long lines made it is given back. */
			if (b->text.cap > 4 * IMPORT_BATCH_BYTES)
				crm_buf_free(&b->text);
		}
	}
	batch_seal(b);
	b->last = 1;
	batch_pass(im, b, 1);
	return NULL;
}

/*
 * The batch's accounts' ids: those whose numbers come for the first time
 * from the database, all in one call (crm_account_ids(), a few
 * statements for the batch where one a name was a fifth of a server
 * import), in the order the lines name them, as one at a time would.
 * 1 when a line's account is left to crm_deal_many() to look up (past
 * the bound).
 */
static int
accounts(struct crm *crm, struct import_ids *ids, struct import_batch *b)
{
	const char **name = ids->name;
	time_t *at = ids->at;
	long long *got = ids->got, *num = ids->num, k;
	size_t i, n = 0, want;
	int left = 0;

	for (i = 0; i < b->n; i++) {
		if ((k = b->account[i]) < 0) {
			/* none, or past the bound: looked up */
			left |= b->v[i].in[CRM_DF_ACCOUNT] != NULL &&
			    b->v[i].in[CRM_DF_ACCOUNT][0] != '\0';
			continue;
		}
		if ((size_t)k >= ids->n) {
			want = ids->n ? ids->n * 2 : 1024;
			while (want <= (size_t)k)
				want *= 2;
			ids->id = crm_reallocarray(ids->id, want,
			    sizeof(*ids->id));
			memset(ids->id + ids->n, 0,
			    (want - ids->n) * sizeof(*ids->id));
			ids->n = want;
		}
		if (ids->id[k] != 0)
			continue;
		ids->id[k] = -1;	/* asked for: once in the batch */
		name[n] = b->v[i].in[CRM_DF_ACCOUNT];
		at[n] = b->v[i].created;
		num[n++] = k;
	}
	crm_account_ids(crm, name, at, n, got, &ids->next);
	for (i = 0; i < n; i++)
		ids->id[num[i]] = got[i];
	for (i = 0; i < b->n; i++)
		if ((k = b->account[i]) >= 0)
			b->v[i].account_id = ids->id[k];
	return left;
}

static void
import_free(struct import *im)
{
	size_t k;

	crm_strmap_free(&im->names);
	for (k = 0; k < IMPORT_BATCHES; k++)
		crm_buf_free(&im->b[k].text);
	pthread_mutex_destroy(&im->mu);
	pthread_cond_destroy(&im->cv);
	free(im);
}

/* An option of crm-add, for every line: exits 2 when it is bad. */
static void
option_check(struct crm *crm, int df, char *defs[CRM_DF_COUNT],
    struct crm_dealvals *scratch)
{
	char why[1024];

	if (defs[df] != NULL && crm_deal_field(crm, df, &defs[df], scratch,
	    why, sizeof(why)) == -1)
		errx(CRM_EXIT_USAGE, "%s", why);
}

int
crm_import(struct crm *crm, FILE *in, enum crm_rows_kind kind,
    char *const def[CRM_DF_COUNT], struct crm_out *o)
{
	struct crm_rows *rows;
	struct crm_strv hdr = { 0 };
	struct stat sb;
	struct crm_dealvals scratch;
	struct import_ids *ids;
	struct import *im;
	struct import_batch *b;
	pthread_t th;
	char **f, why[1024], *defs[CRM_DF_COUNT];
	size_t nf, ncols, i, j, k;
	int *map, rc, progress, last_batch, grown = 0, deferred = 0, alone;
	int left;
	long long first = 0, last = 0, n = 0, had;

	/*
	 * The options are checked as they are for one deal, once, before
	 * anything is read: a bad one is a usage error, not a bad line
	 * each.  What depends on a line (a stage of its pipeline) is checked
	 * with the line.
	 */
	memset(&scratch, 0, sizeof(scratch));
	memcpy(defs, def, sizeof(defs));
	/* The currency first: an amount's symbol is held to it. */
	option_check(crm, CRM_DF_CURRENCY, defs, &scratch);
	for (k = 0; k < CRM_DF_COUNT; k++)
		if (k != CRM_DF_CURRENCY)
			option_check(crm, (int)k, defs, &scratch);
	progress = isatty(STDERR_FILENO);
	rows = crm_rows_open(in, kind);
	rc = crm_rows_next(rows, &f, &nf, why, sizeof(why));
	if (rc == 0)
		errx(CRM_EXIT_USAGE, "import: no header line on stdin (it "
		    "names the columns, e.g. title, account, owner, amount)");
	if (rc == -1) {
		warnx("import: line %ld: %s", crm_rows_line(rows), why);
		not_utf8(rows);
		exit(CRM_EXIT_USAGE);
	}
	ncols = nf;
	map = crm_calloc(ncols, sizeof(*map));
	for (i = 0; i < ncols; i++) {
		crm_strv_add(&hdr, f[i]);
		header_name(f[i]);
	}
	for (i = 0; i < ncols; i++) {
		if ((map[i] = column(f[i])) == COL_UNKNOWN)
			unknown_column(crm, kind, hdr.v[i]);
		for (j = 0; j < i; j++)
			if (map[i] != COL_UNNAMED && strcmp(f[i], f[j]) == 0)
				errx(CRM_EXIT_USAGE, "import: column '%s' "
				    "appears twice in the header", hdr.v[i]);
	}
	for (i = 0; i < ncols && map[i] != CRM_DF_TITLE; i++)
		continue;
	if (i == ncols)
		bad_header("import: the header has no '%s' column", "title");

	/*
	 * The first import into a database with no deals (from the
	 * spreadsheet or the system before crm), read from a file, may hold
	 * the database to itself: SQLite then writes it in its
	 * rollback-journal mode (db-sqlite.c), and other commands wait for
	 * the import to end.  Not from a pipe, which may take as long as it
	 * likes.  First: it may open the database again.
	 */
	alone = fstat(fileno(in), &sb) == 0 && S_ISREG(sb.st_mode) &&
	    crm_deal_last_id(crm) == 0;
	crm_bulk_begin(crm, alone);
	had = crm_deal_last_id(crm);
	ids = crm_calloc(1, sizeof(*ids));	/* 64 KB: not on the stack */
	/*
	 * Into a server database with no account yet, under the write lock,
	 * every name the reader numbers is new, and asked for once: the
	 * accounts go by COPY with their ids given (ids->next on), where the
	 * inserts that find out were a tenth of a 100,000-deal import.
	 */
	if (crm_copy_can(crm) && crm_account_last_id(crm) == 0)
		ids->next = 1;

	im = crm_calloc(1, sizeof(*im));
	im->crm = crm;
	im->rows = rows;
	im->def = defs;
	im->map = map;
	im->ncols = ncols;
	im->progress = progress;
	im->names.max = IMPORT_ACCOUNTS_MAX;
	if ((rc = pthread_mutex_init(&im->mu, NULL)) != 0 ||
	    (rc = pthread_cond_init(&im->cv, NULL)) != 0 ||
	    (rc = pthread_create(&th, NULL, reader, im)) != 0) {
		errno = rc;
		err(CRM_EXIT_DB, "import: cannot start a thread");
	}
	/*
	 * The lines come in order; after a bad one the reader only checks
	 * the rest, and sends none.
	 */
	for (k = 0, last_batch = 0; !last_batch; k++) {
		b = batch_wait(im, k, 1);
		/* The batch's accounts, then its deals (COPY holds the line). */
		left = accounts(crm, ids, b);
		crm_deal_many(crm, b->v, b->n, had + n + 1);
		/* crm_deal_many() made the accounts it looked up: after them. */
		if (left && ids->next > 0)
			ids->next = crm_account_last_id(crm) + 1;
		n += (long long)b->n;
		if (!grown && n >= IMPORT_BULK_MIN && n > had) {
			deferred = crm_bulk_grown(crm);
			grown = 1;
		}
		last_batch = b->last;
		batch_pass(im, b, 0);
	}
	if ((rc = pthread_join(th, NULL)) != 0) {
		errno = rc;
		err(CRM_EXIT_DB, "import: thread");
	}
	if (progress && im->line >= IMPORT_PROGRESS_EVERY)
		fprintf(stderr, "\r%s: %lld deals read\n", crm->prog, im->n);
	free(ids->id);
	free(ids);
	crm_strv_free(&hdr);
	free(map);
	if (im->bad > IMPORT_SHOW_ERRORS)
		warnx("... and %lld more bad lines",
		    im->bad - IMPORT_SHOW_ERRORS);
	not_utf8(rows);
	crm_rows_close(rows);
	if (im->bad > 0 || im->n == 0) {
		crm_bulk_end(crm, 0);
		if (im->n == 0 && im->bad == 0)
			warnx("import: no deals after the header");
		else
			warnx("import: %lld bad line%s; nothing imported",
			    im->bad, im->bad == 1 ? "" : "s");
		import_free(im);
		return 1;
	}
	import_free(im);
	/*
	 * The write lock was held throughout, so the new rows have
	 * consecutive ids, up to the highest: asked once here, not of each
	 * statement (RETURNING on the 16-row inserts made a 300,000-deal
	 * import 3.0 -> 3.7 s).
	 */
	last = crm_deal_last_id(crm);
	first = last - n + 1;
	/* The deals' first stage changes, from their rows, in one pass. */
	crm_deal_first_changes(crm, first, last, defs[CRM_DF_NOTE]);
	if (deferred && progress)
		fprintf(stderr, "%s: indexing\n", crm->prog);
	crm_bulk_end(crm, 1);
	for (; first <= last; first++) {
		crm_out_int(o, first);
		crm_out_end(o);
	}
	return 0;
}
