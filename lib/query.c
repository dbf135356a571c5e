/* SPDX-License-Identifier: MIT */
/*
 * Read-only questions about a loaded tree (include/kconf/query.h): a
 * symbol's definitions, menu locations, dependencies, statements and reverse
 * dependencies, and a search over names and prompts.
 *
 * The texts are printed with the same expression printer as menuconfig's
 * help, so a tool can show them next to the kernel's and they agree.
 */
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "kconf/query.h"

void kconf_compute_all(struct kconf *kc)
{
	struct symbol **all;
	size_t n;

	/* MODULES first: it decides whether m exists (as conf_read does) */
	if (kc->modules_sym)
		sym_calc_value(kc, kc->modules_sym);
	all = sym_all_kernel_order(kc, &n);
	for (size_t i = 0; i < n; i++)
		sym_calc_value(kc, all[i]);
}

bool kconf_sym_is_defined(const struct symbol *sym)
{
	return sym->name && !(sym->flags & SYMBOL_CONST) && sym->menus;
}

struct symbol *kconf_sym_next(struct kconf *kc, size_t *pos)
{
	while (*pos < kc->nr_syms) {
		struct symbol *sym = kc->syms[(*pos)++];

		if (kconf_sym_is_defined(sym))
			return sym;
	}
	return NULL;
}

struct symbol *kconf_find_loose(struct kconf *kc, const char *name)
{
	struct symbol *sym = sym_find(kc, name);
	size_t plen = strlen(kc->config_prefix);

	if ((!sym || !sym->menus) && strncmp(name, kc->config_prefix, plen) == 0 && name[plen]) {
		struct symbol *bare = sym_find(kc, name + plen);

		if (bare)
			sym = bare;
	}
	if (sym && (sym->flags & SYMBOL_CONST))
		return NULL;
	return sym;
}

const char *kconf_sym_type(const struct symbol *sym)
{
	return sym_type_name(sym->type);
}

bool kconf_sym_visible(struct kconf *kc, struct symbol *sym)
{
	sym_calc_value(kc, sym);
	return sym->visible != no;
}

bool kconf_sym_changeable(struct kconf *kc, struct symbol *sym)
{
	sym_calc_value(kc, sym);
	return sym_is_changeable(kc, sym);
}

void kconf_sym_allowed(struct kconf *kc, struct symbol *sym, char out[4])
{
	static const char letters[] = "nmy";
	int n = 0;

	sym_calc_value(kc, sym);
	if ((sym->type == S_BOOLEAN || sym->type == S_TRISTATE) && sym_is_changeable(kc, sym))
		for (int tri = no; tri <= yes; tri++)
			if (sym_tristate_within_range(kc, sym, (tristate)tri))
				out[n++] = letters[tri];
	/* a member of a choice is picked, not switched off (6.1's rule for both) */
	if (sym_is_choice_value(sym) && n > 1 && out[n - 1] == 'y') {
		out[0] = 'y';
		n = 1;
	}
	out[n] = '\0';
}

/* ---- texts ---- */

/* e with values, or NULL when it is (or means) "y", as menuconfig omits those. */
static char *dep_text(struct kconf *kc, const struct expr *e)
{
	struct kstr ks;

	if (expr_is_yes(kc, e))
		return NULL;
	kstr_init(&ks);
	expr_print_kstr_values(kc, e, &ks);
	return kstr_steal(&ks);
}

/*
 * A default's value as written: constants plainly ("y", "64"), quoted for
 * strings ("\"box\""), anything else with values ("FOO [=y]").
 */
static char *value_text(struct kconf *kc, const struct symbol *owner, const struct expr *e)
{
	struct kstr ks;

	kstr_init(&ks);
	if (e && e->type == E_SYMBOL && (e->left.sym->flags & SYMBOL_CONST)) {
		if (owner->type == S_STRING)
			kstr_putc(&ks, '"');
		expr_print_kstr(kc, e, &ks);
		if (owner->type == S_STRING)
			kstr_putc(&ks, '"');
	} else {
		expr_print_kstr_values(kc, e, &ks);
	}
	return kstr_steal(&ks);
}

