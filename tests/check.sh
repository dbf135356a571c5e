#!/usr/bin/env bash
# `make check`: every test suite in turn, a summary, non-zero exit on failure.
# Steps go on after a failure so one run shows everything; steps that need
# a binary that failed to build are counted as failed.
set -u
cd "$(dirname "$0")/.."
MAKE=${MAKE:-make}
LOG=build/check
mkdir -p "$LOG"
export KFORGE_JOBS=${KFORGE_JOBS:-$(nproc 2>/dev/null || echo 2)}
names=(); results=(); times=()
npass=0; nfail=0
t_start=$(date +%s)

step() {	# step NAME CMD...
	local name=$1; shift
	local t0=$(date +%s) rc
	echo
	echo "=== [$name] $*"
	"$@" 2>&1 | tee "$LOG/$name.log"
	rc=${PIPESTATUS[0]}
	local dt=$(( $(date +%s) - t0 ))
	names+=("$name"); times+=("$dt")
	if [ "$rc" -eq 0 ]; then results+=(PASS); npass=$((npass+1))
	else results+=("FAIL($rc)"); nfail=$((nfail+1)); fi
	echo "=== [$name] ${results[-1]} in ${dt}s"
	return "$rc"
}
skip() {	# skip NAME REASON
	names+=("$1"); results+=("FAIL(skipped: $2)"); times+=(0); nfail=$((nfail+1))
	echo "=== [$1] not run: $2"
}

step deps tests/install-deps.sh
if step build $MAKE -j"$KFORGE_JOBS" all; then built=1; else built=0; fi
step unit $MAKE -j"$KFORGE_JOBS" unit
if step asan-build $MAKE -j"$KFORGE_JOBS" SANITIZE=1 all; then abuilt=1; else abuilt=0; fi
step asan-unit $MAKE -j"$KFORGE_JOBS" SANITIZE=1 unit
if [ $abuilt = 1 ]; then step asan-badinput tests/badinput/run.sh ./kforge-asan
else skip asan-badinput "kforge-asan did not build"; fi
if [ $built = 1 ]; then
	step badinput tests/badinput/run.sh ./kforge
	step newgen bash tests/newgen/run.sh
	step explain bash tests/explain/run.sh
	step probe-cache bash tests/probe-cache/run.sh
	step probe-snapshots bash tests/probe-cache/snapshots.sh
	step pytest-6.1 tests/kernel-pytest.sh 6.1
	step pytest-6.12 tests/kernel-pytest.sh 6.12
	step fuzz tests/fuzz/kconfig-vs-kernel.sh 1 100
	step compat-quick tests/compat/quick.sh
	step cache-modes tests/compat/cache-modes.sh
else
	for s in badinput newgen explain probe-cache probe-snapshots pytest-6.1 pytest-6.12 fuzz compat-quick cache-modes; do skip $s "kforge did not build"; done
fi

echo
echo "================ make check summary ================"
for i in "${!names[@]}"; do
	printf '  %-14s %-28s %5ss\n' "${names[$i]}" "${results[$i]}" "${times[$i]}"
done
echo "  total time $(( $(date +%s) - t_start ))s; logs in $LOG/"
echo "check: $npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
