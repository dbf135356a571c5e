/* SPDX-License-Identifier: MIT */
/*
 * confdata.c: reading and writing configuration data.
 *
 *  - .config / defconfig / auto.conf parsing into the symbol def[] slots
 *  - .config writing (menu-ordered, with comment blocks)
 *  - minimal defconfig writing
 *  - include/config/auto.conf, autoconf.h, rustc_cfg, auto.conf.cmd and the
 *    per-symbol dependency touch files
 *
 * Behaviour (messages, file formats, return values) follows the reference
 * implementation of the selected kernel version; see kc->kver.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "internal.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* ------------------------------------------------------------------ */
/* small helpers                                                        */

static const char *cfg_prefix(struct kconf *kc)
{
	const char *p;

	if (kc->config_prefix)
		return kc->config_prefix;
	p = kc_getenv(kc, "CONFIG_");
	return p ? p : "CONFIG_";
}

static bool path_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static bool path_is_dir(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return false;
	return S_ISDIR(st.st_mode);
}

/* Compare two files' contents; false if either cannot be read. */
static bool files_identical(const char *a, const char *b)
{
	FILE *fa, *fb;
	struct stat sa, sb;
	bool same = false;
	char ba[8192], bb[8192];

	fa = fopen(a, "rb");
	if (!fa)
		return false;
	fb = fopen(b, "rb");
	if (!fb) {
		fclose(fa);
		return false;
	}
	if (fstat(fileno(fa), &sa) || fstat(fileno(fb), &sb))
		goto out;
	if (sa.st_size != sb.st_size)
		goto out;
	for (;;) {
		size_t na = fread(ba, 1, sizeof(ba), fa);
		size_t nb = fread(bb, 1, sizeof(bb), fb);

		if (na != nb || memcmp(ba, bb, na))
			goto out;
		if (na == 0)
			break;
	}
	same = true;
out:
	fclose(fa);
	fclose(fb);
	return same;
}

/* mkdir -p of the directory part of 'path' (nothing if it has no '/'). */
static int make_parent_dir(const char *path)
{
	char buf[PATH_MAX + 1];
	char *slash, *p;

	snprintf(buf, sizeof(buf), "%s", path);
	slash = strrchr(buf, '/');
	if (!slash)
		return 0;
	slash[1] = '\0';

	p = buf;
	while (*p == '/')
		p++;
	while ((p = strchr(p, '/')) != NULL) {
		*p = '\0';
		if (!path_is_dir(buf) && mkdir(buf, 0755) != 0)
			return -1;
		*p = '/';
		while (*p == '/')
			p++;
	}
	return 0;
}

static void print_errno(struct kconf *kc, const char *what)
{
	fprintf(kc->err, "%s: %s\n", what, strerror(errno));
}

/* ------------------------------------------------------------------ */
/* messages                                                             */

void conf_set_message_callback(struct kconf *kc, void (*fn)(void *ud, const char *msg), void *ud)
{
	kc->conf_message_set = true;
	kc->conf_message_fn = fn;
	kc->conf_message_ud = ud;
}

static void conf_message(struct kconf *kc, const char *fmt, ...) KC_PRINTF(2, 3);
static void conf_message(struct kconf *kc, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;

	if (kc->conf_message_set && !kc->conf_message_fn)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (kc->conf_message_fn) {
		kc->conf_message_fn(kc->conf_message_ud, buf);
		return;
	}
	fprintf(kc->out, "#\n# %s\n#\n", buf);
}

struct reader {
	struct kconf *kc;
	const char *fname;
	int lineno;
};

static void rd_warn(struct reader *rd, const char *fmt, ...) KC_PRINTF(2, 3);
static void rd_warn(struct reader *rd, const char *fmt, ...)
{
	va_list ap;
	FILE *e = rd->kc->err;

	fprintf(e, "%s:%d:warning: ", rd->fname, rd->lineno);
	va_start(ap, fmt);
	vfprintf(e, fmt, ap);
	va_end(ap);
	fputc('\n', e);
	rd->kc->conf_warnings++;
}

bool conf_errors(struct kconf *kc)
{
	if (kc->conf_warnings)
		return kc_getenv(kc, "KCONFIG_WERROR") != NULL;
	return false;
}

/* ------------------------------------------------------------------ */
/* names                                                                */

static const char *env_or(struct kconf *kc, const char *var, const char *dflt)
{
	const char *v = kc_getenv(kc, var);

	return v ? v : dflt;
}

const char *conf_get_configname(struct kconf *kc)
{
	return env_or(kc, "KCONFIG_CONFIG", ".config");
}

const char *conf_get_autoconfig_name(struct kconf *kc)
{
	return env_or(kc, "KCONFIG_AUTOCONFIG", "include/config/auto.conf");
}

static const char *conf_get_autoheader_name(struct kconf *kc)
{
	return env_or(kc, "KCONFIG_AUTOHEADER", "include/generated/autoconf.h");
}

static const char *conf_get_rustccfg_name(struct kconf *kc)
{
	return env_or(kc, "KCONFIG_RUSTCCFG", "include/generated/rustc_cfg");
}

/* ------------------------------------------------------------------ */
/* changed state                                                        */

void conf_set_changed(struct kconf *kc, bool val)
{
	bool differs = kc->conf_changed != val;

	if (KC_NEW_CHOICES(kc)) {
		/* newer: callback sees the new value before it is stored */
		if (kc->conf_changed_cb && differs)
			kc->conf_changed_cb(val);
		kc->conf_changed = val;
	} else {
		kc->conf_changed = val;
		if (kc->conf_changed_cb && differs)
			kc->conf_changed_cb(val);
	}
}

bool conf_get_changed(struct kconf *kc)
{
	return kc->conf_changed;
}

void conf_set_changed_callback(struct kconf *kc, void (*fn)(bool))
{
	kc->conf_changed_cb = fn;
}

/* ------------------------------------------------------------------ */
/* dependency touch files                                               */

static void depfile_set_prefix(struct kconf *kc, const char *autoconf_name)
{
	const char *slash = strrchr(autoconf_name, '/');
	size_t n = slash ? (size_t)(slash - autoconf_name) + 1 : 0;

	kc->depfile_prefix = arena_strndup(&kc->arena, autoconf_name, n);
}

