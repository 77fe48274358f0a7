/*
 * libcrm: everything the crm commands share.  Prototypes are grouped by
 * the file that defines them.  Public names start with crm_.
 *
 * Conventions:
 * - Parsers return 0 on success and -1 on failure; on failure they write
 *   a one-line, lower-case reason without the bad value's context into
 *   err (size errlen), e.g. "day 30 is past the end of February".
 * - Functions that end the program (on a config or database error) say so;
 *   they print "prog: message" through errx(3) and exit with CRM_EXIT_*.
 */
#ifndef CRM_H
#define CRM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#define CRM_VERSION	"0.1.0"

enum {
	CRM_EXIT_OK = 0,
	CRM_EXIT_PARTIAL = 1,	/* some deals not acted on; crm-stale: none */
	CRM_EXIT_USAGE = 2,	/* usage or config error */
	CRM_EXIT_DB = 3		/* database error */
};

/* util.c */
void	*crm_malloc(size_t);
void	*crm_calloc(size_t, size_t);
void	*crm_realloc(void *, size_t);
void	*crm_reallocarray(void *, size_t, size_t);
char	*crm_strdup(const char *);
char	*crm_strndup(const char *, size_t);
char	*crm_asprintf(const char *, ...)
	    __attribute__((format(printf, 1, 2)));

