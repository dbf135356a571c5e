/* SPDX-License-Identifier: MIT */
/*
 * Kconfig tokenizer.  Hand written, but it reproduces the observable
 * behaviour of the kernel's flex scanner of each supported version:
 * longest-match tokens, macro expansion while scanning, help-text
 * indentation rules, the warnings and the 'source' file stack.
 *
 * Every file is read with one read() into a NUL-terminated buffer.  Token
 * texts are slices of that buffer whenever the source spells them literally
 * (words, plain quoted strings, assignment values), so scanning copies and
 * allocates nothing for them; only strings with escapes or macros are
 * assembled in a scratch buffer.  Text that the scanner must "push back"
 * after expanding a macro is always a suffix of what it has just consumed,
 * so it is written back in place right before the read position.
 *
 * Every token goes through lexer_next(), so the common ones (keywords,
 * plain strings, operators, line ends) have a path there that calls nothing
 * and needs no stack frame; other words and comments go on in a function of
 * their own, the rest starts over in lexer_next_slow().  Help text is most
 * of the input: it is copied a line at a time by a loop that also finds the
 * line's end, 32 bytes a compare where the CPU has AVX2.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
/* help text is most of the input: copied 32 bytes a compare where AVX2 is there */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define LX_AVX2 1
#include <immintrin.h>
#endif

#include "internal.h"
#include "parser_internal.h"

enum lx_state { ST_INITIAL, ST_ASSIGN_VAL, ST_HELP };

/*
 * Where the last token handed to the parser leaves the statement: the
 * kernel keeps the last two tokens, but only asks whether the last was a
 * line end or help text (the next token starts a statement) and whether
 * the last two were a line end and a word (an assignment may follow).
 */
enum lx_phase {
	PH_MID,			/* none of these */
	PH_FIRST_WORD,		/* a word right after a line end */
	PH_AFTER_HELP,		/* help text: a statement starts */
	PH_AFTER_EOL,		/* a line end: a statement starts */
};

/*
 * The keywords of one kernel version, one per slot: a keyword's slot is
 * picked by its first 8 bytes times 'mult', a factor kw_build() chooses so
 * that no two keywords share a slot.
 */
#define KW_BITS 7

struct kw_slot {
	uint64_t w0, w1;	/* the keyword's bytes as load_partial() reads them */
	uint64_t prefix;	/* w0 if that is all of it, else 0: for keyword_prefix() */
	uint8_t len, tok;	/* len 0: an empty slot */
};

struct kw_table {
	uint64_t mult;
	struct kw_slot slot[1 << KW_BITS];
};

/* An including file, suspended while the file it sourced is read. */
struct lx_frame {
	char *buf, *cur, *end;
	size_t buf_size;
	int lineno;		/* the includer's line counter when it sourced */
	const char *filename;	/* the includer */
	int source_lineno;	/* statement line of the 'source' */
};

struct kc_lexer {
	char *buf;		/* the file being read, NUL-terminated at 'end' */
	char *cur, *end;	/* read position, end of the text */
	size_t buf_size;	/* what buf has room for */
	struct lx_frame *stack;	/* includers, innermost last */
	size_t depth, stack_cap;
	/* closed files' buffers, for the next ones to read: freeing them would
	 * shrink the heap, which the next file would grow again */
	struct lx_spare {
		char *buf;
		size_t size;
	} spares[16];
	size_t nspares;
	enum lx_state state;
	enum lx_phase phase;	/* of the tokens handed to the parser */
	bool root_done;		/* 6.1: the top-level file has been closed */
	bool finished;
	/* help text being collected (reused from one help to the next) */
	char *help;
	size_t help_cap;
	/* scratch: quoted strings with escapes or macros */
	struct kstr str;
	char *line;		/* rest of a line handed to the macro expander */
	char *owned;		/* heap text of the last token (a macro's value) */
	const char *srctree;	/* $srctree, once looked up */
	bool srctree_known;
	char *in_tree;		/* "$srctree/", then room for a name */
	size_t in_tree_len;
	/* first components of relative names: whether the cwd has them (see
	 * topdir_get); a tree has a few dozen short ones, others are not kept */
	struct lx_topdir {
		char name[32];		/* NUL-terminated */
		size_t len;
		enum { TD_UNKNOWN, TD_PRESENT, TD_ABSENT } state;
	} topdirs[64];
	size_t ntopdirs, topdir_last;	/* topdir_last: the last one found */
	unsigned long topdirs_epoch;	/* kc->shell_calls when their states were learnt */
	bool avx2;		/* the CPU has AVX2: scan_help_avx2() */
	struct kw_table kw;	/* the keywords of this kernel version */
};

static bool is_v61(struct kconf *kc)
{
	return kc->kver < KV(6, 12);
}

const char *parser_filename(struct kconf *kc)
{
	return kc->cur_filename ? kc->cur_filename : "<none>";
}

static const char *lex_file(struct kconf *kc)
{
	return kc->lex_filename ? kc->lex_filename : "<none>";
}

/* The next token starts a statement: empty ones are dropped, its line kept */
static inline bool at_statement_start(const struct kc_lexer *lx)
{
	return lx->phase >= PH_AFTER_HELP;
}

/* The first token of a statement: the parser's position */
static inline void statement_start(struct kconf *kc, const struct kc_lexer *lx)
{
	kc->cur_lineno = kc->lex_lineno;
	if (is_v61(kc))
		kc->cur_filename = lx->root_done ? NULL : kc->lex_filename;
}

/* The token 'tok' is handed to the parser */
static inline int token_done(struct kconf *kc, struct kc_lexer *lx, int tok)
{
	enum lx_phase next = tok == T_EOL ? PH_AFTER_EOL : tok == T_HELPTEXT ? PH_AFTER_HELP : PH_MID;

	if (at_statement_start(lx)) {
		statement_start(kc, lx);
		if (lx->phase == PH_AFTER_EOL && tok == T_WORD)
			next = PH_FIRST_WORD;
	}
	lx->phase = next;
	return tok;
}

/* Same for a keyword, which leaves no phase but PH_MID */
static inline int keyword_done(struct kconf *kc, struct kc_lexer *lx, int tok)
{
	if (at_statement_start(lx))
		statement_start(kc, lx);
	lx->phase = PH_MID;
	return tok;
}

