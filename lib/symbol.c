/* SPDX-License-Identifier: MIT */
/*
 * Symbols: the table, value computation, user values and choices, and the
 * recursive-dependency check.
 *
 * The value rules are the kernel's, down to the order in which things are
 * evaluated, since warnings are printed as a side effect of evaluation and
 * randconfig draws random numbers in symbol order.  Where 6.1 and 6.12
 * differ (mostly choices), both are here, selected by kc->kver.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define NEW_CHOICES(kc) KC_NEW_CHOICES(kc)

/* ---- the table ---- */

static void all_syms_push(struct kconf *kc, struct symbol *sym)
{
	if (kc->nr_all == kc->cap_all) {
		kc->cap_all = kc->cap_all ? kc->cap_all * 2 : 4096;
		kc->all_syms = xrealloc(kc->all_syms, kc->cap_all * sizeof(*kc->all_syms));
	}
	kc->all_syms[kc->nr_all++] = sym;
}

static void syms_push(struct kconf *kc, struct symbol *sym)
{
	if (kc->nr_syms == kc->cap_syms) {
		kc->cap_syms = kc->cap_syms ? kc->cap_syms * 2 : 4096;
		kc->syms = xrealloc(kc->syms, kc->cap_syms * sizeof(*kc->syms));
	}
	kc->syms[kc->nr_syms++] = sym;
}

/* y, m or n for a one-letter name, else NULL */
static inline struct symbol *sym_const_of(struct kconf *kc, char c)
{
	switch (c) {
	case 'y': return &kc->symbol_yes;
	case 'm': return &kc->symbol_mod;
	case 'n': return &kc->symbol_no;
	}
	return NULL;
}

static struct symbol *sym_const_ynm(struct kconf *kc, const char *name)
{
	return name[0] && !name[1] ? sym_const_of(kc, name[0]) : NULL;
}

/* Does an existing symbol satisfy a lookup with these flags (kernel rule)? */
static bool lookup_match(struct kconf *kc, const struct symbol *s, int flags)
{
	if (flags)
		return s->flags & flags;
	if (NEW_CHOICES(kc))
		return !(s->flags & SYMBOL_CONST);
	return !(s->flags & (SYMBOL_CONST | SYMBOL_CHOICE));
}

/* Does the table symbol's name (hash_name() == hash) equal the len bytes at s? */
static bool name_is(const struct symbol *sym, const char *s, size_t len, uint32_t hash)
{
	return sym->lookup_hash == hash && sym->name_len == len && memcmp(sym->name, s, len) == 0;
}

struct symbol *sym_lookup(struct kconf *kc, const char *name, int flags)
{
	return sym_lookup_len(kc, name, name ? strlen(name) : 0, flags);
}

struct symbol *sym_lookup_len(struct kconf *kc, const char *name, size_t len, int flags)
{
	return sym_lookup_hashed(kc, name, len, name ? hash_name(name, len) : 0, flags);
}

/*
 * Double the lookup table when it holds as many names as buckets: its size
 * must follow the tree (1M symbols in a fixed 32k table made lookups half
 * of the run); a kernel tree (20k-25k names) fits the first size.  The
 * kernel's iteration order does not depend on it.
 */
static void sym_hash_grow(struct kconf *kc)
{
	size_t nsize = kc->sym_hash_size ? kc->sym_hash_size * 2 : 1u << 15;
	struct symbol **ntab = xcalloc(nsize, sizeof(*ntab));

	for (size_t i = 0; i < kc->sym_hash_size; i++) {
		struct symbol *sym = kc->sym_hash[i], *next;

		for (; sym; sym = next) {
			size_t b = sym->lookup_hash & (nsize - 1);

			next = sym->hash_next;
			sym->hash_next = ntab[b];
			ntab[b] = sym;
		}
	}
	free(kc->sym_hash);
	kc->sym_hash = ntab;
	kc->sym_hash_size = nsize;
}

static struct symbol *sym_bucket(const struct kconf *kc, uint32_t hash)
{
	return kc->sym_hash_size ? kc->sym_hash[hash & (kc->sym_hash_size - 1)] : NULL;
}

/* A copy of name[0..len) with a NUL, zero-filled to a multiple of 8 bytes */
static char *table_name(struct arena *a, const char *name, size_t len)
{
	size_t size = (len + 8) & ~(size_t)7;
	char *p;

	if (arena_room(a) < size)
		return memcpy(arena_alloc(a, size), name, len);
	p = a->cur;
	arena_keep(a, size);
	memset(p + size - 8, 0, 8);
	return memcpy(p, name, len);
}

/*
 * A new table symbol (or, name NULL, a choice).  Its name is zero-filled up
 * to a multiple of 8 bytes, so that sym_lookup_word() compares it a word at
 * a time.
 */
static __attribute__((noinline)) struct symbol *sym_create(struct kconf *kc, const char *name,
							    size_t len, uint32_t hash, int flags)
{
	struct symbol *sym;
	size_t b;

	sym = arena_alloc(&kc->arena, sizeof(*sym));
	sym->type = S_UNKNOWN;
	sym->flags = flags;
	sym->seq = kc->sym_seq++;
	if (name) {
		sym->name = table_name(&kc->arena, name, len);
		sym->name_hash = hash_strn(name, len);
		sym->lookup_hash = hash;
		sym->name_len = (uint32_t)len;
		if (kc->nr_hashed >= kc->sym_hash_size)
			sym_hash_grow(kc);
		b = hash & (kc->sym_hash_size - 1);
		sym->hash_next = kc->sym_hash[b];
		kc->sym_hash[b] = sym;
		kc->nr_hashed++;
		if (!(flags & SYMBOL_CONST))
			syms_push(kc, sym);
	} else {
		sym->flags |= SYMBOL_CHOICE;
	}
	all_syms_push(kc, sym);
	kc->kernel_order_valid = false;
	return sym;
}

struct symbol *sym_lookup_hashed(struct kconf *kc, const char *name, size_t len, uint32_t hash,
				 int flags)
{
	struct symbol *sym;

	if (name) {
		if (len == 1 && (sym = sym_const_of(kc, name[0])))
			return sym;
		for (sym = sym_bucket(kc, hash); sym; sym = sym->hash_next)
			if (name_is(sym, name, len, hash) && lookup_match(kc, sym, flags))
				return sym;
	}
	return sym_create(kc, name, len, hash, flags);
}

/*
 * A table name (zero-filled to a multiple of 8) equals s[0..len), len >= 1,
 * whose bytes up to the next multiple of 8 may be read: a word at a time.
 */
static inline bool padded_name_is(const char *name, const char *s, size_t len)
{
	for (; len > 8; len -= 8, name += 8, s += 8)
		if (load_le64(name) != load_le64(s))
			return false;
	return load_le64(name) == (load_le64(s) & (~(uint64_t)0 >> (64 - 8 * len)));
}

/*
 * The parser's lookup of a word: a slice of the lexer's buffer, hashed while
 * scanned.  Finding a symbol calls nothing, so this needs no stack frame.
 */
struct symbol *sym_lookup_word(struct kconf *kc, const char *name, size_t len, uint32_t hash)
{
	struct symbol *sym;

	if (len == 1 && (sym = sym_const_of(kc, name[0])))
		return sym;
	for (sym = sym_bucket(kc, hash); sym; sym = sym->hash_next)
		if (sym->lookup_hash == hash && sym->name_len == len &&
		    padded_name_is(sym->name, name, len) && lookup_match(kc, sym, 0))
			return sym;
	return sym_create(kc, name, len, hash, 0);
}

struct symbol *sym_find(struct kconf *kc, const char *name)
{
	if (!name)
		return NULL;
	size_t len = strlen(name);
	return sym_find_hashed(kc, name, len, hash_name(name, len));
}

