/* SPDX-License-Identifier: MIT */
/*
 * Comparing two configurations and explaining the difference
 * (include/kconf/diff.h).
 *
 * The plain difference follows the kernel's scripts/diffconfig: its way of
 * reading a .config (including its quirks, such as a last line without a
 * newline losing its last character), its order and its output format.
 *
 * The explanation reads both files through the engine, each as the
 * kernel's conf would in a fresh process (conf_read, then the values and
 * "written" flags conf_write would see).  Each symbol gets an OLD and a NEW
 * state: what the engine computed, and the value the analysis works with,
 * which is the file's own (its line, or no line: the value of a symbol
 * that is not written), so that a file written with another toolchain
 * keeps its probe values.  Then, for each changed symbol:
 *
 *  - with a prompt, it is a USER root when it would have another value in
 *    NEW had the user kept the OLD value (the engine recomputes it with the
 *    OLD user value; choices are replayed by their rules);
 *  - its causes are the changed inputs of the relations that give it its
 *    value and whose outcome changed: its dependencies (entry, enclosing
 *    ifs and menus, choice), selects and implies aimed at it, its defaults
 *    and ranges, the choice it belongs to, MODULES;
 *  - without a prompt or causes, it is a FACT root when it has a constant
 *    default (what a $(...) probe or an architecture's "def_bool y" looks
 *    like once expanded);
 *  - any other is a CONSEQUENCE when a chain of causes leads to it from a
 *    root, and UNEXPLAINED otherwise; so is a line the engine would not
 *    write as the file has it (a hand edit).
 *
 * Each relation carries the Kconfig line that creates it: the property's
 * line for select/imply/default/range, the 'if' line of an enclosing block,
 * and for 'depends on' the line found in the entry's or block's header
 * text (menu_add_entry records the block each entry is written in).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "kconf/diff.h"

/* ------------------------------------------------------------------ */
/* memory owned by a result                                             */

struct pool {
	void **blocks;
	size_t n, cap;
};

static void *pool_alloc(struct pool *p, size_t size)
{
	void *m = xcalloc(1, size ? size : 1);

	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->blocks = xrealloc(p->blocks, p->cap * sizeof(*p->blocks));
	}
	p->blocks[p->n++] = m;
	return m;
}

static char *pool_strdup(struct pool *p, const char *s)
{
	size_t len;
	char *d;

	if (!s)
		return NULL;
	len = strlen(s);
	d = pool_alloc(p, len + 1);
	memcpy(d, s, len);
	return d;
}

static char *pool_printf(struct pool *p, const char *fmt, ...) KC_PRINTF(2, 3);
static char *pool_printf(struct pool *p, const char *fmt, ...)
{
	struct kstr ks;
	va_list ap;
	char *s;

	kstr_init(&ks);
	va_start(ap, fmt);
	kstr_vprintf(&ks, fmt, ap);
	va_end(ap);
	s = pool_strdup(p, ks.s);
	kstr_free(&ks);
	return s;
}

static void pool_free(struct pool *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->blocks[i]);
	free(p->blocks);
	p->blocks = NULL;
	p->n = p->cap = 0;
}

/* ------------------------------------------------------------------ */
/* value sets                                                           */

struct vs_item {
	char *name, *value;
};

struct kconf_values {
	struct vs_item *items;
	size_t count, cap;
	size_t *slots;		/* open addressing: item index + 1, 0 = free */
	size_t nslots;		/* a power of two */
};

struct kconf_values *kconf_values_new(void)
{
	struct kconf_values *vs = xcalloc(1, sizeof(*vs));

	vs->nslots = 256;
	vs->slots = xcalloc(vs->nslots, sizeof(*vs->slots));
	return vs;
}

/* The slot holding name, or the free slot where it would go. */
static size_t vs_slot(const struct kconf_values *vs, const char *name)
{
	size_t mask = vs->nslots - 1, i = hash_str(name) & mask;

	while (vs->slots[i] && strcmp(vs->items[vs->slots[i] - 1].name, name))
		i = (i + 1) & mask;
	return i;
}

static void vs_grow(struct kconf_values *vs)
{
	free(vs->slots);
	vs->nslots *= 2;
	vs->slots = xcalloc(vs->nslots, sizeof(*vs->slots));
	for (size_t k = 0; k < vs->count; k++)
		vs->slots[vs_slot(vs, vs->items[k].name)] = k + 1;
}

void kconf_values_set(struct kconf_values *vs, const char *name, const char *value)
{
	size_t i = vs_slot(vs, name);

	if (vs->slots[i]) {
		struct vs_item *it = &vs->items[vs->slots[i] - 1];
		free(it->value);
		it->value = xstrdup(value);
		return;
	}
	if (vs->count == vs->cap) {
		vs->cap = vs->cap ? vs->cap * 2 : 256;
		vs->items = xrealloc(vs->items, vs->cap * sizeof(*vs->items));
	}
	vs->items[vs->count].name = xstrdup(name);
	vs->items[vs->count].value = xstrdup(value);
	vs->slots[i] = ++vs->count;
	if (vs->count * 2 > vs->nslots)
		vs_grow(vs);
}

const char *kconf_values_get(const struct kconf_values *vs, const char *name)
{
	size_t i = vs_slot(vs, name);

	return vs->slots[i] ? vs->items[vs->slots[i] - 1].value : NULL;
}

size_t kconf_values_count(const struct kconf_values *vs)
{
	return vs->count;
}

const char *kconf_values_name(const struct kconf_values *vs, size_t i)
{
	return i < vs->count ? vs->items[i].name : NULL;
}

const char *kconf_values_value(const struct kconf_values *vs, size_t i)
{
	return i < vs->count ? vs->items[i].value : NULL;
}

void kconf_values_free(struct kconf_values *vs)
{
	if (!vs)
		return;
	for (size_t i = 0; i < vs->count; i++) {
		free(vs->items[i].name);
		free(vs->items[i].value);
	}
	free(vs->items);
	free(vs->slots);
	free(vs);
}

int kconf_values_write(const struct kconf_values *vs, const char *path)
{
	FILE *f = fopen(path, "w");
	int err;

	if (!f)
		return -1;
	for (size_t i = 0; i < vs->count; i++) {
		if (!strcmp(vs->items[i].value, "n"))
			fprintf(f, "# CONFIG_%s is not set\n", vs->items[i].name);
		else
			fprintf(f, "CONFIG_%s=%s\n", vs->items[i].name, vs->items[i].value);
	}
	err = ferror(f);
	if (fclose(f) != 0 || err)
		return -1;
	return 0;
}

/* Byte length of the first n UTF-8 characters of s (at most len). */
static size_t utf8_prefix(const char *s, size_t len, size_t n)
{
	size_t i = 0;

	while (n && i < len) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		n--;
	}
	return i;
}

/* Length of s without its last UTF-8 character (Python's line[:-1]). */
static size_t utf8_drop_last(const char *s, size_t len)
{
	if (!len)
		return 0;
	len--;
	while (len && ((unsigned char)s[len] & 0xC0) == 0x80)
		len--;
	return len;
}

/*
 * One line, newline removed, by diffconfig's two rules: "CONFIG_NAME=VALUE"
 * (it dies without '='), and any line ending in " is not set" names the
 * symbol from its tenth character on.  Both may apply to one line.
 */
static int values_parse_line(struct kconf_values *vs, const char *line, size_t len)
{
	static const char not_set[] = " is not set";
	const size_t ns = sizeof(not_set) - 1;

	if (len >= 7 && !memcmp(line, "CONFIG_", 7)) {
		const char *eq = memchr(line + 7, '=', len - 7);
		char *name, *value;

		if (!eq)
			return -1;
		name = xstrndup(line + 7, (size_t)(eq - line - 7));
		value = xstrndup(eq + 1, len - (size_t)(eq + 1 - line));
		kconf_values_set(vs, name, value);
		free(name);
		free(value);
	}
	if (len >= ns && !memcmp(line + len - ns, not_set, ns)) {
		size_t start = utf8_prefix(line, len, 9), end = len - ns;
		char *name = xstrndup(line + start, end > start ? end - start : 0);

		kconf_values_set(vs, name, "n");
		free(name);
	}
	return 0;
}

static char *format_error(const char *fmt, ...) KC_PRINTF(1, 2);
static char *format_error(const char *fmt, ...)
{
	struct kstr ks;
	va_list ap;

	kstr_init(&ks);
	va_start(ap, fmt);
	kstr_vprintf(&ks, fmt, ap);
	va_end(ap);
	return kstr_steal(&ks);
}

struct kconf_values *kconf_values_read(const char *path, char **error)
{
	FILE *f = fopen(path, "rb");
	struct kconf_values *vs;
	char *buf = NULL;
	size_t len = 0, cap = 0, pos = 0;
	int lineno = 0;

