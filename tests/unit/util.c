/* Unit tests of lib/util.c: the arena, the string map, reasons. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "crm.h"
#include "tap.h"

static void
strmap(void)
{
	struct crm_strmap m = { 0 };
	char key[64];
	long long v = -1;
	size_t i, found = 0, right = 0, put = 0;
	int rc;

	m.max = 64 << 20;
	ok(crm_strmap_get(&m, "x", &v) == 0 && v == -1,
	    "an empty map has nothing, and leaves the value alone");
	/* Enough keys to grow the table several times. */
	for (i = 0; i < 50000; i++) {
		snprintf(key, sizeof(key), "客户 %zu", i * 7919);
		put += crm_strmap_put(&m, key, (long long)i * 3 - 1000) == 0;
	}
	is_int(put, 50000, "50,000 keys put");
	is_int(m.n, 50000, "50,000 keys held");
	ok(m.cap >= 2 * m.n, "the table is at most half full");
	for (i = 0; i < 50000; i++) {
		snprintf(key, sizeof(key), "客户 %zu", i * 7919);
		if (crm_strmap_get(&m, key, &v)) {
			found++;
			right += v == (long long)i * 3 - 1000;
		}
	}
	is_int(found, 50000, "every key is found");
	is_int(right, 50000, "each with its own value");
	/* Prefixes, extensions and the empty key are other keys. */
	ok(!crm_strmap_get(&m, "客户 7", &v) && !crm_strmap_get(&m,
	    "客户 79191", &v) && !crm_strmap_get(&m, "", &v) &&
	    !crm_strmap_get(&m, "客户 0 ", &v),
	    "a prefix or extension of a key is not the key");
	ok(crm_strmap_put(&m, "", 42) == 0 && crm_strmap_get(&m, "", &v) &&
	    v == 42, "the empty string is a key like any other");
	ok(crm_strmap_put(&m, "客户 0", 7) == 0 && m.n == 50001 &&
	    crm_strmap_get(&m, "客户 0", &v) && v == 7,
	    "putting a key again changes its value, not the count");
	/* Keys of 1 to 40 bytes: every tail length of the hash. */
	for (i = 1, right = 0; i <= 40; i++) {
		memset(key, 'a' + (int)(i % 26), i);
		key[i] = '\0';
		crm_strmap_put(&m, key, (long long)i);
	}
	for (i = 1; i <= 40; i++) {
		memset(key, 'a' + (int)(i % 26), i);
		key[i] = '\0';
		right += crm_strmap_get(&m, key, &v) && v == (long long)i;
	}
	is_int(right, 40, "keys of every length from 1 to 40 bytes");
	crm_strmap_free(&m);
	ok(m.n == 0 && !crm_strmap_get(&m, "客户 0", &v), "freed: empty");

	/* The bound: a full map refuses, and keeps what it has. */
	m.max = 64 * 1024;
	for (i = 0, rc = 0; i < 100000 && rc == 0; i++) {
		snprintf(key, sizeof(key), "account %zu", i);
		rc = crm_strmap_put(&m, key, (long long)i);
	}
	ok(rc == -1 && i > 1000, "a map of 64 KB refuses once full "
	    "(after %zu keys)", i - 1);
	ok(m.cap * 2 * sizeof(uint32_t) + m.keys.cap <= m.max,
	    "what it allocated stays within its bound");
	ok(!crm_strmap_get(&m, key, &v), "the refused key is not there");
	for (found = 0, right = 0; found + 1 < i; found++) {
		snprintf(key, sizeof(key), "account %zu", found);
		right += crm_strmap_get(&m, key, &v) && v == (long long)found;
	}
	is_int(right, i - 1, "every key before it is");
	snprintf(key, sizeof(key), "account %zu", i / 2);
	ok(crm_strmap_put(&m, key, -5) == 0 && crm_strmap_get(&m, key, &v) &&
	    v == -5, "a full map still changes the value of a key it has");
	crm_strmap_free(&m);

	/* At the point of growing, a key it has is changed, not added. */
	m.max = 0;
	for (i = 0; i < 512; i++) {
		snprintf(key, sizeof(key), "k%zu", i);
		crm_strmap_put(&m, key, (long long)i);
	}
	put = m.cap;
	ok(crm_strmap_put(&m, "k7", 70) == 0 && m.cap == put && m.n == 512 &&
	    crm_strmap_get(&m, "k7", &v) && v == 70,
	    "512 keys in 1024 slots: a key put again does not grow it");
	ok(crm_strmap_put(&m, "k512", 512) == 0 && m.cap == 2 * put,
	    "the 513th key does");
	crm_strmap_free(&m);

	/* No bound: a million keys. */
	for (i = 0, rc = 0; i < 1000000 && rc == 0; i++) {
		snprintf(key, sizeof(key), "%zu", i);
		rc = crm_strmap_put(&m, key, (long long)i);
	}
	ok(rc == 0 && m.n == 1000000, "max 0: no bound (a million keys)");
	crm_strmap_free(&m);

	/*
	 * A stored key shorter than the one looked up, last in its buffer
	 * (under ASan, reading past it would show).
	 */
	m.max = 0;
	crm_strmap_put(&m, "ab", 1);
	ok(!crm_strmap_get(&m, "abcdefghijklmnopqrstuvwxyz0123456789", &v),
	    "a longer key is not a shorter one");
	crm_strmap_free(&m);
}

/* crm_why_add(): reasons one a line, cut off when they do not fit. */
static void
why(void)
{
	char w[32], small[12];

	w[0] = '\0';
	crm_why_add(w, sizeof(w), "amount '%s': bad", "x");
	is(w, "amount 'x': bad", "one reason: as written");
	crm_why_add(w, sizeof(w), "date %d", 30);
	is(w, "amount 'x': bad\ndate 30", "a second on a line of its own");
	crm_why_add(w, sizeof(w), "and a third that is far too long");
	is(w, "amount 'x': bad\ndate 30\nand a t", "cut off at the size");
	crm_why_add(w, sizeof(w), "more");
	is(w, "amount 'x': bad\ndate 30\nand a t", "full: nothing added");
	is_int(strlen(w), sizeof(w) - 1, "and still a string");
	small[0] = '\0';
	crm_why_add(small, sizeof(small), "0123456789");
	crm_why_add(small, sizeof(small), "x");
	is(small, "0123456789", "no room for a newline and more: none");
}

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
	strmap();
	why();
	return tap_done();
}
