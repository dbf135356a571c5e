#!/usr/bin/env bash
# run-one.sh VERSION ARCH CASE...
#
# Compare kforge with the kernel's own scripts/kconfig/conf under the
# kernel's own make.  For each CASE, on each side (reference = the kernel's
# conf, kf = kforge copied over O/scripts/kconfig/conf), in the same O dir:
#     reset .config/include;  make -C KSRC O=DIR ARCH=ARCH TARGET;  make ... syncconfig
# and compare .config, .config.old, defconfig (savedefconfig),
# include/config/auto.conf{,.cmd}, include/generated/autoconf.h, rustc_cfg,
# a manifest (name + md5) of every file under include/config and
# include/generated, stdout, stderr and exit status of both makes.
#
# CASE is TARGET[@VAR=VAL]...; VARs go into make's environment, e.g.
#     defconfig   i386_defconfig   44x/akebono_defconfig
#     randconfig@KCONFIG_SEED=0x1f
#     allnoconfig@KCONFIG_ALLCONFIG=arch/x86/configs/tiny.config
#     olddefconfig@INPUT=arch/x86/configs/i386_defconfig
# INPUT=FILE is copied to .config before TARGET runs.  Relative FILEs in
# INPUT and KCONFIG_ALLCONFIG are taken from the kernel tree.
#
# Prints per case "MATCH VERSION ARCH CASE" or "DIFF VERSION ARCH CASE (files)"
# or "ERROR VERSION ARCH CASE (why)".  Exit status 0 iff all matched.
#
# Environment:
#   KFORGE          kforge binary (default: ./kforge of this repo); "@ref"
#                   puts the kernel's conf on both sides (harness self-test)
#   KFORGE_COMPAT   results dir (default: build/compat of this repo):
#                   results/VER/ARCH/CASE/{ref,kf,diff}
#   KFORGE_COMPAT_CACHE  (default ~/.cache/kforge-compat) work/VER/ARCH, the
#                   O dirs, and ref/VER/ARCH/CASE, the cached reference outputs,
#                   kept across clones; keyed by kernel tree, O dir, the conf
#                   binary, the compiler and CROSS_COMPILE/LLVM/KCONFIG_* env
#   KFORGE_REFRESH=1  ignore cached reference outputs
#   KFORGE_KEEP=1   keep the outputs of matching cases too
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

