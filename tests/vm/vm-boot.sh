#!/bin/sh
# SPDX-License-Identifier: MIT
# ctest's vm.boot: one guest boot that runs every VM test (guest-suite.sh)
# and leaves their results in WORK/results for the vm.<test> entries.
# Exits 77 (skip) only when QEMU cannot run here at all.
# Usage: vm-boot.sh RUNNER WORK MANIFEST SUITE [DIR...]
# DIRs (source and build tree) stay visible in the guest even below /tmp.
runner=$1 work=$2 manifest=$3 suite=$4
shift 4
keep=
for d in "$@"; do
	keep="$keep -r $d"
done
rm -rf "$work/results"
mkdir -p "$work/results" || exit 2
# shellcheck disable=SC2086
"$runner" -w "$work" $keep -t "${ACCEL_VM_TIMEOUT:-1500}" \
	/bin/sh "$suite" "$manifest" "$work/results" 2> "$work/runner.err"
rc=$?
cat "$work/runner.err" >&2
if [ $rc -eq 77 ]; then
	grep 'SKIP' "$work/runner.err" > "$work/results/SKIPPED"
fi
exit $rc
