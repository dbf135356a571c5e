#!/usr/bin/env bash
# Install what the test suites need, from Debian packages, only when missing.
# Never fails hard: when we are not root or apt cannot reach its mirror we
# say so and go on (the suites that need the missing pieces then report it).
set -u
need_pkgs=()
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

have_cmd gcc    || need_pkgs+=(gcc)
have_cmd make   || need_pkgs+=(make)
have_cmd flex   || need_pkgs+=(flex)
have_cmd bison  || need_pkgs+=(bison)
have_cmd bc     || need_pkgs+=(bc)
have_cmd xz     || need_pkgs+=(xz-utils)
have_cmd python3 || need_pkgs+=(python3)
{ python3 -c 'import pytest' || /usr/bin/python3 -c 'import pytest'; } >/dev/null 2>&1 || need_pkgs+=(python3-pytest)
have_cmd perl   || need_pkgs+=(perl)
# kernel sources, unless already extracted somewhere we look
ksrc_cache=${KFORGE_KSRC:-${HOME:-/tmp}/.cache/kforge-ksrc}
for v in 6.1 6.12; do
	if [ ! -d "/work/ksrc/linux-source-$v" ] && [ ! -d "$ksrc_cache/linux-source-$v" ] &&
	   [ ! -e "/usr/src/linux-source-$v.tar.xz" ]; then
		need_pkgs+=("linux-source-$v")
	fi
done

if [ ${#need_pkgs[@]} -eq 0 ]; then
	echo "deps: all present"
	exit 0
fi
echo "deps: missing: ${need_pkgs[*]}"
if [ "$(id -u)" -ne 0 ]; then
	if have_cmd sudo && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
		echo "deps: not root and no sudo: install them by hand; continuing" >&2
		exit 0
	fi
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y -q --no-install-recommends "${need_pkgs[@]}" >/tmp/kforge-apt.log 2>&1; then
	echo "deps: apt-get install failed, updating package lists and retrying"
	if ! { $SUDO apt-get update -q && $SUDO apt-get install -y -q --no-install-recommends "${need_pkgs[@]}"; } >>/tmp/kforge-apt.log 2>&1; then
		echo "deps: could not install ${need_pkgs[*]} (offline?); see /tmp/kforge-apt.log; continuing" >&2
		tail -n 5 /tmp/kforge-apt.log >&2
		exit 0
	fi
fi
echo "deps: installed ${need_pkgs[*]}"
