/* SPDX-License-Identifier: MIT */
/* The context and the public API: thin, fatal-error-safe entry points. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *default_getenv(void *ud, const char *name)
{
	(void)ud;
	return getenv(name);
}

static void init_const(struct symbol *s, const char *name, tristate tri)
{
	s->name = (char *)name;
	s->name_hash = hash_str(name);
	s->type = S_TRISTATE;
	s->curr.val = name;
	s->curr.tri = tri;
	s->flags = SYMBOL_CONST | SYMBOL_VALID;
}

static void update_prefix(struct kconf *kc)
{
	const char *p = kc_getenv(kc, "CONFIG_");
	kc->config_prefix = p ? p : "CONFIG_";
}

struct kconf *kconf_new(int major, int minor)
{
	struct kconf *kc = xcalloc(1, sizeof(*kc));

	kc->kver = KV(major, minor);
	kc->out = stdout;
	kc->err = stderr;
	kc->getenv_fn = default_getenv;
	kc->eval_gen = 1;	/* node caches start at generation 0: invalid */
	init_const(&kc->symbol_yes, "y", yes);
	init_const(&kc->symbol_mod, "m", mod);
	init_const(&kc->symbol_no, "n", no);
	kc->modules_val = no;
	update_prefix(kc);
	menu_init(kc);
	return kc;
}

void kconf_free(struct kconf *kc)
{
	if (!kc)
		return;
	probe_cache_free(kc);
	free(kc->syms);
	free(kc->sym_hash);
	free(kc->all_syms);
	free(kc->kernel_order);
	big_free(kc->expr_hash, kc->expr_hash_size * sizeof(*kc->expr_hash));
	expr_memo_release(kc);
	if (kc->autoconf_cmd_buf.s)
		kstr_free(&kc->autoconf_cmd_buf);
	arena_free_all(&kc->arena);
	free(kc);
}

void kconf_set_streams(struct kconf *kc, FILE *out, FILE *err)
{
	kc->out = out;
	kc->err = err;
}

void kconf_set_getenv(struct kconf *kc, const char *(*fn)(void *ud, const char *name), void *ud)
{
	kc->getenv_fn = fn ? fn : default_getenv;
	kc->getenv_ud = ud;
	update_prefix(kc);
}

int kconf_version(const struct kconf *kc)
{
	return kc->kver;
}

/*
 * Call fn with kc_fatal() armed to come back here; nested calls keep the
 * outermost guard.  Returns fn's result, or -1 after a fatal error.
 */
static int guarded(struct kconf *kc, int (*fn)(struct kconf *, const void *), const void *arg)
{
	jmp_buf jb;
	int rc;

	if (kc->fatal_jmp)
		return fn(kc, arg);
	if (setjmp(jb)) {
		kc->fatal_jmp = NULL;
		return -1;
	}
	kc->fatal_jmp = &jb;
	rc = fn(kc, arg);
	kc->fatal_jmp = NULL;
	return rc;
}

static int do_parse(struct kconf *kc, const void *arg)
{
	conf_parse(kc, arg);
	return 0;
}

static int do_read(struct kconf *kc, const void *arg)
{
	return conf_read(kc, arg);
}

static int do_write(struct kconf *kc, const void *arg)
{
	return conf_write(kc, arg);
}

static int do_write_defconfig(struct kconf *kc, const void *arg)
{
	return conf_write_defconfig(kc, arg);
}

static int do_write_autoconf(struct kconf *kc, const void *arg)
{
	return conf_write_autoconf(kc, arg != NULL);
}

int kconf_load(struct kconf *kc, const char *kconfig)
{
	return guarded(kc, do_parse, kconfig);
}

int kconf_read_config(struct kconf *kc, const char *name)
{
	return guarded(kc, do_read, name) ? -1 : 0;
}

int kconf_write_config(struct kconf *kc, const char *name)
{
	return guarded(kc, do_write, name) ? -1 : 0;
}

int kconf_write_defconfig(struct kconf *kc, const char *name)
{
	return guarded(kc, do_write_defconfig, name) ? -1 : 0;
}

int kconf_write_autoconf(struct kconf *kc, bool overwrite)
{
	return guarded(kc, do_write_autoconf, overwrite ? kc : NULL) ? -1 : 0;
}

struct symbol *kconf_find(struct kconf *kc, const char *name)
{
	return sym_find(kc, name);
}

const char *kconf_sym_name(const struct symbol *sym)
{
	return sym->name;
}

/*
 * Values depend on MODULES (m becomes y without it) and setters on the
 * visibility computed with the value; the kernel's front ends get both by
 * reading a .config first, library users may not have.
 */
static void compute(struct kconf *kc, struct symbol *sym)
{
	if (kc->modules_sym)
		sym_calc_value(kc, kc->modules_sym);
	sym_calc_value(kc, sym);
}

const char *kconf_sym_value(struct kconf *kc, struct symbol *sym)
{
	compute(kc, sym);
	return sym_get_string_value(kc, sym);
}

bool kconf_sym_set(struct kconf *kc, struct symbol *sym, const char *value)
{
	compute(kc, sym);
	return sym_set_string_value(kc, sym, value);
}
