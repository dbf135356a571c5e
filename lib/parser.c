/* SPDX-License-Identifier: MIT */
/*
 * Kconfig parser: recursive descent over the token stream of lexer.c.
 *
 * The reference parser is an LALR(1) automaton with error recovery; its
 * observable behaviour (which actions run, which messages appear and where)
 * depends on when it reads a lookahead token, on its default reductions and
 * on how it recovers from errors.  This parser reproduces that:
 *  - a token is only fetched when the reference would need a lookahead, so
 *    macro expansion, lexer warnings and statement positions interleave
 *    with tree-building exactly as in the reference;
 *  - a syntax error abandons the current statement and resumes at the next
 *    end of line inside the innermost statement list ("invalid statement",
 *    or "unknown statement" after a leading word), with the reference's
 *    three-token silence after an error;
 *  - at end of input inside a block the parse is aborted and every open
 *    block reports "missing end statement for this entry".
 */
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "parser_internal.h"

enum ctx { CTX_TOP, CTX_IF, CTX_MENU, CTX_CHOICE, CTX_IF_IN_CHOICE };

struct parser {
	struct kconf *kc;
	int tok;		/* lookahead, -1 when none */
	struct lex_text text;	/* its text, if any (valid until the next token) */
	/* tokens shifted so far, and the count at which errors are reported again
	 * (the reference's error status, without a test in every shift) */
	size_t shifted, quiet_until;
	int nerrs;
	bool aborted;
	struct menu *current_choice;	/* 6.12 */
	struct menu **blocks;		/* open if/menu/choice blocks */
	char *held[2];			/* heap strings a fatal error must free */
	size_t nblocks, capblocks;
};

static bool v61(struct parser *p)
{
	return p->kc->kver < KV(6, 12);
}

/* ---- tokens ---- */

static int peek(struct parser *p)
{
	if (p->tok < 0)
		p->tok = lexer_next(p->kc, &p->text);
	return p->tok;
}

/* Shift the lookahead; its text stays valid until the next peek() */
static struct lex_text take(struct parser *p)
{
	p->tok = -1;
	p->shifted++;
	return p->text;
}

static void shift(struct parser *p)
{
	(void)take(p);
}

static void discard(struct parser *p)
{
	p->tok = -1;
}

/* ---- messages ---- */

static void KC_PRINTF(2, 3) zconf_error(struct parser *p, const char *fmt, ...)
{
	struct kconf *kc = p->kc;
	va_list ap;

	p->nerrs++;
	fprintf(kc->err, "%s:%d: ", parser_filename(kc), kc->cur_lineno);
	va_start(ap, fmt);
	vfprintf(kc->err, fmt, ap);
	va_end(ap);
	fputc('\n', kc->err);
}

static void KC_PRINTF(2, 3) zconfprint(struct parser *p, const char *fmt, ...)
{
	struct kconf *kc = p->kc;
	va_list ap;

	fprintf(kc->err, "%s:%d: ", parser_filename(kc), kc->cur_lineno);
	va_start(ap, fmt);
	vfprintf(kc->err, fmt, ap);
	va_end(ap);
	fputc('\n', kc->err);
}

/*
 * A syntax error at the current lookahead.  The caller then unwinds to the
 * innermost statement list, which calls recover().
 */
static void syntax_error(struct parser *p)
{
	struct kconf *kc = p->kc;
	size_t errstatus;

	peek(p);
	errstatus = p->quiet_until > p->shifted ? p->quiet_until - p->shifted : 0;
	if (errstatus == 0) {
		p->nerrs++;
		/* 6.1 reported the line after the statement start */
		fprintf(kc->err, "%s:%d: syntax error\n", parser_filename(kc),
			kc->cur_lineno + (v61(p) ? 1 : 0));
	}
	if (errstatus == 3) {
		if (p->tok == T_EOF) {
			p->aborted = true;
			return;
		}
		discard(p);
	}
	p->quiet_until = p->shifted + 3;
}

