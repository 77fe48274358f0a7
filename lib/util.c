/* Checked allocation, growable strings, string lists and arenas. */
#include <err.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

void *
crm_malloc(size_t n)
{
	void *p;

	if ((p = malloc(n ? n : 1)) == NULL)
		err(CRM_EXIT_DB, "malloc");
	return p;
}

void *
crm_calloc(size_t n, size_t size)
{
	void *p;

	if ((p = calloc(n ? n : 1, size ? size : 1)) == NULL)
		err(CRM_EXIT_DB, "calloc");
	return p;
}

void *
crm_realloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL)
		err(CRM_EXIT_DB, "realloc");
	return p;
}

void *
crm_reallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		errx(CRM_EXIT_DB, "reallocarray: %zu * %zu overflows", n, size);
	return crm_realloc(p, n * size);
}

char *
crm_strdup(const char *s)
{
	return crm_strndup(s, strlen(s));
}

char *
crm_strndup(const char *s, size_t n)
{
	char *p;

	p = crm_malloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
crm_asprintf(const char *fmt, ...)
{
	struct crm_buf b = { 0 };
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		err(CRM_EXIT_DB, "vsnprintf");
	b.s = crm_malloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(b.s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return b.s;
}

static void
buf_grow(struct crm_buf *b, size_t more)
{
	size_t want;

	if (more > SIZE_MAX - b->len - 1)
		errx(CRM_EXIT_DB, "string too long");
	want = b->len + more + 1;
	if (want <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < want)
		b->cap = b->cap > SIZE_MAX / 2 ? want : b->cap * 2;
	b->s = crm_realloc(b->s, b->cap);
}

void
crm_buf_add(struct crm_buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
crm_buf_adds(struct crm_buf *b, const char *s)
{
	crm_buf_add(b, s, strlen(s));
}

void
crm_buf_addc(struct crm_buf *b, int c)
{
	char ch = (char)c;

	crm_buf_add(b, &ch, 1);
}

void
crm_buf_printf(struct crm_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		err(CRM_EXIT_DB, "vsnprintf");
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
crm_why_add(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;
	size_t len;

	if (whylen == 0)
		return;
	len = strlen(why);
	if (len > 0) {
		/* No room for the newline and something after it. */
		if (len + 2 >= whylen)
			return;
		why[len++] = '\n';
	}
	va_start(ap, fmt);
	vsnprintf(why + len, whylen - len, fmt, ap);
	va_end(ap);
}

void
crm_why_warn(const char *prefix, const char *why)
{
	const char *p, *nl;

	for (p = why; *p != '\0'; p = *nl ? nl + 1 : nl) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		warnx("%s%.*s", prefix, (int)(nl - p), p);
	}
}

void
crm_buf_reset(struct crm_buf *b)
{
	b->len = 0;
	if (b->s != NULL)
		b->s[0] = '\0';
}

void
crm_buf_free(struct crm_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

void
crm_strv_add(struct crm_strv *v, const char *s)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 8;
		v->v = crm_reallocarray(v->v, v->cap, sizeof(*v->v));
	}
	v->v[v->n++] = crm_strdup(s);
}

int
crm_strv_has(const struct crm_strv *v, const char *s)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->v[i], s) == 0)
			return 1;
	return 0;
}

void
crm_strv_free(struct crm_strv *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		free(v->v[i]);
	free(v->v);
	v->v = NULL;
	v->n = v->cap = 0;
}

char *
crm_strv_join(const struct crm_strv *v, const char *sep)
{
	struct crm_buf b = { 0 };
	size_t i;

	crm_buf_adds(&b, "");
	for (i = 0; i < v->n; i++) {
		if (i > 0)
			crm_buf_adds(&b, sep);
		crm_buf_adds(&b, v->v[i]);
	}
	return b.s;
}

/*
 * Blocks of CRM_ARENA_BLOCK bytes (or one of its own for a bigger
 * request): many small pieces that live and die together, with no
 * copying as they grow (a realloc'd array holds twice its size at the
 * moment it grows).
 */
#define CRM_ARENA_BLOCK	(1024 * 1024)

struct crm_arena_block {
	struct crm_arena_block	*next;
	size_t			 used, size;
	max_align_t		 data[];
};

