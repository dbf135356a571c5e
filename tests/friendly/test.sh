#!/bin/sh
# SPDX-License-Identifier: MIT
#
# kforge's make-free configuration targets (src/kbuild.c) against the
# kernel's own `make`: for each kernel tree and ARCH, run the same sequence
# of targets with `make -C KSRC O=M ARCH=a T` and `kforge -C KSRC O=K ARCH=a T`
# and require byte-identical results (.config, or ./defconfig for
# savedefconfig).
#
#   tests/friendly/test.sh [-q]
#
# Environment:
#   KFORGE      kforge binary (default: ./kforge of this repository)
#   KSRCS       kernel source trees (default: /work/ksrc/linux-source-6.12
#               /work/ksrc/linux-source-6.1)
#   ARCHES      architectures (default: "x86 arm64")
#   KEEP=1      keep the scratch directory
#
# O= builds refuse a source tree that holds a .config or include/config
# ("source tree is not clean"), so each tree is first mirrored as a tree of
# symlinks (cp -rs) without those files; the original is never touched.

set -u

here=$(cd "$(dirname "$0")/../.." && pwd)
KFORGE=${KFORGE:-$here/kforge}
KSRCS=${KSRCS:-"/work/ksrc/linux-source-6.12 /work/ksrc/linux-source-6.1"}
ARCHES=${ARCHES:-"x86 arm64"}
quiet=0
[ "${1:-}" = "-q" ] && quiet=1

case $KFORGE in /*) ;; *) KFORGE=$(pwd)/$KFORGE ;; esac
if [ ! -x "$KFORGE" ]; then
	echo "test.sh: no kforge binary at $KFORGE (run make first)" >&2
	exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kforge-friendly.XXXXXX") || exit 2
cleanup() { [ "${KEEP:-0}" = 1 ] && echo "kept $tmp" || rm -rf "$tmp"; }
trap cleanup EXIT INT TERM

pass=0
fail=0
ok()  { pass=$((pass + 1)); [ $quiet = 1 ] || echo "PASS $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# same FILE in make's and kforge's object trees
same() {
	label=$1 file=$2
	if [ ! -f "$M/$file" ] || [ ! -f "$K/$file" ]; then
		bad "$label: $file missing (make: $(test -f "$M/$file" && echo yes || echo no)," \
		    "kforge: $(test -f "$K/$file" && echo yes || echo no))"
	elif cmp -s "$M/$file" "$K/$file"; then
		ok "$label"
	else
		bad "$label: $file differs"
		diff "$M/$file" "$K/$file" | head -10 | sed 's/^/    /'
	fi
}

# run TARGET... with both, then compare FILE
step() {
	file=$1
	shift
	label="$ver $arch $*"
	make -s -C "$src" O="$M" ARCH="$arch" "$@" >"$tmp/make.log" 2>&1
	mrc=$?
	"$KFORGE" -C "$src" O="$K" ARCH="$arch" "$@" >"$tmp/kforge.log" 2>&1
	krc=$?
	if [ $mrc -ne 0 ] || [ $krc -ne 0 ]; then
		if [ $mrc -ne 0 ] && [ $krc -ne 0 ]; then
			ok "$label (both fail)"
		else
			bad "$label: exit status make=$mrc kforge=$krc"
			for l in make kforge; do
				echo "    --- $l:"
				tail -n 5 "$tmp/$l.log" | sed 's/^/    /'
			done
		fi
		return
	fi
	same "$label" "$file"
}

clean_tree() {
	[ ! -e "$1/.config" ] && [ ! -d "$1/include/config" ] &&
		! ls -d "$1"/arch/*/include/generated >/dev/null 2>&1
}

for ksrc in $KSRCS; do
	if [ ! -f "$ksrc/Makefile" ]; then
		echo "skip $ksrc (not found)"
		continue
	fi
	ver=$(sed -n 's/^VERSION = //p; s/^PATCHLEVEL = /./p' "$ksrc/Makefile" | tr -d '\n')
	# Always work on a private mirror: the shared tree may be dirtied
	# (in-tree conf runs) while the test runs, which breaks O= builds.
	src=$tmp/src-$ver
	[ $quiet = 1 ] || echo "mirroring $ksrc to $src (symlinks)"
	cp -rs "$ksrc" "$src" || { bad "$ver: cannot mirror $ksrc"; continue; }
	rm -rf "$src/.config" "$src/include/config" "$src/include/generated" \
	       "$src"/arch/*/include/generated
	clean_tree "$src" || { bad "$ver: mirror of $ksrc is not clean"; continue; }
	for arch in $ARCHES; do
		M=$tmp/make-$ver-$arch
		K=$tmp/kforge-$ver-$arch
		step .config defconfig
		step defconfig savedefconfig
		step .config allnoconfig
		step .config olddefconfig
		step .config tinyconfig
		case $arch in
		x86) step .config i386_defconfig ;;
		*) : ;;
		esac
		step .config kvm_guest.config
		step .config allmodconfig
		# toolchain variables: LLVM=1 (clang, ld.lld, llvm-*, CLANG_FLAGS)
		if command -v clang >/dev/null 2>&1; then
			step .config LLVM=1 defconfig
		fi
		# running from inside the object tree (its generated Makefile)
		(cd "$K" && "$KFORGE" ARCH="$arch" allyesconfig >/dev/null 2>&1)
		make -s -C "$M" ARCH="$arch" allyesconfig >/dev/null 2>&1
		same "$ver $arch allyesconfig (inside O=)" .config
		# KCONFIG_SEED is passed through like make does
		make -s -C "$src" O="$M" ARCH="$arch" KCONFIG_SEED=0x1234 randconfig >/dev/null 2>&1
		"$KFORGE" -C "$src" O="$K" ARCH="$arch" KCONFIG_SEED=0x1234 randconfig >/dev/null 2>&1
		same "$ver $arch randconfig KCONFIG_SEED=0x1234" .config
	done
done

# not a kernel tree: short error, exit status 2
mkdir -p "$tmp/empty"
(cd "$tmp/empty" && "$KFORGE" defconfig >/dev/null 2>"$tmp/err")
rc=$?
if [ $rc -eq 2 ] && grep -q "not a Linux kernel source tree" "$tmp/err"; then
	ok "outside a kernel tree: exit 2"
else
	bad "outside a kernel tree: exit $rc: $(cat "$tmp/err")"
fi
"$KFORGE" defconfig --help >"$tmp/help" 2>&1 && grep -q "Usage: kforge defconfig" "$tmp/help" &&
	ok "defconfig --help" || bad "defconfig --help"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
