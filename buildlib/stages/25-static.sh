#!/bin/bash
# Providers linked into libaccel.so (ACCEL_STATIC_PROVIDERS=ON): no plugin
# and no .driver file is read, yet the soft device is there and works.
set -uo pipefail
cd "$ACCEL_SRC"
cmake -S . -B build-static -DACCEL_STATIC_PROVIDERS=ON -DNO_MAN_PAGES=ON \
	-DBUILD_TESTING=OFF >/dev/null || exit 1
cmake --build build-static -j"$(nproc)" >/dev/null || exit 1
empty=$(mktemp -d)
pass=0 fail=0
check() {
	if "$@"; then pass=$((pass + 1)); echo "ok: $*"; else fail=$((fail + 1)); echo "FAIL: $*"; fi
}
check test ! -e build-static/lib/libaccel
export ACCEL_CONFIG_DIR=$empty
check bash -c 'build-static/bin/accel_devinfo -l | grep -qx soft0'
check build-static/bin/accel_fill_copy
rmdir "$empty"
echo "$pass $fail 0" >> "$ACCEL_RESULTS/counts"
[ "$fail" -eq 0 ]
