#!/usr/bin/env bash
# bench/run.sh - kforge against the kernel's scripts/kconfig/conf, side by side
# in the same run, same kernel tree, same inputs, same environment.
#
# For each VERSION x ARCH it builds the kernel's conf (make O=DIR defconfig),
# records once how the kernel's make runs conf (a stand-in binary dumps env,
# argv and cwd during `make olddefconfig`, `defconfig`, `allmodconfig`,
# `savedefconfig`; the real binary is then put back) and replays those
# invocations directly, without make, under `env -i` + the recorded variables.
# kforge runs in three probe-cache modes: "off" (KFORGE_NO_CACHE=1), "cold"
# (its own cache dir, emptied before every run) and "warm" (its own cache dir,
# filled by the warm-up run).  See bench/README.md for what every figure means.
#
# Environment knobs:
#   BENCH_VERSIONS   (default "6.1 6.12")
#   BENCH_ARCHES     (default "x86 arm64")
#   BENCH_CASES      (default "olddefconfig defconfig allmodconfig savedefconfig listnewconfig")
#   BENCH_RUNS       counted runs per side and case, after one warm-up (default 5, min 5)
#   BENCH_CALLGRIND  1 = also count instructions with callgrind (default 1)
#   BENCH_CALLGRIND_CASES  cases to count (default all; callgrind takes ~50x)
#   BENCH_WORK       work dir (default ~/.cache/kforge-bench)
#   BENCH_RESULTS    markdown file to append to (default bench/RESULTS.md)
#   BENCH_REV        build kforge from this git revision (git archive into the
#                    work dir, e.g. HEAD) instead of using ./kforge
#   BENCH_TIMEOUT    seconds after which one run is killed (default 300)
#   KFORGE           kforge binary (default ./kforge of this repo; it is copied
#                    first, so a rebuild during the run does not disturb it)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
versions=${BENCH_VERSIONS:-6.1 6.12}
arches=${BENCH_ARCHES:-x86 arm64}
cases=${BENCH_CASES:-olddefconfig defconfig allmodconfig savedefconfig listnewconfig}
runs=${BENCH_RUNS:-5}
[ "$runs" -ge 5 ] || runs=5
use_cg=${BENCH_CALLGRIND:-1}
work=${BENCH_WORK:-${HOME:-/tmp}/.cache/kforge-bench}
results=${BENCH_RESULTS:-$here/RESULTS.md}
kforge=${KFORGE:-$repo/kforge}
CC=${CC:-cc}
tmo=${BENCH_TIMEOUT:-300}
sides="ref off cold warm"

# Whoever calls us (make bench): no inherited make context, which the kernel's
# make would pass on to conf and we would then record.
unset MAKELEVEL MAKEFLAGS MFLAGS MAKEOVERRIDES GNUMAKEFLAGS MAKE_TERMOUT MAKE_TERMERR

mkdir -p "$work/bin"
for t in pstat capture; do
	if [ ! -x "$work/bin/$t" ] || [ "$here/$t.c" -nt "$work/bin/$t" ]; then
		$CC -std=c11 -O2 -Wall -Wextra -o "$work/bin/$t" "$here/$t.c"
	fi
done
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
[ -x "$kforge" ] || { echo "run.sh: no kforge binary at $kforge (run make)" >&2; exit 1; }
if [ "$use_cg" = 1 ] && ! command -v valgrind >/dev/null; then
	echo "run.sh: valgrind not found, no instruction counts" >&2; use_cg=0
fi
# A private copy of kforge named conf (kforge acts as conf when so named).
mkdir -p "$work/kf"
cp -f "$kforge" "$work/kf/conf.tmp" && mv -f "$work/kf/conf.tmp" "$work/kf/conf"
KF=$work/kf/conf
if [ -n "${BENCH_REV:-}" ]; then kf_id="$rev (BENCH_REV=$BENCH_REV) md5"
else kf_id="${KFORGE:-./kforge} (work tree at $(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo ?)$(cd "$repo" && git diff --quiet HEAD -- lib src 2>/dev/null || echo +dirty)) md5"; fi
kf_id="$kf_id $(md5sum <"$KF" | cut -c1-8)"
# Probe caches of the cold and warm modes (and of the warm callgrind run,
# whose environment valgrind changes): ours, never the user's.
xdg=$work/xdg

stamp=$(date -u +%Y%m%dT%H%M%SZ)
raw=$work/raw-$stamp.tsv
: >"$raw"
fail=0

