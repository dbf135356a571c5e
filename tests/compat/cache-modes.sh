#!/usr/bin/env bash
# cache-modes.sh: kforge must match the kernel's conf with the probe cache
# cold (empty), warm (filled by the previous run) and off (KFORGE_NO_CACHE=1).
#
#  1. A few kernel cases per version through run-one.sh (the kernel's make,
#     kforge in place of conf).  Cold mode empties the probe cache before
#     every case, so each one starts with the speculative pre-pass of
#     lib/probe_cache.c (no manifest yet).
#  2. A small Kconfig tree of our own, run directly by the kernel's conf and
#     by kforge in each mode: probes that depend on earlier results (a ':='
#     chain, a nested $(shell), a result used in a variable name, which the
#     pre-pass guesses wrong), probe stderr between $(info)/$(warning-if)
#     messages, and an error-if that stops the parse.  Compared: .config,
#     stdout, stderr, exit status; and which probes ran.
#
# The compat work dirs and reference outputs are run-one.sh's
# (KFORGE_COMPAT_CACHE, default ~/.cache/kforge-compat); the probe cache is a
# temporary one.  Prints "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
kforge=${KFORGE:-$repo/kforge}
kforge=$(cd "$(dirname "$kforge")" && pwd)/$(basename "$kforge")
cases_612=(defconfig allmodconfig)
cases_61=(defconfig allyesconfig)
export KFORGE_COMPAT_CACHE=${KFORGE_COMPAT_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/kforge-compat}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kforge-cache-modes.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pcache=$tmp/xdg		# the probe cache: $pcache/kforge
pass=0 fail=0
check() {	# check MODE LINE
	case $2 in
	MATCH*) pass=$((pass + 1)); echo "PASS [$1] $2" ;;
	*) fail=$((fail + 1)); echo "FAIL [$1] $2" ;;
	esac
}
entries() { find "$pcache/kforge/probe-v1" -type f 2>/dev/null | wc -l; }

# ---- 1. kernel trees
for v in 6.12 6.1; do
	if [ "$v" = 6.12 ]; then cs=("${cases_612[@]}"); arch=x86; else cs=("${cases_61[@]}"); arch=arm64; fi
	rm -rf "$pcache"
	for mode in cold warm off; do
		for c in "${cs[@]}"; do
			[ $mode = cold ] && rm -rf "$pcache"
			if [ $mode = off ]; then
				out=$(KFORGE_NO_CACHE=1 XDG_CACHE_HOME=$pcache "$here/run-one.sh" "$v" "$arch" "$c")
			else
				out=$(XDG_CACHE_HOME=$pcache "$here/run-one.sh" "$v" "$arch" "$c")
			fi
			while IFS= read -r line; do check "$mode" "$line"; done <<<"$out"
			# cold and warm runs fill the cache; the off run must not touch it
			n=$(entries)
			[ $mode = off ] && continue
			if [ "$n" -gt 0 ]; then check $mode "MATCH $v $c: $n cache entries written"
			else check $mode "EMPTY $v $c: no cache entries"; fi
		done
	done
	n=$(entries)
	[ "$n" -gt 0 ] || check off "EMPTY $v: the off run removed entries?"
done

# ---- 2. a tree of our own, kernel's conf vs kforge
syn=$tmp/syn
mkdir -p "$syn"
cat >"$syn/p.sh" <<'EOS'
#!/bin/sh
echo "$*" >> "$COUNT_DIR/count"
case $1 in err) echo "p.sh: to stderr $2" >&2 ;; esac
echo "r-$*"
EOS
printf '#!/bin/sh\necho "$*" >> "$COUNT_DIR/count"\necho y\n' >"$syn/yes.sh"
chmod +x "$syn/p.sh" "$syn/yes.sh"
cat >"$syn/Kconfig" <<'EOF'
mainmenu "cache modes"
$(info,start)
A := $(shell,./p.sh a)
B := $(shell,./p.sh b-$(A))
$(warning-if,y,a warning between probes)
v-r-one := first
config X
	string "x"
	default "$(shell,./p.sh x-$(shell,./p.sh in))"
