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
	char *path;
	int fd;

	if (plen + nlen + 1 > PATH_MAX)
		return -1;
	path = xmalloc(plen + nlen + 1);
	memcpy(path, pfx, plen);
	memcpy(path + plen, name, nlen + 1);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	free(path);
	if (fd == -1)
		return -1;
	close(fd);
	return 0;
}

/* ------------------------------------------------------------------ */
/* reading                                                              */

/*
 * Parse one value into sym->def[def].  Returns 1 when the value was
 * rejected (a warning has been printed unless reading auto.conf).
 */
static int set_sym_val(struct reader *rd, struct symbol *sym, int def, int def_flags, char *p)
{
	struct kconf *kc = rd->kc;

	switch (sym->type) {
	case S_TRISTATE:
		if (p[0] == 'm') {
			sym->def[def].tri = mod;
			sym->flags |= def_flags;
			return 0;
		}
		/* fall through */
	case S_BOOLEAN:
		if (p[0] == 'y') {
			sym->def[def].tri = yes;
			sym->flags |= def_flags;
			return 0;
		}
		if (p[0] == 'n') {
			sym->def[def].tri = no;
			sym->flags |= def_flags;
			return 0;
		}
		if (def != S_DEF_AUTO)
			rd_warn(rd, "symbol value '%s' invalid for %s", p, sym->name);
		return 1;
	case S_STRING:
		if (def != S_DEF_AUTO) {
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
		/* fall through */
	case S_INT:
	case S_HEX:
		if (sym_string_valid(kc, sym, p)) {
			sym->def[def].val = arena_strdup(&kc->arena, p);
			sym->flags |= def_flags;
		} else {
			if (def != S_DEF_AUTO)
				rd_warn(rd, "symbol value '%s' invalid for %s", p, sym->name);
			return 1;
		}
		return 0;
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
 * "# CONFIG_FOO is not set": returns the symbol name (terminated in place)
 * or NULL for any other comment.  'exact' requires nothing after the text
 * (6.12 strips the newline first; 6.1 keeps it and compares a prefix).
 */
static char *parse_not_set(char *line, const char *pfx, size_t pfxlen, bool exact)
{
	char *name, *p;

	if (line[1] != ' ' || strncmp(line + 2, pfx, pfxlen))
		return NULL;
	name = line + 2 + pfxlen;
	p = strchr(name, ' ');
	if (!p)
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
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	struct symbol **all, *sym;
	size_t n, i;
	int def_flags;
	const char *warn_unknown = kc_getenv(kc, "KCONFIG_WARN_UNKNOWN_SYMBOLS");
	const char *pfx = cfg_prefix(kc);
	size_t pfxlen = strlen(pfx);
	bool old = !KC_NEW_CHOICES(kc);

	if (def < 0 || def >= S_DEF_COUNT)
		return 1;

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
			sym->flags &= ~(def_flags | SYMBOL_VALID);
			if (sym_is_choice(sym))
				sym->flags |= def_flags;
		} else {
			sym->flags &= ~def_flags;
		}
		sym->def[def].val = NULL;
		sym->def[def].tri = no;
		sym->def[def].choice = NULL;	/* the kernel keeps it in val */
		if (def == S_DEF_USER)
			sym->user_line = 0;
	}
	if (!old && def == S_DEF_USER) {
		for (i = 0; i < n; i++)
			all[i]->flags &= ~SYMBOL_VALID;
		expr_invalidate_all(kc);
	}

	while ((len = getline(&line, &cap, in)) != -1) {
		const char *sym_name;
		char *p, *val;

		rd.lineno++;

		if (old) {
			/* the line keeps its newline here */
			if (line[0] == '#') {
				/* the newline is still there: compare a prefix */
				sym_name = parse_not_set(line, pfx, pfxlen, false);
				if (!sym_name)
					continue;
				val = "n";
			} else if (strncmp(line, pfx, pfxlen) == 0) {
				sym_name = line + pfxlen;
				p = strchr(sym_name, '=');
				if (!p)
					continue;
				*p++ = '\0';
				val = p;
				p = strchr(p, '\n');
				if (p) {
					/* p[-1] is at worst the former '=' */
					*p = '\0';
					if (p[-1] == '\r')
						p[-1] = '\0';
				}
			} else {
				if (line[0] != '\r' && line[0] != '\n')
					rd_warn(&rd, "unexpected data: %.*s",
						(int)strcspn(line, "\r\n"), line);
				continue;
			}
		} else {
			if (len > 0 && line[len - 1] == '\n') {
				line[--len] = '\0';
				if (len > 0 && line[len - 1] == '\r')
					line[--len] = '\0';
			}
			if (!line[0])
				continue;
			if (line[0] == '#') {
				sym_name = parse_not_set(line, pfx, pfxlen, true);
				if (!sym_name)
					continue;
				val = "n";
			} else {
				if (strncmp(line, pfx, pfxlen)) {
					rd_warn(&rd, "unexpected data: %s", line);
					continue;
				}
				sym_name = line + pfxlen;
				p = strchr(sym_name, '=');
				if (!p) {
					rd_warn(&rd, "unexpected data: %s", line);
					continue;
				}
				*p = '\0';
				val = p + 1;
			}
		}

		sym = sym_find(kc, sym_name);
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
	free(line);
	fclose(in);
	free(namebuf);
	return 0;
}

int conf_apply_user_value(struct kconf *kc, struct symbol *sym, const char *val)
{
	struct reader rd = { .kc = kc, .fname = "<what-if>", .lineno = 0 };
	char *copy = xstrdup(val);
	int rc = set_sym_val(&rd, sym, S_DEF_USER, SYMBOL_DEF_USER, copy);

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
			if (sym->visible == no && !unsaved)
				sym->flags &= ~SYMBOL_DEF_USER;
			switch (sym->type) {
			case S_STRING:
			case S_INT:
			case S_HEX:
				if (sym_string_within_range(kc, sym, sym->def[S_DEF_USER].val))
					break;
				sym->flags &= ~(SYMBOL_VALID | SYMBOL_DEF_USER);
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
/* symbol printers                                                      */

struct comment_style {
	const char *decoration, *prefix, *postfix;
};

static const struct comment_style style_pound = { "#", "#", "#" };
static const struct comment_style style_c = { " *", "/*", " */" };

static void write_heading(struct kconf *kc, FILE *fp, const struct comment_style *cs)
{
	const char *title = "";

	if (!cs)
		return;
	if (kc->rootmenu.prompt && kc->rootmenu.prompt->text)
		title = kc->rootmenu.prompt->text;
	fprintf(fp, "%s\n", cs->prefix);
	fprintf(fp, "%s Automatically generated file; DO NOT EDIT.\n", cs->decoration);
	fprintf(fp, "%s %s\n", cs->decoration, title);
	fprintf(fp, "%s\n", cs->postfix);
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

static void print_sym_generic(struct kconf *kc, FILE *fp, struct symbol *sym,
			      enum n_style ns, bool escape)
{
	const char *val;
	char *esc = NULL;

	if (sym->type == S_UNKNOWN)
		return;
	val = sym_get_string_value(kc, sym);
	if (!val)
		val = "";
	if ((sym->type == S_BOOLEAN || sym->type == S_TRISTATE) &&
	    ns != N_PRINT && *val == 'n') {
		if (ns == N_AS_UNSET) {
			/* "# %s%s is not set\n", without printf's cost per symbol */
			fputs("# ", fp);
			fputs(cfg_prefix(kc), fp);
			fputs(sym->name, fp);
			fputs(" is not set\n", fp);
		}
		return;
	}
	if (sym->type == S_STRING && escape) {
		esc = conf_quote_value(val);
		val = esc;
	}
	/* "%s%s=%s\n" */
	fputs(cfg_prefix(kc), fp);
	fputs(sym->name, fp);
	putc('=', fp);
	fputs(val, fp);
	putc('\n', fp);
	free(esc);
}

static void print_sym_dotconfig(struct kconf *kc, FILE *fp, struct symbol *sym)
{
	print_sym_generic(kc, fp, sym, N_AS_UNSET, true);
}

static void print_sym_autoconf(struct kconf *kc, FILE *fp, struct symbol *sym)
{
	print_sym_generic(kc, fp, sym, N_SKIP, false);
}

void print_symbol_for_listconfig(struct kconf *kc, struct symbol *sym)
{
	print_sym_generic(kc, kc->out, sym, N_PRINT, true);
}

static bool hex_has_prefix(const char *v)
{
	return v[0] == '0' && (v[1] == 'x' || v[1] == 'X');
}

static void print_sym_c(struct kconf *kc, FILE *fp, struct symbol *sym)
{
	const char *val, *suffix = "", *vpfx = "";
	char *esc = NULL;

	if (sym->type == S_UNKNOWN)
		return;
	val = sym_get_string_value(kc, sym);
	if (!val)
		val = "";
	switch (sym->type) {
	case S_BOOLEAN:
	case S_TRISTATE:
		if (*val == 'n')
			return;
		if (*val == 'm')
			suffix = "_MODULE";
		val = "1";
		break;
	case S_HEX:
		if (!hex_has_prefix(val))
			vpfx = "0x";
		break;
	case S_STRING:
		esc = conf_quote_value(val);
		val = esc;
		break;
	default:
		break;
	}
	/* "#define %s%s%s %s%s\n" */
	fputs("#define ", fp);
	fputs(cfg_prefix(kc), fp);
	fputs(sym->name, fp);
	fputs(suffix, fp);
	putc(' ', fp);
	fputs(vpfx, fp);
	fputs(val, fp);
	putc('\n', fp);
	free(esc);
}

static void print_sym_rustc(struct kconf *kc, FILE *fp, struct symbol *sym)
{
	const char *val;
	char *esc;
	struct kstr tmp;

	if (sym->type == S_UNKNOWN)
		return;
	val = sym_get_string_value(kc, sym);
	if (!val)
		val = "";
	kstr_init(&tmp);
	switch (sym->type) {
	case S_BOOLEAN:
	case S_TRISTATE:
		if (*val == 'n') {
			kstr_free(&tmp);
			return;
		}
		fprintf(fp, "--cfg=%s%s\n", cfg_prefix(kc), sym->name);
		break;
	case S_HEX:
		if (!hex_has_prefix(val))
			kstr_append(&tmp, "0x");
		break;
	default:
		break;
	}
	kstr_append(&tmp, val);
	esc = conf_quote_value(tmp.s);
	fprintf(fp, "--cfg=%s%s=%s\n", cfg_prefix(kc), sym->name, esc);
	free(esc);
	kstr_free(&tmp);
}

/* ------------------------------------------------------------------ */
/* savedefconfig                                                        */

static void defconfig_consider(struct kconf *kc, FILE *out, struct symbol *sym)
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
	FILE *out;
	struct menu *menu;

	if (!filename)
		return 1;
	out = fopen(filename, "w");
	if (!out)
		return 1;

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
	fclose(out);
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
	FILE *out;
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
		out = fopen(name, "w");
	} else {
		struct kstr ks;

		kstr_init(&ks);
		kstr_printf(&ks, "%s.%d.tmp", name, (int)getpid());
		tmpname = kstr_steal(&ks);
		out = fopen(tmpname, "w");
	}
	if (!out) {
		free(tmpname);
		return 1;
	}

	write_heading(kc, out, &style_pound);

	if (!conf_get_changed(kc))
		sym_clear_all_valid(kc);

	menu = kc->rootmenu.list;
	while (menu) {
		struct symbol *sym = menu->sym;

		if (!sym) {
			if (menu_is_visible(kc, menu)) {
				fprintf(out, "\n#\n# %s\n#\n", menu_get_prompt(menu));
				need_newline = false;
			}
		} else if (!sym_is_choice(sym) && !(sym->flags & SYMBOL_WRITTEN)) {
			sym_calc_value(kc, sym);
			if (sym->flags & SYMBOL_WRITE) {
				if (need_newline) {
					fputc('\n', out);
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
				fprintf(out, "# end of %s\n", menu_get_prompt(menu));
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
	fclose(out);

	all = sym_all_kernel_order(kc, &n);
	for (i = 0; i < n; i++)
		all[i]->flags &= ~SYMBOL_WRITTEN;

	if (tmpname) {
		struct kstr old;

		if (files_identical(name, tmpname)) {
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

static void write_files_list(struct kconf *kc, FILE *out, struct kc_file *f, bool reverse)
{
	if (!f)
		return;
	if (reverse)
		write_files_list(kc, out, f->next, true);
	fprintf(out, "\t%s \\\n", f->name);
	if (!reverse)
		write_files_list(kc, out, f->next, false);
}

static int write_autoconf_cmd(struct kconf *kc, const char *autoconf_name)
{
	struct kstr name, tmp;
	FILE *out;
	int ret = -1;

	kstr_init(&name);
	kstr_init(&tmp);
	kstr_printf(&name, "%s.cmd", autoconf_name);
	kstr_printf(&tmp, "%s.cmd.tmp", autoconf_name);
	if (name.len >= PATH_MAX || tmp.len >= PATH_MAX)
		goto done;
	if (make_parent_dir(name.s))
		goto done;

	out = fopen(tmp.s, "w");
	if (!out) {
		print_errno(kc, "fopen");
		goto done;
	}

	if (KC_NEW_CHOICES(kc)) {
		fprintf(out, "autoconfig := %s\n", autoconf_name);
		if (kc->autoconf_cmd_buf.s && kc->autoconf_cmd_buf.len) {
			fputs(kc->autoconf_cmd_buf.s, out);
		} else {
			struct kstr env;

			fputs("\ndeps_config := \\\n", out);
			write_files_list(kc, out, kc->files, false);
			fputs("\n$(autoconfig): $(deps_config)\n$(deps_config): ;\n", out);
			kstr_init(&env);
			env_write_dep(kc, &env);
			fputs(env.s, out);
			kstr_free(&env);
		}
	} else {
		struct kstr env;

		fputs("deps_config := \\\n", out);
		write_files_list(kc, out, kc->files, true);
		fprintf(out, "\n%s: $(deps_config)\n\n", autoconf_name);
		kstr_init(&env);
		env_write_dep(kc, &env);
		fputs(env.s, out);
		kstr_free(&env);
		fputs("\n$(deps_config): ;\n", out);
	}

	fflush(out);
	ret = ferror(out) ? -1 : 0;
	fclose(out);
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

typedef void (*sym_printer)(struct kconf *kc, FILE *fp, struct symbol *sym);

static int write_one_autoconf(struct kconf *kc, const char *filename, sym_printer pr,
			      const struct comment_style *cs)
{
	struct kstr tmp;
	FILE *f;
	struct symbol **all;
	size_t n, i;
	int ret;

	if (make_parent_dir(filename))
		return -1;
	kstr_init(&tmp);
	kstr_printf(&tmp, "%s.tmp", filename);
	if (tmp.len >= PATH_MAX) {
		kstr_free(&tmp);
		return -1;
	}
	f = fopen(tmp.s, "w");
	if (!f) {
		print_errno(kc, "fopen");
		kstr_free(&tmp);
		return -1;
	}
	write_heading(kc, f, cs);
	all = sym_all_kernel_order(kc, &n);
	for (i = 0; i < n; i++)
		if ((all[i]->flags & SYMBOL_WRITE) && all[i]->name)
			pr(kc, f, all[i]);
	fflush(f);
	ret = ferror(f) ? -1 : 0;
	fclose(f);
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
