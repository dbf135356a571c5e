/* SPDX-License-Identifier: MIT */
/*
 * Kconfig tokenizer.  Hand written, but it reproduces the observable
 * behaviour of the kernel's flex scanner of each supported version:
 * longest-match tokens, macro expansion while scanning, help-text
 * indentation rules, the warnings and the 'source' file stack.
 *
 * Every file is read completely into memory.  Text that the scanner must
 * "push back" after expanding a macro is always a suffix of what it has just
 * consumed, so it is written back in place right before the read position.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "parser_internal.h"

enum lx_state { ST_INITIAL, ST_ASSIGN_VAL, ST_HELP };

struct lx_frame {
	struct lx_frame *parent;
	char *buf;
	size_t len, pos;
	int lineno;		/* the includer's line counter when it sourced */
	const char *filename;	/* the includer */
	int source_lineno;	/* statement line of the 'source' */
};

struct kc_lexer {
	char *buf;
	size_t len, pos;
	struct lx_frame *stack;	/* includers, innermost first */
	enum lx_state state;
	int prev, prev_prev;	/* last two tokens handed to the parser */
	bool root_done;		/* 6.1: the top-level file has been closed */
	bool finished;
	/* help text collection */
	struct kstr help;
	int first_ts, last_ts;
	/* scratch of the token being scanned (freed by lexer_free) */
	struct kstr str;
	char *line;
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

