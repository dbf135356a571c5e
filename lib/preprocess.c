/* SPDX-License-Identifier: MIT */
/*
 * The Kconfig macro language: $(var), $(func,args...), user-defined
 * functions with $(1).., built-ins and environment variable references.
 *
 * Expansion happens while the lexer reads the files, so every diagnostic is
 * located at the lexer's position (kc->lex_filename / kc->lex_lineno).
 *
 * Text is first parsed into pieces (literal text, references with their
 * name and arguments, see struct piece), then evaluated.  The reading of
 * the text is the kernel's and depends on the text alone, so a recursive
 * variable is parsed once, where it is defined, and each use only
 * evaluates it: the kernel re-reads the value (and every nested level of
 * it) at each use.
 *
 * Intermediate strings of an expansion, and the parse of one-off text, live
 * in kc->pp_scratch, which is released when an outermost expansion returns
 * (its result is copied to the heap) and the block is mostly used, or,
 * after a fatal error, by preprocess_cleanup().
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "parser_internal.h"

#define MAX_FUNC_ARGS 16
#define MAX_EXPANSION_DEPTH 1000
#define SHELL_BUF 4096

struct piece;

struct variable {
	char *name;
	size_t len;		/* of the name */
	char *value;
	struct piece *parsed;	/* VAR_RECURSIVE: the value, parsed (in kc->arena) */
	enum variable_flavor flavor;
	int busy;		/* how many expansions of it are in progress */
	uint32_t hash;		/* hash_name() of the name */
	struct variable *next;	/* hash chain */
};

struct var_table {
	struct variable **bucket;
	size_t nbuckets, n;
};

static const char *lex_file(struct kconf *kc)
{
	return kc->lex_filename ? kc->lex_filename : "";
}

/* Print "file:line: msg" and stop, like the kernel's exit(1). */
static void KC_PRINTF(2, 3) KC_NORETURN pp_die(struct kconf *kc, const char *fmt, ...)
{
	va_list ap;

	fprintf(kc->err, "%s:%d: ", lex_file(kc), kc->lex_lineno);
	va_start(ap, fmt);
	vfprintf(kc->err, fmt, ap);
	va_end(ap);
	fputc('\n', kc->err);
	kc_fatal(kc, "%s", "");
}

/* ---- scratch strings ---- */

struct sbuf {
	char *s;
	size_t len, cap;
};

static char *sdup(struct kconf *kc, const char *s, size_t n)
{
	return arena_strndup(&kc->pp_scratch, s, n);
}

