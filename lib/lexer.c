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

#include "internal.h"
#include "parser_internal.h"

enum lx_state { ST_INITIAL, ST_ASSIGN_VAL, ST_HELP };

/* An including file, suspended while the file it sourced is read. */
struct lx_frame {
	struct lx_frame *parent;
	char *buf, *cur, *end;
	int lineno;		/* the includer's line counter when it sourced */
	const char *filename;	/* the includer */
	int source_lineno;	/* statement line of the 'source' */
};

struct kc_lexer {
	char *buf;		/* the file being read, NUL-terminated at 'end' */
	char *cur, *end;	/* read position, end of the text */
	struct lx_frame *stack;	/* includers, innermost first */
	enum lx_state state;
	int prev, prev_prev;	/* last two tokens handed to the parser */
	bool root_done;		/* 6.1: the top-level file has been closed */
	bool finished;
	/* help text being collected (reused from one help to the next) */
	char *help;
	size_t help_len, help_cap;
	int first_ts, last_ts;
	/* scratch: quoted strings with escapes or macros */
	struct kstr str;
	char *line;		/* rest of a line handed to the macro expander */
	char *owned;		/* heap text of the last token (a macro's value) */
	const char *srctree;	/* $srctree, once looked up */
	bool srctree_known;
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
 * at a time and words and strings scanned 16 at a time.
 */
#define LX_PAD 16

/*
 * The whole file at 'path', NUL-terminated (then LX_PAD more NULs), or NULL
 * when it cannot be opened.  A read error ends the text like end of file,
 * as with fread(): a directory reads as empty.
 */
static char *read_whole(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	size_t cap = 4096, n = 0;
	char *buf;

	if (fd < 0)
		return NULL;
	/* one spare byte: the read that returns 0 needs no second buffer */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		cap = (size_t)st.st_size + 1;
	buf = xmalloc(cap + 1 + LX_PAD);
	for (;;) {
		ssize_t got;

		if (n == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap + 1 + LX_PAD);
		}
		got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	memset(buf + n, 0, 1 + LX_PAD);
	*len = n;
	return buf;
}

/* A Kconfig file by name, then relative to $srctree (zconf_fopen's rules). */
static char *read_kconfig(struct kconf *kc, const char *name, size_t *len)
{
	struct kc_lexer *lx = kc->lexer;
	char *buf;
	const char *tree;

	if (!name)
		return NULL;
	buf = read_whole(name, len);
	if (!buf && name[0] != '/') {
		/* the environment does not change while parsing: ask once */
		if (lx && lx->srctree_known) {
			tree = lx->srctree;
		} else {
			tree = kc_getenv(kc, "srctree");
			if (lx) {
				lx->srctree = tree;
				lx->srctree_known = true;
			}
		}
		if (tree) {
			char full[PATH_MAX + 1];
			size_t t = strlen(tree), n = strlen(name);

			if (t + 1 + n < sizeof(full)) {
				memcpy(full, tree, t);
				full[t] = '/';
				memcpy(full + t + 1, name, n + 1);
			} else {	/* cut like snprintf() */
				snprintf(full, sizeof(full), "%s/%s", tree, name);
			}
			buf = read_whole(full, len);
		}
	}
	return buf;
}

static void set_buffer(struct kc_lexer *lx, char *buf, size_t len)
{
	lx->buf = lx->cur = buf;
	lx->end = buf + len;
}

void lexer_init(struct kconf *kc, const char *name)
{
	struct kc_lexer *lx;
	size_t len;
	char *buf = read_kconfig(kc, name, &len);

	if (!buf)
		kc_fatal(kc, "can't find file %s\n", name);
	lx = xcalloc(1, sizeof(*lx));
	set_buffer(lx, buf, len);
	lx->state = ST_INITIAL;
	lx->prev = lx->prev_prev = T_EOL;
	kstr_init(&lx->str);
	kc->lexer = lx;
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
	while (lx->stack) {
		struct lx_frame *fr = lx->stack;
		lx->stack = fr->parent;
		free(fr->buf);
		free(fr);
	}
	free(lx->buf);
	free(lx->help);
	kstr_free(&lx->str);
	free(lx->line);
	free(lx->owned);
	free(lx);
	kc->lexer = NULL;
}

static void recursion_error(struct kconf *kc, const char *name)
{
	struct lx_frame *fr;

	fprintf(kc->err, "Recursive inclusion detected.\nInclusion path:\n  current file : %s\n", name);
	for (fr = kc->lexer->stack; fr; fr = fr->parent) {
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
	size_t len;
	char *buf;

	if (is_v61(kc))
		interned = lookup_file(kc, name);
	buf = read_kconfig(kc, name, &len);
	if (!buf)
		kc_fatal(kc, "%s:%d: can't open file \"%s\"\n", parser_filename(kc), kc->cur_lineno, name);

	fr = xcalloc(1, sizeof(*fr));
	fr->buf = lx->buf;
	fr->cur = lx->cur;
	fr->end = lx->end;
	fr->lineno = kc->lex_lineno;
	fr->filename = kc->lex_filename;
	fr->source_lineno = kc->cur_lineno;
	fr->parent = lx->stack;
	lx->stack = fr;
	set_buffer(lx, buf, len);

	for (fr = lx->stack; fr; fr = fr->parent)
		if (strcmp(fr->filename, name) == 0)
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
	struct lx_frame *fr = lx->stack;

	free(lx->buf);
	lx->buf = fr->buf;
	lx->cur = fr->cur;
	lx->end = fr->end;
	kc->lex_lineno = fr->lineno;
	kc->lex_filename = fr->filename;
	if (!is_v61(kc))
		kc->cur_filename = fr->filename;
	lx->stack = fr->parent;
	free(fr);
}

/* ---- character classes ---- */

#define CC_WORD   1	/* [A-Za-z0-9_-] */
#define CC_STRING 2	/* ends a literal run inside a quoted string */

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
	['$'] = CC_STRING, ['\''] = CC_STRING, ['"'] = CC_STRING, ['\\'] = CC_STRING,
	['\n'] = CC_STRING, ['\0'] = CC_STRING,
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
	const __m128i a1 = _mm_set1_epi8('a' - 1), z1 = _mm_set1_epi8('z' + 1);
	const __m128i d1 = _mm_set1_epi8('0' - 1), d2 = _mm_set1_epi8('9' + 1);
	const __m128i us = _mm_set1_epi8('_'), dash = _mm_set1_epi8('-');
	const __m128i low = _mm_set1_epi8(0x20);

	for (;; p += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i l = _mm_or_si128(x, low);	/* letters to lower case */
		__m128i alpha = _mm_and_si128(_mm_cmpgt_epi8(l, a1), _mm_cmplt_epi8(l, z1));
		__m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, d1), _mm_cmplt_epi8(x, d2));
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
 * Keywords, dispatched on length, compared as little-endian words: every
 * word of the tree goes through here.  The buffer has LX_PAD bytes after
 * its end, so loading 8 bytes from any word start is safe.
 */
static inline uint64_t load8(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	/* little-endian whatever the host: compilers make it one load on x86 */
	return (uint64_t)u[0] | (uint64_t)u[1] << 8 | (uint64_t)u[2] << 16 |
	       (uint64_t)u[3] << 24 | (uint64_t)u[4] << 32 | (uint64_t)u[5] << 40 |
	       (uint64_t)u[6] << 48 | (uint64_t)u[7] << 56;
}

/* hash_name(s, n) of a slice of the buffer, a chunk per load */
static inline uint32_t hash_padded(const char *s, size_t n)
{
	uint64_t h = n;

	for (; n >= 8; n -= 8, s += 8)
		h = hash_name_step(h, load8(s));
	if (n)
		h = hash_name_step(h, load8(s) & (~(uint64_t)0 >> (64 - 8 * n)));
	return hash_name_end(h);
}

/* The first 8 characters of a literal (zeros past its end), as load8() reads them */
#define KW_CH(lit, i) ((uint64_t)(unsigned char)(i < sizeof(lit) - 1 ? lit[i] : 0) << (8 * i))
#define KW8(lit) (KW_CH(lit, 0) | KW_CH(lit, 1) | KW_CH(lit, 2) | KW_CH(lit, 3) | \
		  KW_CH(lit, 4) | KW_CH(lit, 5) | KW_CH(lit, 6) | KW_CH(lit, 7))

