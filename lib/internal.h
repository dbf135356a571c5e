/* SPDX-License-Identifier: MIT */
/*
 * libkconf internal interface: the data model every module of lib/ shares.
 *
 * The model follows the concepts of the kernel's Kconfig engine (symbols with
 * properties, expressions, a menu tree) because kforge must reproduce its
 * results byte for byte; the code is our own.  Differences in behaviour
 * between kernel generations are selected by kc->kver (see KV()).
 *
 * Rules of the house:
 *  - No global mutable state.  Everything hangs off struct kconf.
 *  - Long-lived objects (symbols, menus, properties, expressions, strings
 *    that live as long as the tree) come from the context's arena and are
 *    freed all at once by kconf_free().  Transient strings use struct kstr.
 *  - Fatal errors (the places where the kernel calls exit(1)) go through
 *    kc_fatal(), which longjmps back to the public entry point that armed
 *    kc->fatal_jmp; the entry point returns -1.
 *  - Messages go to kc->out / kc->err (stdout/stderr by default) so the
 *    output order matches the kernel's.
 */
#ifndef KCONF_INTERNAL_H
#define KCONF_INTERNAL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kconf/kconf.h"

/* Kernel version as major*100+minor: KV(6,1) == 601, KV(6,12) == 612. */
#define KV(major, minor) ((major) * 100 + (minor))
/* 6.10/6.11 rewrote choices: no tristate or optional choices, new rules. */
#define KC_NEW_CHOICES(kc) ((kc)->kver >= KV(6, 11))

#define KC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define KC_NORETURN __attribute__((noreturn))

typedef enum tristate { no = 0, mod = 1, yes = 2 } tristate;

#define TRI_OR(a, b) ((a) > (b) ? (a) : (b))
#define TRI_AND(a, b) ((a) < (b) ? (a) : (b))
#define TRI_NOT(a) ((tristate)(2 - (a)))
/* "n", "m", "y": how .config and the kernel's messages spell a tristate */
static inline const char *tri_name(tristate t) { return &"n\0m\0y"[2 * t]; }

/* ------------------------------------------------------------------ */
/* util.c: arena, growable strings, messages                           */

struct arena_block;

struct arena {
	struct arena_block *head;
	char *cur, *end;
	size_t next_block;	/* size of the next block; 0: the first size */
};

void *arena_alloc_slow(struct arena *a, size_t size);
/* zeroed, 8-aligned; inline so that fixed sizes are cleared without a call */
static inline void *arena_alloc(struct arena *a, size_t size)
{
	size = (size + 7) & ~(size_t)7;
	if ((size_t)(a->end - a->cur) < size)
		return arena_alloc_slow(a, size);
	void *p = a->cur;
	a->cur += size;
	return __builtin_memset(p, 0, size);
}
/* Text of unknown length written straight at the arena's free room, then kept */
static inline size_t arena_room(const struct arena *a)
{
	return (size_t)(a->end - a->cur);
}
static inline void arena_keep(struct arena *a, size_t size)
{
	a->cur += (size + 7) & ~(size_t)7;
}
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_free_all(struct arena *a);
void *big_zalloc(size_t n);
void big_free(void *p, size_t n);

/* Growable NUL-terminated string on the heap (like the kernel's gstr). */
struct kstr {
	char *s;	/* always valid after kstr_init(): "" at least */
	size_t len, cap;
	int max_width;	/* if non-zero, kstr_append wraps long lines (menu help) */
};
void kstr_init(struct kstr *ks);
void kstr_free(struct kstr *ks);
void kstr_reset(struct kstr *ks);
void kstr_append(struct kstr *ks, const char *s);
void kstr_appendn(struct kstr *ks, const char *s, size_t n);
void kstr_putc(struct kstr *ks, char c);
void kstr_printf(struct kstr *ks, const char *fmt, ...) KC_PRINTF(2, 3);
void kstr_vprintf(struct kstr *ks, const char *fmt, va_list ap);
char *kstr_steal(struct kstr *ks);	/* caller frees with free() */

void *xmalloc(size_t n);	/* abort with a message on OOM */
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
/* Read fd to its end into *buf (room: *cap + pad bytes; grown), pad bytes zeroed after the text */
bool read_fd_padded(int fd, char **buf, size_t *cap, size_t pad, size_t *len);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

uint32_t hash_str(const char *s);	/* FNV-1a 32, as the kernel's */
uint32_t hash_strn(const char *s, size_t n);	/* same, of n bytes */
/* 8 bytes at s as a little-endian word whatever the host (one load on x86) */
static inline uint64_t load_le64(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	return (uint64_t)u[0] | (uint64_t)u[1] << 8 | (uint64_t)u[2] << 16 |
	       (uint64_t)u[3] << 24 | (uint64_t)u[4] << 32 | (uint64_t)u[5] << 40 |
	       (uint64_t)u[6] << 48 | (uint64_t)u[7] << 56;
}

/*
 * Our symbol table's hash of a name: 8 bytes at a time, little-endian,
 * the last chunk zero-filled.  hash_name_step() is one chunk, for code that
 * can load chunks faster (the lexer).
 */
