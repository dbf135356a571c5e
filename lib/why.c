/* SPDX-License-Identifier: MIT */
/*
 * `why`: the tree of causes behind a value, and what-if planning for a value
 * a symbol does not have.
 *
 * Planning works on user values only, because that is all a person can
 * change: it proposes "CONFIG_X=v" edits, applies them to the loaded state
 * exactly as reading them from the .config would (conf_apply_user_value),
 * recomputes, and keeps a plan only when the engine itself then gives the
 * wanted value.  The search is greedy (first workable alternative of each
 * ||), so a plan is sound but not always the smallest.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "origin_internal.h"
#include "kconf/origin.h"

/* ------------------------------------------------------------------ */
/* why SYM                                                            */

static struct kconf_why *why_node(struct kconf *kc, struct symbol *sym, int depth, int max_depth,
				  struct symset *seen)
{
	struct kconf_why *w = xcalloc(1, sizeof(*w));

	origin_compute(kc, sym);
	w->sym = sym;
	w->value = xstrdup(sym_get_string_value(kc, sym));
	for (size_t i = 0; i < seen->n; i++)
		if (seen->v[i] == sym) {
			w->repeated = true;
			return w;
		}
	symset_add(seen, sym);
	w->origin = kconf_origin(kc, sym);
	if (depth >= max_depth) {
		w->truncated = true;
		return w;
	}
	/* children: the symbols the decisive causes rest on */
	struct symset kids = { 0 };

	for (struct kconf_origin *o = w->origin; o; o = o->next) {
		if (o->cause == KCONF_CAUSE_USER || o->cause == KCONF_CAUSE_CONST)
			continue;
		for (size_t i = 0; i < o->nsyms; i++)
			if (o->syms[i] != sym)
				symset_add(&kids, o->syms[i]);
	}
	if (kids.n) {
		w->children = xcalloc(kids.n, sizeof(*w->children));
		for (size_t i = 0; i < kids.n; i++)
			w->children[w->nchildren++] = why_node(kc, kids.v[i], depth + 1, max_depth, seen);
	}
	free(kids.v);
	return w;
}

struct kconf_why *kconf_why(struct kconf *kc, struct symbol *sym, int max_depth)
{
	struct symset seen = { 0 };
	struct kconf_why *w = why_node(kc, sym, 0, max_depth, &seen);

	free(seen.v);
	return w;
}

void kconf_why_free(struct kconf_why *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->nchildren; i++)
		kconf_why_free(w->children[i]);
	free(w->children);
	free(w->value);
	kconf_origin_free(w->origin);
	free(w);
}

/* ------------------------------------------------------------------ */
/* saving and restoring the user values                               */

struct saved_sym {
	struct symbol_value user;
	int flags, user_line;
	struct symbol *choice_prev, *choice_next;
};

struct saved_state {
	struct saved_sym *syms;		/* by index in kc->all_syms */
	struct symbol **heads;		/* 6.12 choice menus' member lists */
	size_t nr;
};

static void state_save(struct kconf *kc, struct saved_state *st)
{
	st->nr = kc->nr_all;
	st->syms = xcalloc(st->nr ? st->nr : 1, sizeof(*st->syms));
	st->heads = xcalloc(2 * (st->nr ? st->nr : 1), sizeof(*st->heads));
	for (size_t i = 0; i < st->nr; i++) {
		struct symbol *s = kc->all_syms[i];
		struct saved_sym *v = &st->syms[i];

		v->user = s->def[S_DEF_USER];
		v->flags = s->flags & SYMBOL_DEF_USER;
		v->user_line = s->user_line;
		v->choice_prev = s->choice_prev;
		v->choice_next = s->choice_next;
		if (sym_is_choice(s) && s->menus) {
			st->heads[2 * i] = s->menus->choice_members;
			st->heads[2 * i + 1] = s->menus->choice_members_tail;
		}
	}
}

