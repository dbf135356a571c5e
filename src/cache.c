/* SPDX-License-Identifier: MIT */
/*
 * kforge cache: inspect or empty the $(shell,...) probe cache
 * (lib/probe_cache.c).
 *
 *	kforge cache stats     entries, size, location
 *	kforge cache clear     remove every entry and manifest
 *	kforge cache path      print the cache directory
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "kforge.h"

static const char *const subdirs[] = { "probe-v1", "manifest-v1" };

static void cache_usage(FILE *fp)
{
	fprintf(fp,
		"Usage: kforge cache <stats [--json]|clear|path>\n"
		"\n"
		"The probe cache keeps the results of Kconfig $(shell,...) probes\n"
		"(cc-option, as-instr, ...) across runs, keyed by the expanded command,\n"
		"the working directory, the environment and the identity of every file\n"
		"and program the command names.\n"
		"\n"
		"  stats   number of entries, their size, the location (--json: one object)\n"
		"  clear   remove all entries and manifests\n"
		"  path    print the cache directory\n"
		"\n"
		"Location: $XDG_CACHE_HOME/kforge, else ~/.cache/kforge.\n"
		"KFORGE_NO_CACHE=1 disables the cache (no reads, no writes).\n"
		"On a cold cache, a first pass over the tree collects the probes and runs\n"
		"them in parallel; KFORGE_NO_SPECULATE=1 turns off only that pass (use it,\n"
		"or KFORGE_NO_CACHE=1, for trees whose $(shell,...) commands have side effects).\n");
}

/* Our files only: 32 hex digits, or a leftover ".tmp.*". */
static int ours(const char *name)
{
	size_t n = strlen(name);

	if (strncmp(name, ".tmp.", 5) == 0)
		return 1;
	if (n != 32)
		return 0;
	return strspn(name, "0123456789abcdef") == 32;
}

/* Visit our files of one subdir; remove them when 'rm'. */
static int walk(const char *base, const char *sub, int rm, long *count, long long *bytes)
{
	char path[4096];
	DIR *d;
	struct dirent *de;
	int rc = 0;

	snprintf(path, sizeof(path), "%s/%s", base, sub);
	d = opendir(path);
	if (!d)
		return errno == ENOENT ? 0 : -1;
	while ((de = readdir(d))) {
		char file[4096 + 256];
		struct stat st;

		if (!ours(de->d_name))
			continue;
		snprintf(file, sizeof(file), "%s/%s", path, de->d_name);
		if (lstat(file, &st) || !S_ISREG(st.st_mode))
			continue;
		if (rm) {
			if (unlink(file) && errno != ENOENT) {
				fprintf(stderr, "kforge cache: %s: %s\n", file, strerror(errno));
				rc = -1;
			}
		} else if (strncmp(de->d_name, ".tmp.", 5) != 0) {
			(*count)++;
			*bytes += (long long)st.st_size;
		}
	}
	closedir(d);
	return rc;
}

/* A JSON string literal: quotes, backslashes and control characters escaped. */
static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

int cmd_cache(int argc, char **argv)
{
	char *base;
	int rc = 0;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		cache_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 1 : 0;
	}
	bool json = argc == 3 && !strcmp(argv[1], "stats") && !strcmp(argv[2], "--json");
	if (argc > 2 && !json) {
		fprintf(stderr, "kforge cache: too many arguments\n");
		return 1;
	}
	base = probe_cache_basedir();
	if (!base) {
		fprintf(stderr, "kforge cache: no cache location ($XDG_CACHE_HOME and $HOME unset)\n");
		return 1;
	}
	if (!strcmp(argv[1], "path")) {
		printf("%s\n", base);
	} else if (!strcmp(argv[1], "stats")) {
		long n[2] = { 0, 0 };
		long long b[2] = { 0, 0 };

		for (int i = 0; i < 2; i++)
			walk(base, subdirs[i], 0, &n[i], &b[i]);
		const char *off = getenv("KFORGE_NO_CACHE");
		bool enabled = !(off && *off && strcmp(off, "0"));
		if (json) {
			printf("{\"location\": ");
			json_string(base);
			printf(", \"entries\": %ld, \"bytes\": %lld, \"manifests\": %ld, \"enabled\": %s}\n",
			       n[0], b[0] + b[1], n[1], enabled ? "true" : "false");
		} else {
			printf("location:  %s\n", base);
			printf("entries:   %ld\n", n[0]);
			printf("size:      %lld bytes\n", b[0] + b[1]);
			printf("manifests: %ld\n", n[1]);
			printf("enabled:   %s\n", enabled ? "yes" : "no (KFORGE_NO_CACHE)");
		}
	} else if (!strcmp(argv[1], "clear")) {
		long n = 0;
		long long b = 0;

		for (int i = 0; i < 2; i++)
			if (walk(base, subdirs[i], 1, &n, &b))
				rc = 1;
	} else {
		fprintf(stderr, "kforge cache: unknown subcommand '%s'\n", argv[1]);
		cache_usage(stderr);
		rc = 1;
	}
	free(base);
	return rc;
}

const struct kf_cmd kf_cache_cmds[] = {
	{ "cache", cmd_cache, "inspect or clear the $(shell,...) probe cache" },
	{ NULL, NULL, NULL }
};