void *
crm_arena_alloc(struct crm_arena *a, size_t n)
{
	struct crm_arena_block *b = a->head;
	size_t size;
	void *p;

	if (n > SIZE_MAX / 2)
		errx(CRM_EXIT_DB, "out of memory (%zu bytes)", n);
	n = (n + _Alignof(max_align_t) - 1) / _Alignof(max_align_t) *
	    _Alignof(max_align_t);
	if (b == NULL || b->size - b->used < n) {
		size = n > CRM_ARENA_BLOCK ? n : CRM_ARENA_BLOCK;
		b = crm_malloc(sizeof(*b) + size);
		b->used = 0;
		b->size = size;
		b->next = a->head;
		a->head = b;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

void
crm_arena_free(struct crm_arena *a)
{
	struct crm_arena_block *b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
}

/*
 * A hash table from strings to numbers, for what a long run looks up
 * again and again (crm-add's import: the account of each deal).  Keys
 * live one after another in a growable buffer, each after its value;
 * a slot holds the key's hash and 1 + its offset, 0 being empty.  Eight
 * bytes a slot and no pointer per key: at 230,000 accounts the table
 * takes 10 MB.  What max bounds is what is allocated: the slots and the
 * keys' buffer (its capacity, not its length).
 */
struct crm_strmap_slot {
	uint32_t	hash;
	uint32_t	off;
};

/* 64-bit multiply-mix over 8 bytes at a time; the length is mixed in. */
static uint32_t
strmap_hash(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	if (n > 0) {
		w = 0;
		memcpy(&w, s, n);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
	}
	h ^= h >> 29;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 32;
	return (uint32_t)h;
}

static struct crm_strmap_slot *
strmap_find(const struct crm_strmap *m, const char *key, size_t n,
    uint32_t h)
{
	struct crm_strmap_slot *sl;
	size_t i, mask = m->cap - 1;
	const char *k;

	for (i = h & mask; ; i = (i + 1) & mask) {
		sl = &m->slot[i];
		if (sl->off == 0)
			return sl;
		if (sl->hash != h)
			continue;
		/* strncmp: a shorter stored key ends at its NUL. */
		k = m->keys.s + sl->off - 1 + sizeof(long long);
		if (strncmp(k, key, n) == 0 && k[n] == '\0')
			return sl;
	}
}

int
crm_strmap_get(const struct crm_strmap *m, const char *key, long long *val)
{
	struct crm_strmap_slot *sl;
	size_t n;

	if (m->n == 0)
		return 0;
	n = strlen(key);
	sl = strmap_find(m, key, n, strmap_hash(key, n));
	if (sl->off == 0)
		return 0;
	memcpy(val, m->keys.s + sl->off - 1, sizeof(*val));
	return 1;
}

/* Whether bytes more than now fit in the bound (max 0: no bound). */
static int
strmap_fits(const struct crm_strmap *m, size_t more)
{
	size_t now = m->cap * sizeof(*m->slot) + m->keys.cap;

	return m->max == 0 || (more <= m->max && now <= m->max - more);
}

/* Twice the slots, all put again: -1 when that passes the bound. */
static int
strmap_grow(struct crm_strmap *m)
{
	struct crm_strmap_slot *old = m->slot, *sl;
	size_t i, oldcap = m->cap, cap = oldcap ? oldcap * 2 : 1024;

	/* For a moment both arrays are there. */
	if (cap > SIZE_MAX / sizeof(*sl) / 2 ||
	    !strmap_fits(m, cap * sizeof(*sl)))
		return -1;
	m->slot = crm_calloc(cap, sizeof(*sl));
	m->cap = cap;
	for (i = 0; i < oldcap; i++) {
		if (old[i].off == 0)
			continue;
		for (sl = &m->slot[old[i].hash & (cap - 1)]; sl->off != 0;
		    sl = sl == &m->slot[cap - 1] ? m->slot : sl + 1)
			continue;
		*sl = old[i];
	}
	free(old);
	return 0;
}

int
crm_strmap_put(struct crm_strmap *m, const char *key, long long val)
{
	struct crm_strmap_slot *sl;
	size_t n = strlen(key), need, cap;
	uint32_t h = strmap_hash(key, n);

	if (m->n > 0) {
		sl = strmap_find(m, key, n, h);
		if (sl->off != 0) {
			memcpy(m->keys.s + sl->off - 1, &val, sizeof(val));
			return 0;
		}
	}
	/* Half full at most, so a miss ends soon. */
	if ((m->n + 1) * 2 > m->cap && strmap_grow(m) == -1)
		return -1;
	/* The keys grow by doubling too, but never past the bound. */
	if (n > UINT32_MAX - sizeof(val) - 1 ||
	    m->keys.len > UINT32_MAX - sizeof(val) - n - 1)
		return -1;
	need = m->keys.len + sizeof(val) + n + 1;
	if (need > m->keys.cap) {
		cap = m->keys.cap ? m->keys.cap * 2 : 4096;
		if (cap < need)
			cap = need;
		/* Near the bound: all that is left of it, once. */
		if (!strmap_fits(m, cap - m->keys.cap))
			cap = m->max - m->cap * sizeof(*m->slot);
		if (cap < need || !strmap_fits(m, cap - m->keys.cap))
			return -1;
		m->keys.s = crm_realloc(m->keys.s, cap);
		m->keys.cap = cap;
	}
	sl = strmap_find(m, key, n, h);
	sl->hash = h;
	sl->off = (uint32_t)m->keys.len + 1;
	memcpy(m->keys.s + m->keys.len, &val, sizeof(val));
	memcpy(m->keys.s + m->keys.len + sizeof(val), key, n + 1);
	m->keys.len = need;
	m->n++;
	return 0;
}

void
crm_strmap_free(struct crm_strmap *m)
{
	free(m->slot);
	crm_buf_free(&m->keys);
	m->slot = NULL;
	m->cap = m->n = 0;
}