static void state_restore(struct kconf *kc, const struct saved_state *st)
{
	for (size_t i = 0; i < st->nr && i < kc->nr_all; i++) {
		struct symbol *s = kc->all_syms[i];
		const struct saved_sym *v = &st->syms[i];

		s->def[S_DEF_USER] = v->user;
		s->flags = (s->flags & ~SYMBOL_DEF_USER) | v->flags;
		s->user_line = v->user_line;
		s->choice_prev = v->choice_prev;
		s->choice_next = v->choice_next;
		if (sym_is_choice(s) && s->menus) {
			s->menus->choice_members = st->heads[2 * i];
			s->menus->choice_members_tail = st->heads[2 * i + 1];
		}
	}
	sym_clear_all_valid(kc);
}

static void state_free(struct saved_state *st)
{
	free(st->syms);
	free(st->heads);
}

/* ------------------------------------------------------------------ */
/* planning                                                           */

struct planner {
	struct kconf *kc;
	struct saved_state base;
	struct kconf_change *ch;
	size_t nch, cap;
	struct symset stack;	/* goals being worked on, against cycles */
	int depth;
};

#define PLAN_MAX_DEPTH 40
#define PLAN_MAX_ROUNDS 6

static int change_index(struct planner *p, struct symbol *sym)
{
	for (size_t i = 0; i < p->nch; i++)
		if (p->ch[i].sym == sym)
			return (int)i;
	return -1;
}

/* Record CONFIG_<sym>=<value> and apply it to the live state. */
static void plan_set(struct planner *p, struct symbol *sym, const char *value)
{
	int i = change_index(p, sym);

	if (i < 0) {
		if (p->nch == p->cap) {
			p->cap = p->cap ? 2 * p->cap : 8;
			p->ch = xrealloc(p->ch, p->cap * sizeof(*p->ch));
		}
		i = (int)p->nch++;
		p->ch[i].sym = sym;
		p->ch[i].old_value = NULL;
	} else {
		free(p->ch[i].value);
	}
	p->ch[i].value = xstrdup(value);
	conf_apply_user_value(p->kc, sym, value);
	sym_clear_all_valid(p->kc);
}

/* Re-apply the recorded changes on top of the saved state. */
static void plan_replay(struct planner *p)
{
	state_restore(p->kc, &p->base);
	for (size_t i = 0; i < p->nch; i++)
		conf_apply_user_value(p->kc, p->ch[i].sym, p->ch[i].value);
	sym_clear_all_valid(p->kc);
}

/* Undo the changes recorded after 'mark' (a failed alternative). */
static void plan_rollback(struct planner *p, size_t mark, struct kconf_change *saved)
{
	for (size_t i = 0; i < p->nch; i++)
		free(p->ch[i].value);
	p->nch = 0;
	for (size_t i = 0; i < mark; i++) {
		if (p->nch == p->cap) {
			p->cap = p->cap ? 2 * p->cap : 8;
			p->ch = xrealloc(p->ch, p->cap * sizeof(*p->ch));
		}
		p->ch[p->nch].sym = saved[i].sym;
		p->ch[p->nch].value = xstrdup(saved[i].value);
		p->ch[p->nch].old_value = NULL;
		p->nch++;
	}
	plan_replay(p);
}

static struct kconf_change *plan_snapshot(struct planner *p)
{
	struct kconf_change *c = xcalloc(p->nch ? p->nch : 1, sizeof(*c));

	for (size_t i = 0; i < p->nch; i++) {
		c[i].sym = p->ch[i].sym;
		c[i].value = xstrdup(p->ch[i].value);
	}
	return c;
}

static void snapshot_free(struct kconf_change *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(c[i].value);
	free(c);
}

static tristate cur_tri(struct kconf *kc, struct symbol *sym)
{
	origin_compute(kc, sym);
	return sym_get_tristate_value(sym);
}

static bool has_prompt(struct symbol *sym)
{
	struct property *prop;

	for_all_prompts(sym, prop)
		return true;
	return false;
}

static bool need_at_least(struct planner *p, struct symbol *sym, tristate v);
static bool need_at_most(struct planner *p, struct symbol *sym, tristate v);
static bool expr_at_least(struct planner *p, struct expr *e, tristate v);
static bool expr_at_most(struct planner *p, struct expr *e, tristate v);

/*
 * How far e is from >= v: symbol leaves on the wrong side, those that would
 * have to be switched off counting double (people would rather add an option
 * than lose one they have).
 */
