#!/usr/bin/env bash
# tests/probe-cache/snapshots.sh [KFORGE]
#
# The shortcuts that save system calls must never return a stale result:
#  - the probe cache's directory snapshots (lib/probe_cache.c): a warm run
#    does not look up, one by one, names that a $PATH directory or a
#    file's directory did not hold when the manifest was written, while
#    that directory is unchanged.  Every change that can make a lookup
#    differ is tried: a program added to an earlier $PATH directory, chmod
#    +x of one there, a dangling symlink whose target appears, a symlink
#    retargeted through a directory link, a $PATH directory created, a
#    file created beside the cwd and in it;
#  - the lexer's memory of first path components absent from the cwd
#    (lib/lexer.c): a Kconfig file created in the cwd by a $(shell) command
#    while parsing is still found there first, as the kernel's conf does.
# Snapshots vouch only for directories unchanged for 2 s, so the tree is
# made first and the test waits that long once.
set -u
here=$(cd "$(dirname "$0")" && pwd)
scratch=kforge-snap
. "$here/lib.sh"

W=$T/w
mkdir -p "$W"/{p1,p2,p3,p4,bin,tgt,tgtA,tgtB,tgt4,sub,sub2}
tool() {	# tool PATH OUTPUT: an executable that counts its runs
	printf '#!/bin/sh\necho %s >> "$COUNT_DIR/count"\necho %s\n' "$2" "$2" > "$1"
	chmod +x "$1"
}
for t in a b c d g; do tool "$W/bin/tool$t" "bin-$t"; done
tool "$W/p2/toolb" "p2-b"; chmod -x "$W/p2/toolb"		# there, not executable
ln -s "$W/tgt/toolc" "$W/p3/toolc"				# dangling
ln -s tgtA "$W/lnk"; tool "$W/tgtA/toold" "A-d"; tool "$W/tgtB/toold" "B-d"
ln -s "$W/lnk/toold" "$W/p4/toold"				# through a directory link
ln -s ../tgt4/link.sh "$W/sub2/link.sh"				# dangling
PATH=$W/nodir:$W/p1:$W/p2:$W/p3:$W/p4:$W/bin:$PATH
export COUNT_DIR=$W
cat > "$W/Kconfig" <<'EOF2'
config A
	string
	default "$(shell,toola)"
config B
	string
	default "$(shell,toolb)"
config C
	string
	default "$(shell,toolc)"
config D
	string
	default "$(shell,toold)"
config G
	string
	default "$(shell,toolg)"
config SUB
	string
	default "$(shell,sh sub/later.sh 2>/dev/null || echo none-sub)"
config SUB2
	string
	default "$(shell,sh sub2/link.sh 2>/dev/null || echo none-sub2)"
config CWD
	string
	default "$(shell,sh here.sh 2>/dev/null || echo none-cwd)"
EOF2
run() {	# run: kforge conf --alldefconfig in $W; stderr to $W/err
	rm -f "$W/count"
	(cd "$W" && "$kforge" conf --alldefconfig Kconfig >/dev/null 2>"$W/err"); rc=$?
	[ $rc = 0 ] || { echo "kforge rc=$rc"; cat "$W/err"; }
}
val() { sed -n "s/^CONFIG_$1=//p" "$W/.config"; }
# what the shell finds: the reference for every value
want() { (cd "$W" && sh -c "$1" 2>/dev/null) | tail -n 1 | sed 's/.*/"&"/'; }

sleep 2.2	# every directory made above is now settled
run; check "cold run executes all probes" "$(count)" 5
run; check "warm run executes nothing" "$(count)" 0
check "A from bin" "$(val A)" '"bin-a"'
check "B from bin (p2 has it, not executable)" "$(val B)" '"bin-b"'
check "C from bin (p3 has a dangling symlink)" "$(val C)" '"bin-c"'
check "D through the directory link" "$(val D)" '"A-d"'
check "SUB: no script yet" "$(val SUB)" '"none-sub"'

