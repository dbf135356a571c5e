/* SPDX-License-Identifier: MIT */
/*
 * kforge CLI: the kernel's configuration targets without make.
 *
 *	kforge [-C DIR] [O=DIR] [ARCH=...] [VAR=value...] <target>... [FILE]
 *
 * For each target this reproduces what `make <target>` does in a kernel
 * tree: the variables the top-level Makefile (and arch/$SRCARCH/Makefile,
 * scripts/Makefile.clang, scripts/kconfig/Makefile) export to conf, the
 * object-tree set-up for O= builds (outputmakefile), and the conf argv of
 * scripts/kconfig/Makefile, run with the object tree as working directory.
 * conf itself is kforge's conf_main(), run in a child process per call.
 *
 * Version differences between kernels are detected from the tree's own
 * files (a string present or not) rather than from version numbers.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kconf/kconf.h"
#include "kforge.h"
#include "kbuild.h"

#define KB_MAX_VARS	128
#define KB_MAX_TARGETS	32
#define KB_MAX_ENV	160

struct kb_var {
	char *name;
	char *value;
};

struct kb_env {
	char *name;
	char *value;		/* NULL: remove from the environment */
};

struct kb {
	/* command line */
	struct kb_var cmd[KB_MAX_VARS];	/* VAR=value words, in order */
	int ncmd;
	const char *dir_c;		/* -C DIR */
	char *targets[KB_MAX_TARGETS];
	char *files[KB_MAX_TARGETS];	/* FILE argument of targets[i] or NULL */
	int ntargets;
	int help, silent, dry_run;
	char *user_cwd;			/* where kforge was started */

	/* derived */
	char *abs_srctree, *abs_objtree, *srctree;
	int out_of_tree;
	char *arch, *srcarch, *subarch, *uname_m;
	char *cross_compile, *llvm_prefix, *llvm_suffix;
	int llvm;
	char *cc, *cc_version_text;
	char *kconfig;			/* $(Kconfig) */
	char *kbuild_defconfig;
	int verbose;

	struct kb_env env[KB_MAX_ENV];
	int nenv;
};

/* ------------------------------------------------------------------ */
/* small helpers                                                      */

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		fprintf(stderr, "kforge: out of memory\n");
		exit(1);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

static char *xfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xfmt(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0) {
		fprintf(stderr, "kforge: out of memory\n");
		exit(1);
	}
	va_end(ap);
	return s;
}

static int is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int path_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Whole file as a string, or NULL. */
static char *read_whole(const char *path)
{
	FILE *fp = fopen(path, "r");
	size_t cap = 8192, len = 0, n;
	char *buf;

	if (!fp)
		return NULL;
	buf = xmalloc(cap);
	while ((n = fread(buf + len, 1, cap - len - 1, fp)) > 0) {
		len += n;
		if (cap - len - 1 == 0) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf) {
				fclose(fp);
				return NULL;
			}
		}
	}
	fclose(fp);
	buf[len] = '\0';
	return buf;
}

/* Does file 'path' contain 'needle'? */
static int file_has(const char *path, const char *needle)
{
	char *s = read_whole(path);
	int r = s && strstr(s, needle) != NULL;

	free(s);
	return r;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/*
 * Output of a shell command the way make's $(shell) returns it: newlines
 * become spaces, trailing newlines dropped.
 */
static char *shell_out(const char *cmd)
{
	FILE *fp;
	size_t cap = 256, len = 0;
	char *buf = xmalloc(cap);
	int c;

	fflush(NULL);
	fp = popen(cmd, "r");
	if (!fp) {
		buf[0] = '\0';
		return buf;
	}
	while ((c = fgetc(fp)) != EOF) {
		if (len + 2 > cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf) {
				fprintf(stderr, "kforge: out of memory\n");
				exit(1);
			}
		}
		buf[len++] = (char)c;
	}
	pclose(fp);
	while (len > 0 && buf[len - 1] == '\n')
		len--;
	buf[len] = '\0';
	for (size_t i = 0; i < len; i++)
		if (buf[i] == '\n')
			buf[i] = ' ';
	return buf;
}

/* Single-quote 's' for /bin/sh. */
static char *shquote(const char *s)
{
	size_t n = 3;
	char *q, *p;

	for (const char *t = s; *t; t++)
		n += (*t == '\'') ? 4 : 1;
	q = p = xmalloc(n);
	*p++ = '\'';
	for (; *s; s++) {
		if (*s == '\'') {
			memcpy(p, "'\\''", 4);
			p += 4;
		} else {
			*p++ = *s;
		}
	}
	*p++ = '\'';
	*p = '\0';
	return q;
}

/* `command -v NAME` without a shell: NAME with a '/' or found in $PATH. */
static char *which(const char *name)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL;

	if (!*name)
		return NULL;
	if (strchr(name, '/'))
		return access(name, X_OK) == 0 ? xstrdup(name) : NULL;
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	copy = xstrdup(path);
	for (dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		char *cand = xfmt("%s/%s", *dir ? dir : ".", name);

		if (access(cand, X_OK) == 0 && is_file(cand)) {
			free(copy);
			return cand;
		}
		free(cand);
	}
	free(copy);
	return NULL;
}

/* mkdir -p */
static int mkdir_p(const char *path)
{
	char *buf = xstrdup(path);

	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (!is_dir(buf) && mkdir(buf, 0755) != 0 && errno != EEXIST) {
			free(buf);
			return -1;
		}
		*p = '/';
	}
	if (!is_dir(buf) && mkdir(buf, 0755) != 0 && errno != EEXIST) {
		free(buf);
		return -1;
	}
	free(buf);
	return 0;
}