static inline uint64_t hash_name_step(uint64_t h, uint64_t chunk)
{
	h = (h ^ chunk) * 0x9E3779B97F4A7C15ull;
	return h ^ (h >> 29);
}
static inline uint32_t hash_name_end(uint64_t h)
{
	return (uint32_t)(h ^ (h >> 32));
}
uint32_t hash_name(const char *s, size_t n);

struct kconf;
/* "file:line: warning: fmt\n" to kc->err (file may be NULL: no prefix). */
void kc_warn(struct kconf *kc, const char *file, int line, const char *fmt, ...) KC_PRINTF(4, 5);
/* "file:line: fmt\n" to kc->err, counts an error. */
void kc_error(struct kconf *kc, const char *file, int line, const char *fmt, ...) KC_PRINTF(4, 5);
/* Print (no prefix added) and longjmp to the armed entry point. */
void kc_fatal(struct kconf *kc, const char *fmt, ...) KC_PRINTF(2, 3) KC_NORETURN;

/* Interned file names: every Kconfig file name used in the tree, where the
 * kernel calls file_lookup(); kc->files keeps them in first-lookup order. */
const char *kc_file_lookup(struct kconf *kc, const char *name);

/* ------------------------------------------------------------------ */
/* expr.c: hash-consed immutable expressions                           */

enum expr_type {
	E_NONE, E_OR, E_AND, E_NOT,
	E_EQUAL, E_UNEQUAL, E_LTH, E_LEQ, E_GTH, E_GEQ,
	E_LIST,		/* only 6.1 choices (rev_dep of choice values) */
	E_SYMBOL, E_RANGE
};

struct symbol;

union expr_data {
	struct expr *expr;
	struct symbol *sym;
};

/*
 * Expressions are interned: the same (type, left, right) is the same node,
 * so pointer equality is structural equality.  Never modify a node.
 */
struct expr {
	union expr_data left, right;
	/*
	 * A bit per symbol in the tree (chosen by a hash of the symbol's
	 * address, expr_sym_bit()), so that rewrites can tell at once
	 * when two trees share no symbol.
	 */
	uint64_t syms;
	/* evaluation cache (valid while val_gen == kc->eval_gen) */
	unsigned val_gen;
	/*
	 * A node is 32 bytes: the intern table is open-addressed (no chain
	 * link) and the results of the rewrites live in a cache of expr.c
	 * (struct expr_memo), not in the node.
	 */
	unsigned char type;	/* enum expr_type */
	unsigned char val;	/* tristate */
	unsigned char flags;	/* EXPR_* */
};
/* y or n, or && / || with one on its spine (else expr_eliminate_yn keeps it) */
#define EXPR_HAS_YN 0x01
/* its dependency-cycle walk found nothing (symbol.c: check_expr_deps) */
#define EXPR_DEPS_CHECKED 0x02
/* expr_transform may rewrite it (else it returns it as it is); set on y, m, n for their ! */
#define EXPR_MAY_TRANSFORM 0x04
/* no two leaves under its &&s and ||s share a bit of syms */
#define EXPR_LEAVES_DISJOINT 0x08

struct expr_value {
	struct expr *expr;
	tristate tri;
};

static inline struct expr *expr_alloc_symbol(struct kconf *kc, struct symbol *sym);
struct expr *expr_alloc_symbol_new(struct kconf *kc, struct symbol *sym);
struct expr *expr_alloc_one(struct kconf *kc, enum expr_type type, struct expr *ce);
struct expr *expr_alloc_two(struct kconf *kc, enum expr_type type, struct expr *e1, struct expr *e2);
struct expr *expr_alloc_comp(struct kconf *kc, enum expr_type type, struct symbol *s1, struct symbol *s2);
/* NULL operands mean "yes": and(NULL,e) == e, or(NULL,e) == NULL */
struct expr *expr_alloc_and(struct kconf *kc, struct expr *e1, struct expr *e2);
struct expr *expr_alloc_or(struct kconf *kc, struct expr *e1, struct expr *e2);

tristate expr_calc_value(struct kconf *kc, struct expr *e);
bool expr_is_yes(struct kconf *kc, const struct expr *e);
bool expr_is_no(struct kconf *kc, const struct expr *e);
bool expr_contains_symbol(struct expr *dep, struct symbol *sym);
/* A symbol's bit in expr.syms (none for a missing operand) */
static inline uint64_t expr_sym_bit(const void *sym)
{
	return sym ? (uint64_t)1 << (((uint64_t)(uintptr_t)sym * 0x9E3779B97F4A7C15ull) >> 58) : 0;
}
/* false when sym is surely not in e (a cheap test on e's symbol bits) */
static inline bool expr_may_contain_symbol(const struct expr *e, const struct symbol *sym)
{
	return e->syms & expr_sym_bit(sym);
}
bool expr_depends_symbol(struct kconf *kc, struct expr *dep, struct symbol *sym);

