/* SPDX-License-Identifier: MIT */
/*
 * Value origins: which rule of sym_calc_value gave a symbol its value.
 *
 * Nothing is recorded while values are computed (that path is hot and must
 * stay byte-exact); instead this file re-reads the state sym_calc_value left
 * behind (visibility, dir_dep/rev_dep/implied values, the default property it
 * used) and walks the same decision in the same order.  So an origin can
 * never disagree with the value it explains.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "origin_internal.h"
#include "kconf/origin.h"

void origin_compute(struct kconf *kc, struct symbol *sym)
{
	if (kc->modules_sym)
		sym_calc_value(kc, kc->modules_sym);
	sym_calc_value(kc, sym);
}

/* ---- small growable symbol set ---- */

void symset_add(struct symset *s, struct symbol *sym)
{
	if (!sym || (sym->flags & SYMBOL_CONST) || !sym->name)
		return;
	/* numbers in 'default 128' are symbols too (as in the kernel), not causes */
	if (sym->type == S_UNKNOWN && !sym->menus &&
	    ((sym->name[0] >= '0' && sym->name[0] <= '9') || sym->name[0] == '-'))
		return;
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i] == sym)
			return;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 8;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n++] = sym;
}

void symset_add_expr(struct symset *s, const struct expr *e)
{
	if (!e)
		return;
	switch (e->type) {
	case E_SYMBOL:
		symset_add(s, e->left.sym);
		break;
	case E_NOT:
		symset_add_expr(s, e->left.expr);
		break;
	case E_AND:
	case E_OR:
		symset_add_expr(s, e->left.expr);
		symset_add_expr(s, e->right.expr);
		break;
	case E_EQUAL: case E_UNEQUAL: case E_LTH: case E_LEQ: case E_GTH: case E_GEQ:
		symset_add(s, e->left.sym);
		symset_add(s, e->right.sym);
		break;
	default:
		break;
	}
}

char *expr_to_text(struct kconf *kc, const struct expr *e)
{
	struct kstr ks;

	kstr_init(&ks);
	if (e)
		expr_print_kstr(kc, e, &ks);
	else
		kstr_append(&ks, "y");
	return kstr_steal(&ks);
}

/*
 * The source line a property was written on, trimmed, or NULL.  Reading it
 * back is how we see macros: the parser only keeps their expansion.
 */
