/* SPDX-License-Identifier: MIT */
/*
 * kforge: command dispatcher.
 *
 *	kforge <subcommand> [args...]
 *	kforge --help | -h | help [subcommand]
 *	kforge --version
 *
 * Installed (or copied) under the name `conf`, kforge behaves exactly like
 * `kforge conf`, i.e. like the kernel's scripts/kconfig/conf.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kforge.h"

/* Tables other files may provide; absent ones resolve to NULL. */
#define KF_DECLARE_WEAK(tab) extern const struct kf_cmd tab[] __attribute__((weak));
KF_EXTRA_TABLES(KF_DECLARE_WEAK)
#undef KF_DECLARE_WEAK
/* src/kbuild.c: pattern targets and make-style leading options (weak). */
extern int kf_kbuild_fallback(int argc, char **argv) __attribute__((weak));

static const struct kf_cmd builtin_cmds[] = {
#define KF_ENTRY(name, fn, summary) { name, fn, summary },
	KF_BUILTIN_COMMANDS(KF_ENTRY)
#undef KF_ENTRY
	{ NULL, NULL, NULL }
};

struct dispatch {
	const struct kf_cmd *tables[8];
	int ntables;
};

static void dispatch_init(struct dispatch *d)
{
	d->ntables = 0;
	d->tables[d->ntables++] = builtin_cmds;
#define KF_ADD_TABLE(tab) \
	if (tab != NULL && d->ntables < (int)(sizeof(d->tables) / sizeof(d->tables[0]))) \
		d->tables[d->ntables++] = tab;
	KF_EXTRA_TABLES(KF_ADD_TABLE)
#undef KF_ADD_TABLE
}

static const struct kf_cmd *dispatch_find(const struct dispatch *d, const char *name)
{
	for (int t = 0; t < d->ntables; t++)
		for (const struct kf_cmd *c = d->tables[t]; c->name; c++)
			if (strcmp(c->name, name) == 0)
				return c;
	return NULL;
}

static void main_usage(const struct dispatch *d, FILE *fp)
{
	fprintf(fp, "Usage: kforge <command> [options...]\n");
	fprintf(fp, "       kforge --help | --version\n");
	fprintf(fp, "       conf [options] <kconfig-file>   (kforge installed as 'conf')\n");
	fprintf(fp, "\n");
	fprintf(fp, "A Kconfig engine compatible with the Linux kernel's scripts/kconfig.\n");
	fprintf(fp, "\n");
	fprintf(fp, "Commands:\n");
	int width = 0;
	for (int t = 0; t < d->ntables; t++)
		for (const struct kf_cmd *c = d->tables[t]; c->name; c++)
			if ((int)strlen(c->name) > width)
				width = (int)strlen(c->name);
	for (int t = 0; t < d->ntables; t++)
		for (const struct kf_cmd *c = d->tables[t]; c->name; c++)
			fprintf(fp, "  %-*s  %s\n", width, c->name, c->summary ? c->summary : "");
	fprintf(fp, "\n");
	fprintf(fp, "Run 'kforge <command> --help' for the options of a command.\n");
	fprintf(fp, "Kernel version emulated: $KFORGE_KERNEL_VERSION, else $KERNELVERSION,\n");
	fprintf(fp, "else VERSION/PATCHLEVEL of $srctree/Makefile, else 6.12.\n");
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/*
 * "kforge -C DIR O=out ARCH=arm why KEXEC=y": tree options may come before
 * an inspecting command (they are taken anywhere in its argv).  Moves the
 * command word to argv[1] and returns it; configuration targets stay with
 * the kbuild fallback, which reads such options itself.
 */
static const struct kf_cmd *command_after_tree_options(const struct dispatch *d, int argc, char **argv)
{
	static const char *const with_value[] = {
		"-C", "--directory", "--objdir", "--arch", "--cross-compile", "--kconfig", "--config",
	};
	static const char *const inspecting[] = { "info", "search", "why", "diff" };

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool takes_value = false;

		for (size_t k = 0; k < sizeof(with_value) / sizeof(with_value[0]); k++)
			takes_value |= !strcmp(a, with_value[k]);
		if (takes_value) {
			i++;
			continue;
		}
		if (a[0] == '-' || strchr(a, '='))
			continue;
		for (size_t k = 0; k < sizeof(inspecting) / sizeof(inspecting[0]); k++) {
			const struct kf_cmd *cmd;

			if (strcmp(a, inspecting[k]) != 0 || !(cmd = dispatch_find(d, a)))
				continue;
			memmove(&argv[2], &argv[1], (size_t)(i - 1) * sizeof(*argv));
			argv[1] = (char *)a;
			return cmd;
		}
		return NULL;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	struct dispatch d;
	const struct kf_cmd *cmd;

	dispatch_init(&d);

	if (argc > 0 && argv[0] && strcmp(base_name(argv[0]), "conf") == 0)
		return conf_main(argc, argv);

	if (argc < 2) {
		main_usage(&d, stderr);
		return 1;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		main_usage(&d, stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("kforge %s\n", KFORGE_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "help")) {
		if (argc < 3) {
			main_usage(&d, stdout);
			return 0;
		}
		cmd = dispatch_find(&d, argv[2]);
		if (!cmd) {
			fprintf(stderr, "kforge: unknown command '%s'\n", argv[2]);
			return 1;
		}
		char *hargv[] = { (char *)cmd->name, (char *)"--help", NULL };
		return cmd->fn(2, hargv);
	}

	cmd = dispatch_find(&d, argv[1]);
	if (!cmd)
		cmd = command_after_tree_options(&d, argc, argv);
	/* kbuild.c: "<name>_defconfig", "<name>.config", "-C DIR ...", "ARCH=..." */
	if (!cmd && kf_kbuild_fallback) {
		int rc = kf_kbuild_fallback(argc - 1, argv + 1);

		if (rc >= 0)
			return rc;
	}
	if (!cmd) {
		fprintf(stderr, "kforge: unknown command '%s'\n", argv[1]);
		fprintf(stderr, "Run 'kforge --help' for the list of commands.\n");
		return 1;
	}
	return cmd->fn(argc - 1, argv + 1);
}
