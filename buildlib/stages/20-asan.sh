#!/bin/bash
# The unit, shim, soft and python tiers again under ASan+UBSan (the Python
# tests preload libasan into the interpreter, see python/tests).
set -euo pipefail
cd "$ACCEL_SRC"
cmake -S . -B build-asan -DIN_PLACE=ON -DENABLE_SANITIZERS=address,undefined \
	-DNO_MAN_PAGES=ON >/dev/null
cmake --build build-asan -j"$(nproc)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	"$ACCEL_SRC/buildlib/ctest-count.sh" build-asan -j2 -L 'unit|shim|soft|python'