if [ $# -lt 3 ]; then
	sed -n '2,/^set /p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
	exit 2
fi
ver=$1 arch=$2; shift 2

ksrc=$("$here/ksrc.sh" -p "$ver") || { echo "ERROR $ver $arch - (no kernel source)"; exit 1; }
base=${KFORGE_COMPAT:-$repo/build/compat}
cache=${KFORGE_COMPAT_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/kforge-compat}
mkdir -p "$base" "$cache"; base=$(cd "$base" && pwd); cache=$(cd "$cache" && pwd)
O=$cache/work/$ver/$arch
refbase=$cache/ref/$ver/$arch
resbase=$base/results/$ver/$arch
kforge=${KFORGE:-$repo/kforge}
if [ "$kforge" != @ref ]; then
	[ -x "$kforge" ] || { echo "ERROR $ver $arch - (no kforge binary at $kforge)"; exit 1; }
	kforge=$(cd "$(dirname "$kforge")" && pwd)/$(basename "$kforge")
fi
if [ ! -f "$ksrc/arch/$arch/Kconfig" ]; then
	echo "ERROR $ver $arch - (no arch/$arch/Kconfig)"; exit 1
fi
mkdir -p "$O" "$refbase" "$resbase"

# One user of an O dir at a time.
exec 9>"$O.lock"
flock 9

MAKE=${MAKE_CMD:-make}
# Same make context whoever calls us (make check, a shell): no inherited
# MAKELEVEL (make[N] in messages), jobserver or flags.
unset MAKELEVEL MAKEFLAGS MFLAGS MAKEOVERRIDES GNUMAKEFLAGS MAKE_TERMOUT MAKE_TERMERR
# The 6.1 conf prompts forever when stdin is at EOF and an int/hex symbol
# has no valid value (e.g. arm rpc_defconfig + syncconfig): bound each make
# in time and its output in size (ulimit -f, in the case's subshell).
case_timeout=${KFORGE_CASE_TIMEOUT:-300}
kmake() {	# kmake TARGET  (env from the case already exported)
	timeout -k 10 "$case_timeout" $MAKE -C "$ksrc" O="$O" ARCH="$arch" "$@" </dev/null
}
# Did the kernel's conf hang (timeout, or killed for writing without end)?
ref_hung() {	# ref_hung DIR
	grep -qxE '124|137|153' "$1/1.rc" "$1/2.rc" 2>/dev/null
}
conf=$O/scripts/kconfig/conf

# ---- warm-up: build the kernel's conf and fixdep once per O dir
if [ ! -x "$conf.ref" ] || [ ! -x "$O/scripts/basic/fixdep" ]; then
	rm -f "$conf" "$conf.ref"
	if ! kmake defconfig >"$O/warmup.log" 2>&1 && ! kmake allnoconfig >>"$O/warmup.log" 2>&1; then
		for c in "$@"; do echo "ERROR $ver $arch $c (warm-up failed, see $O/warmup.log)"; done
		exit 1
	fi
	cp -f "$conf" "$conf.ref"
fi
refsum=$(md5sum <"$conf.ref" | cut -d' ' -f1)
meta="ksrc=$ksrc O=$O conf=$refsum cc=$(${CC:-gcc} --version 2>&1 | head -n1) env=$(env | grep -E '^(CROSS_COMPILE|LLVM|CC|HOSTCC|LD|KBUILD_[A-Z_]*|KCONFIG_[A-Z_]*)=' | sort | tr '\n' ' ')"

install_conf() {	# install_conf FILE
	cp -f "$1" "$conf.tmp" && mv -f "$conf.tmp" "$conf" && touch "$conf"
}

reset_o() {
	rm -rf "$O/.config" "$O/.config.old" "$O/defconfig" "$O/include/config" \
	       "$O/include/generated"
	if [ -n "$input" ]; then cp -f "$input" "$O/.config"; fi
}

collect() {	# collect DIR
	local d=$1 f
	mkdir -p "$d"
	for f in .config .config.old defconfig; do
		[ -e "$O/$f" ] && cp -f "$O/$f" "$d/${f#.}"
	done
	for f in config/auto.conf config/auto.conf.cmd generated/autoconf.h generated/rustc_cfg; do
		[ -e "$O/include/$f" ] && cp -f "$O/include/$f" "$d/$(basename "$f")"
	done
	if [ -d "$O/include" ]; then
		(cd "$O/include" && find config generated \( -type f -o -type l \) -print0 2>/dev/null |
			sort -z | xargs -0 -r md5sum) >"$d/manifest"
	else
		: >"$d/manifest"
	fi
}

run_side() {	# run_side CONFBIN DIR
	install_conf "$1"
	reset_o
	rm -rf "$2"; mkdir -p "$2"
	kmake "$target" >"$2/1.out" 2>"$2/1.err"; echo $? >"$2/1.rc"
	kmake syncconfig >"$2/2.out" 2>"$2/2.err"; echo $? >"$2/2.rc"
	# a conf that looped has written a prompt over and over: keep the start
	ref_hung "$2" && truncate -s '<1M' "$2"/[12].out "$2"/[12].err
	collect "$2"
}

allok=0
for case in "$@"; do
	t0=$(date +%s.%N)
	target=${case%%@*}
	vars=(); input=
	if [ "$case" != "$target" ]; then
		IFS=@ read -r -a parts <<<"${case#*@}"
		for kv in "${parts[@]}"; do
			k=${kv%%=*} v=${kv#*=}
			case $k in
			INPUT|KCONFIG_ALLCONFIG)
				if [ "$v" != 1 ] && [ "${v#/}" = "$v" ] && [ -e "$ksrc/$v" ]; then v=$ksrc/$v; fi ;;
			esac
			if [ "$k" = INPUT ]; then input=$v; else vars+=("$k=$v"); fi
		done
	fi
	name=$(printf '%s' "$case" | tr '/@=' '_+-')
	refdir=$refbase/$name
	resdir=$resbase/$name
	rm -rf "$resdir"; mkdir -p "$resdir"
	(
		ulimit -f 204800	# 100 MiB per output file
		for kv in "${vars[@]+"${vars[@]}"}"; do export "${kv?}"; done
		if [ "${KFORGE_REFRESH:-0}" = 1 ] || [ ! -e "$refdir/.done" ] ||
		   [ "$(cat "$refdir/.meta" 2>/dev/null)" != "$meta" ]; then
			rm -rf "$refdir"
			# what the kernel's conf did is the reference, even when it
			# had to be stopped (run_side's own status says nothing)
			run_side "$conf.ref" "$refdir.tmp"
			[ -e "$refdir.tmp/2.rc" ] && echo "$meta" >"$refdir.tmp/.meta" &&
				touch "$refdir.tmp/.done" && mv "$refdir.tmp" "$refdir"
		fi
		if [ "$kforge" = @ref ]; then
			run_side "$conf.ref" "$resdir/kf"
		else
			run_side "$kforge" "$resdir/kf"
		fi
		install_conf "$conf.ref"
	)
	dt=$(echo "$(date +%s.%N) - $t0" | bc)
	printf '%.1f\n' "$dt" >"$resdir/time"
	if [ ! -e "$refdir/.done" ]; then
		echo "ERROR $ver $arch $case (reference run failed)"; allok=1; continue
	fi
	if ref_hung "$refdir"; then
		# The one deliberate difference: where the kernel's conf loops,
		# kforge must stop with an error instead.
		if grep -qsE "error: (no value for new symbol|choice '.*' has no)" \
			"$resdir/kf/1.err" "$resdir/kf/2.err" &&
		   ! ref_hung "$resdir/kf"; then
			echo "KHANG $ver $arch $case (kernel conf loops forever; kforge stops with an error)"
		else
			echo "DIFF $ver $arch $case (kernel conf hangs and kforge did not stop with an error)"
			allok=1
		fi
		continue
	fi
	if diff -r -q -x .meta -x .done "$refdir" "$resdir/kf" >"$resdir/files" 2>&1; then
		echo "MATCH $ver $arch $case"
		[ "${KFORGE_KEEP:-0}" = 1 ] || rm -rf "$resdir/kf"
		rm -f "$resdir/files"
	else
		diff -r -u -x .meta -x .done "$refdir" "$resdir/kf" >"$resdir/diff" 2>&1
		rm -rf "$resdir/ref"; cp -r "$refdir" "$resdir/ref"
		files=$(sed -n -e 's|^Files .*/kf/\([^ ]*\) differ$|\1|p' \
			-e 's|^Only in \(.*\): \(.*\)$|\1/\2|p' "$resdir/files" |
			sed -e "s|^$refdir/*||" -e "s|^$resdir/kf/*||" | sort -u | tr '\n' ' ')
		echo "DIFF $ver $arch $case (${files% })"
		allok=1
	fi
done
exit $allok