/* Skip to the end of the line; 'word' is the leading word, if any. */
static void recover(struct parser *p, const char *word)
{
	if (p->aborted)
		return;
	for (;;) {
		int t = peek(p);
		if (t == T_EOL) {
			shift(p);
			break;
		}
		if (t == T_EOF) {
			p->aborted = true;
			return;
		}
		discard(p);
	}
	if (word)
		zconf_error(p, "unknown statement \"%s\"", word);
	else
		zconf_error(p, "invalid statement");
}

/* Expect 'tok' as the lookahead; on mismatch report and return false. */
static bool expect(struct parser *p, int tok)
{
	if (peek(p) != tok) {
		syntax_error(p);
		return false;
	}
	return true;
}

/* ---- helpers for the tree ---- */

static const char *entry_file(struct parser *p)
{
	return p->kc->lex_filename;
}

/* A token's text for the tree (prompts, help) */
static const char *arena_text(struct parser *p, struct lex_text t)
{
	return arena_strndup(&p->kc->arena, t.s ? t.s : "", t.len);
}

/* A token's text as a C string on the heap (caller frees) */
static char *heap_text(struct lex_text t)
{
	return xstrndup(t.s ? t.s : "", t.len);
}

static void push_block(struct parser *p, struct menu *m)
{
	if (p->nblocks == p->capblocks) {
		p->capblocks = p->capblocks ? p->capblocks * 2 : 16;
		p->blocks = xrealloc(p->blocks, p->capblocks * sizeof(*p->blocks));
	}
	p->blocks[p->nblocks++] = m;
}

static void pop_block(struct parser *p)
{
	p->nblocks--;
}

/* ---- expressions ---- */

static struct expr *parse_expr(struct parser *p);

/*
 * symbol: T_WORD (nonconst) | T_WORD_QUOTE (const); NULL on error.
 * Inline: its body is cheaper than a call, and most statements have one.
 */
static inline __attribute__((always_inline)) struct symbol *
parse_symbol(struct parser *p, bool allow_const)
{
	struct lex_text w;
	int t = peek(p);

	if (t == T_WORD) {
		w = take(p);
		return sym_lookup_word(p->kc, w.s, w.len, w.hash);
	}
	if (t == T_WORD_QUOTE && allow_const) {
		w = take(p);
		return sym_lookup_len(p->kc, w.s, w.len, SYMBOL_CONST);
	}
	syntax_error(p);
	return NULL;
}

static struct expr *parse_primary(struct parser *p)
{
	struct kconf *kc = p->kc;
	struct symbol *s1, *s2;
	struct expr *e;
	enum expr_type type;

	switch (peek(p)) {
	case T_NOT:
		shift(p);
		e = parse_primary(p);
		return e ? expr_alloc_one(kc, E_NOT, e) : NULL;
	case T_OPEN_PAREN:
		shift(p);
		e = parse_expr(p);
		if (!e)
			return NULL;
		if (!expect(p, T_CLOSE_PAREN))
			return NULL;
		shift(p);
		return e;
	default:
		break;
	}
	s1 = parse_symbol(p, true);
	if (!s1)
		return NULL;
	switch (peek(p)) {
	case T_LESS: type = E_LTH; break;
	case T_LESS_EQUAL: type = E_LEQ; break;
	case T_GREATER: type = E_GTH; break;
	case T_GREATER_EQUAL: type = E_GEQ; break;
	case T_EQUAL: type = E_EQUAL; break;
	case T_UNEQUAL: type = E_UNEQUAL; break;
	default:
		return expr_alloc_symbol(kc, s1);
	}
	shift(p);
	s2 = parse_symbol(p, true);
	if (!s2)
		return NULL;
	return expr_alloc_comp(kc, type, s1, s2);
}

/* Inline: most expressions are a single term, not worth two calls */
static inline __attribute__((always_inline)) struct expr *parse_and(struct parser *p)
{
	struct expr *e = parse_primary(p), *r;

	while (e && peek(p) == T_AND) {
		shift(p);
		r = parse_primary(p);
		if (!r)
			return NULL;
		e = expr_alloc_two(p->kc, E_AND, e, r);
	}
	return e;
}