/* create/truncate <dir of auto.conf>/<name> */
static int conf_touch_dep(struct kconf *kc, const char *name)
{
	const char *pfx = kc->depfile_prefix ? kc->depfile_prefix : "";
	size_t plen = strlen(pfx), nlen = strlen(name);
	char path[PATH_MAX];	/* a fresh tree touches one per symbol: no malloc */
	int fd;

	if (plen + nlen + 1 > PATH_MAX)
		return -1;
	memcpy(path, pfx, plen);
	memcpy(path + plen, name, nlen + 1);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd == -1)
		return -1;
	close(fd);
	return 0;
}

/* ------------------------------------------------------------------ */
/* reading                                                              */

/* set_sym_val() of a string, int or hex symbol */
static int set_sym_string_val(struct reader *rd, struct symbol *sym, int def, int def_flags,
			      char *p)
{
	struct kconf *kc = rd->kc;

	if (sym->type == S_STRING && def != S_DEF_AUTO) {
		char *w;
		const char *r;
		bool closed = false;

		/* not quoted: silently ignored */
		if (*p != '"')
			return 0;
		p++;
		/* unescape in place up to the closing quote */
		for (r = w = p; *r; ) {
			if (*r == '"') {
				closed = true;
				break;
			}
			if (*r == '\\') {
				r++;
				if (!*r)
					break;
			}
			*w++ = *r++;
		}
		if (!closed) {
			rd_warn(rd, "invalid string found");
			return 1;
		}
		*w = '\0';
	}
	if (sym_string_valid(kc, sym, p)) {
		sym->def[def].val = arena_strdup(&kc->arena, p);
		sym->flags |= def_flags;
		return 0;
	}
	if (def != S_DEF_AUTO)
		rd_warn(rd, "symbol value '%s' invalid for %s", p, sym->name);
	return 1;
}

/*
 * Parse one value into sym->def[def].  Returns 1 when the value was
 * rejected (a warning has been printed unless reading auto.conf).
 * Inline: most lines of a .config set a bool or tristate.
 */
static inline int set_sym_val(struct reader *rd, struct symbol *sym, int def, int def_flags,
			      char *p)
{
	tristate t;

	switch (sym->type) {
	case S_BOOLEAN:
	case S_TRISTATE:
		if (p[0] == 'y')
			t = yes;
		else if (p[0] == 'n')
			t = no;
		else if (p[0] == 'm' && sym->type == S_TRISTATE)
			t = mod;
		else {
			if (def != S_DEF_AUTO)
				rd_warn(rd, "symbol value '%s' invalid for %s", p, sym->name);
			return 1;
		}
		sym->def[def].tri = t;
		sym->flags |= def_flags;
		return 0;
	case S_STRING:
	case S_INT:
	case S_HEX:
		return set_sym_string_val(rd, sym, def, def_flags, p);
	default:
		return 0;
	}
}

/* 6.1: a choice value was read; keep the choice symbol's state in step */
static void old_choice_update(struct reader *rd, struct symbol *sym, int def, int def_flags)
{
	struct kconf *kc = rd->kc;
	struct menu *cm = sym_get_choice_menu(kc, sym);
	struct symbol *cs = cm ? cm->sym : NULL;

	if (!cs)
		return;
	switch (sym->def[def].tri) {
	case no:
		break;
	case mod:
		if (cs->def[def].tri == yes) {
			rd_warn(rd, "%s creates inconsistent choice state", sym->name);
			cs->flags &= ~def_flags;
		}
		break;
	case yes:
		if (cs->def[def].tri != no)
			rd_warn(rd, "override: %s changes choice state", sym->name);
		cs->def[def].choice = sym;
		break;
	}
	cs->def[def].tri = TRI_OR(cs->def[def].tri, sym->def[def].tri);
}

/* 6.12: the member read last gets the highest priority */
static void new_choice_promote(struct kconf *kc, struct symbol *sym)
{
	struct menu *choice = sym_get_choice_menu(kc, sym);

	if (choice)
		choice_member_move_front(choice, sym);
}

static FILE *open_default_config(struct kconf *kc, char **namebuf)
{
	const char *env = kc_getenv(kc, "KCONFIG_DEFCONFIG_LIST");
	char *list, *p, *q;
	FILE *in = NULL;

	if (!env)
		return NULL;
	list = xstrdup(env);
	p = list;
	for (;;) {
		bool last;

		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		q = p;
		while (*q && !isspace((unsigned char)*q))
			q++;
		last = (*q == '\0');
		*q = '\0';
		in = zconf_fopen(kc, p);
		if (in) {
			conf_message(kc, "using defaults found in %s", p);
			*namebuf = xstrdup(p);
			break;
		}
		if (last)
			break;
		p = q + 1;
	}
	free(list);
	return in;
}

/*
 * A config file is read whole and its lines parsed in place: a getline()
 * per line cost more than the parsing.  NAME_PAD zero bytes after the text
 * let names be scanned 16 bytes and hashed 8 bytes at a time.
 */
#define NAME_PAD 16

/*
 * All of 'in' from its start, NUL-terminated.  A read error ends the text
 * like end of file, as it ended getline() (a directory reads as empty).
 */
static char *read_whole_stream(FILE *in, size_t *len)
{
	int fd = fileno(in);
	struct stat st;
	size_t cap = 4096;
	char *buf;

	/* one spare byte: the read that sees end of file needs no bigger buffer */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		cap = (size_t)st.st_size + 1;
	buf = xmalloc(cap + 1 + NAME_PAD);
	read_fd_padded(fd, &buf, &cap, 1 + NAME_PAD, len);
	return buf;
}

/*
 * Length of the name at s, which ends at the first 'stop' or NUL (where
 * strchr(s, stop) would stop).  Reads up to NAME_PAD - 1 bytes past it.
 */
