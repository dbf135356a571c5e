#!/usr/bin/env bash
# tests/newgen/run.sh [CASE...] - newer Kconfig grammar: 'transitional' (6.18)
# and 'depends on X if Y' (7.0).
#
# Each directory here is a case: a Kconfig tree, a file 'version' (the kernel
# version to emulate) and one or more steps.  A step S is run when S.args
# exists; it holds the conf options, e.g. "--olddefconfig".  For a step:
#   S.config     .config before the run (none: start without one)
#   S.stdin      standard input (default: empty)
#   S.expect     .config after the run, compared byte for byte
#   S.out        stdout, compared byte for byte
#   S.err        stderr, compared byte for byte (default: must be empty)
#   S.rc         exit status (default 0)
#   S.defconfig  the file written by "--savedefconfig defconfig"
#   S.autoconf   include/config/auto.conf after --syncconfig
# conf runs in a scratch directory holding a copy of the case's Kconfig
# files, as "conf <args> Kconfig", so messages name "Kconfig:LINE".
set -u
unset KCONFIG_CONFIG KCONFIG_DEFCONFIG_LIST KCONFIG_ALLCONFIG KCONFIG_WERROR KCONFIG_WARN_UNKNOWN_SYMBOLS \
      KCONFIG_OVERWRITECONFIG KCONFIG_AUTOCONFIG KCONFIG_AUTOHEADER KCONFIG_NOSILENTUPDATE \
      KCONFIG_SEED KCONFIG_PROBABILITY srctree objtree
here=$(cd "$(dirname "$0")" && pwd)
kforge=${KFORGE:-$here/../../kforge}
kforge=$(cd "$(dirname "$kforge")" && pwd)/$(basename "$kforge")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kforge-newgen.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

compare() {	# compare <what> <expected file> <actual file>
	if cmp -s "$2" "$3"; then
		return 0
	fi
	echo "    $1 differs:"
	diff -u "$2" "$3" | sed 's/^/      /' | head -40
	return 1
}

run_step() {	# run_step <case dir> <step>
	local c=$1 s=$2 name w ok=1 v rc want_rc
	name=$(basename "$c")/$s
	w=$tmp/$(basename "$c").$s
	mkdir -p "$w"
	cp "$c"/Kconfig* "$w"/
	[ -f "$c/$s.config" ] && cp "$c/$s.config" "$w/.config"
	v=$(cat "$c/version")
	# shellcheck disable=SC2046
	(cd "$w" && KFORGE_KERNEL_VERSION=$v "$kforge" conf $(cat "$c/$s.args") Kconfig \
		< "$( [ -f "$c/$s.stdin" ] && echo "$c/$s.stdin" || echo /dev/null)" \
		> stdout 2> stderr)
	rc=$?
	want_rc=0
	[ -f "$c/$s.rc" ] && want_rc=$(cat "$c/$s.rc")
	if [ "$rc" != "$want_rc" ]; then
		echo "    exit status $rc, expected $want_rc"
		ok=0
	fi
	if [ -f "$c/$s.expect" ]; then
		compare .config "$c/$s.expect" "$w/.config" || ok=0
	fi
	if [ -f "$c/$s.out" ]; then
		compare stdout "$c/$s.out" "$w/stdout" || ok=0
	fi
	if [ -f "$c/$s.err" ]; then
		compare stderr "$c/$s.err" "$w/stderr" || ok=0
	else
		compare stderr /dev/null "$w/stderr" || ok=0
	fi
	if [ -f "$c/$s.defconfig" ]; then
		compare defconfig "$c/$s.defconfig" "$w/defconfig" || ok=0
	fi
	if [ -f "$c/$s.autoconf" ]; then
		compare auto.conf "$c/$s.autoconf" "$w/include/config/auto.conf" || ok=0
	fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
		echo "PASS $name"
	else
		fail=$((fail + 1))
		echo "FAIL $name"
	fi
}

if [ ! -x "$kforge" ]; then
	echo "run.sh: $kforge not built (run make)" >&2
	exit 2
fi
if [ $# -gt 0 ]; then
	cases=("$@")
else
	cases=()
	for d in "$here"/*/; do
		cases+=("$(basename "$d")")
	done
fi
for name in "${cases[@]}"; do
	c=$here/$name
	for a in "$c"/*.args; do
		[ -f "$a" ] || continue
		s=$(basename "$a" .args)
		run_step "$c" "$s"
	done
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