struct symbol *sym_find_hashed(struct kconf *kc, const char *name, size_t len, uint32_t hash)
{
	if (len == 1) {
		struct symbol *c = sym_const_ynm(kc, name);
		if (c)
			return c;
	}
	for (struct symbol *sym = sym_bucket(kc, hash); sym; sym = sym->hash_next)
		if (name_is(sym, name, len, hash) && !(sym->flags & SYMBOL_CONST))
			return sym;
	return NULL;
}

/*
 * The kernel walks its symbol hash table bucket by bucket, newest first in
 * each bucket.  6.1 has 9973 buckets, 6.12 has 16384; nameless choices sit
 * in bucket 0.
 */
static unsigned kernel_bucket(const struct kconf *kc, const struct symbol *s)
{
	if (!s->name)
		return 0;
	uint32_t h = s->name_hash;
	return kc->kver >= KV(6, 12) ? h % 16384u : h % 9973u;
}

struct order_key {
	unsigned bucket, seq;
	struct symbol *sym;
};

static int order_cmp(const void *a, const void *b)
{
	const struct order_key *x = a, *y = b;
	if (x->bucket != y->bucket)
		return x->bucket < y->bucket ? -1 : 1;
	return x->seq > y->seq ? -1 : x->seq < y->seq;
}

struct symbol **sym_all_kernel_order(struct kconf *kc, size_t *count)
{
	if (!kc->kernel_order_valid) {
		size_t n = kc->nr_all, i;
		unsigned nb = kc->kver >= KV(6, 12) ? 16384u : 9973u;
		unsigned *bucket = xmalloc((n ? n : 1) * sizeof(*bucket));
		size_t *start = xcalloc(nb + 1, sizeof(*start));
		bool by_seq = true;

		free(kc->kernel_order);
		kc->kernel_order = xmalloc((n ? n : 1) * sizeof(*kc->kernel_order));
		for (i = 0; i < n; i++) {
			bucket[i] = kernel_bucket(kc, kc->all_syms[i]);
			start[bucket[i] + 1]++;
			if (i && kc->all_syms[i - 1]->seq >= kc->all_syms[i]->seq)
				by_seq = false;
		}
		if (by_seq) {
			/* counting sort: buckets in order, newest (highest seq) first */
			for (i = 0; i < nb; i++)
				start[i + 1] += start[i];
			for (i = n; i-- > 0;)
				kc->kernel_order[start[bucket[i]]++] = kc->all_syms[i];
		} else {
			struct order_key *keys = xmalloc((n ? n : 1) * sizeof(*keys));
			for (i = 0; i < n; i++) {
				keys[i].sym = kc->all_syms[i];
				keys[i].seq = kc->all_syms[i]->seq;
				keys[i].bucket = bucket[i];
			}
			qsort(keys, n, sizeof(*keys), order_cmp);
			for (i = 0; i < n; i++)
				kc->kernel_order[i] = keys[i].sym;
			free(keys);
		}
		free(start);
		free(bucket);
		kc->kernel_order_len = n;
		kc->kernel_order_valid = true;
	}
	*count = kc->kernel_order_len;
	return kc->kernel_order;
}

/* ---- small queries ---- */

const char *sym_type_name(enum symbol_type type)
{
	switch (type) {
	case S_BOOLEAN: return "bool";
	case S_TRISTATE: return "tristate";
	case S_INT: return "integer";
	case S_HEX: return "hex";
	case S_STRING: return "string";
	case S_UNKNOWN: return "unknown";
	}
	return "???";
}

const char *prop_get_type_name(enum prop_type type)
{
	switch (type) {
	case P_PROMPT: return "prompt";
	case P_COMMENT: return "comment";
	case P_MENU: return "menu";
	case P_DEFAULT: return "default";
	case P_CHOICE: return "choice";
	case P_SELECT: return "select";
	case P_IMPLY: return "imply";
	case P_RANGE: return "range";
	case P_SYMBOL: return "symbol";
	case P_UNKNOWN: break;
	}
	return "unknown";
}

struct property *sym_get_choice_prop(struct kconf *kc, struct symbol *sym)
{
	struct property *prop;
	(void)kc;
	for_all_properties(sym, prop, P_CHOICE)
		return prop;
	return NULL;
}

/* 6.1: the choice symbol a choice value belongs to */
static struct symbol *choice_of_61(struct kconf *kc, const struct symbol *sym)
{
	struct property *prop = sym_get_choice_prop(kc, (struct symbol *)sym);
	return prop ? prop_get_symbol(prop) : NULL;
}

static struct menu *find_choice_menu(const struct symbol *sym)
{
	struct menu *menu = NULL, *m;

	/* a choice member has a prompt; its nearest symbol ancestor is the choice */
	for (m = sym->menus; m; m = m->sym_next)
		if (m->prompt) {
			menu = m;
			break;
		}
	if (!menu)
		return NULL;
	do {
		menu = menu->parent;
	} while (menu && !menu->sym);
	if (menu && menu->sym && sym_is_choice(menu->sym))
		return menu;
	return NULL;
}

struct menu *sym_get_choice_menu_uncached(struct kconf *kc, const struct symbol *sym)
{
	if (!NEW_CHOICES(kc)) {
		if (!sym_is_choice_value(sym))
			return NULL;
		struct symbol *cs = choice_of_61(kc, sym);
		return cs ? cs->menus : NULL;
	}
	if (!kc->menus_final)
		return find_choice_menu(sym);
	/* the answer depends only on the final tree: walk it once per symbol */
	if (!sym->choice_menu_known) {
		struct symbol *s = (struct symbol *)sym;	/* a cache, not the value */
		s->choice_menu = find_choice_menu(sym);
		s->choice_menu_known = true;
	}
	return sym->choice_menu;
}

enum symbol_type sym_get_type(struct kconf *kc, const struct symbol *sym)
{
	enum symbol_type type = sym->type;

	if (type == S_TRISTATE) {
		if (!NEW_CHOICES(kc) && sym_is_choice_value(sym) && sym->visible == yes)
			type = S_BOOLEAN;
		else if (kc->modules_val == no)
			type = S_BOOLEAN;
	}
	return type;
}

struct property *sym_get_default_prop(struct kconf *kc, struct symbol *sym)
{
	struct property *prop;

	for_all_defaults(sym, prop) {
		prop->visible.tri = expr_calc_value(kc, prop->visible.expr);
		if (prop->visible.tri != no)
			return prop;
	}
	return NULL;
}

/*
 * A computation reads sym->curr.val.  That of a bool or tristate symbol may
 * differ between two equivalent passes (see sym_clear_all_valid_for_write()).
 */
static void note_string_read(struct kconf *kc, struct symbol *sym)
{
	if (sym->type == S_BOOLEAN || sym->type == S_TRISTATE)
		sym_replay_lost(kc);
	sym_note_read(kc, sym);
}

struct property *sym_get_range_prop(struct kconf *kc, struct symbol *sym)
{
	struct property *prop;

	for_all_properties(sym, prop, P_RANGE) {
		prop->visible.tri = expr_calc_value(kc, prop->visible.expr);
		if (prop->visible.tri != no)
			return prop;
	}
	return NULL;
}

static long long sym_get_range_val(struct kconf *kc, struct symbol *sym, int base)
{
	sym_calc_value(kc, sym);
	note_string_read(kc, sym);
	if (sym->type == S_INT)
		base = 10;
	else if (sym->type == S_HEX)
		base = 16;
	return strtoll(sym->curr.val, NULL, base);
}

