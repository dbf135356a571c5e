/* SPDX-License-Identifier: MIT */
/* Shared by origin.c and why.c (value origins and what-if planning). */
#ifndef KCONF_ORIGIN_INTERNAL_H
#define KCONF_ORIGIN_INTERNAL_H

#include "internal.h"

/* A small set of symbols in insertion order (constants are left out). */
struct symset {
	struct symbol **v;
	size_t n, cap;
};
void symset_add(struct symset *s, struct symbol *sym);
void symset_add_expr(struct symset *s, const struct expr *e);

/* Symbols of cond_expr not in dep_expr (a rule's own condition). */
void cond_syms(const struct expr *cond_expr, const struct expr *dep_expr, struct symset *s);
static inline char tri_char(tristate t) { return tri_name(t)[0]; }
/* Compute sym's value the way front ends see it (MODULES first). */
void origin_compute(struct kconf *kc, struct symbol *sym);
/* An expression in Kconfig syntax (heap); NULL prints as "y". */
char *expr_to_text(struct kconf *kc, const struct expr *e);
/* file:line of the Kconfig source, trimmed (heap), or NULL. */
char *source_line(struct kconf *kc, const char *file, int line);
/* The OR of the prompts' visibility expressions; NULL without a prompt. */
struct expr *prompt_visibility(struct kconf *kc, struct symbol *sym);

#endif /* KCONF_ORIGIN_INTERNAL_H */
