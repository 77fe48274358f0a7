/*
 * Deals: their columns, checking what users give for them, adding,
 * advancing through stages (with the gate), and changing fields.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

const char *const crm_df_names[CRM_DF_COUNT] = {
	"title", "account", "contact", "owner", "amount", "currency",
	"pipeline", "stage", "expected_close", "next_action", "priority",
	"source", "created", "closed", "lost_reason", "note"
};

/* Deal fields in their documented order: TSV columns only grow at the end. */
const struct crm_col crm_deal_cols[] = {
	{ "id", CRM_COL_RIGHT },
	{ "title", 0 },
	{ "account", 0 },
	{ "contact", CRM_COL_HIDE },
	{ "owner", 0 },
	{ "amount", CRM_COL_RIGHT },
	{ "currency", CRM_COL_VARIES },
	{ "pipeline", CRM_COL_HIDE },
	{ "stage", 0 },
	{ "stage_label", 0 },
	{ "probability", CRM_COL_RIGHT | CRM_COL_HIDE },
	{ "status", CRM_COL_HIDE },
	{ "created", CRM_COL_HIDE },
	{ "stage_entered", CRM_COL_HIDE },
	{ "days_in_stage", CRM_COL_RIGHT },
	{ "expected_close", CRM_COL_HIDE },
	{ "next_action", 0 },
	{ "last_activity", CRM_COL_HIDE },
	{ "lost_reason", CRM_COL_HIDE },
	{ "priority", CRM_COL_RIGHT | CRM_COL_HIDE },
	{ "source", CRM_COL_HIDE },
	{ "closed", CRM_COL_HIDE },
};
const size_t crm_deal_ncols = sizeof(crm_deal_cols) / sizeof(*crm_deal_cols);

#define DEAL_COLUMNS "d.id, d.title, a.name, d.contact, d.owner, " \
	"d.amount, d.currency, d.pipeline, d.stage, d.status, d.created, " \
	"d.stage_entered, d.expected_close, d.next_action, d.last_activity, " \
	"d.lost_reason, d.priority, d.source, d.closed, d.void_id"
#define DEAL_FROM "deal d LEFT JOIN account a ON a.id = d.account_id"
#define DEAL_SELECT "SELECT " DEAL_COLUMNS " FROM " DEAL_FROM

const char crm_deal_select[] = DEAL_SELECT;
const char crm_deal_columns[] = DEAL_COLUMNS;
const char crm_deal_from[] = DEAL_FROM;

void
crm_deal_read(struct crm_stmt *st, struct crm_deal *d)
{
	memset(d, 0, sizeof(*d));
	d->id = crm_col_int(st, 0);
	d->title = crm_col_text(st, 1);
	d->account = crm_col_text(st, 2);
	d->contact = crm_col_text(st, 3);
	d->owner = crm_col_text(st, 4);
	d->amount = crm_col_int(st, 5);
	d->currency = crm_col_text(st, 6);
	d->pipeline = crm_col_text(st, 7);
	d->stage = crm_col_text(st, 8);
	d->status = crm_col_text(st, 9);
	d->created = (time_t)crm_col_int(st, 10);
	d->stage_entered = (time_t)crm_col_int(st, 11);
	d->expected_close = crm_col_text(st, 12);
	d->next_action = crm_col_text(st, 13);
	d->last_activity = (time_t)crm_col_int(st, 14);
	d->lost_reason = crm_col_text(st, 15);
	d->has_priority = !crm_col_null(st, 16);
	d->priority = crm_col_int(st, 16);
	d->source = crm_col_text(st, 17);
	d->closed = (time_t)crm_col_int(st, 18);
	d->void_id = crm_col_int(st, 19);
}

void
crm_deal_stageinfo(const struct crm *crm, const struct crm_deal *d,
    const char **label, int *prob)
{
	const struct crm_pipeline *p;
	int i;

	*label = d->stage;
	*prob = -1;
	if (strcmp(d->status, "won") == 0) {
		*prob = 100;
		return;
	}
	if (strcmp(d->status, "lost") == 0) {
		*prob = 0;
		return;
	}
	/* A stage the config no longer has keeps its name, no probability. */
	if ((p = crm_pipeline_find(crm->cfg, d->pipeline)) == NULL ||
	    (i = crm_stage_index(p, d->stage)) < 0)
		return;
	*label = p->stages[i].label;
	*prob = p->stages[i].probability;
}

void
crm_deal_emit(struct crm *crm, struct crm_out *o, const struct crm_deal *d)
{
	const char *label;
	int prob;

	crm_deal_stageinfo(crm, d, &label, &prob);
	crm_out_int(o, d->id);
	crm_out_str(o, d->title);
	crm_out_str(o, d->account);
	crm_out_str(o, d->contact);
	crm_out_str(o, d->owner);
	crm_out_money(o, d->amount);
	crm_out_str(o, d->currency);
	crm_out_str(o, d->pipeline);
	crm_out_str(o, crm_stage_shown(crm->cfg, d->pipeline, d->stage));
	crm_out_str(o, label);
	if (prob < 0)
		crm_out_null(o);
	else
		crm_out_int(o, prob);
	crm_out_str(o, d->status);
	crm_out_time(o, d->created);
	crm_out_time(o, d->stage_entered);
	crm_out_int(o, crm_days(d->stage_entered, crm->now));
	crm_out_str(o, d->expected_close);
	crm_out_str(o, d->next_action);
	crm_out_time(o, d->last_activity);
	crm_out_str(o, d->lost_reason);
	if (d->has_priority)
		crm_out_int(o, d->priority);
	else
		crm_out_null(o);
	crm_out_str(o, d->source);
	crm_out_time(o, d->closed);
}

/*
 * Loads deal id inside the caller's statement; returns the statement on
 * a row (fields read into d, valid until the statement is reset), else
 * NULL.
 */
struct crm_stmt *
crm_deal_load(struct crm *crm, long long id, struct crm_deal *d)
{
	struct crm_stmt *st;

	st = crm_prepare(crm, DEAL_SELECT " WHERE d.id = ?");
	crm_bind_int(st, 1, id);
	if (crm_step(crm, st) != CRM_ROW) {
		crm_reset(st);
		return NULL;
	}
	crm_deal_read(st, d);
	return st;
}

/* The character c for a message: "a tab", "a control character (U+001B)". */
static const char *
char_name(unsigned c, char *buf, size_t len)
{
	switch (c) {
	case '\t':
		return "a tab";
	case '\n':
		return "a line break";
	case '\r':
		return "a carriage return";
	case 0x2028:
		return "a line separator (U+2028)";
	case 0x2029:
		return "a paragraph separator (U+2029)";
	}
	snprintf(buf, len, "a control character (U+%04X)", c);
	return buf;
}

/*
 * One pass over the bytes, as an import checks every cell of a million
 * lines: the code points are counted by their first bytes, and the
 * characters refused are found by their encodings (C1 is C2 80-9F, the
 * separators E2 80 A8-A9).  Only a text with bytes past ASCII is then
 * checked as UTF-8, which comes first among what may be wrong.
 */
int
crm_text_check(const char *what, const char *s, int multi, char *why,
    size_t whylen)
{
	const unsigned char *p;
	size_t bad, n = 0, max = multi ? CRM_NOTE_MAX : CRM_LINE_MAX;
	unsigned c, first = 0;
	int high = 0;
	char buf[48];

	for (p = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x20 && *p < 0x7f) {
			n++;
			continue;	/* most of any text */
		}
		if (*p >= 0x80)
			high = 1;
		if ((*p & 0xc0) != 0x80)
			n++;
		if (*p < 0x20 || *p == 0x7f)
			c = *p;
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			c = p[1];
		else if (*p == 0xe2 && p[1] == 0x80 &&
		    (p[2] == 0xa8 || p[2] == 0xa9))
			c = 0x2000 | (p[2] - 0x80);
		else
			continue;
		/* A note may hold tabs, line breaks and the separators. */
		if (first == 0 && (!multi || (c != '\t' && c != '\n' &&
		    c != '\r' && c < 0x2000)))
			first = c;	/* never 0: the loop ends at NUL */
	}
	if (high && crm_utf8_check(s, (size_t)(p - (const unsigned char *)s),
	    &bad) == -1) {
		snprintf(why, whylen, "%s: invalid UTF-8 at byte %zu", what,
		    bad + 1);
		return -1;
	}
	if (first != 0) {
		snprintf(why, whylen, "%s: %s is not allowed%s", what,
		    char_name(first, buf, sizeof(buf)),
		    multi ? "" : " in a one-line field");
		return -1;
	}
	if (n > max) {
		snprintf(why, whylen, "%s: %zu characters, at most %zu", what,
		    n, max);
		return -1;
	}
	return 0;
}

