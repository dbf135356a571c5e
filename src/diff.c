/* SPDX-License-Identifier: MIT */
/*
 * kforge diff: the kernel's scripts/diffconfig, and with --explain the
 * attribution of every change to the root changes that caused it
 * (libkconf's include/kconf/diff.h does the work).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kconf/diff.h"
#include "kforge.h"

static const char diff_usage_text[] =
	"Usage: kforge diff [options] [OLD [NEW]]\n"
	"\n"
	"Compare two kernel configurations.\n"
	"\n"
	"By default the output is that of the kernel's scripts/diffconfig, and no\n"
	"Kconfig tree is needed: \"-SYM value\" for a symbol only in OLD, \"+SYM value\"\n"
	"for one only in NEW, \" SYM old -> new\" for a changed value, each group\n"
	"sorted by name; \"# CONFIG_SYM is not set\" reads as the value n.\n"
	"OLD and NEW default to .config.old and .config of the object tree (O=,\n"
	"else -C DIR, else $KBUILD_OUTPUT, else the current directory); given one\n"
	"file, that is OLD and NEW is the .config.\n"
	"\n"
	"--explain loads the Kconfig tree and attributes every changed line:\n"
	"  root changes     a value the user changed (the symbol would differ had the\n"
	"                   user kept the old value), or a fact of the environment\n"
	"                   (a symbol without a prompt, with a constant default such\n"
	"                   as a toolchain probe or an architecture's def_bool y, none\n"
	"                   of whose inputs changed);\n"
	"  consequences     listed under their roots, each with the chain from the\n"
	"                   root, every step a relation of the tree and the Kconfig\n"
	"                   line that creates it, e.g.\n"
	"                     FOO=y --select (drivers/Kconfig:12)--> BAR=y\n"
	"                   with the relations depends on, prompt if, if, menu depends\n"
	"                   on, visible if, select, imply, default, range, choice and\n"
	"                   modules; \"--select by BAZ\" means that FOO is in the 'if'\n"
	"                   of BAZ's select or in BAZ's dependencies, which bound what\n"
	"                   BAZ selects;\n"
	"  not explained    changes no root leads to, e.g. a hand-edited line the tree\n"
	"                   would not produce, with the reason;\n"
	"  unknown symbols  lines naming symbols this tree does not define.\n"
	"A consequence of several roots is listed under each.  (absent) marks a\n"
	"symbol without a line in NEW.\n"
	"\n"
	"Options:\n"
	"  -m, --merge    print the changed and added values as .config lines\n"
	"                 (diffconfig -m); not with --explain\n"
	"  --explain      attribute the changes (needs the Kconfig tree)\n"
	"  --json         output for tools: {\"changes\": [{\"name\", \"old\", \"new\"}]},\n"
	"                 with --explain {\"summary\", \"roots\" (each with its\n"
	"                 \"consequences\" and their \"chain\" of steps), \"unexplained\",\n"
	"                 \"unknown\"}; a step is {\"from\", \"from_value\", \"relation\",\n"
	"                 \"file\", \"line\", \"via\", \"to\", \"to_value\"}, values as in\n"
	"                 NEW (null: absent)\n"
	"  -h, --help     this text\n"
	"\n"
	"Exit status: 0, 1 when a file cannot be read or the tree not loaded, 2 for\n"
	"usage errors.  KFORGE_TIMING=1 prints the time spent explaining to stderr.\n"
	"\n";

static void diff_usage(FILE *fp)
{
	fputs(diff_usage_text, fp);
	fputs(kf_tree_options_help, fp);
}

/* ---- JSON ---- */

static void json_str(FILE *out, const char *s)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

static void json_change_head(FILE *out, const char *name, const char *old, const char *new_)
{
	fputs("{\"name\": ", out);
	json_str(out, name);
	fputs(", \"old\": ", out);
	json_str(out, old);
	fputs(", \"new\": ", out);
	json_str(out, new_);
}

static void json_step(FILE *out, const struct kconf_diff_step *s)
{
	fputs("{\"from\": ", out);
	json_str(out, s->from);
	fputs(", \"from_value\": ", out);
	json_str(out, s->from_value);
	fputs(", \"relation\": ", out);
	json_str(out, kconf_diff_rel_name(s->rel));
	fputs(", \"file\": ", out);
	json_str(out, s->file);
	fprintf(out, ", \"line\": %d, \"via\": ", s->line);
	json_str(out, s->via);
	fputs(", \"to\": ", out);
	json_str(out, s->to);
	fputs(", \"to_value\": ", out);
	json_str(out, s->to_value);
	fputc('}', out);
}