/* kc_file_lookup(), plus the 6.12 habit of listing new files in autoconf_cmd */
static const char *lookup_file(struct kconf *kc, const char *name)
{
	struct kc_file *before = kc->files_tail;
	const char *r = kc_file_lookup(kc, name);

	if (kc->files_tail != before && !is_v61(kc)) {
		kstr_putc(&kc->autoconf_cmd_buf, '\t');
		kstr_append(&kc->autoconf_cmd_buf, name);
		kstr_appendn(&kc->autoconf_cmd_buf, " \\\n", 3);
	}
	return r;
}

FILE *zconf_fopen(struct kconf *kc, const char *name)
{
	FILE *f;
	const char *tree;

	if (!name)
		return NULL;
	f = fopen(name, "r");
	if (!f && name[0] != '/') {
		tree = kc_getenv(kc, "srctree");
		if (tree) {
			char full[PATH_MAX + 1];
			snprintf(full, sizeof(full), "%s/%s", tree, name);
			f = fopen(full, "r");
		}
	}
	return f;
}

/*
 * Zero bytes after a file's terminating NUL: keywords are compared 8 bytes
 * at a time, words and strings scanned 16 at a time and help lines 32.
 */
#define LX_PAD 32

/*
 * The whole file at 'path', NUL-terminated (then LX_PAD more NULs), or NULL
 * when it cannot be opened.  A read error ends the text like end of file,
 * as with fread(): a directory reads as empty.
 */
static char *read_whole(struct kc_lexer *lx, const char *path, size_t *len, size_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t cap;
	char *buf;

	if (fd < 0)
		return NULL;
	/*
	 * No fstat() to size the buffer: every kernel Kconfig file fits one of
	 * 124 KiB (the largest, arch/x86/Kconfig, has 106 KiB), a larger one
	 * grows it while it is read.  A little under 128 KiB, so that glibc's
	 * malloc serves it from the heap rather than with an mmap() of its own.
	 */
	if (lx->nspares) {
		lx->nspares--;
		buf = lx->spares[lx->nspares].buf;
		*size = lx->spares[lx->nspares].size;
	} else {
		*size = 124 * 1024;
		buf = xmalloc(*size);
	}
	cap = *size - 1 - LX_PAD;
	/* a read error ends the text like end of file */
	read_fd_padded(fd, &buf, &cap, 1 + LX_PAD, len);
	close(fd);
	*size = cap + 1 + LX_PAD;
	return buf;
}

/* A file's buffer is no longer needed: keep it for the next file. */
static void release_buffer(struct kc_lexer *lx, char *buf, size_t size)
{
	if (lx->nspares == sizeof(lx->spares) / sizeof(lx->spares[0])) {
		free(buf);
		return;
	}
	lx->spares[lx->nspares].buf = buf;
	lx->spares[lx->nspares].size = size;
	lx->nspares++;
}

/*
 * The record of the first component of the relative NAME, or NULL when NAME
 * has no '/' (or the component is not kept).  In an O= build dir most sourced names ("arch/x86/Kconfig")
 * are not in the cwd, so the kernel's first open, there, fails: once a
 * component is known to be absent from the cwd, that open is skipped (it
 * would fail the same way).  A $(shell) command may create files, so the
 * states are forgotten after every one.
 */
static struct lx_topdir *topdir_get(struct kconf *kc, struct kc_lexer *lx, const char *name,
				     size_t name_len)
{
	const char *slash;
	struct lx_topdir *td;
	size_t len;

	if (lx->topdirs_epoch != kc->shell_calls) {
		for (size_t i = 0; i < lx->ntopdirs; i++)
			lx->topdirs[i].state = TD_UNKNOWN;
		lx->topdirs_epoch = kc->shell_calls;
	}
	/* files of one directory are sourced in a row: try the last one first */
	if (lx->ntopdirs) {
		td = &lx->topdirs[lx->topdir_last];
		if (td->len < name_len && memcmp(name, td->name, td->len) == 0 && name[td->len] == '/')
			return td;
	}
	slash = memchr(name, '/', name_len);
	len = slash ? (size_t)(slash - name) : 0;
	if (!len || len >= sizeof(td->name))
		return NULL;
	/* a tree has a few dozen first components: a linear search is enough */
	for (size_t i = 0; i < lx->ntopdirs; i++) {
		td = &lx->topdirs[i];
		if (td->len == len && td->name[0] == name[0] && memcmp(td->name, name, len) == 0) {
			lx->topdir_last = i;
			return td;
		}
	}
	if (lx->ntopdirs == sizeof(lx->topdirs) / sizeof(lx->topdirs[0]))
		return NULL;
	lx->topdir_last = lx->ntopdirs;
	td = &lx->topdirs[lx->ntopdirs++];
	memcpy(td->name, name, len);
	td->name[len] = '\0';
	td->len = len;
	td->state = TD_UNKNOWN;
	return td;
}

/* A Kconfig file by name, then relative to $srctree (zconf_fopen's rules). */
static char *read_kconfig(struct kconf *kc, const char *name, size_t *len, size_t *size)
{
	struct kc_lexer *lx = kc->lexer;
	struct lx_topdir *td = NULL;
	char *buf = NULL;
	size_t n;

	if (!name)
		return NULL;
	n = strlen(name);
	if (name[0] != '/')
		td = topdir_get(kc, lx, name, n);
	if (!td || td->state != TD_ABSENT)
		buf = read_whole(lx, name, len, size);
	if (!buf && td && td->state == TD_UNKNOWN) {
		struct stat st;

		/* looked at after the failed open: absent now means absent then */
		td->state = stat(td->name, &st) && errno == ENOENT ? TD_ABSENT : TD_PRESENT;
	}
	if (!buf && name[0] != '/') {
		/* the environment does not change while parsing: ask once */
		if (!lx->srctree_known) {
			lx->srctree = kc_getenv(kc, "srctree");
			lx->srctree_known = true;
			if (lx->srctree) {
				lx->in_tree_len = strlen(lx->srctree) + 1;
				lx->in_tree = xmalloc(PATH_MAX + 1);
				snprintf(lx->in_tree, PATH_MAX + 1, "%s/", lx->srctree);
			}
		}
		if (lx->srctree) {
			if (lx->in_tree_len + n < PATH_MAX + 1) {
				memcpy(lx->in_tree + lx->in_tree_len, name, n + 1);
				buf = read_whole(lx, lx->in_tree, len, size);
			} else {	/* cut like snprintf() */
				char full[PATH_MAX + 1];

				snprintf(full, sizeof(full), "%s/%s", lx->srctree, name);
				buf = read_whole(lx, full, len, size);
			}
		}
	}
	return buf;
}

static void set_buffer(struct kc_lexer *lx, char *buf, size_t len, size_t size)
{
	lx->buf = lx->cur = buf;
	lx->end = buf + len;
	lx->buf_size = size;
}