/* The kernel's structural rewrites; output structure matches per kc->kver. */
struct expr *expr_eliminate_dups(struct kconf *kc, struct expr *e);
struct expr *expr_transform(struct kconf *kc, struct expr *e);
struct expr *expr_trans_compare(struct kconf *kc, struct expr *e, enum expr_type type, struct symbol *sym);
void expr_eliminate_eq(struct kconf *kc, struct expr **ep1, struct expr **ep2);

/* Printing exactly like the kernel's expr_print / expr_gstr_print(_revdep). */
void expr_print_kstr(struct kconf *kc, const struct expr *e, struct kstr *out);
/* Like expr_print_kstr, but each symbol is followed by " [=value]". */
void expr_print_kstr_values(struct kconf *kc, const struct expr *e, struct kstr *out);
void expr_print_revdep(struct kconf *kc, struct expr *e, struct kstr *out,
		       tristate pr_type, const char *title);
bool expr_eq(struct kconf *kc, struct expr *e1, struct expr *e2);
/* Forget cached node values (6.12 caches them between invalidations). */
void expr_invalidate_all(struct kconf *kc);
/* A symbol lost SYMBOL_VALID: 6.1's cached node values are void (6.12 keeps the kernel's). */
void expr_symbols_invalidated(struct kconf *kc);
/* Drop the cache of rewrite results (after menu_finalize, kconf_free). */
void expr_memo_release(struct kconf *kc);
void expr_mnode_pool_free(struct kconf *kc);
/* Clear a flag (EXPR_*) on every interned node */
void expr_clear_flag_all(struct kconf *kc, unsigned char flag);

enum prop_type {
	P_UNKNOWN,
	P_PROMPT,	/* prompt "foo" */
	P_COMMENT,	/* comment "foo" */
	P_MENU,		/* menu "foo" / menuconfig prompt */
	P_DEFAULT,	/* default y */
	P_CHOICE,	/* 6.1: choice value list */
	P_SELECT,	/* select BAR */
	P_IMPLY,	/* imply BAR */
	P_RANGE,	/* range 1 10 */
	P_SYMBOL,	/* where a symbol is defined (6.1) */
};

/* ------------------------------------------------------------------ */
/* symbol.c: the symbol table and value computation                    */

enum symbol_type {
	S_UNKNOWN, S_BOOLEAN, S_TRISTATE, S_INT, S_HEX, S_STRING
};

/* expr.c: */
/* s1 OP s2 by the kernel's rules: as numbers of their types when both parse, else as strings. */
tristate expr_compare_strings(enum expr_type op, const char *s1, enum symbol_type t1,
			      const char *s2, enum symbol_type t2);

/* index into symbol.def[] */
enum {
	S_DEF_USER,	/* value from .config */
	S_DEF_AUTO,	/* value from include/config/auto.conf (syncconfig) */
	S_DEF_DEF3,	/* scratch slots for front ends (KCONFIG_ALLCONFIG...) */
	S_DEF_DEF4,
	S_DEF_COUNT
};

struct symbol_value {
	const char *val;	/* string value; for bool/tristate "n"/"m"/"y" */
	tristate tri;
	/*
	 * 6.1 choice symbols only: the selected member (curr) or the user's
	 * choice (def[]), where the kernel stores a symbol pointer in 'val'.
	 */
	struct symbol *choice;
};

#define SYMBOL_CONST      0x0001  /* constant ("foo", y, m, n, numbers) */
#define SYMBOL_CALC_BUSY  0x0002  /* its sym_calc_value() is running, */
#define SYMBOL_SETTLED    0x0004  /* ... has set curr to the new value, */
#define SYMBOL_OBSERVED   0x0040  /* ... which it then read itself */
#define SYMBOL_CHECK      0x0008  /* recursion check in progress */
#define SYMBOL_CHOICE     0x0010  /* a choice block (name == NULL) */
#define SYMBOL_CHOICEVAL  0x0020  /* a member of a choice */
#define SYMBOL_VALID      0x0080  /* curr is up to date */
#define SYMBOL_OPTIONAL   0x0100  /* 6.1 'optional' choice */
#define SYMBOL_WRITE      0x0200  /* to be written to .config */
#define SYMBOL_CHANGED    0x0400  /* value changed since last cleared */
#define SYMBOL_WRITTEN    0x0800  /* already written (avoid doubles) */
#define SYMBOL_NO_WRITE   0x1000  /* never written (e.g. choices in 6.1) */
#define SYMBOL_CHECKED    0x2000  /* dependency check done */
#define SYMBOL_VIS_FRESH  0x4000  /* visibility computed since the last full invalidation */
#define SYMBOL_WARNED     0x8000  /* unmet-dependency warning issued */
#define SYMBOL_NEED_SET_CHOICE_VALUES 0x100000 /* 6.1 randconfig/allconfig */
#define SYMBOL_TRANSITIONAL 0x200000 /* 6.18 'transitional' */
#define SYMBOL_VIS_READ   0x400000 /* an old visibility was read by a choice */
/* cleared with SYMBOL_VALID of all symbols (symbol.c: sym_clear_all_valid_for_write()) */
#define SYMBOL_PASS_FLAGS (SYMBOL_VIS_FRESH | SYMBOL_VIS_READ)
#define SYMBOL_DEF        0x10000  /* first bit of the def[] valid mask */
#define SYMBOL_DEF_USER   0x10000
#define SYMBOL_DEF_AUTO   0x20000
#define SYMBOL_DEF3       0x40000
#define SYMBOL_DEF4       0x80000