static void sym_validate_range(struct kconf *kc, struct symbol *sym)
{
	struct property *prop;
	struct symbol *range_sym;
	int base;
	long long val, val2;

	if (sym->type == S_INT)
		base = 10;
	else if (sym->type == S_HEX)
		base = 16;
	else
		return;
	prop = sym_get_range_prop(kc, sym);
	if (!prop)
		return;
	val = strtoll(sym->curr.val, NULL, base);
	range_sym = prop->expr->left.sym;
	val2 = sym_get_range_val(kc, range_sym, base);
	if (val >= val2) {
		range_sym = prop->expr->right.sym;
		val2 = sym_get_range_val(kc, range_sym, base);
		if (val <= val2)
			return;
	}
	sym->curr.val = range_sym->curr.val;
}

void sym_set_changed(struct kconf *kc, struct symbol *sym)
{
	(void)kc;
	sym->flags |= SYMBOL_CHANGED;
	for (struct menu *m = sym->menus; m; m = m->sym_next)
		m->flags |= MENU_CHANGED;
}

void sym_set_all_changed(struct kconf *kc)
{
	for (size_t i = 0; i < kc->nr_all; i++)
		sym_set_changed(kc, kc->all_syms[i]);
}

/* ---- 6.12 choice priority list ---- */

bool choice_member_linked(const struct symbol *sym)
{
	return sym->flags & SYMBOL_CHOICEVAL;
}

static void choice_unlink(struct menu *choice, struct symbol *sym)
{
	if (sym->choice_prev)
		sym->choice_prev->choice_next = sym->choice_next;
	else
		choice->choice_members = sym->choice_next;
	if (sym->choice_next)
		sym->choice_next->choice_prev = sym->choice_prev;
	else
		choice->choice_members_tail = sym->choice_prev;
	sym->choice_prev = sym->choice_next = NULL;
}

void choice_member_add_tail(struct menu *choice, struct symbol *sym)
{
	sym->flags |= SYMBOL_CHOICEVAL;
	sym->choice_next = NULL;
	sym->choice_prev = choice->choice_members_tail;
	if (choice->choice_members_tail)
		choice->choice_members_tail->choice_next = sym;
	else
		choice->choice_members = sym;
	choice->choice_members_tail = sym;
}

void choice_member_move_front(struct menu *choice, struct symbol *sym)
{
	choice_unlink(choice, sym);
	sym->choice_prev = NULL;
	sym->choice_next = choice->choice_members;
	if (choice->choice_members)
		choice->choice_members->choice_prev = sym;
	else
		choice->choice_members_tail = sym;
	choice->choice_members = sym;
}

void choice_member_move_tail(struct menu *choice, struct symbol *sym)
{
	choice_unlink(choice, sym);
	choice_member_add_tail(choice, sym);
}

/* ---- visibility and values ---- */

static tristate bool_clamp(struct kconf *kc, struct symbol *sym, tristate tri)
{
	if (tri == mod && sym_get_type(kc, sym) == S_BOOLEAN)
		return yes;
	return tri;
}

/*
 * 6.1 reads a choice's value without computing it first: note what was read
 * (see sym_clear_all_valid_for_write()).
 */
static struct symbol *read_uncomputed(struct kconf *kc, struct symbol *sym)
{
	if (!(sym->flags & SYMBOL_VALID))
		sym_replay_lost(kc);	/* a value left from before */
	sym_note_read(kc, sym);
	return sym;
}

static void sym_calc_visibility(struct kconf *kc, struct symbol *sym)
{
	struct property *prop;
	struct symbol *choice_sym = NULL;
	tristate tri = no;

	if (!NEW_CHOICES(kc) && sym_is_choice_value(sym))
		choice_sym = choice_of_61(kc, sym);

	for_all_prompts(sym, prop) {
		prop->visible.tri = expr_calc_value(kc, prop->visible.expr);
		/* 6.1: an m-visible tristate choice value hides under a y choice */
		if (choice_sym && sym->type == S_TRISTATE &&
		    prop->visible.tri == mod && read_uncomputed(kc, choice_sym)->curr.tri == yes)
			prop->visible.tri = no;
		tri = TRI_OR(tri, prop->visible.tri);
	}
	if (tri == mod && (sym->type != S_TRISTATE || kc->modules_val == no))
		tri = yes;
	if (sym->visible != tri) {
		if (sym->flags & SYMBOL_VIS_READ)
			sym_replay_lost(kc);	/* a choice used the old visibility */
		sym->visible = tri;
		sym_set_changed(kc, sym);
	}
	sym->flags |= SYMBOL_VIS_FRESH;
	if (sym_is_choice_value(sym))
		return;

	tri = sym->dir_dep.expr ? expr_calc_value(kc, sym->dir_dep.expr) : yes;
	tri = bool_clamp(kc, sym, tri);
	if (sym->dir_dep.tri != tri) {
		sym->dir_dep.tri = tri;
		sym_set_changed(kc, sym);
	}
	tri = sym->rev_dep.expr ? expr_calc_value(kc, sym->rev_dep.expr) : no;
	tri = bool_clamp(kc, sym, tri);
	if (sym->rev_dep.tri != tri) {
		sym->rev_dep.tri = tri;
		sym_set_changed(kc, sym);
	}
	tri = sym->implied.expr ? expr_calc_value(kc, sym->implied.expr) : no;
	tri = bool_clamp(kc, sym, tri);
	if (sym->implied.tri != tri) {
		sym->implied.tri = tri;
		sym_set_changed(kc, sym);
	}
}

/*
 * A choice's computation reads a member's visibility, which may be left
 * from before this pass (see sym_clear_all_valid_for_write()).  Such an old
 * 'no' only makes the choice pass over a member that is not computed yet,
 * whose own computation follows and redoes all; an old 'y' or 'm' must be
 * the final one.
 */
static tristate choice_sees_visible(struct symbol *sym)
{
	if (!(sym->flags & SYMBOL_VIS_FRESH) && sym->visible != no)
		sym->flags |= SYMBOL_VIS_READ;
	return sym->visible;
}

/* Default member of a choice: first visible default, else first visible member. */
struct symbol *sym_choice_default(struct kconf *kc, struct menu *choice)
{
	struct symbol *cs = choice->sym, *def_sym;
	struct property *prop;

	for_all_defaults(cs, prop) {
		prop->visible.tri = expr_calc_value(kc, prop->visible.expr);
		if (prop->visible.tri == no)
			continue;
		def_sym = prop_get_symbol(prop);
		if (choice_sees_visible(def_sym) != no)
			return def_sym;
	}
	if (NEW_CHOICES(kc)) {
		struct menu *m;
		menu_for_each_sub_entry(m, choice)
			if (m->sym && choice_sees_visible(m->sym) != no)
				return m->sym;
	} else {
		struct expr *e;
		prop = sym_get_choice_prop(kc, cs);
		expr_list_for_each_sym(prop->expr, e, def_sym)
			if (choice_sees_visible(def_sym) != no)
				return def_sym;
	}
	return NULL;
}

/* 6.1: pick the selected value of a choice symbol whose mode is y */
static struct symbol *calc_choice_61(struct kconf *kc, struct symbol *sym)
{
	struct symbol *def_sym;
	struct property *prop;
	struct expr *e;
	int flags = sym->flags;

	prop = sym_get_choice_prop(kc, sym);
	expr_list_for_each_sym(prop->expr, e, def_sym) {
		sym_calc_visibility(kc, def_sym);
		if (choice_sees_visible(def_sym) != no)
			flags &= def_sym->flags;
	}
	if (sym_has_value(sym) && !(flags & SYMBOL_DEF_USER))
		sym_replay_lost(kc);	/* an input changes */
	sym->flags &= flags | ~SYMBOL_DEF_USER;

	def_sym = sym->def[S_DEF_USER].choice;
	if (def_sym && choice_sees_visible(def_sym) != no)
		return def_sym;
	def_sym = sym_choice_default(kc, sym->menus);
	if (!def_sym)
		sym->curr.tri = no;
	return def_sym;
}