static void json_steps(FILE *out, const struct kconf_diff_step *steps, size_t n)
{
	fputc('[', out);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputs(", ", out);
		json_step(out, &steps[i]);
	}
	fputc(']', out);
}

static void print_plain_json(FILE *out, const struct kconf_diff *d)
{
	fputs("{\"changes\": [", out);
	for (size_t i = 0; i < d->count; i++) {
		fputs(i ? ",\n  " : "\n  ", out);
		json_change_head(out, d->lines[i].name, d->lines[i].old_value, d->lines[i].new_value);
		fputc('}', out);
	}
	fputs(d->count ? "\n]}\n" : "]}\n", out);
}

static const struct kconf_diff_chain *chain_from(const struct kconf_diff_change *c, size_t root)
{
	for (size_t k = 0; k < c->nchains; k++)
		if (c->chains[k].root == root)
			return &c->chains[k];
	return NULL;
}

static void print_explain_json(FILE *out, const struct kconf_diff_explain *x)
{
	bool first = true;

	fprintf(out, "{\"summary\": {\"changes\": %zu, \"roots\": %zu, \"consequences\": %zu, "
		     "\"unexplained\": %zu, \"unknown\": %zu},\n",
		x->count, x->nroots, x->nconsequences, x->nunexplained, x->nunknown);
	fputs(" \"roots\": [", out);
	for (size_t r = 0; r < x->count; r++) {
		const struct kconf_diff_change *c = &x->changes[r];
		bool firstc = true;

		if (c->kind != KCONF_DIFF_USER && c->kind != KCONF_DIFF_FACT)
			continue;
		fputs(first ? "\n  " : ",\n  ", out);
		first = false;
		json_change_head(out, c->name, c->old_value, c->new_value);
		fputs(", \"kind\": ", out);
		json_str(out, kconf_diff_kind_name(c->kind));
		fputs(", \"reason\": ", out);
		json_str(out, c->reason);
		fputs(", \"consequences\": [", out);
		for (size_t i = 0; i < x->count; i++) {
			const struct kconf_diff_change *q = &x->changes[i];
			const struct kconf_diff_chain *ch;

			if (q->kind != KCONF_DIFF_CONSEQUENCE || !(ch = chain_from(q, r)))
				continue;
			fputs(firstc ? "\n    " : ",\n    ", out);
			firstc = false;
			json_change_head(out, q->name, q->old_value, q->new_value);
			fputs(", \"chain\": ", out);
			json_steps(out, ch->steps, ch->nsteps);
			fputc('}', out);
		}
		fputs(firstc ? "]}" : "\n  ]}", out);
	}
	fputs(first ? "],\n" : "\n ],\n", out);
	fputs(" \"unexplained\": [", out);
	first = true;
	for (size_t i = 0; i < x->count; i++) {
		const struct kconf_diff_change *c = &x->changes[i];

		if (c->kind != KCONF_DIFF_UNEXPLAINED)
			continue;
		fputs(first ? "\n  " : ",\n  ", out);
		first = false;
		json_change_head(out, c->name, c->old_value, c->new_value);
		fputs(", \"reason\": ", out);
		json_str(out, c->reason);
		fputs(", \"causes\": ", out);
		json_steps(out, c->causes, c->ncauses);
		fputc('}', out);
	}
	fputs(first ? "],\n" : "\n ],\n", out);
	fputs(" \"unknown\": [", out);
	first = true;
	for (size_t i = 0; i < x->count; i++) {
		const struct kconf_diff_change *c = &x->changes[i];

		if (c->kind != KCONF_DIFF_UNKNOWN)
			continue;
		fputs(first ? "\n  " : ",\n  ", out);
		first = false;
		json_change_head(out, c->name, c->old_value, c->new_value);
		fputc('}', out);
	}
	fputs(first ? "]}\n" : "\n ]}\n", out);
}

/* ---- for people ---- */

static const char *shown(const char *v)
{
	return v ? v : "(absent)";
}

static void print_change(FILE *out, const struct kconf_diff_change *c)
{
	fprintf(out, "%s %s -> %s", c->name, shown(c->old_value), shown(c->new_value));
}

static void print_steps(FILE *out, const struct kconf_diff_step *steps, size_t n)
{
	if (!n)
		return;
	fprintf(out, "%s=%s", steps[0].from, shown(steps[0].from_value));
	for (size_t i = 0; i < n; i++) {
		fprintf(out, " --%s", kconf_diff_rel_name(steps[i].rel));
		if (steps[i].via)
			fprintf(out, " by %s", steps[i].via);
		fprintf(out, " (%s:%d)--> %s=%s", steps[i].file, steps[i].line, steps[i].to,
			shown(steps[i].to_value));
	}
}