static int keyword_token(struct kconf *kc, const char *s, size_t n)
{
	uint64_t w;

	if (n < 2 || n > 12)
		return T_WORD;
	w = load8(s);
	if (n < 8)
		w &= ~(uint64_t)0 >> (64 - 8 * n);
	switch (n) {
	case 2:
		if (w == KW8("if")) return T_IF;
		if (w == KW8("on")) return T_ON;
		break;
	case 3:
		if (w == KW8("hex")) return T_HEX;
		if (w == KW8("int")) return T_INT;
		break;
	case 4:
		if (w == KW8("bool")) return T_BOOL;
		if (w == KW8("help")) return T_HELP;
		if (w == KW8("menu")) return T_MENU;
		break;
	case 5:
		if (w == KW8("endif")) return T_ENDIF;
		if (w == KW8("imply")) return T_IMPLY;
		if (w == KW8("range")) return T_RANGE;
		break;
	case 6:
		if (w == KW8("config")) return T_CONFIG;
		if (w == KW8("choice")) return T_CHOICE;
		if (w == KW8("select")) return T_SELECT;
		if (w == KW8("source")) return T_SOURCE;
		if (w == KW8("string")) return T_STRING;
		if (w == KW8("prompt")) return T_PROMPT;
		break;
	case 7:
		if (w == KW8("default")) return T_DEFAULT;
		if (w == KW8("depends")) return T_DEPENDS;
		if (w == KW8("comment")) return T_COMMENT;
		if (w == KW8("endmenu")) return T_ENDMENU;
		if (w == KW8("modules")) return T_MODULES;
		if (w == KW8("visible")) return T_VISIBLE;
		break;
	case 8:
		if (w == KW8("def_bool")) return T_DEF_BOOL;
		if (w == KW8("mainmenu")) return T_MAINMENU;
		if (w == KW8("tristate")) return T_TRISTATE;
		/* 'optional' was dropped with the 6.11 choice rewrite */
		if (w == KW8("optional") && is_v61(kc)) return T_OPTIONAL;
		break;
	case 9:
		if (w == KW8("endchoic") && s[8] == 'e') return T_ENDCHOICE;
		break;
	case 10:
		if (w == KW8("menuconf") && s[8] == 'i' && s[9] == 'g') return T_MENUCONFIG;
		break;
	case 12:
		if (w == KW8("def_tris") && load8(s + 4) == KW8("tristate")) return T_DEF_TRISTATE;
		/* 'transitional' arrived in 6.18 */
		if (w == KW8("transiti") && load8(s + 4) == KW8("sitional") &&
		    kc->kver >= KV(6, 18))
			return T_TRANSITIONAL;
		break;
	}
	return T_WORD;
}