static int valid_var_name(const char *s, size_t n)
{
	if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
			return 0;
	return 1;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* ------------------------------------------------------------------ */
/* variables: command line > makefile/environment                     */

static const char *cmdvar(const struct kb *kb, const char *name)
{
	/* the last assignment on the command line wins, as with make */
	for (int i = kb->ncmd - 1; i >= 0; i--)
		if (strcmp(kb->cmd[i].name, name) == 0)
			return kb->cmd[i].value;
	return NULL;
}

/* A variable the Makefile assigns with '=' or ':=' (environment ignored). */
static const char *mkvar(const struct kb *kb, const char *name, const char *def)
{
	const char *v = cmdvar(kb, name);

	return v ? v : def;
}

/* A variable taken from the environment ('?=' or not assigned at all). */
static const char *envvar(const struct kb *kb, const char *name, const char *def)
{
	const char *v = cmdvar(kb, name);

	if (v)
		return v;
	v = getenv(name);
	return v ? v : def;
}

static void set_cmdvar(struct kb *kb, const char *name, const char *value)
{
	if (kb->ncmd >= KB_MAX_VARS) {
		fprintf(stderr, "kforge: too many VAR=value arguments\n");
		exit(2);
	}
	kb->cmd[kb->ncmd].name = xstrdup(name);
	kb->cmd[kb->ncmd].value = xstrdup(value);
	kb->ncmd++;
}

/* Queue an environment change for conf (value NULL: unset). */
static void kb_export(struct kb *kb, const char *name, const char *value)
{
	for (int i = 0; i < kb->nenv; i++) {
		if (strcmp(kb->env[i].name, name) == 0) {
			free(kb->env[i].value);
			kb->env[i].value = value ? xstrdup(value) : NULL;
			return;
		}
	}
	if (kb->nenv >= KB_MAX_ENV) {
		fprintf(stderr, "kforge: internal error: too many variables\n");
		exit(1);
	}
	kb->env[kb->nenv].name = xstrdup(name);
	kb->env[kb->nenv].value = value ? xstrdup(value) : NULL;
	kb->nenv++;
}

/*
 * A make variable that was empty/undefined in the Makefile is exported only
 * if it exists in the environment (make exports what it inherited).
 */
static void kb_export_if_env(struct kb *kb, const char *name, const char *value)
{
	if (cmdvar(kb, name) || getenv(name))
		kb_export(kb, name, value);
}

static void kb_apply_env(const struct kb *kb)
{
	/* make passes command-line variables on to every recipe */
	for (int i = 0; i < kb->ncmd; i++)
		setenv(kb->cmd[i].name, kb->cmd[i].value, 1);
	for (int i = 0; i < kb->nenv; i++) {
		if (kb->env[i].value)
			setenv(kb->env[i].name, kb->env[i].value, 1);
		else
			unsetenv(kb->env[i].name);
	}
}

/* ------------------------------------------------------------------ */
/* usage                                                              */

struct kb_target_doc {
	const char *name;
	const char *summary;
};

static const struct kb_target_doc kb_docs[] = {
	{ "defconfig", "New config with default from ARCH supplied defconfig (or FILE)" },
	{ "savedefconfig", "Save current config as ./defconfig (or FILE), minimal config" },
	{ "oldconfig", "Update current config utilising a provided .config as base" },
	{ "olddefconfig", "Same as oldconfig but sets new symbols to their default value without prompting" },
	{ "syncconfig", "Update include/config/auto.conf and generated headers from .config" },
	{ "allnoconfig", "New config where all options are answered with no" },
	{ "allyesconfig", "New config where all options are accepted with yes" },
	{ "allmodconfig", "New config selecting modules when possible" },
	{ "alldefconfig", "New config with all symbols set to default" },
	{ "randconfig", "New config with random answer to all options (KCONFIG_SEED=...)" },
	{ "listnewconfig", "List new options" },
	{ "helpnewconfig", "List new options and help text" },
	{ "yes2modconfig", "Change answers from yes to mod if possible" },
	{ "mod2yesconfig", "Change answers from mod to yes if possible" },
	{ "mod2noconfig", "Change answers from mod to no if possible" },
	{ "tinyconfig", "Configure the tiniest possible kernel" },
	{ NULL, NULL }
};

static const char *kb_summary(const char *target)
{
	for (const struct kb_target_doc *d = kb_docs; d->name; d++)
		if (strcmp(d->name, target) == 0)
			return d->summary;
	if (ends_with(target, "_defconfig"))
		return "New config from arch/$SRCARCH/configs/<target>";
	if (ends_with(target, ".config"))
		return "Merge the config fragment kernel/configs/<target> or arch/$SRCARCH/configs/<target> into .config, then olddefconfig";
	return NULL;
}

static void kb_usage(const char *target, FILE *fp)
{
	const char *t = target ? target : "<target>";
	const char *s = target ? kb_summary(target) : NULL;

	if (target && (!strcmp(target, "defconfig") || !strcmp(target, "savedefconfig")))
		fprintf(fp, "Usage: kforge %s [FILE] [options] [VAR=value...]\n", t);
	else
		fprintf(fp, "Usage: kforge %s [options] [VAR=value...]\n", t);
	if (s)
		fprintf(fp, "\n  %s: %s.\n", t, s);
	else
		fprintf(fp, "\nRuns the kernel configuration target(s) like `make <target>`, without make.\n");
	if (target && !strcmp(target, "defconfig"))
		fprintf(fp, "  FILE: a defconfig to use instead of arch/$SRCARCH/configs/$KBUILD_DEFCONFIG\n"
			    "  (a path, or a name under arch/$SRCARCH/configs/).\n");
	if (target && !strcmp(target, "savedefconfig"))
		fprintf(fp, "  FILE: where to write the minimal config (default: defconfig in the object tree).\n");
	fprintf(fp,
		"\nRun in a kernel source tree (or an O= object tree made by it), like make.\n"
		"Several targets may be given; they run one after the other.\n"
		"\nOptions (make-style VAR=value words are accepted too):\n"
		"  -C DIR, --directory=DIR  change to DIR first (the kernel source tree)\n"
		"  O=DIR, --objdir DIR      object tree (relative to the -C directory, like make)\n"
		"  ARCH=A, --arch A         target architecture (default: host, via uname -m)\n"
		"  CROSS_COMPILE=P, --cross-compile P   toolchain prefix\n"
		"  LLVM=1, --llvm           use clang/ld.lld/llvm-* (LLVM=/path/ or LLVM=-NN too)\n"
		"  V=1                      show the conf command that is run\n"
		"  -s, --silent             quiet conf (like make -s)\n"
		"  -n, --dry-run            print the environment and conf command, run nothing\n"
		"  -h, --help               this help\n"
		"Other variables: KCONFIG_CONFIG, KCONFIG_ALLCONFIG, KCONFIG_SEED,\n"
		"KCONFIG_PROBABILITY, KBUILD_DEFCONFIG, KBUILD_KCONFIG, CC, LD, HOSTCC, W=...\n"
		"\nTargets: defconfig savedefconfig oldconfig olddefconfig syncconfig allnoconfig\n"
		"  allyesconfig allmodconfig alldefconfig randconfig listnewconfig helpnewconfig\n"
		"  yes2modconfig mod2yesconfig mod2noconfig tinyconfig <name>_defconfig <name>.config\n"
		"Exit status: conf's status; 2 for usage errors or when no kernel tree is found.\n");
}

/* ------------------------------------------------------------------ */
/* argument parsing                                                   */

static int is_fixed_target(const char *w)
{
	for (const struct kb_target_doc *d = kb_docs; d->name; d++)
		if (strcmp(d->name, w) == 0)
			return 1;
	return 0;
}

static int is_target_word(const char *w)
{
	return is_fixed_target(w) || ends_with(w, "_defconfig") ||
	       (ends_with(w, ".config") && strcmp(w, ".config") != 0 && !strchr(w, '/'));
}

/* Option taking a value: "--opt VAL", "--opt=VAL" (and "-CDIR" for -C). */
static int opt_value(char **argv, int argc, int *i, const char *lng, const char *shrt,
		     const char **out)
{
	const char *a = argv[*i];
	size_t n = strlen(lng);

	if (!strcmp(a, lng) || (shrt && !strcmp(a, shrt))) {
		if (*i + 1 >= argc) {
			fprintf(stderr, "kforge: option '%s' needs a value\n", a);
			exit(2);
		}
		*out = argv[++*i];
		return 1;
	}
	if (!strncmp(a, lng, n) && a[n] == '=') {
		*out = a + n + 1;
		return 1;
	}
	if (shrt && !strncmp(a, shrt, strlen(shrt)) && a[strlen(shrt)] != '\0' &&
	    shrt[1] != '-') {
		*out = a + strlen(shrt);
		return 1;
	}
	return 0;
}

/* Returns 0, or 2 after a message for bad usage. */
static int kb_parse(struct kb *kb, int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *val, *eq;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			kb->help = 1;
		} else if (!strcmp(a, "-s") || !strcmp(a, "--silent") || !strcmp(a, "--quiet")) {
			kb->silent = 1;
		} else if (!strcmp(a, "-n") || !strcmp(a, "--dry-run")) {
			kb->dry_run = 1;
		} else if (!strcmp(a, "--llvm")) {
			set_cmdvar(kb, "LLVM", "1");
		} else if (opt_value(argv, argc, &i, "--directory", "-C", &val)) {
			kb->dir_c = val;
		} else if (opt_value(argv, argc, &i, "--objdir", NULL, &val)) {
			set_cmdvar(kb, "O", val);
		} else if (opt_value(argv, argc, &i, "--arch", NULL, &val)) {
			set_cmdvar(kb, "ARCH", val);
		} else if (opt_value(argv, argc, &i, "--cross-compile", NULL, &val)) {
			set_cmdvar(kb, "CROSS_COMPILE", val);
		} else if (a[0] == '-') {
			fprintf(stderr, "kforge: unknown option '%s' (try 'kforge defconfig --help')\n", a);
			return 2;
		} else if ((eq = strchr(a, '=')) && valid_var_name(a, (size_t)(eq - a))) {
			char *name = xstrdup(a);

			name[eq - a] = '\0';
			set_cmdvar(kb, name, eq + 1);
			free(name);
		} else if (kb->ntargets > 0 && !kb->files[kb->ntargets - 1] &&
			   (!strcmp(kb->targets[kb->ntargets - 1], "defconfig") ||
			    !strcmp(kb->targets[kb->ntargets - 1], "savedefconfig")) &&
			   (!is_target_word(a) || strchr(a, '/') ||
			    (!is_fixed_target(a) && is_file(a)))) {
			/* "defconfig FILE": a path or an unknown word; a target word
			 * (e.g. kvm_guest.config) is the next target, as with make */
			kb->files[kb->ntargets - 1] = xstrdup(a);
		} else if (is_target_word(a)) {
			if (kb->ntargets >= KB_MAX_TARGETS) {
				fprintf(stderr, "kforge: too many targets\n");
				return 2;
			}
			kb->targets[kb->ntargets] = xstrdup(a);
			kb->files[kb->ntargets] = NULL;
			kb->ntargets++;
		} else {
			fprintf(stderr, "kforge: unknown configuration target '%s'\n", a);
			fprintf(stderr, "Run 'kforge defconfig --help' for the list of targets.\n");
			return 2;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* the tree                                                           */

static int is_kernel_srctree(const char *dir)
{
	char *mk = xfmt("%s/Makefile", dir), *kc = xfmt("%s/Kconfig", dir);
	char *km = xfmt("%s/scripts/kconfig/Makefile", dir);
	int r = is_file(mk) && is_file(kc) && is_file(km) && file_has(mk, "PATCHLEVEL");

	free(mk);
	free(kc);
	free(km);
	return r;
}

/*
 * The Makefile outputmakefile writes into an O= tree:
 *	# Automatically generated by SRCTREE/Makefile: don't edit
 *	include SRCTREE/Makefile
 * Returns SRCTREE (as written) or NULL.
 */
static char *srctree_from_output_makefile(void)
{
	char *text = read_whole("Makefile"), *line, *save = NULL, *res = NULL;

	if (!text)
		return NULL;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *l = trim(line);

		if (!strncmp(l, "include ", 8) && ends_with(l, "/Makefile")) {
			char *p = trim(l + 8);

			res = xstrdup(p);
			res[strlen(res) - strlen("/Makefile")] = '\0';
			if (!*res) {
				free(res);
				res = xstrdup("/");
			}
			break;
		}
	}
	free(text);
	return res;
}

/* "NAME = value" from the top Makefile (first occurrence, trimmed). */
static char *makefile_value(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		const char *q = p;

		if (strncmp(q, name, n) != 0)
			continue;
		q += n;
		while (*q == ' ' || *q == '\t')
			q++;
		if (q[0] == ':' && q[1] == '=')
			q++;
		if (*q != '=')
			continue;
		q++;
		const char *e = strchr(q, '\n');
		size_t len = e ? (size_t)(e - q) : strlen(q);
		char *v = xmalloc(len + 1);

		memcpy(v, q, len);
		v[len] = '\0';
		char *t = xstrdup(trim(v));

		free(v);
		return t;
	}
	return xstrdup("");
}

