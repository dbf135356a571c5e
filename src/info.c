/* SPDX-License-Identifier: MIT */
/*
 * kforge info SYM...: everything about a symbol that menuconfig's search
 * shows (the kernel's own text), and what it does not: whether the user can
 * change it now, where its value comes from, its dependencies term by term,
 * its defaults and its help.  --json gives the same as one document.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kconf/kconf.h"
#include "kconf/origin.h"
#include "kconf/query.h"
#include "json.h"
#include "kforge.h"

static void info_usage(FILE *fp)
{
	fprintf(fp,
		"Usage: kforge info [tree options] [--json] SYMBOL...\n"
		"\n"
		"Show what is known about each SYMBOL (with or without the CONFIG_ prefix)\n"
		"in the configuration of a kernel tree: what menuconfig's search shows\n"
		"(value, type, range, every definition with its prompt, dependencies and\n"
		"menu location, selects, selected by, implies, implied by), then whether\n"
		"the symbol is visible and user-settable now, where its value comes from\n"
		"(the .config line, a default, a select, a choice, ...), its direct\n"
		"dependencies term by term with their values, its defaults and its help.\n"
		"\n"
		"  --json       one JSON document: {\"symbols\": [...], \"unknown\": [...]}\n"
		"  -h, --help   this help\n"
		"\n%s"
		"\n"
		"Exit status: 0; 1 if a symbol is not defined or the tree does not load;\n"
		"2 for usage errors.  KFORGE_TIMING=1 prints the load time and the time the\n"
		"command took after loading to stderr.\n",
		kf_tree_options_help);
}

/* What the engine knows about one asked-for symbol, gathered before printing. */
struct asked {
	struct symbol *sym;
	struct kconf_sym_info *info;
	struct kconf_origin *origin;
	struct kconf_term *terms;
	size_t nterms;
};

static void gather(struct kconf *kc, struct asked *a)
{
	/* the origin first: menuconfig's Location text may mark symbols (6.1) */
	a->origin = kconf_origin(kc, a->sym);
	a->nterms = kconf_dep_terms(kc, a->sym, &a->terms);
	a->info = kconf_sym_info(kc, a->sym);
}

static void release(struct asked *a)
{
	kconf_sym_info_free(a->info);
	kconf_origin_free(a->origin);
	kconf_terms_free(a->terms, a->nterms);
}

/* ---- text for people ---- */

static void print_indented(const char *text, const char *prefix)
{
	const char *line = text;

	while (*line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);

		if (len)
			printf("%s%.*s\n", prefix, (int)len, line);
		else
			printf("\n");
		if (!end)
			break;
		line = end + 1;
	}
}

static void print_statement(const struct kconf_statement *st)
{
	printf("  - %s", st->expr);
	if (st->own_cond)
		printf(" if %s", st->own_cond);
	printf("  (%s:%d", st->file, st->line);
	if (st->own_cond)
		printf(", condition %c", st->cond_value);
	printf(")\n");
}

static void print_allowed(const char *allowed)
{
	for (size_t i = 0; allowed[i]; i++)
		printf("%s%c", i ? ", " : " (", allowed[i]);
	if (allowed[0])
		printf(")");
}

static void print_text(struct kconf *kc, const struct asked *a)
{
	const struct kconf_sym_info *info = a->info;
	char *block = kconf_sym_describe(kc, a->sym);
	size_t len = strlen(block);

	/* the kernel's block ends with a blank line; ours continue it */
	while (len && block[len - 1] == '\n')
		block[--len] = '\0';
	printf("%s\n", block);
	free(block);

	printf("Visible now: %s\n", info->visible ? "yes" : "no");
	printf("User-settable now: %s", info->changeable ? "yes" : "no");
	print_allowed(info->allowed);
	printf("\n");

	printf("Value origin:\n");
	for (const struct kconf_origin *o = a->origin; o; o = o->next) {
		char *d = kconf_origin_describe(kc, o);

		printf("  - %s\n", d);
		free(d);
	}
	if (a->nterms) {
		printf("Direct dependencies:\n");
		for (size_t i = 0; i < a->nterms; i++)
			printf("  [%c] %s\n", a->terms[i].value, a->terms[i].text);
	}
	if (info->ndefaults) {
		printf("Defaults:\n");
		for (size_t i = 0; i < info->ndefaults; i++)
			print_statement(&info->defaults[i]);
	}
	for (size_t i = 0; i < info->ndefs; i++) {
		if (!info->defs[i].help)
			continue;
		printf("Help (%s:%d):\n", info->defs[i].file, info->defs[i].line);
		print_indented(info->defs[i].help, "  ");
	}
}

