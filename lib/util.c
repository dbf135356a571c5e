/* SPDX-License-Identifier: MIT */
/* Small shared services: arena allocation, growable strings, messages. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"

/* ---- allocation that never returns NULL ---- */

static void out_of_memory(void)
{
	fputs("kforge: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xcalloc(size_t n, size_t m)
{
	void *p = calloc(n ? n : 1, m ? m : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/*
 * Arena: the tree lives exactly as long as its context, so bump allocation
 * from large blocks is both the fastest and the simplest ownership model.
 *
 * The first block is small, for small trees; the next ones are HUGE_PAGE and
 * up, doubling to ARENA_MAX_BLOCK, mapped 2 MiB-aligned and marked for
 * transparent huge pages: a kernel
 * tree fills some 20 MiB of arena, and first-touch page faults (4 KiB each,
 * several microseconds apiece on a virtual machine) cost as much as the
 * whole parse; with huge pages that is a dozen faults.
 */
struct arena_block {
	struct arena_block *next;
	size_t mapped;	/* bytes mapped with mmap(), 0 if from malloc() */
	max_align_t align[];
};

#define ARENA_BLOCK (256 * 1024)
#define ARENA_MAX_BLOCK (8 * 1024 * 1024)
#define HUGE_PAGE ((size_t)2 * 1024 * 1024)

/* LEN bytes (a multiple of HUGE_PAGE), HUGE_PAGE-aligned; NULL on failure */
static void *map_huge(size_t len)
{
	char *p = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	char *start;
	size_t head;

	if (p == MAP_FAILED)
		return NULL;
	start = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
	head = (size_t)(start - p);
	if (head)
		munmap(p, head);
	if (HUGE_PAGE - head)
		munmap(start + len, HUGE_PAGE - head);
#ifdef MADV_HUGEPAGE
	madvise(start, len, MADV_HUGEPAGE);	/* a hint: without THP, plain pages */
#endif
	return start;
}

/*
 * Zeroed memory for a large table that is touched all over (hash tables):
 * huge pages when it is big enough, as for the arena.  Free with
 * big_free(p, n) with the same N.
 */
void *big_zalloc(size_t n)
{
	if (n >= HUGE_PAGE / 2) {
		void *p = map_huge((n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1));

		if (!p)
			out_of_memory();
		return p;
	}
	return xcalloc(1, n);
}

void big_free(void *p, size_t n)
{
	if (!p)
		return;
	if (n >= HUGE_PAGE / 2)
		munmap(p, (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1));
	else
		free(p);
}

/* arena_alloc() when the current block is full; size is already rounded */
void *arena_alloc_slow(struct arena *a, size_t size)
{
	size_t want = a->next_block ? a->next_block : ARENA_BLOCK;
	struct arena_block *b = NULL;

	if (want < HUGE_PAGE)
		a->next_block = HUGE_PAGE;
	else if (want < ARENA_MAX_BLOCK)
		a->next_block = want * 2;
	if (size > want / 4)
		want = size;
	if (want >= HUGE_PAGE) {
		size_t len = (sizeof(*b) + want + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);

		b = map_huge(len);
		if (b) {
			b->mapped = len;
			want = len - sizeof(*b);
		}
	}
	if (!b) {
		b = xmalloc(sizeof(*b) + want);
		b->mapped = 0;
	}
	b->next = a->head;
	a->head = b;
	a->cur = (char *)b->align;
	a->end = a->cur + want;
	return arena_alloc(a, size);
}

/* Strings need no clearing; the size is rounded to keep the arena 8-aligned */
char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	size_t size = (n + 1 + 7) & ~(size_t)7;
	char *p;

	if ((size_t)(a->end - a->cur) < size) {
		p = arena_alloc_slow(a, size);
	} else {
		p = a->cur;
		a->cur += size;
	}
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void arena_free_all(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		if (b->mapped)
			munmap(b, b->mapped);
		else
			free(b);
		b = next;
	}
	a->head = NULL;
	a->cur = a->end = NULL;
	a->next_block = 0;
}

/* ---- growable strings ---- */

void kstr_init(struct kstr *ks)
{
	ks->cap = 64;
	ks->s = xmalloc(ks->cap);
	ks->s[0] = '\0';
	ks->len = 0;
	ks->max_width = 0;
}

void kstr_free(struct kstr *ks)
{
	free(ks->s);
	ks->s = NULL;
	ks->len = ks->cap = 0;
}

static void kstr_reserve(struct kstr *ks, size_t extra);

void kstr_reset(struct kstr *ks)
{
	kstr_reserve(ks, 0);
	ks->len = 0;
	ks->s[0] = '\0';
}

/* A zeroed struct kstr is a valid empty string too (cap 0, s NULL). */
static void kstr_reserve(struct kstr *ks, size_t extra)
{
	if (ks->s && ks->len + extra + 1 <= ks->cap)
		return;
	if (!ks->cap)
		ks->cap = 64;
	while (ks->len + extra + 1 > ks->cap)
		ks->cap *= 2;
	ks->s = xrealloc(ks->s, ks->cap);
}

void kstr_appendn(struct kstr *ks, const char *s, size_t n)
{
	kstr_reserve(ks, n);
	memcpy(ks->s + ks->len, s, n);
	ks->len += n;
	ks->s[ks->len] = '\0';
}

/*
 * With max_width set, the kernel's gstr breaks a line at the last space when
 * appending a piece would make it too long; menu help text relies on that.
 */
void kstr_append(struct kstr *ks, const char *s)
{
	size_t n = strlen(s);
	kstr_appendn(ks, s, n);
	if (ks->max_width) {
		char *last_cr = strrchr(ks->s, '\n');
		char *last_spc;
		if (!last_cr)
			last_cr = ks->s;
		if ((int)(ks->s + ks->len - last_cr) > ks->max_width) {
			last_spc = strrchr(last_cr, ' ');
			if (last_spc)
				*last_spc = '\n';
		}
	}
}

void kstr_putc(struct kstr *ks, char c)
{
	kstr_appendn(ks, &c, 1);
}

/*
 * gcc 12 with -fsanitize=undefined sees the sanitizer's own null check on
 * 'fmt' and then warns about a null format string on that path.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-truncation"
void kstr_vprintf(struct kstr *ks, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	kstr_reserve(ks, (size_t)n);
	vsnprintf(ks->s + ks->len, (size_t)n + 1, fmt, ap);
	ks->len += (size_t)n;
}
#pragma GCC diagnostic pop

void kstr_printf(struct kstr *ks, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	kstr_vprintf(ks, fmt, ap);
	va_end(ap);
}

char *kstr_steal(struct kstr *ks)
{
	char *s = ks->s;
	ks->s = NULL;
	ks->len = ks->cap = 0;
	return s;
}

uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (uint32_t)(signed char)*s) * 0x01000193u;
	return h;
}

uint32_t hash_name(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	uint64_t h = n, chunk;
	size_t i;

	for (; n >= 8; n -= 8, u += 8)
		h = hash_name_step(h, load_le64((const char *)u));
	if (n) {
		for (chunk = 0, i = 0; i < n; i++)
			chunk |= (uint64_t)u[i] << (8 * i);
		h = hash_name_step(h, chunk);
	}
	return hash_name_end(h);
}

uint32_t hash_strn(const char *s, size_t n)
{
	const uint32_t prime = 0x01000193u;
	uint32_t h = 2166136261u;
	size_t i = 0;

	/* four bytes per loop test: the multiply chain is the cost */
	for (; i + 4 <= n; i += 4) {
		h = (h ^ (uint32_t)(signed char)s[i]) * prime;
		h = (h ^ (uint32_t)(signed char)s[i + 1]) * prime;
		h = (h ^ (uint32_t)(signed char)s[i + 2]) * prime;
		h = (h ^ (uint32_t)(signed char)s[i + 3]) * prime;
	}
	/* and the last 0-3 bytes without a loop */
	switch (n - i) {
	case 3:
		h = (h ^ (uint32_t)(signed char)s[i++]) * prime;
		/* fall through */
	case 2:
		h = (h ^ (uint32_t)(signed char)s[i++]) * prime;
		/* fall through */
	case 1:
		h = (h ^ (uint32_t)(signed char)s[i]) * prime;
		break;
	default:
		break;
	}
	return h;
}

/* ---- messages ---- */

void kc_warn(struct kconf *kc, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	if (file)
		fprintf(kc->err, "%s:%d: ", file, line);
	fputs("warning: ", kc->err);
	va_start(ap, fmt);
	vfprintf(kc->err, fmt, ap);
	va_end(ap);
	fputc('\n', kc->err);
}

void kc_error(struct kconf *kc, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	kc->parse_errors++;
	if (file)
		fprintf(kc->err, "%s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(kc->err, fmt, ap);
	va_end(ap);
	fputc('\n', kc->err);
}

void kc_fatal(struct kconf *kc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(kc->err, fmt, ap);
	va_end(ap);
	fflush(kc->err);
	if (kc->fatal_jmp)
		longjmp(*kc->fatal_jmp, 1);
	exit(1);
}

/* Called for every property, so names are hashed rather than listed. */
const char *kc_file_lookup(struct kconf *kc, const char *name)
{
	uint32_t h = hash_str(name);
	size_t b = h & (KC_FILE_HASH - 1);
	struct kc_file *f;

	for (f = kc->file_hash[b]; f; f = f->hash_next)
		if (f->hash == h && !strcmp(f->name, name))
			return f->name;
	f = arena_alloc(&kc->arena, sizeof(*f));
	f->name = arena_strdup(&kc->arena, name);
	f->hash = h;
	f->hash_next = kc->file_hash[b];
	kc->file_hash[b] = f;
	if (kc->files_tail)
		kc->files_tail->next = f;
	else
		kc->files = f;
	kc->files_tail = f;
	return f->name;
}

/*
 * Read fd to its end into *buf, which has room for *cap bytes of text and
 * 'pad' more; it doubles as needed.  The pad bytes after the text are
 * zeroed.  False on a read error; *len is what was read before it.
 */
bool read_fd_padded(int fd, char **buf, size_t *cap, size_t pad, size_t *len)
{
	size_t n = 0;
	bool ok = true;

	for (;;) {
		ssize_t got;

		if (n == *cap) {
			*cap *= 2;
			*buf = xrealloc(*buf, *cap + pad);
		}
		got = read(fd, *buf + n, *cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			ok = false;
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	memset(*buf + n, 0, pad);
	*len = n;
	return ok;
}
