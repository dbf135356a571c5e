#!/usr/bin/env bash
# tests/probe-cache/run.sh [KFORGE]
#
# The $(shell,...) probe cache (lib/probe_cache.c): hits, every kind of
# invalidation, stderr replay, KFORGE_NO_CACHE, `kforge cache clear`,
# concurrent runs.  Small Kconfig trees of our own in a temp dir; each
# probe appends a line to a count file (named only inside the scripts, so
# the count file is not part of any key) to count real executions.
set -u
here=$(cd "$(dirname "$0")" && pwd)
kforge=${1:-$here/../../kforge}
kforge=$(cd "$(dirname "$kforge")" && pwd)/$(basename "$kforge")
T=$(mktemp -d /tmp/kforge-pc.XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CACHE_HOME=$T/cache KFORGE_KERNEL_VERSION=6.12
unset KFORGE_NO_CACHE srctree
pass=0 fail=0
ok()  { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1${2:+ ($2)}"; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "got '$2', want '$3'"; fi; }

W=$T/w; mkdir -p "$W/bin"
PATH=$W/bin:$PATH
cat > "$W/probe.sh" <<'EOS'
#!/bin/sh
echo probe >> "$COUNT_DIR/count"
echo "v1-$MYVAR"
EOS
cat > "$W/bin/mycc" <<'EOS'
#!/bin/sh
echo mycc >> "$COUNT_DIR/count"
echo "mycc 1.0"
EOS
cat > "$W/noisy.sh" <<'EOS'
#!/bin/sh
echo noisy >> "$COUNT_DIR/count"
echo "noisy: warning one" >&2
printf 'partial line' >&2
echo out
EOS
chmod +x "$W/probe.sh" "$W/bin/mycc" "$W/noisy.sh"
export COUNT_DIR=$W MYVAR=a
cat > "$W/Kconfig" <<'EOF2'
config P
	string
	default "$(shell,sh ./probe.sh)"
config C
	string
	default "$(shell,mycc --version)"
config N
	string
	default "$(shell,./noisy.sh)"
EOF2
count() { if [ -f "$W/count" ]; then wc -l < "$W/count" | tr -d ' '; else echo 0; fi; }
run() {	# run: kforge conf --alldefconfig in $W; stderr to $W/err
	rm -f "$W/count" "$W/.config"
	(cd "$W" && "$kforge" conf --alldefconfig Kconfig >/dev/null 2>"$W/err"); rc=$?; [ $rc = 0 ] || { echo "kforge rc=$rc"; cat "$W/err"; }
}
val() { sed -n "s/^CONFIG_$1=//p" "$W/.config"; }
entries() { find "$XDG_CACHE_HOME/kforge/probe-v1" -type f 2>/dev/null | wc -l | tr -d ' '; }

# 1. cold, then warm
run; check "cold run executes all probes" "$(count)" 3
cp "$W/.config" "$W/config.cold"; cp "$W/err" "$W/err.cold"
run; check "warm run executes nothing" "$(count)" 0
cmp -s "$W/.config" "$W/config.cold" && ok "warm .config identical" || bad "warm .config identical"
cmp -s "$W/err" "$W/err.cold" && ok "stderr replayed identically on a hit" || bad "stderr replayed" "$(cat "$W/err")"
grep -q "noisy: warning one" "$W/err" && ok "stderr contains probe output" || bad "stderr contains probe output"
check "value P" "$(val P)" '"v1-a"'

# 2. NO_CACHE: same stderr, runs everything, no cache reads
KFORGE_NO_CACHE=1 run; check "KFORGE_NO_CACHE runs all probes" "$(count)" 3
cmp -s "$W/err" "$W/err.cold" && ok "stderr identical with cache off" || bad "stderr with cache off"
cmp -s "$W/.config" "$W/config.cold" && ok ".config identical with cache off" || bad ".config with cache off"

# 3. env var change
MYVAR=b run; check "env change: only that... probes rerun" "$(count)" 3
check "env change: new value" "$(val P)" '"v1-b"'
run; check "back to old env: hit" "$(count)" 0
check "back to old env: old value" "$(val P)" '"v1-a"'

# 4. script named in the command changes (same size, new mtime)
sleep 0.01; sed -i 's/v1-/v2-/' "$W/probe.sh"
run; check "script change: rerun" "$(grep -c probe "$W/count")" 1
check "script change: new value" "$(val P)" '"v2-a"'
# only mtime changes
touch -d '2001-01-01' "$W/probe.sh"
run; check "script mtime change: rerun" "$(grep -c probe "$W/count")" 1

# 5. program found in PATH changes
sleep 0.01; sed -i 's/1\.0/2.0/' "$W/bin/mycc"
run; check "PATH program change: rerun" "$(grep -c mycc "$W/count")" 1
check "PATH program change: new value" "$(val C)" '"mycc 2.0"'
# a new program earlier in PATH shadows it
mkdir -p "$W/bin0"; printf '#!/bin/sh\necho mycc >> "$COUNT_DIR/count"\necho shadow\n' > "$W/bin0/mycc"; chmod +x "$W/bin0/mycc"
PATH=$W/bin0:$PATH run; check "PATH change: new value" "$(val C)" '"shadow"'

# 6. command text changes
sed -i 's/mycc --version/mycc  --version/' "$W/Kconfig"
run; check "command text change: rerun" "$(grep -c mycc "$W/count")" 1
run; check "changed command then cached" "$(count)" 0

# 7. KFORGE_NO_CACHE never reads or writes
rm -rf "$XDG_CACHE_HOME"
KFORGE_NO_CACHE=1 run
[ ! -e "$XDG_CACHE_HOME" ] && ok "NO_CACHE writes nothing" || bad "NO_CACHE writes nothing" "$(find "$XDG_CACHE_HOME")"
run; KFORGE_NO_CACHE=1 run; check "NO_CACHE ignores a warm cache" "$(count)" 3

# 8. kforge cache stats / clear
n=$(entries); [ "$n" -ge 3 ] && ok "entries stored ($n)" || bad "entries stored" "$n"
"$kforge" cache stats | grep -q "entries: *$n" && ok "cache stats counts entries" || bad "cache stats" "$("$kforge" cache stats)"
"$kforge" cache clear; check "cache clear empties" "$(entries)" 0
run; check "after clear: cold" "$(count)" 3
"$kforge" cache --help | grep -q Usage && ok "cache --help" || bad "cache --help"

# 9. concurrent runs on many probes
C=$T/c; mkdir -p "$C"
cat > "$C/p.sh" <<'EOS'
#!/bin/sh
echo "$1" >> "$COUNT_DIR/ccount"
echo "r$1"
EOS
chmod +x "$C/p.sh"
for i in $(seq 1 40); do printf 'config S%d\n\tstring\n\tdefault "$(shell,./p.sh %d)"\n' $i $i; done > "$C/Kconfig"
"$kforge" cache clear
for k in 1 2 3 4 5 6; do
	mkdir -p "$C/o$k"
	(cd "$C" && COUNT_DIR=$C KCONFIG_CONFIG=o$k/.config "$kforge" conf --alldefconfig Kconfig >/dev/null 2>&1) &
done
wait
good=1
for k in 1 2 3 4 5 6; do [ "$(grep -c '="r' "$C/o$k/.config")" = 40 ] || good=0; done
[ $good = 1 ] && ok "concurrent runs: correct results" || bad "concurrent runs: correct results"
rm -f "$C/ccount"
(cd "$C" && COUNT_DIR=$C KCONFIG_CONFIG=o1/.config "$kforge" conf --alldefconfig Kconfig >/dev/null 2>&1)
check "after concurrent runs: all hits" "$( [ -f "$C/ccount" ] && wc -l < "$C/ccount" | tr -d ' ' || echo 0)" 0
check "after concurrent runs: values" "$(grep -c '="r' "$C/o1/.config")" 40
ls -a "$XDG_CACHE_HOME/kforge/probe-v1" | grep -q '^\.tmp' && bad "no temp files left" || ok "no temp files left"

# 10. parallel prefetch from the manifest: stale entries rerun before parsing
touch -d '2002-02-02' "$C/p.sh"; rm -f "$C/ccount"
(cd "$C" && COUNT_DIR=$C KCONFIG_CONFIG=o1/.config "$kforge" conf --alldefconfig Kconfig >/dev/null 2>&1)
check "prefetch: stale probes rerun once" "$(wc -l < "$C/ccount" | tr -d ' ')" 40
check "prefetch: values" "$(grep -c '="r' "$C/o1/.config")" 40
seq 1 40 | sort > "$C/want"; sort "$C/ccount" > "$C/got"
cmp -s "$C/want" "$C/got" && ok "prefetch: each probe exactly once" || bad "prefetch: each probe exactly once"

# 11. stats for tools: one JSON object with the entry count
json=$("$kforge" cache stats --json)
check "stats --json: entries" "$(printf '%s' "$json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["entries"])')" "$(entries)"
check "stats --json: enabled" "$(printf '%s' "$json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["enabled"])')" True

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