static void kw_build(struct kconf *kc, struct kw_table *kw);

void lexer_init(struct kconf *kc, const char *name)
{
	struct kc_lexer *lx = xcalloc(1, sizeof(*lx));
	size_t len, size;
	char *buf;

	kc->lexer = lx;		/* lexer_free() releases it on a fatal error */
	buf = read_kconfig(kc, name, &len, &size);
	if (!buf)
		kc_fatal(kc, "can't find file %s\n", name);
	set_buffer(lx, buf, len, size);
	lx->state = ST_INITIAL;
	lx->phase = PH_AFTER_EOL;
	kstr_init(&lx->str);
	kw_build(kc, &lx->kw);
#ifdef LX_AVX2
	lx->avx2 = __builtin_cpu_supports("avx2");
#endif
	kc->lex_filename = lookup_file(kc, name);
	kc->lex_lineno = 1;
	if (!is_v61(kc))
		kc->cur_filename = kc->lex_filename;
}

void lexer_free(struct kconf *kc)
{
	struct kc_lexer *lx = kc->lexer;

	if (!lx)
		return;
	while (lx->depth)
		free(lx->stack[--lx->depth].buf);
	free(lx->stack);
	free(lx->buf);
	while (lx->nspares)
		free(lx->spares[--lx->nspares].buf);
	free(lx->in_tree);
	free(lx->help);
	kstr_free(&lx->str);
	free(lx->line);
	free(lx->owned);
	free(lx);
	kc->lexer = NULL;
}

static void recursion_error(struct kconf *kc, const char *name)
{
	struct kc_lexer *lx = kc->lexer;
	size_t i;

	fprintf(kc->err, "Recursive inclusion detected.\nInclusion path:\n  current file : %s\n", name);
	for (i = lx->depth; i-- > 0;) {
		const struct lx_frame *fr = &lx->stack[i];

		if (is_v61(kc)) {
			fprintf(kc->err, "  included from: %s:%d\n", fr->filename, fr->lineno - 1);
			if (strcmp(fr->filename, name) == 0)
				break;
		} else {
			fprintf(kc->err, "  included from: %s:%d\n", fr->filename, fr->source_lineno);
		}
	}
	kc_fatal(kc, "%s", "");
}

void lexer_push_file(struct kconf *kc, const char *name)
{
	struct kc_lexer *lx = kc->lexer;
	struct lx_frame *fr;
	const char *interned = NULL;
	bool recursive = false;
	size_t len, size;
	char *buf;

	if (is_v61(kc))
		interned = lookup_file(kc, name);
	buf = read_kconfig(kc, name, &len, &size);
	if (!buf)
		kc_fatal(kc, "%s:%d: can't open file \"%s\"\n", parser_filename(kc), kc->cur_lineno, name);

	if (lx->depth == lx->stack_cap) {
		lx->stack_cap = lx->stack_cap ? 2 * lx->stack_cap : 16;
		lx->stack = xrealloc(lx->stack, lx->stack_cap * sizeof(*lx->stack));
	}
	fr = &lx->stack[lx->depth++];
	fr->buf = lx->buf;
	fr->buf_size = lx->buf_size;
	fr->cur = lx->cur;
	fr->end = lx->end;
	fr->lineno = kc->lex_lineno;
	fr->filename = kc->lex_filename;
	fr->source_lineno = kc->cur_lineno;
	set_buffer(lx, buf, len, size);

	for (size_t i = 0; i < lx->depth; i++)
		if (strcmp(lx->stack[i].filename, name) == 0)
			recursive = true;
	if (recursive)
		recursion_error(kc, name);

	kc->lex_lineno = 1;
	if (!interned)
		interned = lookup_file(kc, name);
	kc->lex_filename = interned;
	if (!is_v61(kc))
		kc->cur_filename = interned;
}

static void pop_file(struct kconf *kc)
{
	struct kc_lexer *lx = kc->lexer;
	struct lx_frame *fr = &lx->stack[--lx->depth];

	release_buffer(lx, lx->buf, lx->buf_size);
	lx->buf = fr->buf;
	lx->buf_size = fr->buf_size;
	lx->cur = fr->cur;
	lx->end = fr->end;
	kc->lex_lineno = fr->lineno;
	kc->lex_filename = fr->filename;
	if (!is_v61(kc))
		kc->cur_filename = fr->filename;
}

/* ---- character classes ---- */

#define CC_WORD   1	/* [A-Za-z0-9_-] */
#define CC_STRING 2	/* ends a literal run inside a quoted string */
#define CC_MACRO  4	/* '$': a word goes on with a macro */
#define CC_BLANK  8	/* ' ' and '\t', skipped between tokens */

static const unsigned char char_class[256] = {
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
	['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
	['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
	['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1, ['A'] = 1, ['B'] = 1,
	['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1,
	['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
	['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1,
	['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1,
	['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['_'] = 1,
	['-'] = 1,
	['$'] = CC_STRING | CC_MACRO, ['\''] = CC_STRING, ['"'] = CC_STRING, ['\\'] = CC_STRING,
	['\n'] = CC_STRING, ['\0'] = CC_STRING, [' '] = CC_BLANK, ['\t'] = CC_BLANK,
};

static inline bool is_word_char(unsigned char c)
{
	return char_class[c] & CC_WORD;
}

/*
 * The first byte at or after p that is not a word character, and the first
 * that ends a literal run in a quoted string.  Both may read up to 15 bytes
 * past the answer, which the LX_PAD bytes after a buffer allow.
 */
#if defined(__SSE2__)
static inline const char *skip_word_chars(const char *p)
{
	/* a range test is one signed compare once the range is moved to -128 */
	const __m128i case_bit = _mm_set1_epi8(0x20);
	const __m128i alpha_to_min = _mm_set1_epi8((char)(0x80 - 'a'));
	const __m128i digit_to_min = _mm_set1_epi8((char)(0x80 - '0'));
	const __m128i alpha_end = _mm_set1_epi8(-128 + 26), digit_end = _mm_set1_epi8(-128 + 10);
	const __m128i us = _mm_set1_epi8('_'), dash = _mm_set1_epi8('-');

	for (;; p += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i alpha = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(x, case_bit), alpha_to_min), alpha_end);
		__m128i digit = _mm_cmplt_epi8(_mm_add_epi8(x, digit_to_min), digit_end);
		__m128i other = _mm_or_si128(_mm_cmpeq_epi8(x, us), _mm_cmpeq_epi8(x, dash));
		unsigned word = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(alpha, digit), other));

		if (word != 0xffff)
			return p + __builtin_ctz(~word);
	}
}

static inline const char *find_string_stop(const char *p)
{
	const __m128i c1 = _mm_set1_epi8('$'), c2 = _mm_set1_epi8('\''), c3 = _mm_set1_epi8('"');
	const __m128i c4 = _mm_set1_epi8('\\'), c5 = _mm_set1_epi8('\n'), c6 = _mm_setzero_si128();

	for (;; p += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, c1), _mm_cmpeq_epi8(x, c2)),
					 _mm_or_si128(_mm_cmpeq_epi8(x, c3), _mm_cmpeq_epi8(x, c4)));
		unsigned stop;

		m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(x, c5), _mm_cmpeq_epi8(x, c6)));
		stop = (unsigned)_mm_movemask_epi8(m);
		if (stop)
			return p + __builtin_ctz(stop);
	}
}

