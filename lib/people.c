/*
 * People on a deal (issue 18): who took part in an activity (crm-log
 * -w), the buying group (crm-set --contact), our deal team (crm-set
 * --member, --drop-member).  Each is recorded by its own rows, with when
 * and by whom, never in field_change: none of them changes the deal row,
 * and on a server a field_change without a change to the deal is
 * refused at commit (lib/schema-pg-8.sql).
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

/* "account ACME", or "no account" for a deal without one. */
static char *
account_words(const char *name)
{
	return name ? crm_asprintf("account %s", name) :
	    crm_strdup("no account");
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

int
crm_contact_on_deal(struct crm *crm, long long deal, const char *spec,
    long long *cid, char *why, size_t whylen)
{
	struct crm_stmt *st;
	struct crm_strv names = { 0 }, ids = { 0 };
	long long acct, id;
	char *aname, *name, *copy, *list, w2[128];
	int hasacct, rc = -1;

	st = crm_prepare(crm, "SELECT d.account_id, a.name FROM deal d "
	    "LEFT JOIN account a ON a.id = d.account_id WHERE d.id = ?");
	crm_bind_int(st, 1, deal);
	if (crm_step(crm, st) != CRM_ROW) {
		crm_reset(st);
		snprintf(why, whylen, "deal %lld: no such deal", deal);
		return 1;
	}
	hasacct = !crm_col_null(st, 0);
	acct = crm_col_int(st, 0);
	aname = account_words(crm_col_text(st, 1));
	crm_reset(st);

	copy = crm_strdup(spec);
	name = crm_trim(copy);
	if (all_digits(name)) {
		if (crm_strtonum(name, 1, INT64_MAX, &id, w2,
		    sizeof(w2)) == -1) {
			snprintf(why, whylen, "deal %lld: contact '%s': %s",
			    deal, spec, w2);
			goto out;
		}
		st = crm_prepare(crm, "SELECT c.account_id, c.name, a.name "
		    "FROM contact c LEFT JOIN account a ON a.id = c.account_id "
		    "WHERE c.id = ?");
		crm_bind_int(st, 1, id);
		if (crm_step(crm, st) != CRM_ROW)
			snprintf(why, whylen, "deal %lld: no contact %lld",
			    deal, id);
		else if (crm_col_null(st, 0) != !hasacct ||
		    crm_col_int(st, 0) != acct) {
			list = account_words(crm_col_text(st, 2));
			snprintf(why, whylen, "deal %lld: contact %lld (%s) is "
			    "of %s, not of the deal's %s", deal, id,
			    crm_col_text(st, 1), list, aname);
			free(list);
		} else {
			*cid = id;
			rc = 0;
		}
		crm_reset(st);
		goto out;
	}
	if (crm_text_check("contact", name, 0, why, whylen) == -1 ||
	    name[0] == '\0') {
		if (name[0] == '\0')
			snprintf(why, whylen, "deal %lld: an empty contact",
			    deal);
		goto out;
	}
	/* Those who left count too: a goodbye visit is a visit. */
	st = crm_prepare(crm, hasacct ? "SELECT id, name FROM contact WHERE "
	    "account_id = ? ORDER BY name, id" : "SELECT id, name FROM "
	    "contact WHERE account_id IS NULL ORDER BY name, id");
	if (hasacct)
		crm_bind_int(st, 1, acct);
	while (crm_step(crm, st) == CRM_ROW) {
		const char *n = crm_col_text(st, 1);

		if (strcmp(n, name) == 0) {
			char idb[24];

			*cid = crm_col_int(st, 0);
			snprintf(idb, sizeof(idb), "%lld", *cid);
			crm_strv_add(&ids, idb);
		}
		if (!crm_strv_has(&names, n))
			crm_strv_add(&names, n);
	}
	crm_reset(st);
	if (ids.n == 1)
		rc = 0;
	else if (ids.n > 1) {
		list = crm_strv_join(&ids, ", ");
		snprintf(why, whylen, "deal %lld: '%s' is %zu contacts of %s "
		    "(ids %s): name one by its id", deal, name, ids.n, aname,
		    list);
		free(list);
	} else if (names.n == 0)
		snprintf(why, whylen, "deal %lld: unknown contact '%s': %s "
		    "has no contacts (crm-contact adds them)", deal, name,
		    aname);
	else {
		char *lname = crm_asprintf("contacts of %s", aname);

		list = crm_unknown("contact", name, &names, lname);
		snprintf(why, whylen, "deal %lld: %s", deal, list);
		free(list);
		free(lname);
	}
out:
	crm_strv_free(&names);
	crm_strv_free(&ids);
	free(copy);
	free(aname);
	return rc;
}

void
crm_activity_met(struct crm *crm, long long aid, const long long *cids,
    size_t n)
{
	struct crm_stmt *st;
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (cids[j] == cids[i])
				break;
		if (j < i)
			continue;	/* named twice: by id and by name */
		st = crm_prepare(crm, "INSERT INTO activity_contact "
		    "(activity_id, contact_id) VALUES (?, ?)");
		crm_bind_int(st, 1, aid);
		crm_bind_int(st, 2, cids[i]);
		crm_step(crm, st);
	}
}

