/* SPDX-License-Identifier: MIT */
/*
 * The menu tree: built by the parser in Kconfig order, then finalized
 * (dependencies propagated from parents to children and properties, select
 * and imply turned into reverse dependencies, implicit submenus created
 * under symbols their successors depend on, 'if' blocks flattened).
 *
 * The order of every rewrite matters: the resulting expressions are printed
 * by warnings and help texts and must match the kernel's character for
 * character.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char nohelp_text[] = "There is no help available for this option.";

static void menu_warn(struct kconf *kc, const struct menu *menu, const char *fmt, ...) KC_PRINTF(3, 4);
static void menu_warn(struct kconf *kc, const struct menu *menu, const char *fmt, ...)
{
	va_list ap;
	fprintf(kc->err, "%s:%d:warning: ", menu->filename, menu->lineno);
	va_start(ap, fmt);
	vfprintf(kc->err, fmt, ap);
	va_end(ap);
	fputc('\n', kc->err);
}

static void prop_warn(struct kconf *kc, const struct property *prop, const char *fmt, ...) KC_PRINTF(3, 4);
static void prop_warn(struct kconf *kc, const struct property *prop, const char *fmt, ...)
{
	va_list ap;
	fprintf(kc->err, "%s:%d:warning: ", prop->filename, prop->lineno);
	va_start(ap, fmt);
	vfprintf(kc->err, fmt, ap);
	va_end(ap);
	fputc('\n', kc->err);
}

struct menu *menu_next(struct menu *menu, struct menu *root)
{
	if (menu->list)
		return menu->list;
	while (menu != root && !menu->next)
		menu = menu->parent;
	if (menu == root)
		return NULL;
	return menu->next;
}

/* ---- building ---- */

void menu_init(struct kconf *kc)
{
	kc->current_entry = kc->current_menu = &kc->rootmenu;
	kc->last_entry_ptr = &kc->rootmenu.list;
}

/* inlined: 35k calls, and the call of a function of six arguments costs */
static inline __attribute__((always_inline)) struct property *
menu_add_prop(struct kconf *kc, enum prop_type type, struct expr *expr, struct expr *dep,
	      const char *file, int line)
{
	struct property *prop = arena_alloc(&kc->arena, sizeof(*prop));

	prop->type = type;
	prop->filename = file;
	prop->lineno = line;
	prop->menu = kc->current_entry;
	prop->expr = expr;
	prop->visible.expr = dep;

	if (kc->current_entry->sym) {
		struct symbol *sym = kc->current_entry->sym;
		/* keep a tail pointer: walking the list made appends quadratic */
		struct property **pp = sym->prop_tail ? sym->prop_tail : &sym->prop;
		*pp = prop;
		sym->prop_tail = &prop->next;
	}
	return prop;
}

void menu_add_entry(struct kconf *kc, struct symbol *sym, const char *file, int line)
{
	struct menu *menu = arena_alloc(&kc->arena, sizeof(*menu));

	menu->sym = sym;
	menu->parent = kc->current_menu;
	menu->block = kc->current_menu;
	menu->filename = file;
	menu->lineno = line;

	*kc->last_entry_ptr = menu;
	kc->last_entry_ptr = &menu->next;
	kc->current_entry = menu;
	if (sym) {
		if (sym->menus_tail)
			sym->menus_tail->sym_next = menu;
		else
			sym->menus = menu;
		sym->menus_tail = menu;
		/* 6.1 records every definition site as a property */
		if (!KC_NEW_CHOICES(kc))
			menu_add_prop(kc, P_SYMBOL, expr_alloc_symbol(kc, sym), NULL, file, line);
	}
}

struct menu *menu_add_menu(struct kconf *kc)
{
	kc->last_entry_ptr = &kc->current_entry->list;
	kc->current_menu = kc->current_entry;
	return kc->current_menu;
}