/* 6.12: compute every member of a choice; returns the selected one */
struct symbol *sym_calc_choice(struct kconf *kc, struct menu *choice)
{
	struct symbol *res = NULL, *sym;
	struct menu *menu;

	/* the first visible member the user set to y, in priority order */
	for (sym = choice->choice_members; sym; sym = sym->choice_next) {
		sym_calc_visibility(kc, sym);
		if (choice_sees_visible(sym) == no)
			continue;
		if (sym_has_value(sym) && sym->def[S_DEF_USER].tri == yes) {
			res = sym;
			break;
		}
	}
	/* else the default, unless the user said n to it */
	if (!res) {
		res = sym_choice_default(kc, choice);
		if (res && sym_has_value(res) && res->def[S_DEF_USER].tri == no)
			res = NULL;
	}
	/* else the first visible member without a user value */
	if (!res) {
		menu_for_each_sub_entry(menu, choice) {
			sym = menu->sym;
			if (!sym || choice_sees_visible(sym) == no || sym_has_value(sym))
				continue;
			res = sym;
			break;
		}
	}
	/* else the least prioritised n */
	if (!res) {
		for (sym = choice->choice_members_tail; sym; sym = sym->choice_prev) {
			if (choice_sees_visible(sym) == no)
				continue;
			res = sym;
			break;
		}
	}
	menu_for_each_sub_entry(menu, choice) {
		sym = menu->sym;
		if (!sym || choice_sees_visible(sym) == no)
			continue;
		tristate val = sym == res ? yes : no;
		if (sym->curr.tri != val) {
			/* a value others may have read changes */
			if ((sym->flags & SYMBOL_VALID) && sym != kc->calc_top)
				sym_replay_lost(kc);
			sym_set_changed(kc, sym);
		}
		sym->curr.tri = val;
		sym->flags |= SYMBOL_VALID | SYMBOL_WRITE;
	}
	return res;
}

static void sym_warn_unmet_dep(struct kconf *kc, struct symbol *sym)
{
	struct kstr gs;

	kstr_init(&gs);
	kstr_printf(&gs, "\nWARNING: unmet direct dependencies detected for %s\n", sym->name);
	kstr_printf(&gs, "  Depends on [%c]: ", sym->dir_dep.tri == mod ? 'm' : 'n');
	expr_print_kstr_values(kc, sym->dir_dep.expr, &gs);
	kstr_append(&gs, "\n");
	expr_print_revdep(kc, sym->rev_dep.expr, &gs, yes, "  Selected by [y]:\n");
	expr_print_revdep(kc, sym->rev_dep.expr, &gs, mod, "  Selected by [m]:\n");
	fputs(gs.s, kc->err);
	kstr_free(&gs);
	kc->sym_warnings++;
	sym_replay_lost(kc);	/* a recomputation would print it again */
}

bool sym_dep_errors(struct kconf *kc)
{
	return kc->sym_warnings && kc_getenv(kc, "KCONFIG_WERROR");
}

/*
 * 'transitional' (6.18): a renamed option's old name.  It has no prompt, yet
 * the value from an old .config counts, so that defaults can carry it over.
 */
static bool is_transitional_with_value(const struct symbol *sym)
{
	return (sym->flags & SYMBOL_TRANSITIONAL) && sym_has_value(sym);
}

/*
 * A symbol whose value comes straight from a transitional symbol the user
 * set counts as set by the user too, so that oldconfig does not ask again.
 */
static void adopt_transitional_value(struct kconf *kc, struct symbol *sym)
{
	const struct property *prop = sym->value_prop;
	struct symbol *from;

	if (kc->kver < KV(6, 18) || sym_has_value(sym) || !prop || prop->expr->type != E_SYMBOL)
		return;
	from = prop->expr->left.sym;
	if (!is_transitional_with_value(from))
		return;
	sym_replay_lost(kc);	/* an input changes */
	sym->def[S_DEF_USER] = sym->curr;
	sym->flags |= SYMBOL_DEF_USER;
}

static bool value_changed(const struct symbol_value *a, const struct symbol_value *b)
{
	return a->val != b->val || a->tri != b->tri || a->choice != b->choice;
}

static void sym_calc_value_inner(struct kconf *kc, struct symbol *sym);

/* Far deeper than any real tree (the kernel's chains are < 100 deep). */
#define SYM_CALC_MAX_DEPTH 2000

void sym_calc_value_invalid(struct kconf *kc, struct symbol *sym)
{
	struct symbol *outer;

	/*
	 * Some cycles that the dependency check does not see (through ranges,
	 * say) recurse without end; the kernel's conf then dies of a stack
	 * overflow.  Stop well before that with a message instead.
	 */
	if (kc->calc_depth >= SYM_CALC_MAX_DEPTH) {
		struct menu *m = sym->menus;
		kc_fatal(kc, "%s:%d: error: dependency loop while computing the value of %s\n",
			 m ? m->filename : "<unknown>", m ? m->lineno : 0,
			 sym->name ? sym->name : "<choice>");
	}
	outer = kc->calc_top;
	kc->calc_depth++;
	kc->calc_top = sym;
	sym_calc_value_inner(kc, sym);
	kc->calc_top = outer;
	kc->calc_depth--;
	sym->flags &= ~(SYMBOL_CALC_BUSY | SYMBOL_SETTLED | SYMBOL_OBSERVED);
}