static struct expr *parse_expr(struct parser *p)
{
	struct expr *e = parse_and(p), *r;

	while (e && peek(p) == T_OR) {
		shift(p);
		r = parse_and(p);
		if (!r)
			return NULL;
		e = expr_alloc_two(p->kc, E_OR, e, r);
	}
	return e;
}

/* if_expr: optional "if <expr>"; false on error */
static bool parse_if_expr(struct parser *p, struct expr **out)
{
	*out = NULL;
	if (peek(p) != T_IF)
		return true;
	shift(p);
	*out = parse_expr(p);
	return *out != NULL;
}

/* ---- attributes ---- */

static int parse_depends(struct parser *p)
{
	struct kconf *kc = p->kc;
	struct expr *e, *cond;

	shift(p);		/* depends */
	if (!expect(p, T_ON))
		return -1;
	shift(p);
	e = parse_expr(p);
	if (!e)
		return -1;
	if (peek(p) == T_IF && kc->kver >= KV(7, 0)) {
		/* 'depends on X if Y' (Linux 7.0) */
		shift(p);
		cond = parse_expr(p);
		if (!cond || !expect(p, T_EOL))
			return -1;
		shift(p);
		menu_add_dep_if(kc, e, cond);
		return 0;
	}
	if (!expect(p, T_EOL))
		return -1;
	shift(p);
	menu_add_dep(kc, e);
	return 0;
}

/* The entry's name in help warnings */
static const char *help_owner(const struct menu *entry)
{
	return entry->sym && entry->sym->name ? entry->sym->name : "<choice>";
}

static int parse_help(struct parser *p)
{
	struct kconf *kc = p->kc;
	struct menu *entry;
	struct lex_text text;
	size_t i;

	shift(p);		/* help */
	if (!expect(p, T_EOL))
		return -1;
	shift(p);
	lexer_start_help(kc);
	if (!expect(p, T_HELPTEXT))
		return -1;
	text = take(p);
	entry = kc->current_entry;
	if (entry->help)
		zconfprint(p, "warning: '%s' defined with more than one help text -- only the last one will be used",
			   help_owner(entry));
	for (i = 0; i < text.len && (text.s[i] == ' ' || (text.s[i] >= '\t' && text.s[i] <= '\r')); i++)
		;
	if (i == text.len)	/* only white space: " \t\n\v\f\r" */
		zconfprint(p, "warning: '%s' defined with blank help text", help_owner(entry));
	menu_set_help(kc, text.in_arena ? text.s : arena_text(p, text));
	return 0;
}

/*
 * "<type> [prompt [if expr]]" and the choice's 6.1 "bool/tristate [prompt]".
 * Inline: nearly every entry has one, and there are just two callers.
 */
static inline __attribute__((always_inline)) int
parse_type_option(struct parser *p, enum symbol_type type)
{
	struct kconf *kc = p->kc;
	struct expr *cond;

	shift(p);
	if (peek(p) == T_WORD_QUOTE) {
		const char *text = arena_text(p, take(p));
		int line = kc->cur_lineno;

		if (!parse_if_expr(p, &cond))
			return -1;
		menu_add_prompt(kc, P_PROMPT, text, cond, entry_file(p), line);
	}
	if (!expect(p, T_EOL))
		return -1;
	shift(p);
	menu_set_type(kc, type, entry_file(p), kc->cur_lineno);
	return 0;
}

/* "prompt <string> [if expr]"; the keyword (prompt/bool) is the lookahead */
static int parse_prompt_option(struct parser *p)
{
	struct kconf *kc = p->kc;
	struct expr *cond;
	const char *text;

	shift(p);
	if (!expect(p, T_WORD_QUOTE))
		return -1;
	text = arena_text(p, take(p));
	if (!parse_if_expr(p, &cond) || !expect(p, T_EOL))
		return -1;
	shift(p);
	menu_add_prompt(kc, P_PROMPT, text, cond, entry_file(p), kc->cur_lineno);
	return 0;
}

