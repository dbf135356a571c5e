#!/usr/bin/env bash
# matrix.sh [options]  - kforge vs the kernel's conf over many cases.
#
# Default (full) matrix, for each VERSION in 6.1 6.12 and every ARCH in
# KSRC/arch/* with a Kconfig: defconfig allnoconfig allyesconfig allmodconfig
# alldefconfig and every arch/ARCH/configs/**/*_defconfig (each followed by
# syncconfig, see run-one.sh), plus the extras below.
#   --quick          CI subset: every arch's defconfig, and all*config for
#                    x86, arm64 and arm (what quick.sh runs)
#   --no-extra       leave out the extras: savedefconfig olddefconfig
#                    listnewconfig helpnewconfig yes2modconfig mod2yesconfig
#                    mod2noconfig oldconfig (on the arch's defconfig file as
#                    .config), randconfig with --seeds seeds per arch, and
#                    allnoconfig/allyesconfig with KCONFIG_ALLCONFIG fragments
#   --seeds N        randconfig seeds per arch (default 20)
#   --versions "V.." (default "6.1 6.12")   --arches "A.." (default: all)
#   -j N             parallel jobs, one per (version, arch) (default 2)
#   --list           print the jobs instead of running them
# Reference outputs are cached (build/compat/ref), so a re-run only runs
# kforge.  KFORGE=@ref checks the harness itself (kernel conf on both sides).
# Summary in build/compat/summary.txt (and runs/DATE-PID/, with the job list
# and every result line); exit 1 unless everything matched.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

quick=0 extra=1 seeds=20 versions="6.1 6.12" arches= jobs=${KFORGE_JOBS:-2} list=0
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=1 extra=0 ;;
	--no-extra) extra=0 ;;
	--seeds) seeds=$2; shift ;;
	--versions) versions=$2; shift ;;
	--arches) arches=$2; shift ;;
	-j) jobs=$2; shift ;;
	--list) list=1 ;;
	*) sed -n '2,/^set /p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2; exit 2 ;;
	esac
	shift
done

base=${KFORGE_COMPAT:-$repo/build/compat}
mkdir -p "$base"
export KFORGE_COMPAT=$base

run=$base/runs/$(date +%Y%m%d-%H%M%S)-$$
mkdir -p "$run"
jobfile=$run/jobs.txt
: >"$jobfile"
for v in $versions; do
	ksrc=$("$here/ksrc.sh" -p "$v") || exit 1
	if [ -n "$arches" ]; then alist=$arches; else
		alist=$(cd "$ksrc/arch" && for a in *; do [ -f "$a/Kconfig" ] && echo "$a"; done)
	fi
	for a in $alist; do
		[ -f "$ksrc/arch/$a/Kconfig" ] || continue
		cases=(defconfig)
		if [ $quick = 0 ] || [[ " x86 arm64 arm " == *" $a "* ]]; then
			cases+=(allnoconfig allyesconfig allmodconfig alldefconfig)
		fi
		if [ $quick = 0 ] && [ -d "$ksrc/arch/$a/configs" ]; then
			while IFS= read -r f; do cases+=("$f"); done < <(
				cd "$ksrc/arch/$a/configs" && find . -name '*_defconfig' | sed 's|^\./||' | sort)
		fi
		if [ $extra = 1 ]; then
			cfgdir=arch/$a/configs input=
			for f in defconfig "${a}_defconfig" x86_64_defconfig; do
				[ -f "$ksrc/$cfgdir/$f" ] && { input=$cfgdir/$f; break; }
			done
			[ -n "$input" ] || input=$(cd "$ksrc" && ls $cfgdir/*_defconfig 2>/dev/null | head -n1)
			if [ -n "$input" ]; then
				for t in savedefconfig olddefconfig listnewconfig helpnewconfig \
					 yes2modconfig mod2yesconfig mod2noconfig oldconfig; do
					cases+=("$t@INPUT=$input")
				done
			fi
			for ((s = 1; s <= seeds; s++)); do
				cases+=("randconfig@KCONFIG_SEED=$(printf '0x%x' $((s * 2654435761 % 4294967296)))")
			done
			n=0
			for f in $(cd "$ksrc" && ls $cfgdir/*.config kernel/configs/tiny.config 2>/dev/null); do
				cases+=("allnoconfig@KCONFIG_ALLCONFIG=$f")
				n=$((n + 1)); [ $n -ge 2 ] && break
			done
			[ -f "$ksrc/kernel/configs/debug.config" ] &&
				cases+=("allyesconfig@KCONFIG_ALLCONFIG=kernel/configs/debug.config")
		fi
		echo "${#cases[@]} $v $a ${cases[*]}" >>"$jobfile"
	done
done
# biggest jobs first, for a better spread over the workers
sort -k1,1nr -o "$jobfile" "$jobfile"
total=$(awk '{ n += $1 } END { print n + 0 }' "$jobfile")
njobs=$(wc -l <"$jobfile")
if [ $list = 1 ]; then cat "$jobfile"; echo "$total cases in $njobs jobs"; rm -rf "$run"; exit 0; fi

echo "compat: $total cases in $njobs (version, arch) jobs, $jobs in parallel; kforge=${KFORGE:-$repo/kforge}"
t0=$(date +%s)
out=$run/lines.txt
cnt=0
cut -d' ' -f2- "$jobfile" | xargs -P "$jobs" -L 1 "$here/run-one.sh" |
while IFS= read -r line; do
	cnt=$((cnt + 1))
	printf '[%d/%d %ds] %s\n' "$cnt" "$total" $(( $(date +%s) - t0 )) "$line" >&2
	printf '%s\n' "$line"
done >"$out"
dt=$(( $(date +%s) - t0 ))

{
	echo "compat summary ($(date -u +%FT%TZ), ${dt}s, kforge=${KFORGE:-$repo/kforge})"
	for v in $versions; do
		m=$(grep -ac "^MATCH $v " "$out"); a=$(grep -ac "^[A-Z]* $v " "$out")
		h=$(grep -ac "^KHANG $v " "$out")
		[ "$h" -gt 0 ] && echo "  $v: $h case(s) where the kernel's conf loops forever and kforge stops with an error (the one deliberate difference)"
		exp=$(awk -v v="$v" '$2 == v { n += $1 } END { print n + 0 }' "$jobfile")
		echo "  $v: $m/$exp matched ($a reported)"
	done
	grep -av "^MATCH " "$out" | sed 's/^/  /'
} | tee "$run/summary.txt"
cp -f "$run/summary.txt" "$base/summary.txt"
echo "results: $base/results/VERSION/ARCH/CASE/{diff,ref,kf}"
matched=$(grep -acE '^(MATCH|KHANG) ' "$out")
echo "compat: $matched passed, $((total - matched)) failed"
[ "$matched" -eq "$total" ]
