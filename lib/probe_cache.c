/* SPDX-License-Identifier: MIT */
/*
 * Probe cache: results of $(shell,...) kept across runs.
 *
 * Configuring a kernel runs hundreds of compiler/assembler probes through
 * $(shell,...).  Their results depend only on what the command sees, so we
 * key each result by
 *   - the fully expanded command text,
 *   - the current working directory,
 *   - a hash of the whole environment the child inherits (sorted), minus a
 *     short list of volatile variables (env_ignored()), with make's
 *     jobserver tokens dropped from MAKEFLAGS,
 * and record in the entry the identity (type, dev, inode, size, mtime,
 * ctime) of
 *   - /bin/sh,
 *   - every word of the command that names a path, relative to the cwd and
 *     to $srctree (or its absence),
 *   - every word that could be a program, resolved through $PATH (or its
 *     absence), plus as/ld (and PREFIX-as/ld) for compiler drivers.
 * Every lookup re-checks all recorded identities; any difference is a miss.
 *
 * The child runs as popen() would run it (/bin/sh -c CMD, stdin inherited),
 * but its stderr is captured too, written to our fd 2 when it finishes and
 * stored, so that a hit replays it: output stays byte-identical.  Results of
 * children killed by a signal, of commands whose stdout fills the 4096-byte
 * buffer, or that leave stderr open behind them, are not stored.
 *
 * Storage: $XDG_CACHE_HOME/kforge (default ~/.cache/kforge)/probe-v1/<hash>,
 * one file per key, written to a temporary file and renamed into place, so
 * concurrent runs only ever see complete entries.  KFORGE_NO_CACHE=1 (any
 * non-empty value but "0") disables all of it.
 *
 * Parallel prefetch: per (root Kconfig, cwd, srctree, environment) a
 * manifest (manifest-v1/<hash>) lists the commands the last run executed.
 * At the first $(shell) of a run, every manifest command whose entry is
 * missing or stale is started at once (at most 2*nproc children) and its
 * result stored; parsing then finds them through the normal lookup.  The
 * results validated there are kept in memory for the run (struct known), so
 * a warm run reads each entry once.
 *
 * Speculative pre-pass: with no manifest (cold cache, new tree, new
 * environment), the first $(shell) parses the whole tree once in a
 * throw-away context (speculate()) whose output streams go to /dev/null and
 * whose $(shell) calls do not wait: a cached result is used, else the
 * command is handed to the pool (2*nproc children) and a placeholder,
 * SPEC_RESULT, is returned.  The real parse then finds the results in the
 * cache, stderr included, which it replays in order.  Correctness never
 * depends on the guess: the real pass looks every command up as usual, and
 * runs whatever it does not find (a command whose text differs) serially,
 * exactly as without the pre-pass.  Rules that keep the guesses right:
 *   - a command whose text contains SPEC_RESULT is not run (it was built
 *     from a result not known yet); the real pass runs it.  When at least
 *     SPEC_PASS_WORTH such commands were deferred, another pass is made
 *     with the results known by then (at most SPEC_MAX_PASSES);
 *   - $(shell) inside a ':=' value or an error-if condition
 *     (kc->pp_wait_probes, set by preprocess.c) is run at once and its real
 *     result used: those steer later text (cc-info, m64-flag, ...) or stop
 *     the parse, so the pre-pass stops at the same error-if the real parse
 *     stops at and runs nothing beyond it.
 * A guess can still be wrong when an unknown result ends up in a variable
 * or function name, or in a 'source' path: the pre-pass may then run a
 * command that the real pass never runs.  Decision: that is accepted, on
 * the premise the cache already rests on, namely that $(shell) commands
 * are probes whose only effect is their output (the kernel's are: compiler,
 * assembler, linker and tool probes with private temporary files); a warm
 * cache does not run them at all, and the pre-pass runs them concurrently.
 * A tree whose commands have side effects that matter must run with
 * KFORGE_NO_CACHE=1.  KFORGE_NO_SPECULATE=1 turns off only the pre-pass: a
 * cold run then runs its commands one at a time, in the kernel's order.
 * KFORGE_CACHE_DEBUG=1 prints hits, misses and what the pre-pass did.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

extern char **environ;

#define PC_MAGIC "KFPC1\n"
#define PC_OUT_MAX 4096		/* the kernel's do_shell() buffer */

/* ---- hashing: two independent 64-bit FNV-1a streams = 128 bits ---- */

struct h128 {
	uint64_t a, b;
};

static void h_init(struct h128 *h)
{
	h->a = 0xcbf29ce484222325ULL;
	h->b = 0x84222325cbf29ce4ULL ^ 0x9e3779b97f4a7c15ULL;
}

static void h_add(struct h128 *h, const void *data, size_t n)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < n; i++) {
		h->a = (h->a ^ p[i]) * 0x100000001b3ULL;
		h->b = (h->b ^ p[i]) * 0x100000001b3ULL;
		h->b ^= h->b >> 29;
	}
}

/* Length-prefixed, so field boundaries are part of the hash. */
static void h_field(struct h128 *h, const char *s, size_t n)
{
	uint64_t len = n;

	h_add(h, &len, sizeof(len));
	h_add(h, s, n);
}

static void h_hex(const struct h128 *h, char out[33])
{
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)h->a, (unsigned long long)h->b);
}

/* ---- a set of strings (commands), growing with what it holds ---- */

struct strset_node {
	struct strset_node *next;
	uint32_t hash;
	char s[];
};

struct strset {
	struct strset_node **bucket;
	size_t nbuckets, n;
};

/* Adds s; returns false when it was there already. */
static bool strset_add(struct strset *set, const char *s)
{
	uint32_t h = hash_str(s);
	size_t len = strlen(s);
	struct strset_node *node;

	if (set->nbuckets)
		for (node = set->bucket[h & (set->nbuckets - 1)]; node; node = node->next)
			if (node->hash == h && strcmp(node->s, s) == 0)
				return false;
	if (set->n >= set->nbuckets) {
		size_t nb = set->nbuckets ? set->nbuckets * 2 : 256;
		struct strset_node **nbk = xcalloc(nb, sizeof(*nbk));

		for (size_t i = 0; i < set->nbuckets; i++) {
			struct strset_node *next;

			for (node = set->bucket[i]; node; node = next) {
				next = node->next;
				node->next = nbk[node->hash & (nb - 1)];
				nbk[node->hash & (nb - 1)] = node;
			}
		}
		free(set->bucket);
		set->bucket = nbk;
		set->nbuckets = nb;
	}
	node = xmalloc(sizeof(*node) + len + 1);
	node->hash = h;
	memcpy(node->s, s, len + 1);
	node->next = set->bucket[h & (set->nbuckets - 1)];
	set->bucket[h & (set->nbuckets - 1)] = node;
	set->n++;
	return true;
}