/* sed 's/RE/REPL/' (first match, POSIX basic RE). */
static char *sed_s(char *s, const char *re, const char *repl)
{
	regex_t rx;
	regmatch_t m;
	char *out;

	if (regcomp(&rx, re, 0) != 0)
		return s;
	if (regexec(&rx, s, 1, &m, 0) == 0) {
		out = xfmt("%.*s%s%s", (int)m.rm_so, s, repl, s + m.rm_eo);
		free(s);
		s = out;
	}
	regfree(&rx);
	return s;
}

/* SUBARCH: `uname -m` through scripts/subarch.include's sed rules. */
static char *compute_subarch(const struct kb *kb)
{
	char *inc = xfmt("%s/scripts/subarch.include", kb->abs_srctree);
	int arm64_kept = file_has(inc, "/^arm64$$/!s/arm.*/arm/");
	char *s = xstrdup(kb->uname_m);

	free(inc);
	s = sed_s(s, "i.86", "x86");
	s = sed_s(s, "x86_64", "x86");
	s = sed_s(s, "sun4u", "sparc64");
	if (!(arm64_kept && strcmp(s, "arm64") == 0))
		s = sed_s(s, "arm.*", "arm");
	s = sed_s(s, "sa110", "arm");
	s = sed_s(s, "s390x", "s390");
	s = sed_s(s, "ppc.*", "powerpc");
	s = sed_s(s, "mips.*", "mips");
	s = sed_s(s, "sh[234].*", "sh");
	s = sed_s(s, "aarch64.*", "arm64");
	s = sed_s(s, "riscv.*", "riscv");
	s = sed_s(s, "loongarch.*", "loongarch");
	return s;
}

static char *compute_srcarch(const char *arch)
{
	static const char *const map[][2] = {
		{ "i386", "x86" }, { "x86_64", "x86" },
		{ "sparc32", "sparc" }, { "sparc64", "sparc" },
		{ "parisc64", "parisc" }, { "sh64", "sh" },
		{ "tilegx", "tile" }, { "tilepro", "tile" },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(arch, map[i][0]) == 0)
			return xstrdup(map[i][1]);
	return xstrdup(arch);
}

/* $(call cc-cross-prefix, list): first prefix whose <prefix>gcc is in PATH. */
static char *cc_cross_prefix(const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *g = xfmt("%sgcc", list[i]);
		char *w = which(g);

		free(g);
		if (w) {
			free(w);
			return xstrdup(list[i]);
		}
	}
	return xstrdup("");
}

/* Prefixes ARCH-SUFFIX- for each arch, each suffix (parisc/powerpc style). */
static char *cc_cross_prefix_product(const char *const *arches, size_t na,
				     const char *const *sfx, size_t ns)
{
	const char *list[64];
	char *mem[64];
	size_t n = 0;
	char *r;

	for (size_t a = 0; a < na; a++)
		for (size_t s = 0; s < ns && n < 64; s++) {
			mem[n] = xfmt("%s-%s-", arches[a], sfx[s]);
			list[n] = mem[n];
			n++;
		}
	r = cc_cross_prefix(list, n);
	for (size_t i = 0; i < n; i++)
		free(mem[i]);
	return r;
}

/*
 * KBUILD_DEFCONFIG as arch/$SRCARCH/Makefile sets it.  Returns NULL when
 * the arch Makefile does not assign it.
 */
static char *arch_kbuild_defconfig(const struct kb *kb)
{
	char *mk = xfmt("%s/arch/%s/Makefile", kb->abs_srctree, kb->srcarch);
	char *text = read_whole(mk);
	char *res = NULL;
	const char *um = kb->uname_m;

	if (!text) {
		free(mk);
		return NULL;
	}
	if (!strcmp(kb->srcarch, "x86")) {
		if (!strcmp(kb->arch, "x86")) {
			int is_i386;

			if (strstr(text, "s/i.86/i386/")) {	/* 6.12 style */
				char *t = sed_s(xstrdup(um), "i.86", "i386");

				is_i386 = strcmp(t, "i386") == 0;
				free(t);
			} else {				/* 6.1 style */
				is_i386 = strcmp(um, "x86_64") != 0;
			}
			res = xstrdup(is_i386 ? "i386_defconfig" : "x86_64_defconfig");
		} else {
			res = xfmt("%s_defconfig", kb->arch);
		}
	} else if (!strcmp(kb->srcarch, "um")) {
		if (!strcmp(kb->subarch, "x86"))
			res = xstrdup(!strcmp(um, "x86_64") ? "x86_64_defconfig" : "i386_defconfig");
		else
			res = xfmt("%s_defconfig", kb->subarch);
	} else if (!strcmp(kb->srcarch, "sparc") && strstr(text, "sparc64_defconfig")) {
		res = xstrdup(!strcmp(kb->arch, "sparc64") ? "sparc64_defconfig" : "sparc32_defconfig");
	} else if (!strcmp(kb->srcarch, "parisc") && strstr(text, "generic-64bit_defconfig")) {
		res = xstrdup(!strcmp(kb->arch, "parisc64") ? "generic-64bit_defconfig"
							    : "generic-32bit_defconfig");
	} else if (!strcmp(kb->srcarch, "powerpc") && strstr(text, "$(uname)")) {
		const char *fallback = strstr(text, "ppc64le)_defconfig") ? "ppc64le" : "ppc64";

		res = xfmt("%s_defconfig", !strncmp(um, "ppc", 3) ? um : fallback);
	} else {
		/* a plain "KBUILD_DEFCONFIG := name" line */
		for (char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
			char *q = p;

			while (*q == ' ' || *q == '\t')
				q++;
			if (strncmp(q, "KBUILD_DEFCONFIG", 16) != 0)
				continue;
			q += 16;
			while (*q == ' ' || *q == '\t')
				q++;
			if (*q == ':' || *q == '?')
				q++;
			if (*q != '=')
				continue;
			q++;
			char *e = strchr(q, '\n');
			size_t len = e ? (size_t)(e - q) : strlen(q);
			char *v = xmalloc(len + 1);

			memcpy(v, q, len);
			v[len] = '\0';
			res = xstrdup(trim(v));
			free(v);
			break;
		}
	}
	free(text);
	free(mk);
	return res;
}

/* scripts/Makefile.clang: CLANG_FLAGS, or NULL after a make-style error. */
static char *compute_clang_flags(struct kb *kb)
{
	char *path = xfmt("%s/scripts/Makefile.clang", kb->abs_srctree);
	char *text = read_whole(path);
	char *target = NULL, *flags;
	const char *key_arch;
	const char *llvm_ias = envvar(kb, "LLVM_IAS", "");

	free(path);
	if (!text)
		return xstrdup("");
	/* CLANG_TARGET_FLAGS_<arch> := <triple>; um uses SUBARCH's */
	key_arch = !strcmp(kb->srcarch, "um") ? kb->subarch : kb->srcarch;
	char *key = xfmt("CLANG_TARGET_FLAGS_%s", key_arch);
	for (char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		size_t n = strlen(key);

		if (strncmp(p, key, n) != 0 || (p[n] != ' ' && p[n] != '\t' && p[n] != ':'))
			continue;
		char *q = strstr(p, ":=");
		char *e = strchr(p, '\n');

		if (!q || (e && q > e))
			continue;
		q += 2;
		size_t len = e ? (size_t)(e - q) : strlen(q);
		char *v = xmalloc(len + 1);

		memcpy(v, q, len);
		v[len] = '\0';
		target = xstrdup(trim(v));
		free(v);
		break;
	}
	free(key);

	int by_cross = strstr(text, "CROSS_COMPILE:%-=%") != NULL;

	if (by_cross && *kb->cross_compile) {
		/* --target=$(notdir $(CROSS_COMPILE:%-=%)) */
		char *cc = xstrdup(kb->cross_compile);
		size_t n = strlen(cc);

		if (n && cc[n - 1] == '-')
			cc[n - 1] = '\0';
		const char *base = strrchr(cc, '/') ? strrchr(cc, '/') + 1 : cc;

		flags = xfmt("--target=%s", base);
		free(cc);
	} else if (target && *target) {
		flags = xfmt("--target=%s", target);
	} else {
		fprintf(stderr, "scripts/Makefile.clang: *** %s.  Stop.\n",
			by_cross ? "Specify CROSS_COMPILE or add '--target=' option to scripts/Makefile.clang"
				 : "add '--target=' option to scripts/Makefile.clang");
		free(target);
		free(text);
		return NULL;
	}
	free(target);

	if (!strcmp(llvm_ias, "0")) {
		char *elf = xfmt("%selfedit", kb->cross_compile);
		char *w = which(elf);
		char *dir = xstrdup("./");
		const char *cc = kb->cross_compile;
		const char *base = strrchr(cc, '/') ? strrchr(cc, '/') + 1 : cc;

		if (w) {
			free(dir);
			dir = xstrdup(w);
			*(strrchr(dir, '/') + 1) = '\0';
		}
		char *nf = xfmt("%s -fno-integrated-as --prefix=%s%s", flags, dir, base);

		free(flags);
		flags = nf;
		free(elf);
		free(w);
		free(dir);
	} else {
		char *nf = xfmt("%s -fintegrated-as", flags);

		free(flags);
		flags = nf;
	}
	static const char *const werr[] = {
		"-Werror=unknown-warning-option", "-Werror=ignored-optimization-argument",
		"-Werror=option-ignored", "-Werror=unused-command-line-argument",
	};
	for (size_t i = 0; i < sizeof(werr) / sizeof(werr[0]); i++) {
		if (!strstr(text, werr[i]))
			continue;
		char *nf = xfmt("%s %s", flags, werr[i]);

		free(flags);
		flags = nf;
	}
	free(text);
	return flags;
}

