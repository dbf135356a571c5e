/* SPDX-License-Identifier: MIT */
/*
 * The Kconfig macro language: $(var), $(func,args...), user-defined
 * functions with $(1).., built-ins and environment variable references.
 *
 * Expansion happens while the lexer reads the files, so every diagnostic is
 * located at the lexer's position (kc->lex_filename / kc->lex_lineno).
 *
 * Intermediate strings of an expansion live in kc->pp_scratch, which is
 * released when the outermost expansion returns (its result is copied to
 * the heap) or, after a fatal error, by preprocess_cleanup().
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

struct variable {
	char *name;
	char *value;
	enum variable_flavor flavor;
	int busy;		/* how many expansions of it are in progress */
	struct variable *next;
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

/* Leave an entry point: copy the result out of the scratch arena. */
static char *leave(struct kconf *kc, const char *res)
{
	char *out = xstrdup(res);

	if (--kc->macro_depth == 0)
		arena_free_all(&kc->pp_scratch);
	return out;
}

void preprocess_cleanup(struct kconf *kc)
{
	kc->macro_depth = 0;
	kc->pp_wait_probes = 0;
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

static const char *fn_shell(struct kconf *kc, int argc, char **argv)
{
	char out[SHELL_BUF];
	const char *cmd = argv[0];
	size_t n, i;
	FILE *pipe;

	(void)argc;
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
	if (n == sizeof(out))
		n--;
	while (n > 0 && out[n - 1] == '\n')
		n--;
	out[n] = '\0';
	for (i = 0; i < n; i++)
		if (out[i] == '\n')
			out[i] = ' ';
	return sdup(kc, out, strlen(out));
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

/* ---- variables ---- */

static struct variable *var_find(struct kconf *kc, const char *name)
{
	struct variable *v;

	for (v = kc->variables; v; v = v->next)
		if (strcmp(v->name, name) == 0)
			return v;
	return NULL;
}

static const char *expand_with_args(struct kconf *kc, const char *in, int argc, char **argv);

static const char *var_expand(struct kconf *kc, const char *name, int argc, char **argv)
{
	struct variable *v = var_find(kc, name);
	const char *res;

	if (!v)
		return NULL;
	if (argc == 0 && v->busy)
		pp_die(kc, "Recursive variable '%s' references itself (eventually)", name);
	if (v->busy > MAX_EXPANSION_DEPTH)
		pp_die(kc, "Too deep recursive expansion");
	v->busy++;
	if (v->flavor == VAR_RECURSIVE)
		res = expand_with_args(kc, v->value, argc, argv);
	else
		res = sdup(kc, v->value, strlen(v->value));
	v->busy--;
	return res;
}

void variable_add(struct kconf *kc, const char *name, const char *value,
		  enum variable_flavor flavor)
{
	struct variable *v = var_find(kc, name);
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
			free(v->value);
			v->value = xstrdup("");
		}
	} else {
		struct variable **pp = &kc->variables;

		/* += on an undefined variable makes it recursive */
		if (flavor == VAR_APPEND)
			flavor = VAR_RECURSIVE;
		v = xcalloc(1, sizeof(*v));
		v->name = xstrdup(name);
		/* 'V := $(V)x' on a new V sees it empty (the kernel reads garbage) */
		v->value = xstrdup("");
		while (*pp)
			pp = &(*pp)->next;
		*pp = v;
	}
	v->flavor = flavor;

	if (flavor == VAR_SIMPLE) {
		/* probes here feed later commands: see kc->pp_wait_probes */
		kc->pp_wait_probes++;
		val = expand_string(kc, value);
		kc->pp_wait_probes--;
	} else
		val = xstrdup(value);

	if (append && v->value) {
		size_t a = strlen(v->value), b = strlen(val);
		char *joined = xmalloc(a + b + 2);
		memcpy(joined, v->value, a);
		joined[a] = ' ';
		memcpy(joined + a + 1, val, b + 1);
		free(v->value);
		free(val);
		v->value = joined;
	} else {
		free(v->value);
		v->value = val;
	}
}

void variable_all_del(struct kconf *kc)
{
	struct variable *v = kc->variables, *next;

	while (v) {
		next = v->next;
		free(v->name);
		free(v->value);
		free(v);
		v = next;
	}
	kc->variables = NULL;
}