	if (error)
		*error = NULL;
	if (!f) {
		if (error)
			*error = format_error("%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		size_t got;

		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 262144;
			buf = xrealloc(buf, cap);
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		if (error)
			*error = format_error("%s: %s", path, strerror(errno ? errno : EIO));
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);

	vs = kconf_values_new();
	/* Python's universal newlines: \n, \r\n and \r all end a line */
	while (pos < len) {
		size_t end = pos, next, linelen;
		bool newline;

		while (end < len && buf[end] != '\n' && buf[end] != '\r')
			end++;
		newline = end < len;
		if (!newline)
			next = len;
		else if (buf[end] == '\r' && end + 1 < len && buf[end + 1] == '\n')
			next = end + 2;
		else
			next = end + 1;
		lineno++;
		linelen = end - pos;
		if (!newline)	/* line[:-1] then eats a real character */
			linelen = utf8_drop_last(buf + pos, linelen);
		if (values_parse_line(vs, buf + pos, linelen) != 0) {
			if (error)
				*error = format_error("%s:%d: a CONFIG_ line without '='", path, lineno);
			kconf_values_free(vs);
			free(buf);
			return NULL;
		}
		pos = next;
	}
	free(buf);
	return vs;
}

/* ------------------------------------------------------------------ */
/* the difference, as diffconfig prints it                              */

static int line_name_cmp(const void *a, const void *b)
{
	const struct kconf_diff_line *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static void diff_add(struct kconf_diff *d, size_t *cap, const char *name, const char *ov,
		     const char *nv)
{
	struct kconf_diff_line *l;

	if (d->count == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		d->lines = xrealloc(d->lines, *cap * sizeof(*d->lines));
	}
	l = &d->lines[d->count++];
	l->name = xstrdup(name);
	l->old_value = ov ? xstrdup(ov) : NULL;
	l->new_value = nv ? xstrdup(nv) : NULL;
}

static void sort_lines(struct kconf_diff *d, size_t start)
{
	if (d->count > start)
		qsort(d->lines + start, d->count - start, sizeof(*d->lines), line_name_cmp);
}

struct kconf_diff *kconf_diff_values(const struct kconf_values *old, const struct kconf_values *new_)
{
	struct kconf_diff *d = xcalloc(1, sizeof(*d));
	size_t cap = 0, start;

	/* removed, then changed, then added; each group sorted by name */
	start = d->count;
	for (size_t i = 0; i < old->count; i++)
		if (!kconf_values_get(new_, old->items[i].name))
			diff_add(d, &cap, old->items[i].name, old->items[i].value, NULL);
	sort_lines(d, start);
	start = d->count;
	for (size_t i = 0; i < old->count; i++) {
		const char *nv = kconf_values_get(new_, old->items[i].name);
		if (nv && strcmp(nv, old->items[i].value))
			diff_add(d, &cap, old->items[i].name, old->items[i].value, nv);
	}
	sort_lines(d, start);
	start = d->count;
	for (size_t i = 0; i < new_->count; i++)
		if (!kconf_values_get(old, new_->items[i].name))
			diff_add(d, &cap, new_->items[i].name, NULL, new_->items[i].value);
	sort_lines(d, start);
	return d;
}

void kconf_diff_free(struct kconf_diff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->count; i++) {
		free((char *)d->lines[i].name);
		free((char *)d->lines[i].old_value);
		free((char *)d->lines[i].new_value);
	}
	free(d->lines);
	free(d);
}

char *kconf_diff_line_text(const struct kconf_diff_line *l)
{
	if (!l->new_value)
		return format_error("-%s %s", l->name, l->old_value);
	if (!l->old_value)
		return format_error("+%s %s", l->name, l->new_value);
	return format_error(" %s %s -> %s", l->name, l->old_value, l->new_value);
}

void kconf_diff_print(FILE *out, const struct kconf_diff *d, bool merge_style)
{
	for (size_t i = 0; i < d->count; i++) {
		const struct kconf_diff_line *l = &d->lines[i];

		if (merge_style) {
			/* diffconfig -m: nothing for removed lines or empty values */
			if (!l->new_value || !*l->new_value)
				continue;
			if (!strcmp(l->new_value, "n"))
				fprintf(out, "# CONFIG_%s is not set\n", l->name);
			else
				fprintf(out, "CONFIG_%s=%s\n", l->name, l->new_value);
		} else {
			char *text = kconf_diff_line_text(l);
			fprintf(out, "%s\n", text);
			free(text);
		}
	}
}

/* ------------------------------------------------------------------ */
/* names                                                                */

const char *kconf_diff_kind_name(enum kconf_diff_kind kind)
{
	switch (kind) {
	case KCONF_DIFF_USER: return "user";
	case KCONF_DIFF_FACT: return "fact";
	case KCONF_DIFF_CONSEQUENCE: return "consequence";
	case KCONF_DIFF_UNEXPLAINED: return "unexplained";
	case KCONF_DIFF_UNKNOWN: return "unknown";
	}
	return "?";
}

const char *kconf_diff_rel_name(enum kconf_diff_rel rel)
{
	switch (rel) {
	case KCONF_DIFF_REL_DEPENDS: return "depends on";
	case KCONF_DIFF_REL_PROMPT_IF: return "prompt if";
	case KCONF_DIFF_REL_IF: return "if";
	case KCONF_DIFF_REL_MENU: return "menu depends on";
	case KCONF_DIFF_REL_VISIBLE_IF: return "visible if";
	case KCONF_DIFF_REL_SELECT: return "select";
	case KCONF_DIFF_REL_IMPLY: return "imply";
	case KCONF_DIFF_REL_DEFAULT: return "default";
	case KCONF_DIFF_REL_RANGE: return "range";
	case KCONF_DIFF_REL_CHOICE: return "choice";
	case KCONF_DIFF_REL_MODULES: return "modules";
	}
	return "?";
}

/* ------------------------------------------------------------------ */
/* explaining: state                                                    */

enum { OLD, NEW };

struct symstate {
	/* what the engine computed from the file */
	tristate eng_tri;
	const char *eng_val;		/* its string value (bool: "n"/"m"/"y") */
	struct symbol *eng_choice;	/* 6.1 choice: the selected member */
	bool written;			/* a .config written now would have its line */
	tristate visible;
	bool has_user;
	tristate user_tri;
	const char *user_val;
	/* the value the analysis uses: the file's where it has a line */
	tristate tri;
	const char *val;
	const char *file_raw;		/* the file's text of the value; NULL: no line */
	bool file_bad;			/* that text is no value of the symbol's type */
};

struct cause {
	struct symbol *from;
	struct symbol *via;	/* select/imply: the source, when from is not it */
	enum kconf_diff_rel rel;
	const char *file;
	int line;
	bool fired;	/* the relation's outcome changed (not just an input) */
};

enum node_state { N_CANDIDATE, N_ROOT, N_DEAD };

struct edge {
	size_t node, cause;	/* node's cause names the edge's owner */
};

struct node {
	struct symbol *sym;
	long change;		/* index in the result's changes; -1: not a changed line */
	enum node_state state;
	enum kconf_diff_kind kind;
	const char *reason;
	struct cause *causes;
	size_t ncauses, capcauses;
	struct edge *out;	/* nodes this one is a cause of */
	size_t nout, capout;
	unsigned seen;		/* BFS generation */
	long prev_node;
	size_t prev_cause;
	bool reached;
};

struct textfile {
	const char *name;
	char *text;
	char **lines;
	int nlines;
	struct textfile *next;
};

struct symvec {
	struct symbol **v;
	size_t n, cap;
};

struct kconf_diff_explain_priv {
	struct pool pool;
};

struct dx {
	struct kconf *kc;
	size_t nsym;
	struct symstate *st[2];
	struct kconf_values *vals[2];
	long *node_of;			/* by symbol seq; -1: not a node */
	struct node *nodes;
	size_t nnodes, capnodes;
	struct textfile *files;
	struct kconf_diff_explain *x;
	struct pool *pool;
	unsigned gen;
	/* 6.12 choices as parsed: NULL, the choice menu, its members; ... */
	void **choice_order;
	size_t nchoice_order;
};

static bool is_const(const struct dx *d, const struct symbol *sym)
{
	return (sym->flags & SYMBOL_CONST) || sym->seq >= d->nsym;
}

static bool is_bool(const struct symbol *sym)
{
	return sym->type == S_BOOLEAN || sym->type == S_TRISTATE;
}

static tristate sym_tri(const struct dx *d, int side, struct symbol *sym)
{
	if (is_const(d, sym))
		return sym->curr.tri;
	return d->st[side][sym->seq].tri;
}

static const char *sym_str(const struct dx *d, int side, struct symbol *sym)
{
	const char *v;

	if (is_bool(sym))
		return tri_name(sym_tri(d, side, sym));
	if (is_const(d, sym))
		return sym->curr.val ? sym->curr.val : sym->name ? sym->name : "";
	v = d->st[side][sym->seq].val;
	return v ? v : "";
}

static bool sym_changed(const struct dx *d, struct symbol *sym)
{
	const struct symstate *o, *n;

	if (!sym || is_const(d, sym))
		return false;
	o = &d->st[OLD][sym->seq];
	n = &d->st[NEW][sym->seq];
	if (o->tri != n->tri)
		return true;
	if (sym_is_choice(sym))
		return o->eng_choice != n->eng_choice;
	if (is_bool(sym))
		return false;
	return strcmp(o->val ? o->val : "", n->val ? n->val : "") != 0;
}

/* ---- evaluating expressions on one side ---- */

/* The engine's comparison rules, on this side's values. */
static tristate side_compare(const struct dx *d, int side, const struct expr *e)
{
	struct symbol *ls = e->left.sym, *rs = e->right.sym;

	return expr_compare_strings((enum expr_type)e->type, sym_str(d, side, ls), ls->type,
				    sym_str(d, side, rs), rs->type);
}

static tristate side_eval(const struct dx *d, int side, const struct expr *e)
{
	if (!e)
		return yes;
	switch (e->type) {
	case E_SYMBOL:
		return sym_tri(d, side, e->left.sym);
	case E_AND:
		return TRI_AND(side_eval(d, side, e->left.expr), side_eval(d, side, e->right.expr));
	case E_OR:
		return TRI_OR(side_eval(d, side, e->left.expr), side_eval(d, side, e->right.expr));
	case E_NOT:
		return TRI_NOT(side_eval(d, side, e->left.expr));
	case E_EQUAL: case E_UNEQUAL: case E_LTH: case E_LEQ: case E_GTH: case E_GEQ:
		return side_compare(d, side, e);
	default:
		return no;
	}
}

static bool expr_differs(const struct dx *d, const struct expr *e)
{
	return e && side_eval(d, OLD, e) != side_eval(d, NEW, e);
}

static void symvec_add(struct symvec *v, struct symbol *sym)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->v[i] == sym)
			return;
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 8;
		v->v = xrealloc(v->v, v->cap * sizeof(*v->v));
	}
	v->v[v->n++] = sym;
}