/* "wang:presales" into its name and role, split at the last colon. */
static int
member_split(const char *in, char **name, char **role)
{
	const char *c = strrchr(in, ':');

	if (c == NULL)
		return -1;
	*name = crm_strndup(in, (size_t)(c - in));
	*role = crm_strdup(c + 1);
	return 0;
}

int
crm_deal_people_check(struct crm *crm, const struct crm_deal_people *p,
    char *why, size_t whylen)
{
	struct crm_strv seen = { 0 };
	char *name, *role, *list;
	size_t i;
	int rc = -1;

	for (i = 0; i < p->member.n + p->drop.n; i++) {
		int add = i < p->member.n;
		const char *in = add ? p->member.v[i] :
		    p->drop.v[i - p->member.n];

		name = role = NULL;
		if (add && member_split(in, &name, &role) == -1) {
			snprintf(why, whylen, "--member '%s': give NAME:ROLE, "
			    "e.g. zhang:presales", in);
			goto out;
		}
		if (!add)
			name = crm_strdup(in);
		if (crm_text_check(add ? "--member" : "--drop-member", name,
		    0, why, whylen) == -1)
			goto bad;
		if (name[0] == '\0') {
			snprintf(why, whylen, "%s '%s': no name", add ?
			    "--member" : "--drop-member", in);
			goto bad;
		}
		if (crm_strv_has(&seen, name)) {
			snprintf(why, whylen, "%s is given twice to --member "
			    "and --drop-member", name);
			goto bad;
		}
		crm_strv_add(&seen, name);
		if (!add)
			goto next;
		if (crm_person_check(crm->cfg, name, why, whylen) == -1)
			goto bad;
		if (!crm_strv_has(&crm->cfg->deal_roles, role)) {
			list = crm_unknown("deal role", role,
			    &crm->cfg->deal_roles, "deal_roles");
			snprintf(why, whylen, "--member '%s': %s", in, list);
			free(list);
			goto bad;
		}
next:
		free(name);
		free(role);
		continue;
bad:
		free(name);
		free(role);
		goto out;
	}
	for (i = 0; i < p->ncontacts; i++)
		if (p->contacts[i] <= 0) {
			snprintf(why, whylen, "--contact: a contact id is a "
			    "positive number");
			goto out;
		}
	rc = 0;
out:
	crm_strv_free(&seen);
	return rc;
}

int
crm_deal_people_given(const struct crm_deal_people *p)
{
	return p != NULL && (p->ncontacts > 0 || p->member.n > 0 ||
	    p->drop.n > 0);
}

