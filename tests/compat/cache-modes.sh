#!/usr/bin/env bash
# cache-modes.sh: kforge must match the kernel's conf with the probe cache
# cold (empty), warm (filled by the previous run) and off (KFORGE_NO_CACHE=1).
# A few cases per version through run-one.sh; prints "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cases_612=(defconfig allmodconfig)
cases_61=(defconfig allyesconfig)
cache=$(mktemp -d "${TMPDIR:-/tmp}/kforge-cache-modes.XXXXXX")
trap 'rm -rf "$cache"' EXIT
pass=0 fail=0
check() {	# check MODE LINE
	case $2 in
	MATCH*) pass=$((pass + 1)); echo "PASS [$1] $2" ;;
	*) fail=$((fail + 1)); echo "FAIL [$1] $2" ;;
	esac
}
for v in 6.12 6.1; do
	if [ "$v" = 6.12 ]; then cs=("${cases_612[@]}"); arch=x86; else cs=("${cases_61[@]}"); arch=arm64; fi
	rm -rf "$cache"/*
	for mode in cold warm off; do
		if [ $mode = off ]; then
			out=$(KFORGE_NO_CACHE=1 XDG_CACHE_HOME=$cache "$here/run-one.sh" "$v" "$arch" "${cs[@]}")
		else
			out=$(XDG_CACHE_HOME=$cache "$here/run-one.sh" "$v" "$arch" "${cs[@]}")
		fi
		while IFS= read -r line; do check "$mode" "$line"; done <<<"$out"
	done
	# the cold run must have filled the cache, the off run must not have touched it
	n=$(find "$cache/kforge" -type f 2>/dev/null | wc -l)
	if [ "$n" -gt 0 ]; then check cache "MATCH $v: $n cache entries written"; else check cache "EMPTY $v: no cache entries"; fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
