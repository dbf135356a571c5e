#!/usr/bin/env bash
# Run unit-test programs (built by `make unit`), add up their
# "N passed, N failed" lines and print the total the same way.
# A program that crashes or prints no such line counts as one failure.
set -u
tp=0; tf=0
if [ $# -eq 0 ]; then
	echo "unit: no tests under tests/unit/"
fi
for t in "$@"; do
	out=$("$t" 2>&1); rc=$?
	printf '%s\n' "$out" | sed "s|^|  $(basename "$t"): |" | grep -v ' passed, [0-9]* failed$' || true
	line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n1)
	if [ -n "$line" ]; then
		p=${line%% passed*}; f=${line#*passed, }; f=${f%% failed}
	else
		p=0; f=1
		echo "  $(basename "$t"): no result line (exit $rc)"
	fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1; echo "  $(basename "$t"): exit status $rc"
	fi
	echo "unit $(basename "$t"): $p passed, $f failed"
	tp=$((tp + p)); tf=$((tf + f))
done
echo "$tp passed, $tf failed"
[ "$tf" -eq 0 ]