static int cost_at_least(struct kconf *kc, struct expr *e, tristate v);

static int cost_at_most(struct kconf *kc, struct expr *e, tristate v)
{
	if (!e)
		return v == yes ? 0 : 100;
	if (expr_calc_value(kc, e) <= v)
		return 0;
	switch (e->type) {
	case E_SYMBOL:
		/* switching something off costs more than switching something on */
		return (e->left.sym->flags & SYMBOL_CONST) ? 100 : 2;
	case E_NOT:
		return cost_at_least(kc, e->left.expr, TRI_NOT(v));
	case E_AND: {
		int a = cost_at_most(kc, e->left.expr, v), b = cost_at_most(kc, e->right.expr, v);
		return a < b ? a : b;
	}
	case E_OR:
		return cost_at_most(kc, e->left.expr, v) + cost_at_most(kc, e->right.expr, v);
	default:
		return 2;
	}
}

static int cost_at_least(struct kconf *kc, struct expr *e, tristate v)
{
	if (!e || expr_calc_value(kc, e) >= v)
		return 0;
	switch (e->type) {
	case E_SYMBOL:
		return (e->left.sym->flags & SYMBOL_CONST) ? 100 : 1;
	case E_NOT:
		return cost_at_most(kc, e->left.expr, TRI_NOT(v));
	case E_AND:
		return cost_at_least(kc, e->left.expr, v) + cost_at_least(kc, e->right.expr, v);
	case E_OR: {
		int a = cost_at_least(kc, e->left.expr, v), b = cost_at_least(kc, e->right.expr, v);
		return a < b ? a : b;
	}
	default:
		return 2;
	}
}

/* Try a then b (cheaper first) until one works; a failed try is undone. */
static bool either(struct planner *p, struct expr *a, struct expr *b, tristate v, bool raise)
{
	struct kconf *kc = p->kc;
	int ca = raise ? cost_at_least(kc, a, v) : cost_at_most(kc, a, v);
	int cb = raise ? cost_at_least(kc, b, v) : cost_at_most(kc, b, v);
	struct expr *order[2] = { ca <= cb ? a : b, ca <= cb ? b : a };

	for (int k = 0; k < 2; k++) {
		size_t mark = p->nch;
		struct kconf_change *saved = plan_snapshot(p);
		bool ok = raise ? expr_at_least(p, order[k], v) : expr_at_most(p, order[k], v);

		if (ok)
			ok = raise ? expr_calc_value(kc, order[k]) >= v : expr_calc_value(kc, order[k]) <= v;
		if (ok) {
			snapshot_free(saved, mark);
			return true;
		}
		plan_rollback(p, mark, saved);
		snapshot_free(saved, mark);
	}
	return false;
}

static bool sym_equal_value(struct planner *p, struct symbol *sym, const char *value);

/* Comparisons: only the shape "symbol OP constant" (either side) is planned. */
static bool compare_true(struct planner *p, struct expr *e, bool want_true)
{
	struct symbol *a = e->left.sym, *b = e->right.sym, *var, *cst;
	enum expr_type t = (enum expr_type)e->type;

	if ((a->flags & SYMBOL_CONST) && !(b->flags & SYMBOL_CONST)) {
		var = b, cst = a;
		/* mirror the operator */
		t = t == E_LTH ? E_GTH : t == E_GTH ? E_LTH : t == E_LEQ ? E_GEQ : t == E_GEQ ? E_LEQ : t;
	} else if (!(a->flags & SYMBOL_CONST) && (b->flags & SYMBOL_CONST)) {
		var = a, cst = b;
	} else {
		return false;
	}
	if (!want_true)
		t = t == E_EQUAL ? E_UNEQUAL : t == E_UNEQUAL ? E_EQUAL : t == E_LTH ? E_GEQ :
		    t == E_GEQ ? E_LTH : t == E_LEQ ? E_GTH : E_LEQ;
	enum symbol_type type = sym_get_type(p->kc, var);

	if (type == S_BOOLEAN || type == S_TRISTATE) {
		tristate c = cst->curr.tri;

		if (t == E_EQUAL)
			return need_at_least(p, var, c) && need_at_most(p, var, c);
		if (t == E_UNEQUAL)
			return c == no ? need_at_least(p, var, type == S_BOOLEAN ? yes : mod)
				       : need_at_most(p, var, no);
		return false;
	}
	if (t == E_EQUAL)
		return sym_equal_value(p, var, cst->name);
	if (type == S_INT || type == S_HEX) {
		int base = type == S_INT ? 10 : 16;
		long long c = strtoll(cst->name, NULL, base), want;
		char buf[40];

		switch (t) {
		case E_LTH: want = c - 1; break;
		case E_GTH: want = c + 1; break;
		case E_LEQ: case E_GEQ: want = c; break;
		case E_UNEQUAL: want = c + 1; break;
		default: return false;
		}
		snprintf(buf, sizeof(buf), type == S_INT ? "%lld" : "0x%llx", want);
		return sym_equal_value(p, var, buf);
	}
	return false;
}

