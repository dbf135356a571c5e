/* SPDX-License-Identifier: MIT */
/*
 * libkconf: a Kconfig engine.
 *
 * One struct kconf holds one loaded Kconfig tree and its values; a program
 * may hold several at once.  Functions that can fail return 0 on success and
 * -1 on failure, after printing "file:line: message" diagnostics to the
 * context's error stream.
 */
#ifndef KCONF_KCONF_H
#define KCONF_KCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

struct kconf;

/* Create a context that behaves like the kernel version major.minor. */
struct kconf *kconf_new(int major, int minor);
void kconf_free(struct kconf *kc);

/* Message streams (default stdout, stderr). */
void kconf_set_streams(struct kconf *kc, FILE *out, FILE *err);
/* Environment lookup used by $(VAR) and the KCONFIG_* variables (default getenv). */
void kconf_set_getenv(struct kconf *kc, const char *(*fn)(void *ud, const char *name), void *ud);
/* The kernel version (major*100+minor) this context follows. */
int kconf_version(const struct kconf *kc);

/* Parse a Kconfig tree.  Relative names are looked up under $srctree too. */
int kconf_load(struct kconf *kc, const char *kconfig);

/* .config and generated files; NULL name means KCONFIG_CONFIG or ".config". */
int kconf_read_config(struct kconf *kc, const char *name);
int kconf_write_config(struct kconf *kc, const char *name);
int kconf_write_defconfig(struct kconf *kc, const char *name);
int kconf_write_autoconf(struct kconf *kc, bool overwrite);

/* Symbols. */
struct symbol;
struct symbol *kconf_find(struct kconf *kc, const char *name);
const char *kconf_sym_name(const struct symbol *sym);
const char *kconf_sym_value(struct kconf *kc, struct symbol *sym);
bool kconf_sym_set(struct kconf *kc, struct symbol *sym, const char *value);

#ifdef __cplusplus
}
#endif

#endif /* KCONF_KCONF_H */