static void sym_calc_value_inner(struct kconf *kc, struct symbol *sym)
{
	struct symbol_value newval = { NULL, no, NULL }, oldval, settled;
	struct property *prop;
	bool v61 = !NEW_CHOICES(kc);
	tristate modules_before;

	if (v61 && sym_is_choice_value(sym) && (sym->flags & SYMBOL_NEED_SET_CHOICE_VALUES)) {
		sym->flags &= ~SYMBOL_NEED_SET_CHOICE_VALUES;
		sym_replay_lost(kc);	/* set_all_choice_values() changes inputs */
		sym_calc_value(kc, choice_of_61(kc, sym));
		/* the choice may have computed this symbol, which now is computed again */
		if (sym->flags & SYMBOL_VALID)
			expr_symbols_invalidated(kc);
	}

	sym->flags |= SYMBOL_VALID | SYMBOL_CALC_BUSY;
	kc->pass_calcs++;
	oldval = sym->curr;

	switch (sym->type) {
	case S_INT:
		newval.val = kc->kver >= KV(6, 12) ? "0" : "";
		break;
	case S_HEX:
		newval.val = kc->kver >= KV(6, 12) ? "0x0" : "";
		break;
	case S_STRING:
		newval.val = "";
		break;
	case S_BOOLEAN:
	case S_TRISTATE:
		newval.val = "n";
		break;
	default:
		sym->curr.val = sym->name;
		sym->curr.tri = no;
		return;
	}
	sym->flags &= ~SYMBOL_WRITE;
	sym->value_prop = NULL;

	sym_calc_visibility(kc, sym);
	if (sym->visible != no)
		sym->flags |= SYMBOL_WRITE;

	/* a recursive evaluation of this symbol sees the plain default */
	sym->curr = newval;

	switch (sym_get_type(kc, sym)) {
	case S_BOOLEAN:
	case S_TRISTATE: {
		struct menu *choice_menu = NULL;
		bool choice_member;

		if (v61) {
			choice_member = sym_is_choice_value(sym) && sym->visible == yes;
		} else {
			choice_menu = sym_get_choice_menu(kc, sym);
			choice_member = choice_menu != NULL;
		}
		if (choice_member) {
			if (v61) {
				struct symbol *cs = read_uncomputed(kc, choice_of_61(kc, sym));
				newval.tri = cs->curr.choice == sym ? yes : no;
			} else {
				sym_calc_choice(kc, choice_menu);
				newval.tri = sym->curr.tri;
			}
		} else {
			if (is_transitional_with_value(sym)) {
				/* counts as visible (y): the old value, plus any select */
				newval.tri = sym->def[S_DEF_USER].tri;
			} else if (sym->visible != no && sym_has_value(sym)) {
				/* visible: the user's value, if any */
				newval.tri = TRI_AND(sym->def[S_DEF_USER].tri, sym->visible);
			} else {
				if (sym->rev_dep.tri != no)
					sym->flags |= SYMBOL_WRITE;
				if (!sym_is_choice(sym)) {
					prop = sym_get_default_prop(kc, sym);
					if (prop) {
						newval.tri = TRI_AND(expr_calc_value(kc, prop->expr),
								     prop->visible.tri);
						if (newval.tri != no)
							sym->flags |= SYMBOL_WRITE;
						sym->value_prop = prop;
					}
					if (sym->implied.tri != no) {
						sym->flags |= SYMBOL_WRITE;
						newval.tri = TRI_OR(newval.tri, sym->implied.tri);
						newval.tri = TRI_AND(newval.tri, sym->dir_dep.tri);
					}
				}
			}
			if (sym->dir_dep.tri < sym->rev_dep.tri)
				sym_warn_unmet_dep(kc, sym);
			newval.tri = TRI_OR(newval.tri, sym->rev_dep.tri);
		}
		if (newval.tri == mod && sym_get_type(kc, sym) == S_BOOLEAN)
			newval.tri = yes;
		break;
	}
	case S_STRING:
	case S_HEX:
	case S_INT:
		if ((sym->visible != no && sym_has_value(sym)) || is_transitional_with_value(sym)) {
			newval.val = sym->def[S_DEF_USER].val;
			break;
		}
		prop = sym_get_default_prop(kc, sym);
		if (prop) {
			struct symbol *ds = prop_get_symbol(prop);
			if (ds) {
				sym->flags |= SYMBOL_WRITE;
				sym_calc_value(kc, ds);
				note_string_read(kc, ds);
				newval.val = ds->curr.val;
				sym->value_prop = prop;
			}
		}
		break;
	default:
		break;
	}

	sym->curr = newval;
	sym->flags |= SYMBOL_SETTLED;
	settled = sym->curr;
	if (sym->flags & SYMBOL_TRANSITIONAL)
		sym->flags &= ~SYMBOL_WRITE;	/* read from old configs, never written */
	else
		adopt_transitional_value(kc, sym);
	if (v61 && sym_is_choice(sym) && newval.tri == yes)
		sym->curr.choice = calc_choice_61(kc, sym);
	sym_validate_range(kc, sym);
	/*
	 * This computation read the settled value, which then changed (its
	 * own reads see tri and val; a 6.1 choice's pick is read by members).
	 */
	if ((sym->flags & SYMBOL_OBSERVED) &&
	    (settled.tri != sym->curr.tri || settled.val != sym->curr.val))
		sym_replay_lost(kc);

	if (value_changed(&oldval, &sym->curr)) {
		sym_set_changed(kc, sym);
		if (kc->modules_sym == sym) {
			sym_set_all_changed(kc);
			modules_before = kc->modules_val;
			kc->modules_val = kc->modules_sym->curr.tri;
			/* computations before or within this one used the old modules_val */
			if (kc->modules_val != modules_before &&
			    (kc->pass_calcs > 1 || sym->type != S_BOOLEAN))
				sym_replay_lost(kc);
		}
	}

	if (v61) {
		if (sym_is_choice(sym)) {
			struct symbol *cv;
			struct expr *e;
			prop = sym_get_choice_prop(kc, sym);
			expr_list_for_each_sym(prop->expr, e, cv) {
				if ((sym->flags & SYMBOL_WRITE) && choice_sees_visible(cv) != no) {
					/* else cv's own computation sets it too, before or after */
					if (cv->flags & SYMBOL_NO_WRITE)
						sym_replay_lost(kc);
					cv->flags |= SYMBOL_WRITE;
				}
				if (sym->flags & SYMBOL_CHANGED)
					sym_set_changed(kc, cv);
			}
		}
		if (sym->flags & SYMBOL_NO_WRITE)
			sym->flags &= ~SYMBOL_WRITE;
		if (sym->flags & SYMBOL_NEED_SET_CHOICE_VALUES)
			set_all_choice_values(kc, sym);
	} else if (sym_is_choice(sym)) {
		sym->flags &= ~SYMBOL_WRITE;
	}
}

void sym_clear_all_valid(struct kconf *kc)
{
	for (size_t i = 0; i < kc->nr_all; i++)
		kc->all_syms[i]->flags &= ~(SYMBOL_VALID | SYMBOL_PASS_FLAGS);
	if (kc->kver >= KV(6, 12))
		expr_invalidate_all(kc);
	else
		expr_symbols_invalidated(kc);
	sym_pass_begins(kc);
	conf_set_changed(kc, true);
	sym_calc_value(kc, kc->modules_sym);
}

/* ---- can conf_write() skip recomputing every value? ---- */

/*
 * conf_write() of an unchanged configuration clears every SYMBOL_VALID and
 * computes all values again in menu order, as the kernel does.  That pass
 * gives back the current state and prints nothing when the current values
 * come from one pass since the last full invalidation (all symbols, with
 * SYMBOL_PASS_FLAGS) in which
 *  - no input changed (user values, choice order, types) and nothing was
 *    printed;
 *  - no symbol was read while being computed, except (6.1) by its own
 *    computation after it set its value, which then stayed, as 6.1 choices
 *    do: the reads form no cycle, so any order of computing reads the same
 *    values and computes the same states;
 *  - whatever a computation read without computing it first (a choice
 *    member's visibility, say) was the final value;
 *  - every symbol's value and visibility were computed.
 * kc->values_replayable is cleared on a breach of the first three; the
 * last is checked here.  6.12's node cache holds only values of that pass,
 * which are the final ones.  One field may come out otherwise: 6.12 gives
 * a choice member computed by itself curr.val "n", one set by its choice
 * keeps the old (NULL at first), and which is which depends on the order.
 * No output reads curr.val of a bool or tristate symbol, and a computation
 * that does (a string default or a range naming one) breaks the replay.
 */
void sym_pass_begins(struct kconf *kc)
{
	kc->values_replayable = true;
	kc->replay_type_gen = kc->type_gen;
	kc->pass_calcs = 0;
}

void sym_replay_lost(struct kconf *kc)
{
	kc->values_replayable = false;
}

void sym_note_busy_read(struct kconf *kc, struct symbol *sym)
{
	kc->eval_unstable++;	/* expr.c caches no 6.1 value computed from it */
	/* (6.12's node cache would keep the value read and hide later reads) */
	if (sym == kc->calc_top && (sym->flags & SYMBOL_SETTLED) && kc->kver < KV(6, 12))
		sym->flags |= SYMBOL_OBSERVED;
	else
		sym_replay_lost(kc);
}

static bool recompute_is_replay(struct kconf *kc)
{
	if (!kc->values_replayable || kc->replay_type_gen != kc->type_gen)
		return false;
	for (size_t i = 0; i < kc->nr_all; i++) {
		const struct symbol *sym = kc->all_syms[i];

		if (!(sym->flags & SYMBOL_VALID) || (sym->flags & SYMBOL_NEED_SET_CHOICE_VALUES))
			return false;
		if (!(sym->flags & (SYMBOL_VIS_FRESH | SYMBOL_CONST)) && sym->type != S_UNKNOWN)
			return false;
	}
	return true;
}

void sym_clear_all_valid_for_write(struct kconf *kc)
{
	if (!recompute_is_replay(kc)) {
		sym_clear_all_valid(kc);
		return;
	}
	/* what the recomputation leaves besides the same values */
	if (kc->kver >= KV(6, 12))
		expr_invalidate_all(kc);
	kc->values_replayable = true;
	conf_set_changed(kc, true);
}