char *source_line(struct kconf *kc, const char *file, int line)
{
	FILE *f;
	char *buf = NULL, *res = NULL;
	size_t cap = 0;
	int n = 0;

	if (!file || line <= 0)
		return NULL;
	f = zconf_fopen(kc, file);
	if (!f)
		return NULL;
	while (getline(&buf, &cap, f) != -1) {
		if (++n < line)
			continue;
		char *s = buf, *e;

		while (*s == ' ' || *s == '\t')
			s++;
		e = s + strlen(s);
		while (e > s && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
			e--;
		res = xstrndup(s, (size_t)(e - s));
		break;
	}
	free(buf);
	fclose(f);
	return res;
}

/* ---- building the result ---- */

static struct kconf_origin *add(struct kconf_origin ***tail, enum kconf_cause cause)
{
	struct kconf_origin *o = xcalloc(1, sizeof(*o));

	o->cause = cause;
	**tail = o;
	*tail = &o->next;
	return o;
}

static void take_syms(struct kconf_origin *o, struct symset *s)
{
	o->syms = s->v;
	o->nsyms = s->n;
	s->v = NULL;
	s->n = s->cap = 0;
}

/*
 * The symbols of a default's or select's condition minus those of the
 * owner's dependencies: the condition includes them, but they explain the
 * owner, not this rule.
 */
void cond_syms(const struct expr *cond_expr, const struct expr *dep_expr, struct symset *s)
{
	struct symset cond = { 0 }, deps = { 0 };

	symset_add_expr(&cond, cond_expr);
	symset_add_expr(&deps, dep_expr);
	for (size_t i = 0; i < cond.n; i++) {
		bool in_deps = false;

		for (size_t j = 0; j < deps.n; j++)
			in_deps |= deps.v[j] == cond.v[i];
		if (!in_deps)
			symset_add(s, cond.v[i]);
	}
	free(cond.v);
	free(deps.v);
}

static void default_syms(struct symbol *sym, const struct property *prop, struct symset *s)
{
	symset_add_expr(s, prop->expr);
	cond_syms(prop->visible.expr, sym->dir_dep.expr, s);
}

static void add_default(struct kconf *kc, struct kconf_origin ***tail, struct symbol *sym,
			const struct property *prop)
{
	struct symset s = { 0 };
	char *line = source_line(kc, prop->filename, prop->lineno);
	bool macro = line && strstr(line, "$(");
	struct kconf_origin *o = add(tail, macro ? KCONF_CAUSE_PROBE : KCONF_CAUSE_DEFAULT);

	o->file = prop->filename;
	o->line = prop->lineno;
	if (line) {
		o->text = line;
	} else {
		struct kstr ks;

		kstr_init(&ks);
		kstr_append(&ks, "default ");
		expr_print_kstr(kc, prop->expr, &ks);
		o->text = kstr_steal(&ks);
	}
	o->detail = xstrdup(macro ? "the value of a $(...) macro expansion (toolchain or environment)"
				  : "the first default whose condition holds");
	default_syms(sym, prop, &s);
	take_syms(o, &s);
}

/* Every select/imply of sym whose term is not n, as SELECT/IMPLY causes. */
static void add_reverse(struct kconf *kc, struct kconf_origin ***tail, struct symbol *sym,
			enum prop_type type, tristate at_least)
{
	for (size_t i = 0; i < kc->nr_syms; i++) {
		struct symbol *src = kc->syms[i];
		struct property *prop;

		for_all_properties(src, prop, type) {
			if (prop_get_symbol(prop) != sym)
				continue;
			tristate cond = expr_calc_value(kc, prop->visible.expr);
			tristate term = TRI_AND(src->curr.tri, cond);

			if (term < at_least || term == no)
				continue;
			struct kconf_origin *o = add(tail, type == P_SELECT ? KCONF_CAUSE_SELECT
									     : KCONF_CAUSE_IMPLY);
			struct symset s = { 0 };

			o->by = src;
			o->file = prop->filename;
			o->line = prop->lineno;
			o->text = source_line(kc, prop->filename, prop->lineno);
			o->detail = xstrdup(type == P_SELECT ? "forced by select" : "raised by imply");
			symset_add(&s, src);
			cond_syms(prop->visible.expr, src->dir_dep.expr, &s);
			take_syms(o, &s);
		}
	}
}

static void add_limit(struct kconf *kc, struct kconf_origin ***tail, struct symbol *sym,
		      struct expr *limit, tristate limit_val, const char *what)
{
	struct kconf_origin *o = add(tail, KCONF_CAUSE_LIMIT);
	struct symset s = { 0 };
	struct kstr ks;

	o->text = expr_to_text(kc, limit);
	kstr_init(&ks);
	kstr_printf(&ks, "capped to %c by %s", tri_char(limit_val), what);
	o->detail = kstr_steal(&ks);
	if (sym->menus) {
		o->file = sym->menus->filename;
		o->line = sym->menus->lineno;
	}
	symset_add_expr(&s, limit);
	take_syms(o, &s);
}

static void add_user(struct kconf *kc, struct kconf_origin ***tail, struct symbol *sym)
{
	struct kconf_origin *o = add(tail, KCONF_CAUSE_USER);

	if (sym->user_line > 0) {
		o->file = kc->user_config_name;
		o->line = sym->user_line;
	}
	o->detail = xstrdup(sym->user_line > 0 ? "set in the configuration file"
					       : "set by the user (not from a file line)");
	/* the value as the .config spells it: it may differ from the result */
	if (sym->type == S_BOOLEAN || sym->type == S_TRISTATE) {
		o->text = xstrdup(sym->def[S_DEF_USER].tri == yes ? "y"
				  : sym->def[S_DEF_USER].tri == mod ? "m" : "n");
	} else if (sym->def[S_DEF_USER].val) {
		struct kstr ks;

		kstr_init(&ks);
		kstr_printf(&ks, sym->type == S_STRING ? "\"%s\"" : "%s", sym->def[S_DEF_USER].val);
		o->text = kstr_steal(&ks);
	}
}

/* The prompt visibility as one expression (the OR of the prompts'). */
struct expr *prompt_visibility(struct kconf *kc, struct symbol *sym)
{
	struct property *prop;
	struct expr *e = NULL;
	bool any = false;

	for_all_prompts(sym, prop) {
		if (!any)
			e = prop->visible.expr;
		else
			e = expr_alloc_or(kc, e, prop->visible.expr);
		any = true;
	}
	return any ? (e ? e : expr_alloc_symbol(kc, &kc->symbol_yes)) : NULL;
}

/* 6.12: why the choice picked 'res' (mirrors sym_calc_choice). */
static const char *choice_reason_new(struct kconf *kc, struct menu *choice, struct symbol *res)
{
	struct symbol *sym, *def;

	for (sym = choice->choice_members; sym; sym = sym->choice_next) {
		if (sym->visible == no)
			continue;
		if (sym_has_value(sym) && sym->def[S_DEF_USER].tri == yes)
			return sym == res ? "the user's choice" : "?";
	}
	def = sym_choice_default(kc, choice);
	if (def && def == res)
		return "the choice's default";
	return "the first visible member without a user value";
}

static const char *user_choice_text(struct kconf *kc, struct symbol *member, char *buf, size_t n)
{
	if (member->user_line > 0 && kc->user_config_name)
		snprintf(buf, n, "the user's choice (%s:%d)", kc->user_config_name, member->user_line);
	else
		snprintf(buf, n, "the user's choice");
	return buf;
}

static void add_choice(struct kconf *kc, struct kconf_origin ***tail, struct symbol *sym)
{
	struct kconf_origin *o = add(tail, KCONF_CAUSE_CHOICE);
	struct menu *choice = sym_get_choice_menu(kc, sym);
	struct symbol *selected = NULL;
	struct symset s = { 0 };
	struct kstr ks;
	const char *why = "";
	char whybuf[PATH_MAX + 64];

	if (!KC_NEW_CHOICES(kc)) {
		struct symbol *cs = choice ? choice->sym : NULL;

		if (cs) {
			sym_calc_value(kc, cs);
			selected = cs->curr.tri == yes ? cs->curr.choice : NULL;
			if (cs->curr.tri != yes)
				why = cs->curr.tri == mod ? "the choice is in module mode (m)"
							  : "the choice is n";
			/* the kernel takes def[].choice even after the choice lost DEF_USER */
			else if (selected && cs->def[S_DEF_USER].choice == selected)
				why = user_choice_text(kc, selected, whybuf, sizeof(whybuf));
			else
				why = "the choice's default";
		}
	} else if (choice) {
		selected = sym_calc_choice(kc, choice);
		why = selected ? choice_reason_new(kc, choice, selected) : "no member is visible";
		if (selected && !strcmp(why, "the user's choice"))
			why = user_choice_text(kc, selected, whybuf, sizeof(whybuf));
	}
	o->by = selected;
	if (choice) {
		o->file = choice->filename;
		o->line = choice->lineno;
		if (choice->prompt && choice->prompt->text)
			o->text = xstrdup(choice->prompt->text);
	}
	kstr_init(&ks);
	if (sym->visible == no)
		kstr_printf(&ks, "a hidden member of the choice");
	else if (selected == sym)
		kstr_printf(&ks, "selected in its choice: %s", why);
	else if (selected)
		kstr_printf(&ks, "%s is selected in its choice instead: %s",
			    selected->name ? selected->name : "another member", why);
	else
		kstr_printf(&ks, "%s", why);
	o->detail = kstr_steal(&ks);
	if (selected)
		symset_add(&s, selected);
	take_syms(o, &s);
}

/* Only the && terms of e that are n: what to look at first. */
static void failing_terms(struct kconf *kc, struct expr *e, struct symset *s)
{
	if (e->type == E_AND) {
		failing_terms(kc, e->left.expr, s);
		failing_terms(kc, e->right.expr, s);
	} else if (expr_calc_value(kc, e) == no) {
		symset_add_expr(s, e);
	}
}

/* n (or "") because no rule applies: say which condition is off. */
static void add_nothing_applies(struct kconf *kc, struct kconf_origin ***tail, struct symbol *sym)
{
	struct expr *vis = prompt_visibility(kc, sym);
	struct symset s = { 0 };
	struct kconf_origin *o;
	bool has_default = false;
	struct property *prop;

	for_all_defaults(sym, prop)
		has_default = true;
	if (sym->dir_dep.expr && sym->dir_dep.tri == no) {
		o = add(tail, KCONF_CAUSE_LIMIT);
		o->text = expr_to_text(kc, sym->dir_dep.expr);
		o->detail = xstrdup(has_default && vis ? "its dependencies are n, so neither its prompt "
							 "nor its defaults apply"
				    : has_default ? "its dependencies are n, so its defaults do not apply"
				    : vis ? "its dependencies are n, so its prompt is hidden"
				    : "its dependencies are n");
		failing_terms(kc, sym->dir_dep.expr, &s);
	} else if (vis && sym->visible == no) {
		o = add(tail, KCONF_CAUSE_LIMIT);
		o->text = expr_to_text(kc, vis);
		o->detail = xstrdup(has_default ? "its prompt is not visible and no default applies"
						: "its prompt is not visible and it has no default");
		failing_terms(kc, vis, &s);
	} else {
		o = add(tail, KCONF_CAUSE_NONE);
		o->detail = xstrdup(sym->visible != no ? "not set, and no default applies"
			: has_default ? "no default applies"
			: sym->rev_dep.expr ? "no prompt or default: only selects set it, and none is active"
			: "no prompt and no default");
	}
	if (sym->menus) {
		o->file = sym->menus->filename;
		o->line = sym->menus->lineno;
	}
	take_syms(o, &s);
}

static void origin_tristate(struct kconf *kc, struct kconf_origin **head,
			    struct kconf_origin ***tail, struct symbol *sym)
{
	bool v61 = !KC_NEW_CHOICES(kc);
	bool member = v61 ? sym_is_choice_value(sym) && sym->visible == yes
			  : sym_get_choice_menu(kc, sym) != NULL;
	tristate base = no, val = sym->curr.tri;

	if (member) {
		add_choice(kc, tail, sym);
		return;
	}
	if ((sym->flags & SYMBOL_TRANSITIONAL) && sym_has_value(sym)) {
		add_user(kc, tail, sym);
		base = sym->def[S_DEF_USER].tri;
	} else if (sym->visible != no && sym_has_value(sym)) {
		tristate user = sym->def[S_DEF_USER].tri;

		base = TRI_AND(user, sym->visible);
		add_user(kc, tail, sym);
		if (base < user)
			add_limit(kc, tail, sym, prompt_visibility(kc, sym), sym->visible,
				  "the prompt's visibility");
	} else if (!sym_is_choice(sym)) {
		struct property *prop = sym_get_default_prop(kc, sym);

		if (prop) {
			base = TRI_AND(expr_calc_value(kc, prop->expr), prop->visible.tri);
			add_default(kc, tail, sym, prop);
		}
		if (sym->implied.tri != no) {
			tristate with = TRI_AND(TRI_OR(base, sym->implied.tri), sym->dir_dep.tri);

			if (with > base)
				add_reverse(kc, tail, sym, P_IMPLY, no);
			base = with;
		}
		if (!prop && sym->implied.tri == no && sym->rev_dep.tri == no)
			add_nothing_applies(kc, tail, sym);
	}
	if (sym->rev_dep.tri != no) {
		struct kconf_origin *sel = NULL, **sel_tail = &sel;

		add_reverse(kc, &sel_tail, sym, P_SELECT, no);
		if (sel && sym->rev_dep.tri > base) {
			/* the selects decide: they go first */
			*sel_tail = *head;
			if (!*head)
				*tail = sel_tail;
			*head = sel;
		} else if (sel) {
			**tail = sel;
			*tail = sel_tail;
		}
		base = TRI_OR(base, sym->rev_dep.tri);
	}
	if (val == yes && base == mod) {
		struct kconf_origin *o = add(tail, sym->type == S_TRISTATE ? KCONF_CAUSE_MODULES
									   : KCONF_CAUSE_PROMOTE);
		o->detail = xstrdup(sym->type == S_TRISTATE
				    ? "m counts as y because MODULES is n"
				    : "m becomes y for a bool symbol");
		if (sym->type == S_TRISTATE && kc->modules_sym) {
			struct symset s = { 0 };

			symset_add(&s, kc->modules_sym);
			take_syms(o, &s);
		}
	}
}

static void origin_string(struct kconf *kc, struct kconf_origin ***tail, struct symbol *sym)
{
	struct property *prop;
	const char *base = NULL;

	if ((sym->visible != no && sym_has_value(sym)) ||
	    ((sym->flags & SYMBOL_TRANSITIONAL) && sym_has_value(sym))) {
		add_user(kc, tail, sym);
		base = sym->def[S_DEF_USER].val;
	} else if ((prop = sym_get_default_prop(kc, sym)) && prop_get_symbol(prop)) {
		struct symbol *ds = prop_get_symbol(prop);

		sym_calc_value(kc, ds);
		base = ds->curr.val;
		add_default(kc, tail, sym, prop);
	} else {
		add_nothing_applies(kc, tail, sym);
	}
	if ((sym->type == S_INT || sym->type == S_HEX) && base && sym->curr.val &&
	    strcmp(base, sym->curr.val) != 0) {
		struct property *range = sym_get_range_prop(kc, sym);

		if (range) {
			struct kconf_origin *o = add(tail, KCONF_CAUSE_RANGE);
			struct symset s = { 0 };

			o->file = range->filename;
			o->line = range->lineno;
			o->text = source_line(kc, range->filename, range->lineno);
			o->detail = xstrdup("the value was outside the range and was moved to its bound");
			symset_add_expr(&s, range->expr);
			take_syms(o, &s);
		}
	}
}

struct kconf_origin *kconf_origin(struct kconf *kc, struct symbol *sym)
{
	struct kconf_origin *head = NULL, **tail = &head;

	origin_compute(kc, sym);
	if ((sym->flags & SYMBOL_CONST) || sym->type == S_UNKNOWN) {
		struct kconf_origin *o = add(&tail, KCONF_CAUSE_CONST);

		o->detail = xstrdup(sym->type == S_UNKNOWN && !(sym->flags & SYMBOL_CONST)
				    ? "an undefined symbol (treated as n)" : "a constant");
		return head;
	}
	switch (sym_get_type(kc, sym)) {
	case S_BOOLEAN:
	case S_TRISTATE:
		origin_tristate(kc, &head, &tail, sym);
		break;
	default:
		origin_string(kc, &tail, sym);
		break;
	}
	if (!head)
		add(&tail, KCONF_CAUSE_NONE)->detail = xstrdup("no rule gives it a value");
	if (!sym_has_value(sym) && sym->user_line > 0) {
		/* read from the .config, then dropped (6.1: out of range, or hidden) */
		struct kconf_origin *o = add(&tail, KCONF_CAUSE_NONE);
		struct kstr ks;

		o->file = kc->user_config_name;
		o->line = sym->user_line;
		kstr_init(&ks);
		kstr_printf(&ks, "the value in %s:%d was not taken (%s)", o->file, o->line,
			    (sym->type == S_INT || sym->type == S_HEX) &&
			    !sym_string_within_range(kc, sym, sym->def[S_DEF_USER].val ?
						     sym->def[S_DEF_USER].val : "")
			    ? "outside the range" : "not visible when the file was read");
		o->detail = kstr_steal(&ks);
	}
	/* a transitional symbol's value carried over counts as the user's */
	if (head->cause == KCONF_CAUSE_USER && !sym->user_line && sym->value_prop &&
	    sym->value_prop->expr && sym->value_prop->expr->type == E_SYMBOL) {
		free(head->detail);
		head->detail = xstrdup("carried over from a transitional symbol the user set");
	}
	return head;
}

void kconf_origin_free(struct kconf_origin *o)
{
	while (o) {
		struct kconf_origin *next = o->next;

		free(o->text);
		free(o->detail);
		free(o->syms);
		free(o);
		o = next;
	}
}

const char *kconf_cause_name(enum kconf_cause cause)
{
	static const char *const names[] = {
		[KCONF_CAUSE_USER] = "user", [KCONF_CAUSE_DEFAULT] = "default",
		[KCONF_CAUSE_PROBE] = "probe", [KCONF_CAUSE_SELECT] = "select",
		[KCONF_CAUSE_IMPLY] = "imply", [KCONF_CAUSE_CHOICE] = "choice",
		[KCONF_CAUSE_LIMIT] = "limit", [KCONF_CAUSE_PROMOTE] = "promote",
		[KCONF_CAUSE_MODULES] = "modules", [KCONF_CAUSE_RANGE] = "range",
		[KCONF_CAUSE_NONE] = "none", [KCONF_CAUSE_CONST] = "const",
	};

	return (unsigned)cause < sizeof(names) / sizeof(names[0]) && names[cause] ? names[cause] : "?";
}

char *kconf_origin_describe(struct kconf *kc, const struct kconf_origin *o)
{
	struct kstr ks;

	kstr_init(&ks);
	switch (o->cause) {
	case KCONF_CAUSE_USER:
		kstr_printf(&ks, "user value%s%s", o->text ? " " : "", o->text ? o->text : "");
		if (o->file)
			kstr_printf(&ks, " from %s:%d", o->file, o->line);
		else
			kstr_printf(&ks, " (%s)", o->detail);
		break;
	case KCONF_CAUSE_DEFAULT:
	case KCONF_CAUSE_PROBE:
		kstr_printf(&ks, "%s at %s:%d", o->cause == KCONF_CAUSE_PROBE ? "probe" : "default",
			    o->file, o->line);
		if (o->text)
			kstr_printf(&ks, " (%s)", o->text);
		break;
	case KCONF_CAUSE_SELECT:
	case KCONF_CAUSE_IMPLY:
		origin_compute(kc, o->by);
		kstr_printf(&ks, "%s by %s [=%s] at %s:%d",
			    o->cause == KCONF_CAUSE_SELECT ? "selected" : "implied",
			    o->by->name, sym_get_string_value(kc, o->by), o->file, o->line);
		if (o->text)
			kstr_printf(&ks, " (%s)", o->text);
		break;
	case KCONF_CAUSE_CHOICE:
		kstr_printf(&ks, "choice");
		if (o->text)
			kstr_printf(&ks, " \"%s\"", o->text);
		if (o->file)
			kstr_printf(&ks, " at %s:%d", o->file, o->line);
		kstr_printf(&ks, ": %s", o->detail);
		break;
	case KCONF_CAUSE_LIMIT:
		kstr_printf(&ks, "%s: %s", o->detail, o->text);
		break;
	case KCONF_CAUSE_RANGE:
		kstr_printf(&ks, "moved into range at %s:%d", o->file, o->line);
		if (o->text)
			kstr_printf(&ks, " (%s)", o->text);
		break;
	default:
		kstr_printf(&ks, "%s", o->detail ? o->detail : kconf_cause_name(o->cause));
		if (o->text)
			kstr_printf(&ks, " (%s)", o->text);
		break;
	}
	return kstr_steal(&ks);
}

/* ---- dependency terms ---- */

static void split_and(struct kconf *kc, struct expr *e, struct kconf_term **v, size_t *n, size_t *cap)
{
	if (e->type == E_AND) {
		split_and(kc, e->left.expr, v, n, cap);
		split_and(kc, e->right.expr, v, n, cap);
		return;
	}
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[*n].text = expr_to_text(kc, e);
	(*v)[*n].value = tri_char(expr_calc_value(kc, e));
	(*n)++;
}

size_t kconf_dep_terms(struct kconf *kc, struct symbol *sym, struct kconf_term **terms)
{
	size_t n = 0, cap = 0;

	*terms = NULL;
	origin_compute(kc, sym);
	if (sym->dir_dep.expr)
		split_and(kc, sym->dir_dep.expr, terms, &n, &cap);
	return n;
}

void kconf_terms_free(struct kconf_term *terms, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(terms[i].text);
	free(terms);
}

int kconf_user_line(struct kconf *kc, struct symbol *sym, const char **file)
{
	if (!sym_has_value(sym) || sym->user_line <= 0) {
		if (file)
			*file = NULL;
		return 0;
	}
	if (file)
		*file = kc->user_config_name;
	return sym->user_line;
}
