#!/bin/bash
# Base build and test dependencies.
# perftest: ib_write_bw and ib_send_lat, the baseline of the vm tier's
# RDMA benchmark (tests/vm/bench_rdma2.sh)
exec "$ACCEL_SRC/buildlib/install-deps.sh" perftest
