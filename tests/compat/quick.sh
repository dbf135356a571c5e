#!/usr/bin/env bash
# quick.sh - the CI subset of the compat matrix: every arch's defconfig for
# 6.1 and 6.12, plus allno/allyes/allmod/alldef config for x86, arm64 and
# arm, each followed by syncconfig (67 cases, about 8 minutes on 2 cores
# without cached reference outputs).  Options go to matrix.sh.
exec "$(dirname "$0")/matrix.sh" --quick "$@"