# capture_all VER ARCH KSRC O  -> O/bench/{env,cwd,argv.TARGET}
capture_all() {
	local ver=$1 arch=$2 ksrc=$3 O=$4 conf=$4/scripts/kconfig/conf t
	mkdir -p "$O/bench"
	cp -f "$conf" "$conf.real"
	trap 'cp -f "$conf.real" "$conf"' EXIT
	cp -f "$work/bin/capture" "$conf"; touch "$conf"
	for t in olddefconfig defconfig allmodconfig savedefconfig; do
		rm -f "$conf".capture-*
		make -C "$ksrc" O="$O" ARCH="$arch" "$t" </dev/null >"$O/bench/capture-$t.log" 2>&1 ||
			{ echo "run.sh: make $t with the stand-in failed ($O/bench/capture-$t.log)" >&2; return 1; }
		[ -e "$conf.capture-argv" ] || { echo "run.sh: make $t did not run conf" >&2; return 1; }
		mv -f "$conf.capture-argv" "$O/bench/argv.$t"
		if [ "$t" = olddefconfig ]; then
			mv -f "$conf.capture-env" "$O/bench/env"
			mv -f "$conf.capture-cwd" "$O/bench/cwd"
		fi
	done
	rm -f "$conf".capture-*
	cp -f "$conf.real" "$conf"; touch "$conf"
	trap - EXIT
}

# Environment files per side: the recorded one without our own knobs
# (BENCH_*, KFORGE_*, XDG_CACHE_HOME) plus the side's cache setting.
make_envs() {	# make_envs O
	local base=$1/bench/env.base
	grep -zvE '^(BENCH_|KFORGE_|XDG_CACHE_HOME=)' "$1/bench/env" >"$base" || :
	cp -f "$base" "$1/bench/env.ref"
	{ cat "$base"; printf 'KFORGE_NO_CACHE=1\0'; } >"$1/bench/env.off"
	{ cat "$base"; printf 'XDG_CACHE_HOME=%s\0' "$xdg/cold"; } >"$1/bench/env.cold"
	{ cat "$base"; printf 'XDG_CACHE_HOME=%s\0' "$xdg/warm"; } >"$1/bench/env.warm"
	{ cat "$base"; printf 'XDG_CACHE_HOME=%s\0' "$xdg/cgwarm"; } >"$1/bench/env.cgwarm"
}

# argv FILE -> the NUL-separated argv as a bash array "A" (without argv[0])
load_argv() {
	A=()
	local x first=1
	while IFS= read -r -d '' x; do
		if [ $first = 1 ]; then first=0; continue; fi
		A+=("$x")
	done <"$1"
}

# one SIDE CASE RUN -> appends a row to $raw
one() {
	local side=$1 case=$2 run=$3 bin=$KF line
	[ "$side" = ref ] && bin=$conf
	[ "$side" = cold ] && rm -rf "$xdg/cold"
	line=$("$PSTAT" -t "$tmo" -e "$O/bench/env.$side" -C "$cwd" "${setup[@]}" -o "$O/bench/out.$side" -- "$bin" "${A[@]}")
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$ver" "$arch" "$case" "$side" "$run" "$line" >>"$raw"
	set -- $line
	if [ "$5" != 0 ]; then
		echo "run.sh: $side $ver $arch $case exited $5 (see $O/bench/out.$side.err)" >&2
		fail=1
	fi
}

