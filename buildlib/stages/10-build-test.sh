#!/bin/bash
# -Werror build of everything, in place, and the whole ctest suite.
set -euo pipefail
cd "$ACCEL_SRC"
cmake -S . -B build -DIN_PLACE=ON -DENABLE_WERROR=ON >/dev/null
cmake --build build -j"$(nproc)"
"$ACCEL_SRC/buildlib/ctest-count.sh" build -j2 -LE 'vm|stress-tsan|bench'