static char *cc_version_text(const char *cc)
{
	char *cmd = xfmt("LC_ALL=C %s --version 2>/dev/null | head -n 1", cc);
	char *out = shell_out(cmd), *w = out;

	free(cmd);
	for (char *r = out; *r; r++)	/* $(subst $(pound),,...) */
		if (*r != '#')
			*w++ = *r;
	*w = '\0';
	return out;
}

/* Tool variables of the top Makefile (CC, LD, ...). */
static void set_tools(struct kb *kb)
{
	static const char *const tools[][3] = {
		/* name, gnu, llvm */
		{ "CC", "gcc", "clang" },
		{ "LD", "ld", "ld.lld" },
		{ "AR", "ar", "llvm-ar" },
		{ "NM", "nm", "llvm-nm" },
		{ "OBJCOPY", "objcopy", "llvm-objcopy" },
		{ "OBJDUMP", "objdump", "llvm-objdump" },
		{ "READELF", "readelf", "llvm-readelf" },
		{ "STRIP", "strip", "llvm-strip" },
	};

	for (size_t i = 0; i < sizeof(tools) / sizeof(tools[0]); i++) {
		char *def = kb->llvm ? xfmt("%s%s%s", kb->llvm_prefix, tools[i][2], kb->llvm_suffix)
				     : xfmt("%s%s", kb->cross_compile, tools[i][1]);

		kb_export(kb, tools[i][0], mkvar(kb, tools[i][0], def));
		free(def);
	}
	free(kb->cc);
	kb->cc = NULL;
	for (int i = 0; i < kb->nenv && !kb->cc; i++)
		if (!strcmp(kb->env[i].name, "CC"))
			kb->cc = xstrdup(kb->env[i].value);
	char *cpp = xfmt("%s -E", kb->cc);

	kb_export(kb, "CPP", mkvar(kb, "CPP", cpp));
	free(cpp);
}

/* ------------------------------------------------------------------ */
/* environment set-up: everything `make <config-target>` gives conf    */