/* 6.1: give unset members of a choice an explicit n (randconfig, allconfig) */
void set_all_choice_values(struct kconf *kc, struct symbol *csym)
{
	struct property *prop = sym_get_choice_prop(kc, csym);
	struct symbol *sym;
	struct expr *e;

	sym_replay_lost(kc);	/* inputs change */
	expr_list_for_each_sym(prop->expr, e, sym)
		if (!sym_has_value(sym))
			sym->def[S_DEF_USER].tri = no;
	csym->flags |= SYMBOL_DEF_USER;
	csym->flags &= ~(SYMBOL_VALID | SYMBOL_NEED_SET_CHOICE_VALUES);
	expr_symbols_invalidated(kc);
}

/* ---- setting values ---- */

bool sym_tristate_within_range(struct kconf *kc, const struct symbol *sym, tristate val)
{
	enum symbol_type type = sym_get_type(kc, sym);

	if (sym->visible == no)
		return false;
	if (type != S_BOOLEAN && type != S_TRISTATE)
		return false;
	if (type == S_BOOLEAN && val == mod)
		return false;
	if (sym->visible <= sym->rev_dep.tri)
		return false;
	if (!NEW_CHOICES(kc) && sym_is_choice_value(sym) && sym->visible == yes)
		return val == yes;
	return val >= sym->rev_dep.tri && val <= sym->visible;
}

bool sym_set_tristate_value(struct kconf *kc, struct symbol *sym, tristate val)
{
	tristate oldval = sym_get_tristate_value(sym);

	sym_replay_lost(kc);	/* an input may change (sym_clear_all_valid() starts afresh) */

	if (NEW_CHOICES(kc)) {
		if (!sym_tristate_within_range(kc, sym, val))
			return false;
		if (!(sym->flags & SYMBOL_DEF_USER) || sym->def[S_DEF_USER].tri != val) {
			sym->def[S_DEF_USER].tri = val;
			sym->flags |= SYMBOL_DEF_USER;
			sym_set_changed(kc, sym);
		}
		if (oldval != val)
			sym_clear_all_valid(kc);
		return true;
	}

	if (oldval != val && !sym_tristate_within_range(kc, sym, val))
		return false;
	if (!(sym->flags & SYMBOL_DEF_USER)) {
		sym->flags |= SYMBOL_DEF_USER;
		sym_set_changed(kc, sym);
	}
	/* choosing a value also settles the choice and its other values */
	if (sym_is_choice_value(sym) && val == yes) {
		struct symbol *cs = choice_of_61(kc, sym);
		struct expr *e;
		cs->def[S_DEF_USER].choice = sym;
		cs->flags |= SYMBOL_DEF_USER;
		for (e = sym_get_choice_prop(kc, cs)->expr; e; e = e->left.expr)
			if (e->right.sym->visible != no)
				e->right.sym->flags |= SYMBOL_DEF_USER;
	}
	sym->def[S_DEF_USER].tri = val;
	if (oldval != val)
		sym_clear_all_valid(kc);
	return true;
}

/* 6.12: the user picks 'sym' in a choice; it becomes the top priority */
void choice_set_value(struct kconf *kc, struct menu *choice, struct symbol *sym)
{
	struct menu *menu;
	bool changed = false;

	sym_replay_lost(kc);	/* inputs change */
	menu_for_each_sub_entry(menu, choice) {
		if (!menu->sym || menu->sym->visible == no)
			continue;
		tristate val = menu->sym == sym ? yes : no;
		if (menu->sym->curr.tri != val)
			changed = true;
		menu->sym->def[S_DEF_USER].tri = val;
		menu->sym->flags |= SYMBOL_DEF_USER;
		choice_member_move_front(choice, menu->sym);
	}
	if (changed)
		sym_clear_all_valid(kc);
}

tristate sym_toggle_tristate_value(struct kconf *kc, struct symbol *sym)
{
	tristate oldval, newval;

	if (NEW_CHOICES(kc)) {
		struct menu *choice = sym_get_choice_menu(kc, sym);
		if (choice) {
			choice_set_value(kc, choice, sym);
			return yes;
		}
	}
	oldval = newval = sym_get_tristate_value(sym);
	do {
		newval = newval == no ? mod : newval == mod ? yes : no;
		if (sym_set_tristate_value(kc, sym, newval))
			break;
	} while (oldval != newval);
	return newval;
}

bool sym_string_valid(struct kconf *kc, struct symbol *sym, const char *str)
{
	signed char ch;
	(void)kc;

	switch (sym->type) {
	case S_STRING:
		return true;
	case S_INT:
		ch = *str++;
		if (ch == '-')
			ch = *str++;
		if (!isdigit((unsigned char)ch))
			return false;
		if (ch == '0' && *str != 0)
			return false;
		while ((ch = *str++))
			if (!isdigit((unsigned char)ch))
				return false;
		return true;
	case S_HEX:
		if (str[0] == '0' && (str[1] == 'x' || str[1] == 'X'))
			str += 2;
		ch = *str++;
		do {
			if (!isxdigit((unsigned char)ch))
				return false;
		} while ((ch = *str++));
		return true;
	case S_BOOLEAN:
	case S_TRISTATE:
		return strchr("yYmMnN", str[0]) && str[0];
	default:
		return false;
	}
}

static tristate tri_of_char(char c)
{
	return (c == 'y' || c == 'Y') ? yes : (c == 'm' || c == 'M') ? mod : no;
}

bool sym_string_within_range(struct kconf *kc, struct symbol *sym, const char *str)
{
	struct property *prop;
	long long val;
	int base;

	switch (sym->type) {
	case S_STRING:
		return sym_string_valid(kc, sym, str);
	case S_INT:
	case S_HEX:
		base = sym->type == S_INT ? 10 : 16;
		if (!sym_string_valid(kc, sym, str))
			return false;
		prop = sym_get_range_prop(kc, sym);
		if (!prop)
			return true;
		val = strtoll(str, NULL, base);
		return val >= sym_get_range_val(kc, prop->expr->left.sym, base) &&
		       val <= sym_get_range_val(kc, prop->expr->right.sym, base);
	case S_BOOLEAN:
	case S_TRISTATE:
		if (!str[0] || !strchr("yYmMnN", str[0]))
			return false;
		return sym_tristate_within_range(kc, sym, tri_of_char(str[0]));
	default:
		return false;
	}
}

bool sym_set_string_value(struct kconf *kc, struct symbol *sym, const char *newval)
{
	const char *oldval;

	if (sym->type == S_BOOLEAN || sym->type == S_TRISTATE) {
		if (!newval[0] || !strchr("yYmMnN", newval[0]))
			return false;
		return sym_set_tristate_value(kc, sym, tri_of_char(newval[0]));
	}
	if (!sym_string_within_range(kc, sym, newval))
		return false;
	sym_replay_lost(kc);	/* an input may change (sym_clear_all_valid() starts afresh) */
	if (!(sym->flags & SYMBOL_DEF_USER)) {
		sym->flags |= SYMBOL_DEF_USER;
		sym_set_changed(kc, sym);
	}
	oldval = sym->def[S_DEF_USER].val;
	if (sym->type == S_HEX && (newval[0] != '0' || (newval[1] != 'x' && newval[1] != 'X'))) {
		size_t n = strlen(newval);
		char *v = arena_alloc(&kc->arena, n + 3);
		v[0] = '0';
		v[1] = 'x';
		memcpy(v + 2, newval, n + 1);
		sym->def[S_DEF_USER].val = v;
	} else if (!oldval || strcmp(oldval, newval)) {
		sym->def[S_DEF_USER].val = arena_strdup(&kc->arena, newval);
	} else {
		return true;
	}
	sym_clear_all_valid(kc);
	return true;
}