/* A growable string; s is always NUL-terminated once anything was added. */
struct crm_buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};
void	 crm_buf_add(struct crm_buf *, const char *, size_t);
void	 crm_buf_adds(struct crm_buf *, const char *);
void	 crm_buf_addc(struct crm_buf *, int);
void	 crm_buf_printf(struct crm_buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 crm_buf_reset(struct crm_buf *);
/*
 * Several reasons something is bad, one a line: crm_why_add() appends
 * one to why (size whylen, a string; empty for none yet), after a
 * newline when it holds one already, cut off as by snprintf when it does
 * not fit.  crm_why_warn() prints each as a warning of its own,
 * "prog: PREFIXreason".
 */
void	 crm_why_add(char *why, size_t whylen, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
void	 crm_why_warn(const char *prefix, const char *why);
void	 crm_buf_free(struct crm_buf *);

/* A list of strings. */
struct crm_strv {
	char	**v;
	size_t	  n;
	size_t	  cap;
};
void	 crm_strv_add(struct crm_strv *, const char *);
int	 crm_strv_has(const struct crm_strv *, const char *);
void	 crm_strv_free(struct crm_strv *);
/* "a, b, c": for error messages; returned string is the caller's. */
char	*crm_strv_join(const struct crm_strv *, const char *);

/* Memory handed out in pieces and freed all at once. */
struct crm_arena {
	struct crm_arena_block	*head;
};
void	*crm_arena_alloc(struct crm_arena *, size_t);
void	 crm_arena_free(struct crm_arena *);

/*
 * Strings to numbers, in at most max bytes of memory (set it before the
 * first put; 0: no bound): put returns -1, storing nothing, when a new
 * key would pass it.  Keys are copied.  Zero-initialise; free with
 * crm_strmap_free().
 */
struct crm_strmap {
	struct crm_strmap_slot	*slot;
	size_t			 cap, n, max;
	struct crm_buf		 keys;
};
int	 crm_strmap_get(const struct crm_strmap *, const char *, long long *);
int	 crm_strmap_put(struct crm_strmap *, const char *, long long);
void	 crm_strmap_free(struct crm_strmap *);

/* suggest.c: "did you mean" */
/*
 * Optimal string alignment distance (Levenshtein with adjacent swaps as
 * one edit) between a and b, counted in code points, ASCII letters
 * compared without case; -1 when either is over 64 code points.
 */
int	 crm_edit_distance(const char *, const char *);
/*
 * The name in names closest to word: within one edit per three
 * characters (at least 1, at most 3), or else the first name that starts
 * with word (3 characters or more); NULL when none is close.  An exact
 * match is not a suggestion.
 */
const char *crm_suggest(const char *, const struct crm_strv *);
/*
 * "unknown WHAT 'WORD': did you mean 'NEAR'? (LISTNAME: a, b, c)", or
 * without the question when nothing is close; the caller frees it.
 */
char	*crm_unknown(const char *what, const char *word,
	    const struct crm_strv *names, const char *listname);

/* num.c */
/*
 * Whole number in [min, max], decimal digits only with an optional
 * leading '-'; no spaces, no '+', no empty string.
 */
int	 crm_strtonum(const char *, long long, long long, long long *,
	    char *, size_t);
/* v in decimal into a buffer of at least 21 bytes; returns the length */
size_t	 crm_fmt_int(long long, char *);

/* utf8.c */
/*
 * Returns 0 when s[0..len) is valid UTF-8 (no overlong forms, no
 * surrogates, nothing past U+10FFFF) and holds no NUL byte; else -1 and
 * *badoff set to the offset of the first bad byte.
 */
int	 crm_utf8_check(const char *, size_t, size_t *);
/*
 * Columns s takes on a terminal: East Asian Wide and Fullwidth
 * characters count 2, combining marks and zero-width characters 0,
 * control characters 0, others 1.  Locale-independent.
 */
size_t	 crm_width(const char *);
/*
 * The character at the start of the NUL-terminated s: returns its length
 * in bytes (0 at the NUL) and sets *cp to its code point.  A byte that
 * does not start a valid character is a character of length 1 and code
 * point CRM_UTF8_BAD, so an error can quote whole characters.
 */
#define CRM_UTF8_BAD	0xffffffffU
size_t	 crm_utf8_next(const char *, uint32_t *);
/*
 * The fullwidth forms of ASCII, U+FF01-FF5E (what an East Asian input
 * method types: ０-９, ，, ．, ／, ：, ＋, －), as ASCII: cp - 0xFEE0.
 * Any other code point is returned as it is.
 */
uint32_t crm_fullwidth_ascii(uint32_t);
/*
 * s with its fullwidth forms of ASCII as ASCII, in a new string the
 * caller frees; NULL when s holds none (and nothing was copied).
 */
char	*crm_fullwidth_fold(const char *);

/* when.c */
/*
 * Parses date input relative to now:
 *   YYYY-MM-DD                  local midnight; also YYYY/MM/DD, and
 *                               months and days of one digit (2026/1/5)
 *   YYYY-MM-DDTHH:MM[:SS[.F]]   local time ('T' or ' '); a fraction F of
 *                               a second is dropped
 *   ... with Z                  UTC
 *   ... with +HH:MM, +HHMM, +HH that offset from UTC (or -), from -12:00
 *                               to +14:00: 09:00+08:00 is 01:00Z
 *   now                         now
 *   today, yesterday, tomorrow  local midnight
 *   [+-]N(d|w|m|y)              now plus or minus N days, weeks, months,
 *                               years (months clamp the day: Jan 31 +1m
 *                               is Feb 28/29)
 * Fullwidth digits and signs (２０２６／１２／１) read as ASCII.  Years
 * 1970-9999, and the time must lie within 1970-01-01T00:00:00Z to
 * 9999-12-31T23:59:59Z, so that it prints in UTC and reads back.  Dates
 * must exist (2026-02-30 is an error).
 */
int	 crm_when_parse(const char *, time_t now, time_t *, char *, size_t);
/*
 * Same input; the result is the local calendar date "YYYY-MM-DD" (11
 * bytes), in the years 1970-9999 (its midnight may fall before the epoch).
 * A date written out is that date, whatever time or offset follows it;
 * now is today.
 */
int	 crm_date_parse(const char *, time_t now, char out[11], char *,
	    size_t);
/* "2026-11-24T09:30:00Z" (21 bytes) */
void	 crm_time_iso(time_t, char out[21]);
/* "2026-11-24 09:30" local time (17 bytes), for tables */
void	 crm_time_local(time_t, char out[17]);
/* floor((now - since) / 86400), never negative */
long long crm_days(time_t since, time_t now);
/*
 * Milliseconds since 1970-01-01T00:00Z of a date "YYYY-MM-DD" (what crm
 * writes), or of one edited in by hand with a time and an offset after
 * it ("2026-11-20T10:00", " 10:00:30.5+08:00"), read as SQLite's
 * julianday() reads them: month 01-12, day 01-31 (past the month's end
 * it runs into the next), hours 00-24; LLONG_MIN when s is none of
 * these (julianday()'s other forms, a bare time, a day number, 'now',
 * years before 0, are not read).  Date arithmetic in C, the same
 * whatever the backend.
 */
long long crm_date_ms(const char *s);

/* money.c */
/*
 * "12000", "12000.5", "12,000.50" into minor units (1200050).  Commas
 * must group by three; at most two decimals; not negative; must fit in
 * int64 minor units.  万 or 萬 (10^4), 亿 or 億 (10^8) may follow the
 * number: "3.5万" is 3500000, "1.2亿" 12000000000; the decimals before
 * them may go down to a cent and no further (at most 6 before 万, 10
 * before 亿).  Fullwidth digits, comma and point (０-９，．) read as
 * ASCII.  No currency symbol: see crm_money_parse_in().  An error quotes
 * whole UTF-8 characters ("'元' does not belong in an amount; ...").
 */
int	 crm_money_parse(const char *, int64_t *, char *, size_t);
/*
 * The same for a deal in currency (an ISO 4217 code, compared without
 * case), with a currency symbol allowed before the number when it stands
 * for that currency: ¥ or ￥ (CNY, JPY), $ or ＄ or US$ (USD), HK$ (HKD),
 * NT$ (TWD), € (EUR), £ or ￡ (GBP).  A symbol that stands for another
 * currency is an error naming both: "'$' is USD but the deal's currency
 * is CNY".  currency NULL: as crm_money_parse(), no symbol.
 */
int	 crm_money_parse_in(const char *, const char *currency, int64_t *,
	    char *, size_t);
/*
 * The ISO 4217 code of the symbol s starts with ("CNY" for ¥, the first
 * of the two), or NULL when s starts with none: for checking an amount
 * before its deal, and so its currency, is known (crm-set).
 */
const char *crm_money_symbol(const char *);
/* "12000.50" (no grouping); buffer of 32 bytes is always enough */
void	 crm_money_fmt(int64_t, char out[32]);
/*
 * A currency code of ISO 4217, in either case, into out as upper case
 * ("jpy" is "JPY"); out is untouched on failure.  The list is built in
 * (money.c says which): "", "yen", "US$", "12", "USDT" and "ABC" are
 * refused, and a name people use for a code ("rmb") gets the code as a
 * hint.
 */
int	 crm_currency_parse(const char *, char out[4], char *, size_t);

/* rows.c: reading TSV and CSV records */
struct crm_rows;
enum crm_rows_kind { CRM_ROWS_TSV, CRM_ROWS_CSV };
struct crm_rows *crm_rows_open(FILE *, enum crm_rows_kind);
/*
 * Reads the next record.  Returns 1 and sets *fields and *nfields (valid until
 * the next call) on a record, 0 at end of input, -1 on a malformed record
 * (err says why; the reader skips to the next line and can go on).
 * crm_rows_line() is the line number where the last record began.
 * TSV: fields split at tabs; \\ \t \n \r are unescaped, any other
 * backslash is an error.  CSV: RFC 4180 (quoted fields may hold commas,
 * quotes as "", and line breaks).  Both: a UTF-8 byte order mark at the
 * start of the input is dropped, and one of UTF-16 is an error; a
 * trailing CR before LF is dropped; a NUL byte or invalid UTF-8 is an
 * error; blank lines are returned as a record of one empty field.
 */
int	 crm_rows_next(struct crm_rows *, char ***, size_t *, char *, size_t);
long	 crm_rows_line(const struct crm_rows *);
/* The first line refused as invalid UTF-8 so far; 0 for none. */
long	 crm_rows_notutf8(const struct crm_rows *);
void	 crm_rows_close(struct crm_rows *);

/* out.c: one writer for every output format */
enum crm_fmt {
	CRM_FMT_AUTO,	/* table when stdout is a terminal, else TSV */
	CRM_FMT_TABLE,
	CRM_FMT_TSV,
	CRM_FMT_CSV,
	CRM_FMT_JSON,
	CRM_FMT_JSONL
};
int	 crm_fmt_parse(const char *, enum crm_fmt *);
/* Column flags */
#define CRM_COL_RIGHT	0x01	/* right-align in tables (numbers) */
#define CRM_COL_HIDE	0x02	/* not shown in table format */
#define CRM_COL_VARIES	0x04	/* table: shown only when two of its
				   non-empty cells differ (a currency) */
struct crm_col {
	const char	*name;
	int		 flags;
};
/* Writer flags */
#define CRM_OUT_HEADER	0x01	/* TSV: header line (CSV always has one) */
#define CRM_OUT_COLOR	0x02	/* table: bold header */
#define CRM_OUT_SINGLE	0x04	/* JSON: one object, no array around it */
#define CRM_OUT_NOHEAD	0x08	/* table/CSV: no header line */
#define CRM_OUT_INLINE	0x10	/* JSON: array (or with SINGLE, object) on
				   one line, nothing after: to nest it */
struct crm_out;
struct crm_out *crm_out_new(FILE *, enum crm_fmt, const struct crm_col *,
	    size_t ncols, int flags);
/*
 * Cells are given in column order, one call each, then crm_out_end().
 * NULL strings and crm_out_null() are JSON null and empty elsewhere.
 * Tables are buffered to align them; every other format streams.
 */
void	 crm_out_str(struct crm_out *, const char *);
void	 crm_out_int(struct crm_out *, long long);
void	 crm_out_money(struct crm_out *, int64_t);
void	 crm_out_time(struct crm_out *, time_t);	/* 0 is null */
void	 crm_out_bool(struct crm_out *, int);
void	 crm_out_null(struct crm_out *);
/* percent with one decimal: 12.5; JSON number */
void	 crm_out_pct(struct crm_out *, double);
void	 crm_out_end(struct crm_out *);
/*
 * Table only: a blank line before the next row, which stays aligned
 * with the rows above (totals under the rows they add up); nothing in
 * any other format.
 */
void	 crm_out_gap(struct crm_out *);
/*
 * JSON/JSONL only: like crm_out_end() but leaves the object open so the
 * caller can add members with crm_out_json_key() and then close it with
 * crm_out_json_close().
 */
void	 crm_out_end_open(struct crm_out *);
void	 crm_out_json_key(struct crm_out *, const char *);
void	 crm_out_json_close(struct crm_out *);
/* Prints a buffered table, closes a JSON array, and frees. */
void	 crm_out_free(struct crm_out *);
FILE	*crm_out_file(struct crm_out *);
enum crm_fmt crm_out_fmt(const struct crm_out *);
/* JSON string with quotes; control characters escaped as \uXXXX/\n... */
void	 crm_json_str(FILE *, const char *);
/* TSV field with \\ \t \n \r escaped */
void	 crm_tsv_str(FILE *, const char *);
/* CSV field, quoted when it holds , " CR or LF or leading/trailing space */
void	 crm_csv_str(FILE *, const char *);
/* s for a terminal: \n \t \r and other controls written as escapes */
char	*crm_table_text(const char *);
/* s padded with spaces to w display columns */
void	 crm_pad(FILE *, const char *, size_t w, int right);

/* config.c */
struct crm_req {
	char	*kind;
	int	 n;
};
struct crm_stage {
	char		*name;
	char		*label;		/* name when not set */
	char		*hint;		/* NULL: the default for its position */
	int		 probability;
	int		 max_days;	/* 0: no limit */
	struct crm_req	*req;
	size_t		 nreq;
	/*
	 * requires: meet: [ROLE, ...], a contact of each role (of
	 * contact_roles:) met in an activity in the stage; member: [ROLE,
	 * ...], a current member of each role (of deal_roles:) on the deal
	 * team.  Empty: none.
	 */
	struct crm_strv	 meet;
	struct crm_strv	 member;
	/*
	 * renamed_from: the names this stage had before (none a stage of
	 * its pipeline now, nor won or lost, each in one stage only).
	 * Rows keep the name they were written with; read, it is this
	 * stage.
	 */
	struct crm_strv	 renamed_from;
};
struct crm_pipeline {
	char		*name;
	struct crm_stage *stages;	/* open stages, in order */
	size_t		 nstages;
	size_t		 nrenamed;	/* old names in all its stages */
	struct crm_strv	 lost_reasons;	/* empty: any reason */
};
struct crm_team {
	char		*manager;
	struct crm_strv	 reports;
};
struct crm_config {
	char		*file;		/* "(built-in)" for the default */
	char		*currency;
	char		*database;	/* NULL unless set */
	int		 idle_days;
	char		*hints[3];	/* early, middle, late */
	/* stale.single_threaded_from: stage names, each of some pipeline
	   and at most one a pipeline; none: no single-threaded reason */
	struct crm_strv	 single_from;
	struct crm_pipeline *pipes;
	size_t		 npipes;
	struct crm_strv	 kinds;
	struct crm_team	*team;
	size_t		 nteam;
	/* contact_roles: and deal_roles:, never empty (defaults) */
	struct crm_strv	 contact_roles;	/* a contact's role (crm-contact -r) */
	struct crm_strv	 deal_roles;	/* our deal team's (crm-set --member) */
};
extern const char crm_default_config[];	/* config.example.yaml */
extern const size_t crm_default_config_len;
/* Returns NULL and sets err to "FILE:LINE:COL: message" on error. */
struct crm_config *crm_config_parse(const char *buf, size_t len,
	    const char *file, char *err, size_t errlen);
/* -C, $CRM_CONFIG, $XDG_CONFIG_HOME, ~/.config, built-in; exits 2. */
struct crm_config *crm_config_load(const char *path);
/*
 * The text of the local config crm_config_load(path) would read, found
 * the same way (the built-in default's own text when there is no file),
 * NUL-terminated, its length in *len and its name for messages in *name
 * ("(built-in)"); the caller frees both.  Exits 2 when a file cannot be
 * read.
 */
char	*crm_config_text(const char *path, size_t *len, char **name);
/*
 * The text of the config file path ("-": standard input), as
 * crm_config_load() reads a file: refused when it is writable by others
 * or a directory; the caller frees.  Exits 2 when it cannot be read.
 */
char	*crm_config_read(const char *path, size_t *len);
void	 crm_config_free(struct crm_config *);
struct crm_pipeline *crm_pipeline_find(const struct crm_config *,
	    const char *);
/*
 * The index of the stage of p that name, as stored in a row, stands
 * for: a stage's name, else a name in a stage's renamed_from; -1 for
 * won, lost and a name p no longer has.
 */
int	 crm_stage_index(const struct crm_pipeline *, const char *);
/*
 * The name to show for a stage stored in a row of a deal of pipeline
 * pipe: the name of the stage it stands for now (crm_stage_index()), or
 * stored itself (won, lost, a stage or pipeline the config no longer
 * has, NULL).  Owned by cfg or the caller's string.
 */
const char *crm_stage_shown(const struct crm_config *, const char *pipe,
	    const char *stored);
/* "lead, needs, ..., won, lost" for error messages; caller frees */
char	*crm_stage_list(const struct crm_pipeline *);
/* name and everyone below them in team:, name included */
void	 crm_team_members(const struct crm_config *, const char *,
	    struct crm_strv *);
/*
 * The stage named s in p, by name, by a name it was renamed_from, or by
 * label ("won" and "lost" too): the stage's name (owned by p), or NULL.
 */
const char *crm_stage_name(const struct crm_pipeline *, const char *);
/* "unknown stage 's': did you mean ...? (stages of P: ...)"; caller frees. */
char	*crm_stage_unknown(const struct crm_pipeline *, const char *);
/* "unknown pipeline 's': did you mean ...? (pipelines: ...)"; caller frees. */
char	*crm_pipeline_unknown(const struct crm_config *, const char *);
/* Every person in team:, managers and reports, each once. */
void	 crm_team_people(const struct crm_config *, struct crm_strv *);
/*
 * Whether names are checked against team:: it is there, and not the
 * built-in config's, whose team is an example.
 */
int	 crm_team_checked(const struct crm_config *);
/*
 * 0 when name is a person of team:, or when crm_team_checked() is 0;
 * else -1 and why says "unknown person 'x': did you mean ...? (people in
 * team: ...)".  A name that passes costs no allocation, so an import may
 * ask for every line.
 */
int	 crm_person_check(const struct crm_config *, const char *, char *,
	    size_t);
/*
 * The same whatever the config: a name given to -T must be in team:
 * whenever there is one, the built-in example's too, as -T means "and
 * everyone below them there".
 */
int	 crm_team_check(const struct crm_config *, const char *, char *,
	    size_t);
const char *crm_stage_hint(const struct crm_config *,
	    const struct crm_pipeline *, int stage);

/* db.c: the database layer, one interface over a driver per backend */
/*
 * A connection (struct crm_db) and a prepared statement (struct
 * crm_stmt) belong to the driver that made them (lib/db-private.h; the
 * SQLite one is lib/db-sqlite.c).  Callers write SQL with ? parameters,
 * numbered from 1, and bind every value; they never name a backend.
 * Statements come from crm_prepare() (common.c), which keeps each for
 * the run.  Integers are 64-bit; text is UTF-8, NUL-terminated.
 */
struct crm_db;
struct crm_stmt;
/* What crm_step() returns: a row to read, or the end of the statement. */
enum { CRM_DONE = 0, CRM_ROW = 1 };
/* -D, $CRM_DB, database: in the config, XDG data dir; caller frees. */
char	*crm_db_path(const char *opt, const struct crm_config *);
/* 1 when path is a libpq URI (postgresql:, postgres:), else 0. */
int	 crm_db_is_uri(const char *);
/*
 * Opens path with the driver its form names: a file, SQLite, creating
 * it 0600 and its parents 0700 when create is 1 or CRM_DB_INIT, and
 * bringing its schema up to date; a postgresql: or postgres: URI,
 * PostgreSQL (lib/db-pgsql.c), which makes the schema only for
 * CRM_DB_INIT (crm-admin init) and never migrates.  create 0: a command
 * that only reads.  Exits 3 with a message naming the database (never
 * a password) on any error, on a database that does not exist when
 * create is 0, on a server database without crm's schema or at another
 * version; exits 2 on a URI when crm was built without libpq.
 */
#define CRM_DB_INIT	2
/*
 * CRM_DB_MIGRATE (crm-admin migrate): opens a database that exists, at
 * an older version too, for crm_db_migrate(); creates nothing.
 */
#define CRM_DB_MIGRATE	3
struct crm_db *crm_db_open(const char *path, int create);
/*
 * Brings a database opened with CRM_DB_MIGRATE to this crm's schema
 * version, in one transaction under the writers' lock: the version it
 * had.  Exits 3 on failure or when there is no way from that version.
 */
int	 crm_db_migrate(struct crm_db *);
/* The database's name for messages (a URI's server, never a password). */
const char *crm_db_name(const struct crm_db *);
/*
 * The backend's own integrity checks (SQLite's integrity_check and
 * foreign_key_check), a line to out for each problem: how many; exits 3
 * when they cannot run.
 */
int	 crm_db_check(struct crm_db *, FILE *out);
/* Closes; every statement of db must be finalized (crm_finish()). */
void	 crm_db_close(struct crm_db *);
/*
 * For a command that makes a database file and must not leave it behind
 * when it fails: creates path, empty (SQLite takes an empty file for a
 * new database), only when nothing is there, and says 1 when it did; 0
 * when path is a URI, a file is there already, or it cannot be made
 * (crm_db_open() then says why).  crm_db_unlink() removes the file and
 * SQLite's -wal, -shm and -journal beside it.
 */
int	 crm_db_claim(const char *path);
void	 crm_db_unlink(const char *path);
/*
 * Parameter i (from 1) of st: an integer; text, copied (NULL binds
 * null); text not copied, which must stay unchanged until st is stepped
 * (the import binds a million rows' cells); null.  A parameter not bound
 * since crm_prepare() is null.
 */
void	 crm_bind_int(struct crm_stmt *, int, long long);
void	 crm_bind_text(struct crm_stmt *, int, const char *);
void	 crm_bind_ref(struct crm_stmt *, int, const char *);
void	 crm_bind_null(struct crm_stmt *, int);
/*
 * Column i (from 0) of the row crm_step() just gave: as an integer (0
 * for null), as text (NULL for null; valid until the next step or reset
 * of st), whether it is null, and as text the caller frees.
 */
long long crm_col_int(struct crm_stmt *, int);
const char *crm_col_text(struct crm_stmt *, int);
int	 crm_col_null(struct crm_stmt *, int);
char	*crm_col_strdup(struct crm_stmt *, int);
/*
 * Ends st's run before its last row, giving up what it holds (its
 * rows' strings among them); the bindings stay.  Needed before another
 * statement's work when st stopped on a row (PostgreSQL runs one query
 * at a time per connection), and after a statement whose row was read.
 */
void	 crm_reset(struct crm_stmt *);

/* db-sqlite.c: the SQLite driver */
/* How long a command waits for a lock, and how often it looks again. */
#define CRM_DB_WAIT_MS	60000
#define CRM_DB_RETRY_MS	10
/*
 * The schema's version: SQLite's PRAGMA user_version (its migrations),
 * PostgreSQL's crm_meta row, the same number on both.
 */
int	 crm_db_schema_version(void);
/* lib/schema.sql, made into lib/schema.c: the SQLite schema, version 1. */
extern const char crm_schema_sql[];
extern const size_t crm_schema_sql_len;

/* common.c: what every command shares */
struct crm {
	const char	*prog;
	struct crm_db	*db;
	char		*dbpath;	/* for messages */
	struct crm_stmt	**stmts;	/* prepared once per run */
	size_t		 nstmts;
	struct crm_config *cfg;
	time_t		 now;
	char		*user;
	enum crm_fmt	 fmt;
	int		 outflags;
	/* options shared by every command */
	const char	*opt_db;
	const char	*opt_config;
	const char	*opt_format;
	int		 opt_header;
	/* stages.c: open deals in stages the config has not, read once */
	struct crm_orphan *orphans;
	size_t		 norphans;
	int		 orphans_read;	/* 1: read; 2: and warned of */
};
/* Shared option ids for getopt_long (values past the char range). */
enum {
	CRM_OPT_HEADER = 256,
	CRM_OPT_VERSION,
	CRM_OPT_FIRST_LOCAL = 300	/* commands number theirs from here */
};
/*
 * Handles -D, -C, -f, --header, --version (exits) for any command.
 * Returns 1 when ch was one of them.
 */
int	 crm_common_opt(struct crm *, int ch, const char *arg);
/* Reads config, database, CRM_NOW, CRM_USER; exits on error. */
void	 crm_init(struct crm *, const char *prog);
/*
 * CRM_NOW, the acting person and the config.  On a server (the database
 * a URI) it connects, since the server says both: the acting person is
 * the login, and a $CRM_USER naming anyone else is an error (exit 2);
 * crm_open_db() then keeps that connection.  An SQLite file that is
 * there (not empty) is opened too, so that on both backends the config
 * in force is the one pushed into the database, when there is one
 * (crm_config_in_force()), with the local file's database:.
 * crm_open_config_nopush() does all but that (crm-admin config, which
 * must not depend on the pushed config parsing).  crm_open_config_local()
 * reads the local config alone (crm-admin init and migrate, before
 * there is a schema to read).
 */
void	 crm_open_config(struct crm *);
void	 crm_open_config_nopush(struct crm *);
void	 crm_open_config_local(struct crm *);
void	 crm_open_db(struct crm *);
/*
 * The same for commands that only read: a database file that does not
 * exist is an error (exit 3) naming the path, and none is created.
 */
void	 crm_open_db_read(struct crm *);
/* Closes the database (and its statements) and opens it again. */
void	 crm_reopen_db(struct crm *);
/* Flushes stdout (a write error is an error), closes; returns status. */
int	 crm_finish(struct crm *, int status);
/* Prints "prog: message" and exits with the database status 3. */
void	 crm_dbfail(struct crm *, const char *what)
	    __attribute__((noreturn));
/*
 * The statement for sql, prepared the first time and kept for the run
 * (found again by the same pointer, else the same text): reset, every
 * parameter null.  Exits 3 when sql does not prepare.
 */
struct crm_stmt *crm_prepare(struct crm *, const char *sql);
/* CRM_ROW or CRM_DONE; exits 3 with the database's message on error. */
int	 crm_step(struct crm *, struct crm_stmt *);
/*
 * Steps an INSERT of one row ending in " RETURNING id" (crm's way to
 * learn a new row's id on every backend) and resets it: the id, or 0
 * when it inserted nothing (ON CONFLICT DO NOTHING).  Exits 3 on error.
 */
long long crm_step_id(struct crm *, struct crm_stmt *);
/* SQL without parameters or rows (DDL); exits 3 naming it on error. */
void	 crm_exec(struct crm *, const char *sql);
/*
 * A cache of mb megabytes from now on, for work that comes back to the
 * same pages (an import's indexes, crm-stale's account names); SQLite's
 * page cache, whose default is 2 MB.  A backend without one ignores it.
 */
void	 crm_cache_mb(struct crm *, int mb);
/*
 * The places where a statement takes text of the backend's own, and
 * crm_dialect(): that text, "" where the backend needs none, so that
 * every statement a caller builds is the same standard SQL on every
 * backend.  Each is there for SQLite's speed (the comments where they
 * are used say how much).
 */
enum crm_dialect {
	/*
	 * Between "INSERT" and " INTO" of an insert of many rows in one
	 * statement, run inside a transaction that a failed step ends:
	 * SQLite's " OR FAIL", which spares it a statement journal.
	 */
	CRM_DIALECT_INSERT_ROWS,
	/*
	 * After "FROM deal d" in a query of open deals (status = 'open'
	 * in its WHERE): read them from the index that holds only them
	 * (SQLite's " INDEXED BY deal_open", when the index is there).
	 */
	CRM_DIALECT_DEAL_OPEN,
	/*
	 * Not text in a statement but whole ones, for what a server's rules
	 * of who sees what (lib/schema-pg-8.sql) make different; "" where
	 * the backend has no such rules and callers use their own SQL.
	 * MAX_ID: a printf format with one %s, the table, giving a query
	 * of one row, the greatest id of every row (not only those the
	 * login sees); SQLite: "SELECT max(id) FROM %s".  ACCOUNT_ID: the
	 * query "SELECT f(?, ?)", name and time made, giving the id of the
	 * account of that name, made when new.  HANDOVER: the query of one
	 * row, one column, with ? for deal id, old owner, new owner: NULL
	 * when the login may hand the deal over, else why not (the words
	 * users see, "deal 42 belongs to wang, who is not below li").
	 */
	CRM_DIALECT_MAX_ID,
	CRM_DIALECT_ACCOUNT_ID,
	CRM_DIALECT_HANDOVER,
	/*
	 * The query of one row, one integer: 1 when the login may own a
	 * new deal for the ? owner (themselves, those below them, or
	 * anyone for an admin), else 0.
	 */
	CRM_DIALECT_MAY_OWN,
	/*
	 * GRANT: the query "SELECT f(?, ?, ?)", name, admin (0 or 1) and
	 * time, that lets a person sign in and writes their person row;
	 * REVOKE: "SELECT f(?, ?)", name and time, that shuts them out and
	 * marks their row left.  "" on SQLite, which has no roles: the
	 * caller writes the row (person.c).
	 */
	CRM_DIALECT_GRANT,
	CRM_DIALECT_REVOKE,
	/*
	 * A printf format with one %s, an expression of text, making
	 * "(SELECT AGG" of a scalar subquery: the aggregate joining the
	 * values of its rows with ", " in the order the rows come (SQLite
	 * group_concat(), PostgreSQL string_agg()); NULL for no rows.
	 */
	CRM_DIALECT_JOIN,
	/*
	 * The funnel's stage changes apart from its deals: a printf format
	 * with one %s, the "FROM ... WHERE ..." of the deals (its ? first),
	 * making the query of c.deal_id, c.to_stage, c.at of their changes
	 * not void, one ? more for the greatest at, ordered by deal id, at
	 * and id.  PostgreSQL: sending a deal's columns with each change was
	 * most of the report's time.  "" on SQLite, which reads the changes
	 * by the deal anyway and sends nothing: the caller joins them.
	 */
	CRM_DIALECT_FUNNEL_CHANGES,
};
const char *crm_dialect(struct crm *, enum crm_dialect);
/*
 * On a server: the role signed in, who acts (every record's by); NULL on
 * SQLite, where $CRM_USER says who acts and nothing holds anyone to
 * anything.  crm_db_ruled(): 1 when the server's rules of who sees and
 * changes what apply to that login (it is not an administrator: the
 * owner of the tables or a superuser), so that it sees only its part of
 * the database and may not COPY into it.
 */
const char *crm_db_login(const struct crm_db *);
int	 crm_db_ruled(const struct crm_db *);
/*
 * A transaction that writes, holding the write lock from the start
 * (SQLite: BEGIN IMMEDIATE), waiting up to CRM_DB_WAIT_MS for it; its
 * commit; its rollback, which first resets every statement and does
 * nothing outside a transaction.  Exit 3 on error.
 */
void	 crm_begin(struct crm *);
/*
 * A transaction that only reads: its statements, one after the other,
 * all see the database as it was at its first, while writers go on
 * (SQLite: a deferred BEGIN in WAL mode; PostgreSQL: REPEATABLE READ
 * READ ONLY, which a hot standby serves).  End it with crm_rollback().
 * Exit 3 on error.
 */
void	 crm_begin_read(struct crm *);
void	 crm_commit(struct crm *);
void	 crm_rollback(struct crm *);
/*
 * A bulk load (crm-add's import) in one transaction, which the backend
 * may make fast in ways of its own (SQLite: sbulk_*() in db-sqlite.c).
 * crm_bulk_begin() starts it; alone: the caller may hold the database to
 * itself throughout, making other commands wait (the first import into
 * a database with no deals, from a file).  It may open the database
 * again, finalizing every statement.  crm_bulk_grown(): the load has
 * grown big next to what was there; returns 1 when the backend put off
 * work (rebuilding indexes) to the end.  crm_bulk_end() commits (commit
 * 1, after any such work) or rolls back, and undoes what begin changed.
 * Exit 3 on error.
 */
void	 crm_bulk_begin(struct crm *, int alone);
int	 crm_bulk_grown(struct crm *);
void	 crm_bulk_end(struct crm *, int commit);
/*
 * Rows streamed into one table ("table (column, ...)"), inside
 * crm_bulk_begin()'s transaction, where the backend can (PostgreSQL's
 * COPY; crm_copy_can() says, else the caller INSERTs): crm_copy_begin()
 * returns 0 when it cannot, 1 when it began.  Until crm_copy_end() nothing else may run
 * on the connection.  Values as text, NULL for null; checked before.
 * Failures exit 3 (the transaction is never committed).
 */
int	 crm_copy_can(struct crm *);
int	 crm_copy_begin(struct crm *, const char *into);
void	 crm_copy_row(struct crm *, const char *const *v, int n);
void	 crm_copy_end(struct crm *);
/* struct crm_out for stdout with the command's -f and --header */
struct crm_out *crm_out_std(struct crm *, const struct crm_col *, size_t);
/* A date option's value, or 0 when s is NULL; exits 2 naming opt. */
time_t	 crm_when_opt(struct crm *, const char *opt, const char *s);
/* A number of days 0-36500; exits 2 naming opt. */
long long crm_days_opt(const char *opt, const char *s);

/*
 * check.c: crm-admin check.  The backend's own checks (crm_db_check()),
 * then crm's invariants: every deal's stage and stage_entered are its
 * last stage change's (by time, then id), its first change is from
 * none and each later one from where the one before it went, each
 * activity's after_change is a stage change of its deal, its status agrees with its stage, closed is set when it is closed
 * and only then, its amount is not negative, its currency three
 * upper-case letters; every history row's deal and every deal's account
 * exist; each void row's void_id names a void of it (or of its deal),
 * and a void deal's history is void.  The history rules read the
 * unvoided stage changes of unvoided deals only.  A line to out per
 * broken one ("deal 7: ..."): how many.
 */
int	 crm_check(struct crm *, FILE *out);

/*
 * copy.c: crm-admin copy.  Every row of src (opened to read) into dst
 * (opened to write, at the same schema version), ids and all, in one
 * transaction on dst that commits only when dst holds no crm data
 * before and both compare equal, row by row and column by column,
 * after; n[CRM_COPY_*]: how many rows of each table.  Exits 3 naming a
 * destination that holds data or the first difference, leaving dst as
 * it was; 2 when both are the same database.
 */
enum {
	CRM_COPY_ACCOUNT, CRM_COPY_VOID, CRM_COPY_DEAL, CRM_COPY_STAGE_CHANGE,
	CRM_COPY_ACTIVITY, CRM_COPY_FIELD_CHANGE, CRM_COPY_PERSON,
	CRM_COPY_TEAM_LINK, CRM_COPY_CONFIG_PUSH,
	/* schema version 9: the customer's people and ours */
	CRM_COPY_CONTACT, CRM_COPY_CONTACT_CHANGE, CRM_COPY_ACTIVITY_CONTACT,
	CRM_COPY_DEAL_CONTACT, CRM_COPY_DEAL_MEMBER, CRM_COPY_TABLES
};
void	 crm_copy(struct crm *src, struct crm *dst, long long n[]);
/* A table's rows in words for n of them: "deal", "stage changes". */
const char *crm_copy_what(int table, long long n);

/*
 * cfgpush.c: the funnel config stored in the database (crm-admin config
 * push), which every command uses instead of the local file's, all but
 * its database: (which says where the database is, so stays local).
 */
/*
 * The text of the config in force in crm's open database, the last
 * pushed (greatest id), NUL-terminated, its id in *id; NULL when none
 * was pushed.  The caller frees.  Exits 3 on a database error.
 */
char	*crm_config_pushed(struct crm *, long long *id);
/*
 * Puts the database's pushed config, when it has one, in crm->cfg in
 * place of the local one, keeping the local database:.  Called by
 * crm_open_config() once the database is open.  Exits 2 when the pushed
 * text does not parse (naming it "pushed config ID"), 3 on a database
 * error.
 */
void	 crm_config_in_force(struct crm *);
/*
 * crm-admin config push: cfg, parsed from text (len bytes, kept
 * verbatim), becomes the config in force of crm's database, opened to
 * write, in one transaction: a config_push row (at crm->now, by
 * crm->user) and team_link rewritten from cfg's team:.  Refused, with
 * nothing written, when a server's rules apply to the login (only the
 * tables' owner may push; exit 3), or when open deals would be in a
 * stage or pipeline cfg has not (renamed_from counts as kept): a line
 * per such stage on stderr, exit 2.  Returns the new push's id, and in
 * *nlinks the number of manager/report pairs written.
 */
long long crm_config_push(struct crm *, struct crm_config *cfg,
	    const char *text, size_t len, long long *nlinks);

/* usage.c: what -h prints */
/* One option's line: "-s, --stage=stage" and what it does. */
struct crm_help {
	const char	*opt;
	const char	*what;
};
extern const struct crm_help crm_help_filter[];	/* -a -o -p -s -T */
extern const struct crm_help crm_help_common[];	/* -C -D -f ... */
/*
 * The end of every usage(), after it printed the synopsis ("usage: ...",
 * as in the man page's SYNOPSIS) to stdout for -h (status 0) or to stderr
 * for a usage error.  For -h, each list of options up to a NULL follows
 * on stdout; a usage error shows the synopsis alone.  Exits with status
 * (3 when stdout could not be written).
 */
void	 crm_help_exit(int status, ...) __attribute__((noreturn, sentinel));

/* filter.c: -o -T -p -a -s, shared by the commands that select deals */
#define CRM_ST_OPEN	0x01
#define CRM_ST_WON	0x02
#define CRM_ST_LOST	0x04
/*
 * Each list holds the values of a filter given once or more (each value
 * once); a deal passes when it matches any value of every non-empty list.
 * Zero-initialise; free with crm_filter_free().
 */
struct crm_filter {
	struct crm_strv	 owner;		/* -o: the owner (or who logged) */
	struct crm_strv	 team;		/* -T: that person or anyone below */
	struct crm_strv	 pipeline;	/* -p */
	struct crm_strv	 account;	/* -a: the exact name */
	struct crm_strv	 stage;		/* -s: a stage's name or label */
	int		 status;	/* CRM_ST_*; 0: any */
};
/* Values for the ? of a built statement, in order. */
struct crm_binds {
	struct {
		char		*s;
		long long	 i;
		int		 isint;
	}	*v;
	size_t	 n;
};
/* Returns 1 when ch is one of the filter options (and adds arg). */
int	 crm_filter_opt(struct crm_filter *, int ch, const char *arg);
/* 1 when any of -o -T -p -a -s was given */
int	 crm_filter_given(const struct crm_filter *);
void	 crm_filter_free(struct crm_filter *);
/*
 * Appends " AND ..." for the filter to sql (deal alias d, account alias
 * a; owner_col names the person column) and the values to b.  Exits 2
 * on an unknown pipeline or stage (in every pipeline -p allows, by name
 * or label), and on a -o or -T name that is not in team: (when the
 * config has one) nor the owner of a deal nor who logged an activity;
 * each with a "did you mean".  -s won or lost adds those deals to the
 * status.
 */
void	 crm_filter_sql(struct crm *, const struct crm_filter *,
	    const char *owner_col, struct crm_buf *, struct crm_binds *);
/* Exits 2 on an unknown pipeline, with a "did you mean"; NULL passes. */
void	 crm_pipeline_check(struct crm *, const char *);
/*
 * The LIKE pattern of one -q text, into like (initialized here; the
 * caller frees it): '%text%' with ASCII letters in lower case and %, _
 * and ! escaped with !, for "lower(col) LIKE ? ESCAPE '!'".  Exits 2 on
 * an empty text, invalid UTF-8 or one too long.
 */
void	 crm_search_like(const char *text, struct crm_buf *like);
/*
 * -q: appends " AND (...)" finding any of texts in a deal's title,
 * account, contact or the note it was made with; with activities (alias
 * x, its deal d) also in the activity's purpose, note or outcome.  Each
 * text is literal (% and _ too), ASCII letters match in either case,
 * other characters exactly.  NULL or none appends nothing; exits 2 on an
 * empty text or invalid UTF-8.
 */
void	 crm_search_sql(const struct crm_strv *texts, int activities,
	    struct crm_buf *, struct crm_binds *);
/* crm-ls: which deals, and in what order. */
struct crm_ls {
	struct crm_filter filter;
	const char	*sort;		/* --sort; NULL: by id */
	struct crm_strv	 text;		/* -q: any of them; none: any deal */
	char		 due[11];	/* --due: next_action on or before
					   this YYYY-MM-DD; "": none */
	/* created and closed in [since, until), epoch seconds; 0: open */
	time_t		 created_since, created_until;
	time_t		 closed_since, closed_until;
	int		 voided;	/* --void: void deals alone */
};
/* The filter, -q, --due and the dates as " AND ..." for crm_deal_list. */
void	 crm_ls_sql(struct crm *, const struct crm_ls *, struct crm_buf *,
	    struct crm_binds *);
void	 crm_binds_text(struct crm_binds *, const char *);
void	 crm_binds_int(struct crm_binds *, long long);
void	 crm_binds_apply(struct crm_stmt *, const struct crm_binds *);
void	 crm_binds_free(struct crm_binds *);

/* deal.c */
/* Fields a user may give for a deal (crm-add options, import columns). */
enum {
	CRM_DF_TITLE, CRM_DF_ACCOUNT, CRM_DF_CONTACT, CRM_DF_OWNER,
	CRM_DF_AMOUNT, CRM_DF_CURRENCY, CRM_DF_PIPELINE, CRM_DF_STAGE,
	CRM_DF_EXPECTED_CLOSE, CRM_DF_NEXT_ACTION, CRM_DF_PRIORITY,
	CRM_DF_SOURCE, CRM_DF_CREATED, CRM_DF_CLOSED, CRM_DF_LOST_REASON,
	CRM_DF_NOTE, CRM_DF_COUNT
};
extern const char *const crm_df_names[CRM_DF_COUNT];
/*
 * The most characters (code points, not bytes) in a one-line field (a
 * deal's fields but the note; an activity's kind, purpose and outcome)
 * and in a note, the one kind of text that may span lines.
 */
#define CRM_LINE_MAX	500
#define CRM_NOTE_MAX	65536
/* A deal row read from crm_deal_select; strings live in the statement. */
struct crm_deal {
	long long	 id;
	const char	*title, *account, *contact, *owner, *currency;
	const char	*pipeline, *stage, *status;
	const char	*expected_close, *next_action, *lost_reason, *source;
	int64_t		 amount;
	time_t		 created, stage_entered, closed, last_activity;
	int		 has_priority;
	long long	 priority;
	long long	 void_id;	/* the void that voided it; 0: none */
};
/* Checked values of a deal's fields; in[] NULL: not given. */
struct crm_dealvals {
	const char	*in[CRM_DF_COUNT];
	const char	*pipeline, *stage;
	int64_t		 amount;
	long long	 priority;
	char		 expected_close[11], next_action[11];
	char		 currency[4];	/* upper case; "": the config's */
	time_t		 created, closed;
	/* the id of in[CRM_DF_ACCOUNT] when the caller knows it; else 0 */
	long long	 account_id;
	/* crm-set's changes: a currency must be given, a symbol is checked */
	int		 forset;	/* by each deal's own currency */
	/* crm-set's people (people.c); NULL: none */
	const struct crm_deal_people *people;
	/*
	 * A pointer added here must also be moved by import.c's
	 * batch_seal(), which moves in[] with a batch's cells (pipeline
	 * and stage are the config's strings, whatever the cell said).
	 */
};
/* How crm-advance moves a deal. */
struct crm_move {
	const char	*stage;		/* -s */
	int		 won;		/* -w */
	const char	*lost;		/* -l REASON */
	int		 force;		/* -F */
	const char	*note;		/* -m */
	time_t		 at;		/* --at; 0: now */
};
extern const struct crm_col crm_deal_cols[];
extern const size_t crm_deal_ncols;
extern const struct crm_col crm_id_cols[];	/* one column: id */
extern const struct crm_col crm_move_cols[];
extern const size_t crm_move_ncols;
extern const struct crm_col crm_set_cols[];
extern const size_t crm_set_ncols;
extern const char crm_deal_select[];	/* SELECT ... FROM deal d ... a */
/* Its parts, for queries that add columns or tables: */
extern const char crm_deal_columns[];	/* what crm_deal_read() reads */
extern const char crm_deal_from[];	/* deal d LEFT JOIN account a */
#define CRM_DEAL_NCOLS	19	/* columns in crm_deal_columns */
void	 crm_deal_read(struct crm_stmt *, struct crm_deal *);
void	 crm_deal_emit(struct crm *, struct crm_out *, const struct crm_deal *);
void	 crm_deal_stageinfo(const struct crm *, const struct crm_deal *,
	    const char **label, int *prob);
struct crm_stmt *crm_deal_load(struct crm *, long long, struct crm_deal *);
/*
 * Text a user gave, named what in the reason: valid UTF-8, at most
 * CRM_LINE_MAX characters, and no control character: no C0 control (a
 * tab and a line break included), DEL, C1 control (U+0080-U+009F), line
 * separator (U+2028) or paragraph separator (U+2029).  multi: a note,
 * which may hold tabs, line feeds, carriage returns and the two
 * separators, and CRM_NOTE_MAX characters.  0, or -1 with why, e.g.
 * "title: a tab is not allowed in a one-line field".
 */
int	 crm_text_check(const char *what, const char *, int multi, char *,
	    size_t);
/*
 * s without white space at either end, in place: the result points into
 * s, and a NUL cuts off what trailed.  White space: U+0020, U+00A0,
 * U+1680, U+2000-U+200A, U+202F, U+205F and U+3000 (Unicode's
 * White_Space less the control characters and separators, which are
 * refused, never trimmed).  Any string is safe; a character counts only
 * as valid UTF-8.
 */
char	*crm_trim(char *);
/*
 * One field (CRM_DF_*) of a deal as a user gave it, checked the same way
 * whether it came from an option of crm-add or crm-set or from an import
 * cell: *s trimmed in place (crm_trim, but not the note), then
 * crm_text_check(), then as its kind: title and owner not empty, an
 * owner a person of team: (not of the built-in config's example team),
 * a currency without spaces or commas, an amount, priority 0-99, dates,
 * created not in the future, a known pipeline.  An empty value passes for
 * every other field.  Parsed values go into v.  0, or -1 with why.
 */
int	 crm_deal_field(struct crm *, int df, char **s, struct crm_dealvals *,
	    char *, size_t);
/*
 * A new deal's values (crm-add, an import line), each field by
 * crm_deal_field(): the strings of in[] are trimmed in place and v->in[]
 * points at them.  Then what needs several fields (the stage of the
 * pipeline, by name or label; closed and lost_reason only for a closed
 * deal) and the defaults: a title is required; without an owner the
 * acting user is the owner and, when the config has a team:, must be in
 * it.  Returns 0, or -1 with every bad value's reason in why, one a line
 * (crm_why_add()): an import names them all; v->stage is then NULL when
 * the pipeline or the stage was bad.  An amount's currency symbol must
 * stand for the currency given, else for the config's currency:.
 */
int	 crm_deal_values(struct crm *, char *const in[CRM_DF_COUNT],
	    struct crm_dealvals *, char *, size_t);
/*
 * The same for crm-set's changes: each given field, no defaults.  Each
 * deal keeps its currency: unless a currency is given, an amount's
 * symbol is checked against each deal's own by crm_deal_set().
 */
int	 crm_deal_changes(struct crm *, char *const in[CRM_DF_COUNT],
	    struct crm_dealvals *, char *, size_t);
long long crm_account_id(struct crm *, const char *, time_t, int);
/*
 * n new accounts' ids at once, for an import (deal.c says how, and what
 * the last argument, the next id when the names are known new, is).
 */
void	 crm_account_ids(struct crm *, const char *const *, const time_t *,
	    size_t, long long *, long long *);
long long crm_account_last_id(struct crm *);
/* Inside the caller's transaction: the row and its first stage change. */
long long crm_deal_insert(struct crm *, const struct crm_dealvals *);
/* The row alone; then crm_deal_first_changes() for ids first..last. */
long long crm_deal_row(struct crm *, const struct crm_dealvals *);
/*
 * CRM_DEAL_ROWS rows at once, with consecutive ids, the caller holding
 * the write lock: crm_deal_last_id() after them is the last one's.
 */
#define CRM_DEAL_ROWS	16
void	 crm_deal_rows(struct crm *, const struct crm_dealvals *);
/*
 * The import's n deals, ids first... (crm_deal_last_id() + 1 under the
 * bulk load's lock): COPY where the backend has it, else crm_deal_rows()
 * and crm_deal_row(); then crm_deal_first_changes() as for those.
 */
void	 crm_deal_many(struct crm *, const struct crm_dealvals *, size_t,
	    long long first);
void	 crm_deal_first_changes(struct crm *, long long, long long,
	    const char *note);
/*
 * The highest deal id, 0 for none: as deals are never deleted and ids
 * never skipped, the number of deals, found without counting them.
 */
long long crm_deal_last_id(struct crm *);
/* reason: a lost deal's lost reason, kept with the change */
void	 crm_stage_change(struct crm *, long long, const char *from,
	    const char *to, time_t, int forced, const char *note,
	    const char *reason);
/*
 * crm-advance's texts (-s, -l, -m) by crm_text_check(), and -s or -l of
 * mv as no pipeline has it (by name or label; a reason): -1 and why says
 * "unknown stage 'x': did you mean ...?", for the command to stop before
 * any deal.  0 when some pipeline has it; each
 * deal's own pipeline is checked as it moves.
 */
int	 crm_move_check(struct crm *, const struct crm_move *, char *,
	    size_t);
/* Each its own transaction; 0, or -1 after a warning naming the deal. */
int	 crm_deal_advance(struct crm *, long long, const struct crm_move *,
	    struct crm_out *);
int	 crm_deal_set(struct crm *, long long, const struct crm_dealvals *,
	    struct crm_out *);
/* " ORDER BY ..." for --sort FIELD or -FIELD; -1 for an unknown field. */
int	 crm_deal_order(struct crm *, const char *, struct crm_buf *,
	    struct crm_binds *);

/* activity.c */
struct crm_act {
	const char	*kind;		/* -k */
	const char	*text;		/* -m */
	const char	*purpose;
	const char	*outcome;
	const char	*next_in;	/* -n as given */
	const char	*at_in;		/* --at as given */
	char		 next_action[11];	/* set by crm_act_check */
	time_t		 at;			/* likewise */
	/* -w: who took part, each a contact id or a name (people.c) */
	struct crm_strv	 with;
};
extern const struct crm_col crm_logged_cols[];
extern const size_t crm_logged_ncols;
extern const struct crm_col crm_activity_cols[];
extern const size_t crm_activity_ncols;
/*
 * The one rule for an activity's stage, as SQL expressions on an
 * activity aliased x (any query that reads activity x): the stage the
 * deal was in at x.at by its stage history, changes in the same second
 * in the order entered.  crm_act_change_sql is the id of the stage
 * change x falls under (NULL when none is at or before it: history
 * copied in out of order); crm_act_stage_sql that change's to_stage,
 * and wants x's deal aliased d too.
 * The gate, crm-log -L, crm-show all use them; see activity.c for why
 * it is worked out when read rather than stored.
 */
extern const char crm_act_change_sql[];
extern const char crm_act_stage_sql[];
/* Checks kind, text, dates once for every deal. */
int	 crm_act_check(struct crm *, struct crm_act *, char *, size_t);
/*
 * crm-log: records a on deal id (a checked by crm_act_check()) and
 * prints deal, id, kind, at to o.  a->next_action becomes the deal's
 * next action only when a is its latest activity (at or after
 * last_activity): a backfilled one keeps it on the activity alone.
 * Returns -1 with a warning (no such deal, --at before the deal was
 * created), nothing written; exits 3 on a database error.
 */
int	 crm_activity_log(struct crm *, long long, const struct crm_act *,
	    struct crm_out *);
/*
 * crm-log -L: activities through the filter and the -q texts (NULL or
 * none: any), at in [since, until); since/until 0: unbounded.  voided 0:
 * the unvoided ones (a void one is as if never made); 1: the void ones
 * alone (--void).
 */
void	 crm_activity_list(struct crm *, const struct crm_filter *,
	    const struct crm_strv *text, time_t, time_t, int voided,
	    struct crm_out *);
/* crm-ls: deals through crm_ls_sql(), in --sort order */
void	 crm_deal_list(struct crm *, const struct crm_ls *, struct crm_out *);

/*
 * void.c: corrections (DESIGN "Corrections").  Nothing is deleted: each
 * void is a void_record (what, target, at: crm->now, by: crm->user,
 * note: why) that the voided rows name in void_id; every report leaves
 * them out.  why: required, one or more lines (crm_text_check()'s
 * rules).  Each runs in its own transaction and, on success, prints one
 * row to o.  On refusal (no such deal or activity, void already, a void
 * deal's activity, a deal's first stage change) it warns "deal N: ..."
 * or "activity N: ...", changes nothing and returns -1; exits 3 on a
 * database error.
 */
/* crm-void's output: id (of what was voided), what, void (the record). */
extern const struct crm_col crm_void_cols[];
extern const size_t crm_void_ncols;
/*
 * Voids deal id, its stage changes and its activities, with one record;
 * prints id, "deal", the record's id.
 */
int	 crm_void_deal(struct crm *, long long id, const char *why,
	    struct crm_out *);
/*
 * Voids activity id; its deal's last_activity becomes that of its
 * latest unvoided activity (NULL: none).  next_action is left as it is:
 * it is the deal's plan, which crm-set changes; the void does not guess
 * an older one back.  Prints id, "activity", the record's id.
 */
int	 crm_void_activity(struct crm *, long long id, const char *why,
	    struct crm_out *);
/*
 * crm-advance --undo: voids deal id's last unvoided stage change (by at,
 * then id) and puts the deal back as the change before it left it:
 * stage, stage_entered (that change's at), status, closed (its at, when
 * it closed the deal) and lost_reason (its reason).  Refused for the
 * deal's first change (void the deal instead).  Prints crm_move_cols:
 * the deal, the stage undone, the stage it is back in.
 */
int	 crm_deal_undo(struct crm *, long long id, const char *why,
	    struct crm_out *);
/*
 * Warns "deal N is void: voided by WHO on DATE: WHY" for a void deal
 * id: what every action on one says.
 */
void	 crm_void_refuse(struct crm *, long long id);

/* stale.c */
struct crm_stale {
	struct crm_filter filter;
	long long	 days;		/* -d; -1: each stage's max_days */
	long long	 idle;		/* -i; -1: stale.idle_days */
	int		 reason;	/* --reason: 1 stage, 2 idle, 3 overdue,
					   4 left, 5 single-threaded,
					   6 contact-left,
					   7 no-decision-maker */
	int		 quiet;		/* -q: stop at the first */
	const char	*sort;		/* --sort; NULL: longest stalled first */
};
extern const struct crm_col crm_stale_cols[];
extern const size_t crm_stale_ncols;
/*
 * 1-7 for stage, idle, overdue, left, single-threaded, contact-left,
 * no-decision-maker; -1 for anything else
 */
int	 crm_stale_reason(const char *);
/*
 * Writes the stalled deals to stdout, and nothing at all (no header, no
 * empty JSON array) when there are none; returns how many there were.
 */
int	 crm_stale(struct crm *, const struct crm_stale *);

/* person.c: who may sign in (crm-admin grant, revoke) */
/*
 * crm-admin grant: name, who must be a person of team: in the config in
 * force (a config's own, not the built-in example's; else exit 2 naming
 * them and who is in team:), may sign in, an admin (sees every deal)
 * when admin is 1: on a server crm_grant() makes the role when there is
 * none (LOGIN, no password) and gives it what crm needs; on both the
 * person row is written (granted now, by crm->user; left_at cleared for
 * someone who had left).  Prints "NAME: may sign in[, an admin]".
 * Opens the config and the database; exits 2 when the login is not an
 * administrator (crm_db_ruled()), 3 on a database error.  Returns 0.
 */
int	 crm_person_grant(struct crm *, const char *name, int admin);
/*
 * crm-admin revoke: name, granted before (else exit 2), has left: their
 * row's left_at and left_by are set, and on a server crm_revoke() takes
 * CONNECT and every privilege from the role.  Nothing of theirs is
 * deleted.  Prints "NAME: left on DATE, ..."; for someone who has left
 * already, "NAME: left on DATE already" and changes nothing.  Exits as
 * crm_person_grant(); returns 0.
 */
int	 crm_person_revoke(struct crm *, const char *name);
/* The people who have left (left_at set), sorted by name in bytes. */
struct crm_leaver {
	char		*name;
	time_t		 left_at;
};
struct crm_leavers {
	struct crm_leaver *v;
	size_t		 n;
};
/*
 * Reads every person who left, in one query (the table is small: the
 * people of a sales team), for lookups by crm_person_left(): the one
 * named name, or NULL when they have not left (or were never granted).
 * Exits 3 on a database error.
 */
void	 crm_person_leavers(struct crm *, struct crm_leavers *);
const struct crm_leaver *crm_person_left(const struct crm_leavers *,
	    const char *name);
void	 crm_person_leavers_free(struct crm_leavers *);

/* stages.c: open deals in a stage the config no longer has */
struct crm_orphan {
	char		*pipeline;
	/* no stage of pipeline, by any name; NULL: the config has no such
	 * pipeline, and n counts every open deal in it */
	char		*stage;
	long long	 n;		/* how many open deals are in it */
};
/*
 * Each stage that open deals of a pipeline of the config are in and
 * that the pipeline has not (crm_stage_index() -1), and each pipeline
 * open deals are in that the config has not (stage NULL, before any
 * stage of it), sorted by pipeline then stage, in bytes: *n of them.  Read once a run (a probe of an
 * index per stage in use, however many deals) and kept in crm until
 * crm_finish().  Exits 3 on a database error.
 */
const struct crm_orphan *crm_stage_orphans(struct crm *, size_t *n);
/* 1 when open deals of pipeline pipe are in stage, which it has not. */
int	 crm_stage_orphan(struct crm *, const char *pipe, const char *stage);
/*
 * What every command that reads deals calls first: a warning on stderr
 * for each of crm_stage_orphans(), once a run ("prog: 3 open deals in
 * stage 'offer', which pipeline project no longer has: move them with
 * crm-advance -s STAGE (...), or add renamed_from: offer to the stage it
 * became").  Returns how many of them are of pipeline only (NULL: 0):
 * crm-funnel refuses a funnel that would leave deals out.
 */
size_t	 crm_stage_warn(struct crm *, const char *only);
/* Frees what crm_stage_orphans() kept; crm_finish() calls it. */
void	 crm_stage_orphans_free(struct crm *);

/* funnel.c */
enum crm_funnel_mode {
	CRM_FUNNEL_STAGES,	/* per stage, then totals */
	CRM_FUNNEL_TOTALS,	/* --totals: the totals record alone */
	CRM_FUNNEL_BY,		/* --by */
	CRM_FUNNEL_FORECAST,	/* --forecast */
	CRM_FUNNEL_CALIBRATE	/* --calibrate */
};
enum { CRM_BY_OWNER = 1, CRM_BY_ACCOUNT, CRM_BY_PIPELINE };
struct crm_funnel_q {
	struct crm_filter filter;
	enum crm_funnel_mode mode;
	time_t		 since, until;	/* deals created in [since, until) */
	time_t		 as_of;		/* 0: now */
	int		 by;		/* CRM_BY_* */
	int		 months;	/* --forecast: months from this one */
	int		 chart;		/* chart under a table on a terminal */
	/*
	 * --currency: only the deals in this currency (as of as_of), an
	 * upper-case code; NULL: every currency, each with rows of its own.
	 */
	const char	*currency;
};
/* CRM_BY_* for "owner", "account", "pipeline"; -1 for anything else */
int	 crm_funnel_by(const char *);
void	 crm_funnel(struct crm *, const struct crm_funnel_q *);

/* import.c */
/*
 * crm-add's import: a header line, then one deal per record, all in one
 * transaction.  The header's names are crm_df_names[] (all but note) and
 * the other columns of crm-ls, in any ASCII case; status is checked against
 * the stage, the rest ignored.  def[] (crm-add's options) fills the cells
 * a record leaves empty (or white space alone) or has no column for; its
 * strings are trimmed in place, and each cell and option is checked by
 * crm_deal_field(), each line by crm_deal_values().  Exits 2 on a bad header
 * (with crm->fmt CSV, saying -f csv is not --csv); returns 1
 * (nothing added; every error of the first ten bad lines reported, one a
 * message, then a count) or 0 (ids printed through o).
 */
int	 crm_import(struct crm *, FILE *, enum crm_rows_kind,
	    char *const def[CRM_DF_COUNT], struct crm_out *);

/*
 * people.c: the customer's people on a deal and our deal team (issue
 * 18).  Each is recorded by its own rows (activity_contact, deal_contact,
 * deal_member: when and by whom), never in field_change, as none of them
 * changes the deal row.
 */
/*
 * The contact spec stands for on deal id (crm-log -w, crm-set
 * --contact): a whole number is a contact's id, which must be a contact
 * of the deal's account; anything else is a name, trimmed, that must be
 * exactly one contact's among the deal's account's (those who left
 * too).  0 and *cid; -1 with why ("deal 4: unknown contact 'x': did you
 * mean ...? (contacts of account ACME: ...)", "deal 4: 'Wang Wei' is 2
 * contacts of account ACME (ids 3, 7): name one by its id"); 1 with
 * why when there is no such deal.  Exits 3 on a database error.
 */
int	 crm_contact_on_deal(struct crm *, long long deal, const char *spec,
	    long long *cid, char *why, size_t whylen);
/*
 * Inside the caller's transaction: contacts cids[0..n) took part in
 * activity aid (each once, however often named).
 */
void	 crm_activity_met(struct crm *, long long aid, const long long *cids,
	    size_t n);
/* crm-set's people: the buying group and our deal team. */
struct crm_deal_people {
	long long	*contacts;	/* --contact ID: attach to the group */
	size_t		 ncontacts;
	struct crm_strv	 member;	/* --member NAME:ROLE */
	struct crm_strv	 drop;		/* --drop-member NAME */
};
/*
 * Before any deal: each --member is NAME:ROLE (split at the last
 * colon), NAME a person of team: as an owner is (crm_person_check()),
 * ROLE one of deal_roles:; no name given twice.  0, or -1 with why.
 */
int	 crm_deal_people_check(struct crm *, const struct crm_deal_people *,
	    char *, size_t);
/* 1 when p (NULL: none) asks for any change. */
int	 crm_deal_people_given(const struct crm_deal_people *);
/*
 * Inside crm_deal_set()'s transaction on deal id: drops (dropped,
 * dropped_by: now and crm->user) each --drop-member's current row;
 * adds a deal_member row (added, added_by) for each --member not
 * already a current member in that role, dropping their row of another
 * role first; attaches each --contact (a deal_contact row, at and by)
 * not attached yet.  Appends "contact" and "member" to changed (comma
 * separated) when any was.  -1 after a warning, "deal 4: zhang is not on
 * its team", "deal 4: no contact 9", for the caller to roll back.
 */
int	 crm_deal_people_apply(struct crm *, long long id,
	    const struct crm_deal_people *, struct crm_buf *changed);
void	 crm_deal_people_free(struct crm_deal_people *);

/*
 * contact.c: the customer's people (crm-contact).  A contact belongs to
 * an account (or to none yet), never to a rep; its role is one of the
 * config's contact_roles:.  Every edit is a contact_change row (field,
 * old, new, at: crm->now, by: crm->user, note); who left is marked
 * (left_at, left_by, left_note), never deleted.  On a server the rules
 * of who sees what (lib/schema-pg-9.sql) hide contacts of accounts the
 * login has no deal with: for them a contact they cannot see does not
 * exist.
 */
/* Fields a user may give (options, import columns), in this order. */
enum {
	CRM_CF_NAME, CRM_CF_ACCOUNT, CRM_CF_ROLE, CRM_CF_TITLE,
	CRM_CF_PHONE, CRM_CF_EMAIL, CRM_CF_NOTE, CRM_CF_COUNT
};
extern const char *const crm_cf_names[CRM_CF_COUNT];
/* crm-contact -L: id, name, account, role, title, phone, email, note,
 * created, left (the time they left; null while they have not). */
extern const struct crm_col crm_contact_cols[];
extern const size_t crm_contact_ncols;
/* --set and --left: contact, changed (field names, comma-separated). */
extern const struct crm_col crm_contact_set_cols[];
extern const size_t crm_contact_set_ncols;
/*
 * One field (CRM_CF_*) as given, *s NULL for not given: trimmed in place
 * (all but the note), crm_text_check() (the note may span lines), a
 * name not empty, a role of contact_roles: (else "unknown role 'x': did
 * you mean ...? (contact_roles: ...)") or empty.  0, or -1 with why.
 */
int	 crm_contact_field(struct crm *, int cf, char **s, char *, size_t);
/*
 * Every field of in[] by crm_contact_field(); a new contact (forset 0)
 * must have a name.  0, or -1 with every reason in why, one a line.
 */
int	 crm_contact_values(struct crm *, char *in[CRM_CF_COUNT], int forset,
	    char *, size_t);
/*
 * A new contact of in[] (checked), made now by crm->user, its account
 * made when new, in a transaction of its own; prints its id to o and
 * returns it.  Exits 3 on a database error.
 */
long long crm_contact_add(struct crm *, char *const in[CRM_CF_COUNT],
	    struct crm_out *);
/*
 * crm-contact's import: a header line naming columns of crm_cf_names
 * (any ASCII case; id, created and left are ignored), then a contact a
 * record; def[] (the options) fills the cells a line leaves empty.
 * Every line is checked first; one bad and nothing is added: each of
 * the first ten named "import: line N: ..." on stderr, then a count;
 * returns 1.  Else all in one transaction, their ids printed through o,
 * one a line; 0.  Exits 2 on a bad header.
 */
int	 crm_contact_import(struct crm *, FILE *, enum crm_rows_kind,
	    char *const def[CRM_CF_COUNT], struct crm_out *);
/* Which contacts crm-contact -L lists, by id. */
struct crm_contact_q {
	struct crm_strv	 account;	/* -a: the account's exact name */
	struct crm_strv	 role;		/* -r: checked against the config */
	struct crm_strv	 text;		/* -q: in name, title, email, phone,
					   note, ASCII letters in any case */
	int		 current;	/* --current: not those who left */
};
/* Exits 2 on a role the config has not, with a "did you mean". */
void	 crm_contact_list(struct crm *, const struct crm_contact_q *,
	    struct crm_out *);
/*
 * crm-contact --set: each field of in[] given (checked; "" clears it,
 * but the name) that differs from the contact's, one contact_change row
 * each with in[CRM_CF_NOTE] as its note; prints id and the fields
 * changed (none: empty).  -1 after "contact N: no such contact".
 */
int	 crm_contact_set(struct crm *, long long id,
	    char *const in[CRM_CF_COUNT], struct crm_out *);
/*
 * crm-contact --left: contact id left the customer or the project at at
 * (0: now), why (checked as a note) the reason; a contact_change row
 * (field left, new the time in ISO 8601); prints id and "left".  -1
 * after a warning, nothing changed, when there is no such contact or
 * they left already (saying when, who recorded it and why).
 */
int	 crm_contact_left(struct crm *, long long id, const char *why,
	    time_t at, struct crm_out *);

/* show.c */
/* crm-show: one deal in full; -1 after a warning when there is none. */
int	 crm_show(struct crm *, long long);

/* ids.c */
/* A deal id: a positive integer that fits in int64. */
int	 crm_id_parse(const char *, long long *, char *, size_t);
/*
 * Calls fn once for each deal id in argv or, when argc is 0 and stdin is
 * not a terminal, in the first tab-separated field of each stdin line
 * (blank and '#' lines skipped); an id seen before is skipped.  A bad id is reported and counted.  Returns
 * the number of failures (bad ids plus fn's non-zero returns); -1 when
 * argc is 0 and stdin is a terminal (the caller prints usage).
 */
int	 crm_ids_each(struct crm *, int argc, char **argv,
	    int (*fn)(struct crm *, long long, void *), void *arg);
/* The id of a line as above; 0 for a line to skip, -1 for a bad one. */
int	 crm_id_line(const char *, long long *, char *, size_t);

#endif
