#!/bin/bash
# The real-kernel tier: Debian's 6.12 kernel under QEMU (TCG) with vgem,
# udmabuf, the system dma-heap and rxe; one boot runs every VM test
# (tests/vm), then the two-guest RDMA test and benchmark (vm.rdma2,
# vm.bench_rdma2: accel-vm-pair). Skipped, with the reason, only where
# QEMU cannot run.
set -euo pipefail
cd "$ACCEL_SRC"
"$ACCEL_SRC/buildlib/install-deps.sh" qemu-system-x86 busybox-static cpio perftest \
	linux-image-6.12-amd64 rdma-core ibverbs-providers ibverbs-utils kmod \
	xz-utils iproute2 python3 strace
# stage 10's in-place build when there is one; otherwise make it
if [ ! -f build/CMakeCache.txt ]; then
	cmake -S . -B build -DIN_PLACE=ON -DENABLE_WERROR=ON >/dev/null
fi
cmake --build build -j"$(nproc)"
"$ACCEL_SRC/buildlib/ctest-count.sh" build -L vm