#if defined(__SSE2__)
static inline size_t name_length(const char *s, char stop)
{
	const __m128i stops = _mm_set1_epi8(stop), zero = _mm_setzero_si128();

	for (size_t n = 0;; n += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + n));
		unsigned hit = (unsigned)_mm_movemask_epi8(
			_mm_or_si128(_mm_cmpeq_epi8(x, stops), _mm_cmpeq_epi8(x, zero)));

		if (hit)
			return n + (size_t)__builtin_ctz(hit);
	}
}
#else
static inline size_t name_length(const char *s, char stop)
{
	const uint64_t ones = 0x0101010101010101ull, highs = ones << 7;
	const uint64_t stops = ones * (unsigned char)stop;

	for (size_t n = 0;; n += 8) {
		uint64_t x = load_le64(s + n), y = x ^ stops;
		/* high bit set in each byte that is 0 or 'stop' (exact up to the first) */
		uint64_t hit = (((x - ones) & ~x) | ((y - ones) & ~y)) & highs;

		if (hit)
			return n + (size_t)__builtin_ctzll(hit) / 8;
	}
}
#endif

/* hash_name(s, n) with a load per chunk: the bytes after s[n] are readable */
static inline uint32_t hash_name_padded(const char *s, size_t n)
{
	uint64_t h = n;

	for (; n >= 8; n -= 8, s += 8)
		h = hash_name_step(h, load_le64(s));
	if (n)
		h = hash_name_step(h, load_le64(s) & (~(uint64_t)0 >> (64 - 8 * n)));
	return hash_name_end(h);
}

/* The config prefix, compared as one word when it fits in 8 bytes */
struct prefix {
	const char *s;
	size_t len;
	bool fits;
	uint64_t word, mask;	/* load_le64() of s, and the bytes it covers */
};

static void prefix_init(struct prefix *px, const char *s)
{
	px->s = s;
	px->len = strlen(s);
	px->fits = px->len <= 8;
	px->mask = px->len >= 8 ? ~(uint64_t)0 : ((uint64_t)1 << (8 * px->len)) - 1;
	px->word = 0;
	for (size_t i = 0; px->fits && i < px->len; i++)
		px->word |= (uint64_t)(unsigned char)s[i] << (8 * i);
}

/* strncmp(line, prefix, its length) == 0; 8 bytes at line must be readable */
static inline bool has_prefix(const char *line, const struct prefix *px)
{
	if (px->fits)
		return (load_le64(line) & px->mask) == px->word;
	return strncmp(line, px->s, px->len) == 0;
}

/*
 * "# CONFIG_FOO is not set": returns the symbol name (terminated in place,
 * its length in *name_len) or NULL for any other comment.  'exact' requires
 * nothing after the text (6.12 strips the newline first; 6.1 keeps it and
 * compares a prefix).
 */
static char *parse_not_set(char *line, const struct prefix *pfx, bool exact, size_t *name_len)
{
	char *name, *p;

	if (line[1] != ' ' || !has_prefix(line + 2, pfx))
		return NULL;
	name = line + 2 + pfx->len;
	*name_len = name_length(name, ' ');
	p = name + *name_len;
	if (*p != ' ')
		return NULL;
	*p++ = '\0';
	if (exact ? strcmp(p, "is not set") : strncmp(p, "is not set", 10))
		return NULL;
	return name;
}

int conf_read_simple(struct kconf *kc, const char *name, int def)
{
	struct reader rd;
	FILE *in;
	char *namebuf = NULL;
	char *text, *next, *end;
	size_t text_len;
	struct symbol **all, *sym;
	size_t n, i;
	int def_flags;
	const char *warn_unknown = kc_getenv(kc, "KCONFIG_WARN_UNKNOWN_SYMBOLS");
	struct prefix pfx;
	bool old = !KC_NEW_CHOICES(kc);

	if (def < 0 || def >= S_DEF_COUNT)
		return 1;
	prefix_init(&pfx, cfg_prefix(kc));

	if (name) {
		in = zconf_fopen(kc, name);
	} else {
		name = conf_get_configname(kc);
		in = zconf_fopen(kc, name);
		if (!in) {
			conf_set_changed(kc, true);
			in = open_default_config(kc, &namebuf);
			name = namebuf;
		}
	}
	if (!in)
		return 1;
	text = read_whole_stream(in, &text_len);
	fclose(in);

	rd.kc = kc;
	rd.fname = name;
	rd.lineno = 0;
	kc->conf_warnings = 0;
	if (def == S_DEF_USER)
		kc->user_config_name = arena_strdup(&kc->arena, name);

	def_flags = SYMBOL_DEF << def;
	all = sym_all_kernel_order(kc, &n);
	for (i = 0; i < n; i++) {
		sym = all[i];
		if (old) {
			sym->flags |= SYMBOL_CHANGED;
			sym->flags &= ~(def_flags | SYMBOL_VALID | SYMBOL_PASS_FLAGS);
			if (sym_is_choice(sym))
				sym->flags |= def_flags;
		} else if (def == S_DEF_USER) {
			sym->flags &= ~(def_flags | SYMBOL_VALID | SYMBOL_PASS_FLAGS);
		} else {
			sym->flags &= ~def_flags;
		}
		sym->def[def].val = NULL;
		sym->def[def].tri = no;
		sym->def[def].choice = NULL;	/* the kernel keeps it in val */
		if (def == S_DEF_USER)
			sym->user_line = 0;
	}
	if (!old && def == S_DEF_USER)
		expr_invalidate_all(kc);
	else if (old)
		expr_symbols_invalidated(kc);

	end = text + text_len;
	for (next = text; next < end;) {
		char *line = next, *nl = memchr(line, '\n', (size_t)(end - line));
		bool had_newline = nl != NULL;
		size_t len, name_len;
		char *sym_name, *val;

		if (!had_newline)
			nl = end;	/* already a NUL */
		next = nl + 1;
		*nl = '\0';
		len = (size_t)(nl - line);
		rd.lineno++;

		if (old) {
			/* 6.1 kept the newline in the line: see the '\r' and blank-line tests */
			if (line[0] == '#') {
				/* the newline was still there: compare a prefix */
				sym_name = parse_not_set(line, &pfx, false, &name_len);
				if (!sym_name)
					continue;
				val = "n";
			} else if (has_prefix(line, &pfx)) {
				sym_name = line + pfx.len;
				name_len = name_length(sym_name, '=');
				if (sym_name[name_len] != '=')
					continue;
				sym_name[name_len] = '\0';
				val = sym_name + name_len + 1;
				/* "\r\n" ends the value; a '\r' before the end of the file stays */
				if (had_newline && nl[-1] == '\r')
					nl[-1] = '\0';
			} else {
				if (line[0] != '\r' && !(len == 0 && had_newline))
					rd_warn(&rd, "unexpected data: %.*s",
						(int)strcspn(line, "\r\n"), line);
				continue;
			}
		} else {
			if (had_newline && len > 0 && line[len - 1] == '\r')
				line[--len] = '\0';
			if (!line[0])
				continue;
			if (line[0] == '#') {
				sym_name = parse_not_set(line, &pfx, true, &name_len);
				if (!sym_name)
					continue;
				val = "n";
			} else {
				if (!has_prefix(line, &pfx)) {
					rd_warn(&rd, "unexpected data: %s", line);
					continue;
				}
				sym_name = line + pfx.len;
				name_len = name_length(sym_name, '=');
				if (sym_name[name_len] != '=') {
					rd_warn(&rd, "unexpected data: %s", line);
					continue;
				}
				sym_name[name_len] = '\0';
				val = sym_name + name_len + 1;
			}
		}

		sym = sym_find_hashed(kc, sym_name, name_len, hash_name_padded(sym_name, name_len));
		if (!sym) {
			if (def == S_DEF_AUTO) {
				/* gone from the Kconfig: its dep file must change */
				conf_touch_dep(kc, sym_name);
			} else {
				if (warn_unknown)
					rd_warn(&rd, "unknown symbol: %s", sym_name);
				conf_set_changed(kc, true);
			}
			continue;
		}

		if (sym->flags & def_flags)
			rd_warn(&rd, "override: reassigning to symbol %s", sym->name);

		if (set_sym_val(&rd, sym, def, def_flags, val))
			continue;
		if (def == S_DEF_USER)
			sym->user_line = rd.lineno;

		if (old) {
			if (sym_is_choice_value(sym))
				old_choice_update(&rd, sym, def, def_flags);
		} else if (def == S_DEF_USER) {
			new_choice_promote(kc, sym);
		}
	}
	/* all invalid: the values computed next rest on what was read here */
	if (old || def == S_DEF_USER)
		sym_pass_begins(kc);
	free(text);
	free(namebuf);
	return 0;
}