/* Drops name's current row on deal id: 1 when there was one. */
static int
member_drop(struct crm *crm, long long id, const char *name)
{
	struct crm_stmt *st;
	int n = 0;

	st = crm_prepare(crm, "UPDATE deal_member SET dropped = ?, "
	    "dropped_by = ? WHERE deal_id = ? AND name = ? AND "
	    "dropped IS NULL RETURNING id");
	crm_bind_int(st, 1, crm->now);
	crm_bind_text(st, 2, crm->user);
	crm_bind_int(st, 3, id);
	crm_bind_text(st, 4, name);
	while (crm_step(crm, st) == CRM_ROW)
		n++;
	crm_reset(st);
	return n > 0;
}

int
crm_deal_people_apply(struct crm *crm, long long id,
    const struct crm_deal_people *p, struct crm_buf *changed)
{
	struct crm_stmt *st;
	char why[1024], *name, *role;
	long long cid;
	size_t i;
	int contact = 0, member = 0, same;

	if (!crm_deal_people_given(p))
		return 0;
	for (i = 0; i < p->drop.n; i++) {
		if (!member_drop(crm, id, p->drop.v[i])) {
			warnx("deal %lld: %s is not on its team", id,
			    p->drop.v[i]);
			return -1;
		}
		member = 1;
	}
	for (i = 0; i < p->member.n; i++) {
		if (member_split(p->member.v[i], &name, &role) == -1)
			continue;	/* crm_deal_people_check() refused */
		st = crm_prepare(crm, "SELECT role FROM deal_member WHERE "
		    "deal_id = ? AND name = ? AND dropped IS NULL");
		crm_bind_int(st, 1, id);
		crm_bind_text(st, 2, name);
		same = 0;
		if (crm_step(crm, st) == CRM_ROW)
			same = strcmp(crm_col_text(st, 0), role) == 0;
		crm_reset(st);
		if (!same) {
			/* Another role: that stay ends, this one starts. */
			(void)member_drop(crm, id, name);
			st = crm_prepare(crm, "INSERT INTO deal_member (deal_id, "
			    "name, role, added, added_by) "
			    "VALUES (?, ?, ?, ?, ?)");
			crm_bind_int(st, 1, id);
			crm_bind_text(st, 2, name);
			crm_bind_text(st, 3, role);
			crm_bind_int(st, 4, crm->now);
			crm_bind_text(st, 5, crm->user);
			crm_step(crm, st);
			member = 1;
		}
		free(name);
		free(role);
	}
	for (i = 0; i < p->ncontacts; i++) {
		char idb[24];

		snprintf(idb, sizeof(idb), "%lld", p->contacts[i]);
		if (crm_contact_on_deal(crm, id, idb, &cid, why,
		    sizeof(why)) != 0) {
			warnx("%s", why);
			return -1;
		}
		st = crm_prepare(crm, "SELECT 1 FROM deal_contact WHERE "
		    "deal_id = ? AND contact_id = ?");
		crm_bind_int(st, 1, id);
		crm_bind_int(st, 2, cid);
		same = crm_step(crm, st) == CRM_ROW;
		crm_reset(st);
		if (same)
			continue;
		st = crm_prepare(crm, "INSERT INTO deal_contact (deal_id, "
		    "contact_id, at, by) VALUES (?, ?, ?, ?)");
		crm_bind_int(st, 1, id);
		crm_bind_int(st, 2, cid);
		crm_bind_int(st, 3, crm->now);
		crm_bind_text(st, 4, crm->user);
		crm_step(crm, st);
		contact = 1;
	}
	if (contact) {
		if (changed->len)
			crm_buf_addc(changed, ',');
		crm_buf_adds(changed, "contact");
	}
	if (member) {
		if (changed->len)
			crm_buf_addc(changed, ',');
		crm_buf_adds(changed, "member");
	}
	return 0;
}

void
crm_deal_people_free(struct crm_deal_people *p)
{
	free(p->contacts);
	crm_strv_free(&p->member);
	crm_strv_free(&p->drop);
	memset(p, 0, sizeof(*p));
}
