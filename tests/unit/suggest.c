/* Unit tests of lib/suggest.c: edit distance and "did you mean". */
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "tap.h"

int
main(void)
{
	struct crm_strv v = { 0 };
	const char *names[] = { "jiang", "li", "wang", "zhao", "needs",
	    "negotiation", "确定需求", "proposal" };
	char *m;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(*names); i++)
		crm_strv_add(&v, names[i]);
	is_int(crm_edit_distance("", ""), 0, "empty to empty: 0");
	is_int(crm_edit_distance("abc", ""), 3, "abc to empty: 3");
	is_int(crm_edit_distance("kitten", "sitting"), 3,
	    "kitten to sitting: 3 (the textbook case)");
	is_int(crm_edit_distance("jaing", "jiang"), 1,
	    "a swap of neighbours is one edit");
	is_int(crm_edit_distance("Wang", "wang"), 0,
	    "ASCII case does not count");
	is_int(crm_edit_distance("确定需", "确定需求"), 1,
	    "counted in characters, not bytes");
	is(crm_suggest("jaing", &v), "jiang", "jaing: jiang");
	is(crm_suggest("negotation", &v), "negotiation",
	    "negotation: negotiation");
	is(crm_suggest("Zhao", &v), "zhao", "Zhao: zhao");
	is(crm_suggest("propos", &v), "proposal",
	    "a start of a name: the name");
	ok(crm_suggest("xyzzy", &v) == NULL, "nothing close: no suggestion");
	ok(crm_suggest("li", &v) == NULL, "an exact name is no suggestion");
	ok(crm_suggest("lu", &v) != NULL &&
	    strcmp(crm_suggest("lu", &v), "li") == 0,
	    "two letters: one edit allowed");
	m = crm_unknown("person", "jaing", &v, "people");
	is(m, "unknown person 'jaing': did you mean 'jiang'? (people: jiang, "
	    "li, wang, zhao, needs, negotiation, 确定需求, proposal)",
	    "the message with a suggestion");
	free(m);
	m = crm_unknown("kind", "xyzzy", &v, "kinds");
	ok(strncmp(m, "unknown kind 'xyzzy' (kinds: jiang,", 35) == 0,
	    "the message without one");
	free(m);
	crm_strv_free(&v);
	return tap_done();
}
