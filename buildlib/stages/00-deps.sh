#!/bin/bash
# Base build and test dependencies; the kernel headers of the QEMU tier's
# guest kernel (linux-image-6.12-amd64) build kmod/vaccel; perftest:
# ib_write_bw and ib_send_lat, the baseline of the vm tier's RDMA
# benchmark (tests/vm/bench_rdma2.sh)
exec "$ACCEL_SRC/buildlib/install-deps.sh" linux-headers-6.12-amd64 perftest