void menu_end_menu(struct kconf *kc)
{
	kc->last_entry_ptr = &kc->current_menu->next;
	kc->current_menu = kc->current_menu->parent;
}

void menu_add_dep(struct kconf *kc, struct expr *dep)
{
	kc->current_entry->dep = expr_alloc_and(kc, kc->current_entry->dep, dep);
}

/* 'depends on X if Y' (7.0) means ((Y != n) && X) || (Y == n) */
void menu_add_dep_if(struct kconf *kc, struct expr *dep, struct expr *cond)
{
	if (cond) {
		struct expr *left = expr_trans_compare(kc, cond, E_UNEQUAL, &kc->symbol_no);
		struct expr *right = expr_trans_compare(kc, cond, E_EQUAL, &kc->symbol_no);
		dep = expr_alloc_or(kc, expr_alloc_and(kc, dep, left), right);
	}
	menu_add_dep(kc, dep);
}

static void submenu_bases_compute(struct kconf *kc);

void menu_set_type(struct kconf *kc, enum symbol_type type, const char *file, int line)
{
	struct symbol *sym = kc->current_entry->sym;
	(void)file;
	(void)line;

	if (sym->type == type)
		return;
	if (sym->type == S_UNKNOWN) {
		if (kc->submenu_bases)
			submenu_bases_compute(kc);	/* with the types of their start */
		sym->type = type;
		kc->type_gen++;		/* expr_transform/eliminate_dups memos */
		return;
	}
	menu_warn(kc, kc->current_entry, "ignoring type redefinition of '%s' from '%s' to '%s'",
		  sym->name ? sym->name : "<choice>", sym_type_name(sym->type), sym_type_name(type));
}

/* Has menu or one of its parents a 'visible if'?  Siblings ask in a row: cached. */
static bool parents_have_visibility(struct kconf *kc, const struct menu *menu)
{
	if (menu != kc->vis_menu) {
		kc->vis_menu = menu;
		kc->vis_menu_has = false;
		for (const struct menu *m = menu; m; m = m->parent)
			if (m->visibility)
				kc->vis_menu_has = true;
	}
	return kc->vis_menu_has;
}

/* isspace() of the C locale (we never set another), without its table lookup call */
static inline bool is_c_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

struct property *menu_add_prompt(struct kconf *kc, enum prop_type type, const char *prompt,
				 struct expr *dep, const char *file, int line)
{
	struct property *prop = menu_add_prop(kc, type, NULL, dep, file, line);

	if (is_c_space((unsigned char)*prompt)) {
		prop_warn(kc, prop, "leading whitespace ignored");
		while (is_c_space((unsigned char)*prompt))
			prompt++;
	}
	if (kc->current_entry->prompt)
		prop_warn(kc, prop, "prompt redefined");

	/* every enclosing 'visible if' limits a real prompt */
	if (type == P_PROMPT && parents_have_visibility(kc, kc->current_entry->parent)) {
		for (struct menu *m = kc->current_entry->parent; m; m = m->parent)
			if (m->visibility)
				prop->visible.expr = expr_alloc_and(kc, prop->visible.expr, m->visibility);
	}
	kc->current_entry->prompt = prop;
	prop->text = prompt;
	return prop;
}

void menu_add_visibility(struct kconf *kc, struct expr *expr)
{
	kc->current_entry->visibility = expr_alloc_and(kc, kc->current_entry->visibility, expr);
	kc->vis_menu = NULL;	/* parents_have_visibility() must look again */
}

void menu_add_expr(struct kconf *kc, enum prop_type type, struct expr *expr, struct expr *dep,
		   const char *file, int line)
{
	menu_add_prop(kc, type, expr, dep, file, line);
}

void menu_add_symbol(struct kconf *kc, enum prop_type type, struct symbol *sym, struct expr *dep,
		     const char *file, int line)
{
	menu_add_prop(kc, type, expr_alloc_symbol(kc, sym), dep, file, line);
}

