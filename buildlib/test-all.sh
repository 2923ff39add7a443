#!/bin/bash
# The whole test suite: installs what is missing, builds, and runs every
# stage in buildlib/stages/ in order (unit, shim, sanitizers, the QEMU tier,
# packages, benchmarks). Prints one summary line at the end.
# Usage: buildlib/test-all.sh [stage-name-glob]
set -uo pipefail
cd "$(dirname "$0")/.."
export ACCEL_SRC=$PWD
export ACCEL_RESULTS=$PWD/build-results
rm -rf "$ACCEL_RESULTS"
mkdir -p "$ACCEL_RESULTS"

only=${1:-*}
failed_stages=()
start=$(date +%s)
for stage in buildlib/stages/[0-9]*.sh; do
	name=$(basename "$stage" .sh)
	# shellcheck disable=SC2053
	[[ $name == $only || $name == 00-* ]] || continue
	echo "=== stage $name"
	t0=$(date +%s)
	if bash "$stage"; then
		echo "=== stage $name: ok ($(($(date +%s) - t0)) s)"
	else
		echo "=== stage $name: FAILED ($(($(date +%s) - t0)) s)"
		failed_stages+=("$name")
	fi
done

# Each stage that runs tests appends "passed failed skipped" to this file.
passed=0 failed=0 skipped=0
if [ -f "$ACCEL_RESULTS/counts" ]; then
	while read -r p f s; do
		passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
	done < "$ACCEL_RESULTS/counts"
fi
echo "=== $(($(date +%s) - start)) s in all"
if [ ${#failed_stages[@]} -ne 0 ]; then
	echo "failed stages: ${failed_stages[*]}"
	failed=$((failed > 0 ? failed : ${#failed_stages[@]}))
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ ${#failed_stages[@]} -eq 0 ] && [ "$failed" -eq 0 ]