static void strset_free(struct strset *set)
{
	for (size_t i = 0; i < set->nbuckets; i++) {
		struct strset_node *node = set->bucket[i], *next;

		for (; node; node = next) {
			next = node->next;
			free(node);
		}
	}
	free(set->bucket);
	memset(set, 0, sizeof(*set));
}

/* ---- file identities ---- */

enum ident_kind { ID_FILE = 'f', ID_PROG = 'p' };

struct ident {
	long long type;		/* 0 = absent; else S_IFMT bits */
	long long dev, ino, size, mtime_s, mtime_ns, ctime_s, ctime_ns;
	/* ID_PROG: where PATH resolved it ("" = not found) */
	char *where;
};

struct memo {
	char *key;		/* kind char + name */
	struct ident id;
	struct memo *next;
};

#define MEMO_HASH 1024

/* A result validated earlier in this run (by the manifest prefetch). */
struct known {
	struct known *next;
	uint32_t hash;
	char *cmd;
	struct kstr out, err;
};

#define KNOWN_HASH 1024

struct pc_job {
	char *cmd;
	pid_t pid;
	int fd_out, fd_err;
	struct kstr out, err;
	bool out_closed, err_closed, truncated;
	bool reaped;		/* the shell has been waited for */
	bool err_orphaned;	/* stderr still held by something the shell left behind */
	struct ident *ids;	/* identities taken before the run */
	char **id_keys;
	size_t nids;
	int status;
};

struct probe_cache {
	bool disabled;
	char *dir;		/* .../kforge/probe-v1 */
	char *mdir;		/* .../kforge/manifest-v1 */
	char *cwd;
	struct h128 env;	/* environment hash */
	char env_hex[33];
	const char *srctree;
	char *path;		/* $PATH copy */
	struct memo *memo[MEMO_HASH];
	/* valid while the memo is: a command that runs may change any file */
	struct known *known[KNOWN_HASH];
	/* manifest */
	bool manifest_loaded;
	char manifest_hex[33];
	char **mf_cmds;		/* loaded manifest (NULL-terminated) */
	size_t mf_n;
	char **run_cmds;	/* commands executed or looked up this run, in order */
	struct strset run_set;
	size_t run_n, run_cap;
	unsigned long hits, misses, prefetched, spec_started;
	unsigned spec_passes;
	/* set only in the speculative pre-pass's own context */
	struct spec_state *spec;
};

/* ---- small helpers ---- */