callgrind() {	# callgrind SIDE ENV CASE [nosave]: Ir of the exec'd process only
	local side=$1 env=$2 case=$3 bin=$KF n
	[ "$side" = ref ] && bin=$conf
	"$PSTAT" -t $((tmo * 20)) -e "$O/bench/env.$env" -C "$cwd" "${setup[@]}" -o "$O/bench/cg.$side" -- \
		valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "${A[@]}" >/dev/null
	[ "${4:-}" = nosave ] && return
	n=$(sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$O/bench/cg.$side.err" | tail -n1)
	printf '%s\t%s\t%s\t%s\tIr\t%s\n' "$ver" "$arch" "$case" "$side" "${n:--1}" >>"$raw"
}

for ver in $versions; do
	ksrc=$("$repo/tests/compat/ksrc.sh" -p "$ver")
	for arch in $arches; do
		O=$work/o/$ver/$arch
		mkdir -p "$O"
		exec 9>"$O.lock"; flock 9
		conf=$O/scripts/kconfig/conf
		if [ ! -x "$conf" ] || [ ! -e "$O/bench/env" ] || [ "$here/capture.c" -nt "$O/bench/env" ]; then
			echo "== $ver $arch: building the kernel's conf and recording its environment" >&2
			rm -f "$O/.config"
			make -C "$ksrc" O="$O" ARCH="$arch" defconfig </dev/null >"$O/build.log" 2>&1 ||
				{ echo "run.sh: make defconfig failed, see $O/build.log" >&2; exit 1; }
			capture_all "$ver" "$arch" "$ksrc" "$O"
		fi
		make_envs "$O"
		cwd=$(cat "$O/bench/cwd")
		# Inputs, made with the kernel's conf: allyesconfig, and the
		# defconfig output (for savedefconfig) and olddefconfig output (for
		# listnewconfig on a complete .config) made below.
		load_argv "$O/bench/argv.olddefconfig"
		setup=(-r "$cwd/.config")
		A=("${A[@]/--olddefconfig/--allyesconfig}")
		"$PSTAT" -t "$tmo" -e "$O/bench/env.ref" -C "$cwd" "${setup[@]}" -- "$conf" "${A[@]}" >/dev/null
		cp -f "$cwd/.config" "$O/bench/in.allyes"
		load_argv "$O/bench/argv.defconfig"; setup=(-r "$cwd/.config")
		"$PSTAT" -t "$tmo" -e "$O/bench/env.ref" -C "$cwd" "${setup[@]}" -- "$conf" "${A[@]}" >/dev/null
		cp -f "$cwd/.config" "$O/bench/in.defconfig"
		load_argv "$O/bench/argv.olddefconfig"; setup=(-c "$O/bench/in.allyes:$cwd/.config")
		"$PSTAT" -t "$tmo" -e "$O/bench/env.ref" -C "$cwd" "${setup[@]}" -- "$conf" "${A[@]}" >/dev/null
		cp -f "$cwd/.config" "$O/bench/in.olddef"

		for case in $cases; do
			result=.config
			case $case in
			olddefconfig) load_argv "$O/bench/argv.olddefconfig"; setup=(-c "$O/bench/in.allyes:$cwd/.config") ;;
			defconfig)    load_argv "$O/bench/argv.defconfig";    setup=(-r "$cwd/.config") ;;
			allmodconfig) load_argv "$O/bench/argv.allmodconfig"; setup=(-r "$cwd/.config") ;;
			savedefconfig) load_argv "$O/bench/argv.savedefconfig"
				setup=(-c "$O/bench/in.defconfig:$cwd/.config" -r "$cwd/defconfig"); result=defconfig ;;
			listnewconfig) load_argv "$O/bench/argv.olddefconfig"; A=("${A[@]/--olddefconfig/--listnewconfig}")
				setup=(-c "$O/bench/in.olddef:$cwd/.config"); result=stdout ;;
			*) echo "run.sh: unknown case $case" >&2; exit 2 ;;
			esac
			echo "== $ver $arch $case: $runs runs per side (+1 warm-up), conf ${A[*]}" >&2
			for ((i = 0; i <= runs; i++)); do
				for side in $sides; do
					one "$side" "$case" "$i"
					if [ $i = "$runs" ]; then
						if [ $result = stdout ]; then cp -f "$O/bench/out.$side" "$O/bench/res.$case.$side"
						else cp -f "$cwd/$result" "$O/bench/res.$case.$side"; fi
						cp -f "$O/bench/out.$side" "$O/bench/res.$case.$side.out"
						cp -f "$O/bench/out.$side.err" "$O/bench/res.$case.$side.err"
					fi
				done
			done
			# every kforge mode against the kernel: the result, stdout, stderr
			verdict=same
			for side in off cold warm; do
				for f in "" .out .err; do
					if ! cmp -s "$O/bench/res.$case.ref$f" "$O/bench/res.$case.$side$f"; then
						verdict=DIFFER
						echo "!!!! MISMATCH $ver $arch $case ($side): $O/bench/res.$case.ref$f vs .$side$f" >&2
						diff "$O/bench/res.$case.ref$f" "$O/bench/res.$case.$side$f" | head -n 20 >&2 || true
						fail=1
					fi
				done
			done
			printf '%s\t%s\t%s\tcmp\t%s\n' "$ver" "$arch" "$case" "$verdict" >>"$raw"
			if [ "$use_cg" = 1 ] && [[ " ${BENCH_CALLGRIND_CASES:-$case} " == *" $case "* ]]; then
				callgrind ref ref "$case"
				callgrind off off "$case"
				# valgrind changes the environment, part of the cache key:
				# warm a cache under valgrind first
				callgrind warm cgwarm "$case" nosave
				callgrind warm cgwarm "$case"
			fi
		done
		flock -u 9
	done
done

python3 "$here/report.py" run "$raw" "$results" "kforge $kf_id" "$runs"
echo "raw figures: $raw; results appended to $results" >&2
[ $fail = 0 ] || { echo "run.sh: MISMATCHES or failures above" >&2; exit 1; }
