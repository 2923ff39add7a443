#!/bin/bash
# The README's run command: installs what is missing, builds libaccel in
# place, then runs accel_devinfo and the fill/copy example on the first
# device (the soft device on a machine without an accelerator).
set -euo pipefail
cd "$(dirname "$0")/.."
buildlib/install-deps.sh
cmake -S . -B build -DIN_PLACE=ON >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
echo "== accel_devinfo -v"
build/bin/accel_devinfo -v
echo
echo "== accel_fill_copy"
build/bin/accel_fill_copy "$@"