static int parse_config_options(struct parser *p)
{
	struct kconf *kc = p->kc;
	struct expr *e, *cond;
	struct symbol *s1, *s2;
	enum symbol_type type;
	enum prop_type ptype;
	int t;

	for (;;) {
		int r = 0;

		t = peek(p);
		switch (t) {
		case T_BOOL:
		case T_TRISTATE:
		case T_INT:
		case T_HEX:
		case T_STRING:
			type = t == T_BOOL ? S_BOOLEAN : t == T_TRISTATE ? S_TRISTATE :
			       t == T_INT ? S_INT : t == T_HEX ? S_HEX : S_STRING;
			r = parse_type_option(p, type);
			break;
		case T_PROMPT:
			r = parse_prompt_option(p);
			break;
		case T_DEFAULT:
		case T_DEF_BOOL:
		case T_DEF_TRISTATE:
			type = t == T_DEFAULT ? S_UNKNOWN : t == T_DEF_BOOL ? S_BOOLEAN : S_TRISTATE;
			shift(p);
			e = parse_expr(p);
			if (!e || !parse_if_expr(p, &cond) || !expect(p, T_EOL))
				return -1;
			shift(p);
			menu_add_expr(kc, P_DEFAULT, e, cond, entry_file(p), kc->cur_lineno);
			if (type != S_UNKNOWN)
				menu_set_type(kc, type, entry_file(p), kc->cur_lineno);
			break;
		case T_SELECT:
		case T_IMPLY:
			ptype = t == T_SELECT ? P_SELECT : P_IMPLY;
			shift(p);
			s1 = parse_symbol(p, false);
			if (!s1 || !parse_if_expr(p, &cond) || !expect(p, T_EOL))
				return -1;
			shift(p);
			menu_add_symbol(kc, ptype, s1, cond, entry_file(p), kc->cur_lineno);
			break;
		case T_RANGE:
			shift(p);
			s1 = parse_symbol(p, true);
			if (!s1)
				return -1;
			s2 = parse_symbol(p, true);
			if (!s2 || !parse_if_expr(p, &cond) || !expect(p, T_EOL))
				return -1;
			shift(p);
			menu_add_expr(kc, P_RANGE, expr_alloc_comp(kc, E_RANGE, s1, s2), cond,
				      entry_file(p), kc->cur_lineno);
			break;
		case T_MODULES:
			shift(p);
			if (!expect(p, T_EOL))
				return -1;
			shift(p);
			if (kc->modules_sym)
				zconf_error(p, "symbol '%s' redefines option 'modules' already defined by symbol '%s'",
					    kc->current_entry->sym->name, kc->modules_sym->name);
			kc->modules_sym = kc->current_entry->sym;
			break;
		case T_TRANSITIONAL:
			shift(p);
			if (!expect(p, T_EOL))
				return -1;
			shift(p);
			kc->current_entry->sym->flags |= SYMBOL_TRANSITIONAL;
			break;
		case T_DEPENDS:
			r = parse_depends(p);
			break;
		case T_HELP:
			r = parse_help(p);
			break;
		default:
			return 0;
		}
		if (r < 0)
			return -1;
	}
}

/* ---- statements ---- */

static const char *parse_stmt_list(struct parser *p, enum ctx ctx);

static bool end_matches(struct parser *p, const char *found, const char *expected)
{
	struct kconf *kc = p->kc;
	struct menu *cm = kc->current_menu;
	const char *here = kc->lex_filename;

	if (strcmp(found, expected) != 0) {
		zconf_error(p, "unexpected '%s' within %s block", found, expected);
		p->nerrs++;
		return false;
	}
	/*
	 * 6.1 closes the top file at its end of input and hands over one more
	 * EOL: an end statement on its last line without a newline is reduced
	 * with no file current, which differs from the block's.
	 */
	if (cm->filename && ((here && strcmp(cm->filename, here) != 0) || lexer_top_closed(kc))) {
		zconf_error(p, "'%s' in different file than '%s'", found, expected);
		fprintf(kc->err, "%s:%d: location of the '%s'\n", cm->filename, cm->lineno, expected);
		p->nerrs++;
		return false;
	}
	return true;
}

