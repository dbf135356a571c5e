/* SPDX-License-Identifier: MIT */
/*
 * Shared fixture for the unit tests that load small Kconfig trees: a private
 * environment (tests never read the process's), a temporary directory per
 * test, captured output streams and a few string checks.
 */
#ifndef KFORGE_TEST_FIXTURE_H
#define KFORGE_TEST_FIXTURE_H
#include <ftw.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test.h"
#include "internal.h"

#define UNUSED __attribute__((unused))

/* A private environment: tests never look at the process environment. */
#define ENV_MAX 16
struct fake_env {
	const char *name[ENV_MAX];
	const char *value[ENV_MAX];
	int n;
	int lookups;
};

static UNUSED const char *fake_getenv(void *ud, const char *name)
{
	struct fake_env *e = ud;

	e->lookups++;
	for (int i = 0; i < e->n; i++)
		if (strcmp(e->name[i], name) == 0)
			return e->value[i];
	return NULL;
}

static UNUSED void env_set(struct fake_env *e, const char *name, const char *value)
{
	for (int i = 0; i < e->n; i++)
		if (strcmp(e->name[i], name) == 0) {
			e->value[i] = value;
			return;
		}
	if (e->n < ENV_MAX) {
		e->name[e->n] = name;
		e->value[e->n] = value;
		e->n++;
	}
}

/* One temporary directory per test. */
static char tmpdir[64];

static UNUSED int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	chmod(p, 0700);
	return remove(p);
}

static UNUSED void tmp_cleanup(void)
{
	if (tmpdir[0]) {
		chmod(tmpdir, 0700);
		nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
		tmpdir[0] = '\0';
	}
}

static UNUSED void tmp_new(void)
{
	tmp_cleanup();
	strcpy(tmpdir, "/tmp/kforge-unit-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		exit(2);
	}
}

/* tmpdir/name in one of a few rotating buffers */
static UNUSED const char *tpath(const char *name)
{
	static char bufs[8][512];
	static int next;
	char *b = bufs[next++ % 8];

	snprintf(b, sizeof(bufs[0]), "%s/%s", tmpdir, name);
	return b;
}

static UNUSED void put_file(const char *name, const char *text)
{
	const char *p = tpath(name);
	char dir[512], *slash;
	FILE *f;

	snprintf(dir, sizeof(dir), "%s", p);
	slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		mkdir(dir, 0755);	/* one level of subdirectory is enough here */
	}
	f = fopen(p, "w");
	if (!f) {
		perror(p);
		exit(2);
	}
	fputs(text, f);
	fclose(f);
}

/* Whole file as a heap string, or NULL when it cannot be read. */
static UNUSED char *slurp_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;
	FILE *m;
	int c;

	if (!f)
		return NULL;
	m = open_memstream(&buf, &len);
	while ((c = fgetc(f)) != EOF)
		fputc(c, m);
	fclose(m);
	fclose(f);
	return buf;
}

/* A context with captured message streams and the fake environment. */
struct tctx {
	struct kconf *kc;
	struct fake_env env;
	char *out, *err;
	size_t outlen, errlen;
	FILE *fout, *ferr;
};

static struct tctx T;

static UNUSED void ctx_free(void)
{
	if (T.kc)
		kconf_free(T.kc);
	if (T.fout)
		fclose(T.fout);
	if (T.ferr)
		fclose(T.ferr);
	free(T.out);
	free(T.err);
	memset(&T, 0, sizeof(T));
}

static UNUSED void cleanup_all(void)
{
	ctx_free();
	tmp_cleanup();
}

/* New context for 6.<minor> with srctree=tmpdir (a fresh tmpdir). */
static UNUSED struct kconf *ctx_new(int minor)
{
	static int registered;

	if (!registered++)
		atexit(cleanup_all);
	ctx_free();
	tmp_new();
	T.kc = kconf_new(6, minor);
	T.fout = open_memstream(&T.out, &T.outlen);
	T.ferr = open_memstream(&T.err, &T.errlen);
	kconf_set_streams(T.kc, T.fout, T.ferr);
	env_set(&T.env, "srctree", tmpdir);
	kconf_set_getenv(T.kc, fake_getenv, &T.env);
	return T.kc;
}

static UNUSED const char *out_text(void)
{
	fflush(T.fout);
	return T.out ? T.out : "";
}

static UNUSED const char *err_text(void)
{
	fflush(T.ferr);
	return T.err ? T.err : "";
}

/* Write Kconfig text as tmpdir/<name> and load it by its relative name. */
static UNUSED int load_text(const char *name, const char *text)
{
	put_file(name, text);
	return kconf_load(T.kc, name);
}

static UNUSED const char *val(const char *name)
{
	struct symbol *s = kconf_find(T.kc, name);

	return s ? kconf_sym_value(T.kc, s) : "(no such symbol)";
}

static UNUSED struct symbol *sym(const char *name)
{
	return kconf_find(T.kc, name);
}

/* Check that 'hay' contains 'needle'; prints both on failure. */
#define CHECK_CONTAINS(hay, needle)                                          \
	do {                                                                 \
		const char *h_ = (hay), *n_ = (needle);                      \
		if (!h_ || !strstr(h_, n_))                                  \
			TEST_FAIL_("CHECK_CONTAINS(%s, \"%s\"): got \"%s\"", \
				   #hay, n_, h_ ? h_ : "(null)");            \
	} while (0)
#define CHECK_NOT_CONTAINS(hay, needle)                                      \
	do {                                                                 \
		const char *h_ = (hay), *n_ = (needle);                      \
		if (h_ && strstr(h_, n_))                                    \
			TEST_FAIL_("CHECK_NOT_CONTAINS(%s, \"%s\"): got \"%s\"", \
				   #hay, n_, h_);                            \
	} while (0)

#endif /* KFORGE_TEST_FIXTURE_H */