static void fill_location(struct kconf *kc, struct menu *entry, struct kconf_definition *def)
{
	size_t depth = 0, i;
	struct menu *m;

	for (m = entry; m && m != &kc->rootmenu; m = m->parent)
		depth++;
	def->location = xcalloc(depth ? depth : 1, sizeof(*def->location));
	def->nlocation = depth;
	i = depth;
	for (m = entry; m && m != &kc->rootmenu; m = m->parent) {
		struct kconf_menu_step *step = &def->location[--i];

		step->prompt = menu_get_prompt(m);
		if (m->sym) {
			step->is_choice = sym_is_choice(m->sym);
			step->sym_name = step->is_choice ? NULL : m->sym->name;
			step->value = sym_get_string_value(kc, m->sym);
		}
	}
}

static void fill_definition(struct kconf *kc, struct menu *menu, struct kconf_definition *def)
{
	def->file = menu->filename;
	def->line = menu->lineno;
	def->help = menu->help;
	def->depends_on = dep_text(kc, menu->dep);
	if (menu->prompt) {
		def->prompt = menu->prompt->text;
		if (!expr_eq(kc, menu->dep, menu->prompt->visible.expr))
			def->visible_if = dep_text(kc, menu->prompt->visible.expr);
	}
	fill_location(kc, menu, def);
}

struct kconf_definition *kconf_sym_definitions(struct kconf *kc, struct symbol *sym, size_t *count)
{
	struct kconf_definition *defs;
	struct menu *menu;
	size_t n = 0;

	sym_calc_value(kc, sym);
	for (menu = sym->menus; menu; menu = menu->sym_next)
		n++;
	defs = xcalloc(n ? n : 1, sizeof(*defs));
	n = 0;
	for (menu = sym->menus; menu; menu = menu->sym_next)
		fill_definition(kc, menu, &defs[n++]);
	*count = n;
	return defs;
}

void kconf_definitions_free(struct kconf_definition *defs, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(defs[i].depends_on);
		free(defs[i].visible_if);
		free(defs[i].location);
	}
	free(defs);
}

static size_t count_props(const struct symbol *sym, enum prop_type type)
{
	const struct property *prop;
	size_t n = 0;

	for (prop = sym->prop; prop; prop = prop->next)
		if (prop->type == type)
			n++;
	return n;
}

/*
 * The 'if' of a statement as written: menu_finalize() made its condition
 * "<entry's dependencies> && <if>", simplified.  Where the simplification
 * merged the two, the whole condition is the best answer.
 */
static struct expr *own_condition(struct kconf *kc, const struct property *prop)
{
	struct expr *cond = prop->visible.expr, *base = prop->menu ? prop->menu->dep : NULL;

	if (expr_eq(kc, cond, base))
		return NULL;
	if (base && cond && cond->type == E_AND && cond->left.expr == base)
		return cond->right.expr;
	return cond;
}

/* The statements of one kind (default, range, select, imply), in order. */
static struct kconf_statement *collect_statements(struct kconf *kc, struct symbol *sym,
						   enum prop_type type, size_t *count)
{
	size_t n = count_props(sym, type), i = 0;
	struct kconf_statement *st = xcalloc(n ? n : 1, sizeof(*st));
	struct property *prop;

	for_all_properties(sym, prop, type) {
		struct kconf_statement *s = &st[i++];

		s->file = prop->filename;
		s->line = prop->lineno;
		if (type == P_SELECT || type == P_IMPLY) {
			s->target = prop_get_symbol(prop);
			s->expr = xstrdup(s->target && s->target->name ? s->target->name : "");
		} else if (type == P_RANGE) {
			s->expr = dep_text(kc, prop->expr);
		} else {
			s->expr = value_text(kc, sym, prop->expr);
		}
		s->cond = dep_text(kc, prop->visible.expr);
		s->cond_value = tri_name(expr_calc_value(kc, prop->visible.expr))[0];
		s->own_cond = dep_text(kc, own_condition(kc, prop));
	}
	*count = n;
	return st;
}

/*
 * A reverse-dependency term is "SOURCE && <the statement's condition>", as
 * menu_finalize() builds it; find the source and its statement.  The
 * expressions are interned, so rebuilding the term finds the same node.
 */