/* The symbols of e whose value changed. */
static void changed_in(const struct dx *d, const struct expr *e, struct symvec *out)
{
	if (!e)
		return;
	switch (e->type) {
	case E_AND:
	case E_OR:
		changed_in(d, e->left.expr, out);
		changed_in(d, e->right.expr, out);
		break;
	case E_NOT:
		changed_in(d, e->left.expr, out);
		break;
	case E_SYMBOL:
		if (sym_changed(d, e->left.sym))
			symvec_add(out, e->left.sym);
		break;
	case E_EQUAL: case E_UNEQUAL: case E_LTH: case E_LEQ: case E_GTH: case E_GEQ:
	case E_RANGE:
		if (sym_changed(d, e->left.sym))
			symvec_add(out, e->left.sym);
		if (sym_changed(d, e->right.sym))
			symvec_add(out, e->right.sym);
		break;
	default:
		break;
	}
}

/* ---- engine states ---- */

static bool engine_writes(const struct symbol *sym)
{
	return sym->name && sym->menus && !sym_is_choice(sym) && sym->type != S_UNKNOWN &&
	       (sym->flags & SYMBOL_WRITE);
}

/*
 * Compute every value the way conf_write() does after conf_read(): a file
 * read without change is computed afresh in menu order.  Whether a symbol
 * is written is decided when the walk reaches it (a later member of a 6.12
 * choice can still mark an earlier one), so it is recorded there.  The walk
 * repeats conf_write()'s on purpose: a shared walker would put a callback
 * into the byte-exact writer.
 */
static void compute_like_write(struct dx *d, int side)
{
	struct kconf *kc = d->kc;
	struct menu *menu;

	if (!conf_get_changed(kc))
		sym_clear_all_valid(kc);
	menu = kc->rootmenu.list;
	while (menu) {
		struct symbol *sym = menu->sym;

		if (!sym) {
			(void)menu_is_visible(kc, menu);
		} else if (!sym_is_choice(sym)) {
			sym_calc_value(kc, sym);
			if (engine_writes(sym) && sym->seq < d->nsym)
				d->st[side][sym->seq].written = true;
		}
		if (menu->list) {
			menu = menu->list;
			continue;
		}
		for (;;) {
			if (!menu->sym)
				(void)menu_is_visible(kc, menu);
			if (menu->next) {
				menu = menu->next;
				break;
			}
			menu = menu->parent;
			if (!menu)
				break;
		}
	}
}

static void order_push(struct dx *d, size_t *cap, void *item)
{
	if (d->nchoice_order == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		d->choice_order = xrealloc(d->choice_order, *cap * sizeof(*d->choice_order));
	}
	d->choice_order[d->nchoice_order++] = item;
}

/* 6.12: the priority order of each choice's members before any reading,
 * kept as NULL, the choice's menu, its members; NULL, ... */
static void save_choice_orders(struct dx *d)
{
	size_t cap = 0;

	if (!KC_NEW_CHOICES(d->kc))
		return;
	for (size_t i = 0; i < d->nsym; i++) {
		struct symbol *sym = d->kc->all_syms[i];

		if (!sym_is_choice(sym) || !sym->menus || !sym->menus->choice_members)
			continue;
		order_push(d, &cap, NULL);
		order_push(d, &cap, sym->menus);
		for (struct symbol *m = sym->menus->choice_members; m; m = m->choice_next)
			order_push(d, &cap, m);
	}
}

/*
 * Leave no trace of a previous reading: the kernel's conf reads one file
 * in a fresh process, and a few results depend on values left over while
 * computing (6.12's expression cache, the order of choice members).
 */
static void make_fresh(struct dx *d)
{
	struct kconf *kc = d->kc;
	struct menu *choice = NULL;

	for (size_t i = 0; i < d->nsym; i++) {
		struct symbol *sym = kc->all_syms[i];

		if (sym->flags & SYMBOL_CONST)
			continue;
		memset(&sym->curr, 0, sizeof(sym->curr));
		/* 6.1 choices: reading resets val and tri but not the pick */
		sym->def[S_DEF_USER].choice = NULL;
		sym->visible = no;
		sym->dir_dep.tri = sym->rev_dep.tri = sym->implied.tri = no;
		sym->flags &= ~(SYMBOL_VALID | SYMBOL_WRITE | SYMBOL_WRITTEN);
		for (struct property *p = sym->prop; p; p = p->next)
			p->visible.tri = no;
	}
	kc->modules_val = no;
	for (size_t i = 0; i < d->nchoice_order; i++) {
		if (!d->choice_order[i]) {
			choice = (struct menu *)d->choice_order[++i];
			continue;
		}
		choice_member_move_tail(choice, (struct symbol *)d->choice_order[i]);
	}
	expr_invalidate_all(kc);
}

static void snapshot(struct dx *d, int side)
{
	for (size_t i = 0; i < d->nsym; i++) {
		struct symbol *sym = d->kc->all_syms[i];
		struct symstate *st = &d->st[side][i];

		st->eng_tri = sym->curr.tri;
		st->eng_val = is_bool(sym) ? tri_name(sym->curr.tri) : sym->curr.val;
		st->eng_choice = sym_is_choice(sym) ? sym->curr.choice : NULL;
		st->visible = sym->visible;
		st->has_user = sym_has_value(sym);
		st->user_tri = sym->def[S_DEF_USER].tri;
		st->user_val = sym->def[S_DEF_USER].val;
		st->tri = st->eng_tri;
		st->val = st->eng_val;
	}
}

static bool is_defined(const struct dx *d, const struct symbol *sym)
{
	return sym && !is_const(d, sym) && sym->menus && sym->type != S_UNKNOWN && sym->name;
}

/* The file's value text as the engine would read it; false if invalid. */
static bool parse_file_value(struct dx *d, struct symbol *sym, const char *raw,
			     tristate *tri, const char **val)
{
	*tri = no;
	switch (sym->type) {
	case S_BOOLEAN:
	case S_TRISTATE:
		if (raw[0] == 'y')
			*tri = yes;
		else if (raw[0] == 'm' && sym->type == S_TRISTATE)
			*tri = mod;
		else if (raw[0] != 'n')
			return false;
		*val = tri_name(*tri);
		return true;
	case S_STRING: {
		char *s, *w;
		const char *r;

		if (raw[0] != '"')
			return false;
		s = w = pool_alloc(d->pool, strlen(raw) + 1);
		for (r = raw + 1; *r && *r != '"'; r++) {
			if (*r == '\\' && r[1])
				r++;
			*w++ = *r;
		}
		if (*r != '"')
			return false;
		*val = s;
		return true;
	}
	case S_INT:
	case S_HEX:
		if (!sym_string_valid(d->kc, sym, raw))
			return false;
		*val = raw;
		return true;
	default:
		return false;
	}
}

/* The value of a symbol without a line: what an unwritten symbol has. */
static void set_unwritten(struct dx *d, struct symbol *sym, struct symstate *st)
{
	st->tri = no;
	if (is_bool(sym))
		st->val = "n";
	else if (sym->type == S_STRING || d->kc->kver < KV(6, 12))
		st->val = "";
	else
		st->val = sym->type == S_HEX ? "0x0" : "0";
}

