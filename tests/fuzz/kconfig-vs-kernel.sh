#!/usr/bin/env bash
# kconfig-vs-kernel.sh [FIRST LAST]  - random Kconfig trees, kforge vs the
# kernel's own conf (6.1 and 6.12): stdout, stderr, exit status and .config
# of `conf --alldefconfig` must be identical.  Trees come from
# gen-cycles.py SEED (menus, ifs, choices, selects, implies, defaults;
# odd seeds draw dependencies from every symbol, so most have
# recursive-dependency errors, even seeds mostly not).  Default seeds 1..200.
#   KFORGE=path  binary to test (default ./kforge)
# A pre-release check (docs/testing.md), not part of make check.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
first=${1:-1} last=${2:-200}
kforge=$(readlink -f "${KFORGE:-$repo/kforge}")
work=$(mktemp -d "${TMPDIR:-/tmp}/kforge-fuzz.XXXXXX")
mkdir -p "$work/bin" && cp "$kforge" "$work/bin/conf"	# conf mode by name
for ver in 6.1 6.12; do
	refo=$repo/build/pytest/$ver-refbuild	# shared with kernel-pytest.sh @ref
	if [ ! -x "$refo/scripts/kconfig/conf" ]; then
		ksrc=$("$repo/tests/compat/ksrc.sh" -p "$ver") || exit 1
		mkdir -p "$refo"
		make -s -C "$ksrc" O="$refo" ARCH=x86 allnoconfig >"$refo.log" 2>&1 ||
			{ echo "fuzz: cannot build the kernel's conf $ver (see $refo.log)"; exit 1; }
	fi
done
cases=0 diffs=0 rec=0
for ((seed = first; seed <= last; seed++)); do
	for ver in 6.1 6.12; do
		d=$work/t; rm -rf "$d"; mkdir -p "$d"
		python3 "$here/gen-cycles.py" "$seed" >"$d/Kconfig"
		for side in ref kf; do
			if [ $side = ref ]; then bin=$repo/build/pytest/$ver-refbuild/scripts/kconfig/conf
			else bin=$work/bin/conf; fi
			rm -f "$d/.config"
			(cd "$d" && KFORGE_KERNEL_VERSION=$ver timeout 20 "$bin" --alldefconfig Kconfig \
				>"out.$side" 2>"err.$side"; echo $? >"rc.$side"
			 cp .config "cfg.$side" 2>/dev/null || : >"cfg.$side")
		done
		cases=$((cases + 1))
		grep -q 'recursive dependency' "$d/err.ref" && rec=$((rec + 1))
		for f in out err rc cfg; do
			if ! cmp -s "$d/$f.ref" "$d/$f.kf"; then
				diffs=$((diffs + 1)); mkdir -p "$work/fail-$seed-$ver"; cp "$d"/* "$work/fail-$seed-$ver/"
				echo "fuzz: DIFF seed $seed $ver ($f): $work/fail-$seed-$ver"; break
			fi
		done
	done
done
echo "fuzz: $cases cases (seeds $first..$last, 6.1 and 6.12), $rec with recursive dependencies, $diffs differ"
[ $diffs = 0 ] && rm -rf "$work"
[ $diffs = 0 ]
