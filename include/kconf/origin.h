/* SPDX-License-Identifier: MIT */
/*
 * libkconf: where a symbol's value comes from, and what keeps it from
 * another value.  Computed from the loaded tree and the values in effect
 * (call after kconf_read_config, or on defaults); nothing here changes a
 * value.  Strings and arrays returned belong to the returned object.
 */
#ifndef KCONF_ORIGIN_H
#define KCONF_ORIGIN_H

#include <stdbool.h>
#include <stddef.h>

#include "kconf/kconf.h"

#ifdef __cplusplus
extern "C" {
#endif

enum kconf_cause {
	KCONF_CAUSE_USER,	/* the user's value, from the .config at file:line */
	KCONF_CAUSE_DEFAULT,	/* a 'default'/'def_bool'/'def_tristate' at file:line */
	KCONF_CAUSE_PROBE,	/* such a default whose text came from $(...) macros:
				 * a toolchain/environment probe (text: the source line) */
	KCONF_CAUSE_SELECT,	/* raised by 'select' in symbol 'by' (file:line of the select) */
	KCONF_CAUSE_IMPLY,	/* raised by 'imply' in 'by' */
	KCONF_CAUSE_CHOICE,	/* a choice member; 'by' is the member the choice selected;
				 * detail says why that member (user's pick, default, first) */
	KCONF_CAUSE_LIMIT,	/* the user's or default value capped by the dependencies
				 * or prompt condition (text: the limiting expression) */
	KCONF_CAUSE_PROMOTE,	/* m raised to y: bool symbol, or implied at y */
	KCONF_CAUSE_MODULES,	/* m shown as y because MODULES is n */
	KCONF_CAUSE_RANGE,	/* an int/hex value moved into its 'range' (file:line) */
	KCONF_CAUSE_NONE,	/* nothing gives it a value: n, or "" for strings */
	KCONF_CAUSE_CONST,	/* a constant symbol */
};

struct symbol;

struct kconf_origin {
	enum kconf_cause cause;
	const char *file;	/* where the cause is written (Kconfig or .config) */
	int line;
	char *text;		/* the expression/line involved, in Kconfig syntax, or NULL;
				 * USER: the user's value as the .config spells it */
	char *detail;		/* a short human sentence, e.g. "the user's choice" */
	struct symbol *by;	/* SELECT, IMPLY: the source; CHOICE: the selected member */
	/*
	 * The symbols this cause rests on, whose own values one would explain
	 * next: for DEFAULT the symbols of the default's value and condition, for
	 * SELECT/IMPLY 'by' and the symbols of the 'if', for LIMIT those of the
	 * limiting expression, for CHOICE the selected member.
	 */
	struct symbol **syms;
	size_t nsyms;
	struct kconf_origin *next;	/* the value is the combination of several causes */
};

/* The causes of sym's current value, most decisive first.  Never NULL. */
struct kconf_origin *kconf_origin(struct kconf *kc, struct symbol *sym);
void kconf_origin_free(struct kconf_origin *o);
/* One line for people: "default y at arch/x86/Kconfig:45 (if X86_64 [=y])". */
char *kconf_origin_describe(struct kconf *kc, const struct kconf_origin *o);
const char *kconf_cause_name(enum kconf_cause cause);	/* "user", "default", ... */

/*
 * The direct dependencies of sym (its 'depends on' with those of enclosing
 * menus and ifs), split into top-level && terms, each with its value.
 */
struct kconf_term {
	char *text;		/* the term in Kconfig syntax */
	char value;		/* 'n', 'm' or 'y' */
};
size_t kconf_dep_terms(struct kconf *kc, struct symbol *sym, struct kconf_term **terms);
void kconf_terms_free(struct kconf_term *terms, size_t n);

/* Where the user's value of sym was read: the config file and line (0: none). */
int kconf_user_line(struct kconf *kc, struct symbol *sym, const char **file);

/*
 * `why SYM`: the causes of sym's value as a tree, each node a symbol with its
 * origin and, as children, the symbols that origin rests on, down to user
 * values, probes, constants and arch facts (defaults without symbols).
 */
struct kconf_why {
	struct symbol *sym;
	char *value;
	struct kconf_origin *origin;
	struct kconf_why **children;
	size_t nchildren;
	bool repeated;		/* explained earlier in the tree: children left out */
	bool truncated;		/* max_depth reached: children left out */
};
struct kconf_why *kconf_why(struct kconf *kc, struct symbol *sym, int max_depth);
void kconf_why_free(struct kconf_why *w);

/*
 * `why SYM=VALUE`: what keeps sym from value now, and a set of user value
 * changes that gives it that value.  The plan is checked by applying the
 * changes as if written into the .config (each "CONFIG_X=v" replacing X's
 * line, then olddefconfig); the loaded values are left as they were.
 */
struct kconf_blocker {
	char *what;		/* e.g. "depends on !SMP || PM_SLEEP_SMP [=n]" */
	const char *file;	/* where the rule is written, or NULL */
	int line;
	struct symbol **syms;	/* the symbols the rule rests on */
	size_t nsyms;
	struct kconf_blocker *next;
};
struct kconf_change {
	struct symbol *sym;
	char *value;		/* .config syntax: n m y 123 0x10 "text" */
	char *old_value;	/* the value now */
};
struct kconf_plan {
	bool already;		/* sym has the value now: nothing to do */
	bool found;		/* changes[] gives the value (checked) */
	struct kconf_blocker *blockers;
	struct kconf_change *changes;
	size_t nchanges;
	char *note;		/* when not found: why not, for people */
};
/* Returns 0, or -1 if value is not a valid value for sym's type (note set). */
int kconf_plan_value(struct kconf *kc, struct symbol *sym, const char *value, struct kconf_plan *plan);
void kconf_plan_free(struct kconf_plan *plan);

#ifdef __cplusplus
}
#endif

#endif /* KCONF_ORIGIN_H */