static void overlay_file(struct dx *d, int side)
{
	const struct kconf_values *vs = d->vals[side];

	for (size_t i = 0; i < vs->count; i++) {
		struct symbol *sym = sym_find(d->kc, vs->items[i].name);
		struct symstate *st;
		tristate tri;
		const char *val = NULL;

		if (!is_defined(d, sym))
			continue;
		st = &d->st[side][sym->seq];
		st->file_raw = pool_strdup(d->pool, vs->items[i].value);	/* outlives vals */
		if (parse_file_value(d, sym, st->file_raw, &tri, &val)) {
			st->tri = tri;
			st->val = val;
		} else {
			st->file_bad = true;
		}
	}
	/* no line: not written, whatever this tree would give */
	for (size_t i = 0; i < d->nsym; i++) {
		struct symbol *sym = d->kc->all_syms[i];
		struct symstate *st = &d->st[side][i];

		if (is_defined(d, sym) && !st->file_raw && st->written)
			set_unwritten(d, sym, st);
	}
}

/* The symbol's line as a .config written from the engine's state would say
 * it (NULL: no line); *tofree gets what the caller frees. */
static const char *engine_line(const struct dx *d, int side, struct symbol *sym, char **tofree)
{
	const struct symstate *st = &d->st[side][sym->seq];

	*tofree = NULL;
	if (!st->written)
		return NULL;
	if (is_bool(sym))
		return tri_name(st->eng_tri);
	if (sym->type == S_STRING) {
		*tofree = conf_quote_value(st->eng_val ? st->eng_val : "");
		return *tofree;
	}
	return st->eng_val ? st->eng_val : "";
}

/* Does the file's line agree with the engine's?  *engine gets the engine's
 * text for messages (pool string, NULL: no line). */
static bool file_agrees(struct dx *d, int side, struct symbol *sym, const char **engine)
{
	char *tofree;
	const char *line = engine_line(d, side, sym, &tofree);
	const char *raw = d->st[side][sym->seq].file_raw;
	bool same = (!line && !raw) || (line && raw && !strcmp(line, raw));

	*engine = pool_strdup(d->pool, line);
	free(tofree);
	return same;
}

/* ---- Kconfig text, for the line of a 'depends on' ---- */

static struct textfile *textfile_get(struct dx *d, const char *name)
{
	struct textfile *tf;
	FILE *f;
	size_t len = 0, cap = 0, got;
	char *p;
	int n = 0;

	for (tf = d->files; tf; tf = tf->next)
		if (tf->name == name || !strcmp(tf->name, name))
			return tf->lines ? tf : NULL;
	tf = xcalloc(1, sizeof(*tf));
	tf->name = name;
	tf->next = d->files;
	d->files = tf;
	f = zconf_fopen(d->kc, name);
	if (!f)
		return NULL;
	do {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 65536;
			tf->text = xrealloc(tf->text, cap + 1);
		}
		got = fread(tf->text + len, 1, cap - len, f);
		len += got;
	} while (got);
	fclose(f);
	tf->text[len] = '\0';
	for (p = tf->text; *p; p++)
		if (*p == '\n')
			n++;
	tf->lines = xcalloc((size_t)n + 2, sizeof(*tf->lines));
	tf->nlines = 0;
	for (p = tf->text; *p; ) {
		char *nl = strchr(p, '\n');

		tf->lines[tf->nlines++] = p;
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	return tf;
}

static bool has_word(const char *text, const char *word)
{
	size_t wl = strlen(word);
	const char *p = text;

	while ((p = strstr(p, word))) {
		bool before = p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_');
		bool after = isalnum((unsigned char)p[wl]) || p[wl] == '_';

		if (!before && !after)
			return true;
		p += wl;
	}
	return false;
}

static size_t first_word(const char *line, const char **start)
{
	const char *s = line, *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s;
	while (*e && !isspace((unsigned char)*e))
		e++;
	*start = s;
	return (size_t)(e - s);
}

static bool word_is(const char *w, size_t n, const char *kw)
{
	return strlen(kw) == n && !strncmp(w, kw, n);
}

/* Words that end the attributes of an entry or a block header. */
static bool ends_header(const char *w, size_t n)
{
	static const char *const kws[] = {
		"config", "menuconfig", "choice", "endchoice", "comment", "menu", "endmenu",
		"if", "endif", "source", "rsource", "osource", "orsource", "mainmenu",
		"help", "---help---",
	};

	for (size_t i = 0; i < sizeof(kws) / sizeof(kws[0]); i++)
		if (word_is(w, n, kws[i]))
			return true;
	return false;
}

enum scan_what { SCAN_DEPENDS, SCAN_DEPENDS_M, SCAN_VISIBLE, SCAN_PROMPT_IF };

/*
 * In the header of the entry or block at file:line, the first line of the
 * given kind that names sym (continuation lines included); 0: none.
 */
static int scan_header(struct dx *d, const char *file, int line, enum scan_what what,
		       struct symbol *sym)
{
	struct textfile *tf;
	struct kstr logical;
	int found = 0;

	if (!sym->name || !file || (tf = textfile_get(d, file)) == NULL)
		return 0;
	kstr_init(&logical);
	for (int i = line + 1; i <= tf->nlines && !found; i++) {
		const char *w;
		size_t n = first_word(tf->lines[i - 1], &w);
		int last = i;
		bool kind;

		if (n && ends_header(w, n))
			break;
		kstr_reset(&logical);
		kstr_append(&logical, tf->lines[i - 1]);
		while (logical.len && logical.s[logical.len - 1] == '\\' && last < tf->nlines) {
			logical.s[--logical.len] = '\0';
			kstr_append(&logical, tf->lines[last++]);
		}
		switch (what) {
		case SCAN_DEPENDS:
			kind = word_is(w, n, "depends");
			break;
		case SCAN_DEPENDS_M:
			kind = word_is(w, n, "depends") && has_word(logical.s, "m");
			break;
		case SCAN_VISIBLE:
			kind = word_is(w, n, "visible");
			break;
		default:
			kind = (word_is(w, n, "bool") || word_is(w, n, "tristate") ||
				word_is(w, n, "string") || word_is(w, n, "int") ||
				word_is(w, n, "hex") || word_is(w, n, "prompt")) &&
			       has_word(logical.s, "if");
			break;
		}
		if (kind && (what == SCAN_DEPENDS_M || has_word(logical.s, sym->name)))
			found = i;
		i = last;
	}
	kstr_free(&logical);
	return found;
}

/* ---- where a dependency of a menu entry on sym is written ---- */

static bool is_if_block(const struct menu *m)
{
	return !m->sym && !m->prompt;
}

static bool is_menu_block(const struct menu *m)
{
	return !m->sym && m->prompt && m->prompt->type == P_MENU;
}

static struct menu *choice_menu_of(struct dx *d, struct symbol *sym);

static void locate_dep(struct dx *d, struct menu *entry, struct symbol *sym,
		       enum kconf_diff_rel *rel, const char **file, int *line)
{
	struct menu *blocks[128];
	size_t n = 0;
	int l;

	for (struct menu *b = entry->block; b && b != &d->kc->rootmenu && n < 128; b = b->block)
		blocks[n++] = b;
	/* outermost first: enclosing conditions are copied into inner ones */
	while (n--) {
		struct menu *b = blocks[n];

		if (b->sym && sym_is_choice(b->sym)) {
			if (b->sym == sym) {
				*rel = KCONF_DIFF_REL_CHOICE;
				*file = b->filename;
				*line = b->lineno;
				return;
			}
			if (expr_contains_symbol(b->dep, sym) ||
			    (b->prompt && expr_contains_symbol(b->prompt->visible.expr, sym))) {
				l = scan_header(d, b->filename, b->lineno, SCAN_DEPENDS, sym);
				*rel = KCONF_DIFF_REL_DEPENDS;
				*file = b->filename;
				*line = l ? l : b->lineno;
				return;
			}
		} else if (is_if_block(b)) {
			if (expr_contains_symbol(b->dep, sym)) {
				*rel = KCONF_DIFF_REL_IF;
				*file = b->filename;
				*line = b->lineno;
				return;
			}
		} else if (is_menu_block(b)) {
			if (expr_contains_symbol(b->visibility, sym)) {
				l = scan_header(d, b->filename, b->lineno, SCAN_VISIBLE, sym);
				*rel = KCONF_DIFF_REL_VISIBLE_IF;
				*file = b->filename;
				*line = l ? l : b->lineno;
				return;
			}
			if (expr_contains_symbol(b->dep, sym)) {
				l = scan_header(d, b->filename, b->lineno, SCAN_DEPENDS, sym);
				*rel = KCONF_DIFF_REL_MENU;
				*file = b->filename;
				*line = l ? l : b->lineno;
				return;
			}
		}
	}
	/* 6.1: a choice member depends on its choice symbol */
	if (sym_is_choice(sym) && entry->sym && choice_menu_of(d, entry->sym) == sym->menus) {
		*rel = KCONF_DIFF_REL_CHOICE;
		*file = sym->menus->filename;
		*line = sym->menus->lineno;
		return;
	}
	*file = entry->filename;
	if ((l = scan_header(d, entry->filename, entry->lineno, SCAN_DEPENDS, sym)) != 0 ||
	    /* 'depends on m' reads as m && MODULES */
	    (sym == d->kc->modules_sym &&
	     (l = scan_header(d, entry->filename, entry->lineno, SCAN_DEPENDS_M, sym)) != 0)) {
		*rel = KCONF_DIFF_REL_DEPENDS;
		*line = l;
	} else if ((l = scan_header(d, entry->filename, entry->lineno, SCAN_PROMPT_IF, sym)) != 0) {
		*rel = KCONF_DIFF_REL_PROMPT_IF;
		*line = l;
	} else {
		*rel = KCONF_DIFF_REL_DEPENDS;
		*line = entry->lineno;
	}
}

