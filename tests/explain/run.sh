#!/usr/bin/env bash
# tests/explain/run.sh [KFORGE] [CASE_DIR...]
#
# Golden tests of the commands that explain a configuration (info, search,
# why, diff).  A case is a directory tests/explain/<group>/<case>/ holding:
#   Kconfig (and any files it sources)   the tree, or
#   tree          a line naming a directory under tests/explain whose files
#                 are copied in first (a tree shared by several cases)
#   config        optional; copied to .config before the run
#   args          the kforge arguments, one line (word-split by the shell;
#                 run in a scratch copy of the case directory)
#   version       optional; KFORGE_KERNEL_VERSION (default 6.12)
#   expected      expected stdout
#   expected.err  optional; expected stderr (otherwise stderr is not checked)
#   expected.rc   optional; expected exit status (default 0)
# KFORGE_UPDATE=1 writes the outputs as the expected files (review the diff!).
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
kforge=${1:-$repo/kforge}
[ $# -gt 0 ] && shift
case $kforge in /*) ;; *) kforge=$PWD/$kforge ;; esac
if [ $# -gt 0 ]; then cases=("$@"); else
	mapfile -t cases < <(find "$here" -mindepth 2 -maxdepth 2 -type d ! -path '*/trees/*' | sort)
fi
pass=0 fail=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for c in "${cases[@]}"; do
	c=$(cd "$c" && pwd)
	name=${c#$here/}
	[ -f "$c/args" ] || { echo "FAIL $name (no args file)"; fail=$((fail+1)); continue; }
	w=$scratch/${name//\//_}
	rm -rf "$w"; mkdir -p "$w"
	[ -f "$c/tree" ] && cp -r "$here/$(cat "$c/tree")/." "$w/"
	cp -r "$c/." "$w/"
	[ -f "$c/config" ] && cp "$c/config" "$w/.config"
	ver=6.12; [ -f "$c/version" ] && ver=$(cat "$c/version")
	args=$(cat "$c/args")
	(cd "$w" && env -u KCONFIG_CONFIG -u ARCH -u SRCARCH KFORGE_KERNEL_VERSION=$ver \
		XDG_CACHE_HOME="$scratch/cache" $kforge $args >"$w/out" 2>"$w/err"; echo $? >"$w/rc")
	want_rc=0; [ -f "$c/expected.rc" ] && want_rc=$(cat "$c/expected.rc")
	ok=1
	if [ "${KFORGE_UPDATE:-0}" = 1 ]; then
		cp "$w/out" "$c/expected"
		[ -f "$c/expected.err" ] && cp "$w/err" "$c/expected.err"
		[ "$(cat "$w/rc")" != 0 ] && cp "$w/rc" "$c/expected.rc"
	fi
	if ! diff -u "$c/expected" "$w/out" >"$w/diff" 2>&1; then ok=0; fi
	if [ -f "$c/expected.err" ] && ! diff -u "$c/expected.err" "$w/err" >>"$w/diff" 2>&1; then ok=0; fi
	if [ "$(cat "$w/rc")" != "$want_rc" ]; then
		ok=0; echo "exit status $(cat "$w/rc"), expected $want_rc" >>"$w/diff"
	fi
	if [ $ok = 1 ]; then pass=$((pass+1)); echo "ok   $name"
	else fail=$((fail+1)); echo "FAIL $name"; sed 's/^/    /' "$w/diff" | head -40
		[ -s "$w/err" ] && { echo "    stderr:"; sed 's/^/    /' "$w/err" | head -10; }
	fi
done
echo "explain: $pass passed, $fail failed"
[ $fail = 0 ]