static void find_rev_dep_source(struct kconf *kc, struct expr *term, enum prop_type type,
				struct symbol *target, struct kconf_rev_dep *rd)
{
	struct symbol *src = NULL;
	struct property *prop, *first = NULL;

	if (term->type == E_SYMBOL)
		src = term->left.sym;
	else if (term->type == E_AND && term->left.expr->type == E_SYMBOL)
		src = term->left.expr->left.sym;
	if (!src || !src->name || (src->flags & SYMBOL_CONST))
		return;
	for_all_properties(src, prop, type) {
		if (prop_get_symbol(prop) != target)
			continue;
		if (!first)
			first = prop;
		if (expr_alloc_and(kc, expr_alloc_symbol(kc, src), prop->visible.expr) == term) {
			first = prop;
			break;
		}
	}
	if (!first)
		return;
	rd->by = src;
	rd->file = first->filename;
	rd->line = first->lineno;
}

static void count_terms(const struct expr *e, size_t *n)
{
	if (e->type == E_OR) {
		count_terms(e->left.expr, n);
		count_terms(e->right.expr, n);
	} else {
		(*n)++;
	}
}

/* The top-level || terms in menuconfig's order (left to right). */
static void fill_terms(struct kconf *kc, struct expr *e, enum prop_type type, struct symbol *target,
		       struct kconf_rev_dep *out, size_t *i)
{
	if (e->type == E_OR) {
		fill_terms(kc, e->left.expr, type, target, out, i);
		fill_terms(kc, e->right.expr, type, target, out, i);
		return;
	}
	struct kconf_rev_dep *rd = &out[(*i)++];
	struct kstr ks;

	kstr_init(&ks);
	expr_print_kstr_values(kc, e, &ks);
	rd->expr = kstr_steal(&ks);
	rd->value = tri_name(expr_calc_value(kc, e))[0];
	find_rev_dep_source(kc, e, type, target, rd);
}

static struct kconf_rev_dep *collect_rev_deps(struct kconf *kc, struct symbol *sym, struct expr *e,
					      enum prop_type type, size_t *count)
{
	size_t n = 0, i = 0;
	struct kconf_rev_dep *rd;

	if (e)
		count_terms(e, &n);
	rd = xcalloc(n ? n : 1, sizeof(*rd));
	if (e)
		fill_terms(kc, e, type, sym, rd, &i);
	*count = n;
	return rd;
}

struct kconf_sym_info *kconf_sym_info(struct kconf *kc, struct symbol *sym)
{
	struct kconf_sym_info *info = xcalloc(1, sizeof(*info));
	struct property *range;

	sym_calc_value(kc, sym);
	info->sym = sym;
	info->name = sym->name;
	info->type = kconf_sym_type(sym);
	info->value = sym_get_string_value(kc, sym);
	info->visible = sym->visible != no;
	info->changeable = sym_is_changeable(kc, sym);
	kconf_sym_allowed(kc, sym, info->allowed);
	info->choice_member = sym_is_choice_value(sym);
	info->depends_on = dep_text(kc, sym->dir_dep.expr);
	if (sym->type == S_INT || sym->type == S_HEX) {
		range = sym_get_range_prop(kc, sym);
		if (range)
			info->range = dep_text(kc, range->expr);
	}

	info->defs = kconf_sym_definitions(kc, sym, &info->ndefs);

	info->defaults = collect_statements(kc, sym, P_DEFAULT, &info->ndefaults);
	info->ranges = collect_statements(kc, sym, P_RANGE, &info->nranges);
	info->selects = collect_statements(kc, sym, P_SELECT, &info->nselects);
	info->implies = collect_statements(kc, sym, P_IMPLY, &info->nimplies);
	info->selected_by = collect_rev_deps(kc, sym, sym->rev_dep.expr, P_SELECT, &info->nselected_by);
	info->implied_by = collect_rev_deps(kc, sym, sym->implied.expr, P_IMPLY, &info->nimplied_by);
	return info;
}

static void free_statements(struct kconf_statement *st, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(st[i].expr);
		free(st[i].cond);
		free(st[i].own_cond);
	}
	free(st);
}