/* The first newline or NUL at or after p (same reading rule) */
static inline const char *find_line_end(const char *p)
{
	const __m128i nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();

	for (;; p += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		unsigned stop = (unsigned)_mm_movemask_epi8(
			_mm_or_si128(_mm_cmpeq_epi8(x, nl), _mm_cmpeq_epi8(x, zero)));

		if (stop)
			return p + __builtin_ctz(stop);
	}
}
#else
static inline const char *skip_word_chars(const char *p)
{
	while (is_word_char((unsigned char)*p))
		p++;
	return p;
}

static inline const char *find_string_stop(const char *p)
{
	while (!(char_class[(unsigned char)*p] & CC_STRING))
		p++;
	return p;
}

static inline const char *find_line_end(const char *p)
{
	return p + strcspn(p, "\n");
}
#endif

static __attribute__((noinline, cold)) void warn_char(struct kconf *kc, char c)
{
	fprintf(kc->err, "%s:%d:warning: ignoring unsupported character '%c'\n",
		lex_file(kc), kc->lex_lineno, c);
}

/* Length of the rest of the line from 'from' (not counting the newline). */
static size_t line_len(const struct kc_lexer *lx, const char *from)
{
	const char *nl = memchr(from, '\n', (size_t)(lx->end - from));
	return nl ? (size_t)(nl - from) : (size_t)(lx->end - from);
}

/* Put 'text' back in front of the read position (it was just consumed). */
static void push_back(struct kc_lexer *lx, const char *text)
{
	size_t n = strlen(text);

	if (n > (size_t)(lx->cur - lx->buf))	/* cannot happen: a consumed suffix */
		n = (size_t)(lx->cur - lx->buf);
	memmove(lx->cur - n, text, n);
	lx->cur -= n;
}

/* A token's heap text lives until the next one (or the lexer) replaces it. */
static void set_owned(struct kc_lexer *lx, char *text)
{
	free(lx->owned);
	lx->owned = text;
}

/*
 * Words are read as little-endian 8-byte words (load_le64): the buffer has
 * LX_PAD bytes after its end, so loading 8 bytes from any word start is
 * safe.  The bytes of s[0..n) (n <= 8) as load_le64() reads them, zeros
 * past the end:
 */
static inline uint64_t load_partial(const char *s, size_t n)
{
	return load_le64(s) & (~(uint64_t)0 >> (64 - 8 * n));
}

/* The slot where a keyword starting with the 8 bytes w0 would be */
static inline unsigned kw_index(const struct kw_table *kw, uint64_t w0)
{
	return (unsigned)((w0 * kw->mult) >> (64 - KW_BITS));
}

/*
 * The word s[0..n), n >= 1: a keyword's token, or T_WORD and its hash_name().
 * Keywords are lower case: a word starting otherwise need not be looked up.
 */
static inline __attribute__((always_inline)) int word_token(const struct kw_table *kw, const char *s,
							     size_t n, uint32_t *hash)
{
	uint64_t w0 = n < 8 ? load_partial(s, n) : load_le64(s), h;

	if ((unsigned char)s[0] >= 'a') {
		const struct kw_slot *slot = &kw->slot[kw_index(kw, w0)];

		if (slot->len == n && slot->w0 == w0 && (n <= 8 || slot->w1 == load_partial(s + 8, n - 8)))
			return slot->tok;
	}
	h = hash_name_step(n, w0);
	if (n > 8) {
		const char *t = s + 8;
		size_t left = n - 8;

		for (; left > 8; left -= 8, t += 8)
			h = hash_name_step(h, load_le64(t));
		h = hash_name_step(h, load_partial(t, left));
	}
	*hash = hash_name_end(h);
	return T_WORD;
}

/*
 * Most words are keywords, and keywords are lower case: w (8 bytes from a
 * word's start, little-endian) cut before the first byte that cannot be in
 * one, a byte below '_' or above 0x7f.
 */
static inline uint64_t keyword_prefix(uint64_t w)
{
	const uint64_t high = 0x8080808080808080u, ones = 0x0101010101010101u;
	/*
	 * A byte's high bit in w + (0x80 - '_') * ones is set when it is in
	 * ['_', 0x7f]; a carry only leaves a byte above 0x7f, which is a stop
	 * itself, so it cannot change the lowest stop.
	 */
	uint64_t stop = (~(w + (0x80 - '_') * ones) | w) & high;

	/* the bytes below the lowest stop bit (all of w without one) */
	return w & (((stop & -stop) >> 7) - 1);
}

static const struct {
	const char *name;
	enum kc_token tok;
} keywords[] = {
	{ "bool", T_BOOL }, { "choice", T_CHOICE }, { "comment", T_COMMENT },
	{ "config", T_CONFIG }, { "default", T_DEFAULT }, { "def_bool", T_DEF_BOOL },
	{ "def_tristate", T_DEF_TRISTATE }, { "depends", T_DEPENDS },
	{ "endchoice", T_ENDCHOICE }, { "endif", T_ENDIF }, { "endmenu", T_ENDMENU },
	{ "help", T_HELP }, { "hex", T_HEX }, { "if", T_IF }, { "imply", T_IMPLY },
	{ "int", T_INT }, { "mainmenu", T_MAINMENU }, { "menu", T_MENU },
	{ "menuconfig", T_MENUCONFIG }, { "modules", T_MODULES }, { "on", T_ON },
	{ "optional", T_OPTIONAL }, { "prompt", T_PROMPT }, { "range", T_RANGE },
	{ "select", T_SELECT }, { "source", T_SOURCE }, { "string", T_STRING },
	{ "transitional", T_TRANSITIONAL }, { "tristate", T_TRISTATE },
	{ "visible", T_VISIBLE },
};