/* ---- choices ---- */

static struct menu *choice_menu_of(struct dx *d, struct symbol *sym)
{
	if (sym_is_choice(sym))
		return NULL;
	if (!KC_NEW_CHOICES(d->kc) && !sym_is_choice_value(sym))
		return NULL;
	return sym_get_choice_menu(d->kc, sym);
}

/* The members of a choice, in menu order (heap array). */
static size_t choice_members(struct dx *d, struct menu *cm, struct symbol ***out)
{
	struct symvec v = { 0 };

	if (KC_NEW_CHOICES(d->kc)) {
		struct menu *m;

		menu_for_each_sub_entry(m, cm)
			if (m->sym && !sym_is_choice(m->sym))
				symvec_add(&v, m->sym);
	} else {
		struct property *prop = sym_get_choice_prop(d->kc, cm->sym);
		struct expr *e;
		struct symbol *s;

		if (prop)
			expr_list_for_each_sym(prop->expr, e, s)
				symvec_add(&v, s);
	}
	*out = v.v;
	return v.n;
}

static struct symbol *selected_member(struct dx *d, struct menu *cm, int side)
{
	struct symbol **mem, *res = NULL;
	size_t n = choice_members(d, cm, &mem);

	for (size_t i = 0; i < n && !res; i++)
		if (sym_tri(d, side, mem[i]) == yes)
			res = mem[i];
	free(mem);
	return res;
}

struct user_override {
	struct symbol *sym;	/* whose user value is replaced, or NULL */
	bool has;
	tristate tri;
};

static bool uo_has(const struct user_override *uo, struct symbol *s)
{
	return uo && uo->sym == s ? uo->has : sym_has_value(s);
}

static tristate uo_tri(const struct user_override *uo, struct symbol *s)
{
	return uo && uo->sym == s ? uo->tri : s->def[S_DEF_USER].tri;
}

/*
 * The member the engine would select in the loaded (NEW) state, with one
 * member's user value replaced: the rules of sym_calc_choice() (6.12) and
 * of the 6.1 choice symbol.
 */
static struct symbol *replay_choice(struct dx *d, struct menu *cm, const struct user_override *uo)
{
	struct kconf *kc = d->kc;
	struct symbol *s, *res;

	if (KC_NEW_CHOICES(kc)) {
		struct menu *m;

		for (s = cm->choice_members; s; s = s->choice_next)
			if (s->visible != no && uo_has(uo, s) && uo_tri(uo, s) == yes)
				return s;
		res = sym_choice_default(kc, cm);
		if (res && uo_has(uo, res) && uo_tri(uo, res) == no)
			res = NULL;
		if (res)
			return res;
		menu_for_each_sub_entry(m, cm)
			if (m->sym && m->sym->visible != no && !uo_has(uo, m->sym))
				return m->sym;
		for (s = cm->choice_members_tail; s; s = s->choice_prev)
			if (s->visible != no)
				return s;
		return NULL;
	}
	if (cm->sym->curr.tri != yes)
		return NULL;
	/* the user's pick: the last member read as y (a .config lists them
	 * in menu order) */
	{
		struct symbol **mem;
		size_t n = choice_members(d, cm, &mem);

		res = NULL;
		for (size_t i = 0; i < n; i++)
			if (uo_has(uo, mem[i]) && uo_tri(uo, mem[i]) == yes)
				res = mem[i];
		free(mem);
	}
	if (res && res->visible != no)
		return res;
	return sym_choice_default(kc, cm);
}

/* ---- roots ---- */

/* Can the user set it: a prompt ('menuconfig' makes it a P_MENU one)? */
static bool has_prompt(const struct symbol *sym)
{
	for (const struct property *p = sym->prop; p; p = p->next)
		if (p->type == P_PROMPT || p->type == P_MENU)
			return true;
	return false;
}

static bool same_user_value(const struct symbol *sym, const struct symstate *a,
			    const struct symstate *b)
{
	if (a->has_user != b->has_user)
		return false;
	if (!a->has_user)
		return true;
	if (is_bool(sym))
		return a->user_tri == b->user_tri;
	return !strcmp(a->user_val ? a->user_val : "", b->user_val ? b->user_val : "");
}

/*
 * Would the engine, in the loaded (NEW) state, give sym another value had
 * the user kept the OLD value?  The symbol is restored afterwards.
 */
static bool counterfactual_differs(struct dx *d, struct symbol *sym)
{
	struct kconf *kc = d->kc;
	const struct symstate *o = &d->st[OLD][sym->seq], *n = &d->st[NEW][sym->seq];
	struct symbol saved = *sym;
	tristate saved_modules = kc->modules_val;
	tristate tri;
	bool differs, keep_old = o->has_user;

	/* 6.1 drops a user value outside the range when reading */
	if (o->has_user && !KC_NEW_CHOICES(kc) && !is_bool(sym) &&
	    !sym_string_within_range(kc, sym, o->user_val ? o->user_val : ""))
		keep_old = false;
	if (keep_old) {
		sym->flags |= SYMBOL_DEF_USER;
		sym->def[S_DEF_USER].tri = o->user_tri;
		sym->def[S_DEF_USER].val = o->user_val;
	} else {
		sym->flags &= ~SYMBOL_DEF_USER;
	}
	sym->flags &= ~SYMBOL_VALID;
	expr_invalidate_all(kc);
	sym_calc_value(kc, sym);
	tri = sym->curr.tri;
	if (is_bool(sym))
		differs = tri != n->eng_tri;
	else
		differs = strcmp(sym->curr.val ? sym->curr.val : "",
				 n->eng_val ? n->eng_val : "") != 0;
	*sym = saved;
	kc->modules_val = saved_modules;
	expr_invalidate_all(kc);
	return differs;
}

static bool is_user_root(struct dx *d, struct symbol *sym)
{
	const struct symstate *o = &d->st[OLD][sym->seq], *n = &d->st[NEW][sym->seq];
	struct menu *cm;

	if (same_user_value(sym, o, n))
		return false;
	cm = choice_menu_of(d, sym);
	/* 6.1 members take the choice's pick only while the choice is y */
	if (cm && (KC_NEW_CHOICES(d->kc) || n->visible == yes)) {
		struct user_override uo = { sym, o->has_user, o->user_tri };
		bool picked_now = replay_choice(d, cm, NULL) == sym;
		bool picked_then = replay_choice(d, cm, &uo) == sym;

		return picked_now != picked_then;
	}
	return counterfactual_differs(d, sym);
}

/* ---- causes ---- */

static struct node *node_for(struct dx *d, struct symbol *sym)
{
	long i;

	if (is_const(d, sym))
		return NULL;
	i = d->node_of[sym->seq];
	return i < 0 ? NULL : &d->nodes[i];
}

/* via: the selecting symbol when from is in the condition or the
 * dependencies of its 'select'/'imply' statement */
static void add_cause_via(struct dx *d, struct node *n, struct symbol *from, struct symbol *via,
			  enum kconf_diff_rel rel, const char *file, int line, bool fired)
{
	struct cause *c;

	if (!from || from == n->sym || !sym_changed(d, from) || !node_for(d, from))
		return;
	for (size_t i = 0; i < n->ncauses; i++) {
		c = &n->causes[i];
		if (c->from == from && c->rel == rel && c->line == line && c->file == file) {
			c->fired |= fired;
			return;
		}
	}
	if (n->ncauses == n->capcauses) {
		n->capcauses = n->capcauses ? n->capcauses * 2 : 4;
		n->causes = xrealloc(n->causes, n->capcauses * sizeof(*n->causes));
	}
	c = &n->causes[n->ncauses++];
	c->from = from;
	c->via = via;
	c->rel = rel;
	c->file = file;
	c->line = line;
	c->fired = fired;
}

static void add_cause(struct dx *d, struct node *n, struct symbol *from, enum kconf_diff_rel rel,
		      const char *file, int line, bool fired)
{
	add_cause_via(d, n, from, NULL, rel, file, line, fired);
}