/* 0 when s is one of p's lost reasons (or p allows any); else -1, why. */
static int
lost_check(const struct crm_pipeline *p, const char *s, char *why,
    size_t whylen)
{
	char *msg;

	if (p->lost_reasons.n == 0 || crm_strv_has(&p->lost_reasons, s))
		return 0;
	msg = crm_unknown("lost reason", s, &p->lost_reasons, "reasons");
	snprintf(why, whylen, "%s", msg);
	free(msg);
	return -1;
}

/* The length of the white space character at s, or 0. */
static size_t
space_at(const unsigned char *s)
{
	if (s[0] == ' ')
		return 1;
	if (s[0] == 0xc2 && s[1] == 0xa0)
		return 2;
	if (s[0] == 0xe1 && s[1] == 0x9a && s[2] == 0x80)
		return 3;
	if (s[0] == 0xe2 && s[1] == 0x80 &&
	    ((s[2] >= 0x80 && s[2] <= 0x8a) || s[2] == 0xaf))
		return 3;
	if (s[0] == 0xe2 && s[1] == 0x81 && s[2] == 0x9f)
		return 3;
	if (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	return 0;
}

/*
 * From the end, a match must start at a lead byte (never a continuation
 * byte), so it is a whole character.  Only a space or a byte past ASCII
 * may end white space: a text ending in anything else is looked at no
 * further.
 */
char *
crm_trim(char *s)
{
	unsigned char *p = (unsigned char *)s, *end;
	size_t n;

	while ((n = space_at(p)) > 0)
		p += n;
	end = p + strlen((char *)p);
	if (end == p || (end[-1] != ' ' && end[-1] < 0x80))
		return (char *)p;
	for (;;) {
		if (end - p >= 1 && space_at(end - 1) == 1)
			end--;
		else if (end - p >= 2 && space_at(end - 2) == 2)
			end -= 2;
		else if (end - p >= 3 && space_at(end - 3) == 3)
			end -= 3;
		else
			break;
	}
	if (*end != '\0')
		*end = '\0';
	return (char *)p;
}

int
crm_deal_field(struct crm *crm, int df, char **sp, struct crm_dealvals *v,
    char *why, size_t whylen)
{
	const char *name = crm_df_names[df], *cur;
	char w2[1024], *s, *list;

	if (df != CRM_DF_NOTE)
		*sp = crm_trim(*sp);
	s = *sp;
	if (crm_text_check(name, s, df == CRM_DF_NOTE, why, whylen) == -1)
		return -1;
	switch (df) {
	case CRM_DF_TITLE:
	case CRM_DF_OWNER:
		if (s[0] == '\0') {
			snprintf(why, whylen, "%s must not be empty", name);
			return -1;
		}
		if (df == CRM_DF_OWNER &&
		    crm_person_check(crm->cfg, s, w2, sizeof(w2)) == -1) {
			snprintf(why, whylen, "owner: %s", w2);
			return -1;
		}
		break;
	case CRM_DF_CURRENCY:
		/* Every entry point the same: "jpy" is JPY.  crm-set: none. */
		if ((s[0] != '\0' || v->forset) &&
		    crm_currency_parse(s, v->currency, w2, sizeof(w2)) == -1) {
			snprintf(why, whylen, "currency '%s': %s", s, w2);
			return -1;
		}
		break;
	case CRM_DF_AMOUNT:
		/*
		 * A symbol must stand for the currency given (checked
		 * first), else for a new deal's default; crm-set holds it
		 * to each deal's own currency in crm_deal_set().
		 */
		if (v->currency[0] != '\0')
			cur = v->currency;
		else
			cur = v->forset ? crm_money_symbol(s) :
			    crm->cfg->currency;
		if (s[0] != '\0' && crm_money_parse_in(s, cur, &v->amount, w2,
		    sizeof(w2)) == -1) {
			snprintf(why, whylen, "amount '%s': %s", s, w2);
			return -1;
		}
		break;
	case CRM_DF_PRIORITY:
		if (s[0] != '\0' && crm_strtonum(s, 0, 99, &v->priority, w2,
		    sizeof(w2)) == -1) {
			snprintf(why, whylen, "priority '%s' must be a whole "
			    "number 0-99", s);
			return -1;
		}
		break;
	case CRM_DF_EXPECTED_CLOSE:
	case CRM_DF_NEXT_ACTION:
		if (s[0] != '\0' && crm_date_parse(s, crm->now,
		    df == CRM_DF_NEXT_ACTION ? v->next_action :
		    v->expected_close, w2, sizeof(w2)) == -1) {
			snprintf(why, whylen, "%s '%s': %s", name, s, w2);
			return -1;
		}
		break;
	case CRM_DF_CREATED:
		if (s[0] == '\0')
			break;
		if (crm_when_parse(s, crm->now, &v->created, w2,
		    sizeof(w2)) == -1) {
			snprintf(why, whylen, "created '%s': %s", s, w2);
			return -1;
		}
		if (v->created > crm->now) {
			snprintf(why, whylen, "created '%s' is in the future",
			    s);
			return -1;
		}
		break;
	case CRM_DF_CLOSED:
		if (s[0] != '\0' && crm_when_parse(s, crm->now, &v->closed,
		    w2, sizeof(w2)) == -1) {
			snprintf(why, whylen, "closed '%s': %s", s, w2);
			return -1;
		}
		break;
	case CRM_DF_PIPELINE:
		if (s[0] != '\0' && crm_pipeline_find(crm->cfg, s) == NULL) {
			list = crm_pipeline_unknown(crm->cfg, s);
			snprintf(why, whylen, "%s", list);
			free(list);
			return -1;
		}
		break;
	}
	return 0;
}

static const char *nonempty(const char *);

/*
 * On a server whose rules hold the login: whether a new deal of owner
 * would be refused (a person adds deals for themselves and those below
 * them), with why.  The server's policy holds every other client to it.
 */
static int
may_own_refused(struct crm *crm, const char *owner, char *why, size_t whylen)
{
	const char *sql;
	struct crm_stmt *st;
	int refused = 0;

	if (crm->db == NULL || !crm_db_ruled(crm->db))
		return 0;
	sql = crm_dialect(crm, CRM_DIALECT_MAY_OWN);
	st = crm_prepare(crm, sql);
	crm_bind_text(st, 1, owner);
	if (crm_step(crm, st) == CRM_ROW && crm_col_int(st, 0) == 0) {
		snprintf(why, whylen, "owner '%s' is not below %s: a person "
		    "adds deals for themselves and those below them in team:",
		    owner, crm->user);
		refused = 1;
	}
	crm_reset(st);
	return refused;
}

/*
 * A new deal with no owner given is the acting user's, who must then be
 * a person of team: as a given owner must.
 */
static int
default_owner(struct crm *crm, char *why, size_t whylen)
{
	struct crm_strv people = { 0 };
	const char *near;
	char *list;

	if (crm_text_check("CRM_USER", crm->user, 0, why, whylen) == -1)
		return -1;
	if (crm->user[0] == '\0') {
		snprintf(why, whylen, "owner: none given, and CRM_USER is "
		    "blank; give -o NAME or set CRM_USER");
		return -1;
	}
	if (!crm_team_checked(crm->cfg) ||
	    crm_person_check(crm->cfg, crm->user, why, whylen) == 0)
		return 0;
	crm_team_people(crm->cfg, &people);
	near = crm_suggest(crm->user, &people);
	list = crm_strv_join(&people, ", ");
	snprintf(why, whylen, "owner: none given, and the acting user '%s' "
	    "is not in team:%s%s%s (people in team: %s); give -o NAME or set "
	    "CRM_USER", crm->user, near ? " did you mean '" : "",
	    near ? near : "", near ? "'?" : "", list);
	free(list);
	crm_strv_free(&people);
	return -1;
}

#define BAD(df)		(bad & 1u << (df))
#define SETBAD(df)	(bad |= 1u << (df))

/*
 * Why each field is bad, so that the reasons are told in the order of the
 * fields whatever the order they were found in.
 */
struct fieldwhy {
	char	s[CRM_DF_COUNT][1024];
};

/* The reasons of the bad fields into why, one a line, in field order. */
static int
fieldwhy_flush(const struct fieldwhy *fw, unsigned bad, char *why,
    size_t whylen)
{
	int i;

	why[0] = '\0';
	for (i = 0; i < CRM_DF_COUNT; i++)
		if (BAD(i) && fw->s[i][0] != '\0')
			crm_why_add(why, whylen, "%s", fw->s[i]);
	return bad ? -1 : 0;
}

/*
 * Each given field of in[] by crm_deal_field(), into v, a bad one's
 * reason into fw; returns the bad fields, bit 1 << CRM_DF_* each.  The
 * currency comes first, as an amount's symbol is held to it; a symbol
 * with a bad currency is not reported again.
 */
static unsigned
deal_fields(struct crm *crm, char *const in[CRM_DF_COUNT], int forset,
    struct crm_dealvals *v, struct fieldwhy *fw)
{
	static const int order[CRM_DF_COUNT] = {
		CRM_DF_CURRENCY, CRM_DF_TITLE, CRM_DF_ACCOUNT, CRM_DF_CONTACT,
		CRM_DF_OWNER, CRM_DF_AMOUNT, CRM_DF_PIPELINE, CRM_DF_STAGE,
		CRM_DF_EXPECTED_CLOSE, CRM_DF_NEXT_ACTION, CRM_DF_PRIORITY,
		CRM_DF_SOURCE, CRM_DF_CREATED, CRM_DF_CLOSED,
		CRM_DF_LOST_REASON, CRM_DF_NOTE
	};
	char *s;
	unsigned bad = 0;
	int i, k;

	memset(v, 0, sizeof(*v));
	v->forset = forset;
	for (k = 0; k < CRM_DF_COUNT; k++) {
		i = order[k];
		if ((s = in[i]) == NULL)
			continue;
		fw->s[i][0] = '\0';
		if (i == CRM_DF_AMOUNT && BAD(CRM_DF_CURRENCY) &&
		    crm_money_symbol(s) != NULL)
			SETBAD(i);
		else if (crm_deal_field(crm, i, &s, v, fw->s[i],
		    sizeof(fw->s[i])) == -1)
			SETBAD(i);
		v->in[i] = s;
	}
	return bad;
}

int
crm_deal_changes(struct crm *crm, char *const in[CRM_DF_COUNT],
    struct crm_dealvals *v, char *why, size_t whylen)
{
	struct fieldwhy fw;

	return fieldwhy_flush(&fw, deal_fields(crm, in, 1, v, &fw), why,
	    whylen);
}

/*
 * Every bad value is reported, one a line, not only the first: an
 * import's line with a bad amount and a bad date names both.  A check that
 * needs another field (a stage its pipeline; closed and lost_reason the
 * stage; closed the created time) is made only when that field was good,
 * so one mistake is not reported twice.
 */
int
crm_deal_values(struct crm *crm, char *const in[CRM_DF_COUNT],
    struct crm_dealvals *v, char *why, size_t whylen)
{
	const struct crm_pipeline *p;
	struct fieldwhy fw;
	char *list;
	const char *s;
	unsigned bad;

#define WHY(df, ...)	(snprintf(fw.s[df], sizeof(fw.s[df]), __VA_ARGS__), \
	SETBAD(df))
	bad = deal_fields(crm, in, 0, v, &fw);
	if (v->in[CRM_DF_TITLE] == NULL)
		WHY(CRM_DF_TITLE, "title must not be empty");
	if (v->in[CRM_DF_OWNER] == NULL && default_owner(crm,
	    fw.s[CRM_DF_OWNER], sizeof(fw.s[CRM_DF_OWNER])) == -1)
		SETBAD(CRM_DF_OWNER);
	else if (!BAD(CRM_DF_OWNER) && may_own_refused(crm,
	    nonempty(v->in[CRM_DF_OWNER]) ? v->in[CRM_DF_OWNER] : crm->user,
	    fw.s[CRM_DF_OWNER], sizeof(fw.s[CRM_DF_OWNER])))
		SETBAD(CRM_DF_OWNER);
	if (v->in[CRM_DF_CREATED] == NULL ||
	    v->in[CRM_DF_CREATED][0] == '\0' || BAD(CRM_DF_CREATED))
		v->created = crm->now;
	p = crm_pipeline_find(crm->cfg, v->in[CRM_DF_PIPELINE] &&
	    v->in[CRM_DF_PIPELINE][0] && !BAD(CRM_DF_PIPELINE) ?
	    v->in[CRM_DF_PIPELINE] : NULL);
	v->pipeline = p->name;
	v->stage = p->stages[0].name;
	/* A stage is only known in a known pipeline. */
	if (BAD(CRM_DF_PIPELINE) && v->in[CRM_DF_STAGE] != NULL &&
	    v->in[CRM_DF_STAGE][0] != '\0')
		SETBAD(CRM_DF_STAGE);
	/* By name or by label; the name is what is kept. */
	if ((s = v->in[CRM_DF_STAGE]) != NULL && s[0] != '\0' &&
	    !BAD(CRM_DF_STAGE) && (v->stage = crm_stage_name(p, s)) == NULL) {
		list = crm_stage_unknown(p, s);
		WHY(CRM_DF_STAGE, "%s", list);
		free(list);
	}
	if ((s = v->in[CRM_DF_CLOSED]) != NULL && s[0] != '\0' &&
	    !BAD(CRM_DF_CLOSED)) {
		if (!BAD(CRM_DF_STAGE) && strcmp(v->stage, "won") != 0 &&
		    strcmp(v->stage, "lost") != 0) {
			WHY(CRM_DF_CLOSED, "closed is only for a stage of "
			    "won or lost");
		} else if (v->closed > crm->now ||
		    (!BAD(CRM_DF_CREATED) && v->closed < v->created)) {
			WHY(CRM_DF_CLOSED, "closed '%s' must be between "
			    "created and now", s);
		}
	}
	if ((s = v->in[CRM_DF_LOST_REASON]) != NULL && s[0] != '\0' &&
	    !BAD(CRM_DF_LOST_REASON) && !BAD(CRM_DF_STAGE)) {
		if (strcmp(v->stage, "lost") != 0) {
			WHY(CRM_DF_LOST_REASON, "lost_reason is only for a "
			    "stage of lost");
		} else if (lost_check(p, s, fw.s[CRM_DF_LOST_REASON],
		    sizeof(fw.s[CRM_DF_LOST_REASON])) == -1)
			SETBAD(CRM_DF_LOST_REASON);
	}
	if ((s = v->in[CRM_DF_CURRENCY]) != NULL && s[0] == '\0')
		v->in[CRM_DF_CURRENCY] = NULL;
	/* Unknown, for what the caller checks against it (a status). */
	if (BAD(CRM_DF_PIPELINE) || BAD(CRM_DF_STAGE))
		v->stage = NULL;
	return fieldwhy_flush(&fw, bad, why, whylen);
#undef WHY
}
#undef BAD
#undef SETBAD

