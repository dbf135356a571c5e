/* SPDX-License-Identifier: MIT */
/*
 * libkconf: read-only questions about a loaded tree, for tools that show
 * symbols to people (kforge info and search, editors, linters).
 *
 * Answers reflect the values in effect: call after kconf_read_config(), or
 * call kconf_compute_all() first when no configuration was read.  Nothing
 * here changes a value.  Strings and arrays of a returned object belong to
 * it and go with its _free function; "const char *" members point into the
 * loaded tree and live as long as the struct kconf.
 *
 * Expressions are printed in Kconfig syntax the way menuconfig prints them;
 * "with values" means each symbol is followed by " [=value]", as in
 * menuconfig's help ("FOO [=y] && BAR [=n]").
 */
#ifndef KCONF_QUERY_H
#define KCONF_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "kconf/kconf.h"

#ifdef __cplusplus
extern "C" {
#endif

struct symbol;

/* Compute every symbol's value (what reading a configuration does). */
void kconf_compute_all(struct kconf *kc);

/*
 * The symbols defined by a 'config'/'menuconfig' entry (not those only
 * referenced), in definition order:
 *	size_t pos = 0; while ((sym = kconf_sym_next(kc, &pos))) ...
 */
struct symbol *kconf_sym_next(struct kconf *kc, size_t *pos);
/* Find a symbol by name, with or without the CONFIG_ prefix (NULL: none). */
struct symbol *kconf_find_loose(struct kconf *kc, const char *name);

/* "bool", "tristate", "integer", "hex", "string" or "unknown" (menuconfig's words). */
const char *kconf_sym_type(const struct symbol *sym);
bool kconf_sym_is_defined(const struct symbol *sym);
/* Any of its prompts is shown now. */
bool kconf_sym_visible(struct kconf *kc, struct symbol *sym);
/* The user can change its value now (visible, and above what select forces). */
bool kconf_sym_changeable(struct kconf *kc, struct symbol *sym);
/*
 * bool/tristate: the values the user may set now, as "nmy" letters ("" if
 * none).  A member of a choice shows "y" (it can be picked) rather than "ny".
 */
void kconf_sym_allowed(struct kconf *kc, struct symbol *sym, char out[4]);

/* One step of a menu path ("Location:" in menuconfig), outermost first. */
struct kconf_menu_step {
	const char *prompt;	/* the menu's prompt (its symbol's name if it has none) */
	const char *sym_name;	/* the entry's symbol, NULL for a plain menu or a choice */
	bool is_choice;		/* a choice block (menuconfig prints "<choice>") */
	const char *value;	/* the value of the entry's symbol or choice, else NULL */
};

/* One 'config' entry of the symbol. */
struct kconf_definition {
	const char *file;
	int line;
	const char *prompt;	/* NULL: this entry has no prompt */
	char *depends_on;	/* its dependencies, with those of enclosing menus and
				 * ifs, with values; NULL when there are none */
	char *visible_if;	/* the prompt's visibility with values where it differs
				 * from depends_on (a prompt 'if', a menu's 'visible if') */
	/* Menus from the top down to this entry itself (the last step).
	 * menuconfig shows this path as "Location:" for entries with a prompt,
	 * at most the 8 innermost steps. */
	struct kconf_menu_step *location;
	size_t nlocation;
	const char *help;	/* NULL: no help text */
};

/* A default, range, select or imply statement. */
struct kconf_statement {
	const char *file;
	int line;
	char *expr;		/* default: the value; range: "[1 10]"; select/imply: the target */
	struct symbol *target;	/* select/imply: the target symbol, else NULL */
	char *cond;		/* when it applies, with values (its 'if' and the entry's
				 * dependencies); NULL when always */
	char cond_value;	/* 'n', 'm' or 'y': the value of cond */
	char *own_cond;		/* its own 'if' with values where it can be told apart
				 * from the entry's dependencies (else as cond); NULL
				 * when it has none */
};

/* One term of "Selected by" or "Implied by". */
struct kconf_rev_dep {
	struct symbol *by;	/* the symbol whose select/imply it is (NULL: not a symbol's) */
	const char *file;	/* the select/imply statement in 'by', or NULL */
	int line;
	char *expr;		/* the term with values, as menuconfig lists it */
	char value;		/* 'n', 'm' or 'y': the term's value, the level it forces */
};

struct kconf_sym_info {
	struct symbol *sym;
	const char *name;
	const char *type;	/* kconf_sym_type() */
	const char *value;	/* current value */
	bool visible, changeable;
	char allowed[4];	/* kconf_sym_allowed() */
	bool choice_member;	/* a member of a choice block */
	char *depends_on;	/* all direct dependencies with values (NULL: none) */
	char *range;		/* the range in effect, menuconfig's "Range :" text, or NULL */

	struct kconf_definition *defs;	/* definition order */
	size_t ndefs;
	struct kconf_statement *defaults, *ranges, *selects, *implies;
	size_t ndefaults, nranges, nselects, nimplies;
	struct kconf_rev_dep *selected_by, *implied_by;
	size_t nselected_by, nimplied_by;
};

struct kconf_sym_info *kconf_sym_info(struct kconf *kc, struct symbol *sym);
void kconf_sym_info_free(struct kconf_sym_info *info);

/* Only the definitions (as in kconf_sym_info), for listing many symbols. */
struct kconf_definition *kconf_sym_definitions(struct kconf *kc, struct symbol *sym, size_t *count);
void kconf_definitions_free(struct kconf_definition *defs, size_t count);

/*
 * The block menuconfig's search ('/') and help screens show for sym
 * ("Symbol: ...", "Type  : ...", "Defined at ...", "Selected by ..."),
 * exactly as the kernel prints it, ending with two newlines.  Heap string.
 * Computing "Location:" evaluates menu visibility as the kernel does, which
 * in 6.1 marks some menu symbols as set by the user: ask kconf_origin()
 * before this if both are wanted.
 */
char *kconf_sym_describe(struct kconf *kc, struct symbol *sym);

/* Searching names and prompts. */
enum kconf_match_kind {
	KCONF_MATCH_EXACT,	/* the pattern matches the whole name */
	KCONF_MATCH_NAME,	/* it matches part of the name */
	KCONF_MATCH_PROMPT,	/* it matches a prompt only */
};

struct kconf_match {
	struct symbol *sym;
	enum kconf_match_kind kind;
	const char *prompt;	/* the prompt that matched (KCONF_MATCH_PROMPT), else
				 * the first prompt, or NULL */
};

#define KCONF_SEARCH_CASE	0x1	/* case-sensitive (default: ignore case, like menuconfig) */
#define KCONF_SEARCH_LITERAL	0x2	/* the pattern is a plain substring, not a regex */
#define KCONF_SEARCH_NAMES	0x4	/* names only, as menuconfig (default: names and prompts) */

/*
 * Defined symbols whose name or a prompt matches pattern (a POSIX extended
 * regex; a leading "CONFIG_" is ignored, as menuconfig does), ranked exact
 * name, then name, then prompt matches, alphabetically within each.
 * Returns the number of matches and sets *out (free with free()), or -1 for
 * a bad regex with its message in err (errlen bytes).
 */
long kconf_search(struct kconf *kc, const char *pattern, unsigned flags,
		  struct kconf_match **out, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif /* KCONF_QUERY_H */