static bool env_ignored(const char *kv)
{
	static const char *const ignore[] = {
		"_", "OLDPWD", "SHLVL", "KFORGE_NO_CACHE", "KFORGE_NO_SPECULATE", "KFORGE_CACHE_DEBUG",
		"SSH_AUTH_SOCK", "SSH_AGENT_PID", "SSH_CLIENT", "SSH_CONNECTION", "SSH_TTY",
		"WINDOWID", "TERM_SESSION_ID", "XDG_SESSION_ID", "DBUS_SESSION_BUS_ADDRESS",
	};
	size_t n = strcspn(kv, "=");

	for (size_t i = 0; i < sizeof(ignore) / sizeof(ignore[0]); i++)
		if (strlen(ignore[i]) == n && memcmp(ignore[i], kv, n) == 0)
			return true;
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void env_hash(struct probe_cache *pc)
{
	size_t n = 0, i;
	char **v;

	for (char **e = environ; e && *e; e++)
		n++;
	v = xcalloc(n + 1, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = environ[i];
	qsort(v, n, sizeof(*v), cmp_str);
	h_init(&pc->env);
	for (i = 0; i < n; i++) {
		if (env_ignored(v[i]))
			continue;
		if (strncmp(v[i], "MAKEFLAGS=", 10) == 0 || strncmp(v[i], "MFLAGS=", 7) == 0) {
			/* drop the per-invocation jobserver fds / fifo name */
			const char *p = v[i];
			struct kstr ks;

			kstr_init(&ks);
			while (*p) {
				size_t w = strcspn(p, " ");

				if (strncmp(p, "--jobserver-auth=", 17) && strncmp(p, "--jobserver-fds=", 16))
					kstr_appendn(&ks, p, w);
				p += w;
				while (*p == ' ')
					p++;
				kstr_putc(&ks, ' ');
			}
			h_field(&pc->env, ks.s, ks.len);
			kstr_free(&ks);
			continue;
		}
		h_field(&pc->env, v[i], strlen(v[i]));
	}
	free(v);
	h_hex(&pc->env, pc->env_hex);
}

static bool env_flag(const char *name)
{
	const char *v = getenv(name);

	return v && *v && strcmp(v, "0") != 0;
}

static bool cache_off_by_env(void)
{
	return env_flag("KFORGE_NO_CACHE");
}

static bool cache_no_speculation(void)
{
	return env_flag("KFORGE_NO_SPECULATE");
}

char *probe_cache_basedir(void)
{
	const char *x = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	struct kstr ks;

	kstr_init(&ks);
	if (x && x[0] == '/')
		kstr_printf(&ks, "%s/kforge", x);
	else if (home && home[0] == '/')
		kstr_printf(&ks, "%s/.cache/kforge", home);
	else {
		kstr_free(&ks);
		return NULL;
	}
	return kstr_steal(&ks);
}

static int mkdir_p(const char *path)
{
	char *p = xstrdup(path);
	int rc = 0;

	for (char *s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0700) && errno != EEXIST) {
				rc = -1;
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	free(p);
	return rc;
}

static struct probe_cache *pc_get(struct kconf *kc)
{
	struct probe_cache *pc = kc->probe_cache;
	char *base;

	if (pc)
		return pc;
	pc = xcalloc(1, sizeof(*pc));
	kc->probe_cache = pc;
	base = cache_off_by_env() ? NULL : probe_cache_basedir();
	pc->cwd = getcwd(NULL, 0);
	if (!base || !pc->cwd) {
		pc->disabled = true;
		free(base);
		return pc;
	}
	{
		struct kstr ks;

		kstr_init(&ks);
		kstr_printf(&ks, "%s/probe-v1", base);
		pc->dir = kstr_steal(&ks);
		kstr_printf(&ks, "%s/manifest-v1", base);
		pc->mdir = kstr_steal(&ks);
	}
	free(base);
	if (mkdir_p(pc->dir) || mkdir_p(pc->mdir)) {
		pc->disabled = true;
		return pc;
	}
	env_hash(pc);
	pc->srctree = getenv("srctree");
	pc->path = xstrdup(getenv("PATH") ? getenv("PATH") : "/bin:/usr/bin");
	return pc;
}

bool probe_cache_enabled(struct kconf *kc)
{
	return !pc_get(kc)->disabled;
}

/* ---- identities with a per-run memo (dropped whenever a command runs) ---- */

static void known_clear(struct probe_cache *pc)
{
	for (int i = 0; i < KNOWN_HASH; i++) {
		struct known *k = pc->known[i], *n;

		for (; k; k = n) {
			n = k->next;
			free(k->cmd);
			kstr_free(&k->out);
			kstr_free(&k->err);
			free(k);
		}
		pc->known[i] = NULL;
	}
}

static void known_add(struct probe_cache *pc, const char *cmd, const char *out, size_t nout,
		      const struct kstr *err)
{
	struct known *k = xcalloc(1, sizeof(*k));

	k->hash = hash_str(cmd);
	k->cmd = xstrdup(cmd);
	kstr_init(&k->out);
	kstr_appendn(&k->out, out, nout);
	kstr_init(&k->err);
	kstr_appendn(&k->err, err->s, err->len);
	k->next = pc->known[k->hash % KNOWN_HASH];
	pc->known[k->hash % KNOWN_HASH] = k;
}

static const struct known *known_find(struct probe_cache *pc, const char *cmd)
{
	uint32_t h = hash_str(cmd);

	for (struct known *k = pc->known[h % KNOWN_HASH]; k; k = k->next)
		if (k->hash == h && strcmp(k->cmd, cmd) == 0)
			return k;
	return NULL;
}

static void memo_clear(struct probe_cache *pc)
{
	known_clear(pc);
	for (int i = 0; i < MEMO_HASH; i++) {
		struct memo *m = pc->memo[i], *n;

		for (; m; m = n) {
			n = m->next;
			free(m->key);
			free(m->id.where);
			free(m);
		}
		pc->memo[i] = NULL;
	}
}

static void ident_stat(const char *path, struct ident *id)
{
	struct stat st;

	memset(id, 0, sizeof(*id));
	if (stat(path, &st))
		return;
	id->type = st.st_mode & S_IFMT;
	if (!S_ISREG(st.st_mode))
		return;		/* directories, devices: existence and type only */
	id->dev = (long long)st.st_dev;
	id->ino = (long long)st.st_ino;
	id->size = (long long)st.st_size;
	id->mtime_s = (long long)st.st_mtim.tv_sec;
	id->mtime_ns = st.st_mtim.tv_nsec;
	id->ctime_s = (long long)st.st_ctim.tv_sec;
	id->ctime_ns = st.st_ctim.tv_nsec;
}

static void ident_prog(struct probe_cache *pc, const char *name, struct ident *id)
{
	const char *p = pc->path;
	struct kstr ks;

	memset(id, 0, sizeof(*id));
	kstr_init(&ks);
	while (1) {
		size_t n = strcspn(p, ":");

		kstr_reset(&ks);
		if (n)
			kstr_appendn(&ks, p, n);
		else
			kstr_append(&ks, ".");
		kstr_putc(&ks, '/');
		kstr_append(&ks, name);
		if (access(ks.s, X_OK) == 0) {
			ident_stat(ks.s, id);
			if (id->type == S_IFREG) {
				id->where = kstr_steal(&ks);
				return;
			}
		}
		if (!p[n])
			break;
		p += n + 1;
	}
	kstr_free(&ks);
	memset(id, 0, sizeof(*id));
	id->where = xstrdup("");
}

static const struct ident *ident_get(struct probe_cache *pc, const char *key)
{
	uint32_t h = hash_str(key) % MEMO_HASH;
	struct memo *m;

	for (m = pc->memo[h]; m; m = m->next)
		if (strcmp(m->key, key) == 0)
			return &m->id;
	m = xcalloc(1, sizeof(*m));
	m->key = xstrdup(key);
	if (key[0] == ID_PROG)
		ident_prog(pc, key + 1, &m->id);
	else
		ident_stat(key + 1, &m->id);
	m->next = pc->memo[h];
	pc->memo[h] = m;
	return &m->id;
}

static bool ident_eq(const struct ident *a, const struct ident *b)
{
	return a->type == b->type && a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime_s == b->mtime_s && a->mtime_ns == b->mtime_ns &&
	       a->ctime_s == b->ctime_s && a->ctime_ns == b->ctime_ns &&
	       strcmp(a->where ? a->where : "", b->where ? b->where : "") == 0;
}

/* ---- what a command depends on ---- */

struct keylist {
	char **v;
	size_t n, cap;
};

static void kl_add(struct keylist *kl, char kind, const char *name, size_t n)
{
	char *k = xmalloc(n + 2);

	k[0] = kind;
	memcpy(k + 1, name, n);
	k[n + 1] = '\0';
	for (size_t i = 0; i < kl->n; i++)
		if (strcmp(kl->v[i], k) == 0) {
			free(k);
			return;
		}
	if (kl->n == kl->cap) {
		kl->cap = kl->cap ? kl->cap * 2 : 16;
		kl->v = xrealloc(kl->v, kl->cap * sizeof(*kl->v));
	}
	kl->v[kl->n++] = k;
}

static bool prog_word(const char *w, size_t n)
{
	if (!n || w[0] == '-' || n > 200)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = w[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '.' || c == '+'))
			return false;
	}
	return true;
}