/* The value the symbol would have without a user value (savedefconfig). */
const char *sym_get_string_default(struct kconf *kc, struct symbol *sym)
{
	struct property *prop;
	const char *str = "";
	tristate val;

	sym_calc_visibility(kc, sym);
	sym_calc_value(kc, kc->modules_sym);
	val = kc->symbol_no.curr.tri;

	prop = sym_get_default_prop(kc, sym);
	if (prop) {
		if (sym->type == S_BOOLEAN || sym->type == S_TRISTATE) {
			val = TRI_AND(expr_calc_value(kc, prop->expr), prop->visible.tri);
		} else {
			struct symbol *ds = prop_get_symbol(prop);
			if (ds) {
				sym_calc_value(kc, ds);
				str = ds->curr.val;
			}
		}
	}
	val = TRI_OR(val, sym->rev_dep.tri);
	if (val == mod && !sym_is_choice_value(sym) && kc->modules_sym->curr.tri == no)
		val = yes;
	if (sym->type == S_BOOLEAN && val == mod)
		val = yes;
	if (val < sym->implied.tri)
		val = sym->implied.tri;

	switch (sym->type) {
	case S_BOOLEAN:
	case S_TRISTATE:
		return val == no ? "n" : val == mod ? "m" : "y";
	case S_INT:
		if (!str[0] && kc->kver >= KV(6, 12))
			str = "0";
		return str;
	case S_HEX:
		if (!str[0] && kc->kver >= KV(6, 12))
			str = "0x0";
		return str;
	case S_STRING:
		return str;
	default:
		return kc->kver >= KV(6, 12) ? str : "";
	}
}

const char *sym_get_string_value(struct kconf *kc, struct symbol *sym)
{
	(void)kc;
	if (sym->type == S_BOOLEAN || sym->type == S_TRISTATE) {
		tristate v = sym_get_tristate_value(sym);
		return v == no ? "n" : v == mod ? "m" : "y";
	}
	return sym->curr.val;
}

bool sym_is_changeable(struct kconf *kc, const struct symbol *sym)
{
	if (NEW_CHOICES(kc) && sym_is_choice(sym))
		return false;
	return sym->visible > sym->rev_dep.tri;
}

/* ---- recursive dependency check ---- */

/* One frame per symbol being checked; frames live on the C stack. */
struct dep_stack {
	struct dep_stack *prev, *next;
	struct symbol *sym;
	struct property *prop;
	struct expr **expr;
};

static void dep_stack_insert(struct kconf *kc, struct dep_stack *stack, struct symbol *sym)
{
	memset(stack, 0, sizeof(*stack));
	if (kc->check_top)
		kc->check_top->next = stack;
	stack->prev = kc->check_top;
	stack->sym = sym;
	kc->check_top = stack;
}

static void dep_stack_remove(struct kconf *kc)
{
	kc->check_top = kc->check_top->prev;
	if (kc->check_top)
		kc->check_top->next = NULL;
}

static const char *nm(const struct symbol *s)
{
	return s->name ? s->name : "<choice>";
}

static void print_recursive_61(struct kconf *kc, struct symbol *last_sym)
{
	struct dep_stack *stack, cv_stack;
	struct menu *menu = NULL;
	struct property *prop;
	FILE *err = kc->err;

	if (sym_is_choice_value(last_sym)) {
		dep_stack_insert(kc, &cv_stack, last_sym);
		last_sym = choice_of_61(kc, last_sym);
	}
	for (stack = kc->check_top; stack; stack = stack->prev)
		if (stack->sym == last_sym)
			break;
	if (!stack) {
		fprintf(err, "unexpected recursive dependency error\n");
		return;
	}
	for (; stack; stack = stack->next) {
		struct symbol *sym = stack->sym;
		struct symbol *next_sym = stack->next ? stack->next->sym : last_sym;

		prop = stack->prop ? stack->prop : sym->prop;
		if (sym_is_choice(sym) || sym_is_choice_value(sym)) {
			for (prop = sym->prop; prop; prop = prop->next) {
				menu = prop->menu;
				if (prop->menu)
					break;
			}
		}
		if (stack->sym == last_sym)
			fprintf(err, "%s:%d:error: recursive dependency detected!\n",
				prop->filename, prop->lineno);
		if (sym_is_choice(sym))
			fprintf(err, "%s:%d:\tchoice %s contains symbol %s\n",
				menu->filename, menu->lineno, nm(sym), nm(next_sym));
		else if (sym_is_choice_value(sym))
			fprintf(err, "%s:%d:\tsymbol %s is part of choice %s\n",
				menu->filename, menu->lineno, nm(sym), nm(next_sym));
		else if (stack->expr == &sym->dir_dep.expr)
			fprintf(err, "%s:%d:\tsymbol %s depends on %s\n",
				prop->filename, prop->lineno, nm(sym), nm(next_sym));
		else if (stack->expr == &sym->rev_dep.expr)
			fprintf(err, "%s:%d:\tsymbol %s is selected by %s\n",
				prop->filename, prop->lineno, nm(sym), nm(next_sym));
		else if (stack->expr == &sym->implied.expr)
			fprintf(err, "%s:%d:\tsymbol %s is implied by %s\n",
				prop->filename, prop->lineno, nm(sym), nm(next_sym));
		else if (stack->expr)
			fprintf(err, "%s:%d:\tsymbol %s %s value contains %s\n",
				prop->filename, prop->lineno, nm(sym),
				prop_get_type_name(prop->type), nm(next_sym));
		else
			fprintf(err, "%s:%d:\tsymbol %s %s is visible depending on %s\n",
				prop->filename, prop->lineno, nm(sym),
				prop_get_type_name(prop->type), nm(next_sym));
	}
	fprintf(err, "For a resolution refer to Documentation/kbuild/kconfig-language.rst\n"
		     "subsection \"Kconfig recursive dependency limitations\"\n\n");
	if (kc->check_top == &cv_stack)
		dep_stack_remove(kc);
}

static void print_recursive_612(struct kconf *kc, struct symbol *last_sym)
{
	struct dep_stack *stack, cv_stack;
	struct menu *choice;
	FILE *err = kc->err;

	choice = sym_get_choice_menu(kc, last_sym);
	if (choice) {
		dep_stack_insert(kc, &cv_stack, last_sym);
		last_sym = choice->sym;
	}
	for (stack = kc->check_top; stack; stack = stack->prev)
		if (stack->sym == last_sym)
			break;
	if (!stack) {
		fprintf(err, "unexpected recursive dependency error\n");
		return;
	}
	for (; stack; stack = stack->next) {
		struct symbol *sym = stack->sym;
		struct symbol *next_sym = stack->next ? stack->next->sym : last_sym;
		enum prop_type type = stack->prop ? stack->prop->type : P_UNKNOWN;

		if (stack->sym == last_sym)
			fprintf(err, "error: recursive dependency detected!\n");
		if (sym_is_choice(next_sym)) {
			choice = next_sym->menus;
			fprintf(err, "\tsymbol %s is part of choice block at %s:%d\n",
				nm(sym), choice->filename, choice->lineno);
		} else if (stack->expr == &sym->dir_dep.expr) {
			fprintf(err, "\tsymbol %s depends on %s\n", nm(sym), next_sym->name);
		} else if (stack->expr == &sym->rev_dep.expr) {
			fprintf(err, "\tsymbol %s is selected by %s\n", sym->name, next_sym->name);
		} else if (stack->expr == &sym->implied.expr) {
			fprintf(err, "\tsymbol %s is implied by %s\n", sym->name, next_sym->name);
		} else if (stack->expr) {
			fprintf(err, "\tsymbol %s %s value contains %s\n", nm(sym),
				prop_get_type_name(type), next_sym->name);
		} else {
			fprintf(err, "\tsymbol %s %s is visible depending on %s\n", nm(sym),
				prop_get_type_name(type), next_sym->name);
		}
	}
	fprintf(err, "For a resolution refer to Documentation/kbuild/kconfig-language.rst\n"
		     "subsection \"Kconfig recursive dependency limitations\"\n\n");
	if (kc->check_top == &cv_stack)
		dep_stack_remove(kc);
}