static bool expr_at_least(struct planner *p, struct expr *e, tristate v)
{
	struct kconf *kc = p->kc;

	if (!e || expr_calc_value(kc, e) >= v)
		return true;
	switch (e->type) {
	case E_SYMBOL:
		return need_at_least(p, e->left.sym, v);
	case E_NOT:
		return expr_at_most(p, e->left.expr, TRI_NOT(v));
	case E_AND:
		return expr_at_least(p, e->left.expr, v) && expr_at_least(p, e->right.expr, v) &&
		       expr_calc_value(kc, e) >= v;
	case E_OR:
		return either(p, e->left.expr, e->right.expr, v, true);
	case E_EQUAL: case E_UNEQUAL: case E_LTH: case E_LEQ: case E_GTH: case E_GEQ:
		return compare_true(p, e, true);
	default:
		return false;
	}
}

static bool expr_at_most(struct planner *p, struct expr *e, tristate v)
{
	struct kconf *kc = p->kc;

	if (!e)
		return v == yes;
	if (expr_calc_value(kc, e) <= v)
		return true;
	switch (e->type) {
	case E_SYMBOL:
		return need_at_most(p, e->left.sym, v);
	case E_NOT:
		return expr_at_least(p, e->left.expr, TRI_NOT(v));
	case E_AND:
		return either(p, e->left.expr, e->right.expr, v, false);
	case E_OR:
		return expr_at_most(p, e->left.expr, v) && expr_at_most(p, e->right.expr, v) &&
		       expr_calc_value(kc, e) <= v;
	case E_EQUAL: case E_UNEQUAL: case E_LTH: case E_LEQ: case E_GTH: case E_GEQ:
		return v == no && compare_true(p, e, false);
	default:
		return false;
	}
}

static bool enter(struct planner *p, struct symbol *sym)
{
	if (p->depth >= PLAN_MAX_DEPTH)
		return false;
	for (size_t i = 0; i < p->stack.n; i++)
		if (p->stack.v[i] == sym)
			return false;
	symset_add(&p->stack, sym);
	p->depth++;
	return true;
}

static void leave(struct planner *p)
{
	p->stack.n--;
	p->depth--;
}

/* The visibility a prompt must reach so that the user's v counts. */
static tristate visibility_needed(struct kconf *kc, struct symbol *sym, tristate v)
{
	if (v == mod)
		return mod;
	/* a bool (or a tristate without modules) is visible y already at m */
	return sym_get_type(kc, sym) == S_TRISTATE ? yes : mod;
}

/* 6.1/6.12: make sym the selected member of its choice. */
static bool choose_member(struct planner *p, struct symbol *sym)
{
	struct kconf *kc = p->kc;
	struct menu *choice = sym_get_choice_menu(kc, sym);
	struct menu *m;

	if (!choice)
		return false;
	if (choice->sym && cur_tri(kc, choice->sym) != yes &&
	    !need_at_least(p, choice->sym, yes))
		return false;
	if (!expr_at_least(p, prompt_visibility(kc, sym), yes))
		return false;
	/* turn the other y members off so that no line order decides */
	menu_for_each_sub_entry(m, choice) {
		if (m->sym && m->sym != sym && sym_is_choice_value(m->sym) &&
		    cur_tri(kc, m->sym) == yes)
			plan_set(p, m->sym, "n");
	}
	plan_set(p, sym, "y");
	return cur_tri(kc, sym) == yes;
}