/* ---- end of input ---- */

static __attribute__((noinline)) int at_eof(struct kconf *kc)
{
	struct kc_lexer *lx = kc->lexer;

	lx->state = ST_INITIAL;
	if (lx->finished)
		return T_EOF;
	if (lx->prev != T_EOL && lx->prev != T_HELPTEXT)
		fprintf(kc->err, "%s:%d:warning: no new line at end of file\n",
			lex_file(kc), kc->lex_lineno);
	if (lx->stack) {
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
	struct kc_lexer *lx = kc->lexer;

	lx->help_len = 0;
	lx->first_ts = lx->last_ts = 0;
	lx->state = ST_HELP;
}

/* Room for 'n' more bytes of help text. */
static char *help_room(struct kc_lexer *lx, size_t n)
{
	if (lx->help_len + n > lx->help_cap) {
		size_t cap = lx->help_cap ? lx->help_cap : 4096;
		while (lx->help_len + n > cap)
			cap *= 2;
		lx->help = xrealloc(lx->help, cap);
		lx->help_cap = cap;
	}
	return lx->help + lx->help_len;
}

static int end_help(struct kconf *kc, const char *at, struct lex_text *text)
{
	struct kc_lexer *lx = kc->lexer;

	lx->cur = (char *)at;
	/* a NUL inside the text ends it, as in C */
	text->s = lx->help ? lx->help : "";
	text->len = lx->help ? strnlen(lx->help, lx->help_len) : 0;
	lx->state = ST_INITIAL;
	return T_HELPTEXT;
}

/*
 * The help rules: a line of blanks keeps an empty line; the first text
 * line's indentation is the reference, deeper lines keep the difference as
 * spaces (a tab counts to the next multiple of 8); a shallower line, or a
 * non-blank first column after an empty line, ends the text.
 */
static __attribute__((noinline)) int scan_help(struct kconf *kc, struct lex_text *text)
{
	struct kc_lexer *lx = kc->lexer;
	const char *p = lx->cur, *end = lx->end;
	/* the first text line's indentation, when it is at most 8 blanks */
	uint64_t indent = 0, indent_mask = 0;
	size_t indent_len = 0;

	for (;;) {
		const char *q = p, *line = p;
		int ts = 0;

		if (p >= end)
			return end_help(kc, p, text);
		/* most lines start like the first one: that is column first_ts */
		if (indent_len && (load8(p) & indent_mask) == indent) {
			q = p + indent_len;
			ts = lx->first_ts;
		}
		while (*q == ' ' || *q == '\t') {
			ts = *q == '\t' ? (ts & ~7) + 8 : ts + 1;
			q++;
		}
		if (*q == '\n' && q < end) {
			p = q + 1;
			kc->lex_lineno++;
			if (p < end && *p != ' ' && *p != '\t' && *p != '\n')
				return end_help(kc, p, text);
			*help_room(lx, 1) = '\n';
			lx->help_len++;
			continue;
		}
		if (q > p) {
			p = q;
			lx->last_ts = ts;
			if (lx->first_ts) {
				if (ts < lx->first_ts)
					return end_help(kc, p, text);
				ts -= lx->first_ts;
				memset(help_room(lx, (size_t)ts), ' ', (size_t)ts);
				lx->help_len += (size_t)ts;
			}
			if (p >= end)
				continue;
		}
		/* a text line: up to the newline, minus trailing blanks */
		size_t n = line_len(lx, p), k = n;
		while (k > 0 && (p[k - 1] == ' ' || p[k - 1] == '\t'))
			k--;
		memcpy(help_room(lx, k), p, k);
		lx->help_len += k;
		if (!lx->first_ts) {
			lx->first_ts = lx->last_ts;
			/* the blanks just before this line's text set it */
			if (lx->first_ts && p > line && p - line <= 8) {
				indent_len = (size_t)(p - line);
				indent_mask = ~(uint64_t)0 >> (64 - 8 * indent_len);
				indent = load8(line) & indent_mask;
			}
		}
		p += n;
	}
}

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
	set_owned(lx, val);
	text->s = val;
	text->len = strlen(val);
	text->hash = hash_name(val, text->len);
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
		tok = keyword_token(kc, start, n);
		if (tok == T_WORD) {
			text->s = start;
			text->len = n;
			text->hash = hash_padded(start, n);
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

int lexer_next(struct kconf *kc, struct lex_text *text)
{
	struct kc_lexer *lx = kc->lexer;
	bool at_start = lx->prev == T_EOL || lx->prev == T_HELPTEXT;
	int tok;

	for (;;) {
		if (lx->state == ST_INITIAL)
			tok = scan_initial(kc, text, at_start);
		else if (lx->state == ST_HELP)
			tok = scan_help(kc, text);
		else
			tok = scan_assign_val(kc, text);
		if (at_start) {
			if (tok == T_EOL)
				continue;	/* empty statements are dropped */
			/* first token of a statement: the parser's position */
			kc->cur_lineno = kc->lex_lineno;
			if (is_v61(kc))
				kc->cur_filename = lx->root_done ? NULL : kc->lex_filename;
		}
		break;
	}
	if (lx->prev_prev == T_EOL && lx->prev == T_WORD &&
	    (tok == T_EQUAL || tok == T_COLON_EQUAL || tok == T_PLUS_EQUAL))
		lx->state = ST_ASSIGN_VAL;
	lx->prev_prev = lx->prev;
	lx->prev = tok;
	return tok;
}