#define SYMBOL_MAXLENGTH 256

struct menu;
struct property;

struct symbol {
	char *name;			/* NULL for choices */
	enum symbol_type type;
	uint32_t name_hash;		/* hash_str(name) (the kernel's), for its table order */
	uint32_t lookup_hash;		/* hash_name(name): our table's; checked before the name */
	uint32_t name_len;		/* strlen(name) of a table symbol */
	struct symbol_value curr;
	struct symbol_value def[S_DEF_COUNT];
	tristate visible;
	int flags;
	struct property *prop;		/* in definition order */
	struct property **prop_tail;	/* where menu_add_prop appends */
	struct expr_value dir_dep;	/* deps from enclosing menus/ifs/depends */
	struct expr_value rev_dep;	/* select */
	struct expr_value implied;	/* imply */

	struct menu *menus;		/* menu nodes of this symbol, via menu->sym_next */
	struct menu *menus_tail;
	struct expr *leaf;		/* expr_alloc_symbol()'s node, once made */
	/* 6.12: link in the choice's priority list (menu->choice_members) */
	struct symbol *choice_prev, *choice_next;
	/* 6.12: sym_get_choice_menu(), cached once the menu tree is final */
	struct menu *choice_menu;
	bool choice_menu_known;

	struct symbol *hash_next;	/* our lookup table */
	unsigned seq;			/* creation order, for kernel iteration order */
	int user_line;			/* line of the config file that set def[S_DEF_USER] */
	void *data;			/* for front ends */

	/* origin tracking for the explain commands: set by sym_calc_value */
	const struct property *value_prop;	/* default that gave the value */
};

struct symbol *sym_lookup(struct kconf *kc, const char *name, int flags);
/* sym_lookup() of the len bytes at name (no NUL needed; name may be NULL) */
struct symbol *sym_lookup_len(struct kconf *kc, const char *name, size_t len, int flags);
/* Same, hash == hash_name(name, len) already known */
struct symbol *sym_lookup_hashed(struct kconf *kc, const char *name, size_t len, uint32_t hash,
				 int flags);
/*
 * sym_lookup_hashed(kc, name, len, hash, 0) of a word (len >= 1) whose bytes
 * up to the next multiple of 8 after it can be read (the lexer's are).
 */
struct symbol *sym_lookup_word(struct kconf *kc, const char *name, size_t len, uint32_t hash);
struct symbol *sym_find(struct kconf *kc, const char *name);
/* sym_find() when strlen(name) == len and hash_name(name, len) == hash are known */
struct symbol *sym_find_hashed(struct kconf *kc, const char *name, size_t len, uint32_t hash);
/*
 * All symbols (incl. constants and choices) in the order the reference
 * implementation's for_all_symbols() visits them; depends on kc->kver.
 * Returns a cached array of kc->nr_symbols_all entries; valid until the next
 * sym_lookup that creates a symbol.
 */
struct symbol **sym_all_kernel_order(struct kconf *kc, size_t *count);
/* All named, non-constant symbols in definition order. */
#define for_all_defined_symbols(kc, i, sym) \
	for ((i) = 0; (i) < (kc)->nr_syms && ((sym) = (kc)->syms[(i)], 1); (i)++)

const char *sym_type_name(enum symbol_type type);
void sym_calc_value_invalid(struct kconf *kc, struct symbol *sym);
/* most calls find the value valid: no call for those */
static inline void sym_calc_value(struct kconf *kc, struct symbol *sym)
{
	if (sym && !(sym->flags & SYMBOL_VALID))
		sym_calc_value_invalid(kc, sym);
}
void sym_clear_all_valid(struct kconf *kc);
/* conf_write(): sym_clear_all_valid(), or nothing where recomputing would change nothing */
void sym_clear_all_valid_for_write(struct kconf *kc);
/* Every symbol just lost SYMBOL_VALID and SYMBOL_PASS_FLAGS. */
void sym_pass_begins(struct kconf *kc);
/* The state may now differ from what recomputing every value gives. */
void sym_replay_lost(struct kconf *kc);
void sym_note_busy_read(struct kconf *kc, struct symbol *sym);
/* A computation reads sym's value (sym_calc_value(kc, sym) was called). */
static inline void sym_note_read(struct kconf *kc, struct symbol *sym)
{
	if (sym->flags & SYMBOL_CALC_BUSY)
		sym_note_busy_read(kc, sym);
}
void sym_set_changed(struct kconf *kc, struct symbol *sym);
void sym_set_all_changed(struct kconf *kc);
enum symbol_type sym_get_type(struct kconf *kc, const struct symbol *sym);
bool sym_tristate_within_range(struct kconf *kc, const struct symbol *sym, tristate tri);
bool sym_set_tristate_value(struct kconf *kc, struct symbol *sym, tristate tri);
tristate sym_toggle_tristate_value(struct kconf *kc, struct symbol *sym);
bool sym_string_valid(struct kconf *kc, struct symbol *sym, const char *newval);
bool sym_string_within_range(struct kconf *kc, struct symbol *sym, const char *str);
bool sym_set_string_value(struct kconf *kc, struct symbol *sym, const char *newval);
bool sym_is_changeable(struct kconf *kc, const struct symbol *sym);
const char *sym_get_string_value(struct kconf *kc, struct symbol *sym);
const char *sym_get_string_default(struct kconf *kc, struct symbol *sym);
struct property *sym_get_range_prop(struct kconf *kc, struct symbol *sym);
struct property *sym_get_default_prop(struct kconf *kc, struct symbol *sym);
struct symbol *sym_check_deps(struct kconf *kc, struct symbol *sym);
bool sym_dep_errors(struct kconf *kc);
static inline struct symbol *prop_get_symbol(const struct property *prop);
const char *prop_get_type_name(enum prop_type type);