static bool need_at_least(struct planner *p, struct symbol *sym, tristate v)
{
	struct kconf *kc = p->kc;
	bool ok = false;

	if (cur_tri(kc, sym) >= v)
		return true;
	if ((sym->flags & SYMBOL_CONST) || !enter(p, sym))
		return false;
	if (sym_is_choice_value(sym) && v != no && sym_get_choice_menu(kc, sym)) {
		ok = choose_member(p, sym);
	} else if (sym_is_choice(sym)) {
		/* 6.1: a choice is on when visible (its prompt) */
		ok = expr_at_least(p, prompt_visibility(kc, sym), v);
	} else if (has_prompt(sym)) {
		tristate want = v;

		if (sym_get_type(kc, sym) == S_BOOLEAN)
			want = yes;
		ok = expr_at_least(p, prompt_visibility(kc, sym), visibility_needed(kc, sym, v));
		if (ok) {
			plan_set(p, sym, tri_name(want));
			ok = cur_tri(kc, sym) >= v;
		}
	}
	if (!ok && !has_prompt(sym) && !sym_is_choice(sym)) {
		/* no prompt: a default whose condition can hold, or a select */
		struct property *prop;

		for_all_defaults(sym, prop) {
			size_t mark = p->nch;
			struct kconf_change *saved = plan_snapshot(p);

			ok = expr_at_least(p, prop->visible.expr, v) && expr_at_least(p, prop->expr, v) &&
			     cur_tri(kc, sym) >= v;
			if (!ok)
				plan_rollback(p, mark, saved);
			snapshot_free(saved, mark);
			if (ok)
				break;
		}
	}
	if (!ok) {
		/* a select from a symbol that can be switched on */
		for (size_t i = 0; !ok && i < kc->nr_syms; i++) {
			struct symbol *src = kc->syms[i];
			struct property *prop;

			for_all_properties(src, prop, P_SELECT) {
				if (ok || prop_get_symbol(prop) != sym)
					continue;
				size_t mark = p->nch;
				struct kconf_change *saved = plan_snapshot(p);

				ok = expr_at_least(p, prop->visible.expr, v) && need_at_least(p, src, v) &&
				     cur_tri(kc, sym) >= v;
				if (!ok)
					plan_rollback(p, mark, saved);
				snapshot_free(saved, mark);
			}
		}
	}
	leave(p);
	return ok;
}

static bool need_at_most(struct planner *p, struct symbol *sym, tristate v)
{
	struct kconf *kc = p->kc;
	bool ok = true;

	if (cur_tri(kc, sym) <= v)
		return true;
	/* a bool (or a tristate without modules) at most m is n */
	if (v == mod && sym_get_type(kc, sym) != S_TRISTATE)
		v = no;
	if ((sym->flags & SYMBOL_CONST) || !enter(p, sym))
		return false;
	/* every select that holds it up must go down */
	for (size_t i = 0; ok && i < kc->nr_syms; i++) {
		struct symbol *src = kc->syms[i];
		struct property *prop;

		for_all_properties(src, prop, P_SELECT) {
			if (!ok || prop_get_symbol(prop) != sym)
				continue;
			origin_compute(kc, src);
			if (TRI_AND(src->curr.tri, expr_calc_value(kc, prop->visible.expr)) <= v)
				continue;
			size_t mark = p->nch;
			struct kconf_change *saved = plan_snapshot(p);

			ok = need_at_most(p, src, v);
			if (!ok) {
				plan_rollback(p, mark, saved);
				ok = expr_at_most(p, prop->visible.expr, v);
			}
			snapshot_free(saved, mark);
		}
	}
	if (ok && cur_tri(kc, sym) > v) {
		struct menu *choice = sym_is_choice_value(sym) ? sym_get_choice_menu(kc, sym) : NULL;

		if (choice && v == no) {
			/* another member takes over */
			struct menu *m;

			ok = false;
			menu_for_each_sub_entry(m, choice) {
				if (ok || !m->sym || m->sym == sym || !sym_is_choice_value(m->sym))
					continue;
				origin_compute(kc, m->sym);
				if (m->sym->visible == no)
					continue;
				plan_set(p, sym, "n");
				ok = choose_member(p, m->sym);
			}
		} else if (has_prompt(sym) && sym->visible != no) {
			plan_set(p, sym, tri_name(v));
		} else {
			/* hidden: the default that gives it the value must not hold */
			struct property *prop = sym_get_default_prop(kc, sym);

			ok = prop && either(p, prop->visible.expr, prop->expr, v, false);
			if (!ok && has_prompt(sym)) {
				/* or make it visible and set it */
				ok = expr_at_least(p, prompt_visibility(kc, sym), mod);
				if (ok)
					plan_set(p, sym, tri_name(v));
			}
		}
		ok = cur_tri(kc, sym) <= v;
	}
	leave(p);
	return ok;
}

