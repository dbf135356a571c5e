/* SPDX-License-Identifier: MIT */
/*
 * kforge why SYM[=VALUE]...: why a symbol has its value, or what keeps it
 * from another value and which user values would give it.  The reasoning is
 * libkconf's (kconf/origin.h); this file only prints it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kconf/kconf.h"
#include "kconf/origin.h"
#include "json.h"
#include "kforge.h"

#define WHY_DEFAULT_DEPTH 4

static void why_usage(FILE *fp)
{
	fprintf(fp,
		"Usage: kforge why [options] SYMBOL...\n"
		"       kforge why [options] SYMBOL=VALUE...\n"
		"\n"
		"SYMBOL: why it has its current value, as a tree of causes (user values\n"
		"from the .config with their line, defaults with file:line, selects, implies,\n"
		"choices, dependency limits) down to user choices, arch facts and toolchain\n"
		"probes (defaults computed by $(...) macros).\n"
		"\n"
		"SYMBOL=VALUE: what keeps it from VALUE now (the dependency terms that are too\n"
		"low, the symbols selecting it, the choice member chosen instead, the range),\n"
		"each blocking symbol with its value and origin; then a set of changes to\n"
		"user values that gives SYMBOL=VALUE, checked by applying them to the loaded\n"
		"configuration as 'make olddefconfig' would after editing the .config.\n"
		"\n"
		"Names may carry the CONFIG_ prefix.  Values: y m n, numbers, or text.\n"
		"\n"
		"Options:\n"
		"  --json          one JSON document for tools\n"
		"  --depth N       depth of the cause tree (default %d)\n"
		"  -h, --help      this text\n"
		"\n%s", WHY_DEFAULT_DEPTH, kf_tree_options_help);
}

static struct symbol *find_symbol(struct kconf *kc, const char *name)
{
	struct symbol *sym = kconf_find(kc, name);

	if (!sym && !strncmp(name, "CONFIG_", 7))
		sym = kconf_find(kc, name + 7);
	return sym;
}

/* ---- people ---- */

static void print_origin_lines(struct kconf *kc, const struct kconf_origin *o, int indent)
{
	for (; o; o = o->next) {
		char *d = kconf_origin_describe(kc, o);

		printf("%*s%s\n", indent, "", d);
		free(d);
	}
}

static void print_tree(struct kconf *kc, const struct kconf_why *w, int indent)
{
	printf("%*s%s=%s", indent, "", kconf_sym_name(w->sym), w->value);
	if (w->repeated) {
		printf("  (see above)\n");
		return;
	}
	printf("\n");
	print_origin_lines(kc, w->origin, indent + 4);
	if (w->truncated && w->nchildren == 0) {
		int n = 0;

		for (const struct kconf_origin *o = w->origin; o; o = o->next)
			n += (int)o->nsyms;
		if (n)
			printf("%*s... (deeper causes left out: use --depth)\n", indent + 4, "");
	}
	for (size_t i = 0; i < w->nchildren; i++)
		print_tree(kc, w->children[i], indent + 2);
}

static void print_blocking_symbol(struct kconf *kc, struct symbol *sym, int indent)
{
	struct kconf_origin *o = kconf_origin(kc, sym);
	char *d = kconf_origin_describe(kc, o);

	printf("%*s%s=%s: %s\n", indent, "", kconf_sym_name(sym), kconf_sym_value(kc, sym), d);
	free(d);
	kconf_origin_free(o);
}

static void print_plan(struct kconf *kc, struct symbol *sym, const char *value,
		       const struct kconf_plan *plan)
{
	const char *name = kconf_sym_name(sym);

	if (plan->already) {
		printf("%s=%s already.\n", name, value);
		return;
	}
	printf("%s=%s is not the value now (%s=%s).\n", name, value, name, kconf_sym_value(kc, sym));
	if (plan->blockers) {
		printf("Blocked by:\n");
		for (const struct kconf_blocker *b = plan->blockers; b; b = b->next) {
			printf("  %s", b->what);
			if (b->file)
				printf("  (%s:%d)", b->file, b->line);
			printf("\n");
			for (size_t i = 0; i < b->nsyms; i++)
				print_blocking_symbol(kc, b->syms[i], 6);
		}
	} else {
		printf("Nothing blocks it: it is not set to %s.\n", value);
	}
	if (plan->found) {
		printf("To get %s=%s, change:\n", name, value);
		for (size_t i = 0; i < plan->nchanges; i++)
			printf("  CONFIG_%s=%s  (now %s)\n", kconf_sym_name(plan->changes[i].sym),
			       plan->changes[i].value, plan->changes[i].old_value);
		printf("(checked: with these lines in the .config, olddefconfig gives %s=%s)\n", name, value);
	} else if (plan->note) {
		printf("No plan: %s.\n", plan->note);
	}
}

/* ---- tools ---- */