config W
	string "w"
	default "$(shell,./p.sh w-$(v-$(shell,./p.sh one)))"
config E
	bool "e"
	default $(shell,./p.sh err e1 >/dev/null; echo y)
config F
	string
	default "$(shell,./p.sh f1)$(shell,./p.sh err f2)"
$(info,B is $(B))
EOF
cat >"$syn/Kconfig.stop" <<'EOF'
config BEFORE
	string
	default "$(shell,./p.sh before)"
$(error-if,$(shell,./yes.sh cond),stopped here)
config AFTER
	string
	default "$(shell,./p.sh after)"
EOF
# run NAME CONF KCONFIG [VAR=VAL...]: one conf run in $syn, results in $syn/NAME.*
run() {
	local name=$1 conf=$2 kconfig=$3; shift 3
	rm -f "$syn/count" "$syn/.config"
	(cd "$syn" && env COUNT_DIR="$syn" XDG_CACHE_HOME="$pcache" "$@" $conf --alldefconfig "$kconfig" \
		>"$syn/$name.out" 2>"$syn/$name.err"; echo $? >"$syn/$name.rc")
	if [ -f "$syn/.config" ]; then cp "$syn/.config" "$syn/$name.config"; else echo none >"$syn/$name.config"; fi
	sort "$syn/count" >"$syn/$name.ran" 2>/dev/null || : >"$syn/$name.ran"
}
same() {	# same A B: .config, stdout, stderr, exit status
	local f
	for f in config out err rc; do cmp -s "$syn/$1.$f" "$syn/$2.$f" || return 1; done
}
for v in 6.12 6.1; do
	if [ "$v" = 6.12 ]; then arch=x86; else arch=arm64; fi
	ref=$KFORGE_COMPAT_CACHE/work/$v/$arch/scripts/kconfig/conf.ref
	if [ ! -x "$ref" ]; then check syn "ERROR $v: no kernel conf at $ref"; continue; fi
	for k in Kconfig Kconfig.stop; do
		run ref "$ref" $k
		rm -rf "$pcache"; run cold "$kforge conf" $k KFORGE_KERNEL_VERSION=$v
		run warm "$kforge conf" $k KFORGE_KERNEL_VERSION=$v
		run off "$kforge conf" $k KFORGE_KERNEL_VERSION=$v KFORGE_NO_CACHE=1
		for mode in cold warm off; do
			if same ref $mode; then check $mode "MATCH $v $k: .config, stdout, stderr, status"
			else check $mode "DIFF $v $k: $(diff "$syn/ref.err" "$syn/$mode.err" | head -5 | tr '\n' ' ')"; fi
		done
		[ -s "$syn/warm.ran" ] && check warm "RAN $v $k: a warm run executed $(tr '\n' ' ' <"$syn/warm.ran")" ||
			check warm "MATCH $v $k: a warm run executes nothing"
		cmp -s "$syn/ref.ran" "$syn/off.ran" && check off "MATCH $v $k: the probes the kernel runs" ||
			check off "DIFF $v $k: probes run: $(diff "$syn/ref.ran" "$syn/off.ran" | tr '\n' ' ')"
		extra=$(comm -13 "$syn/ref.ran" "$syn/cold.ran" | tr '\n' ' ')
		missing=$(comm -23 "$syn/ref.ran" "$syn/cold.ran" | tr '\n' ' ')
		twice=$(uniq -d "$syn/cold.ran" | tr '\n' ' ')
		# the pre-pass ran, guessed 'w-' wrong (one extra probe), ran nothing twice
		# and, in Kconfig.stop, nothing past the error-if that stops the parse
		want_extra="w- "; [ $k = Kconfig.stop ] && want_extra=
		if [ "$extra" = "$want_extra" ] && [ -z "$missing" ] && [ -z "$twice" ]; then
			check cold "MATCH $v $k: probes run = the kernel's${want_extra:+ + the wrong guess '$want_extra'}"
		else
			check cold "DIFF $v $k: extra '$extra' missing '$missing' twice '$twice'"
		fi
	done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