static inline tristate sym_get_tristate_value(const struct symbol *sym) { return sym->curr.tri; }
static inline bool sym_is_choice(const struct symbol *sym) { return sym->flags & SYMBOL_CHOICE; }
static inline bool sym_is_choice_value(const struct symbol *sym) { return sym->flags & SYMBOL_CHOICEVAL; }
static inline bool sym_is_optional(const struct symbol *sym) { return sym->flags & SYMBOL_OPTIONAL; }
static inline bool sym_has_value(const struct symbol *sym) { return sym->flags & SYMBOL_DEF_USER; }

/* Choices.  6.1: the choice is a symbol with properties; 6.12: menu based. */
static inline struct menu *sym_get_choice_menu(struct kconf *kc, const struct symbol *sym);
struct menu *sym_get_choice_menu_uncached(struct kconf *kc, const struct symbol *sym);
struct symbol *sym_choice_default(struct kconf *kc, struct menu *choice);
struct symbol *sym_calc_choice(struct kconf *kc, struct menu *choice);	/* 6.12 */
void choice_set_value(struct kconf *kc, struct menu *choice, struct symbol *sym);	/* 6.12 */
/* 6.12 choice priority list (kernel: list_add_tail / list_move / list_move_tail). */
bool choice_member_linked(const struct symbol *sym);
void choice_member_add_tail(struct menu *choice, struct symbol *sym);
void choice_member_move_front(struct menu *choice, struct symbol *sym);
void choice_member_move_tail(struct menu *choice, struct symbol *sym);
/* 6.1: the P_CHOICE property of a choice or choice value */
struct property *sym_get_choice_prop(struct kconf *kc, struct symbol *sym);
void set_all_choice_values(struct kconf *kc, struct symbol *csym);	/* 6.1 */
/* Iterate 6.1 choice values: the E_LIST chain of the P_CHOICE property. */
#define expr_list_for_each_sym(l, e, s) \
	for ((e) = (l); (e) && ((s) = (e)->right.sym); (e) = (e)->left.expr)

/* ------------------------------------------------------------------ */
/* properties and the menu tree (menu.c)                               */


struct property {
	struct property *next;
	const char *text;		/* prompt text: P_PROMPT, P_MENU, P_COMMENT */
	struct expr_value visible;	/* the 'if' part, then the full visibility */
	struct expr *expr;		/* value: default expr, select/imply symbol, range */
	struct menu *menu;		/* menu node the property belongs to */
	const char *filename;
	enum prop_type type;		/* next to lineno: no padding (~50k of them) */
	int lineno;
};

#define for_all_properties(sym, st, tok) \
	for ((st) = (sym)->prop; (st); (st) = (st)->next) if ((st)->type == (tok))
#define for_all_defaults(sym, st) for_all_properties(sym, st, P_DEFAULT)
#define for_all_prompts(sym, st) \
	for ((st) = (sym)->prop; (st); (st) = (st)->next) if ((st)->text)

#define MENU_CHANGED 0x0001
#define MENU_ROOT    0x0002

struct menu {
	struct menu *next;	/* sibling */
	struct menu *parent;
	struct menu *list;	/* first child */
	struct symbol *sym;	/* NULL for menu/comment/if */
	struct menu *sym_next;	/* next menu node of the same symbol */
	/*
	 * 6.12: members of this choice in priority order (first = highest);
	 * use the choice_member_* functions of symbol.c to edit it.
	 */
	struct symbol *choice_members, *choice_members_tail;
	struct property *prompt;
	struct expr *visibility;	/* 'visible if' */
	struct expr *dep;		/* 'depends on' / 'if', then propagated */
	const char *help;
	const char *filename;
	int lineno;
	unsigned flags;		/* next to lineno: no padding */
	void *data;		/* for front ends */
	/* the if/menu/choice block the entry is written in (its parent before
	 * menu_finalize() flattens ifs and builds implicit submenus) */
	struct menu *block;
};