static int kb_setup(struct kb *kb)
{
	char cwd[PATH_MAX], real[PATH_MAX];
	char *src = NULL, *mk_text, *mk_path;
	struct utsname un;
	const char *out;

	if (kb->dir_c && chdir(kb->dir_c) != 0) {
		fprintf(stderr, "kforge: -C %s: %s\n", kb->dir_c, strerror(errno));
		return 2;
	}
	if (!getcwd(cwd, sizeof(cwd))) {
		fprintf(stderr, "kforge: getcwd: %s\n", strerror(errno));
		return 2;
	}
	if (is_kernel_srctree(".")) {
		kb->abs_srctree = xstrdup(cwd);
	} else if ((src = srctree_from_output_makefile()) && realpath(src, real) &&
		   is_kernel_srctree(real)) {
		kb->abs_srctree = xstrdup(real);
	} else {
		fprintf(stderr, "kforge: %s is not a Linux kernel source tree (no top-level Makefile, Kconfig\n"
				"and scripts/kconfig/); run kforge there, or use -C <kernel-source-dir>\n", cwd);
		free(src);
		return 2;
	}
	free(src);
	if (!realpath(kb->abs_srctree, real)) {
		fprintf(stderr, "kforge: %s: %s\n", kb->abs_srctree, strerror(errno));
		return 2;
	}
	free(kb->abs_srctree);
	kb->abs_srctree = xstrdup(real);

	/* O= (command line) beats $KBUILD_OUTPUT */
	out = cmdvar(kb, "O");
	if (!out)
		out = getenv("KBUILD_OUTPUT");
	if (out && *out) {
		if (mkdir_p(out) != 0 || !realpath(out, real)) {
			fprintf(stderr, "kforge: failed to create output directory \"%s\"\n", out);
			return 2;
		}
		kb->abs_objtree = xstrdup(real);
	} else {
		kb->abs_objtree = xstrdup(cwd);
	}
	if (strpbrk(kb->abs_srctree, " :")) {
		fprintf(stderr, "kforge: source directory cannot contain spaces or colons\n");
		return 2;
	}

	/* srctree as make spells it */
	if (!strcmp(kb->abs_srctree, kb->abs_objtree)) {
		kb->srctree = xstrdup(".");
		kb->out_of_tree = 0;
	} else {
		char *parent = xstrdup(kb->abs_objtree);
		char *slash = strrchr(parent, '/');

		if (slash)
			slash[slash == parent ? 1 : 0] = '\0';
		kb->srctree = xstrdup(!strcmp(parent, kb->abs_srctree) ? ".." : kb->abs_srctree);
		free(parent);
		kb->out_of_tree = 1;
	}
	if (*envvar(kb, "KBUILD_ABS_SRCTREE", "")) {
		free(kb->srctree);
		kb->srctree = xstrdup(kb->abs_srctree);
	}
	if (chdir(kb->abs_objtree) != 0) {
		fprintf(stderr, "kforge: %s: %s\n", kb->abs_objtree, strerror(errno));
		return 2;
	}

	mk_path = xfmt("%s/Makefile", kb->abs_srctree);
	mk_text = read_whole(mk_path);
	if (!mk_text)
		mk_text = xstrdup("");

	/* --- top Makefile, before the arch Makefile --- */
	kb_export(kb, "LC_ALL", NULL);
	kb_export(kb, "LC_COLLATE", "C");
	kb_export(kb, "LC_NUMERIC", "C");
	kb_export(kb, "GREP_OPTIONS", NULL);

	const char *v = cmdvar(kb, "V");
	const char *verbose = v ? v : getenv("KBUILD_VERBOSE");
	int old_verbose = strstr(mk_text, "KBUILD_VERBOSE = 0") != NULL;	/* 6.1 */

	kb->verbose = verbose && strchr(verbose, '1');
	if (old_verbose && (!verbose || !*verbose))
		verbose = "0";
	if (old_verbose)
		kb->verbose = verbose && !strcmp(verbose, "1");
	if (kb->silent) {
		kb_export(kb, "quiet", "silent_");
		verbose = old_verbose ? "0" : "";
	} else {
		kb_export(kb, "quiet", kb->verbose ? "" : "quiet_");
	}
	kb_export(kb, "Q", kb->verbose ? "" : "@");
	/* make exports an `export`ed variable even when it is undefined (as "") */
	kb_export(kb, "KBUILD_VERBOSE", verbose ? verbose : "");
	kb_export(kb, "KBUILD_EXTMOD", envvar(kb, "M", envvar(kb, "KBUILD_EXTMOD", "")));
	kb_export(kb, "KBUILD_CHECKSRC", envvar(kb, "C", envvar(kb, "KBUILD_CHECKSRC", "0")));
	kb_export(kb, "KBUILD_CLIPPY", cmdvar(kb, "CLIPPY") ? cmdvar(kb, "CLIPPY")
							   : envvar(kb, "KBUILD_CLIPPY", ""));
	if (strstr(mk_text, "export KBUILD_EXTRA_WARN")) {
		const char *w = cmdvar(kb, "W");

		if (!w)
			w = envvar(kb, "KBUILD_EXTRA_WARN", envvar(kb, "KBUILD_ENABLE_EXTRA_GCC_CHECKS", ""));
		kb_export(kb, "KBUILD_EXTRA_WARN", w);
	}
	kb_export(kb, "sub_make_done", "1");
	kb_export(kb, "building_out_of_srctree", kb->out_of_tree ? "1" : "");
	kb_export(kb, "srctree", kb->srctree);
	kb_export(kb, "objtree", ".");
	kb_export(kb, "VPATH", kb->out_of_tree ? kb->srctree : "");
	if (strstr(mk_text, "export abs_srctree abs_objtree")) {		/* 6.1 */
		kb_export(kb, "abs_srctree", kb->abs_srctree);
		kb_export(kb, "abs_objtree", kb->abs_objtree);
	}

	char *ver = makefile_value(mk_text, "VERSION");
	char *pl = makefile_value(mk_text, "PATCHLEVEL");
	char *sl = makefile_value(mk_text, "SUBLEVEL");
	char *ev = makefile_value(mk_text, "EXTRAVERSION");
	char *kver = xfmt("%s%s%s%s%s%s", ver, *pl ? "." : "", pl, (*pl && *sl) ? "." : "",
			  *pl ? sl : "", ev);
	char *krel = read_whole("include/config/kernel.release");

	kb_export(kb, "VERSION", ver);
	kb_export(kb, "PATCHLEVEL", pl);
	kb_export(kb, "SUBLEVEL", sl);
	kb_export(kb, "KERNELVERSION", kver);
	if (krel) {
		char *t = krel;

		while (*t && *t != '\n')	/* one line in practice */
			t++;
		*t = '\0';
	}
	kb_export(kb, "KERNELRELEASE", krel ? krel : "");
	free(krel);
	free(ver);
	free(pl);
	free(sl);
	free(ev);
	free(kver);

	kb->uname_m = xstrdup(uname(&un) == 0 ? un.machine : "");
	kb->subarch = xstrdup(mkvar(kb, "SUBARCH", ""));
	if (!*kb->subarch) {
		free(kb->subarch);
		kb->subarch = compute_subarch(kb);
	}
	kb->arch = xstrdup(envvar(kb, "ARCH", kb->subarch));
	if (!*kb->arch) {
		free(kb->arch);
		kb->arch = xstrdup(kb->subarch);
	}
	kb->srcarch = compute_srcarch(kb->arch);
	char *archdir = xfmt("%s/arch/%s/Kconfig", kb->abs_srctree, kb->srcarch);

	if (!is_file(archdir)) {
		fprintf(stderr, "kforge: unknown architecture ARCH=%s (no arch/%s/ in %s)\n",
			kb->arch, kb->srcarch, kb->abs_srctree);
		free(archdir);
		free(mk_text);
		free(mk_path);
		return 2;
	}
	free(archdir);

	kb_export(kb, "ARCH", kb->arch);
	kb_export(kb, "SRCARCH", kb->srcarch);
	kb_export(kb, "KCONFIG_CONFIG", envvar(kb, "KCONFIG_CONFIG", ".config"));
	kb_export(kb, "CONFIG_SHELL", "sh");

	const char *llvm = envvar(kb, "LLVM", "");

	kb->llvm = *llvm != '\0';
	kb->llvm_prefix = xstrdup("");
	kb->llvm_suffix = xstrdup("");
	if (kb->llvm && ends_with(llvm, "/")) {
		free(kb->llvm_prefix);
		kb->llvm_prefix = xstrdup(llvm);
	} else if (kb->llvm && llvm[0] == '-') {
		free(kb->llvm_suffix);
		kb->llvm_suffix = xstrdup(llvm);
	}
	char *hcc = kb->llvm ? xfmt("%sclang%s", kb->llvm_prefix, kb->llvm_suffix) : xstrdup("gcc");
	char *hcxx = kb->llvm ? xfmt("%sclang++%s", kb->llvm_prefix, kb->llvm_suffix) : xstrdup("g++");

	kb_export(kb, "HOSTCC", mkvar(kb, "HOSTCC", hcc));
	kb_export(kb, "HOSTCXX", mkvar(kb, "HOSTCXX", hcxx));
	free(hcc);
	free(hcxx);
	kb_export(kb, "HOSTRUSTC", mkvar(kb, "HOSTRUSTC", "rustc"));
	kb_export(kb, "HOSTPKG_CONFIG", mkvar(kb, "HOSTPKG_CONFIG", "pkg-config"));

	kb->cross_compile = xstrdup(envvar(kb, "CROSS_COMPILE", ""));
	set_tools(kb);

	static const char *const plain[][2] = {
		{ "RUSTC", "rustc" }, { "RUSTDOC", "rustdoc" }, { "RUSTFMT", "rustfmt" },
		{ "BINDGEN", "bindgen" }, { "PAHOLE", "pahole" },
		{ "LEX", "flex" }, { "YACC", "bison" }, { "AWK", "awk" },
		{ "INSTALLKERNEL", "installkernel" }, { "PERL", "perl" },
		{ "PYTHON3", "python3" }, { "CHECK", "sparse" }, { "BASH", "bash" },
		{ "KGZIP", "gzip" }, { "KBZIP2", "bzip2" }, { "KLZOP", "lzop" },
		{ "LZMA", "lzma" }, { "LZ4", "lz4" }, { "XZ", "xz" }, { "ZSTD", "zstd" },
	};
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		kb_export(kb, plain[i][0], mkvar(kb, plain[i][0], plain[i][1]));
	if (strstr(mk_text, "CARGO\t\t= cargo") || strstr(mk_text, "export RUSTC RUSTDOC RUSTFMT RUSTC_OR_CLIPPY_QUIET RUSTC_OR_CLIPPY BINDGEN CARGO"))
		kb_export(kb, "CARGO", mkvar(kb, "CARGO", "cargo"));
	kb_export(kb, "RESOLVE_BTFIDS",
		  mkvar(kb, "RESOLVE_BTFIDS", "./tools/bpf/resolve_btfids/resolve_btfids"));
	kb_export(kb, "MAKE", getenv("MAKE") ? getenv("MAKE") : "make");
	int clippy = !strcmp(envvar(kb, "KBUILD_CLIPPY", ""), "1") || (cmdvar(kb, "CLIPPY") && !strcmp(cmdvar(kb, "CLIPPY"), "1"));

	kb_export(kb, "RUSTC_OR_CLIPPY_QUIET", clippy ? "CLIPPY" : "RUSTC");
	kb_export(kb, "RUSTC_OR_CLIPPY", clippy ? mkvar(kb, "CLIPPY_DRIVER", "clippy-driver")
						: mkvar(kb, "RUSTC", "rustc"));
	kb_export(kb, "RUSTC_BOOTSTRAP", "1");
	if (strstr(mk_text, "CLIPPY_CONF_DIR"))
		kb_export(kb, "CLIPPY_CONF_DIR", kb->srctree);
	if (strstr(mk_text, "export RUST_LIB_SRC") && envvar(kb, "RUST_LIB_SRC", NULL))
		kb_export(kb, "RUST_LIB_SRC", envvar(kb, "RUST_LIB_SRC", ""));

	/* UTS_MACHINE := $(ARCH), adjusted by some arch Makefiles */
	const char *uts = kb->arch;

	if (!strcmp(kb->srcarch, "x86"))
		uts = "x86_64";		/* CONFIG_X86_32 is not known yet */
	else if (!strcmp(kb->srcarch, "arm64"))
		uts = "aarch64";
	else if (!strcmp(kb->srcarch, "s390"))
		uts = "s390x";
	else if (!strcmp(kb->srcarch, "loongarch"))
		uts = "loongarch64";
	kb_export(kb, "UTS_MACHINE", mkvar(kb, "UTS_MACHINE", uts));

	/* CC_VERSION_TEXT decides whether scripts/Makefile.clang applies */
	free(kb->cc_version_text);
	kb->cc_version_text = cc_version_text(kb->cc);
	if (strstr(kb->cc_version_text, "clang")) {
		char *cf = compute_clang_flags(kb);

		if (!cf) {
			free(mk_text);
			free(mk_path);
			return 2;
		}
		kb_export(kb, "CLANG_FLAGS", cf);
		free(cf);
	} else {
		kb_export_if_env(kb, "CLANG_FLAGS", "");
	}

	/* --- arch/$(SRCARCH)/Makefile --- */
	const char *cross_compiling = envvar(kb, "cross_compiling", "");
	int cross_empty = *kb->cross_compile == '\0';
	char *newcc = NULL;

	if (!strcmp(kb->srcarch, "arc") && cross_empty) {
		static const char *const l[] = { "arc-linux-", "arceb-linux-", "arc-linux-gnu-" };

		newcc = cc_cross_prefix(l, 3);
	} else if (!strcmp(kb->srcarch, "loongarch") && cross_empty &&
		   strcmp(kb->subarch, kb->arch) != 0) {
		static const char *const l[] = { "loongarch64-linux-", "loongarch64-linux-gnu-",
						 "loongarch64-unknown-linux-gnu-" };

		newcc = cc_cross_prefix(l, 3);
	} else if (*cross_compiling && cross_empty && !strcmp(kb->srcarch, "m68k")) {
		static const char *const l[] = { "m68k-linux-gnu-", "m68k-linux-", "m68k-unknown-linux-gnu-" };

		newcc = cc_cross_prefix(l, 3);
	} else if (*cross_compiling && cross_empty && !strcmp(kb->srcarch, "sh")) {
		static const char *const l[] = { "sh-linux-", "sh-linux-gnu-", "sh-unknown-linux-gnu-" };

		newcc = cc_cross_prefix(l, 3);
	} else if (*cross_compiling && cross_empty && !strcmp(kb->srcarch, "powerpc")) {
		static const char *const a[] = { "powerpc", "powerpc64", "powerpc64le" };
		static const char *const s[] = { "linux", "linux-gnu", "unknown-linux-gnu" };

		newcc = cc_cross_prefix_product(a, 3, s, 3);
	} else if (*cross_compiling && cross_empty && !strcmp(kb->srcarch, "parisc")) {
		static const char *const a64[] = { "hppa64" };
		static const char *const a32[] = { "hppa", "hppa2.0", "hppa1.1" };
		static const char *const s[] = { "linux", "linux-gnu", "unknown-linux-gnu", "suse-linux" };

		newcc = !strcmp(kb->arch, "parisc64") ? cc_cross_prefix_product(a64, 1, s, 4)
						      : cc_cross_prefix_product(a32, 3, s, 4);
	}
	if (!strcmp(kb->srcarch, "parisc")) {
		static const char *const a32[] = { "hppa", "hppa2.0", "hppa1.1" };
		static const char *const s[] = { "linux", "linux-gnu", "unknown-linux-gnu", "suse-linux" };
		char *p = cc_cross_prefix_product(a32, 3, s, 4);
		char *c = xfmt("%sgcc", p);

		kb_export(kb, "CROSS32CC", c);
		free(p);
		free(c);
	}
	if (newcc && !cmdvar(kb, "CROSS_COMPILE")) {
		free(kb->cross_compile);
		kb->cross_compile = newcc;
		newcc = NULL;
		set_tools(kb);		/* CC = $(CROSS_COMPILE)gcc is recursive */
		free(kb->cc_version_text);
		kb->cc_version_text = cc_version_text(kb->cc);
	}
	free(newcc);
	kb_export(kb, "CROSS_COMPILE", kb->cross_compile);

	/* fixed values of the top Makefile (compile flags proper are left out:
	 * they depend on arch Makefile logic conf never looks at) */
	static const char *const fixed[][2] = {
		{ "NOSTDINC_FLAGS", "" }, { "CFLAGS_MODULE", "" }, { "AFLAGS_MODULE", "" },
		{ "LDFLAGS_MODULE", "" }, { "CFLAGS_KERNEL", "" }, { "AFLAGS_KERNEL", "" },
		{ "RUSTFLAGS_MODULE", "" }, { "RUSTFLAGS_KERNEL", "" }, { "OBJCOPYFLAGS", "" },
		{ "KBUILD_AFLAGS_KERNEL", "" }, { "KBUILD_CFLAGS_KERNEL", "" },
		{ "KBUILD_RUSTFLAGS_KERNEL", "" }, { "KBUILD_AFLAGS_MODULE", "-DMODULE" },
		{ "KBUILD_CFLAGS_MODULE", "-DMODULE" }, { "KBUILD_RUSTFLAGS_MODULE", "--cfg MODULE" },
		{ "KBUILD_LDFLAGS_MODULE", "" },
	};
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		kb_export(kb, fixed[i][0], mkvar(kb, fixed[i][0], fixed[i][1]));
	if (strstr(mk_text, "export RCS_TAR_IGNORE"))		/* 6.1 */
		kb_export(kb, "RCS_TAR_IGNORE", "--exclude SCCS --exclude BitKeeper --exclude .svn "
			  "--exclude CVS --exclude .pc --exclude .hg --exclude .git");
	if (strstr(mk_text, "KBUILD_USERCFLAGS")) {
		char *uc = xfmt("-Wall -Wmissing-prototypes -Wstrict-prototypes -O2 "
				"-fomit-frame-pointer -std=gnu11 %s", envvar(kb, "USERCFLAGS", ""));

		kb_export(kb, "KBUILD_USERCFLAGS", mkvar(kb, "KBUILD_USERCFLAGS", uc));
		kb_export(kb, "KBUILD_USERLDFLAGS",
			  mkvar(kb, "KBUILD_USERLDFLAGS", envvar(kb, "USERLDFLAGS", "")));
		free(uc);
	}
	kb_export(kb, "RCS_FIND_IGNORE", "\\( -name SCCS -o -name BitKeeper -o -name .svn -o "
		  "-name CVS -o -name .pc -o -name .hg -o -name .git \\) -prune -o");

	if (!strcmp(kb->srcarch, "um")) {
		const char *ha = kb->subarch;

		if (!strcmp(ha, "x86") || !strcmp(ha, "x86_64") || !strcmp(ha, "i386"))
			ha = "x86";
		kb_export(kb, "HEADER_ARCH", ha);
		kb_export(kb, "SUBARCH", kb->subarch);
	}

	char *akd = arch_kbuild_defconfig(kb);
	const char *kd = cmdvar(kb, "KBUILD_DEFCONFIG");

	if (!kd)
		kd = akd;
	if (!kd)
		kd = getenv("KBUILD_DEFCONFIG");
	if (!kd || !*kd)
		kd = "defconfig";	/* scripts/kconfig/Makefile */
	kb->kbuild_defconfig = xstrdup(kd);
	free(akd);
	kb_export(kb, "KBUILD_DEFCONFIG", kb->kbuild_defconfig);

	const char *kk = envvar(kb, "KBUILD_KCONFIG", NULL);

	kb_export(kb, "KBUILD_KCONFIG", kk ? kk : "");
	kb->kconfig = xstrdup(kk && *kk ? kk : "Kconfig");

	kb_export(kb, "CC_VERSION_TEXT", kb->cc_version_text);
	if (strstr(mk_text, "RUSTC_VERSION_TEXT")) {
		char *cmd = xfmt("%s --version 2>/dev/null", mkvar(kb, "RUSTC", "rustc"));
		char *rv = shell_out(cmd), *w = rv;

		for (char *r = rv; *r; r++)
			if (*r != '#')
				*w++ = *r;
		*w = '\0';
		kb_export(kb, "RUSTC_VERSION_TEXT", rv);
		free(cmd);
		free(rv);
	}
	if (strstr(mk_text, "export PAHOLE_FLAGS")) {		/* 6.1 */
		char *q = shquote(mkvar(kb, "PAHOLE", "pahole"));
		char *cmd = xfmt("PAHOLE=%s %s/scripts/pahole-flags.sh", q, kb->srctree);
		char *pf = shell_out(cmd);

		kb_export(kb, "PAHOLE_FLAGS", pf);
		free(q);
		free(cmd);
		free(pf);
	}

	/* --- scripts/kconfig/Makefile --- */
	char *kcm = xfmt("%s/scripts/kconfig/Makefile", kb->abs_srctree);
	char *list;

	if (!*cross_compiling) {
		char *rel = shell_out("uname -r");

		list = xfmt("/lib/modules/%s/.config /etc/kernel-config /boot/config-%s "
			    "arch/%s/configs/%s", rel, rel, kb->srcarch, kb->kbuild_defconfig);
		free(rel);
	} else {
		list = xfmt("arch/%s/configs/%s", kb->srcarch, kb->kbuild_defconfig);
	}
	kb_export(kb, "KCONFIG_DEFCONFIG_LIST", list);
	free(list);
	if (file_has(kcm, "KCONFIG_WARN_UNKNOWN_SYMBOLS")) {
		const char *w = envvar(kb, "KBUILD_EXTRA_WARN", "");

		if (cmdvar(kb, "W"))
			w = cmdvar(kb, "W");
		if (strchr(w, 'c'))
			kb_export(kb, "KCONFIG_WARN_UNKNOWN_SYMBOLS", "1");
		if (strchr(w, 'e'))
			kb_export(kb, "KCONFIG_WERROR", "1");
	}
	kb_export(kb, "CONFIG_", NULL);		/* unexport CONFIG_ */
	free(kcm);
	free(mk_text);
	free(mk_path);
	return 0;
}