int conf_apply_user_value(struct kconf *kc, struct symbol *sym, const char *val)
{
	struct reader rd = { .kc = kc, .fname = "<what-if>", .lineno = 0 };
	char *copy = xstrdup(val);
	int rc;

	sym_replay_lost(kc);	/* an input changes */
	rc = set_sym_val(&rd, sym, S_DEF_USER, SYMBOL_DEF_USER, copy);

	free(copy);
	if (rc)
		return -1;
	sym->user_line = 0;
	if (!KC_NEW_CHOICES(kc)) {
		if (sym_is_choice_value(sym))
			old_choice_update(&rd, sym, S_DEF_USER, SYMBOL_DEF_USER);
	} else {
		new_choice_promote(kc, sym);
	}
	return 0;
}

static bool user_value_matches(struct kconf *kc, struct symbol *sym)
{
	(void)kc;
	switch (sym->type) {
	case S_BOOLEAN:
	case S_TRISTATE:
		return sym->def[S_DEF_USER].tri == sym_get_tristate_value(sym);
	default:
		if (!sym->curr.val || !sym->def[S_DEF_USER].val)
			return sym->curr.val == sym->def[S_DEF_USER].val;
		return strcmp(sym->curr.val, sym->def[S_DEF_USER].val) == 0;
	}
}

