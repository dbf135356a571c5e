# Shared by the probe-cache test scripts: source it after setting `here`
# and `scratch` (the temp dir's name prefix); it sets kforge (from $1 or the
# repo's ./kforge), T (a temp dir removed at exit unless KEEP is set), a
# private cache, the ok/bad/check counters, and count (lines the probes
# appended to $W/count: how many really ran).
kforge=${1:-$here/../../kforge}
kforge=$(cd "$(dirname "$kforge")" && pwd)/$(basename "$kforge")
T=$(mktemp -d "/tmp/$scratch.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
export XDG_CACHE_HOME=$T/cache KFORGE_KERNEL_VERSION=6.12
unset KFORGE_NO_CACHE srctree
pass=0 fail=0
ok()  { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1${2:+ ($2)}"; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "got '$2', want '$3'"; fi; }
count() { if [ -f "$W/count" ]; then wc -l < "$W/count" | tr -d ' '; else echo 0; fi; }
