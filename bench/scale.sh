#!/usr/bin/env bash
# bench/scale.sh - kforge on synthetic Kconfig trees of growing size
# (bench/gen-tree.py): olddefconfig from an alldefconfig .config, and
# allyesconfig, per size; time, own CPU and peak RSS per size and the growth
# from one size to the next.  The kernel's conf (6.12, built by bench/run.sh or
# here) runs too on sizes up to BENCH_SCALE_REF_MAX when one run takes < 60 s,
# and its .config is compared with kforge's.
#
#   BENCH_SIZES          (default "10000 100000 1000000")
#   BENCH_SCALE_RUNS     counted runs per case after one warm-up (default 5)
#   BENCH_SCALE_REF_MAX  largest size the kernel's conf runs on (default 100000)
#   BENCH_SEED           gen-tree seed (default 1)
#   BENCH_SCALE_CALLGRIND  1 = count kforge's instructions per size (callgrind,
#                        one olddefconfig run; about 40x its CPU time) (default 1)
#   BENCH_WORK, BENCH_RESULTS, BENCH_REV, KFORGE  as for run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
sizes=${BENCH_SIZES:-10000 100000 1000000}
runs=${BENCH_SCALE_RUNS:-5}
refmax=${BENCH_SCALE_REF_MAX:-100000}
seed=${BENCH_SEED:-1}
use_cg=${BENCH_SCALE_CALLGRIND:-1}
command -v valgrind >/dev/null || use_cg=0
work=${BENCH_WORK:-${HOME:-/tmp}/.cache/kforge-bench}
results=${BENCH_RESULTS:-$here/RESULTS.md}
kforge=${KFORGE:-$repo/kforge}
CC=${CC:-cc}
unset MAKELEVEL MAKEFLAGS MFLAGS MAKEOVERRIDES GNUMAKEFLAGS MAKE_TERMOUT MAKE_TERMERR

mkdir -p "$work/bin" "$work/scale"
if [ ! -x "$work/bin/pstat" ] || [ "$here/pstat.c" -nt "$work/bin/pstat" ]; then
	$CC -std=c11 -O2 -Wall -Wextra -o "$work/bin/pstat" "$here/pstat.c"
fi
PSTAT=$work/bin/pstat
if [ -n "${BENCH_REV:-}" ]; then
	rev=$(cd "$repo" && git rev-parse --short "$BENCH_REV")
	src=$work/src-$rev
	if [ ! -x "$src/kforge" ]; then
		rm -rf "$src"; mkdir -p "$src"
		(cd "$repo" && git archive "$rev") | tar -x -C "$src"
		make -C "$src" -s kforge >&2
	fi
	kforge=$src/kforge
fi
[ -x "$kforge" ] || { echo "scale.sh: no kforge binary at $kforge (run make)" >&2; exit 1; }
mkdir -p "$work/kf-scale"
cp -f "$kforge" "$work/kf-scale/conf"
KF=$work/kf-scale/conf
if [ -n "${BENCH_REV:-}" ]; then kf_id="$rev (BENCH_REV=$BENCH_REV) md5"
else kf_id="${KFORGE:-./kforge} (work tree at $(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo ?)$(cd "$repo" && git diff --quiet HEAD -- lib src 2>/dev/null || echo +dirty)) md5"; fi
kf_id="$kf_id $(md5sum <"$KF" | cut -c1-8)"

# The kernel's conf: the 6.12 x86 one bench/run.sh builds.
ref=$work/o/6.12/x86/scripts/kconfig/conf
if [ ! -x "$ref" ]; then
	ksrc=$("$repo/tests/compat/ksrc.sh" -p 6.12)
	mkdir -p "$work/o/6.12/x86"
	make -C "$ksrc" O="$work/o/6.12/x86" ARCH=x86 defconfig </dev/null >"$work/o/6.12/x86/build.log" 2>&1 ||
		{ echo "scale.sh: cannot build the kernel's conf; kforge only" >&2; ref=; }
fi

# A minimal, fixed environment (no $(shell) in these trees).
envf=$work/scale/env
printf 'PATH=/usr/local/bin:/usr/bin:/bin\0LC_ALL=C\0' >"$envf"

gensum=$(md5sum <"$here/gen-tree.py" | cut -c1-8)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
raw=$work/scale-raw-$stamp.tsv
: >"$raw"

for n in $sizes; do
	t=$work/scale/tree-$n-s$seed-$gensum
	if [ ! -e "$t/.done" ]; then
		echo "== generating $n symbols" >&2
		rm -rf "$t"; python3 "$here/gen-tree.py" "$n" "$t" "$seed"; touch "$t/.done"
	fi
	# The input .config: alldefconfig, made by kforge.
	(cd "$t" && "$KF" -s --alldefconfig Kconfig >/dev/null) && cp -f "$t/.config" "$t/in.alldef"
	skip_ref=0
	[ -n "$ref" ] && [ "$n" -le "$refmax" ] || skip_ref=1
	for case in olddefconfig allyesconfig; do
		if [ $case = olddefconfig ]; then setup=(-c "$t/in.alldef:$t/.config"); else setup=(-r "$t/.config"); fi
		for side in kf ref; do
			[ $side = kf ] || [ $skip_ref = 0 ] || continue
			if [ $side = kf ]; then bin=$KF; else bin=$ref; fi
			echo "== $n $case $side" >&2
			for ((i = 0; i <= runs; i++)); do
				line=$("$PSTAT" -t 1800 -e "$envf" -C "$t" "${setup[@]}" -o "$t/out.$side" -- "$bin" -s --$case Kconfig)
				printf '%s\tsynthetic\t%s\t%s\t%s\t%s\n' "$n" "$case" "$side" "$i" "$line" >>"$raw"
				set -- $line
				[ "$5" = 0 ] || echo "scale.sh: $side $n $case exited $5 ($t/out.$side.err)" >&2
				if [ $side = ref ] && [ $i = 0 ] && [ "$1" -gt 60000000000 ]; then
					echo "scale.sh: kernel conf took > 60 s on $n symbols, skipped" >&2
					sed -i "/^$n\tsynthetic\t$case\tref\t/d" "$raw"; skip_ref=1; break
				fi
			done
			cp -f "$t/.config" "$t/res.$case.$side"
		done
		if [ "$use_cg" = 1 ] && [ $case = olddefconfig ]; then
			echo "== $n $case kf: instructions (callgrind)" >&2
			"$PSTAT" -t 7200 -e "$envf" -C "$t" "${setup[@]}" -o "$t/cg.kf" -- \
				valgrind --tool=callgrind --callgrind-out-file=/dev/null "$KF" -s --$case Kconfig >/dev/null
			ir=$(sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$t/cg.kf.err" | tail -n1)
			printf '%s\tsynthetic\t%s\tkf\tIr\t%s\n' "$n" "$case" "${ir:--1}" >>"$raw"
		fi
		if [ -e "$t/res.$case.ref" ] && [ $skip_ref = 0 ]; then
			if cmp -s "$t/res.$case.ref" "$t/res.$case.kf"; then r=same
			else r=DIFFER; echo "!!!! MISMATCH $n $case: $t/res.$case.{ref,kf}" >&2; fi
			printf '%s\tsynthetic\t%s\tcmp\t%s\n' "$n" "$case" "$r" >>"$raw"
		fi
	done
done

python3 "$here/report.py" scale "$raw" "$results" "kforge $kf_id; gen-tree seed $seed" "$runs"
echo "raw figures: $raw; results appended to $results" >&2