static bool is_keyword_of(struct kconf *kc, enum kc_token tok)
{
	if (tok == T_OPTIONAL)		/* dropped with the 6.11 choice rewrite */
		return is_v61(kc);
	if (tok == T_TRANSITIONAL)	/* arrived in 6.18 */
		return kc->kver >= KV(6, 18);
	return true;
}

/* The first factor (odd, counting up) that gives every keyword its own slot. */
static void kw_build(struct kconf *kc, struct kw_table *kw)
{
	size_t i;

	for (kw->mult = 0x9E3779B97F4A7C15u;; kw->mult += 2) {
		memset(kw->slot, 0, sizeof(kw->slot));
		for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++) {
			const char *name = keywords[i].name;
			size_t n = strlen(name);
			char padded[24] = { 0 };
			struct kw_slot *slot;
			uint64_t w0;

			if (!is_keyword_of(kc, keywords[i].tok))
				continue;
			memcpy(padded, name, n);
			w0 = load_partial(padded, n < 8 ? n : 8);
			slot = &kw->slot[kw_index(kw, w0)];
			if (slot->len)
				break;		/* taken: try the next factor */
			slot->len = (uint8_t)n;
			slot->tok = (uint8_t)keywords[i].tok;
			slot->w0 = w0;
			slot->w1 = n > 8 ? load_partial(padded + 8, n - 8) : 0;
			slot->prefix = n <= 8 ? w0 : 0;
		}
		if (i == sizeof(keywords) / sizeof(keywords[0]))
			return;
	}
}

/* ---- end of input ---- */

static __attribute__((noinline)) int at_eof(struct kconf *kc)
{
	struct kc_lexer *lx = kc->lexer;

	lx->state = ST_INITIAL;
	if (lx->finished)
		return T_EOF;
	if (!at_statement_start(lx))
		fprintf(kc->err, "%s:%d:warning: no new line at end of file\n",
			lex_file(kc), kc->lex_lineno);
	if (lx->depth) {
		pop_file(kc);
		return T_EOL;
	}
	if (is_v61(kc) && !lx->root_done) {
		/* 6.1 closes the top file like any other, with one more EOL */
		lx->root_done = true;
		return T_EOL;
	}
	lx->finished = true;
	return T_EOF;
}

bool lexer_top_closed(struct kconf *kc)
{
	return kc->lexer && kc->lexer->root_done;
}

/* ---- quoted strings ---- */

/*
 * The general case: escapes, macros, the other quote character, a newline,
 * a NUL or the end of input.  'have' is the literal text already scanned.
 */
static __attribute__((noinline)) int scan_string_slow(struct kconf *kc, char quote, const char *have, size_t n,
			    struct lex_text *text)
{
	struct kc_lexer *lx = kc->lexer;
	struct kstr *s = &lx->str;

	kstr_reset(s);
	kstr_appendn(s, have, n);
	for (;;) {
		char c;

		if (lx->cur >= lx->end)
			break;		/* EOF ends the string */
		c = *lx->cur;
		if (c == '$') {
			/* the macro and everything up to the line end */
			size_t len = line_len(lx, lx->cur + 1);
			const char *rest;
			char *val;

			free(lx->line);
			lx->line = xstrndup(lx->cur + 1, len);
			rest = lx->line;
			lx->cur += 1 + len;
			val = expand_dollar(kc, &rest);
			push_back(lx, rest);
			kstr_append(s, val);
			free(val);
		} else if (c == '\\') {
			lx->cur++;
			if (lx->cur < lx->end && *lx->cur != '\n') {
				kstr_putc(s, *lx->cur);
				lx->cur++;
			}
		} else if (c == '\'' || c == '"') {
			lx->cur++;
			if (c == quote)
				break;
			kstr_putc(s, c);
		} else if (c == '\n') {
			fprintf(kc->err, "%s:%d:warning: multi-line strings not supported\n",
				parser_filename(kc), kc->cur_lineno);
			break;		/* the newline is scanned again */
		} else {
			/* a literal run; a NUL inside the file is part of it */
			const char *start = lx->cur;
			while (lx->cur < lx->end &&
			       (!(char_class[(unsigned char)*lx->cur] & CC_STRING) || *lx->cur == '\0'))
				lx->cur++;
			kstr_appendn(s, start, (size_t)(lx->cur - start));
		}
	}
	/* a NUL inside the string ends it, as in C */
	text->s = s->s;
	text->len = strlen(s->s);
	return T_WORD_QUOTE;
}

static int scan_string(struct kconf *kc, char quote, struct lex_text *text)
{
	struct kc_lexer *lx = kc->lexer;
	const char *start = lx->cur, *p = start;

	/* the common case: literal text up to the closing quote, a slice */
	p = find_string_stop(p);
	if (*p == quote) {
		text->s = start;
		text->len = (size_t)(p - start);
		lx->cur = (char *)p + 1;
		return T_WORD_QUOTE;
	}
	lx->cur = (char *)p;
	return scan_string_slow(kc, quote, start, (size_t)(p - start), text);
}

/* ---- help text ---- */

void lexer_start_help(struct kconf *kc)
{
	kc->lexer->state = ST_HELP;
}

/*
 * Room for the help text's first 'len' bytes and 'more': a text line, its
 * newline and a blank line each take at most as many bytes as they had in
 * the file, so 'more' covers the rest of the file plus the slack copy_line()
 * writes past a line; only spaces for deeper indentation need more.
 */
static char *help_room(struct kc_lexer *lx, size_t len, size_t more)
{
	if (len + more > lx->help_cap) {
		size_t cap = lx->help_cap ? lx->help_cap : 4096;
		while (len + more > cap)
			cap *= 2;
		lx->help = xrealloc(lx->help, cap);
		lx->help_cap = cap;
	}
	return lx->help;
}

/*
 * Room for 'more' bytes after the help's first 'len', moving it out of the
 * arena if need be (then the result differs from 'help').
 */
static __attribute__((noinline)) char *help_more(struct kconf *kc, char *help, bool in_arena,
						 size_t len, size_t more)
{
	if (!in_arena)
		return help_room(kc->lexer, len, more);
	if ((size_t)(kc->arena.end - help) > len + more)
		return help;
	return memcpy(help_room(kc->lexer, 0, len + more), help, len);
}

/*
 * Copy the text at p up to its first newline or NUL to dst and return where
 * it stopped.  Up to HELP_SLACK bytes are read and written past that point.
 */