/* Changed symbols of the dependencies of every entry of sym. */
static void causes_from_deps(struct dx *d, struct node *n, struct symbol *sym)
{
	for (struct menu *m = sym->menus; m; m = m->sym_next) {
		struct expr *vis = m->prompt ? m->prompt->visible.expr : NULL;
		bool fired = expr_differs(d, m->dep) || expr_differs(d, vis) ||
			     (m->visibility && expr_differs(d, m->visibility));
		struct symvec v = { 0 };

		changed_in(d, m->dep, &v);
		changed_in(d, vis, &v);
		for (size_t i = 0; i < v.n; i++) {
			enum kconf_diff_rel rel;
			const char *file;
			int line;

			locate_dep(d, m, v.v[i], &rel, &file, &line);
			add_cause(d, n, v.v[i], rel, file, line, fired);
		}
		free(v.v);
	}
}

/* Does sym take its value from defaults (and implies) on this side? */
static bool uses_defaults(const struct dx *d, int side, const struct symbol *sym)
{
	const struct symstate *st = &d->st[side][sym->seq];

	return !(st->visible != no && st->has_user);
}

/* The sources named by rev_dep/implied: an OR of "SOURCE" or "SOURCE && deps". */
static void collect_sources(const struct expr *e, struct symvec *out)
{
	if (!e)
		return;
	if (e->type == E_OR) {
		collect_sources(e->left.expr, out);
		collect_sources(e->right.expr, out);
	} else if (e->type == E_AND && e->left.expr->type == E_SYMBOL) {
		symvec_add(out, e->left.expr->left.sym);
	} else if (e->type == E_SYMBOL) {
		symvec_add(out, e->left.sym);
	}
}

/* One 'select'/'imply' statement of src aimed at sym. */
static void cause_from_select(struct dx *d, struct node *n, struct symbol *src, struct property *p)
{
	enum kconf_diff_rel rel = p->type == P_SELECT ? KCONF_DIFF_REL_SELECT : KCONF_DIFF_REL_IMPLY;
	tristate before = TRI_AND(sym_tri(d, OLD, src), side_eval(d, OLD, p->visible.expr));
	tristate after = TRI_AND(sym_tri(d, NEW, src), side_eval(d, NEW, p->visible.expr));
	bool fired = before != after;
	struct symvec v = { 0 };

	add_cause(d, n, src, rel, p->filename, p->lineno, fired);
	/* the statement's 'if', and the source's dependencies: a bool source
	 * whose dependencies are m selects m */
	changed_in(d, p->visible.expr, &v);
	for (size_t i = 0; i < v.n; i++)
		add_cause_via(d, n, v.v[i], src, rel, p->filename, p->lineno, fired);
	free(v.v);
}

static void causes_from_selects(struct dx *d, struct node *n, struct symbol *sym)
{
	/* an imply only counts where the value comes from defaults */
	bool defaults = uses_defaults(d, OLD, sym) || uses_defaults(d, NEW, sym);
	struct symvec srcs = { 0 };

	collect_sources(sym->rev_dep.expr, &srcs);
	if (defaults)
		collect_sources(sym->implied.expr, &srcs);
	for (size_t k = 0; k < srcs.n; k++) {
		for (struct property *p = srcs.v[k]->prop; p; p = p->next) {
			if (p->type != P_SELECT && (p->type != P_IMPLY || !defaults))
				continue;
			if (prop_get_symbol(p) == sym && p->menu)
				cause_from_select(d, n, srcs.v[k], p);
		}
	}
	free(srcs.v);
}

/* The first default/range (of type) whose condition holds on a side: index or -1. */
static long active_prop(const struct dx *d, int side, struct property **props, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (side_eval(d, side, props[i]->visible.expr) != no)
			return (long)i;
	return -1;
}

static size_t props_of(struct symbol *sym, enum prop_type type, struct property ***out)
{
	size_t n = 0, cap = 0;
	struct property **v = NULL;

	for (struct property *p = sym->prop; p; p = p->next) {
		if (p->type != type)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 4;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[n++] = p;
	}
	*out = v;
	return n;
}

/* The value a default gives on a side (string form). */
static const char *default_value(const struct dx *d, int side, struct symbol *sym,
				 struct property *p)
{
	if (is_bool(sym))
		return tri_name(TRI_AND(side_eval(d, side, p->expr),
					  side_eval(d, side, p->visible.expr)));
	if (p->expr && p->expr->type == E_SYMBOL)
		return sym_str(d, side, p->expr->left.sym);
	return "";
}

/* Conditions of props[0..upto] and values of the active ones. */
static void causes_from_props(struct dx *d, struct node *n, struct symbol *sym,
			      struct property **props, size_t np, enum kconf_diff_rel rel)
{
	long act_old = active_prop(d, OLD, props, np), act_new = active_prop(d, NEW, props, np);
	bool fired = act_old != act_new, any_turned = false;
	long upto;

	if (!fired && act_old >= 0) {
		struct property *p = props[act_old];

		if (rel == KCONF_DIFF_REL_RANGE)
			fired = strcmp(sym_str(d, OLD, p->expr->left.sym), sym_str(d, NEW, p->expr->left.sym)) ||
				strcmp(sym_str(d, OLD, p->expr->right.sym), sym_str(d, NEW, p->expr->right.sym));
		else
			fired = strcmp(default_value(d, OLD, sym, p), default_value(d, NEW, sym, p)) != 0;
	}
	upto = act_old < 0 || act_new < 0 ? (long)np - 1 : (act_old > act_new ? act_old : act_new);
	/* the conditions that turned name the cause; others only if none did */
	for (long i = 0; i <= upto; i++)
		any_turned |= expr_differs(d, props[i]->visible.expr);
	for (long i = 0; i <= upto; i++) {
		struct property *p = props[i];
		struct symvec v = { 0 };

		if (any_turned && !expr_differs(d, p->visible.expr))
			continue;
		changed_in(d, p->visible.expr, &v);
		for (size_t k = 0; k < v.n; k++) {
			if (p->menu && expr_contains_symbol(p->menu->dep, v.v[k])) {
				enum kconf_diff_rel drel;
				const char *file;
				int line;

				locate_dep(d, p->menu, v.v[k], &drel, &file, &line);
				add_cause(d, n, v.v[k], drel, file, line, fired);
			} else {
				add_cause(d, n, v.v[k], rel, p->filename, p->lineno, fired);
			}
		}
		free(v.v);
	}
	for (int k = 0; k < 2; k++) {
		long a = k ? act_new : act_old;
		struct symvec v = { 0 };

		if (a < 0 || (k && act_new == act_old))
			continue;
		changed_in(d, props[a]->expr, &v);
		for (size_t i = 0; i < v.n; i++)
			add_cause(d, n, v.v[i], rel, props[a]->filename, props[a]->lineno, fired);
		free(v.v);
	}
}

static void causes_from_choice(struct dx *d, struct node *n, struct symbol *sym, struct menu *cm)
{
	struct symbol *before = selected_member(d, cm, OLD), *after = selected_member(d, cm, NEW);
	struct symbol **mem;
	struct property **defs;
	size_t nm = choice_members(d, cm, &mem), nd;
	bool fired = before != after;

	/* the member that took or gave up the choice's selection */
	if (sym_tri(d, NEW, sym) == no && after && after != sym)
		add_cause(d, n, after, KCONF_DIFF_REL_CHOICE, cm->filename, cm->lineno, fired);
	if (sym_tri(d, NEW, sym) == yes && before && before != sym)
		add_cause(d, n, before, KCONF_DIFF_REL_CHOICE, cm->filename, cm->lineno, fired);
	for (size_t i = 0; i < nm; i++)
		add_cause(d, n, mem[i], KCONF_DIFF_REL_CHOICE, cm->filename, cm->lineno, false);
	free(mem);
	/* the choice's own dependencies and defaults */
	causes_from_deps(d, n, cm->sym);
	nd = props_of(cm->sym, P_DEFAULT, &defs);
	if (nd)
		causes_from_props(d, n, cm->sym, defs, nd, KCONF_DIFF_REL_DEFAULT);
	free(defs);
}

