#!/bin/bash
# Benchmarks in their short mode (ctest label "bench"): every figure of
# accel_bench (libaccel against the raw sequence, system calls, heap
# allocations, enumeration scaling) must be produced; no time is judged.
# python/bench.py (test python.bench_short) prints the Python bindings'
# submit+wait and map+unmap as ratios of accel_bench's C figures.
# Uses the in-place build of stage 10, building it if it is not there.
# The full run and its figures: BENCHMARKS.md.
set -euo pipefail
cd "$ACCEL_SRC"
command -v strace >/dev/null || "$ACCEL_SRC/buildlib/install-deps.sh" strace
if [ ! -f build/CMakeCache.txt ]; then
	cmake -S . -B build -DIN_PLACE=ON -DENABLE_WERROR=ON >/dev/null
fi
cmake --build build -j"$(nproc)" >/dev/null
# -V: the tables go into the log, for whoever reads it
"$ACCEL_SRC/buildlib/ctest-count.sh" build -V -L bench