/* Building the tree (called by the parser, in Kconfig order). */
void menu_init(struct kconf *kc);
void menu_add_entry(struct kconf *kc, struct symbol *sym, const char *file, int line);
struct menu *menu_add_menu(struct kconf *kc);	/* descend into current entry */
void menu_end_menu(struct kconf *kc);		/* back to parent */
void menu_add_dep(struct kconf *kc, struct expr *dep);
/* 'depends on DEP if COND' (7.0): effectively DEP || !COND, recorded as such */
void menu_add_dep_if(struct kconf *kc, struct expr *dep, struct expr *cond);
void menu_add_visibility(struct kconf *kc, struct expr *dep);
struct property *menu_add_prompt(struct kconf *kc, enum prop_type type, const char *prompt,
				 struct expr *dep, const char *file, int line);
void menu_add_expr(struct kconf *kc, enum prop_type type, struct expr *expr, struct expr *dep,
		   const char *file, int line);
void menu_add_symbol(struct kconf *kc, enum prop_type type, struct symbol *sym, struct expr *dep,
		     const char *file, int line);
void menu_set_type(struct kconf *kc, enum symbol_type type, const char *file, int line);
void menu_set_help(struct kconf *kc, const char *help);
/* After parsing: propagate dependencies, build implicit submenus, checks. */
void menu_finalize(struct kconf *kc);

struct menu *menu_next(struct menu *menu, struct menu *root);
#define menu_for_each_sub_entry(menu, root) \
	for ((menu) = menu_next((root), (root)); (menu); (menu) = menu_next((menu), (root)))
bool menu_is_empty(struct kconf *kc, struct menu *menu);
bool menu_is_visible(struct kconf *kc, struct menu *menu);
bool menu_has_prompt(const struct menu *menu);
const char *menu_get_prompt(const struct menu *menu);
struct menu *menu_get_parent_menu(struct kconf *kc, struct menu *menu);
bool menu_has_help(const struct menu *menu);
const char *menu_get_help(const struct menu *menu);
/* The text menuconfig's help screen / conf's '?' / --helpnewconfig show. */
void menu_get_ext_help(struct kconf *kc, struct menu *menu, struct kstr *help);
void get_symbol_str(struct kconf *kc, struct kstr *r, struct symbol *sym);

/* ------------------------------------------------------------------ */
/* preprocess.c: the $(...) macro language                             */

/* Expand all macros in a Kconfig line fragment; result is heap-allocated. */
char *expand_string(struct kconf *kc, const char *in);
/* Expand a token, stopping at the first unquoted char in 'stops' (lexer use). */
char *expand_dollar(struct kconf *kc, const char **str);
/* Variable assignment: 'flavor' is '=', ':=' or '+='. */
enum variable_flavor { VAR_SIMPLE, VAR_RECURSIVE, VAR_APPEND };
void variable_add(struct kconf *kc, const char *name, const char *value, enum variable_flavor flavor);
void variable_all_del(struct kconf *kc);
/* Environment variables referenced so far, in first-use order, with values. */
struct env_entry { const char *name, *value; struct env_entry *next; };
void env_write_dep(struct kconf *kc, struct kstr *out);	/* for auto.conf.cmd */

/* ------------------------------------------------------------------ */
/* lexer.c / parser.c                                                   */

/* Parse the Kconfig tree rooted at 'name' into kc (then menu_finalize). */
void conf_parse(struct kconf *kc, const char *name);

/* ------------------------------------------------------------------ */
/* confdata.c: .config, auto.conf, autoconf.h, rustc_cfg, defconfig     */

int conf_read(struct kconf *kc, const char *name);
int conf_read_simple(struct kconf *kc, const char *name, int def);
int conf_write(struct kconf *kc, const char *name);
int conf_write_defconfig(struct kconf *kc, const char *name);
int conf_write_autoconf(struct kconf *kc, int overwrite);
const char *conf_get_configname(struct kconf *kc);
const char *conf_get_autoconfig_name(struct kconf *kc);
void conf_set_changed(struct kconf *kc, bool val);
bool conf_get_changed(struct kconf *kc);
bool conf_errors(struct kconf *kc);
/* Open a file relative to $srctree when not found as given (kernel rules). */
FILE *zconf_fopen(struct kconf *kc, const char *name);

/* --- confdata.c (appended) --- */
/* fn == NULL silences "configuration written to ..." etc. (conf -s, syncconfig) */
void conf_set_message_callback(struct kconf *kc, void (*fn)(void *ud, const char *msg), void *ud);
void conf_set_changed_callback(struct kconf *kc, void (*fn)(bool));
/*
 * Apply one "CONFIG_<sym>=<val>" (val "n": "is not set") as a user value,
 * exactly as reading it as the last line of a .config would (choices
 * included); the caller recomputes.  Returns 0, or -1 for an invalid value.
 * For origin.c's what-if planning.
 */
int conf_apply_user_value(struct kconf *kc, struct symbol *sym, const char *val);
/* A string value as .config spells it: "..." with '"' and '\' escaped (heap). */
char *conf_quote_value(const char *in);
/* listnewconfig line: CONFIG_X=val (n printed as =n), to kc->out */
void print_symbol_for_listconfig(struct kconf *kc, struct symbol *sym);
/* --- end confdata.c --- */

/* ------------------------------------------------------------------ */
/* The context                                                          */


