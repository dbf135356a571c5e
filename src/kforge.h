/* SPDX-License-Identifier: MIT */
/*
 * kforge CLI: private header shared by the files under src/.
 *
 * The dispatcher (main.c) is table driven.  A subcommand is a function
 *
 *	int cmd_NAME(int argc, char **argv);
 *
 * called with argv[0] == "NAME" (or the program path when kforge runs as
 * `conf`), returning the process exit status.  Every subcommand handles
 * --help itself.
 *
 * Adding subcommands: either add a line to KF_BUILTIN_COMMANDS below, or
 * define in your own src/<name>.c a table
 *
 *	const struct kf_cmd kf_kbuild_cmds[] = { {...}, ..., { NULL, NULL, NULL } };
 *
 * (see KF_EXTRA_TABLES): main.c picks it up through a weak reference, so the
 * file can land without touching main.c.
 */
#ifndef KFORGE_CLI_H
#define KFORGE_CLI_H

#include <stdbool.h>

#ifndef KFORGE_VERSION
#define KFORGE_VERSION "0.1.0"
#endif

struct kf_cmd {
	const char *name;			/* subcommand word */
	int (*fn)(int argc, char **argv);	/* returns the exit status */
	const char *summary;			/* one line for `kforge --help` */
};

/* Built-in commands: X(name, function, summary). */
#define KF_BUILTIN_COMMANDS(X) \
	X("conf", cmd_conf, "the kernel's scripts/kconfig/conf (same options, output and exit codes)")

/* Optional command tables defined by other src/ files (weak in main.c). */
#define KF_EXTRA_TABLES(X) \
	X(kf_kbuild_cmds) \
	X(kf_cache_cmds) \
	X(kf_info_cmds) \
	X(kf_why_cmds) \
	X(kf_diff_cmds)

/* src/conf.c */
int cmd_conf(int argc, char **argv);
/*
 * Run the conf front end with an argv exactly as the kernel's conf main()
 * receives it (argv[0] is the program name used in messages).  Returns the
 * exit status; never calls exit().
 */
int conf_main(int argc, char **argv);
/* Print conf's usage text (stdout) for program name 'progname'. */
void conf_usage(const char *progname);
/*
 * Kernel version kforge emulates, from $KFORGE_KERNEL_VERSION, else
 * $KERNELVERSION, else VERSION/PATCHLEVEL of $srctree/Makefile (or
 * ./Makefile), else 6.12.
 */
void conf_detect_kernel_version(int *major, int *minor);

/*
 * src/kbuild.c: loading a tree for the commands that inspect one (info,
 * search, why, diff --explain).  Usage:
 *
 *	struct kf_tree t;
 *	kf_tree_init(&t);
 *	for each arg: if (kf_tree_option(&t, argc, argv, &i)) continue; ...
 *	rc = kf_tree_load(&t, true);	// 0, or the exit status to return
 *	... t.kc ...
 *	kf_tree_free(&t);
 *
 * In a kernel tree (the current directory, -C DIR, or an O= dir made by the
 * kernel) the environment is set up as make would give it to conf, and the
 * process moves to the object tree.  Elsewhere, a Kconfig file in the
 * current directory (or --kconfig FILE) is loaded with the environment as is
 * (small trees of our own, tests).  Messages of the engine go to stderr.
 * With $KFORGE_TIMING set, the load time and the time the command ran after
 * loading are printed to stderr (the explain commands' speed target).
 */
struct kconf;
struct kf_tree {
	struct kconf *kc;	/* after kf_tree_load */
	char *kconfig;		/* --kconfig FILE, else found */
	char *config;		/* --config FILE, else $KCONFIG_CONFIG or .config */
	bool config_read;	/* the config existed and was read */
	char *user_cwd;		/* where kforge was started */
	struct kb *kb;		/* kernel tree settings (private to kbuild.c) */
	double started_at, loaded_at;	/* ms; $KFORGE_TIMING prints the split */
};
void kf_tree_init(struct kf_tree *t);
/*
 * If argv[*i] is a tree option (-C DIR, O=DIR, --objdir DIR, ARCH=A,
 * --arch A, CROSS_COMPILE=, LLVM=1, --llvm, VAR=value, --kconfig FILE,
 * --config FILE), take it (and its value, advancing *i) and return 1;
 * exits with status 2 on a missing value.  Returns 0 for other words.
 */
int kf_tree_option(struct kf_tree *t, int argc, char **argv, int *i);
/* Set up, load the Kconfig tree, and read the config if read_config and it
 * exists.  Returns 0, or the exit status (after a message). */
int kf_tree_load(struct kf_tree *t, bool read_config);
/* A path the user gave, made valid after kf_tree_load moved the process. */
char *kf_tree_user_path(const struct kf_tree *t, const char *path);
void kf_tree_free(struct kf_tree *t);
/* Help text lines for the tree options, for the commands' --help. */
extern const char kf_tree_options_help[];

#endif /* KFORGE_CLI_H */