static const char *
nonempty(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

/*
 * The id of the account named name, made when new; NULL name gives 0.
 * fresh: the name is likely new (an import meeting it for the first
 * time), so the insert is tried first, sparing a lookup that would fail.
 */
long long
crm_account_id(struct crm *crm, const char *name, time_t at, int fresh)
{
	struct crm_stmt *st;
	long long id;

	if (name == NULL || name[0] == '\0')
		return 0;
	/* A server's rules: the account may be one the login cannot see. */
	if (crm_dialect(crm, CRM_DIALECT_ACCOUNT_ID)[0] != '\0') {
		st = crm_prepare(crm, crm_dialect(crm, CRM_DIALECT_ACCOUNT_ID));
		crm_bind_ref(st, 1, name);
		crm_bind_int(st, 2, at);
		return crm_step_id(crm, st);
	}
	if (fresh) {
		st = crm_prepare(crm, "INSERT INTO account (name, created) "
		    "VALUES (?, ?) ON CONFLICT (name) DO NOTHING RETURNING id");
		crm_bind_ref(st, 1, name);
		crm_bind_int(st, 2, at);
		if ((id = crm_step_id(crm, st)) != 0)
			return id;
	}
	st = crm_prepare(crm, "SELECT id FROM account WHERE name = ?");
	crm_bind_ref(st, 1, name);
	if (crm_step(crm, st) == CRM_ROW) {
		id = crm_col_int(st, 0);
		crm_reset(st);
		return id;
	}
	st = crm_prepare(crm,
	    "INSERT INTO account (name, created) VALUES (?, ?) RETURNING id");
	crm_bind_ref(st, 1, name);
	crm_bind_int(st, 2, at);
	return crm_step_id(crm, st);
}

/*
 * Multi-row inserts of new accounts, as constants (nothing is built per
 * call): ACCOUNT_ROWS rows a statement, and a rest of fewer rows a
 * quarter as many at a time, then one.
 */
#define ACCOUNT_INSERT	"INSERT INTO account (name, created) VALUES "
#define ACCOUNT_RETURN	" ON CONFLICT (name) DO NOTHING RETURNING id, name"
#define ACCOUNT_V1	"(?, ?)"
#define ACCOUNT_V4	ACCOUNT_V1 ", " ACCOUNT_V1 ", " ACCOUNT_V1 ", " ACCOUNT_V1
#define ACCOUNT_V16	ACCOUNT_V4 ", " ACCOUNT_V4 ", " ACCOUNT_V4 ", " ACCOUNT_V4
#define ACCOUNT_V64	ACCOUNT_V16 ", " ACCOUNT_V16 ", " ACCOUNT_V16 ", " \
	ACCOUNT_V16
#define ACCOUNT_ROWS	64

/*
 * Accounts known to be new (see crm_account_ids()), ids *next on, by
 * COPY: a row each, no statement and no round trip of their own, and
 * the id given (the trigger then does nothing).
 */
static void
account_copy(struct crm *crm, const char *const *name, const time_t *at,
    size_t n, long long *id, long long *next)
{
	const char *val[3];
	char num[2][24];
	size_t i;

	(void)crm_copy_begin(crm, "account (id, name, created)");
	for (i = 0; i < n; i++) {
		id[i] = (*next)++;
		snprintf(num[0], sizeof(num[0]), "%lld", id[i]);
		snprintf(num[1], sizeof(num[1]), "%lld", (long long)at[i]);
		val[0] = num[0];
		val[1] = name[i];
		val[2] = num[1];
		crm_copy_row(crm, val, 3);
	}
	crm_copy_end(crm);
}

/*
 * The ids of n accounts named name[] (none empty, no two the same), the
 * lines' first times at[], into id[]: made when new, in this order, so
 * that they get the ids one crm_account_id() each would give.  Where the
 * backend streams (PostgreSQL), many in one statement: an import of
 * 100,000 deals met 23,000 accounts, 1.3 s of the server's time one
 * statement each.  The id trigger gives each row max(id) + 1 in order,
 * and a row ON CONFLICT skipped takes none; RETURNING's rows come in
 * the rows' order, each with its name, so one not among them (an
 * account there before) is looked up by its name, as is any other
 * whose row did not come back as expected.
 *
 * *next > 0: the caller knows that no name is there yet (the table was
 * empty when its transaction took the write lock, and it asks for each
 * name once) and that *next is max(id) + 1; the rows then go by COPY
 * with those ids (account_copy()), and *next moves past them.  0:
 * nothing is known, and the ids come as above.
 */
void
crm_account_ids(struct crm *crm, const char *const *name, const time_t *at,
    size_t n, long long *id, long long *next)
{
	static const char *const sql[] = {
		ACCOUNT_INSERT ACCOUNT_V64 ACCOUNT_RETURN,
		ACCOUNT_INSERT ACCOUNT_V16 ACCOUNT_RETURN,
		ACCOUNT_INSERT ACCOUNT_V4 ACCOUNT_RETURN,
		ACCOUNT_INSERT ACCOUNT_V1 ACCOUNT_RETURN
	};
	struct crm_stmt *st;
	const char *got;
	size_t i, j, k, rows;
	int s;

	if (!crm_copy_can(crm)) {
		for (i = 0; i < n; i++)
			id[i] = crm_account_id(crm, name[i], at[i], 1);
		return;
	}
	if (*next > 0) {
		if (n > 0)
			account_copy(crm, name, at, n, id, next);
		return;
	}
	for (i = 0; i < n; i += rows) {
		for (s = 0, rows = ACCOUNT_ROWS; rows > n - i; s++)
			rows /= 4;
		st = crm_prepare(crm, sql[s]);
		for (k = 0; k < rows; k++) {
			crm_bind_ref(st, (int)(2 * k + 1), name[i + k]);
			crm_bind_int(st, (int)(2 * k + 2), at[i + k]);
			id[i + k] = 0;
		}
		j = i;
		while (crm_step(crm, st) == CRM_ROW) {
			if ((got = crm_col_text(st, 1)) == NULL)
				break;
			while (j < i + rows && strcmp(name[j], got) != 0)
				j++;
			if (j == i + rows)
				break;
			id[j++] = crm_col_int(st, 0);
		}
		crm_reset(st);
		for (k = i; k < i + rows; k++)
			if (id[k] == 0)
				id[k] = crm_account_id(crm, name[k], at[k], 0);
	}
}

static void
bind_account(struct crm *crm, struct crm_stmt *st, int i, const char *name,
    time_t at)
{
	long long aid = crm_account_id(crm, name, at, 0);

	if (aid == 0)
		crm_bind_null(st, i);
	else
		crm_bind_int(st, i, aid);
}

void
crm_stage_change(struct crm *crm, long long id, const char *from,
    const char *to, time_t at, int forced, const char *note,
    const char *reason)
{
	struct crm_stmt *st;

	st = crm_prepare(crm, "INSERT INTO stage_change (deal_id, from_stage, "
	    "to_stage, at, by, forced, note, reason) VALUES (?, ?, ?, ?, ?, ?, "
	    "?, ?)");
	crm_bind_int(st, 1, id);
	crm_bind_ref(st, 2, from);
	crm_bind_ref(st, 3, to);
	crm_bind_int(st, 4, at);
	crm_bind_ref(st, 5, crm->user);
	crm_bind_int(st, 6, forced);
	crm_bind_ref(st, 7, nonempty(note));
	crm_bind_ref(st, 8, nonempty(reason));
	crm_step(crm, st);
}

/*
 * The greatest id of table's rows, every one of them (on a server, not
 * only those the login sees): 0 for an empty table.
 */
static long long
last_id(struct crm *crm, const char *table)
{
	struct crm_stmt *st;
	long long id = 0;
	char sql[64];

	snprintf(sql, sizeof(sql), crm_dialect(crm, CRM_DIALECT_MAX_ID),
	    table);
	st = crm_prepare(crm, sql);
	if (crm_step(crm, st) == CRM_ROW)
		id = crm_col_int(st, 0);
	crm_reset(st);
	return id;
}

long long
crm_account_last_id(struct crm *crm)
{
	return last_id(crm, "account");
}

long long
crm_deal_last_id(struct crm *crm)
{
	return last_id(crm, "deal");
}

long long
crm_deal_insert(struct crm *crm, const struct crm_dealvals *v)
{
	long long id = crm_deal_row(crm, v);

	crm_deal_first_changes(crm, id, id, v->in[CRM_DF_NOTE]);
	return id;
}

/*
 * A deal's first stage change says what its row says: the stage it was
 * made in, when it entered it, and a lost deal's reason.  Made from the
 * rows, so an import makes a million in one statement.
 *
 * The ids are given, the ones the backend would give: the caller holds
 * the write lock, and deals first..last are consecutive, so their
 * changes are max(id) + 1 on, in the deals' order.  On PostgreSQL an id
 * left to the id trigger is a max(id) probe and an advisory lock per
 * row: 1.9 of a 100,000-deal import's 3.3 s of stage changes, against
 * 0.1 s for the trigger seeing an id given.
 */
void
crm_deal_first_changes(struct crm *crm, long long first, long long last,
    const char *note)
{
	struct crm_stmt *st;
	long long base;

	base = last_id(crm, "stage_change");
	st = crm_prepare(crm, "INSERT INTO stage_change (id, deal_id, "
	    "from_stage, to_stage, at, by, forced, note, reason) SELECT "
	    "id + ?, id, NULL, stage, stage_entered, ?, 0, ?, CASE WHEN "
	    "status = 'lost' THEN lost_reason END FROM deal WHERE id BETWEEN "
	    "? AND ? ORDER BY id");
	crm_bind_int(st, 1, base + 1 - first);
	crm_bind_ref(st, 2, crm->user);
	crm_bind_ref(st, 3, nonempty(note));
	crm_bind_int(st, 4, first);
	crm_bind_int(st, 5, last);
	crm_step(crm, st);
}

#define DEAL_INSERT "INSERT " DEAL_INTO
#define DEAL_INTO "INTO deal (title, account_id, contact, owner, " \
	"amount, currency, pipeline, stage, status, created, created_by, " \
	"stage_entered, closed, expected_close, next_action, lost_reason, " \
	"priority, source) VALUES "
#define DEAL_VALUES "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define DEAL_NPARAMS 18
/* CRM_DEAL_ROWS of them, as one constant: nothing is built per call. */
#define DEAL_VALUES2 DEAL_VALUES ", " DEAL_VALUES
#define DEAL_VALUES4 DEAL_VALUES2 ", " DEAL_VALUES2
#define DEAL_VALUES8 DEAL_VALUES4 ", " DEAL_VALUES4
#define DEAL_VALUES16 DEAL_VALUES8 ", " DEAL_VALUES8
_Static_assert(CRM_DEAL_ROWS == 16, "DEAL_VALUES16 is CRM_DEAL_ROWS rows");

/*
 * What the row of a new deal v holds, worked out once for both ways of
 * writing it (deal_bind()'s INSERT, deal_copy()'s COPY); NULL: null.
 */
struct deal_row {
	const char	*contact, *owner, *currency, *status;
	const char	*expected_close, *next_action, *lost_reason, *source;
	time_t		 entered, closed;	/* closed 0: null */
	int		 has_priority;
};

static void
deal_row(struct crm *crm, const struct crm_dealvals *v, struct deal_row *r)
{
	const char *const *in = v->in;

	r->status = "open";
	r->entered = v->created;
	r->closed = 0;
	if (strcmp(v->stage, "won") == 0 || strcmp(v->stage, "lost") == 0) {
		r->status = v->stage;
		r->closed = r->entered = v->closed ? v->closed : v->created;
	}
	r->contact = nonempty(in[CRM_DF_CONTACT]);
	r->owner = nonempty(in[CRM_DF_OWNER]) ? in[CRM_DF_OWNER] : crm->user;
	r->currency = v->currency[0] ? v->currency : crm->cfg->currency;
	r->expected_close = v->expected_close[0] ? v->expected_close : NULL;
	r->next_action = v->next_action[0] ? v->next_action : NULL;
	r->lost_reason = nonempty(in[CRM_DF_LOST_REASON]);
	r->source = nonempty(in[CRM_DF_SOURCE]);
	r->has_priority = nonempty(in[CRM_DF_PRIORITY]) != NULL;
}

/* Binds v as the row whose parameters follow parameter p. */
static void
deal_bind(struct crm *crm, struct crm_stmt *st, int p,
    const struct crm_dealvals *v)
{
	struct deal_row r;

	deal_row(crm, v, &r);
	/* The account is looked up before the deal's statement is bound. */
	if (v->account_id > 0)
		crm_bind_int(st, p + 2, v->account_id);
	else
		bind_account(crm, st, p + 2,
		    nonempty(v->in[CRM_DF_ACCOUNT]), v->created);
	crm_bind_ref(st, p + 1, v->in[CRM_DF_TITLE]);
	crm_bind_ref(st, p + 3, r.contact);
	crm_bind_ref(st, p + 4, r.owner);
	crm_bind_int(st, p + 5, v->amount);
	crm_bind_ref(st, p + 6, r.currency);
	crm_bind_ref(st, p + 7, v->pipeline);
	crm_bind_ref(st, p + 8, v->stage);
	crm_bind_ref(st, p + 9, r.status);
	crm_bind_int(st, p + 10, v->created);
	crm_bind_ref(st, p + 11, crm->user);
	crm_bind_int(st, p + 12, r.entered);
	if (r.closed)
		crm_bind_int(st, p + 13, r.closed);
	crm_bind_ref(st, p + 14, r.expected_close);
	crm_bind_ref(st, p + 15, r.next_action);
	crm_bind_ref(st, p + 16, r.lost_reason);
	if (r.has_priority)
		crm_bind_int(st, p + 17, v->priority);
	crm_bind_ref(st, p + 18, r.source);
}

long long
crm_deal_row(struct crm *crm, const struct crm_dealvals *v)
{
	struct crm_stmt *st;

	st = crm_prepare(crm, DEAL_INSERT DEAL_VALUES " RETURNING id");
	deal_bind(crm, st, 0, v);
	return crm_step_id(crm, st);
}

/*
 * CRM_DEAL_ROWS deals in one statement: a statement run per deal was a
 * fifth of the writer's time in an import.  The rows get consecutive
 * ids (the caller holds the write lock): no RETURNING, which costs an
 * import a fifth more (crm_import() asks for the last id once).
 *
 * OR FAIL (SQLite's, crm_dialect(CRM_DIALECT_INSERT_ROWS): a plain
 * INSERT elsewhere): a statement of many rows that may stop half way (a
 * NOT NULL) makes SQLite keep a statement journal, a copy of each page
 * before the statement changes it, so that it can undo just that
 * statement.  With 16 KB pages that copy spills to a temporary file:
 * 220,000 writes in a million-deal import, which went from 5.0 to 4.5 s
 * without them.  FAIL keeps the rows before the failing one instead, and
 * that is never seen: a failed step ends the program (crm_step), and the
 * transaction goes with it.
 *
 * The text is made once per backend's dialect, not per call.
 */
void
crm_deal_rows(struct crm *crm, const struct crm_dealvals *v)
{
	static const char *made_for;
	static char *sql;
	struct crm_stmt *st;
	const char *how;
	int i;

	how = crm_dialect(crm, CRM_DIALECT_INSERT_ROWS);
	if (sql == NULL || how != made_for) {
		free(sql);
		sql = crm_asprintf("INSERT%s " DEAL_INTO DEAL_VALUES16, how);
		made_for = how;
	}
	st = crm_prepare(crm, sql);
	for (i = 0; i < CRM_DEAL_ROWS; i++)
		deal_bind(crm, st, i * DEAL_NPARAMS, &v[i]);
	crm_step(crm, st);
}

/*
 * The columns of a deal's row for COPY, in deal_copy()'s order: the
 * id given by crm, since COPY has no RETURNING (and the id trigger keeps
 * a given id, lib/schema-pg.sql).
 */
#define DEAL_COPY "deal (id, title, account_id, contact, owner, amount, " \
	"currency, pipeline, stage, status, created, created_by, " \
	"stage_entered, closed, expected_close, next_action, lost_reason, " \
	"priority, source)"
#define DEAL_COPY_N 19

/*
 * v as COPY's values, with id and its account's id aid: deal_row()'s, as
 * deal_bind() binds them (tests/pg compares the two backends' deals).
 */
static void
deal_copy(struct crm *crm, const struct crm_dealvals *v, long long id,
    long long aid)
{
	struct deal_row r;
	const char *val[DEAL_COPY_N];
	char num[7][24];

	deal_row(crm, v, &r);
	snprintf(num[0], sizeof(num[0]), "%lld", id);
	snprintf(num[1], sizeof(num[1]), "%lld", aid);
	snprintf(num[2], sizeof(num[2]), "%lld", (long long)v->amount);
	snprintf(num[3], sizeof(num[3]), "%lld", (long long)v->created);
	snprintf(num[4], sizeof(num[4]), "%lld", (long long)r.entered);
	snprintf(num[5], sizeof(num[5]), "%lld", (long long)r.closed);
	snprintf(num[6], sizeof(num[6]), "%lld", (long long)v->priority);
	val[0] = num[0];
	val[1] = v->in[CRM_DF_TITLE];
	val[2] = aid > 0 ? num[1] : NULL;
	val[3] = r.contact;
	val[4] = r.owner;
	val[5] = num[2];
	val[6] = r.currency;
	val[7] = v->pipeline;
	val[8] = v->stage;
	val[9] = r.status;
	val[10] = num[3];
	val[11] = crm->user;
	val[12] = num[4];
	val[13] = r.closed ? num[5] : NULL;
	val[14] = r.expected_close;
	val[15] = r.next_action;
	val[16] = r.lost_reason;
	val[17] = r.has_priority ? num[6] : NULL;
	val[18] = r.source;
	crm_copy_row(crm, val, DEAL_COPY_N);
}

/*
 * The import's deals, n of them with ids first... (the caller holds the
 * write lock, and first is crm_deal_last_id() + 1): streamed where the
 * backend can (COPY on PostgreSQL: one statement for them all, where the
 * 16-row INSERTs were a statement each), else CRM_DEAL_ROWS at a time as
 * crm_deal_rows() does, the ids then the backend's own, the same ones.
 * COPY holds the connection until it ends, so the accounts that need a
 * lookup are looked up first.
 */
void
crm_deal_many(struct crm *crm, const struct crm_dealvals *v, size_t n,
    long long first)
{
	long long *aid;
	size_t i;

	if (n == 0)
		return;
	if (!crm_copy_can(crm)) {
		for (i = 0; i + CRM_DEAL_ROWS <= n; i += CRM_DEAL_ROWS)
			crm_deal_rows(crm, &v[i]);
		for (; i < n; i++)
			crm_deal_row(crm, &v[i]);
		return;
	}
	aid = crm_calloc(n ? n : 1, sizeof(*aid));
	for (i = 0; i < n; i++)
		aid[i] = v[i].account_id > 0 ? v[i].account_id :
		    crm_account_id(crm, nonempty(v[i].in[CRM_DF_ACCOUNT]),
		    v[i].created, 0);
	(void)crm_copy_begin(crm, DEAL_COPY);
	for (i = 0; i < n; i++)
		deal_copy(crm, &v[i], first + (long long)i, aid[i]);
	crm_copy_end(crm);
	free(aid);
}

/*
 * What stage s requires that was not logged, by the rule of an
 * activity's stage (crm_act_stage_sql): with period, a stage change's
 * id, the activities that fall under that change up to time until (the
 * stay the deal is leaving: a backdated move leaves what came after it
 * to the new stage); with period 0, every activity ever in stage s (a
 * stage the move skips: was its work ever done?).  Returns 0 when
 * nothing is missing; else -1 with the shortfall, "1 visit (0 logged),
 * ...", in *b.
 */
static int
shortfall(struct crm *crm, long long id, const struct crm_stage *s,
    long long period, time_t until, struct crm_buf *b)
{
	struct crm_buf in = { 0 };
	struct crm_stmt *st;
	char *sql[2];
	const char *role, *an;
	long long have;
	size_t i, k, nb;
	int missing = 0, j;

	/*
	 * The activities of the stay (or of the stage), then what each
	 * must be: of a kind; with a contact of a role present (meet:).
	 * The last ? is the kind or the role.
	 */
	if (period != 0)
		crm_buf_printf(&in, "SELECT count(*) FROM activity x WHERE "
		    "x.deal_id = ? AND x.at <= ? AND "
		    "x.void_id IS NULL AND %s = ?", crm_act_change_sql);
	else {
		/* The stage by its name or any it had (renamed_from). */
		crm_buf_printf(&in, "SELECT count(*) FROM activity x "
		    "JOIN deal d ON d.id = x.deal_id WHERE x.deal_id = ? "
		    "AND x.void_id IS NULL AND %s IN (?",
		    crm_act_stage_sql);
		for (k = 0; k < s->renamed_from.n; k++)
			crm_buf_adds(&in, ", ?");
		crm_buf_adds(&in, ")");
	}
	nb = in.len;
	crm_buf_adds(&in, " AND x.kind = ?");
	sql[0] = crm_strdup(in.s);
	in.len = nb;
	in.s[nb] = '\0';
	crm_buf_adds(&in, " AND EXISTS (SELECT 1 FROM activity_contact ac "
	    "JOIN contact c ON c.id = ac.contact_id WHERE ac.activity_id = "
	    "x.id AND c.role = ?)");
	sql[1] = crm_strdup(in.s);
	crm_buf_free(&in);
	for (i = 0; i < s->nreq + s->meet.n; i++) {
		st = crm_prepare(crm, sql[i >= s->nreq]);
		crm_bind_int(st, 1, id);
		if (period != 0) {
			crm_bind_int(st, 2, until);
			crm_bind_int(st, 3, period);
			j = 4;
		} else {
			crm_bind_text(st, 2, s->name);
			for (k = 0; k < s->renamed_from.n; k++)
				crm_bind_text(st, 3 + (int)k,
				    s->renamed_from.v[k]);
			j = 3 + (int)s->renamed_from.n;
		}
		crm_bind_text(st, j, i < s->nreq ? s->req[i].kind :
		    s->meet.v[i - s->nreq]);
		crm_step(crm, st);
		have = crm_col_int(st, 0);
		crm_reset(st);
		if (i < s->nreq) {
			if (have >= s->req[i].n)
				continue;
			crm_buf_printf(b, "%s%d %s (%lld logged)",
			    missing ? ", " : "", s->req[i].n, s->req[i].kind,
			    have);
		} else {
			if (have > 0)
				continue;
			role = s->meet.v[i - s->nreq];
			an = strchr("aeioAEIO", role[0]) ? "an" : "a";
			crm_buf_printf(b, "%smeeting %s %s (none met in this "
			    "stage)", missing ? ", " : "", an, role);
		}
		missing++;
	}
	free(sql[0]);
	free(sql[1]);
	/* Our deal team as it is now. */
	for (i = 0; i < s->member.n; i++) {
		st = crm_prepare(crm, "SELECT count(*) FROM deal_member "
		    "WHERE deal_id = ? AND role = ? AND dropped IS NULL");
		crm_bind_int(st, 1, id);
		crm_bind_text(st, 2, s->member.v[i]);
		crm_step(crm, st);
		have = crm_col_int(st, 0);
		crm_reset(st);
		if (have > 0)
			continue;
		role = s->member.v[i];
		an = strchr("aeioAEIO", role[0]) ? "an" : "a";
		crm_buf_printf(b, "%s%s %s on the deal team (none)",
		    missing ? ", " : "", an, role);
		missing++;
	}
	return missing ? -1 : 0;
}

/* Whether stage s asks anything of a deal leaving it. */
static int
gated(const struct crm_stage *s)
{
	return s->nreq > 0 || s->meet.n > 0 || s->member.n > 0;
}

/*
 * The gate of a forward move of d from stage index cur to tidx (nstages:
 * won) at time at: what the stage it leaves requires, logged while it
 * was in it (since its last stage change, up to at), and, for a move to
 * an open stage, what each stage it skips requires, logged at any time
 * the deal was in that stage.  A win skips none: the customer bought,
 * and what is left of the process is moot (the stage it leaves is still
 * gated, as it always was).  Returns 0 when nothing is missing; else -1
 * with why set, naming the first stage short.
 */
static int
gate(struct crm *crm, const struct crm_deal *d, const struct crm_pipeline *p,
    int cur, int tidx, time_t at, char *why, size_t whylen)
{
	struct crm_buf b = { 0 };
	struct crm_stmt *st;
	long long last = 0;
	int i;

	if (gated(&p->stages[cur])) {
		st = crm_prepare(crm, "SELECT id FROM stage_change WHERE "
		    "deal_id = ? AND void_id IS NULL "
		    "ORDER BY at DESC, id DESC LIMIT 1");
		crm_bind_int(st, 1, d->id);
		if (crm_step(crm, st) == CRM_ROW)
			last = crm_col_int(st, 0);
		crm_reset(st);
		if (shortfall(crm, d->id, &p->stages[cur], last, at,
		    &b) == -1) {
			snprintf(why, whylen, "stage %s requires %s; log them "
			    "or use -F", p->stages[cur].name, b.s);
			crm_buf_free(&b);
			return -1;
		}
	}
	for (i = cur + 1; i < tidx && (size_t)tidx < p->nstages; i++) {
		if (!gated(&p->stages[i]) ||
		    shortfall(crm, d->id, &p->stages[i], 0, 0, &b) == 0)
			continue;
		snprintf(why, whylen, "stage %s, which this move skips, "
		    "requires %s; move through it or use -F",
		    p->stages[i].name, b.s);
		crm_buf_free(&b);
		return -1;
	}
	return 0;
}

/* Resolves where mv sends d; returns -1 with why set when it cannot. */
static int
target(struct crm *crm, const struct crm_deal *d,
    const struct crm_pipeline *p, const struct crm_move *mv,
    const char **to, char *why, size_t whylen)
{
	char *list;
	int cur;

	cur = crm_stage_index(p, d->stage);
	if (mv->won) {
		*to = "won";
	} else if (mv->lost != NULL) {
		if (lost_check(p, mv->lost, why, whylen) == -1)
			return -1;
		*to = "lost";
	} else if (mv->stage != NULL) {
		/* By name or by label, in the deal's own pipeline. */
		if ((*to = crm_stage_name(p, mv->stage)) == NULL) {
			list = crm_stage_unknown(p, mv->stage);
			snprintf(why, whylen, "%s", list);
			free(list);
			return -1;
		}
		if (strcmp(*to, "lost") == 0) {
			snprintf(why, whylen, "to close as lost, use -l REASON");
			return -1;
		}
	} else {
		if (strcmp(d->status, "open") != 0) {
			snprintf(why, whylen, "deal is %s; reopen it with "
			    "-s STAGE", d->status);
			return -1;
		}
		if (cur < 0) {
			snprintf(why, whylen, "stage '%s' is not in pipeline "
			    "%s; move it with -s STAGE", d->stage, p->name);
			return -1;
		}
		if ((size_t)cur + 1 >= p->nstages) {
			snprintf(why, whylen, "%s is the last stage; close it "
			    "with -w or -l REASON", d->stage);
			return -1;
		}
		*to = p->stages[cur + 1].name;
	}
	/* Its stage by an old name (renamed_from) is the stage already. */
	if (strcmp(*to, crm_stage_shown(crm->cfg, d->pipeline,
	    d->stage)) == 0) {
		snprintf(why, whylen, "deal is already %s%s",
		    strcmp(d->status, "open") == 0 ? "in stage " : "", *to);
		return -1;
	}
	return 0;
}

/* Adds what names are not in out yet. */
static void
add_new(struct crm_strv *out, const char *name)
{
	if (!crm_strv_has(out, name))
		crm_strv_add(out, name);
}

int
crm_move_check(struct crm *crm, const struct crm_move *mv, char *why,
    size_t whylen)
{
	const struct crm_config *cfg = crm->cfg;
	const struct crm_pipeline *p;
	struct crm_strv names = { 0 };
	char *msg;
	size_t i, j;

	if (mv->stage != NULL &&
	    crm_text_check("stage", mv->stage, 0, why, whylen) == -1)
		return -1;
	if (mv->lost != NULL &&
	    crm_text_check("lost_reason", mv->lost, 0, why, whylen) == -1)
		return -1;
	if (mv->note != NULL &&
	    crm_text_check("note", mv->note, 1, why, whylen) == -1)
		return -1;
	if (mv->stage == NULL && mv->lost == NULL)
		return 0;
	for (i = 0; i < cfg->npipes; i++) {
		p = &cfg->pipes[i];
		if (mv->stage != NULL && crm_stage_name(p, mv->stage) != NULL)
			return 0;
		if (mv->lost != NULL && lost_check(p, mv->lost, why,
		    whylen) == 0)
			return 0;
	}
	if (mv->stage != NULL && cfg->npipes == 1)
		msg = crm_stage_unknown(&cfg->pipes[0], mv->stage);
	else if (mv->stage != NULL) {
		for (i = 0; i < cfg->npipes; i++) {
			p = &cfg->pipes[i];
			for (j = 0; j < p->nstages; j++)
				add_new(&names, p->stages[j].name);
		}
		add_new(&names, "won");
		add_new(&names, "lost");
		msg = crm_unknown("stage", mv->stage, &names, "stages");
	} else {
		for (i = 0; i < cfg->npipes; i++) {
			p = &cfg->pipes[i];
			for (j = 0; j < p->lost_reasons.n; j++)
				add_new(&names, p->lost_reasons.v[j]);
		}
		msg = crm_unknown("lost reason", mv->lost, &names, "reasons");
	}
	snprintf(why, whylen, "%s", msg);
	free(msg);
	crm_strv_free(&names);
	return -1;
}

int
crm_deal_advance(struct crm *crm, long long id, const struct crm_move *mv,
    struct crm_out *o)
{
	const struct crm_pipeline *p;
	struct crm_deal d;
	struct crm_stmt *st, *ld;
	char why[1024], isob[21];
	const char *to;
	char *from = NULL;
	time_t at;
	int cur, forward, forced = 0, tidx;

	crm_begin(crm);
	if ((ld = crm_deal_load(crm, id, &d)) == NULL) {
		crm_rollback(crm);
		warnx("deal %lld: no such deal", id);
		return -1;
	}
	if (d.void_id != 0) {
		crm_reset(ld);
		crm_void_refuse(crm, id);
		goto fail;
	}
	if ((p = crm_pipeline_find(crm->cfg, d.pipeline)) == NULL) {
		warnx("deal %lld: pipeline %s is not in the config %s", id,
		    d.pipeline, crm->cfg->file);
		goto fail;
	}
	if (target(crm, &d, p, mv, &to, why, sizeof(why)) == -1) {
		warnx("deal %lld: %s", id, why);
		goto fail;
	}
	at = mv->at ? mv->at : crm->now;
	/*
	 * A move goes after the stage change before it: put earlier, it
	 * would reorder the history (the stay it ends would start after it
	 * ended).  Activities logged after at but before now are another
	 * matter: they fall to the new stage, by the rule of an activity's
	 * stage, which is what a backdated move says happened.
	 */
	if (at < d.stage_entered) {
		crm_time_iso(d.stage_entered, isob);
		warnx("deal %lld: --at is before the deal entered %s on %s; "
		    "a move cannot go before the stage change it follows",
		    id, crm_stage_shown(crm->cfg, d.pipeline, d.stage), isob);
		goto fail;
	}
	/* The gate holds a deal moving forward; back and lost are free. */
	cur = crm_stage_index(p, d.stage);
	tidx = strcmp(to, "won") == 0 ? (int)p->nstages : crm_stage_index(p, to);
	forward = strcmp(d.status, "open") == 0 && cur >= 0 && tidx > cur;
	if (forward && gate(crm, &d, p, cur, tidx, at, why,
	    sizeof(why)) == -1) {
		if (!mv->force) {
			warnx("deal %lld: %s", id, why);
			goto fail;
		}
		forced = 1;
	}
	from = crm_strdup(d.stage);
	crm_reset(ld);
	st = crm_prepare(crm, "UPDATE deal SET stage = ?, status = ?, "
	    "stage_entered = ?, closed = ?, lost_reason = ? WHERE id = ?");
	crm_bind_text(st, 1, to);
	if (strcmp(to, "won") == 0 || strcmp(to, "lost") == 0) {
		crm_bind_text(st, 2, to);
		crm_bind_int(st, 4, at);
	} else
		crm_bind_text(st, 2, "open");
	crm_bind_int(st, 3, at);
	crm_bind_text(st, 5, strcmp(to, "lost") == 0 ? mv->lost : NULL);
	crm_bind_int(st, 6, id);
	crm_step(crm, st);
	crm_stage_change(crm, id, from, to, at, forced, mv->note,
	    strcmp(to, "lost") == 0 ? mv->lost : NULL);
	crm_commit(crm);
	crm_out_int(o, id);
	/* The row keeps the name it had, so the history chains (check.c). */
	crm_out_str(o, crm_stage_shown(crm->cfg, p->name, from));
	crm_out_str(o, to);
	crm_out_end(o);
	free(from);
	return 0;
fail:
	crm_rollback(crm);
	return -1;
}

/* What crm-add prints: the new deal's id. */
const struct crm_col crm_id_cols[] = {
	{ "id", CRM_COL_RIGHT },
};

const struct crm_col crm_move_cols[] = {
	{ "deal", CRM_COL_RIGHT },
	{ "from", 0 },
	{ "to", 0 },
};
const size_t crm_move_ncols = sizeof(crm_move_cols) / sizeof(*crm_move_cols);

/* crm-set: the fields it may change and their deal columns. */
static const struct {
	int		 df;
	const char	*col;
	int		 nullable;
} setfields[] = {
	{ CRM_DF_TITLE, "title", 0 },
	{ CRM_DF_ACCOUNT, "account_id", 1 },
	{ CRM_DF_CONTACT, "contact", 1 },
	{ CRM_DF_OWNER, "owner", 0 },
	{ CRM_DF_AMOUNT, "amount", 0 },
	{ CRM_DF_CURRENCY, "currency", 0 },
	{ CRM_DF_EXPECTED_CLOSE, "expected_close", 1 },
	{ CRM_DF_NEXT_ACTION, "next_action", 1 },
	{ CRM_DF_PRIORITY, "priority", 1 },
	{ CRM_DF_SOURCE, "source", 1 },
};

/* The field's current value as text, for the audit trail. */
static char *
old_text(const struct crm_deal *d, int df)
{
	char buf[32];

	switch (df) {
	case CRM_DF_TITLE:
		return crm_strdup(d->title);
	case CRM_DF_ACCOUNT:
		return d->account ? crm_strdup(d->account) : NULL;
	case CRM_DF_CONTACT:
		return d->contact ? crm_strdup(d->contact) : NULL;
	case CRM_DF_OWNER:
		return crm_strdup(d->owner);
	case CRM_DF_AMOUNT:
		crm_money_fmt(d->amount, buf);
		return crm_strdup(buf);
	case CRM_DF_CURRENCY:
		return crm_strdup(d->currency);
	case CRM_DF_EXPECTED_CLOSE:
		return d->expected_close ? crm_strdup(d->expected_close) : NULL;
	case CRM_DF_NEXT_ACTION:
		return d->next_action ? crm_strdup(d->next_action) : NULL;
	case CRM_DF_PRIORITY:
		return d->has_priority ? crm_asprintf("%lld", d->priority) :
		    NULL;
	case CRM_DF_SOURCE:
		return d->source ? crm_strdup(d->source) : NULL;
	}
	return NULL;
}

/* The new value as text; NULL clears. */
static char *
new_text(const struct crm_dealvals *v, int df)
{
	char buf[32];
	const char *s = v->in[df];

	if (s == NULL || s[0] == '\0')
		return df == CRM_DF_AMOUNT ? crm_strdup("0.00") : NULL;
	switch (df) {
	case CRM_DF_AMOUNT:
		crm_money_fmt(v->amount, buf);
		return crm_strdup(buf);
	case CRM_DF_CURRENCY:
		return crm_strdup(v->currency);
	case CRM_DF_EXPECTED_CLOSE:
		return crm_strdup(v->expected_close);
	case CRM_DF_NEXT_ACTION:
		return crm_strdup(v->next_action);
	case CRM_DF_PRIORITY:
		return crm_asprintf("%lld", v->priority);
	}
	return crm_strdup(s);
}

static int
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/*
 * On a server whose rules hold the login: whether it may not hand deal
 * id over from owner old to new (the server's words say why, warned).
 * The server's trigger holds every other client to the same rule.
 */
static int
handover_refused(struct crm *crm, long long id, const char *old,
    const char *new)
{
	const char *sql = crm_dialect(crm, CRM_DIALECT_HANDOVER);
	struct crm_stmt *st;
	int refused = 0;

	if (sql[0] == '\0' || !crm_db_ruled(crm->db))
		return 0;
	st = crm_prepare(crm, sql);
	crm_bind_int(st, 1, id);
	crm_bind_text(st, 2, old);
	crm_bind_text(st, 3, new);
	if (crm_step(crm, st) == CRM_ROW && !crm_col_null(st, 0)) {
		warnx("%s", crm_col_text(st, 0));
		refused = 1;
	}
	crm_reset(st);
	return refused;
}

int
crm_deal_set(struct crm *crm, long long id, const struct crm_dealvals *v,
    struct crm_out *o)
{
	struct crm_buf changed = { 0 }, sql = { 0 };
	struct crm_deal d;
	struct crm_stmt *st;
	const char *s;
	char *old, *new, why[256];
	int64_t amount;
	size_t i;

	crm_begin(crm);
	if ((st = crm_deal_load(crm, id, &d)) == NULL) {
		crm_rollback(crm);
		warnx("deal %lld: no such deal", id);
		return -1;
	}
	if (d.void_id != 0) {
		crm_reset(st);
		crm_void_refuse(crm, id);
		crm_rollback(crm);
		return -1;
	}
	/* An amount's currency symbol must be the deal's currency. */
	if ((s = v->in[CRM_DF_AMOUNT]) != NULL && s[0] != '\0' &&
	    crm_money_parse_in(s, v->currency[0] != '\0' ?
	    v->currency : d.currency, &amount, why,
	    sizeof(why)) == -1) {
		crm_rollback(crm);
		warnx("deal %lld: amount '%s': %s", id, s, why);
		return -1;
	}
	crm_buf_adds(&changed, "");
	for (i = 0; i < sizeof(setfields) / sizeof(*setfields); i++) {
		int df = setfields[i].df;

		if (v->in[df] == NULL)
			continue;
		st = crm_deal_load(crm, id, &d);
		old = old_text(&d, df);
		crm_reset(st);
		new = new_text(v, df);
		if (same(old, new)) {
			free(old);
			free(new);
			continue;
		}
		if (df == CRM_DF_OWNER && handover_refused(crm, id, old, new)) {
			free(old);
			free(new);
			crm_buf_free(&changed);
			crm_buf_free(&sql);
			crm_rollback(crm);
			return -1;
		}
		crm_buf_reset(&sql);
		crm_buf_printf(&sql, "UPDATE deal SET %s = ? WHERE id = ?",
		    setfields[i].col);
		st = crm_prepare(crm, sql.s);
		if (df == CRM_DF_ACCOUNT)
			bind_account(crm, st, 1, new, crm->now);
		else if (df == CRM_DF_AMOUNT)
			crm_bind_int(st, 1, v->amount);
		else if (df == CRM_DF_PRIORITY && new != NULL)
			crm_bind_int(st, 1, v->priority);
		else
			crm_bind_text(st, 1, new);
		crm_bind_int(st, 2, id);
		crm_step(crm, st);
		st = crm_prepare(crm, "INSERT INTO field_change (deal_id, field, "
		    "old, new, at, by, note) VALUES (?, ?, ?, ?, ?, ?, ?)");
		crm_bind_int(st, 1, id);
		crm_bind_text(st, 2, crm_df_names[df]);
		crm_bind_text(st, 3, old);
		crm_bind_text(st, 4, new);
		crm_bind_int(st, 5, crm->now);
		crm_bind_text(st, 6, crm->user);
		crm_bind_text(st, 7, nonempty(v->in[CRM_DF_NOTE]));
		crm_step(crm, st);
		if (changed.len)
			crm_buf_addc(&changed, ',');
		crm_buf_adds(&changed, crm_df_names[df]);
		free(old);
		free(new);
	}
	if (crm_deal_people_apply(crm, id, v->people, &changed) == -1) {
		crm_buf_free(&changed);
		crm_buf_free(&sql);
		crm_rollback(crm);
		return -1;
	}
	crm_commit(crm);
	crm_out_int(o, id);
	crm_out_str(o, changed.s);
	crm_out_end(o);
	crm_buf_free(&changed);
	crm_buf_free(&sql);
	return 0;
}

const struct crm_col crm_set_cols[] = {
	{ "deal", CRM_COL_RIGHT },
	{ "changed", 0 },
};
const size_t crm_set_ncols = sizeof(crm_set_cols) / sizeof(*crm_set_cols);

/* Sort keys of crm-ls --sort: a deal field and the SQL that orders it. */
static const struct {
	const char	*field;
	const char	*expr;
} sortkeys[] = {
	{ "id", "d.id" },
	{ "title", "d.title" },
	{ "account", "a.name" },
	{ "contact", "d.contact" },
	{ "owner", "d.owner" },
	{ "amount", "d.amount" },
	{ "currency", "d.currency" },
	{ "pipeline", "d.pipeline" },
	{ "status", "d.status" },
	{ "created", "d.created" },
	{ "stage_entered", "d.stage_entered" },
	{ "days_in_stage", "-d.stage_entered" },
	{ "expected_close", "d.expected_close" },
	{ "next_action", "d.next_action" },
	{ "last_activity", "d.last_activity" },
	{ "lost_reason", "d.lost_reason" },
	{ "priority", "d.priority" },
	{ "source", "d.source" },
	{ "closed", "d.closed" },
};

int
crm_deal_order(struct crm *crm, const char *spec, struct crm_buf *sql,
    struct crm_binds *b)
{
	const char *field = spec, *dir = "";
	size_t i, j, k;

	if (spec == NULL) {
		crm_buf_adds(sql, " ORDER BY d.id");
		return 0;
	}
	if (field[0] == '-') {
		field++;
		dir = " DESC";
	}
	if (strcmp(field, "stage") == 0 || strcmp(field, "stage_label") == 0 ||
	    strcmp(field, "probability") == 0) {
		/* Stages in config order; closed deals after the open ones. */
		crm_buf_adds(sql, " ORDER BY CASE");
		for (i = 0; i < crm->cfg->npipes; i++) {
			const struct crm_pipeline *p = &crm->cfg->pipes[i];

			for (j = 0; j < p->nstages; j++) {
				const struct crm_strv *old =
				    &p->stages[j].renamed_from;

				/* Deals in it by an old name sort with it. */
				crm_buf_adds(sql, " WHEN d.pipeline = ? AND "
				    "d.stage");
				crm_binds_text(b, p->name);
				crm_buf_adds(sql, old->n ? " IN (?" : " = ?");
				crm_binds_text(b, p->stages[j].name);
				for (k = 0; k < old->n; k++) {
					crm_buf_adds(sql, ", ?");
					crm_binds_text(b, old->v[k]);
				}
				crm_buf_adds(sql, old->n ? ") THEN ?" : " THEN ?");
				crm_binds_int(b, field[0] == 'p' ?
				    p->stages[j].probability :
				    (long long)(i * 1000 + j));
			}
		}
		/* By probability a won deal is 100, a lost one 0. */
		if (field[0] == 'p')
			crm_buf_printf(sql, " WHEN d.status = 'won' THEN 100 "
			    "WHEN d.status = 'lost' THEN 0 ELSE -1 END%s, d.id",
			    dir);
		else
			crm_buf_printf(sql, " WHEN d.status = 'won' THEN "
			    "1000000 ELSE 1000001 END%s, d.id", dir);
		return 0;
	}
	for (i = 0; i < sizeof(sortkeys) / sizeof(*sortkeys); i++) {
		if (strcmp(sortkeys[i].field, field) != 0)
			continue;
		/* Unset values sort last either way. */
		crm_buf_printf(sql, " ORDER BY %s IS NULL, %s%s, d.id",
		    sortkeys[i].expr, sortkeys[i].expr, dir);
		return 0;
	}
	return -1;
}