# each change below is to a directory that was settled, or to none at all
tool "$W/p1/toola" "p1-a"
run; check "program added to an earlier PATH directory: rerun" "$(grep -c p1-a "$W/count")" 1
check "  new value" "$(val A)" '"p1-a"'
chmod +x "$W/p2/toolb"
run; check "chmod +x in an earlier PATH directory: rerun" "$(grep -c p2-b "$W/count")" 1
check "  new value" "$(val B)" '"p2-b"'
tool "$W/tgt/toolc" "tgt-c"
run; check "dangling symlink's target appears: rerun" "$(grep -c tgt-c "$W/count")" 1
check "  new value" "$(val C)" '"tgt-c"'
ln -sfn tgtB "$W/lnk"
run; check "symlink retargeted through a directory link: rerun" "$(grep -c B-d "$W/count")" 1
check "  new value" "$(val D)" '"B-d"'
mkdir "$W/nodir"; tool "$W/nodir/toolg" "nodir-g"
run; check "PATH directory created: rerun" "$(grep -c nodir-g "$W/count")" 1
check "  new value" "$(val G)" '"nodir-g"'
printf 'echo later\n' > "$W/sub/later.sh"
run; check "file created in a settled directory: new value" "$(val SUB)" '"later"'
mkdir -p "$W/tgt4"; printf 'echo linked\n' > "$W/tgt4/link.sh"
run; check "dangling script symlink's target appears: new value" "$(val SUB2)" '"linked"'
printf 'echo here\n' > "$W/here.sh"
run; check "file created in the cwd: new value" "$(val CWD)" '"here"'
run; check "then all cached" "$(count)" 0
for c in A B C D G; do
	check "  $c = what the shell finds" "$(val $c)" "$(want "tool$(echo $c | tr A-Z a-z)")"
done
# the changed directories got new snapshots: still exact after they settle
sleep 2.2
rm "$W/p1/toola"
run; check "program removed from an earlier PATH directory: back to bin" "$(val A)" '"bin-a"'
rm "$W/sub/later.sh"
run; check "file removed: value" "$(val SUB)" '"none-sub"'

# lexer: in an O= build dir, a relative name is tried in the cwd first,
# even when a $(shell) command created its directory during the parse
S=$T/src O=$T/o
mkdir -p "$S/late" "$O"
printf 'config FROM_TREE_ONE\n\tbool\n\tdefault y\n' > "$S/late/Kconfig.one"
printf 'config FROM_TREE_TWO\n\tbool\n\tdefault y\n' > "$S/late/Kconfig.two"
cat > "$S/Kconfig" <<'EOF2'
source "late/Kconfig.one"
X := $(shell,mkdir -p late && printf 'config FROM_CWD\n\tbool\n\tdefault y\n' > late/Kconfig.two)
source "late/Kconfig.two"
EOF2
(cd "$O" && srctree=$S KFORGE_NO_CACHE=1 "$kforge" conf --alldefconfig Kconfig >/dev/null 2>"$O/err") ||
	cat "$O/err"
check "O= build: first file from the tree" "$(grep -c '^CONFIG_FROM_TREE_ONE=y' "$O/.config")" 1
check "O= build: file created in the cwd meanwhile is read there" \
	"$(grep -c '^CONFIG_FROM_CWD=y' "$O/.config")" 1
check "O= build: not the tree's" "$(grep -c FROM_TREE_TWO "$O/.config")" 0
rm -rf "$O/late"
(cd "$O" && srctree=$S KFORGE_NO_CACHE=1 "$kforge" conf --alldefconfig "$S/Kconfig" >/dev/null 2>"$O/err") ||
	cat "$O/err"
check "O= build, absolute root: same" "$(grep -c '^CONFIG_FROM_CWD=y' "$O/.config")" 1

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