/* Body of a block up to its end statement; false if the parse aborted. */
static bool parse_block_body(struct parser *p, struct menu *m, enum ctx ctx, const char *what)
{
	const char *found;

	push_block(p, m);
	found = parse_stmt_list(p, ctx);
	if (!found)
		return false;
	pop_block(p);
	if (ctx == CTX_CHOICE)
		p->current_choice = NULL;
	if (end_matches(p, found, what))
		menu_end_menu(p->kc);
	return true;
}

static int parse_config(struct parser *p, bool menuconfig)
{
	struct kconf *kc = p->kc;
	struct symbol *sym;
	struct menu *entry;

	shift(p);
	sym = parse_symbol(p, false);
	if (!sym || !expect(p, T_EOL))
		return -1;
	shift(p);
	if (v61(p))
		sym->flags |= SYMBOL_OPTIONAL;
	menu_add_entry(kc, sym, entry_file(p), kc->cur_lineno);
	if (parse_config_options(p) < 0)
		return -1;

	entry = kc->current_entry;
	if (menuconfig) {
		if (entry->prompt)
			entry->prompt->type = P_MENU;
		else
			zconfprint(p, "warning: menuconfig statement without prompt");
	} else if (!v61(p) && p->current_choice) {
		if (!entry->prompt) {
			fprintf(kc->err, "%s:%d: error: choice member must have a prompt\n",
				entry->filename, entry->lineno);
			p->nerrs++;
		}
		if (entry->sym->type != S_BOOLEAN) {
			fprintf(kc->err, "%s:%d: error: choice member must be bool\n",
				entry->filename, entry->lineno);
			p->nerrs++;
		}
		if (!choice_member_linked(entry->sym))
			choice_member_add_tail(p->current_choice, entry->sym);
	}
	return 0;
}

static int parse_choice(struct parser *p)
{
	struct kconf *kc = p->kc;
	struct symbol *sym;
	struct menu *entry, *m;
	char *name = NULL;

	shift(p);
	if (v61(p) && peek(p) == T_WORD)
		name = p->held[0] = heap_text(take(p));
	if (!expect(p, T_EOL)) {
		p->held[0] = NULL;
		free(name);
		return -1;
	}
	p->held[0] = NULL;
	shift(p);
	if (v61(p)) {
		sym = sym_lookup(kc, name, SYMBOL_CHOICE);
		sym->flags |= SYMBOL_NO_WRITE;
		menu_add_entry(kc, sym, entry_file(p), kc->cur_lineno);
		menu_add_expr(kc, P_CHOICE, NULL, NULL, entry_file(p), kc->cur_lineno);
	} else {
		sym = sym_lookup(kc, NULL, 0);
		menu_add_entry(kc, sym, entry_file(p), kc->cur_lineno);
		menu_set_type(kc, S_BOOLEAN, entry_file(p), kc->cur_lineno);
	}
	free(name);

	for (;;) {
		int r = 0, t = peek(p);
		struct expr *cond;
		struct symbol *def;

		if (t == T_PROMPT) {
			r = parse_prompt_option(p);
		} else if (t == T_BOOL && !v61(p)) {
			r = parse_prompt_option(p);
		} else if ((t == T_BOOL || t == T_TRISTATE) && v61(p)) {
			r = parse_type_option(p, t == T_BOOL ? S_BOOLEAN : S_TRISTATE);
		} else if (t == T_OPTIONAL && v61(p)) {
			shift(p);
			if (!expect(p, T_EOL))
				return -1;
			shift(p);
			kc->current_entry->sym->flags |= SYMBOL_OPTIONAL;
		} else if (t == T_DEFAULT) {
			shift(p);
			def = parse_symbol(p, false);
			if (!def || !parse_if_expr(p, &cond) || !expect(p, T_EOL))
				return -1;
			shift(p);
			menu_add_symbol(kc, P_DEFAULT, def, cond, entry_file(p), kc->cur_lineno);
		} else if (t == T_DEPENDS) {
			r = parse_depends(p);
		} else if (t == T_HELP) {
			r = parse_help(p);
		} else {
			break;
		}
		if (r < 0)
			return -1;
	}

	entry = kc->current_entry;
	if (!v61(p) && !entry->prompt) {
		fprintf(kc->err, "%s:%d: error: choice must have a prompt\n",
			entry->filename, entry->lineno);
		p->nerrs++;
	}
	m = menu_add_menu(kc);
	if (!v61(p))
		p->current_choice = kc->current_entry;
	parse_block_body(p, m, CTX_CHOICE, "choice");
	return 0;
}

