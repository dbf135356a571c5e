/* SPDX-License-Identifier: MIT */
/*
 * Probe cache: results of $(shell,...) kept across runs.
 *
 * Configuring a kernel runs hundreds of compiler/assembler probes through
 * $(shell,...).  Their results depend only on what the command sees, so we
 * key each result by
 *   - the fully expanded command text,
 *   - the current working directory,
 *   - a hash of the whole environment the child inherits (as a set: the
 *     order does not matter), minus a short list of volatile variables
 *     (env_ignored()), with make's jobserver tokens dropped from MAKEFLAGS,
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
 * manifest (manifest-v1/<hash>) lists the commands the last run executed,
 * with their results and the identity records of their entries, each record
 * once: a warm run reads that one file and checks each file or program
 * once, not once per command (see manifest_load()).  At the first $(shell)
 * of a run, every manifest command whose result is stale there is looked
 * up in its entry, else started at once (at most 2*nproc children) and its
 * result stored.  The results validated are kept in memory for the run
 * (struct cmd_rec) until a command runs, which may change any file.
 * Names that did not exist are vouched for by one stat() of their
 * directory (see "Directory snapshots").
 *
 * Speculative pre-pass: with no manifest (cold cache, new tree, new
 * environment), the first $(shell) parses the whole tree once in a
 * throw-away context (speculate()) whose output streams go to /dev/null and
 * whose $(shell) calls do not wait: a cached result is used, else the
 * command is handed to the pool (2*nproc children) and a placeholder,
 * SPEC_RESULT, is returned.  That parse stops short of menu_finalize() and
 * the checks after it (kc->parse_only): only its $(shell) calls matter.
 * The real parse starts as soon as it is done, while the pool still runs
 * (pc->pool): a command the real pass meets that is still queued is started
 * at once, ahead of the queue, and the real pass waits only for that one;
 * it then finds the result in the cache, stderr included, which it replays
 * in order.  When the real parse ends, what is still queued (wrong guesses)
 * is dropped, what runs is waited for.  Correctness never depends on the
 * guess: the real pass looks every command up as usual, and runs whatever
 * it does not find (a command whose text differs) itself, exactly as
 * without the pre-pass.  Identities that vouch for a result are taken after
 * every command before it in the real pass's order, and the command itself,
 * have finished (pool_idents_after()), as when the kernel runs them one by
 * one.  Rules that keep the guesses right:
 *   - a command whose text contains SPEC_RESULT is not run (it was built
 *     from a result not known yet); the real pass runs it.  When at least
 *     SPEC_PASS_WORTH such commands were deferred, another pass is made
 *     with the results known by then (at most SPEC_MAX_PASSES);
 *   - $(shell) inside an error-if condition (kc->pp_stop_probes, set by
 *     preprocess.c) is run at once and its real result used, so the
 *     pre-pass stops at the same error-if the real parse stops at and runs
 *     nothing beyond it;
 *   - $(shell) inside a ':=' value (kc->pp_wait_probes) is started at once
 *     and its result left pending: the value holds a name (SPEC_FUTURE)
 *     that is filled in with the real result, waited for then, where a
 *     command, a variable or function name or an error-if condition uses
 *     it (probe_spec_resolve()).  Such values steer later text (cc-info,
 *     m64-flag, ...), and independent ones (m32-flag and m64-flag,
 *     rustc-version and rustc-llvm-version) thus run side by side.
 * A guess can still be wrong when an unknown result ends up in a variable
 * or function name, or an unknown or pending one in the name a variable is
 * assigned to or in a 'source' path: the pre-pass may then run a command
 * that the real pass never runs.  Decision: that is accepted, on
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

/* ---- hashing: two independent 64-bit streams = 128 bits, 8 bytes a step ---- */

struct h128 {
	uint64_t a, b;
};

static void h_init(struct h128 *h)
{
	h->a = 0xcbf29ce484222325ULL;
	h->b = 0x84222325cbf29ce4ULL ^ 0x9e3779b97f4a7c15ULL;
}

static void h_word(struct h128 *h, uint64_t w)
{
	h->a = (h->a ^ w) * 0x9e3779b97f4a7c15ULL;
	h->a ^= h->a >> 32;
	h->b = (h->b + w) * 0xc2b2ae3d27d4eb4fULL;
	h->b ^= h->b >> 29;
}

/* The tail is zero-filled: h_field() puts the length first, so that is unambiguous. */
static void h_add(struct h128 *h, const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t w;

	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h_word(h, w);
	}
	if (n) {
		w = 0;
		memcpy(&w, p, n);
		h_word(h, w);
	}
}

/* Spread every bit over the whole word (a sum of such words stays strong). */
static uint64_t h_mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	return x ^ (x >> 33);
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

