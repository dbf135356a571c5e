/* SPDX-License-Identifier: MIT */
/* Private interface between lib/lexer.c and lib/parser.c. */
#ifndef KCONF_PARSER_INTERNAL_H
#define KCONF_PARSER_INTERNAL_H

#include "internal.h"

enum kc_token {
	T_EOF = 0,
	T_HELPTEXT, T_WORD, T_WORD_QUOTE, T_ASSIGN_VAL, T_EOL,
	/* keywords */
	T_BOOL, T_CHOICE, T_COMMENT, T_CONFIG, T_DEFAULT, T_DEF_BOOL,
	T_DEF_TRISTATE, T_DEPENDS, T_ENDCHOICE, T_ENDIF, T_ENDMENU, T_HELP,
	T_HEX, T_IF, T_IMPLY, T_INT, T_MAINMENU, T_MENU, T_MENUCONFIG,
	T_MODULES, T_ON, T_OPTIONAL, T_PROMPT, T_RANGE, T_SELECT, T_SOURCE,
	T_STRING, T_TRANSITIONAL, T_TRISTATE, T_VISIBLE,
	/* operators */
	T_OR, T_AND, T_EQUAL, T_UNEQUAL, T_LESS, T_LESS_EQUAL, T_GREATER,
	T_GREATER_EQUAL, T_NOT, T_OPEN_PAREN, T_CLOSE_PAREN, T_COLON_EQUAL,
	T_PLUS_EQUAL,
};

/* Open the top-level Kconfig file (fatal "can't find file" if missing). */
void lexer_init(struct kconf *kc, const char *name);
/* Release all lexer buffers. */
void lexer_free(struct kconf *kc);
/*
 * Text of a token: a slice, not NUL-terminated, of the lexer's buffers.  It
 * stays valid only until the next lexer_next(); copy what must live longer.
 */
struct lex_text {
	const char *s;
	size_t len;
	/* T_WORD: hash_name(s, len), for sym_lookup_word(); s can be read up to
	 * the next multiple of 8 bytes after it */
	uint32_t hash;
	bool in_arena;		/* T_HELPTEXT: s is already a NUL-terminated arena string */
};
/*
 * Next token for the parser (the kernel's yylex()).  T_WORD, T_WORD_QUOTE,
 * T_ASSIGN_VAL and T_HELPTEXT come with their text (cut at a NUL, as the
 * kernel's C strings are, except T_ASSIGN_VAL); other tokens have none.
 */
int lexer_next(struct kconf *kc, struct lex_text *text);
/* Switch to help-text mode (after "help" EOL has been consumed). */
void lexer_start_help(struct kconf *kc);
/* 'source' statement: push the named file (fatal on error). */
void lexer_push_file(struct kconf *kc, const char *name);
/* 6.1: the top file was closed, as its end of input does (then no file is current) */
bool lexer_top_closed(struct kconf *kc);
/* Parser-side file name for messages: cur_filename, or "<none>" (6.1). */
const char *parser_filename(struct kconf *kc);

#endif