static int parse_if(struct parser *p, bool in_choice)
{
	struct kconf *kc = p->kc;
	struct expr *e;
	struct menu *m;

	shift(p);
	e = parse_expr(p);
	if (!e || !expect(p, T_EOL))
		return -1;
	shift(p);
	menu_add_entry(kc, NULL, entry_file(p), kc->cur_lineno);
	menu_add_dep(kc, e);
	m = menu_add_menu(kc);
	parse_block_body(p, m, in_choice ? CTX_IF_IN_CHOICE : CTX_IF, "if");
	return 0;
}

/* 'menu "text"' / 'comment "text"': a symbol-less entry with its prompt. */
static int parse_titled_entry(struct parser *p, enum prop_type type)
{
	struct kconf *kc = p->kc;
	const char *text;

	shift(p);
	if (!expect(p, T_WORD_QUOTE))
		return -1;
	text = arena_text(p, take(p));
	if (!expect(p, T_EOL))
		return -1;
	shift(p);
	menu_add_entry(kc, NULL, entry_file(p), kc->cur_lineno);
	menu_add_prompt(kc, type, text, NULL, entry_file(p), kc->cur_lineno);
	return 0;
}

static int parse_menu(struct parser *p)
{
	struct kconf *kc = p->kc;
	struct expr *cond;
	struct menu *m;

	if (parse_titled_entry(p, P_MENU) < 0)
		return -1;
	for (;;) {
		int t = peek(p);

		if (t == T_VISIBLE) {
			shift(p);
			if (!parse_if_expr(p, &cond) || !expect(p, T_EOL))
				return -1;
			shift(p);
			menu_add_visibility(kc, cond);
		} else if (t == T_DEPENDS) {
			if (parse_depends(p) < 0)
				return -1;
		} else {
			break;
		}
	}
	m = menu_add_menu(kc);
	parse_block_body(p, m, CTX_MENU, "menu");
	return 0;
}

static int parse_comment(struct parser *p)
{
	if (parse_titled_entry(p, P_COMMENT) < 0)
		return -1;
	while (peek(p) == T_DEPENDS)
		if (parse_depends(p) < 0)
			return -1;
	return 0;
}

static int parse_source(struct parser *p)
{
	char *name;

	shift(p);
	if (!expect(p, T_WORD_QUOTE))
		return -1;
	/* held: freed by the cleanup if the file cannot be read */
	name = p->held[0] = heap_text(take(p));
	if (!expect(p, T_EOL)) {
		p->held[0] = NULL;
		free(name);
		return -1;
	}
	shift(p);
	lexer_push_file(p->kc, name);
	p->held[0] = NULL;
	free(name);
	return 0;
}

/* "NAME = value" (the leading word is the lookahead) */
static void parse_assignment(struct parser *p)
{
	enum variable_flavor flavor;
	char *name = heap_text(take(p)), *value = NULL;
	int t;

	p->held[0] = name;	/* freed by the cleanup if a fatal error unwinds */
	t = peek(p);

	if (t == T_EQUAL)
		flavor = VAR_RECURSIVE;
	else if (t == T_COLON_EQUAL)
		flavor = VAR_SIMPLE;
	else if (t == T_PLUS_EQUAL)
		flavor = VAR_APPEND;
	else
		goto bad;
	shift(p);
	if (peek(p) == T_ASSIGN_VAL)
		value = p->held[1] = heap_text(take(p));
	if (!expect(p, T_EOL))
		goto bad_quiet;
	shift(p);
	variable_add(p->kc, name, value ? value : "", flavor);
	p->held[0] = p->held[1] = NULL;
	free(value);
	free(name);
	return;
bad:
	syntax_error(p);
bad_quiet:
	p->held[1] = NULL;
	free(value);
	recover(p, name);
	p->held[0] = NULL;
	free(name);
}