static void print_explain_text(FILE *out, const struct kconf_diff_explain *x)
{
	fprintf(out, "%zu changed line%s: %zu root%s, %zu consequence%s, %zu not explained, "
		     "%zu unknown\n",
		x->count, x->count == 1 ? "" : "s", x->nroots, x->nroots == 1 ? "" : "s",
		x->nconsequences, x->nconsequences == 1 ? "" : "s", x->nunexplained, x->nunknown);
	if (x->nroots) {
		fputs("\nRoot changes:\n", out);
		for (size_t r = 0; r < x->count; r++) {
			const struct kconf_diff_change *c = &x->changes[r];

			if (c->kind != KCONF_DIFF_USER && c->kind != KCONF_DIFF_FACT)
				continue;
			fputs("  ", out);
			print_change(out, c);
			fprintf(out, "  [%s: %s]\n", kconf_diff_kind_name(c->kind), c->reason);
			for (size_t i = 0; i < x->count; i++) {
				const struct kconf_diff_change *q = &x->changes[i];
				const struct kconf_diff_chain *ch;

				if (q->kind != KCONF_DIFF_CONSEQUENCE || !(ch = chain_from(q, r)))
					continue;
				fputs("      ", out);
				print_steps(out, ch->steps, ch->nsteps);
				fputc('\n', out);
			}
		}
	}
	if (x->nunexplained) {
		fputs("\nNot explained by any root:\n", out);
		for (size_t i = 0; i < x->count; i++) {
			const struct kconf_diff_change *c = &x->changes[i];

			if (c->kind != KCONF_DIFF_UNEXPLAINED)
				continue;
			fputs("  ", out);
			print_change(out, c);
			fprintf(out, "  [%s]\n", c->reason ? c->reason : "");
			for (size_t k = 0; k < c->ncauses; k++) {
				fputs("      ", out);
				print_steps(out, &c->causes[k], 1);
				fputc('\n', out);
			}
		}
	}
	if (x->nunknown) {
		fputs("\nUnknown symbols (not in this tree):\n", out);
		for (size_t i = 0; i < x->count; i++) {
			const struct kconf_diff_change *c = &x->changes[i];

			if (c->kind != KCONF_DIFF_UNKNOWN)
				continue;
			fputs("  ", out);
			print_change(out, c);
			fputc('\n', out);
		}
	}
}

/* ---- the command ---- */

