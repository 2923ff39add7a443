#!/bin/bash
# The multi-threaded stress tests under ThreadSanitizer (label stress-tsan).
set -euo pipefail
cd "$ACCEL_SRC"
cmake -S . -B build-tsan -DIN_PLACE=ON -DENABLE_SANITIZERS=thread \
	-DNO_MAN_PAGES=ON >/dev/null
cmake --build build-tsan -j"$(nproc)"
TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
	"$ACCEL_SRC/buildlib/ctest-count.sh" build-tsan -L stress-tsan
