#!/bin/sh
# SPDX-License-Identifier: MIT
# ctest's two-guest entries (vm.rdma2, vm.bench_rdma2): boots the pair
# (accel-vm-pair) with the source and build trees visible, runs
# GUEST_SCRIPT in both guests as GUEST_SCRIPT ARGS... WORK/shared, and
# passes on the pair's exit status (77: QEMU cannot run here).
# Usage: vm-pair-test.sh PAIR_RUNNER WORK SRC_DIR BUILD_DIR GUEST_SCRIPT [ARGS...]
pair=$1 work=$2 src=$3 build=$4 script=$5
shift 5
rm -rf "$work/shared"
mkdir -p "$work/shared" || exit 2
exec "$pair" -w "$work" -r "$src" -r "$build" -t "${ACCEL_VM_TIMEOUT:-1500}" \
	/bin/sh "$script" "$@" "$work/shared"