/* A symbol whose check is finished: most leaves, so they cost no call. */
static inline bool deps_done(const struct symbol *sym)
{
	return (sym->flags & (SYMBOL_CHECK | SYMBOL_CHECKED)) == SYMBOL_CHECKED;
}

static struct symbol *check_leaf_deps(struct kconf *kc, struct symbol *sym)
{
	return deps_done(sym) ? NULL : sym_check_deps(kc, sym);
}

/*
 * Expressions are shared (interned), and the big ones, a menu's inherited
 * dependencies, recur in every entry below it: a subtree whose walk found
 * no cycle is marked and not walked again.  Its symbols were all checked
 * then and stay so; see check_choice_deps() for the one way back.
 */
static struct symbol *check_expr_deps(struct kconf *kc, struct expr *e);

/* An operand: a leaf or a subtree walked before needs no call (most do not). */
static inline struct symbol *check_operand_deps(struct kconf *kc, struct expr *e)
{
	if (e->type == E_SYMBOL)
		return check_leaf_deps(kc, e->left.sym);
	if (e->flags & EXPR_DEPS_CHECKED)
		return NULL;
	return check_expr_deps(kc, e);
}

/* A symbol's whole expression: most are absent or walked before (no call) */
static inline struct symbol *check_root_deps(struct kconf *kc, struct expr *e)
{
	return e ? check_operand_deps(kc, e) : NULL;
}

/* e is not NULL */
static struct symbol *check_expr_deps(struct kconf *kc, struct expr *e)
{
	struct symbol *sym;

	switch (e->type) {
	case E_OR:
	case E_AND:
		if (e->flags & EXPR_DEPS_CHECKED)
			return NULL;
		sym = check_operand_deps(kc, e->left.expr);
		if (!sym)
			sym = check_operand_deps(kc, e->right.expr);
		break;
	case E_NOT:
		if (e->flags & EXPR_DEPS_CHECKED)
			return NULL;
		sym = check_operand_deps(kc, e->left.expr);
		break;
	case E_EQUAL: case E_GEQ: case E_GTH: case E_LEQ: case E_LTH: case E_UNEQUAL:
		sym = check_leaf_deps(kc, e->left.sym);
		return sym ? sym : check_leaf_deps(kc, e->right.sym);
	case E_SYMBOL:
		return check_leaf_deps(kc, e->left.sym);
	default:
		fprintf(kc->err, "Oops! How to check %d?\n", e->type);
		return NULL;
	}
	if (!sym)
		e->flags |= EXPR_DEPS_CHECKED;
	return sym;
}

static struct symbol *check_sym_deps(struct kconf *kc, struct symbol *sym)
{
	struct symbol *sym2;
	struct property *prop;
	struct dep_stack stack;

	dep_stack_insert(kc, &stack, sym);

	stack.expr = &sym->dir_dep.expr;
	sym2 = check_root_deps(kc, sym->dir_dep.expr);
	if (sym2)
		goto out;
	stack.expr = &sym->rev_dep.expr;
	sym2 = check_root_deps(kc, sym->rev_dep.expr);
	if (sym2)
		goto out;
	stack.expr = &sym->implied.expr;
	sym2 = check_root_deps(kc, sym->implied.expr);
	if (sym2)
		goto out;
	stack.expr = NULL;

	for (prop = sym->prop; prop; prop = prop->next) {
		if (prop->type == P_CHOICE || prop->type == P_SELECT || prop->type == P_IMPLY)
			continue;
		stack.prop = prop;
		sym2 = check_root_deps(kc, prop->visible.expr);
		if (sym2)
			break;
		if (prop->type != P_DEFAULT || sym_is_choice(sym))
			continue;
		stack.expr = &prop->expr;
		sym2 = check_root_deps(kc, prop->expr);
		if (sym2)
			break;
		stack.expr = NULL;
	}
out:
	dep_stack_remove(kc);
	return sym2;
}

/* Members of a choice, in the order each version walks them. */
static size_t choice_members_of(struct kconf *kc, struct symbol *choice, struct symbol ***out)
{
	size_t n = 0, cap = 16;
	struct symbol **v = xmalloc(cap * sizeof(*v));

	if (NEW_CHOICES(kc)) {
		struct menu *m;
		menu_for_each_sub_entry(m, choice->menus) {
			if (!m->sym)
				continue;
			if (n == cap)
				v = xrealloc(v, (cap *= 2) * sizeof(*v));
			v[n++] = m->sym;
		}
	} else {
		struct expr *e;
		struct symbol *s;
		expr_list_for_each_sym(sym_get_choice_prop(kc, choice)->expr, e, s) {
			if (n == cap)
				v = xrealloc(v, (cap *= 2) * sizeof(*v));
			v[n++] = s;
		}
	}
	*out = v;
	return n;
}

static struct symbol *check_choice_deps(struct kconf *kc, struct symbol *choice)
{
	struct symbol **members, *sym2;
	struct dep_stack stack;
	size_t n, i;

	dep_stack_insert(kc, &stack, choice);
	n = choice_members_of(kc, choice, &members);
	for (i = 0; i < n; i++) {
		/* a checked symbol in progress again: marked subtrees may hold it */
		if (members[i]->flags & SYMBOL_CHECKED)
			expr_clear_flag_all(kc, EXPR_DEPS_CHECKED);
		members[i]->flags |= SYMBOL_CHECK | SYMBOL_CHECKED;
	}

	choice->flags |= SYMBOL_CHECK | SYMBOL_CHECKED;
	sym2 = check_sym_deps(kc, choice);
	choice->flags &= ~SYMBOL_CHECK;
	if (!sym2) {
		for (i = 0; i < n; i++) {
			sym2 = check_sym_deps(kc, members[i]);
			if (sym2)
				break;
		}
	}
	for (i = 0; i < n; i++)
		members[i]->flags &= ~SYMBOL_CHECK;

	if (sym2) {
		if (NEW_CHOICES(kc)) {
			if (sym_get_choice_menu(kc, sym2) == choice->menus)
				sym2 = choice;
		} else if (sym_is_choice_value(sym2) && choice_of_61(kc, sym2) == choice) {
			sym2 = choice;
		}
	}
	free(members);
	dep_stack_remove(kc);
	return sym2;
}

struct symbol *sym_check_deps(struct kconf *kc, struct symbol *sym)
{
	struct symbol *sym2, *choice_sym = NULL;

	if (sym->flags & SYMBOL_CHECK) {
		if (NEW_CHOICES(kc))
			print_recursive_612(kc, sym);
		else
			print_recursive_61(kc, sym);
		return sym;
	}
	if (sym->flags & SYMBOL_CHECKED)
		return NULL;

	if (NEW_CHOICES(kc)) {
		struct menu *choice = sym_get_choice_menu(kc, sym);
		if (choice)
			choice_sym = choice->sym;
	} else if (sym_is_choice_value(sym)) {
		choice_sym = choice_of_61(kc, sym);
	}

	if (choice_sym) {
		/* a choice group is checked starting from the choice itself */
		struct dep_stack stack;
		dep_stack_insert(kc, &stack, sym);
		sym2 = sym_check_deps(kc, choice_sym);
		dep_stack_remove(kc);
	} else if (sym_is_choice(sym)) {
		sym2 = check_choice_deps(kc, sym);
	} else {
		sym->flags |= SYMBOL_CHECK | SYMBOL_CHECKED;
		sym2 = check_sym_deps(kc, sym);
		sym->flags &= ~SYMBOL_CHECK;
	}
	return sym2;
}