#define HELP_SLACK 32
#if defined(__SSE2__)
static inline const char *copy_line(char *dst, const char *p)
{
	const __m128i nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();

	for (;; p += 32, dst += 32) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i y = _mm_loadu_si128((const __m128i *)(const void *)(p + 16));
		__m128i sx = _mm_or_si128(_mm_cmpeq_epi8(x, nl), _mm_cmpeq_epi8(x, zero));
		__m128i sy = _mm_or_si128(_mm_cmpeq_epi8(y, nl), _mm_cmpeq_epi8(y, zero));
		unsigned stop;

		_mm_storeu_si128((__m128i *)(void *)dst, x);
		_mm_storeu_si128((__m128i *)(void *)(dst + 16), y);
		stop = (unsigned)_mm_movemask_epi8(sx) | (unsigned)_mm_movemask_epi8(sy) << 16;
		if (stop)
			return p + __builtin_ctz(stop);
	}
}
#else
static inline const char *copy_line(char *dst, const char *p)
{
	size_t n = strcspn(p, "\n");

	memcpy(dst, p, n);
	return p + n;
}
#endif

#ifdef LX_AVX2
__attribute__((target("avx2"))) static inline const char *copy_line_avx2(char *dst, const char *p)
{
	const __m256i nl = _mm256_set1_epi8('\n'), zero = _mm256_setzero_si256();

	for (;; p += 32, dst += 32) {
		__m256i x = _mm256_loadu_si256((const __m256i *)(const void *)p);
		unsigned stop = (unsigned)_mm256_movemask_epi8(
			_mm256_or_si256(_mm256_cmpeq_epi8(x, nl), _mm256_cmpeq_epi8(x, zero)));

		_mm256_storeu_si256((__m256i *)(void *)dst, x);
		if (stop)
			return p + __builtin_ctz(stop);
	}
}
#endif

typedef const char *copy_line_fn(char *dst, const char *p);