void menu_set_help(struct kconf *kc, const char *help)
{
	kc->current_entry->help = help;
}

/* ---- finalizing ---- */

static struct expr *rewrite_m_walk(struct kconf *kc, struct expr *e);

/* 'm' becomes 'm && MODULES' so that it is n without module support */
static inline struct expr *rewrite_m(struct kconf *kc, struct expr *e)
{
	/* most dependencies have no m: no call */
	if (!e || !expr_may_contain_symbol(e, &kc->symbol_mod))
		return e;
	return rewrite_m_walk(kc, e);
}

static struct expr *rewrite_m_walk(struct kconf *kc, struct expr *e)
{
	struct expr *l, *r;

	switch (e->type) {
	case E_NOT:
		l = rewrite_m(kc, e->left.expr);
		return l == e->left.expr ? e : expr_alloc_one(kc, E_NOT, l);
	case E_OR:
	case E_AND:
		l = rewrite_m(kc, e->left.expr);
		r = rewrite_m(kc, e->right.expr);
		return l == e->left.expr && r == e->right.expr ? e : expr_alloc_two(kc, e->type, l, r);
	case E_SYMBOL:
		if (e->left.sym == &kc->symbol_mod)
			return expr_alloc_and(kc, e, expr_alloc_symbol(kc, kc->modules_sym));
		return e;
	default:
		return e;
	}
}

static bool menu_validate_number(struct kconf *kc, struct symbol *sym, struct symbol *sym2)
{
	return sym2->type == S_INT || sym2->type == S_HEX ||
	       (sym2->type == S_UNKNOWN && sym_string_valid(kc, sym, sym2->name));
}

static void sym_check_prop(struct kconf *kc, struct symbol *sym)
{
	struct property *prop;
	struct symbol *sym2;

	for (prop = sym->prop; prop; prop = prop->next) {
		switch (prop->type) {
		case P_DEFAULT:
			if ((sym->type == S_STRING || sym->type == S_INT || sym->type == S_HEX) &&
			    prop->expr->type != E_SYMBOL)
				prop_warn(kc, prop, "default for config symbol '%s' must be a single symbol",
					  sym->name);
			if (prop->expr->type != E_SYMBOL)
				break;
			sym2 = prop_get_symbol(prop);
			if (sym->type == S_HEX || sym->type == S_INT) {
				if (!menu_validate_number(kc, sym, sym2))
					prop_warn(kc, prop, "'%s': number is invalid", sym->name);
			}
			if (sym_is_choice(sym)) {
				bool inside;
				if (KC_NEW_CHOICES(kc)) {
					struct menu *choice = sym_get_choice_menu(kc, sym2);
					inside = choice && choice->sym == sym;
				} else {
					struct property *cp = sym_get_choice_prop(kc, sym2);
					inside = cp && prop_get_symbol(cp) == sym;
				}
				if (!inside)
					prop_warn(kc, prop, "choice default symbol '%s' is not contained in the choice",
						  sym2->name);
			}
			break;
		case P_SELECT:
		case P_IMPLY: {
			const char *use = prop->type == P_SELECT ? "select" : "imply";
			sym2 = prop_get_symbol(prop);
			if (sym->type != S_BOOLEAN && sym->type != S_TRISTATE)
				prop_warn(kc, prop, "config symbol '%s' uses %s, but is not bool or tristate",
					  sym->name, use);
			else if (sym2->type != S_UNKNOWN && sym2->type != S_BOOLEAN &&
				 sym2->type != S_TRISTATE)
				prop_warn(kc, prop, "'%s' has wrong type. '%s' only accept arguments of bool and tristate type",
					  sym2->name, use);
			break;
		}
		case P_RANGE:
			if (sym->type != S_INT && sym->type != S_HEX)
				prop_warn(kc, prop, "range is only allowed for int or hex symbols");
			if (!menu_validate_number(kc, sym, prop->expr->left.sym) ||
			    !menu_validate_number(kc, sym, prop->expr->right.sym))
				prop_warn(kc, prop, "range is invalid");
			break;
		default:
			break;
		}
	}
}

