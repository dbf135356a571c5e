#!/usr/bin/env bash
# kernel-pytest.sh VERSION [pytest args...]
# Run the kernel's own Kconfig test suite (scripts/kconfig/tests) with kforge
# as conf.  This is what `make testconfig` does: its conftest.py runs
# ./scripts/kconfig/conf relative to the current directory, so we make a
# directory whose scripts/kconfig/conf is kforge and run pytest from there
# (same command line as scripts/kconfig/Makefile: python3 -B -m pytest ...).
#   KFORGE=path   binary to test (default ./kforge); KFORGE=@ref runs the
#                 suite with the kernel's own conf (self-test of this script)
# pytest's exit status 5 (no tests collected) counts as a failure.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
ver=${1:?usage: kernel-pytest.sh VERSION [pytest args]}; shift
ksrc=$("$here/compat/ksrc.sh" -p "$ver") || exit 1
dir=$repo/build/pytest/$ver
mkdir -p "$dir/scripts/kconfig"
kforge=${KFORGE:-$repo/kforge}

if [ "$kforge" = @ref ]; then
	refo=$repo/build/pytest/$ver-refbuild
	if [ ! -x "$refo/scripts/kconfig/conf" ]; then
		make -s -C "$ksrc" O="$refo" ARCH=x86 allnoconfig >"$refo.log" 2>&1 ||
			{ echo "pytest $ver: cannot build the kernel's conf (see $refo.log)"; exit 1; }
	fi
	kforge=$refo/scripts/kconfig/conf
fi
[ -x "$kforge" ] || { echo "pytest $ver: no kforge binary at $kforge"; exit 1; }
cp -f "$kforge" "$dir/scripts/kconfig/conf"

py=
for p in ${PYTHON3:-} python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import pytest' >/dev/null 2>&1; then py=$p; break; fi
done
[ -n "$py" ] || { echo "pytest $ver: no python3 with pytest (apt-get install python3-pytest)"; exit 1; }

echo "pytest $ver: $ksrc/scripts/kconfig/tests with $kforge"
cd "$dir" || exit 1
# The tests set srctree to their own directory (no kernel Makefile there), so
# tell kforge which kernel it stands in for; the kernel's conf ignores this.
export KFORGE_KERNEL_VERSION=$ver
"$py" -B -m pytest "$ksrc/scripts/kconfig/tests" -o cache_dir="$dir/.cache" -p no:cacheprovider "$@"
rc=$?
case $rc in
0) echo "pytest $ver: OK" ;;
5) echo "pytest $ver: FAIL: no tests collected"; rc=1 ;;
*) echo "pytest $ver: FAIL (pytest exit $rc)" ;;
esac
exit $rc