struct kconf {
	int kver;			/* KV(major, minor) of the reference */
	FILE *out, *err;		/* message streams */
	struct arena arena;
	jmp_buf *fatal_jmp;		/* armed by public entry points */

	/* symbols */
	struct symbol **sym_hash;	/* lookup table, grown to keep chains short */
	size_t sym_hash_size, nr_hashed;
	struct symbol **syms;		/* named non-const symbols, definition order */
	size_t nr_syms, cap_syms;
	unsigned sym_seq;		/* next symbol->seq */
	struct symbol **kernel_order;	/* cache for sym_all_kernel_order */
	size_t kernel_order_len;
	bool kernel_order_valid;
	struct symbol symbol_yes, symbol_mod, symbol_no;
	struct symbol *modules_sym;

	/* expressions */
	struct expr **expr_hash;	/* open-addressed intern table */
	size_t expr_hash_size, nr_exprs;
	unsigned expr_hash_shift;	/* 64 - log2(expr_hash_size) */
	size_t expr_hash_limit;		/* nr_exprs that makes it grow (70% full) */
	struct expr_memo *expr_memo;	/* results of the rewrites (menu_finalize) */
	struct mnode_pool *mnode_pool;	/* scratch nodes of 6.1's dups walk */
	unsigned eval_gen;		/* bump to invalidate cached expr values */
	unsigned type_gen;		/* bumped when a symbol type changes (expr memos) */
	unsigned eval_type_gen;		/* 6.1: type_gen the cached expr values saw */
	unsigned eval_unstable;		/* 6.1: reads of symbols being computed (not cacheable) */
	int trans_count;		/* rewrites done by the current simplification pass */

	/* menu tree */
	struct menu rootmenu;
	struct menu *current_menu, *current_entry;
	struct menu **last_entry_ptr;	/* where menu_add_entry links the next entry */
	/* menu.c: has vis_menu or a parent of it 'visible if'? (NULL: not known) */
	const struct menu *vis_menu;
	bool vis_menu_has;
	struct submenu_base *submenu_bases;	/* menu.c: innermost pending one */
	bool menus_final;		/* menu_finalize() done: the tree no longer changes */

	/* files: every Kconfig file looked up, in first-lookup order */
	struct kc_file {
		const char *name;
		struct kc_file *next;		/* first-lookup order */
		struct kc_file *hash_next;
		uint32_t hash;
	} *files, *files_tail;
#define KC_FILE_HASH 4096
	struct kc_file *file_hash[KC_FILE_HASH];
	const char *cur_filename;
	int cur_lineno;

	/* macros and environment */
	struct var_table *variables;	/* preprocess.c */
	struct env_entry *env_head, *env_tail;
	int macro_depth;
	const char *(*getenv_fn)(void *ud, const char *name);	/* default: getenv */
	void *getenv_ud;

	/* config data state */
	bool conf_changed;
	void (*conf_changed_cb)(bool);
	int conf_warnings;
	int parse_errors;
	struct kstr autoconf_cmd_buf;
	const char *config_prefix;	/* "CONFIG_" or $CONFIG_ */
	const char *user_config_name;	/* config file last read as user values (arena) */

	/* symbol.c */
	struct symbol **all_syms;	/* every symbol incl. constants and choices, by seq */
	size_t nr_all, cap_all;
	tristate modules_val;		/* value of modules_sym when last computed */
	int sym_warnings;		/* unmet-dependency warnings printed */
	struct dep_stack *check_top;	/* recursion check stack (sym_check_deps) */
	int calc_depth;			/* nesting of sym_calc_value */
	struct symbol *calc_top;	/* the innermost symbol being computed */
	/* would a pass recomputing every value give back the current state? (symbol.c) */
	bool values_replayable;
	unsigned replay_type_gen;	/* type_gen when that pass began */
	unsigned pass_calcs;		/* values computed in that pass */

	/* --- confdata.c (appended) --- */
	/* conf_message(): unset = print "#\n# msg\n#\n" to kc->out;
	 * set with fn == NULL = silent (kernel's conf_set_message_callback(NULL)) */
	bool conf_message_set;
	void (*conf_message_fn)(void *ud, const char *msg);
	void *conf_message_ud;
	char *depfile_prefix;	/* dir of auto.conf for touch files (arena) */
	/* --- end confdata.c --- */

	/* --- lexer.c / parser.c / preprocess.c (appended) ---
	 * lex_filename/lex_lineno: file the lexer is reading and its line (the
	 * kernel's yylineno); $(filename), $(lineno) and macro errors use them.
	 * cur_filename/cur_lineno (above) are the parser's statement position
	 * used for parser messages (6.1: "<none>" while NULL). */
	const char *lex_filename;
	int lex_lineno;
	struct kc_lexer *lexer;		/* private to lexer.c */
	struct arena pp_scratch;	/* preprocess.c: strings of one expansion */
	/* > 0 while expanding text whose $(shell) results steer what is parsed
	 * next (a ':=' value, an error-if condition): probe_cache.c's pre-pass
	 * does not guess those results; pp_stop_probes > 0 in an error-if
	 * condition, whose results it waits for at once */
	int pp_wait_probes, pp_stop_probes;
	/* the pre-pass's context: how many ':=' results it left pending, to be
	 * filled in where a name, a command or an error-if condition needs
	 * them (probe_spec_resolve()) */
	unsigned pp_futures;
	/* the pre-pass's context: it needs only the $(shell) calls, so
	 * conf_parse() stops after parsing (no menu_finalize() etc.) */
	bool parse_only;
	/* $(shell) calls so far: the lexer forgets what it learnt of the cwd's
	 * files after each (a command may create files) */
	unsigned long shell_calls;
	/* --- end lexer.c / parser.c / preprocess.c --- */