static void add_word(struct probe_cache *pc, struct keylist *kl, const char *w, size_t n)
{
	const char *base;
	size_t bn;

	if (!n || n > 4000)
		return;
	kl_add(kl, ID_FILE, w, n);
	if (w[0] != '/' && pc->srctree && pc->srctree[0] && strcmp(pc->srctree, ".") != 0) {
		struct kstr ks;

		kstr_init(&ks);
		kstr_printf(&ks, "%s/%.*s", pc->srctree, (int)n, w);
		kl_add(kl, ID_FILE, ks.s, ks.len);
		kstr_free(&ks);
	}
	if (prog_word(w, n))
		kl_add(kl, ID_PROG, w, n);
	/* compiler drivers run the assembler and linker they find */
	base = memrchr(w, '/', n);
	base = base ? base + 1 : w;
	bn = n - (size_t)(base - w);
	for (size_t i = 0; i + 2 <= bn; i++) {
		if ((bn - i >= 3 && !memcmp(base + i, "gcc", 3)) ||
		    (bn - i >= 5 && !memcmp(base + i, "clang", 5)) ||
		    (i + 2 == bn && !memcmp(base + i, "cc", 2))) {
			static const char *const tools[] = { "as", "ld", "ld.bfd" };

			for (size_t t = 0; t < 3; t++) {
				char buf[512];

				if (i < 256) {
					snprintf(buf, sizeof(buf), "%.*s%s", (int)i, base, tools[t]);
					kl_add(kl, ID_PROG, buf, strlen(buf));
				}
				kl_add(kl, ID_PROG, tools[t], strlen(tools[t]));
			}
			break;
		}
	}
}

/* Every word of the command: shell metacharacters and quotes split/vanish. */
static void command_deps(struct probe_cache *pc, const char *cmd, struct keylist *kl)
{
	struct kstr w;
	const char *p = cmd;

	kl_add(kl, ID_FILE, "/bin/sh", 7);
	kstr_init(&w);
	for (;;) {
		char c = *p;

		if (c == '\0' || strchr(" \t\n;|&()<>`{}!$", c)) {
			if (w.len) {
				const char *eq = strchr(w.s, '=');

				add_word(pc, kl, w.s, w.len);
				if (eq && eq[1])
					add_word(pc, kl, eq + 1, w.len - (size_t)(eq + 1 - w.s));
				kstr_reset(&w);
			}
			if (!c)
				break;
		} else if (c != '\'' && c != '"' && c != '\\') {
			kstr_putc(&w, c);
		}
		p++;
	}
	kstr_free(&w);
}

/* ---- entry files ---- */

static void key_hex(struct probe_cache *pc, const char *cmd, char hex[33])
{
	struct h128 h;

	h_init(&h);
	h_field(&h, PC_MAGIC, strlen(PC_MAGIC));
	h_field(&h, cmd, strlen(cmd));
	h_field(&h, pc->cwd, strlen(pc->cwd));
	h_field(&h, pc->env_hex, 32);
	h_hex(&h, hex);
}

/* Decimal, without printf: an entry holds hundreds of numbers. */
static void put_num(struct kstr *ks, long long v)
{
	char buf[24], *p = buf + sizeof(buf);
	unsigned long long u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	kstr_appendn(ks, p, (size_t)(buf + sizeof(buf) - p));
}

static void put_field(struct kstr *ks, char tag, const char *s, size_t n)
{
	kstr_putc(ks, tag);
	kstr_putc(ks, ' ');
	put_num(ks, (long long)n);
	kstr_putc(ks, '\n');
	kstr_appendn(ks, s, n);
	kstr_putc(ks, '\n');
}

static void put_ident(struct kstr *ks, const char *key, const struct ident *id)
{
	const long long nums[] = { id->type, id->dev, id->ino, id->size,
				   id->mtime_s, id->mtime_ns, id->ctime_s, id->ctime_ns };

	put_field(ks, 'k', key, strlen(key));
	kstr_putc(ks, 'i');
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		kstr_putc(ks, ' ');
		put_num(ks, nums[i]);
	}
	kstr_putc(ks, '\n');
	put_field(ks, 'w', id->where ? id->where : "", id->where ? strlen(id->where) : 0);
}

static char *slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct kstr ks;
	char buf[8192];
	ssize_t n;

	if (fd < 0)
		return NULL;
	kstr_init(&ks);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		kstr_appendn(&ks, buf, (size_t)n);
	close(fd);
	if (n < 0) {
		kstr_free(&ks);
		return NULL;
	}
	*len = ks.len;
	return kstr_steal(&ks);
}

static int write_atomic(const char *dir, const char *name, const char *data, size_t len)
{
	struct kstr tmp, dst;
	int fd, rc = -1;
	size_t off = 0;
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	kstr_init(&tmp);
	kstr_init(&dst);
	kstr_printf(&tmp, "%s/.tmp.%ld.%ld", dir, (long)getpid(), (long)ts.tv_nsec);
	kstr_printf(&dst, "%s/%s", dir, name);
	fd = open(tmp.s, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0) {
		while (off < len) {
			ssize_t n = write(fd, data + off, len - off);

			if (n <= 0)
				break;
			off += (size_t)n;
		}
		if (close(fd) == 0 && off == len && rename(tmp.s, dst.s) == 0)
			rc = 0;
		else
			unlink(tmp.s);
	}
	kstr_free(&tmp);
	kstr_free(&dst);
	return rc;
}

struct reader {
	const char *p, *end;
};

static bool get_field(struct reader *r, char tag, const char **s, size_t *n)
{
	char *nl;
	unsigned long long len;

	if (r->end - r->p < 4 || r->p[0] != tag || r->p[1] != ' ')
		return false;
	len = strtoull(r->p + 2, &nl, 10);
	if (nl >= r->end || *nl != '\n' || len > (unsigned long long)(r->end - nl - 1) ||
	    (size_t)(r->end - nl - 1) < len + 1 || nl[1 + len] != '\n')
		return false;
	*s = nl + 1;
	*n = (size_t)len;
	r->p = nl + 2 + len;
	return true;
}

static bool field_is(struct reader *r, char tag, const char *want, size_t wn)
{
	const char *s;
	size_t n;

	return get_field(r, tag, &s, &n) && n == wn && memcmp(s, want, n) == 0;
}

/* " N N N N N N N N" up to 'end' (sscanf was a fifth of a warm run's cost). */
static bool get_ident_numbers(const char *p, const char *end, struct ident *id)
{
	long long *field[] = { &id->type, &id->dev, &id->ino, &id->size,
			       &id->mtime_s, &id->mtime_ns, &id->ctime_s, &id->ctime_ns };

	for (size_t i = 0; i < sizeof(field) / sizeof(field[0]); i++) {
		unsigned long long v = 0;
		bool neg = false;

		if (p >= end || *p++ != ' ')
			return false;
		if (p < end && *p == '-') {
			neg = true;
			p++;
		}
		if (p >= end || *p < '0' || *p > '9')
			return false;
		while (p < end && *p >= '0' && *p <= '9')
			v = v * 10 + (unsigned long long)(*p++ - '0');
		*field[i] = neg ? -(long long)v : (long long)v;
	}
	return p == end;
}

