/* SPDX-License-Identifier: MIT */
/*
 * kforge CLI: make-free configuration targets (src/kbuild.c).
 *
 *	kforge [-C DIR] [O=DIR] [ARCH=...] [VAR=value...] <target>...
 *
 * Each target (defconfig, olddefconfig, allnoconfig, x86_64_defconfig,
 * kvm_guest.config, ...) is run the way the kernel's top-level Makefile and
 * scripts/kconfig/Makefile would run it: same environment, same conf argv,
 * same working directory (the object tree).
 */
#ifndef KFORGE_KBUILD_H
#define KFORGE_KBUILD_H

#include "kforge.h"

/* Fixed-name targets, registered through KF_EXTRA_TABLES. */
extern const struct kf_cmd kf_kbuild_cmds[];

/*
 * Fallback for words the command table does not know: "<name>_defconfig",
 * "<name>.config", or a leading make-style option ("-C DIR", "O=DIR",
 * "ARCH=arm64", "--arch", "--objdir", ...).  argv[0] is the first word after
 * "kforge".  Returns the exit status, or -1 if the words are not ours.
 */
int kf_kbuild_fallback(int argc, char **argv);

#endif /* KFORGE_KBUILD_H */