static const char *parse_stmt_list(struct parser *p, enum ctx ctx)
{
	bool in_choice = ctx == CTX_CHOICE || ctx == CTX_IF_IN_CHOICE;

	for (;;) {
		const char *found = NULL;
		int r = 0, t;

		if (p->aborted)
			return NULL;
		t = peek(p);
		switch (t) {
		case T_EOF:
			if (ctx == CTX_TOP)
				return "";
			syntax_error(p);
			p->aborted = true;	/* nothing can follow the error */
			return NULL;
		case T_ENDMENU:
		case T_ENDCHOICE:
		case T_ENDIF:
			if (ctx == CTX_TOP)
				goto bad;
			found = t == T_ENDMENU ? "menu" : t == T_ENDCHOICE ? "choice" : "if";
			shift(p);
			if (peek(p) == T_EOL) {
				shift(p);
				return found;
			}
			syntax_error(p);
			recover(p, NULL);
			continue;
		case T_CONFIG:
			r = parse_config(p, false);
			break;
		case T_COMMENT:
			r = parse_comment(p);
			break;
		case T_IF:
			r = parse_if(p, in_choice);
			break;
		case T_MENUCONFIG:
			if (in_choice)
				goto bad;
			r = parse_config(p, true);
			break;
		case T_CHOICE:
			if (in_choice)
				goto bad;
			r = parse_choice(p);
			break;
		case T_MENU:
			if (in_choice)
				goto bad;
			r = parse_menu(p);
			break;
		case T_SOURCE:
			if (in_choice)
				goto bad;
			r = parse_source(p);
			break;
		case T_WORD:
			if (in_choice)
				goto bad;
			parse_assignment(p);
			continue;
		default:
			goto bad;
		}
		if (r < 0)
			recover(p, NULL);
		continue;
bad:
		syntax_error(p);
		recover(p, NULL);
	}
}

static void parse_input(struct parser *p)
{
	struct kconf *kc = p->kc;

	if (peek(p) == T_MAINMENU) {
		const char *text;

		shift(p);
		if (!expect(p, T_WORD_QUOTE)) {
			p->aborted = true;	/* no error recovery before the first statement */
			return;
		}
		text = arena_text(p, take(p));
		if (!expect(p, T_EOL)) {
			p->aborted = true;
			return;
		}
		shift(p);
		menu_add_prompt(kc, P_MENU, text, NULL, entry_file(p), kc->cur_lineno);
	}
	parse_stmt_list(p, CTX_TOP);
}

/* ---- after parsing ---- */

static int choice_check_sanity(struct kconf *kc, const struct menu *menu)
{
	struct property *prop;
	int ret = 0;

	for (prop = menu->sym->prop; prop; prop = prop->next) {
		if (prop->type == P_DEFAULT) {
			fprintf(kc->err, "%s:%d: error: %s", prop->filename, prop->lineno,
				"defaults for choice values not supported\n");
			ret = -1;
		}
		if (prop->menu != menu && prop->type == P_PROMPT &&
		    prop->menu->parent != menu->parent) {
			fprintf(kc->err, "%s:%d: error: %s", prop->filename, prop->lineno,
				"choice value has a prompt outside its choice group\n");
			ret = -1;
		}
	}
	return ret;
}

/* Linux 6.18: a transitional symbol may only carry a type and help. */
static int transitional_check_sanity(struct kconf *kc, const struct menu *menu)
{
	struct property *prop;

	if (!menu->sym || !(menu->sym->flags & SYMBOL_TRANSITIONAL))
		return 0;
	if ((menu->dep && !expr_is_yes(kc, menu->dep)) ||
	    (menu->visibility && !expr_is_yes(kc, menu->visibility))) {
		fprintf(kc->err, "%s:%d: error: %s", menu->filename, menu->lineno,
			"transitional symbols can only have help sections\n");
		return -1;
	}
	for (prop = menu->sym->prop; prop; prop = prop->next) {
		if (prop->type == P_SYMBOL)
			continue;
		fprintf(kc->err, "%s:%d: error: %s", prop->filename, prop->lineno,
			"transitional symbols can only have help sections\n");
		return -1;
	}
	return 0;
}