static bool strset_has(const struct strset *set, const char *s)
{
	uint32_t h = hash_str(s);

	if (set->nbuckets)
		for (struct strset_node *node = set->bucket[h & (set->nbuckets - 1)]; node;
		     node = node->next)
			if (node->hash == h && strcmp(node->s, s) == 0)
				return true;
	return false;
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

/*
 * A command this run met, or the manifest lists.  Its result is known good
 * while valid_gen == pc->gen: memo_clear() bumps gen, since a command that
 * runs may change any file.
 */
struct cmd_rec {
	struct cmd_rec *next;	/* hash chain */
	const char *cmd;	/* NUL-terminated: in the manifest's buffer, or own_cmd */
	size_t len;
	uint32_t hash;
	unsigned valid_gen;
	const char *out, *err;	/* the result, when valid */
	size_t out_len, err_len;
	char *own_cmd, *own_result;	/* heap copies the record owns */
	bool noted;		/* in this run's list already */
};

struct cmd_table {
	struct cmd_rec **bucket;
	size_t nbuckets, n;
};

/* An identity record of the manifest: what the key was when results were stored. */
struct mf_ident {
	const char *key;	/* NUL-terminated, in the manifest's buffer */
	const char *where;
	size_t where_len;
	struct ident want;	/* numbers only */
	/* the snapshots (pc->mf_absent[absent_first ..]) whose directory had
	 * no entry of this name when the manifest was written */
	size_t absent_first, absent_n;
};

/*
 * A directory as it was when the manifest was written: a $PATH directory or
 * the parent of a file record (see manifest_snapshots()).
 */
struct mf_snap {
	const char *path;	/* NUL-terminated, in the manifest's buffer */
	struct ident want;	/* type 0: stat() failed */
	bool racy;		/* changed too shortly before to vouch for its entries */
};

/* A command of the manifest with its result and the identities it rests on. */
struct mf_cmd {
	struct cmd_rec *rec;
	const char *out, *err;
	size_t out_len, err_len;
	bool has_result;
	size_t first, nids;	/* its records: pc->mf_idx[first .. first + nids) */
};

struct pc_job {
	char *cmd;
	pid_t pid;
	int fd_out, fd_err;
	struct kstr out, err;
	bool out_closed, err_closed, truncated;
	bool reaped;		/* the shell has been waited for */
	bool err_orphaned;	/* stderr still held by something the shell left behind */
	bool keep;		/* when done, handed to whoever waits for it (pool_take()) */
	struct pool_cmd *pcmd;	/* its command in the pool, if it runs in one */
	struct ident *ids;	/* identities taken before the run */
	char **id_keys;
	size_t nids;
	int status;
};

struct probe_cache {
	bool disabled;
	char *dir;		/* .../kforge/probe-v1 */
	size_t dir_len;
	char *entry_path;	/* dir + "/" + room for an entry's name */
	char *mdir;		/* .../kforge/manifest-v1 */
	char *cwd;
	struct h128 env;	/* environment hash */
	char env_hex[33];
	const char *srctree;
	struct path_dir {
		char *prefix;	/* "DIR/" ("./" for an empty one) */
		size_t len;
	} *path_dirs;		/* $PATH, split once */
	size_t npath, path_max;	/* path_max: the longest prefix */
	struct memo *memo[MEMO_HASH];
	unsigned gen;		/* see struct cmd_rec */
	struct cmd_table cmds;
	/* manifest */
	bool manifest_loaded;
	bool manifest_stale;	/* some result of this run is not the manifest's */
	char manifest_hex[33];
	char *mf_buf;		/* the manifest file; its strings are used in place */
	struct mf_ident *mf_ids;
	size_t mf_nids;
	struct mf_snap *mf_snaps;	/* the $PATH directories first, in order */
	size_t mf_nsnaps;
	size_t *mf_absent;	/* see struct mf_ident */
	size_t *mf_idx;
	struct mf_cmd *mf;
	size_t mf_n;
	unsigned mf_checked_gen;	/* pc->gen when its results were last checked */
	struct cmd_rec **run;	/* commands executed or looked up this run, in order */
	size_t run_n, run_cap;
	unsigned long hits, misses, prefetched, spec_started;
	unsigned spec_passes;
	/* the pre-pass's children, still running while the real pass goes on */
	struct pc_pool *pool;
	/* set only in the speculative pre-pass's own context */
	struct spec_state *spec;
};

/* ---- small helpers ---- */

static bool env_ignored(const char *kv)
{
#define IGNORED(name) { name, sizeof(name) - 1 }
	static const struct {
		const char *name;
		size_t len;
	} ignore[] = {
		IGNORED("_"), IGNORED("OLDPWD"), IGNORED("SHLVL"), IGNORED("KFORGE_NO_CACHE"),
		IGNORED("KFORGE_NO_SPECULATE"), IGNORED("KFORGE_CACHE_DEBUG"),
		IGNORED("SSH_AUTH_SOCK"), IGNORED("SSH_AGENT_PID"), IGNORED("SSH_CLIENT"),
		IGNORED("SSH_CONNECTION"), IGNORED("SSH_TTY"), IGNORED("WINDOWID"),
		IGNORED("TERM_SESSION_ID"), IGNORED("XDG_SESSION_ID"),
		IGNORED("DBUS_SESSION_BUS_ADDRESS"),
	};
#undef IGNORED
	size_t n = strcspn(kv, "=");

	for (size_t i = 0; i < sizeof(ignore) / sizeof(ignore[0]); i++)
		if (ignore[i].len == n && memcmp(ignore[i].name, kv, n) == 0)
			return true;
	return false;
}

/*
 * The environment as a set: the sum of each variable's hash, so that the
 * order does not matter (no sort needed).
 */
static void env_hash(struct probe_cache *pc)
{
	struct h128 sum = { 0, 0 };

	for (char **e = environ; e && *e; e++) {
		struct h128 one;

		if (env_ignored(*e))
			continue;
		h_init(&one);
		if (strncmp(*e, "MAKEFLAGS=", 10) == 0 || strncmp(*e, "MFLAGS=", 7) == 0) {
			/* drop the per-invocation jobserver fds / fifo name */
			const char *p = *e;
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
			h_field(&one, ks.s, ks.len);
			kstr_free(&ks);
		} else {
			h_field(&one, *e, strlen(*e));
		}
		sum.a += h_mix(one.a);
		sum.b += h_mix(one.b);
	}
	h_init(&pc->env);
	h_add(&pc->env, &sum, sizeof(sum));
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

/* $PATH as the directory prefixes ident_prog() tries, split once. */
static void path_split(struct probe_cache *pc)
{
	const char *p = getenv("PATH") ? getenv("PATH") : "/bin:/usr/bin";

	for (;;) {
		size_t n = strcspn(p, ":"), len = 0;
		struct path_dir *d;

		pc->path_dirs = xrealloc(pc->path_dirs, (pc->npath + 1) * sizeof(*pc->path_dirs));
		d = &pc->path_dirs[pc->npath++];
		d->prefix = xmalloc(n + 2);
		if (n) {
			memcpy(d->prefix, p, n);
			len = n;
		} else {
			d->prefix[len++] = '.';
		}
		d->prefix[len++] = '/';
		d->prefix[len] = '\0';
		d->len = len;
		if (len > pc->path_max)
			pc->path_max = len;
		if (!p[n])
			break;
		p += n + 1;
	}
}

static struct probe_cache *pc_get(struct kconf *kc)
{
	struct probe_cache *pc = kc->probe_cache;
	char *base;

	if (pc)
		return pc;
	pc = xcalloc(1, sizeof(*pc));
	pc->gen = 1;
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
		pc->dir_len = strlen(pc->dir);
		pc->entry_path = xmalloc(pc->dir_len + 1 + 33);
		memcpy(pc->entry_path, pc->dir, pc->dir_len);
		pc->entry_path[pc->dir_len] = '/';
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
	path_split(pc);
	return pc;
}

bool probe_cache_enabled(struct kconf *kc)
{
	return !pc_get(kc)->disabled;
}

/* ---- the commands of this run and of the manifest ---- */

static void cmd_table_grow(struct cmd_table *t)
{
	size_t nb = t->nbuckets ? t->nbuckets * 2 : 256;
	struct cmd_rec **nbk = xcalloc(nb, sizeof(*nbk));

	for (size_t i = 0; i < t->nbuckets; i++) {
		struct cmd_rec *r, *next;

		for (r = t->bucket[i]; r; r = next) {
			next = r->next;
			r->next = nbk[r->hash & (nb - 1)];
			nbk[r->hash & (nb - 1)] = r;
		}
	}
	free(t->bucket);
	t->bucket = nbk;
	t->nbuckets = nb;
}

/*
 * The record of CMD (len bytes, NUL-terminated), made when missing; a new
 * record copies CMD unless 'stays' (it lives as long as the cache).
 */
static struct cmd_rec *cmd_get(struct probe_cache *pc, const char *cmd, size_t len, bool stays)
{
	struct cmd_table *t = &pc->cmds;
	uint32_t h = hash_name(cmd, len);
	struct cmd_rec *r;

	if (t->nbuckets)
		for (r = t->bucket[h & (t->nbuckets - 1)]; r; r = r->next)
			if (r->hash == h && r->len == len && memcmp(r->cmd, cmd, len) == 0)
				return r;
	if (t->n >= t->nbuckets)
		cmd_table_grow(t);
	r = xcalloc(1, sizeof(*r));
	if (stays) {
		r->cmd = cmd;
	} else {
		r->own_cmd = xstrndup(cmd, len);
		r->cmd = r->own_cmd;
	}
	r->len = len;
	r->hash = h;
	r->next = t->bucket[h & (t->nbuckets - 1)];
	t->bucket[h & (t->nbuckets - 1)] = r;
	t->n++;
	return r;
}

static bool cmd_valid(const struct probe_cache *pc, const struct cmd_rec *r)
{
	return r->valid_gen == pc->gen;
}

/* Make a result validated just now (out, err) the record's, copying it. */
static void cmd_set_result(struct probe_cache *pc, struct cmd_rec *r, const char *out, size_t nout,
			   const char *err, size_t nerr)
{
	char *copy = xmalloc(nout + nerr + 1);

	memcpy(copy, out, nout);
	memcpy(copy + nout, err, nerr);
	free(r->own_result);
	r->own_result = copy;
	r->out = copy;
	r->out_len = nout;
	r->err = copy + nout;
	r->err_len = nerr;
	r->valid_gen = pc->gen;
}

static void cmd_table_free(struct cmd_table *t)
{
	for (size_t i = 0; i < t->nbuckets; i++) {
		struct cmd_rec *r, *next;

		for (r = t->bucket[i]; r; r = next) {
			next = r->next;
			free(r->own_cmd);
			free(r->own_result);
			free(r);
		}
	}
	free(t->bucket);
	memset(t, 0, sizeof(*t));
}

/* ---- identities with a per-run memo (dropped whenever a command runs) ---- */

static void memo_clear(struct probe_cache *pc)
{
	pc->gen++;
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

/* The whole identity of PATH, whatever its type; -1 (errno set, *id zero) when stat() fails. */
static int ident_stat_full(const char *path, struct ident *id)
{
	struct stat st;

	memset(id, 0, sizeof(*id));
	if (stat(path, &st))
		return -1;
	id->type = st.st_mode & S_IFMT;
	id->dev = (long long)st.st_dev;
	id->ino = (long long)st.st_ino;
	id->size = (long long)st.st_size;
	id->mtime_s = (long long)st.st_mtim.tv_sec;
	id->mtime_ns = st.st_mtim.tv_nsec;
	id->ctime_s = (long long)st.st_ctim.tv_sec;
	id->ctime_ns = st.st_ctim.tv_nsec;
	return 0;
}

static void ident_stat(const char *path, struct ident *id)
{
	long long type;

	ident_stat_full(path, id);
	if (id->type != S_IFREG) {	/* directories, devices: existence and type only */
		type = id->type;
		memset(id, 0, sizeof(*id));
		id->type = type;
	}
}

/*
 * The first executable regular file NAME in $PATH, as the shell finds it.
 * skip: NULL, or per $PATH directory whether it is known to have no entry
 * NAME (see manifest_validate()), so that it need not be looked into.
 */
static void ident_prog(struct probe_cache *pc, const char *name, struct ident *id, const bool *skip)
{
	size_t nlen = strlen(name);
	char small[512], *buf = small;

	if (pc->path_max + nlen + 1 > sizeof(small))
		buf = xmalloc(pc->path_max + nlen + 1);
	memset(id, 0, sizeof(*id));	/* not found: where stays NULL */
	for (size_t i = 0; i < pc->npath; i++) {
		size_t n = pc->path_dirs[i].len;

		if (skip && skip[i])
			continue;
		memcpy(buf, pc->path_dirs[i].prefix, n);
		memcpy(buf + n, name, nlen + 1);
		if (access(buf, X_OK) == 0) {
			ident_stat(buf, id);
			if (id->type == S_IFREG) {
				id->where = xstrdup(buf);
				break;
			}
			memset(id, 0, sizeof(*id));
		}
	}
	if (buf != small)
		free(buf);
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
		ident_prog(pc, key + 1, &m->id, NULL);
	else
		ident_stat(key + 1, &m->id);
	m->next = pc->memo[h];
	pc->memo[h] = m;
	return &m->id;
}

/* Whether HAVE is the identity recorded as WANT (its numbers) and WHERE (wn bytes). */
static bool ident_matches(const struct ident *have, const struct ident *want, const char *where,
			  size_t wn)
{
	size_t hn = have->where ? strlen(have->where) : 0;

	return have->type == want->type && have->dev == want->dev && have->ino == want->ino &&
	       have->size == want->size && have->mtime_s == want->mtime_s &&
	       have->mtime_ns == want->mtime_ns && have->ctime_s == want->ctime_s &&
	       have->ctime_ns == want->ctime_ns && hn == wn &&
	       (wn == 0 || memcmp(have->where, where, wn) == 0);
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

/* "i N N N N N N N N\n" */
static void put_ident_numbers(struct kstr *ks, const struct ident *id)
{
	const long long nums[] = { id->type, id->dev, id->ino, id->size,
				   id->mtime_s, id->mtime_ns, id->ctime_s, id->ctime_ns };

	kstr_putc(ks, 'i');
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		kstr_putc(ks, ' ');
		put_num(ks, nums[i]);
	}
	kstr_putc(ks, '\n');
}

static void put_ident(struct kstr *ks, const char *key, const struct ident *id)
{
	put_field(ks, 'k', key, strlen(key));
	put_ident_numbers(ks, id);
	put_field(ks, 'w', id->where ? id->where : "", id->where ? strlen(id->where) : 0);
}

/* " N I1 I2 ..": N indices, a run of consecutive ones as "FIRST-LAST". */
static void put_indices(struct kstr *ks, const size_t *idx, size_t n)
{
	kstr_putc(ks, ' ');
	put_num(ks, (long long)n);
	for (size_t i = 0, run; i < n; i += run) {
		for (run = 1; i + run < n && idx[i + run] == idx[i] + run; run++)
			;
		kstr_putc(ks, ' ');
		put_num(ks, (long long)idx[i]);
		if (run > 1) {
			kstr_putc(ks, '-');
			put_num(ks, (long long)(idx[i] + run - 1));
		}
	}
}

/* The whole file, NUL-terminated (heap), or NULL. */
static char *slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	size_t cap;
	char *buf;
	bool ok;

	if (fd < 0)
		return NULL;
	/* sized by fstat (with room to see the end), grown if the file turns out longer */
	cap = fstat(fd, &st) == 0 && st.st_size > 0 ? (size_t)st.st_size + 1 : 4096;
	buf = xmalloc(cap + 1);
	ok = read_fd_padded(fd, &buf, &cap, 1, len);
	close(fd);
	if (!ok) {
		free(buf);
		return NULL;
	}
	return buf;
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

/* Over a buffer from slurp(): *end is a NUL, which stops every scan below. */
struct reader {
	char *p, *end;
};

static bool get_char(struct reader *r, char c)
{
	if (*r->p != c)
		return false;
	r->p++;
	return true;
}

/* A decimal number: 1 to 19 digits (more would not fit). */
static bool get_num(struct reader *r, size_t *v)
{
	const char *p = r->p, *start = p;
	size_t n = 0;

	while ((unsigned)(*p - '0') < 10)
		n = n * 10 + (size_t)(*p++ - '0');
	if (p == start || p - start > 19)
		return false;	/* what wrapped around is not used */
	r->p = (char *)p;
	*v = n;
	return true;
}

/* "TAG LEN\nBYTES\n": *s points at the bytes, in the buffer. */
static bool get_field(struct reader *r, char tag, char **s, size_t *n)
{
	size_t len;

	if (!get_char(r, tag) || !get_char(r, ' ') || !get_num(r, &len) || !get_char(r, '\n') ||
	    (size_t)(r->end - r->p) < len + 1 || r->p[len] != '\n')
		return false;
	*s = r->p;
	*n = len;
	r->p += len + 1;
	return true;
}

static bool field_is(struct reader *r, char tag, const char *want, size_t wn)
{
	char *s;
	size_t n;

	return get_field(r, tag, &s, &n) && n == wn && memcmp(s, want, n) == 0;
}

/* "i N N N N N N N N\n" (sscanf was a fifth of a warm run's cost). */
static bool get_ident_numbers(struct reader *r, struct ident *id)
{
	static const char absent[] = "i 0 0 0 0 0 0 0 0\n";
	long long *field[] = { &id->type, &id->dev, &id->ino, &id->size,
			       &id->mtime_s, &id->mtime_ns, &id->ctime_s, &id->ctime_ns };

	memset(id, 0, sizeof(*id));
	/* most records are of files that do not exist */
	if ((size_t)(r->end - r->p) >= sizeof(absent) - 1 &&
	    memcmp(r->p, absent, sizeof(absent) - 1) == 0) {
		r->p += sizeof(absent) - 1;
		return true;
	}
	if (!get_char(r, 'i'))
		return false;
	for (size_t i = 0; i < sizeof(field) / sizeof(field[0]); i++) {
		bool neg;
		size_t v;

		if (!get_char(r, ' '))
			return false;
		neg = get_char(r, '-');
		if (!get_num(r, &v))
			return false;
		*field[i] = neg ? -(long long)v : (long long)v;
	}
	return get_char(r, '\n');
}

/* An identity record, as put_ident() writes it. */
struct id_record {
	char *key;		/* kind char + name; key_len >= 1 */
	size_t key_len;
	struct ident want;	/* the numbers (where is not set) */
	char *where;
	size_t where_len;
};

static bool get_id_record(struct reader *r, struct id_record *rec)
{
	/* most records are of names that exist nowhere: all zero, found nowhere */
	static const char absent[] = "i 0 0 0 0 0 0 0 0\nw 0\n\n";

	if (!get_field(r, 'k', &rec->key, &rec->key_len) || !rec->key_len)
		return false;
	if ((size_t)(r->end - r->p) >= sizeof(absent) - 1 &&
	    memcmp(r->p, absent, sizeof(absent) - 1) == 0) {
		memset(&rec->want, 0, sizeof(rec->want));
		rec->where = r->p + sizeof(absent) - 2;	/* its (empty) bytes */
		rec->where_len = 0;
		r->p += sizeof(absent) - 1;
		return true;
	}
	return get_ident_numbers(r, &rec->want) && get_field(r, 'w', &rec->where, &rec->where_len);
}

/*
 * What put_indices() wrote: at most 'limit' indices, each below it,
 * appended to *v (*n used, *cap allocated); *count is how many.
 */
static bool get_indices(struct reader *r, size_t limit, size_t **v, size_t *n, size_t *cap,
			size_t *count)
{
	size_t want, i = *n, end;
	size_t *dst;

	if (!get_char(r, ' ') || !get_num(r, &want) || want > limit)
		return false;
	end = i + want;
	if (end > *cap) {
		*cap = end * 2;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	dst = *v;	/* in locals: stores through dst cannot change them */
	while (i < end) {
		size_t id, last;

		if (!get_char(r, ' ') || !get_num(r, &id))
			return false;
		last = id;
		if (get_char(r, '-') && !get_num(r, &last))
			return false;
		if (last < id || last >= limit || last - id >= end - i)
			return false;
		while (id <= last)
			dst[i++] = id++;
	}
	*n = end;
	*count = want;
	return true;
}

/*
 * Read the entry of CMD and check that it is CMD's here (cwd, environment):
 * returns the data (heap) with *r after the header, or NULL.
 */
static char *entry_read(struct probe_cache *pc, const char *cmd, struct reader *r)
{
	char *data;
	size_t len;

	key_hex(pc, cmd, pc->entry_path + pc->dir_len + 1);
	data = slurp(pc->entry_path, &len);
	if (!data)
		return NULL;
	r->p = data;
	r->end = data + len;
	if (len < strlen(PC_MAGIC) || memcmp(data, PC_MAGIC, strlen(PC_MAGIC)))
		goto bad;
	r->p += strlen(PC_MAGIC);
	if (!field_is(r, 'c', cmd, strlen(cmd)) || !field_is(r, 'd', pc->cwd, strlen(pc->cwd)) ||
	    !field_is(r, 'e', pc->env_hex, 32))
		goto bad;
	return data;
bad:
	free(data);
	return NULL;
}

/* The stdout and stderr fields that end an entry (or a manifest command). */
static bool get_result(struct reader *r, char **out, size_t *nout, char **err, size_t *nerr)
{
	return get_field(r, 'o', out, nout) && *nout <= PC_OUT_MAX && get_field(r, 'r', err, nerr);
}

/*
 * Look the command up; on a valid hit copy stdout into out (returns its
 * length) and stderr into *err.  Returns -1 on a miss.
 */
static long entry_lookup(struct probe_cache *pc, const char *cmd, char *out, struct kstr *err)
{
	struct reader r;
	struct id_record rec;
	char *data = entry_read(pc, cmd, &r), *so, *se;
	size_t no, ne;
	long res = -1;

	if (!data)
		return -1;
	while (r.p < r.end && r.p[0] == 'k') {
		if (!get_id_record(&r, &rec))
			goto out;
		rec.key[rec.key_len] = '\0';	/* over its '\n': parsed already */
		if (!ident_matches(ident_get(pc, rec.key), &rec.want, rec.where, rec.where_len)) {
			if (getenv("KFORGE_CACHE_DEBUG"))
				fprintf(stderr, "kforge: probe cache: stale: %s\n", rec.key);
			goto out;
		}
	}
	if (!get_result(&r, &so, &no, &se, &ne) || r.end - r.p != 4 || memcmp(r.p, "end\n", 4))
		goto out;
	memcpy(out, so, no);
	kstr_appendn(err, se, ne);
	res = (long)no;
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
	if (write_atomic(pc->dir, hex, ks.s, ks.len) == 0)
		pc->manifest_stale = true;	/* the manifest may list an older result */
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

/*
 * A command handed to a pool, found by its text: whether it waits, runs or
 * is done, and when it ended (for pool_serve()).
 */
struct pool_cmd {
	struct pool_cmd *next;	/* hash chain */
	uint32_t hash;
	enum { PCMD_QUEUED, PCMD_RUNNING, PCMD_DONE } state;
	unsigned long done_seq;	/* PCMD_DONE: the pool's 'finished' count right after it */
	bool keep_out;		/* a pending ':=' result of the pre-pass: keep stdout */
	bool has_out;
	char *out;		/* when has_out: stdout, as read */
	size_t out_len;
	char cmd[];
};

struct pc_pool {
	struct pc_job *run;	/* running jobs, run[0..nrun) */
	size_t nrun, run_cap;
	size_t max;		/* how many pool_fill() keeps running */
	struct pool_cmd **queue;	/* in order; those no longer PCMD_QUEUED are skipped */
	size_t qhead, qlen, qcap;
	struct pool_cmd **bucket;	/* every command the pool was given */
	size_t nbuckets, ncmds;
	struct pollfd *pf;
	unsigned long started, finished;
	unsigned long for_real;	/* started for the real pass (its misses) */
	/* the identity memo was last emptied when this many had finished */
	unsigned long fresh_seq;
};

static void pool_init(struct pc_pool *pool)
{
	memset(pool, 0, sizeof(*pool));
	pool->max = pool_width();
	/* commands started ahead of the queue may take more slots (pool_start()) */
	pool->run_cap = pool->max + 1;
	pool->run = xcalloc(pool->run_cap, sizeof(*pool->run));
	pool->pf = xcalloc(2 * pool->run_cap, sizeof(*pool->pf));
}

static void pool_free(struct pc_pool *pool)
{
	for (size_t i = 0; i < pool->nbuckets; i++) {
		struct pool_cmd *c = pool->bucket[i], *next;

		for (; c; c = next) {
			next = c->next;
			free(c->out);
			free(c);
		}
	}
	free(pool->bucket);
	free(pool->queue);
	free(pool->run);
	free(pool->pf);
}

static struct pool_cmd *pool_find(const struct pc_pool *pool, const char *cmd)
{
	uint32_t h = hash_str(cmd);
	struct pool_cmd *c;

	if (!pool->nbuckets)
		return NULL;
	for (c = pool->bucket[h & (pool->nbuckets - 1)]; c; c = c->next)
		if (c->hash == h && strcmp(c->cmd, cmd) == 0)
			return c;
	return NULL;
}

/* The pool's record of CMD, made (PCMD_QUEUED, not in the queue yet) when missing. */
static struct pool_cmd *pool_cmd_get(struct pc_pool *pool, const char *cmd)
{
	struct pool_cmd *c = pool_find(pool, cmd);
	size_t len = strlen(cmd);

	if (c)
		return c;
	if (pool->ncmds >= pool->nbuckets) {
		size_t nb = pool->nbuckets ? pool->nbuckets * 2 : 256;
		struct pool_cmd **nbk = xcalloc(nb, sizeof(*nbk)), *next;

		for (size_t i = 0; i < pool->nbuckets; i++) {
			for (c = pool->bucket[i]; c; c = next) {
				next = c->next;
				c->next = nbk[c->hash & (nb - 1)];
				nbk[c->hash & (nb - 1)] = c;
			}
		}
		free(pool->bucket);
		pool->bucket = nbk;
		pool->nbuckets = nb;
	}
	c = xcalloc(1, sizeof(*c) + len + 1);
	c->hash = hash_str(cmd);
	c->state = PCMD_QUEUED;
	memcpy(c->cmd, cmd, len + 1);
	c->next = pool->bucket[c->hash & (pool->nbuckets - 1)];
	pool->bucket[c->hash & (pool->nbuckets - 1)] = c;
	pool->ncmds++;
	return c;
}

/* Start C in a free slot; NULL when it could not start (errno set). */
static struct pc_job *pool_start(struct probe_cache *pc, struct pc_pool *pool, struct pool_cmd *c)
{
	struct pc_job *j;
	int saved;

	if (pool->nrun == pool->run_cap) {
		pool->run_cap *= 2;
		pool->run = xrealloc(pool->run, pool->run_cap * sizeof(*pool->run));
		pool->pf = xrealloc(pool->pf, 2 * pool->run_cap * sizeof(*pool->pf));
	}
	j = &pool->run[pool->nrun];
	if (job_start(pc, j, c->cmd) == 0) {
		j->pcmd = c;
		c->state = PCMD_RUNNING;
		pool->nrun++;
		pool->started++;
		return j;
	}
	saved = errno;
	job_free(j);
	c->state = PCMD_DONE;	/* with no result: the real pass reports the error */
	errno = saved;
	return NULL;
}

static void pool_fill(struct probe_cache *pc, struct pc_pool *pool)
{
	while (pool->nrun < pool->max && pool->qhead < pool->qlen) {
		struct pool_cmd *c = pool->queue[pool->qhead++];

		if (c->state == PCMD_QUEUED)	/* else started ahead of the queue */
			pool_start(pc, pool, c);
	}
}

/*
 * Read what the running children wrote (waiting up to timeout_ms, -1 = until
 * something happens), store the results of those that finished, start
 * queued commands in the freed slots.  A finished job someone waits for
 * (keep) stays in its slot for pool_take().
 */
static void pool_pump(struct probe_cache *pc, struct pc_pool *pool, int timeout_ms)
{
	pool_fill(pc, pool);
	jobs_step(pool->run, pool->nrun, pool->pf, timeout_ms);
	for (size_t i = 0; i < pool->nrun;) {
		struct pc_job *j = &pool->run[i];

		if (!job_done(j) || (j->keep && j->pcmd->state == PCMD_DONE)) {
			i++;
			continue;
		}
		job_reap(j);
		j->pcmd->state = PCMD_DONE;
		j->pcmd->done_seq = ++pool->finished;
		if (j->pcmd->keep_out && !j->pcmd->has_out) {
			j->pcmd->out = xmalloc(j->out.len + 1);
			memcpy(j->pcmd->out, j->out.s, j->out.len);
			j->pcmd->out_len = j->out.len;
			j->pcmd->has_out = true;
		}
		if (j->keep) {
			i++;
			continue;
		}
		if (job_storable(j))
			entry_store(pc, j);
		job_free(j);
		pool->run[i] = pool->run[--pool->nrun];
	}
	pool_fill(pc, pool);
}

/* Queue CMD unless the pool has had it already. */
static void pool_submit(struct probe_cache *pc, struct pc_pool *pool, const char *cmd)
{
	size_t known = pool->ncmds;
	struct pool_cmd *c = pool_cmd_get(pool, cmd);

	if (pool->ncmds == known)
		return;
	if (pool->qlen == pool->qcap) {
		pool->qcap = pool->qcap ? pool->qcap * 2 : 64;
		pool->queue = xrealloc(pool->queue, pool->qcap * sizeof(*pool->queue));
	}
	pool->queue[pool->qlen++] = c;
	pool_pump(pc, pool, 0);
}

static bool pool_idle(const struct pc_pool *pool)
{
	return !pool->nrun && pool->qhead == pool->qlen;
}

/* Wait until C has run (a queued one is started at once, ahead of the queue). */
static void pool_wait_for(struct probe_cache *pc, struct pc_pool *pool, struct pool_cmd *c)
{
	if (c->state == PCMD_QUEUED)
		pool_start(pc, pool, c);
	while (c->state == PCMD_RUNNING)
		pool_pump(pc, pool, -1);
}

/*
 * Run CMD now, beside the other children (which keep running), and hand
 * its finished job to the caller, who frees it; CMD must not be running.
 * -1 (errno set) when it could not start.
 */
static int pool_take(struct probe_cache *pc, struct pc_pool *pool, const char *cmd,
		     struct pc_job *out)
{
	struct pool_cmd *c = pool_cmd_get(pool, cmd);
	struct pc_job *j = pool_start(pc, pool, c);
	size_t i;

	if (!j)
		return -1;
	j->keep = true;
	while (c->state != PCMD_DONE)
		pool_pump(pc, pool, -1);
	for (i = 0; pool->run[i].pcmd != c; i++)
		;
	*out = pool->run[i];
	pool->run[i] = pool->run[--pool->nrun];
	return 0;
}

/*
 * Children that finished may have changed files: before an identity
 * vouches for a result, it must have been taken after every command the
 * result comes after has finished.  The memo is emptied when it may be
 * older than that: 'after' is the done_seq of the latest such command.
 */
static void pool_idents_after(struct probe_cache *pc, struct pc_pool *pool, unsigned long after)
{
	if (after > pool->fresh_seq) {
		memo_clear(pc);
		pool->fresh_seq = pool->finished;
	}
}

/* Run everything submitted to completion. */
static void pool_drain(struct probe_cache *pc, struct pc_pool *pool)
{
	while (!pool_idle(pool))
		pool_pump(pc, pool, -1);
	pool_idents_after(pc, pool, pool->finished);
}

/* ---- manifest + parallel prefetch ---- */

/*
 * Manifest (manifest-v1/<hash>, format 3): what the last run with this
 * root, cwd, srctree and environment executed, with the results, so that a
 * warm run reads one file and checks each file or program once:
 *   "KFMF3\n" "s COUNT\n", COUNT directory snapshots "k LEN\nDIR\n"
 *   "i ...\n" "t 0|1\n" (see manifest_snapshots()), the $PATH directories
 *   first; "n COUNT\n", COUNT identity records (as in an entry), each
 *   followed by "a N S1 .. SN\n" when N snapshots' directories did not
 *   hold its name; then per command in run order "c LEN\nCMD\n" and
 *   either "u\n" (no stored result) or its "o"/"r" fields and
 *   "x N I1 .. IN\n", the N records it rests on; "end\n".  Index lists
 *   write a run of consecutive indices as "FIRST-LAST".
 * Records are copied from the entries, so a result is used only when every
 * identity its entry recorded still holds, exactly as for the entry.
 */
#define MF_MAGIC "KFMF3\n"

static void run_note(struct probe_cache *pc, struct cmd_rec *rec)
{
	if (rec->noted)
		return;
	rec->noted = true;
	if (pc->run_n == pc->run_cap) {
		pc->run_cap = pc->run_cap ? pc->run_cap * 2 : 256;
		pc->run = xrealloc(pc->run, pc->run_cap * sizeof(*pc->run));
	}
	pc->run[pc->run_n++] = rec;
}

static const char *root_kconfig(struct kconf *kc)
{
	return kc->files ? kc->files->name : "";
}

/* The snapshots of a manifest (format: see above). */
static bool manifest_load_snapshots(struct probe_cache *pc, struct reader *r)
{
	size_t nsnaps;

	if (!get_char(r, 's') || !get_char(r, ' ') || !get_num(r, &nsnaps) || !get_char(r, '\n') ||
	    nsnaps > (size_t)(r->end - r->p) || nsnaps < pc->npath)
		return false;
	pc->mf_snaps = xmalloc((nsnaps ? nsnaps : 1) * sizeof(*pc->mf_snaps));
	for (size_t i = 0; i < nsnaps; i++) {
		struct mf_snap *sn = &pc->mf_snaps[i];
		char *dir;
		size_t dn;

		if (!get_field(r, 'k', &dir, &dn) || !get_ident_numbers(r, &sn->want) ||
		    !get_char(r, 't') || !get_char(r, ' '))
			return false;
		sn->racy = get_char(r, '1');
		if ((!sn->racy && !get_char(r, '0')) || !get_char(r, '\n'))
			return false;
		dir[dn] = '\0';	/* over its '\n': parsed already */
		sn->path = dir;
		/* written for this $PATH: a mismatch means a damaged file */
		if (i < pc->npath &&
		    (dn != pc->path_dirs[i].len || memcmp(dir, pc->path_dirs[i].prefix, dn)))
			return false;
	}
	pc->mf_nsnaps = nsnaps;
	return true;
}

/* Parse the manifest at PATH into pc->mf*; false when there is none or it is damaged. */
static bool manifest_load(struct probe_cache *pc, const char *path)
{
	struct reader r;
	size_t len, nids, cap = 0, idx_cap = 0, idx_n = 0, absent_cap = 0, absent_n = 0;
	char *data = slurp(path, &len);

	if (!data)
		return false;
	r.p = data;
	r.end = data + len;
	if (len < strlen(MF_MAGIC) || memcmp(data, MF_MAGIC, strlen(MF_MAGIC)))
		goto bad;
	r.p += strlen(MF_MAGIC);
	if (!manifest_load_snapshots(pc, &r))
		goto bad;
	if (!get_char(&r, 'n') || !get_char(&r, ' ') || !get_num(&r, &nids) ||
	    !get_char(&r, '\n') || nids > len)
		goto bad;
	pc->mf_ids = xmalloc((nids ? nids : 1) * sizeof(*pc->mf_ids));
	for (size_t i = 0; i < nids; i++) {
		struct id_record rec;
		struct mf_ident *m = &pc->mf_ids[i];

		if (!get_id_record(&r, &rec))
			goto bad;
		rec.key[rec.key_len] = '\0';	/* over its '\n' */
		m->key = rec.key;
		m->want = rec.want;
		m->where = rec.where;
		m->where_len = rec.where_len;
		m->absent_first = absent_n;
		m->absent_n = 0;
		/* a program's are $PATH directories */
		if (get_char(&r, 'a') &&
		    (!get_indices(&r, m->key[0] == ID_PROG ? pc->npath : pc->mf_nsnaps,
				  &pc->mf_absent, &absent_n, &absent_cap, &m->absent_n) ||
		     !get_char(&r, '\n')))
			goto bad;
	}
	pc->mf_nids = nids;
	while (r.p < r.end && r.p[0] == 'c') {
		struct mf_cmd *c;
		char *cmd, *out, *err;
		size_t n, nout, nerr, count;

		if (!get_field(&r, 'c', &cmd, &n))
			goto bad;
		if (pc->mf_n == cap) {
			cap = cap ? cap * 2 : 256;
			pc->mf = xrealloc(pc->mf, cap * sizeof(*pc->mf));
		}
		c = &pc->mf[pc->mf_n++];
		memset(c, 0, sizeof(*c));
		cmd[n] = '\0';
		c->rec = cmd_get(pc, cmd, n, true);
		if (get_char(&r, 'u')) {
			if (!get_char(&r, '\n'))
				goto bad;
			continue;
		}
		c->first = idx_n;
		if (!get_result(&r, &out, &nout, &err, &nerr) || !get_char(&r, 'x') ||
		    !get_indices(&r, nids, &pc->mf_idx, &idx_n, &idx_cap, &count) ||
		    !get_char(&r, '\n'))
			goto bad;
		c->nids = count;
		c->out = out;
		c->out_len = nout;
		c->err = err;
		c->err_len = nerr;
		c->has_result = true;
	}
	if (r.end - r.p != 4 || memcmp(r.p, "end\n", 4))
		goto bad;
	pc->mf_buf = data;
	return true;
bad:
	/* records made so far keep their command text: keep the buffer */
	pc->mf_buf = data;
	pc->mf_n = 0;
	pc->mf_nids = 0;
	pc->mf_nsnaps = 0;
	return false;
}

/*
 * Directory snapshots.  Most identity records are of names that do not
 * exist: a word of a command looked for in the cwd and in $srctree, a
 * program looked for in each $PATH directory before the one that has it.
 * Checking each costs a system call; instead the manifest records, when it
 * is written, each such directory's identity and which of the names it had
 * no entry for.  Creating, removing or renaming an entry changes the
 * directory's mtime and ctime, so while the identity is the same, the names
 * absent then are absent now: one stat() vouches for all of them.  A name
 * that had an entry (a dangling symlink, a file without x permission) is
 * checked as before, since its target or mode may change.  Timestamps have
 * a granularity (a clock tick, up to 2 s on some filesystems): a directory
 * changed less than SNAP_SETTLE_S before the snapshot could change again
 * with the same timestamps, so that snapshot is "racy" and vouches for
 * nothing.  A directory that changed (the cwd, where conf writes .config)
 * is listed instead when that costs less than looking up its names.
 */
#define SNAP_SETTLE_S 2

/* What a validation knows of a snapshot's directory now. */
struct snap_now {
	enum {
		SNAP_UNKNOWN,	/* each name must be looked up */
		SNAP_NONE,	/* cannot be looked into: nothing under it exists */
		SNAP_SAME,	/* unchanged: what had no entry then has none now */
		SNAP_LISTED,	/* its entries are in 'names' */
	} state;
	struct strset names;
};

/* The entries of DIR into *names; false when it cannot be read. */
static bool list_dir(const char *dir, struct strset *names)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return false;
	errno = 0;
	while ((de = readdir(d)))
		strset_add(names, de->d_name);
	if (errno) {
		closedir(d);
		strset_free(names);
		return false;
	}
	closedir(d);
	return true;
}

static void snapshots_check(struct probe_cache *pc, struct snap_now *now)
{
	size_t *uses = NULL;

	for (size_t i = 0; i < pc->mf_nsnaps; i++) {
		const struct mf_snap *sn = &pc->mf_snaps[i];
		struct ident id;
		bool same;

		if (ident_stat_full(sn->path, &id)) {
			/* a name under a path that does not resolve does not either */
			if (errno == ENOENT || errno == ENOTDIR)
				now[i].state = SNAP_NONE;
			continue;
		}
		same = ident_matches(&id, &sn->want, NULL, 0);
		if (same && !sn->racy && id.type == S_IFDIR) {
			now[i].state = SNAP_SAME;
			continue;
		}
		/*
		 * Changed since: take a new snapshot.  Not when it was racy then:
		 * a directory this very run changes (the cwd, where conf writes
		 * .config) would be racy again in every new one.
		 */
		if (!same && !sn->racy) {
			pc->manifest_stale = true;
			if (getenv("KFORGE_CACHE_DEBUG"))
				fprintf(stderr, "kforge: probe cache: manifest: stale snapshot: %s\n",
					sn->path);
		}
		if (id.type != S_IFDIR)
			continue;
		/* how many names it would answer for */
		if (!uses) {
			uses = xcalloc(pc->mf_nsnaps, sizeof(*uses));
			for (size_t r = 0; r < pc->mf_nids; r++)
				for (size_t k = 0; k < pc->mf_ids[r].absent_n; k++)
					uses[pc->mf_absent[pc->mf_ids[r].absent_first + k]]++;
		}
		/* a listing costs about as much as a lookup per 64 bytes of directory */
		if (uses[i] >= 8 + (size_t)id.size / 64 && list_dir(sn->path, &now[i].names))
			now[i].state = SNAP_LISTED;
	}
	free(uses);
}

/* Whether NAME has no entry in the snapshot's directory (absent_then: it had none then). */
static inline bool snap_lacks(const struct snap_now *sn, const char *name, bool absent_then)
{
	switch (sn->state) {
	case SNAP_NONE:
		return true;
	case SNAP_SAME:
		return absent_then;
	case SNAP_LISTED:
		return !strset_has(&sn->names, name);
	default:
		return false;
	}
}

/*
 * The identity of the manifest's record M now, using the snapshots; false
 * when it is known to be absent (*now is not set then).  skip has a flag
 * per $PATH directory, all false, as it is left; path_looked: some $PATH
 * directory is SNAP_NONE or SNAP_LISTED (rare: else only M's absent list
 * can skip one).
 */
static bool mf_ident_now(struct probe_cache *pc, const struct mf_ident *m,
			 const struct snap_now *snaps, bool path_looked, bool *skip, struct ident *now)
{
	const size_t *absent = pc->mf_absent + m->absent_first;
	const char *name = m->key + 1;

	if (m->key[0] == ID_PROG) {
		if (path_looked)
			for (size_t d = 0; d < pc->npath; d++)
				skip[d] = snap_lacks(&snaps[d], name, false);
		for (size_t k = 0; k < m->absent_n; k++)
			skip[absent[k]] = snap_lacks(&snaps[absent[k]], name, true);
		ident_prog(pc, name, now, skip);
		if (path_looked)
			memset(skip, 0, pc->npath * sizeof(*skip));
		for (size_t k = 0; k < m->absent_n; k++)
			skip[absent[k]] = false;
		return true;
	}
	for (size_t k = 0; k < m->absent_n; k++) {
		const struct snap_now *sn = &snaps[absent[k]];
		const char *base;

		if (sn->state == SNAP_NONE || sn->state == SNAP_SAME)
			return false;
		if (sn->state == SNAP_LISTED) {
			base = strrchr(name, '/');
			if (!strset_has(&sn->names, base ? base + 1 : name))
				return false;
		}
	}
	ident_stat(name, now);
	return true;
}

/* Whether WANT (wn bytes of where) is the identity of a name that does not exist. */
static bool ident_is_absent(const struct ident *want, size_t wn)
{
	return !(want->type | want->dev | want->ino | want->size | want->mtime_s | want->mtime_ns |
		 want->ctime_s | want->ctime_ns) && wn == 0;
}

/* Make the manifest's results valid whose identities all hold now. */
static void manifest_validate(struct probe_cache *pc)
{
	bool *holds = xcalloc(pc->mf_nids ? pc->mf_nids : 1, sizeof(*holds));
	bool *skip = xcalloc(pc->npath ? pc->npath : 1, sizeof(*skip));
	struct snap_now *snaps = xcalloc(pc->mf_nsnaps ? pc->mf_nsnaps : 1, sizeof(*snaps));
	bool debug = getenv("KFORGE_CACHE_DEBUG") != NULL, path_looked = false;

	pc->mf_checked_gen = pc->gen;
	snapshots_check(pc, snaps);
	for (size_t d = 0; d < pc->npath; d++)
		path_looked |= snaps[d].state == SNAP_NONE || snaps[d].state == SNAP_LISTED;
	for (size_t i = 0; i < pc->mf_nids; i++) {
		const struct mf_ident *m = &pc->mf_ids[i];
		struct ident now;

		/* each record once: no memo needed (a key twice is rare) */
		if (mf_ident_now(pc, m, snaps, path_looked, skip, &now)) {
			holds[i] = ident_matches(&now, &m->want, m->where, m->where_len);
			free(now.where);
		} else {
			holds[i] = ident_is_absent(&m->want, m->where_len);
		}
		if (!holds[i] && debug)
			fprintf(stderr, "kforge: probe cache: manifest: stale: %s\n", m->key);
	}
	for (size_t i = 0; i < pc->mf_nsnaps; i++)
		strset_free(&snaps[i].names);
	free(snaps);
	free(skip);
	for (size_t i = 0; i < pc->mf_n; i++) {
		const struct mf_cmd *c = &pc->mf[i];
		struct cmd_rec *rec = c->rec;
		bool ok = c->has_result;

		for (size_t k = 0; ok && k < c->nids; k++)
			ok = holds[pc->mf_idx[c->first + k]];
		if (!ok)
			continue;
		free(rec->own_result);
		rec->own_result = NULL;
		rec->out = c->out;
		rec->out_len = c->out_len;
		rec->err = c->err;
		rec->err_len = c->err_len;
		rec->valid_gen = pc->gen;
	}
	free(holds);
}

/* The result of REC from its entry, when that is valid now. */
static bool cmd_from_entry(struct probe_cache *pc, struct cmd_rec *rec)
{
	char out[PC_OUT_MAX];
	struct kstr err;
	long n;

	kstr_init(&err);
	n = entry_lookup(pc, rec->cmd, out, &err);
	if (n >= 0) {
		cmd_set_result(pc, rec, out, (size_t)n, err.s, err.len);
		pc->manifest_stale = true;	/* the manifest's was missing or stale */
	}
	kstr_free(&err);
	return n >= 0;
}

/* Returns false when there is no manifest for this run. */
static bool manifest_prefetch(struct kconf *kc, struct probe_cache *pc)
{
	struct h128 h;
	struct kstr path;
	const char *root = root_kconfig(kc);
	struct pc_pool pool;
	bool found;

	pc->manifest_loaded = true;
	h_init(&h);
	h_field(&h, "manifest-v3", 11);
	h_field(&h, root, strlen(root));
	h_field(&h, pc->cwd, strlen(pc->cwd));
	h_field(&h, pc->srctree ? pc->srctree : "", pc->srctree ? strlen(pc->srctree) : 0);
	h_field(&h, pc->env_hex, 32);
	h_hex(&h, pc->manifest_hex);
	kstr_init(&path);
	kstr_printf(&path, "%s/%s", pc->mdir, pc->manifest_hex);
	found = manifest_load(pc, path.s);
	kstr_free(&path);
	if (!found)
		return false;

	/*
	 * Stale or missing results: from their entries, else rerun all at once.
	 * What ran may have changed files: then check everything once more.
	 */
	pool_init(&pool);
	for (int round = 0; round < 2; round++) {
		unsigned long started = pool.started;

		manifest_validate(pc);
		for (size_t i = 0; i < pc->mf_n; i++) {
			struct cmd_rec *rec = pc->mf[i].rec;

			if (!cmd_valid(pc, rec) && !cmd_from_entry(pc, rec) && round == 0)
				pool_submit(pc, &pool, rec->cmd);
		}
		pool_drain(pc, &pool);
		if (pool.started == started)
			break;
	}
	pc->prefetched += pool.started;
	pool_free(&pool);
	return true;
}

/* Index of the identity record BYTES (n of them) in the manifest being written. */
struct id_set {
	struct kstr text;	/* the records, back to back */
	struct id_span {
		size_t off, len;
		uint32_t hash;
	} *v;
	size_t n, cap;
	uint32_t *slot;		/* open addressing: index + 1, 0 = free */
	size_t nslots;
};

static size_t id_set_index(struct id_set *set, const char *bytes, size_t n)
{
	uint32_t h = hash_name(bytes, n);
	size_t i;

	if (2 * (set->n + 1) > set->nslots) {
		size_t ns = set->nslots ? set->nslots * 2 : 1024;
		uint32_t *slot = xcalloc(ns, sizeof(*slot));

		for (size_t k = 0; k < set->n; k++) {
			for (i = set->v[k].hash & (ns - 1); slot[i]; i = (i + 1) & (ns - 1))
				;
			slot[i] = (uint32_t)k + 1;
		}
		free(set->slot);
		set->slot = slot;
		set->nslots = ns;
	}
	for (i = h & (set->nslots - 1); set->slot[i]; i = (i + 1) & (set->nslots - 1)) {
		const struct id_span *sp = &set->v[set->slot[i] - 1];

		if (sp->hash == h && sp->len == n && memcmp(set->text.s + sp->off, bytes, n) == 0)
			return set->slot[i] - 1;
	}
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 256;
		set->v = xrealloc(set->v, set->cap * sizeof(*set->v));
	}
	set->v[set->n] = (struct id_span){ set->text.len, n, h };
	kstr_appendn(&set->text, bytes, n);
	set->slot[i] = (uint32_t)set->n + 1;
	return set->n++;
}

/* CMD's stored result and the records it rests on, or "u\n" when it has none. */
static void manifest_put_result(struct probe_cache *pc, const char *cmd, struct kstr *out,
				struct id_set *ids)
{
	struct reader r;
	char *data = entry_read(pc, cmd, &r), *so, *se;
	size_t no, ne, *idx = NULL, n = 0, cap = 0;

	if (!data) {
		kstr_append(out, "u\n");
		return;
	}
	while (r.p < r.end && r.p[0] == 'k') {
		struct id_record rec;
		char *start = r.p;

		if (!get_id_record(&r, &rec))
			goto bad;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			idx = xrealloc(idx, cap * sizeof(*idx));
		}
		idx[n++] = id_set_index(ids, start, (size_t)(r.p - start));
	}
	if (!get_result(&r, &so, &no, &se, &ne) || r.end - r.p != 4 || memcmp(r.p, "end\n", 4))
		goto bad;
	put_field(out, 'o', so, no);
	put_field(out, 'r', se, ne);
	kstr_putc(out, 'x');
	put_indices(out, idx, n);
	kstr_putc(out, '\n');
	free(idx);
	free(data);
	return;
bad:
	kstr_append(out, "u\n");
	free(idx);
	free(data);
}

/* The key of record I of IDS ("k" field: kind char + name), not NUL-terminated. */
static bool id_set_key(const struct id_set *ids, size_t i, char **key, size_t *n)
{
	char *start = ids->text.s + ids->v[i].off;
	struct reader r = { start, start + ids->v[i].len };

	return get_field(&r, 'k', key, n) && *n > 0;
}

/*
 * The snapshots of the manifest being written, to KS, and the absent list
 * of each record i of IDS, to ABSENT: its line is bytes [at[i], at[i + 1])
 * (see the comment above struct snap_now).  Every directory is looked at
 * before the names in it: an entry made in between changes its identity.
 */
static void manifest_snapshots(struct probe_cache *pc, const struct id_set *ids, struct kstr *ks,
			       struct kstr *absent_lines, size_t *at)
{
	struct snap_w {
		char *path;
		struct ident id;
	} *snaps;
	size_t nsnaps = pc->npath, cap = pc->npath + 16, *parent, *absent;
	struct kstr name;
	struct timespec t0;
	struct stat st;

	snaps = xmalloc(cap * sizeof(*snaps));
	for (size_t d = 0; d < pc->npath; d++)
		snaps[d].path = xstrdup(pc->path_dirs[d].prefix);
	/* the directory of each file record ("." for a bare name) */
	parent = xmalloc((ids->n ? ids->n : 1) * sizeof(*parent));
	for (size_t i = 0; i < ids->n; i++) {
		char *key, *slash;
		const char *dir;
		size_t n, dn, k;

		parent[i] = SIZE_MAX;
		if (!id_set_key(ids, i, &key, &n) || key[0] != ID_FILE)
			continue;
		key++, n--;
		slash = memrchr(key, '/', n);
		if (slash == key + n - 1)
			continue;	/* no name to look for */
		dir = slash ? key : ".";
		dn = !slash ? 1 : slash == key ? 1 : (size_t)(slash - key);
		for (k = pc->npath; k < nsnaps; k++)
			if (strlen(snaps[k].path) == dn && memcmp(snaps[k].path, dir, dn) == 0)
				break;
		if (k == nsnaps) {
			if (nsnaps == cap) {
				cap *= 2;
				snaps = xrealloc(snaps, cap * sizeof(*snaps));
			}
			snaps[nsnaps++].path = xstrndup(dir, dn);
		}
		parent[i] = k;
	}

	clock_gettime(CLOCK_REALTIME, &t0);
	kstr_append(ks, "s ");
	put_num(ks, (long long)nsnaps);
	kstr_putc(ks, '\n');
	for (size_t k = 0; k < nsnaps; k++) {
		struct ident *id = &snaps[k].id;
		/* changed too shortly before t0 to trust its timestamps */
		bool racy;

		ident_stat_full(snaps[k].path, id);
		racy = id->type == S_IFDIR && !(id->ctime_s + SNAP_SETTLE_S < (long long)t0.tv_sec);
		put_field(ks, 'k', snaps[k].path, strlen(snaps[k].path));
		put_ident_numbers(ks, id);
		kstr_append(ks, racy ? "t 1\n" : "t 0\n");
	}

	/* the names each directory had no entry for (lstat(): a dangling symlink is one) */
	absent = xmalloc((pc->npath + 1) * sizeof(*absent));
	kstr_init(&name);
	for (size_t i = 0; i < ids->n; i++) {
		char *key;
		size_t n, na = 0;

		at[i] = absent_lines->len;
		if (!id_set_key(ids, i, &key, &n))
			continue;
		if (key[0] == ID_FILE && parent[i] != SIZE_MAX) {
			kstr_reset(&name);
			kstr_appendn(&name, key + 1, n - 1);
			if (lstat(name.s, &st) && errno == ENOENT)
				absent[na++] = parent[i];
		} else if (key[0] == ID_PROG) {
			/* as ident_prog() walks $PATH, up to where it finds NAME */
			for (size_t d = 0; d < pc->npath; d++) {
				kstr_reset(&name);
				kstr_append(&name, pc->path_dirs[d].prefix);
				kstr_appendn(&name, key + 1, n - 1);
				if (lstat(name.s, &st)) {
					if (errno == ENOENT)
						absent[na++] = d;
					continue;
				}
				if (access(name.s, X_OK) == 0 && stat(name.s, &st) == 0 &&
				    S_ISREG(st.st_mode))
					break;
			}
		}
		if (na) {
			kstr_putc(absent_lines, 'a');
			put_indices(absent_lines, absent, na);
			kstr_putc(absent_lines, '\n');
		}
	}
	at[ids->n] = absent_lines->len;
	kstr_free(&name);
	free(absent);
	free(parent);
	for (size_t k = 0; k < nsnaps; k++)
		free(snaps[k].path);
	free(snaps);
}

static void manifest_write(struct probe_cache *pc)
{
	struct kstr ks, cmds, absent;
	struct id_set ids;
	size_t *at;
	bool same = pc->run_n == pc->mf_n;

	if (!pc->manifest_loaded || !pc->run_n)
		return;
	for (size_t i = 0; same && i < pc->run_n; i++)
		same = pc->run[i] == pc->mf[i].rec;
	if (same && !pc->manifest_stale)
		return;
	memset(&ids, 0, sizeof(ids));
	kstr_init(&ids.text);
	kstr_init(&cmds);
	for (size_t i = 0; i < pc->run_n; i++) {
		put_field(&cmds, 'c', pc->run[i]->cmd, pc->run[i]->len);
		manifest_put_result(pc, pc->run[i]->cmd, &cmds, &ids);
	}
	kstr_init(&ks);
	kstr_init(&absent);
	at = xmalloc((ids.n + 1) * sizeof(*at));
	kstr_append(&ks, MF_MAGIC);
	manifest_snapshots(pc, &ids, &ks, &absent, at);
	kstr_append(&ks, "n ");
	put_num(&ks, (long long)ids.n);
	kstr_putc(&ks, '\n');
	for (size_t i = 0; i < ids.n; i++) {
		kstr_appendn(&ks, ids.text.s + ids.v[i].off, ids.v[i].len);
		kstr_appendn(&ks, absent.s + at[i], at[i + 1] - at[i]);
	}
	kstr_appendn(&ks, cmds.s, cmds.len);
	kstr_append(&ks, "end\n");
	write_atomic(pc->mdir, pc->manifest_hex, ks.s, ks.len);
	kstr_free(&ks);
	kstr_free(&absent);
	free(at);
	kstr_free(&cmds);
	kstr_free(&ids.text);
	free(ids.v);
	free(ids.slot);
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
/* A pending ':=' result in the pre-pass: this, its number, "__" */
#define SPEC_FUTURE "__kforge_pending_probe_"
/*
 * A further pass costs about as much CPU as a few probes: make one only when
 * at least this many commands waited for results that were not known.
 */
#define SPEC_PASS_WORTH 8
#define SPEC_MAX_PASSES 3

struct spec_state {
	struct probe_cache *real;	/* the cache of the run we prepare */
	struct pc_pool *pool;		/* holds every command any pass started */
	unsigned long deferred;		/* this pass: commands built from a placeholder */
	struct pool_cmd **futures;	/* the commands of pending results, by number */
	size_t nfutures, futures_cap;
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
 * Run CMD at once and use its output (the pre-pass only guesses with it;
 * the real pass finds it in the cache, or runs CMD itself).  -1 when it
 * could not start.
 */
static long spec_run_now(struct spec_state *sp, const char *cmd, char *out)
{
	struct pc_job job;
	long n;

	if (pool_take(sp->real, sp->pool, cmd, &job))
		return -1;
	n = (long)job.out.len;
	memcpy(out, job.out.s, job.out.len);
	if (job_storable(&job))
		entry_store(sp->real, &job);
	job_free(&job);
	return n;
}

/* Hand out C's result as pending: a name that probe_spec_resolve() fills in. */
static long spec_future(struct spec_state *sp, struct kconf *kc, struct pool_cmd *c, char *out)
{
	if (sp->nfutures == sp->futures_cap) {
		sp->futures_cap = sp->futures_cap ? sp->futures_cap * 2 : 32;
		sp->futures = xrealloc(sp->futures, sp->futures_cap * sizeof(*sp->futures));
	}
	sp->futures[sp->nfutures] = c;
	c->keep_out = true;
	kc->pp_futures++;
	return snprintf(out, PC_OUT_MAX, SPEC_FUTURE "%zu__", sp->nfutures++);
}

/* Append the text of pending result number I (as $(shell) gives it), once it is in. */
static void spec_future_text(struct spec_state *sp, size_t i, struct kstr *to)
{
	struct pool_cmd *c = sp->futures[i];
	char text[PC_OUT_MAX + 1];

	pool_wait_for(sp->real, sp->pool, c);
	if (!c->has_out) {	/* it could not start: the real pass says why */
		kstr_append(to, SPEC_RESULT);
		return;
	}
	memcpy(text, c->out, c->out_len);
	kstr_appendn(to, text, shell_output_text(text, c->out_len));
}

bool probe_spec_resolve(struct kconf *kc, const char *text, struct kstr *out)
{
	struct spec_state *sp = kc->probe_cache ? kc->probe_cache->spec : NULL;
	const char *p = text, *hit;
	size_t plen = strlen(SPEC_FUTURE);

	if (!sp || !kc->pp_futures || !strstr(text, SPEC_FUTURE))
		return false;
	while ((hit = strstr(p, SPEC_FUTURE))) {
		char *end;
		unsigned long long i = strtoull(hit + plen, &end, 10);

		kstr_appendn(out, p, (size_t)(hit - p));
		if (end == hit + plen || strncmp(end, "__", 2) || i >= sp->nfutures) {
			kstr_appendn(out, hit, plen);	/* not one of ours: kept as it is */
			p = hit + plen;
			continue;
		}
		spec_future_text(sp, (size_t)i, out);
		p = end + 2;
	}
	kstr_append(out, p);
	return true;
}

/*
 * $(shell,CMD) inside the pre-pass: a cached result, else start CMD and
 * return a placeholder.  Results that steer what is parsed next are not
 * guessed: in an error-if condition ('stop') CMD is run at once and its
 * result used; in a ':=' value ('wait': cc-info, m64-flag, ...) CMD is
 * started at once and a pending result returned, filled in where a
 * command, a name or an error-if condition uses it, so that independent
 * ':=' probes run side by side.
 */
static long spec_shell(struct spec_state *sp, struct kconf *kc, const char *cmd, char *out,
		       bool wait, bool stop)
{
	struct kstr known;
	struct pool_cmd *c;
	long n;

	if (strstr(cmd, SPEC_RESULT)) {
		sp->deferred++;		/* its text is not known yet */
		goto placeholder;
	}
	kstr_init(&known);
	if (probe_spec_resolve(kc, cmd, &known))
		cmd = known.s;
	n = spec_lookup(sp, cmd, out);
	if (n >= 0)
		goto done;
	c = pool_find(sp->pool, cmd);
	if (!wait) {
		if (!c)
			pool_submit(sp->real, sp->pool, cmd);
		n = -1;
		goto done;
	}
	if (!stop && (!c || c->state != PCMD_DONE)) {
		if (!c)
			c = pool_cmd_get(sp->pool, cmd);
		if (c->state == PCMD_QUEUED)
			pool_start(sp->real, sp->pool, c);
		n = c->state == PCMD_DONE ? -1 : spec_future(sp, kc, c, out);
	} else if (!c || c->state == PCMD_QUEUED) {
		n = spec_run_now(sp, cmd, out);
	} else {
		pool_wait_for(sp->real, sp->pool, c);	/* its result is then in the cache, if storable */
		n = spec_lookup(sp, cmd, out);
	}
done:
	kstr_free(&known);
	if (n >= 0)
		return n;
placeholder:
	memcpy(out, SPEC_RESULT, strlen(SPEC_RESULT));
	return (long)strlen(SPEC_RESULT);
}

/*
 * Parse the tree in a throw-away context whose $(shell) calls only record
 * and start commands, silently; repeat while commands depended on results
 * that were not known yet.  The children of the last pass are left running
 * (pc->pool): the real pass starts at once and waits only for the results
 * it reaches before they are in (see pool_serve()).
 */
static void speculate(struct kconf *kc, struct probe_cache *pc)
{
	const char *root = root_kconfig(kc);
	FILE *devnull = fopen("/dev/null", "w");
	struct spec_state sp = { .real = pc };
	struct pc_pool *pool;

	if (!root[0] || !devnull) {
		if (devnull)
			fclose(devnull);
		return;
	}
	pool = xmalloc(sizeof(*pool));
	pool_init(pool);
	sp.pool = pool;
	for (int pass = 0; pass < SPEC_MAX_PASSES; pass++) {
		struct kconf *skc = kconf_new(kc->kver / 100, kc->kver % 100);
		struct probe_cache *spc = xcalloc(1, sizeof(*spc));
		unsigned long before = pool->started;
		double t0 = now_ms();
		bool again;

		spc->spec = &sp;
		skc->probe_cache = spc;
		skc->parse_only = true;
		kconf_set_streams(skc, devnull, devnull);
		kconf_set_getenv(skc, kc->getenv_fn, kc->getenv_ud);
		sp.deferred = 0;
		kconf_load(skc, root);
		kconf_free(skc);
		pc->spec_passes++;
		/* another pass only when something new runs and enough is left to learn */
		again = pool->started != before && sp.deferred >= SPEC_PASS_WORTH &&
			pass + 1 < SPEC_MAX_PASSES;
		if (getenv("KFORGE_CACHE_DEBUG"))
			fprintf(stderr, "kforge: probe cache: speculative pass %d: parsed in %.0f ms, "
				"%lu commands started, %lu deferred\n", pass, now_ms() - t0,
				pool->started - before, sp.deferred);
		if (!again)
			break;
		pool_drain(pc, pool);	/* the next pass needs the results */
	}
	pc->pool = pool;
	free(sp.futures);
	fclose(devnull);
}

/*
 * The real pass meets CMD while the pre-pass's children may still run: if
 * CMD is one of them, wait for it (started at once if still queued).  Every
 * command before CMD has been through here, so identities taken after CMD
 * ended are as fresh as the kernel's, which runs the commands one by one.
 */
static void pool_serve(struct probe_cache *pc, const char *cmd)
{
	struct pc_pool *pool = pc->pool;
	struct pool_cmd *c = pool_find(pool, cmd);

	pool_pump(pc, pool, 0);		/* refill the slots of those that ended */
	if (!c)
		return;
	pool_wait_for(pc, pool, c);
	pool_idents_after(pc, pool, c->done_seq);
}

/*
 * The real parse is over: what is still queued was a wrong guess, never
 * needed, so it is not started; what runs is waited for (and stored), so
 * that no probe outlives the parse.
 */
static void pool_finish(struct probe_cache *pc)
{
	struct pc_pool *pool = pc->pool;

	if (!pool)
		return;
	pool->qhead = pool->qlen;
	pool_drain(pc, pool);
	pc->spec_started += pool->started - pool->for_real;
	pool_free(pool);
	free(pool);
	pc->pool = NULL;
}

void probe_cache_parsed(struct kconf *kc)
{
	if (kc->probe_cache && !kc->probe_cache->spec)
		pool_finish(kc->probe_cache);
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
	struct pc_job job;
	struct cmd_rec *rec;
	long n;

	if (pc->spec)
		return spec_shell(pc->spec, kc, cmd, out, kc->pp_wait_probes > 0,
				  kc->pp_stop_probes > 0);
	if (!pc->manifest_loaded && !manifest_prefetch(kc, pc) && !cache_no_speculation())
		speculate(kc, pc);
	if (pc->pool)
		pool_serve(pc, cmd);
	rec = cmd_get(pc, cmd, strlen(cmd), false);
	run_note(pc, rec);
	/* a command ran since the manifest was checked: check it again, once */
	if (!cmd_valid(pc, rec) && pc->mf_n && pc->mf_checked_gen != pc->gen)
		manifest_validate(pc);
	if (cmd_valid(pc, rec) || cmd_from_entry(pc, rec)) {
		pc->hits++;
		memcpy(out, rec->out, rec->out_len);
		write_all(2, rec->err, rec->err_len);
		return (long)rec->out_len;
	}
	pc->misses++;
	if (pc->pool) {
		/* beside the pre-pass's children, which keep running */
		if (pool_take(pc, pc->pool, cmd, &job))
			return -1;
		pc->pool->for_real++;
		pool_idents_after(pc, pc->pool, job.pcmd->done_seq);
	} else {
		if (job_start(pc, &job, cmd)) {
			job_free(&job);
			return -1;
		}
		job_wait(&job);
		memo_clear(pc);
	}
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
	pool_finish(pc);	/* when the parse did not end (a fatal error) */
	if (!pc->disabled)
		manifest_write(pc);
	if (getenv("KFORGE_CACHE_DEBUG"))
		fprintf(stderr, "kforge: probe cache: %lu hits, %lu misses, %lu prefetched, "
			"%lu speculated in %u passes\n", pc->hits, pc->misses, pc->prefetched,
			pc->spec_started, pc->spec_passes);
	memo_clear(pc);
	cmd_table_free(&pc->cmds);
	free(pc->run);
	free(pc->mf);
	free(pc->mf_ids);
	free(pc->mf_snaps);
	free(pc->mf_absent);
	free(pc->mf_idx);
	free(pc->mf_buf);
	free(pc->dir);
	free(pc->entry_path);
	free(pc->mdir);
	free(pc->cwd);
	for (size_t i = 0; i < pc->npath; i++)
		free(pc->path_dirs[i].prefix);
	free(pc->path_dirs);
	free(pc);
}