/* 6.1: append a member to the E_LIST chain of the choice's P_CHOICE property */
static void choice_list_append(struct kconf *kc, struct property *prop, struct symbol *member)
{
	struct symbol *items[64], **v = items;
	size_t n = 0, cap = 64;
	struct expr *e, *chain = NULL;
	struct symbol *s;

	expr_list_for_each_sym(prop->expr, e, s) {
		if (n == cap) {
			cap *= 2;
			if (v == items) {
				v = xmalloc(cap * sizeof(*v));
				memcpy(v, items, sizeof(items));
			} else {
				v = xrealloc(v, cap * sizeof(*v));
			}
		}
		v[n++] = s;
	}
	/* E_LIST(left = rest of the list, right = this member), first member on top */
	chain = expr_alloc_two(kc, E_LIST, NULL, (struct expr *)member);
	while (n--)
		chain = expr_alloc_two(kc, E_LIST, chain, (struct expr *)v[n]);
	prop->expr = chain;
	if (v != items)
		free(v);
}

/* Propagate deps of 'parent' into each child, its properties, selects and implies. */
static void propagate_children(struct kconf *kc, struct menu *parent, struct expr *parentdep)
{
	/* what a child without dependencies gets; no type changes in this loop */
	struct expr *parent_alone = NULL;
	bool have_parent_alone = false;

	for (struct menu *menu = parent->list; menu; menu = menu->next) {
		struct expr *basedep;
		struct property *prop;

		if (menu->dep) {
			basedep = expr_transform(kc, rewrite_m(kc, menu->dep));
			basedep = expr_eliminate_dups(kc, expr_alloc_and(kc, parentdep, basedep));
		} else {
			if (!have_parent_alone) {
				parent_alone = expr_eliminate_dups(kc, parentdep);
				have_parent_alone = true;
			}
			basedep = parent_alone;
		}
		menu->dep = basedep;

		/* a symbol's prompts are in its property list too */
		prop = menu->sym ? menu->sym->prop : menu->prompt;
		for (; prop; prop = prop->next) {
			if (prop->menu != menu)
				continue;	/* from another definition site */
			struct expr *dep = basedep;
			/*
			 * Without a condition (most properties) the rewrite below
			 * would be eliminate_dups(basedep), which is basedep itself:
			 * eliminate_dups gives a fixed point, and no type changed since.
			 */
			if (prop->visible.expr) {
				dep = rewrite_m(kc, prop->visible.expr);
				dep = expr_transform(kc, dep);
				dep = expr_alloc_and(kc, basedep, dep);
				dep = expr_eliminate_dups(kc, dep);
			}
			prop->visible.expr = dep;

			if (prop->type == P_SELECT) {
				struct symbol *es = prop_get_symbol(prop);
				es->rev_dep.expr = expr_alloc_or(kc, es->rev_dep.expr,
					expr_alloc_and(kc, expr_alloc_symbol(kc, menu->sym), dep));
			} else if (prop->type == P_IMPLY) {
				struct symbol *es = prop_get_symbol(prop);
				es->implied.expr = expr_alloc_or(kc, es->implied.expr,
					expr_alloc_and(kc, expr_alloc_symbol(kc, menu->sym), dep));
			}
		}
	}
}

/*
 * Entries right after symbol 'parent->sym' that depend on it become its
 * children (an implicit submenu): either they depend on it absolutely, or
 * their dependencies contain it and are a superset of its own.
 */
static void build_implicit_submenu(struct kconf *kc, struct menu *parent, bool inside_choice_unused);
static void finalize(struct kconf *kc, struct menu *parent, bool inside_choice);