/* ---- expansion ---- */

/*
 * Evaluate the inside of $( ... ): 'len' bytes at 'str'.  argc/argv are the
 * arguments of the enclosing user-function call ($(1), $(2), ...).
 */
static const char *eval_reference(struct kconf *kc, const char *str, size_t len,
				  int argc, char **argv)
{
	char *body = sdup(kc, str, len);
	char *parts[MAX_FUNC_ARGS];
	char *args[MAX_FUNC_ARGS];
	int nparts = 0, nargs, i, depth = 0, stops;
	char *end, *p, *start;
	const char *name, *res;
	unsigned long idx;

	/* $(1), $(2)...: arguments of the current user function */
	idx = strtoul(body, &end, 10);
	if (*end == '\0' && idx > 0 && idx <= (unsigned long)argc)
		return argv[idx - 1];

	/* split at top-level commas */
	start = p = body;
	for (; *p; p++) {
		if (depth == 0 && *p == ',') {
			*p = '\0';
			if (nparts >= MAX_FUNC_ARGS)
				pp_die(kc, "too many function arguments");
			parts[nparts++] = start;
			start = p + 1;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')') {
			depth--;
		}
	}
	if (nparts >= MAX_FUNC_ARGS)
		pp_die(kc, "too many function arguments");
	parts[nparts++] = start;

	name = expand_with_args(kc, parts[0], argc, argv);
	nargs = nparts - 1;
	/* whether parsing goes on depends on an error-if condition */
	stops = strcmp(name, "error-if") == 0;
	kc->pp_wait_probes += stops;
	for (i = 0; i < nargs; i++)
		args[i] = (char *)expand_with_args(kc, parts[i + 1], argc, argv);
	kc->pp_wait_probes -= stops;

	res = var_expand(kc, name, nargs, args);
	if (!res)
		res = call_builtin(kc, name, nargs, args);
	if (!res && nargs == 0)
		res = env_value(kc, name);
	return res ? res : "";
}

/* 'str' points just after a '$'; advance it past the reference. */
static const char *expand_dollar_args(struct kconf *kc, const char **str, int argc, char **argv)
{
	const char *p = *str, *q;
	int depth = 0;

	if (*p != '(')
		return "$";	/* '$' alone is literal */
	p++;
	for (q = p; *q; q++) {
		if (*q == '(') {
			depth++;
		} else if (*q == ')') {
			if (depth == 0)
				break;
			depth--;
		}
	}
	if (*q == '\0')
		pp_die(kc, "unterminated reference to '%s': missing ')'", p);
	*str = q + 1;
	return eval_reference(kc, p, (size_t)(q - p), argc, argv);
}

static bool end_of_string(char c)
{
	return c == '\0';
}

static bool end_of_token(char c)
{
	return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		 (c >= '0' && c <= '9') || c == '_' || c == '-');
}

static const char *expand_until(struct kconf *kc, const char **str, bool (*stop)(char),
				int argc, char **argv)
{
	const char *p = *str, *lit = p;
	struct sbuf out = { NULL, 0, 0 };

	for (;;) {
		if (*p == '$') {
			const char *sub;

			sb_add(kc, &out, lit, (size_t)(p - lit));
			p++;
			sub = expand_dollar_args(kc, &p, argc, argv);
			sb_add(kc, &out, sub, strlen(sub));
			lit = p;
			continue;
		}
		if (stop(*p))
			break;
		p++;
	}
	sb_add(kc, &out, lit, (size_t)(p - lit));
	*str = p;
	return out.s;
}

static const char *expand_with_args(struct kconf *kc, const char *in, int argc, char **argv)
{
	return expand_until(kc, &in, end_of_string, argc, argv);
}

char *expand_string(struct kconf *kc, const char *in)
{
	enter(kc);
	return leave(kc, expand_with_args(kc, in, 0, NULL));
}

char *expand_dollar(struct kconf *kc, const char **str)
{
	enter(kc);
	return leave(kc, expand_dollar_args(kc, str, 0, NULL));
}

char *expand_one_token(struct kconf *kc, const char **str)
{
	enter(kc);
	return leave(kc, expand_until(kc, str, end_of_token, 0, NULL));
}
