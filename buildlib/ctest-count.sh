#!/bin/bash
# Runs ctest with the given arguments in the given build dir, prints its
# output, and appends "passed failed skipped" to $ACCEL_RESULTS/counts.
# Usage: buildlib/ctest-count.sh BUILD_DIR [ctest args...]
set -uo pipefail
dir=$1; shift
log=$(mktemp)
ctest --test-dir "$dir" --output-on-failure "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
total=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\2/p' "$log" | tail -1)
nfail=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\1/p' "$log" | tail -1)
nskip=$(grep -c '\*\*\*Skipped\|Not Run' "$log" || true)
total=${total:-0} nfail=${nfail:-0}
[ "$rc" -ne 0 ] && [ "$nfail" -eq 0 ] && nfail=1
echo "$((total - nfail - nskip)) $nfail $nskip" >> "${ACCEL_RESULTS:-/tmp}/counts"
rm -f "$log"
exit "$rc"