static void find_causes(struct dx *d, struct node *n)
{
	struct symbol *sym = n->sym;
	struct property **props;
	size_t np, kept = 0;
	bool any_fired = false;

	if (sym_is_choice(sym)) {
		/* 6.1 choice symbol: its mode and pick */
		struct symbol **mem;
		size_t nm;

		causes_from_deps(d, n, sym);
		np = props_of(sym, P_DEFAULT, &props);
		if (np)
			causes_from_props(d, n, sym, props, np, KCONF_DIFF_REL_DEFAULT);
		free(props);
		nm = choice_members(d, sym->menus, &mem);
		for (size_t i = 0; i < nm; i++)
			add_cause(d, n, mem[i], KCONF_DIFF_REL_CHOICE, sym->menus->filename,
				  sym->menus->lineno, true);
		free(mem);
	} else {
		struct menu *cm = choice_menu_of(d, sym);

		causes_from_deps(d, n, sym);
		causes_from_selects(d, n, sym);
		if (cm) {
			causes_from_choice(d, n, sym, cm);
		} else if (uses_defaults(d, OLD, sym) || uses_defaults(d, NEW, sym)) {
			np = props_of(sym, P_DEFAULT, &props);
			if (np)
				causes_from_props(d, n, sym, props, np, KCONF_DIFF_REL_DEFAULT);
			free(props);
		}
		if (sym->type == S_INT || sym->type == S_HEX) {
			np = props_of(sym, P_RANGE, &props);
			if (np)
				causes_from_props(d, n, sym, props, np, KCONF_DIFF_REL_RANGE);
			free(props);
		}
		if (sym->type == S_TRISTATE && d->kc->modules_sym && d->kc->modules_sym->menus)
			add_cause(d, n, d->kc->modules_sym, KCONF_DIFF_REL_MODULES,
				  d->kc->modules_sym->menus->filename,
				  d->kc->modules_sym->menus->lineno, true);
	}
	/* relations whose outcome changed explain it; other changed inputs
	 * only when none did */
	for (size_t i = 0; i < n->ncauses; i++)
		any_fired |= n->causes[i].fired;
	if (any_fired) {
		for (size_t i = 0; i < n->ncauses; i++)
			if (n->causes[i].fired)
				n->causes[kept++] = n->causes[i];
		n->ncauses = kept;
	}
}

/* ---- building the result ---- */

static struct node *new_node(struct dx *d, struct symbol *sym)
{
	struct node *n;

	if (d->node_of[sym->seq] >= 0)
		return &d->nodes[d->node_of[sym->seq]];
	if (d->nnodes == d->capnodes) {
		d->capnodes = d->capnodes ? d->capnodes * 2 : 256;
		d->nodes = xrealloc(d->nodes, d->capnodes * sizeof(*d->nodes));
	}
	n = &d->nodes[d->nnodes];
	memset(n, 0, sizeof(*n));
	n->sym = sym;
	n->change = -1;
	n->prev_node = -1;
	d->node_of[sym->seq] = (long)d->nnodes++;
	return n;
}

static const char *node_name(const struct symbol *sym)
{
	return sym->name ? sym->name : "<choice>";
}

/* A symbol's NEW value for chains: the file's text for symbols of the
 * file, else the computed value (a 6.1 choice: its selected member). */
static const char *new_value_text(struct dx *d, struct symbol *sym)
{
	const struct symstate *st = &d->st[NEW][sym->seq];

	if (sym_is_choice(sym)) {
		if (st->eng_tri == yes && st->eng_choice && st->eng_choice->name)
			return st->eng_choice->name;
		return tri_name(st->eng_tri);
	}
	if (st->file_raw)
		return st->file_raw;
	if (d->node_of[sym->seq] >= 0 && d->nodes[d->node_of[sym->seq]].change >= 0)
		return NULL;	/* a changed line absent from NEW */
	if (!st->written)
		return NULL;
	return is_bool(sym) ? tri_name(st->tri) : st->val;
}

static void fill_step(struct dx *d, struct kconf_diff_step *s, struct symbol *from,
		      struct symbol *to, const struct cause *c)
{
	s->from = node_name(from);
	s->to = node_name(to);
	s->via = c->via ? node_name(c->via) : NULL;
	s->from_value = new_value_text(d, from);
	s->to_value = new_value_text(d, to);
	s->rel = c->rel;
	s->file = c->file;
	s->line = c->line;
}

static const char *show(const char *v)
{
	return v ? v : "(absent)";
}

static void node_add_out(struct node *from, size_t to, size_t cause)
{
	if (from->nout == from->capout) {
		from->capout = from->capout ? from->capout * 2 : 4;
		from->out = xrealloc(from->out, from->capout * sizeof(*from->out));
	}
	from->out[from->nout].node = to;
	from->out[from->nout].cause = cause;
	from->nout++;
}

/* Record the chain from root r to node v (BFS parents) on v's change. */
static void record_chain(struct dx *d, size_t r, size_t v)
{
	struct kconf_diff_change *ch = &d->x->changes[d->nodes[v].change];
	struct kconf_diff_chain *chain;
	size_t len = 0;

	for (long u = (long)v; u != (long)r; u = d->nodes[u].prev_node)
		len++;
	ch->chains = xrealloc(ch->chains, (ch->nchains + 1) * sizeof(*ch->chains));
	chain = &ch->chains[ch->nchains++];
	chain->root = (size_t)d->nodes[r].change;
	chain->nsteps = len;
	chain->steps = pool_alloc(d->pool, len * sizeof(*chain->steps));
	for (long u = (long)v; u != (long)r; u = d->nodes[u].prev_node) {
		struct node *nu = &d->nodes[u];
		const struct cause *c = &nu->causes[nu->prev_cause];

		fill_step(d, &chain->steps[--len], d->nodes[nu->prev_node].sym, nu->sym, c);
	}
}

static void spread_from_root(struct dx *d, size_t r)
{
	size_t *queue = xmalloc(d->nnodes * sizeof(*queue));
	size_t head = 0, tail = 0;

	d->gen++;
	d->nodes[r].seen = d->gen;
	queue[tail++] = r;
	while (head < tail) {
		struct node *u = &d->nodes[queue[head++]];

		for (size_t k = 0; k < u->nout; k++) {
			size_t v = u->out[k].node;
			struct node *nv = &d->nodes[v];

			if (nv->seen == d->gen || nv->state != N_CANDIDATE)
				continue;
			nv->seen = d->gen;
			nv->prev_node = (long)(u - d->nodes);
			nv->prev_cause = u->out[k].cause;
			nv->reached = true;
			queue[tail++] = v;
			if (nv->change >= 0)
				record_chain(d, r, v);
		}
	}
	free(queue);
}

/* Constants, and words no entry defines (numbers: their value is their name). */
static bool fixed_value(const struct dx *d, const struct symbol *sym)
{
	return is_const(d, sym) || (!sym->menus && sym->type == S_UNKNOWN);
}

static bool only_constants(const struct dx *d, const struct expr *e)
{
	if (!e)
		return true;
	switch (e->type) {
	case E_AND:
	case E_OR:
		return only_constants(d, e->left.expr) && only_constants(d, e->right.expr);
	case E_NOT:
		return only_constants(d, e->left.expr);
	case E_SYMBOL:
		return fixed_value(d, e->left.sym);
	default:
		return fixed_value(d, e->left.sym) && fixed_value(d, e->right.sym);
	}
}

/*
 * A fact of the environment has a value written as a constant, the form a
 * $(...) probe or an architecture's "def_bool y" takes once expanded; a
 * symbol that only follows selects or other symbols is no fact.
 */
static bool has_constant_default(const struct dx *d, const struct symbol *sym)
{
	for (const struct property *p = sym->prop; p; p = p->next)
		if (p->type == P_DEFAULT && only_constants(d, p->expr))
			return true;
	return false;
}

static const char *user_text(const struct symbol *sym, const struct symstate *st)
{
	if (is_bool(sym))
		return tri_name(st->user_tri);
	return st->user_val ? st->user_val : "";
}

static void classify(struct dx *d, struct node *n)
{
	struct symbol *sym = n->sym;
	const struct symstate *o = &d->st[OLD][sym->seq], *nw = &d->st[NEW][sym->seq];
	const char *eng_new, *eng_old;
	bool ok_new = file_agrees(d, NEW, sym, &eng_new);
	bool ok_old = file_agrees(d, OLD, sym, &eng_old);
	bool settable = has_prompt(sym);

	if (settable && !ok_new) {
		n->state = N_DEAD;
		n->reason = pool_printf(d->pool, "NEW has %s; this tree gives %s from NEW",
					show(nw->file_raw), show(eng_new));
		return;
	}
	if (settable && is_user_root(d, sym)) {
		n->state = N_ROOT;
		n->kind = KCONF_DIFF_USER;
		if (!nw->has_user)
			n->reason = pool_printf(d->pool, "the user's value was removed (was %s)",
						user_text(sym, o));
		else if (!o->has_user)
			n->reason = pool_printf(d->pool, "the user set it (%s; no value before)",
						user_text(sym, nw));
		else
			n->reason = pool_printf(d->pool, "the user's value changed (%s -> %s)",
						user_text(sym, o), user_text(sym, nw));
		return;
	}
	find_causes(d, n);
	if (n->ncauses) {
		if (!ok_new) {
			n->state = N_DEAD;
			n->reason = pool_printf(d->pool, "NEW has %s; this tree gives %s from NEW",
						show(nw->file_raw), show(eng_new));
		}
		return;
	}
	if (!settable && has_constant_default(d, sym)) {
		n->state = N_ROOT;
		n->kind = KCONF_DIFF_FACT;
		if (ok_new)
			n->reason = pool_printf(d->pool, "not user-settable and no input changed: "
						"a fact of the environment");
		else
			n->reason = pool_printf(d->pool, "not user-settable and no input changed: "
						"a fact of the environment (this tree gives %s)",
						show(eng_new));
		return;
	}
	n->state = N_DEAD;
	if (!ok_old)
		n->reason = pool_printf(d->pool, "no input changed; OLD has %s but this tree gives %s "
					"from OLD", show(o->file_raw), show(eng_old));
	else if (!settable)
		n->reason = pool_printf(d->pool, "no input changed and it has no value of its own");
	else
		n->reason = pool_printf(d->pool, "no input changed and the user's value does not "
					"decide it");
}