/* eliminate_dups(transform(e != n)): the dependency as the submenu test sees it */
static struct expr *submenu_dep(struct kconf *kc, struct expr *e)
{
	e = expr_trans_compare(kc, e, E_UNEQUAL, &kc->symbol_no);
	return expr_eliminate_dups(kc, expr_transform(kc, e));
}

/*
 * The parent's side of the submenu test, eliminate_dups(transform(its
 * prompt's visibility != n)), which the kernel computes first thing.  It is
 * only needed when a successor mentions the symbol without depending on it
 * outright, so it is computed then, unless computing it can print (below).
 * It depends on symbol types, which 6.1 still sets while finalizing (types
 * of choices and their members): menu_set_type() computes every pending one
 * before it changes a type, so each still sees the types of its start.
 */
struct submenu_base {
	const struct menu *parent;
	struct expr *dep;
	bool known;
	struct submenu_base *outer;	/* of the enclosing build_implicit_submenu() */
};

static struct expr *submenu_base_dep(struct kconf *kc, struct submenu_base *b)
{
	if (!b->known) {
		b->dep = submenu_dep(kc, b->parent->prompt ? b->parent->prompt->visible.expr : NULL);
		b->known = true;
	}
	return b->dep;
}

/* Compute the pending ones: a type is about to change (menu_set_type) */
static __attribute__((noinline)) void submenu_bases_compute(struct kconf *kc)
{
	for (struct submenu_base *b = kc->submenu_bases; b; b = b->outer)
		submenu_base_dep(kc, b);
}

static void build_implicit_submenu(struct kconf *kc, struct menu *parent, bool unused)
{
	struct symbol *sym = parent->sym;
	struct menu *menu, *last_menu = NULL;
	struct expr *dep, *dep2;
	struct submenu_base base = { parent, NULL, false, kc->submenu_bases };
	bool v61 = kc->kver < KV(6, 12);
	(void)unused;

	/*
	 * Only 6.1 can print while transforming here (a type set by a later
	 * choice makes a 'bool = m' test of its member), and only from a
	 * comparison with m: with one, compute it now, as the kernel does.
	 */
	if (v61 && parent->prompt &&
	    expr_contains_symbol(parent->prompt->visible.expr, &kc->symbol_mod))
		submenu_base_dep(kc, &base);
	if (v61)
		kc->submenu_bases = &base;	/* 6.12 sets no types while finalizing */

	for (menu = parent->next; menu; menu = menu->next) {
		dep = menu->prompt ? menu->prompt->visible.expr : menu->dep;
		if (!dep || !expr_may_contain_symbol(dep, sym) || !expr_contains_symbol(dep, sym))
			break;	/* (the inline test settles most) */
		if (!expr_depends_symbol(kc, dep, sym)) {
			dep2 = submenu_base_dep(kc, &base);
			dep = submenu_dep(kc, dep);
			expr_eliminate_eq(kc, &dep, &dep2);
			if (!expr_is_yes(kc, dep2))
				break;
		}
		finalize(kc, menu, false);
		menu->parent = parent;
		last_menu = menu;
	}
	if (v61)
		kc->submenu_bases = base.outer;
	if (last_menu) {
		parent->list = parent->next;
		parent->next = last_menu->next;
		last_menu->next = NULL;
	}
	sym->dir_dep.expr = expr_alloc_or(kc, sym->dir_dep.expr, parent->dep);
}

/* 6.1: the choice's type and its members' types, and members as choice values */
static void choice_types_61(struct kconf *kc, struct menu *parent)
{
	struct symbol *sym = parent->sym;
	struct menu *menu;
	struct menu *saved = kc->current_entry;

	if (sym->type == S_UNKNOWN) {
		/* the choice takes the type of its first typed member */
		kc->current_entry = parent;
		for (menu = parent->list; menu; menu = menu->next) {
			if (menu->sym && menu->sym->type != S_UNKNOWN) {
				menu_set_type(kc, menu->sym->type, NULL, 0);
				break;
			}
		}
	}
	for (menu = parent->list; menu; menu = menu->next) {
		kc->current_entry = menu;
		if (menu->sym && menu->sym->type == S_UNKNOWN)
			menu_set_type(kc, sym->type, NULL, 0);
	}
	kc->current_entry = saved;
}

