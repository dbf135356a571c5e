/* SPDX-License-Identifier: MIT */
/*
 * libkconf: comparing two configurations, and explaining the difference.
 *
 * Two levels:
 *  - Without a tree: read .config files the way the kernel's
 *    scripts/diffconfig does and list what changed, in its order and format.
 *  - With a loaded tree (kconf_load): attribute every changed line.  A ROOT
 *    is a change the user made (the symbol's value would differ had the user
 *    kept the old value) or a fact of the environment (a symbol nobody can
 *    set, with a constant default such as an expanded toolchain probe, none
 *    of whose inputs changed).  Every other changed symbol is a CONSEQUENCE,
 *    explained by chains of relations of the tree (depends on, if, select,
 *    imply, default, range, choice, ...) from roots, each step with the
 *    Kconfig line that creates it; or it is UNEXPLAINED (no root leads to
 *    it, e.g. a hand-edited line the tree would not produce); or UNKNOWN
 *    (not a symbol of this tree).
 *
 * Strings and arrays returned belong to the returned object.
 */
#ifndef KCONF_DIFF_H
#define KCONF_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "kconf/kconf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- configuration values, as scripts/diffconfig reads them ---- */

/*
 * A set of NAME -> VALUE (NAME without CONFIG_; VALUE as written after '=',
 * strings with their quotes; "n" for "# CONFIG_NAME is not set").  A later
 * line for the same name replaces the value.
 */
struct kconf_values;

struct kconf_values *kconf_values_new(void);
/*
 * Read a .config with diffconfig's rules.  Returns NULL and sets *error (a
 * heap string "FILE: reason" or "FILE:LINE: reason"; free() it) when the
 * file cannot be read or a CONFIG_ line has no '=' (diffconfig dies there).
 */
struct kconf_values *kconf_values_read(const char *path, char **error);
void kconf_values_set(struct kconf_values *vs, const char *name, const char *value);
const char *kconf_values_get(const struct kconf_values *vs, const char *name);	/* NULL: absent */
size_t kconf_values_count(const struct kconf_values *vs);
/* The i-th name and value in first-appearance order. */
const char *kconf_values_name(const struct kconf_values *vs, size_t i);
const char *kconf_values_value(const struct kconf_values *vs, size_t i);
/* Write as a .config ("n" as "# CONFIG_X is not set"). Returns 0 or -1 (errno). */
int kconf_values_write(const struct kconf_values *vs, const char *path);
void kconf_values_free(struct kconf_values *vs);

/* ---- the difference ---- */

struct kconf_diff_line {
	const char *name;
	const char *old_value;	/* NULL: only in NEW */
	const char *new_value;	/* NULL: only in OLD */
};

/* Lines in diffconfig's order: removed, changed, added, each sorted by name. */
struct kconf_diff {
	struct kconf_diff_line *lines;
	size_t count;
};

struct kconf_diff *kconf_diff_values(const struct kconf_values *old, const struct kconf_values *new_);
void kconf_diff_free(struct kconf_diff *d);
/* Print like diffconfig ("-A v", " B old -> new", "+C v"), or with
 * merge_style like diffconfig -m (the new values as .config lines). */
void kconf_diff_print(FILE *out, const struct kconf_diff *d, bool merge_style);
/* One line's diffconfig text without newline ("-A v" etc.); heap string. */
char *kconf_diff_line_text(const struct kconf_diff_line *line);

/* ---- explaining the difference with a tree ---- */

enum kconf_diff_kind {
	KCONF_DIFF_USER,		/* root: the user's value changed */
	KCONF_DIFF_FACT,		/* root: not user-settable, a constant default, no input
					 * changed (toolchain probe, architecture) */
	KCONF_DIFF_CONSEQUENCE,	/* follows from roots (see chains) */
	KCONF_DIFF_UNEXPLAINED,	/* no root explains it (see reason, causes) */
	KCONF_DIFF_UNKNOWN,		/* not a symbol of this tree */
};