/* ------------------------------------------------------------------ */
/* running                                                            */

static void kb_dry_env(const struct kb *kb)
{
	printf("cd %s\n", kb->abs_objtree);
	for (int i = 0; i < kb->ncmd; i++)
		printf("export %s=%s\n", kb->cmd[i].name, kb->cmd[i].value);
	for (int i = 0; i < kb->nenv; i++) {
		if (kb->env[i].value) {
			char *q = shquote(kb->env[i].value);

			printf("export %s=%s\n", kb->env[i].name, q);
			free(q);
		} else {
			printf("unset %s\n", kb->env[i].name);
		}
	}
}

/* Run conf_main(argv) in a child; extra_env "NAME=value" or NULL. */
static int kb_conf(const struct kb *kb, const char *mode, const char *extra_env)
{
	char *argv[6];
	int argc = 0;
	pid_t pid;
	int status;

	argv[argc++] = (char *)"conf";
	if (kb->silent)
		argv[argc++] = (char *)"-s";
	if (mode)
		argv[argc++] = (char *)mode;
	argv[argc++] = kb->kconfig;
	argv[argc] = NULL;

	if (kb->verbose || kb->dry_run) {
		printf("%s%skforge conf", extra_env ? extra_env : "", extra_env ? " " : "");
		for (int i = 1; i < argc; i++)
			printf(" %s", argv[i]);
		printf("\n");
	}
	if (kb->dry_run)
		return 0;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "kforge: fork: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		if (extra_env) {
			char *e = xstrdup(extra_env), *eq = strchr(e, '=');

			*eq = '\0';
			setenv(e, eq + 1, 1);
		}
		int rc = conf_main(argc, argv);

		fflush(NULL);
		_exit(rc & 0xff);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "kforge: waitpid: %s\n", strerror(errno));
			return 1;
		}
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	fprintf(stderr, "kforge: conf terminated by signal %d\n",
		WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return 1;
}

/* `make outputmakefile` for O= builds. */
static int kb_outputmakefile(const struct kb *kb)
{
	char *p1, *p2, *p3;
	int dirty;

	if (!kb->out_of_tree)
		return 0;
	p1 = xfmt("%s/.config", kb->srctree);
	p2 = xfmt("%s/include/config", kb->srctree);
	p3 = xfmt("%s/arch/%s/include/generated", kb->srctree, kb->srcarch);
	dirty = is_file(p1) || is_dir(p2) || is_dir(p3);
	free(p1);
	free(p2);
	free(p3);
	if (dirty) {
		const char *a = cmdvar(kb, "ARCH");

		fprintf(stderr, "***\n*** The source tree is not clean, please run 'make%s%s mrproper'\n"
				"*** in %s\n***\n", a ? " ARCH=" : "", a ? a : "", kb->abs_srctree);
		return 2;
	}
	if (kb->dry_run)
		return 0;
	/* ln -fsn $(srctree) source */
	unlink("source");
	if (symlink(kb->srctree, "source") != 0)
		fprintf(stderr, "kforge: warning: symlink source: %s\n", strerror(errno));
	if (!kb->silent)
		printf("  GEN     Makefile\n");
	FILE *fp = fopen("Makefile", "w");

	if (!fp) {
		fprintf(stderr, "kforge: Makefile: %s\n", strerror(errno));
		return 2;
	}
	fprintf(fp, "# Automatically generated by %s/Makefile: don't edit\n", kb->srctree);
	fprintf(fp, "include %s/Makefile\n", kb->srctree);
	fclose(fp);
	if (!path_exists(".gitignore")) {
		fp = fopen(".gitignore", "w");
		if (fp) {
			fprintf(fp, "# this is build directory, ignore it\n*\n");
			fclose(fp);
		}
	}
	return 0;
}

/* A path given by the user, relative to where kforge was started. */
static char *user_path(const struct kb *kb, const char *p)
{
	if (p[0] == '/')
		return xstrdup(p);
	return xfmt("%s/%s", kb->user_cwd, p);
}

static void kb_list_defconfigs(const struct kb *kb)
{
	char *cmd = xfmt("ls %s/arch/%s/configs 2>/dev/null | grep '_defconfig$' | tr '\\n' ' '",
			 kb->srctree, kb->srcarch);
	char *out = shell_out(cmd);

	fprintf(stderr, "kforge: available for ARCH=%s: %s\n", kb->arch, *out ? out : "(none)");
	free(cmd);
	free(out);
}