static void mark_choice_value_61(struct kconf *kc, struct menu *parent, struct menu *menu)
{
	struct symbol *sym = parent->sym;
	struct property *prop;

	menu->sym->flags |= SYMBOL_CHOICEVAL;
	if (!menu->prompt)
		menu_warn(kc, menu, "choice value must have a prompt");
	for (prop = menu->sym->prop; prop; prop = prop->next) {
		if (prop->type == P_DEFAULT)
			prop_warn(kc, prop, "defaults for choice values not supported");
		if (prop->menu == menu)
			continue;
		if (prop->type == P_PROMPT && prop->menu->parent->sym != sym)
			prop_warn(kc, prop, "choice value used outside its choice group");
	}
	/* bool values of a tristate choice need the choice to be y */
	if (sym->type == S_TRISTATE && menu->sym->type != S_TRISTATE) {
		struct expr *basedep = expr_alloc_comp(kc, E_EQUAL, sym, &kc->symbol_yes);
		menu->dep = expr_alloc_and(kc, basedep, menu->dep);
		for (prop = menu->sym->prop; prop; prop = prop->next) {
			if (prop->menu != menu)
				continue;
			prop->visible.expr = expr_alloc_and(kc, basedep, prop->visible.expr);
		}
	}
	struct menu *saved = kc->current_entry;
	kc->current_entry = menu;
	menu_add_symbol(kc, P_CHOICE, sym, NULL, menu->filename, menu->lineno);
	if (!sym_get_choice_prop(kc, sym)) {
		/* the parser normally adds it at 'choice'; be robust anyway */
		kc->current_entry = parent;
		menu_add_expr(kc, P_CHOICE, NULL, NULL, parent->filename, parent->lineno);
	}
	kc->current_entry = saved;
	choice_list_append(kc, sym_get_choice_prop(kc, sym), menu->sym);
}

static void finalize(struct kconf *kc, struct menu *parent, bool inside_choice)
{
	struct symbol *sym = parent->sym;
	struct menu *menu, *last_menu;
	bool v61 = !KC_NEW_CHOICES(kc);

	if (parent->list) {
		struct expr *parentdep = parent->dep;

		if (v61 && sym && sym_is_choice(sym)) {
			choice_types_61(kc, parent);
			/* the choice's mode bounds its values' visibility */
			parentdep = expr_alloc_symbol(kc, sym);
		}
		propagate_children(kc, parent, parentdep);
		for (menu = parent->list; menu; menu = menu->next)
			finalize(kc, menu, sym && sym_is_choice(sym));
	} else if (sym && (v61 || !inside_choice)) {
		build_implicit_submenu(kc, parent, inside_choice);
	}

	for (menu = parent->list; menu; menu = menu->next) {
		if (v61 && sym && sym_is_choice(sym) && menu->sym && !sym_is_choice_value(menu->sym))
			mark_choice_value_61(kc, parent, menu);

		/* flatten 'if' blocks and submenus of promptless entries */
		if (menu->list && (!menu->prompt || !menu->prompt->text)) {
			for (last_menu = menu->list;; last_menu = last_menu->next) {
				last_menu->parent = parent;
				if (!last_menu->next)
					break;
			}
			last_menu->next = menu->next;
			menu->next = menu->list;
			menu->list = NULL;
		}
	}

	if (sym && !(sym->flags & SYMBOL_WARNED)) {
		if (sym->type == S_UNKNOWN)
			menu_warn(kc, parent, "config symbol defined without type");
		if (v61 && sym_is_choice(sym) && !parent->prompt)
			menu_warn(kc, parent, "choice must have a prompt");
		sym_check_prop(kc, sym);
		sym->flags |= SYMBOL_WARNED;
	}

	/* 6.1: a visible non-optional choice cannot be n: it "selects" m */
	if (v61 && sym && !sym_is_optional(sym) && parent->prompt) {
		sym->rev_dep.expr = expr_alloc_or(kc, sym->rev_dep.expr,
			expr_alloc_and(kc, parent->prompt->visible.expr,
				       expr_alloc_symbol(kc, &kc->symbol_mod)));
	}
}