/*
 * Look the command up; on a valid hit copy stdout into out (returns its
 * length) and stderr into *err.  Returns -1 on a miss.
 */
static long entry_lookup(struct probe_cache *pc, const char *cmd, char *out, struct kstr *err)
{
	char hex[33], *data;
	size_t len, n;
	struct kstr path;
	struct reader r;
	const char *s;
	long res = -1;

	key_hex(pc, cmd, hex);
	kstr_init(&path);
	kstr_printf(&path, "%s/%s", pc->dir, hex);
	data = slurp(path.s, &len);
	kstr_free(&path);
	if (!data)
		return -1;
	r.p = data;
	r.end = data + len;
	if (len < strlen(PC_MAGIC) || memcmp(data, PC_MAGIC, strlen(PC_MAGIC)))
		goto out;
	r.p += strlen(PC_MAGIC);
	if (!field_is(&r, 'c', cmd, strlen(cmd)) || !field_is(&r, 'd', pc->cwd, strlen(pc->cwd)) ||
	    !field_is(&r, 'e', pc->env_hex, 32))
		goto out;
	while (r.p < r.end && r.p[0] == 'k') {
		struct ident want;
		const struct ident *have;
		char *key, *nl;
		const char *ks, *ws;
		size_t kn, wn;
		int got;

		if (!get_field(&r, 'k', &ks, &kn))
			goto out;
		nl = memchr(r.p, '\n', (size_t)(r.end - r.p));
		if (!nl || r.p[0] != 'i')
			goto out;
		memset(&want, 0, sizeof(want));
		if (!get_ident_numbers(r.p + 1, nl, &want))
			goto out;
		r.p = nl + 1;
		if (!get_field(&r, 'w', &ws, &wn))
			goto out;
		key = xstrndup(ks, kn);
		want.where = xstrndup(ws, wn);
		have = ident_get(pc, key);
		got = ident_eq(&want, have);
		free(key);
		free(want.where);
		if (!got) {
			if (getenv("KFORGE_CACHE_DEBUG"))
				fprintf(stderr, "kforge: probe cache: stale: %.*s\n", (int)kn, ks);
			goto out;
		}
	}
	if (!get_field(&r, 'o', &s, &n) || n > PC_OUT_MAX)
		goto out;
	memcpy(out, s, n);
	res = (long)n;
	if (!get_field(&r, 'r', &s, &n) || r.p + 4 != r.end || memcmp(r.p, "end\n", 4)) {
		res = -1;
		goto out;
	}
	kstr_appendn(err, s, n);
out:
	free(data);
	return res;
}

static void entry_store(struct probe_cache *pc, struct pc_job *j)
{
	char hex[33];
	struct kstr ks;

	key_hex(pc, j->cmd, hex);
	kstr_init(&ks);
	kstr_append(&ks, PC_MAGIC);
	put_field(&ks, 'c', j->cmd, strlen(j->cmd));
	put_field(&ks, 'd', pc->cwd, strlen(pc->cwd));
	put_field(&ks, 'e', pc->env_hex, 32);
	for (size_t i = 0; i < j->nids; i++)
		put_ident(&ks, j->id_keys[i], &j->ids[i]);
	put_field(&ks, 'o', j->out.s, j->out.len);
	put_field(&ks, 'r', j->err.s, j->err.len);
	kstr_append(&ks, "end\n");
	write_atomic(pc->dir, hex, ks.s, ks.len);
	kstr_free(&ks);
}

/* ---- running commands ---- */

static void job_free(struct pc_job *j)
{
	for (size_t i = 0; i < j->nids; i++) {
		free(j->id_keys[i]);
		free(j->ids[i].where);
	}
	free(j->id_keys);
	free(j->ids);
	kstr_free(&j->out);
	kstr_free(&j->err);
	free(j->cmd);
	if (!j->out_closed)
		close(j->fd_out);
	if (!j->err_closed)
		close(j->fd_err);
}

/*
 * Record identities and start /bin/sh -c CMD.  Memoized identities are as
 * good as fresh ones here: they were taken before the start, so a file that
 * changed since then only makes the entry miss later, never hit wrongly.
 */