/* ---- JSON ---- */

static void json_statements(struct kconf *kc, struct json *j, const char *key,
			    const struct kconf_statement *st, size_t n)
{
	json_key(j, key);
	json_begin_array(j);
	for (size_t i = 0; i < n; i++) {
		json_begin_object(j);
		if (st[i].target) {
			/* select/imply: the target and its value (none without a type) */
			bool typed = strcmp(kconf_sym_type(st[i].target), "unknown") != 0;

			json_member_string(j, "symbol", st[i].expr);
			json_member_string(j, "value", typed ? kconf_sym_value(kc, st[i].target) : NULL);
		} else {
			json_member_string(j, "expr", st[i].expr);
		}
		json_member_string(j, "if", st[i].own_cond);
		json_member_string(j, "condition", st[i].cond);
		json_key(j, "condition_value");
		json_char_string(j, st[i].cond_value);
		json_member_string(j, "file", st[i].file);
		json_member_int(j, "line", st[i].line);
		json_end_object(j);
	}
	json_end_array(j);
}

static void json_rev_deps(struct json *j, const char *key, const struct kconf_rev_dep *rd, size_t n)
{
	json_key(j, key);
	json_begin_array(j);
	for (size_t i = 0; i < n; i++) {
		json_begin_object(j);
		json_member_string(j, "symbol", rd[i].by ? kconf_sym_name(rd[i].by) : NULL);
		json_member_string(j, "expr", rd[i].expr);
		json_key(j, "value");
		json_char_string(j, rd[i].value);
		json_member_string(j, "file", rd[i].file);
		if (rd[i].file)
			json_member_int(j, "line", rd[i].line);
		else
			json_member_string(j, "line", NULL);
		json_end_object(j);
	}
	json_end_array(j);
}

static void json_definition(struct json *j, const struct kconf_definition *d)
{
	json_begin_object(j);
	json_member_string(j, "file", d->file);
	json_member_int(j, "line", d->line);
	json_member_string(j, "prompt", d->prompt);
	json_member_string(j, "depends_on", d->depends_on);
	json_member_string(j, "visible_if", d->visible_if);
	json_key(j, "location");
	json_begin_array(j);
	for (size_t i = 0; i < d->nlocation; i++) {
		const struct kconf_menu_step *s = &d->location[i];

		json_begin_object(j);
		json_member_string(j, "prompt", s->prompt);
		json_member_string(j, "symbol", s->sym_name);
		json_member_bool(j, "choice", s->is_choice);
		json_member_string(j, "value", s->value);
		json_end_object(j);
	}
	json_end_array(j);
	json_member_string(j, "help", d->help);
	json_end_object(j);
}

static void json_symbol(struct kconf *kc, struct json *j, const struct asked *a)
{
	const struct kconf_sym_info *info = a->info;

	json_begin_object(j);
	json_member_string(j, "name", info->name);
	json_member_string(j, "type", info->type);
	json_member_string(j, "value", info->value);
	json_member_bool(j, "visible", info->visible);
	json_member_bool(j, "changeable", info->changeable);
	json_key(j, "allowed");
	json_begin_array(j);
	for (size_t i = 0; info->allowed[i]; i++)
		json_char_string(j, info->allowed[i]);
	json_end_array(j);
	json_member_bool(j, "choice_member", info->choice_member);
	json_member_origin(j, kc, a->origin);
	json_member_string(j, "depends_on", info->depends_on);
	json_key(j, "dependency_terms");
	json_begin_array(j);
	for (size_t i = 0; i < a->nterms; i++) {
		json_begin_object(j);
		json_member_string(j, "text", a->terms[i].text);
		json_key(j, "value");
		json_char_string(j, a->terms[i].value);
		json_end_object(j);
	}
	json_end_array(j);
	json_member_string(j, "range", info->range);
	json_key(j, "definitions");
	json_begin_array(j);
	for (size_t i = 0; i < info->ndefs; i++)
		json_definition(j, &info->defs[i]);
	json_end_array(j);
	json_statements(kc, j, "defaults", info->defaults, info->ndefaults);
	json_statements(kc, j, "ranges", info->ranges, info->nranges);
	json_statements(kc, j, "selects", info->selects, info->nselects);
	json_statements(kc, j, "implies", info->implies, info->nimplies);
	json_rev_deps(j, "selected_by", info->selected_by, info->nselected_by);
	json_rev_deps(j, "implied_by", info->implied_by, info->nimplied_by);
	json_end_object(j);
}