static void free_rev_deps(struct kconf_rev_dep *rd, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rd[i].expr);
	free(rd);
}

void kconf_sym_info_free(struct kconf_sym_info *info)
{
	if (!info)
		return;
	kconf_definitions_free(info->defs, info->ndefs);
	free(info->depends_on);
	free(info->range);
	free_statements(info->defaults, info->ndefaults);
	free_statements(info->ranges, info->nranges);
	free_statements(info->selects, info->nselects);
	free_statements(info->implies, info->nimplies);
	free_rev_deps(info->selected_by, info->nselected_by);
	free_rev_deps(info->implied_by, info->nimplied_by);
	free(info);
}

char *kconf_sym_describe(struct kconf *kc, struct symbol *sym)
{
	struct kstr ks;

	kstr_init(&ks);
	sym_calc_value(kc, sym);
	get_symbol_str(kc, &ks, sym);
	return kstr_steal(&ks);
}

/* ---- search ---- */

static int match_order(const void *a, const void *b)
{
	const struct kconf_match *m1 = a, *m2 = b;

	if (m1->kind != m2->kind)
		return m1->kind < m2->kind ? -1 : 1;
	return strcmp(m1->sym->name, m2->sym->name);
}

static const char *first_prompt(const struct symbol *sym)
{
	const struct property *prop;

	for_all_prompts(sym, prop)
		return prop->text;
	return NULL;
}

struct matcher {
	bool literal, icase;
	const char *needle;
	regex_t re;
};

/* Does text match?  Sets the span of the first match. */
static bool matches(const struct matcher *m, const char *text, size_t *so, size_t *eo)
{
	if (m->literal) {
		const char *hit = m->icase ? strcasestr(text, m->needle) : strstr(text, m->needle);

		if (!hit)
			return false;
		*so = (size_t)(hit - text);
		*eo = *so + strlen(m->needle);
		return true;
	}
	regmatch_t pm[1];

	if (regexec(&m->re, text, 1, pm, 0) != 0)
		return false;
	*so = (size_t)pm[0].rm_so;
	*eo = (size_t)pm[0].rm_eo;
	return true;
}

long kconf_search(struct kconf *kc, const char *pattern, unsigned flags,
		  struct kconf_match **out, char *err, size_t errlen)
{
	struct matcher m = { 0 };
	struct kconf_match *res = NULL;
	size_t n = 0, cap = 0, pos = 0, plen = strlen(kc->config_prefix);
	struct symbol *sym;

	*out = NULL;
	/* menuconfig's search takes "CONFIG_FOO" for "FOO" */
	if (strncasecmp(pattern, kc->config_prefix, plen) == 0)
		pattern += plen;
	m.literal = flags & KCONF_SEARCH_LITERAL;
	m.icase = !(flags & KCONF_SEARCH_CASE);
	m.needle = pattern;
	if (!m.literal) {
		int rc = regcomp(&m.re, pattern, REG_EXTENDED | (m.icase ? REG_ICASE : 0));

		if (rc) {
			if (err && errlen)
				regerror(rc, &m.re, err, errlen);
			return -1;
		}
	}
	while ((sym = kconf_sym_next(kc, &pos))) {
		struct kconf_match hit = { sym, KCONF_MATCH_NAME, first_prompt(sym) };
		size_t so, eo;
		bool found = false;

		if (matches(&m, sym->name, &so, &eo)) {
			found = true;
			if (so == 0 && eo == strlen(sym->name))
				hit.kind = KCONF_MATCH_EXACT;
		} else if (!(flags & KCONF_SEARCH_NAMES)) {
			struct property *prop;

			for_all_prompts(sym, prop) {
				if (matches(&m, prop->text, &so, &eo)) {
					found = true;
					hit.kind = KCONF_MATCH_PROMPT;
					hit.prompt = prop->text;
					break;
				}
			}
		}
		if (!found)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			res = xrealloc(res, cap * sizeof(*res));
		}
		res[n++] = hit;
	}
	if (!m.literal)
		regfree(&m.re);
	if (n)
		qsort(res, n, sizeof(*res), match_order);
	*out = res;
	return (long)n;
}