enum kconf_diff_rel {
	KCONF_DIFF_REL_DEPENDS,	/* 'depends on' of the entry (or of its choice) */
	KCONF_DIFF_REL_PROMPT_IF,	/* the 'if' of the entry's prompt */
	KCONF_DIFF_REL_IF,		/* an enclosing 'if' block */
	KCONF_DIFF_REL_MENU,		/* the 'depends on' of an enclosing menu */
	KCONF_DIFF_REL_VISIBLE_IF,	/* the 'visible if' of an enclosing menu */
	KCONF_DIFF_REL_SELECT,	/* 'select TO [if ...]' in FROM, or in VIA (see below) */
	KCONF_DIFF_REL_IMPLY,	/* 'imply TO [if ...]', likewise */
	KCONF_DIFF_REL_DEFAULT,	/* a 'default'/'def_bool'/'def_tristate' of TO naming FROM */
	KCONF_DIFF_REL_RANGE,	/* a 'range' of TO naming FROM */
	KCONF_DIFF_REL_CHOICE,	/* FROM and TO are in the same 'choice' (or TO is the choice) */
	KCONF_DIFF_REL_MODULES,	/* TO is tristate and FROM is the 'modules' symbol */
};

/* One step of a chain: FROM's change causes TO's, through REL at FILE:LINE. */
struct kconf_diff_step {
	const char *from, *to;	/* symbol names; a choice is "<choice>" */
	const char *via;	/* select/imply: the selecting symbol when FROM is in
				 * the statement's 'if' or in that symbol's
				 * dependencies (which bound what it selects); else NULL */
	const char *from_value, *to_value;	/* value in NEW, as a .config says it;
						 * NULL: not in NEW */
	enum kconf_diff_rel rel;
	const char *file;	/* the Kconfig file and line that create the relation */
	int line;
};

struct kconf_diff_chain {
	size_t root;			/* index in kconf_diff_explain.changes */
	struct kconf_diff_step *steps;	/* the root's step first, this change's last */
	size_t nsteps;
};

struct kconf_diff_change {
	const char *name;
	const char *old_value, *new_value;	/* as in the files; NULL: absent */
	struct symbol *sym;			/* NULL when unknown */
	enum kconf_diff_kind kind;
	const char *reason;	/* roots and unexplained: a short sentence; else NULL */
	/* CONSEQUENCE: one chain per root that leads here (shortest) */
	struct kconf_diff_chain *chains;
	size_t nchains;
	/* CONSEQUENCE, UNEXPLAINED: the changed inputs it follows from directly */
	struct kconf_diff_step *causes;
	size_t ncauses;
};

struct kconf_diff_explain {
	struct kconf_diff_change *changes;	/* every changed line, in diffconfig order */
	size_t count;
	size_t nroots, nconsequences, nunexplained, nunknown;
	struct kconf_diff_explain_priv *priv;
};

/*
 * Explain the difference between two .config files with the loaded tree.
 * Reads both through the engine, each as the kernel's conf would in a
 * fresh process, OLD first, then NEW, which stays read as the user's values
 * of kc.  Engine messages are silenced while it runs.  Returns NULL after a
 * message on kc's error stream if a file cannot be read or the engine fails.
 */
struct kconf_diff_explain *kconf_diff_explain(struct kconf *kc, const char *old_config,
					 const char *new_config);
/* The same for value sets (written to temporary files first). */
struct kconf_diff_explain *kconf_diff_explain_values(struct kconf *kc, const struct kconf_values *old,
						const struct kconf_values *new_);
void kconf_diff_explain_free(struct kconf_diff_explain *x);

const char *kconf_diff_kind_name(enum kconf_diff_kind kind);	/* "user", "fact", ... */
const char *kconf_diff_rel_name(enum kconf_diff_rel rel);		/* "select", "depends on", ... */

#ifdef __cplusplus
}
#endif

#endif /* KCONF_DIFF_H */