/* The length of the line s[0..n) without its trailing blanks */
static inline size_t trim_blanks(const char *s, size_t n)
{
	while (n > 0 && (unsigned char)s[n - 1] <= ' ' && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n;
}

/* A help text being collected */
struct help_buf {
	char *s;
	size_t len;
	const char *end;	/* of the input */
	bool in_arena;		/* s is kc's arena's free room */
	bool nul;		/* a NUL was copied */
};

/*
 * Copy the text line at q (its indentation is dealt with) and, unless it
 * ends the input, its newline; returns where the next line starts, or the
 * end of the input.
 */
static inline __attribute__((always_inline)) const char *
help_line(struct help_buf *h, const char *q, int *lineno, copy_line_fn *copy)
{
	const char *stop = copy(h->s + h->len, q);

	while (*stop != '\n' && stop < h->end) {
		/* a NUL inside the text: copied, flagged, and the line goes on */
		h->nul = true;
		stop = copy(h->s + h->len + (size_t)(stop + 1 - q), stop + 1);
	}
	h->len += trim_blanks(q, (size_t)(stop - q));
	if (*stop != '\n')
		return stop;
	h->s[h->len++] = '\n';
	++*lineno;
	return stop + 1;
}

/* Past the blanks at p; *cols: the column they reach (a tab: to the next multiple of 8) */
static inline const char *skip_blanks(const char *p, int *cols)
{
	int ts = 0;

	for (;; p++) {
		if (*p == ' ')
			ts++;
		else if (*p == '\t')
			ts = (ts & ~7) + 8;
		else
			break;
	}
	*cols = ts;
	return p;
}

/*
 * The help rules: a line of blanks keeps an empty line; the first text
 * line's indentation is the reference, deeper lines keep the difference as
 * spaces (a tab counts to the next multiple of 8); a shallower line, or a
 * non-blank first column after an empty line, ends the text.  Each text
 * line is copied whole in one pass that also finds its end.
 */
static inline __attribute__((always_inline)) int scan_help_with(struct kconf *kc, struct lex_text *text,
								  copy_line_fn *copy)
{
	struct kc_lexer *lx = kc->lexer;
	const char *p = lx->cur, *end = lx->end;
	int first_ts = 0, last_ts = 0, lineno = kc->lex_lineno;
	/* the reference indentation's bytes, if at most 8: until set, none match */
	uint64_t indent = 1, indent_mask = 0;
	size_t indent_len = 0;
	bool first_line = true;
	struct help_buf h = { .len = 0, .end = end, .nul = false };

	/* written straight into the arena when the rest of the file fits there */
	h.in_arena = arena_room(&kc->arena) > (size_t)(end - p) + HELP_SLACK;
	h.s = h.in_arena ? kc->arena.cur : help_room(lx, 0, (size_t)(end - p) + HELP_SLACK);

	/* up to the first text line with indentation: the rules in full */
	for (;; first_line = false) {
		const char *q = p;
		int ts;

		/* after a newline, a line starting with text ends the help */
		if (!first_line && p < end && *p != ' ' && *p != '\t' && *p != '\n') {
			h.len--;
			goto done;
		}
		if (p >= end)
			goto done;
		q = skip_blanks(q, &ts);
		if (*q == '\n') {	/* a blank line */
			p = q + 1;
			lineno++;
			h.s[h.len++] = '\n';
			continue;
		}
		if (q > p) {
			last_ts = ts;
			if (q >= end) {
				p = q;
				goto done;
			}
		}
		first_ts = last_ts;
		if (first_ts && q - p <= 8) {
			indent_len = (size_t)(q - p);
			indent_mask = ~(uint64_t)0 >> (64 - 8 * indent_len);
			indent = load_le64(p) & indent_mask;
		}
		p = help_line(&h, q, &lineno, copy);
		if (p >= end)
			goto done;
		if (first_ts)
			break;
	}

	/* the other lines, most of which start with the very bytes of the reference */
	for (;;) {
		const char *q;
		char *moved;
		int ts;

		if ((load_le64(p) & indent_mask) == indent && (unsigned char)p[indent_len] > ' ') {
			q = p + indent_len;
		} else if (*p == '\n') {	/* an empty line */
			p++;
			lineno++;
			h.s[h.len++] = '\n';
			continue;
		} else {
			if (p >= end)
				goto done;
			if (*p != ' ' && *p != '\t') {	/* text in the first column */
				h.len--;
				goto done;
			}
			q = skip_blanks(p, &ts);
			if (*q == '\n') {	/* a line of blanks */
				p = q + 1;
				lineno++;
				h.s[h.len++] = '\n';
				continue;
			}
			if (ts < first_ts) {
				p = q;
				goto done;
			}
			ts -= first_ts;
			moved = help_more(kc, h.s, h.in_arena, h.len, (size_t)ts + (size_t)(end - q) + HELP_SLACK);
			h.in_arena = h.in_arena && moved == h.s;
			h.s = moved;
			memset(h.s + h.len, ' ', (size_t)ts);
			h.len += (size_t)ts;
			if (q >= end) {
				p = q;
				goto done;
			}
		}
		/* at the end of the input, the next round stops (no line matches a NUL) */
		p = help_line(&h, q, &lineno, copy);
	}
done:
	kc->lex_lineno = lineno;
	lx->cur = (char *)p;
	lx->state = ST_INITIAL;
	text->s = h.s;
	/* a NUL inside the text ends it, as in C */
	text->len = h.nul ? strnlen(h.s, h.len) : h.len;
	text->in_arena = h.in_arena;
	if (h.in_arena) {
		h.s[text->len] = '\0';
		arena_keep(&kc->arena, text->len + 1);
	}
	return token_done(kc, lx, T_HELPTEXT);
}

static __attribute__((noinline)) int scan_help(struct kconf *kc, struct lex_text *text)
{
	return scan_help_with(kc, text, copy_line);
}

#ifdef LX_AVX2
static __attribute__((noinline, target("avx2"))) int scan_help_avx2(struct kconf *kc,
								   struct lex_text *text)
{
	return scan_help_with(kc, text, copy_line_avx2);
}
#endif

/* ---- the right-hand side of a variable assignment ---- */

static __attribute__((noinline)) int scan_assign_val(struct kconf *kc, struct lex_text *text)
{
	struct kc_lexer *lx = kc->lexer;
	char *p = lx->cur;
	size_t n;

	while (*p == ' ' || *p == '\t')
		p++;
	lx->cur = p;
	if (p >= lx->end)
		return at_eof(kc);
	if (*p == '\n') {
		lx->cur = p + 1;
		kc->lex_lineno++;
		lx->state = ST_INITIAL;
		return T_EOL;
	}
	n = line_len(lx, p);
	text->s = p;
	text->len = n;
	lx->cur = p + n;
	return T_ASSIGN_VAL;
}

/* ---- the main state ---- */

/*
 * A word with a macro in it, from 'start'; 'p' is at the first '$'.  It is
 * expanded with the rest of the line, and what is left is given back.
 */
static __attribute__((noinline)) int scan_macro_word(struct kconf *kc, char *start, char *p,
						     struct lex_text *text)
{
	struct kc_lexer *lx = kc->lexer;
	const char *nul, *rest;
	size_t n, more;
	char *val;

	while (is_word_char((unsigned char)*p) || *p == '$')
		p++;
	n = (size_t)(p - start);
	lx->cur = p;
	more = line_len(lx, p);
	nul = memchr(p, '\0', more);
	if (nul)	/* the scanner's input() stops at (and eats) a NUL */
		more = (size_t)(nul - p) + 1;
	free(lx->line);
	lx->line = xstrndup(start, n + more);
	lx->cur += more;
	rest = lx->line;
	val = expand_one_token(kc, &rest);
	push_back(lx, rest);
	if (!val[0]) {
		free(val);
		return -1;	/* nothing: keep scanning */
	}
	/* like the file buffer's words, readable up to the next multiple of 8 */
	n = strlen(val);
	val = xrealloc(val, n + 8);
	set_owned(lx, val);
	text->s = val;
	text->len = n;
	text->hash = hash_name(val, n);
	return T_WORD;
}

/* A word, or a keyword; -1 when it was a macro that expanded to nothing. */
static inline __attribute__((always_inline)) int scan_word(struct kconf *kc, struct lex_text *text)
{
	struct kc_lexer *lx = kc->lexer;
	char *start = lx->cur, *p = start;
	size_t n;
	int tok;

	/* the buffer ends with a NUL, which is no word character */
	p = (char *)skip_word_chars(p);
	if (*p != '$') {
		n = (size_t)(p - start);
		lx->cur = p;
		tok = word_token(&lx->kw, start, n, &text->hash);
		if (tok == T_WORD) {
			text->s = start;
			text->len = n;
		}
		return tok;
	}

	return scan_macro_word(kc, start, p, text);
}

/* The main state; at a statement's start, empty lines are skipped here. */
static int scan_initial(struct kconf *kc, struct lex_text *text, bool at_start)
{
	struct kc_lexer *lx = kc->lexer;

	for (;;) {
		char *p = lx->cur;
		char c = *p, d;

		while (c == ' ' || c == '\t')
			c = *++p;
		lx->cur = p;
		if (is_word_char((unsigned char)c)) {
			int tok = scan_word(kc, text);
			if (tok >= 0)
				return tok;
			continue;
		}
		if (p >= lx->end)
			return at_eof(kc);
		d = p[1];	/* the terminating NUL at worst */
		switch (c) {
		case '#':
			lx->cur = p + line_len(lx, p);
			continue;
		case '\\':
			if (d == '\n') {
				lx->cur = p + 2;
				kc->lex_lineno++;
				continue;
			}
			break;
		case '\n':
			lx->cur = p + 1;
			kc->lex_lineno++;
			if (at_start)
				continue;	/* an empty statement: dropped */
			return T_EOL;
		case '"':
		case '\'':
			lx->cur = p + 1;
			return scan_string(kc, c, text);
		case '|':
			if (d == '|') {
				lx->cur = p + 2;
				return T_OR;
			}
			break;
		case '&':
			if (d == '&') {
				lx->cur = p + 2;
				return T_AND;
			}
			break;
		case '=':
			lx->cur = p + 1;
			return T_EQUAL;
		case '!':
			if (d == '=') {
				lx->cur = p + 2;
				return T_UNEQUAL;
			}
			lx->cur = p + 1;
			return T_NOT;
		case '<':
			if (d == '=') {
				lx->cur = p + 2;
				return T_LESS_EQUAL;
			}
			lx->cur = p + 1;
			return T_LESS;
		case '>':
			if (d == '=') {
				lx->cur = p + 2;
				return T_GREATER_EQUAL;
			}
			lx->cur = p + 1;
			return T_GREATER;
		case '(':
			lx->cur = p + 1;
			return T_OPEN_PAREN;
		case ')':
			lx->cur = p + 1;
			return T_CLOSE_PAREN;
		case ':':
			if (d == '=') {
				lx->cur = p + 2;
				return T_COLON_EQUAL;
			}
			break;
		case '+':
			if (d == '=') {
				lx->cur = p + 2;
				return T_PLUS_EQUAL;
			}
			break;
		default:
			if (c == '$') {	/* word characters were taken above */
				int tok = scan_macro_word(kc, p, p, text);
				if (tok >= 0)
					return tok;
				continue;
			}
			break;
		}
		/* anything else is ignored with a warning */
		warn_char(kc, c);
		lx->cur = p + 1;
	}
}

/* Any token but help text: the general case of lexer_next(). */
static __attribute__((noinline)) int lexer_next_slow(struct kconf *kc, struct lex_text *text)
{
	struct kc_lexer *lx = kc->lexer;
	bool at_start = at_statement_start(lx);
	int tok;

	do {	/* at a statement's start, empty statements are dropped */
		if (lx->state == ST_INITIAL)
			tok = scan_initial(kc, text, at_start);
		else
			tok = scan_assign_val(kc, text);
	} while (at_start && tok == T_EOL);
	if (lx->phase == PH_FIRST_WORD &&
	    (tok == T_EQUAL || tok == T_COLON_EQUAL || tok == T_PLUS_EQUAL))
		lx->state = ST_ASSIGN_VAL;
	return token_done(kc, lx, tok);
}

/* '=', ':=' and '+=' right after a statement's first word start an assignment */
static inline int assign_op(struct kc_lexer *lx, int tok)
{
	if (lx->phase == PH_FIRST_WORD)
		lx->state = ST_ASSIGN_VAL;
	return tok;
}

/* Help text, or the value of a variable assignment */
static __attribute__((noinline)) int lexer_next_state(struct kconf *kc, struct lex_text *text)
{
	if (kc->lexer->state == ST_HELP) {
#ifdef LX_AVX2
		if (kc->lexer->avx2)
			return scan_help_avx2(kc, text);
#endif
		return scan_help(kc, text);
	}
	return lexer_next_slow(kc, text);
}

/* A word or keyword s[0..n) the read position has just passed */
static inline __attribute__((always_inline)) int word_done(struct kconf *kc, struct lex_text *text,
							   const char *s, size_t n)
{
	struct kc_lexer *lx = kc->lexer;
	int tok = word_token(&lx->kw, s, n, &text->hash);

	if (tok == T_WORD) {
		text->s = s;
		text->len = n;
	}
	return tok == T_WORD ? token_done(kc, lx, T_WORD) : keyword_done(kc, lx, tok);
}

/*
 * A word at p that is not a keyword's lower-case prefix: out of line, as
 * its registers would give lexer_next() a stack frame.
 */
static __attribute__((noinline)) int next_word(struct kconf *kc, struct lex_text *text, char *p)
{
	struct kc_lexer *lx = kc->lexer;
	char *e = (char *)skip_word_chars(p + 1);

	if (*e == '$') {
		lx->cur = p;
		return lexer_next_slow(kc, text);
	}
	lx->cur = e;
	return word_done(kc, text, p, (size_t)(e - p));
}

/*
 * A comment at p: skipped to its newline and, at a statement's start, the
 * empty lines and comments after it too; then the next token.  A loop, not
 * a call back per comment, so that runs of comments cannot deepen the stack.
 */
static __attribute__((noinline)) int after_comment(struct kconf *kc, struct lex_text *text, char *p)
{
	struct kc_lexer *lx = kc->lexer;

	for (;;) {
		const char *e = find_line_end(p + 1);

		if (*e == '\0') {	/* the end, or a NUL inside: the general case */
			lx->cur = e < lx->end ? p : (char *)e;
			return lexer_next_slow(kc, text);
		}
		if (!at_statement_start(lx)) {
			lx->cur = (char *)e;	/* the newline is a T_EOL */
			return lexer_next(kc, text);
		}
		/* empty statements are dropped */
		for (p = (char *)e; *p == '\n' || *p == ' ' || *p == '\t'; p++)
			if (*p == '\n')
				kc->lex_lineno++;
		if (*p != '#') {
			lx->cur = p;
			return lexer_next(kc, text);
		}
	}
}

/*
 * The common tokens of the main state (words, keywords, plain strings,
 * operators, line ends) calling nothing, so that this needs no stack
 * frame; anything else is left to lexer_next_slow() at the same position.
 */
int lexer_next(struct kconf *kc, struct lex_text *text)
{
	struct kc_lexer *lx = kc->lexer;
	char *p = lx->cur;

	if (lx->state != ST_INITIAL)
		return lexer_next_state(kc, text);
	for (;;) {
		unsigned char cls = char_class[(unsigned char)*p];
		char c, d;

		while (cls & CC_BLANK)
			cls = char_class[(unsigned char)*++p];
		c = *p;
		if (cls & CC_WORD) {
			if ((unsigned char)c >= 'a') {
				/* a keyword, if the word is just its lower-case start */
				uint64_t w = keyword_prefix(load_le64(p));
				const struct kw_slot *slot = &lx->kw.slot[kw_index(&lx->kw, w)];

				if (slot->prefix == w &&
				    !(char_class[(unsigned char)p[slot->len]] & (CC_WORD | CC_MACRO))) {
					lx->cur = p + slot->len;
					return keyword_done(kc, lx, slot->tok);
				}
			}
			return next_word(kc, text, p);
		}
		if (c == '\n') {	/* never the buffer's end, which is a NUL */
			p++;
			kc->lex_lineno++;
			if (at_statement_start(lx))
				continue;	/* an empty statement: dropped */
			lx->cur = p;
			return token_done(kc, lx, T_EOL);
		}
		d = p[1];
		lx->cur = p + 1;
		switch (c) {
		case '"':
		case '\'': {
			const char *e = find_string_stop(p + 1);

			if (*e != c)
				break;
			text->s = p + 1;
			text->len = (size_t)(e - (p + 1));
			lx->cur = (char *)e + 1;
			return token_done(kc, lx, T_WORD_QUOTE);
		}
		case '|':
			if (d != '|')
				break;
			lx->cur = p + 2;
			return token_done(kc, lx, T_OR);
		case '&':
			if (d != '&')
				break;
			lx->cur = p + 2;
			return token_done(kc, lx, T_AND);
		case '=':
			return token_done(kc, lx, assign_op(lx, T_EQUAL));
		case '!':
			if (d != '=')
				return token_done(kc, lx, T_NOT);
			lx->cur = p + 2;
			return token_done(kc, lx, T_UNEQUAL);
		case '(':
			return token_done(kc, lx, T_OPEN_PAREN);
		case ')':
			return token_done(kc, lx, T_CLOSE_PAREN);
		case '#':
			return after_comment(kc, text, p);
		default:
			break;
		}
		break;
	}
	lx->cur = p;
	return lexer_next_slow(kc, text);
}
