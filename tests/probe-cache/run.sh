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
scratch=kforge-pc
. "$here/lib.sh"

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

# 12. speculative pre-pass (cold cache, no manifest): every probe that the
# real pass will run is started early, in parallel, silently; the real pass
# then replays it.  Outputs stay those of a run without the cache.
S=$T/s; mkdir -p "$S"
cat > "$S/p.sh" <<'EOS'
#!/bin/sh
echo "$*" >> "$COUNT_DIR/scount"
case $1 in err) echo "p.sh: to stderr $2" >&2 ;; slow) sleep 0.4 ;; esac
echo "r-$*"
EOS
printf '#!/bin/sh\necho "$*" >> "$COUNT_DIR/scount"\necho y\n' > "$S/yes.sh"
chmod +x "$S/p.sh" "$S/yes.sh"
cat > "$S/Kconfig" <<'EOF2'
$(info,start)
A := $(shell,./p.sh a)
# a ':=' chain: the pre-pass waits for A, so B is known and speculated too
B := $(shell,./p.sh b-$(A))
$(warning-if,y,a warning between probes)
v-r-one := first
config X
	string
	# built from a result the pre-pass does not wait for: left to the real pass
	default "$(shell,./p.sh x-$(shell,./p.sh in))"
config W
	string
	# a wrong guess: the unknown result is part of a variable name
	default "$(shell,./p.sh w-$(v-$(shell,./p.sh one)))"
config E
	string
	default "$(shell,./p.sh err e1)"
$(info,B is $(B))
EOF2
for i in 1 2 3 4 5 6 7 8; do printf 'config SLOW%d\n\tstring\n\tdefault "$(shell,./p.sh slow %d)"\n' $i $i; done >> "$S/Kconfig"
srun() {	# srun NAME [VAR=VAL...]: cold-or-not run in $S, outputs to $S/NAME.*
	local name=$1; shift
	rm -f "$S/scount" "$S/.config"
	local t0=$(date +%s%N)
	(cd "$S" && env COUNT_DIR="$S" "$@" "$kforge" conf --alldefconfig Kconfig >"$S/$name.out" 2>"$S/$name.err")
	echo $? > "$S/$name.rc"
	echo $(( ($(date +%s%N) - t0) / 1000000 )) > "$S/$name.ms"
	if [ -f "$S/.config" ]; then cp "$S/.config" "$S/$name.config"; else echo "(none)" > "$S/$name.config"; fi
	sort "$S/scount" > "$S/$name.ran" 2>/dev/null || : > "$S/$name.ran"
}
same_outputs() {	# same_outputs A B: .config, stdout, stderr, status
	cmp -s "$S/$1.config" "$S/$2.config" && cmp -s "$S/$1.out" "$S/$2.out" &&
		cmp -s "$S/$1.err" "$S/$2.err" && cmp -s "$S/$1.rc" "$S/$2.rc"
}
srun off KFORGE_NO_CACHE=1
"$kforge" cache clear; srun cold
srun warm
"$kforge" cache clear; srun nospec KFORGE_NO_SPECULATE=1
same_outputs cold off && ok "speculation: cold run = cache off (stdout, stderr, .config, status)" ||
	bad "speculation: cold = off" "$(diff "$S/off.err" "$S/cold.err"; diff "$S/off.out" "$S/cold.out")"
same_outputs warm off && ok "speculation: warm run = cache off" || bad "speculation: warm = off"
same_outputs nospec off && ok "KFORGE_NO_SPECULATE: = cache off" || bad "KFORGE_NO_SPECULATE = off"
check "speculation: warm run executes nothing" "$(wc -l < "$S/warm.ran" | tr -d ' ')" 0
check "speculation: no probe ran twice" "$(uniq -d "$S/cold.ran" | tr '\n' ' ')" ""
# the only extra command is the wrong guess 'w-' (what ran = what the kernel runs + it)
check "speculation: ran what the kernel runs, plus the one wrong guess" \
	"$(comm -3 "$S/off.ran" "$S/cold.ran" | tr -d '\t' | tr '\n' ' ')" "w- "
check "no speculation: ran exactly what the kernel runs" "$(cmp -s "$S/off.ran" "$S/nospec.ran" && echo same)" same
grep -q '^x-r-in$' "$S/cold.ran" && grep -q '^w-first$' "$S/cold.ran" &&
	ok "speculation: commands built from unknown results run in the real pass" ||
	bad "speculation: dependent commands" "$(cat "$S/cold.ran")"
check "speculation: value of W" "$(sed -n 's/^CONFIG_W=//p' "$S/cold.config")" '"r-w-first"'
# 8 probes of 0.4 s each: serial >= 3.2 s; the pre-pass runs them side by side
[ "$(cat "$S/cold.ms")" -lt 2600 ] && [ "$(cat "$S/nospec.ms")" -ge 3200 ] &&
	ok "speculation: independent probes run in parallel ($(cat "$S/cold.ms") ms vs $(cat "$S/nospec.ms") ms)" ||
	bad "speculation: parallel" "cold $(cat "$S/cold.ms") ms, serial $(cat "$S/nospec.ms") ms"

# 13. an error-if that stops the real pass stops the pre-pass at the same
# place: nothing after it is speculated
cat > "$S/Kconfig" <<'EOF2'
config BEFORE
	string
	default "$(shell,./p.sh before)"
$(error-if,$(shell,./yes.sh cond),stopped here)
config AFTER
	string
	default "$(shell,./p.sh after)"
EOF2
srun eoff KFORGE_NO_CACHE=1
"$kforge" cache clear; srun ecold
same_outputs ecold eoff && ok "error-if: cold run = cache off" || bad "error-if: cold = off" "$(cat "$S/ecold.err")"
check "error-if: the pre-pass ran nothing past it" "$(grep -c after "$S/ecold.ran")" 0
check "error-if: the real run failed" "$(cat "$S/ecold.rc")" 1

# 14. a command that leaves a process behind holding stderr: popen() does
# not wait for it, nor do we; the result is not stored (stderr incomplete)
cat > "$S/Kconfig" <<'EOF2'
config BG
	string
	default "$(shell,./p.sh bg >/dev/null; sleep 4 >/dev/null & echo quick)"
EOF2
"$kforge" cache clear; srun bg1
srun bg2
check "orphaned stderr: value" "$(sed -n 's/^CONFIG_BG=//p' "$S/bg1.config")" '"quick"'
[ "$(cat "$S/bg1.ms")" -lt 3000 ] && ok "orphaned stderr: not waited for ($(cat "$S/bg1.ms") ms)" ||
	bad "orphaned stderr: waited" "$(cat "$S/bg1.ms") ms"
[ "$(grep -c bg "$S/bg2.ran")" -ge 1 ] && ok "orphaned stderr: result not stored, runs again" ||
	bad "orphaned stderr: result not stored"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