int conf_read(struct kconf *kc, const char *name)
{
	struct symbol **all, *sym;
	size_t n, i;
	int unsaved = 0;
	bool old = !KC_NEW_CHOICES(kc);

	conf_set_changed(kc, false);

	if (conf_read_simple(kc, name, S_DEF_USER)) {
		if (kc->modules_sym)
			sym_calc_value(kc, kc->modules_sym);
		return 1;
	}
	if (kc->modules_sym)
		sym_calc_value(kc, kc->modules_sym);

	all = sym_all_kernel_order(kc, &n);
	for (i = 0; i < n; i++) {
		sym = all[i];
		sym_calc_value(kc, sym);
		if (sym_is_choice(sym))
			continue;
		if (old && (sym->flags & SYMBOL_NO_WRITE))
			continue;
		if (sym_has_value(sym) && (sym->flags & SYMBOL_WRITE)) {
			if (user_value_matches(kc, sym))
				continue;
		} else if (!sym_has_value(sym) && !(sym->flags & SYMBOL_WRITE)) {
			continue;
		}
		if (old)
			unsaved++;
		else
			conf_set_changed(kc, true);
	}

	if (old) {
		for (i = 0; i < n; i++) {
			sym = all[i];
			if (!sym_has_value(sym) || sym_is_choice_value(sym))
				continue;
			/* (6.1 computes no invisible symbol from its user value: replay holds) */
			if (sym->visible == no && !unsaved)
				sym->flags &= ~SYMBOL_DEF_USER;
			switch (sym->type) {
			case S_STRING:
			case S_INT:
			case S_HEX:
				if (sym_string_within_range(kc, sym, sym->def[S_DEF_USER].val))
					break;
				sym->flags &= ~(SYMBOL_VALID | SYMBOL_DEF_USER);
				expr_symbols_invalidated(kc);
				unsaved++;
				break;
			default:
				break;
			}
		}
		if (kc->conf_warnings || unsaved)
			conf_set_changed(kc, true);
	} else {
		if (kc->conf_warnings)
			conf_set_changed(kc, true);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* output buffer                                                        */

/*
 * A file's text is built in memory and written with one write(): stdio
 * calls per field cost more than the text itself.
 */
struct outbuf {
	char *s;
	size_t len, cap;
	const char *pfx;	/* the config prefix, looked up once per file */
	size_t pfxlen;
	char pfx8[8];		/* the prefix zero-padded, if it fits: one store */
};

static void ob_init(struct kconf *kc, struct outbuf *ob, size_t cap)
{
	ob->s = xmalloc(cap);
	ob->len = 0;
	ob->cap = cap;
	ob->pfx = cfg_prefix(kc);
	ob->pfxlen = strlen(ob->pfx);
	memset(ob->pfx8, 0, sizeof(ob->pfx8));
	if (ob->pfxlen <= sizeof(ob->pfx8))
		memcpy(ob->pfx8, ob->pfx, ob->pfxlen);
}

static void ob_free(struct outbuf *ob)
{
	free(ob->s);
	ob->s = NULL;
}

static __attribute__((noinline)) void ob_grow(struct outbuf *ob, size_t n)
{
	while (ob->cap - ob->len < n)
		ob->cap *= 2;
	ob->s = xrealloc(ob->s, ob->cap);
}

/* Room for n more bytes: where they go (ob->len is for the caller to move) */
static inline char *ob_reserve(struct outbuf *ob, size_t n)
{
	if (ob->cap - ob->len < n)
		ob_grow(ob, n);
	return ob->s + ob->len;
}

static inline void ob_putn(struct outbuf *ob, const char *s, size_t n)
{
	memcpy(ob_reserve(ob, n), s, n);
	ob->len += n;
}

static inline void ob_puts(struct outbuf *ob, const char *s)
{
	ob_putn(ob, s, strlen(s));
}

static inline void ob_putc(struct outbuf *ob, char c)
{
	if (ob->len == ob->cap)
		ob_grow(ob, 1);
	ob->s[ob->len++] = c;
}

/* "<prefix><name>" at w, with room reserved for 8 bytes more; returns its end */
static inline char *put_sym_name_at(const struct outbuf *ob, char *w, const char *name,
				    size_t name_len)
{
	if (ob->pfxlen <= sizeof(ob->pfx8))
		memcpy(w, ob->pfx8, sizeof(ob->pfx8));	/* the name overwrites the padding */
	else
		memcpy(w, ob->pfx, ob->pfxlen);
	w += ob->pfxlen;
	memcpy(w, name, name_len);
	return w + name_len;
}

/* symbols of the table know their name's length (y, m, n do not) */
static inline size_t sym_name_len(const struct symbol *sym)
{
	return sym->name_len ? sym->name_len : strlen(sym->name);
}

/* "<prefix><name>", how every printer starts a symbol */
static inline void ob_put_sym_name(struct outbuf *ob, const struct symbol *sym)
{
	size_t name_len = sym_name_len(sym);
	char *w = ob_reserve(ob, ob->pfxlen + name_len + 8);

	ob->len = (size_t)(put_sym_name_at(ob, w, sym->name, name_len) - ob->s);
}

/* v with '"' and '\\' escaped */
static void ob_put_escaped(struct outbuf *ob, const char *v)
{
	for (;;) {
		size_t run = strcspn(v, "\"\\");

		ob_putn(ob, v, run);
		v += run;
		if (!*v)
			break;
		ob_putc(ob, '\\');
		ob_putc(ob, *v++);
	}
}

/* A string value as .config spells it (conf_quote_value()) */
static void ob_put_quoted(struct outbuf *ob, const char *v)
{
	ob_putc(ob, '"');
	ob_put_escaped(ob, v);
	ob_putc(ob, '"');
}

/* All of ob to fd; false when a write failed or fell short (ENOSPC...) */
static bool ob_write(const struct outbuf *ob, int fd)
{
	const char *p = ob->s;
	size_t left = ob->len;

	while (left) {
		ssize_t n = write(fd, p, left);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		left -= (size_t)n;
	}
	return true;
}

/* what fopen(path, "w") opens */
static int open_for_writing(const char *path)
{
	return open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
}

/* Does the file at 'path' hold exactly ob's text?  (files_identical() of a file in memory) */
static bool file_holds(const char *path, const struct outbuf *ob)
{
	char chunk[16384];
	struct stat st;
	size_t done = 0;
	bool same = false;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return false;
	if (fstat(fd, &st) || (size_t)st.st_size != ob->len)
		goto out;
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto out;
		if (n == 0)
			break;
		if ((size_t)n > ob->len - done || memcmp(chunk, ob->s + done, (size_t)n))
			goto out;
		done += (size_t)n;
	}
	same = done == ob->len;
out:
	close(fd);
	return same;
}

/* ------------------------------------------------------------------ */
/* symbol printers                                                      */

struct comment_style {
	const char *decoration, *prefix, *postfix;
};

static const struct comment_style style_pound = { "#", "#", "#" };
static const struct comment_style style_c = { " *", "/*", " */" };

static void write_heading(struct kconf *kc, struct outbuf *ob, const struct comment_style *cs)
{
	const char *title = "";

	if (!cs)
		return;
	if (kc->rootmenu.prompt && kc->rootmenu.prompt->text)
		title = kc->rootmenu.prompt->text;
	/* "%s\n%s Automatically generated file; DO NOT EDIT.\n%s %s\n%s\n" */
	ob_puts(ob, cs->prefix);
	ob_putc(ob, '\n');
	ob_puts(ob, cs->decoration);
	ob_puts(ob, " Automatically generated file; DO NOT EDIT.\n");
	ob_puts(ob, cs->decoration);
	ob_putc(ob, ' ');
	ob_puts(ob, title);
	ob_putc(ob, '\n');
	ob_puts(ob, cs->postfix);
	ob_putc(ob, '\n');
}

char *conf_quote_value(const char *in)
{
	struct kstr ks;

	kstr_init(&ks);
	kstr_putc(&ks, '"');
	for (; *in; in++) {
		if (*in == '"' || *in == '\\')
			kstr_putc(&ks, '\\');
		kstr_putc(&ks, *in);
	}
	kstr_putc(&ks, '"');
	return kstr_steal(&ks);
}

enum n_style { N_PRINT, N_AS_UNSET, N_SKIP };

static inline void print_sym_generic(struct kconf *kc, struct outbuf *ob, struct symbol *sym,
				     enum n_style ns, bool escape)
{
	const char *val;

	if (sym->type == S_BOOLEAN || sym->type == S_TRISTATE) {
		/* most lines: one reservation, fixed-size copies */
		tristate t = sym_get_tristate_value(sym);
		size_t name_len;
		char *w;

		if (t == no && ns == N_SKIP)
			return;
		name_len = sym_name_len(sym);
		w = ob_reserve(ob, ob->pfxlen + name_len + 16);
		if (t == no && ns == N_AS_UNSET) {
			/* "# %s%s is not set\n" */
			memcpy(w, "# ", 2);
			w = put_sym_name_at(ob, w + 2, sym->name, name_len);
			memcpy(w, " is not set\n", 12);
			w += 12;
		} else {
			/* "%s%s=%s\n" */
			w = put_sym_name_at(ob, w, sym->name, name_len);
			w[0] = '=';
			w[1] = *tri_name(t);
			w[2] = '\n';
			w += 3;
		}
		ob->len = (size_t)(w - ob->s);
		return;
	}
	if (sym->type == S_UNKNOWN)
		return;
	val = sym_get_string_value(kc, sym);
	if (!val)
		val = "";
	/* "%s%s=%s\n" */
	ob_put_sym_name(ob, sym);
	ob_putc(ob, '=');
	if (sym->type == S_STRING && escape)
		ob_put_quoted(ob, val);
	else
		ob_puts(ob, val);
	ob_putc(ob, '\n');
}

static void print_sym_dotconfig(struct kconf *kc, struct outbuf *ob, struct symbol *sym)
{
	print_sym_generic(kc, ob, sym, N_AS_UNSET, true);
}

static void print_sym_autoconf(struct kconf *kc, struct outbuf *ob, struct symbol *sym)
{
	print_sym_generic(kc, ob, sym, N_SKIP, false);
}

void print_symbol_for_listconfig(struct kconf *kc, struct symbol *sym)
{
	struct outbuf ob;

	ob_init(kc, &ob, 256);
	print_sym_generic(kc, &ob, sym, N_PRINT, true);
	fwrite(ob.s, 1, ob.len, kc->out);
	ob_free(&ob);
}

static bool hex_has_prefix(const char *v)
{
	return v[0] == '0' && (v[1] == 'x' || v[1] == 'X');
}

static void print_sym_c(struct kconf *kc, struct outbuf *ob, struct symbol *sym)
{
	const char *val, *suffix = "", *vpfx = "";

	if (sym->type == S_BOOLEAN || sym->type == S_TRISTATE) {
		/* "#define %s%s%s 1\n", suffix "_MODULE" for m */
		tristate t = sym_get_tristate_value(sym);
		size_t name_len = strlen(sym->name);
		char *w = ob_reserve(ob, ob->pfxlen + name_len + 32);

		if (t == no)
			return;
		memcpy(w, "#define ", 8);
		w = put_sym_name_at(ob, w + 8, sym->name, name_len);
		if (t == mod) {
			memcpy(w, "_MODULE", 7);
			w += 7;
		}
		memcpy(w, " 1\n", 3);
		ob->len = (size_t)(w + 3 - ob->s);
		return;
	}
	if (sym->type == S_UNKNOWN)
		return;
	val = sym_get_string_value(kc, sym);
	if (!val)
		val = "";
	switch (sym->type) {
	case S_HEX:
		if (!hex_has_prefix(val))
			vpfx = "0x";
		break;
	default:
		break;
	}
	/* "#define %s%s%s %s%s\n", strings quoted */
	ob_puts(ob, "#define ");
	ob_put_sym_name(ob, sym);
	ob_puts(ob, suffix);
	ob_putc(ob, ' ');
	ob_puts(ob, vpfx);
	if (sym->type == S_STRING)
		ob_put_quoted(ob, val);
	else
		ob_puts(ob, val);
	ob_putc(ob, '\n');
}

static void print_sym_rustc(struct kconf *kc, struct outbuf *ob, struct symbol *sym)
{
	const char *val;
	bool add_0x = false;

	if (sym->type == S_BOOLEAN || sym->type == S_TRISTATE) {
		/* "--cfg=%s%s\n--cfg=%s%s=\"%s\"\n": y and m need no escape */
		tristate t = sym_get_tristate_value(sym);
		size_t name_len = strlen(sym->name);
		char *w = ob_reserve(ob, 2 * (ob->pfxlen + name_len) + 32);

		if (t == no)
			return;
		memcpy(w, "--cfg=", 6);
		w = put_sym_name_at(ob, w + 6, sym->name, name_len);
		memcpy(w, "\n--cfg=", 7);
		w = put_sym_name_at(ob, w + 7, sym->name, name_len);
		memcpy(w, "=\"?\"\n", 5);
		w[2] = *tri_name(t);
		ob->len = (size_t)(w + 5 - ob->s);
		return;
	}
	if (sym->type == S_UNKNOWN)
		return;
	val = sym_get_string_value(kc, sym);
	if (!val)
		val = "";
	switch (sym->type) {
	case S_HEX:
		add_0x = !hex_has_prefix(val);
		break;
	default:
		break;
	}
	/* "--cfg=%s%s=%s\n", the value ("0x" first where added) quoted */
	ob_puts(ob, "--cfg=");
	ob_put_sym_name(ob, sym);
	ob_putc(ob, '=');
	ob_putc(ob, '"');
	if (add_0x)
		ob_putn(ob, "0x", 2);	/* nothing in it to escape */
	ob_put_escaped(ob, val);
	ob_putn(ob, "\"\n", 2);
}

/* ------------------------------------------------------------------ */
/* savedefconfig                                                        */

static void defconfig_consider(struct kconf *kc, struct outbuf *out, struct symbol *sym)
{
	struct menu *cm;
	const char *v, *d;

	sym_calc_value(kc, sym);
	if (!(sym->flags & SYMBOL_WRITE))
		return;
	sym->flags &= ~SYMBOL_WRITE;
	if (!sym_is_changeable(kc, sym))
		return;
	v = sym_get_string_value(kc, sym);
	d = sym_get_string_default(kc, sym);
	if (v && d && strcmp(v, d) == 0)
		return;

	cm = sym_is_choice_value(sym) || KC_NEW_CHOICES(kc) ? sym_get_choice_menu(kc, sym) : NULL;
	if (cm) {
		struct symbol *ds = sym_choice_default(kc, cm);

		if (KC_NEW_CHOICES(kc)) {
			if (sym == ds && sym_get_tristate_value(sym) == yes)
				return;
		} else {
			struct symbol *cs = cm->sym;

			if (cs && !sym_is_optional(cs) && sym == ds &&
			    sym->type == S_BOOLEAN && sym_get_tristate_value(sym) == yes)
				return;
		}
	}
	print_sym_dotconfig(kc, out, sym);
}

int conf_write_defconfig(struct kconf *kc, const char *filename)
{
	struct outbuf ob, *out = &ob;
	struct menu *menu;
	int fd;

	if (!filename)
		return 1;
	fd = open_for_writing(filename);
	if (fd < 0)
		return 1;
	ob_init(kc, out, 1 << 14);

	sym_clear_all_valid(kc);

	if (KC_NEW_CHOICES(kc)) {
		menu_for_each_sub_entry(menu, &kc->rootmenu) {
			struct symbol *sym = menu->sym;

			if (!sym || sym_is_choice(sym))
				continue;
			defconfig_consider(kc, out, sym);
		}
	} else {
		menu = kc->rootmenu.list;
		while (menu) {
			struct symbol *sym = menu->sym;

			if (!sym)
				(void)menu_is_visible(kc, menu);
			else if (!sym_is_choice(sym))
				defconfig_consider(kc, out, sym);

			if (menu->list) {
				menu = menu->list;
			} else if (menu->next) {
				menu = menu->next;
			} else {
				while ((menu = menu->parent) != NULL) {
					if (menu->next) {
						menu = menu->next;
						break;
					}
				}
			}
		}
	}
	/* as the kernel, a failed write is not reported */
	(void)ob_write(out, fd);
	close(fd);
	ob_free(out);
	return 0;
}

/* ------------------------------------------------------------------ */
/* .config                                                              */

static bool is_menu_block(struct kconf *kc, struct menu *menu)
{
	return !menu->sym && menu != &kc->rootmenu && menu->prompt &&
	       menu->prompt->type == P_MENU;
}

int conf_write(struct kconf *kc, const char *name)
{
	struct outbuf ob, *out = &ob;
	int fd;
	bool written, unchanged;
	struct menu *menu;
	struct symbol **all;
	size_t n, i;
	const char *env;
	char *tmpname = NULL;
	bool need_newline = false;

	if (!name)
		name = conf_get_configname(kc);
	if (!*name) {
		fprintf(kc->err, "config name is empty\n");
		return -1;
	}
	if (path_is_dir(name)) {
		fprintf(kc->err, "%s: Is a directory\n", name);
		return -1;
	}
	if (make_parent_dir(name))
		return -1;

	env = kc_getenv(kc, "KCONFIG_OVERWRITECONFIG");
	if (env && *env) {
		fd = open_for_writing(name);
	} else {
		struct kstr ks;

		kstr_init(&ks);
		kstr_printf(&ks, "%s.%d.tmp", name, (int)getpid());
		tmpname = kstr_steal(&ks);
		fd = open_for_writing(tmpname);
	}
	if (fd < 0) {
		free(tmpname);
		return 1;
	}

	/* room for a whole .config of today's kernels: no regrowth */
	ob_init(kc, out, 1 << 19);
	write_heading(kc, out, &style_pound);

	if (!conf_get_changed(kc))
		sym_clear_all_valid_for_write(kc);

	menu = kc->rootmenu.list;
	while (menu) {
		struct symbol *sym = menu->sym;

		if (!sym) {
			if (menu_is_visible(kc, menu)) {
				/* "\n#\n# %s\n#\n" */
				ob_putn(out, "\n#\n# ", 5);
				ob_puts(out, menu_get_prompt(menu));
				ob_putn(out, "\n#\n", 3);
				need_newline = false;
			}
		} else if (!sym_is_choice(sym) && !(sym->flags & SYMBOL_WRITTEN)) {
			sym_calc_value(kc, sym);
			if (sym->flags & SYMBOL_WRITE) {
				if (need_newline) {
					ob_putc(out, '\n');
					need_newline = false;
				}
				sym->flags |= SYMBOL_WRITTEN;
				print_sym_dotconfig(kc, out, sym);
			}
		}

		if (menu->list) {
			menu = menu->list;
			continue;
		}
		for (;;) {
			if (!menu->sym && menu_is_visible(kc, menu) && is_menu_block(kc, menu)) {
				ob_putn(out, "# end of ", 9);
				ob_puts(out, menu_get_prompt(menu));
				ob_putc(out, '\n');
				need_newline = true;
			}
			if (menu->next) {
				menu = menu->next;
				break;
			}
			menu = menu->parent;
			if (!menu)
				break;
		}
	}
	/* as the kernel, a failed write is not reported here */
	written = ob_write(out, fd);
	close(fd);
	/* the temporary file holds the text unless its write failed */
	unchanged = tmpname && (written ? file_holds(name, out) : files_identical(name, tmpname));
	ob_free(out);

	all = sym_all_kernel_order(kc, &n);
	for (i = 0; i < n; i++)
		all[i]->flags &= ~SYMBOL_WRITTEN;

	if (tmpname) {
		struct kstr old;

		if (unchanged) {
			conf_message(kc, "No change to %s", name);
			unlink(tmpname);
			free(tmpname);
			conf_set_changed(kc, false);
			return 0;
		}
		kstr_init(&old);
		kstr_printf(&old, "%s.old", name);
		rename(name, old.s);
		kstr_free(&old);
		if (rename(tmpname, name)) {
			free(tmpname);
			return 1;
		}
		free(tmpname);
	}

	conf_message(kc, "configuration written to %s", name);
	conf_set_changed(kc, false);
	return 0;
}

/* ------------------------------------------------------------------ */
/* auto.conf and friends                                                */

static void write_files_list(struct outbuf *out, struct kc_file *f, bool reverse)
{
	if (!f)
		return;
	if (reverse)
		write_files_list(out, f->next, true);
	/* "\t%s \\\n" */
	ob_putc(out, '\t');
	ob_puts(out, f->name);
	ob_putn(out, " \\\n", 3);
	if (!reverse)
		write_files_list(out, f->next, false);
}

static int write_autoconf_cmd(struct kconf *kc, const char *autoconf_name)
{
	struct kstr name, tmp;
	struct outbuf ob, *out = &ob;
	int fd, ret = -1;

	kstr_init(&name);
	kstr_init(&tmp);
	kstr_printf(&name, "%s.cmd", autoconf_name);
	kstr_printf(&tmp, "%s.cmd.tmp", autoconf_name);
	if (name.len >= PATH_MAX || tmp.len >= PATH_MAX)
		goto done;
	if (make_parent_dir(name.s))
		goto done;

	fd = open_for_writing(tmp.s);
	if (fd < 0) {
		print_errno(kc, "fopen");
		goto done;
	}

	ob_init(kc, out, 1 << 16);
	if (KC_NEW_CHOICES(kc)) {
		ob_puts(out, "autoconfig := ");
		ob_puts(out, autoconf_name);
		ob_putc(out, '\n');
		if (kc->autoconf_cmd_buf.s && kc->autoconf_cmd_buf.len) {
			ob_puts(out, kc->autoconf_cmd_buf.s);
		} else {
			struct kstr env;

			ob_puts(out, "\ndeps_config := \\\n");
			write_files_list(out, kc->files, false);
			ob_puts(out, "\n$(autoconfig): $(deps_config)\n$(deps_config): ;\n");
			kstr_init(&env);
			env_write_dep(kc, &env);
			ob_puts(out, env.s);
			kstr_free(&env);
		}
	} else {
		struct kstr env;

		ob_puts(out, "deps_config := \\\n");
		write_files_list(out, kc->files, true);
		/* "\n%s: $(deps_config)\n\n" */
		ob_putc(out, '\n');
		ob_puts(out, autoconf_name);
		ob_puts(out, ": $(deps_config)\n\n");
		kstr_init(&env);
		env_write_dep(kc, &env);
		ob_puts(out, env.s);
		kstr_free(&env);
		ob_puts(out, "\n$(deps_config): ;\n");
	}

	ret = ob_write(out, fd) ? 0 : -1;
	close(fd);
	ob_free(out);
	if (ret)
		goto done;
	if (rename(tmp.s, name.s)) {
		print_errno(kc, "rename");
		ret = -1;
	}
done:
	kstr_free(&name);
	kstr_free(&tmp);
	return ret;
}

static int conf_touch_deps(struct kconf *kc)
{
	const char *name = conf_get_autoconfig_name(kc);
	struct symbol **all, *sym;
	size_t n, i;
	bool old = !KC_NEW_CHOICES(kc);
	const char *slash = strrchr(name, '/');

	if ((slash ? (size_t)(slash - name) + 1 : 0) + 1 > PATH_MAX)
		return -1;
	depfile_set_prefix(kc, name);

	conf_read_simple(kc, name, S_DEF_AUTO);
	if (old && kc->modules_sym)
		sym_calc_value(kc, kc->modules_sym);

	all = sym_all_kernel_order(kc, &n);
	for (i = 0; i < n; i++) {
		sym = all[i];
		if (old) {
			sym_calc_value(kc, sym);
			if ((sym->flags & SYMBOL_NO_WRITE) || !sym->name)
				continue;
		} else if (sym_is_choice(sym)) {
			continue;
		}
		if (sym->flags & SYMBOL_WRITE) {
			if (sym->flags & SYMBOL_DEF_AUTO) {
				const char *v;

				switch (sym->type) {
				case S_BOOLEAN:
				case S_TRISTATE:
					if (sym_get_tristate_value(sym) == sym->def[S_DEF_AUTO].tri)
						continue;
					break;
				case S_STRING:
				case S_HEX:
				case S_INT:
					v = sym_get_string_value(kc, sym);
					if (v && sym->def[S_DEF_AUTO].val &&
					    !strcmp(v, sym->def[S_DEF_AUTO].val))
						continue;
					break;
				default:
					break;
				}
			} else {
				switch (sym->type) {
				case S_BOOLEAN:
				case S_TRISTATE:
					if (sym_get_tristate_value(sym) == no)
						continue;
					break;
				default:
					break;
				}
			}
		} else if (!(sym->flags & SYMBOL_DEF_AUTO)) {
			continue;
		}
		if (!sym->name)
			continue;
		if (conf_touch_dep(kc, sym->name))
			return -1;
	}
	return 0;
}

typedef void (*sym_printer)(struct kconf *kc, struct outbuf *ob, struct symbol *sym);

static int write_one_autoconf(struct kconf *kc, const char *filename, sym_printer pr,
			      const struct comment_style *cs)
{
	struct kstr tmp;
	struct outbuf ob;
	struct symbol **all;
	size_t n, i;
	int fd, ret;

	if (make_parent_dir(filename))
		return -1;
	kstr_init(&tmp);
	kstr_printf(&tmp, "%s.tmp", filename);
	if (tmp.len >= PATH_MAX) {
		kstr_free(&tmp);
		return -1;
	}
	fd = open_for_writing(tmp.s);
	if (fd < 0) {
		print_errno(kc, "fopen");
		kstr_free(&tmp);
		return -1;
	}
	ob_init(kc, &ob, 1 << 20);	/* room for today's kernels: no regrowth */
	write_heading(kc, &ob, cs);
	all = sym_all_kernel_order(kc, &n);
	for (i = 0; i < n; i++)
		if ((all[i]->flags & SYMBOL_WRITE) && all[i]->name)
			pr(kc, &ob, all[i]);
	ret = ob_write(&ob, fd) ? 0 : -1;
	close(fd);
	ob_free(&ob);
	if (!ret && rename(tmp.s, filename)) {
		print_errno(kc, "rename");
		ret = -1;
	}
	kstr_free(&tmp);
	return ret;
}

int conf_write_autoconf(struct kconf *kc, int overwrite)
{
	const char *autoconf_name = conf_get_autoconfig_name(kc);
	struct symbol **all;
	size_t n, i;
	int ret;

	if (!overwrite && path_exists(autoconf_name))
		return 0;

	if (write_autoconf_cmd(kc, autoconf_name))
		return -1;

	if (KC_NEW_CHOICES(kc)) {
		all = sym_all_kernel_order(kc, &n);
		for (i = 0; i < n; i++)
			sym_calc_value(kc, all[i]);
		if (conf_touch_deps(kc))
			return 1;
	} else {
		if (conf_touch_deps(kc))
			return 1;
		all = sym_all_kernel_order(kc, &n);
		for (i = 0; i < n; i++)
			sym_calc_value(kc, all[i]);
	}

	ret = write_one_autoconf(kc, conf_get_autoheader_name(kc), print_sym_c, &style_c);
	if (ret)
		return ret;
	ret = write_one_autoconf(kc, conf_get_rustccfg_name(kc), print_sym_rustc, NULL);
	if (ret)
		return ret;
	/* auto.conf last: kbuild treats it as the completion marker */
	return write_one_autoconf(kc, conf_get_autoconfig_name(kc), print_sym_autoconf,
				  &style_pound);
}
