#!/bin/bash
# The fuzz tier: libFuzzer targets built with clang, each run for a
# bounded time (ACCEL_FUZZ_SECONDS, default 30) over the corpus in
# tests/fuzz/corpus (label fuzz).
set -euo pipefail
cd "$ACCEL_SRC"
command -v clang >/dev/null || { echo "clang is not installed"; exit 1; }
CC=clang cmake -S . -B build-fuzz -DIN_PLACE=ON -DNO_MAN_PAGES=ON >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target fuzz
"$ACCEL_SRC/buildlib/ctest-count.sh" build-fuzz -L fuzz