void menu_finalize(struct kconf *kc)
{
	kc->vis_menu = NULL;	/* parents change below */
	finalize(kc, &kc->rootmenu, false);
	expr_memo_release(kc);		/* only the rewrites above use it */
	kc->menus_final = true;
}

/* ---- queries ---- */

bool menu_has_prompt(const struct menu *menu)
{
	return menu->prompt != NULL;
}

bool menu_is_empty(struct kconf *kc, struct menu *menu)
{
	for (struct menu *child = menu->list; child; child = child->next)
		if (menu_is_visible(kc, child))
			return false;
	return true;
}

bool menu_is_visible(struct kconf *kc, struct menu *menu)
{
	struct symbol *sym;
	tristate visible;

	if (!menu->prompt)
		return false;
	if (menu->visibility && expr_calc_value(kc, menu->visibility) == no)
		return false;

	sym = menu->sym;
	if (sym) {
		sym_calc_value(kc, sym);
		visible = menu->prompt->visible.tri;
	} else {
		visible = menu->prompt->visible.tri = expr_calc_value(kc, menu->prompt->visible.expr);
	}
	if (visible != no)
		return true;
	if (!sym || sym_get_tristate_value(menu->sym) == no)
		return false;

	for (struct menu *child = menu->list; child; child = child->next) {
		if (menu_is_visible(kc, child)) {
			/* 6.1 marks such a symbol as user-set */
			if (!KC_NEW_CHOICES(kc))
				sym->flags |= SYMBOL_DEF_USER;
			return true;
		}
	}
	return false;
}

const char *menu_get_prompt(const struct menu *menu)
{
	if (menu->prompt)
		return menu->prompt->text;
	if (menu->sym)
		return menu->sym->name;
	return NULL;
}

struct menu *menu_get_parent_menu(struct kconf *kc, struct menu *menu)
{
	for (; menu != &kc->rootmenu; menu = menu->parent)
		if (menu->prompt && menu->prompt->type == P_MENU)
			break;
	return menu;
}

bool menu_has_help(const struct menu *menu)
{
	return menu->help != NULL;
}

const char *menu_get_help(const struct menu *menu)
{
	return menu->help ? menu->help : "";
}

static void get_def_str(struct kstr *r, const struct menu *menu)
{
	kstr_printf(r, "Defined at %s:%d\n", menu->filename, menu->lineno);
}

static void get_dep_str(struct kconf *kc, struct kstr *r, const struct expr *expr, const char *prefix)
{
	if (!expr_is_yes(kc, expr)) {
		kstr_append(r, prefix);
		expr_print_kstr_values(kc, expr, r);
		kstr_append(r, "\n");
	}
}

