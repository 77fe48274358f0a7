/* Unit tests of lib/util.c: the arena. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "crm.h"
#include "tap.h"

int
main(void)
{
	struct crm_arena a = { 0 };
	char *p[3000], *big;
	size_t i, aligned = 0, intact = 0;

	/* Many small pieces: aligned, apart, and all still there. */
	for (i = 0; i < 3000; i++) {
		p[i] = crm_arena_alloc(&a, 1 + i % 700);
		memset(p[i], (int)(i % 251), 1 + i % 700);
		aligned += (uintptr_t)p[i] % _Alignof(max_align_t) == 0;
	}
	for (i = 0; i < 3000; i++)
		intact += (unsigned char)p[i][i % 700] == i % 251 &&
		    (unsigned char)p[i][0] == i % 251;
	is_int(aligned, 3000, "every piece is aligned for any type");
	is_int(intact, 3000, "no piece overwrites another (over 1 MB in all)");
	/* A piece larger than a block gets one of its own. */
	big = crm_arena_alloc(&a, 3 * 1024 * 1024);
	memset(big, 'x', 3 * 1024 * 1024);
	ok(big[3 * 1024 * 1024 - 1] == 'x', "a 3 MB piece");
	p[0] = crm_arena_alloc(&a, 10);
	memcpy(p[0], "after big", 10);
	is(p[0], "after big", "a small piece after the big one");
	crm_arena_free(&a);
	ok(a.head == NULL, "freed: empty again");
	crm_arena_free(&a);
	ok(1, "freeing an empty arena is harmless");
	return tap_done();
}