static void sb_add(struct kconf *kc, struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		char *ns;

		while (cap < b->len + n + 1)
			cap *= 2;
		ns = arena_alloc(&kc->pp_scratch, cap);
		if (b->len)
			memcpy(ns, b->s, b->len);
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void enter(struct kconf *kc)
{
	kc->macro_depth++;
}

/*
 * Leave an entry point: copy the result out of the scratch arena.  The
 * arena is kept until its block is mostly used: a fresh block for every
 * expansion cost a malloc and its page faults each time.
 */
static char *leave(struct kconf *kc, const char *res)
{
	char *out = xstrdup(res);
	struct arena *a = &kc->pp_scratch;

	if (--kc->macro_depth == 0 && (size_t)(a->end - a->cur) < 64 * 1024)
		arena_free_all(a);
	return out;
}

void preprocess_cleanup(struct kconf *kc)
{
	kc->macro_depth = 0;
	kc->pp_wait_probes = 0;
	kc->pp_stop_probes = 0;
	arena_free_all(&kc->pp_scratch);
}

/* ---- environment ---- */

static const char *env_value(struct kconf *kc, const char *name)
{
	struct env_entry *e;
	const char *val;

	if (name[0] == '\0')
		return NULL;
	for (e = kc->env_head; e; e = e->next)
		if (strcmp(e->name, name) == 0)
			return e->value;
	val = kc_getenv(kc, name);
	if (!val)
		return NULL;
	/* remember it: auto.conf.cmd re-runs Kconfig when it changes */
	e = arena_alloc(&kc->arena, sizeof(*e));
	e->name = arena_strdup(&kc->arena, name);
	e->value = arena_strdup(&kc->arena, val);
	if (kc->env_tail)
		kc->env_tail->next = e;
	else
		kc->env_head = e;
	kc->env_tail = e;
	return e->value;
}

void env_write_dep(struct kconf *kc, struct kstr *out)
{
	struct env_entry *e;

	for (e = kc->env_head; e; e = e->next) {
		if (kc->kver >= KV(6, 12))
			kstr_printf(out, "\nifneq \"$(%s)\" \"%s\"\n$(autoconfig): FORCE\nendif\n",
				    e->name, e->value);
		else
			kstr_printf(out, "ifneq \"$(%s)\" \"%s\"\n%s: FORCE\nendif\n",
				    e->name, e->value, conf_get_autoconfig_name(kc));
	}
	/* the kernel consumes the list while writing it */
	kc->env_head = kc->env_tail = NULL;
}

/* ---- built-in functions ---- */

static const char *fn_error_if(struct kconf *kc, int argc, char **argv)
{
	(void)argc;
	if (strcmp(argv[0], "y") == 0)
		pp_die(kc, "%s", argv[1]);
	return "";
}

static const char *fn_filename(struct kconf *kc, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return lex_file(kc);
}

static const char *fn_info(struct kconf *kc, int argc, char **argv)
{
	(void)argc;
	fprintf(kc->out, "%s\n", argv[0]);
	return "";
}

static const char *fn_lineno(struct kconf *kc, int argc, char **argv)
{
	char num[24];

	(void)argc;
	(void)argv;
	snprintf(num, sizeof(num), "%d", kc->lex_lineno);
	return sdup(kc, num, strlen(num));
}

size_t shell_output_text(char *out, size_t n)
{
	if (n == SHELL_BUF)
		n--;
	while (n > 0 && out[n - 1] == '\n')
		n--;
	out[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (out[i] == '\n')
			out[i] = ' ';
	return strlen(out);
}

static const char *fn_shell(struct kconf *kc, int argc, char **argv)
{
	char out[SHELL_BUF];
	const char *cmd = argv[0];
	size_t n;
	FILE *pipe;

	(void)argc;
	kc->shell_calls++;
	fflush(kc->out);
	fflush(kc->err);
	if (probe_cache_enabled(kc)) {
		long got = probe_shell(kc, cmd, out);

		if (got < 0) {
			fprintf(kc->err, "%s: %s\n", cmd, strerror(errno));
			kc_fatal(kc, "%s", "");
		}
		n = (size_t)got;
		goto got_output;
	}
	pipe = popen(cmd, "r");
	if (!pipe) {
		fprintf(kc->err, "%s: %s\n", cmd, strerror(errno));
		kc_fatal(kc, "%s", "");
	}
	n = fread(out, 1, sizeof(out), pipe);
	if (pclose(pipe) == -1) {
		fprintf(kc->err, "%s: %s\n", cmd, strerror(errno));
		kc_fatal(kc, "%s", "");
	}
got_output:
	n = shell_output_text(out, n);
	return sdup(kc, out, n);
}

static const char *fn_warning_if(struct kconf *kc, int argc, char **argv)
{
	(void)argc;
	if (strcmp(argv[0], "y") == 0)
		fprintf(kc->err, "%s:%d: %s\n", lex_file(kc), kc->lex_lineno, argv[1]);
	return "";
}

struct builtin {
	const char *name;
	int min_args, max_args;
	const char *(*fn)(struct kconf *kc, int argc, char **argv);
};

static const struct builtin builtins[] = {
	{ "error-if", 2, 2, fn_error_if },
	{ "filename", 0, 0, fn_filename },
	{ "info", 1, 1, fn_info },
	{ "lineno", 0, 0, fn_lineno },
	{ "shell", 1, 1, fn_shell },
	{ "warning-if", 2, 2, fn_warning_if },
};

static const char *call_builtin(struct kconf *kc, const char *name, int argc, char **argv)
{
	size_t i;

	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++) {
		const struct builtin *b = &builtins[i];

		if (strcmp(b->name, name) != 0)
			continue;
		if (argc < b->min_args)
			pp_die(kc, "too few function arguments passed to '%s'", name);
		if (argc > b->max_args)
			pp_die(kc, "too many function arguments passed to '%s'", name);
		return b->fn(kc, argc, argv);
	}
	return NULL;
}

/* ---- parsed text ---- */

enum piece_kind {
	PIECE_TEXT,		/* literal text */
	PIECE_REF,		/* $(name,arg,...) */
	PIECE_UNTERMINATED,	/* a '$(' without its ')': an error when reached */
};

/*
 * One piece of parsed text; a text is a list of them.  The reading is the
 * kernel's: a reference ends at the ')' that balances its '(' (every
 * parenthesis counts), and its inside is split into name and arguments at
 * the commas outside any inner parentheses.  A reference's inner
 * references therefore end inside its own argument, so only an outermost
 * one can be unterminated.
 */
struct piece {
	struct piece *next;
	enum piece_kind kind;
	const char *text;	/* TEXT: NUL-terminated; UNTERMINATED: from after "$(" */
	size_t len;
	/* PIECE_REF: */
	unsigned long arg;	/* "$(N)": what strtoul() reads, when it reads it all */
	int nparts;		/* name + arguments; > MAX_FUNC_ARGS: error when evaluated */
	struct piece **parts;	/* nparts lists */
};

static struct piece *parse_range(struct arena *a, const char *s, const char *end);

static void add_piece(struct piece ***tail, struct piece *p)
{
	**tail = p;
	*tail = &p->next;
}

static void add_text(struct arena *a, struct piece ***tail, const char *s, size_t n)
{
	struct piece *p;

	if (!n)
		return;
	p = arena_alloc(a, sizeof(*p));
	p->kind = PIECE_TEXT;
	p->text = arena_strndup(a, s, n);
	p->len = n;
	add_piece(tail, p);
}

/*
 * The number a reference names, as the kernel's strtoul() check reads it:
 * "$(1)" is the first argument of the user function being expanded, and
 * so are "$( 1)" and "$(+01)".  0 when the inside is not all number.
 */
static unsigned long arg_number(const char *s, size_t n)
{
	char small[32], *copy;
	char *end;
	unsigned long num;

	/* strtoul reads only white space, a sign and digits */
	if (!n || !strchr("0123456789 \t\n\v\f\r+-", s[0]))
		return 0;
	copy = n < sizeof(small) ? small : xmalloc(n + 1);
	memcpy(copy, s, n);
	copy[n] = '\0';
	num = strtoul(copy, &end, 10);
	if (*end != '\0')
		num = 0;
	if (copy != small)
		free(copy);
	return num;
}

/*
 * The reference whose inside starts at 's' (after "$("); returns where the
 * text goes on after its ')', or NULL when it has none.
 */
static const char *parse_ref(struct arena *a, struct piece ***tail, const char *s,
			     const char *end)
{
	const char *start[MAX_FUNC_ARGS + 1], *q;
	struct piece *p = arena_alloc(a, sizeof(*p));
	int depth = 0, n = 1;

	add_piece(tail, p);
	start[0] = s;
	for (q = s; q < end; q++) {
		if (*q == '(') {
			depth++;
		} else if (*q == ')') {
			if (depth == 0)
				break;
			depth--;
		} else if (*q == ',' && depth == 0 && n <= MAX_FUNC_ARGS) {
			start[n++] = q + 1;	/* one part too many is an error when evaluated */
		}
	}
	if (q == end) {
		p->kind = PIECE_UNTERMINATED;
		p->text = s;
		p->len = (size_t)(end - s);
		return NULL;
	}
	p->kind = PIECE_REF;
	p->arg = arg_number(s, (size_t)(q - s));
	p->nparts = n;
	if (n > MAX_FUNC_ARGS)
		return q + 1;
	p->parts = arena_alloc(a, (size_t)n * sizeof(*p->parts));
	for (int i = 0; i < n; i++)
		p->parts[i] = parse_range(a, start[i], i + 1 < n ? start[i + 1] - 1 : q);
	return q + 1;
}

static bool word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

/*
 * Parse from *str up to 'end', or with 'token' up to the first character
 * outside a reference that cannot be in a word; *str is set to where it
 * stopped.  A '$' without '(' is literal.
 */
static struct piece *parse_text(struct arena *a, const char **str, const char *end, bool token)
{
	const char *p = *str, *lit = p;
	struct piece *head = NULL, **tail = &head;

	while (p < end) {
		if (*p == '$') {
			if (p + 1 < end && p[1] == '(') {
				add_text(a, &tail, lit, (size_t)(p - lit));
				p = parse_ref(a, &tail, p + 2, end);
				if (!p) {
					p = end;	/* the error ends it */
					lit = p;
					break;
				}
				lit = p;
				continue;
			}
		} else if (token && !word_char(*p)) {
			break;
		}
		p++;
	}
	add_text(a, &tail, lit, (size_t)(p - lit));
	*str = p;
	return head;
}

static struct piece *parse_range(struct arena *a, const char *s, const char *end)
{
	return parse_text(a, &s, end, false);
}

/* ---- variables ---- */

static struct variable *var_find(struct kconf *kc, const char *name, size_t len, uint32_t hash)
{
	struct var_table *t = kc->variables;
	struct variable *v;

	if (!t)
		return NULL;
	for (v = t->bucket[hash & (t->nbuckets - 1)]; v; v = v->next)
		if (v->hash == hash && v->len == len && memcmp(v->name, name, len) == 0)
			return v;
	return NULL;
}

static struct variable *var_new(struct kconf *kc, const char *name, size_t len, uint32_t hash)
{
	struct var_table *t = kc->variables;
	struct variable *v;

	if (!t)
		t = kc->variables = xcalloc(1, sizeof(*t));
	if (t->n >= t->nbuckets) {
		size_t nb = t->nbuckets ? t->nbuckets * 2 : 64;
		struct variable **bk = xcalloc(nb, sizeof(*bk));

		for (size_t i = 0; i < t->nbuckets; i++) {
			struct variable *next;

			for (v = t->bucket[i]; v; v = next) {
				next = v->next;
				v->next = bk[v->hash & (nb - 1)];
				bk[v->hash & (nb - 1)] = v;
			}
		}
		free(t->bucket);
		t->bucket = bk;
		t->nbuckets = nb;
	}
	v = xcalloc(1, sizeof(*v));
	v->name = xstrndup(name, len);
	v->len = len;
	v->hash = hash;
	v->next = t->bucket[hash & (t->nbuckets - 1)];
	t->bucket[hash & (t->nbuckets - 1)] = v;
	t->n++;
	return v;
}

static const char *eval_list(struct kconf *kc, const struct piece *list, int argc, char **argv);

static const char *var_expand(struct kconf *kc, const char *name, int argc, char **argv)
{
	size_t len = strlen(name);
	struct variable *v = var_find(kc, name, len, hash_name(name, len));
	const char *res;

	if (!v)
		return NULL;
	if (argc == 0 && v->busy)
		pp_die(kc, "Recursive variable '%s' references itself (eventually)", name);
	if (v->busy > MAX_EXPANSION_DEPTH)
		pp_die(kc, "Too deep recursive expansion");
	if (v->flavor != VAR_RECURSIVE)
		return v->value;	/* no assignment happens while expanding */
	v->busy++;
	res = eval_list(kc, v->parsed, argc, argv);
	v->busy--;
	return res;
}

/*
 * The value of a recursive variable is read once, here (see the top
 * comment).  A redefinition leaves the old parse in kc->arena: that is
 * bounded by the text read.
 */
static void var_set_value(struct kconf *kc, struct variable *v, char *value)
{
	free(v->value);
	v->value = value;
	v->parsed = NULL;
	if (v->flavor == VAR_RECURSIVE)
		v->parsed = parse_range(&kc->arena, value, value + strlen(value));
}

void variable_add(struct kconf *kc, const char *name, const char *value,
		  enum variable_flavor flavor)
{
	size_t len = strlen(name);
	uint32_t hash = hash_name(name, len);
	struct variable *v = var_find(kc, name, len, hash);
	bool append = false;
	char *val;

	if (v) {
		if (flavor == VAR_APPEND) {
			/* += keeps the flavor the variable already has */
			flavor = v->flavor;
			append = true;
		} else {
			/*
			 * The kernel frees the old value before expanding the new
			 * one, so 'S := $(S) b' sees S as empty; so do we.
			 */
			v->flavor = VAR_SIMPLE;
			var_set_value(kc, v, xstrdup(""));
		}
	} else {
		/* += on an undefined variable makes it recursive */
		if (flavor == VAR_APPEND)
			flavor = VAR_RECURSIVE;
		v = var_new(kc, name, len, hash);
		/* 'V := $(V)x' on a new V sees it empty (the kernel reads garbage) */
		v->flavor = VAR_SIMPLE;
		v->value = xstrdup("");
	}

	if (flavor == VAR_SIMPLE) {
		/* probes here feed later commands: see kc->pp_wait_probes */
		kc->pp_wait_probes++;
		val = expand_string(kc, value);
		kc->pp_wait_probes--;
	} else
		val = xstrdup(value);

	v->flavor = flavor;
	if (append) {
		size_t a = strlen(v->value), b = strlen(val);
		char *joined = xmalloc(a + b + 2);

		memcpy(joined, v->value, a);
		joined[a] = ' ';
		memcpy(joined + a + 1, val, b + 1);
		free(val);
		val = joined;
	}
	var_set_value(kc, v, val);
}

void variable_all_del(struct kconf *kc)
{
	struct var_table *t = kc->variables;

	if (!t)
		return;
	for (size_t i = 0; i < t->nbuckets; i++) {
		struct variable *v, *next;

		for (v = t->bucket[i]; v; v = next) {
			next = v->next;
			free(v->name);
			free(v->value);
			free(v);
		}
	}
	free(t->bucket);
	free(t);
	kc->variables = NULL;
}

/* ---- evaluation ---- */

/* The pre-pass's TEXT with the results it left pending (kc->pp_futures) filled in. */
static const char *spec_known(struct kconf *kc, const char *text)
{
	struct kstr ks;

	kstr_init(&ks);
	if (probe_spec_resolve(kc, text, &ks))
		text = sdup(kc, ks.s, ks.len);
	kstr_free(&ks);
	return text;
}

static const char *eval_ref(struct kconf *kc, const struct piece *p, int argc, char **argv)
{
	char *args[MAX_FUNC_ARGS];
	const char *name, *res;
	int nargs = p->nparts - 1, stops;

	/* $(1), $(2)...: arguments of the current user function */
	if (p->arg > 0 && p->arg <= (unsigned long)argc)
		return argv[p->arg - 1];
	if (p->nparts > MAX_FUNC_ARGS)
		pp_die(kc, "too many function arguments");

	name = eval_list(kc, p->parts[0], argc, argv);
	if (kc->pp_futures)
		name = spec_known(kc, name);
	/* whether parsing goes on depends on an error-if condition */
	stops = name[0] == 'e' && strcmp(name, "error-if") == 0;
	kc->pp_wait_probes += stops;
	kc->pp_stop_probes += stops;
	for (int i = 0; i < nargs; i++)
		args[i] = (char *)eval_list(kc, p->parts[i + 1], argc, argv);
	kc->pp_wait_probes -= stops;
	kc->pp_stop_probes -= stops;
	if (kc->pp_futures && stops && nargs > 0)
		args[0] = (char *)spec_known(kc, args[0]);

	res = var_expand(kc, name, nargs, args);
	if (!res)
		res = call_builtin(kc, name, nargs, args);
	if (!res && nargs == 0)
		res = env_value(kc, name);
	return res ? res : "";
}

static const char *eval_piece(struct kconf *kc, const struct piece *p, int argc, char **argv)
{
	switch (p->kind) {
	case PIECE_TEXT:
		return p->text;
	case PIECE_REF:
		return eval_ref(kc, p, argc, argv);
	case PIECE_UNTERMINATED:
		break;
	}
	pp_die(kc, "unterminated reference to '%.*s': missing ')'", (int)p->len, p->text);
}

/* The value of a list; a single piece's own string when it is alone (no copy). */
static const char *eval_list(struct kconf *kc, const struct piece *list, int argc, char **argv)
{
	struct sbuf out = { NULL, 0, 0 };

	if (!list)
		return "";
	if (!list->next)
		return eval_piece(kc, list, argc, argv);
	for (; list; list = list->next) {
		const char *s = eval_piece(kc, list, argc, argv);

		sb_add(kc, &out, s, list->kind == PIECE_TEXT ? list->len : strlen(s));
	}
	return out.s;
}

char *expand_string(struct kconf *kc, const char *in)
{
	const char *end = in + strlen(in);

	if (!memchr(in, '$', (size_t)(end - in)))
		return xstrdup(in);
	enter(kc);
	return leave(kc, eval_list(kc, parse_text(&kc->pp_scratch, &in, end, false), 0, NULL));
}

/* '*str' points just after a '$': expand the reference there, step past it. */
char *expand_dollar(struct kconf *kc, const char **str)
{
	const char *p = *str;
	struct piece *list = NULL, **tail = &list;
	const char *next;

	if (*p != '(')
		return xstrdup("$");	/* '$' alone is literal */
	enter(kc);
	next = parse_ref(&kc->pp_scratch, &tail, p + 1, p + strlen(p));
	if (next)
		*str = next;
	return leave(kc, eval_list(kc, list, 0, NULL));
}

char *expand_one_token(struct kconf *kc, const char **str)
{
	const char *in = *str;
	struct piece *list;

	enter(kc);
	list = parse_text(&kc->pp_scratch, str, in + strlen(in), true);
	return leave(kc, eval_list(kc, list, 0, NULL));
}
