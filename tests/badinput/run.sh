#!/usr/bin/env bash
# run.sh KFORGE            run the bad-input cases against KFORGE (kforge or kforge-asan)
# run.sh --gen CONF61 CONF612
#                          (re)write each case's `expect` from the kernel's own
#                          conf binaries (6.1 and 6.12)
#
# Each directory under cases/ is one case: Kconfig files, optional `args`
# (default "--olddefconfig Kconfig"), `env` (VAR=VAL lines), `dotconfig`
# (the .config to start from; otherwise a sentinel .config is put in place),
# `setup.sh` (run in the scratch dir, makes binary inputs).  Every case runs
# once per kernel version (KFORGE_KERNEL_VERSION=6.1 / 6.12) and must:
#   - not crash: exit status < 128, no timeout, no sanitizer report;
#   - exit non-zero exactly when the kernel's conf does (`expect`: rc=);
#   - print a "file:line:" message on stderr where the kernel does (fileline=1);
#   - leave the previous .config byte for byte intact when it fails.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
gen=0
if [ "${1:-}" = --gen ]; then
	gen=1; ref61=$(realpath "$2"); ref612=$(realpath "$3")
else
	bin=${1:?usage: run.sh KFORGE | --gen CONF61 CONF612}
	bin=$(realpath "$bin")
	[ -x "$bin" ] || { echo "badinput: no binary $bin"; echo "0 passed, 1 failed"; exit 1; }
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=0}
work=$(mktemp -d "${TMPDIR:-/tmp}/kforge-badinput.XXXXXX")
trap 'rm -rf "$work"' EXIT
sentinel=$'# sentinel .config: a failed run must leave this file alone\nCONFIG_A=y\n'
pass=0 fail=0

run_case() {	# run_case CASEDIR VERSION CMD... ; sets rc, leaves out/err/md5s in $w
	local c=$1 v=$2; shift 2
	w=$work/$(basename "$c")-$v
	rm -rf "$w"; mkdir -p "$w"
	(cd "$c" && tar cf - --exclude=expect --exclude=args --exclude=env --exclude=setup.sh \
		--exclude=dotconfig .) | (cd "$w" && tar xf -)
	if [ -f "$c/dotconfig" ]; then cp "$c/dotconfig" "$w/.config"; else printf '%s' "$sentinel" >"$w/.config"; fi
	if [ -f "$c/setup.sh" ]; then (cd "$w" && bash "$c/setup.sh"); fi
	before=$(md5sum <"$w/.config")
	local args="--olddefconfig Kconfig" envs=()
	[ -f "$c/args" ] && args=$(cat "$c/args")
	[ -f "$c/env" ] && mapfile -t envs <"$c/env"
	(cd "$w" && timeout 30 env -u srctree -u KCONFIG_CONFIG -u KCONFIG_ALLCONFIG \
		KFORGE_KERNEL_VERSION="$v" "${envs[@]+"${envs[@]}"}" "$@" $args \
		</dev/null >"$w.out" 2>"$w.err")
	rc=$?
	after=$(md5sum <"$w/.config" 2>/dev/null || echo missing)
}

has_fileline() { grep -Eq '^[^ :]+:[0-9]+:' "$1"; }

for c in "$here"/cases/*/; do
	c=${c%/}; name=$(basename "$c")
	if [ $gen = 1 ]; then
		: >"$c/expect"
		for v in 6.1 6.12; do
			if [ $v = 6.1 ]; then ref=$ref61; else ref=$ref612; fi
			run_case "$c" $v "$ref"
			fl=0; has_fileline "$w.err" && fl=1
			echo "$v rc=$rc fileline=$fl" >>"$c/expect"
			echo "$name $v: rc=$rc fileline=$fl $(head -c 150 "$w.err" | tr '\n' '|')"
		done
		continue
	fi
	for v in 6.1 6.12; do
		case $(basename "$bin") in
		conf*) run_case "$c" $v "$bin" ;;	# the kernel's conf: self-test
		*) run_case "$c" $v "$bin" conf ;;
		esac
		exp=$(grep "^$v " "$c/expect" 2>/dev/null)
		erc=$(sed -n 's/.* rc=\([0-9]*\).*/\1/p' <<<"$exp")
		efl=$(sed -n 's/.* fileline=\([01]\).*/\1/p' <<<"$exp")
		why=()
		[ -n "$erc" ] || why+=("no expectation for $v in $name/expect")
		if [ $rc -ge 128 ] || [ $rc -eq 124 ]; then why+=("crashed or hung (exit $rc)"); fi
		if grep -Eq 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:' "$w.err"; then
			why+=("sanitizer report")
		fi
		if [ -n "$erc" ]; then
			if [ "$erc" -ne 0 ] && [ $rc -eq 0 ]; then why+=("exit 0, kernel exits $erc"); fi
			if [ "$erc" -eq 0 ] && [ $rc -ne 0 ]; then why+=("exit $rc, kernel exits 0"); fi
			if [ "$erc" -ne 0 ] && [ "$before" != "$after" ]; then why+=(".config was modified"); fi
		fi
		if [ "$efl" = 1 ] && ! has_fileline "$w.err"; then why+=("no file:line: message on stderr"); fi
		if [ ${#why[@]} -eq 0 ]; then
			pass=$((pass + 1)); echo "ok   $name ($v, exit $rc)"
		else
			fail=$((fail + 1))
			echo "FAIL $name ($v): $(IFS=';'; echo "${why[*]}")"
			sed -n '1,8s/^/     | /p' "$w.err"
		fi
	done
done
[ $gen = 1 ] && exit 0
echo "badinput: $pass passed, $fail failed"
[ $fail -eq 0 ]