static void get_prompt_str(struct kconf *kc, struct kstr *r, struct property *prop)
{
	struct menu *submenu[8], *menu;
	int i, j;

	kstr_printf(r, "  Prompt: %s\n", prop->text);
	get_dep_str(kc, r, prop->menu->dep, "  Depends on: ");
	/* show visibility only where it differs from the dependencies */
	if (!expr_eq(kc, prop->menu->dep, prop->visible.expr))
		get_dep_str(kc, r, prop->visible.expr, "  Visible if: ");

	/* the kernel evaluates visibility here (with side effects in 6.1) */
	bool found = false;
	menu = prop->menu;
	for (i = 0; menu != &kc->rootmenu && i < 8; menu = menu->parent) {
		submenu[i++] = menu;
		if (!KC_NEW_CHOICES(kc)) {
			bool accessible = menu_is_visible(kc, menu);
			found = found || accessible;
		} else if (!found) {
			found = menu_is_visible(kc, menu);
		}
	}
	kstr_printf(r, "  Location:\n");
	for (j = 0; --i >= 0; j++) {
		menu = submenu[i];
		kstr_printf(r, "%*c-> %s", 2 * j + 4, ' ', menu_get_prompt(menu));
		if (menu->sym)
			kstr_printf(r, " (%s [=%s])", menu->sym->name ? menu->sym->name : "<choice>",
				    sym_get_string_value(kc, menu->sym));
		kstr_append(r, "\n");
	}
}

static void get_symbol_props_str(struct kconf *kc, struct kstr *r, struct symbol *sym,
				 enum prop_type tok, const char *prefix)
{
	bool hit = false;
	struct property *prop;

	for_all_properties(sym, prop, tok) {
		if (!hit) {
			kstr_append(r, prefix);
			hit = true;
		} else {
			kstr_printf(r, " && ");
		}
		expr_print_kstr_values(kc, prop->expr, r);
	}
	if (hit)
		kstr_append(r, "\n");
}

void get_symbol_str(struct kconf *kc, struct kstr *r, struct symbol *sym)
{
	struct property *prop;
	struct menu *menu;

	if (sym && sym->name) {
		kstr_printf(r, "Symbol: %s [=%s]\n", sym->name, sym_get_string_value(kc, sym));
		kstr_printf(r, "Type  : %s\n", sym_type_name(sym->type));
		if (sym->type == S_INT || sym->type == S_HEX) {
			prop = sym_get_range_prop(kc, sym);
			if (prop) {
				kstr_printf(r, "Range : ");
				expr_print_kstr_values(kc, prop->expr, r);
				kstr_append(r, "\n");
			}
		}
	}
	/* definitions with prompts first */
	for (menu = sym->menus; menu; menu = menu->sym_next)
		if (menu->prompt) {
			get_def_str(r, menu);
			get_prompt_str(kc, r, menu->prompt);
		}
	for (menu = sym->menus; menu; menu = menu->sym_next)
		if (!menu->prompt) {
			get_def_str(r, menu);
			get_dep_str(kc, r, menu->dep, "  Depends on: ");
		}

	get_symbol_props_str(kc, r, sym, P_SELECT, "Selects: ");
	if (sym->rev_dep.expr) {
		expr_print_revdep(kc, sym->rev_dep.expr, r, yes, "Selected by [y]:\n");
		expr_print_revdep(kc, sym->rev_dep.expr, r, mod, "Selected by [m]:\n");
		expr_print_revdep(kc, sym->rev_dep.expr, r, no, "Selected by [n]:\n");
	}
	get_symbol_props_str(kc, r, sym, P_IMPLY, "Implies: ");
	if (sym->implied.expr) {
		expr_print_revdep(kc, sym->implied.expr, r, yes, "Implied by [y]:\n");
		expr_print_revdep(kc, sym->implied.expr, r, mod, "Implied by [m]:\n");
		expr_print_revdep(kc, sym->implied.expr, r, no, "Implied by [n]:\n");
	}
	kstr_append(r, "\n\n");
}

void menu_get_ext_help(struct kconf *kc, struct menu *menu, struct kstr *help)
{
	struct symbol *sym = menu->sym;
	const char *help_text = nohelp_text;

	if (menu->help) {
		if (sym->name)
			kstr_printf(help, "%s%s:\n\n", kc->config_prefix, sym->name);
		help_text = menu->help;
	}
	kstr_printf(help, "%s\n", help_text);
	if (sym)
		get_symbol_str(kc, help, sym);
}