static void dx_free(struct dx *d)
{
	for (int s = 0; s < 2; s++) {
		free(d->st[s]);
		kconf_values_free(d->vals[s]);
	}
	free(d->node_of);
	free(d->choice_order);
	for (size_t i = 0; i < d->nnodes; i++) {
		free(d->nodes[i].causes);
		free(d->nodes[i].out);
	}
	free(d->nodes);
	while (d->files) {
		struct textfile *tf = d->files;
		d->files = tf->next;
		free(tf->text);
		free(tf->lines);
		free(tf);
	}
}

void kconf_diff_explain_free(struct kconf_diff_explain *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->count; i++)
		free(x->changes[i].chains);
	free(x->changes);
	if (x->priv) {
		pool_free(&x->priv->pool);
		free(x->priv);
	}
	free(x);
}

/* The analysis proper; kc_fatal() may leave it through kc->fatal_jmp. */
static int explain_run(struct dx *d, const char *old_config, const char *new_config)
{
	struct kconf *kc = d->kc;
	struct kconf_diff *diff;
	struct kconf_diff_explain *x = d->x;

	diff = kconf_diff_values(d->vals[OLD], d->vals[NEW]);
	x->count = diff->count;
	x->changes = xcalloc(diff->count ? diff->count : 1, sizeof(*x->changes));
	for (size_t i = 0; i < diff->count; i++) {
		x->changes[i].name = pool_strdup(d->pool, diff->lines[i].name);
		x->changes[i].old_value = pool_strdup(d->pool, diff->lines[i].old_value);
		x->changes[i].new_value = pool_strdup(d->pool, diff->lines[i].new_value);
	}
	kconf_diff_free(diff);

	/* both files through the engine; NEW stays loaded */
	d->nsym = kc->nr_all;
	for (int s = 0; s < 2; s++)
		d->st[s] = xcalloc(d->nsym ? d->nsym : 1, sizeof(*d->st[s]));
	save_choice_orders(d);
	make_fresh(d);
	if (conf_read(kc, old_config))
		return -1;
	compute_like_write(d, OLD);
	snapshot(d, OLD);
	make_fresh(d);
	if (conf_read(kc, new_config))
		return -1;
	compute_like_write(d, NEW);
	if (kc->nr_all != d->nsym)
		return -1;	/* reading never creates symbols */
	snapshot(d, NEW);
	overlay_file(d, OLD);
	overlay_file(d, NEW);

	/* nodes: every changed line of a symbol of the tree, and every symbol
	 * whose value changed (intermediate steps such as 6.1 choices) */
	d->node_of = xmalloc(d->nsym * sizeof(*d->node_of));
	for (size_t i = 0; i < d->nsym; i++)
		d->node_of[i] = -1;
	for (size_t i = 0; i < x->count; i++) {
		struct kconf_diff_change *ch = &x->changes[i];
		struct symbol *sym = sym_find(kc, ch->name);

		if (!is_defined(d, sym)) {
			ch->kind = KCONF_DIFF_UNKNOWN;
			continue;
		}
		ch->sym = sym;
		new_node(d, sym)->change = (long)i;
	}
	for (size_t i = 0; i < d->nsym; i++)
		if (sym_changed(d, kc->all_syms[i]))
			new_node(d, kc->all_syms[i]);

	for (size_t i = 0; i < d->nnodes; i++) {
		struct node *n = &d->nodes[i];

		if (n->change >= 0) {
			classify(d, n);
		} else {
			find_causes(d, n);
			if (!n->ncauses)
				n->state = N_DEAD;
		}
	}
	for (size_t i = 0; i < d->nnodes; i++)
		for (size_t k = 0; k < d->nodes[i].ncauses; k++)
			node_add_out(node_for(d, d->nodes[i].causes[k].from), i, k);

	/* chains from roots, in the order of the changes */
	for (size_t i = 0; i < x->count; i++) {
		struct node *n = x->changes[i].sym ? node_for(d, x->changes[i].sym) : NULL;

		if (n && n->state == N_ROOT)
			spread_from_root(d, (size_t)(n - d->nodes));
	}

	for (size_t i = 0; i < x->count; i++) {
		struct kconf_diff_change *ch = &x->changes[i];
		struct node *n;

		if (!ch->sym) {
			x->nunknown++;
			continue;
		}
		n = node_for(d, ch->sym);
		ch->reason = n->reason;
		if (n->state == N_ROOT) {
			ch->kind = n->kind;
			x->nroots++;
			continue;
		}
		if (n->ncauses) {
			ch->ncauses = n->ncauses;
			ch->causes = pool_alloc(d->pool, n->ncauses * sizeof(*ch->causes));
			for (size_t k = 0; k < n->ncauses; k++)
				fill_step(d, &ch->causes[k], n->causes[k].from, n->sym, &n->causes[k]);
		}
		if (n->state == N_CANDIDATE && n->reached) {
			ch->kind = KCONF_DIFF_CONSEQUENCE;
			x->nconsequences++;
			continue;
		}
		ch->kind = KCONF_DIFF_UNEXPLAINED;
		x->nunexplained++;
		if (n->state == N_CANDIDATE) {
			struct kstr ks;

			kstr_init(&ks);
			kstr_append(&ks, "follows from ");
			for (size_t k = 0; k < n->ncauses && k < 4; k++)
				kstr_printf(&ks, "%s%s", k ? ", " : "", node_name(n->causes[k].from));
			if (n->ncauses > 4)
				kstr_printf(&ks, " and %zu more", n->ncauses - 4);
			kstr_append(&ks, ", which no root explains");
			ch->reason = pool_strdup(d->pool, ks.s);
			kstr_free(&ks);
		}
	}
	return 0;
}

struct kconf_diff_explain *kconf_diff_explain(struct kconf *kc, const char *old_config,
					      const char *new_config)
{
	struct dx d;
	struct kconf_diff_explain *x;
	FILE *saved_out = kc->out, *saved_err = kc->err, *null;
	char *error = NULL;
	jmp_buf jb;
	jmp_buf *saved_jmp = kc->fatal_jmp;
	int rc;

	memset(&d, 0, sizeof(d));
	d.kc = kc;
	for (int s = 0; s < 2; s++) {
		d.vals[s] = kconf_values_read(s == OLD ? old_config : new_config, &error);
		if (!d.vals[s]) {
			fprintf(kc->err, "%s\n", error);
			free(error);
			dx_free(&d);
			return NULL;
		}
	}
	x = xcalloc(1, sizeof(*x));
	x->priv = xcalloc(1, sizeof(*x->priv));
	d.x = x;
	d.pool = &x->priv->pool;

	/* the engine's warnings while reading are not this command's output */
	null = fopen("/dev/null", "w");
	if (null)
		kc->out = kc->err = null;
	if (setjmp(jb)) {
		rc = -1;
	} else {
		kc->fatal_jmp = &jb;
		rc = explain_run(&d, old_config, new_config);
	}
	kc->fatal_jmp = saved_jmp;
	kc->out = saved_out;
	kc->err = saved_err;
	if (null)
		fclose(null);
	dx_free(&d);
	if (rc) {
		fprintf(kc->err, "kconf_diff_explain: cannot read %s or %s through the engine\n",
			old_config, new_config);
		kconf_diff_explain_free(x);
		return NULL;
	}
	return x;
}

struct kconf_diff_explain *kconf_diff_explain_values(struct kconf *kc, const struct kconf_values *old,
						     const struct kconf_values *new_)
{
	const char *tmp = getenv("TMPDIR");
	char *names[2];
	struct kconf_diff_explain *x = NULL;
	int ok = 1;

	for (int s = 0; s < 2; s++) {
		int fd;

		names[s] = format_error("%s/kconf-diff-XXXXXX", tmp && *tmp ? tmp : "/tmp");
		fd = mkstemp(names[s]);
		if (fd < 0 || (close(fd), kconf_values_write(s == OLD ? old : new_, names[s]) != 0)) {
			fprintf(kc->err, "kconf_diff_explain_values: %s: %s\n", names[s], strerror(errno));
			ok = 0;
		}
	}
	if (ok)
		x = kconf_diff_explain(kc, names[OLD], names[NEW]);
	for (int s = 0; s < 2; s++) {
		unlink(names[s]);
		free(names[s]);
	}
	return x;
}