static int kb_target(struct kb *kb, const char *t, const char *file, int depth);

static int kb_merge_fragment(struct kb *kb, const char *t, int depth)
{
	char *f1 = xfmt("%s/kernel/configs/%s", kb->srctree, t);
	char *f2 = xfmt("%s/arch/%s/configs/%s", kb->srctree, kb->srcarch, t);
	char *kcm = xfmt("%s/scripts/kconfig/Makefile", kb->abs_srctree);
	int new_style = file_has(kcm, "merge_config.sh -m $(KCONFIG_CONFIG)");
	char *script = xfmt("%s/scripts/kconfig/merge_config.sh", kb->srctree);
	char *frags, *cmd;
	int rc;

	frags = xfmt("%s%s%s%s", path_exists(f1) ? " " : "", path_exists(f1) ? f1 : "",
		     path_exists(f2) ? " " : "", path_exists(f2) ? f2 : "");
	if (!*frags) {
		if (new_style)
			fprintf(stderr, "kforge: *** %s fragment does not exists on this architecture.  Stop.\n", t);
		else
			fprintf(stderr, "kforge: *** No configuration exists for this target on this architecture.  Stop.\n");
		rc = 2;
		goto out;
	}
	cmd = xfmt("%s%s -m %s%s", new_style ? "" : "sh ", script,
		   new_style ? "\"$KCONFIG_CONFIG\"" : ".config", frags);
	if (kb->verbose || kb->dry_run)
		printf("%s\n", cmd);
	if (!kb->dry_run) {
		fflush(NULL);
		int st = system(cmd);

		rc = (st == -1) ? 2 : (WIFEXITED(st) ? WEXITSTATUS(st) : 2);
	} else {
		rc = 0;
	}
	free(cmd);
	if (rc == 0)
		rc = kb_target(kb, "olddefconfig", NULL, depth + 1);
out:
	free(frags);
	free(f1);
	free(f2);
	free(kcm);
	free(script);
	return rc;
}

/* One configuration target, as scripts/kconfig/Makefile runs it. */
static int kb_target(struct kb *kb, const char *t, const char *file, int depth)
{
	static const char *const simple[] = {
		"oldconfig", "allnoconfig", "allyesconfig", "allmodconfig", "alldefconfig",
		"randconfig", "listnewconfig", "olddefconfig", "syncconfig", "helpnewconfig",
		"yes2modconfig", "mod2yesconfig", "mod2noconfig",
	};
	char *mode;
	int rc;

	if (depth > 8) {
		fprintf(stderr, "kforge: KBUILD_DEFCONFIG recursion too deep at '%s'\n", t);
		return 2;
	}
	for (size_t i = 0; i < sizeof(simple) / sizeof(simple[0]); i++) {
		if (strcmp(t, simple[i]) != 0)
			continue;
		if (!strcmp(t, "syncconfig") && !kb->dry_run) {
			mkdir_p("include/config");
			mkdir_p("include/generated");
		}
		mode = xfmt("--%s", t);
		rc = kb_conf(kb, mode, NULL);
		free(mode);
		return rc;
	}
	if (!strcmp(t, "savedefconfig")) {
		char *p = file ? user_path(kb, file) : xstrdup("defconfig");

		mode = xfmt("--savedefconfig=%s", p);
		rc = kb_conf(kb, mode, NULL);
		free(mode);
		free(p);
		return rc;
	}
	if (!strcmp(t, "defconfig")) {
		if (file) {
			char *p = user_path(kb, file);

			if (!is_file(p)) {
				char *a = xfmt("%s/arch/%s/configs/%s", kb->srctree, kb->srcarch, file);

				free(p);
				if (!is_file(a)) {
					free(a);
					fprintf(stderr, "kforge: defconfig file '%s' not found (neither a path "
							"nor arch/%s/configs/%s)\n", file, kb->srcarch, file);
					kb_list_defconfigs(kb);
					return 2;
				}
				free(a);
				p = xfmt("arch/%s/configs/%s", kb->srcarch, file);
			}
			if (!kb->silent)
				printf("*** Default configuration is based on '%s'\n", file);
			mode = xfmt("--defconfig=%s", p);
			rc = kb_conf(kb, mode, NULL);
			free(mode);
			free(p);
			return rc;
		}
		char *w = xfmt("%s/arch/%s/configs/%s", kb->srctree, kb->srcarch, kb->kbuild_defconfig);
		int exists = path_exists(w);

		free(w);
		if (exists) {
			if (!kb->silent)
				printf("*** Default configuration is based on '%s'\n", kb->kbuild_defconfig);
			mode = xfmt("--defconfig=arch/%s/configs/%s", kb->srcarch, kb->kbuild_defconfig);
			rc = kb_conf(kb, mode, NULL);
			free(mode);
			return rc;
		}
		if (!kb->silent)
			printf("*** Default configuration is based on target '%s'\n", kb->kbuild_defconfig);
		if (!is_target_word(kb->kbuild_defconfig) || !strcmp(kb->kbuild_defconfig, "defconfig")) {
			fprintf(stderr, "kforge: *** No rule to make target '%s'.  Stop.\n", kb->kbuild_defconfig);
			return 2;
		}
		return kb_target(kb, kb->kbuild_defconfig, NULL, depth + 1);
	}
	if (!strcmp(t, "tinyconfig")) {
		rc = kb_conf(kb, "--allnoconfig", "KCONFIG_ALLCONFIG=kernel/configs/tiny-base.config");
		if (rc)
			return rc;
		return kb_target(kb, "tiny.config", NULL, depth + 1);
	}
	if (ends_with(t, "_defconfig")) {
		char *a = xfmt("%s/arch/%s/configs/%s", kb->srctree, kb->srcarch, t);
		char *b = xfmt("arch/%s/configs/%s", kb->srcarch, t);
		int found = is_file(a) || is_file(b);

		free(a);
		if (!found && !kb->dry_run) {
			fprintf(stderr, "kforge: no defconfig arch/%s/configs/%s (ARCH=%s)\n",
				kb->srcarch, t, kb->arch);
			kb_list_defconfigs(kb);
			free(b);
			return 2;
		}
		mode = xfmt("--defconfig=%s", b);
		rc = kb_conf(kb, mode, NULL);
		free(mode);
		free(b);
		return rc;
	}
	if (ends_with(t, ".config"))
		return kb_merge_fragment(kb, t, depth);
	fprintf(stderr, "kforge: unknown configuration target '%s'\n", t);
	return 2;
}

static void kb_free(struct kb *kb)
{
	for (int i = 0; i < kb->ncmd; i++) {
		free(kb->cmd[i].name);
		free(kb->cmd[i].value);
	}
	for (int i = 0; i < kb->ntargets; i++) {
		free(kb->targets[i]);
		free(kb->files[i]);
	}
	for (int i = 0; i < kb->nenv; i++) {
		free(kb->env[i].name);
		free(kb->env[i].value);
	}
	free(kb->user_cwd);
	free(kb->abs_srctree);
	free(kb->abs_objtree);
	free(kb->srctree);
	free(kb->arch);
	free(kb->srcarch);
	free(kb->subarch);
	free(kb->uname_m);
	free(kb->cross_compile);
	free(kb->llvm_prefix);
	free(kb->llvm_suffix);
	free(kb->cc);
	free(kb->cc_version_text);
	free(kb->kconfig);
	free(kb->kbuild_defconfig);
}

static int kb_main(int argc, char **argv)
{
	struct kb *kb = calloc(1, sizeof(*kb));
	char cwd[PATH_MAX];
	int rc;

	if (!kb) {
		fprintf(stderr, "kforge: out of memory\n");
		return 1;
	}
	rc = kb_parse(kb, argc, argv);
	if (rc)
		goto out;
	if (kb->help) {
		kb_usage(kb->ntargets ? kb->targets[0] : NULL, stdout);
		goto out;
	}
	if (kb->ntargets == 0) {
		fprintf(stderr, "kforge: no configuration target given\n");
		kb_usage(NULL, stderr);
		rc = 2;
		goto out;
	}
	kb->user_cwd = xstrdup(getcwd(cwd, sizeof(cwd)) ? cwd : ".");
	rc = kb_setup(kb);
	if (rc)
		goto out;
	if (kb->dry_run)
		kb_dry_env(kb);
	else
		kb_apply_env(kb);
	rc = kb_outputmakefile(kb);
	for (int i = 0; !rc && i < kb->ntargets; i++)
		rc = kb_target(kb, kb->targets[i], kb->files[i], 0);
out:
	kb_free(kb);
	free(kb);
	return rc;
}

/* ------------------------------------------------------------------ */
/* registration                                                       */

int kf_kbuild_fallback(int argc, char **argv)
{
	const char *a;

	if (argc < 1)
		return -1;
	a = argv[0];
	if (is_target_word(a) || !strcmp(a, "-C") || !strncmp(a, "-C", 2) ||
	    !strncmp(a, "--directory", 11) || !strncmp(a, "--objdir", 8) ||
	    !strncmp(a, "--arch", 6) || !strncmp(a, "--cross-compile", 15) ||
	    !strcmp(a, "--llvm") || !strcmp(a, "-s") || !strcmp(a, "-n") ||
	    !strcmp(a, "--dry-run") ||
	    (strchr(a, '=') && valid_var_name(a, (size_t)(strchr(a, '=') - a))))
		return kb_main(argc, argv);
	return -1;
}

