/* SPDX-License-Identifier: MIT */
/*
 * kforge search PATTERN: symbols whose name or prompt matches a regex,
 * exact name matches first, each with its value, prompt and where it is
 * defined and shown in the menus.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kconf/kconf.h"
#include "kconf/query.h"
#include "json.h"
#include "kforge.h"

static void search_usage(FILE *fp)
{
	fprintf(fp,
		"Usage: kforge search [tree options] [options] PATTERN\n"
		"\n"
		"List the symbols whose name or prompt matches PATTERN, a POSIX extended\n"
		"regular expression (a leading CONFIG_ is ignored, as in menuconfig's '/').\n"
		"Symbols whose whole name matches come first, then other name matches,\n"
		"then prompt matches, alphabetically within each group.  Each is shown\n"
		"with its value, type, prompt, and for every definition its file:line and\n"
		"the menus it sits in.\n"
		"\n"
		"  -i, --ignore-case     ignore case (the default, as menuconfig)\n"
		"  -s, --case-sensitive  match case\n"
		"  -F, --fixed-strings   PATTERN is a plain string, not a regex\n"
		"  --names               match names only, as menuconfig does\n"
		"  --json                one JSON document: {\"pattern\": ..., \"matches\": [...]}\n"
		"  -h, --help            this help\n"
		"  --                    the next word is PATTERN (one starting with '-' or\n"
		"                        looking like VAR=value)\n"
		"\n%s"
		"\n"
		"Exit status: 0 if something matched, 1 if nothing did or the tree does not\n"
		"load, 2 for usage errors and bad patterns.  KFORGE_TIMING=1 prints the\n"
		"load time and the time the search took after loading to stderr.\n",
		kf_tree_options_help);
}

static const char *const kind_names[] = {
	[KCONF_MATCH_EXACT] = "exact", [KCONF_MATCH_NAME] = "name", [KCONF_MATCH_PROMPT] = "prompt",
};

/* The menus holding a definition, outermost first, without the entry itself. */
static void print_menu_path(const struct kconf_definition *d)
{
	if (d->nlocation <= 1) {
		printf("(top level)");
		return;
	}
	for (size_t i = 0; i + 1 < d->nlocation; i++)
		printf("%s%s", i ? " -> " : "", d->location[i].prompt);
}

/* What a match shows. */
struct shown {
	const char *name, *value, *type;
	bool visible;
	struct kconf_definition *defs;
	size_t ndefs;
};

static void print_match(const struct kconf_match *m, const struct shown *info)
{
	printf("%s [=%s] %s", info->name, info->value, info->type);
	if (m->prompt)
		printf(" \"%s\"", m->prompt);
	else
		printf(" (no prompt)");
	printf("\n");
	for (size_t i = 0; i < info->ndefs; i++) {
		printf("    %s:%d: ", info->defs[i].file, info->defs[i].line);
		print_menu_path(&info->defs[i]);
		printf("\n");
	}
}

static void json_match(struct json *j, const struct kconf_match *m, const struct shown *info)
{
	json_begin_object(j);
	json_member_string(j, "name", info->name);
	json_member_string(j, "match", kind_names[m->kind]);
	json_member_string(j, "type", info->type);
	json_member_string(j, "value", info->value);
	json_member_string(j, "prompt", m->prompt);
	json_member_bool(j, "visible", info->visible);
	json_key(j, "definitions");
	json_begin_array(j);
	for (size_t i = 0; i < info->ndefs; i++) {
		const struct kconf_definition *d = &info->defs[i];

		json_begin_object(j);
		json_member_string(j, "file", d->file);
		json_member_int(j, "line", d->line);
		json_member_string(j, "prompt", d->prompt);
		json_key(j, "menus");
		json_begin_array(j);
		for (size_t k = 0; k + 1 < d->nlocation; k++)
			json_string(j, d->location[k].prompt);
		json_end_array(j);
		json_end_object(j);
	}
	json_end_array(j);
	json_end_object(j);
}

int cmd_search(int argc, char **argv)
{
	struct kf_tree tree;
	const char *pattern = NULL;
	unsigned flags = 0;
	bool json = false;
	struct kconf_match *matches = NULL;
	struct json j;
	char err[256];
	long n;
	int rc = 0;

	kf_tree_init(&tree);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (kf_tree_option(&tree, argc, argv, &i))
			continue;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			search_usage(stdout);
			goto out;
		} else if (!strcmp(a, "--json")) {
			json = true;
		} else if (!strcmp(a, "-i") || !strcmp(a, "--ignore-case")) {
			flags &= ~KCONF_SEARCH_CASE;
		} else if (!strcmp(a, "-s") || !strcmp(a, "--case-sensitive")) {
			flags |= KCONF_SEARCH_CASE;
		} else if (!strcmp(a, "-F") || !strcmp(a, "--fixed-strings")) {
			flags |= KCONF_SEARCH_LITERAL;
		} else if (!strcmp(a, "--names")) {
			flags |= KCONF_SEARCH_NAMES;
		} else if (!strcmp(a, "--") && i + 1 < argc && !pattern) {
			pattern = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "kforge search: unknown option '%s'\n", a);
			search_usage(stderr);
			rc = 2;
			goto out;
		} else if (pattern) {
			fprintf(stderr, "kforge search: one PATTERN only ('%s' and '%s')\n", pattern, a);
			rc = 2;
			goto out;
		} else {
			pattern = a;
		}
	}
	if (!pattern) {
		fprintf(stderr, "kforge search: no PATTERN given\n");
		search_usage(stderr);
		rc = 2;
		goto out;
	}
	rc = kf_tree_load(&tree, true);
	if (rc)
		goto out;
	/* without a .config nothing has computed the values yet */
	kconf_compute_all(tree.kc);

	n = kconf_search(tree.kc, pattern, flags, &matches, err, sizeof(err));
	if (n < 0) {
		fprintf(stderr, "kforge search: bad pattern '%s': %s\n", pattern, err);
		rc = 2;
		goto out;
	}
	if (json) {
		json_init(&j, stdout);
		json_begin_object(&j);
		json_member_string(&j, "pattern", pattern);
		json_key(&j, "matches");
		json_begin_array(&j);
	}
	for (long i = 0; i < n; i++) {
		struct symbol *sym = matches[i].sym;
		struct shown info = {
			.name = kconf_sym_name(sym),
			.value = kconf_sym_value(tree.kc, sym),
			.type = kconf_sym_type(sym),
			.visible = kconf_sym_visible(tree.kc, sym),
		};

		info.defs = kconf_sym_definitions(tree.kc, sym, &info.ndefs);
		if (json)
			json_match(&j, &matches[i], &info);
		else
			print_match(&matches[i], &info);
		kconf_definitions_free(info.defs, info.ndefs);
	}
	if (json) {
		json_end_array(&j);
		json_end_object(&j);
		json_finish(&j);
	} else if (!n) {
		printf("No matches found.\n");
	}
	fflush(stdout);
	rc = n ? 0 : 1;
out:
	free(matches);
	kf_tree_free(&tree);
	return rc;
}