static bool sym_equal_value(struct planner *p, struct symbol *sym, const char *value)
{
	struct kconf *kc = p->kc;
	enum symbol_type type = sym_get_type(kc, sym);
	bool ok;

	origin_compute(kc, sym);
	if (type == S_BOOLEAN || type == S_TRISTATE) {
		tristate t = value[0] == 'y' ? yes : value[0] == 'm' ? mod : no;

		return need_at_least(p, sym, t) && need_at_most(p, sym, t);
	}
	if (!strcmp(sym_get_string_value(kc, sym), value))
		return true;
	if ((sym->flags & SYMBOL_CONST) || !has_prompt(sym) || !enter(p, sym))
		return false;
	ok = expr_at_least(p, prompt_visibility(kc, sym), mod);
	if (ok) {
		char *spelled = type == S_STRING ? conf_quote_value(value) : xstrdup(value);

		plan_set(p, sym, spelled);
		free(spelled);
		origin_compute(kc, sym);
		ok = !strcmp(sym_get_string_value(kc, sym), value);
	}
	leave(p);
	return ok;
}

/* ------------------------------------------------------------------ */
/* blockers                                                           */

static struct kconf_blocker *blocker_add(struct kconf_blocker ***tail, char *what,
					 const char *file, int line)
{
	struct kconf_blocker *b = xcalloc(1, sizeof(*b));

	b->what = what;
	b->file = file;
	b->line = line;
	**tail = b;
	*tail = &b->next;
	return b;
}

static void blocker_syms(struct kconf_blocker *b, const struct expr *e)
{
	struct symset s = { 0 };

	symset_add_expr(&s, e);
	b->syms = s.v;
	b->nsyms = s.n;
}

/* The && terms of e that are below v, as blockers "what TERM [=val]". */
static void term_blockers(struct kconf *kc, struct kconf_blocker ***tail, const char *what,
			  struct expr *e, tristate v, const char *file, int line)
{
	if (!e)
		return;
	if (e->type == E_AND) {
		term_blockers(kc, tail, what, e->left.expr, v, file, line);
		term_blockers(kc, tail, what, e->right.expr, v, file, line);
		return;
	}
	tristate val = expr_calc_value(kc, e);

	if (val >= v)
		return;
	struct kstr ks;

	kstr_init(&ks);
	kstr_printf(&ks, "%s ", what);
	expr_print_kstr(kc, e, &ks);
	kstr_printf(&ks, " [=%c]", tri_char(val));
	blocker_syms(blocker_add(tail, kstr_steal(&ks), file, line), e);
}

static void select_blockers(struct kconf *kc, struct kconf_blocker ***tail, struct symbol *sym,
			    tristate v)
{
	for (size_t i = 0; i < kc->nr_syms; i++) {
		struct symbol *src = kc->syms[i];
		struct property *prop;

		for_all_properties(src, prop, P_SELECT) {
			if (prop_get_symbol(prop) != sym)
				continue;
			origin_compute(kc, src);
			tristate term = TRI_AND(src->curr.tri, expr_calc_value(kc, prop->visible.expr));

			if (term <= v)
				continue;
			struct kstr ks;
			struct kconf_blocker *b;

			kstr_init(&ks);
			kstr_printf(&ks, "selected by %s [=%s]", src->name, sym_get_string_value(kc, src));
			b = blocker_add(tail, kstr_steal(&ks), prop->filename, prop->lineno);
			struct symset s = { 0 };

			symset_add(&s, src);
			cond_syms(prop->visible.expr, src->dir_dep.expr, &s);
			b->syms = s.v;
			b->nsyms = s.n;
		}
	}
}