const struct kf_cmd kf_kbuild_cmds[] = {
	{ "defconfig", kb_main, "make defconfig without make ([-C DIR] [O=DIR] [ARCH=..] [FILE])" },
	{ "savedefconfig", kb_main, "make savedefconfig: minimal config to ./defconfig or FILE" },
	{ "oldconfig", kb_main, "make oldconfig: update .config, asking for new symbols" },
	{ "olddefconfig", kb_main, "make olddefconfig: update .config, new symbols get defaults" },
	{ "syncconfig", kb_main, "make syncconfig: write include/config/auto.conf and headers" },
	{ "allnoconfig", kb_main, "make allnoconfig" },
	{ "allyesconfig", kb_main, "make allyesconfig" },
	{ "allmodconfig", kb_main, "make allmodconfig" },
	{ "alldefconfig", kb_main, "make alldefconfig" },
	{ "randconfig", kb_main, "make randconfig (KCONFIG_SEED=, KCONFIG_PROBABILITY=)" },
	{ "listnewconfig", kb_main, "make listnewconfig" },
	{ "helpnewconfig", kb_main, "make helpnewconfig" },
	{ "yes2modconfig", kb_main, "make yes2modconfig" },
	{ "mod2yesconfig", kb_main, "make mod2yesconfig" },
	{ "mod2noconfig", kb_main, "make mod2noconfig" },
	{ "tinyconfig", kb_main, "make tinyconfig" },
	{ "<name>_defconfig", kb_main, "make <name>_defconfig (arch/$SRCARCH/configs/<name>_defconfig)" },
	{ "<name>.config", kb_main, "make <name>.config (merge a config fragment, then olddefconfig)" },
	{ NULL, NULL, NULL }
};

/* ------------------------------------------------------------------ */
/* loading a tree for the inspecting commands (kforge.h: kf_tree)      */

const char kf_tree_options_help[] =
	"Tree options (as for the configuration targets):\n"
	"  -C DIR, --directory DIR   kernel source tree (default: the current directory)\n"
	"  O=DIR, --objdir DIR       object tree holding .config\n"
	"  ARCH=ARCH, --arch ARCH    architecture (default: the host's, as make)\n"
	"  CROSS_COMPILE=PREFIX, LLVM=1, CC=..., KBUILD_*=..., KCONFIG_*=...\n"
	"                            as on make's command line\n"
	"  --kconfig FILE            a Kconfig file outside a kernel tree\n"
	"  --config FILE             the configuration to read (default: $KCONFIG_CONFIG\n"
	"                            or .config in the object tree)\n";

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

void kf_tree_init(struct kf_tree *t)
{
	char cwd[PATH_MAX];

	memset(t, 0, sizeof(*t));
	t->started_at = now_ms();
	t->kb = calloc(1, sizeof(*t->kb));
	if (!t->kb) {
		fprintf(stderr, "kforge: out of memory\n");
		exit(1);
	}
	t->user_cwd = xstrdup(getcwd(cwd, sizeof(cwd)) ? cwd : ".");
	t->kb->user_cwd = xstrdup(t->user_cwd);
	t->kb->silent = 1;
}

/*
 * Words NAME=value that are make variables, not Kconfig symbols: the
 * inspecting commands also take SYMBOL=VALUE words.
 */
static int is_make_variable(const char *name, size_t n)
{
	static const char *const vars[] = {
		"ARCH", "O", "CROSS_COMPILE", "LLVM", "LLVM_IAS", "CC", "LD", "AR", "NM",
		"OBJCOPY", "OBJDUMP", "READELF", "STRIP", "HOSTCC", "HOSTCXX", "HOSTLD",
		"HOSTAR", "RUSTC", "BINDGEN", "PAHOLE", "SUBARCH", "V", "W", "C", "M",
	};

	for (size_t k = 0; k < sizeof(vars) / sizeof(vars[0]); k++)
		if (strlen(vars[k]) == n && !strncmp(name, vars[k], n))
			return 1;
	return (n > 7 && !strncmp(name, "KBUILD_", 7)) || (n > 8 && !strncmp(name, "KCONFIG_", 8));
}

int kf_tree_option(struct kf_tree *t, int argc, char **argv, int *i)
{
	struct kb *kb = t->kb;
	const char *a = argv[*i], *val, *eq;

	if (!strcmp(a, "--llvm")) {
		set_cmdvar(kb, "LLVM", "1");
	} else if (opt_value(argv, argc, i, "--directory", "-C", &val)) {
		kb->dir_c = val;
	} else if (opt_value(argv, argc, i, "--objdir", NULL, &val)) {
		set_cmdvar(kb, "O", val);
	} else if (opt_value(argv, argc, i, "--arch", NULL, &val)) {
		set_cmdvar(kb, "ARCH", val);
	} else if (opt_value(argv, argc, i, "--cross-compile", NULL, &val)) {
		set_cmdvar(kb, "CROSS_COMPILE", val);
	} else if (opt_value(argv, argc, i, "--kconfig", NULL, &val)) {
		free(t->kconfig);
		t->kconfig = xstrdup(val);	/* made absolute if we move */
	} else if (opt_value(argv, argc, i, "--config", NULL, &val)) {
		free(t->config);
		t->config = xstrdup(val);	/* made absolute if we move */
	} else if (a[0] != '-' && (eq = strchr(a, '=')) && eq > a &&
		   valid_var_name(a, (size_t)(eq - a)) && is_make_variable(a, (size_t)(eq - a))) {
		char *name = xstrdup(a);

		name[eq - a] = '\0';
		set_cmdvar(kb, name, eq + 1);
		free(name);
	} else {
		return 0;
	}
	return 1;
}

/* Is the directory a kernel source tree, or an O= tree made by one? */
static int kf_tree_is_kernel(const char *dir)
{
	char *mk, *text;
	int r;

	if (is_kernel_srctree(dir))
		return 1;
	/* an O= tree: its Makefile, written by outputmakefile, includes the source's */
	mk = xfmt("%s/Makefile", dir);
	text = read_whole(mk);
	free(mk);
	r = text && strstr(text, "Automatically generated by") && strstr(text, "include ");
	free(text);
	return r;
}

static char *absolutize(const struct kb *kb, char *path)
{
	char *abs = user_path(kb, path);

	free(path);
	return abs;
}

int kf_tree_load(struct kf_tree *t, bool read_config)
{
	struct kb *kb = t->kb;
	const char *dir = kb->dir_c ? kb->dir_c : ".";
	const char *cfg_env;
	int major, minor, rc;
	bool plain = t->kconfig && !kb->dir_c && !cmdvar(kb, "O");

	if (!plain && !cmdvar(kb, "O") && !kf_tree_is_kernel(dir)) {
		char *k = xfmt("%s/Kconfig", dir);

		if (!is_file(k)) {
			fprintf(stderr, "kforge: %s is neither a Linux kernel tree nor a directory with a "
					"Kconfig file; use -C DIR or --kconfig FILE\n", dir);
			free(k);
			return 2;
		}
		free(k);
		if (!t->kconfig)
			t->kconfig = xstrdup("Kconfig");	/* after the move to DIR */
		else if (t->kconfig[0] != '/' && kb->dir_c)
			t->kconfig = absolutize(kb, t->kconfig);
		plain = true;
	} else if (t->kconfig && t->kconfig[0] != '/') {
		t->kconfig = absolutize(kb, t->kconfig);
	}
	/* messages name the config as the user spelled it, unless we move */
	if (t->config && t->config[0] != '/' && (!plain || kb->dir_c))
		t->config = absolutize(kb, t->config);
	if (plain) {
		if (kb->dir_c && chdir(kb->dir_c) != 0) {
			fprintf(stderr, "kforge: -C %s: %s\n", kb->dir_c, strerror(errno));
			return 2;
		}
		kb_apply_env(kb);	/* VAR=value words */
	} else {
		rc = kb_setup(kb);
		if (rc)
			return rc;
		kb_apply_env(kb);
		if (!t->kconfig)
			t->kconfig = xstrdup(kb->kconfig);
	}
	if (!t->config) {
		cfg_env = getenv("KCONFIG_CONFIG");
		t->config = xstrdup(cfg_env && *cfg_env ? cfg_env : ".config");
	}
	conf_detect_kernel_version(&major, &minor);
	t->kc = kconf_new(major, minor);
	kconf_set_streams(t->kc, stderr, stderr);
	if (kconf_load(t->kc, t->kconfig) != 0)
		return 1;
	if (read_config && is_file(t->config)) {
		if (kconf_read_config(t->kc, t->config) != 0)
			return 1;
		t->config_read = true;
	}
	t->loaded_at = now_ms();
	if (getenv("KFORGE_TIMING"))
		fprintf(stderr, "kforge: tree and config loaded in %.1f ms\n", t->loaded_at - t->started_at);
	return 0;
}

char *kf_tree_user_path(const struct kf_tree *t, const char *path)
{
	if (path[0] == '/')
		return xstrdup(path);
	return xfmt("%s/%s", t->user_cwd, path);
}

void kf_tree_free(struct kf_tree *t)
{
	if (t->loaded_at > 0 && getenv("KFORGE_TIMING"))
		fprintf(stderr, "kforge: command ran %.1f ms after loading\n", now_ms() - t->loaded_at);
	if (t->kc)
		kconf_free(t->kc);
	if (t->kb) {
		kb_free(t->kb);
		free(t->kb);
	}
	free(t->kconfig);
	free(t->config);
	free(t->user_cwd);
	memset(t, 0, sizeof(*t));
}