	if (kc->files_tail != before && !is_v61(kc))
		kstr_printf(&kc->autoconf_cmd_buf, "\t%s \\\n", name);
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

static char *slurp(FILE *f, size_t *len)
{
	size_t cap = 1 << 16, n = 0, got;
	char *buf = xmalloc(cap + 1);

	for (;;) {
		if (n == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

void lexer_init(struct kconf *kc, const char *name)
{
	struct kc_lexer *lx;
	FILE *f = zconf_fopen(kc, name);

	if (!f)
		kc_fatal(kc, "can't find file %s\n", name);
	lx = xcalloc(1, sizeof(*lx));
	lx->buf = slurp(f, &lx->len);
	fclose(f);
	lx->state = ST_INITIAL;
	lx->prev = lx->prev_prev = T_EOL;
	kstr_init(&lx->help);
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
	kstr_free(&lx->help);
	kstr_free(&lx->str);
	free(lx->line);
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
	FILE *f;

	if (is_v61(kc))
		interned = lookup_file(kc, name);
	f = zconf_fopen(kc, name);
	if (!f)
		kc_fatal(kc, "%s:%d: can't open file \"%s\"\n", parser_filename(kc), kc->cur_lineno, name);

	fr = xcalloc(1, sizeof(*fr));
	fr->buf = lx->buf;
	fr->len = lx->len;
	fr->pos = lx->pos;
	fr->lineno = kc->lex_lineno;
	fr->filename = kc->lex_filename;
	fr->source_lineno = kc->cur_lineno;
	fr->parent = lx->stack;
	lx->stack = fr;
	lx->buf = slurp(f, &lx->len);
	lx->pos = 0;
	fclose(f);

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
	lx->len = fr->len;
	lx->pos = fr->pos;
	kc->lex_lineno = fr->lineno;
	kc->lex_filename = fr->filename;
	if (!is_v61(kc))
		kc->cur_filename = fr->filename;
	lx->stack = fr->parent;
	free(fr);
}

/* ---- character helpers ---- */

/* [A-Za-z0-9_-] */
static const unsigned char word_chars[256] = {
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
};

static inline bool is_word_char(unsigned char c)
{
	return word_chars[c];
}

static void warn_char(struct kconf *kc, char c)
{
	fprintf(kc->err, "%s:%d:warning: ignoring unsupported character '%c'\n",
		lex_file(kc), kc->lex_lineno, c);
}

/* Length of the rest of the line from 'from' (not counting the newline). */
static size_t line_len(struct kc_lexer *lx, size_t from)
{
	const char *nl = memchr(lx->buf + from, '\n', lx->len - from);
	return nl ? (size_t)(nl - (lx->buf + from)) : lx->len - from;
}

/* Put 'text' back in front of the read position (it was just consumed). */
static void push_back(struct kc_lexer *lx, const char *text)
{
	size_t n = strlen(text);

	if (n > lx->pos)	/* cannot happen: pushback is a consumed suffix */
		n = lx->pos;
	memmove(lx->buf + lx->pos - n, text, n);
	lx->pos -= n;
}

/*
 * Keywords, dispatched on length and first letter: every word token of the
 * tree goes through here, so no table scan.
 */
#define KW_IS(lit) (memcmp(s, lit, sizeof(lit) - 1) == 0)

static int keyword_token(struct kconf *kc, const char *s, size_t n)
{
	switch (n) {
	case 2:
		if (KW_IS("if")) return T_IF;
		if (KW_IS("on")) return T_ON;
		break;
	case 3:
		if (KW_IS("hex")) return T_HEX;
		if (KW_IS("int")) return T_INT;
		break;
	case 4:
		if (KW_IS("bool")) return T_BOOL;
		if (KW_IS("help")) return T_HELP;
		if (KW_IS("menu")) return T_MENU;
		break;
	case 5:
		if (KW_IS("endif")) return T_ENDIF;
		if (KW_IS("imply")) return T_IMPLY;
		if (KW_IS("range")) return T_RANGE;
		break;
	case 6:
		switch (s[0]) {
		case 'c':
			if (KW_IS("config")) return T_CONFIG;
			if (KW_IS("choice")) return T_CHOICE;
			break;
		case 's':
			if (KW_IS("select")) return T_SELECT;
			if (KW_IS("source")) return T_SOURCE;
			if (KW_IS("string")) return T_STRING;
			break;
		case 'p':
			if (KW_IS("prompt")) return T_PROMPT;
			break;
		}
		break;
	case 7:
		switch (s[0]) {
		case 'd':
			if (KW_IS("default")) return T_DEFAULT;
			if (KW_IS("depends")) return T_DEPENDS;
			break;
		case 'c':
			if (KW_IS("comment")) return T_COMMENT;
			break;
		case 'e':
			if (KW_IS("endmenu")) return T_ENDMENU;
			break;
		case 'm':
			if (KW_IS("modules")) return T_MODULES;
			break;
		case 'v':
			if (KW_IS("visible")) return T_VISIBLE;
			break;
		}
		break;
	case 8:
		switch (s[0]) {
		case 'd':
			if (KW_IS("def_bool")) return T_DEF_BOOL;
			break;
		case 'm':
			if (KW_IS("mainmenu")) return T_MAINMENU;
			break;
		case 't':
			if (KW_IS("tristate")) return T_TRISTATE;
			break;
		case 'o':
			/* 'optional' was dropped with the 6.11 choice rewrite */
			if (KW_IS("optional") && is_v61(kc)) return T_OPTIONAL;
			break;
		}
		break;
	case 9:
		if (KW_IS("endchoice")) return T_ENDCHOICE;
		break;
	case 10:
		if (KW_IS("menuconfig")) return T_MENUCONFIG;
		break;
	case 12:
		if (KW_IS("def_tristate")) return T_DEF_TRISTATE;
		/* 'transitional' arrived in 6.18 */
		if (KW_IS("transitional") && kc->kver >= KV(6, 18)) return T_TRANSITIONAL;
		break;
	}
	return T_WORD;
}

#undef KW_IS

/* ---- end of input ---- */

static int at_eof(struct kconf *kc)
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

static int scan_string(struct kconf *kc, char quote, char **text)
{
	struct kc_lexer *lx = kc->lexer;
	struct kstr *s = &lx->str;

	kstr_reset(s);
	for (;;) {
		char c;

		if (lx->pos >= lx->len)
			break;		/* EOF ends the string */
		c = lx->buf[lx->pos];
		if (c == '$') {
			/* the macro and everything up to the line end */
			size_t n = line_len(lx, lx->pos + 1);
			const char *rest;
			char *val;

			free(lx->line);
			lx->line = xstrndup(lx->buf + lx->pos + 1, n);
			rest = lx->line;
			lx->pos += 1 + n;
			val = expand_dollar(kc, &rest);
			push_back(lx, rest);
			kstr_append(s, val);
			free(val);
		} else if (c == '\\') {
			lx->pos++;
			if (lx->pos < lx->len && lx->buf[lx->pos] != '\n') {
				kstr_putc(s, lx->buf[lx->pos]);
				lx->pos++;
			}
		} else if (c == '\'' || c == '"') {
			lx->pos++;
			if (c == quote)
				break;
			kstr_putc(s, c);
		} else if (c == '\n') {
			fprintf(kc->err, "%s:%d:warning: multi-line strings not supported\n",
				parser_filename(kc), kc->cur_lineno);
			break;		/* the newline is scanned again */
		} else {
			size_t start = lx->pos;
			while (lx->pos < lx->len) {
				c = lx->buf[lx->pos];
				if (c == '$' || c == '\'' || c == '"' || c == '\\' || c == '\n')
					break;
				lx->pos++;
			}
			kstr_appendn(s, lx->buf + start, lx->pos - start);
		}
	}
	/* a NUL inside the string ends it, as in C */
	*text = xstrdup(s->s);
	return T_WORD_QUOTE;
}

/* ---- help text ---- */

void lexer_start_help(struct kconf *kc)
{
	struct kc_lexer *lx = kc->lexer;

	kstr_reset(&lx->help);
	lx->first_ts = lx->last_ts = 0;
	lx->state = ST_HELP;
}

static int end_help(struct kconf *kc, char **text)
{
	struct kc_lexer *lx = kc->lexer;

	*text = xstrdup(lx->help.s);
	lx->state = ST_INITIAL;
	return T_HELPTEXT;
}

static int scan_help(struct kconf *kc, char **text)
{
	struct kc_lexer *lx = kc->lexer;

	for (;;) {
		size_t k, start;
		char c;

		if (lx->pos >= lx->len)
			return end_help(kc, text);
		/* blanks, possibly followed by a newline */
		k = 0;
		while (lx->pos + k < lx->len &&
		       (lx->buf[lx->pos + k] == ' ' || lx->buf[lx->pos + k] == '\t'))
			k++;
		if (lx->pos + k < lx->len && lx->buf[lx->pos + k] == '\n') {
			size_t next = lx->pos + k + 1;

			lx->pos = next;
			kc->lex_lineno++;
			if (next < lx->len && lx->buf[next] != ' ' &&
			    lx->buf[next] != '\t' && lx->buf[next] != '\n')
				return end_help(kc, text);
			kstr_putc(&lx->help, '\n');
			continue;
		}
		if (k > 0) {
			int ts = 0;
			size_t i;

			for (i = 0; i < k; i++) {
				if (lx->buf[lx->pos + i] == '\t')
					ts = (ts & ~7) + 8;
				else
					ts++;
			}
			lx->pos += k;
			lx->last_ts = ts;
			if (lx->first_ts) {
				if (ts < lx->first_ts)
					return end_help(kc, text);
				for (ts -= lx->first_ts; ts > 0; ts--)
					kstr_putc(&lx->help, ' ');
			}
			continue;
		}
		/* a text line: up to the newline, minus trailing blanks */
		start = lx->pos;
		lx->pos += line_len(lx, lx->pos);
		k = lx->pos - start;
		while (k > 0) {
			c = lx->buf[start + k - 1];
			if (c != ' ' && c != '\t')
				break;
			k--;
		}
		kstr_appendn(&lx->help, lx->buf + start, k);
		if (!lx->first_ts)
			lx->first_ts = lx->last_ts;
	}
}

/* ---- the right-hand side of a variable assignment ---- */

static int scan_assign_val(struct kconf *kc, char **text)
{
	struct kc_lexer *lx = kc->lexer;

	for (;;) {
		char c;
		size_t n;

		if (lx->pos >= lx->len)
			return at_eof(kc);
		c = lx->buf[lx->pos];
		if (c == '\n') {
			lx->pos++;
			kc->lex_lineno++;
			lx->state = ST_INITIAL;
			return T_EOL;
		}
		if (c == ' ' || c == '\t') {
			lx->pos++;
			continue;
		}
		n = line_len(lx, lx->pos);
		*text = xstrndup(lx->buf + lx->pos, n);
		lx->pos += n;
		return T_ASSIGN_VAL;
	}
}

/* ---- the main state ---- */

static int scan_word(struct kconf *kc, char **text)
{
	struct kc_lexer *lx = kc->lexer;
	size_t start = lx->pos, n;
	bool dollar = false;

	{
		/* the buffer is NUL-terminated, and NUL is not a word char */
		const unsigned char *p = (const unsigned char *)lx->buf + lx->pos;
		for (;;) {
			if (word_chars[*p])
				p++;
			else if (*p == '$' && p < (const unsigned char *)lx->buf + lx->len) {
				dollar = true;
				p++;
			} else {
				break;
			}
		}
		lx->pos = (size_t)(p - (const unsigned char *)lx->buf);
	}
	n = lx->pos - start;
	if (!dollar) {
		int tok = keyword_token(kc, lx->buf + start, n);
		if (tok == T_WORD)
			*text = xstrndup(lx->buf + start, n);
		return tok;
	} else {
		/* expand with the rest of the line, give back what is left */
		size_t more = line_len(lx, lx->pos);
		char *val;
		const char *rest;
		const char *nul = memchr(lx->buf + lx->pos, '\0', more);

		if (nul)	/* the scanner's input() stops at (and eats) a NUL */
			more = (size_t)(nul - (lx->buf + lx->pos)) + 1;
		free(lx->line);
		lx->line = xstrndup(lx->buf + start, n + more);
		lx->pos += more;
		rest = lx->line;
		val = expand_one_token(kc, &rest);
		push_back(lx, rest);
		if (val[0]) {
			*text = val;
			return T_WORD;
		}
		free(val);
		return -1;	/* nothing: keep scanning */
	}
}

static int scan_initial(struct kconf *kc, char **text)
{
	struct kc_lexer *lx = kc->lexer;

	for (;;) {
		char c, d;

		if (lx->pos >= lx->len)
			return at_eof(kc);
		c = lx->buf[lx->pos];
		d = lx->pos + 1 < lx->len ? lx->buf[lx->pos + 1] : '\0';
		switch (c) {
		case '#':
			lx->pos += line_len(lx, lx->pos);
			continue;
		case ' ':
		case '\t':
			lx->pos++;
			continue;
		case '\\':
			if (lx->pos + 1 < lx->len && d == '\n') {
				lx->pos += 2;
				kc->lex_lineno++;
				continue;
			}
			break;
		case '\n':
			lx->pos++;
			kc->lex_lineno++;
			return T_EOL;
		case '"':
		case '\'':
			lx->pos++;
			return scan_string(kc, c, text);
		case '|':
			if (d == '|') {
				lx->pos += 2;
				return T_OR;
			}
			break;
		case '&':
			if (d == '&') {
				lx->pos += 2;
				return T_AND;
			}
			break;
		case '=':
			lx->pos++;
			return T_EQUAL;
		case '!':
			if (d == '=') {
				lx->pos += 2;
				return T_UNEQUAL;
			}
			lx->pos++;
			return T_NOT;
		case '<':
			if (d == '=') {
				lx->pos += 2;
				return T_LESS_EQUAL;
			}
			lx->pos++;
			return T_LESS;
		case '>':
			if (d == '=') {
				lx->pos += 2;
				return T_GREATER_EQUAL;
			}
			lx->pos++;
			return T_GREATER;
		case '(':
			lx->pos++;
			return T_OPEN_PAREN;
		case ')':
			lx->pos++;
			return T_CLOSE_PAREN;
		case ':':
			if (d == '=') {
				lx->pos += 2;
				return T_COLON_EQUAL;
			}
			break;
		case '+':
			if (d == '=') {
				lx->pos += 2;
				return T_PLUS_EQUAL;
			}
			break;
		default:
			if (c == '$' || is_word_char((unsigned char)c)) {
				int tok = scan_word(kc, text);
				if (tok >= 0)
					return tok;
				continue;
			}
			break;
		}
		/* anything else is ignored with a warning */
		warn_char(kc, c);
		lx->pos++;
	}
}

static int scan_one(struct kconf *kc, char **text)
{
	switch (kc->lexer->state) {
	case ST_ASSIGN_VAL:
		return scan_assign_val(kc, text);
	case ST_HELP:
		return scan_help(kc, text);
	default:
		return scan_initial(kc, text);
	}
}

int lexer_next(struct kconf *kc, char **text)
{
	struct kc_lexer *lx = kc->lexer;
	int tok;

	for (;;) {
		*text = NULL;
		tok = scan_one(kc, text);
		if (lx->prev == T_EOL || lx->prev == T_HELPTEXT) {
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
