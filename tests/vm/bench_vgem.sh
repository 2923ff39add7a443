#!/bin/sh
# SPDX-License-Identifier: MIT
# Description: accel_bench's vgem target on the real vgem driver, short
# mode: libaccel against the raw DRM ioctls (dumb buffers, MAP_DUMB, PRIME)
# for every operation, with system calls counted. It fails only when a
# figure is missing; it never judges a time. The full table is this
# test's log (ctest --test-dir build -L vm -R bench_vgem -V shows it), with
# bench_gem_user's userspace-only rows after it.
# Usage: bench_vgem.sh PATH_TO_accel_bench
set -eu
bench=$1
modprobe vgem
"$bench" --short --targets vgem --require vgem
# the library's userspace alone, the GEM ioctls answered by a preload
"$(dirname "$bench")/bench_gem_user" 20000 1