int cmd_info(int argc, char **argv)
{
	struct kf_tree tree;
	bool json = false;
	const char **names = calloc((size_t)argc + 1, sizeof(*names));
	const char **unknown = calloc((size_t)argc + 1, sizeof(*unknown));
	size_t nnames = 0, nfound = 0, nunknown = 0;
	struct asked *asked = NULL;
	int rc = 0;

	if (!names || !unknown) {
		fprintf(stderr, "kforge: out of memory\n");
		free(names);
		free(unknown);
		return 1;
	}
	kf_tree_init(&tree);
	for (int i = 1; i < argc; i++) {
		if (kf_tree_option(&tree, argc, argv, &i))
			continue;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			info_usage(stdout);
			goto out;
		}
		if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (argv[i][0] == '-') {
			fprintf(stderr, "kforge info: unknown option '%s'\n", argv[i]);
			info_usage(stderr);
			rc = 2;
			goto out;
		} else {
			names[nnames++] = argv[i];
		}
	}
	if (!nnames) {
		fprintf(stderr, "kforge info: no symbol given\n");
		info_usage(stderr);
		rc = 2;
		goto out;
	}
	rc = kf_tree_load(&tree, true);
	if (rc)
		goto out;
	/* without a .config nothing has computed the values yet */
	kconf_compute_all(tree.kc);

	asked = calloc(nnames, sizeof(*asked));
	if (!asked) {
		fprintf(stderr, "kforge: out of memory\n");
		rc = 1;
		goto out;
	}
	for (size_t i = 0; i < nnames; i++) {
		struct symbol *sym = kconf_find_loose(tree.kc, names[i]);

		if (!sym || !kconf_sym_is_defined(sym)) {
			fprintf(stderr, "kforge info: %s: no such symbol in %s\n", names[i], tree.kconfig);
			rc = 1;
			unknown[nunknown++] = names[i];
			continue;
		}
		asked[nfound].sym = sym;
		gather(tree.kc, &asked[nfound++]);
	}

	if (json) {
		struct json j;

		json_init(&j, stdout);
		json_begin_object(&j);
		json_key(&j, "symbols");
		json_begin_array(&j);
		for (size_t i = 0; i < nfound; i++)
			json_symbol(tree.kc, &j, &asked[i]);
		json_end_array(&j);
		json_key(&j, "unknown");
		json_begin_array(&j);
		for (size_t i = 0; i < nunknown; i++)
			json_string(&j, unknown[i]);
		json_end_array(&j);
		json_end_object(&j);
		json_finish(&j);
	} else {
		for (size_t i = 0; i < nfound; i++) {
			if (i)
				printf("\n");
			print_text(tree.kc, &asked[i]);
		}
	}
	fflush(stdout);
	for (size_t i = 0; i < nfound; i++)
		release(&asked[i]);
out:
	free(asked);
	free(names);
	free(unknown);
	kf_tree_free(&tree);
	return rc;
}

/* src/search.c; both commands register here (the table main.c knows). */
int cmd_search(int argc, char **argv);

const struct kf_cmd kf_info_cmds[] = {
	{ "info", cmd_info, "everything about symbols: definitions, location, dependencies, value origin" },
	{ "search", cmd_search, "find symbols by name or prompt (regex), exact name first" },
	{ NULL, NULL, NULL }
};