static void find_blockers(struct kconf *kc, struct symbol *sym, const char *value,
			  struct kconf_blocker ***tail)
{
	enum symbol_type type = sym_get_type(kc, sym);
	struct menu *def = sym->menus;
	const char *file = def ? def->filename : NULL;
	int line = def ? def->lineno : 0;

	if (!has_prompt(sym) && !sym_is_choice_value(sym))
		blocker_add(tail, xstrdup("has no prompt: the user cannot set it; only its defaults "
					  "and selects give it a value"), file, line);
	if (type == S_BOOLEAN || type == S_TRISTATE) {
		tristate want = value[0] == 'y' ? yes : value[0] == 'm' ? mod : no;
		tristate cur = sym_get_tristate_value(sym);

		if (want > cur) {
			struct menu *choice = sym_is_choice_value(sym) ? sym_get_choice_menu(kc, sym) : NULL;

			if (has_prompt(sym) && sym->visible < visibility_needed(kc, sym, want)) {
				struct property *prop;

				for_all_prompts(sym, prop)
					term_blockers(kc, tail, "depends on", prop->visible.expr,
						      visibility_needed(kc, sym, want), prop->filename,
						      prop->lineno);
			}
			if (choice) {
				struct kconf_origin *o = kconf_origin(kc, sym);

				if (o->cause == KCONF_CAUSE_CHOICE && o->by && o->by != sym) {
					struct kstr ks;

					kstr_init(&ks);
					kstr_printf(&ks, "in a choice where %s is selected", o->by->name);
					struct kconf_blocker *b = blocker_add(tail, kstr_steal(&ks),
									      choice->filename, choice->lineno);
					b->syms = xcalloc(1, sizeof(*b->syms));
					b->syms[0] = o->by;
					b->nsyms = 1;
				}
				kconf_origin_free(o);
			}
		} else if (want < cur) {
			select_blockers(kc, tail, sym, want);
			if (sym_is_choice_value(sym) && cur == yes && sym_get_choice_menu(kc, sym))
				blocker_add(tail, xstrdup("the selected member of its choice: another member "
							  "must be chosen"), file, line);
			if (!has_prompt(sym) || sym->visible == no) {
				struct property *prop = sym_get_default_prop(kc, sym);

				if (prop) {
					struct kstr ks;

					kstr_init(&ks);
					kstr_printf(&ks, "not user-settable now, and a default gives it %c",
						    tri_char(cur));
					struct kconf_blocker *b = blocker_add(tail, kstr_steal(&ks),
									      prop->filename, prop->lineno);
					blocker_syms(b, prop->visible.expr);
				}
			}
		}
		return;
	}
	if (has_prompt(sym) && sym->visible == no) {
		struct property *prop;

		for_all_prompts(sym, prop)
			term_blockers(kc, tail, "depends on", prop->visible.expr, mod, prop->filename,
				      prop->lineno);
	}
	if (!sym_string_within_range(kc, sym, value)) {
		struct property *range = sym_get_range_prop(kc, sym);
		struct kstr ks;

		kstr_init(&ks);
		kstr_printf(&ks, "out of range");
		if (range)
			kstr_printf(&ks, ": range %s %s", range->expr->left.sym->name,
				    range->expr->right.sym->name);
		struct kconf_blocker *b = blocker_add(tail, kstr_steal(&ks),
						      range ? range->filename : file, range ? range->lineno : line);
		if (range)
			blocker_syms(b, range->expr);
	}
}

/* ------------------------------------------------------------------ */

static bool value_valid(struct kconf *kc, struct symbol *sym, const char *value)
{
	switch (sym_get_type(kc, sym)) {
	case S_BOOLEAN:
		return !strcmp(value, "y") || !strcmp(value, "n");
	case S_TRISTATE:
		return !strcmp(value, "y") || !strcmp(value, "n") || !strcmp(value, "m");
	case S_INT:
	case S_HEX:
	case S_STRING:
		return sym_string_valid(kc, sym, value);
	default:
		return false;
	}
}