static char *join_path(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	if (!p) {
		fprintf(stderr, "kforge: out of memory\n");
		exit(1);
	}
	if (name[0] == '/' || !strcmp(dir, "."))
		snprintf(p, n, "%s", name);
	else
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* The object tree without loading anything: O=, else -C, else $KBUILD_OUTPUT. */
static char *plain_objdir(const char *dir_c, const char *objdir)
{
	const char *env = getenv("KBUILD_OUTPUT");

	if (objdir && *objdir)
		return join_path(dir_c ? dir_c : ".", objdir);
	if (dir_c)
		return join_path(".", dir_c);
	return join_path(".", env && *env ? env : ".");
}

static int run_plain(const char *old_path, const char *new_path, bool merge, bool json)
{
	struct kconf_values *old, *new_;
	struct kconf_diff *d;
	char *error = NULL;

	old = kconf_values_read(old_path, &error);
	if (!old) {
		fprintf(stderr, "kforge diff: %s\n", error);
		free(error);
		return 1;
	}
	new_ = kconf_values_read(new_path, &error);
	if (!new_) {
		fprintf(stderr, "kforge diff: %s\n", error);
		free(error);
		kconf_values_free(old);
		return 1;
	}
	d = kconf_diff_values(old, new_);
	if (json)
		print_plain_json(stdout, d);
	else
		kconf_diff_print(stdout, d, merge);
	kconf_diff_free(d);
	kconf_values_free(old);
	kconf_values_free(new_);
	return 0;
}

static double clock_s(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run_explain(struct kf_tree *t, char **files, int nfiles, bool json)
{
	char *paths[2] = { NULL, NULL };
	struct kconf_diff_explain *x;
	double t0, t1, cpu1;
	int rc;

	/* before loading: kf_tree_load moves to the object tree */
	for (int i = 0; i < nfiles; i++)
		paths[i] = kf_tree_user_path(t, files[i]);
	t0 = clock_s(CLOCK_MONOTONIC);
	rc = kf_tree_load(t, false);
	if (rc)
		goto out;
	t1 = clock_s(CLOCK_MONOTONIC);
	cpu1 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	if (nfiles < 2) {
		char *cfg = realpath(t->config, NULL);
		char *current = cfg ? cfg : strdup(t->config);

		if (nfiles == 0) {
			paths[0] = malloc(strlen(current) + 5);
			if (paths[0])
				sprintf(paths[0], "%s.old", current);
		}
		paths[1] = current;
		if (!paths[0] || !paths[1]) {
			fprintf(stderr, "kforge: out of memory\n");
			rc = 1;
			goto out;
		}
	}
	x = kconf_diff_explain(t->kc, paths[0], paths[1]);
	if (!x) {
		rc = 1;
		goto out;
	}
	if (getenv("KFORGE_TIMING"))
		fprintf(stderr, "kforge diff: tree loaded in %.3f s, changes explained in %.3f s "
			"(%.3f s of CPU)\n", t1 - t0, clock_s(CLOCK_MONOTONIC) - t1,
			clock_s(CLOCK_PROCESS_CPUTIME_ID) - cpu1);
	if (json)
		print_explain_json(stdout, x);
	else
		print_explain_text(stdout, x);
	kconf_diff_explain_free(x);
out:
	free(paths[0]);
	free(paths[1]);
	return rc;
}

static int cmd_diff(int argc, char **argv)
{
	struct kf_tree t;
	bool explain = false, json = false, merge = false;
	const char *dir_c = NULL, *objdir = NULL;
	char *files[2];
	int nfiles = 0, rc;

	kf_tree_init(&t);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			diff_usage(stdout);
			kf_tree_free(&t);
			return 0;
		}
		if (!strcmp(a, "--explain")) {
			explain = true;
			continue;
		}
		if (!strcmp(a, "--json")) {
			json = true;
			continue;
		}
		if (!strcmp(a, "-m") || !strcmp(a, "--merge")) {
			merge = true;
			continue;
		}
		/* note where the object tree is, for the plain diff's defaults */
		if ((!strcmp(a, "-C") || !strcmp(a, "--directory")) && i + 1 < argc)
			dir_c = argv[i + 1];
		else if (!strncmp(a, "-C", 2) && a[2])
			dir_c = a + 2;
		else if (!strncmp(a, "--directory=", 12))
			dir_c = a + 12;
		else if (!strncmp(a, "O=", 2))
			objdir = a + 2;
		else if (!strcmp(a, "--objdir") && i + 1 < argc)
			objdir = argv[i + 1];
		else if (!strncmp(a, "--objdir=", 9))
			objdir = a + 9;
		if (kf_tree_option(&t, argc, argv, &i))
			continue;
		if (a[0] == '-' && a[1]) {
			fprintf(stderr, "kforge diff: unknown option '%s'\n", a);
			fprintf(stderr, "Run 'kforge diff --help' for usage.\n");
			kf_tree_free(&t);
			return 2;
		}
		if (nfiles == 2) {
			fprintf(stderr, "kforge diff: at most two configuration files (OLD NEW)\n");
			kf_tree_free(&t);
			return 2;
		}
		files[nfiles++] = argv[i];
	}
	if (explain && merge) {
		fprintf(stderr, "kforge diff: -m does not go with --explain\n");
		kf_tree_free(&t);
		return 2;
	}
	if (explain) {
		rc = run_explain(&t, files, nfiles, json);
	} else {
		char *dir = nfiles < 2 ? plain_objdir(dir_c, objdir) : NULL;
		const char *cfg_env = getenv("KCONFIG_CONFIG");
		char *cur = NULL, *old = NULL;

		if (nfiles < 2) {
			cur = t.config ? strdup(t.config)
				       : join_path(dir, cfg_env && *cfg_env ? cfg_env : ".config");
			if (nfiles == 0) {
				old = malloc(strlen(cur) + 5);
				if (old)
					sprintf(old, "%s.old", cur);
			}
		}
		if (nfiles < 2 && (!cur || (nfiles == 0 && !old))) {
			fprintf(stderr, "kforge: out of memory\n");
			rc = 1;
		} else {
			rc = run_plain(nfiles == 2 ? files[0] : nfiles == 1 ? files[0] : old,
				       nfiles == 2 ? files[1] : cur, merge, json);
		}
		free(cur);
		free(old);
		free(dir);
	}
	kf_tree_free(&t);
	return rc;
}

const struct kf_cmd kf_diff_cmds[] = {
	{ "diff", cmd_diff, "compare two configurations like scripts/diffconfig; --explain: why each change" },
	{ NULL, NULL, NULL },
};