	struct probe_cache *probe_cache;	/* probe_cache.c (lazily created) */
};

/* The most frequent node: kept in the symbol, saving the table probe (and, inline, a call) */
static inline struct expr *expr_alloc_symbol(struct kconf *kc, struct symbol *sym)
{
	return sym->leaf ? sym->leaf : expr_alloc_symbol_new(kc, sym);
}

/* The symbol of a select, imply, choice or plain-symbol default (inline: finalizing asks per property) */
static inline struct symbol *prop_get_symbol(const struct property *prop)
{
	if (prop->expr && (prop->expr->type == E_SYMBOL || prop->expr->type == E_LIST))
		return prop->expr->left.sym;
	return NULL;
}

/*
 * The choice whose member sym is, if any.  Inline for the cached answer (most
 * calls), which symbol.c keeps once the 6.12 menu tree is final.
 */
static inline struct menu *sym_get_choice_menu(struct kconf *kc, const struct symbol *sym)
{
	if (sym->choice_menu_known)
		return sym->choice_menu;
	return sym_get_choice_menu_uncached(kc, sym);
}

static inline const char *kc_getenv(struct kconf *kc, const char *name)
{
	return kc->getenv_fn(kc->getenv_ud, name);
}

/* ---- lexer.c / parser.c / preprocess.c (appended) ----
 * auto.conf.cmd: what conf_parse() leaves for confdata.c.
 *  - 6.12+: conf_parse() builds the complete kernel text in
 *    kc->autoconf_cmd_buf (kc->autoconf_cmd points at its string):
 *    "\ndeps_config := \\\n", "\t<file> \\\n" for every Kconfig file,
 *    "\n$(autoconfig): $(deps_config)\n$(deps_config): ;\n", then the env
 *    part from env_write_dep().  Write it like conf_write_autoconf_cmd().
 *  - 6.1: nothing is prebuilt.  Write "deps_config := \\\n", then
 *    "\t%s \\\n" for each kc->files entry in REVERSE order (the 6.1 kernel
 *    prepends to its list), then "\n%s: $(deps_config)\n\n" (autoconf
 *    name), then env_write_dep(kc, &str) (6.1 mode prints
 *    "ifneq \"$(N)\" \"V\"\n<autoconf name>: FORCE\nendif\n" per env var
 *    and empties the list), then "\n$(deps_config): ;\n".
 * 6.12: the parser adds each config of a choice block with
 * choice_member_add_tail() unless choice_member_linked() (as the kernel).
 */
/* Expand a word; stops at the first char outside [A-Za-z0-9_-]. */
char *expand_one_token(struct kconf *kc, const char **str);
/* The text $(shell) makes of n bytes of output in out (room for 4096):
 * trailing newlines dropped, the others made spaces; returns its length. */
size_t shell_output_text(char *out, size_t n);
/* Drop the state of an expansion interrupted by a fatal error. */
void preprocess_cleanup(struct kconf *kc);
/* ---- end lexer.c / parser.c / preprocess.c ---- */

/* ---- probe_cache.c: $(shell,...) results cached across runs ----
 * See the comment at the top of probe_cache.c for the key and layout.
 * probe_cache_enabled(): false with KFORGE_NO_CACHE=1 or no cache dir.
 * probe_shell(): run or replay CMD like popen()+fread(buf, 4096): copies up
 * to 4096 bytes of stdout to out and returns the count (-1 when the child
 * could not be started, errno set); the child's stderr goes (or, on a hit,
 * is replayed) to fd 2.  probe_cache_free(): called by kconf_free().
 * probe_cache_basedir(): $XDG_CACHE_HOME/kforge or ~/.cache/kforge (heap),
 * NULL when neither is an absolute path.
 */
struct probe_cache;
bool probe_cache_enabled(struct kconf *kc);
long probe_shell(struct kconf *kc, const char *cmd, char *out);
void probe_cache_free(struct kconf *kc);
/* probe_cache_parsed(): the parse ran no further $(shell): end what the pre-pass started */
void probe_cache_parsed(struct kconf *kc);
/* probe_spec_resolve(): in the pre-pass, TEXT with the results it left
 * pending waited for and filled in, into *out; false when TEXT has none */
bool probe_spec_resolve(struct kconf *kc, const char *text, struct kstr *out);
char *probe_cache_basedir(void);
/* ---- end probe_cache.c ---- */

#endif /* KCONF_INTERNAL_H */
