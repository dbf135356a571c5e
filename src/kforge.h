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
	X(kf_cache_cmds)

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

#endif /* KFORGE_CLI_H */