static int job_start(struct probe_cache *pc, struct pc_job *j, const char *cmd)
{
	struct keylist kl = { 0 };
	int po[2], pe[2];
	posix_spawn_file_actions_t fa;
	char *argv[] = { (char *)"sh", (char *)"-c", (char *)cmd, NULL };
	int rc;

	memset(j, 0, sizeof(*j));
	j->cmd = xstrdup(cmd);
	kstr_init(&j->out);
	kstr_init(&j->err);
	j->out_closed = j->err_closed = true;
	command_deps(pc, cmd, &kl);
	j->nids = kl.n;
	j->id_keys = kl.v;
	j->ids = xcalloc(kl.n ? kl.n : 1, sizeof(*j->ids));
	for (size_t i = 0; i < kl.n; i++) {
		j->ids[i] = *ident_get(pc, kl.v[i]);
		j->ids[i].where = j->ids[i].where ? xstrdup(j->ids[i].where) : NULL;
	}
	if (pipe2(po, O_CLOEXEC))
		return -1;
	if (pipe2(pe, O_CLOEXEC)) {
		close(po[0]);
		close(po[1]);
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	rc = posix_spawn(&j->pid, "/bin/sh", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(po[1]);
	close(pe[1]);
	if (rc) {
		close(po[0]);
		close(pe[0]);
		errno = rc;
		return -1;
	}
	j->fd_out = po[0];
	j->fd_err = pe[0];
	j->out_closed = j->err_closed = false;
	return 0;
}

/* Read what is available; returns true when both streams are done. */
static void job_read(struct pc_job *j, bool out_ready, bool err_ready)
{
	char buf[4096];
	ssize_t n;

	if (out_ready && !j->out_closed) {
		size_t room = PC_OUT_MAX - j->out.len;

		n = read(j->fd_out, buf, room < sizeof(buf) ? room : sizeof(buf));
		if (n > 0)
			kstr_appendn(&j->out, buf, (size_t)n);
		if (n == 0 || (n < 0 && errno != EINTR) || j->out.len >= PC_OUT_MAX) {
			/* like pclose() after fread() filled the kernel's buffer */
			if (j->out.len >= PC_OUT_MAX)
				j->truncated = true;
			close(j->fd_out);
			j->out_closed = true;
		}
	}
	if (err_ready && !j->err_closed) {
		n = read(j->fd_err, buf, sizeof(buf));
		if (n > 0)
			kstr_appendn(&j->err, buf, (size_t)n);
		if (n == 0 || (n < 0 && errno != EINTR)) {
			close(j->fd_err);
			j->err_closed = true;
		}
	}
}

/*
 * The shell is done with stdout but stderr is still open: if the shell has
 * exited, a process it left in the background holds stderr.  popen() would
 * not wait for that one, so neither do we: take what it wrote so far and
 * do not store the result (its stderr is incomplete).
 */
static void job_check_orphan(struct pc_job *j)
{
	char buf[4096];
	size_t taken = 0;

	if (!j->out_closed || j->err_closed || j->reaped)
		return;
	if (waitpid(j->pid, &j->status, WNOHANG) != j->pid)
		return;
	j->reaped = true;
	for (;;) {
		struct pollfd pf = { .fd = j->fd_err, .events = POLLIN };
		ssize_t n;

		if (poll(&pf, 1, 0) <= 0 || taken >= 65536) {
			j->err_orphaned = true;		/* open, and nothing more for now */
			break;
		}
		n = read(j->fd_err, buf, sizeof(buf));
		if (n <= 0)
			break;		/* end of file after all: nobody holds it */
		kstr_appendn(&j->err, buf, (size_t)n);
		taken += (size_t)n;
	}
	close(j->fd_err);
	j->err_closed = true;
}

/*
 * One round for the running jobs: wait up to timeout_ms (-1: until
 * something happens) for output, read it.  pf has room for 2*n entries.
 */
static void jobs_step(struct pc_job *jobs, size_t n, struct pollfd *pf, int timeout_ms)
{
	size_t np = 0;

	for (size_t i = 0; i < n; i++) {
		if (!jobs[i].out_closed)
			pf[np++] = (struct pollfd){ .fd = jobs[i].fd_out, .events = POLLIN };
		if (!jobs[i].err_closed) {
			pf[np++] = (struct pollfd){ .fd = jobs[i].fd_err, .events = POLLIN };
			/* look again soon whether only an orphan holds stderr */
			if (jobs[i].out_closed && (timeout_ms < 0 || timeout_ms > 20))
				timeout_ms = 20;
		}
	}
	if (np && poll(pf, np, timeout_ms) > 0) {
		for (size_t k = 0; k < np; k++) {
			if (!(pf[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			for (size_t i = 0; i < n; i++) {
				if (!jobs[i].out_closed && jobs[i].fd_out == pf[k].fd)
					job_read(&jobs[i], true, false);
				else if (!jobs[i].err_closed && jobs[i].fd_err == pf[k].fd)
					job_read(&jobs[i], false, true);
			}
		}
	}
	for (size_t i = 0; i < n; i++)
		job_check_orphan(&jobs[i]);
}

static bool job_done(const struct pc_job *j)
{
	return j->out_closed && j->err_closed;
}

static void job_reap(struct pc_job *j)
{
	if (j->reaped)
		return;
	while (waitpid(j->pid, &j->status, 0) < 0 && errno == EINTR)
		;
	j->reaped = true;
}

/* Run one job to its end. */
static void job_wait(struct pc_job *j)
{
	struct pollfd pf[2];

	while (!job_done(j))
		jobs_step(j, 1, pf, -1);
	job_reap(j);
}

static bool job_storable(const struct pc_job *j)
{
	return !j->truncated && !j->err_orphaned && WIFEXITED(j->status);
}

/* ---- a bounded pool of children running commands in parallel ---- */

/*
 * Probes mostly wait on exec and I/O, so twice as many children as CPUs
 * keeps the machine busy without flooding it.
 */
static size_t pool_width(void)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	return ncpu > 0 ? (size_t)ncpu * 2 : 4;
}

struct pc_pool {
	struct pc_job *run;	/* running jobs, run[0..nrun) */
	size_t nrun, max;
	char **queue;		/* commands waiting for a free slot */
	size_t qhead, qlen, qcap;
	struct pollfd *pf;
	unsigned long started, started_at_clear;
};

static void pool_init(struct pc_pool *pool)
{
	memset(pool, 0, sizeof(*pool));
	pool->max = pool_width();
	/* one slot more for a command started ahead of the queue */
	pool->run = xcalloc(pool->max + 1, sizeof(*pool->run));
	pool->pf = xcalloc(2 * (pool->max + 1), sizeof(*pool->pf));
}

static void pool_free(struct pc_pool *pool)
{
	for (size_t i = pool->qhead; i < pool->qlen; i++)
		free(pool->queue[i]);
	free(pool->queue);
	free(pool->run);
	free(pool->pf);
}

static void pool_start(struct probe_cache *pc, struct pc_pool *pool, const char *cmd)
{
	struct pc_job *j = &pool->run[pool->nrun];

	if (job_start(pc, j, cmd) == 0) {
		pool->nrun++;
		pool->started++;
	} else {
		job_free(j);	/* the real pass will report the error */
	}
}

static void pool_fill(struct probe_cache *pc, struct pc_pool *pool)
{
	while (pool->nrun < pool->max && pool->qhead < pool->qlen) {
		char *cmd = pool->queue[pool->qhead++];

		if (cmd)	/* NULL: taken out by pool_run_now() */
			pool_start(pc, pool, cmd);
		free(cmd);
	}
}

/*
 * Read what the running children wrote (waiting up to timeout_ms, -1 = until
 * something happens), store the results of those that finished, start
 * queued commands in the freed slots.
 */
static void pool_pump(struct probe_cache *pc, struct pc_pool *pool, int timeout_ms)
{
	pool_fill(pc, pool);
	jobs_step(pool->run, pool->nrun, pool->pf, timeout_ms);
	for (size_t i = 0; i < pool->nrun;) {
		struct pc_job *j = &pool->run[i];

		if (!job_done(j)) {
			i++;
			continue;
		}
		job_reap(j);
		if (job_storable(j))
			entry_store(pc, j);
		job_free(j);
		pool->run[i] = pool->run[--pool->nrun];
	}
	pool_fill(pc, pool);
}

static void pool_submit(struct probe_cache *pc, struct pc_pool *pool, const char *cmd)
{
	if (pool->qlen == pool->qcap) {
		pool->qcap = pool->qcap ? pool->qcap * 2 : 64;
		pool->queue = xrealloc(pool->queue, pool->qcap * sizeof(*pool->queue));
	}
	pool->queue[pool->qlen++] = xstrdup(cmd);
	pool_pump(pc, pool, 0);
}

static bool pool_running(const struct pc_pool *pool, const char *cmd)
{
	for (size_t i = 0; i < pool->nrun; i++)
		if (strcmp(pool->run[i].cmd, cmd) == 0)
			return true;
	return false;
}

static bool pool_queued(const struct pc_pool *pool, const char *cmd)
{
	for (size_t i = pool->qhead; i < pool->qlen; i++)
		if (pool->queue[i] && strcmp(pool->queue[i], cmd) == 0)
			return true;
	return false;
}

/* Run CMD now (ahead of the queue, unless it is running) and wait for it. */
static void pool_run_now(struct probe_cache *pc, struct pc_pool *pool, const char *cmd)
{
	if (!pool_running(pool, cmd)) {
		for (size_t i = pool->qhead; i < pool->qlen; i++) {
			if (pool->queue[i] && strcmp(pool->queue[i], cmd) == 0) {
				free(pool->queue[i]);
				pool->queue[i] = NULL;
			}
		}
		pool_start(pc, pool, cmd);
	}
	while (pool_running(pool, cmd))
		pool_pump(pc, pool, -1);
	memo_clear(pc);
}

/* Run everything submitted to completion. */
static void pool_drain(struct probe_cache *pc, struct pc_pool *pool)
{
	while (pool->nrun || pool->qhead < pool->qlen)
		pool_pump(pc, pool, -1);
	/* the children may have changed files we had looked at */
	if (pool->started != pool->started_at_clear) {
		memo_clear(pc);
		pool->started_at_clear = pool->started;
	}
}

/* ---- manifest + parallel prefetch ---- */

static void run_note(struct probe_cache *pc, const char *cmd)
{
	if (!strset_add(&pc->run_set, cmd))
		return;
	if (pc->run_n == pc->run_cap) {
		pc->run_cap = pc->run_cap ? pc->run_cap * 2 : 256;
		pc->run_cmds = xrealloc(pc->run_cmds, pc->run_cap * sizeof(*pc->run_cmds));
	}
	pc->run_cmds[pc->run_n++] = xstrdup(cmd);
}

static const char *root_kconfig(struct kconf *kc)
{
	return kc->files ? kc->files->name : "";
}

/* Returns false when there is no manifest for this run. */
static bool manifest_prefetch(struct kconf *kc, struct probe_cache *pc)
{
	struct h128 h;
	struct kstr path;
	char *data, *p, *end;
	size_t len, cap = 0;
	const char *root = root_kconfig(kc);
	char dummy[PC_OUT_MAX];
	struct kstr derr;
	struct pc_pool pool;

	pc->manifest_loaded = true;
	h_init(&h);
	h_field(&h, "manifest", 8);
	h_field(&h, root, strlen(root));
	h_field(&h, pc->cwd, strlen(pc->cwd));
	h_field(&h, pc->srctree ? pc->srctree : "", pc->srctree ? strlen(pc->srctree) : 0);
	h_field(&h, pc->env_hex, 32);
	h_hex(&h, pc->manifest_hex);
	kstr_init(&path);
	kstr_printf(&path, "%s/%s", pc->mdir, pc->manifest_hex);
	data = slurp(path.s, &len);
	kstr_free(&path);
	if (!data)
		return false;
	/* format: "<len>\n<cmd>\n" repeated */
	for (p = data, end = data + len; p < end;) {
		char *nl;
		unsigned long long n = strtoull(p, &nl, 10);

		if (nl >= end || *nl != '\n' || n > (unsigned long long)(end - nl - 1) ||
		    (size_t)(end - nl - 1) < n + 1 || nl[1 + n] != '\n')
			break;
		if (pc->mf_n == cap) {
			cap = cap ? cap * 2 : 256;
			pc->mf_cmds = xrealloc(pc->mf_cmds, cap * sizeof(*pc->mf_cmds));
		}
		pc->mf_cmds[pc->mf_n++] = xstrndup(nl + 1, (size_t)n);
		p = nl + 2 + n;
	}
	free(data);

	/* rerun the missing/stale ones in parallel */
	pool_init(&pool);
	kstr_init(&derr);
	for (size_t i = 0; i < pc->mf_n; i++) {
		long n;

		kstr_reset(&derr);
		n = entry_lookup(pc, pc->mf_cmds[i], dummy, &derr);
		if (n < 0)
			pool_submit(pc, &pool, pc->mf_cmds[i]);
		else if (!known_find(pc, pc->mf_cmds[i]))
			known_add(pc, pc->mf_cmds[i], dummy, (size_t)n, &derr);
	}
	pool_drain(pc, &pool);
	pc->prefetched += pool.started;
	kstr_free(&derr);
	pool_free(&pool);
	return true;
}

static void manifest_write(struct probe_cache *pc)
{
	struct kstr ks;
	bool same = pc->run_n == pc->mf_n;

	if (!pc->manifest_loaded || !pc->run_n)
		return;
	for (size_t i = 0; same && i < pc->run_n; i++)
		same = strcmp(pc->run_cmds[i], pc->mf_cmds[i]) == 0;
	if (same)
		return;
	kstr_init(&ks);
	for (size_t i = 0; i < pc->run_n; i++) {
		kstr_printf(&ks, "%zu\n", strlen(pc->run_cmds[i]));
		kstr_append(&ks, pc->run_cmds[i]);
		kstr_putc(&ks, '\n');
	}
	write_atomic(pc->mdir, pc->manifest_hex, ks.s, ks.len);
	kstr_free(&ks);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* ---- speculative pre-pass (cold cache, see the top comment) ---- */

/* What a deferred $(shell) returns during the pre-pass. */
#define SPEC_RESULT "__kforge_speculative_probe_result__"
/*
 * A further pass costs about as much CPU as a few probes: make one only when
 * at least this many commands waited for results that were not known.
 */
#define SPEC_PASS_WORTH 8
#define SPEC_MAX_PASSES 3

struct spec_state {
	struct probe_cache *real;	/* the cache of the run we prepare */
	struct pc_pool *pool;
	struct strset seen;		/* commands submitted by any pass */
	unsigned long deferred;		/* this pass: commands built from a placeholder */
};

static long spec_lookup(struct spec_state *sp, const char *cmd, char *out)
{
	struct kstr err;
	long n;

	kstr_init(&err);
	n = entry_lookup(sp->real, cmd, out, &err);
	kstr_free(&err);	/* never printed: the real pass replays it */
	return n;
}

/*
 * $(shell,CMD) inside the pre-pass: a cached result, else start CMD and
 * return a placeholder.  A ':=' value ('wait') is kept for later commands
 * (cc-info, m64-flag, ...), so that CMD is run at once and its result used.
 */
static long spec_shell(struct spec_state *sp, const char *cmd, char *out, bool wait)
{
	long n;

	if (strstr(cmd, SPEC_RESULT)) {
		sp->deferred++;		/* its text is not known yet */
	} else {
		bool seen;

		n = spec_lookup(sp, cmd, out);
		if (n >= 0)
			return n;
		seen = !strset_add(&sp->seen, cmd);
		if (!wait) {
			if (!seen)
				pool_submit(sp->real, sp->pool, cmd);
		} else if (!seen || pool_queued(sp->pool, cmd) || pool_running(sp->pool, cmd)) {
			pool_run_now(sp->real, sp->pool, cmd);
			n = spec_lookup(sp, cmd, out);
			if (n >= 0)
				return n;
		}
	}
	memcpy(out, SPEC_RESULT, strlen(SPEC_RESULT));
	return (long)strlen(SPEC_RESULT);
}

/*
 * Parse the tree in a throw-away context whose $(shell) calls only record
 * and start commands, silently; repeat while commands depended on results
 * that were not known yet.  Everything ends up in the cache, where the real
 * pass finds it.
 */
static void speculate(struct kconf *kc, struct probe_cache *pc)
{
	const char *root = root_kconfig(kc);
	FILE *devnull = fopen("/dev/null", "w");
	struct spec_state sp = { .real = pc };
	struct pc_pool pool;

	if (!root[0] || !devnull) {
		if (devnull)
			fclose(devnull);
		return;
	}
	pool_init(&pool);
	sp.pool = &pool;
	for (int pass = 0; pass < SPEC_MAX_PASSES; pass++) {
		struct kconf *skc = kconf_new(kc->kver / 100, kc->kver % 100);
		struct probe_cache *spc = xcalloc(1, sizeof(*spc));
		unsigned long before = pool.started;
		double t0 = now_ms(), t_parsed;

		spc->spec = &sp;
		skc->probe_cache = spc;
		kconf_set_streams(skc, devnull, devnull);
		kconf_set_getenv(skc, kc->getenv_fn, kc->getenv_ud);
		sp.deferred = 0;
		kconf_load(skc, root);
		kconf_free(skc);
		pc->spec_passes++;
		t_parsed = now_ms();
		pool_drain(pc, &pool);
		if (getenv("KFORGE_CACHE_DEBUG"))
			fprintf(stderr, "kforge: probe cache: speculative pass %d: parsed in %.0f ms, "
				"%lu commands run, %lu deferred, all done after %.0f ms\n", pass,
				t_parsed - t0, pool.started - before, sp.deferred, now_ms() - t0);
		/* nothing new started, or too little left to learn: done */
		if (pool.started == before || sp.deferred < SPEC_PASS_WORTH)
			break;
	}
	pc->spec_started += pool.started;
	pool_free(&pool);
	strset_free(&sp.seen);
	fclose(devnull);
}

/* ---- the entry point for $(shell,...) ---- */

static void write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

long probe_shell(struct kconf *kc, const char *cmd, char *out)
{
	struct probe_cache *pc = pc_get(kc);
	struct kstr err;
	struct pc_job job;
	const struct known *known;
	long n;

	if (pc->spec)
		return spec_shell(pc->spec, cmd, out, kc->pp_wait_probes > 0);
	if (!pc->manifest_loaded && !manifest_prefetch(kc, pc) && !cache_no_speculation())
		speculate(kc, pc);
	run_note(pc, cmd);
	known = known_find(pc, cmd);
	if (known) {
		pc->hits++;
		memcpy(out, known->out.s, known->out.len);
		write_all(2, known->err.s, known->err.len);
		return (long)known->out.len;
	}
	kstr_init(&err);
	n = entry_lookup(pc, cmd, out, &err);
	if (n >= 0) {
		pc->hits++;
		write_all(2, err.s, err.len);
		kstr_free(&err);
		return n;
	}
	kstr_free(&err);
	pc->misses++;
	if (job_start(pc, &job, cmd)) {
		job_free(&job);
		return -1;
	}
	job_wait(&job);
	memo_clear(pc);
	write_all(2, job.err.s, job.err.len);
	n = (long)job.out.len;
	memcpy(out, job.out.s, job.out.len);
	if (job_storable(&job))
		entry_store(pc, &job);
	job_free(&job);
	return n;
}

void probe_cache_free(struct kconf *kc)
{
	struct probe_cache *pc = kc->probe_cache;

	if (!pc)
		return;
	kc->probe_cache = NULL;
	if (pc->spec) {		/* a pre-pass context: owns nothing else */
		free(pc);
		return;
	}
	if (!pc->disabled)
		manifest_write(pc);
	if (getenv("KFORGE_CACHE_DEBUG"))
		fprintf(stderr, "kforge: probe cache: %lu hits, %lu misses, %lu prefetched, "
			"%lu speculated in %u passes\n", pc->hits, pc->misses, pc->prefetched,
			pc->spec_started, pc->spec_passes);
	memo_clear(pc);
	for (size_t i = 0; i < pc->mf_n; i++)
		free(pc->mf_cmds[i]);
	for (size_t i = 0; i < pc->run_n; i++)
		free(pc->run_cmds[i]);
	free(pc->mf_cmds);
	free(pc->run_cmds);
	strset_free(&pc->run_set);
	free(pc->dir);
	free(pc->mdir);
	free(pc->cwd);
	free(pc->path);
	free(pc);
}
