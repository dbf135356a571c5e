#!/usr/bin/env bash
# ksrc.sh [-p] [VERSION...]   (default: 6.1 6.12)
# Make sure a private, clean kernel tree exists for each VERSION and print
# "VERSION PATH" per line (with -p: only PATH).
# Trees live in $KFORGE_KSRC (default ~/.cache/kforge-ksrc)/linux-source-V.
# They are made once: as a hard-link copy of /work/ksrc/linux-source-V when
# that exists (fast, no extra space; other people's in-tree runs there do not
# leave us with an unclean source tree), else by extracting
# /usr/src/linux-source-V.tar.xz (apt-get install linux-source-V first if
# that is missing).  Leftovers of in-tree configuration that make O=... would
# refuse (.config, include/config, arch/*/include/generated) are removed.
set -euo pipefail
only_path=0
if [ "${1:-}" = -p ]; then only_path=1; shift; fi
[ $# -gt 0 ] || set -- 6.1 6.12
cache=${KFORGE_KSRC:-${HOME:-/tmp}/.cache/kforge-ksrc}
mkdir -p "$cache"

clean_tree() {
	rm -rf "$1/.config" "$1/.config.old" "$1/include/config" "$1/include/generated" \
	       "$1"/arch/*/include/generated "$1"/.tmp_*
	# in-tree build products of the kernel's own conf would shadow O= ones
	rm -f "$1"/scripts/kconfig/conf "$1"/scripts/kconfig/*.o "$1"/scripts/kconfig/.*.cmd \
	      "$1"/scripts/kconfig/parser.tab.[ch] "$1"/scripts/kconfig/lexer.lex.c \
	      "$1"/scripts/basic/fixdep "$1"/scripts/basic/.*.cmd
}

for v in "$@"; do
	t=$cache/linux-source-$v
	(
		flock 8
		if [ ! -e "$t/.kforge-ready" ]; then
			rm -rf "$t" "$t.tmp"
			if [ -f "/work/ksrc/linux-source-$v/Makefile" ]; then
				echo "ksrc: hard-linking /work/ksrc/linux-source-$v into $t" >&2
				cp -al "/work/ksrc/linux-source-$v" "$t.tmp" 2>/dev/null ||
					cp -a "/work/ksrc/linux-source-$v" "$t.tmp"
			else
				tarball=/usr/src/linux-source-$v.tar.xz
				if [ ! -e "$tarball" ]; then
					echo "ksrc: installing linux-source-$v" >&2
					export DEBIAN_FRONTEND=noninteractive
					{ apt-get install -y -q --no-install-recommends "linux-source-$v" ||
					  { apt-get update -q && apt-get install -y -q --no-install-recommends "linux-source-$v"; }
					} >&2 || { echo "ksrc: cannot install linux-source-$v" >&2; exit 1; }
				fi
				echo "ksrc: extracting $tarball into $cache (takes a minute)" >&2
				mkdir -p "$t.tmp"
				tar -C "$t.tmp" --strip-components=1 -xf "$tarball"
			fi
			clean_tree "$t.tmp"
			mv "$t.tmp" "$t"
			touch "$t/.kforge-ready"
		elif [ -e "$t/.config" ] || [ -d "$t/include/config" ] || [ -d "$t/include/generated" ]; then
			clean_tree "$t"
		fi
	) 8>"$cache/.lock-$v" || exit 1
	if [ $only_path = 1 ]; then echo "$t"; else echo "$v $t"; fi
done
