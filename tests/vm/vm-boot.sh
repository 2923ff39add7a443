#!/bin/sh
# SPDX-License-Identifier: MIT
# ctest's vm.boot: one guest boot that runs every VM test (guest-suite.sh)
# and leaves their results in WORK/results for the vm.<test> entries.
# Exits 77 (skip) only when QEMU cannot run here at all.
# Usage: vm-boot.sh RUNNER WORK MANIFEST SUITE
runner=$1 work=$2 manifest=$3 suite=$4
# the guest mounts fresh tmpfs on these; a build below them is invisible there
case $manifest in
/tmp/*|/run/*|/var/tmp/*|/root/*)
	echo "vm-boot: the build tree ($manifest) must not be below /tmp, /run," \
	     "/var/tmp or /root: the guest has fresh tmpfs there" >&2
	exit 1 ;;
esac
rm -rf "$work/results"
mkdir -p "$work/results" || exit 2
"$runner" -w "$work" -t "${ACCEL_VM_TIMEOUT:-540}" \
	/bin/sh "$suite" "$manifest" "$work/results" 2> "$work/runner.err"
rc=$?
cat "$work/runner.err" >&2
if [ $rc -eq 77 ]; then
	grep 'SKIP' "$work/runner.err" > "$work/results/SKIPPED"
fi
exit $rc