/* Free what the parse holds; used on success and when a fatal error unwinds. */
static void parse_cleanup(struct kconf *kc, struct parser *p)
{
	free(p->blocks);
	p->blocks = NULL;
	free(p->held[0]);
	free(p->held[1]);
	p->held[0] = p->held[1] = NULL;
	lexer_free(kc);
	variable_all_del(kc);
	preprocess_cleanup(kc);
}

static void run_parser(struct kconf *kc, struct parser *p)
{
	parse_input(p);
	if (p->aborted) {
		/* the reference's parser stack cleanup: innermost block first */
		while (p->nblocks) {
			struct menu *m = p->blocks[--p->nblocks];
			fprintf(kc->err, "%s:%d: missing end statement for this entry\n",
				m->filename, m->lineno);
			if (kc->current_menu == m)
				menu_end_menu(kc);
		}
	}
}

void conf_parse(struct kconf *kc, const char *name)
{
	struct parser *p = xcalloc(1, sizeof(*p));
	jmp_buf *volatile outer = kc->fatal_jmp;
	jmp_buf here;
	struct menu *menu;
	const char *root_name;
	int nerrs;

	p->kc = kc;
	p->tok = -1;
	kc->fatal_jmp = &here;
	if (setjmp(here)) {
		/* a fatal error inside the front end: release it, pass it on */
		kc->fatal_jmp = outer;
		parse_cleanup(kc, p);
		free(p);
		if (outer)
			longjmp(*outer, 1);
		exit(1);
	}

	if (!v61(p)) {
		kstr_init(&kc->autoconf_cmd_buf);
		kstr_printf(&kc->autoconf_cmd_buf, "\ndeps_config := \\\n");
	}
	lexer_init(kc, name);
	root_name = kc->lex_filename;
	menu_init(kc);

	run_parser(kc, p);
	kc->fatal_jmp = outer;
	probe_cache_parsed(kc);

	if (!v61(p)) {
		kstr_printf(&kc->autoconf_cmd_buf,
			    "\n$(autoconfig): $(deps_config)\n$(deps_config): ;\n");
		env_write_dep(kc, &kc->autoconf_cmd_buf);
	}
	/* variables are only needed while parsing */
	parse_cleanup(kc, p);
	nerrs = p->nerrs;
	free(p);

	kc->parse_errors += nerrs;
	if (nerrs)
		kc_fatal(kc, "%s", "");
	if (kc->parse_only)
		return;
	if (!kc->modules_sym)
		kc->modules_sym = &kc->symbol_no;

	if (!menu_has_prompt(&kc->rootmenu)) {
		kc->current_entry = &kc->rootmenu;
		menu_add_prompt(kc, P_MENU, "Main menu", NULL, root_name, kc->cur_lineno);
	}

	menu_finalize(kc);

	if (kc->kver < KV(6, 12)) {
		size_t i, n;
		struct symbol **all = sym_all_kernel_order(kc, &n);

		for (i = 0; i < n; i++)
			if (sym_check_deps(kc, all[i]))
				nerrs++;
		menu_for_each_sub_entry(menu, &kc->rootmenu)
			if (transitional_check_sanity(kc, menu))
				nerrs++;
	} else {
		menu_for_each_sub_entry(menu, &kc->rootmenu) {
			struct menu *child;

			if (menu->sym && sym_check_deps(kc, menu->sym))
				nerrs++;
			if (menu->sym && sym_is_choice(menu->sym)) {
				menu_for_each_sub_entry(child, menu)
					if (child->sym && choice_check_sanity(kc, child))
						nerrs++;
			}
			if (transitional_check_sanity(kc, menu))
				nerrs++;
		}
	}
	kc->parse_errors += nerrs;
	if (nerrs)
		kc_fatal(kc, "%s", "");
	conf_set_changed(kc, true);
}