static bool goal_met(struct kconf *kc, struct symbol *sym, const char *value)
{
	origin_compute(kc, sym);
	return !strcmp(sym_get_string_value(kc, sym), value);
}

int kconf_plan_value(struct kconf *kc, struct symbol *sym, const char *value, struct kconf_plan *plan)
{
	struct planner p = { .kc = kc };
	struct kconf_blocker **tail = &plan->blockers;
	FILE *err = kc->err;
	int rc = 0;

	memset(plan, 0, sizeof(*plan));
	tail = &plan->blockers;
	origin_compute(kc, sym);
	if (!value_valid(kc, sym, value)) {
		struct kstr ks;

		kstr_init(&ks);
		kstr_printf(&ks, "'%s' is not a valid value for the %s symbol %s", value,
			    sym_type_name(sym_get_type(kc, sym)), sym->name);
		plan->note = kstr_steal(&ks);
		return -1;
	}
	if (goal_met(kc, sym, value)) {
		plan->already = plan->found = true;
		return 0;
	}
	find_blockers(kc, sym, value, &tail);

	/* what-if: messages of re-reading go nowhere */
	kc->err = fopen("/dev/null", "w");
	if (!kc->err)
		kc->err = err;
	state_save(kc, &p.base);
	for (int round = 0; round < PLAN_MAX_ROUNDS && !plan->found; round++) {
		sym_equal_value(&p, sym, value);
		plan_replay(&p);
		plan->found = goal_met(kc, sym, value);
		if (!p.nch)
			break;
	}
	if (plan->found) {
		/*
		 * Drop changes that turn out not to be needed, but keep the
		 * symbol's own (what a person would write) and choice members'
		 * (with every other member explicit, the order of lines in the
		 * .config cannot decide the choice).
		 */
		for (size_t i = p.nch; i-- > 0;) {
			struct kconf_change c = p.ch[i];

			if (c.sym == sym || sym_is_choice_value(c.sym))
				continue;

			memmove(&p.ch[i], &p.ch[i + 1], (p.nch - i - 1) * sizeof(*p.ch));
			p.nch--;
			plan_replay(&p);
			if (goal_met(kc, sym, value)) {
				free(c.value);
				continue;
			}
			memmove(&p.ch[i + 1], &p.ch[i], (p.nch - i) * sizeof(*p.ch));
			p.ch[i] = c;
			p.nch++;
		}
		state_restore(kc, &p.base);
		for (size_t i = 0; i < p.nch; i++) {
			origin_compute(kc, p.ch[i].sym);
			p.ch[i].old_value = xstrdup(sym_get_string_value(kc, p.ch[i].sym));
		}
		plan->changes = p.ch;
		plan->nchanges = p.nch;
		p.ch = NULL;
	} else {
		state_restore(kc, &p.base);
		enum symbol_type type = sym_get_type(kc, sym);

		plan->note = xstrdup((type == S_INT || type == S_HEX) &&
				     !sym_string_within_range(kc, sym, value)
				     ? "the value is outside the symbol's range"
				     : "no set of user values found that gives this value: "
				       "the blockers above are fixed by the tree (constants, "
				       "dependency cycles or symbols without prompts)");
		for (size_t i = 0; i < p.nch; i++)
			free(p.ch[i].value);
	}
	state_free(&p.base);
	free(p.ch);
	free(p.stack.v);
	if (kc->err != err)
		fclose(kc->err);
	kc->err = err;
	return rc;
}

void kconf_plan_free(struct kconf_plan *plan)
{
	struct kconf_blocker *b = plan->blockers;

	while (b) {
		struct kconf_blocker *next = b->next;

		free(b->what);
		free(b->syms);
		free(b);
		b = next;
	}
	for (size_t i = 0; i < plan->nchanges; i++) {
		free(plan->changes[i].value);
		free(plan->changes[i].old_value);
	}
	free(plan->changes);
	free(plan->note);
	memset(plan, 0, sizeof(*plan));
}
