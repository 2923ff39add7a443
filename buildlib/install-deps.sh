#!/bin/bash
# Installs what the build and the test suite need from Debian's archive.
# Usage: buildlib/install-deps.sh [extra packages...]
set -euo pipefail

PKGS=(build-essential cmake pkg-config libdrm-dev libudev-dev libibverbs-dev
      libcmocka-dev valgrind strace python3 man-db groff-base tmux liburing-dev
      clang libclang-rt-14-dev python3-dev cython3 python3-pytest python3-numpy)
# -m32 for the 32-bit handle encoding's unit test (unit.handles_m32), and
# qemu-i386 to run it where the kernel runs no i386 programs. gcc-12-multilib,
# not gcc-multilib: that one only adds the /usr/include/asm link and
# conflicts with the arm64 cross compiler of stage 27 (each install would
# remove the other); tests/unit/CMakeLists.txt makes the link for the test.
[ "$(dpkg --print-architecture)" = amd64 ] && PKGS+=(gcc-12-multilib qemu-user-static)
PKGS+=("$@")

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=
[ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq || true
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
	"${missing[@]}"
