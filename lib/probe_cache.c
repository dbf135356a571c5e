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
 * result stored; parsing then finds them through the normal lookup.
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

struct pc_job {
	char *cmd;
	pid_t pid;
	int fd_out, fd_err;
	struct kstr out, err;
	bool out_closed, err_closed, truncated;
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
	/* manifest */
	bool manifest_loaded;
	char manifest_hex[33];
	char **mf_cmds;		/* loaded manifest (NULL-terminated) */
	size_t mf_n;
	char **run_cmds;	/* commands executed or looked up this run */
	uint32_t *run_hash;
	size_t run_n, run_cap;
	unsigned long hits, misses;
};

/* ---- small helpers ---- */

static bool env_ignored(const char *kv)
{
	static const char *const ignore[] = {
		"_", "OLDPWD", "SHLVL", "KFORGE_NO_CACHE",
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

static bool cache_off_by_env(void)
{
	const char *v = getenv("KFORGE_NO_CACHE");

	return v && *v && strcmp(v, "0") != 0;
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

static void memo_clear(struct probe_cache *pc)
{
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

static void put_field(struct kstr *ks, char tag, const char *s, size_t n)
{
	kstr_printf(ks, "%c %zu\n", tag, n);
	kstr_appendn(ks, s, n);
	kstr_putc(ks, '\n');
}

static void put_ident(struct kstr *ks, const char *key, const struct ident *id)
{
	put_field(ks, 'k', key, strlen(key));
	kstr_printf(ks, "i %lld %lld %lld %lld %lld %lld %lld %lld\n", id->type, id->dev, id->ino,
		    id->size, id->mtime_s, id->mtime_ns, id->ctime_s, id->ctime_ns);
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
		got = sscanf(r.p, "i %lld %lld %lld %lld %lld %lld %lld %lld", &want.type, &want.dev,
			     &want.ino, &want.size, &want.mtime_s, &want.mtime_ns, &want.ctime_s,
			     &want.ctime_ns);
		if (got != 8)
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

/* Record identities (fresh, not memoized) and start /bin/sh -c CMD. */
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
		if (kl.v[i][0] == ID_PROG)
			ident_prog(pc, kl.v[i] + 1, &j->ids[i]);
		else
			ident_stat(kl.v[i] + 1, &j->ids[i]);
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

/* Wait for the jobs; returns when all have exited and been drained. */
static void jobs_wait(struct pc_job *jobs, size_t n)
{
	struct pollfd *pf = xcalloc(2 * n + 1, sizeof(*pf));

	for (;;) {
		size_t np = 0;

		for (size_t i = 0; i < n; i++) {
			if (!jobs[i].out_closed)
				pf[np++] = (struct pollfd){ .fd = jobs[i].fd_out, .events = POLLIN };
			if (!jobs[i].err_closed)
				pf[np++] = (struct pollfd){ .fd = jobs[i].fd_err, .events = POLLIN };
		}
		if (!np)
			break;
		if (poll(pf, np, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
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
	free(pf);
	for (size_t i = 0; i < n; i++) {
		while (waitpid(jobs[i].pid, &jobs[i].status, 0) < 0 && errno == EINTR)
			;
	}
}

static bool job_storable(const struct pc_job *j)
{
	return !j->truncated && WIFEXITED(j->status);
}

/* ---- manifest + parallel prefetch ---- */

static void run_note(struct probe_cache *pc, const char *cmd)
{
	uint32_t h = hash_str(cmd);

	for (size_t i = 0; i < pc->run_n; i++)
		if (pc->run_hash[i] == h && strcmp(pc->run_cmds[i], cmd) == 0)
			return;
	if (pc->run_n == pc->run_cap) {
		pc->run_hash = xrealloc(pc->run_hash, (pc->run_cap ? pc->run_cap * 2 : 256) *
					sizeof(*pc->run_hash));
		pc->run_cap = pc->run_cap ? pc->run_cap * 2 : 256;
		pc->run_cmds = xrealloc(pc->run_cmds, pc->run_cap * sizeof(*pc->run_cmds));
	}
	pc->run_hash[pc->run_n] = h;
	pc->run_cmds[pc->run_n++] = xstrdup(cmd);
}

static void manifest_prefetch(struct kconf *kc, struct probe_cache *pc)
{
	struct h128 h;
	struct kstr path;
	char *data, *p, *end;
	size_t len;
	const char *root = kc->files ? kc->files->name : "";
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	size_t max = ncpu > 0 ? (size_t)ncpu * 2 : 4, cap = 0;
	struct pc_job *jobs;
	char dummy[PC_OUT_MAX];
	struct kstr derr;

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
		return;
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

	/* start the missing/stale ones, at most 'max' at a time */
	jobs = xcalloc(max, sizeof(*jobs));
	kstr_init(&derr);
	for (size_t i = 0; i < pc->mf_n;) {
		size_t nj = 0;

		for (; i < pc->mf_n && nj < max; i++) {
			kstr_reset(&derr);
			if (entry_lookup(pc, pc->mf_cmds[i], dummy, &derr) >= 0)
				continue;
			if (job_start(pc, &jobs[nj], pc->mf_cmds[i]) == 0)
				nj++;
			else
				job_free(&jobs[nj]);
		}
		if (!nj)
			continue;
		jobs_wait(jobs, nj);
		for (size_t k = 0; k < nj; k++) {
			if (job_storable(&jobs[k]))
				entry_store(pc, &jobs[k]);
			job_free(&jobs[k]);
		}
		memo_clear(pc);
	}
	kstr_free(&derr);
	free(jobs);
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
	long n;

	if (!pc->manifest_loaded)
		manifest_prefetch(kc, pc);
	run_note(pc, cmd);
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
	jobs_wait(&job, 1);
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
	if (!pc->disabled)
		manifest_write(pc);
	if (getenv("KFORGE_CACHE_DEBUG"))
		fprintf(stderr, "kforge: probe cache: %lu hits, %lu misses\n", pc->hits, pc->misses);
	memo_clear(pc);
	for (size_t i = 0; i < pc->mf_n; i++)
		free(pc->mf_cmds[i]);
	for (size_t i = 0; i < pc->run_n; i++)
		free(pc->run_cmds[i]);
	free(pc->mf_cmds);
	free(pc->run_cmds);
	free(pc->run_hash);
	free(pc->dir);
	free(pc->mdir);
	free(pc->cwd);
	free(pc->path);
	free(pc);
	kc->probe_cache = NULL;
}