static void json_tree(struct json *j, struct kconf *kc, const struct kconf_why *w)
{
	json_begin_object(j);
	json_member_string(j, "symbol", kconf_sym_name(w->sym));
	json_member_string(j, "value", w->value);
	if (w->repeated) {
		json_member_bool(j, "repeated", true);
		json_end_object(j);
		return;
	}
	json_member_origin(j, kc, w->origin);
	if (w->truncated)
		json_member_bool(j, "truncated", true);
	json_key(j, "causes");
	json_begin_array(j);
	for (size_t i = 0; i < w->nchildren; i++)
		json_tree(j, kc, w->children[i]);
	json_end_array(j);
	json_end_object(j);
}

static void json_plan(struct json *j, struct kconf *kc, struct symbol *sym, const char *value,
		      const struct kconf_plan *plan)
{
	json_begin_object(j);
	json_member_string(j, "symbol", kconf_sym_name(sym));
	json_member_string(j, "want", value);
	json_member_string(j, "value", kconf_sym_value(kc, sym));
	json_member_bool(j, "already", plan->already);
	json_key(j, "blockers");
	json_begin_array(j);
	for (const struct kconf_blocker *b = plan->blockers; b; b = b->next) {
		json_begin_object(j);
		json_member_string(j, "what", b->what);
		if (b->file) {
			json_member_string(j, "file", b->file);
			json_member_int(j, "line", b->line);
		}
		json_key(j, "symbols");
		json_begin_array(j);
		for (size_t i = 0; i < b->nsyms; i++) {
			struct kconf_origin *o = kconf_origin(kc, b->syms[i]);

			json_begin_object(j);
			json_member_string(j, "symbol", kconf_sym_name(b->syms[i]));
			json_member_string(j, "value", kconf_sym_value(kc, b->syms[i]));
			json_member_origin(j, kc, o);
			json_end_object(j);
			kconf_origin_free(o);
		}
		json_end_array(j);
		json_end_object(j);
	}
	json_end_array(j);
	json_member_bool(j, "found", plan->found);
	json_key(j, "changes");
	json_begin_array(j);
	for (size_t i = 0; i < plan->nchanges; i++) {
		json_begin_object(j);
		json_member_string(j, "symbol", kconf_sym_name(plan->changes[i].sym));
		json_member_string(j, "value", plan->changes[i].value);
		json_member_string(j, "old", plan->changes[i].old_value);
		json_end_object(j);
	}
	json_end_array(j);
	if (plan->note)
		json_member_string(j, "note", plan->note);
	json_end_object(j);
}

int cmd_why(int argc, char **argv)
{
	struct kf_tree t;
	char **words = calloc((size_t)argc + 1, sizeof(*words));
	int nwords = 0, depth = WHY_DEFAULT_DEPTH, rc = 0;
	bool json = false;
	struct json j;

	if (!words)
		return 1;
	kf_tree_init(&t);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			why_usage(stdout);
			goto out;
		} else if (!strcmp(a, "--json")) {
			json = true;
		} else if (!strcmp(a, "--depth") && i + 1 < argc) {
			depth = atoi(argv[++i]);
		} else if (!strncmp(a, "--depth=", 8)) {
			depth = atoi(a + 8);
		} else if (kf_tree_option(&t, argc, argv, &i)) {
			continue;
		} else if (a[0] == '-') {
			fprintf(stderr, "kforge why: unknown option '%s'\n", a);
			rc = 2;
			goto out;
		} else {
			words[nwords++] = argv[i];
		}
	}
	if (!nwords) {
		why_usage(stderr);
		rc = 2;
		goto out;
	}
	if (depth < 0)
		depth = 0;
	rc = kf_tree_load(&t, true);
	if (rc)
		goto out;
	if (json) {
		json_init(&j, stdout);
		json_begin_array(&j);
	}
	for (int k = 0; k < nwords; k++) {
		char *word = strdup(words[k]), *eq = strchr(word, '=');
		struct symbol *sym;

		if (eq)
			*eq = '\0';
		sym = find_symbol(t.kc, word);
		if (!sym) {
			fprintf(stderr, "kforge why: unknown symbol '%s'\n", word);
			rc = 1;
			free(word);
			continue;
		}
		if (!json && k > 0)
			printf("\n");
		if (eq) {
			struct kconf_plan plan;

			if (kconf_plan_value(t.kc, sym, eq + 1, &plan) != 0) {
				fprintf(stderr, "kforge why: %s\n", plan.note);
				rc = 1;
			} else if (json) {
				json_plan(&j, t.kc, sym, eq + 1, &plan);
			} else {
				print_plan(t.kc, sym, eq + 1, &plan);
			}
			kconf_plan_free(&plan);
		} else {
			struct kconf_why *w = kconf_why(t.kc, sym, depth);

			if (json)
				json_tree(&j, t.kc, w);
			else
				print_tree(t.kc, w, 0);
			kconf_why_free(w);
		}
		free(word);
	}
	if (json) {
		json_end_array(&j);
		json_finish(&j);
	}
out:
	free(words);
	kf_tree_free(&t);
	return rc;
}

const struct kf_cmd kf_why_cmds[] = {
	{ "why", cmd_why, "why a symbol has its value, or what keeps it from another (SYM[=VALUE])" },
	{ NULL, NULL, NULL }
};
